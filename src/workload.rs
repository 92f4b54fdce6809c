//! Workload identity: IRSA (IAM roles for service accounts) and EKS Pod Identity.
//!
//! The inspectors read a role's trust policy (`aws iam get-role` or the bare policy), a
//! ServiceAccount, `list-open-id-connect-providers` and Pod Identity associations, and attach
//! typed facts; a service-account token's claims come from `jwt.rs`. [`verdicts`] then replays
//! STS's decision offline (`workload-identity.md` §1.6, §1.7, §2.5): an explicit Deny wins, else a
//! statement whose principal, action and conditions all match allows. The verdict is one
//! `assume-verdict` artefact per role, with `assume.allowed` naming the statement or
//! `assume.denied` naming the near miss.

use serde_json::Value;
use time::OffsetDateTime;

use crate::facts::{Fact, Facts, PodIdentity, SaToken, ServiceAccount};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// The Pod Identity service principal.
const PODS_SERVICE: &str = "pods.eks.amazonaws.com";
/// The IRSA default audience.
const STS_AUDIENCE: &str = "sts.amazonaws.com";

// ---------------------------------------------------------------------------------------------
// Inspectors.

/// Inspects `aws iam get-role` output (`{"Role": {…}}`) or a bare trust policy.
pub fn inspect_role(value: &Value, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::TrustPolicy, source);
    let role = value.get("Role");
    let policy = role.and_then(|r| r.get("AssumeRolePolicyDocument")).unwrap_or(value);
    // get-role prints the document decoded; some tools print it URL-encoded or as a string.
    let policy = match policy {
        Value::String(text) => serde_json::from_str(text).unwrap_or(Value::Null),
        other => other.clone(),
    };
    let arn = role.and_then(|r| r.get("Arn")).and_then(Value::as_str).map(str::to_string);
    if let Some(arn) = &arn {
        art.title =
            format!("{}: {}", Kind::TrustPolicy.title(), arn.rsplit('/').next().unwrap_or(arn));
        art.field("role_arn", "Role", arn.as_str());
    }
    if let Some(max) = role.and_then(|r| r.get("MaxSessionDuration")).and_then(Value::as_i64) {
        art.field("max_session_duration", "Max session duration", format!("{max} s"));
    }
    for (idx, stmt) in statements(&policy).iter().enumerate() {
        art.field("statement", "Statement", describe_statement(idx, stmt));
    }
    if statements(&policy).is_empty() {
        art.findings.push(Finding::of(Id::AssumeNoStatements));
    }
    art.facts.push(Fact::TrustPolicy { role_arn: arn, policy });
    art
}

/// Inspects a ServiceAccount (`kubectl get sa -o yaml/json`).
pub fn inspect_service_account(value: &Value, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::ServiceAccount, source);
    let meta = value.get("metadata").unwrap_or(&Value::Null);
    let get = |key: &str| meta.get(key).and_then(Value::as_str).map(str::to_string);
    let annotation = |key: &str| {
        meta.get("annotations").and_then(|a| a.get(key)).and_then(Value::as_str).map(str::to_string)
    };
    let name = get("name").unwrap_or_default();
    let namespace = get("namespace").unwrap_or_else(|| String::from("default"));
    art.title = format!("{}: {namespace}/{name}", Kind::ServiceAccount.title());
    art.field("namespace", "Namespace", namespace.as_str());
    art.field("name", "Name", name.as_str());
    let role_arn = annotation("eks.amazonaws.com/role-arn");
    let audience = annotation("eks.amazonaws.com/audience");
    match &role_arn {
        Some(arn) => art.field("role_arn", "IRSA role (eks.amazonaws.com/role-arn)", arn.as_str()),
        None => art.field(
            "role_arn",
            "IRSA role (eks.amazonaws.com/role-arn)",
            "none (no IRSA; Pod Identity or the node role)",
        ),
    }
    if let Some(aud) = &audience {
        art.field("audience", "Token audience (eks.amazonaws.com/audience)", aud.as_str());
    }
    art.facts.push(Fact::ServiceAccount(ServiceAccount { namespace, name, role_arn, audience }));
    art
}

/// Inspects `aws iam list-open-id-connect-providers` output.
pub fn inspect_providers(value: &Value, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::OidcProviders, source);
    let arns: Vec<String> = value
        .get("OpenIDConnectProviderList")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|p| p.get("Arn").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    for arn in &arns {
        art.field("provider", "OIDC provider", arn.as_str());
    }
    art.facts.push(Fact::OidcProviders(arns));
    art
}

/// Inspects `describe-pod-identity-association` (`{"association": …}`) or
/// `list-pod-identity-associations` (`{"associations": […]}`) output.
pub fn inspect_associations(value: &Value, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::PodIdentity, source);
    let list: Vec<&Value> = match (value.get("association"), value.get("associations")) {
        (Some(one), _) => vec![one],
        (None, Some(Value::Array(many))) => many.iter().collect(),
        _ => Vec::new(),
    };
    for item in list {
        let get = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_string);
        let assoc = PodIdentity {
            cluster: get("clusterName"),
            namespace: get("namespace").unwrap_or_default(),
            service_account: get("serviceAccount").unwrap_or_default(),
            role_arn: get("roleArn"),
            target_role_arn: get("targetRoleArn"),
            disable_session_tags: item.get("disableSessionTags").and_then(Value::as_bool)
                == Some(true),
            association_arn: get("associationArn"),
        };
        let role =
            assoc.role_arn.as_deref().unwrap_or("(role not shown: describe the association)");
        art.field(
            "association",
            "Association",
            format!(
                "{}/{} → {role}{}",
                assoc.namespace,
                assoc.service_account,
                assoc.target_role_arn.as_deref().map(|t| format!(" → {t}")).unwrap_or_default()
            ),
        );
        art.facts.push(Fact::PodIdentity(assoc));
    }
    art
}

/// The claims of a service-account token that matter to IRSA, when `payload` is one.
pub fn sa_token(payload: &Value) -> Option<SaToken> {
    let sub = payload.get("sub").and_then(Value::as_str)?;
    sub.starts_with("system:serviceaccount:").then_some(())?;
    let aud = match payload.get("aud") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => {
            many.iter().filter_map(Value::as_str).map(str::to_string).collect()
        }
        _ => Vec::new(),
    };
    Some(SaToken {
        issuer: payload.get("iss").and_then(Value::as_str).unwrap_or_default().to_string(),
        sub: sub.to_string(),
        aud,
        exp: payload.get("exp").and_then(Value::as_i64),
    })
}

// ---------------------------------------------------------------------------------------------
// IAM policy evaluation.

fn statements(policy: &Value) -> Vec<&Value> {
    match policy.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// A scalar or array of scalars as strings (`true` and numbers compare as their text).
fn values(value: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

/// IAM wildcard match: `*` any run, `?` one character, whole string.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|c| *c == '*')
}

fn describe_statement(idx: usize, stmt: &Value) -> String {
    let effect = stmt.get("Effect").and_then(Value::as_str).unwrap_or("?");
    let sid =
        stmt.get("Sid").and_then(Value::as_str).map(|s| format!(" ({s})")).unwrap_or_default();
    let principal = match stmt.get("Principal") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", values(v).join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => values(other).join(", "),
        None => String::from("(none)"),
    };
    let actions = stmt.get("Action").map(values).unwrap_or_default().join(", ");
    let conditions = stmt
        .get("Condition")
        .and_then(Value::as_object)
        .map(|ops| {
            ops.iter()
                .flat_map(|(op, block)| {
                    block
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(move |(k, v)| format!("{op} {k} = {}", values(v).join(" | ")))
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    let when = if conditions.is_empty() { String::new() } else { format!(" when {conditions}") };
    format!("#{}{sid}: {effect} {principal} to {actions}{when}", idx + 1)
}

/// What the caller presents to STS.
struct Request {
    /// `Federated`, `Service` or `AWS`.
    principal_type: &'static str,
    principal: String,
    /// Condition keys (lower case) and their values.
    context: Vec<(String, Vec<String>)>,
}

/// Why one condition did not hold: (operator, key, the policy's values, the request's values).
struct Miss {
    operator: String,
    key: String,
    expected: Vec<String>,
    actual: Option<Vec<String>>,
}

fn principal_matches(stmt: &Value, req: &Request) -> bool {
    match stmt.get("Principal") {
        Some(Value::String(star)) => star == "*",
        Some(Value::Object(map)) => map.iter().any(|(kind, v)| {
            (kind == req.principal_type || kind == "AWS" && values(v).iter().any(|x| x == "*"))
                && values(v).iter().any(|x| x == "*" || x.eq_ignore_ascii_case(&req.principal))
        }),
        _ => false,
    }
}

fn action_matches(stmt: &Value, action: &str) -> bool {
    let hit = |list: &Value| {
        values(list).iter().any(|p| glob(&p.to_ascii_lowercase(), &action.to_ascii_lowercase()))
    };
    match (stmt.get("Action"), stmt.get("NotAction")) {
        (Some(list), _) => hit(list),
        (None, Some(list)) => !hit(list),
        _ => false,
    }
}

/// Every condition of `stmt` that does not hold for `req`.
fn condition_misses(stmt: &Value, req: &Request) -> Vec<Miss> {
    let mut misses = Vec::new();
    let Some(ops) = stmt.get("Condition").and_then(Value::as_object) else { return misses };
    for (op_full, block) in ops {
        let (set_op, rest) = match op_full.split_once(':') {
            Some((set, rest)) if set == "ForAnyValue" || set == "ForAllValues" => (Some(set), rest),
            _ => (None, op_full.as_str()),
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        for (key, expected) in block.as_object().into_iter().flatten() {
            let expected = values(expected);
            let actual = req
                .context
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty());
            if !condition_holds(base, set_op, if_exists, &expected, actual.as_deref()) {
                misses.push(Miss { operator: op_full.clone(), key: key.clone(), expected, actual });
            }
        }
    }
    misses
}

fn condition_holds(
    base: &str,
    set_op: Option<&str>,
    if_exists: bool,
    expected: &[String],
    actual: Option<&[String]>,
) -> bool {
    let negated = base.contains("Not");
    let matches_one = |value: &str| {
        expected.iter().any(|e| match base {
            "StringEquals" | "StringNotEquals" | "ArnEquals" | "ArnNotEquals" => e == value,
            "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase" => e.eq_ignore_ascii_case(value),
            "StringLike" | "StringNotLike" | "ArnLike" | "ArnNotLike" => glob(e, value),
            "Bool" => e.eq_ignore_ascii_case(value),
            _ => false,
        })
    };
    if base == "Null" {
        let want_absent = expected.iter().any(|e| e == "true");
        return want_absent == actual.is_none();
    }
    let Some(actual) = actual else {
        return match set_op {
            Some("ForAllValues") => true,
            Some(_) => false,
            None => negated || if_exists,
        };
    };
    let positive = |v: &String| if negated { !matches_one(v) } else { matches_one(v) };
    match set_op {
        Some("ForAllValues") => actual.iter().all(positive),
        Some(_) => actual.iter().any(positive),
        None if negated => actual.iter().all(positive),
        None => actual.iter().any(positive),
    }
}

/// The outcome of evaluating one action.
enum Decision {
    /// Allowed by this statement (index).
    Allowed(usize),
    /// An explicit Deny (index) applies.
    Denied(usize),
    /// No statement allows it.
    NoAllow,
}

fn decide(policy: &Value, req: &Request, action: &str) -> Decision {
    let list = statements(policy);
    let applies = |stmt: &Value| {
        principal_matches(stmt, req)
            && action_matches(stmt, action)
            && condition_misses(stmt, req).is_empty()
    };
    let effect =
        |stmt: &Value| stmt.get("Effect").and_then(Value::as_str).unwrap_or_default().to_string();
    if let Some(idx) = list.iter().position(|s| effect(s) == "Deny" && applies(s)) {
        return Decision::Denied(idx);
    }
    match list.iter().position(|s| effect(s) == "Allow" && applies(s)) {
        Some(idx) => Decision::Allowed(idx),
        None => Decision::NoAllow,
    }
}

/// Near misses: for Allow statements that fit the action, why they do not apply.
fn near_misses(
    policy: &Value,
    req: &Request,
    action: &str,
    explain: &dyn Fn(&Miss) -> String,
) -> Vec<String> {
    let mut reasons = Vec::new();
    for (idx, stmt) in statements(policy).into_iter().enumerate() {
        if stmt.get("Effect").and_then(Value::as_str) != Some("Allow") {
            continue;
        }
        let n = idx + 1;
        match (principal_matches(stmt, req), action_matches(stmt, action)) {
            (true, true) => {
                for miss in condition_misses(stmt, req) {
                    reasons.push(format!("Statement #{n}: {}", explain(&miss)));
                }
            }
            (false, true) => reasons.push(format!(
                "Statement #{n} trusts {}, not {} {}.",
                stmt.get("Principal").map(|p| p.to_string()).unwrap_or_default(),
                req.principal_type,
                req.principal
            )),
            (true, false) => reasons.push(format!(
                "Statement #{n} trusts the right principal but allows {}, not {action}.",
                stmt.get("Action").map(values).unwrap_or_default().join(", ")
            )),
            (false, false) => {}
        }
    }
    reasons
}

// ---------------------------------------------------------------------------------------------
// Verdicts.

/// An issuer URL as IAM uses it in provider ARNs and condition keys: no scheme.
fn host_path(issuer: &str) -> &str {
    issuer.strip_prefix("https://").unwrap_or(issuer).trim_end_matches('/')
}

/// The verdicts for every pasted role, when something says who would assume it.
pub fn verdicts(facts: &Facts, now: OffsetDateTime) -> Vec<Artefact> {
    let mut out = Vec::new();
    for (role_arn, policy, source) in &facts.trust_policies {
        let trusts = |needle: &str| policy.to_string().contains(needle);
        let pod_identity = trusts(PODS_SERVICE)
            || facts.pod_identities.iter().any(|a| a.role_arn.is_some() && a.role_arn == *role_arn);
        let web_identity = trusts("AssumeRoleWithWebIdentity") || trusts("oidc-provider/");
        if web_identity && (!facts.sa_tokens.is_empty() || !facts.service_accounts.is_empty()) {
            out.push(irsa_verdict(facts, role_arn.as_deref(), policy, source.clone(), now));
        }
        if pod_identity && (!facts.pod_identities.is_empty() || !facts.service_accounts.is_empty())
        {
            out.push(pod_identity_verdict(facts, role_arn.as_deref(), policy, source.clone()));
        }
    }
    out
}

fn verdict_artefact(source: Source, how: &str, role_arn: Option<&str>) -> Artefact {
    let mut art = Artefact::new(Kind::AssumeVerdict, source);
    let role = role_arn.map_or("the pasted role", |a| a.rsplit('/').next().unwrap_or(a));
    art.title = format!("{how}: may the pod assume {role}?");
    art.field("mechanism", "Mechanism", how);
    if let Some(arn) = role_arn {
        art.field("role_arn", "Role", arn);
    }
    art
}

fn irsa_verdict(
    facts: &Facts,
    role_arn: Option<&str>,
    policy: &Value,
    source: Source,
    now: OffsetDateTime,
) -> Artefact {
    let mut art = verdict_artefact(source, "IRSA", role_arn);
    let token = facts.sa_tokens.first();
    let sa = facts.service_accounts.first();
    let issuer = token
        .map(|t| t.issuer.clone())
        .filter(|i| !i.is_empty())
        .or_else(|| facts.oidc_issuer.clone());
    let sub = token
        .map(|t| t.sub.clone())
        .or_else(|| sa.map(|s| format!("system:serviceaccount:{}:{}", s.namespace, s.name)));
    let aud = token.map(|t| t.aud.clone()).filter(|a| !a.is_empty()).unwrap_or_else(|| {
        vec![sa.and_then(|s| s.audience.clone()).unwrap_or_else(|| String::from(STS_AUDIENCE))]
    });
    let mut reasons: Vec<String> = Vec::new();
    let Some(issuer) = issuer else {
        art.findings.push(Finding::of(Id::AssumeDenied).message(
            "The cluster's OIDC issuer is unknown, so the trust policy cannot be checked.",
        ).with_fix("Paste the service-account token (the pod's AWS_WEB_IDENTITY_TOKEN_FILE) or `aws eks describe-cluster` output too."));
        return art;
    };
    let hp = host_path(&issuer).to_string();
    let partition = if hp.ends_with(".amazonaws.com.cn") {
        "aws-cn"
    } else if hp.contains("us-gov") {
        "aws-us-gov"
    } else {
        "aws"
    };
    let account = role_arn.and_then(|a| crate::arn::parse(a).ok()).map(|a| a.account);
    let provider = match &account {
        Some(acct) => format!("arn:{partition}:iam::{acct}:oidc-provider/{hp}"),
        None => statements(policy)
            .iter()
            .filter_map(|s| s.get("Principal").and_then(|p| p.get("Federated")))
            .flat_map(values)
            .find(|f| f.ends_with(&format!(":oidc-provider/{hp}")))
            .unwrap_or_else(|| format!("arn:{partition}:iam::ACCOUNT:oidc-provider/{hp}")),
    };
    art.field("issuer", "OIDC issuer", issuer.as_str());
    art.field("provider_arn", "OIDC provider it must trust", provider.as_str());
    if let Some(sub) = &sub {
        art.field("sub", "Token subject (sub)", sub.as_str());
    }
    art.field("aud", "Token audience (aud)", aud.join(", "));
    // The ServiceAccount's annotation must name this role.
    if let (Some(sa), Some(role)) = (sa, role_arn) {
        match &sa.role_arn {
            Some(annotated) if !annotated.eq_ignore_ascii_case(role) => reasons.push(format!(
                "The ServiceAccount {}/{} is annotated with eks.amazonaws.com/role-arn {annotated}, not {role}: the pod asks STS for that role instead.",
                sa.namespace, sa.name
            )),
            None => reasons.push(format!(
                "The ServiceAccount {}/{} has no eks.amazonaws.com/role-arn annotation, so nothing is injected and the pod runs as the node role.",
                sa.namespace, sa.name
            )),
            _ => {}
        }
    }
    if let Some(list) = &facts.oidc_providers {
        if !list.iter().any(|p| {
            p.eq_ignore_ascii_case(&provider)
                || p.ends_with(&format!(":oidc-provider/{hp}")) && account.is_none()
        }) {
            reasons.push(format!(
                "No OIDC provider for {issuer} is registered in the role's account (STS: InvalidIdentityToken: No OpenIDConnect provider found in your account for {issuer}). Create it: eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve."
            ));
        }
    }
    if let Some(exp) = token.and_then(|t| t.exp) {
        if now.unix_timestamp() >= exp {
            reasons.push(format!(
                "The token expired (exp {exp}): STS answers ExpiredTokenException. The kubelet refreshes projected tokens; a token copied out of a pod goes stale."
            ));
        }
    }
    let Some(sub) = sub else {
        art.findings.push(
            Finding::of(Id::AssumeDenied)
                .message("The service account is unknown.")
                .with_fix("Paste the service-account token or the ServiceAccount too."),
        );
        return art;
    };
    let req = Request {
        principal_type: "Federated",
        principal: provider.clone(),
        context: vec![
            (format!("{hp}:sub").to_ascii_lowercase(), vec![sub.clone()]),
            (format!("{hp}:aud").to_ascii_lowercase(), aud.clone()),
        ],
    };
    if let (Some(role), Some((ns, name))) =
        (role_arn, sub.strip_prefix("system:serviceaccount:").and_then(|r| r.split_once(':')))
    {
        art.facts.push(Fact::WorkloadFix {
            irsa: true,
            options: WorkloadOptions {
                role_arn: role.to_string(),
                issuer: Some(issuer.clone()),
                cluster: facts.cluster_name.clone(),
                region: facts
                    .cluster_arn
                    .as_deref()
                    .and_then(|a| crate::arn::parse(a).ok())
                    .map(|a| a.region),
                namespace: ns.to_string(),
                service_account: name.to_string(),
            },
        });
    }
    let action = "sts:AssumeRoleWithWebIdentity";
    let explain = |m: &Miss| explain_irsa_miss(m, &hp, &sub);
    conclude(&mut art, policy, &req, &[action], reasons, &explain);
    art
}

fn explain_irsa_miss(m: &Miss, hp: &str, sub: &str) -> String {
    let key_lower = m.key.to_ascii_lowercase();
    let expected = m.expected.join(" | ");
    if m.operator.starts_with("Null") || m.operator.contains("Not") {
        let has = m.actual.as_ref().map_or_else(|| String::from("no such key"), |a| a.join(", "));
        return format!(
            "{} {} = {expected} does not hold (the request has {has}).",
            m.operator, m.key
        );
    }
    if key_lower.starts_with("https://") || key_lower.contains(":oidc-provider/") {
        return format!("the condition key {} is never in the request: keys are the issuer without https:// and without the provider ARN, then :sub or :aud ({hp}:sub).", m.key);
    }
    let key_hp = m.key.rsplit_once(':').map_or("", |(h, _)| h);
    if !key_hp.eq_ignore_ascii_case(hp) {
        return format!("{} {} is about another OIDC issuer ({key_hp}), not this cluster's ({hp}): a trust policy copied from another cluster or region, or a recreated cluster.", m.operator, m.key);
    }
    if key_lower.ends_with(":sub") {
        let wildcard =
            m.operator.starts_with("StringEquals") && m.expected.iter().any(|e| e.contains('*'));
        if wildcard {
            return format!("{} {} = {expected}: under StringEquals a * is a literal asterisk, so it never matches {sub}. Use StringLike.", m.operator, m.key);
        }
        let parts = |s: &str| {
            s.strip_prefix("system:serviceaccount:")
                .and_then(|r| r.split_once(':'))
                .map(|(ns, sa)| (ns.to_string(), sa.to_string()))
        };
        let like = m.operator.contains("Like");
        let fits =
            |pattern: &str, value: &str| if like { glob(pattern, value) } else { pattern == value };
        if let (Some((ns, sa)), Some((want_ns, want_sa))) =
            (parts(sub), m.expected.first().and_then(|e| parts(e)))
        {
            if !fits(&want_ns, &ns) {
                return format!("it trusts namespace {want_ns} ({expected}), but the service account is in namespace {ns} ({sub}).");
            }
            if !fits(&want_sa, &sa) {
                return format!("it trusts service account {want_sa} ({expected}), but the pod's is {sa} ({sub}).");
            }
        }
        return format!(
            "{} {} = {expected} does not match the token's sub {sub}.",
            m.operator, m.key
        );
    }
    if key_lower.ends_with(":aud") {
        return format!("it requires audience {expected}, but the token's aud is {}. IRSA tokens have aud sts.amazonaws.com unless the ServiceAccount sets eks.amazonaws.com/audience.", m.actual.as_ref().map(|a| a.join(", ")).unwrap_or_else(|| String::from("absent")));
    }
    format!(
        "{} {} = {expected} does not hold (the request has {}).",
        m.operator,
        m.key,
        m.actual.as_ref().map(|a| a.join(", ")).unwrap_or_else(|| String::from("no such key"))
    )
}

fn pod_identity_verdict(
    facts: &Facts,
    role_arn: Option<&str>,
    policy: &Value,
    source: Source,
) -> Artefact {
    let mut art = verdict_artefact(source, "EKS Pod Identity", role_arn);
    let assoc = facts
        .pod_identities
        .iter()
        .find(|a| role_arn.is_some() && a.role_arn.as_deref() == role_arn)
        .or_else(|| facts.pod_identities.first());
    let mut reasons = Vec::new();
    let (namespace, service_account) = match (assoc, facts.service_accounts.first()) {
        (Some(a), Some(sa)) => {
            if a.namespace != sa.namespace || a.service_account != sa.name {
                reasons.push(format!(
                    "The association is for {}/{}, but the ServiceAccount is {}/{}: names must match exactly (case-sensitive), so this pod gets no credentials from Pod Identity.",
                    a.namespace, a.service_account, sa.namespace, sa.name
                ));
            }
            (a.namespace.clone(), a.service_account.clone())
        }
        (Some(a), None) => (a.namespace.clone(), a.service_account.clone()),
        (None, Some(sa)) => {
            reasons.push(format!(
                "No Pod Identity association was pasted for {}/{}: without one the agent has nothing to give this pod (`aws eks list-pod-identity-associations --cluster-name <cluster>`).",
                sa.namespace, sa.name
            ));
            (sa.namespace.clone(), sa.name.clone())
        }
        (None, None) => (String::new(), String::new()),
    };
    if let (Some(a), Some(role)) = (assoc, role_arn) {
        if a.role_arn.as_deref().is_some_and(|r| !r.eq_ignore_ascii_case(role)) {
            reasons.push(format!(
                "The association uses role {}, not {role}.",
                a.role_arn.as_deref().unwrap_or_default()
            ));
        }
    }
    let cluster_name = assoc.and_then(|a| a.cluster.clone()).or_else(|| facts.cluster_name.clone());
    let cluster_arn = facts.cluster_arn.clone().or_else(|| {
        let assoc_arn = assoc.and_then(|a| a.association_arn.as_deref())?;
        let parsed = crate::arn::parse(assoc_arn).ok()?;
        Some(format!(
            "arn:{}:eks:{}:{}:cluster/{}",
            parsed.partition,
            parsed.region,
            parsed.account,
            cluster_name.clone()?
        ))
    });
    art.field("service_account", "Service account", format!("{namespace}/{service_account}"));
    let tags_off = assoc.is_some_and(|a| a.disable_session_tags);
    let mut context = vec![];
    let account = cluster_arn.as_deref().and_then(|a| crate::arn::parse(a).ok()).map(|a| a.account);
    if let Some(acct) = &account {
        context.push((String::from("aws:sourceaccount"), vec![acct.clone()]));
    }
    if let Some(arn) = &cluster_arn {
        context.push((String::from("aws:sourcearn"), vec![arn.clone()]));
    }
    if !tags_off {
        let mut tag = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                context.push((format!("aws:requesttag/{k}"), vec![v]));
            }
        };
        tag("kubernetes-namespace", Some(namespace.clone()));
        tag("kubernetes-service-account", Some(service_account.clone()));
        tag("eks-cluster-name", cluster_name.clone());
        tag("eks-cluster-arn", cluster_arn.clone());
    }
    if let Some(role) = role_arn.or_else(|| assoc.and_then(|a| a.role_arn.as_deref())) {
        art.facts.push(Fact::WorkloadFix {
            irsa: false,
            options: WorkloadOptions {
                role_arn: role.to_string(),
                issuer: facts.oidc_issuer.clone(),
                cluster: cluster_name.clone(),
                region: cluster_arn
                    .as_deref()
                    .and_then(|a| crate::arn::parse(a).ok())
                    .map(|a| a.region),
                namespace: namespace.clone(),
                service_account: service_account.clone(),
            },
        });
    }
    let req = Request { principal_type: "Service", principal: String::from(PODS_SERVICE), context };
    let explain = |m: &Miss| {
        format!(
            "{} {} = {} does not hold (the request has {}){}.",
            m.operator,
            m.key,
            m.expected.join(" | "),
            m.actual.as_ref().map(|a| a.join(", ")).unwrap_or_else(|| String::from("no such key")),
            if tags_off && m.key.to_ascii_lowercase().starts_with("aws:requesttag/") {
                "; the association disables session tags, so no aws:RequestTag keys are sent"
            } else {
                ""
            }
        )
    };
    conclude(&mut art, policy, &req, &["sts:AssumeRole", "sts:TagSession"], reasons, &explain);
    art
}

/// Evaluates every action and words the verdict: allowed when all are and nothing else is wrong.
fn conclude(
    art: &mut Artefact,
    policy: &Value,
    req: &Request,
    actions: &[&str],
    mut reasons: Vec<String>,
    explain: &dyn Fn(&Miss) -> String,
) {
    let mut allowed_by = Vec::new();
    for action in actions {
        match decide(policy, req, action) {
            Decision::Allowed(idx) => {
                allowed_by.push(format!("{action} by statement #{}", idx + 1))
            }
            Decision::Denied(idx) => reasons.push(format!(
                "Statement #{} explicitly denies {action}, and a Deny always wins.",
                idx + 1
            )),
            Decision::NoAllow => {
                let misses = near_misses(policy, req, action, explain);
                if misses.is_empty() {
                    reasons.push(format!(
                        "No statement allows {} {} to {action}.",
                        req.principal_type, req.principal
                    ));
                } else {
                    reasons.extend(misses);
                }
            }
        }
    }
    if reasons.is_empty() {
        art.findings.insert(
            0,
            Finding::of(Id::AssumeAllowed).message(format!(
                "STS would let {} {} assume the role: {}.",
                req.principal_type,
                req.principal,
                allowed_by.join("; ")
            )),
        );
    } else {
        reasons.dedup();
        art.findings.insert(
            0,
            Finding::of(Id::AssumeDenied).message(format!(
                "STS would refuse ({}): {}",
                if req.principal_type == "Federated" {
                    "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"
                } else {
                    "the agent gets AccessDenied from STS"
                },
                reasons.join(" ")
            )),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Generators: what lets a pod assume a role (`workload-identity.md` §7).

/// A workload-identity snippet target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadTarget {
    /// The IRSA trust policy JSON.
    IrsaTrustPolicy,
    /// The ServiceAccount with the IRSA annotation (YAML).
    ServiceAccount,
    /// `eksctl utils associate-iam-oidc-provider` + `eksctl create iamserviceaccount`.
    EksctlIamServiceAccount,
    /// Terraform: the IRSA role (`aws_iam_role`).
    TfIrsaRole,
    /// The Pod Identity trust policy JSON.
    PodIdentityTrustPolicy,
    /// `eksctl create podidentityassociation`.
    EksctlPodIdentity,
    /// Terraform: the Pod Identity role and `aws_eks_pod_identity_association`.
    TfPodIdentity,
}

/// Every workload target, with its command-line name.
pub const WORKLOAD_TARGETS: &[(WorkloadTarget, &str)] = &[
    (WorkloadTarget::IrsaTrustPolicy, "irsa-trust-policy"),
    (WorkloadTarget::ServiceAccount, "irsa-service-account"),
    (WorkloadTarget::EksctlIamServiceAccount, "eksctl-iamserviceaccount"),
    (WorkloadTarget::TfIrsaRole, "tf-irsa-role"),
    (WorkloadTarget::PodIdentityTrustPolicy, "pod-identity-trust-policy"),
    (WorkloadTarget::EksctlPodIdentity, "eksctl-podidentityassociation"),
    (WorkloadTarget::TfPodIdentity, "tf-pod-identity"),
];

/// What a workload snippet is for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkloadOptions {
    /// The role's ARN (`arn:aws:iam::ACCOUNT:role/NAME`); its account owns the OIDC provider.
    pub role_arn: String,
    /// The cluster's OIDC issuer URL (IRSA; `describe-cluster` `identity.oidc.issuer`).
    pub issuer: Option<String>,
    /// The cluster's name.
    pub cluster: Option<String>,
    /// The cluster's region.
    pub region: Option<String>,
    /// The ServiceAccount's namespace.
    pub namespace: String,
    /// The ServiceAccount's name (`*` and `?` allowed for IRSA: a `StringLike` subject).
    pub service_account: String,
}

/// Generates one workload snippet; the error says which option is missing or malformed.
pub fn generate(target: WorkloadTarget, o: &WorkloadOptions) -> Result<String, String> {
    let role = crate::arn::parse(&o.role_arn)
        .ok()
        .filter(|a| a.service == "iam" && a.resource.starts_with("role/"))
        .ok_or_else(|| {
            format!("{:?} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", o.role_arn)
        })?;
    let role_name = role.resource.rsplit('/').next().unwrap_or_default().to_string();
    if o.namespace.is_empty() || o.service_account.is_empty() {
        return Err(String::from("the namespace and the service account are needed"));
    }
    let cluster = o.cluster.clone().unwrap_or_else(|| String::from("CLUSTER"));
    let sub = format!("system:serviceaccount:{}:{}", o.namespace, o.service_account);
    let wildcard = o.service_account.contains(['*', '?']) || o.namespace.contains(['*', '?']);
    let irsa = || -> Result<(String, String), String> {
        let issuer = o.issuer.as_deref().ok_or("IRSA needs the cluster's OIDC issuer (--issuer, from `aws eks describe-cluster --query cluster.identity.oidc.issuer`)")?;
        let hp = host_path(issuer).to_string();
        Ok((format!("arn:{}:iam::{}:oidc-provider/{hp}", role.partition, role.account), hp))
    };
    let irsa_policy = || -> Result<Value, String> {
        let (provider, hp) = irsa()?;
        let sub_test = if wildcard { "StringLike" } else { "StringEquals" };
        let mut condition = serde_json::Map::new();
        if wildcard {
            condition.insert(
                String::from("StringLike"),
                serde_json::json!({ format!("{hp}:sub"): sub }),
            );
            condition.insert(
                String::from("StringEquals"),
                serde_json::json!({ format!("{hp}:aud"): STS_AUDIENCE }),
            );
        } else {
            condition.insert(
                String::from(sub_test),
                serde_json::json!({ format!("{hp}:sub"): sub, format!("{hp}:aud"): STS_AUDIENCE }),
            );
        }
        Ok(serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Federated": provider },
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": Value::Object(condition),
            }]
        }))
    };
    let pod_policy = || {
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "AllowEksAuthToAssumeRoleForPodIdentity",
                "Effect": "Allow",
                "Principal": { "Service": PODS_SERVICE },
                "Action": ["sts:AssumeRole", "sts:TagSession"],
                "Condition": { "StringEquals": {
                    "aws:RequestTag/kubernetes-namespace": o.namespace,
                    "aws:RequestTag/kubernetes-service-account": o.service_account,
                }}
            }]
        })
    };
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let region =
        o.region.as_deref().map(|r| format!(" --region {}", sh_word(r))).unwrap_or_default();
    Ok(match target {
        WorkloadTarget::IrsaTrustPolicy => pretty(&irsa_policy()?) + "\n",
        WorkloadTarget::PodIdentityTrustPolicy => pretty(&pod_policy()) + "\n",
        WorkloadTarget::ServiceAccount => format!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {}\n  namespace: {}\n  annotations:\n    eks.amazonaws.com/role-arn: {}\n",
            yaml_scalar(&o.service_account),
            yaml_scalar(&o.namespace),
            yaml_scalar(&o.role_arn)
        ),
        WorkloadTarget::EksctlIamServiceAccount => {
            irsa()?;
            format!(
                "# Register the cluster's OIDC provider in IAM (once per cluster; skip if it exists).\neksctl utils associate-iam-oidc-provider --cluster {c}{region} --approve\n\n# The role {role_name} with an IRSA trust for {ns}/{sa}, and the annotated ServiceAccount.\n# Set POLICY_ARN to the permissions the pod needs.\neksctl create iamserviceaccount --cluster {c}{region} \\\n  --namespace {ns} --name {sa} --role-name {rn} \\\n  --attach-policy-arn \"${{POLICY_ARN:?set POLICY_ARN to the permissions policy ARN}}\" \\\n  --approve\n",
                c = sh_word(&cluster),
                ns = sh_word(&o.namespace),
                sa = sh_word(&o.service_account),
                rn = sh_word(&role_name),
            )
        }
        WorkloadTarget::EksctlPodIdentity => format!(
            "# The Pod Identity agent add-on must run in the cluster (once per cluster).\neksctl create addon --cluster {c}{region} --name eks-pod-identity-agent\n\n# Associate {ns}/{sa} with the role (its trust policy must allow pods.eks.amazonaws.com).\neksctl create podidentityassociation --cluster {c}{region} \\\n  --namespace {ns} --service-account-name {sa} \\\n  --role-arn {arn}\n",
            c = sh_word(&cluster),
            ns = sh_word(&o.namespace),
            sa = sh_word(&o.service_account),
            arn = sh_word(&o.role_arn),
        ),
        WorkloadTarget::TfIrsaRole => format!(
            "# The IRSA role for {ns}/{sa}; attach permissions with aws_iam_role_policy_attachment.\nresource \"aws_iam_role\" \"{id}\" {{\n  name               = {name}\n  assume_role_policy = jsonencode({policy})\n}}\n",
            ns = o.namespace,
            sa = o.service_account,
            id = hcl_ident(&role_name),
            name = hcl_string(&role_name),
            policy = pretty(&irsa_policy()?).replace('\n', "\n  "),
        ),
        WorkloadTarget::TfPodIdentity => format!(
            "resource \"aws_iam_role\" \"{id}\" {{\n  name               = {name}\n  assume_role_policy = jsonencode({policy})\n}}\n\nresource \"aws_eks_pod_identity_association\" \"{id}\" {{\n  cluster_name    = {cluster}\n  namespace       = {ns}\n  service_account = {sa}\n  role_arn        = aws_iam_role.{id}.arn\n}}\n",
            id = hcl_ident(&role_name),
            name = hcl_string(&role_name),
            policy = pretty(&pod_policy()).replace('\n', "\n  "),
            cluster = hcl_string(&cluster),
            ns = hcl_string(&o.namespace),
            sa = hcl_string(&o.service_account),
        ),
    })
}

/// A shell word: as is when it is plainly safe, else single-quoted.
fn sh_word(text: &str) -> String {
    if !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@=,+".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// A YAML scalar: JSON-quoted (a valid YAML double-quoted string) unless plainly safe.
fn yaml_scalar(text: &str) -> String {
    if !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@".contains(c))
        && !text.starts_with(['-', ':', '@'])
    {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// An HCL string literal (JSON escaping is valid HCL; `${` and `%{` are escaped).
fn hcl_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default().replace("${", "$${").replace("%{", "%%{")
}

/// An HCL block label made of letters, digits and underscores.
fn hcl_ident(name: &str) -> String {
    let id: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id
    } else {
        format!("role_{id}")
    }
}
