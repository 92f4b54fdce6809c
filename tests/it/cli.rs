//! The `eksplain` binary: arguments, output and exit status.

use std::io::Write;
use std::process::{Command, Stdio};

pub(crate) fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eksplain"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The CLI may exit (usage error) before reading stdin: a broken pipe here is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn data(rel: &str) -> String {
    format!("{}/tests/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn version_and_usage() {
    let (code, out, _) = run(&["--version"], "");
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("eksplain {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(run(&[], "").0, 2);
    assert_eq!(run(&["frobnicate"], "").0, 2);
    assert_eq!(run(&["inspect", "--bogus"], "").0, 2);
    let (code, _, err) = run(&["inspect", "--now", "yesterday"], "x");
    assert_eq!(code, 2);
    assert!(err.contains("RFC 3339"));
    assert_eq!(run(&["inspect", "/nonexistent/file"], "").0, 2);
}

#[test]
fn exit_status_follows_findings() {
    let doc: serde_json::Value =
        serde_json::from_str(&crate::fixture("token/minted.json")).unwrap();
    let case = &doc["cases"][1];
    let token = case["token"].as_str().unwrap();
    let fresh = eksplain::when::rfc3339(
        crate::at(case["minted_after"].as_str().unwrap()) + time::Duration::minutes(2),
    );
    let (code, out, _) = run(&["inspect", "--now", &fresh], token);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(case["account"].as_str().unwrap()));
    assert!(out.contains("valid for 1"), "{out}");
    let (code, out, _) = run(&["inspect", "--now", "2099-01-01T00:00:00Z"], token);
    assert_eq!(code, 1);
    assert!(out.contains("token.expired"));
    assert_eq!(run(&["inspect", "-"], "nothing to see here").0, 2);
    assert_eq!(run(&["inspect"], "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}\u{10}").0, 2);
}

#[test]
fn json_output_and_several_files() {
    let (code, out, _) = run(
        &[
            "inspect",
            "--json",
            "--now",
            "2027-01-01T00:00:00Z",
            &data("cert/eks-ca.pem"),
            &data("cert/eks-ca.b64"),
        ],
        "",
    );
    assert_eq!(code, 0, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["schema"], "eksplain.report/v1");
    assert_eq!(report["now"], "2027-01-01T00:00:00Z");
    assert_eq!(report["inputs"].as_array().unwrap().len(), 2);
    let kinds: Vec<&str> = report["artefacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["pem-certificate", "certificate-authority-data"]);
    assert_eq!(report["artefacts"][1]["source"]["input"], 1);
    let fields = report["artefacts"][0]["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["key"] == "subject" && f["value"] == "CN=kubernetes"));
}

#[test]
fn secrets_are_abbreviated_unless_asked() {
    let doc: serde_json::Value =
        serde_json::from_str(&crate::fixture("token/minted.json")).unwrap();
    let token = doc["cases"][0]["token"].as_str().unwrap();
    let (_, out, _) = run(&["inspect", "--color", "never"], token);
    assert!(!out.contains(token));
    let (_, out, _) = run(&["inspect", "--show-secrets"], token);
    assert!(out.contains(token));
}

#[test]
fn the_story_from_two_files() {
    let (code, out, _) =
        run(&["inspect", &data("story/caller-ci.json"), &data("story/aws-auth-laptop.yaml")], "");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("access.not-mapped"));
    assert!(out.contains("- rolearn: arn:aws:iam::111122223333:role/ci-agent"), "{out}");
    let (code, out, _) =
        run(&["inspect", &data("story/caller-ci.json"), &data("story/aws-auth-fixed.yaml")], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("access.mapped"));
    assert!(out.contains("ci-agent:i-0a1b2c3d4e5f67890"));
}

#[test]
fn gen_prints_snippets_and_rejects_bad_input() {
    let (code, out, _) = run(
        &[
            "gen",
            "aws-auth",
            "--principal",
            "arn:aws:sts::111122223333:assumed-role/ci-agent/x",
            "--group",
            "deployers",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(out.contains("- rolearn: arn:aws:iam::111122223333:role/ci-agent\n"), "{out}");
    assert!(out.contains("- \"deployers\""), "{out}");
    let (code, out, _) = run(
        &["gen", "all", "--principal=arn:aws:iam::111122223333:user/jane", "--cluster", "prod"],
        "",
    );
    assert_eq!(code, 0);
    assert!(out.contains("aws eks create-access-entry --cluster-name prod"), "{out}");
    let (code, _, err) = run(&["gen", "aws-auth", "--principal", "arn:aws:s3:::bucket"], "");
    assert_eq!(code, 2);
    assert!(err.contains("not an IAM role, user or assumed-role ARN"), "{err}");
    assert_eq!(run(&["gen", "nope", "--principal", "arn:aws:iam::1:role/x"], "").0, 2);
    assert_eq!(run(&["gen", "aws-auth"], "").0, 2);
}
