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

/// Runs the binary on files only (stdin closed).
fn run_files(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_eksplain"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn dev_zero_is_cut_at_the_cap_at_once() {
    let started = std::time::Instant::now();
    let (code, out, _) = run(&["inspect", "--json", "/dev/zero"], "");
    let elapsed = started.elapsed();
    assert!(elapsed.as_millis() < 1000, "took {elapsed:?}");
    assert_eq!(code, 2, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let cut = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "input.too-large")
        .unwrap_or_else(|| panic!("no input.too-large in {out}"));
    assert!(cut["message"].as_str().unwrap().contains("cut at 2 MiB"), "{cut}");
}

#[test]
fn a_stream_that_never_closes_is_cut_at_the_cap() {
    // As `yes | eksplain inspect`: the writer never stops; eksplain stops reading at the cap,
    // answers, and exits (the writer then gets a broken pipe).
    let mut child = Command::new(env!("CARGO_BIN_EXE_eksplain"))
        .args(["inspect", "--color", "never"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let line = "y\n".repeat(4096);
        let mut written = 0usize;
        while stdin.write_all(line.as_bytes()).is_ok() {
            written += line.len();
        }
        written
    });
    let started = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("input.too-large") && text.contains("cut at 2 MiB"), "{text}");
    assert!(written < 8 * 1024 * 1024, "read far past the cap: {written} bytes written");
}

#[test]
fn a_fifo_and_a_large_file_are_read_up_to_the_cap() {
    let dir = std::env::temp_dir().join(format!("eksplain-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.txt");
    let token = serde_json::from_str::<serde_json::Value>(&crate::fixture("token/minted.json"))
        .unwrap()["cases"][0]["token"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(&big, format!("{token}\n\n{}", "word ".repeat(1_000_000))).unwrap();
    let (code, out, _) = run_files(&["inspect".as_ref(), "--json".as_ref(), big.as_os_str()]);
    assert!(code == 0 || code == 1, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["artefacts"][0]["kind"], "eks-token");
    assert!(out.contains("cut at 2 MiB"), "{out}");

    let fifo = dir.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            let chunk = "arn:aws:iam::111122223333:role/x\n".repeat(1000);
            while f.write_all(chunk.as_bytes()).is_ok() {}
        });
        let (_, out, err) = run_files(&["inspect".as_ref(), fifo.as_os_str()]);
        writer.join().unwrap();
        assert!(out.contains("cut at 2 MiB"), "{out}\n{err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_inputs_are_a_clear_usage_error() {
    let (code, out, err) = run(&["inspect", "/nonexistent/file.yaml"], "");
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("cannot read /nonexistent/file.yaml"), "{err}");
    let dir = env!("CARGO_MANIFEST_DIR");
    let (code, _, err) = run(&["inspect", dir], "");
    assert_eq!(code, 2);
    assert!(err.contains(&format!("cannot read {dir}: it is a directory")), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let name = std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9.yaml");
        let (code, out, err) = run_files(&["inspect".as_ref(), name]);
        assert_eq!(code, 2, "{out}");
        assert!(err.contains("caf\\xE9.yaml") && err.contains("not valid UTF-8"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn redact_takes_every_secret_out_of_text_and_json() {
    let doc: serde_json::Value =
        serde_json::from_str(&crate::fixture("token/minted.json")).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let url = case["url"].as_str().unwrap();
        let signature = &url.split("X-Amz-Signature=").nth(1).unwrap()[..64];
        let token = case["token"].as_str().unwrap();
        let session = case["session_token"].as_str();
        let account = case["account"].as_str().unwrap();
        let now = "2026-11-28T11:10:00Z";
        let (_, plain, _) =
            run(&["inspect", "--json", "--now", now], case["exec_credential"].as_str().unwrap());
        for args in [
            vec!["inspect", "--json", "--redact", "--now", now],
            vec!["inspect", "--redact", "--show-secrets", "--color", "never", "--now", now],
        ] {
            let (code, out, _) = run(&args, case["exec_credential"].as_str().unwrap());
            assert!(code == 0 || code == 1, "{out}");
            assert!(!out.contains(signature) && !out.contains(&signature[..8]), "{out}");
            assert!(!out.contains(token) && !out.contains(&token[token.len() - 40..]), "{out}");
            if let Some(session) = session {
                assert!(!out.contains(&session[..40]), "session token in {out}");
                assert!(!out.contains(&session[session.len() - 40..]), "session token in {out}");
            }
            assert!(out.contains("[redacted: bearer token, "), "{out}");
            assert_eq!(out.contains(account), plain.contains(account), "{out}");
            let region = case["region"].as_str().unwrap();
            assert_eq!(out.contains(region), plain.contains(region), "{out}");
            assert!(out.contains("sts."), "{out}");
            assert!(out.contains("token.locally-valid") || out.contains("token.expired"), "{out}");
        }
    }
}
