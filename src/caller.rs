//! `aws sts get-caller-identity` output: who the AWS credentials belong to.

use serde_json::Value;

use crate::facts::{Fact, IdentityVia};
use crate::report::{Artefact, Kind, Source};

/// Inspects get-caller-identity JSON (or YAML converted to JSON).
pub fn inspect(value: &Value, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::CallerIdentity, source);
    let get = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or_default();
    art.field("user_id", "UserId", get("UserId"));
    art.field("account", "Account", get("Account"));
    art.field("arn", "Arn", get("Arn"));
    if let Some((principal_id, session)) = get("UserId").split_once(':') {
        art.field("principal_id", "Principal ID", principal_id);
        art.field("user_id_session", "Session (from UserId)", session);
    }
    crate::arn::describe_into(get("Arn"), &mut art);
    if let Some(arn) = value.get("Arn").and_then(Value::as_str) {
        art.facts.push(Fact::Identity {
            arn: arn.to_string(),
            principal_id: value.get("UserId").and_then(Value::as_str).map(str::to_string),
            via: IdentityVia::CallerIdentity,
        });
    }
    art
}
