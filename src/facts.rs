//! Typed facts: what one artefact tells the others.
//!
//! Each inspector attaches [`Fact`]s to the artefacts it returns (never serialized: the JSON
//! report shows fields, not facts). After every input is read, [`Facts::fold`] gathers them with
//! one precedence rule, and the cross-input checks (the access verdict, token against cluster)
//! read only the folded [`Facts`]. No stage reads another's display text.

use crate::access::{AccessEntry, Associations};
use crate::aws_auth::AwsAuth;
use crate::report::{Artefact, Source};

/// Where a pasted identity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdentityVia {
    /// `kubectl auth whoami` output: the identity the cluster authenticated.
    Whoami,
    /// `aws sts get-caller-identity` output: the identity the shell really has.
    CallerIdentity,
    /// A kubeconfig exec block's `--role-arn`: the role kubectl assumes to mint tokens.
    KubeconfigExecRole,
    /// `aws sts assume-role` (or similar) output: the session those credentials are.
    SessionCredentials,
    /// An ARN pasted on its own.
    Arn,
}

/// Where the cluster's name or ARN came from, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClusterVia {
    /// `aws eks describe-cluster` output.
    DescribeCluster,
    /// The cluster of a kubeconfig's current context (or of its only EKS cluster).
    Kubeconfig,
    /// `clusterName` in access-entry output.
    AccessEntries,
    /// A cluster ARN pasted on its own.
    Arn,
}

/// What a certificate says about itself, for chain linking, the EKS-CA check and the page's
/// certificate table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFacts {
    /// Subject, one line.
    pub subject: String,
    /// Issuer, one line.
    pub issuer: String,
    /// The subject's common name, else the whole subject.
    pub name: String,
    /// Subject key identifier (hex), if any.
    pub subject_key_id: Option<String>,
    /// Authority key identifier (hex), if any.
    pub authority_key_id: Option<String>,
    /// Not valid before.
    pub not_before: time::OffsetDateTime,
    /// Not valid after.
    pub not_after: time::OffsetDateTime,
    /// The public key.
    pub key: crate::cert::KeyInfo,
    /// SHA-256 fingerprint of the DER, `AB:CD:…` as openssl prints it.
    pub sha256: String,
}

/// A cluster's API server address and CA, as one input has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The kubeconfig's cluster entry name, or describe-cluster's cluster name.
    pub name: String,
    /// The EKS cluster name this is for, when known (describe-cluster's name; a kubeconfig entry
    /// named by a cluster ARN; the exec `--cluster-name` of a context using this entry).
    pub cluster: Option<String>,
    /// The server URL.
    pub server: Option<String>,
    /// certificate-authority-data with whitespace removed.
    pub ca_data: Option<String>,
    /// Where it came from.
    pub via: ClusterVia,
}

/// Session credentials: the key and when it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCredentials {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `Expiration`, when readable.
    pub expiration: Option<time::OffsetDateTime>,
}

/// A ServiceAccount's IRSA settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `eks.amazonaws.com/role-arn`.
    pub role_arn: Option<String>,
    /// `eks.amazonaws.com/audience`.
    pub audience: Option<String>,
}

/// The claims of a projected service-account token that IRSA depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaToken {
    /// `iss`.
    pub issuer: String,
    /// `sub`: `system:serviceaccount:NS:NAME`.
    pub sub: String,
    /// `aud`.
    pub aud: Vec<String>,
    /// `exp`, seconds since the epoch.
    pub exp: Option<i64>,
}

/// An EKS Pod Identity association.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodIdentity {
    /// `clusterName`.
    pub cluster: Option<String>,
    /// `namespace`.
    pub namespace: String,
    /// `serviceAccount`.
    pub service_account: String,
    /// `roleArn`.
    pub role_arn: Option<String>,
    /// `targetRoleArn` (cross-account chaining).
    pub target_role_arn: Option<String>,
    /// `disableSessionTags`.
    pub disable_session_tags: bool,
    /// `associationArn`.
    pub association_arn: Option<String>,
}

/// The key of a token's signer, as the token shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSigner {
    /// The access key ID from X-Amz-Credential.
    pub access_key_id: Option<String>,
    /// The partition of the STS host, when the host is one.
    pub partition: Option<String>,
    /// Signed for the legacy global endpoint `sts.amazonaws.com`.
    pub global: bool,
    /// `X-Amz-Date`, when readable.
    pub signed_at: Option<time::OffsetDateTime>,
}

/// One typed fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// An identity (IAM or STS ARN) whose access can be judged.
    Identity {
        /// The ARN as pasted.
        arn: String,
        /// `UserId` from get-caller-identity.
        principal_id: Option<String>,
        /// Where it came from.
        via: IdentityVia,
    },
    /// The cluster the inputs talk about.
    Cluster {
        /// Its name.
        name: Option<String>,
        /// Its ARN.
        arn: Option<String>,
        /// Where it came from.
        via: ClusterVia,
    },
    /// Where a cluster's API server is and which CA signs it (a kubeconfig cluster entry, or
    /// describe-cluster's endpoint and CA).
    Endpoint(Endpoint),
    /// `accessConfig.authenticationMode`.
    AuthMode(String),
    /// An aws-auth ConfigMap as the authenticator loads it.
    AwsAuth(AwsAuth),
    /// An access entry.
    AccessEntry(AccessEntry),
    /// Access policies associated with a principal.
    Associations(Associations),
    /// Who signed a token.
    TokenSigner(TokenSigner),
    /// Session credentials.
    SessionCredentials(SessionCredentials),
    /// A role's trust policy (and the role's ARN, when get-role output shows it).
    TrustPolicy {
        /// The role's ARN.
        role_arn: Option<String>,
        /// The policy document.
        policy: serde_json::Value,
    },
    /// A ServiceAccount.
    ServiceAccount(ServiceAccount),
    /// A projected service-account token's claims.
    SaToken(SaToken),
    /// `list-open-id-connect-providers`: the provider ARNs registered in an account.
    OidcProviders(Vec<String>),
    /// The cluster's OIDC issuer URL (describe-cluster).
    OidcIssuer(String),
    /// A Pod Identity association.
    PodIdentity(PodIdentity),
    /// A request RBAC refused (a pasted `Forbidden` message).
    Denied(Denied),
    /// What the snippets on an assume verdict are generated from (IRSA when `irsa`).
    WorkloadFix {
        /// IRSA (else Pod Identity).
        irsa: bool,
        /// The generator options.
        options: crate::workload::WorkloadOptions,
    },
    /// A certificate's names, key identifiers, validity, key and fingerprint.
    Certificate(CertFacts),
    /// The field with this key reads differently as time passes (a countdown): it was written
    /// from this clock at the report's `now`; the page re-reads it every second.
    Clocked {
        /// The field's key.
        key: &'static str,
        /// How it reads at any instant.
        clock: crate::when::Clock,
    },
    /// A time check of this artefact (or one made across artefacts from its facts) gives another
    /// answer from this instant on, or just after it (a check is `now > at` or `now >= at`): an
    /// expiry, the start of a validity window or of an expiry warning.
    /// [`crate::report::Report::next_change`] reads these; the page inspects again 1 ms after.
    TimeBoundary(time::OffsetDateTime),
}

/// What a `Forbidden` message says was refused: `User "U" cannot VERB resource "R" … in the
/// namespace "N"` (or at the cluster scope).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Denied {
    /// The Kubernetes username (with access entries' default, the STS ARN).
    pub user: String,
    /// The verb (`list`, `create`, …).
    pub verb: String,
    /// The resource (`pods`).
    pub resource: String,
    /// The namespace; `None` at the cluster scope.
    pub namespace: Option<String>,
}

/// An identity to judge, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The ARN as pasted.
    pub arn: String,
    /// The artefact it came from.
    pub source: Source,
    /// `UserId` from get-caller-identity.
    pub principal_id: Option<String>,
    /// What kind of evidence it is.
    pub via: IdentityVia,
}

/// Everything the cross-input checks look at, folded from every artefact's facts.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Identities: caller identities and kubeconfig roles first, then bare ARNs; input order within each.
    pub identities: Vec<Identity>,
    /// aws-auth ConfigMaps.
    pub aws_auths: Vec<AwsAuth>,
    /// Access entries.
    pub entries: Vec<AccessEntry>,
    /// Access policy associations.
    pub associations: Vec<Associations>,
    /// `accessConfig.authenticationMode` from describe-cluster.
    pub auth_mode: Option<String>,
    /// The cluster's name.
    pub cluster_name: Option<String>,
    /// The cluster's ARN.
    pub cluster_arn: Option<String>,
    /// Pasted tokens' signers.
    pub token_signers: Vec<TokenSigner>,
    /// Cluster endpoints and CAs, in input order.
    pub endpoints: Vec<Endpoint>,
    /// Session credentials, in input order.
    pub session_credentials: Vec<SessionCredentials>,
    /// Trust policies: (role ARN, policy, where).
    pub trust_policies: Vec<(Option<String>, serde_json::Value, Source)>,
    /// ServiceAccounts.
    pub service_accounts: Vec<ServiceAccount>,
    /// Service-account tokens.
    pub sa_tokens: Vec<SaToken>,
    /// Registered OIDC providers, when a list was pasted.
    pub oidc_providers: Option<Vec<String>>,
    /// The cluster's OIDC issuer.
    pub oidc_issuer: Option<String>,
    /// Pod Identity associations.
    pub pod_identities: Vec<PodIdentity>,
    /// Requests RBAC refused.
    pub denials: Vec<Denied>,
}

impl Facts {
    /// Folds the facts of `artefacts`. The one precedence rule: for a value that can be known
    /// only once (the cluster's name and ARN, the authentication mode), the most authoritative
    /// source wins ([`ClusterVia`] order: describe-cluster, kubeconfig, access entries, a bare
    /// ARN), and the first in input order among equals; everything else is kept in input order,
    /// identities ordered by [`IdentityVia`].
    pub fn fold(artefacts: &[Artefact]) -> Facts {
        let mut facts = Facts::default();
        let mut name_rank: Option<ClusterVia> = None;
        let mut arn_rank: Option<ClusterVia> = None;
        for art in artefacts {
            for fact in &art.facts {
                match fact {
                    Fact::Identity { arn, principal_id, via } => facts.identities.push(Identity {
                        arn: arn.clone(),
                        source: art.source.clone(),
                        principal_id: principal_id.clone(),
                        via: *via,
                    }),
                    Fact::Cluster { name, arn, via } => {
                        if let Some(name) = name {
                            if name_rank.is_none_or(|rank| *via < rank) {
                                facts.cluster_name = Some(name.clone());
                                name_rank = Some(*via);
                            }
                        }
                        if let Some(arn) = arn {
                            if arn_rank.is_none_or(|rank| *via < rank) {
                                facts.cluster_arn = Some(arn.clone());
                                arn_rank = Some(*via);
                            }
                        }
                    }
                    Fact::Endpoint(endpoint) => facts.endpoints.push(endpoint.clone()),
                    Fact::AuthMode(mode) => {
                        facts.auth_mode.get_or_insert_with(|| mode.clone());
                    }
                    Fact::AwsAuth(auth) => facts.aws_auths.push(auth.clone()),
                    Fact::AccessEntry(entry) => facts.entries.push(entry.clone()),
                    Fact::Associations(a) => facts.associations.push(a.clone()),
                    Fact::TokenSigner(signer) => facts.token_signers.push(signer.clone()),
                    Fact::SessionCredentials(c) => facts.session_credentials.push(c.clone()),
                    Fact::TrustPolicy { role_arn, policy } => facts.trust_policies.push((
                        role_arn.clone(),
                        policy.clone(),
                        art.source.clone(),
                    )),
                    Fact::ServiceAccount(sa) => facts.service_accounts.push(sa.clone()),
                    Fact::SaToken(t) => facts.sa_tokens.push(t.clone()),
                    Fact::OidcProviders(list) => facts
                        .oidc_providers
                        .get_or_insert_with(Vec::new)
                        .extend(list.iter().cloned()),
                    Fact::OidcIssuer(issuer) => {
                        facts.oidc_issuer.get_or_insert_with(|| issuer.clone());
                    }
                    Fact::PodIdentity(a) => facts.pod_identities.push(a.clone()),
                    Fact::Denied(d) => facts.denials.push(d.clone()),
                    Fact::Certificate(_)
                    | Fact::WorkloadFix { .. }
                    | Fact::Clocked { .. }
                    | Fact::TimeBoundary(_) => {}
                }
            }
        }
        // What the shell or kubectl really uses (caller identity, exec role) before bare ARNs.
        crate::sort::by_key(&mut facts.identities, |it| it.via == IdentityVia::Arn);
        facts
    }

    /// The access key IDs of the pasted tokens.
    pub fn token_keys(&self) -> impl Iterator<Item = &str> {
        self.token_signers.iter().filter_map(|s| s.access_key_id.as_deref())
    }
}
