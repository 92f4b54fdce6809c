//! Terraform that configures EKS access: the kubernetes provider's credentials and the
//! terraform-aws-modules/eks settings behind the classic "works on my laptop, Unauthorized in CI".
//!
//! This reads the text for the few settings that matter; it is not an HCL parser.

use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// Whether `text` holds Terraform that eksplain has something to say about.
pub fn looks_relevant(text: &str) -> bool {
    text.contains("provider \"kubernetes\"")
        || text.contains("aws_eks_cluster_auth")
        || text.contains("terraform-aws-modules/eks/aws")
}

/// The value of `name = value` on the first line that sets it (whitespace-insensitive).
fn setting<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or_default().trim();
        let (key, value) = line.split_once('=')?;
        (key.trim() == name).then(|| value.trim().trim_matches('"'))
    })
}

/// Inspects a Terraform snippet.
pub fn inspect(text: &str, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::Terraform, source);
    let provider = text.contains("provider \"kubernetes\"");
    let static_token = text.contains("data.aws_eks_cluster_auth")
        && setting(text, "token").is_some_and(|v| v.contains("aws_eks_cluster_auth"));
    let exec = text.contains("exec {") || text.contains("exec{");
    if provider {
        let credentials = if static_token {
            "static token from data \"aws_eks_cluster_auth\""
        } else if exec {
            "exec block (a fresh token per call)"
        } else {
            "not set in this snippet"
        };
        art.field("provider_credentials", "kubernetes provider credentials", credentials);
    }
    if static_token || (text.contains("data \"aws_eks_cluster_auth\"") && !exec) {
        let fix = crate::generate::kubernetes_provider(None, None);
        art.findings.push(Finding::of(Id::TerraformStaticToken).with_fix(format!(
            "Use an exec block, which mints a fresh token for every call:\n{fix}"
        )));
    }
    if text.contains("terraform-aws-modules/eks/aws") {
        let version = setting(text, "version").unwrap_or_default().to_string();
        art.field(
            "eks_module_version",
            "terraform-aws-modules/eks version",
            if version.is_empty() { "(not pinned here)" } else { version.as_str() },
        );
        let major = version
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok());
        let creator_admin = setting(text, "enable_cluster_creator_admin_permissions");
        if let Some(mode) = setting(text, "authentication_mode") {
            art.field("authentication_mode", "authentication_mode", mode);
        }
        if major.is_some_and(|m| m >= 20) && creator_admin != Some("true") {
            art.findings.push(Finding::of(Id::TerraformNoCreatorAdmin));
        }
        if major.is_some_and(|m| m <= 19)
            && setting(text, "manage_aws_auth_configmap") == Some("true")
        {
            art.findings.push(Finding::of(Id::TerraformManagesAwsAuth));
        }
    }
    art
}
