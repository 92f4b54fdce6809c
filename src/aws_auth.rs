//! The `kube-system/aws-auth` ConfigMap: mapRoles, mapUsers and mapAccounts, read as the
//! authenticator's EKSConfigMap backend reads them (`eks-auth.md` §2.5), and linted for the
//! mistakes that cause `Unauthorized` or lock a team out.

use serde_json::Value;

use crate::facts::Fact;
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// The templates the authenticator renders in usernames and groups.
pub const TEMPLATES: &[&str] = &[
    "{{EC2PrivateDNSName}}",
    "{{AccountID}}",
    "{{SessionName}}",
    "{{SessionNameRaw}}",
    "{{AccessKeyID}}",
];

/// One mapping entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    /// `rolearn` or `userarn`, as written.
    pub arn: String,
    /// `username`.
    pub username: String,
    /// `groups`.
    pub groups: Vec<String>,
    /// Line (from 1) of the entry: of the input it was pasted in (the paste box or the file)
    /// once inspected; [`parse`] alone gives the line inside its `mapRoles`/`mapUsers` text.
    pub line: Option<usize>,
}

/// The ConfigMap as the authenticator loads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AwsAuth {
    /// Role mappings in file order (including duplicates).
    pub roles: Vec<Mapping>,
    /// User mappings in file order.
    pub users: Vec<Mapping>,
    /// mapAccounts entries.
    pub accounts: Vec<String>,
    /// Whether this was a whole ConfigMap (so absent keys mean "none").
    pub whole: bool,
    /// The document as pasted, when it is a whole ConfigMap in YAML (what `--merge` edits).
    pub text: Option<String>,
    /// The name of the file it came from, if any.
    pub file: Option<String>,
}

impl AwsAuth {
    /// The role entry the authenticator uses for `canonical_arn`: case-insensitive, last duplicate wins.
    pub fn role_for(&self, canonical_arn: &str) -> Option<&Mapping> {
        self.roles.iter().rev().find(|m| m.arn.eq_ignore_ascii_case(canonical_arn))
    }

    /// The user entry for `canonical_arn` (case-insensitive).
    pub fn user_for(&self, canonical_arn: &str) -> Option<&Mapping> {
        self.users.iter().find(|m| m.arn.eq_ignore_ascii_case(canonical_arn))
    }
}

/// Reads an entry's key case-insensitively, as Go's encoding/json does.
fn key<'a>(entry: &'a Value, name: &str) -> Option<&'a Value> {
    entry.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Where a data key's text sits in the pasted document: (line of the paste where its first line
/// is, whether each of its lines is a line of the paste). A `|` block starts on the line after
/// its key; a quoted or JSON string is all on (or from) the key's line.
fn section_start(doc: &str, first_line: usize, name: &str) -> Option<(usize, bool)> {
    doc.lines().enumerate().find_map(|(idx, line)| {
        let t = line.trim_start();
        let rest = match t.strip_prefix('"') {
            Some(quoted) => quoted.strip_prefix(name)?.strip_prefix('"')?,
            None => t.strip_prefix(name)?,
        };
        let value = rest.trim_start().strip_prefix(':')?.trim_start();
        if value.starts_with('|') {
            Some((first_line + idx + 1, true))
        } else if value.is_empty() && doc.lines().nth(idx + 1).map(str::trim_end) == Some("----") {
            // `kubectl describe configmap`: the value starts under the `----` line.
            Some((first_line + idx + 2, true))
        } else {
            Some((first_line + idx, false))
        }
    })
}

/// Maps a line of a section's text to a line of the paste, where the section was located.
fn paste_line(start: Option<(usize, bool)>, line: usize) -> Option<usize> {
    match start {
        Some((first, true)) => Some(first + line.saturating_sub(1)),
        Some((first, false)) => Some(first),
        None => None,
    }
}

/// A data key's value: a YAML string (as in the ConfigMap) or an already-parsed list, plus its text.
fn section(
    data: &Value,
    name: &str,
    art: &mut Artefact,
    start: Option<(usize, bool)>,
) -> (Value, String) {
    match data.get(name) {
        Some(Value::String(text)) => match crate::detect::parse_yaml(text) {
            Some(Ok(value)) => (value, text.clone()),
            Some(Err((message, line, column))) => {
                let at = paste_line(start, line).map_or_else(
                    || format!("line {line}, column {column} of {name}"),
                    |l| format!("line {l}, column {column}"),
                );
                art.findings.push(
                    Finding::of(Id::AwsAuthMalformedYaml).message(format!("{name} is not valid YAML: {message} at {at}. The authenticator ignores all of {name}, so every identity it maps is locked out.")).with_fix(format!("Fix the indentation near {}; every entry is `- rolearn: …` followed by `username:` and `groups:` indented under it.", at.split(", column").next().unwrap_or_default())),
                );
                (Value::Null, text.clone())
            }
            None => (Value::Null, text.clone()),
        },
        Some(other) => (other.clone(), String::new()),
        None => (Value::Null, String::new()),
    }
}

fn mappings(
    list: &Value,
    text: &str,
    arn_key: &str,
    section_name: &str,
    art: &mut Artefact,
) -> Vec<Mapping> {
    let Some(items) = list.as_array() else {
        if !list.is_null() {
            art.findings.push(Finding::of(Id::AwsAuthNotAList).message(format!("{section_name} must be a YAML list of entries (`- {arn_key}: …`); the authenticator cannot read it.")));
        }
        return Vec::new();
    };
    let mut res = Vec::new();
    for item in items {
        let arn = key(item, arn_key).map(as_text).unwrap_or_default().trim().to_string();
        if arn.is_empty() {
            art.findings.push(Finding::of(Id::AwsAuthMissingArn).message(format!(
                "An entry in {section_name} has no {arn_key}; the authenticator drops it."
            )));
            continue;
        }
        let username = match key(item, "username") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(_)) => String::from(UNQUOTED_MAPPING),
            Some(other) => as_text(other),
            None => String::new(),
        };
        let groups = match key(item, "groups") {
            Some(Value::Array(g)) => g.iter().map(as_text).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        let line = text.lines().position(|l| l.contains(arn.as_str())).map(|idx| idx + 1);
        res.push(Mapping { arn, username, groups, line });
    }
    res
}

/// Reads an aws-auth ConfigMap, its `data`, or a bare `mapRoles` list; findings go to `art`.
/// Lines are those inside each key's text.
pub fn parse(value: &Value, art: &mut Artefact) -> (AwsAuth, String, String) {
    parse_at(value, None, art)
}

/// [`parse`], with lines of the paste when the document's text and first line are known.
fn parse_at(
    value: &Value,
    doc: Option<(&str, usize)>,
    art: &mut Artefact,
) -> (AwsAuth, String, String) {
    let whole = value.get("kind").and_then(Value::as_str) == Some("ConfigMap");
    let data = if whole {
        value.get("data").cloned().unwrap_or(Value::Null)
    } else if let Some(items) = value.as_array() {
        // A bare list: mapUsers text when its entries have userarn, else mapRoles text.
        let users = items.iter().any(|it| key(it, "userarn").is_some())
            && !items.iter().any(|it| key(it, "rolearn").is_some());
        if users {
            serde_json::json!({ "mapUsers": value })
        } else {
            serde_json::json!({ "mapRoles": value })
        }
    } else {
        value.clone()
    };
    let start = |name: &str| doc.and_then(|(text, first)| section_start(text, first, name));
    let (roles_start, users_start) = (start("mapRoles"), start("mapUsers"));
    let (roles_value, roles_text) = section(&data, "mapRoles", art, roles_start);
    let (users_value, users_text) = section(&data, "mapUsers", art, users_start);
    let (accounts_value, _) = section(&data, "mapAccounts", art, start("mapAccounts"));
    let mut roles = mappings(&roles_value, &roles_text, "rolearn", "mapRoles", art);
    let mut users = mappings(&users_value, &users_text, "userarn", "mapUsers", art);
    if let Some((text, first)) = doc {
        for (list, start) in [(&mut roles, roles_start), (&mut users, users_start)] {
            for m in list.iter_mut() {
                m.line = match (m.line, start) {
                    (Some(line), Some(_)) => paste_line(start, line),
                    // A bare list is the paste itself.
                    _ if !whole && value.is_array() => {
                        text.lines().position(|l| l.contains(m.arn.as_str())).map(|idx| first + idx)
                    }
                    _ => None,
                };
            }
        }
    }
    let accounts: Vec<String> =
        accounts_value.as_array().map(|a| a.iter().map(as_text).collect()).unwrap_or_default();
    for item in accounts_value.as_array().into_iter().flatten().filter(|it| it.is_number()) {
        art.findings.push(
            Finding::of(Id::AwsAuthUnquotedAccount).message(format!("mapAccounts entry {item} is not quoted, so YAML reads it as a number: a leading zero is lost, and the authenticator's YAML library may read it as a float and reject mapAccounts.")).with_fix(format!("Quote it: - \"{:0>12}\"", item.to_string())),
        );
    }
    (AwsAuth { roles, users, accounts, whole, text: None, file: None }, roles_text, users_text)
}

/// Inspects an aws-auth ConfigMap: the mappings as fields, and lint findings.
pub fn inspect(value: &Value, source: Source) -> Artefact {
    inspect_text(value, "", source)
}

/// [`inspect`], given the document as pasted (`text`, starting at `source.line`): lines in
/// findings and mappings are then lines of the paste, and a YAML ConfigMap is kept for merging.
pub fn inspect_text(value: &Value, text: &str, source: Source) -> Artefact {
    let doc = (!text.is_empty()).then_some((text, source.line));
    let file = source.name.clone();
    let mut art = Artefact::new(Kind::AwsAuth, source);
    let (mut auth, roles_text, users_text) = parse_at(value, doc, &mut art);
    // Kept for merging when it is the ConfigMap's YAML (not JSON, not `kubectl describe` text).
    let described = text.starts_with("Name:") && text.contains("\n====");
    if auth.whole && !text.trim_start().starts_with('{') && !described {
        auth.text = Some(text.to_string());
        auth.file = file;
    }
    if let Some(name) = value.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str) {
        if name != "aws-auth" {
            art.findings.push(Finding::of(Id::AwsAuthWrongName).message(format!("The ConfigMap is named \"{name}\"; the authenticator only reads kube-system/aws-auth.")));
        }
    }
    if let Some(ns) = value.get("metadata").and_then(|m| m.get("namespace")).and_then(Value::as_str)
    {
        if ns != "kube-system" {
            art.findings.push(Finding::of(Id::AwsAuthWrongNamespace).message(format!("The ConfigMap is in namespace \"{ns}\"; the authenticator only reads kube-system/aws-auth.")));
        }
    }
    art.field("n_roles", "Role mappings", auth.roles.len().to_string());
    art.field("n_users", "User mappings", auth.users.len().to_string());
    for m in &auth.roles {
        art.field(
            "role",
            "mapRoles",
            format!("{} → {} [{}]", m.arn, display_username(&m.username), m.groups.join(", ")),
        );
    }
    for m in &auth.users {
        art.field(
            "user",
            "mapUsers",
            format!("{} → {} [{}]", m.arn, display_username(&m.username), m.groups.join(", ")),
        );
    }
    for account in &auth.accounts {
        art.field("account", "mapAccounts", account.as_str());
    }
    // With the text, lines are lines of the paste.
    let starts = doc.map(|(text, first)| {
        (section_start(text, first, "mapRoles"), section_start(text, first, "mapUsers"))
    });
    lint(&auth, &roles_text, &users_text, starts, &mut art);
    art.facts.push(Fact::AwsAuth(auth));
    art
}

/// A username for messages: `(no username)` when it is empty.
pub fn display_username(username: &str) -> &str {
    if username.is_empty() {
        "(no username)"
    } else {
        username
    }
}

type Starts = (Option<(usize, bool)>, Option<(usize, bool)>);

fn at_line(m: &Mapping, section: &str, known: bool) -> String {
    match m.line {
        Some(line) if known => format!(" (line {line})"),
        Some(line) => format!(" (line {line} of {section})"),
        None => String::new(),
    }
}

fn lint(
    auth: &AwsAuth,
    roles_text: &str,
    users_text: &str,
    starts: Option<Starts>,
    art: &mut Artefact,
) {
    let mut findings = Vec::new();
    let known = starts.is_some();
    let starts = starts.unwrap_or_default();
    for (section, list, expected) in
        [("mapRoles", &auth.roles, "role"), ("mapUsers", &auth.users, "user")]
    {
        for m in list {
            let place = at_line(m, section, known);
            findings.extend(crate::arn::check_confusables(
                &m.arn,
                &format!("The {section} ARN{place}"),
            ));
            let parsed = crate::arn::parse(&m.arn);
            match &parsed {
                Err(_) => findings.push(Finding::of(Id::AwsAuthMalformedArn).message(format!(
                    "\"{}\"{place} is not a valid ARN; it can never match.",
                    m.arn
                ))),
                Ok(arn) if arn.service == "sts" => {
                    let fixed = crate::arn::identity_of(&m.arn).map(|(_, id)| id.canonical);
                    let mut f = Finding::of(Id::AwsAuthStsArn).message(format!("{}{place} is an STS ARN (a session), not an IAM ARN. The authenticator looks up the role ARN (arn:…:iam::…:role/NAME), so this entry never matches.", m.arn));
                    if let Some(fixed) = fixed {
                        f = f.with_fix(format!("Use rolearn: {fixed}"));
                    }
                    findings.push(f);
                }
                Ok(arn) => {
                    let kind = arn.resource.split('/').next().unwrap_or_default();
                    if expected == "role" && kind == "user" {
                        findings.push(
                            Finding::of(Id::AwsAuthUserInMaproles).message(format!("{}{place} is an IAM user under mapRoles. The current authenticator still matches it (both lists are compared by ARN only), but AWS documents users under mapUsers and tools that manage aws-auth may drop or rewrite it.", m.arn)),
                        );
                    } else if expected == "user" && kind == "role" {
                        findings.push(
                            Finding::of(Id::AwsAuthRoleInMapusers).message(format!("{}{place} is an IAM role under mapUsers. The current authenticator still matches it (roles are tried first, then users, both by ARN only), but AWS documents roles under mapRoles, and eksctl and Terraform manage only mapRoles for roles.", m.arn)).with_fix(format!("Move the entry to mapRoles as `rolearn: {}`.", crate::arn::strip_path(&m.arn))),
                        );
                    }
                    if kind == "role" && arn.resource.matches('/').count() > 1 {
                        findings.push(
                            Finding::of(Id::AwsAuthRolePath).message(format!("{}{place} has a path. The authenticator compares against the role ARN without its path (STS does not report paths), so this entry never matches.", m.arn)).with_fix(format!("Use rolearn: {}", crate::arn::strip_path(&m.arn))),
                        );
                    }
                }
            }
            lint_username(m, &place, &mut findings);
        }
    }
    // Duplicates: roles are stored in a map keyed by the lower-cased ARN, so the last one wins.
    for (idx, m) in auth.roles.iter().enumerate() {
        if let Some(later) =
            auth.roles.iter().skip(idx + 1).find(|o| o.arn.eq_ignore_ascii_case(&m.arn))
        {
            let (id, what) = if later.arn == m.arn {
                (Id::AwsAuthDuplicate, "is mapped twice in mapRoles")
            } else {
                (Id::AwsAuthCaseDuplicate, "is mapped twice in mapRoles, spelled in different case")
            };
            findings.push(
                Finding::of(id)
                    .message(format!(
                        "{} {what}; the authenticator keeps only the last entry ({} [{}]).",
                        m.arn,
                        display_username(&later.username),
                        later.groups.join(", ")
                    ))
                    .with_fix("Keep one entry per role; merge the groups you need into it."),
            );
        }
    }
    for (idx, m) in auth.users.iter().enumerate() {
        if auth.users.iter().skip(idx + 1).any(|o| o.arn.eq_ignore_ascii_case(&m.arn)) {
            findings.push(Finding::of(Id::AwsAuthDuplicate).message(format!(
                "{} is mapped twice in mapUsers; only one entry is used.",
                m.arn
            )));
        }
    }
    for (section, text, start) in
        [("mapRoles", roles_text, starts.0), ("mapUsers", users_text, starts.1)]
    {
        for (idx, line) in text.lines().enumerate() {
            let value = line.split_once(':').map(|(_, v)| v.trim_start()).unwrap_or_default();
            if value.starts_with("{{") {
                let at = paste_line(start, idx + 1).map_or_else(
                    || format!("Line {} of {section}", idx + 1),
                    |l| format!("Line {l}"),
                );
                findings.push(
                    Finding::of(Id::AwsAuthUnquotedTemplate).message(format!("{at}: a value that starts with {{{{ must be quoted in YAML, or it is read as a mapping: {}", line.trim())).with_fix(format!("Quote it: {}", quote_value(line.trim()))),
                );
            }
        }
    }
    let nothing_unreadable = !findings.iter().any(|f| f.id == Id::AwsAuthMalformedYaml);
    if auth.whole && auth.roles.is_empty() && auth.users.is_empty() && nothing_unreadable {
        findings.push(Finding::of(Id::AwsAuthEmpty));
    } else if auth.whole {
        let all = auth.roles.iter().chain(auth.users.iter());
        if !all.clone().any(|m| m.groups.iter().any(|g| g == "system:masters")) {
            findings.push(Finding::of(Id::AwsAuthNoMasters));
        }
        if !auth.roles.iter().any(|m| m.groups.iter().any(|g| g == "system:nodes")) {
            findings.push(Finding::of(Id::AwsAuthNoNodeRole));
        }
    }
    art.findings.extend(findings);
}

/// The username of an entry whose `username: {{…}}` was not quoted, so YAML read a mapping.
const UNQUOTED_MAPPING: &str = "{{…}} (unquoted: YAML read it as a mapping)";

fn quote_value(line: &str) -> String {
    match line.split_once(':') {
        Some((k, v)) => format!("{k}: \"{}\"", v.trim()),
        None => line.to_string(),
    }
}

fn lint_username(m: &Mapping, place: &str, findings: &mut Vec<Finding>) {
    let username = m.username.as_str();
    if username.is_empty() {
        findings.push(
            Finding::of(Id::AwsAuthEmptyUsername).message(format!("{}{place} has no username; the authenticator returns an empty user name, which Kubernetes rejects.", m.arn)),
        );
        return;
    }
    if username == UNQUOTED_MAPPING {
        // The entry is broken, which aws-auth.unquoted-template says; no template to check.
        return;
    }
    let mut rest = username;
    while let Some(start) = rest.find("{{") {
        let after = rest.get(start..).unwrap_or_default();
        let end = after.find("}}").map_or(after.len(), |e| e + 2);
        let template = after.get(..end).unwrap_or(after);
        if !TEMPLATES.contains(&template) {
            findings.push(Finding::of(Id::AwsAuthUnknownTemplate).message(format!("{}{place}: {template} is not a template the authenticator knows ({}); it is left as literal text.", m.arn, TEMPLATES.join(", "))));
        }
        rest = after.get(end..).unwrap_or_default();
    }
    let lower = username.to_ascii_lowercase();
    let node = lower.starts_with("system:node:");
    if !node && ["system:", "eks:", "aws:", "amazon:", "iam:"].iter().any(|p| lower.starts_with(p))
    {
        findings.push(Finding::of(Id::AwsAuthReservedUsername).message(format!("{}{place}: the username \"{username}\" uses a reserved prefix (system:, eks:, aws:, amazon:, iam:). Kubernetes and EKS treat such names specially; grant power through groups instead.", m.arn)));
    }
    if node && !m.groups.iter().any(|g| g == "system:nodes") {
        findings.push(Finding::of(Id::AwsAuthNodeUsername).message(format!("{}{place} has a node username ({username}) but not the system:nodes group. For people, use a username such as \"admin:{{{{SessionName}}}}\".", m.arn)));
    }
}

/// `kubectl describe configmap` output starting at `lines[0]` (`Name:`, `Namespace:`, …, then
/// `Data` / `====` and each key as `key:` / `----` / its value), as the ConfigMap's JSON shape, and
/// how many lines it spans. Any ConfigMap: the caller keeps it only if it is aws-auth.
pub fn parse_describe(lines: &[&str]) -> Option<(serde_json::Value, usize)> {
    let field = |line: &str, key: &str| {
        line.strip_prefix(key).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let name = field(lines.first()?, "Name:")?;
    let mut namespace = None;
    let mut at = 1;
    // The header, up to `Data` over `====`.
    loop {
        let line = lines.get(at)?.trim_end();
        if line == "Data" && lines.get(at + 1).map(|l| l.trim_end()) == Some("====") {
            at += 2;
            break;
        }
        if let Some(ns) = field(line, "Namespace:") {
            namespace = Some(ns);
        }
        if at > 12 {
            return None;
        }
        at += 1;
    }
    let is_key = |i: usize| {
        let line = lines.get(i).map_or("", |l| l.trim_end());
        let next = lines.get(i + 1).map_or("", |l| l.trim_end());
        let key = line.strip_suffix(':').filter(|k| !k.is_empty() && !k.contains(' '));
        key.filter(|_| next == "----")
    };
    let is_end = |i: usize| {
        let line = lines.get(i).map_or("", |l| l.trim_end());
        let next = lines.get(i + 1).map_or("", |l| l.trim_end());
        (line == "BinaryData" && next == "====") || line.starts_with("Events:")
    };
    let mut data = serde_json::Map::new();
    while at < lines.len() && !is_end(at) {
        let Some(key) = is_key(at) else {
            at += 1;
            continue;
        };
        let start = at + 2;
        let mut end = start;
        while end < lines.len() && is_key(end).is_none() && !is_end(end) {
            end += 1;
        }
        let value: Vec<&str> = lines
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|l| l.trim_end_matches('\r'))
            .collect();
        let text = value.join("\n").trim_end().to_string() + "\n";
        data.insert(key.to_string(), serde_json::Value::String(text));
        at = end;
    }
    // Through BinaryData and Events, which say nothing here.
    while at < lines.len() {
        let line = lines.get(at).map_or("", |l| l.trim_end());
        at += 1;
        if line.starts_with("Events:") {
            break;
        }
    }
    if data.is_empty() {
        return None;
    }
    let mut metadata = serde_json::Map::new();
    metadata.insert("name".into(), serde_json::Value::String(name));
    if let Some(ns) = namespace {
        metadata.insert("namespace".into(), serde_json::Value::String(ns));
    }
    let value = serde_json::json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": metadata,
        "data": data,
    });
    Some((value, at))
}
