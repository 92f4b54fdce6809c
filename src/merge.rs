//! The user's own aws-auth ConfigMap with the fix merged in: text in, text out.
//!
//! The ConfigMap is edited as lines of text, not re-serialized, so everything else stays byte for
//! byte as it was (node roles, `{{EC2PrivateDNSName}}`, mapUsers, mapAccounts, comments, kubectl's
//! metadata, line ends): either one entry is appended to `mapRoles` (or `mapUsers`) in the list's
//! own indentation, or an entry whose ARN can never match this identity (a role path, an STS
//! session ARN) has that ARN corrected on its own line. The result is read back as the
//! authenticator reads it and must map the identity, or nothing is returned.

use serde_json::Value;

use crate::arn;
use crate::aws_auth::{AwsAuth, Mapping};
use crate::findings::Id;
use crate::generate::{Options, Resolved, Step};
use crate::report::{Artefact, Kind, Source};

/// What the merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new entry starts at this line of the result.
    Added {
        /// Line (from 1) of the new entry's first line.
        line: usize,
    },
    /// An entry's ARN, which could never match, was corrected on this line.
    Corrected {
        /// Line (from 1) of the corrected ARN.
        line: usize,
        /// The ARN it held.
        was: String,
    },
    /// The ConfigMap already maps the identity: the text is returned unchanged.
    Unchanged,
}

/// A merged ConfigMap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The whole ConfigMap, ready to save and apply.
    pub text: String,
    /// What changed.
    pub change: Change,
    /// What was done and why, in sentences.
    pub notes: Vec<String>,
    /// How to apply it safely: back up, compare, apply, verify.
    pub steps: Vec<Step>,
}

/// Merges the mapping `options` asks for into `configmap` (the YAML `kubectl -n kube-system get
/// configmap aws-auth -o yaml` prints).
pub fn merge_configmap(configmap: &str, options: &Options) -> Result<Merged, String> {
    let r = crate::generate::resolve(options)?;
    merge(configmap, &r)
}

/// Lines with their own line ends, so untouched ones are rejoined byte for byte.
type Lines = Vec<String>;

fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key of a `key: value` line (quotes removed), and the value after the colon.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.trim().split_once(':')?;
    let key = key.strip_prefix("- ").unwrap_or(key).trim_matches(['"', '\'']);
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some((key, rest.trim()))
}

/// Whether `line` is `key:` at `indent`.
fn is_key(line: &str, indent: usize, key: &str) -> bool {
    let t = line.trim_start();
    indent_of(line) == indent && !t.starts_with('#') && key_value(t).is_some_and(|(k, _)| k == key)
}

/// The first line at `from..` whose indentation is `max` or less, blank lines and comments
/// aside (the end of a value or section).
fn end_of(lines: &Lines, from: usize, max: usize) -> usize {
    (from..lines.len())
        .find(|idx| {
            lines.get(*idx).is_some_and(|l| {
                let t = content(l).trim();
                !t.is_empty() && !t.starts_with('#') && indent_of(l) <= max
            })
        })
        .unwrap_or(lines.len())
}

/// `data:`'s line, the end of its block, and its children's indentation.
fn data_block(lines: &Lines) -> Option<(usize, usize, usize)> {
    let data = lines.iter().position(|l| is_key(l, 0, "data"))?;
    let end = end_of(lines, data + 1, 0);
    let indent = lines
        .get(data + 1..end)
        .and_then(|block| block.iter().find(|l| !content(l).trim().is_empty()))
        .map_or(2, |l| indent_of(l));
    Some((data, end, indent))
}

/// The ConfigMap as the authenticator reads it, or why it cannot be merged.
fn read(text: &str) -> Result<(Value, AwsAuth), String> {
    if text.trim_start().starts_with('{') {
        return Err(String::from("it is JSON; --merge reads what `kubectl -n kube-system get configmap aws-auth -o yaml` prints"));
    }
    let value = match crate::yaml::parse(text) {
        Ok(Some(value)) if value.get("kind").and_then(Value::as_str) == Some("ConfigMap") => value,
        Err(err) => {
            return Err(format!(
                "it is not valid YAML ({} at line {}, column {})",
                err.message, err.line, err.column
            ))
        }
        _ => return Err(String::from("it is not a ConfigMap")),
    };
    let mut scratch = Artefact::new(Kind::AwsAuth, Source::default());
    let (auth, _, _) = crate::aws_auth::parse(&value, &mut scratch);
    match scratch
        .findings
        .into_iter()
        .find(|f| matches!(f.id, Id::AwsAuthMalformedYaml | Id::AwsAuthNotAList))
    {
        Some(bad) => Err(format!("{} Fix that first.", bad.message)),
        None => Ok((value, auth)),
    }
}

/// An entry that means this identity but can never match it: a role path or an STS session ARN.
fn near_miss<'a>(list: &'a [Mapping], target: &str) -> Option<&'a Mapping> {
    list.iter().rev().find(|m| {
        !m.arn.eq_ignore_ascii_case(target)
            && (arn::strip_path(&m.arn).eq_ignore_ascii_case(target)
                || arn::identity_of(&m.arn)
                    .is_some_and(|(_, id)| id.canonical.eq_ignore_ascii_case(target)))
    })
}

/// Merges the resolved mapping into `text`. The ARN looked for is the form aws-auth needs (a
/// role without its path), which is the ARN the authenticator looks up for any session of it.
pub(crate) fn merge(text: &str, r: &Resolved) -> Result<Merged, String> {
    let (_, auth) = read(text)?;
    let target = r.aws_auth_arn.as_str();
    if let Some(m) = auth.role_for(target).or_else(|| auth.user_for(target)) {
        return Ok(Merged {
            text: text.to_string(),
            change: Change::Unchanged,
            notes: vec![format!("It already maps {} as \"{}\" [{}]: nothing to change. If EKS still says Unauthorized, check the authentication mode (API ignores aws-auth) and who mints the token.", m.arn, m.username, m.groups.join(", "))],
            steps: Vec::new(),
        });
    }
    let mut lines: Lines = text.split_inclusive('\n').map(str::to_string).collect();
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let miss = near_miss(&auth.roles, target).or_else(|| near_miss(&auth.users, target));
    let (change, note, m) = match miss {
        Some(m) => {
            let line = correct(&mut lines, m, target)?;
            let why = if m.arn.contains(":sts:") { "is an STS session ARN" } else { "has a path" };
            (
                Change::Corrected { line, was: m.arn.clone() },
                format!("Line {line}: {} {why}, so it never matched; corrected in place to {target}, keeping its username and groups.", m.arn),
                Some(m),
            )
        }
        None => {
            let section = if r.is_role { "mapRoles" } else { "mapUsers" };
            let line = add(&mut lines, section, r, nl);
            (
                Change::Added { line },
                format!("Line {line}: a new {section} entry for {target}; all else is unchanged."),
                None,
            )
        }
    };
    let result = lines.concat();
    // Read back as the authenticator would: the identity must now be mapped.
    match read(&result) {
        Ok((_, after)) if after.role_for(target).or_else(|| after.user_for(target)).is_some() => {}
        _ => {
            return Err(String::from(
                "the merged ConfigMap would not map the identity; add the entry by hand",
            ))
        }
    }
    let (username, groups) = m.map_or((&r.username, &r.groups), |m| (&m.username, &m.groups));
    let mut notes = vec![note];
    if groups.iter().any(|g| g == "system:masters") {
        notes.push(String::from("The entry puts the identity in system:masters: full, unrestricted cluster admin that RBAC cannot limit. Prefer a narrower group bound with a ClusterRoleBinding (--group) where you can."));
    }
    // `kubectl replace` refuses a stale write only when the file carries the resourceVersion it
    // was read at (as `kubectl get -o yaml` output does).
    let versioned = result.lines().any(|l| l.trim_start().starts_with("resourceVersion:"));
    // What `kubectl auth whoami` will say: the templates filled in as the authenticator fills
    // them for this principal.
    let session = r.session.as_deref().unwrap_or("<session name>");
    let filled = crate::access::render(username, &r.account, Some(session), None);
    let expect =
        if filled == *username { filled } else { format!("{filled} ({username} filled in)") };
    Ok(Merged { text: result, change, notes, steps: recipe(&expect, groups, versioned) })
}

/// Back up, compare, apply, verify (in this order).
fn recipe(username: &str, groups: &[String], versioned: bool) -> Vec<Step> {
    let step = |label: String, command: &str| Step { label, command: command.to_string() };
    let apply = if versioned {
        "Apply it (refused if the ConfigMap changed since the resourceVersion in the file), or add the entry in `kubectl -n kube-system edit configmap aws-auth`"
    } else {
        "Apply it (the file has no resourceVersion, so this overwrites any change made since the backup: compare again first if in doubt), or add the entry in `kubectl -n kube-system edit configmap aws-auth`"
    };
    vec![
        step(String::from("Back up the ConfigMap"), "kubectl -n kube-system get configmap aws-auth -o yaml > aws-auth.backup.yaml"),
        step(String::from("Save the merged one as aws-auth.yaml and compare"), "diff aws-auth.backup.yaml aws-auth.yaml"),
        step(String::from(apply), "kubectl replace -f aws-auth.yaml"),
        step(format!("Keep this admin session open. As the identity, expect username {username} and groups {}", groups.join(", ")), "kubectl auth whoami"),
    ]
}

/// The entry as lines indented by `indent`, each with the line end `nl`.
fn entry_lines(r: &Resolved, indent: usize, compact: bool, nl: &str) -> Lines {
    crate::generate::aws_auth_entry(r, indent, compact)
        .lines()
        .map(|l| format!("{l}{nl}"))
        .collect()
}

/// Inserts `new` at `at`, ending the line before it first if it had no line end.
fn insert(lines: &mut Lines, at: usize, new: Lines, nl: &str) {
    if let Some(prev) = at.checked_sub(1).and_then(|i| lines.get_mut(i)) {
        if !prev.ends_with('\n') {
            prev.push_str(nl);
        }
    }
    let at = at.min(lines.len());
    lines.splice(at..at, new);
}

/// Appends the entry to `section`, adding the key (or `data`) where kubectl would print it
/// when absent; the line (from 1) the entry starts at.
fn add(lines: &mut Lines, section: &str, r: &Resolved, nl: &str) -> usize {
    let Some((data, data_end, indent)) = data_block(lines) else {
        // No data at all: before the first top-level key after it in kubectl's order.
        let at = lines
            .iter()
            .position(|l| indent_of(l) == 0 && key_value(l).is_some_and(|(k, _)| k > "data"))
            .unwrap_or(lines.len());
        let mut new = vec![format!("data:{nl}"), format!("  {section}: |{nl}")];
        new.extend(entry_lines(r, 4, false, nl));
        insert(lines, at, new, nl);
        return at + 3;
    };
    let key =
        (data + 1..data_end).find(|i| lines.get(*i).is_some_and(|l| is_key(l, indent, section)));
    let Some(key) = key else {
        let at = (data + 1..data_end)
            .find(|i| {
                lines.get(*i).is_some_and(|l| {
                    indent_of(l) == indent && key_value(l).is_some_and(|(k, _)| k > section)
                })
            })
            .unwrap_or(data_end);
        let mut new = vec![format!("{}{section}: |{nl}", " ".repeat(indent))];
        new.extend(entry_lines(r, indent + 2, false, nl));
        insert(lines, at, new, nl);
        return at + 2;
    };
    let end = end_of(lines, key + 1, indent);
    let block = lines.get(key).and_then(|l| key_value(l)).is_some_and(|(_, v)| v.starts_with('|'));
    if !block {
        // A quoted string (or `[]`): written again as a block with the same entries first.
        let value = crate::yaml::parse(&lines.concat())
            .ok()
            .flatten()
            .and_then(|v| {
                v.pointer(&format!("/data/{section}")).and_then(Value::as_str).map(str::to_string)
            })
            .unwrap_or_default();
        let pad = " ".repeat(indent + 2);
        let mut new = vec![format!("{}{section}: |{nl}", " ".repeat(indent))];
        new.extend(value.lines().filter(|l| l.trim() != "[]").map(|l| {
            if l.is_empty() {
                nl.to_string()
            } else {
                format!("{pad}{l}{nl}")
            }
        }));
        let at = key + new.len();
        new.extend(entry_lines(r, indent + 2, false, nl));
        lines.splice(key..end, new);
        return at + 1;
    }
    // The list's own indentation and style, from its first item; after its last line.
    let body = lines.get(key + 1..end).unwrap_or_default();
    let item_indent = body
        .iter()
        .find(|l| l.trim_start().starts_with('-'))
        .or_else(|| body.iter().find(|l| !content(l).trim().is_empty()))
        .map_or(indent + 2, |l| indent_of(l));
    // kubectl's style puts a list's dashes under its key (`- groups:` then `  - system:nodes`).
    let compact = body.windows(2).any(|pair| match pair {
        [a, b] => {
            let a = content(a);
            a.ends_with("groups:")
                && b.trim_start().starts_with('-')
                && a.rfind("groups:") == Some(indent_of(b))
        }
        _ => false,
    });
    let last =
        (key + 1..end).rev().find(|i| lines.get(*i).is_some_and(|l| !content(l).trim().is_empty()));
    let new = entry_lines(r, item_indent, compact, nl);
    match last {
        Some(i) if lines.get(i).is_some_and(|l| content(l).trim() == "[]") => {
            lines.splice(i..=i, new);
            i + 1
        }
        Some(i) => {
            insert(lines, i + 1, new, nl);
            i + 2
        }
        None => {
            insert(lines, key + 1, new, nl);
            key + 2
        }
    }
}

/// Corrects the ARN of entry `m` on its line (the last that holds it as a rolearn/userarn); the
/// line (from 1).
fn correct(lines: &mut Lines, m: &Mapping, target: &str) -> Result<usize, String> {
    let idx = lines
        .iter()
        .rposition(|l| {
            l.contains("arn:")
                && l.contains(m.arn.as_str())
                && l.to_ascii_lowercase().contains("arn: ")
        })
        .ok_or_else(|| format!("the line holding {} was not found", m.arn))?;
    let line = lines.get_mut(idx).ok_or_else(|| String::from("no such line"))?;
    *line = line.replacen(m.arn.as_str(), target, 1);
    Ok(idx + 1)
}
