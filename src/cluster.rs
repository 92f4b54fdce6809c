//! `aws eks describe-cluster` output: endpoint, CA, version and access configuration.

use serde_json::Value;
use time::OffsetDateTime;

use crate::facts::{ClusterVia, Fact};
use crate::report::{Artefact, Kind, Source};
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
    let mut res = vec![art];
    if let Some(data) = str_at(cluster, "certificateAuthority/data") {
        res.extend(crate::cert::inspect_ca_base64(data, source, now).unwrap_or_default());
    }
    res
}
