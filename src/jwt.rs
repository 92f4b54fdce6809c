//! JSON Web Tokens: service-account, IRSA and OIDC tokens. Decoded, never verified.

use base64::Engine as _;
use serde_json::Value;
use time::OffsetDateTime;

use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};
use crate::when;

fn decode_part(part: &str) -> Option<Value> {
    let bytes =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Inspects a `header.payload.signature` JWT.
pub fn inspect(text: &str, source: Source, now: OffsetDateTime) -> Artefact {
    let mut art = Artefact::new(Kind::Jwt, source);
    art.secret_field("jwt", "Token", text);
    let mut parts = text.split('.');
    let (header, payload) =
        (parts.next().and_then(decode_part), parts.next().and_then(decode_part));
    let Some(header) = header else {
        art.findings.push(Finding::of(Id::JwtMalformed));
        return art;
    };
    if let Some(alg) = header.get("alg").and_then(Value::as_str) {
        art.field("alg", "Algorithm", alg);
    }
    if let Some(kid) = header.get("kid").and_then(Value::as_str) {
        art.field("kid", "Key ID", kid);
    }
    let Some(payload) = payload else {
        art.findings
            .push(Finding::of(Id::JwtMalformed).message("The JWT payload is not base64url JSON."));
        return art;
    };
    for (key, label) in [("iss", "Issuer"), ("sub", "Subject"), ("aud", "Audience")] {
        match payload.get(key) {
            Some(Value::String(s)) => art.field(key, label, s.as_str()),
            Some(Value::Array(items)) => {
                let list: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                art.field(key, label, list.join(", "));
            }
            _ => {}
        }
    }
    for (key, label) in [("iat", "Issued at"), ("nbf", "Not before"), ("exp", "Expires")] {
        if let Some(secs) = payload.get(key).and_then(Value::as_i64) {
            if let Ok(at) = OffsetDateTime::from_unix_timestamp(secs) {
                art.live_field(key, label, when::Clock::Relative { at, stamped: true }, now);
                if key == "exp" {
                    // jwt.expired here, the assume verdict's expired token across inputs.
                    art.facts.push(crate::facts::Fact::TimeBoundary(at));
                    if now > at {
                        art.findings.push(Finding::of(Id::JwtExpired));
                    }
                }
            }
        }
    }
    if payload
        .get("iss")
        .and_then(Value::as_str)
        .is_some_and(|iss| iss.contains(".eks.") && iss.contains("/id/"))
    {
        art.title = String::from("Service-account token (EKS OIDC issuer)");
    }
    art.findings.push(Finding::of(Id::JwtNotEksToken));
    if let Some(token) = crate::workload::sa_token(&payload) {
        art.facts.push(crate::facts::Fact::SaToken(token));
    }
    art
}
