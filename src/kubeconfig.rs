//! Kubeconfig files: clusters, users and contexts, plus the CA data and tokens they embed.

use serde_json::Value;
use time::OffsetDateTime;

use crate::facts::{ClusterVia, Endpoint, Fact, IdentityVia};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

fn named<'a>(value: &'a Value, list: &str) -> Vec<(&'a str, &'a Value)> {
    value
        .get(list)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|it| (it.get("name").and_then(Value::as_str).unwrap_or(""), it))
                .collect()
        })
        .unwrap_or_default()
}

fn str_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|it| match it {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What `kubectl config view` (without --raw) prints in place of certificate data and secrets.
const OMITTED: [&str; 2] = ["DATA+OMITTED", "REDACTED"];

/// Inspects a kubeconfig: one artefact for the file, then one per embedded CA certificate and token.
pub fn inspect(value: &Value, source: Source, now: OffsetDateTime) -> Vec<Artefact> {
    let mut art = Artefact::new(Kind::Kubeconfig, source.clone());
    let mut extra = Vec::new();
    let current = value.get("current-context").and_then(Value::as_str).unwrap_or_default();
    art.field(
        "current_context",
        "Current context",
        if current.is_empty() { "(none)" } else { current },
    );
    let clusters = named(value, "clusters");
    let users = named(value, "users");
    let contexts = named(value, "contexts");
    let mut omitted = Vec::new();
    for (name, cluster) in &clusters {
        let cluster = cluster.get("cluster").unwrap_or(&Value::Null);
        let server = cluster.get("server").and_then(Value::as_str).unwrap_or("(no server)");
        // `kubectl config view` without --raw prints placeholders where the data was.
        let ca_data = cluster
            .get("certificate-authority-data")
            .and_then(Value::as_str)
            .filter(|d| !OMITTED.contains(&d.trim()));
        let ca = if cluster.get("certificate-authority-data").is_some() && ca_data.is_none() {
            omitted.push(name.to_string());
            "CA left out by `kubectl config view`"
        } else if cluster.get("certificate-authority-data").is_some() {
            "embedded CA"
        } else if cluster.get("certificate-authority").is_some() {
            "CA file"
        } else {
            "system CAs"
        };
        art.field("cluster", "Cluster", format!("{name}: {server} ({ca})"));
        art.facts.push(Fact::Endpoint(Endpoint {
            name: name.to_string(),
            cluster: entry_cluster_name(value, name),
            server: cluster.get("server").and_then(Value::as_str).map(str::to_string),
            ca_data: ca_data.map(|d| d.split_whitespace().collect()),
            via: ClusterVia::Kubeconfig,
        }));
        if cluster.get("insecure-skip-tls-verify").and_then(Value::as_bool) == Some(true) {
            art.findings.push(Finding::of(Id::KubeconfigInsecureSkipTlsVerify).message(format!("Cluster {name} skips TLS verification: anyone in the path can read the bearer token.")));
        }
        if let Some(data) = ca_data {
            match crate::cert::inspect_ca_base64(data, source.clone(), now) {
                Some(certs) => extra.extend(certs.into_iter().map(|mut it| {
                    it.title = format!("{} of cluster {name}", it.title);
                    it
                })),
                None => art.findings.push(Finding::of(Id::KubeconfigBadCaData).message(format!(
                    "certificate-authority-data of cluster {name} is not valid base64."
                ))),
            }
        }
    }
    if !omitted.is_empty() {
        art.findings.push(Finding::of(Id::KubeconfigDataOmitted).message(format!(
            "certificate-authority-data of {} is DATA+OMITTED: this is `kubectl config view` output, which leaves certificate data out, so the CA cannot be checked from it.",
            omitted.join(", ")
        )));
    }
    for (name, user) in &users {
        let user = user.get("user").unwrap_or(&Value::Null);
        let auth = if let Some(exec) = user.get("exec") {
            let command = exec.get("command").and_then(Value::as_str).unwrap_or("?");
            let args = str_list(exec.get("args"));
            let api = exec.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
            if api.ends_with("/v1alpha1") {
                art.findings.push(Finding::of(Id::KubeconfigExecV1alpha1).message(format!(
                    "User {name} uses exec apiVersion {api}, which kubectl 1.24+ rejects."
                )));
            }
            format!("exec: {command} {}", args.join(" "))
        } else if let Some(token) = user.get("token").and_then(Value::as_str) {
            let compact: String = token.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.starts_with(crate::token::PREFIX) {
                let origin = crate::token::Origin { joined: false, kubeconfig: true };
                let mut token_art =
                    crate::token::inspect_token(&compact, source.clone(), now, origin);
                token_art.title = format!("{} of user {name}", token_art.title);
                extra.push(token_art);
            }
            String::from("static token")
        } else if user.get("client-certificate-data").is_some()
            || user.get("client-certificate").is_some()
        {
            String::from("client certificate")
        } else {
            String::from("(no credentials)")
        };
        art.field("user", "User", format!("{name}: {auth}"));
    }
    for (name, context) in &contexts {
        let context = context.get("context").unwrap_or(&Value::Null);
        let cluster = context.get("cluster").and_then(Value::as_str).unwrap_or_default();
        let user = context.get("user").and_then(Value::as_str).unwrap_or_default();
        art.field("context", "Context", format!("{name}: cluster {cluster}, user {user}"));
        if !clusters.iter().any(|(n, _)| *n == cluster) {
            art.findings.push(Finding::of(Id::KubeconfigMissingCluster).message(format!(
                "Context {name} names cluster \"{cluster}\", which is not in this kubeconfig."
            )));
        }
        if !users.iter().any(|(n, _)| *n == user) {
            art.findings.push(Finding::of(Id::KubeconfigMissingUser).message(format!(
                "Context {name} names user \"{user}\", which is not in this kubeconfig."
            )));
        }
    }
    check_exec(value, &mut art);
    for role in exec_roles(value) {
        art.facts.push(Fact::Identity {
            arn: role,
            principal_id: None,
            via: IdentityVia::KubeconfigExecRole,
        });
    }
    let (name, arn) = cluster_ref(value);
    art.facts.push(Fact::Cluster { name, arn, via: ClusterVia::Kubeconfig });
    if !current.is_empty() && !contexts.iter().any(|(n, _)| *n == current) {
        art.findings.push(
            Finding::of(Id::KubeconfigMissingCurrentContext)
                .message(format!("current-context \"{current}\" is not one of the contexts.")),
        );
    }
    let mut res = vec![art];
    res.extend(extra);
    res
}

/// The cluster a kubeconfig points at: the name from the users' exec args (`--cluster-name`,
/// `-i`, `--cluster-id`) and an EKS cluster ARN used as a cluster name.
fn cluster_ref(value: &Value) -> (Option<String>, Option<String>) {
    let arn = named(value, "clusters")
        .into_iter()
        .map(|(name, _)| name)
        .find(|name| crate::arn::eks_cluster_name(name).is_some())
        .map(str::to_string);
    let name = named(value, "users")
        .into_iter()
        .find_map(|(_, user)| user_exec_args(user).cluster)
        .or_else(|| arn.as_deref().and_then(crate::arn::eks_cluster_name).map(str::to_string));
    (name, arn)
}

/// The EKS cluster a kubeconfig cluster entry is for: its name when it is a cluster ARN (as `aws
/// eks update-kubeconfig` writes), else the exec `--cluster-name` of a context that uses it.
fn entry_cluster_name(value: &Value, entry: &str) -> Option<String> {
    if let Some(name) = crate::arn::eks_cluster_name(entry) {
        return Some(name.to_string());
    }
    named(value, "contexts").into_iter().find_map(|(_, context)| {
        let context = context.get("context")?;
        if context.get("cluster").and_then(Value::as_str) != Some(entry) {
            return None;
        }
        let user = context.get("user").and_then(Value::as_str)?;
        let (_, user) = named(value, "users").into_iter().find(|(n, _)| *n == user)?;
        user_exec_args(user).cluster
    })
}

/// A users[] entry's exec block.
fn exec_of(user: &Value) -> Option<&Value> {
    user.get("user")?.get("exec")
}

fn user_exec_args(user: &Value) -> ExecArgs {
    exec_args(&str_list(exec_of(user).and_then(|e| e.get("args"))))
}

/// The exec arguments that matter: cluster name, role, region.
struct ExecArgs {
    cluster: Option<String>,
    role: Option<String>,
    region: Option<String>,
}

fn exec_args(args: &[String]) -> ExecArgs {
    let mut res = ExecArgs { cluster: None, role: None, region: None };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if arg.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let slot = match flag {
            "--cluster-name" | "-i" | "--cluster-id" => &mut res.cluster,
            "--role-arn" | "--role" | "-r" => &mut res.role,
            "--region" => &mut res.region,
            _ => continue,
        };
        let value = inline.or_else(|| iter.next().cloned());
        if slot.is_none() {
            *slot = value;
        }
    }
    res
}

/// Roles the kubeconfig's exec blocks assume (`--role-arn`): kubectl runs as them.
fn exec_roles(value: &Value) -> Vec<String> {
    named(value, "users").into_iter().filter_map(|(_, user)| user_exec_args(user).role).collect()
}

/// Findings about exec blocks: cluster name and region against the cluster ARN, the role assumed,
/// the profile, legacy commands.
fn check_exec(value: &Value, art: &mut Artefact) {
    for (ctx_name, context) in named(value, "contexts") {
        let context = context.get("context").unwrap_or(&Value::Null);
        let cluster = context.get("cluster").and_then(Value::as_str).unwrap_or_default();
        let user = context.get("user").and_then(Value::as_str).unwrap_or_default();
        let Some((_, user_entry)) = named(value, "users").into_iter().find(|(n, _)| *n == user)
        else {
            continue;
        };
        let Some(exec) = exec_of(user_entry) else { continue };
        let command = exec.get("command").and_then(Value::as_str).unwrap_or_default();
        let args = exec_args(&str_list(exec.get("args")));
        // The cluster's own name, from an EKS cluster ARN used as the cluster entry's name.
        let eks_name = crate::arn::eks_cluster_name(cluster);
        let arn = eks_name.map(|_| cluster);
        if let (Some(signed), Some(actual)) = (args.cluster.as_deref(), eks_name) {
            if signed != actual {
                art.findings.push(
                    Finding::of(Id::KubeconfigClusterNameMismatch).message(format!("Context {ctx_name} talks to cluster {actual} but its user mints tokens for --cluster-name {signed}. The token's x-k8s-aws-id then names the wrong cluster and STS rejects the signature: Unauthorized.")).with_fix(format!("Set --cluster-name {actual} in the exec args, or run `aws eks update-kubeconfig --name {actual}` again.")),
                );
            }
        }
        let cluster_region = arn.and_then(|a| crate::arn::parse(a).ok()).map(|a| a.region);
        if let (Some(region), Some(cluster_region)) =
            (args.region.as_deref(), cluster_region.as_deref())
        {
            if region != cluster_region {
                art.findings.push(Finding::of(Id::KubeconfigRegionMismatch).message(format!("Context {ctx_name}: the cluster is in {cluster_region} but the token is minted with --region {region}. That works within one partition, but a wrong region often means a wrong --cluster-name too, and opt-in regions need regional STS.")));
            }
        }
        if let Some(role) = &args.role {
            let what = format!("Context {ctx_name}: the --role-arn");
            art.findings.extend(crate::arn::check_confusables(role, &what));
            art.findings.push(Finding::of(Id::KubeconfigAssumesRole).message(format!("Context {ctx_name}: kubectl assumes {role} (--role-arn) to mint tokens, whatever identity your shell has. That role, not your own, must be mapped.")));
        }
        let profile = exec.get("env").and_then(Value::as_array).and_then(|env| {
            env.iter()
                .find(|e| e.get("name").and_then(Value::as_str) == Some("AWS_PROFILE"))
                .and_then(|e| e.get("value"))
                .and_then(Value::as_str)
        });
        if let Some(profile) = profile {
            art.findings.push(Finding::of(Id::KubeconfigProfile).message(format!("Context {ctx_name}: tokens are minted with AWS profile {profile}. Compare `aws sts get-caller-identity --profile {profile}` with the mappings.")));
        }
        if command.contains("heptio-authenticator-aws") {
            art.findings.push(
                Finding::of(Id::KubeconfigLegacyCommand).message(format!(
                    "Context {ctx_name} uses the retired heptio-authenticator-aws."
                )),
            );
        }
    }
}
