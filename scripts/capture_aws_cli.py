"""Capture real AWS CLI v1 output for EKS/STS/IAM fixtures, offline, against a local fake AWS.

Starts an HTTP server on 127.0.0.1 (a free port) that answers the AWS API calls below with canned
data in each service's own wire protocol (EKS: rest-json; STS and IAM: query protocol, XML
answers), then runs the real `aws` CLI with `--endpoint-url http://127.0.0.1:PORT` and fake
credentials, and writes what the CLI printed (or, for update-kubeconfig, the file it wrote) to
tests/data/aws-cli/. Everything the server says is canned here; every byte of the fixtures is the
CLI's own formatting of it (JSON layout, key order, timestamps as on the wire, IAM's URL-encoded
policy decoded into JSON, error lines). See tests/data/aws-cli/README.md.

Also writes, without the CLI: irsa-token.jwt (a projected ServiceAccount token laid out as
Kubernetes issues it, signed RS256 with a throwaway key derived from a fixed seed), oidc-jwks.json
(that key's public half as the issuer's keys endpoint serves it) and serviceaccount-irsa.yaml
(written by hand in `kubectl get sa -o yaml`'s format; kubectl is not run).

Deterministic: fixed values, keys derived from fixed seeds, PKCS#1 v1.5 signatures; re-running
gives identical files. Needs: the aws CLI v1 on PATH, python3 with PyJWT and cryptography
(`pip install pyjwt cryptography`). Run: python3 scripts/capture_aws_cli.py
"""
import base64
import datetime
import hashlib
import http.server
import json
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from xml.sax.saxutils import escape

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "aws-cli"
CA_B64 = (ROOT / "tests" / "data" / "cert" / "eks-ca.b64").read_text().strip()
EXPECTED_CLI = "aws-cli/1.45.11"
# The kubeconfig path update-kubeconfig is given; it prints it, so it is fixed for stable output.
KUBE_DIR = pathlib.Path("/tmp/eksplain-capture-aws-cli")

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
REGION = "us-west-2"
OIDC_ID = "EXAMPLED539D4633E53DE1B716D3041E"
ISSUER_HOST_PATH = f"oidc.eks.{REGION}.amazonaws.com/id/{OIDC_ID}"
ISSUER = "https://" + ISSUER_HOST_PATH
STAGING_OIDC_ID = "C7A1F0E2B9D84E6FA3B5D2C1E0F9A8B7"
AGENT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/teams/ci/agent"
IRSA_ROLE = f"arn:aws:iam::{ACCOUNT}:role/irsa-app"
POD_ID_ROLE = f"arn:aws:iam::{ACCOUNT}:role/pod-identity-app"


def utc(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def epoch(text, millis=0):
    """EKS (rest-json) sends timestamps as epoch seconds with milliseconds."""
    return int(utc(text).timestamp()) + millis / 1000


TOKEN_IAT = utc("2026-11-28T12:00:00Z")
TOKEN_EXP = TOKEN_IAT + datetime.timedelta(seconds=86400)


# --- deterministic keys -------------------------------------------------------------------------

def _is_probable_prime(n):
    small = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97]
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in small:  # 25 fixed bases: error probability < 4^-25 for a random candidate
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def seeded_rsa_key(seed, bits=2048):
    """A throwaway RSA key derived from `seed` (same key every run; for fixtures only)."""
    rng = random.Random(seed)
    e = 65537

    def prime():
        while True:
            c = rng.getrandbits(bits // 2) | (3 << (bits // 2 - 2)) | 1
            if (c - 1) % e and _is_probable_prime(c):
                return c

    p = prime()
    q = prime()
    while q == p:
        q = prime()
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q),
                                    rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(e, p * q))
    return numbers.private_key()


def staging_ca_b64():
    """A second cluster CA (CN=kubernetes, same extensions as tests/data/cert/eks-ca.pem), base64 PEM."""
    key = seeded_rsa_key("eksplain staging cluster CA")
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes")])
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    start = utc("2026-10-02T08:15:27Z")
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(0x2C5D3E1F7A9B4C60)
            .not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=3650))
            .add_extension(ski, critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return base64.b64encode(cert.public_bytes(serialization.Encoding.PEM)).decode()


# --- canned data ----------------------------------------------------------------------------------

def key_id(prefix, account, salt):
    """A new-format access key ID that encodes `account` (as scripts/mint_tokens.py does)."""
    z = (1 << 47) | (int(account) << 7) | (salt & 0x7F)
    raw = z.to_bytes(6, "big") + (salt * 2654435761 & 0xFFFFFFFF).to_bytes(4, "big")
    return prefix + base64.b32encode(raw).decode()


def fake_bytes(label, n):
    return hashlib.shake_256(label.encode()).digest(n)


def secret_key(label):
    return base64.b64encode(fake_bytes("secret " + label, 30)).decode()


def session_token(label, n=700):
    # Real STS session tokens are base64 of a binary blob that starts "!\n\torigin_ec" ("IQoJb3JpZ2luX2Vj...").
    return base64.b64encode(b"!\n\torigin_ec" + fake_bytes("token " + label, n)).decode()


def request_id(label):
    h = hashlib.sha256(label.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def cluster(name, oidc_id, ca, created, platform):
    return {
        "name": name,
        "arn": f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/{name}",
        "createdAt": created,
        "version": "1.31",
        "endpoint": f"https://{oidc_id}.gr7.{REGION}.eks.amazonaws.com",
        "roleArn": f"arn:aws:iam::{ACCOUNT}:role/eksClusterRole",
        "resourcesVpcConfig": {
            "subnetIds": ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829", "subnet-0c3d4e5f607182930"],
            "securityGroupIds": [],
            "clusterSecurityGroupId": "sg-0d4e5f60718293a4b",
            "vpcId": "vpc-0e5f60718293a4b5c",
            "endpointPublicAccess": True,
            "endpointPrivateAccess": True,
            "publicAccessCidrs": ["0.0.0.0/0"],
        },
        "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16", "ipFamily": "ipv4",
                                    "elasticLoadBalancing": {"enabled": False}},
        "logging": {"clusterLogging": [
            {"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": False}]},
        "identity": {"oidc": {"issuer": f"https://oidc.eks.{REGION}.amazonaws.com/id/{oidc_id}"}},
        "status": "ACTIVE",
        "certificateAuthority": {"data": ca},
        "platformVersion": platform,
        "tags": {},
        "health": {"issues": []},
        "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"},
        "upgradePolicy": {"supportType": "EXTENDED"},
        "zonalShiftConfig": {"enabled": False},
        "deletionProtection": False,
    }


CLUSTERS = {
    "prod": lambda: cluster("prod", OIDC_ID, CA_B64, epoch("2026-11-28T10:52:17Z", 488), "eks.29"),
    "staging": lambda: cluster("staging", STAGING_OIDC_ID, staging_ca_b64(), epoch("2026-10-02T08:04:51Z", 162), "eks.27"),
}

ASSOCIATIONS = [
    {"clusterName": "prod", "namespace": "apps", "serviceAccount": "payments", "roleArn": POD_ID_ROLE,
     "associationId": "a-abcdefghijklmnop1", "createdAt": epoch("2026-11-28T11:41:09Z", 617),
     "modifiedAt": epoch("2026-11-28T11:41:09Z", 617), "tags": {}, "disableSessionTags": False},
    {"clusterName": "prod", "namespace": "apps", "serviceAccount": "reports",
     "roleArn": f"arn:aws:iam::{ACCOUNT}:role/reports-source",
     "targetRoleArn": f"arn:aws:iam::{OTHER_ACCOUNT}:role/reports-reader",
     "externalId": "6b0f2d3c-8e41-4a57-9c2e-3f1d7a5b9e80",
     "associationId": "a-qrstuvwxyz0123456", "createdAt": epoch("2026-11-28T11:43:55Z", 204),
     "modifiedAt": epoch("2026-11-28T11:43:55Z", 204), "tags": {"team": "analytics"}, "disableSessionTags": True},
    {"clusterName": "prod", "namespace": "kube-system", "serviceAccount": "ebs-csi-controller-sa",
     "roleArn": f"arn:aws:iam::{ACCOUNT}:role/AmazonEKS_EBS_CSI_DriverRole",
     "ownerArn": f"arn:aws:eks:{REGION}:{ACCOUNT}:addon/prod/aws-ebs-csi-driver/9ac9b2f0-6d3e-1f4a-8b27-5e0c4d6a1f93",
     "associationId": "a-7h2k9m4p6r8t0v1w3", "createdAt": epoch("2026-11-28T11:12:30Z", 45),
     "modifiedAt": epoch("2026-11-28T11:12:30Z", 45), "tags": {}, "disableSessionTags": False},
]
for _a in ASSOCIATIONS:
    _a["associationArn"] = f"arn:aws:eks:{REGION}:{ACCOUNT}:podidentityassociation/prod/{_a['associationId']}"

IRSA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{ISSUER_HOST_PATH}"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            f"{ISSUER_HOST_PATH}:sub": "system:serviceaccount:apps:payments",
            f"{ISSUER_HOST_PATH}:aud": "sts.amazonaws.com",
        }},
    }],
}
POD_ID_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowEksAuthToAssumeRoleForPodIdentity",
        "Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
    }],
}
ROLES = {
    "irsa-app": {"RoleId": "AROARZ5BQ7EXAMPLEIRSA", "Trust": IRSA_TRUST, "Created": "2026-11-28T11:25:40Z",
                 "Description": "IRSA role for apps/payments", "LastUsed": "2026-11-28T12:00:03Z"},
    "pod-identity-app": {"RoleId": "AROARZ5BQ7EXAMPLEPODI", "Trust": POD_ID_TRUST, "Created": "2026-11-28T11:38:02Z",
                         "Description": "Pod Identity role for apps/payments", "LastUsed": None},
}

# --- the fake AWS -----------------------------------------------------------------------------------

XMLNS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/", "iam": "https://iam.amazonaws.com/doc/2010-05-08/"}


def xml_of(value, indent):
    """Query-protocol XML for a nested dict/list (lists as <member> elements)."""
    pad = "  " * indent
    out = []
    for k, v in value.items():
        if v is None:
            continue
        if isinstance(v, dict):
            out.append(f"{pad}<{k}>\n{xml_of(v, indent + 1)}{pad}</{k}>\n")
        elif isinstance(v, list):
            members = "".join(f"{pad}  <member>\n{xml_of(m, indent + 2)}{pad}  </member>\n" for m in v)
            out.append(f"{pad}<{k}>\n{members}{pad}</{k}>\n")
        else:
            out.append(f"{pad}<{k}>{escape(str(v))}</{k}>\n")
    return "".join(out)


def query_response(service, action, result):
    rid = request_id(action)
    body = (f'<{action}Response xmlns="{XMLNS[service]}">\n'
            f"  <{action}Result>\n{xml_of(result, 2)}  </{action}Result>\n"
            f"  <ResponseMetadata>\n    <RequestId>{rid}</RequestId>\n  </ResponseMetadata>\n"
            f"</{action}Response>\n")
    return 200, "text/xml", body, rid


def query_error(service, action, status, code, message):
    rid = request_id(action + code)
    body = (f'<ErrorResponse xmlns="{XMLNS[service]}">\n  <Error>\n    <Type>Sender</Type>\n'
            f"    <Code>{code}</Code>\n    <Message>{escape(message)}</Message>\n  </Error>\n"
            f"  <RequestId>{rid}</RequestId>\n</ErrorResponse>\n")
    return status, "text/xml", body, rid


def sts_credentials(label, expiration):
    return {"AccessKeyId": key_id("ASIA", ACCOUNT, len(label)), "SecretAccessKey": secret_key(label),
            "SessionToken": session_token(label), "Expiration": expiration}


def answer_query(params):
    action = params.get("Action", "")
    if action == "AssumeRole":
        role_arn, session = params["RoleArn"], params["RoleSessionName"]
        role_name = role_arn.rsplit("/", 1)[1]  # an assumed-role ARN carries the role's name, not its path
        return query_response("sts", action, {
            "Credentials": sts_credentials("assume-role " + session, "2026-11-28T13:00:00Z"),
            "AssumedRoleUser": {"AssumedRoleId": f"AROARZ5BQ7EXAMPLECIAG:{session}",
                                "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role_name}/{session}"},
        })
    if action == "GetSessionToken":
        return query_response("sts", action, {
            "Credentials": sts_credentials("session-token", "2026-11-29T00:00:00Z")})
    if action == "AssumeRoleWithWebIdentity":
        return query_error("sts", action, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    if action == "GetCallerIdentity":
        return query_error("sts", action, 400, "ExpiredToken", "The security token included in the request is expired")
    if action == "GetRole":
        name = params["RoleName"]
        r = ROLES.get(name)
        if r is None:
            return query_error("iam", action, 404, "NoSuchEntity", f"The role with name {name} cannot be found.")
        doc = urllib.parse.quote(json.dumps(r["Trust"], indent=4), safe="")
        return query_response("iam", action, {"Role": {
            "Path": "/",
            "AssumeRolePolicyDocument": doc,
            "MaxSessionDuration": 3600,
            "RoleId": r["RoleId"],
            "RoleLastUsed": {"LastUsedDate": r["LastUsed"], "Region": REGION} if r["LastUsed"] else {},
            "RoleName": name,
            "Description": r["Description"],
            "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
            "CreateDate": r["Created"],
        }})
    if action == "ListOpenIDConnectProviders":
        return query_response("iam", action, {"OpenIDConnectProviderList": [
            {"Arn": f"arn:aws:iam::{ACCOUNT}:oidc-provider/oidc.eks.{REGION}.amazonaws.com/id/{STAGING_OIDC_ID}"},
            {"Arn": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{ISSUER_HOST_PATH}"},
        ]})
    return None


def answer_eks(method, path):
    parts = [urllib.parse.unquote(p) for p in path.split("?", 1)[0].strip("/").split("/")]
    if method != "GET" or len(parts) < 2 or parts[0] != "clusters" or parts[1] not in CLUSTERS:
        return None
    if len(parts) == 2:
        return {"cluster": CLUSTERS[parts[1]]()}
    if parts[2] == "pod-identity-associations" and parts[1] == "prod":
        if len(parts) == 3:
            keys = ("clusterName", "namespace", "serviceAccount", "associationArn", "associationId", "ownerArn")
            return {"associations": [{k: a[k] for k in keys if k in a} for a in ASSOCIATIONS]}
        for a in ASSOCIATIONS:
            if len(parts) == 4 and a["associationId"] == parts[3]:
                return {"association": a}
    return None


class FakeAWS(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []

    def log_message(self, *args):
        pass

    def _send(self, status, ctype, body, rid):
        data = body.encode()
        self.send_response(status)
        self.send_header("x-amzn-RequestId", rid)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        FakeAWS.seen.append(("GET", self.path, {}))
        doc = answer_eks("GET", self.path)
        if doc is None:
            return self._send(404, "application/json",
                              json.dumps({"message": f"No canned answer for GET {self.path}"}), request_id(self.path))
        self._send(200, "application/json", json.dumps(doc, separators=(",", ":")), request_id(self.path))

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        params = dict(urllib.parse.parse_qsl(body))
        FakeAWS.seen.append(("POST", self.path, params))
        answer = answer_query(params) if self.path == "/" else None
        if answer is None:
            answer = query_error("sts", "Unknown", 400, "InvalidAction", f"No canned answer for {body[:200]}")
        self._send(*answer)


# --- running the CLI --------------------------------------------------------------------------------

def cli_env(tmp, session=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "KUBECONFIG"}
    env.update({
        "HOME": str(tmp / "home"),
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        "AWS_ACCESS_KEY_ID": key_id("AKIA", ACCOUNT, 42),
        "AWS_SECRET_ACCESS_KEY": secret_key("long-term"),
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(tmp / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp / "aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    if session:
        env["AWS_ACCESS_KEY_ID"] = key_id("ASIA", ACCOUNT, 7)
        env["AWS_SESSION_TOKEN"] = session_token("expired session")
    return env


class Runner:
    def __init__(self, tmp, endpoint):
        self.tmp, self.endpoint = tmp, endpoint

    def run(self, args, expect_rc=0, session=False):
        cmd = ["aws", *args, "--endpoint-url", self.endpoint]
        p = subprocess.run(cmd, env=cli_env(self.tmp, session), cwd=OUT, capture_output=True, text=True)
        if p.returncode != expect_rc or (expect_rc == 0 and p.stderr):
            sys.exit(f"{' '.join(args)}: exit {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def save_stdout(self, name, args):
        out = self.run(args).stdout
        if name.endswith(".json"):
            json.loads(out)
        write(name, out)

    def save_kubeconfig(self, name, args):
        path = KUBE_DIR / ".kube" / "config"
        if path.exists():
            path.unlink()
        p = self.run(["eks", "update-kubeconfig", *args, "--kubeconfig", str(path)])
        write(name, path.read_text())
        return p.stdout


def write(name, text):
    if not text.strip():
        sys.exit(f"{name}: empty output")
    (OUT / name).write_text(text, encoding="utf-8")
    print("wrote", (OUT / name).relative_to(ROOT))


# --- files written without the CLI --------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def irsa_token_and_jwks():
    key = seeded_rsa_key("eksplain prod cluster service-account signing key")
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    kid = b64url(hashlib.sha256(spki).digest())  # how the Kubernetes API server names its signing key
    iat, exp = int(TOKEN_IAT.timestamp()), int(TOKEN_EXP.timestamp())
    # Kubernetes (go-jose) serialises the claims through a map: keys sorted at every level.
    claims = {
        "aud": ["sts.amazonaws.com"],
        "exp": exp,
        "iat": iat,
        "iss": ISSUER,
        "jti": "3f9c1e8a-5b7d-4c2e-9a61-d04b8e7f2c35",
        "kubernetes.io": {
            "namespace": "apps",
            "node": {"name": f"ip-192-168-87-14.{REGION}.compute.internal", "uid": "b2d7e4c1-9f3a-4e85-a6d0-7c1b5e9f3a28"},
            "pod": {"name": "payments-6f8d9c7b54-x2k4p", "uid": "8e4a1f6c-2b7d-4d93-b0e5-f17a3c9d6b42"},
            "serviceaccount": {"name": "payments", "uid": "5c2e9b7a-1d4f-4a86-9e3b-c0f8d2a6e714"},
        },
        "nbf": iat,
        "sub": "system:serviceaccount:apps:payments",
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid, "typ": None})
    pub = key.public_key().public_numbers()
    n = pub.n.to_bytes((pub.n.bit_length() + 7) // 8, "big")
    jwks = {"keys": [{"kty": "RSA", "e": b64url(pub.e.to_bytes(3, "big")), "use": "sig", "kid": kid,
                      "alg": "RS256", "n": b64url(n)}]}
    return token, json.dumps(jwks, separators=(",", ":")) + "\n"


SERVICEACCOUNT_YAML = f"""apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    eks.amazonaws.com/role-arn: {IRSA_ROLE}
    kubectl.kubernetes.io/last-applied-configuration: |
      {{"apiVersion":"v1","kind":"ServiceAccount","metadata":{{"annotations":{{"eks.amazonaws.com/role-arn":"{IRSA_ROLE}"}},"name":"payments","namespace":"apps"}}}}
  creationTimestamp: "2026-11-28T11:27:06Z"
  name: payments
  namespace: apps
  resourceVersion: "1482093"
  uid: 5c2e9b7a-1d4f-4a86-9e3b-c0f8d2a6e714
"""


# --- main -----------------------------------------------------------------------------------------------

def main():
    version = subprocess.run(["aws", "--version"], capture_output=True, text=True)
    version = (version.stdout + version.stderr).strip()
    if not version.startswith(EXPECTED_CLI + " "):
        print(f"warning: fixtures were made with {EXPECTED_CLI}; this is {version}", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)

    token, jwks = irsa_token_and_jwks()
    write("irsa-token.jwt", token)  # kubelet writes the token file without a newline
    write("oidc-jwks.json", jwks)
    write("serviceaccount-irsa.yaml", SERVICEACCOUNT_YAML)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAWS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    if KUBE_DIR.exists():
        shutil.rmtree(KUBE_DIR)
    try:
        with tempfile.TemporaryDirectory(prefix="eksplain-aws-cli-") as t:
            tmp = pathlib.Path(t)
            (tmp / "home").mkdir()
            (tmp / "aws-config").write_text("")
            (tmp / "aws-credentials").write_text("")
            r = Runner(tmp, endpoint)

            said = r.save_kubeconfig("kubeconfig-role-path.yaml",
                                     ["--name", "prod", "--region", REGION, "--role-arn", AGENT_ROLE])
            write("update-kubeconfig-stdout.txt", said)
            r.save_kubeconfig("kubeconfig-plain.yaml", ["--name", "prod", "--region", REGION])
            r.save_kubeconfig("kubeconfig-staging.yaml", ["--name", "staging", "--region", REGION])

            r.save_stdout("describe-cluster.json", ["eks", "describe-cluster", "--name", "prod"])
            r.save_stdout("assume-role.json", ["sts", "assume-role", "--role-arn", AGENT_ROLE,
                                               "--role-session-name", "ci-run-42"])
            r.save_stdout("get-session-token.json", ["sts", "get-session-token"])
            r.save_stdout("get-role-irsa.json", ["iam", "get-role", "--role-name", "irsa-app"])
            r.save_stdout("get-role-pod-identity.json", ["iam", "get-role", "--role-name", "pod-identity-app"])
            r.save_stdout("trust-policy-irsa.json", ["iam", "get-role", "--role-name", "irsa-app",
                                                     "--query", "Role.AssumeRolePolicyDocument"])
            r.save_stdout("list-oidc-providers.json", ["iam", "list-open-id-connect-providers"])
            r.save_stdout("list-pod-identity-associations.json",
                          ["eks", "list-pod-identity-associations", "--cluster-name", "prod"])
            r.save_stdout("describe-pod-identity-association.json",
                          ["eks", "describe-pod-identity-association", "--cluster-name", "prod",
                           "--association-id", "a-abcdefghijklmnop1"])
            r.save_stdout("describe-pod-identity-association-target-role.json",
                          ["eks", "describe-pod-identity-association", "--cluster-name", "prod",
                           "--association-id", "a-qrstuvwxyz0123456"])

            p = r.run(["sts", "assume-role-with-web-identity", "--role-arn", IRSA_ROLE, "--role-session-name",
                       "botocore-session-1795867200", "--web-identity-token", "file://irsa-token.jwt"], expect_rc=255)
            write("error-assume-role-with-web-identity.txt", p.stderr)
            p = r.run(["sts", "get-caller-identity"], expect_rc=255, session=True)
            write("error-expired-token.txt", p.stderr)

            # v1 has no `configure export-credentials` (it is AWS CLI v2 only): record what v1 says.
            p = subprocess.run(["aws", "configure", "export-credentials", "--format", "process"],
                               env=cli_env(tmp), cwd=OUT, capture_output=True, text=True)
            if p.returncode == 0:
                sys.exit("aws configure export-credentials now exists: capture it")
    finally:
        server.shutdown()
        if KUBE_DIR.exists():
            shutil.rmtree(KUBE_DIR)

    # The requests the CLI sent, as a check that each fixture came from the call it is named after.
    wanted = {("POST", "AssumeRole", "RoleSessionName", "ci-run-42"), ("POST", "GetSessionToken", None, None),
              ("POST", "AssumeRoleWithWebIdentity", "WebIdentityToken", token),
              ("POST", "GetCallerIdentity", None, None), ("POST", "ListOpenIDConnectProviders", None, None)}
    for method, action, key, value in wanted:
        if not any(m == method and p.get("Action") == action and (key is None or p.get(key) == value)
                   for m, _, p in FakeAWS.seen):
            sys.exit(f"the CLI never sent {action} ({key}={value!r})")
    print(len(FakeAWS.seen), "requests answered")


if __name__ == "__main__":
    main()
