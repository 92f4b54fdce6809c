//! What the report says and how it reads: severities of pasted error messages, line numbers that
//! are lines of the paste (or file), no artefact claimed from noise, undecodable bytes escaped,
//! and the CLI's text output (page order, certificate summaries, `--full`).

use eksplain::report::{Kind, Severity};

use crate::{fixture, inspect_text};

const NOW: &str = "2026-01-01T00:00:00Z";

#[test]
fn pasted_error_messages_are_errors_except_forbidden() {
    let cases = [
        ("error: You must be logged in to the server (Unauthorized)", "error.unauthorized", Severity::Error),
        ("Unable to connect to the server: x509: certificate signed by unknown authority", "error.unknown-authority", Severity::Error),
        ("error: exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"", "error.exec-api-version", Severity::Error),
        ("An error occurred (AccessDenied) when calling the AssumeRole operation: denied", "error.assume-role-denied", Severity::Error),
        ("An error occurred (ExpiredToken) when calling the GetCallerIdentity operation", "error.aws-credentials-expired", Severity::Error),
        ("Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout", "error.network", Severity::Error),
        ("Error from server (Forbidden): pods is forbidden: User \"ci\" cannot list resource \"pods\"", "error.forbidden", Severity::Warning),
    ];
    for (text, id, severity) in cases {
        let report = inspect_text(text, NOW);
        let art = crate::first(&report, Kind::ErrorMessage);
        assert_eq!(art.findings[0].id, id, "{text}");
        assert_eq!(art.findings[0].severity, severity, "{text}");
    }
    // The page's "kubectl error" example is an error card; the CLI exits 1.
    let (code, out, _) = crate::cli::run(
        &["inspect"],
        "error: You must be logged in to the server (Unauthorized)\n",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("✖ error error.unauthorized"), "{out}");
}

/// The line (from 1) of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// The number after "line " in `message`.
fn line_in(message: &str) -> usize {
    let at = message.find("line ").unwrap() + 5;
    message[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

#[test]
fn line_numbers_are_lines_of_the_paste() {
    // A caller identity and a ConfigMap: the verdict and the ConfigMap card name the same line,
    // the paste's.
    let paste =
        format!("{}---\n{}", fixture("story/caller-ci.json"), fixture("story/aws-auth-fixed.yaml"));
    let report = inspect_text(&paste, NOW);
    let verdict = crate::first(&report, Kind::AccessVerdict);
    let matched = verdict.get("matched_by").unwrap();
    assert_eq!(
        line_in(matched),
        line_of(&paste, "rolearn: arn:aws:iam::111122223333:role/ci-agent"),
        "{matched}"
    );
    let laptop = format!(
        "{}---\n{}",
        fixture("story/caller-ci.json"),
        fixture("story/aws-auth-laptop.yaml")
    );
    let report = inspect_text(&laptop, NOW);
    let auth = crate::first(&report, Kind::AwsAuth);
    let path = auth.findings.iter().find(|f| f.id == "aws-auth.role-path").unwrap();
    assert_eq!(
        line_in(&path.message),
        line_of(&laptop, "role/platform/laptop-admin"),
        "{}",
        path.message
    );
    assert!(!path.message.contains("of mapRoles"));
    // From files, lines of the file.
    let report = eksplain::inspect(
        &[
            eksplain::Input::file("caller.json", fixture("story/caller-ci.json").as_bytes()),
            eksplain::Input::file("aws-auth.yaml", fixture("story/aws-auth-fixed.yaml").as_bytes()),
        ],
        crate::at(NOW),
    );
    let matched = crate::first(&report, Kind::AccessVerdict).get("matched_by").unwrap().to_string();
    assert_eq!(line_in(&matched), line_of(&fixture("story/aws-auth-fixed.yaml"), "role/ci-agent"));
    // An unquoted template: the paste's line too.
    let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::1:role/n\n      username: {{SessionName}}\n      groups: [g]\n";
    let report = inspect_text(doc, NOW);
    let f = report.all_findings().find(|f| f.id == "aws-auth.unquoted-template").unwrap();
    assert!(f.message.starts_with("Line 9: "), "{}", f.message);
}

/// Deterministic noise: `n` base64 words of random bytes, one per paragraph.
fn noise(n: usize) -> String {
    use base64::Engine as _;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut words = Vec::new();
    for _ in 0..n {
        let bytes: Vec<u8> = (0..30)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        words.push(base64::engine::general_purpose::STANDARD.encode(bytes));
    }
    words.join("\n\n")
}

#[test]
fn noise_is_not_a_certificate_but_a_certificate_is() {
    // About 1 in 256 of these start with 0x30, which used to make a "DER certificate" each.
    let report = inspect_text(&noise(20_000), NOW);
    assert!(
        report.artefacts.is_empty(),
        "{:?}",
        report.artefacts.iter().map(|a| a.kind).collect::<Vec<_>>()
    );
    // Real DER, as base64, still is one; a truncated one is reported as a damaged certificate.
    let pem = fixture("cert/odd/ec-p256.pem");
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let report = inspect_text(&b64, NOW);
    assert_eq!(
        crate::first(&report, Kind::DerCertificate).get("subject"),
        Some("CN=ec p256, O=eksplain tests")
    );
    let report = inspect_text(&b64[..b64.len() / 2], NOW);
    assert!(crate::first(&report, Kind::DerCertificate).has_errors());
}

#[test]
fn undecodable_bytes_are_escaped_never_replaced() {
    use base64::Engine as _;
    let mut url = b"https://sts.".to_vec();
    url.extend([0x9a, 0xfe, b'[', b'j', 0xc7, 0xba, 0xff, b'\n', b'x']);
    url.extend(b"/?Action=GetCallerIdentity&X-Amz-Credential=AKIA%FF%2F20260101");
    let token =
        format!("k8s-aws-v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&url));
    let report = inspect_text(&token, NOW);
    let art = crate::first(&report, Kind::EksToken);
    for field in &art.fields {
        assert!(!field.value.contains('\u{fffd}'), "{}: {}", field.key, field.value);
    }
    for finding in &art.findings {
        let text =
            format!("{} {}", finding.message, finding.authenticator.as_deref().unwrap_or_default());
        assert!(!text.contains('\u{fffd}'), "{text}");
    }
    assert_eq!(art.get("sts_host"), Some("sts.\\x9a\\xfe[j\u{1fa}\\xff\\x0ax"));
    assert!(art.get("access_key_id").unwrap().starts_with("AKIA\\xff"));
}

#[test]
fn the_cli_reads_in_the_pages_order_and_summarises_bundles() {
    let data = |rel: &str| format!("{}/tests/data/{rel}", env!("CARGO_MANIFEST_DIR"));
    // The verdict (the answer) before the inputs it came from.
    let (_, out, _) = crate::cli::run(
        &[
            "inspect",
            "--now",
            NOW,
            &data("story/caller-ci.json"),
            &data("story/aws-auth-laptop.yaml"),
        ],
        "",
    );
    let at = |needle: &str| out.find(needle).unwrap_or_else(|| panic!("{needle} in {out}"));
    assert!(
        at("[access-verdict]") < at("[caller-identity]")
            && at("[caller-identity]") < at("[aws-auth]")
    );
    // The fix as a block of commands: the entry, then how to get the merged ConfigMap.
    assert!(
        out.contains("          - rolearn: arn:aws:iam::111122223333:role/ci-agent\n"),
        "{out}"
    );
    assert!(out.contains(&format!("--merge {}", data("story/aws-auth-laptop.yaml"))), "{out}");
    // One certificate: in full but without its PEM and save command unless --full.
    let (_, out, _) = crate::cli::run(&["inspect", "--now", NOW, &data("cert/eks-ca.pem")], "");
    assert!(out.contains("SHA-256 fingerprint") && !out.contains("BEGIN CERTIFICATE"), "{out}");
    assert!(out.contains("--full prints them"));
    let (_, out, _) =
        crate::cli::run(&["inspect", "--full", "--now", NOW, &data("cert/eks-ca.pem")], "");
    assert!(out.contains("-----BEGIN CERTIFICATE-----") && out.contains("base64 -d"), "{out}");
    // A bundle: one line per certificate, the bundle note first.
    let bundle = fixture("cert/ca-certificates.crt");
    let n = bundle.matches("BEGIN CERTIFICATE").count();
    let (_, out, _) =
        crate::cli::run(&["inspect", "--now", NOW, &data("cert/ca-certificates.crt")], "");
    assert_eq!(out.lines().filter(|l| l.starts_with("● ")).count(), n, "{out}");
    assert!(out.lines().count() < n + 20, "{} lines", out.lines().count());
    assert!(out.starts_with("Input\n"));
    assert!(out.contains(&format!("{n} certificates, one line each; --full prints each in full.")));
    // JSON keeps everything.
    let (_, json, _) =
        crate::cli::run(&["inspect", "--json", "--now", NOW, &data("cert/eks-ca.pem")], "");
    assert!(json.contains("\"key\": \"pem\"") && json.contains("\"key\": \"save_command\""));
}

#[test]
fn the_fix_sentence_names_the_access_entry_arn_with_the_path_the_paste_shows() {
    let caller = r#"{"UserId": "AROAEXAMPLEID:run-1", "Account": "111122223333", "Arn": "arn:aws:sts::111122223333:assumed-role/agent/run-1"}"#;
    let auth = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/teams/ci/agent\n      username: agent\n      groups: [deployers]\n";
    let describe = r#"{"cluster":{"name":"prod","arn":"arn:aws:eks:us-west-2:111122223333:cluster/prod","accessConfig":{"authenticationMode":"API"}}}"#;
    let report = inspect_text(&format!("{caller}\n---\n{auth}---\n{describe}"), NOW);
    let verdict = crate::first(&report, Kind::AccessVerdict);
    let fix = verdict.findings[0].fix.as_deref().unwrap();
    assert!(
        fix.contains("access entry for arn:aws:iam::111122223333:role/teams/ci/agent "),
        "{fix}"
    );
}
