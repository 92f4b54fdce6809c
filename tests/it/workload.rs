//! IRSA and EKS Pod Identity verdicts (issue 12): STS's trust-policy evaluation replayed on real
//! AWS CLI output (tests/data/aws-cli), with a passing and a failing case for every rule.

use eksplain::report::{Kind, Report, Severity};
use serde_json::{json, Value};

use crate::{fixture, inspect_text};

const NOW: &str = "2026-11-28T12:30:00Z";
const HP: &str = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E";
const PROVIDER: &str = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E";

fn role_with(statements: Value) -> String {
    let mut role: Value = serde_json::from_str(&fixture("aws-cli/get-role-irsa.json")).unwrap();
    role["Role"]["AssumeRolePolicyDocument"]["Statement"] = statements;
    role.to_string()
}

fn irsa_statement(conditions: Value) -> Value {
    json!({"Effect": "Allow", "Principal": {"Federated": PROVIDER}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": conditions})
}

/// The assume verdict of `docs` pasted together: (id, message).
fn verdict(docs: &[String], now: &str) -> (String, String) {
    let report: Report = inspect_text(&docs.join("\n---\n"), now);
    let art =
        report.artefacts.iter().find(|a| a.kind == Kind::AssumeVerdict).unwrap_or_else(|| {
            panic!(
                "no assume verdict: {:?}",
                report.artefacts.iter().map(|a| a.kind).collect::<Vec<_>>()
            )
        });
    let f = art.findings.iter().find(|f| f.id.starts_with("assume.")).unwrap();
    assert_eq!(f.severity, if f.id == "assume.allowed" { Severity::Info } else { Severity::Error });
    (f.id.to_string(), f.message.clone())
}

fn token() -> String {
    fixture("aws-cli/irsa-token.jwt")
}

fn allowed(docs: &[String]) {
    let (id, message) = verdict(docs, NOW);
    assert_eq!(id, "assume.allowed", "{message}");
}

fn denied(docs: &[String], because: &str) {
    let (id, message) = verdict(docs, NOW);
    assert_eq!(id, "assume.denied", "{message}");
    assert!(message.contains(because), "expected {because:?} in {message}");
}

#[test]
fn irsa_the_real_role_token_and_service_account_are_allowed() {
    allowed(&[fixture("aws-cli/get-role-irsa.json"), token()]);
    allowed(&[
        fixture("aws-cli/get-role-irsa.json"),
        fixture("aws-cli/serviceaccount-irsa.yaml"),
        fixture("aws-cli/describe-cluster.json"),
        fixture("aws-cli/list-oidc-providers.json"),
    ]);
    // The bare policy (get-role --query Role.AssumeRolePolicyDocument) works too.
    allowed(&[fixture("aws-cli/trust-policy-irsa.json"), token()]);
}

#[test]
fn irsa_subject_namespace_and_service_account() {
    let sub = |v: &str| {
        role_with(json!([irsa_statement(json!({"StringEquals": {format!("{HP}:sub"): v}}))]))
    };
    denied(&[sub("system:serviceaccount:billing:payments"), token()], "trusts namespace billing");
    denied(&[sub("system:serviceaccount:apps:orders"), token()], "trusts service account orders");
    // A wildcard is literal under StringEquals, a pattern under StringLike.
    denied(&[sub("system:serviceaccount:apps:*"), token()], "Use StringLike");
    allowed(&[
        role_with(json!([irsa_statement(
            json!({"StringLike": {format!("{HP}:sub"): "system:serviceaccount:apps:*"}})
        )])),
        token(),
    ]);
    denied(
        &[
            role_with(json!([irsa_statement(
                json!({"StringLike": {format!("{HP}:sub"): "system:serviceaccount:dev-*:*"}})
            )])),
            token(),
        ],
        "trusts namespace dev-*",
    );
    // Several values under one key: any of them.
    allowed(&[
        role_with(json!([irsa_statement(
            json!({"StringEquals": {format!("{HP}:sub"): ["system:serviceaccount:x:y", "system:serviceaccount:apps:payments"]}})
        )])),
        token(),
    ]);
    // Condition keys are case-insensitive; values are not.
    allowed(&[
        role_with(json!([irsa_statement(
            json!({"StringEquals": {format!("{}:SUB", HP.to_uppercase()): "system:serviceaccount:apps:payments"}})
        )])),
        token(),
    ]);
    denied(&[sub("system:serviceaccount:Apps:payments"), token()], "trusts namespace Apps");
}

#[test]
fn irsa_audience_issuer_and_key_form() {
    let aud = |v: &str| {
        role_with(json!([irsa_statement(json!({"StringEquals": {format!("{HP}:aud"): v}}))]))
    };
    denied(&[aud("vault"), token()], "requires audience vault");
    allowed(&[aud("sts.amazonaws.com"), token()]);
    // A condition about another cluster's issuer.
    let other = "oidc.eks.eu-west-1.amazonaws.com/id/0000000000000000000000000000000A";
    denied(
        &[
            role_with(json!([irsa_statement(
                json!({"StringEquals": {format!("{other}:sub"): "system:serviceaccount:apps:payments"}})
            )])),
            token(),
        ],
        "another OIDC issuer",
    );
    denied(
        &[
            role_with(json!([irsa_statement(
                json!({"StringEquals": {format!("https://{HP}:sub"): "system:serviceaccount:apps:payments"}})
            )])),
            token(),
        ],
        "never in the request",
    );
    // The principal: another cluster's provider, or only sts:AssumeRole.
    let mut wrong_provider = irsa_statement(json!({}));
    wrong_provider["Principal"]["Federated"] =
        json!(PROVIDER
            .replace("EXAMPLED539D4633E53DE1B716D3041E", "C7A1F0E2B9D84E6FA3B5D2C1E0F9A8B7"));
    denied(&[role_with(json!([wrong_provider])), token()], "not Federated arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED");
    let mut assume_only = irsa_statement(json!({}));
    assume_only["Action"] = json!("sts:AssumeRole");
    denied(
        &[role_with(json!([assume_only])), token()],
        "allows sts:AssumeRole, not sts:AssumeRoleWithWebIdentity",
    );
    let mut star = irsa_statement(json!({}));
    star["Action"] = json!("sts:AssumeRole*");
    allowed(&[role_with(json!([star])), token()]);
}

#[test]
fn irsa_deny_wins_and_wiring_is_checked() {
    let deny = json!({"Effect": "Deny", "Principal": {"Federated": PROVIDER}, "Action": "sts:*", "Condition": {"StringLike": {format!("{HP}:sub"): "system:serviceaccount:apps:*"}}});
    let allow = irsa_statement(
        json!({"StringEquals": {format!("{HP}:sub"): "system:serviceaccount:apps:payments"}}),
    );
    denied(&[role_with(json!([allow.clone(), deny])), token()], "explicitly denies");
    let not_deny = json!({"Effect": "Deny", "Principal": {"Federated": PROVIDER}, "Action": "sts:*", "Condition": {"StringNotLike": {format!("{HP}:sub"): "system:serviceaccount:apps:*"}}});
    allowed(&[role_with(json!([allow, not_deny])), token()]);

    // The provider must be registered in the role's account.
    let providers: Value =
        serde_json::from_str(&fixture("aws-cli/list-oidc-providers.json")).unwrap();
    let mut only_staging = providers.clone();
    only_staging["OpenIDConnectProviderList"]
        .as_array_mut()
        .unwrap()
        .retain(|p| !p["Arn"].as_str().unwrap().contains("EXAMPLED"));
    denied(
        &[fixture("aws-cli/get-role-irsa.json"), token(), only_staging.to_string()],
        "No OpenIDConnect provider found",
    );
    allowed(&[fixture("aws-cli/get-role-irsa.json"), token(), providers.to_string()]);

    // An expired token (exp is iat + 24 h).
    let (id, message) =
        verdict(&[fixture("aws-cli/get-role-irsa.json"), token()], "2026-11-30T00:00:00Z");
    assert_eq!(id, "assume.denied");
    assert!(message.contains("ExpiredTokenException"), "{message}");

    // The ServiceAccount must name this role.
    let sa = fixture("aws-cli/serviceaccount-irsa.yaml");
    let other_role = sa.replace("role/irsa-app", "role/irsa-other");
    denied(
        &[fixture("aws-cli/get-role-irsa.json"), token(), other_role],
        "not arn:aws:iam::111122223333:role/irsa-app",
    );
    let unannotated: String =
        sa.lines().filter(|l| !l.contains("role-arn")).collect::<Vec<_>>().join("\n");
    denied(&[fixture("aws-cli/get-role-irsa.json"), token(), unannotated], "runs as the node role");
}

fn pod_role_with(statements: Value) -> String {
    let mut role: Value =
        serde_json::from_str(&fixture("aws-cli/get-role-pod-identity.json")).unwrap();
    role["Role"]["AssumeRolePolicyDocument"]["Statement"] = statements;
    role.to_string()
}

fn pod_statement(actions: Value, conditions: Value) -> Value {
    json!({"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": actions, "Condition": conditions})
}

#[test]
fn pod_identity_trust_and_association() {
    let assoc = fixture("aws-cli/describe-pod-identity-association.json");
    allowed(&[fixture("aws-cli/get-role-pod-identity.json"), assoc.clone()]);
    allowed(&[
        fixture("aws-cli/get-role-pod-identity.json"),
        fixture("aws-cli/list-pod-identity-associations.json"),
    ]);
    // Both sts:AssumeRole and sts:TagSession are needed.
    denied(
        &[pod_role_with(json!([pod_statement(json!("sts:AssumeRole"), json!({}))])), assoc.clone()],
        "not sts:TagSession",
    );
    // Session-tag conditions.
    let tags = |ns: &str| {
        pod_statement(
            json!(["sts:AssumeRole", "sts:TagSession"]),
            json!({"StringEquals": {"aws:RequestTag/kubernetes-namespace": ns, "aws:RequestTag/kubernetes-service-account": "payments"}}),
        )
    };
    allowed(&[pod_role_with(json!([tags("apps")])), assoc.clone()]);
    denied(
        &[pod_role_with(json!([tags("billing")])), assoc.clone()],
        "aws:RequestTag/kubernetes-namespace = billing",
    );
    // disableSessionTags: no aws:RequestTag keys are sent.
    let no_tags = assoc.replace("\"disableSessionTags\": false", "\"disableSessionTags\": true");
    assert_ne!(no_tags, assoc);
    denied(&[pod_role_with(json!([tags("apps")])), no_tags], "disables session tags");
    // aws:SourceAccount of the cluster.
    let source = |acct: &str| {
        pod_statement(
            json!(["sts:AssumeRole", "sts:TagSession"]),
            json!({"StringEquals": {"aws:SourceAccount": acct}}),
        )
    };
    allowed(&[pod_role_with(json!([source("111122223333")])), assoc.clone()]);
    denied(&[pod_role_with(json!([source("444455556666")])), assoc.clone()], "aws:SourceAccount");
    // The association must be for the ServiceAccount in question.
    let sa = fixture("aws-cli/serviceaccount-irsa.yaml").replace("name: payments", "name: orders");
    denied(&[fixture("aws-cli/get-role-pod-identity.json"), assoc, sa], "must match exactly");
    // A role trusting only IRSA is not a Pod Identity role.
    denied(
        &[
            pod_role_with(json!([irsa_statement(json!({}))])),
            fixture("aws-cli/describe-pod-identity-association.json"),
        ],
        "pods.eks.amazonaws.com",
    );
}

#[test]
fn the_web_identity_error_is_explained() {
    let report = inspect_text(&fixture("aws-cli/error-assume-role-with-web-identity.txt"), NOW);
    assert!(
        report.all_findings().any(|f| f.id == "error.web-identity-denied"),
        "{:?}",
        report.all_findings().map(|f| f.id.as_str()).collect::<Vec<_>>()
    );
}

fn options(sa: &str) -> eksplain::workload::WorkloadOptions {
    eksplain::workload::WorkloadOptions {
        role_arn: String::from("arn:aws:iam::111122223333:role/teams/apps/payments-role"),
        issuer: Some(String::from(
            "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
        )),
        cluster: Some(String::from("prod")),
        region: Some(String::from("us-west-2")),
        namespace: String::from("apps"),
        service_account: String::from(sa),
    }
}

fn bash_n(script: &str) {
    let mut child = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("bash must be installed to check generated shell");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "bash -n: {}\n{script}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn workload_generators_parse_and_are_allowed_when_read_back() {
    use eksplain::workload::{generate, WorkloadTarget, WORKLOAD_TARGETS};
    for sa in ["payments", "pay*", "odd name's"] {
        let o = options(sa);
        for (target, name) in WORKLOAD_TARGETS {
            let text = generate(*target, &o).unwrap_or_else(|e| panic!("{name}: {e}"));
            match target {
                WorkloadTarget::IrsaTrustPolicy | WorkloadTarget::PodIdentityTrustPolicy => {
                    serde_json::from_str::<Value>(&text)
                        .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
                }
                WorkloadTarget::ServiceAccount => {
                    let docs = yaml_rust2::YamlLoader::load_from_str(&text)
                        .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
                    assert_eq!(docs[0]["metadata"]["name"].as_str(), Some(sa), "{text}");
                    assert_eq!(
                        docs[0]["metadata"]["annotations"]["eks.amazonaws.com/role-arn"].as_str(),
                        Some(o.role_arn.as_str())
                    );
                }
                WorkloadTarget::TfIrsaRole | WorkloadTarget::TfPodIdentity => {
                    hcl::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
                }
                WorkloadTarget::EksctlIamServiceAccount | WorkloadTarget::EksctlPodIdentity => {
                    bash_n(&text)
                }
            }
        }
    }
    // Read back: the generated IRSA trust policy lets the real token's pod in (apps/payments),
    // and a StringLike pattern does too; the generated ServiceAccount names the role.
    for sa in ["payments", "pay*"] {
        let policy = generate(WorkloadTarget::IrsaTrustPolicy, &options(sa)).unwrap();
        let role = json!({"Role": {"Arn": "arn:aws:iam::111122223333:role/teams/apps/payments-role", "AssumeRolePolicyDocument": serde_json::from_str::<Value>(&policy).unwrap()}});
        let sa_yaml = generate(WorkloadTarget::ServiceAccount, &options("payments")).unwrap();
        allowed(&[role.to_string(), token(), sa_yaml]);
    }
    let pod = generate(WorkloadTarget::PodIdentityTrustPolicy, &options("payments")).unwrap();
    let role = json!({"Role": {"Arn": "arn:aws:iam::111122223333:role/pod-identity-app", "AssumeRolePolicyDocument": serde_json::from_str::<Value>(&pod).unwrap()}});
    allowed(&[role.to_string(), fixture("aws-cli/describe-pod-identity-association.json")]);
    // IRSA needs the issuer; a non-role ARN is refused.
    let mut no_issuer = options("payments");
    no_issuer.issuer = None;
    assert!(generate(WorkloadTarget::IrsaTrustPolicy, &no_issuer).unwrap_err().contains("issuer"));
    let mut user = options("payments");
    user.role_arn = String::from("arn:aws:iam::111122223333:user/bob");
    assert!(generate(WorkloadTarget::ServiceAccount, &user).is_err());
}

#[cfg(feature = "web")]
#[tokio::test]
async fn the_page_shows_the_verdict_with_its_snippets() {
    let text = [
        fixture("aws-cli/get-role-irsa.json").replace("apps:payments", "apps:orders"),
        token(),
        fixture("aws-cli/describe-cluster.json"),
    ]
    .join("\n---\n");
    let html = crate::ui_ssr::render_report(&text, NOW).await;
    assert!(html.contains("data-kind=\"assume-verdict\""), "{html}");
    assert!(html.contains("data-id=\"assume.denied\""));
    assert!(html.contains("Fix-it snippets (IRSA)"));
    // The snippet is the trust policy for the token's service account (JSON in the page, escaped).
    assert!(html.contains("system:serviceaccount:apps:payments"));
}

#[test]
fn irsa_condition_operators() {
    let with = |conditions: Value| role_with(json!([irsa_statement(conditions)]));
    let aud = format!("{HP}:aud");
    allowed(&[with(json!({"ForAnyValue:StringLike": {&aud: ["sts.*", "other"]}})), token()]);
    denied(
        &[with(json!({"ForAnyValue:StringEquals": {&aud: "other"}})), token()],
        "requires audience other",
    );
    allowed(&[
        with(json!({"ForAllValues:StringEquals": {&aud: ["sts.amazonaws.com", "x"]}})),
        token(),
    ]);
    denied(
        &[with(json!({"ForAllValues:StringEquals": {&aud: "x"}})), token()],
        "requires audience x",
    );
    // A key the request does not have: positive operators fail, IfExists and negated ones hold.
    let amr = format!("{HP}:amr");
    denied(&[with(json!({"StringEquals": {&amr: "x"}})), token()], "no such key");
    allowed(&[with(json!({"StringEqualsIfExists": {&amr: "x"}})), token()]);
    allowed(&[with(json!({"StringNotEquals": {&amr: "x"}})), token()]);
    allowed(&[with(json!({"Null": {&amr: "true"}})), token()]);
    denied(&[with(json!({"Null": {&aud: "true"}})), token()], "does not hold");
    allowed(&[
        with(
            json!({"StringEqualsIgnoreCase": {format!("{HP}:sub"): "SYSTEM:SERVICEACCOUNT:APPS:PAYMENTS"}}),
        ),
        token(),
    ]);
    denied(
        &[
            with(json!({"StringNotLike": {format!("{HP}:sub"): "system:serviceaccount:apps:*"}})),
            token(),
        ],
        "StringNotLike",
    );
}

/// A denied IRSA paste is about the pod's AWS identity: the diagnosis does not ask for the
/// caller identity or aws-auth, which decide who enters the cluster, not who assumes a role.
#[test]
fn irsa_denial_does_not_ask_for_cluster_access_inputs() {
    let sub = role_with(json!([irsa_statement(
        json!({"StringEquals": {format!("{HP}:sub"): "system:serviceaccount:billing:payments"}})
    )]));
    for docs in [vec![sub.clone(), token()], vec![sub, fixture("aws-cli/serviceaccount-irsa.yaml")]]
    {
        let report: Report = inspect_text(&docs.join("\n---\n"), NOW);
        let d = report.diagnosis.as_ref().expect("a diagnosis");
        assert!(
            !d.paste_next
                .iter()
                .any(|p| p.contains("get-caller-identity") || p.contains("aws-auth")),
            "{:?}",
            d.paste_next
        );
    }
}
