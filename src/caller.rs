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

/// `aws sts get-caller-identity --output text` (one line: account, ARN, user ID, tab-separated)
/// or `--output table` (a `GetCallerIdentity` title, then `| Key | value |` rows) starting at
/// `lines[0]`, as the JSON shape, and how many lines it spans.
pub fn parse_text(lines: &[&str]) -> Option<(Value, usize)> {
    let first = lines.first()?.trim_end_matches('\r');
    let fields: Vec<&str> = first.split('\t').collect();
    if let [account, arn, user_id] = fields.as_slice() {
        let is_account = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
        if is_account && arn.starts_with("arn:") && !user_id.is_empty() {
            let value = serde_json::json!({ "UserId": user_id, "Account": account, "Arn": arn });
            return Some((value, 1));
        }
        return None;
    }
    // The table: the title row, a border, the rows, a border.
    let cells = |line: &str| -> Option<Vec<String>> {
        let inner = line.trim_end_matches('\r').strip_prefix('|')?.strip_suffix('|')?;
        Some(inner.split('|').map(|c| c.trim().to_string()).collect())
    };
    if cells(first)?.as_slice() != ["GetCallerIdentity"] {
        return None;
    }
    let mut map = serde_json::Map::new();
    let mut used = 1;
    for line in lines.iter().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.starts_with('+') || line.starts_with('-') {
            used += 1;
            if !map.is_empty() {
                break;
            }
            continue;
        }
        let Some([key, value]) = cells(line)
            .as_deref()
            .map(|c| c.to_vec())
            .and_then(|c| <[String; 2]>::try_from(c).ok())
        else {
            break;
        };
        map.insert(key, Value::String(value));
        used += 1;
    }
    (!map.is_empty()).then_some((Value::Object(map), used))
}
