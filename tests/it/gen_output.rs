//! `eksplain gen` prints one usable document per target and variant: each is parsed as printed
//! (header and notes as comments included) by real parsers: yaml-rust2 and PyYAML for YAML,
//! hcl-rs for Terraform, `bash -n` for shell. No variant prints an irreversible command
//! uncommented.

use eksplain::generate::{self, Options, Snippet, TARGETS};

const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:role/platform/ci-agent",
    "arn:aws:sts::111122223333:assumed-role/ci-agent/i-0a1b2c3d4e5f67890",
    "arn:aws:iam::111122223333:user/people/jane",
    "arn:aws-cn:iam::444455556666:role/deployer",
];

/// Option sets: defaults with nothing known, everything known, and awkward values.
fn option_sets(principal: &str) -> Vec<Options> {
    let bare = Options { principal: principal.to_string(), ..Options::default() };
    let known = Options {
        cluster: Some(String::from("prod")),
        region: Some(String::from("us-west-2")),
        ..bare.clone()
    };
    let awkward = Options {
        username: Some(String::from("ops:{{SessionName}} 'quoted' \"x\" ${oops} #not-a-comment")),
        groups: vec![String::from("system:masters"), String::from("deployers")],
        namespaces: vec![String::from("apps"), String::from("dev-*")],
        cluster: Some(String::from("my cluster's")),
        ..known.clone()
    };
    let merged = Options { aws_auth: Some(crate::fixture("merge/aws-auth.yaml")), ..known.clone() };
    vec![bare, known, awkward, merged]
}

/// Every printed document: (what, language, text).
fn documents() -> Vec<(String, &'static str, String)> {
    let mut res = Vec::new();
    for principal in PRINCIPALS {
        for (n, options) in option_sets(principal).iter().enumerate() {
            for target in TARGETS {
                let snippet: Snippet = generate::generate(*target, options).unwrap();
                assert_eq!(
                    snippet
                        .blocks
                        .iter()
                        .map(|b| b.variant)
                        .filter(|v| *v != generate::MERGED)
                        .collect::<Vec<_>>(),
                    target.variants(),
                    "{}: variants",
                    target.name()
                );
                for block in &snippet.blocks {
                    let what = format!(
                        "{} --variant {} ({principal}, options {n})",
                        target.name(),
                        block.variant
                    );
                    res.push((what, block.language, snippet.document(block)));
                }
            }
        }
    }
    res
}

/// Whether PyYAML is installed (`python3 -c 'import yaml'`).
fn pyyaml() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Parses each YAML text with PyYAML in one python3 process: the number of documents of each.
fn pyyaml_counts(texts: &[&str]) -> Vec<usize> {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("eksplain-pyyaml-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut paths = Vec::new();
    for (idx, text) in texts.iter().enumerate() {
        let path = dir.join(format!("{idx}.yaml"));
        std::fs::write(&path, text).unwrap();
        paths.push(path.to_string_lossy().into_owned());
    }
    let script = "import sys, yaml\nfor p in sys.argv[1:]:\n    with open(p) as f:\n        print(len(list(yaml.safe_load_all(f))))\n";
    let out =
        std::process::Command::new("python3").arg("-c").arg(script).args(&paths).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "PyYAML: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| l.parse().unwrap()).collect()
}

fn bash_n(what: &str, text: &str) {
    let out = std::process::Command::new("bash").args(["-n", "-c", text]).output().unwrap();
    assert!(out.status.success(), "{what}: {}\n{text}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_printed_document_parses_as_printed() {
    let docs = documents();
    let mut yaml = Vec::new();
    let (mut n_hcl, mut n_sh) = (0, 0);
    for (what, language, text) in &docs {
        match *language {
            "yaml" => {
                let parsed = yaml_rust2::YamlLoader::load_from_str(text)
                    .unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
                assert_eq!(parsed.len(), 1, "{what}: one YAML document\n{text}");
                assert!(eksplain::yaml::parse(text).unwrap().is_some(), "{what}");
                yaml.push((what, text.as_str()));
            }
            "hcl" => {
                hcl::parse(text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
                n_hcl += 1;
            }
            "sh" => {
                bash_n(what, text);
                n_sh += 1;
            }
            other => panic!("{what}: unknown language {other}"),
        }
    }
    if pyyaml() {
        let counts = pyyaml_counts(&yaml.iter().map(|(_, t)| *t).collect::<Vec<_>>());
        for ((what, text), n) in yaml.iter().zip(&counts) {
            assert_eq!(*n, 1, "{what}: PyYAML reads {n} documents\n{text}");
        }
        assert_eq!(counts.len(), yaml.len());
    } else {
        eprintln!("PyYAML is not installed: YAML checked by yaml-rust2 and eksplain's reader only");
    }
    // 4 principals x 4 option sets; every target and variant.
    assert_eq!(yaml.len(), 16 * 5 + 4, "YAML documents (the merged one with a ConfigMap)");
    assert_eq!(n_hcl, 16 * 5, "HCL documents");
    assert_eq!(n_sh, 16 * 4, "shell scripts");
}

/// A line that would change the cluster's authentication mode (one-way) if it ran.
fn irreversible(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    (lower.contains("update-cluster-config") && lower.contains("authenticationmode"))
        || lower.contains("update-authentication-mode")
        || lower.trim_start().starts_with("authenticationmode:")
        || lower.trim_start().starts_with("authentication_mode")
}

#[test]
fn no_irreversible_command_is_printed_uncommented() {
    let mut commented = 0;
    for (what, _, text) in documents() {
        for line in text.lines() {
            if line.trim_start().starts_with('#') {
                commented += usize::from(irreversible(line.trim_start().trim_start_matches('#')));
                continue;
            }
            assert!(
                !irreversible(line),
                "{what} prints an irreversible command:\n{line}\n\n{text}"
            );
        }
    }
    // The switch is offered, as a comment, behind the check (aws-cli and eksctl's access entry).
    assert!(commented >= 16 * 2, "{commented}");
    // As the CLI prints them, every target and variant, and `gen all`.
    let principal = "--principal=arn:aws:iam::111122223333:role/ci-agent";
    let mut runs = vec![vec!["gen", "all", principal, "--cluster", "prod"]];
    for target in TARGETS {
        for variant in target.variants() {
            runs.push(vec!["gen", target.name(), principal, "--variant", variant]);
        }
    }
    for args in runs {
        let (code, out, _) = crate::cli::run(&args, "");
        assert_eq!(code, 0, "{args:?}");
        for line in out.lines().filter(|l| !l.trim_start().starts_with('#')) {
            assert!(!irreversible(line), "{args:?} prints {line}");
        }
    }
}

#[test]
fn the_cli_prints_each_variant_as_one_document() {
    let principal = "arn:aws:sts::111122223333:assumed-role/ci-agent/i-0a1b2c3d4e5f67890";
    let options = Options {
        principal: principal.to_string(),
        cluster: Some(String::from("prod")),
        region: Some(String::from("us-west-2")),
        ..Options::default()
    };
    let mut yaml = Vec::new();
    for target in TARGETS {
        let snippet = generate::generate(*target, &options).unwrap();
        for (idx, variant) in target.variants().iter().enumerate() {
            let mut args = vec![
                "gen",
                target.name(),
                "--principal",
                principal,
                "--cluster",
                "prod",
                "--region",
                "us-west-2",
            ];
            if idx > 0 {
                args.extend(["--variant", variant]);
            }
            let (code, out, err) = crate::cli::run(&args, "");
            assert_eq!(code, 0, "{args:?}: {err}");
            let block = snippet.variant(Some(variant)).unwrap();
            assert_eq!(out, format!("{}\n", snippet.document(block).trim_end()), "{args:?}");
            match block.language {
                "yaml" => {
                    assert_eq!(yaml_rust2::YamlLoader::load_from_str(&out).unwrap().len(), 1);
                    yaml.push(out);
                }
                "hcl" => drop(hcl::parse(&out).unwrap()),
                _ => bash_n(&format!("{args:?}"), &out),
            }
        }
    }
    if pyyaml() {
        assert!(pyyaml_counts(&yaml.iter().map(String::as_str).collect::<Vec<_>>())
            .iter()
            .all(|n| *n == 1));
    }
    // The variants are listed in the usage text and in `gen --help`.
    let (code, help, _) = crate::cli::run(&["gen", "--help"], "");
    assert_eq!(code, 0);
    for target in TARGETS {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{}  ", target.name())))
            .unwrap();
        assert!(line.contains(&target.variants().join(", ")), "{line}");
    }
    assert!(help.contains("--merge FILE") && help.contains("--variant NAME"));
    // A variant that does not exist is a usage error that names the real ones.
    let (code, _, err) =
        crate::cli::run(&["gen", "eksctl", "--principal", principal, "--variant", "nope"], "");
    assert_eq!(code, 2);
    assert!(err.contains("command, config, config-access-entry"), "{err}");
    assert_eq!(
        crate::cli::run(&["gen", "eksctl", "--principal", principal, "--merge", "x"], "").0,
        2
    );
}
