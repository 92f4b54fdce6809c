//! `--merge`: the user's own aws-auth ConfigMap (as `kubectl get configmap aws-auth -o yaml`
//! prints it: node role, two users, mapAccounts, comments, kubectl's metadata) with the fix merged
//! in. Everything else stays byte for byte; a wrong ARN for the identity is corrected in place;
//! the result parses (yaml-rust2, eksplain's reader, and PyYAML when installed) and, read back by
//! eksplain with the identity, is `access.mapped`.

use eksplain::generate::{self, Options, Target};
use eksplain::merge::{merge_configmap, Change};
use eksplain::report::Kind;

const CI: &str = "arn:aws:sts::111122223333:assumed-role/ci-agent/i-0a1b2c3d4e5f67890";

fn configmap() -> String {
    crate::fixture("merge/aws-auth.yaml")
}

fn options(principal: &str) -> Options {
    Options {
        principal: principal.to_string(),
        cluster: Some(String::from("prod")),
        ..Options::default()
    }
}

/// The caller identity of `principal` (for a role, a session of it).
fn caller(principal: &str) -> String {
    let arn = if let Some(rest) = principal.strip_prefix("arn:aws:iam::111122223333:role/") {
        let name = rest.rsplit('/').next().unwrap();
        format!("arn:aws:sts::111122223333:assumed-role/{name}/s1")
    } else {
        principal.to_string()
    };
    format!(r#"{{"UserId":"AROAX:s1","Account":"111122223333","Arn":"{arn}"}}"#)
}

/// Reads `merged` back with the identity: the verdict's first finding, username and groups.
fn verdict(principal: &str, merged: &str) -> (String, String, String) {
    let report = crate::inspect_text(
        &format!("{}\n---\n{merged}", caller(principal)),
        "2026-01-01T00:00:00Z",
    );
    let art = crate::first(&report, Kind::AccessVerdict);
    (
        art.findings[0].id.to_string(),
        art.get("username").unwrap_or_default().to_string(),
        art.get("groups").unwrap_or_default().to_string(),
    )
}

/// The mappings of a ConfigMap as eksplain reads them: (section, arn, username, groups).
fn mappings(text: &str) -> Vec<String> {
    let report = crate::inspect_text(text, "2026-01-01T00:00:00Z");
    let art = crate::first(&report, Kind::AwsAuth);
    art.fields
        .iter()
        .filter(|f| matches!(f.key.as_str(), "role" | "user" | "account"))
        .map(|f| format!("{}={}", f.key, f.value))
        .collect()
}

fn parses(text: &str) {
    assert_eq!(yaml_rust2::YamlLoader::load_from_str(text).unwrap().len(), 1, "{text}");
    assert!(eksplain::yaml::parse(text).unwrap().is_some());
    let pyyaml = std::process::Command::new("python3")
        .args(["-c", "import sys, yaml; print(len(list(yaml.safe_load_all(sys.stdin))))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut child) = pyyaml {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        if String::from_utf8_lossy(&out.stderr).contains("No module named") {
            return;
        }
        assert!(out.status.success(), "PyYAML: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
    }
}

/// The lines of `after` that are not in `before`, and the other way round (a line diff that is
/// enough for one insertion or one changed line).
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let head = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let tail = b.iter().rev().zip(a.iter().rev()).take_while(|(x, y)| x == y).count();
    let tail = tail.min(b.len() - head).min(a.len() - head);
    (
        a[head..a.len() - tail].iter().map(|s| s.to_string()).collect(),
        b[head..b.len() - tail].iter().map(|s| s.to_string()).collect(),
    )
}

#[test]
fn a_new_role_is_added_and_nothing_else_changes() {
    let before = configmap();
    // Not mapped before.
    assert_eq!(verdict(CI, &before).0, "access.not-mapped");
    let merged = merge_configmap(&before, &options(CI)).unwrap();
    assert_eq!(merged.change, Change::Added { line: 17 });
    let (added, removed) = changed_lines(&before, &merged.text);
    assert!(removed.is_empty(), "{removed:?}");
    // Four lines, in the list's own indentation and kubectl's dash style.
    assert_eq!(
        added,
        [
            "    - rolearn: arn:aws:iam::111122223333:role/ci-agent",
            "      username: \"ci-agent:{{SessionName}}\"",
            "      groups:",
            "      - \"system:masters\"",
        ]
    );
    assert_eq!(merged.text.lines().nth(16), Some(added[0].as_str()));
    // Every byte outside the insertion is the original's: comments, node role, users, accounts,
    // kubectl's metadata.
    let without: String = merged
        .text
        .lines()
        .filter(|l| !added.contains(&l.to_string()))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(without, before);
    parses(&merged.text);
    let (id, username, groups) = verdict(CI, &merged.text);
    assert_eq!(id, "access.mapped");
    assert_eq!(
        (username.as_str(), groups.as_str()),
        ("ci-agent:i-0a1b2c3d4e5f67890", "system:masters")
    );
    // The other mappings read exactly as before, plus the new one.
    let mut expected = mappings(&before);
    expected.insert(
        2,
        String::from("role=arn:aws:iam::111122223333:role/ci-agent → ci-agent:{{SessionName}} [system:masters]"),
    );
    assert_eq!(mappings(&merged.text), expected);
    // Back up, compare, apply, verify as the identity.
    let commands: Vec<&str> = merged.steps.iter().map(|s| s.command.as_str()).collect();
    assert_eq!(
        commands,
        [
            "kubectl -n kube-system get configmap aws-auth -o yaml > aws-auth.backup.yaml",
            "diff aws-auth.backup.yaml aws-auth.yaml",
            "kubectl replace -f aws-auth.yaml",
            "kubectl auth whoami",
        ]
    );
    // Merging again changes nothing.
    let again = merge_configmap(&merged.text, &options(CI)).unwrap();
    assert_eq!((again.change, again.text), (Change::Unchanged, merged.text));
}

#[test]
fn a_wrong_arn_for_the_identity_is_corrected_in_place() {
    let cases = [
        // A role path: the authenticator compares the path-less ARN.
        "arn:aws:iam::111122223333:role/platform/ci-agent",
        // An STS session ARN: the authenticator looks up the role.
        "arn:aws:sts::111122223333:assumed-role/ci-agent/old-session",
        // A path in another case.
        "arn:aws:iam::111122223333:role/Platform/CI-Agent",
    ];
    for wrong in cases {
        let before = configmap().replace("arn:aws:iam::111122223333:role/platform-admin", wrong);
        assert_eq!(verdict(CI, &before).0, "access.not-mapped", "{wrong}");
        let merged = merge_configmap(&before, &options(CI)).unwrap();
        assert_eq!(
            merged.change,
            Change::Corrected { line: 15, was: wrong.to_string() },
            "{wrong}"
        );
        let (added, removed) = changed_lines(&before, &merged.text);
        assert_eq!(removed, [format!("      rolearn: {wrong}")]);
        assert_eq!(added, ["      rolearn: arn:aws:iam::111122223333:role/ci-agent"]);
        parses(&merged.text);
        // Its username and groups are kept, and it now matches.
        let (id, username, groups) = verdict(CI, &merged.text);
        assert_eq!(id, "access.mapped", "{wrong}");
        assert_eq!(
            (username.as_str(), groups.as_str()),
            ("platform-admin:i-0a1b2c3d4e5f67890", "system:masters")
        );
        assert!(merged.notes[0].starts_with("Line 15: "), "{:?}", merged.notes);
    }
}

#[test]
fn users_sections_and_styles() {
    // An IAM user goes to mapUsers, after bob.
    let jane = "arn:aws:iam::111122223333:user/people/jane";
    let merged = merge_configmap(&configmap(), &options(jane)).unwrap();
    assert_eq!(merged.change, Change::Added { line: 26 });
    let (added, removed) = changed_lines(&configmap(), &merged.text);
    assert!(removed.is_empty());
    assert_eq!(added[0], "    - userarn: arn:aws:iam::111122223333:user/people/jane");
    assert_eq!(verdict(jane, &merged.text).0, "access.mapped");
    // Already mapped (alice): unchanged, and said so.
    let alice = "arn:aws:iam::111122223333:user/alice";
    let same = merge_configmap(&configmap(), &options(alice)).unwrap();
    assert_eq!((same.change, same.text.as_str()), (Change::Unchanged, configmap().as_str()));
    assert!(same.notes[0].contains("nothing to change"));
    // No mapRoles at all: the key is added where kubectl prints it (between mapAccounts and
    // mapUsers).
    let no_roles = {
        let text = configmap();
        let start = text.find("  mapRoles: |").unwrap();
        let end = text.find("  mapUsers: |").unwrap();
        format!("{}{}", &text[..start], &text[end..])
    };
    let merged = merge_configmap(&no_roles, &options(CI)).unwrap();
    let (added, removed) = changed_lines(&no_roles, &merged.text);
    assert!(removed.is_empty());
    assert_eq!(added[0], "  mapRoles: |");
    assert_eq!(verdict(CI, &merged.text).0, "access.mapped");
    parses(&merged.text);
    // No data at all (an empty ConfigMap).
    let empty =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n";
    let merged = merge_configmap(empty, &options(CI)).unwrap();
    assert!(merged.text.starts_with("apiVersion: v1\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/ci-agent\n"), "{}", merged.text);
    assert_eq!(verdict(CI, &merged.text).0, "access.mapped");
    // mapRoles written as a quoted string (kubectl does this when a line ends in a space is not
    // the case here, but hand-written ones do): rewritten as a block with the same entries.
    let quoted = "apiVersion: v1\ndata:\n  mapRoles: \"- rolearn: arn:aws:iam::111122223333:role/node\\n  username: system:node:{{EC2PrivateDNSName}}\\n  groups: [system:nodes]\\n\"\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n";
    let merged = merge_configmap(quoted, &options(CI)).unwrap();
    parses(&merged.text);
    assert_eq!(verdict(CI, &merged.text).0, "access.mapped");
    assert!(mappings(&merged.text)[0].starts_with(
        "role=arn:aws:iam::111122223333:role/node → system:node:{{EC2PrivateDNSName}}"
    ));
    // CRLF line ends are kept.
    let crlf = configmap().replace('\n', "\r\n");
    let merged = merge_configmap(&crlf, &options(CI)).unwrap();
    assert!(!merged.text.replace("\r\n", "").contains('\n'));
    assert_eq!(
        merged.text.replace("\r\n", "\n"),
        merge_configmap(&configmap(), &options(CI)).unwrap().text
    );
    // Not a ConfigMap, JSON, broken YAML: refused with a reason, never a wrong file.
    for bad in [
        "",
        "kind: Pod\n",
        "{\"kind\":\"ConfigMap\"}",
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n    - rolearn: x\n   bad: [\n",
    ] {
        assert!(merge_configmap(bad, &options(CI)).is_err(), "{bad:?}");
    }
}

#[test]
fn the_cli_prints_the_merged_configmap_and_the_recipe_on_stderr() {
    let file = format!("{}/tests/data/merge/aws-auth.yaml", env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) =
        crate::cli::run(&["gen", "aws-auth", "--principal", CI, "--merge", &file], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, merge_configmap(&configmap(), &options(CI)).unwrap().text);
    assert!(
        err.contains(
            "kubectl -n kube-system get configmap aws-auth -o yaml > aws-auth.backup.yaml"
        ),
        "{err}"
    );
    assert!(err.contains("kubectl auth whoami"), "{err}");
    // The username to expect, filled in as the authenticator fills it for this principal.
    let last = merge_configmap(&configmap(), &options(CI)).unwrap().steps.pop().unwrap();
    let session = CI.rsplit('/').next().unwrap();
    assert!(
        last.label.contains(&format!("expect username ci-agent:{session} (")),
        "{}",
        last.label
    );
    // From stdin too; the other variants stay available.
    let (code, out2, _) =
        crate::cli::run(&["gen", "aws-auth", "--principal", CI, "--merge", "-"], &configmap());
    assert_eq!((code, out2), (0, out));
    let (code, entry, _) = crate::cli::run(
        &["gen", "aws-auth", "--principal", CI, "--merge", &file, "--variant", "entry"],
        "",
    );
    assert_eq!(code, 0);
    assert!(entry.contains("- rolearn: arn:aws:iam::111122223333:role/ci-agent"));
    let (code, _, err) =
        crate::cli::run(&["gen", "aws-auth", "--principal", CI, "--merge", "/nonexistent"], "");
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent"), "{err}");
    // The generator's merged variant is the same text.
    let snippet = generate::generate(
        Target::AwsAuth,
        &Options { aws_auth: Some(configmap()), ..options(CI) },
    )
    .unwrap();
    assert_eq!(snippet.blocks[0].variant, generate::MERGED);
    assert_eq!(snippet.blocks[0].text, merge_configmap(&configmap(), &options(CI)).unwrap().text);
}

/// The recipe says what `kubectl replace` really does with the file: refuse a stale write only
/// when it carries a resourceVersion. A merge that maps to system:masters says so.
#[test]
fn merge_warns_about_masters_and_stale_writes() {
    let with_version = configmap();
    assert!(with_version.contains("resourceVersion:"));
    let merged = merge_configmap(&with_version, &options(CI)).unwrap();
    let apply = merged.steps.iter().find(|s| s.command.starts_with("kubectl replace")).unwrap();
    assert!(apply.label.contains("refused if the ConfigMap changed"), "{}", apply.label);
    assert!(merged.notes.iter().any(|n| n.contains("system:masters")), "{:?}", merged.notes);

    let without: String = with_version
        .lines()
        .filter(|l| !l.contains("resourceVersion:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let narrow = Options { groups: vec![String::from("ci-deployers")], ..options(CI) };
    let merged = merge_configmap(&without, &narrow).unwrap();
    let apply = merged.steps.iter().find(|s| s.command.starts_with("kubectl replace")).unwrap();
    assert!(apply.label.contains("overwrites any change"), "{}", apply.label);
    assert!(!apply.label.contains("refused"), "{}", apply.label);
    assert!(!merged.notes.iter().any(|n| n.contains("system:masters")), "{:?}", merged.notes);
}
