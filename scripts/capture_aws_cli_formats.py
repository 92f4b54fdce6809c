"""Capture real AWS CLI v1 output in its other formats (text, table, yaml) and the access-entry calls.

Uses the fake AWS of scripts/capture_aws_cli.py (imported, not copied: same world, same clusters,
same CA) with a few more answers: a successful GetCallerIdentity for the ci-agent role of
tests/data/story/caller-ci.json, and EKS access entries for the `staging` cluster (the one
scripts/capture_kubectl.py runs kubectl against). Writes tests/data/aws-cli/formats/; see the
README.md there.

`aws eks get-token` signs with the clock: the script runs the same CLI (awscli.clidriver.main) in a
Python whose awscli/botocore clock functions return 2026-11-28T12:00:00Z, so the token is the same
every run. Everything else is the CLI as installed. Re-running gives identical files.

Run: python3 scripts/capture_aws_cli_formats.py
"""
import datetime
import http.server
import json
import pathlib
import subprocess
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import capture_aws_cli as world  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "aws-cli" / "formats"
ACCOUNT, REGION = world.ACCOUNT, world.REGION
CI_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ci-agent"
NODE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/eks-staging-node-group-role"
SSO_ROLE = (f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/{REGION}/"
            "AWSReservedSSO_AdministratorAccess_0123456789abcdef")
FROZEN = "2026-11-28T12:00:00"


def entry(principal, kind, username, groups, created, suffix):
    role_name = principal.rsplit("/", 1)[1]
    return {"clusterName": "staging", "principalArn": principal, "kubernetesGroups": groups,
            "accessEntryArn": f"arn:aws:eks:{REGION}:{ACCOUNT}:access-entry/staging/role/{ACCOUNT}/{role_name}/{suffix}",
            "createdAt": world.epoch(created, 311), "modifiedAt": world.epoch(created, 311), "tags": {},
            "username": username, "type": kind}


ENTRIES = [
    entry(NODE_ROLE, "EC2_LINUX", "system:node:{{EC2PrivateDNSName}}", ["system:nodes"], "2026-10-02T08:31:07Z",
          "a2c9b6e4-1f3d-7a85-0e4b-6d2f8c1a9e53"),
    entry(SSO_ROLE, "STANDARD",
          f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/{{{{SessionName}}}}",
          [], "2026-10-02T08:04:52Z", "46c9b6e4-0a7d-3c21-5f8e-9b1d2a4c6e70"),
    entry(CI_ROLE, "STANDARD", f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-agent/{{{{SessionName}}}}", [],
          "2026-11-27T15:58:40Z", "f8c9b6e4-3b2a-91d0-7e6c-5a4f3e2d1c0b"),
]
POLICIES = {
    SSO_ROLE: [{"policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                "accessScope": {"type": "cluster", "namespaces": []},
                "associatedAt": world.epoch("2026-10-02T08:04:52Z", 540),
                "modifiedAt": world.epoch("2026-10-02T08:04:52Z", 540)}],
    CI_ROLE: [{"policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
               "accessScope": {"type": "namespace", "namespaces": ["apps"]},
               "associatedAt": world.epoch("2026-11-27T15:59:02Z", 118),
               "modifiedAt": world.epoch("2026-11-27T15:59:02Z", 118)}],
}


class FakeAWS(world.FakeAWS):
    def do_GET(self):
        parts = [urllib.parse.unquote(p) for p in self.path.split("?", 1)[0].strip("/").split("/")]
        doc = None
        if parts[:3] == ["clusters", "staging", "access-entries"]:
            by_arn = {e["principalArn"]: e for e in ENTRIES}
            if len(parts) == 3:
                doc = {"accessEntries": [e["principalArn"] for e in ENTRIES]}
            elif len(parts) == 4 and parts[3] in by_arn:
                doc = {"accessEntry": by_arn[parts[3]]}
            elif len(parts) == 5 and parts[4] == "access-policies" and parts[3] in by_arn:
                doc = {"clusterName": "staging", "principalArn": parts[3],
                       "associatedAccessPolicies": POLICIES.get(parts[3], [])}
        if doc is None:
            return super().do_GET()
        world.FakeAWS.seen.append(("GET", self.path, {}))
        self._send(200, "application/json", json.dumps(doc, separators=(",", ":")), world.request_id(self.path))

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        params = dict(urllib.parse.parse_qsl(body))
        world.FakeAWS.seen.append(("POST", self.path, params))
        if params.get("Action") == "GetCallerIdentity":
            answer = world.query_response("sts", "GetCallerIdentity", {
                "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-agent/i-0a1b2c3d4e5f67890",
                "UserId": "AROAYSCEXAMPLECIAGENT:i-0a1b2c3d4e5f67890",
                "Account": ACCOUNT})
        else:
            answer = world.answer_query(params) or world.query_error("sts", "Unknown", 400, "InvalidAction", body[:200])
        self._send(*answer)


# The real CLI, with the clock awscli and botocore read fixed (for get-token's signature and expiry).
FROZEN_CLI = f"""
import datetime, sys
import awscli.compat, botocore.compat, botocore.auth
import awscli.customizations.eks.get_token as gt
def now(remove_tzinfo=True):
    t = datetime.datetime.fromisoformat("{FROZEN}").replace(tzinfo=datetime.timezone.utc)
    return t.replace(tzinfo=None) if remove_tzinfo else t
for m in (awscli.compat, botocore.compat, botocore.auth, gt):
    if hasattr(m, "get_current_datetime"):
        m.get_current_datetime = now
import awscli.clidriver
sys.exit(awscli.clidriver.main())
"""


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAWS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory(prefix="eksplain-aws-cli-formats-") as t:
            tmp = pathlib.Path(t)
            (tmp / "home").mkdir()
            (tmp / "aws-config").write_text("")
            (tmp / "aws-credentials").write_text("")

            def run(name, args, session=False, frozen=False):
                cmd = ([sys.executable, "-c", FROZEN_CLI] if frozen else ["aws"]) + args
                if not frozen:
                    cmd += ["--endpoint-url", endpoint]
                p = subprocess.run(cmd, env=world.cli_env(tmp, session), capture_output=True, text=True, cwd=OUT)
                if p.returncode or p.stderr:
                    sys.exit(f"{args}: exit {p.returncode}\n{p.stderr}")
                (OUT / name).write_text(p.stdout, encoding="utf-8")
                print("wrote", (OUT / name).relative_to(ROOT))

            for fmt in ("json", "text", "table"):
                run(f"get-caller-identity.{fmt if fmt != 'table' else 'table.txt'}".replace(".text", ".txt"),
                    ["sts", "get-caller-identity", "--output", fmt])
            run("describe-cluster-prod.txt", ["eks", "describe-cluster", "--name", "prod", "--output", "text"])
            run("describe-cluster-staging.json", ["eks", "describe-cluster", "--name", "staging"])
            run("list-access-entries.json", ["eks", "list-access-entries", "--cluster-name", "staging"])
            for short, arn in (("ci-agent", CI_ROLE), ("node", NODE_ROLE), ("sso-admin", SSO_ROLE)):
                run(f"describe-access-entry-{short}.json",
                    ["eks", "describe-access-entry", "--cluster-name", "staging", "--principal-arn", arn])
            run("list-associated-access-policies-ci-agent.json",
                ["eks", "list-associated-access-policies", "--cluster-name", "staging", "--principal-arn", CI_ROLE])
            for fmt in ("json", "text"):
                ext = {"text": "txt"}.get(fmt, fmt)
                run(f"get-token.{ext}", ["--region", REGION, "eks", "get-token", "--cluster-name", "staging",
                                         "--output", fmt], session=True, frozen=True)
            # AWS CLI v1 has no yaml output (v2 has): check that this is still so.
            p = subprocess.run(["aws", "sts", "get-caller-identity", "--output", "yaml", "--endpoint-url", endpoint],
                               env=world.cli_env(tmp), capture_output=True, text=True)
            if p.returncode != 2 or "Invalid choice" not in p.stderr:
                sys.exit("this aws CLI accepts --output yaml: capture it")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
