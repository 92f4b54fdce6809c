//! The `kube-system/aws-auth` ConfigMap: mapRoles, mapUsers and mapAccounts.

use serde_json::Value;

use crate::report::{Artefact, Finding, Kind, Source};

/// One mapping entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    /// `rolearn` or `userarn`.
    pub arn: String,
    /// `username`.
    pub username: String,
    /// `groups`.
    pub groups: Vec<String>,
}

/// Reads an entry's key case-insensitively, as Go's encoding/json does.
fn key<'a>(entry: &'a Value, name: &str) -> Option<&'a Value> {
    entry.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

fn mappings(list: &Value, arn_key: &str) -> Vec<Mapping> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .map(|entry| Mapping {
                    arn: key(entry, arn_key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    username: key(entry, "username")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    groups: key(entry, "groups")
                        .and_then(Value::as_array)
                        .map(|g| g.iter().filter_map(Value::as_str).map(str::to_string).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A data key's value: a YAML string (as in the ConfigMap) or an already-parsed list.
fn section(data: &Value, name: &str, art: &mut Artefact) -> Value {
    match data.get(name) {
        Some(Value::String(text)) => match crate::detect::parse_yaml(text) {
            Some(Ok(value)) => value,
            Some(Err((message, line, column))) => {
                art.findings.push(Finding::error(
                    "aws-auth.malformed-yaml",
                    format!("{name} is not valid YAML: {message} (line {line}, column {column} of {name}). The authenticator ignores the whole key."),
                ));
                Value::Null
            }
            None => Value::Null,
        },
        Some(other) => other.clone(),
        None => Value::Null,
    }
}

/// Inspects an aws-auth ConfigMap, its `data`, or a bare `mapRoles` list.
pub fn inspect(value: &Value, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::AwsAuth, source);
    let data = if value.get("kind").and_then(Value::as_str) == Some("ConfigMap") {
        value.get("data").cloned().unwrap_or(Value::Null)
    } else if value.is_array() {
        serde_json::json!({ "mapRoles": value })
    } else {
        value.clone()
    };
    let roles = mappings(&section(&data, "mapRoles", &mut art), "rolearn");
    let users = mappings(&section(&data, "mapUsers", &mut art), "userarn");
    let accounts = section(&data, "mapAccounts", &mut art);
    art.field("n_roles", "Role mappings", roles.len().to_string());
    art.field("n_users", "User mappings", users.len().to_string());
    for mapping in &roles {
        art.field(
            "role",
            "mapRoles",
            format!("{} → {} [{}]", mapping.arn, mapping.username, mapping.groups.join(", ")),
        );
    }
    for mapping in &users {
        art.field(
            "user",
            "mapUsers",
            format!("{} → {} [{}]", mapping.arn, mapping.username, mapping.groups.join(", ")),
        );
    }
    if let Some(accounts) = accounts.as_array() {
        for account in accounts {
            let text = match account {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            art.field("account", "mapAccounts", text);
        }
    }
    if roles.is_empty() && users.is_empty() {
        art.findings
            .push(Finding::warning("aws-auth.empty", "This aws-auth maps no roles and no users."));
    }
    art
}
