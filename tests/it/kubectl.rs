//! Real kubectl output (tests/data/kubectl/, made by scripts/capture_kubectl.py: kubectl v1.32
//! against a fake API server, running the real `aws eks get-token`): each says what an
//! experienced EKS engineer would, with no false error and one card per failure, however many
//! times kubectl retried it.

use eksplain::report::{Kind, Report, Severity};

use crate::{first, fixture, inspect_text};

const NOW: &str = "2026-11-28T12:05:00Z";

fn report(files: &[&str]) -> Report {
    let text: Vec<String> = files.iter().map(|f| fixture(&format!("kubectl/{f}"))).collect();
    inspect_text(&text.join("\n---\n"), NOW)
}

fn error_ids(report: &Report) -> Vec<&str> {
    let mut ids: Vec<&str> = report
        .all_findings()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.id.as_str())
        .collect();
    ids.dedup();
    ids
}

fn symptom(report: &Report) -> Option<&str> {
    report.diagnosis.as_ref().and_then(|d| d.symptom).map(|s| s.as_str())
}

/// kubectl logs each retry, then sums up: one card that says how often.
#[test]
fn retries_are_one_card_without_the_log_prefix() {
    let r = report(&["get-pods-unauthorized.stderr.txt"]);
    assert_eq!(r.artefacts.len(), 1, "{:#?}", r.artefacts);
    let art = first(&r, Kind::ErrorMessage);
    assert_eq!(error_ids(&r), ["error.unauthorized"]);
    assert_eq!(
        art.get("message"),
        Some("error: You must be logged in to the server (the server has asked for the client to provide credentials)")
    );
    assert!(
        art.get("repeated").is_some_and(|s| s.starts_with("6 times")),
        "{:?}",
        art.get("repeated")
    );
    // Logged lines alone (no summary line): the prefix and client-go's wrapper come off.
    let logged = fixture("kubectl/get-pods-unauthorized.stderr.txt");
    let first_line = logged.lines().next().unwrap();
    let r = inspect_text(first_line, NOW);
    assert_eq!(
        first(&r, Kind::ErrorMessage).get("message"),
        Some("couldn't get current server API group list: the server has asked for the client to provide credentials")
    );
}

/// The credential plugin failed: the AWS CLI's own reason is the symptom, kubectl's line second.
#[test]
fn exec_plugin_failures_name_the_aws_cli_reason() {
    for (file, reason) in [
        ("exec-no-credentials.stderr.txt", "error.aws-no-credentials"),
        ("exec-sso-not-logged-in.stderr.txt", "error.aws-no-credentials"),
        ("exec-sso-expired.stderr.txt", "error.aws-credentials-expired"),
        ("exec-assume-role-denied.stderr.txt", "error.assume-role-denied"),
    ] {
        let r = report(&[file]);
        assert_eq!(symptom(&r), Some(reason), "{file}");
        let ids = error_ids(&r);
        assert!(ids.contains(&"error.exec-failed"), "{file}: {ids:?}");
        assert!(r.artefacts.len() <= 4, "{file}: {} artefacts", r.artefacts.len());
        assert!(!ids.contains(&"input.unrecognised"), "{file}: {ids:?}");
    }
    assert_eq!(symptom(&report(&["exec-aws-not-found.stderr.txt"])), Some("error.exec-not-found"));
    assert_eq!(symptom(&report(&["exec-v1alpha1.stderr.txt"])), Some("error.exec-api-version"));
}

/// A certificate for other names is not an unknown CA, and the other way round.
#[test]
fn tls_errors_tell_a_wrong_address_from_a_wrong_ca() {
    let r = report(&["x509-hostname-mismatch.stderr.txt"]);
    assert_eq!(error_ids(&r), ["error.certificate-name-mismatch"]);
    for file in [
        "x509-unknown-authority-get-pods.stderr.txt",
        "x509-unknown-authority-get-raw.stderr.txt",
        "x509-unknown-authority-version.stderr.txt",
    ] {
        let r = report(&[file]);
        assert_eq!(error_ids(&r), ["error.unknown-authority"], "{file}");
        assert_eq!(r.artefacts.len(), 1, "{file}: {:#?}", r.artefacts);
    }
}

/// `kubectl config view` prints DATA+OMITTED: said, not decoded as a broken certificate.
#[test]
fn config_view_placeholders_are_not_certificates() {
    let r = report(&["config-view.stdout.yaml"]);
    assert!(error_ids(&r).is_empty(), "{:?}", error_ids(&r));
    assert!(r.all_findings().any(|f| f.id == "kubeconfig.data-omitted"));
    // --raw holds the CA: decoded, no placeholder finding.
    let raw = report(&["config-view-minify-raw.stdout.yaml"]);
    assert!(error_ids(&raw).is_empty(), "{:?}", error_ids(&raw));
    assert!(!raw.all_findings().any(|f| f.id == "kubeconfig.data-omitted"));
    assert!(raw.artefacts.iter().any(|a| a.kind == Kind::CertificateAuthorityData));
}

/// 403: authenticated, RBAC said no; the user is named.
#[test]
fn forbidden_names_the_user() {
    let r = report(&["get-pods-forbidden.stderr.txt"]);
    assert_eq!(symptom(&r), Some("error.forbidden"));
    let art = first(&r, Kind::ErrorMessage);
    assert_eq!(
        art.get("username"),
        Some("arn:aws:sts::111122223333:assumed-role/ci-agent/i-0a1b2c3d4e5f67890")
    );
}

/// The ConfigMap as kubectl prints it, in YAML and JSON.
#[test]
fn aws_auth_from_kubectl_get() {
    for file in
        ["get-configmap-aws-auth-yaml.stdout.yaml", "get-configmap-aws-auth-json.stdout.json"]
    {
        let r = report(&[file]);
        assert!(r.artefacts.iter().any(|a| a.kind == Kind::AwsAuth), "{file}");
        assert!(error_ids(&r).is_empty(), "{file}: {:?}", error_ids(&r));
    }
}

/// `kubectl auth whoami` in each of its formats: the cluster authenticated the identity, which
/// feeds the access verdict; its YAML `extra` keys are not taken for ARNs.
#[test]
fn whoami_says_who_the_cluster_authenticated() {
    for file in
        ["auth-whoami.stdout.txt", "auth-whoami-json.stdout.json", "auth-whoami-yaml.stdout.yaml"]
    {
        let r = report(&[file]);
        assert_eq!(r.artefacts.len(), 1, "{file}: {:#?}", r.artefacts);
        let art = first(&r, Kind::SelfSubjectReview);
        assert_eq!(
            art.get("username"),
            Some("arn:aws:sts::111122223333:assumed-role/ci-agent/i-0a1b2c3d4e5f67890"),
            "{file}"
        );
        assert_eq!(art.get("canonical_arn"), Some("arn:aws:iam::111122223333:role/ci-agent"));
        assert_eq!(art.get("groups"), Some("system:authenticated"));
        let ids: Vec<&str> = art.findings.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["whoami.authenticated", "whoami.no-groups"], "{file}");
    }
    // Mapped by aws-auth (groups beyond system:authenticated): with the ConfigMap, the verdict.
    let r = report(&["auth-whoami-aws-auth.stdout.txt", "get-configmap-aws-auth-yaml.stdout.yaml"]);
    assert_eq!(
        first(&r, Kind::SelfSubjectReview).get("groups"),
        Some("ci-deployers, system:authenticated")
    );
    assert!(r.all_findings().any(|f| f.id == "access.mapped"));
    assert!(!r.all_findings().any(|f| f.id == "whoami.no-groups"));
}

/// `kubectl describe configmap aws-auth`: read as the ConfigMap, lines of the paste.
#[test]
fn aws_auth_from_kubectl_describe() {
    let text = fixture("kubectl/describe-configmap-aws-auth.stdout.txt");
    let r = inspect_text(&text, NOW);
    assert_eq!(r.artefacts.len(), 1, "{:#?}", r.artefacts);
    let art = first(&r, Kind::AwsAuth);
    assert!(error_ids(&r).is_empty(), "{:?}", error_ids(&r));
    let maps: Vec<&str> = art
        .fields
        .iter()
        .filter(|f| f.key == "role" || f.key == "user")
        .map(|f| f.value.as_str())
        .collect();
    assert_eq!(maps.len(), 3, "{maps:?}");
    // A path in a rolearn is reported at its line in the describe output.
    let pathy = text.replace("role/ci-agent", "role/teams/ci-agent");
    let line = pathy.lines().position(|l| l.contains("role/teams/ci-agent")).unwrap() + 1;
    let r = inspect_text(&pathy, NOW);
    let finding = r.all_findings().find(|f| f.id == "aws-auth.role-path").unwrap();
    assert!(finding.message.contains(&format!("(line {line})")), "{}", finding.message);
}

/// `aws sts get-caller-identity --output text` and `--output table` (real AWS CLI output,
/// tests/data/aws-cli/formats/) are caller identities, and the table's rules are not base64.
#[test]
fn caller_identity_as_text_and_table() {
    for file in ["get-caller-identity.txt", "get-caller-identity.table.txt"] {
        let r = inspect_text(&fixture(&format!("aws-cli/formats/{file}")), NOW);
        assert_eq!(r.artefacts.len(), 1, "{file}: {:#?}", r.artefacts);
        let art = first(&r, Kind::CallerIdentity);
        assert_eq!(art.get("account"), Some("111122223333"), "{file}");
        assert_eq!(
            art.get("arn"),
            Some("arn:aws:sts::111122223333:assumed-role/ci-agent/i-0a1b2c3d4e5f67890")
        );
        assert_eq!(r.all_findings().filter(|f| f.severity != Severity::Info).count(), 0, "{file}");
    }
}

/// A Forbidden in a namespace the principal's access policies do not reach: that is the cause
/// (real describe-access-entry and list-associated-access-policies output, policy scoped to
/// `apps`; the request was in `default`).
#[test]
fn forbidden_outside_the_policy_scope() {
    let forbidden = fixture("kubectl/get-pods-forbidden.stderr.txt");
    let entry = fixture("aws-cli/formats/describe-access-entry-ci-agent.json");
    let policies = fixture("aws-cli/formats/list-associated-access-policies-ci-agent.json");
    let r = inspect_text(&format!("{forbidden}\n---\n{entry}\n---\n{policies}"), NOW);
    let d = r.diagnosis.as_ref().unwrap();
    assert_eq!(d.causes[0].id, "access.policy-scope", "{:#?}", d.causes);
    assert!(d.causes[0].evidence.contains("in namespace \"default\""), "{}", d.causes[0].evidence);
    assert!(d.causes[0].evidence.contains("AmazonEKSEditPolicy (namespaces apps)"));
    // The same request in the policy's namespace is not its cause.
    let in_apps = forbidden.replace("namespace \"default\"", "namespace \"apps\"");
    let r = inspect_text(&format!("{in_apps}\n---\n{policies}"), NOW);
    assert!(!r.all_findings().any(|f| f.id == "access.policy-scope"));
}

/// `aws eks describe-cluster --output text` reads as the JSON does: name, endpoint,
/// authentication mode, OIDC issuer and CA, and the cluster ARN is no identity warning.
#[test]
fn describe_cluster_as_text() {
    let text = inspect_text(&fixture("aws-cli/formats/describe-cluster-prod.txt"), NOW);
    let json = inspect_text(&fixture("aws-cli/describe-cluster.json"), NOW);
    let (t, j) = (first(&text, Kind::DescribeCluster), first(&json, Kind::DescribeCluster));
    for key in ["name", "arn", "endpoint", "authentication_mode", "oidc_issuer"] {
        assert!(t.get(key).is_some(), "{key}");
        assert_eq!(t.get(key), j.get(key), "{key}");
    }
    assert!(text.artefacts.iter().any(|a| a.kind == Kind::CertificateAuthorityData));
    assert_eq!(text.all_findings().filter(|f| f.severity != Severity::Info).count(), 0);
}

/// An unknown authority although the kubeconfig's CA is describe-cluster's: something between
/// answers TLS, and the next step says how to see who.
#[test]
fn unknown_authority_with_a_matching_kubeconfig_points_at_a_proxy() {
    let r = inspect_text(
        &[
            fixture("kubectl/x509-unknown-authority-get-raw.stderr.txt"),
            fixture("kubectl/config-view-minify-raw.stdout.yaml"),
            fixture("aws-cli/formats/describe-cluster-staging.json"),
        ]
        .join("\n---\n"),
        NOW,
    );
    let d = r.diagnosis.as_ref().unwrap();
    assert_eq!(symptom(&r), Some("error.unknown-authority"));
    assert!(!r.all_findings().any(|f| f.id == "cluster.ca-mismatch"));
    assert!(d.paste_next.iter().any(|p| p.contains("openssl s_client")), "{:?}", d.paste_next);
    // Without the cluster's side, the first step is still to paste it.
    let alone = report(&["x509-unknown-authority-get-raw.stderr.txt"]);
    let next = &alone.diagnosis.as_ref().unwrap().paste_next;
    assert!(next.iter().all(|p| !p.contains("openssl s_client")), "{next:?}");
}

/// A terminal copied as it is: prompts and error lines before or after a document, with no
/// `---` between them. Each part is read as what it is; a broken document stays malformed.
#[test]
fn prompts_and_errors_around_documents() {
    let yaml = fixture("kubectl/get-configmap-aws-auth-yaml.stdout.yaml");
    let json = fixture("aws-cli/formats/get-caller-identity.json");
    let forbidden = fixture("kubectl/get-pods-forbidden.stderr.txt");
    let read = |text: &str| {
        let r = inspect_text(text, NOW);
        let mut kinds: Vec<&str> = r.artefacts.iter().map(|a| a.kind.as_str()).collect();
        kinds.sort_unstable();
        (kinds, error_ids(&r).into_iter().map(str::to_string).collect::<Vec<_>>())
    };
    for text in [
        format!("$ kubectl -n kube-system get configmap aws-auth -o yaml\n{yaml}"),
        format!("{yaml}user@host:~$ \n"),
        format!("{forbidden}\n{yaml}"),
        format!("{yaml}\n{forbidden}"),
    ] {
        let (kinds, errors) = read(&text);
        assert!(kinds.contains(&"aws-auth"), "{kinds:?}\n{text}");
        assert!(!errors.iter().any(|e| e.contains("malformed")), "{errors:?}\n{text}");
    }
    let (kinds, _) = read(&format!("$ aws sts get-caller-identity\n{json}"));
    assert_eq!(kinds, ["caller-identity"]);
    let (kinds, _) =
        read(&format!("{}\n{json}", fixture("kubectl/get-pods-unauthorized.stderr.txt")));
    assert!(kinds.contains(&"caller-identity"), "{kinds:?}");
    // A document broken inside is still reported as such.
    let broken = "apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n  - x\n bad: [\n";
    let r = inspect_text(broken, NOW);
    assert!(r.all_findings().any(|f| f.id == "input.malformed-yaml"), "{:#?}", r.findings);
}

/// From the second review: kubectl's `err=<` blocks are retries too (one card, no ignored-text
/// for their headers), a Windows path to aws.exe is "not found", an indented whoami table is
/// still whoami, and a cluster-scope refusal gets a cluster-scope fix.
#[test]
fn blocks_windows_paths_indents_and_cluster_scope() {
    let r = report(&["exec-aws-not-found.stderr.txt"]);
    assert_eq!(r.artefacts.len(), 1, "{:#?}", r.artefacts);
    assert!(first(&r, Kind::ErrorMessage)
        .get("repeated")
        .is_some_and(|s| s.starts_with("6 times")));
    // Only the help text after kubectl's last line is left over, not the blocks' headers.
    let ignored = r.all_findings().find(|f| f.id == "input.ignored-text");
    assert!(ignored.is_none_or(|f| f.message.contains("lines 43, 45")), "{:#?}", r.findings);
    let windows = r#"Unable to connect to the server: getting credentials: exec: executable C:\Program Files\Amazon\AWSCLIV2\aws.exe not found"#;
    assert_eq!(error_ids(&inspect_text(windows, NOW)), ["error.exec-not-found"]);
    let table = fixture("kubectl/auth-whoami.stdout.txt");
    let indented: String = table.lines().map(|l| format!("    {l}\n")).collect();
    let r = inspect_text(&indented, NOW);
    assert_eq!(r.artefacts.len(), 1, "{:#?}", r.artefacts);
    assert!(r.artefacts.iter().any(|a| a.kind == Kind::SelfSubjectReview));
    let cluster = fixture("kubectl/get-pods-forbidden.stderr.txt")
        .replace("pods is forbidden", "nodes is forbidden")
        .replace(
            "resource \"pods\" in API group \"\" in the namespace \"default\"",
            "resource \"nodes\" in API group \"\" at the cluster scope",
        );
    let policies = fixture("aws-cli/formats/list-associated-access-policies-ci-agent.json");
    let r = inspect_text(&format!("{cluster}\n{policies}"), NOW);
    let f = r.all_findings().find(|f| f.id == "access.policy-scope").unwrap();
    assert!(f.message.contains("at the cluster scope"), "{}", f.message);
    assert!(f.fix.as_deref().unwrap().contains("type=cluster"), "{:?}", f.fix);
}

/// whoami or a Forbidden proves the cluster authenticated the identity: with mappings that do
/// not let it in, that is a warning (mapped by something not pasted), not "EKS answers
/// Unauthorized".
#[test]
fn authenticated_but_not_in_the_pasted_mappings() {
    let whoami = fixture("kubectl/auth-whoami.stdout.txt").replace("ci-agent", "deployer");
    let aws_auth = fixture("kubectl/get-configmap-aws-auth-yaml.stdout.yaml");
    let r = inspect_text(&format!("{whoami}\n---\n{aws_auth}"), NOW);
    let f = r.all_findings().find(|f| f.id == "access.not-mapped").unwrap();
    assert_eq!(f.severity, Severity::Warning, "{}", f.message);
    assert!(f.message.contains("yet the cluster authenticated it"), "{}", f.message);
    assert!(error_ids(&r).is_empty(), "{:?}", error_ids(&r));
    let forbidden =
        fixture("kubectl/get-pods-forbidden.stderr.txt").replace("ci-agent", "deployer");
    let r = inspect_text(&format!("{forbidden}\n---\n{aws_auth}"), NOW);
    let f = r.all_findings().find(|f| f.id == "access.not-mapped").unwrap();
    assert_eq!(f.severity, Severity::Warning, "{}", f.message);
}
