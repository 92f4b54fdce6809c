//! Redaction (`eksplain::redact`): against the real tokens minted by the AWS CLI, the redacted
//! report (JSON and CLI text) holds no signature, no session token and no token, and keeps the
//! account, region, host, dates and finding ids; a redacted paste still inspects to the same
//! account, region and host.

use eksplain::redact::{redact, redact_text};
use eksplain::report::Report;

use crate::{fixture, inspect_text};

const NOW: &str = "2026-11-28T11:10:00Z";

struct Case {
    account: String,
    region: String,
    token: String,
    url: String,
    exec_credential: String,
    session_token: Option<String>,
    signature: String,
}

fn cases() -> Vec<Case> {
    let doc: serde_json::Value = serde_json::from_str(&fixture("token/minted.json")).unwrap();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let url = c["url"].as_str().unwrap().to_string();
            let signature = url.split("X-Amz-Signature=").nth(1).unwrap()[..64].to_string();
            Case {
                account: c["account"].as_str().unwrap().to_string(),
                region: c["region"].as_str().unwrap().to_string(),
                token: c["token"].as_str().unwrap().to_string(),
                exec_credential: c["exec_credential"].as_str().unwrap().to_string(),
                session_token: c["session_token"].as_str().map(str::to_string),
                url,
                signature,
            }
        })
        .collect()
}

/// The session token as it appears in the URL (percent-encoded) and decoded.
fn session_forms(token: &str) -> Vec<String> {
    let encoded = token.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
    vec![token.to_string(), encoded, token[..40.min(token.len())].to_string()]
}

fn assert_no_secrets(text: &str, case: &Case) {
    // A redacted paste keeps its tokens, re-encoded without their secrets: check inside them too.
    let mut decoded = String::new();
    for part in text.split("k8s-aws-v1.").skip(1) {
        let body: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        use base64::Engine as _;
        let bytes =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body).unwrap_or_default();
        decoded.push_str(&String::from_utf8_lossy(&bytes));
        decoded.push('\n');
    }
    if !decoded.is_empty() {
        assert_no_secrets(&decoded, case);
    }
    assert!(!text.contains(&case.signature), "signature left in:\n{text}");
    assert!(!text.contains(&case.signature[..8]), "part of the signature left in:\n{text}");
    assert!(!text.contains(&case.token), "token left in");
    assert!(
        !text.contains(&case.token[case.token.len() - 60..]),
        "end of the token left in:\n{text}"
    );
    if let Some(session) = &case.session_token {
        for form in session_forms(session) {
            assert!(!text.contains(&form), "session token left in ({form}):\n{text}");
        }
    }
}

fn finding_ids(report: &Report) -> Vec<String> {
    report.all_findings().map(|f| f.id.as_str().to_string()).collect()
}

fn field<'a>(report: &'a Report, key: &str) -> Option<&'a str> {
    report.artefacts.iter().find_map(|a| a.get(key))
}

#[test]
fn redacted_reports_of_real_tokens_hold_no_secret_and_keep_the_rest() {
    for case in cases() {
        for input in [&case.exec_credential, &case.token, &case.url] {
            let report = inspect_text(input, NOW);
            let redacted = redact(&report);
            let json = redacted.to_json();
            assert_no_secrets(&json, &case);
            assert_eq!(finding_ids(&redacted), finding_ids(&report));
            for key in [
                "account_id",
                "sts_host",
                "signing_region",
                "signed_at",
                "valid_until",
                "access_key_id",
            ] {
                assert_eq!(field(&redacted, key), field(&report, key), "{key}");
                assert!(field(&redacted, key).is_some(), "{key} missing");
            }
            assert_eq!(json.contains(&case.region), report.to_json().contains(&case.region));
            assert_eq!(json.contains(&case.account), report.to_json().contains(&case.account));
            if input == &case.token {
                let token = field(&redacted, "token").unwrap();
                assert_eq!(
                    token,
                    format!(
                        "[redacted: bearer token, {} characters]",
                        eksplain::token::group_digits(case.token.len())
                    )
                );
            }
            let url = field(&redacted, "url").unwrap();
            assert!(url.contains("X-Amz-Signature=[redacted: signature, 64 characters]"), "{url}");
            assert!(url.contains("X-Amz-Date="), "{url}");
        }
    }
}

#[test]
fn secrets_quoted_in_messages_are_redacted_too() {
    let case = &cases()[1];
    // A URL the authenticator cannot parse: its message quotes the whole URL.
    let broken = case.url.replacen("https://", "https://sts.us-west-2.amazonaws.com:x/", 1);
    let token = format!("k8s-aws-v1.{}", base64url(broken.as_bytes()));
    let report = inspect_text(&token, NOW);
    let auth = report.artefacts[0].findings.iter().find_map(|f| f.authenticator.clone()).unwrap();
    assert!(auth.contains(&case.signature), "the unredacted message quotes the URL: {auth}");
    let json = redact(&report).to_json();
    assert_no_secrets(&json, case);
    assert!(json.contains("token.bad-url"));
    // A line of credentials that is not recognised is quoted in input.unrecognised.
    let report = inspect_text(
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nAWS_SESSION_TOKEN=FwoGZXIvYXdzEBYaDHhBTEXAMPLE",
        NOW,
    );
    let json = redact(&report).to_json();
    assert!(!json.contains("wJalrXUtnFEMI"), "{json}");
    assert!(!json.contains("FwoGZXIvYXdzEBYaDHhBTEXAMPLE"), "{json}");
}

fn base64url(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

#[test]
fn redacted_pastes_still_decode_to_the_same_account_region_and_host() {
    for case in cases() {
        for input in [&case.exec_credential, &case.token, &case.url] {
            let (clean, removed) = redact_text(input);
            assert_no_secrets(&clean, &case);
            let whats: Vec<&str> = removed.iter().map(|r| r.what).collect();
            assert!(whats.contains(&"signature"), "{whats:?}");
            assert_eq!(whats.contains(&"session token"), case.session_token.is_some(), "{whats:?}");
            let before = inspect_text(input, NOW);
            let after = inspect_text(&clean, NOW);
            for key in [
                "account_id",
                "sts_host",
                "signing_region",
                "host_region",
                "signed_at",
                "partition",
            ] {
                assert_eq!(field(&after, key), field(&before, key), "{key} in {clean}");
            }
            assert_eq!(after.artefacts.len(), before.artefacts.len(), "{clean}");
            // Idempotent: nothing left to take out.
            let (again, removed_again) = redact_text(&clean);
            assert_eq!(again, clean);
            assert!(removed_again.is_empty(), "{removed_again:?}");
        }
    }
}

#[test]
fn kubeconfig_credentials_keys_and_jwts_are_taken_out() {
    let case = &cases()[1];
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://x.eks.amazonaws.com\ncontexts:\n- name: prod\n  context: {{cluster: prod, user: static}}\ncurrent-context: prod\nusers:\n- name: static\n  user:\n    token: {}\n- name: sa\n  user:\n    token: abcdefghijklmnopqrstuvwxyz0123456789\n- name: cert\n  user:\n    client-certificate-data: Y2VydA==\n    client-key-data: c2VjcmV0IGtleSBkYXRhIGZvciB0ZXN0cw==\n",
        case.token
    );
    let (clean, removed) = redact_text(&kubeconfig);
    assert_no_secrets(&clean, case);
    assert!(!clean.contains("abcdefghijklmnopqrstuvwxyz0123456789"), "{clean}");
    assert!(!clean.contains("c2VjcmV0IGtleSBkYXRhIGZvciB0ZXN0cw=="), "{clean}");
    assert!(clean.contains("client-certificate-data: Y2VydA=="), "a certificate is not a secret");
    let whats: Vec<&str> = removed.iter().map(|r| r.what).collect();
    assert!(whats.contains(&"client key") && whats.contains(&"token"), "{whats:?}");
    assert_eq!(clean.lines().count(), kubeconfig.lines().count());
    let after = inspect_text(&clean, NOW);
    assert_eq!(field(&after, "account_id"), Some(case.account.as_str()));
    assert!(after.artefacts.iter().any(|a| a.kind == eksplain::report::Kind::Kubeconfig));
    let line = removed.iter().find(|r| r.what == "client key").unwrap().line;
    assert_eq!(
        kubeconfig.lines().nth(line - 1).unwrap().trim_start().split(':').next(),
        Some("client-key-data")
    );

    let credentials = format!(
        "{{\n  \"Credentials\": {{\n    \"AccessKeyId\": \"ASIARTX3GSDSQGPDO6NR\",\n    \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\n    \"SessionToken\": \"{}\",\n    \"Expiration\": \"2026-11-28T12:00:00Z\"\n  }}\n}}",
        case.session_token.as_deref().unwrap()
    );
    let (clean, removed) = redact_text(&credentials);
    assert!(!clean.contains("wJalrXUtnFEMI"), "{clean}");
    assert_no_secrets(&clean, case);
    assert!(clean.contains("ASIARTX3GSDSQGPDO6NR") && clean.contains("2026-11-28T12:00:00Z"));
    assert!(serde_json::from_str::<serde_json::Value>(&clean).is_ok(), "still JSON: {clean}");
    assert_eq!(removed.len(), 2, "{removed:?}");

    let key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIGZha2Uga2V5IGZvciB0ZXN0cyBvbmx5\n-----END EC PRIVATE KEY-----\n";
    let pem = fixture("cert/eks-ca.pem");
    let (clean, removed) = redact_text(&format!("{key}{pem}"));
    assert!(!clean.contains("PRIVATE KEY") && !clean.contains("MHcCAQEE"), "{clean}");
    assert!(clean.contains(pem.trim()), "the certificate stays");
    assert_eq!(removed[0].what, "private key");
    let report = inspect_text(&format!("{key}{pem}"), NOW);
    let json = redact(&report).to_json();
    assert!(!json.contains("MHcCAQEE"));

    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL29pZGMuZWtzLnVzLXdlc3QtMi5hbWF6b25hd3MuY29tL2lkL0FCQyJ9.c2lnbmF0dXJlLXNlY3JldC1wYXJ0";
    let (clean, removed) = redact_text(jwt);
    assert!(!clean.contains("c2lnbmF0dXJlLXNlY3JldC1wYXJ0"), "{clean}");
    assert_eq!(removed[0].what, "JWT signature");
    let after = inspect_text(&clean, NOW);
    assert_eq!(after.artefacts[0].kind, eksplain::report::Kind::Jwt);
    assert!(after.artefacts[0].get("iss").unwrap().contains("oidc.eks"));
    let json = redact(&inspect_text(jwt, NOW)).to_json();
    assert!(!json.contains("c2lnbmF0dXJlLXNlY3JldC1wYXJ0"), "{json}");
    assert!(json.contains("oidc.eks.us-west-2.amazonaws.com"));
}

#[test]
fn text_without_secrets_is_unchanged() {
    for text in [
        fixture("story/aws-auth-laptop.yaml"),
        fixture("story/caller-ci.json"),
        fixture("cert/eks-ca.pem"),
        String::from("token: short\nmy token is here\nX-Amz-Signature is a parameter"),
    ] {
        let (clean, removed) = redact_text(&text);
        assert_eq!(clean, text, "{removed:?}");
        assert!(removed.is_empty());
    }
}
