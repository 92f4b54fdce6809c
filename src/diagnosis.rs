//! One ranked diagnosis for the whole report: the likely causes of the failure in order, each
//! with the finding that explains it and its evidence, what the pasted inputs rule out, and what
//! to paste next to decide. The ranking is the one in `peers.md` §3 (how often each cause shows
//! up, and how badly it hurts), with the causes of the pasted error's own kind first.

use serde::Serialize;

use crate::facts::Facts;
use crate::findings::Id;
use crate::report::{Artefact, Kind, Report, Severity};

/// Causes in rank order: the most common and most damaging first.
const RANK: &[Id] = &[
    // Expired credentials fail at STS before any mapping is looked at.
    Id::CredentialsTokenOutlived,
    Id::CredentialsExpired,
    Id::AccessNotMapped,
    Id::AccessTokenAccountMismatch,
    Id::AwsAuthRolePath,
    Id::AwsAuthStsArn,
    Id::TokenExpired,
    Id::CredentialsKeyTokenMismatch,
    Id::TokenStaticInKubeconfig,
    Id::TerraformStaticToken,
    Id::TerraformNoCreatorAdmin,
    Id::AwsAuthMalformedArn,
    Id::AccessStsPrincipal,
    Id::AwsAuthMalformedYaml,
    Id::AwsAuthNotAList,
    Id::AwsAuthMissingArn,
    Id::AwsAuthEmptyUsername,
    Id::AwsAuthUnquotedTemplate,
    Id::AwsAuthWrongName,
    Id::AwsAuthWrongNamespace,
    Id::AwsAuthEmpty,
    Id::KubeconfigClusterNameMismatch,
    Id::AccessPartitionMismatch,
    Id::AccessGlobalTokenOptInRegion,
    Id::TokenHost,
    Id::TokenRegionMismatch,
    Id::TokenFuture,
    Id::TokenUnsignedClusterHeader,
    Id::TokenTooLarge,
    Id::TokenMissingPrefix,
    Id::TokenBadBase64,
    Id::TokenBadUrl,
    Id::TokenScheme,
    Id::TokenPath,
    Id::TokenQueryMalformed,
    Id::TokenQueryDuplicate,
    Id::TokenQueryUnexpectedParam,
    Id::TokenQueryMultiValue,
    Id::TokenAction,
    Id::TokenExpiresParam,
    Id::TokenDateMissing,
    Id::TokenDateFormat,
    Id::AccessNoPermissions,
    Id::AccessPolicyScope,
    Id::KubeconfigExecV1alpha1,
    Id::KubeconfigLegacyCommand,
    Id::KubeconfigMissingCluster,
    Id::KubeconfigMissingUser,
    Id::KubeconfigMissingCurrentContext,
    Id::ClusterCaMismatch,
    Id::ClusterEndpointMismatch,
    Id::AssumeDenied,
];

/// Causes that explain a given kind of pasted error, put first when that error is pasted.
fn explains(symptom: Id, cause: Id) -> bool {
    match symptom {
        Id::ErrorUnknownAuthority => {
            matches!(
                cause,
                Id::ClusterCaMismatch
                    | Id::ClusterEndpointMismatch
                    | Id::KubeconfigBadCaData
                    | Id::CertExpired
            )
        }
        Id::ErrorCertificateNameMismatch => cause == Id::ClusterEndpointMismatch,
        Id::ErrorWebIdentityDenied => cause == Id::AssumeDenied,
        Id::ErrorAwsCredentialsExpired => {
            matches!(cause, Id::CredentialsExpired | Id::CredentialsTokenOutlived)
        }
        Id::ErrorAwsCredentialsInvalid => cause == Id::CredentialsKeyTokenMismatch,
        Id::ErrorExecApiVersion => cause == Id::KubeconfigExecV1alpha1,
        Id::ErrorForbidden => matches!(cause, Id::AccessNoPermissions | Id::AccessPolicyScope),
        _ => false,
    }
}

/// One likely cause.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// The finding that explains it.
    pub id: Id,
    /// The catalogue's title for it.
    pub title: &'static str,
    /// The finding's message: the evidence in this paste.
    pub evidence: String,
    /// Where: the artefact's title and line, or "across the inputs".
    pub source: String,
}

/// The report's diagnosis.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// The pasted error message's kind, when one was pasted (`error.unauthorized`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symptom: Option<Id>,
    /// Likely causes, most likely first.
    pub causes: Vec<Cause>,
    /// What the pasted inputs rule out.
    pub ruled_out: Vec<String>,
    /// What to paste next to decide.
    pub paste_next: Vec<String>,
}

/// The diagnosis of `report`, when there is something to diagnose: an error, a ranked warning,
/// or a pasted error message.
pub fn diagnose(report: &Report, facts: &Facts) -> Option<Diagnosis> {
    let symptom = report
        .artefacts
        .iter()
        .filter(|a| a.kind == Kind::ErrorMessage)
        .flat_map(|a| a.findings.iter())
        .map(|f| f.id)
        .next();
    let located = report.findings.iter().map(|f| (f, String::from("across the inputs"))).chain(
        report.artefacts.iter().flat_map(|a| a.findings.iter().map(move |f| (f, where_(a)))),
    );
    let mut causes: Vec<(usize, Cause)> = Vec::new();
    for (finding, source) in located {
        let Some(rank) = RANK.iter().position(|id| *id == finding.id) else { continue };
        if finding.severity == Severity::Info {
            continue;
        }
        let cause = Cause {
            id: finding.id,
            title: finding.id.title(),
            evidence: finding.message.clone(),
            source,
        };
        if !causes.iter().any(|(_, c)| c.id == cause.id && c.evidence == cause.evidence) {
            let first = symptom.is_some_and(|s| explains(s, finding.id));
            causes.push((if first { 0 } else { rank + 1 }, cause));
        }
    }
    crate::sort::by_key(&mut causes, |(rank, _)| *rank);
    let ruled_out = ruled_out(report, facts);
    let paste_next = paste_next(facts, symptom);
    if causes.is_empty() && symptom.is_none() {
        return None;
    }
    Some(Diagnosis {
        symptom,
        causes: causes.into_iter().map(|(_, c)| c).take(10).collect(),
        ruled_out,
        paste_next,
    })
}

fn where_(art: &Artefact) -> String {
    match &art.source.name {
        Some(name) => format!("{} ({name}, line {})", art.title, art.source.line),
        None => format!("{} (line {})", art.title, art.source.line),
    }
}

fn has(report: &Report, id: Id) -> bool {
    report.all_findings().any(|f| f.id == id)
}

fn has_kind(report: &Report, kind: Kind) -> bool {
    report.artefacts.iter().any(|a| a.kind == kind)
}

fn ruled_out(report: &Report, facts: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    if has(report, Id::TokenLocallyValid) {
        out.push(String::from("A malformed, stale or mis-hosted token: the token passes every check the authenticator makes before calling STS."));
    }
    for who in facts.identities.iter().filter(|i| i.via == crate::facts::IdentityVia::Whoami) {
        out.push(format!("A failure to authenticate {}: `kubectl auth whoami` got an answer, so the cluster authenticates it (what fails for it is authorization).", who.arn));
    }
    for f in report.all_findings().filter(|f| f.id == Id::AccessMapped) {
        out.push(format!("An unmapped identity: {}", f.message));
    }
    if has_kind(report, Kind::SessionCredentials) && !has(report, Id::CredentialsExpired) {
        out.push(String::from(
            "Expired credentials: the pasted session credentials are still valid.",
        ));
    }
    let kubeconfig = facts.endpoints.iter().any(|e| e.via == crate::facts::ClusterVia::Kubeconfig);
    let described =
        facts.endpoints.iter().any(|e| e.via == crate::facts::ClusterVia::DescribeCluster);
    if kubeconfig
        && described
        && !has(report, Id::ClusterCaMismatch)
        && !has(report, Id::ClusterEndpointMismatch)
    {
        out.push(String::from("A wrong server or CA: the kubeconfig's match describe-cluster's."));
    }
    if has(report, Id::AssumeAllowed) {
        out.push(String::from("The role's trust policy: it lets the pod assume the role."));
    }
    out
}

/// A kubeconfig cluster entry holds the same CA as describe-cluster's.
fn kubeconfig_agrees(facts: &Facts) -> bool {
    use crate::facts::ClusterVia;
    let ca = |via: ClusterVia| -> Vec<&String> {
        facts.endpoints.iter().filter(|e| e.via == via).filter_map(|e| e.ca_data.as_ref()).collect()
    };
    let described = ca(ClusterVia::DescribeCluster);
    ca(ClusterVia::Kubeconfig).iter().any(|k| described.contains(k))
}

fn paste_next(facts: &Facts, symptom: Option<Id>) -> Vec<String> {
    let mut out = Vec::new();
    let have_identity = !facts.identities.is_empty();
    let have_mappings = !facts.aws_auths.is_empty() || !facts.entries.is_empty();
    // A paste about a pod's AWS identity (IRSA, Pod Identity) is not about who may enter the
    // cluster: caller identity and aws-auth would not help there.
    let about_workload = !facts.trust_policies.is_empty()
        || !facts.service_accounts.is_empty()
        || !facts.sa_tokens.is_empty()
        || !facts.pod_identities.is_empty()
        || symptom == Some(Id::ErrorWebIdentityDenied);
    let about_eks_auth = symptom == Some(Id::ErrorUnauthorized)
        || symptom.is_none() && !(about_workload && facts.token_signers.is_empty());
    if about_eks_auth && !have_identity {
        out.push(String::from("`aws sts get-caller-identity` output from the failing shell or CI job (who is asking)."));
    }
    if about_eks_auth && !have_mappings {
        out.push(String::from("The aws-auth ConfigMap (`kubectl -n kube-system get configmap aws-auth -o yaml`, from an admin session) or `aws eks list-access-entries --cluster-name <cluster>` output (who is let in)."));
    }
    if about_eks_auth && have_mappings && facts.auth_mode.is_none() {
        out.push(String::from("`aws eks describe-cluster --name <cluster>` output (the authentication mode decides whether aws-auth, access entries or both count)."));
    }
    if symptom == Some(Id::ErrorUnauthorized) && facts.token_signers.is_empty() {
        out.push(String::from("`aws eks get-token --cluster-name <cluster>` output from the failing environment (the token itself)."));
    }
    let tls = matches!(symptom, Some(Id::ErrorUnknownAuthority | Id::ErrorCertificateNameMismatch));
    if tls
        && (facts.endpoints.is_empty()
            || facts.oidc_issuer.is_none() && facts.cluster_arn.is_none())
    {
        out.push(String::from("The kubeconfig and `aws eks describe-cluster --name <cluster>` output: eksplain compares the server and CA."));
    } else if symptom == Some(Id::ErrorUnknownAuthority) && kubeconfig_agrees(facts) {
        // The kubeconfig agrees with the cluster, yet the server's certificate is not the
        // cluster CA's: something in between answers TLS.
        out.push(String::from("The certificate the server actually presents: `openssl s_client -connect <endpoint host>:443 -showcerts </dev/null`. If its issuer is not CN=kubernetes, a proxy re-signs TLS (HTTPS_PROXY, corporate TLS inspection): add the endpoint to NO_PROXY or trust that proxy's CA."));
    }
    if matches!(
        symptom,
        Some(Id::ErrorAwsNoCredentials | Id::ErrorExecFailed | Id::ErrorAwsCredentialsInvalid)
    ) && facts.session_credentials.is_empty()
    {
        out.push(String::from("From the same environment: the kubeconfig's exec block (command, args, env: AWS_PROFILE, --role-arn) and `aws configure list` output (which credentials the AWS CLI finds, and where). Running `aws sts get-caller-identity` there fails the same way until credentials are found."));
    }
    if symptom == Some(Id::ErrorWebIdentityDenied) && facts.trust_policies.is_empty() {
        out.push(String::from("`aws iam get-role --role-name <role>` output, with the ServiceAccount (`kubectl get sa <name> -n <ns> -o yaml`) and the cluster's `describe-cluster` output."));
    }
    out
}
