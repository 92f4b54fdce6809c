"""Capture real kubectl output for EKS authentication fixtures, offline, against a fake API server.

Starts, on 127.0.0.1:
- the fake AWS of scripts/capture_aws_cli.py (imported, not copied), so that the real
  `aws eks update-kubeconfig` writes the kubeconfigs kubectl is run with, and the real
  `aws eks get-token` (run by kubectl as its exec credential plugin) has an STS to fail against;
- fake Kubernetes API servers (HTTPS, certificates made here) that answer in the API server's wire
  format: discovery, `Status` errors (401, 403, 404), a SelfSubjectReview shaped as EKS's
  authenticator fills it (`extra`: accessKeyId, arn, canonicalArn, principalId, sessionName), the
  aws-auth ConfigMap and its (empty) events;
- an HTTP CONNECT proxy that kubectl reaches through HTTPS_PROXY, which sends every connection to
  one of those servers, so that kubectl talks to the cluster's real EKS host name
  (https://C7A1F0E2B9D84E6FA3B5D2C1E0F9A8B7.gr7.us-west-2.eks.amazonaws.com, the `staging`
  cluster of capture_aws_cli.py) and no port appears in what it prints.

The TLS chain is the `staging` cluster's: its CA (CN=kubernetes) is rebuilt here from
capture_aws_cli.py's seeded key, byte for byte the certificate-authority-data that
`aws eks update-kubeconfig --name staging` writes; the API server certificate (CN=kube-apiserver,
SANs as on EKS) is signed with it. A second CA stands for a TLS-inspecting corporate proxy.

Then runs the REAL kubectl (the upstream v1.32 binary) and writes exactly what it printed, stdout
and stderr separately, to tests/data/kubectl/. One edit is made: klog's line header
(`E1128 12:05:00.123456   12345 file.go:NN]`) carries the wall clock and kubectl's PID; the
script rewrites the date, time and PID (only) to fixed values so that re-running gives identical
files. See tests/data/kubectl/README.md.

Needs: kubectl v1.32 (KUBECTL=path, default /usr/lib/google-cloud-sdk/bin/kubectl.1.32 if present,
else kubectl on PATH), the aws CLI v1 on PATH, python3 with PyJWT and cryptography.
Run: python3 scripts/capture_kubectl.py
"""
import base64
import datetime
import hashlib
import http.server
import json
import os
import pathlib
import re
import select
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.parse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import capture_aws_cli as world  # noqa: E402  (the fake AWS, the staging CA's seeded key)

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "kubectl"
EXPECTED_KUBECTL = "v1.32.5"
KUBE_DIR = pathlib.Path("/tmp/eksplain-capture-kubectl")  # appears in nothing kubectl prints

ACCOUNT = world.ACCOUNT
REGION = world.REGION
CLUSTER = "staging"
CLUSTER_ID = world.STAGING_OIDC_ID
HOST = f"{CLUSTER_ID}.gr7.{REGION}.eks.amazonaws.com"
CLUSTER_ARN = f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/{CLUSTER}"
CUSTOM_HOST = "k8s-staging.internal.example.com"  # a CNAME someone put in the kubeconfig

# The identity the API server says it authenticated (same as tests/data/story/caller-ci.json).
ROLE_ID = "AROAYSCEXAMPLECIAGENT"
SESSION = "i-0a1b2c3d4e5f67890"
STS_ARN = f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-agent/{SESSION}"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/ci-agent"
ACCESS_KEY = world.key_id("ASIA", ACCOUNT, 19)
# What the AssumeRole in `get-token --role-arn` is refused with.
DENIED_ROLE = world.AGENT_ROLE

NODE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/eks-staging-node-group-role"
MAP_ROLES = f"""- rolearn: {NODE_ROLE}
  username: system:node:{{{{EC2PrivateDNSName}}}}
  groups:
  - system:bootstrappers
  - system:nodes
- rolearn: {ROLE_ARN}
  username: ci-agent:{{{{SessionName}}}}
  groups:
  - ci-deployers
"""
MAP_USERS = f"""- userarn: arn:aws:iam::{ACCOUNT}:user/alice
  username: alice
  groups:
  - system:masters
"""
CONFIGMAP_UID = "0b6c4f1e-7d2a-4e93-8c51-2f9a6b3d7e08"
CONFIGMAP = {
    "kind": "ConfigMap",
    "apiVersion": "v1",
    "metadata": {
        "name": "aws-auth",
        "namespace": "kube-system",
        "uid": CONFIGMAP_UID,
        "resourceVersion": "1482201",
        "creationTimestamp": "2026-10-02T08:21:44Z",
        "managedFields": [{
            "manager": "kubectl-edit", "operation": "Update", "apiVersion": "v1",
            "time": "2026-11-27T16:03:12Z", "fieldsType": "FieldsV1",
            "fieldsV1": {"f:data": {".": {}, "f:mapRoles": {}, "f:mapUsers": {}}},
        }],
    },
    "data": {"mapRoles": MAP_ROLES, "mapUsers": MAP_USERS},
}

# --- certificates -----------------------------------------------------------------------------------

T0 = world.utc("2026-10-02T08:15:27Z")  # the staging CA's notBefore


def ec_key(label):
    """A throwaway P-256 key derived from `label` (same key every run)."""
    n = int.from_bytes(hashlib.sha256(label.encode()).digest(), "big") % (2**255)
    return ec.derive_private_key(n + 1, ec.SECP256R1())


def staging_ca():
    """The staging cluster CA, identical to the one capture_aws_cli.py puts in describe-cluster."""
    pem = base64.b64decode(world.staging_ca_b64())
    return x509.load_pem_x509_certificate(pem), world.seeded_rsa_key("eksplain staging cluster CA")


def corporate_ca():
    key = ec_key("eksplain corporate TLS inspection CA")
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Corp"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Example Corp TLS Inspection CA")])
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(0x5E1C0A7B).not_valid_before(world.utc("2025-01-06T00:00:00Z"))
            .not_valid_after(world.utc("2035-01-04T00:00:00Z"))
            .add_extension(ski, critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def leaf(ca_cert, ca_key, label, cn, dns, ips, serial):
    import ipaddress
    key = ec_key(label)
    sans = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(serial)
            .not_valid_before(world.utc("2026-11-20T09:00:00Z"))
            .not_valid_after(world.utc("2027-11-20T09:00:00Z"))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return cert, key


def tls_context(tmp, name, cert, key, chain=()):
    pem = cert.public_bytes(serialization.Encoding.PEM) + b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in chain)
    kpem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    (tmp / f"{name}.crt").write_bytes(pem)
    (tmp / f"{name}.key").write_bytes(kpem)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tmp / f"{name}.crt", tmp / f"{name}.key")
    return ctx


# --- the fake Kubernetes API server -------------------------------------------------------------------

VERSION = {"major": "1", "minor": "31", "gitVersion": "v1.31.4-eks-2d5f260", "gitCommit": "2d5f2606e5f2d5d2b1b2e6e4d0c0f3a3e2b7a1c9",
           "gitTreeState": "clean", "buildDate": "2026-11-12T04:28:33Z", "goVersion": "go1.22.9",
           "compiler": "gc", "platform": "linux/amd64"}


def resource(name, kind, namespaced, verbs, short=None):
    r = {"name": name, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind, "verbs": verbs}
    if short:
        r["shortNames"] = short
    return r


RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
CORE = {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
    resource("configmaps", "ConfigMap", True, RW, ["cm"]),
    resource("events", "Event", True, RW, ["ev"]),
    resource("namespaces", "Namespace", False, ["create", "delete", "get", "list", "patch", "update", "watch"], ["ns"]),
    resource("pods", "Pod", True, RW, ["po"]),
    resource("serviceaccounts", "ServiceAccount", True, RW, ["sa"]),
]}
AUTHN = {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "authentication.k8s.io/v1", "resources": [
    resource("selfsubjectreviews", "SelfSubjectReview", False, ["create"]),
    resource("tokenreviews", "TokenReview", False, ["create"]),
]}
APIS = {"kind": "APIGroupList", "apiVersion": "v1", "groups": [{
    "name": "authentication.k8s.io",
    "versions": [{"groupVersion": "authentication.k8s.io/v1", "version": "v1"}],
    "preferredVersion": {"groupVersion": "authentication.k8s.io/v1", "version": "v1"}}]}
API = {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
    {"clientCIDR": "0.0.0.0/0", "serverAddress": f"ip-172-16-63-26.{REGION}.compute.internal:443"}]}


def status(code, reason, message, details=None):
    s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
         "reason": reason}
    if details is not None:
        s["details"] = details
    s["code"] = code
    return s


def user_info(style):
    """What EKS's authenticator returns for the ci-agent role, as the SelfSubjectReview shows it."""
    if style == "access-entry":  # an access entry with no username: EKS's default for an assumed role
        username, groups = STS_ARN, ["system:authenticated"]
    else:  # the aws-auth mapRoles entry above: ci-agent:{{SessionName}}, group ci-deployers
        username, groups = f"ci-agent:{SESSION}", ["ci-deployers", "system:authenticated"]
    return {"username": username, "uid": f"aws-iam-authenticator:{ACCOUNT}:{ROLE_ID}", "groups": groups,
            "extra": {"accessKeyId": [ACCESS_KEY], "arn": [STS_ARN], "canonicalArn": [ROLE_ARN],
                      "principalId": [ROLE_ID], "sessionName": [SESSION]}}


class Cluster:
    mode = "ok"  # "ok" or "unauthorized"
    style = "access-entry"
    seen = []


class FakeKube(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, code, doc):
        data = json.dumps(doc, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Audit-Id", world.request_id(self.path))
        self.send_header("Cache-Control", "no-cache, private")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def answer(self, method):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        auth = self.headers.get("Authorization", "")
        Cluster.seen.append((Cluster.mode, method, self.path, auth.startswith("Bearer k8s-aws-v1.")))
        if Cluster.mode == "unauthorized" or not auth.startswith("Bearer k8s-aws-v1."):
            return self.send_json(401, status(401, "Unauthorized", "Unauthorized"))
        path, _, query = self.path.partition("?")
        q = urllib.parse.parse_qs(query)
        user = user_info(Cluster.style)["username"]
        if method == "GET" and path == "/version":
            return self.send_json(200, VERSION)
        if method == "GET" and path == "/api":
            return self.send_json(200, API)
        if method == "GET" and path == "/apis":
            return self.send_json(200, APIS)
        if method == "GET" and path == "/api/v1":
            return self.send_json(200, CORE)
        if method == "GET" and path == "/apis/authentication.k8s.io/v1":
            return self.send_json(200, AUTHN)
        if method == "POST" and path == "/apis/authentication.k8s.io/v1/selfsubjectreviews":
            # kubectl sends the (empty) review as protobuf and accepts JSON back
            return self.send_json(201, {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
                                        "metadata": {"creationTimestamp": None},
                                        "status": {"userInfo": user_info(Cluster.style)}})
        m = re.fullmatch(r"/api/v1/namespaces/([^/]+)/pods", path)
        if method == "GET" and m:
            msg = (f'pods is forbidden: User "{user}" cannot list resource "pods" in API group "" '
                   f'in the namespace "{m.group(1)}"')
            return self.send_json(403, status(403, "Forbidden", msg, {"kind": "pods"}))
        if method == "GET" and path == "/api/v1/namespaces/kube-system/configmaps/aws-auth":
            return self.send_json(200, CONFIGMAP)
        if method == "GET" and path == "/api/v1/namespaces/kube-system/events":
            return self.send_json(200, {"kind": "EventList", "apiVersion": "v1",
                                        "metadata": {"resourceVersion": "1482377"}, "items": []})
        return self.send_json(404, status(404, "NotFound", "the server could not find the requested resource",
                                          {}))

    def do_GET(self):
        self.answer("GET")

    def do_POST(self):
        self.answer("POST")


class TLSServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, ctx):
        super().__init__(("127.0.0.1", 0), FakeKube)
        self.ctx = ctx

    def get_request(self):
        sock, addr = self.socket.accept()
        return self.ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):
        pass  # kubectl hanging up on a certificate it does not trust is the point of some runs


# --- the CONNECT proxy ------------------------------------------------------------------------------------

class Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    backend = None  # port of the TLS server to send every CONNECT to
    seen = []


class ProxyHandler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline().decode()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        Proxy.seen.append(line.strip())
        if not line.startswith("CONNECT "):
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        up = socket.create_connection(("127.0.0.1", Proxy.backend))
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        a = self.connection
        try:
            while True:
                r, _, _ = select.select([a, up], [], [], 30)
                if not r:
                    break
                for s in r:
                    data = s.recv(65536)
                    if not data:
                        return
                    (up if s is a else a).sendall(data)
        finally:
            up.close()


# --- running kubectl ----------------------------------------------------------------------------------------

KLOG = re.compile(r"^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)


def fixed_klog(text):
    """klog's header holds the clock and the PID: make them fixed (the rest is kubectl's own)."""
    count = [0]

    def sub(m):
        count[0] += 1
        micros = 412000 + count[0] * 104729  # a retry about every 0.1 s, as kubectl's are
        return f"{m.group(1)}1128 12:05:{micros // 1000000:02d}.{micros % 1000000:06d} {4242:7d} "
    return KLOG.sub(sub, text)


def kubectl_path():
    if os.environ.get("KUBECTL"):
        return os.environ["KUBECTL"]
    gcloud = pathlib.Path("/usr/lib/google-cloud-sdk/bin/kubectl.1.32")
    return str(gcloud) if gcloud.exists() else shutil.which("kubectl")


AWS_BIN = str(pathlib.Path(shutil.which("aws")).resolve().parent) if shutil.which("aws") else None


class Kubectl:
    def __init__(self, tmp, aws_endpoint, proxy_port):
        self.tmp, self.aws_endpoint, self.proxy_port = tmp, aws_endpoint, proxy_port
        self.kubectl = kubectl_path()
        self.runs = []

    def env(self, kubeconfig, aws_on_path=True, extra=None):
        env = world.cli_env(self.tmp)
        home = self.tmp / "kube-home"
        if home.exists():
            shutil.rmtree(home)  # no discovery cache carried from one run to the next
        home.mkdir()
        env["HOME"] = str(home)
        env["KUBECONFIG"] = str(kubeconfig)
        env["PATH"] = (AWS_BIN + ":" if aws_on_path else "") + "/usr/bin:/bin"
        env["HTTPS_PROXY"] = f"http://127.0.0.1:{self.proxy_port}"
        for k in ("HTTP_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"):
            env.pop(k, None)
        for key, value in (extra or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run(self, args, kubeconfig, expect_rc=0, pre=None, **kw):
        env = self.env(kubeconfig, **kw)
        if pre:
            pre(pathlib.Path(env["HOME"]))
        p = subprocess.run([self.kubectl, *args], env=env, capture_output=True, text=True, cwd=self.tmp,
                           timeout=120)
        if p.returncode != expect_rc:
            sys.exit(f"kubectl {' '.join(args)}: exit {p.returncode} (wanted {expect_rc})\n"
                     f"stdout: {p.stdout}\nstderr: {p.stderr}")
        return p.returncode, p.stdout, fixed_klog(p.stderr)


def write(name, text, allow_empty=False):
    if not text and not allow_empty:
        sys.exit(f"{name}: empty output")
    (OUT / name).write_text(text, encoding="utf-8")
    print("wrote", (OUT / name).relative_to(ROOT))


# --- the fake AWS: capture_aws_cli.py's, with get-token's AssumeRole refused ---------------------------

class FakeAWS(world.FakeAWS):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        params = dict(urllib.parse.parse_qsl(body))
        if params.get("Action") == "AssumeRole" and params.get("RoleSessionName") == "EKSGetTokenAuth":
            world.FakeAWS.seen.append(("POST", self.path, params))
            msg = (f"User: {STS_ARN} is not authorized to perform: sts:AssumeRole on resource: "
                   f"{params['RoleArn']}")
            return self._send(*world.query_error("sts", "AssumeRole", 403, "AccessDenied", msg))
        # hand the request, body already read, to capture_aws_cli.py's answers
        answer = world.answer_query(params) if self.path == "/" else None
        world.FakeAWS.seen.append(("POST", self.path, params))
        if answer is None:
            answer = world.query_error("sts", "Unknown", 400, "InvalidAction", f"No canned answer for {body[:200]}")
        self._send(*answer)


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def update_kubeconfig(tmp, endpoint, path, *args):
    if path.exists():
        path.unlink()
    cmd = ["aws", "eks", "update-kubeconfig", "--name", CLUSTER, "--region", REGION, *args,
           "--kubeconfig", str(path), "--endpoint-url", endpoint]
    p = subprocess.run(cmd, env=world.cli_env(tmp), capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"update-kubeconfig: {p.stderr}")
    return path.read_text()


# --- main -------------------------------------------------------------------------------------------------

SSO_CONFIG = f"""[profile ci-sso]
sso_session = corp
sso_account_id = {ACCOUNT}
sso_role_name = AdministratorAccess
region = {REGION}

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = {REGION}
sso_registration_scopes = sso:account:access
"""
# An `aws sso login` cache entry whose token has expired and has nothing to refresh it with.
SSO_CACHE = {"startUrl": "https://d-1234567890.awsapps.com/start", "region": REGION,
             "accessToken": "aoaAAAAAGdEXAMPLEexpiredSsoAccessToken", "expiresAt": "2026-11-27T20:14:09Z"}
NO_KEYS = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}


def captures(tmp, kc, kc_role, aws_endpoint):
    """(name, kubectl args, kubeconfig, exit status, Kubectl.run options, cluster mode, cluster style, backend)."""
    text = kc.read_text()
    v1alpha1 = tmp / "kubeconfig-v1alpha1.yaml"
    v1alpha1.write_text(text.replace("client.authentication.k8s.io/v1beta1", "client.authentication.k8s.io/v1alpha1"))
    custom = tmp / "kubeconfig-custom-host.yaml"
    custom.write_text(text.replace(f"server: https://{HOST}", f"server: https://{CUSTOM_HOST}"))
    sso = tmp / "aws-config-sso"
    sso.write_text(SSO_CONFIG)
    sso_env = {**NO_KEYS, "AWS_PROFILE": "ci-sso", "AWS_CONFIG_FILE": str(sso)}
    cm = ["-n", "kube-system"]
    return [
        ("get-pods-unauthorized", ["get", "pods"], kc, 1, {}, "unauthorized", "access-entry", "good"),
        ("get-pods-forbidden", ["get", "pods"], kc, 1, {}, "ok", "access-entry", "good"),
        ("auth-whoami", ["auth", "whoami"], kc, 0, {}, "ok", "access-entry", "good"),
        ("auth-whoami-json", ["auth", "whoami", "-o", "json"], kc, 0, {}, "ok", "access-entry", "good"),
        ("auth-whoami-yaml", ["auth", "whoami", "-o", "yaml"], kc, 0, {}, "ok", "access-entry", "good"),
        ("auth-whoami-aws-auth", ["auth", "whoami"], kc, 0, {}, "ok", "aws-auth", "good"),
        ("auth-whoami-unauthorized", ["auth", "whoami"], kc, 1, {}, "unauthorized", "access-entry", "good"),
        ("get-configmap-aws-auth-yaml", [*cm, "get", "configmap", "aws-auth", "-o", "yaml"], kc, 0, {}, "ok", "aws-auth", "good"),
        ("get-configmap-aws-auth-json", [*cm, "get", "configmap", "aws-auth", "-o", "json"], kc, 0, {}, "ok", "aws-auth", "good"),
        ("describe-configmap-aws-auth", [*cm, "describe", "configmap", "aws-auth"], kc, 0, {}, "ok", "aws-auth", "good"),
        ("exec-aws-not-found", ["get", "pods"], kc, 1, {"aws_on_path": False}, "ok", "access-entry", "good"),
        ("exec-assume-role-denied", ["get", "pods"], kc_role, 1, {"extra": {"AWS_ENDPOINT_URL_STS": aws_endpoint}},
         "ok", "access-entry", "good"),
        ("exec-no-credentials", ["get", "pods"], kc, 1, {"extra": NO_KEYS}, "ok", "access-entry", "good"),
        ("exec-sso-not-logged-in", ["get", "pods"], kc, 1, {"extra": sso_env}, "ok", "access-entry", "good"),
        ("exec-sso-expired", ["get", "pods"], kc, 1, {"extra": sso_env, "sso_cache": True}, "ok", "access-entry", "good"),
        ("exec-v1alpha1", ["get", "pods"], v1alpha1, 1, {}, "ok", "access-entry", "good"),
        ("x509-unknown-authority-version", ["version"], kc, 1, {}, "ok", "access-entry", "mitm"),
        ("x509-unknown-authority-get-raw", ["get", "--raw", "/api"], kc, 1, {}, "ok", "access-entry", "mitm"),
        ("x509-unknown-authority-get-pods", ["get", "pods"], kc, 1, {}, "ok", "access-entry", "mitm"),
        ("x509-hostname-mismatch", ["get", "pods"], custom, 1, {}, "ok", "access-entry", "good"),
        ("config-view-minify-raw", ["config", "view", "--minify", "--raw"], kc, 0, {}, "ok", "access-entry", "good"),
        ("config-view", ["config", "view"], kc, 0, {}, "ok", "access-entry", "good"),
    ]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    k_version = subprocess.run([kubectl_path(), "version", "--client", "-o", "json"], capture_output=True, text=True)
    got = json.loads(k_version.stdout)["clientVersion"]["gitVersion"]
    if got != EXPECTED_KUBECTL:
        print(f"warning: fixtures were made with kubectl {EXPECTED_KUBECTL}; this is {got}", file=sys.stderr)
    if KUBE_DIR.exists():
        shutil.rmtree(KUBE_DIR)
    KUBE_DIR.mkdir(parents=True)
    tmp = KUBE_DIR
    (tmp / "home").mkdir()
    (tmp / "aws-config").write_text("")
    (tmp / "aws-credentials").write_text("")

    aws = serve(http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAWS))
    aws_endpoint = f"http://127.0.0.1:{aws.server_address[1]}"

    ca_cert, ca_key = staging_ca()
    corp_cert, corp_key = corporate_ca()
    api_dns = [HOST, f"ip-172-16-63-26.{REGION}.compute.internal", "kubernetes", "kubernetes.default",
               "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"]
    api_cert, api_key = leaf(ca_cert, ca_key, "eksplain staging kube-apiserver", "kube-apiserver", api_dns,
                             ["10.100.0.1", "172.16.63.26"], 0x4A3F9C21B7E05D18)
    mitm_cert, mitm_key = leaf(corp_cert, corp_key, "eksplain corporate proxy leaf", HOST, [HOST], [],
                               0x7B2E40C19D3A5F66)
    backends = {"good": serve(TLSServer(tls_context(tmp, "apiserver", api_cert, api_key))),
                "mitm": serve(TLSServer(tls_context(tmp, "mitm", mitm_cert, mitm_key, [corp_cert])))}
    proxy = serve(Proxy(("127.0.0.1", 0), ProxyHandler))

    try:
        kc = tmp / "kubeconfig"
        kc_text = update_kubeconfig(tmp, aws_endpoint, kc)
        if kc_text != (world.OUT / "kubeconfig-staging.yaml").read_text():
            sys.exit("update-kubeconfig wrote other bytes than tests/data/aws-cli/kubeconfig-staging.yaml")
        kc_role = tmp / "kubeconfig-role"
        write("kubeconfig-staging-role.yaml", update_kubeconfig(tmp, aws_endpoint, kc_role, "--role-arn", DENIED_ROLE))
        k = Kubectl(tmp, aws_endpoint, proxy.server_address[1])
        plan = captures(tmp, kc, kc_role, aws_endpoint)
        write("kubeconfig-v1alpha1.yaml", (tmp / "kubeconfig-v1alpha1.yaml").read_text())
        write("kubeconfig-custom-host.yaml", (tmp / "kubeconfig-custom-host.yaml").read_text())
        for name, args, config, rc, opts, mode, style, backend in plan:
            Cluster.mode, Cluster.style, Proxy.backend = mode, style, backends[backend].server_address[1]
            opts = dict(opts)
            cache = tmp / "kube-home-sso-cache.json" if opts.pop("sso_cache", False) else None
            for attempt in range(40):
                if cache:
                    opts["pre"] = lambda home: sso_cache(home)
                _, out, err = k.run(args, config, expect_rc=rc, **opts)
                # describe walks a Go map: the order of data keys differs run to run; keep the sorted one
                if not name.startswith("describe") or out.index("mapRoles:") < out.index("mapUsers:"):
                    break
            else:
                sys.exit(f"{name}: never printed mapRoles before mapUsers")
            ext = {"-json": ".json", "-yaml": ".yaml"}.get(name[name.rfind("-"):], ".txt")
            if name.startswith("config-view"):
                ext = ".yaml"
            if out:
                write(f"{name}.stdout{ext if ext != '.txt' else '.txt'}", out)
            if err:
                write(f"{name}.stderr.txt", err)
            if not out and not err:
                sys.exit(f"{name}: printed nothing")
    finally:
        for s in (aws, *backends.values(), proxy):
            s.shutdown()
        shutil.rmtree(KUBE_DIR, ignore_errors=True)

    # Checks that each run reached what it was meant to.
    if not any(p.get("RoleSessionName") == "EKSGetTokenAuth" for m, _, p in world.FakeAWS.seen):
        sys.exit("get-token never sent AssumeRole")
    seen = {(mode, method, path.split("?")[0], bearer) for mode, method, path, bearer in Cluster.seen}
    for want in [("unauthorized", "GET", "/api", True), ("ok", "GET", "/api/v1/namespaces/default/pods", True),
                 ("ok", "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", True),
                 ("ok", "GET", "/api/v1/namespaces/kube-system/configmaps/aws-auth", True),
                 ("ok", "GET", "/api/v1/namespaces/kube-system/events", True)]:
        if want not in seen:
            sys.exit(f"the API server never saw {want}")
    print(len(Cluster.seen), "API requests,", len(Proxy.seen), "proxied connections")


def sso_cache(home):
    d = home / ".aws" / "sso" / "cache"
    d.mkdir(parents=True)
    (d / (hashlib.sha1(b"corp").hexdigest() + ".json")).write_text(json.dumps(SSO_CACHE))


if __name__ == "__main__":
    main()
