//! The `eksplain` binary: arguments, output and exit status.

use std::io::Write;
use std::process::{Command, Stdio};

pub(crate) fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    run_with_env(args, stdin, &[])
}

fn run_with_env(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eksplain"))
        .args(args)
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
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
    // An unreadable file: exit 2 and a message that names it and says why.
    let (code, out, err) = run(&["inspect", "/nonexistent/file"], "");
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("eksplain: cannot read /nonexistent/file: No such file or directory"),
        "{err}"
    );
    let dir = data("cert");
    let (code, _, err) = run(&["inspect", &data("cert/eks-ca.pem"), &dir], "");
    assert_eq!(code, 2);
    assert!(err.starts_with(&format!("eksplain: cannot read {dir}: ")), "{err}");
}

#[test]
fn help_names_every_command_target_and_option() {
    for flag in ["--help", "-h", "help"] {
        let (code, out, err) = run(&[flag], "");
        assert_eq!(code, 0, "{flag}: {err}");
        assert!(
            out.starts_with("eksplain: decode and diagnose Amazon EKS authentication"),
            "{out}"
        );
        for word in ["inspect", "gen", "--version", "Exit status"] {
            assert!(out.contains(word), "{flag}: no {word} in {out}");
        }
        for option in [
            "--json",
            "--now RFC3339",
            "--show-secrets",
            "--color WHEN",
            "--principal ARN",
            "--username U",
            "--group G",
            "--policy NAME",
            "--namespace NS",
            "--cluster NAME",
            "--region R",
        ] {
            assert!(out.contains(option), "{flag}: no {option} in {out}");
        }
        for target in eksplain::generate::TARGETS {
            assert!(out.contains(target.name()), "{flag}: no target {}", target.name());
        }
    }
    // A usage error prints the same usage, on stderr.
    let (code, out, err) = run(&["inspect", "--bogus"], "");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with("eksplain: unknown option \"--bogus\"") && err.contains("Usage:"),
        "{err}"
    );
}

/// Whether the output holds ANSI colour escapes.
fn coloured(out: &str) -> bool {
    out.contains("\x1b[")
}

#[test]
fn color_always_never_and_no_color() {
    let pem = data("cert/eks-ca.pem");
    let args = |color: &'static str| ["inspect", "--now", "2027-01-01T00:00:00Z", "--color", color];
    let inspect = |color: &'static str, env: &[(&str, &str)]| {
        let mut all = args(color).to_vec();
        all.push(&pem);
        let (code, out, _) = run_with_env(&all, "", env);
        assert_eq!(code, 0, "{out}");
        out
    };
    assert!(coloured(&inspect("always", &[])));
    assert!(coloured(&inspect("always", &[("NO_COLOR", "1")])), "an explicit --color wins");
    assert!(!coloured(&inspect("never", &[])));
    assert!(!coloured(&inspect("auto", &[])), "not a terminal");
    let (code, _, err) = run(&["inspect", "--color", "sometimes", &pem], "");
    assert_eq!(code, 2);
    assert!(err.contains("--color takes auto, always or never"), "{err}");
    // On a terminal (util-linux `script` gives the CLI one), auto colours unless NO_COLOR is set.
    let on_terminal = |env: &[(&str, &str)]| {
        let command = format!(
            "'{}' inspect --now 2027-01-01T00:00:00Z '{pem}'",
            env!("CARGO_BIN_EXE_eksplain")
        );
        let out = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .output()
            .expect("the `script` command (util-linux) runs the CLI on a terminal");
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("CN=kubernetes"), "{text}");
        text
    };
    assert!(coloured(&on_terminal(&[])));
    assert!(!coloured(&on_terminal(&[("NO_COLOR", "1")])));
}

#[test]
fn now_as_one_argument() {
    let doc: serde_json::Value =
        serde_json::from_str(&crate::fixture("token/minted.json")).unwrap();
    let token = doc["cases"][1]["token"].as_str().unwrap();
    let (code, out, _) = run(&["inspect", "--now=2099-01-01T00:00:00Z", "--json"], token);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["now"], "2099-01-01T00:00:00Z");
    assert!(out.contains("\"token.expired\""));
    let (code, _, err) = run(&["inspect", "--now=yesterday"], token);
    assert_eq!(code, 2);
    assert!(err.contains("RFC 3339") && err.contains("\"yesterday\""), "{err}");
    let (code, _, err) = run(&["inspect", "--now"], token);
    assert_eq!(code, 2);
    assert!(err.contains("--now needs a value"), "{err}");
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
    // JSON, made to be saved and passed on, is redacted as --redact does unless asked.
    let body = token.trim_start_matches("k8s-aws-v1.");
    let (code, out, _) = run(&["inspect", "--json"], token);
    assert_eq!(code, 1, "{out}"); // the fixture is long expired: the verdict is unchanged
    assert!(!out.contains(&body[..40]), "{out}");
    assert!(out.contains("[redacted: bearer token"), "{out}");
    assert!(out.contains("\"token.expired\""), "{out}");
    let (_, out, _) = run(&["inspect", "--json", "--show-secrets"], token);
    assert!(out.contains(token) && !out.contains("[redacted:"), "{out}");
}

#[test]
fn the_story_from_two_files() {
    let (code, out, _) =
        run(&["inspect", &data("story/caller-ci.json"), &data("story/aws-auth-laptop.yaml")], "");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("access.not-mapped"));
    assert!(out.contains("- rolearn: arn:aws:iam::111122223333:role/ci-agent"), "{out}");
    // The suggested entry says what it grants before anyone pastes it.
    assert!(out.contains("# system:masters is full, unrestricted cluster admin"), "{out}");
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
    // At once, not read forever: generous for a busy CI machine running a debug build.
    assert!(elapsed.as_secs() < 5, "took {elapsed:?}");
    assert_eq!(code, 2, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let cut = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "input.too-large")
        .unwrap_or_else(|| panic!("no input.too-large in {out}"));
    assert!(cut["message"].as_str().unwrap().contains("cut at 2 MiB"), "{cut}");
    // The byte read past the cap (to know there is more) is not counted anywhere.
    assert_eq!(report["inputs"][0]["bytes"], 2 * 1024 * 1024, "{out}");
    assert!(out.contains("binary data (at least 2,097,152 bytes)"), "{out}");
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

#[test]
fn gen_takes_every_option() {
    let role = "arn:aws:iam::111122223333:role/platform/ci";
    let (code, out, err) = run(
        &[
            "gen",
            "aws-cli",
            &format!("--principal={role}"),
            "--username",
            "ci:{{SessionName}}",
            "--group",
            "deployers",
            "--group=viewers",
            "--policy",
            "AmazonEKSViewPolicy",
            "--namespace",
            "apps",
            "--namespace",
            "dev-*",
            "--cluster",
            "prod",
            "--region=eu-west-1",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    for expected in [
        "aws eks create-access-entry --cluster-name prod --region eu-west-1 \\\n",
        &format!("--principal-arn {role} \\\n"),
        "--username 'ci:{{SessionName}}'",
        "--kubernetes-groups deployers viewers\n",
        "--policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
        "--access-scope 'type=namespace,namespaces=apps,dev-*'",
    ] {
        assert!(out.contains(expected), "no {expected:?} in\n{out}");
    }
    // --arn is the same as --principal; aws-auth takes the path-less role ARN.
    let (code, out, _) = run(&["gen", "aws-auth", "--arn", role, "--group", "deployers"], "");
    assert_eq!(code, 0);
    assert!(out.contains("- rolearn: arn:aws:iam::111122223333:role/ci\n"), "{out}");
    let (code, out, _) = run(
        &["gen", "kubeconfig", "--principal", role, "--cluster", "prod", "--region", "eu-west-1"],
        "",
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("aws eks update-kubeconfig --name prod --region eu-west-1 --role-arn"),
        "{out}"
    );
    // Every target by name, and `all` prints each target's title once.
    for target in eksplain::generate::TARGETS {
        let (code, out, err) = run(&["gen", target.name(), "--principal", role], "");
        assert_eq!(code, 0, "{}: {err}", target.name());
        assert!(out.contains(target.title()), "{}: {out}", target.name());
    }
    let (_, all, _) = run(&["gen", "all", "--principal", role], "");
    for target in eksplain::generate::TARGETS {
        assert!(all.contains(target.title()), "all: no {}", target.title());
    }
    // Options that need a value say so; a second target is refused.
    let (code, _, err) = run(&["gen", "aws-auth", "--principal"], "");
    assert_eq!(code, 2);
    assert!(err.contains("--principal needs a value"), "{err}");
    let (code, _, err) = run(&["gen", "aws-auth", "eksctl", "--principal", role], "");
    assert_eq!(code, 2);
    assert!(err.contains("gen takes one TARGET"), "{err}");
}

/// By default the text report shows a secret's first quarter (at most 16 characters) and its
/// length, however short it is; a `--redact` marker is shown whole.
#[test]
fn text_report_abbreviates_short_secrets_and_keeps_markers_whole() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let session = "FwoGZXIvShort1234";
    let input = format!(
        r#"{{"Credentials":{{"AccessKeyId":"ASIAYSCEXAMPLE7KEY01","SecretAccessKey":"{secret}","SessionToken":"{session}","Expiration":"2026-11-28T12:00:00Z"}}}}"#
    );
    let (_, out, _) =
        run(&["inspect", "--color", "never", "--now", "2026-11-28T11:10:00Z"], &input);
    assert!(!out.contains(session) && !out.contains(&session[..8]), "{out}");
    assert!(out.contains("FwoG… (17 chars; --show-secrets to print)"), "{out}");
    assert!(!out.contains(&secret[..16]) && out.contains("wJalrXUtnF… (40 chars"), "{out}");

    let doc: serde_json::Value =
        serde_json::from_str(&crate::fixture("token/minted.json")).unwrap();
    let exec = doc["cases"][0]["exec_credential"].as_str().unwrap();
    let (_, out, _) =
        run(&["inspect", "--redact", "--color", "never", "--now", "2026-11-28T11:10:00Z"], exec);
    let marker = out.lines().find(|l| l.contains("[redacted: bearer token")).unwrap_or_default();
    assert!(marker.trim_end().ends_with("characters]") && !marker.contains('…'), "{out}");
}

/// A pasted value's escape sequences and bidirectional controls are shown, not obeyed: the text
/// report prints them as `\u{…}`; eksplain's own colours stay.
#[test]
fn text_report_neutralises_terminal_escapes_and_bidi_controls() {
    let arn = "arn:aws:iam::111122223333:role/ci\u{1b}]0;pwned\u{7}\u{1b}[8mhidden\u{202e}evil";
    let input = format!(
        r#"{{"UserId":"AROAX:s","Account":"111122223333","Arn":"{}"}}"#,
        arn.replace('\u{1b}', "\\u001b").replace('\u{7}', "\\u0007")
    );
    for colour in ["never", "always"] {
        let (_, out, _) =
            run(&["inspect", "--color", colour, "--now", "2026-11-28T11:10:00Z"], &input);
        assert!(out.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[8mhidden\\u{202e}evil"), "{out}");
        assert!(
            !out.contains('\u{202e}') && !out.contains('\u{7}') && !out.contains("\u{1b}[8m"),
            "{out}"
        );
        assert_eq!(out.contains("\u{1b}[1m"), colour == "always", "{out}");
    }
}

/// The note about `<cluster-name>` comes with the variants that hold it, not with an aws-auth
/// entry, which names no cluster.
#[test]
fn cluster_placeholder_note_only_where_it_is() {
    let role = "arn:aws:iam::111122223333:role/ci-agent";
    let (code, out, _) = run(&["gen", "aws-auth", "--principal", role], "");
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("<cluster-name>"), "{out}");
    let (_, out, _) = run(&["gen", "aws-cli", "--principal", role], "");
    assert!(out.contains("# Replace <cluster-name> with the cluster's name"), "{out}");
    assert!(out.contains("--name '<cluster-name>'"), "{out}");
    let (_, out, _) = run(&["gen", "aws-cli", "--principal", role, "--cluster", "prod"], "");
    assert!(!out.contains("<cluster-name>"), "{out}");
}

/// Nothing recognised: what eksplain reads is listed once (in input.unrecognised's fix), not twice.
#[test]
fn what_eksplain_reads_is_said_once() {
    let (code, out, _) = run(&["inspect", "--color", "never"], "hello world\n");
    assert_eq!(code, 2, "{out}");
    assert_eq!(out.matches("`aws sts get-caller-identity` output").count(), 1, "{out}");
    assert!(out.trim_end().ends_with("Nothing recognised."), "{out}");
}
