//! `aws eks describe-cluster` output: endpoint, CA, version and access configuration.

use serde_json::Value;
use time::OffsetDateTime;

use crate::facts::{ClusterVia, Endpoint, Fact, Facts};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};
use crate::structured::str_at;

/// Inspects describe-cluster JSON: one artefact for the cluster, then its CA certificate(s).
pub fn inspect(value: &Value, source: Source, now: OffsetDateTime) -> Vec<Artefact> {
    let cluster = value.get("cluster").unwrap_or(&Value::Null);
    let mut art = Artefact::new(Kind::DescribeCluster, source.clone());
    if let Some(mode) = str_at(cluster, "accessConfig/authenticationMode") {
        art.facts.push(Fact::AuthMode(mode.to_string()));
    }
    art.facts.push(Fact::Cluster {
        name: str_at(cluster, "name").map(str::to_string),
        arn: str_at(cluster, "arn").map(str::to_string),
        via: ClusterVia::DescribeCluster,
    });
    for (path, key, label) in [
        ("name", "name", "Name"),
        ("arn", "arn", "ARN"),
        ("version", "version", "Kubernetes version"),
        ("platformVersion", "platform_version", "Platform version"),
        ("status", "status", "Status"),
        ("endpoint", "endpoint", "Endpoint"),
        ("accessConfig/authenticationMode", "authentication_mode", "Authentication mode"),
        ("identity/oidc/issuer", "oidc_issuer", "OIDC issuer"),
    ] {
        if let Some(v) = str_at(cluster, path) {
            art.field(key, label, v);
        }
    }
    if let Some(issuer) = str_at(cluster, "identity/oidc/issuer") {
        art.facts.push(Fact::OidcIssuer(issuer.to_string()));
    }
    if let Some(name) = str_at(cluster, "name") {
        art.facts.push(Fact::Endpoint(Endpoint {
            name: name.to_string(),
            cluster: Some(name.to_string()),
            server: str_at(cluster, "endpoint").map(str::to_string),
            ca_data: str_at(cluster, "certificateAuthority/data")
                .map(|d| d.split_whitespace().collect()),
            via: ClusterVia::DescribeCluster,
        }));
    }
    let mut res = vec![art];
    if let Some(data) = str_at(cluster, "certificateAuthority/data") {
        res.extend(crate::cert::inspect_ca_base64(data, source, now).unwrap_or_default());
    }
    res
}

/// A server URL compared as kubectl would reach it: scheme and host case-insensitive, no
/// trailing slash.
fn normal_server(url: &str) -> String {
    url.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// Cross-checks between what a kubeconfig says about a cluster and what describe-cluster says:
/// the API server address and the CA. Either differing is why kubectl fails before it even
/// authenticates (`x509: certificate signed by unknown authority`, or a dial error).
pub fn endpoint_checks(facts: &Facts) -> Vec<Finding> {
    let mut findings = Vec::new();
    let described = facts.endpoints.iter().filter(|e| e.via == ClusterVia::DescribeCluster);
    for truth in described {
        let Some(name) = &truth.cluster else { continue };
        let update = format!(
            "Run `aws eks update-kubeconfig --name {name}{}` to rewrite the entry from the cluster itself.",
            facts
                .cluster_arn
                .as_deref()
                .and_then(|a| crate::arn::parse(a).ok())
                .map(|a| format!(" --region {}", a.region))
                .unwrap_or_default()
        );
        let kubeconfigs = facts.endpoints.iter().filter(|e| {
            e.via == ClusterVia::Kubeconfig && e.cluster.as_deref() == Some(name.as_str())
        });
        for entry in kubeconfigs {
            if let (Some(theirs), Some(ours)) = (&entry.server, &truth.server) {
                if normal_server(theirs) != normal_server(ours) {
                    findings.push(
                        Finding::of(Id::ClusterEndpointMismatch)
                            .message(format!(
                                "The kubeconfig's cluster {} points at {theirs}, but describe-cluster says cluster {name}'s endpoint is {ours}. kubectl talks to another server (an old or recreated cluster, or another one).",
                                entry.name
                            ))
                            .with_fix(update.clone()),
                    );
                }
            }
            if let (Some(theirs), Some(ours)) = (&entry.ca_data, &truth.ca_data) {
                if theirs != ours {
                    findings.push(
                        Finding::of(Id::ClusterCaMismatch)
                            .message(format!(
                                "The kubeconfig's certificate-authority-data for cluster {} is not describe-cluster's CA for {name}: kubectl cannot verify the API server and fails with `x509: certificate signed by unknown authority`.",
                                entry.name
                            ))
                            .with_fix(update.clone()),
                    );
                }
            }
        }
    }
    findings
}

/// `aws eks describe-cluster --output text` starting at `lines[0]` (a `CLUSTER` row, then rows
/// such as `ACCESSCONFIG`, `CERTIFICATEAUTHORITY`, `OIDC`, each a tab-separated upper-case
/// name and values), as the JSON shape, and how many lines it spans. The `CLUSTER` row's values
/// are the cluster's scalar fields in key order, which depends on which are set: they are
/// recognised by their form (the ARN, the https endpoint, the name the ARN ends with).
pub fn parse_text(lines: &[&str]) -> Option<(serde_json::Value, usize)> {
    let row = |line: &str| -> Option<(String, Vec<String>)> {
        let mut parts = line.trim_end_matches('\r').split('\t');
        let name = parts.next()?;
        let upper = !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase());
        upper.then(|| (name.to_string(), parts.map(str::to_string).collect()))
    };
    let (name, values) = row(lines.first()?)?;
    if name != "CLUSTER" {
        return None;
    }
    let arn = values.iter().find(|v| v.starts_with("arn:") && v.contains(":cluster/"))?.clone();
    let cluster_name = arn.rsplit("cluster/").next().unwrap_or_default().to_string();
    let mut cluster = serde_json::Map::new();
    cluster.insert("arn".into(), arn.clone().into());
    cluster.insert("name".into(), cluster_name.into());
    if let Some(endpoint) = values.iter().find(|v| v.starts_with("https://")) {
        cluster.insert("endpoint".into(), endpoint.clone().into());
    }
    let mut used = 1;
    for line in lines.iter().skip(1) {
        let Some((name, values)) = row(line) else { break };
        let first = values.first().cloned().unwrap_or_default();
        match name.as_str() {
            "CERTIFICATEAUTHORITY" => {
                cluster.insert("certificateAuthority".into(), serde_json::json!({ "data": first }));
            }
            "OIDC" => {
                cluster
                    .insert("identity".into(), serde_json::json!({ "oidc": { "issuer": first } }));
            }
            "ACCESSCONFIG" => {
                // authenticationMode, and bootstrapClusterCreatorAdminPermissions when set.
                let mode = values.iter().find(|v| v.contains("API") || v.contains("CONFIG_MAP"));
                if let Some(mode) = mode {
                    cluster.insert(
                        "accessConfig".into(),
                        serde_json::json!({ "authenticationMode": mode }),
                    );
                }
            }
            "CLUSTER" => break,
            _ => {}
        }
        used += 1;
    }
    Some((serde_json::json!({ "cluster": serde_json::Value::Object(cluster) }), used))
}
