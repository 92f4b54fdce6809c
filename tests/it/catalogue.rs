//! The findings catalogue: docs/report.md is generated from it, `eksplain explain` prints it.

use eksplain::findings::{self, Id};

/// Checks (or with EKSPLAIN_UPDATE_SNAPSHOTS=1 rewrites) the generated part of a document, between
/// `<!-- NAME:start -->` and `<!-- NAME:end -->`; returns the whole document.
pub(crate) fn generated_section(file: &str, name: &str, generated: &str) -> String {
    let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(&path).unwrap();
    let (start, end) = (format!("<!-- {name}:start -->\n"), format!("<!-- {name}:end -->"));
    let (before, rest) = docs.split_once(&start).unwrap_or_else(|| panic!("{file}: no {start}"));
    let (current, after) = rest.split_once(&end).unwrap_or_else(|| panic!("{file}: no {end}"));
    if crate::update_snapshots() {
        std::fs::write(&path, format!("{before}{start}{}\n{end}{after}", generated.trim()))
            .unwrap();
    } else if current.trim() != generated.trim() {
        let first = current.trim().lines().zip(generated.trim().lines()).find(|(a, b)| a != b);
        panic!(
            "{file}'s {name} section is out of date (first difference: {first:?}); run EKSPLAIN_UPDATE_SNAPSHOTS=1 cargo test"
        );
    }
    docs
}

#[test]
fn kinds_are_documented_from_their_metadata() {
    generated_section("docs/report.md", "kinds", &eksplain::report::kinds_markdown());
    generated_section("README.md", "reads", &format!("It reads {}.", eksplain::report::accepts()));
    for kind in eksplain::report::Kind::ALL {
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            kind.as_str(),
            "serialized name of {kind:?}"
        );
    }
}

#[test]
fn docs_finding_tables_are_the_catalogue() {
    let docs = generated_section("docs/report.md", "findings", &findings::markdown());
    // Both ways, by id: nothing documented elsewhere in the file that the catalogue lacks.
    let documented: Vec<&str> = docs
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            w.split_once('.').is_some_and(|(group, rest)| {
                !rest.is_empty()
                    && !rest.contains([' ', '/', '*'])
                    && findings::ALL.iter().any(|id| id.starts_with(&format!("{group}.")))
            })
        })
        .collect();
    for id in &documented {
        assert!(
            Id::from_name(id).is_some(),
            "docs/report.md names {id}, which is not in the catalogue"
        );
    }
}

#[test]
fn catalogue_entries_are_complete_and_unique() {
    let mut seen = std::collections::HashSet::new();
    for id in findings::ALL {
        let entry = id.entry();
        assert!(seen.insert(entry.id), "{} twice", entry.id);
        assert_eq!(Id::from_name(entry.id), Some(*id));
        assert!(!entry.title.is_empty() && !entry.meaning.is_empty(), "{}", entry.id);
        assert!(entry.id.split_once('.').is_some_and(|(g, r)| !g.is_empty() && !r.is_empty()));
    }
    // Every token check has the authenticator's message.
    for check in eksplain::token::Check::ALL {
        let entry = check.id().entry();
        assert!(
            entry
                .authenticator
                .is_some_and(|a| a.starts_with("input token was not properly formatted: ")),
            "{}",
            entry.id
        );
    }
}

#[test]
fn suggestions_find_near_ids() {
    assert_eq!(findings::suggest("token.expird", 1), vec![Id::TokenExpired]);
    assert!(findings::suggest("expired", 10).contains(&Id::CertExpired));
}

#[test]
fn explain_cli() {
    let run = |args: &[&str]| crate::cli::run(args, "");
    let (code, out, _) = run(&["explain"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), findings::ALL.len());
    assert!(out.lines().any(|l| l.starts_with("token.expired") && l.contains("error")));

    let (code, out, _) = run(&["explain", "token.expired"]);
    assert_eq!(code, 0);
    assert!(out.contains("X-Amz-Date parameter is expired"), "{out}");
    assert!(out.contains("Fix: Get a new token"), "{out}");

    let (code, out, _) = run(&["explain", "--json"]);
    assert_eq!(code, 0);
    let all: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), findings::ALL.len());
    for entry in all {
        let keys: Vec<&str> = entry.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(keys.iter().all(|k| ["id", "severity", "title", "meaning", "fix", "authenticator"].contains(k)), "{keys:?}");
    }
    let expired = all.iter().find(|e| e["id"] == "token.expired").unwrap();
    assert!(expired["authenticator"].as_str().unwrap().contains("X-Amz-Date parameter is expired"));
    let empty = all.iter().find(|e| e["id"] == "input.empty").unwrap();
    assert!(empty.get("authenticator").is_none(), "absent keys are omitted");

    let (code, _, err) = run(&["explain", "token.expird"]);
    assert_eq!(code, 2);
    assert!(err.contains("token.expired"), "{err}");
}

#[test]
fn aws_auth_with_no_mappings_is_empty() {
    let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: \"\"\n";
    let report = crate::inspect_text(doc, "2026-01-01T00:00:00Z");
    let ids: Vec<&str> = report.all_findings().map(|f| f.id.as_str()).collect();
    assert!(ids.contains(&"aws-auth.empty"), "{ids:?}");
    assert!(!ids.contains(&"aws-auth.no-masters"), "{ids:?}");
}
