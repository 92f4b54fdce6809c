#!/usr/bin/env python3
"""Writes the fuzzers' seed inputs, made from tests/data, into target/fuzz/seeds/TARGET/ (or OUT_DIR).

`./dev fuzz` reads them beside the committed corpus (fuzz/corpus/TARGET/), which is these seeds
grown by fuzzing and minimized with libFuzzer's -merge=1 (see README, "Fuzzing").
Usage: python3 scripts/fuzz_seeds.py [OUT_DIR]   (default: target/fuzz/seeds)
"""
import base64
import hashlib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "fuzz" / "seeds"

minted = json.loads((DATA / "token" / "minted.json").read_text())["cases"]
pems = {p.name: p.read_text() for p in sorted((DATA / "cert" / "odd").glob("*.pem"))}
pems["eks-ca.pem"] = (DATA / "cert" / "eks-ca.pem").read_text()
bundle = (DATA / "cert" / "ca-certificates.crt").read_text()
bundle_certs = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", bundle, re.S)[:3]
story = {p.name: p.read_text() for p in sorted((DATA / "story").iterdir())}
ca_b64 = (DATA / "cert" / "eks-ca.b64").read_text().strip()
token = minted[1]["token"]

KUBECONFIG = f"""apiVersion: v1
kind: Config
clusters:
- name: arn:aws:eks:us-west-2:111122223333:cluster/prod
  cluster:
    server: https://ABCDEF.gr7.us-west-2.eks.amazonaws.com
    certificate-authority-data: {ca_b64}
contexts:
- name: prod
  context:
    cluster: arn:aws:eks:us-west-2:111122223333:cluster/prod
    user: ci
- name: static
  context: {{cluster: arn:aws:eks:us-west-2:111122223333:cluster/prod, user: static}}
current-context: prod
users:
- name: ci
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-1, eks, get-token, --cluster-name, dev, --role-arn, "arn:aws:iam::111122223333:role/ci"]
      env:
      - name: AWS_PROFILE
        value: ci
- name: static
  user:
    token: {token}
    client-key-data: bm90IGEga2V5
"""
KUBECONFIG_SMALL = """apiVersion: v1
clusters:
- cluster:
    insecure-skip-tls-verify: true
    server: https://127.0.0.1:6443
  name: kind
contexts: []
current-context: missing
users:
- name: old
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: heptio-authenticator-aws, args: [token, -i, x]}
"""
MAP_ROLES = """- rolearn: arn:aws:iam::111122223333:role/nodes
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes
- rolearn: arn:aws:sts::111122223333:assumed-role/x/y
  username: '{{SessionName}}'
- userarn: arn:aws:iam::111122223333:user/jane
  username: jane
  groups: [system:masters]
"""
AWS_AUTH_JSON = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "aws-auth", "namespace": "kube-system"},
                            "data": {"mapRoles": MAP_ROLES, "mapAccounts": "- 111122223333\n"}})
JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJodHRwczovL29pZGMuZWtzLnVzLXdlc3QtMi5hbWF6b25hd3MuY29tL2lkL0FCQyIsInN1YiI6InN5c3RlbTpzZXJ2aWNlYWNjb3VudDpkZWZhdWx0OngiLCJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxNzk1ODY4MDAwfQ.c2lnbmF0dXJl"
TERRAFORM = 'data "aws_eks_cluster_auth" "this" {\n  name = "prod"\n}\nprovider "kubernetes" {\n  token = data.aws_eks_cluster_auth.this.token\n}\nmodule "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n}\n'
ERRORS = "error: You must be logged in to the server (Unauthorized)\nx509: certificate signed by unknown authority\n"
CREDENTIALS = json.dumps({"Credentials": {"AccessKeyId": minted[1]["access_key_id"], "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                          "SessionToken": minted[1]["session_token"], "Expiration": "2026-11-28T12:00:00Z"}}, indent=2)
DESCRIBE = json.dumps({"cluster": {"name": "prod", "arn": "arn:aws:eks:us-west-2:111122223333:cluster/prod", "version": "1.31",
                                   "endpoint": "https://ABC.gr7.us-west-2.eks.amazonaws.com", "status": "ACTIVE",
                                   "certificateAuthority": {"data": ca_b64}, "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}}})
ACCESS = json.dumps({"accessEntries": ["arn:aws:iam::111122223333:role/admin"]})
PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGZha2Uga2V5IGZvciB0ZXN0cyBvbmx5IG5vdCByZWFs\n-----END PRIVATE KEY-----\n"


def der(pem):
    return base64.b64decode("".join(l for l in pem.splitlines() if not l.startswith("-----")))


seeds = {
    "inspect": [token, minted[0]["exec_credential"], minted[5]["url"], minted[9]["token"], KUBECONFIG, KUBECONFIG_SMALL,
                MAP_ROLES, AWS_AUTH_JSON, JWT, TERRAFORM, ERRORS, CREDENTIALS, DESCRIBE, ACCESS, PRIVATE_KEY, ca_b64,
                "arn:aws:sts::111122223333:assumed-role/ci-agent/i-1 ASIARTX3GSDSQGPDO6NR", "Authorization: Bearer " + token,
                "\n".join(token[i:i + 76] for i in range(0, len(token), 76)),
                *story.values(), *pems.values(), der(pems["eks-ca.pem"]), *bundle_certs[:1]],
    "token": [c["url"] for c in minted],
    "yaml": [KUBECONFIG, KUBECONFIG_SMALL, MAP_ROLES, story["aws-auth-fixed.yaml"], story["aws-auth-laptop.yaml"],
             minted[0]["exec_credential"], "a: &x [1, 2]\nb: *x\nc: |-\n  text\n  more\nd: >\n  folded\n# comment\ne: !!str 'q''s'\nf: \"\\u00e9\\n\"\n"],
    "cert": [*pems.values(), *(der(p) for p in pems.values()), ca_b64, *bundle_certs, "".join(bundle_certs[:2])],
    "kubeconfig": [KUBECONFIG, KUBECONFIG_SMALL],
    "aws_auth": [story["aws-auth-fixed.yaml"], story["aws-auth-laptop.yaml"], MAP_ROLES, AWS_AUTH_JSON],
    "redact": [token, minted[0]["exec_credential"], minted[5]["url"], KUBECONFIG, CREDENTIALS, PRIVATE_KEY + pems["eks-ca.pem"], JWT,
               "\n".join(token[i:i + 76] for i in range(0, len(token), 76)),
               "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nAWS_SESSION_TOKEN=" + minted[1]["session_token"]],
    "generate": [
        "arn:aws:iam::111122223333:role/platform/ci-agent\n\n\n\n\nprod\nus-west-2",
        "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1234/jane@example.com\njane:{{SessionName}}\nsystem:masters,devs\nAmazonEKSViewPolicy\napps,web\nprod\neu-west-1",
        "arn:aws-cn:iam::444455556666:user/people/jane\n\ndeployers\narn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSEditPolicy\n\n\n",
        "ci-agent\nci 'quoted' \"name\"\ngroup: with #colon\n\nns\nmy cluster\n$(region)",
    ],
}

for target, items in seeds.items():
    out = OUT / target
    out.mkdir(parents=True, exist_ok=True)
    for item in items:
        data = item if isinstance(item, bytes) else item.encode()
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(items)} seeds in {out}")
