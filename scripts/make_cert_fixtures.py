"""Make certificate fixtures with openssl, and the values openssl reports for them.

Writes
- tests/data/cert/odd/*.pem (EC P-256/P-384, Ed25519, RSA 4096, SANs, a 150-bit serial, an
  expired certificate, a chain of three; and, made once and kept, RSA 2047, EC P-521 and an
  empty subject named by a SAN);
- tests/data/cert/eks-ca.pem and eks-ca.b64: a certificate shaped like an EKS cluster CA (see
  make_eks_ca) and its certificate-authority-data form (base64 of the PEM, one line);
- tests/data/cert/ca-certificates.crt: Debian's CA bundle rebuilt from the Debian package's own
  certificates only (the .crt files `ca-certificates` installs under
  /usr/share/ca-certificates/mozilla/), in the order update-ca-certificates writes them; never
  /etc/ssl/certs/ca-certificates.crt, which also holds whatever local CAs the machine added;
- tests/data/cert/expected.json: for every certificate of every fixture file, openssl's subject,
  issuer, serial, validity, SHA-256/SHA-1 fingerprints, key description and SPKI pin, plus the
  openssl and ca-certificates package versions used.

Run: python3 scripts/make_cert_fixtures.py [--no-odd] [--no-eks-ca]
  (needs openssl, and Debian's ca-certificates package: apt-get install ca-certificates;
  private keys are not kept). --no-odd / --no-eks-ca keep those certificates as committed and
  only rebuild the bundle and expected.json.
"""
import base64
import datetime
import hashlib
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CERT = ROOT / "tests" / "data" / "cert"
ODD = CERT / "odd"


def run(*args, stdin=None):
    return subprocess.run(args, input=stdin, check=True, capture_output=True, text=True).stdout


def make_odd(tmp):
    t = pathlib.Path(tmp)

    def key(name, *spec):
        path = t / f"{name}.key"
        run("openssl", "genpkey", *spec, "-out", str(path))
        return path

    def selfsigned(name, keyfile, subj, *extra):
        run("openssl", "req", "-x509", "-new", "-key", str(keyfile), "-subj", subj, "-days", "825",
            "-out", str(ODD / f"{name}.pem"), *extra)

    selfsigned("ec-p256", key("p256", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"), "/CN=ec p256/O=eksplain tests")
    selfsigned("ec-p384", key("p384", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"), "/CN=ec p384/O=eksplain tests", "-sha384")
    selfsigned("ed25519", key("ed", "-algorithm", "ED25519"), "/CN=ed25519/O=eksplain tests")
    rsa = key("rsa4096", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096")
    selfsigned("rsa4096", rsa, "/C=DE/ST=Berlin/L=Berlin/O=eksplain tests/OU=Platform/CN=rsa 4096/emailAddress=ops@example.com")
    selfsigned("sans", key("sans", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"), "/CN=api.example.internal",
               "-addext", "subjectAltName=DNS:api.example.internal,DNS:*.example.internal,IP:10.0.0.1,IP:fd00::1,URI:spiffe://example/ns/x,email:ops@example.com",
               "-addext", "extendedKeyUsage=serverAuth,clientAuth", "-addext", "keyUsage=critical,digitalSignature")
    # A 150-bit serial (openssl takes it in hex).
    selfsigned("serial150", key("s150", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"), "/CN=long serial",
               "-set_serial", "0x" + "2" + "f" * 37)
    # An expired certificate: signed by a throwaway CA with explicit dates (openssl ca).
    ca_key = key("ca", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")
    ca_pem = t / "ca.pem"
    run("openssl", "req", "-x509", "-new", "-key", str(ca_key), "-subj", "/CN=expired test CA", "-days", "3650", "-out", str(ca_pem))
    (t / "index.txt").write_text("")
    (t / "ca.cnf").write_text(f"""[ca]
default_ca = d
[d]
database = {t}/index.txt
new_certs_dir = {t}
certificate = {ca_pem}
private_key = {ca_key}
default_md = sha256
policy = p
serial = {t}/serial
[p]
commonName = supplied
""")
    (t / "serial").write_text("1000\n")
    leaf_key = key("leaf", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")
    run("openssl", "req", "-new", "-key", str(leaf_key), "-subj", "/CN=expired leaf", "-out", str(t / "leaf.csr"))
    run("openssl", "ca", "-batch", "-config", str(t / "ca.cnf"), "-in", str(t / "leaf.csr"), "-out", str(t / "expired.pem"),
        "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-notext")
    shutil.copy(t / "expired.pem", ODD / "expired.pem")
    # A chain of three: root → intermediate → leaf, written leaf first as servers send it.
    root_key = key("root", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")
    run("openssl", "req", "-x509", "-new", "-key", str(root_key), "-subj", "/CN=eksplain test root", "-days", "3650",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", str(t / "root.pem"))
    int_key = key("int", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384")
    run("openssl", "req", "-new", "-key", str(int_key), "-subj", "/CN=eksplain test intermediate", "-out", str(t / "int.csr"))
    (t / "int.ext").write_text("basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    run("openssl", "x509", "-req", "-in", str(t / "int.csr"), "-CA", str(t / "root.pem"), "-CAkey", str(root_key), "-set_serial", "7",
        "-days", "1825", "-extfile", str(t / "int.ext"), "-out", str(t / "int.pem"))
    srv_key = key("srv", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")
    run("openssl", "req", "-new", "-key", str(srv_key), "-subj", "/CN=server.example.internal", "-out", str(t / "srv.csr"))
    (t / "srv.ext").write_text("basicConstraints=CA:FALSE\nsubjectAltName=DNS:server.example.internal\nextendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid\n")
    run("openssl", "x509", "-req", "-in", str(t / "srv.csr"), "-CA", str(t / "int.pem"), "-CAkey", str(int_key), "-set_serial", "8",
        "-days", "397", "-extfile", str(t / "srv.ext"), "-out", str(t / "srv.pem"))
    (ODD / "chain.pem").write_text("".join((t / n).read_text() for n in ("srv.pem", "int.pem", "root.pem")))


def make_eks_ca(tmp):
    """A self-signed CA shaped like an EKS cluster CA, as `aws eks describe-cluster` returns in
    cluster.certificateAuthority.data.

    The shape is copied from a real one published with its base64 in
    https://www.nickaws.net/aws/2018/08/16/Verifying-digital-certificates.html (decoded: serial 0,
    subject and issuer CN=kubernetes as a PrintableString, RSA 2048, sha256WithRSAEncryption, valid
    3650 days, and exactly two extensions, keyUsage critical digitalSignature, keyEncipherment,
    keyCertSign and basicConstraints critical CA:TRUE, with no key identifiers). That is what Go's
    crypto/x509 writes for client-go's NewSelfSignedCACert of that time; newer Go versions also add
    a subject key identifier, which this fixture does not have.
    The dates are fixed (those of the first fixture) so that tests with a fixed `now` hold; the key
    is new on every run, so fingerprints change and expected.json is rewritten with them.
    """
    t = pathlib.Path(tmp)
    (t / "index.txt").write_text("")
    (t / "serial").write_text("00\n")
    (t / "eks.cnf").write_text(f"""[req]
distinguished_name = dn
prompt = no
string_mask = default
[dn]
CN = kubernetes
[ca]
default_ca = d
[d]
database = {t}/index.txt
new_certs_dir = {t}
default_md = sha256
policy = p
serial = {t}/serial
email_in_dn = no
[p]
commonName = supplied
[ext]
keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign
basicConstraints = critical, CA:TRUE
subjectKeyIdentifier = none
authorityKeyIdentifier = none
""")
    key = t / "eks.key"
    run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(key))
    run("openssl", "req", "-new", "-key", str(key), "-config", str(t / "eks.cnf"), "-out", str(t / "eks.csr"))
    run("openssl", "ca", "-batch", "-selfsign", "-config", str(t / "eks.cnf"), "-keyfile", str(key),
        "-in", str(t / "eks.csr"), "-out", str(t / "eks.pem"), "-extensions", "ext", "-preserveDN", "-notext",
        "-startdate", "20261128110438Z", "-enddate", "20361125110438Z")
    pem = run("openssl", "x509", "-in", str(t / "eks.pem"))
    (CERT / "eks-ca.pem").write_text(pem)
    (CERT / "eks-ca.b64").write_text(base64.b64encode(pem.encode()).decode())


def make_debian_bundle():
    """Rebuilds ca-certificates.crt from the ca-certificates package's own files; returns the
    package version. Fails if a file was changed since the package installed it."""
    version = run("dpkg-query", "-W", "-f=${Version}", "ca-certificates").strip()
    files = sorted(
        line for line in run("dpkg", "-L", "ca-certificates").splitlines()
        if line.startswith("/usr/share/ca-certificates/mozilla/") and line.endswith(".crt")
    )
    changed = [line for line in run("dpkg", "--verify", "ca-certificates").splitlines() if "/mozilla/" in line]
    if not files or changed:
        sys.exit(f"ca-certificates {version}: {len(files)} certificates, changed since install: {changed}")
    texts = [pathlib.Path(f).read_text() for f in files]
    for name, text in zip(files, texts):
        if text.count("-----BEGIN CERTIFICATE-----") != 1 or not text.endswith("-----END CERTIFICATE-----\n"):
            sys.exit(f"{name}: not one PEM certificate")
    (CERT / "ca-certificates.crt").write_text("".join(texts))
    print(f"wrote {CERT / 'ca-certificates.crt'}: {len(files)} certificates of Debian's ca-certificates {version}")
    return version


def openssl_date(text):
    return datetime.datetime.strptime(text.strip(), "%b %d %H:%M:%S %Y GMT").strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(pem):
    out = run("openssl", "x509", "-noout", "-subject", "-issuer", "-serial", "-startdate", "-enddate",
              "-nameopt", "utf8,sep_comma_plus_space,sname", stdin=pem)
    fields = dict(line.split("=", 1) for line in out.strip().splitlines())
    sha256 = run("openssl", "x509", "-noout", "-fingerprint", "-sha256", stdin=pem).strip().split("=", 1)[1]
    sha1 = run("openssl", "x509", "-noout", "-fingerprint", "-sha1", stdin=pem).strip().split("=", 1)[1]
    text = run("openssl", "x509", "-noout", "-text", stdin=pem)
    bits = re.search(r"Public-Key: \((\d+) bit\)", text)
    algo = re.search(r"Public Key Algorithm: (\S+)", text).group(1)
    curve = re.search(r"NIST CURVE: (\S+)", text)
    pubkey = run("openssl", "x509", "-noout", "-pubkey", stdin=pem)
    spki_der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pubkey.encode(), check=True, capture_output=True).stdout
    pin = base64.b64encode(hashlib.sha256(spki_der).digest()).decode()
    return {
        "spki_pin": "sha256//" + pin,
        "subject": fields["subject"].strip(),
        "issuer": fields["issuer"].strip(),
        "serial": fields["serial"].strip(),
        "not_before": openssl_date(fields["notBefore"]),
        "not_after": openssl_date(fields["notAfter"]),
        "sha256": sha256,
        "sha1": sha1,
        "key_algorithm": algo,
        "key_bits": int(bits.group(1)) if bits else None,
        "curve": curve.group(1) if curve else None,
    }


def make_sizes(tmp):
    """Key sizes that are not a whole number of bytes, or not what the point's length says: an
    RSA 2047-bit key (openssl: "2047 bit"; a byte count would say 2040 or 2048) and an EC P-521
    key (521 bits; the point is 133 bytes). Made once: existing files are kept, even with
    --no-odd, so the other fixtures need not change to add them."""
    t = pathlib.Path(tmp)
    for name, spec, subj, *extra in (
        ("rsa2047", ("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2047"), "/CN=rsa 2047/O=eksplain tests"),
        ("ec-p521", ("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"), "/CN=ec p521/O=eksplain tests"),
        # An empty subject, named only by its SAN (RFC 5280 allows it when the SAN is critical).
        ("empty-subject", ("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"), "/",
         "-addext", "subjectAltName=critical,DNS:example.test"),
    ):
        out = ODD / f"{name}.pem"
        if out.exists():
            continue
        keyfile = t / f"{name}.key"
        run("openssl", "genpkey", *spec, "-out", str(keyfile))
        run("openssl", "req", "-x509", "-new", "-key", str(keyfile), "-subj", subj, "-days", "825", "-out", str(out), *extra)


def main():
    ODD.mkdir(parents=True, exist_ok=True)
    if "--no-odd" not in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            make_odd(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        make_sizes(tmp)
    if "--no-eks-ca" not in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            make_eks_ca(tmp)
    package = make_debian_bundle()
    expected = {"openssl": run("openssl", "version").strip(), "ca-certificates": package}
    files = [CERT / "ca-certificates.crt", CERT / "eks-ca.pem"] + sorted(ODD.glob("*.pem"))
    for path in files:
        pems = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", path.read_text(), re.S)
        expected[str(path.relative_to(CERT))] = [describe(p) for p in pems]
    (CERT / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("wrote", CERT / "expected.json", sum(len(v) for v in expected.values() if isinstance(v, list)), "certificates")


if __name__ == "__main__":
    main()
