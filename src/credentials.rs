//! AWS session credentials: `aws sts assume-role` / `get-session-token` / `aws configure
//! export-credentials` output. When they expire, and who they are (an assumed role feeds the
//! access verdict like caller identity does).
//!
//! STS checks the session behind a presigned token when the API server asks it, so a token is
//! refused once its credentials have expired, even inside its own 15 minutes
//! (`workload-identity.md` §3).

use serde_json::Value;
use time::OffsetDateTime;

use crate::facts::{Fact, IdentityVia, SessionCredentials};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};
use crate::when;

/// Inspects session-credentials output.
pub fn inspect(value: &Value, source: Source, now: OffsetDateTime) -> Artefact {
    let mut art = Artefact::new(Kind::SessionCredentials, source);
    let creds = value.get("Credentials").unwrap_or(value);
    let get = |key: &str| creds.get(key).and_then(Value::as_str);
    let key_id = get("AccessKeyId").unwrap_or_default();
    crate::access_key::describe_into(key_id, &mut art);
    if let Some(secret) = get("SecretAccessKey") {
        art.secret_field("secret_access_key", "Secret access key", secret);
    }
    match get("SessionToken") {
        Some(token) => {
            art.field(
                "session_token",
                "Session token",
                format!("present ({} characters)", crate::token::group_digits(token.len())),
            );
            art.secret_field("session_token_value", "Session token value", token);
        }
        None => art.field("session_token", "Session token", "absent (long-term credentials)"),
    }
    // The key ID's prefix says which kind of key it is: ASIA needs the session token issued with
    // it, AKIA never has one (`eks-auth.md`, unique-ID prefixes).
    let token = get("SessionToken").filter(|t| !t.is_empty());
    if let Some(what) = crate::access_key::session_token_mismatch(key_id, token.is_some()) {
        art.findings.push(Finding::of(Id::CredentialsKeyTokenMismatch).message(format!(
            "Access key {key_id} {what}. AWS refuses every request signed this way (InvalidClientTokenId: The security token included in the request is invalid): a token minted with these credentials is refused when the cluster checks it, and EKS answers Unauthorized."
        )));
    }
    let assumed = value.get("AssumedRoleUser").and_then(|u| u.get("Arn")).and_then(Value::as_str);
    if let Some(arn) = assumed {
        art.field("assumed_role_arn", "Assumed role (session ARN)", arn);
        art.facts.push(Fact::Identity {
            arn: arn.to_string(),
            principal_id: value
                .get("AssumedRoleUser")
                .and_then(|u| u.get("AssumedRoleId"))
                .and_then(Value::as_str)
                .map(str::to_string),
            via: IdentityVia::SessionCredentials,
        });
    }
    let expiration_text = get("Expiration");
    let expiration = expiration_text.and_then(parse_expiration);
    match (expiration_text, expiration) {
        (_, Some(at)) => {
            art.field("expiration", "Expiration", when::rfc3339(at));
            let clock = when::Clock::Window { from: None, until: at, words: ["", "valid for"] };
            art.live_field("validity", "Validity now", clock, now);
            // credentials.expired here, credentials.token-outlived across inputs.
            art.facts.push(Fact::TimeBoundary(at));
            if now > at {
                art.findings.push(Finding::of(Id::CredentialsExpired).message(format!(
                    "These session credentials expired {} ago ({}). Every request signed with them is refused, and so is an EKS token minted from them, even one minted a minute ago.",
                    when::duration((now - at).whole_seconds()),
                    when::rfc3339(at)
                )));
            }
        }
        (Some(text), None) => {
            art.field("expiration", "Expiration", format!("{text} (not a time eksplain can read)"))
        }
        (None, None) => {}
    }
    art.facts.push(Fact::SessionCredentials(SessionCredentials {
        access_key_id: key_id.to_string(),
        expiration,
    }));
    art
}

/// The `Expiration` forms the AWS CLI prints: RFC 3339 (`2026-11-28T13:00:00Z`, with or without
/// fractional seconds, or with an offset such as `+00:00`).
fn parse_expiration(text: &str) -> Option<OffsetDateTime> {
    when::parse_rfc3339(text.trim())
}

/// A pasted token minted from pasted session credentials that are (or were, when it was signed)
/// expired: STS refuses it although its own 15 minutes have not run out.
pub fn token_checks(facts: &crate::facts::Facts, now: OffsetDateTime) -> Vec<Finding> {
    let mut findings = Vec::new();
    for creds in &facts.session_credentials {
        let Some(expiration) = creds.expiration else { continue };
        for signer in &facts.token_signers {
            if signer.access_key_id.as_deref() != Some(creds.access_key_id.as_str()) {
                continue;
            }
            let signed_late = signer.signed_at.is_some_and(|at| at > expiration);
            if signed_late || now > expiration {
                findings.push(Finding::of(Id::CredentialsTokenOutlived).message(format!(
                    "The token was signed with {}, whose session credentials expire{} at {}{}. STS checks the session when the API server asks it, so the token is refused (Unauthorized) even though its own 15 minutes have not run out.",
                    creds.access_key_id,
                    if now > expiration { "d" } else { "" },
                    when::rfc3339(expiration),
                    if signed_late { ", before the token was even signed" } else { "" },
                )));
            }
        }
    }
    findings
}
