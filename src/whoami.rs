//! `kubectl auth whoami` output (a `SelfSubjectReview`, Kubernetes 1.28+): who the cluster says
//! the request is. With EKS's IAM authentication the answer carries the IAM identity in `extra`
//! (`arn`, `canonicalArn`, `sessionName`, `principalId`, `accessKeyId`), as aws-iam-authenticator
//! sets them. It proves authentication works for this identity; what remains is authorization.
//!
//! The table form (`ATTRIBUTE  VALUE` rows) is read by [`parse_table`] into the JSON shape, so one
//! inspector serves the table, `-o json` and `-o yaml`.

use serde_json::{json, Map, Value};

use crate::facts::{Fact, IdentityVia};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// The first value of `userInfo.extra[key]` (each is a list).
fn extra<'a>(user: &'a Value, key: &str) -> Option<&'a str> {
    user.get("extra")?.get(key)?.as_array()?.first()?.as_str()
}

/// Inspects a `SelfSubjectReview` (JSON, YAML, or a table read by [`parse_table`]).
pub fn inspect(value: &Value, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::SelfSubjectReview, source);
    let user = value.get("status").and_then(|s| s.get("userInfo")).unwrap_or(&Value::Null);
    let username = user.get("username").and_then(Value::as_str).unwrap_or_default();
    let groups: Vec<&str> = user
        .get("groups")
        .and_then(Value::as_array)
        .map(|g| g.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    art.field("username", "Username", username);
    art.field("groups", "Groups", groups.join(", "));
    if let Some(uid) = user.get("uid").and_then(Value::as_str) {
        art.field("uid", "UID", uid);
    }
    let arn = extra(user, "arn");
    let canonical = extra(user, "canonicalArn");
    for (key, label, v) in [
        ("arn", "IAM identity (extra.arn)", arn),
        ("canonical_arn", "ARN the authenticator looked up (extra.canonicalArn)", canonical),
        ("session_name", "Session name", extra(user, "sessionName")),
        ("access_key_id", "Access key ID", extra(user, "accessKeyId")),
        ("principal_id", "Principal ID", extra(user, "principalId")),
    ] {
        if let Some(v) = v {
            art.field(key, label, v);
        }
    }
    if let Some(arn) = arn.or(canonical) {
        art.facts.push(Fact::Identity {
            arn: arn.to_string(),
            principal_id: extra(user, "principalId").map(str::to_string),
            via: IdentityVia::Whoami,
        });
    }
    let through = if arn.is_some() || canonical.is_some() {
        "EKS's IAM authentication"
    } else {
        "the cluster's authentication"
    };
    if username.is_empty() {
        return art;
    }
    art.findings.push(Finding::of(Id::WhoamiAuthenticated).message(format!(
        "The cluster authenticated this request as \"{username}\" in groups [{}], through {through}. Authentication works for this identity on this cluster: an Unauthorized seen elsewhere comes from another identity, another cluster, or a token that has since expired.",
        groups.join(", ")
    )));
    if groups.iter().all(|g| *g == "system:authenticated") {
        art.findings.push(Finding::of(Id::WhoamiNoGroups).message(format!(
            "\"{username}\" is in no group but system:authenticated, so RBAC grants it only what is bound to that username or given by the access policies associated with its access entry. A Forbidden here is about those, not about authentication."
        )));
    }
    art
}

/// `kubectl auth whoami`'s table (`ATTRIBUTE VALUE`, then `Username`, `UID`, `Groups [a b]`,
/// `Extra: key [v]` rows) starting at `lines[0]`, as the JSON shape, and how many lines it spans.
pub fn parse_table(lines: &[&str]) -> Option<(Value, usize)> {
    let header: Vec<&str> = lines.first()?.split_whitespace().collect();
    // Copied with an indent (from a runbook or a chat): rows are read without it.
    if header != ["ATTRIBUTE", "VALUE"] {
        return None;
    }
    let mut user = Map::new();
    let mut extra = Map::new();
    let mut used = 1;
    for line in lines.iter().skip(1).map(|l| l.trim_start()) {
        // The table ends at the first line that is not a row.
        let row = match line.strip_prefix("Extra: ") {
            Some(rest) => rest
                .trim_start()
                .split_once(char::is_whitespace)
                .map(|(k, v)| (format!("extra:{k}"), v)),
            None => {
                line.trim_end().split_once(char::is_whitespace).map(|(k, v)| (k.to_string(), v))
            }
        };
        let Some((key, value)) = row else { break };
        let value = value.trim();
        let list = || -> Value {
            let inner = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(value);
            inner.split_whitespace().map(|s| Value::String(s.to_string())).collect()
        };
        match key.as_str() {
            "Username" => user.insert("username".into(), json!(value)),
            "UID" => user.insert("uid".into(), json!(value)),
            "Groups" => user.insert("groups".into(), list()),
            k => match k.strip_prefix("extra:") {
                Some(name) => extra.insert(name.to_string(), list()),
                None => break,
            },
        };
        used += 1;
    }
    if !user.contains_key("username") {
        return None;
    }
    if !extra.is_empty() {
        user.insert("extra".into(), Value::Object(extra));
    }
    let review = json!({
        "kind": "SelfSubjectReview",
        "apiVersion": "authentication.k8s.io/v1",
        "status": { "userInfo": Value::Object(user) },
    });
    Some((review, used))
}
