//! The report: what eksplain found in a paste, as plain serializable values.
//!
//! Every decoder adds [`Artefact`]s and [`Finding`]s to a [`Report`]. The web UI renders it, the CLI
//! prints it or serializes it as JSON (shape documented in `docs/report.md`). Nothing here does I/O.

use serde::Serialize;

use crate::facts::Fact;
use crate::findings::Id;

/// Version of the JSON shape; bumped only on an incompatible change.
pub const SCHEMA: &str = "eksplain.report/v1";

/// How bad a finding is.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The authenticator would reject this, or the input cannot be used as it is.
    Error,
    /// Works today but is risky, surprising or about to break.
    Warning,
    /// A fact worth knowing.
    Info,
}

impl Severity {
    /// The lowercase name used in JSON and in the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One diagnosis with a stable dotted id, for example `token.expired`.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable dotted identifier: an entry of the findings catalogue ([`crate::findings`]).
    pub id: Id,
    /// Error, warning or info.
    pub severity: Severity,
    /// Plain-English explanation: what is wrong and why it matters.
    pub message: String,
    /// What to do about it, where something can be done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The exact text the EKS authenticator would log for the same defect, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticator: Option<String>,
    /// What the fix's snippets are generated from (`eksplain gen` targets and known options),
    /// where the fix is a mapping to write.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate: Option<Box<crate::generate::FixSpec>>,
}

impl Finding {
    /// The finding `id` as the catalogue describes it: its severity, meaning and usual fix.
    /// Emitters then fill in the specifics with [`Finding::message`] and [`Finding::with_fix`].
    pub fn of(id: Id) -> Finding {
        Finding {
            id,
            severity: id.severity(),
            message: id.meaning().to_string(),
            fix: id.fix().map(str::to_string),
            authenticator: None,
            generate: None,
        }
    }

    /// Replaces the catalogue's general meaning with a message about this case.
    pub fn message(mut self, message: impl Into<String>) -> Finding {
        self.message = message.into();
        self
    }

    /// Lowers (or raises) the catalogue severity for a case the catalogue entry names.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Sets the fix, replacing the catalogue's usual one.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = Some(fix.into());
        self
    }

    /// Adds the authenticator's own message.
    pub fn with_authenticator(mut self, text: impl Into<String>) -> Finding {
        self.authenticator = Some(text.into());
        self
    }

    /// Adds the snippets that apply the fix.
    pub fn with_generate(mut self, spec: crate::generate::FixSpec) -> Finding {
        self.generate = Some(Box::new(spec));
        self
    }
}

/// What an artefact is. The serialized names are stable.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A `k8s-aws-v1.` bearer token.
    EksToken,
    /// `aws eks get-token` / `aws-iam-authenticator token` output.
    ExecCredential,
    /// The presigned STS `GetCallerIdentity` URL inside a token.
    StsPresignedUrl,
    /// A PEM `CERTIFICATE` block.
    PemCertificate,
    /// Base64 of PEM, as in kubeconfig `certificate-authority-data`.
    CertificateAuthorityData,
    /// A DER certificate, raw or base64.
    DerCertificate,
    /// A PEM block that is not a certificate (key, CSR...).
    PemBlock,
    /// A kubeconfig file.
    Kubeconfig,
    /// The `kube-system/aws-auth` ConfigMap or its `mapRoles`/`mapUsers` text.
    AwsAuth,
    /// `aws sts get-caller-identity` output.
    CallerIdentity,
    /// An IAM or STS ARN.
    Arn,
    /// An AWS access key ID or other IAM unique ID.
    AccessKeyId,
    /// A JSON Web Token (service-account, IRSA, OIDC).
    Jwt,
    /// `aws eks describe-cluster` output.
    DescribeCluster,
    /// `aws eks list-access-entries` output.
    AccessEntries,
    /// `aws eks describe-access-entry` output.
    AccessEntry,
    /// `aws eks list-associated-access-policies` output.
    AccessPolicies,
    /// Derived: whether a pasted identity is let in by the pasted mappings.
    AccessVerdict,
    /// An error message from kubectl, Terraform or the AWS CLI.
    ErrorMessage,
    /// Terraform that configures EKS access (kubernetes provider, terraform-aws-modules/eks).
    Terraform,
    /// `aws sts assume-role` / `get-session-token` / `aws configure export-credentials` output.
    SessionCredentials,
    /// A role's trust policy (`aws iam get-role` output or the bare policy).
    TrustPolicy,
    /// A Kubernetes ServiceAccount.
    ServiceAccount,
    /// `aws iam list-open-id-connect-providers` output.
    OidcProviders,
    /// EKS Pod Identity associations.
    PodIdentity,
    /// `kubectl auth whoami` output: who the cluster says the request is.
    SelfSubjectReview,
    /// Derived: whether a pod may assume a role (IRSA or Pod Identity).
    AssumeVerdict,
}

/// What eksplain knows about a kind, in one place: its name, how it is pasted, whether it
/// changes as time passes, and where its cards go. The CLI usage, the "what eksplain reads"
/// message, the page's placeholder and the kinds table of `docs/report.md` come from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    /// The stable serialized name.
    pub name: &'static str,
    /// A human title for cards and headings.
    pub title: &'static str,
    /// How to name it in "eksplain reads …" (derived kinds are not pasted: `None`).
    pub accepts: Option<&'static str>,
    /// It has fields that read differently as time passes (countdowns: `Fact::Clocked`), which
    /// the page redraws every second while it is shown.
    pub time_sensitive: bool,
    /// It answers the user's question (a verdict, an explained error): its card comes first.
    pub first: bool,
}

impl Kind {
    /// Every kind, in documentation order.
    pub const ALL: [Kind; 27] = [
        Kind::EksToken,
        Kind::ExecCredential,
        Kind::StsPresignedUrl,
        Kind::PemCertificate,
        Kind::CertificateAuthorityData,
        Kind::DerCertificate,
        Kind::PemBlock,
        Kind::Kubeconfig,
        Kind::AwsAuth,
        Kind::CallerIdentity,
        Kind::Arn,
        Kind::AccessKeyId,
        Kind::Jwt,
        Kind::DescribeCluster,
        Kind::AccessEntries,
        Kind::AccessEntry,
        Kind::AccessPolicies,
        Kind::AccessVerdict,
        Kind::ErrorMessage,
        Kind::Terraform,
        Kind::SessionCredentials,
        Kind::TrustPolicy,
        Kind::ServiceAccount,
        Kind::OidcProviders,
        Kind::PodIdentity,
        Kind::SelfSubjectReview,
        Kind::AssumeVerdict,
    ];

    /// Everything known about this kind.
    pub fn info(self) -> &'static KindInfo {
        match self {
            Kind::EksToken => &KindInfo {
                name: "eks-token",
                title: "EKS bearer token",
                accepts: Some("a k8s-aws-v1. token (bare or after `Authorization: Bearer`)"),
                time_sensitive: true,
                first: false,
            },
            Kind::ExecCredential => &KindInfo {
                name: "exec-credential",
                title: "ExecCredential (aws eks get-token)",
                accepts: Some("`aws eks get-token` output"),
                time_sensitive: true,
                first: false,
            },
            Kind::StsPresignedUrl => &KindInfo {
                name: "sts-presigned-url",
                title: "Presigned STS URL",
                accepts: Some("a presigned https://sts… URL"),
                time_sensitive: true,
                first: false,
            },
            Kind::PemCertificate => &KindInfo {
                name: "pem-certificate",
                title: "PEM certificate",
                accepts: Some("a PEM certificate"),
                time_sensitive: false,
                first: false,
            },
            Kind::CertificateAuthorityData => &KindInfo {
                name: "certificate-authority-data",
                title: "certificate-authority-data",
                accepts: Some("certificate-authority-data (base64)"),
                time_sensitive: false,
                first: false,
            },
            Kind::DerCertificate => &KindInfo {
                name: "der-certificate",
                title: "DER certificate",
                accepts: Some("a DER certificate"),
                time_sensitive: false,
                first: false,
            },
            Kind::PemBlock => &KindInfo {
                name: "pem-block",
                title: "PEM block",
                accepts: None,
                time_sensitive: false,
                first: false,
            },
            Kind::Kubeconfig => &KindInfo {
                name: "kubeconfig",
                title: "kubeconfig",
                accepts: Some("a kubeconfig"),
                time_sensitive: false,
                first: false,
            },
            Kind::AwsAuth => &KindInfo {
                name: "aws-auth",
                title: "aws-auth ConfigMap",
                accepts: Some("the aws-auth ConfigMap (YAML or JSON)"),
                time_sensitive: false,
                first: false,
            },
            Kind::CallerIdentity => &KindInfo {
                name: "caller-identity",
                title: "Caller identity (aws sts get-caller-identity)",
                accepts: Some("`aws sts get-caller-identity` output"),
                time_sensitive: false,
                first: false,
            },
            Kind::Arn => &KindInfo {
                name: "arn",
                title: "ARN",
                accepts: Some("an IAM or STS ARN"),
                time_sensitive: false,
                first: false,
            },
            Kind::AccessKeyId => &KindInfo {
                name: "access-key-id",
                title: "AWS access key ID",
                accepts: Some("an access key ID"),
                time_sensitive: false,
                first: false,
            },
            Kind::Jwt => &KindInfo {
                name: "jwt",
                title: "JSON Web Token",
                accepts: Some("a JWT"),
                time_sensitive: true,
                first: false,
            },
            Kind::DescribeCluster => &KindInfo {
                name: "describe-cluster",
                title: "EKS cluster (aws eks describe-cluster)",
                accepts: Some("`aws eks describe-cluster` output"),
                time_sensitive: false,
                first: false,
            },
            Kind::AccessEntries => &KindInfo {
                name: "access-entries",
                title: "Access entries (aws eks list-access-entries)",
                accepts: Some("`aws eks list-access-entries` output"),
                time_sensitive: false,
                first: false,
            },
            Kind::AccessEntry => &KindInfo {
                name: "access-entry",
                title: "Access entry (aws eks describe-access-entry)",
                accepts: Some("`describe-access-entry` output"),
                time_sensitive: false,
                first: false,
            },
            Kind::AccessPolicies => &KindInfo {
                name: "access-policies",
                title: "Associated access policies",
                accepts: Some("`list-associated-access-policies` output"),
                time_sensitive: false,
                first: false,
            },
            Kind::AccessVerdict => &KindInfo {
                name: "access-verdict",
                title: "Access verdict",
                accepts: None,
                time_sensitive: false,
                first: true,
            },
            Kind::ErrorMessage => &KindInfo {
                name: "error-message",
                title: "Error message",
                accepts: Some("an error message from kubectl, Terraform or the AWS CLI"),
                time_sensitive: false,
                first: true,
            },
            Kind::SessionCredentials => &KindInfo {
                name: "session-credentials",
                title: "Session credentials",
                accepts: Some("`aws sts assume-role` or `get-session-token` output"),
                time_sensitive: true,
                first: false,
            },
            Kind::TrustPolicy => &KindInfo {
                name: "trust-policy",
                title: "IAM role trust policy",
                accepts: Some("`aws iam get-role` output or a trust policy"),
                time_sensitive: false,
                first: false,
            },
            Kind::ServiceAccount => &KindInfo {
                name: "service-account",
                title: "ServiceAccount",
                accepts: Some("a ServiceAccount"),
                time_sensitive: false,
                first: false,
            },
            Kind::OidcProviders => &KindInfo {
                name: "oidc-providers",
                title: "IAM OIDC providers",
                accepts: Some("`aws iam list-open-id-connect-providers` output"),
                time_sensitive: false,
                first: false,
            },
            Kind::PodIdentity => &KindInfo {
                name: "pod-identity",
                title: "Pod Identity associations",
                accepts: Some("Pod Identity associations"),
                time_sensitive: false,
                first: false,
            },
            Kind::SelfSubjectReview => &KindInfo {
                name: "self-subject-review",
                title: "Who the cluster says you are (kubectl auth whoami)",
                accepts: Some("`kubectl auth whoami` output"),
                time_sensitive: false,
                first: false,
            },
            Kind::AssumeVerdict => &KindInfo {
                name: "assume-verdict",
                title: "Assume-role verdict",
                accepts: None,
                time_sensitive: false,
                first: true,
            },
            Kind::Terraform => &KindInfo {
                name: "terraform",
                title: "Terraform",
                accepts: Some("Terraform that configures EKS access"),
                time_sensitive: false,
                first: false,
            },
        }
    }

    /// The stable serialized name.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// What it is and where it comes from, for the documentation (not carried by the page).
    pub fn docs(self) -> (&'static str, &'static str) {
        match self {
            Kind::EksToken => ("a `k8s-aws-v1.` bearer token", "bare, after `Authorization: Bearer`, broken over lines, inside get-token output or a kubeconfig `users[].user.token`"),
            Kind::ExecCredential => ("`aws eks get-token` / `aws-iam-authenticator token` output", "ExecCredential JSON or YAML (v1alpha1, v1beta1, v1)"),
            Kind::StsPresignedUrl => ("the presigned `https://sts…` GetCallerIdentity URL", "pasted on its own"),
            Kind::PemCertificate => ("a `-----BEGIN CERTIFICATE-----` block", "PEM text, one artefact per block"),
            Kind::CertificateAuthorityData => ("base64 of PEM", "kubeconfig, describe-cluster, Terraform output, pasted alone"),
            Kind::DerCertificate => ("DER", "base64 DER, or a binary file"),
            Kind::PemBlock => ("a PEM block that is not a certificate", "private key (never echoed), CSR, …"),
            Kind::Kubeconfig => ("a kubeconfig", "YAML or JSON"),
            Kind::AwsAuth => ("the aws-auth ConfigMap", "`kubectl get -o yaml/json`, its `data`, or bare `mapRoles` text"),
            Kind::CallerIdentity => ("`aws sts get-caller-identity`", "JSON or YAML"),
            Kind::Arn => ("an IAM or STS ARN", "text"),
            Kind::AccessKeyId => ("an access key ID or unique ID (`AKIA…`, `ASIA…`, `AROA…`, …)", "text"),
            Kind::Jwt => ("a JSON Web Token (service account, IRSA, OIDC)", "text"),
            Kind::DescribeCluster => ("`aws eks describe-cluster`", "JSON"),
            Kind::AccessEntries => ("`aws eks list-access-entries`", "JSON"),
            Kind::AccessEntry => ("`aws eks describe-access-entry`", "JSON"),
            Kind::AccessPolicies => ("`aws eks list-associated-access-policies`", "JSON"),
            Kind::AccessVerdict => ("derived, not pasted: whether a pasted identity is let in by the pasted mappings", "an identity (caller identity or ARN) plus aws-auth and/or access entries"),
            Kind::ErrorMessage => ("a kubectl, Terraform or AWS CLI error line, explained (`Unauthorized`, `Forbidden`, x509, exec plugin, AssumeRole, expired credentials, network)", "text"),
            Kind::SessionCredentials => ("AWS session credentials: key, session token, `Expiration`, and the assumed role", "`aws sts assume-role`, `get-session-token`, `assume-role-with-web-identity` or `aws configure export-credentials` output (JSON)"),
            Kind::TrustPolicy => ("a role's trust policy: who may assume it, replayed for IRSA and Pod Identity", "`aws iam get-role` output (JSON) or the bare `AssumeRolePolicyDocument`"),
            Kind::ServiceAccount => ("a Kubernetes ServiceAccount and its `eks.amazonaws.com/role-arn` annotation", "`kubectl get serviceaccount NAME -o yaml` (or JSON)"),
            Kind::OidcProviders => ("the IAM OIDC providers registered in an account", "`aws iam list-open-id-connect-providers` output"),
            Kind::PodIdentity => ("EKS Pod Identity associations", "`aws eks describe-pod-identity-association` or `list-pod-identity-associations` output"),
            Kind::SelfSubjectReview => ("`kubectl auth whoami`: who the cluster authenticated, with EKS's IAM `extra` keys (arn, canonicalArn, sessionName)", "the table, `-o json` or `-o yaml`"),
            Kind::AssumeVerdict => ("derived, not pasted: whether STS would let a pod assume a role (IRSA or Pod Identity)", "a trust policy plus a service-account token, ServiceAccount or Pod Identity association"),
            Kind::Terraform => ("Terraform with a kubernetes provider, `aws_eks_cluster_auth` or terraform-aws-modules/eks (read for the settings that matter, not parsed)", "text"),
        }
    }

    /// A human title for cards and headings.
    pub fn title(self) -> &'static str {
        self.info().title
    }
}

/// What eksplain reads, as one sentence fragment ("a k8s-aws-v1. token …, or a JWT"), from the
/// kinds' metadata.
pub fn accepts() -> String {
    let names: Vec<&str> = Kind::ALL.iter().filter_map(|k| k.info().accepts).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}, or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// The kinds table of `docs/report.md`, from the kinds' metadata.
pub fn kinds_markdown() -> String {
    let mut out = String::from("| kind | what | from |\n|---|---|---|\n");
    for kind in Kind::ALL {
        let (what, from) = kind.docs();
        out.push_str(&format!("| `{}` | {what} | {from} |\n", kind.as_str()));
    }
    out
}

/// One decoded value, in display order.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Stable snake_case key.
    pub key: String,
    /// Human label.
    pub label: String,
    /// The value as text.
    pub value: String,
    /// A credential: the UI hides it until asked and the CLI abbreviates it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
}

/// Where in the input an artefact came from.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Source {
    /// Index of the input (file) it came from, from 0.
    pub input: usize,
    /// Name of that input, if it has one (a file name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Line (from 1) where it starts.
    pub line: usize,
}

/// One thing found in the input, decoded.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Artefact {
    /// What it is.
    pub kind: Kind,
    /// Human title, usually the kind's title with a detail.
    pub title: String,
    /// Where it came from.
    pub source: Source,
    /// Decoded fields, in display order.
    pub fields: Vec<Field>,
    /// Findings about this artefact alone.
    pub findings: Vec<Finding>,
    /// What this artefact tells the cross-input checks (not serialized).
    #[serde(skip)]
    pub facts: Vec<Fact>,
}

impl Artefact {
    /// An empty artefact of `kind`.
    pub fn new(kind: Kind, source: Source) -> Artefact {
        Artefact {
            kind,
            title: kind.title().to_string(),
            source,
            fields: Vec::new(),
            findings: Vec::new(),
            facts: Vec::new(),
        }
    }

    /// Appends a field.
    pub fn field(&mut self, key: &str, label: &str, value: impl Into<String>) {
        self.fields.push(Field {
            key: key.to_string(),
            label: label.to_string(),
            value: value.into(),
            secret: false,
        });
    }

    /// Appends a field that holds a credential.
    pub fn secret_field(&mut self, key: &str, label: &str, value: impl Into<String>) {
        self.fields.push(Field {
            key: key.to_string(),
            label: label.to_string(),
            value: value.into(),
            secret: true,
        });
    }

    /// Appends a field that reads differently as time passes (a countdown), as it reads at
    /// `now`, and the [`Fact::Clocked`] the page keeps it live with.
    pub fn live_field(
        &mut self,
        key: &'static str,
        label: &str,
        clock: crate::when::Clock,
        now: time::OffsetDateTime,
    ) {
        self.field(key, label, clock.text(now));
        self.facts.push(Fact::Clocked { key, clock });
    }

    /// The value of the field with `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|it| it.key == key).map(|it| it.value.as_str())
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|it| it.severity == Severity::Error)
    }
}

/// One input the report was made from.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct InputSummary {
    /// File name, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Size in bytes.
    pub bytes: usize,
}

/// The cluster the inputs point at, when they say (kubeconfig, describe-cluster, access entries).
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ClusterRef {
    /// Cluster name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Cluster ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Region (from the ARN).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Everything eksplain found in the inputs.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The instant time checks were made at (RFC 3339).
    pub now: String,
    /// The inputs, in order.
    pub inputs: Vec<InputSummary>,
    /// What was found, in input order.
    pub artefacts: Vec<Artefact>,
    /// Findings about the input as a whole or about several artefacts together.
    pub findings: Vec<Finding>,
    /// The cluster, when the inputs name it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterRef>,
    /// The likely causes, ranked, when there is something to diagnose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<crate::diagnosis::Diagnosis>,
}

impl Report {
    /// All findings: the report's own and every artefact's.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().chain(self.artefacts.iter().flat_map(|it| it.findings.iter()))
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.all_findings().any(|it| it.severity == Severity::Error)
    }

    /// The order the page and the CLI show artefacts in (indices into `artefacts`): those that
    /// answer the user's question (verdicts, explained error messages) first, then the rest, each
    /// group in input order.
    pub fn display_order(&self) -> Vec<usize> {
        let (mut head, tail): (Vec<usize>, Vec<usize>) = (0..self.artefacts.len())
            .partition(|i| self.artefacts.get(*i).is_some_and(|a| a.kind.info().first));
        head.extend(tail);
        head
    }

    /// The first instant, from `now` on, from which (or just after which) a time check gives
    /// another answer (a token or certificate expires, a validity window or an expiry warning
    /// starts): inspecting the same inputs again 1 ms after it may change findings, and before it
    /// cannot. A report made exactly at a boundary is made again just after it (a check such as
    /// `now > until` flips then). `None` when nothing pasted depends on time any more.
    pub fn next_change(&self, now: time::OffsetDateTime) -> Option<time::OffsetDateTime> {
        self.artefacts
            .iter()
            .flat_map(|a| a.facts.iter())
            .filter_map(|f| match f {
                Fact::TimeBoundary(at) if *at >= now => Some(*at),
                _ => None,
            })
            .min()
    }

    /// Whether the inputs yielded anything eksplain recognises.
    pub fn recognised_anything(&self) -> bool {
        !self.artefacts.is_empty()
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serializing these plain types cannot fail; an empty object is the graceful fallback.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| String::from("{}"))
    }
}
