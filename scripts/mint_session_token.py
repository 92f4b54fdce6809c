"""Mint an EKS token with the real AWS CLI from the session credentials in
tests/data/aws-cli/assume-role.json (offline: `aws eks get-token` signs locally).

Writes tests/data/aws-cli/get-token-from-assume-role.json: the ExecCredential the CLI printed.
The credentials expire at 2026-11-28T13:00:00Z; the token is signed when this runs, so the
fixture shows a token signed with credentials that may already have expired.
Run: python3 scripts/mint_session_token.py
"""
import json
import os
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "aws-cli"

creds = json.loads((DATA / "assume-role.json").read_text())["Credentials"]
with tempfile.TemporaryDirectory() as home:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": home,
        "AWS_CONFIG_FILE": os.path.join(home, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
        "AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
        "AWS_SESSION_TOKEN": creds["SessionToken"],
        "AWS_STS_REGIONAL_ENDPOINTS": "regional",
    }
    out = subprocess.run(
        ["aws", "eks", "get-token", "--cluster-name", "prod", "--region", "us-west-2"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
(DATA / "get-token-from-assume-role.json").write_text(out)
print(json.loads(out)["status"]["expirationTimestamp"])
