//! Access entries, the cluster's authentication mode, and the verdict: would this identity be let in?
//!
//! The verdict follows the authenticator (`eks-auth.md` §2.4, §2.5, §5): the identity's canonical
//! ARN (assumed-role reduced to the path-less role ARN) is looked up case-insensitively; access
//! entries (matched on the path-stripped ARN) win over aws-auth in `API_AND_CONFIG_MAP`; in aws-auth
//! roles come before users, the last duplicate role wins, and mapAccounts maps any other identity
//! of a listed account with the canonical ARN as username and no groups.

use serde_json::Value;

use crate::arn::{self, Principal};
use crate::aws_auth::{display_username, Mapping};
use crate::facts::{ClusterVia, Fact, Facts, IdentityVia};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// An access entry as pasted (`describe-access-entry`, or only its ARN from `list-access-entries`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessEntry {
    /// `principalArn`, with the role path.
    pub principal_arn: String,
    /// `username`, when known.
    pub username: Option<String>,
    /// `kubernetesGroups`.
    pub groups: Vec<String>,
    /// Whether the details (username, groups) are known, not only the ARN.
    pub detailed: bool,
}

/// Access policies associated with one principal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Associations {
    /// `principalArn`.
    pub principal_arn: String,
    /// The policies.
    pub policies: Vec<AssociatedPolicy>,
}

/// One associated access policy and where it applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssociatedPolicy {
    /// Its name (`AmazonEKSEditPolicy`).
    pub name: String,
    /// The namespaces it is scoped to; `None` for the whole cluster.
    pub namespaces: Option<Vec<String>>,
}

impl AssociatedPolicy {
    /// `AmazonEKSEditPolicy (namespaces apps, web)` or `… (cluster)`.
    pub fn describe(&self) -> String {
        match &self.namespaces {
            Some(ns) => format!("{} (namespaces {})", self.name, ns.join(", ")),
            None => format!("{} (cluster)", self.name),
        }
    }

    /// Whether it applies to a request in `namespace` (`None`: a cluster-scoped request).
    pub fn covers(&self, namespace: Option<&str>) -> bool {
        match (&self.namespaces, namespace) {
            (None, _) => true,
            (Some(ns), Some(n)) => ns
                .iter()
                .any(|it| it == n || it.ends_with('*') && n.starts_with(it.trim_end_matches('*'))),
            (Some(_), None) => false,
        }
    }
}

/// Regions that must be enabled per account; session tokens from the global STS endpoint are
/// not valid there unless the account issues v2 tokens.
const OPT_IN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

/// Cross-checks between pasted tokens and the cluster they are for.
fn token_cluster_checks(facts: &Facts, findings: &mut Vec<Finding>) {
    let Some(cluster) = facts.cluster_arn.as_deref().and_then(|a| arn::parse(a).ok()) else {
        return;
    };
    for signer in &facts.token_signers {
        let (Some(partition), global) = (&signer.partition, signer.global) else { continue };
        if *partition != cluster.partition {
            findings.push(
                Finding::of(Id::AccessPartitionMismatch).message(format!("A token was signed for STS in partition {partition}, but the cluster is in {}. The authenticator only accepts STS hosts of its own partition.", cluster.partition)).with_fix(format!("Mint the token with --region {} (the cluster's region).", cluster.region)),
            );
        } else if global && OPT_IN_REGIONS.contains(&cluster.region.as_str()) {
            findings.push(
                Finding::of(Id::AccessGlobalTokenOptInRegion).message(format!("A token was signed for the global STS endpoint, and the cluster is in {}, an opt-in region: session credentials from the global endpoint are rejected there unless the account issues v2 session tokens.", cluster.region)).with_fix(format!("Use regional STS: AWS_STS_REGIONAL_ENDPOINTS=regional, or --region {}.", cluster.region)),
            );
        }
    }
}

/// Whether a mapping or entry ARN is for the identity with `canonical` ARN: role paths are
/// stripped and case is ignored, as the authenticator compares.
fn is_for(arn: &str, canonical: &str) -> bool {
    arn::strip_path(arn).eq_ignore_ascii_case(canonical)
}

/// A pasted Forbidden against the pasted access policies of the same principal (with access
/// entries' default username, the user RBAC names is the STS session ARN): does any policy reach
/// the request's namespace?
fn scope_checks(facts: &Facts, findings: &mut Vec<Finding>) {
    for denied in &facts.denials {
        let Some((_, identity)) = arn::identity_of(&denied.user) else { continue };
        let policies: Vec<&AssociatedPolicy> = facts
            .associations
            .iter()
            .filter(|a| is_for(&a.principal_arn, &identity.canonical))
            .flat_map(|a| a.policies.iter())
            .collect();
        let namespace = denied.namespace.as_deref();
        if policies.is_empty() || policies.iter().any(|p| p.covers(namespace)) {
            continue;
        }
        let where_ = namespace.map_or_else(
            || String::from("at the cluster scope"),
            |n| format!("in namespace \"{n}\""),
        );
        let listed: Vec<String> = policies.iter().map(|p| p.describe()).collect();
        findings.push(Finding::of(Id::AccessPolicyScope).message(format!(
            "{} was refused \"{} {}\" {where_}, and its access policies do not reach there: {}.",
            identity.canonical,
            denied.verb,
            denied.resource,
            listed.join(", ")
        )).with_fix(match namespace {
            Some(n) => format!("Associate a policy for namespace {n} too (`aws eks associate-access-policy --cluster-name <cluster> --principal-arn {} --policy-arn <policy> --access-scope type=namespace,namespaces={n}`), or run the request in a namespace the policies cover.", identity.canonical),
            None => format!("A cluster-scoped request needs a policy associated with type=cluster that covers it (AmazonEKSAdminViewPolicy to read, AmazonEKSClusterAdminPolicy for everything): `aws eks associate-access-policy --cluster-name <cluster> --principal-arn {} --policy-arn <policy> --access-scope type=cluster`.", identity.canonical),
        }));
    }
}

fn policy_name(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_string()
}

/// Inspects `list-access-entries`, `describe-access-entry` or `list-associated-access-policies` JSON.
pub fn inspect(value: &Value, source: Source) -> Artefact {
    if let Some(list) = value.get("accessEntries").and_then(Value::as_array) {
        let mut art = Artefact::new(Kind::AccessEntries, source);
        for arn in list.iter().filter_map(Value::as_str) {
            art.field("principal_arn", "Access entry", arn);
            art.facts.push(Fact::AccessEntry(AccessEntry {
                principal_arn: arn.to_string(),
                ..AccessEntry::default()
            }));
        }
        if list.is_empty() {
            art.findings.push(Finding::of(Id::AccessNoEntries));
        }
        return art;
    }
    if let Some(entry) = value.get("accessEntry") {
        let mut art = Artefact::new(Kind::AccessEntry, source);
        let get = |k: &str| entry.get(k).and_then(Value::as_str).map(str::to_string);
        let principal_arn = get("principalArn").unwrap_or_default();
        let groups: Vec<String> = entry
            .get("kubernetesGroups")
            .and_then(Value::as_array)
            .map(|g| g.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        art.field("principal_arn", "Principal ARN", principal_arn.as_str());
        if let Some(username) = get("username") {
            art.field("username", "Username", username);
        }
        art.field("groups", "Kubernetes groups", groups.join(", "));
        if let Some(t) = get("type") {
            art.field("type", "Type", t);
        }
        if let Some(c) = get("clusterName") {
            art.field("cluster_name", "Cluster", c.as_str());
            art.facts.push(Fact::Cluster {
                name: Some(c),
                arn: None,
                via: ClusterVia::AccessEntries,
            });
        }
        if principal_arn.contains(":sts:") || principal_arn.contains(":assumed-role/") {
            art.findings.push(Finding::of(Id::AccessStsPrincipal));
        }
        art.facts.push(Fact::AccessEntry(AccessEntry {
            principal_arn,
            username: get("username"),
            groups,
            detailed: true,
        }));
        return art;
    }
    let mut art = Artefact::new(Kind::AccessPolicies, source);
    let principal_arn =
        value.get("principalArn").and_then(Value::as_str).unwrap_or_default().to_string();
    art.field("principal_arn", "Principal ARN", principal_arn.as_str());
    if let Some(c) = value.get("clusterName").and_then(Value::as_str) {
        art.field("cluster_name", "Cluster", c);
        art.facts.push(Fact::Cluster {
            name: Some(c.to_string()),
            arn: None,
            via: ClusterVia::AccessEntries,
        });
    }
    let mut policies = Vec::new();
    for item in
        value.get("associatedAccessPolicies").and_then(Value::as_array).into_iter().flatten()
    {
        let name = policy_name(item.get("policyArn").and_then(Value::as_str).unwrap_or_default());
        let scope = item.get("accessScope");
        let scope_type =
            scope.and_then(|s| s.get("type")).and_then(Value::as_str).unwrap_or("cluster");
        let namespaces: Vec<&str> = scope
            .and_then(|s| s.get("namespaces"))
            .and_then(Value::as_array)
            .map(|n| n.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let policy = AssociatedPolicy {
            name,
            namespaces: (scope_type == "namespace")
                .then(|| namespaces.iter().map(|n| n.to_string()).collect()),
        };
        art.field("policy", "Access policy", policy.describe());
        policies.push(policy);
    }
    if policies.is_empty() {
        art.findings.push(Finding::of(Id::AccessNoPolicies));
    }
    art.facts.push(Fact::Associations(Associations { principal_arn, policies }));
    art
}

/// Renders the authenticator's templates; `{{EC2PrivateDNSName}}` needs EC2 and stays as is.
pub(crate) fn render(
    template: &str,
    account: &str,
    session: Option<&str>,
    access_key: Option<&str>,
) -> String {
    let mut res = template.replace("{{AccountID}}", account);
    if let Some(session) = session {
        res = res
            .replace("{{SessionNameRaw}}", session)
            .replace("{{SessionName}}", &session.replace('@', "-"));
    }
    if let Some(key) = access_key {
        res = res.replace("{{AccessKeyID}}", key);
    }
    res
}

/// What the authenticator's lookup finds for an identity, before any wording.
struct Lookup<'a> {
    /// The access entry for it (the last one, as EKS keeps one per principal).
    entry: Option<&'a AccessEntry>,
    /// The aws-auth mapping the authenticator would use: where (mapRoles, mapUsers,
    /// mapAccounts), the mapping, and whether it is spelled in another case.
    aws_auth: Option<(&'static str, Mapping, bool)>,
    /// The authentication mode lets access entries count.
    use_entries: bool,
    /// The authentication mode lets aws-auth count.
    use_aws_auth: bool,
}

/// The authenticator's lookup (`eks-auth.md` §2.4, §5): access entries by path-stripped ARN;
/// aws-auth roles first, the last duplicate winning, then users, then mapAccounts.
fn lookup<'a>(facts: &'a Facts, parsed: &arn::Arn, identity: &arn::Identity) -> Lookup<'a> {
    let mode = facts.auth_mode.as_deref();
    let account = parsed.account.as_str();
    let entry = facts.entries.iter().rev().find(|e| is_for(&e.principal_arn, &identity.canonical));
    let aws_auth = facts.aws_auths.iter().rev().find_map(|auth| {
        if let Some(m) = auth.role_for(&identity.canonical) {
            return Some(("aws-auth mapRoles", m.clone(), m.arn != identity.canonical));
        }
        if let Some(m) = auth.user_for(&identity.canonical) {
            return Some(("aws-auth mapUsers", m.clone(), m.arn != identity.canonical));
        }
        auth.accounts.iter().any(|a| a.trim() == account).then(|| {
            (
                "aws-auth mapAccounts",
                Mapping {
                    arn: account.to_string(),
                    username: identity.canonical.clone(),
                    groups: Vec::new(),
                    line: None,
                },
                false,
            )
        })
    });
    Lookup {
        entry,
        aws_auth,
        use_entries: mode != Some("CONFIG_MAP"),
        use_aws_auth: mode != Some("API"),
    }
}

/// How an identity was matched.
struct Match {
    via: String,
    username: String,
    groups: Vec<String>,
    policies: Vec<String>,
    /// Groups and policies are known (`list-access-entries` names only the principals).
    known: bool,
}

/// The identity the authenticator sees for a pasted ARN. A role is only ever used through an STS
/// session, and STS reports the session's role without its path: so a role ARN with a path
/// (pasted, or assumed by a kubeconfig's `--role-arn`) is looked up path-less, exactly as its
/// assumed-role session would be (`eks-auth.md` §2.4).
pub fn seen_as(text: &str) -> Option<(arn::Arn, arn::Identity)> {
    let (parsed, mut identity) = arn::identity_of(text)?;
    if identity.principal == Principal::Role && identity.path != "/" {
        identity.canonical =
            format!("arn:{}:iam::{}:role/{}", parsed.partition, parsed.account, identity.name);
    }
    Some((parsed, identity))
}

/// The verdict for every identity, when mappings were pasted too, and cross-checks.
pub fn verdicts(facts: &Facts) -> (Vec<Artefact>, Vec<Finding>) {
    let mut artefacts = Vec::new();
    let mut findings = Vec::new();
    scope_checks(facts, &mut findings);
    let have_mappings = !facts.aws_auths.is_empty() || !facts.entries.is_empty();
    token_cluster_checks(facts, &mut findings);
    let mut seen = std::collections::BTreeSet::new();
    // A verdict per distinct identity; a paste of thousands of ARNs gets the first hundred.
    for found in facts.identities.iter().take(500) {
        let (text, source, principal_id) = (&found.arn, &found.source, &found.principal_id);
        let Some((parsed, identity)) = seen_as(text) else { continue };
        let lower = identity.canonical.to_ascii_lowercase();
        if seen.len() >= 100 || !seen.insert(lower) {
            continue;
        }
        for key in facts.token_keys() {
            if let crate::access_key::AccountDecode::Account(account) =
                crate::access_key::decode_account(key)
            {
                if account != parsed.account {
                    findings.push(Finding::of(Id::AccessTokenAccountMismatch).message(format!("The token was signed with key {key} of account {account}, but {text} is in account {}: the token was minted with other credentials than this identity.", parsed.account)));
                }
            }
        }
        if let Some(cluster_arn) = &facts.cluster_arn {
            if let Ok(cluster) = arn::parse(cluster_arn) {
                if cluster.account != parsed.account {
                    findings.push(Finding::of(Id::AccessCrossAccount).message(format!("{text} is in account {} but the cluster {cluster_arn} is in account {}. Cross-account access works only with an explicit mapping in the cluster's account.", parsed.account, cluster.account)));
                }
            }
        }
        if have_mappings {
            artefacts.push(verdict(
                facts,
                text,
                source.clone(),
                principal_id.as_deref(),
                &parsed,
                &identity,
            ));
        }
    }
    (artefacts, findings)
}

fn verdict(
    facts: &Facts,
    text: &str,
    source: Source,
    principal_id: Option<&str>,
    parsed: &arn::Arn,
    identity: &arn::Identity,
) -> Artefact {
    let mut art = Artefact::new(Kind::AccessVerdict, source);
    art.title = format!("Access verdict for {}", identity.name);
    art.field("identity", "Identity", text);
    art.facts.push(Fact::Identity {
        arn: text.to_string(),
        principal_id: principal_id.map(str::to_string),
        via: IdentityVia::Arn,
    });
    if let Some(id) = principal_id {
        art.field("principal_id", "Principal ID", id);
    }
    art.field("canonical_arn", "ARN the authenticator looks up", identity.canonical.as_str());
    let mode = facts.auth_mode.as_deref();
    art.field(
        "authentication_mode",
        "Cluster authentication mode",
        mode.map_or_else(
            || String::from("unknown (paste `aws eks describe-cluster` output to know)"),
            str::to_string,
        ),
    );
    let session = identity.session.as_deref();
    let keys: Vec<&str> = facts.token_keys().collect();
    let access_key = match keys.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let account = parsed.account.as_str();
    let Lookup { entry, aws_auth: aws_auth_match, use_entries, use_aws_auth } =
        lookup(facts, parsed, identity);
    let chosen = match (
        entry.filter(|_| use_entries),
        aws_auth_match.as_ref().filter(|_| use_aws_auth),
    ) {
        (Some(entry), aws) => {
            let default_username = match identity.principal {
                Principal::User | Principal::Root => identity.canonical.clone(),
                _ => format!(
                    "arn:{}:sts::{account}:assumed-role/{}/{{{{SessionName}}}}",
                    parsed.partition, identity.name
                ),
            };
            let username = entry.username.clone().unwrap_or(default_username);
            let associations: Vec<&Associations> = facts
                .associations
                .iter()
                .filter(|a| is_for(&a.principal_arn, &identity.canonical))
                .collect();
            let policies: Vec<String> = associations
                .iter()
                .flat_map(|a| a.policies.iter().map(AssociatedPolicy::describe))
                .collect();
            if let Some((where_, m, _)) = aws {
                art.findings.push(Finding::of(Id::AccessEntryShadowsAwsAuth).message(format!("{where_} also maps this identity ({} [{}]), but the access entry wins, so that mapping is ignored.", m.username, m.groups.join(", "))));
            }
            if entry.detailed
                && entry.groups.is_empty()
                && policies.is_empty()
                && !associations.is_empty()
            {
                art.findings.push(Finding::of(Id::AccessNoPermissions));
            }
            Some(Match {
                via: format!("access entry {}", entry.principal_arn),
                username,
                groups: entry.groups.clone(),
                known: entry.detailed || !policies.is_empty(),
                policies,
            })
        }
        (None, Some((where_, m, case_differs))) => {
            if *case_differs {
                art.findings.push(Finding::of(Id::AccessCaseDiffers).message(format!("The mapping is spelled {} and the identity {}: the authenticator compares case-insensitively, so it matches (its logs show the ARN lower-cased).", m.arn, identity.canonical)));
            }
            let at = m.line.map_or_else(String::new, |l| format!(" (line {l})"));
            Some(Match {
                via: format!("{where_} entry {}{at}", m.arn),
                username: m.username.clone(),
                groups: m.groups.clone(),
                policies: Vec::new(),
                known: true,
            })
        }
        (None, None) => None,
    };
    match chosen {
        Some(found) => {
            let username = render(&found.username, account, session, access_key);
            let groups: Vec<String> =
                found.groups.iter().map(|g| render(g, account, session, access_key)).collect();
            art.field("matched_by", "Matched by", found.via.as_str());
            art.field("username", "Kubernetes username", username.as_str());
            art.field(
                "groups",
                "Kubernetes groups",
                match (groups.is_empty(), found.known) {
                    (false, _) => groups.join(", "),
                    (true, true) => String::from("(none)"),
                    (true, false) => {
                        String::from("not known (list-access-entries names only the principal)")
                    }
                },
            );
            if !found.policies.is_empty() {
                art.field("access_policies", "Access policies", found.policies.join(", "));
            }
            let mut message = format!("{} is let in as \"{username}\"", identity.canonical);
            if groups.is_empty() && !found.known {
                message.push_str(" (its groups and access policies are not in what was pasted: `aws eks describe-access-entry` and `list-associated-access-policies` show them)");
            } else if groups.is_empty() {
                message.push_str(" with no groups");
            } else {
                message.push_str(&format!(" in groups {}", groups.join(", ")));
            }
            message.push_str(&format!(", by {}.", found.via));
            if username.contains("{{EC2PrivateDNSName}}") {
                message.push_str(
                    " {{EC2PrivateDNSName}} is filled in from EC2 when a node authenticates.",
                );
            }
            art.findings.insert(0, Finding::of(Id::AccessMapped).message(message));
            if groups.is_empty() && found.policies.is_empty() && found.known {
                art.findings.push(Finding::of(Id::AccessAuthenticatedOnly));
            }
        }
        None => {
            let reasons = near_misses(
                facts,
                identity,
                parsed,
                entry,
                aws_auth_match.as_ref().map(|(w, m, _)| (*w, m)),
                mode,
            );
            art.field("matched_by", "Matched by", "nothing");
            if let Some(evidence) = authenticated_by(facts, identity) {
                // The cluster let it in: what was pasted is not all that maps it.
                art.findings.insert(0, Finding::of(Id::AccessNotMapped).severity(crate::report::Severity::Warning).message(format!(
                    "None of the pasted mappings lets {} in, yet the cluster authenticated it ({evidence}). It is mapped by something not pasted (an access entry, most likely), or the pasted mappings are not this cluster's.",
                    identity.canonical
                )).with_fix("Paste `aws eks describe-access-entry --principal-arn <role ARN>` (or `list-access-entries`) and the aws-auth ConfigMap from the same cluster."));
                return art;
            }
            let mut message = format!(
                "{} is not mapped to any Kubernetes user, so EKS answers Unauthorized.",
                identity.canonical
            );
            for reason in &reasons {
                message.push(' ');
                message.push_str(reason);
            }
            message.push_str(" (If this identity created the cluster before access entries existed, it is an admin through a mapping no one can see; that cannot be checked from here.)");
            let (fix, spec) = fix_for(facts, text, identity, mode);
            art.findings.insert(
                0,
                Finding::of(Id::AccessNotMapped).message(message).with_fix(fix).with_generate(spec),
            );
        }
    }
    art
}

/// What proves the cluster authenticated `identity`, when something pasted does: `kubectl auth
/// whoami` naming it, or a Forbidden (403) for it.
fn authenticated_by(facts: &Facts, identity: &arn::Identity) -> Option<&'static str> {
    let same = |text: &str| {
        arn::identity_of(text)
            .is_some_and(|(_, i)| i.canonical.eq_ignore_ascii_case(&identity.canonical))
    };
    if facts.identities.iter().any(|i| i.via == IdentityVia::Whoami && same(&i.arn)) {
        return Some("`kubectl auth whoami` answered for it");
    }
    facts
        .denials
        .iter()
        .any(|d| same(&d.user))
        .then_some("a Forbidden (403) names it, and only an authenticated request gets one")
}

/// Why an identity did not match: the near misses.
fn near_misses(
    facts: &Facts,
    identity: &arn::Identity,
    parsed: &arn::Arn,
    entry: Option<&AccessEntry>,
    aws_auth: Option<(&str, &Mapping)>,
    mode: Option<&str>,
) -> Vec<String> {
    let mut res = Vec::new();
    if let (Some(entry), Some("CONFIG_MAP")) = (entry, mode) {
        res.push(format!("The access entry {} exists but the cluster's authentication mode is CONFIG_MAP, which ignores access entries.", entry.principal_arn));
    }
    if let (Some((where_, m)), Some("API")) = (aws_auth, mode) {
        res.push(format!("{where_} maps it ({}), but the cluster's authentication mode is API, which ignores aws-auth.", m.arn));
    }
    let canonical = identity.canonical.to_ascii_lowercase();
    for auth in &facts.aws_auths {
        for m in &auth.roles {
            let lower = m.arn.to_ascii_lowercase();
            if lower != canonical && is_for(&m.arn, &identity.canonical) {
                let at = m.line.map_or_else(String::new, |l| format!(" (line {l} of mapRoles)"));
                res.push(format!(
                    "aws-auth maps {}{at} with a path; the authenticator compares the path-less role ARN (STS reports no path), so it never matches. Change that entry's rolearn to {} and keep its username ({}) and groups ({}). An access entry, by contrast, needs the full ARN with the path: {}.",
                    m.arn,
                    identity.canonical,
                    display_username(&m.username),
                    if m.groups.is_empty() { String::from("none") } else { m.groups.join(", ") },
                    m.arn
                ));
            } else if let Some((_, other)) = arn::identity_of(&m.arn) {
                if other.canonical.eq_ignore_ascii_case(&identity.canonical) && lower != canonical {
                    res.push(format!(
                        "aws-auth maps the STS session ARN {}; it must be the role ARN {}.",
                        m.arn, identity.canonical
                    ));
                } else if other.name.eq_ignore_ascii_case(&identity.name)
                    && !other.canonical.eq_ignore_ascii_case(&identity.canonical)
                {
                    res.push(format!("aws-auth maps {}, the same name in another account or partition (this identity is in account {}).", m.arn, parsed.account));
                }
            }
        }
        for m in &auth.users {
            if !m.arn.eq_ignore_ascii_case(&identity.canonical)
                && is_for(&m.arn, &identity.canonical)
            {
                res.push(format!("aws-auth maps {} (under mapUsers) with a path; the authenticator compares the path-less ARN, so it never matches. Write rolearn: {} under mapRoles, keeping its username ({}) and groups. An access entry needs the full ARN with the path: {}.", m.arn, identity.canonical, display_username(&m.username), m.arn));
            } else if let Some((_, other)) = arn::identity_of(&m.arn) {
                if other.name.eq_ignore_ascii_case(&identity.name)
                    && !other.canonical.eq_ignore_ascii_case(&identity.canonical)
                {
                    res.push(format!("aws-auth maps {}, the same name in another account or path (this identity is {}).", m.arn, identity.canonical));
                }
            }
        }
        if auth.roles.is_empty() && auth.users.is_empty() && auth.accounts.is_empty() {
            res.push(String::from("The aws-auth pasted has no mappings at all."));
        } else if !res.iter().any(|r| r.starts_with("aws-auth")) {
            let count = |n: usize, what: &str| match n {
                1 => format!("1 {what} mapping"),
                n => format!("{n} {what} mappings"),
            };
            res.push(format!(
                "aws-auth has {} and {}, none for this identity.",
                count(auth.roles.len(), "role"),
                count(auth.users.len(), "user")
            ));
        }
    }
    for e in &facts.entries {
        let other = arn::identity_of(&e.principal_arn).map(|(_, id)| id);
        if let Some(other) = other {
            if other.name.eq_ignore_ascii_case(&identity.name)
                && !is_for(&e.principal_arn, &identity.canonical)
            {
                res.push(format!(
                    "The access entry {} has the same name but another account or type.",
                    e.principal_arn
                ));
            }
        }
    }
    if !facts.entries.is_empty() && entry.is_none() {
        res.push(format!(
            "None of the {} access entries is for this identity.",
            facts.entries.len()
        ));
    }
    res
}

/// The identity's ARN with the role's path when anything pasted shows it: the ARN itself (a role
/// with a path), or an aws-auth mapping or access entry for the same role that has the path
/// (an assumed-role session never shows it). Access entries need the full ARN; aws-auth's form
/// is derived from it path-less.
fn full_role_arn(facts: &Facts, text: &str) -> String {
    let Some((_, identity)) = seen_as(text) else { return text.to_string() };
    if identity.principal != Principal::AssumedRole {
        return text.to_string();
    }
    let mapped = facts.aws_auths.iter().flat_map(|a| a.roles.iter().chain(a.users.iter()));
    mapped
        .map(|m| m.arn.as_str())
        .chain(facts.entries.iter().map(|e| e.principal_arn.as_str()))
        .find(|arn| {
            is_for(arn, &identity.canonical)
                && arn::identity_of(arn).is_some_and(|(_, id)| id.principal == Principal::Role)
        })
        .map_or_else(|| text.to_string(), str::to_string)
}

/// The fix: a short sentence, and the snippets that apply it (the targets the cluster's mode
/// reads, the recommended first, with every value known: the cluster, its region, and the
/// username and groups of an aws-auth entry that was meant for this identity but cannot match).
fn fix_for(
    facts: &Facts,
    text: &str,
    identity: &arn::Identity,
    mode: Option<&str>,
) -> (String, crate::generate::FixSpec) {
    use crate::generate::{FixSpec, Target};
    let aws_auth = facts.aws_auths.iter().rev().find(|a| a.text.is_some());
    // An entry for this identity that never matches (a role path, an STS ARN): keep its
    // username and groups.
    let meant =
        facts.aws_auths.iter().flat_map(|a| a.roles.iter().chain(a.users.iter())).rev().find(|m| {
            !m.arn.eq_ignore_ascii_case(&identity.canonical)
                && (is_for(&m.arn, &identity.canonical)
                    || arn::identity_of(&m.arn).is_some_and(|(_, id)| {
                        id.canonical.eq_ignore_ascii_case(&identity.canonical)
                    }))
        });
    let region = facts
        .cluster_arn
        .as_deref()
        .and_then(|a| arn::parse(a).ok())
        .map(|a| a.region)
        .filter(|r| !r.is_empty());
    let aws_auth_first = aws_auth.is_some() && mode != Some("API");
    let targets = match mode {
        Some("CONFIG_MAP") => vec![Target::AwsAuth, Target::Eksctl, Target::TfAwsAuth],
        Some("API") => vec![Target::AwsCli, Target::TfAccessEntries, Target::TfResources],
        _ if aws_auth_first => vec![Target::AwsAuth, Target::AwsCli, Target::TfAccessEntries],
        _ => vec![Target::AwsCli, Target::AwsAuth, Target::TfAccessEntries],
    };
    let spec = FixSpec {
        targets,
        principal: full_role_arn(facts, text),
        cluster: facts.cluster_name.clone(),
        region,
        username: meant.map(|m| m.username.clone()).filter(|u| !u.is_empty()),
        groups: meant.map(|m| m.groups.clone()).unwrap_or_default(),
        aws_auth: aws_auth.and_then(|a| a.text.clone()).filter(|_| mode != Some("API")),
        aws_auth_file: aws_auth.and_then(|a| a.file.clone()),
    };
    let role = if matches!(identity.principal, Principal::User) { "mapUsers" } else { "mapRoles" };
    let (in_aws_auth, in_entry) = arn::identity_of(&spec.principal).map_or_else(
        || (identity.canonical.clone(), identity.canonical.clone()),
        |(parsed, id)| {
            let forms = arn::forms(&parsed, &id);
            (forms.aws_auth, forms.access_entry)
        },
    );
    let merged = if spec.aws_auth.is_some() {
        " The snippets include the pasted ConfigMap with the entry merged in."
    } else {
        ""
    };
    let fix = match mode {
        Some("CONFIG_MAP") => format!("Map {in_aws_auth} in aws-auth's {role}: the cluster's mode, CONFIG_MAP, reads only aws-auth.{merged}"),
        Some("API") => format!("Create an access entry for {in_entry} with an access policy: the cluster's mode, API, reads only access entries."),
        _ => format!("Map {in_aws_auth} in aws-auth's {role}, or create an access entry for it (unless the cluster's authentication mode is CONFIG_MAP).{merged}"),
    };
    (fix, spec)
}
