//! Structured documents: recognise which JSON or YAML shape a document is.
//!
//! YAML is read as a JSON value (`crate::yaml`), so every decoder reads one representation.

use serde_json::{Map, Value};

/// The known document shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `client.authentication.k8s.io` ExecCredential.
    ExecCredential,
    /// `aws sts get-caller-identity` output.
    CallerIdentity,
    /// A kubeconfig.
    Kubeconfig,
    /// The aws-auth ConfigMap, its `data`, or a bare `mapRoles` list.
    AwsAuth,
    /// `aws eks describe-cluster` output.
    DescribeCluster,
    /// `list-access-entries`, `describe-access-entry` or `list-associated-access-policies` output.
    Access,
    /// `aws sts assume-role` / `get-session-token` / `export-credentials` output.
    SessionCredentials,
    /// `aws iam get-role` output or a bare trust policy.
    TrustPolicy,
    /// A Kubernetes ServiceAccount.
    ServiceAccount,
    /// `aws iam list-open-id-connect-providers` output.
    OidcProviders,
    /// Pod Identity association(s).
    PodIdentity,
    /// `kubectl auth whoami` output (a SelfSubjectReview).
    SelfSubjectReview,
}

/// Says which known shape `value` has, if any.
pub fn classify(value: &Value) -> Option<Shape> {
    match value {
        Value::Object(map) => classify_object(map),
        Value::Array(items) => {
            let is_mapping = |it: &Value| {
                it.as_object().is_some_and(|m| {
                    m.keys().any(|k| {
                        let k = k.to_ascii_lowercase();
                        k == "rolearn" || k == "userarn"
                    })
                })
            };
            (!items.is_empty() && items.iter().all(is_mapping)).then_some(Shape::AwsAuth)
        }
        _ => None,
    }
}

fn classify_object(map: &Map<String, Value>) -> Option<Shape> {
    let creds = map.get("Credentials").and_then(Value::as_object).unwrap_or(map);
    if creds.get("AccessKeyId").is_some_and(Value::is_string)
        && (creds.contains_key("SecretAccessKey") || creds.contains_key("SessionToken"))
    {
        return Some(Shape::SessionCredentials);
    }
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default();
    if kind == "SelfSubjectReview" {
        return Some(Shape::SelfSubjectReview);
    }
    if kind == "ExecCredential" || map.get("status").and_then(|it| it.get("token")).is_some() {
        return Some(Shape::ExecCredential);
    }
    if map.contains_key("Arn") && (map.contains_key("Account") || map.contains_key("UserId")) {
        return Some(Shape::CallerIdentity);
    }
    if kind == "Config"
        || map.contains_key("clusters")
        || (map.contains_key("users") && map.contains_key("contexts"))
    {
        return Some(Shape::Kubeconfig);
    }
    let has_map_keys = |m: &Map<String, Value>| {
        ["mapRoles", "mapUsers", "mapAccounts"].iter().any(|k| m.contains_key(*k))
    };
    if kind == "ConfigMap" {
        let name = map.get("metadata").and_then(|it| it.get("name")).and_then(Value::as_str);
        let data_has = map.get("data").and_then(Value::as_object).is_some_and(has_map_keys);
        if name == Some("aws-auth") || data_has {
            return Some(Shape::AwsAuth);
        }
        return None;
    }
    if has_map_keys(map) {
        return Some(Shape::AwsAuth);
    }
    if map.get("accessEntries").is_some_and(Value::is_array)
        || map.get("accessEntry").is_some_and(Value::is_object)
        || map.get("associatedAccessPolicies").is_some_and(Value::is_array)
    {
        return Some(Shape::Access);
    }
    if map.get("Role").is_some_and(|r| r.get("AssumeRolePolicyDocument").is_some())
        || (map.contains_key("Statement") && map.contains_key("Version"))
    {
        return Some(Shape::TrustPolicy);
    }
    if kind == "ServiceAccount" {
        return Some(Shape::ServiceAccount);
    }
    if map.get("OpenIDConnectProviderList").is_some_and(Value::is_array) {
        return Some(Shape::OidcProviders);
    }
    if map.get("association").is_some_and(|a| a.get("serviceAccount").is_some())
        || map.get("associations").is_some_and(Value::is_array)
    {
        return Some(Shape::PodIdentity);
    }
    if map.get("cluster").and_then(Value::as_object).is_some_and(|c| {
        c.contains_key("endpoint")
            || c.contains_key("certificateAuthority")
            || c.contains_key("arn")
    }) {
        return Some(Shape::DescribeCluster);
    }
    None
}

/// Reads a string at a `/`-separated path of object keys.
pub fn str_at<'a>(value: &'a Value, path: &str) -> Option<&'a str> {
    path.split('/').try_fold(value, |v, key| v.get(key))?.as_str()
}
