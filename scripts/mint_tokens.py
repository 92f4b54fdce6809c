"""Mint EKS tokens with the real AWS CLI (`aws eks get-token`), offline, with fake credentials.

Writes tests/data/token/minted.json: for each case the values used to mint (region, endpoint
setting, key ID and the account encoded in it, session token, cluster) and what the CLI printed.
`aws eks get-token` signs locally; no request is sent. Run: python3 scripts/mint_tokens.py
"""
import base64
import datetime
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "token" / "minted.json"


def key_id(prefix, account, salt):
    """A new-format access key ID that encodes `account` (inverse of the decode in eks-auth.md §4)."""
    z = (1 << 47) | (account << 7) | (salt & 0x7F)
    raw = z.to_bytes(6, "big") + (salt * 2654435761 & 0xFFFFFFFF).to_bytes(4, "big")
    return prefix + base64.b32encode(raw).decode()


CASES = [
    # name, region, sts_regional_endpoints, account, temporary credentials?
    ("us-east-1-regional-session", "us-east-1", "regional", 111122223333, True),
    ("us-west-2-regional-session", "us-west-2", "regional", 29608264753, True),
    ("eu-west-1-regional-longterm", "eu-west-1", "regional", 444455556666, False),
    ("eu-central-1-regional-session", "eu-central-1", "regional", 123456789012, True),
    ("ap-southeast-2-regional-session", "ap-southeast-2", "regional", 210987654321, True),
    ("ap-northeast-1-regional-longterm", "ap-northeast-1", "regional", 1, False),
    ("sa-east-1-regional-session", "sa-east-1", "regional", 999999999999, True),
    ("af-south-1-regional-session", "af-south-1", "regional", 555566667777, True),
    ("me-south-1-legacy-session", "me-south-1", "legacy", 777788889999, True),
    ("us-east-1-global-session", "us-east-1", "legacy", 111122223333, True),
    ("us-west-2-global-longterm", "us-west-2", "legacy", 222233334444, False),
    ("cn-north-1-regional-session", "cn-north-1", "regional", 333344445555, True),
    ("cn-northwest-1-regional-longterm", "cn-northwest-1", "regional", 666677778888, False),
    ("us-gov-west-1-regional-session", "us-gov-west-1", "regional", 888899990000, True),
    ("us-gov-east-1-regional-longterm", "us-gov-east-1", "regional", 101010101010, False),
]


def mint(name, region, endpoints, account, temporary, salt):
    key = key_id("ASIA" if temporary else "AKIA", account, salt)
    cluster = "cluster-" + name
    session = None
    env = dict(os.environ)
    for var in list(env):
        if var.startswith("AWS_"):
            del env[var]
    env.update({
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": "fake/secret/key/for/offline/signing/only000",
        "AWS_STS_REGIONAL_ENDPOINTS": endpoints,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    if temporary:
        # Real session tokens are long opaque base64; this fake one has the same alphabet.
        session = base64.b64encode(("FwoGZXIvYXdzE-fake-session-" + name).encode() * 9).decode()
        env["AWS_SESSION_TOKEN"] = session
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    out = subprocess.run(
        ["aws", "eks", "get-token", "--cluster-name", cluster, "--region", region, "--output", "json"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
    after = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(seconds=1)
    exec_credential = json.loads(out)
    token = exec_credential["status"]["token"]
    padded = token[len("k8s-aws-v1."):] + "=" * (-len(token[len("k8s-aws-v1."):]) % 4)
    url = base64.urlsafe_b64decode(padded).decode()
    return {
        "name": name,
        "region": region,
        "sts_regional_endpoints": endpoints,
        "access_key_id": key,
        "account": "%012d" % account,
        "session_token": session,
        "cluster": cluster,
        "minted_after": before.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "minted_before": after.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "exec_credential": out,
        "token": token,
        "url": url,
    }


def main():
    version = subprocess.run(["aws", "--version"], check=True, capture_output=True, text=True)
    cases = [mint(*case, salt=idx + 1) for idx, case in enumerate(CASES)]
    doc = {"aws_cli_version": (version.stdout or version.stderr).strip(), "cases": cases}
    OUT.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print("wrote", OUT, len(cases), "tokens")


if __name__ == "__main__":
    main()
