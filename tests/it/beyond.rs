//! Beyond the bearer token (issue 12): the identity a kubeconfig's assumed role is judged as,
//! the kubeconfig against describe-cluster, mangled token prefixes. Inputs are real AWS CLI
//! output (tests/data/aws-cli, made by scripts/capture_aws_cli.py).

use eksplain::generate::Target;
use eksplain::report::{Kind, Report, Severity};
use serde_json::Value;

use crate::{first, fixture, inspect_text};

const NOW: &str = "2026-11-28T12:05:00Z";

fn ids(report: &Report) -> Vec<String> {
    report.all_findings().map(|f| f.id.to_string()).collect()
}

fn aws_auth(rolearn: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/node\n      username: system:node:{{{{EC2PrivateDNSName}}}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n    - rolearn: {rolearn}\n      username: ci-agent\n      groups:\n        - ci-deployers\n"
    )
}

/// The default document the fix's spec gives for `target`.
fn snippet_text(spec: &eksplain::generate::FixSpec, target: Target) -> String {
    let snippet = eksplain::generate::generate(target, &spec.options()).unwrap();
    let block = snippet.variant(None).unwrap();
    snippet.document(block)
}

fn verdict_of(report: &Report) -> &eksplain::report::Finding {
    let verdict = first(report, Kind::AccessVerdict);
    verdict
        .findings
        .iter()
        .find(|f| f.id == "access.mapped" || f.id == "access.not-mapped")
        .unwrap_or_else(|| panic!("no verdict in {:#?}", verdict.findings))
}

#[test]
fn a_kubeconfig_role_with_a_path_is_judged_as_its_session() {
    let kubeconfig = fixture("aws-cli/kubeconfig-role-path.yaml");
    // aws-auth holding the path: never matches (the authenticator sees role/agent).
    let with_path = inspect_text(
        &format!("{kubeconfig}---\n{}", aws_auth("arn:aws:iam::111122223333:role/teams/ci/agent")),
        NOW,
    );
    let verdict = verdict_of(&with_path);
    assert_eq!(verdict.id, "access.not-mapped", "{verdict:#?}");
    assert!(ids(&with_path).contains(&String::from("aws-auth.role-path")));
    assert!(
        verdict.message.contains("arn:aws:iam::111122223333:role/agent"),
        "{}",
        verdict.message
    );
    // The near miss keeps the entry's username and groups, and gives the full ARN for an
    // access entry; the fix's access entry uses the full ARN too.
    assert!(
        verdict.message.contains("keep its username (ci-agent) and groups (ci-deployers)"),
        "{}",
        verdict.message
    );
    let spec = verdict.generate.as_deref().expect("the fix's snippets");
    let aws_cli = snippet_text(spec, Target::AwsCli);
    assert!(
        aws_cli.contains("--principal-arn arn:aws:iam::111122223333:role/teams/ci/agent"),
        "{aws_cli}"
    );
    let aws_auth_entry = snippet_text(spec, Target::AwsAuth);
    assert!(
        aws_auth_entry.contains("rolearn: arn:aws:iam::111122223333:role/agent"),
        "{aws_auth_entry}"
    );
    assert!(
        aws_auth_entry.contains("ci-agent") && aws_auth_entry.contains("ci-deployers"),
        "{aws_auth_entry}"
    );

    // The path-less entry is what lets the session in.
    let without_path = inspect_text(
        &format!("{kubeconfig}---\n{}", aws_auth("arn:aws:iam::111122223333:role/agent")),
        NOW,
    );
    let verdict = verdict_of(&without_path);
    assert_eq!(verdict.id, "access.mapped", "{verdict:#?}");
    assert!(verdict.message.contains("\"ci-agent\""), "{}", verdict.message);
}

#[test]
fn an_assumed_role_gets_the_path_from_the_pasted_mapping() {
    let caller = r#"{"UserId": "AROAEXAMPLEID:ci-run-42", "Account": "111122223333", "Arn": "arn:aws:sts::111122223333:assumed-role/agent/ci-run-42"}"#;
    let report = inspect_text(
        &format!("{caller}\n---\n{}", aws_auth("arn:aws:iam::111122223333:role/teams/ci/agent")),
        NOW,
    );
    let verdict = verdict_of(&report);
    assert_eq!(verdict.id, "access.not-mapped");
    let aws_cli = snippet_text(verdict.generate.as_deref().unwrap(), Target::AwsCli);
    assert!(
        aws_cli.contains("--principal-arn arn:aws:iam::111122223333:role/teams/ci/agent"),
        "the access entry must use the path the pasted aws-auth shows: {aws_cli}"
    );
}

/// prod's kubeconfig entry with staging's server and CA: a recreated or copied cluster.
fn stale_kubeconfig() -> String {
    let prod = fixture("aws-cli/kubeconfig-plain.yaml");
    let staging: Value =
        eksplain::yaml::parse(&fixture("aws-cli/kubeconfig-staging.yaml")).unwrap().unwrap();
    let cluster = &staging["clusters"][0]["cluster"];
    let (server, ca) = (
        cluster["server"].as_str().unwrap(),
        cluster["certificate-authority-data"].as_str().unwrap(),
    );
    let prod_value: Value = eksplain::yaml::parse(&prod).unwrap().unwrap();
    let prod_cluster = &prod_value["clusters"][0]["cluster"];
    prod.replace(prod_cluster["server"].as_str().unwrap(), server)
        .replace(prod_cluster["certificate-authority-data"].as_str().unwrap(), ca)
}

#[test]
fn kubeconfig_and_describe_cluster_are_compared() {
    let describe = fixture("aws-cli/describe-cluster.json");
    let same =
        inspect_text(&format!("{}---\n{describe}", fixture("aws-cli/kubeconfig-plain.yaml")), NOW);
    let same_ids = ids(&same);
    assert!(!same_ids.iter().any(|i| i.starts_with("cluster.")), "{same_ids:?}");
    assert!(
        !same_ids.contains(&String::from("cert.bundle")),
        "two copies of one CA are not a bundle: {same_ids:?}"
    );

    let stale = inspect_text(&format!("{}---\n{describe}", stale_kubeconfig()), NOW);
    for id in ["cluster.ca-mismatch", "cluster.endpoint-mismatch"] {
        let f = stale
            .all_findings()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("no {id}: {:?}", ids(&stale)));
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.fix
                .as_deref()
                .unwrap()
                .contains("aws eks update-kubeconfig --name prod --region us-west-2"),
            "{f:#?}"
        );
    }
    assert!(!ids(&stale).contains(&String::from("cert.bundle")), "{:?}", ids(&stale));
}

#[test]
fn mangled_token_prefixes_are_tokens_with_the_authenticator_error() {
    let minted: Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let case = &minted["cases"][0];
    let token = case["token"].as_str().unwrap_or_else(|| panic!("{case:#}"));
    let body = token.strip_prefix("k8s-aws-v1.").unwrap();
    for prefix in ["k8s-aws-v2.", "K8S-AWS-V1.", "k8s-aws-v10."] {
        let report = inspect_text(&format!("{prefix}{body}"), NOW);
        let art = first(&report, Kind::EksToken);
        let error_ids: Vec<&str> = art
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(error_ids, ["token.missing-prefix"], "{prefix}");
        assert!(
            art.get("sts_host").unwrap().starts_with("sts."),
            "{prefix}: the URL still decodes"
        );
    }
}

#[test]
fn session_credentials_expire_and_feed_the_verdict() {
    let assume = fixture("aws-cli/assume-role.json");
    let before = inspect_text(&assume, "2026-11-28T12:30:00Z");
    let art = first(&before, Kind::SessionCredentials);
    assert_eq!(art.get("account_id"), Some("111122223333"));
    assert_eq!(art.get("expiration"), Some("2026-11-28T13:00:00Z"));
    assert_eq!(art.get("validity"), Some("valid for 30 min 0 s"));
    assert!(art.fields.iter().any(|f| f.key == "secret_access_key" && f.secret));
    assert!(!ids(&before).contains(&String::from("credentials.expired")));

    let after = inspect_text(&assume, "2026-11-28T13:00:01Z");
    let expired = after.all_findings().find(|f| f.id == "credentials.expired").unwrap();
    assert_eq!(expired.severity, Severity::Error);

    // get-session-token has no assumed role; it expires too.
    let session = inspect_text(&fixture("aws-cli/get-session-token.json"), "2026-11-29T00:00:01Z");
    assert!(ids(&session).contains(&String::from("credentials.expired")));
    assert!(first(&session, Kind::SessionCredentials).get("assumed_role_arn").is_none());

    // The assumed role is an identity: with aws-auth it gets a verdict.
    let with_auth = inspect_text(
        &format!("{assume}\n---\n{}", aws_auth("arn:aws:iam::111122223333:role/agent")),
        "2026-11-28T12:30:00Z",
    );
    assert_eq!(verdict_of(&with_auth).id, "access.mapped");
}

#[test]
fn a_token_minted_from_expired_credentials_is_refused() {
    // Minted by the real CLI (scripts/mint_session_token.py) from assume-role.json's credentials,
    // which expired at 13:00; the token's own 15 minutes are still running.
    let token = fixture("aws-cli/get-token-from-assume-role.json");
    let exec: Value = serde_json::from_str(&token).unwrap();
    let expires = crate::at(exec["status"]["expirationTimestamp"].as_str().unwrap());
    let now = eksplain::when::rfc3339(expires - time::Duration::minutes(10));
    let alone = inspect_text(&token, &now);
    assert!(ids(&alone).contains(&String::from("token.locally-valid")), "{:?}", ids(&alone));
    assert!(!ids(&alone).contains(&String::from("credentials.token-outlived")));

    let both =
        inspect_text(&format!("{}\n---\n{token}", fixture("aws-cli/assume-role.json")), &now);
    let f = both
        .all_findings()
        .find(|f| f.id == "credentials.token-outlived")
        .unwrap_or_else(|| panic!("{:?}", ids(&both)));
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("ASIARTX3GSDSSX5IZ64F"), "{}", f.message);
}

#[test]
fn the_seed_story_is_diagnosed_not_mapped_first() {
    let story = format!(
        "error: You must be logged in to the server (Unauthorized)\n\n{}\n---\n{}",
        fixture("story/caller-ci.json"),
        fixture("story/aws-auth-laptop.yaml")
    );
    let report = inspect_text(&story, NOW);
    let d = report.diagnosis.as_ref().expect("a diagnosis");
    assert_eq!(d.symptom.map(|s| s.as_str()), Some("error.unauthorized"));
    assert_eq!(d.causes[0].id, "access.not-mapped", "{:#?}", d.causes);
    assert!(d.paste_next.iter().any(|p| p.contains("describe-cluster")), "{:?}", d.paste_next);
    // In the JSON report.
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["diagnosis"]["causes"][0]["id"], "access.not-mapped");
    // Mapped: the not-mapped cause is ruled out instead.
    let fixed = inspect_text(
        &format!(
            "{}\n---\n{}",
            fixture("story/caller-ci.json"),
            fixture("story/aws-auth-fixed.yaml")
        ),
        NOW,
    );
    assert!(
        fixed.diagnosis.is_none()
            || fixed.diagnosis.as_ref().unwrap().causes.iter().all(|c| c.id != "access.not-mapped")
    );
}

#[test]
fn an_x509_error_puts_the_ca_mismatch_first() {
    let text = format!(
        "{}---\n{}---\n{}---\nUnable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority\n",
        stale_kubeconfig(),
        fixture("aws-cli/describe-cluster.json"),
        aws_auth("arn:aws:iam::111122223333:role/teams/ci/agent"),
    );
    let report = inspect_text(&text, NOW);
    let d = report.diagnosis.as_ref().unwrap();
    assert_eq!(d.symptom.map(|s| s.as_str()), Some("error.unknown-authority"));
    assert!(d.causes[0].id.starts_with("cluster."), "{:#?}", d.causes);
    // Nothing to diagnose: no diagnosis.
    assert!(inspect_text(&fixture("aws-cli/describe-cluster.json"), NOW).diagnosis.is_none());
}

#[cfg(feature = "web")]
#[tokio::test]
async fn the_page_shows_the_diagnosis_first() {
    let story = format!(
        "error: You must be logged in to the server (Unauthorized)\n\n{}\n---\n{}",
        fixture("story/caller-ci.json"),
        fixture("story/aws-auth-laptop.yaml")
    );
    let html = crate::ui_ssr::render_report(&story, NOW).await;
    let diagnosis = html.find("data-kind=\"diagnosis\"").expect("diagnosis card");
    let first_card = html.find("data-kind=\"access-verdict\"").unwrap();
    assert!(diagnosis < first_card);
    assert!(html.contains("data-id=\"access.not-mapped\""));
}

/// A key and a session token that cannot go together: an ASIA key without its token, an AKIA key
/// with one (a stale AWS_SESSION_TOKEN). The real fixtures pair them correctly and are not flagged;
/// with the error AWS prints for it pasted too, the mismatch is the first cause.
#[test]
fn key_and_session_token_must_belong_together() {
    let mismatch = |report: &eksplain::Report| {
        ids(report).contains(&String::from("credentials.key-token-mismatch"))
    };
    let assume = fixture("aws-cli/assume-role.json");
    assert!(!mismatch(&inspect_text(&assume, "2026-11-28T12:30:00Z")));
    assert!(!mismatch(&inspect_text(
        &fixture("aws-cli/get-session-token.json"),
        "2026-11-28T12:30:00Z"
    )));
    let no_token = assume.replace("\"SessionToken\"", "\"Other\"");
    assert!(mismatch(&inspect_text(&no_token, "2026-11-28T12:30:00Z")));
    let long_term = assume.replace("\"ASIARTX3GSDSSX5IZ64F\"", "\"AKIARTX3GSDSSX5IZ64F\"");
    let report = inspect_text(
        &format!("{long_term}\nAn error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid."),
        "2026-11-28T12:30:00Z",
    );
    let finding = report.all_findings().find(|f| f.id == "credentials.key-token-mismatch").unwrap();
    assert!(
        finding.message.contains("AKIARTX3GSDSSX5IZ64F is a long-term key"),
        "{}",
        finding.message
    );
    assert!(ids(&report).contains(&String::from("error.aws-credentials-invalid")));
    let d = report.diagnosis.as_ref().expect("a diagnosis");
    assert_eq!(d.causes[0].id, "credentials.key-token-mismatch", "{:?}", d.causes);
}

/// The same check on a token: tokens minted by the real AWS CLI, with their session token taken
/// out (an ASIA key alone) or one added to a long-term key's (AKIA with a stale token).
#[test]
fn a_token_whose_key_and_session_token_do_not_belong_together() {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let doc: Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    let case = |name: &str| {
        doc["cases"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone()
    };
    let url_of = |token: &str| {
        String::from_utf8(engine.decode(&token["k8s-aws-v1.".len()..]).unwrap()).unwrap()
    };
    let token_of = |url: &str| format!("k8s-aws-v1.{}", engine.encode(url));
    let mismatch = |token: &str, now: &str| {
        let report = inspect_text(token, now);
        let found = report.all_findings().any(|f| f.id == "credentials.key-token-mismatch");
        found
    };
    let session = case("us-west-2-regional-session");
    let (token, now) =
        (session["token"].as_str().unwrap(), session["minted_after"].as_str().unwrap());
    assert!(!mismatch(token, now));
    let url = url_of(token);
    let without: String = url
        .split('&')
        .filter(|p| !p.starts_with("X-Amz-Security-Token="))
        .collect::<Vec<_>>()
        .join("&");
    assert_ne!(without, url);
    assert!(mismatch(&token_of(&without), now));
    let longterm = case("eu-west-1-regional-longterm");
    let (token, now) =
        (longterm["token"].as_str().unwrap(), longterm["minted_after"].as_str().unwrap());
    assert!(!mismatch(token, now));
    let with = format!("{}&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE", url_of(token));
    assert!(mismatch(&token_of(&with), now));
}

/// Expired credentials fail at STS before any mapping is looked at: they rank above not-mapped.
#[test]
fn expired_credentials_rank_above_not_mapped() {
    let assume = fixture("aws-cli/assume-role.json");
    let report = inspect_text(
        &format!("{assume}\n---\n{}", aws_auth("arn:aws:iam::111122223333:role/someone-else")),
        "2026-11-28T14:00:00Z",
    );
    let d = report.diagnosis.as_ref().unwrap();
    let ids: Vec<&str> = d.causes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"credentials.expired"), "{ids:?}");
    assert!(ids.contains(&"access.not-mapped"), "{ids:?}");
}
