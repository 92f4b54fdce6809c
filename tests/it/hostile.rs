//! Hostile text: look-alike and invisible characters in ARNs get `arn.confusable-characters`;
//! markup in names, servers and users is kept as plain text in the report (the page escapes it:
//! `tests/it/ui_ssr.rs`, `e2e/hostile.cjs`).

use eksplain::report::Kind;

use crate::{first, inspect_text};

const NOW: &str = "2026-11-28T11:10:00Z";

fn confusable_ids(text: &str) -> Vec<String> {
    inspect_text(text, NOW)
        .all_findings()
        .filter(|f| f.id == "arn.confusable-characters")
        .map(|f| format!("{} | {}", f.message, f.fix.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn look_alike_and_invisible_characters_in_arns_are_flagged() {
    for (arn, what) in [
        ("arn:aws:iam::111122223333:role/\u{0430}dmin", "U+0430"), // Cyrillic а
        ("arn:aws:iam::111122223333:role/ad\u{200B}min", "U+200B"), // zero-width space
        ("arn:aws:iam::111122223333:role/\u{202E}nimda", "U+202E"), // right-to-left override
        ("arn:aws:iam::111122223333:role/\u{03BF}ps", "U+03BF"),   // Greek ο
        ("arn:aws:iam::111122223333:role/ops\u{FEFF}", "U+FEFF"),  // byte-order mark
    ] {
        let found = confusable_ids(arn);
        assert_eq!(found.len(), 1, "{arn:?}: {found:?}");
        assert!(found[0].contains(what), "{found:?}");
        let report = inspect_text(arn, NOW);
        let finding = report.all_findings().find(|f| f.id == "arn.confusable-characters").unwrap();
        assert_eq!(finding.severity, eksplain::report::Severity::Warning);
        assert!(
            finding.fix.as_ref().unwrap().contains(&format!("\\u{{{}}}", &what[2..])),
            "{finding:?}"
        );
    }
    assert!(confusable_ids("arn:aws:iam::111122223333:role/admin").is_empty());
    assert!(confusable_ids(&crate::fixture("story/caller-ci.json")).is_empty());
    // In a caller identity and in an aws-auth mapping too.
    let caller = "{\"UserId\":\"AROAX:s\",\"Account\":\"111122223333\",\"Arn\":\"arn:aws:sts::111122223333:assumed-role/\u{0441}i-agent/s\"}";
    assert_eq!(confusable_ids(caller).len(), 1);
    let auth = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/\u{0441}i-agent\n      username: ci\n      groups: [system:masters]\n";
    let found = confusable_ids(auth);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("mapRoles"), "{found:?}");
}

#[test]
fn markup_in_a_kubeconfig_is_kept_as_text() {
    let evil = "<img src=x onerror=alert(1)>";
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: \"{evil}\"\n  cluster:\n    server: \"javascript:alert(1)\"\ncontexts:\n- name: \"<script>alert(2)</script>\"\n  context: {{cluster: \"{evil}\", user: \"\u{202E}resu\"}}\ncurrent-context: \"<script>alert(2)</script>\"\nusers:\n- name: \"\u{202E}resu\"\n  user:\n    token: \"x\u{200B}y\"\n"
    );
    let report = inspect_text(&kubeconfig, NOW);
    let art = first(&report, Kind::Kubeconfig);
    let cluster = art.get("cluster").unwrap();
    assert_eq!(cluster, format!("{evil}: javascript:alert(1) (system CAs)"));
    assert_eq!(art.get("current_context"), Some("<script>alert(2)</script>"));
}
