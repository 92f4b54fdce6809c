//! Fix-it snippets: a snapshot per target per principal kind; every YAML block parsed by a real
//! YAML parser, every HCL block by a real HCL parser (hcl-rs), every shell block by `bash -n`; the
//! generated aws-auth read back by eksplain maps the principal as asked.
//! Set EKSPLAIN_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after a deliberate change (any other
//! value, or CI set, fails the test).

use eksplain::generate::{self, Options, Snippet, Target, TARGETS};
use eksplain::report::Kind;

const PRINCIPALS: &[(&str, &str)] = &[
    ("role-with-path", "arn:aws:iam::111122223333:role/platform/ci-agent"),
    ("assumed-role", "arn:aws:sts::111122223333:assumed-role/ci-agent/i-0a1b2c3d4e5f67890"),
    ("user", "arn:aws:iam::111122223333:user/people/jane"),
    ("aws-cn-role", "arn:aws-cn:iam::444455556666:role/deployer"),
];

fn options(principal: &str) -> Options {
    Options {
        principal: principal.to_string(),
        cluster: Some(String::from("prod")),
        region: Some(String::from("us-west-2")),
        ..Options::default()
    }
}

fn render(snippet: &Snippet) -> String {
    let mut out = String::new();
    for block in &snippet.blocks {
        out.push_str(&format!(
            "### {}: {} ({})\n{}\n",
            block.variant, block.label, block.language, block.text
        ));
        for note in &block.notes {
            out.push_str(&format!(">> {note}\n"));
        }
    }
    for note in &snippet.notes {
        out.push_str(&format!("> {note}\n"));
    }
    out
}

/// Whether to rewrite the snapshots: only for EKSPLAIN_UPDATE_SNAPSHOTS=1, and never in CI (a
/// CI run that rewrites what it checks would always pass). Any other value is a mistake.
fn update_snapshots(var: Option<&str>, ci: bool) -> Result<bool, String> {
    match (var, ci) {
        (None, _) => Ok(false),
        (Some("1"), false) => Ok(true),
        (Some("1"), true) => {
            Err(String::from("EKSPLAIN_UPDATE_SNAPSHOTS=1 is refused when CI is set"))
        }
        (Some(other), _) => {
            Err(format!("EKSPLAIN_UPDATE_SNAPSHOTS must be 1 (or unset), not {other:?}"))
        }
    }
}

#[test]
fn only_an_explicit_local_request_rewrites_snapshots() {
    assert_eq!(update_snapshots(None, false), Ok(false));
    assert_eq!(update_snapshots(None, true), Ok(false));
    assert_eq!(update_snapshots(Some("1"), false), Ok(true));
    for (var, ci) in [("1", true), ("0", false), ("", false), ("true", false), ("0", true)] {
        assert!(
            update_snapshots(Some(var), ci).is_err(),
            "EKSPLAIN_UPDATE_SNAPSHOTS={var:?} CI={ci}"
        );
    }
}

#[test]
fn snapshots_per_target_and_principal() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots");
    let update = update_snapshots(
        std::env::var("EKSPLAIN_UPDATE_SNAPSHOTS").ok().as_deref(),
        std::env::var_os("CI").is_some(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for (kind, principal) in PRINCIPALS {
        for target in TARGETS {
            let text = render(&generate::generate(*target, &options(principal)).unwrap());
            assert_eq!(
                text,
                render(&generate::generate(*target, &options(principal)).unwrap()),
                "deterministic"
            );
            let path = format!("{dir}/{}__{kind}.snap", target.name());
            if update {
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(expected) if expected == text => {}
                Ok(_) => failures.push(format!("{path} differs; got:\n{text}")),
                Err(_) => failures.push(format!("{path} is missing")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn yaml_hcl_and_shell_parse_with_real_parsers() {
    let mut n = (0, 0, 0);
    // `bash -n` is the shell parser: without it the shell blocks would go unchecked, so fail.
    assert!(std::path::Path::new("/bin/bash").exists(), "checking shell snippets needs /bin/bash");
    for (_, principal) in PRINCIPALS {
        for namespaces in [vec![], vec![String::from("apps"), String::from("dev-*")]] {
            let mut opts = options(principal);
            opts.namespaces = namespaces;
            opts.username = Some(String::from("ops:{{SessionName}} 'quoted' \"x\" ${oops}"));
            opts.groups = vec![String::from("system:masters"), String::from("deployers")];
            for target in TARGETS {
                let snippet = generate::generate(*target, &opts).unwrap();
                for block in &snippet.blocks {
                    match block.language {
                        "yaml" => {
                            let docs = yaml_rust2::YamlLoader::load_from_str(&block.text)
                                .unwrap_or_else(|e| {
                                    panic!("{}: {e}\n{}", target.name(), block.text)
                                });
                            assert_eq!(docs.len(), 1);
                            assert!(eksplain::yaml::parse(&block.text).unwrap().is_some());
                            n.0 += 1;
                        }
                        "hcl" => {
                            hcl::parse(&block.text).unwrap_or_else(|e| {
                                panic!("{}: {e}\n{}", target.name(), block.text)
                            });
                            n.1 += 1;
                        }
                        "sh" => {
                            let out = std::process::Command::new("/bin/bash")
                                .args(["-n", "-c", &block.text])
                                .output()
                                .unwrap();
                            assert!(
                                out.status.success(),
                                "{}: {}\n{}",
                                target.name(),
                                String::from_utf8_lossy(&out.stderr),
                                block.text
                            );
                            n.2 += 1;
                        }
                        other => panic!("{}: unchecked block language {other:?}", target.name()),
                    }
                }
            }
        }
    }
    // YAML, HCL and shell blocks checked: per option set (4 principals x 2 namespace lists),
    // 5 YAML, 5 HCL and 4 shell blocks across the 10 targets (aws-cli, curl-check, and the
    // command variants of eksctl and kubeconfig; every variant is one whole document).
    assert_eq!(n, (40, 40, 32), "(yaml, hcl, sh) blocks checked");
}

#[test]
fn generated_aws_auth_maps_the_principal_as_asked() {
    for (_, principal) in PRINCIPALS {
        let mut opts = options(principal);
        opts.username = Some(String::from("ops:{{SessionName}}"));
        opts.groups = vec![String::from("deployers"), String::from("viewers")];
        let snippet = generate::generate(Target::AwsAuth, &opts).unwrap();
        let whole = &snippet.blocks[1].text;
        // The principal as a caller identity: for an IAM role, a session of it.
        let parsed = eksplain::arn::parse(principal).unwrap();
        let caller_arn = if parsed.resource.starts_with("role/") {
            format!(
                "arn:{}:sts::{}:assumed-role/{}/s@x",
                parsed.partition,
                parsed.account,
                parsed.resource.rsplit('/').next().unwrap()
            )
        } else {
            principal.to_string()
        };
        let caller = format!(
            r#"{{"UserId":"AIDAX:s","Account":"{}","Arn":"{caller_arn}"}}"#,
            parsed.account
        );
        let report = eksplain::inspect(
            &[eksplain::Input::text(&format!("{caller}\n---\n{whole}"))],
            crate::at("2026-01-01T00:00:00Z"),
        );
        let verdict = crate::first(&report, Kind::AccessVerdict);
        assert_eq!(verdict.findings[0].id, "access.mapped", "{principal}: {:#?}", verdict.findings);
        let expected_user = if caller_arn.contains("assumed-role") {
            format!("ops:{}", caller_arn.rsplit('/').next().unwrap().replace('@', "-"))
        } else {
            String::from("ops:{{SessionName}}")
        };
        assert_eq!(verdict.get("username"), Some(expected_user.as_str()), "{principal}");
        assert_eq!(verdict.get("groups"), Some("deployers, viewers"), "{principal}");
        let art = crate::first(&report, Kind::AwsAuth);
        assert!(!art.has_errors(), "{principal}: {:#?}", art.findings);
    }
}

#[test]
fn arn_rules_per_target() {
    let role_with_path = options(PRINCIPALS[0].1);
    let aws_auth = generate::generate(Target::AwsAuth, &role_with_path).unwrap();
    assert!(aws_auth.blocks[0].text.contains("rolearn: arn:aws:iam::111122223333:role/ci-agent\n"));
    let entry = generate::generate(Target::AwsCli, &role_with_path).unwrap();
    assert!(entry.blocks[0]
        .text
        .contains("--principal-arn arn:aws:iam::111122223333:role/platform/ci-agent"));
    let assumed = generate::generate(Target::TfResources, &options(PRINCIPALS[1].1)).unwrap();
    assert!(assumed.blocks[0].text.contains("\"arn:aws:iam::111122223333:role/ci-agent\""));
    assert!(assumed.notes.iter().any(|n| n.contains("aws iam get-role")));
    let cn = generate::generate(Target::AwsCli, &options(PRINCIPALS[3].1)).unwrap();
    assert!(cn.blocks[0]
        .text
        .contains("arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"));
    let user = generate::generate(Target::AwsAuth, &options(PRINCIPALS[2].1)).unwrap();
    assert!(user.blocks[0].text.starts_with(
        "- userarn: arn:aws:iam::111122223333:user/people/jane\n  username: \"jane\""
    ));
    for bad in
        ["", "not-an-arn", "arn:aws:s3:::bucket", "arn:aws:iam::1:root", "arn:aws:iam::1:group/x"]
    {
        assert!(generate::generate(Target::AwsAuth, &options(bad)).is_err(), "{bad}");
    }
}
