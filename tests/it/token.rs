//! Tokens: real AWS CLI output decodes to the values used to mint it, and every authenticator
//! check fails and passes as aws-iam-authenticator's does.

use base64::Engine as _;
use eksplain::report::{Kind, Severity};
use serde_json::Value;

use crate::{at, error_ids, first, fixture, inspect_text};

fn minted() -> Vec<Value> {
    let doc: Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn partition_domain(region: &str) -> (&'static str, &'static str) {
    if region.starts_with("cn-") {
        ("aws-cn", "amazonaws.com.cn")
    } else if region.starts_with("us-gov-") {
        ("aws-us-gov", "amazonaws.com")
    } else {
        ("aws", "amazonaws.com")
    }
}

/// Adds minutes to an RFC 3339 time.
fn plus_minutes(text: &str, minutes: i64) -> String {
    eksplain::when::rfc3339(at(text) + time::Duration::minutes(minutes))
}

#[test]
fn minted_tokens_decode_to_the_values_used_to_mint_them() {
    let cases = minted();
    assert!(cases.len() >= 10);
    let mut partitions = std::collections::BTreeSet::new();
    let mut hosts = std::collections::BTreeSet::new();
    for case in &cases {
        let s = |k: &str| case[k].as_str().unwrap_or_default().to_string();
        let region = s("region");
        let (partition, domain) = partition_domain(&region);
        let global = s("sts_regional_endpoints") == "legacy"
            && (region == "us-east-1" || region == "us-west-2");
        let host = if global {
            String::from("sts.amazonaws.com")
        } else {
            format!("sts.{region}.{domain}")
        };
        let signing_region = if global { "us-east-1" } else { region.as_str() };
        let now = plus_minutes(&s("minted_after"), 5);
        for (form, text, kind) in [
            ("bare token", s("token"), Kind::EksToken),
            (
                "Authorization header",
                format!("Authorization: Bearer {}", s("token")),
                Kind::EksToken,
            ),
            ("ExecCredential", s("exec_credential"), Kind::EksToken),
            ("presigned URL", s("url"), Kind::StsPresignedUrl),
        ] {
            let what = format!("{} as {form}", s("name"));
            let report = inspect_text(&text, &now);
            let art = first(&report, kind);
            assert_eq!(art.get("access_key_id"), Some(s("access_key_id").as_str()), "{what}");
            assert_eq!(art.get("account_id"), Some(s("account").as_str()), "{what}");
            assert_eq!(art.get("sts_host"), Some(host.as_str()), "{what}");
            assert_eq!(art.get("partition"), Some(partition), "{what}");
            assert_eq!(art.get("signing_region"), Some(signing_region), "{what}");
            assert_eq!(
                art.get("endpoint_kind"),
                Some(if global { "legacy global endpoint" } else { "regional" }),
                "{what}"
            );
            assert_eq!(art.get("action"), Some("GetCallerIdentity"), "{what}");
            assert_eq!(art.get("cluster_header_signed"), Some("yes"), "{what}");
            match case["session_token"].as_str() {
                Some(session) => {
                    assert_eq!(art.get("session_token_value"), Some(session), "{what}");
                    assert!(art.get("session_token").unwrap().starts_with("present"), "{what}");
                }
                None => assert_eq!(
                    art.get("session_token"),
                    Some("absent (long-term credentials)"),
                    "{what}"
                ),
            }
            let signed_at = at(art.get("signed_at").unwrap());
            assert!(
                signed_at >= at(&s("minted_after")) && signed_at <= at(&s("minted_before")),
                "{what}: {signed_at}"
            );
            assert!(error_ids(&report).is_empty(), "{what}: {:?}", error_ids(&report));
            assert!(art.findings.iter().any(|f| f.id == "token.locally-valid"), "{what}");
            assert_eq!(
                global,
                art.findings.iter().any(|f| f.id == "token.global-endpoint"),
                "{what}"
            );
            let expired = inspect_text(&text, &plus_minutes(&s("minted_before"), 16));
            assert_eq!(error_ids(&expired), vec!["token.expired"], "{what}");
        }
        let exec = inspect_text(&s("exec_credential"), &now);
        assert!(
            first(&exec, Kind::ExecCredential).get("expiry_agreement").unwrap().starts_with("yes"),
            "{}",
            s("name")
        );
        partitions.insert(partition);
        hosts.insert(if global { "global" } else { "regional" });
    }
    assert_eq!(partitions.len(), 3);
    assert_eq!(hosts.len(), 2);
}

pub const GOOD: &str = "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAR2TG44V6AS3ZZE7C%2F20230428%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=20230428T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=e211dba77aba9dc44b0b6be38b8eaad092599c5157f6314444c5b9d85747f5ce";
const NOW: &str = "2023-04-28T00:05:00Z";

pub fn tok(url: &str) -> String {
    format!("k8s-aws-v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(url))
}

/// Replaces `from` with `to` in the good URL.
pub fn good_with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1)
}

/// One case: the token text, the instant, and the expected error (None = passes).
fn check(token: &str, now: &str, expected: Option<&str>) {
    let report = eksplain::inspect(&[eksplain::Input::text(token)], at(now));
    // Exactly one token artefact: a case that is not read as a token checks nothing.
    let tokens: Vec<_> = report.artefacts.iter().filter(|a| a.kind == Kind::EksToken).collect();
    assert_eq!(tokens.len(), 1, "token {token}: {:#?}", report.artefacts);
    let art = tokens[0];
    let ids: Vec<&str> =
        art.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| &*f.id).collect();
    match expected {
        Some(id) => {
            assert_eq!(ids, vec![id], "token {token}");
            let finding = art.findings.iter().find(|f| f.id == id).unwrap();
            assert!(
                finding.fix.is_some() && finding.authenticator.is_some(),
                "{id} needs a fix and the authenticator text"
            );
        }
        None => {
            assert!(ids.is_empty(), "expected to pass, got {ids:?} for {token}");
            assert!(art.findings.iter().any(|f| f.id == "token.locally-valid"), "{token}");
        }
    }
}

#[test]
fn every_authenticator_check_fails_and_passes() {
    let good = tok(GOOD);
    // Passing cases, including Go's leniencies.
    check(&good, NOW, None);
    check(&good, "2023-04-28T00:15:00Z", None); // exactly +15 min is still valid
    check(&good, "2023-04-27T00:00:00Z", None); // future-dated: no lower bound
    check(&tok(&good_with("https://", "HTTPS://")), NOW, None); // scheme is lower-cased
    check(&tok(&good_with("Action=", "action=")), NOW, None); // keys are case-insensitive
    check(&tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=900")), NOW, None);
    check(&tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=%2B0")), NOW, None); // Atoi takes a sign
    check(&tok(&good_with("host%3Bx-k8s-aws-id", "X-K8S-AWS-ID")), NOW, None);
    check(&tok(&good_with("sts.us-west-2.amazonaws.com", "sts.amazonaws.com")), NOW, None);
    check(
        &tok(&good_with("sts.us-west-2.amazonaws.com", "sts-fips.us-west-2.amazonaws.com")),
        NOW,
        None,
    );
    check(&tok(&good_with("sts.us-west-2.amazonaws.com", "sts.us-west-2.api.aws")), NOW, None);
    check(
        &tok(&good_with("sts.us-west-2.amazonaws.com", "sts.cn-north-1.amazonaws.com.cn")),
        NOW,
        None,
    );
    check(
        &tok(&good_with("sts.us-west-2.amazonaws.com", "sts.not-a-region.amazonaws.com")),
        NOW,
        None,
    );
    check(&tok(&good_with("?Action", "?&Action")), NOW, None); // empty segments are skipped
    check(&tok(&format!("{GOOD}#fragment")), NOW, None);
    check(&format!("{}\r\n{}", &good[..40], &good[40..]), NOW, None); // Go skips CR/LF

    // Failing cases, one per check, in the authenticator's order.
    check(
        &tok(&format!("{GOOD}&X-Amz-Security-Token={}", "A".repeat(3000))),
        NOW,
        Some("token.too-large"),
    );
    check(&good.replacen("k8s-aws-v1.", "K8S-AWS-V1.", 1), NOW, Some("token.missing-prefix"));
    check(&format!("{good}="), NOW, Some("token.bad-base64"));
    check(&format!("{good}+"), NOW, Some("token.bad-base64"));
    check(&tok(":ab:cd.af:/asda"), NOW, Some("token.bad-url"));
    check(&tok(&good_with("https://", "http://")), NOW, Some("token.scheme"));
    check(
        &tok(&good_with("sts.us-west-2.amazonaws.com", "sts.us-west-2.amazonaws.com:443")),
        NOW,
        Some("token.host"),
    );
    check(
        &tok(&good_with("sts.us-west-2.amazonaws.com", "evil.example.com")),
        NOW,
        Some("token.host"),
    );
    check(
        &tok(&good_with("sts.us-west-2.amazonaws.com", "sts.us-east-1.amazonaws.com.cn")),
        NOW,
        Some("token.host"),
    );
    check(&tok(&good_with("amazonaws.com/?", "amazonaws.com/x?")), NOW, Some("token.path"));
    check(&tok(&good_with("amazonaws.com/?", "amazonaws.com?")), NOW, Some("token.path"));
    check(
        &tok(&good_with("Version=2011-06-15", "Version=2011;06")),
        NOW,
        Some("token.query-malformed"),
    );
    check(
        &tok(&good_with("Version=2011-06-15", "Version=%zz")),
        NOW,
        Some("token.query-malformed"),
    );
    check(&tok(&format!("{GOOD}&x-amz-credential=eve")), NOW, Some("token.query-duplicate"));
    check(&tok(&format!("{GOOD}&X-Amz-Foo=1")), NOW, Some("token.query-unexpected-param"));
    check(&tok(&format!("{GOOD}&Action=GetCallerIdentity")), NOW, Some("token.query-multi-value"));
    check(
        &tok(&good_with("Action=GetCallerIdentity", "Action=getcalleridentity")),
        NOW,
        Some("token.action"),
    );
    check(&tok(&good_with("Action=GetCallerIdentity&", "")), NOW, Some("token.action"));
    check(
        &tok(&good_with("host%3Bx-k8s-aws-id", "host")),
        NOW,
        Some("token.unsigned-cluster-header"),
    );
    check(
        &tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=901")),
        NOW,
        Some("token.expires-param"),
    );
    check(
        &tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=-1")),
        NOW,
        Some("token.expires-param"),
    );
    check(
        &tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=+0")),
        NOW,
        Some("token.expires-param"),
    ); // `+` is a space
    check(&tok(&good_with("X-Amz-Expires=60&", "")), NOW, Some("token.expires-param"));
    check(&tok(&good_with("X-Amz-Date=20230428T000000Z&", "")), NOW, Some("token.date-missing"));
    check(
        &tok(&good_with("20230428T000000Z", "2023-04-28T00:00:00Z")),
        NOW,
        Some("token.date-format"),
    );
    check(&good, "2023-04-28T00:15:01Z", Some("token.expired"));
    // Dates at the edge of the representable range do not overflow.
    check(&tok(&good_with("20230428T000000Z", "99991231T235959Z")), NOW, None);
    check(&tok(&good_with("20230428T000000Z", "00000101T000000Z")), NOW, Some("token.expired"));
}

#[test]
fn authenticator_messages_are_exact() {
    let report = inspect_text(&tok(GOOD), "2023-04-28T01:00:00Z");
    let finding = report.all_findings().find(|f| f.id == "token.expired").unwrap();
    assert_eq!(
        finding.authenticator.as_deref(),
        Some("input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) 2023-04-28 00:00:00 +0000 UTC")
    );
    let report = inspect_text(&tok(&good_with("https://", "http://")), NOW);
    let finding = report.all_findings().find(|f| f.id == "token.scheme").unwrap();
    assert_eq!(
        finding.authenticator.as_deref(),
        Some(
            "input token was not properly formatted: unexpected scheme \"http\" in pre-signed URL"
        )
    );
}

#[test]
fn warnings_and_notes() {
    let has = |token: &str, now: &str, id: &str| {
        inspect_text(token, now).all_findings().any(|f| f.id == id)
    };
    assert!(has(&tok(GOOD), "2023-04-27T23:50:00Z", "token.future"));
    assert!(!has(&tok(GOOD), NOW, "token.future"));
    assert!(has(
        &tok(&good_with("sts.us-west-2.amazonaws.com", "sts.amazonaws.com")),
        NOW,
        "token.global-endpoint"
    ));
    assert!(has(
        &tok(&good_with("%2Fus-west-2%2F", "%2Feu-west-1%2F")),
        NOW,
        "token.region-mismatch"
    ));
    assert!(!has(&tok(GOOD), NOW, "token.region-mismatch"));
    assert!(has(
        &tok(&good_with("ASIAR2TG44V6AS3ZZE7C", "AKIA6RVFFB77RE7OLMKI")),
        NOW,
        "token.long-term-key"
    ));
    assert!(has(
        &tok(&good_with("ASIAR2TG44V6AS3ZZE7C", "AKIAIOSFODNN7EXAMPLE")),
        NOW,
        "token.old-format-key"
    ));
    assert!(!has(&tok(GOOD), NOW, "token.old-format-key"));
    assert!(has(
        &tok(&good_with("X-Amz-Expires=60", "X-Amz-Expires=900")),
        NOW,
        "token.expires-not-60"
    ));
    assert!(has(
        &tok(&format!("{GOOD}&X-Amz-Security-Token={}", "A".repeat(2400))),
        NOW,
        "token.size-near-limit"
    ));
    assert!(!has(&tok(GOOD), NOW, "token.size-near-limit"));
    // A token broken over lines is joined, and says so.
    let token = tok(GOOD);
    let broken = format!("{}\n{}\n{}", &token[..70], &token[70..140], &token[140..]);
    let report = inspect_text(&broken, NOW);
    assert_eq!(report.artefacts.len(), 1);
    assert!(report.all_findings().any(|f| f.id == "token.whitespace-removed"));
    assert!(error_ids(&report).is_empty(), "{:?}", error_ids(&report));
}

#[test]
fn account_decoding() {
    use eksplain::access_key::{decode_account, AccountDecode};
    let account = |id: &str| AccountDecode::Account(id.to_string());
    // What AWS itself answered, not a decoder: Aidan Steele published the output of
    // `aws sts get-access-key-info --access-key-id … --query Account` for these three key IDs in
    // "AWS Access Key ID formats", https://awsteele.com/blog/2020/09/26/aws-access-key-format.html
    // (the first is also the worked example of Tal Be'ery's decode,
    // https://medium.com/@TalBeerySec/a-short-note-on-aws-key-id-f88cc4317489).
    assert_eq!(decode_account("ASIAY34FZKBOKMUTVV7A"), account("609629065308"));
    assert_eq!(decode_account("ASIAY34FZKBNKMUTVV7A"), account("609629065306"));
    assert_eq!(decode_account("ASIAY34FZKAOKMUTVV7A"), account("609629065244"));
    // What the same post observed of STS: the last seven characters do not change the account,
    // the 13th adds 1 from `Q` on, and an old `AKIAJ…` key gives a meaningless (negative)
    // account under that rule, so it must not be decoded.
    assert_eq!(decode_account("ASIAY34FZKBOKAAAAAAA"), account("609629065308"));
    assert_eq!(decode_account("ASIAY34FZKBOK7777777"), account("609629065308"));
    assert_eq!(decode_account("ASIAY34FZKBOAMUTVV7A"), account("609629065308"));
    assert_eq!(decode_account("ASIAY34FZKBOQMUTVV7A"), account("609629065309"));
    assert_eq!(decode_account("AKIAJAAAAAAAAAAAAAAA"), AccountDecode::OldFormat);
    // A decoder's own output (Tal Be'ery's script above prints it for this key), showing the
    // leading zero; and the edges of the account range, from the encoder in
    // scripts/mint_tokens.py.
    assert_eq!(decode_account("ASIAQNZGKIQY56JQ7WML"), account("029608264753"));
    assert_eq!(decode_account("AKIA6RVFFB77RE7OLMKI"), account("999999999999"));
    assert_eq!(decode_account("AKIAQAAAAAAAQ22UZWRG"), account("000000000001"));
    // AWS's documentation example key is old-format: no account.
    assert_eq!(decode_account("AKIAIOSFODNN7EXAMPLE"), AccountDecode::OldFormat);
    assert_eq!(decode_account("AKIA"), AccountDecode::Invalid);
}

/// The page's "aws eks get-token output" example is what the AWS CLI printed, byte for byte.
#[test]
fn the_page_example_is_real_aws_cli_output() {
    let example = fixture("examples/get-token.json");
    let case = minted().into_iter().find(|c| c["name"] == "eu-west-1-regional-longterm").unwrap();
    assert_eq!(case["exec_credential"].as_str(), Some(example.as_str()));
}

#[test]
fn static_token_in_kubeconfig_is_flagged() {
    let case = &minted()[0];
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://x.eks.amazonaws.com\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: {}\n",
        case["token"].as_str().unwrap()
    );
    let report =
        inspect_text(&kubeconfig, &plus_minutes(case["minted_before"].as_str().unwrap(), 30));
    let token = first(&report, Kind::EksToken);
    assert!(token.findings.iter().any(|f| f.id == "token.static-in-kubeconfig"));
    assert!(token.findings.iter().any(|f| f.id == "token.expired"));
}

#[test]
fn exec_credential_api_versions() {
    let case = &minted()[0];
    let exec = case["exec_credential"].as_str().unwrap();
    let now = plus_minutes(case["minted_after"].as_str().unwrap(), 1);
    let with = |version: &str| exec.replace("client.authentication.k8s.io/v1beta1", version);
    let ids = |text: &str| {
        inspect_text(text, &now).all_findings().map(|f| f.id.to_string()).collect::<Vec<_>>()
    };
    for ok in ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"] {
        let report = inspect_text(&with(ok), &now);
        assert_eq!(first(&report, Kind::ExecCredential).get("api_version"), Some(ok));
        assert!(!ids(&with(ok)).iter().any(|i| i.starts_with("exec.api-version")));
    }
    assert!(ids(&with("client.authentication.k8s.io/v1alpha1"))
        .contains(&String::from("exec.api-version-deprecated")));
    assert!(
        ids(&with("client.authentication.k8s.io/v2")).contains(&String::from("exec.api-version"))
    );
    // The same ExecCredential as YAML (`aws eks get-token --output yaml`).
    let value: Value = serde_json::from_str(exec).unwrap();
    let yaml = format!(
        "apiVersion: {}\nkind: ExecCredential\nspec: {{}}\nstatus:\n  expirationTimestamp: '{}'\n  token: {}\n",
        value["apiVersion"].as_str().unwrap(),
        value["status"]["expirationTimestamp"].as_str().unwrap(),
        value["status"]["token"].as_str().unwrap()
    );
    let report = inspect_text(&yaml, &now);
    assert_eq!(first(&report, Kind::EksToken).get("account_id"), case["account"].as_str());
    assert!(first(&report, Kind::ExecCredential)
        .get("expiry_agreement")
        .unwrap()
        .starts_with("yes"));
}
