//! The user's own aws-auth ConfigMap with the fix merged in: text in, text out.
//!
//! The ConfigMap is edited as text, not re-serialized, so everything else stays byte for byte as
//! it was (node roles, `{{EC2PrivateDNSName}}`, mapUsers, mapAccounts, comments, kubectl's
//! metadata): either one entry is appended to `mapRoles` (or `mapUsers`), in the list's own
//! indentation, or an entry whose ARN can never match this identity (a role path, an STS session
//! ARN) has that ARN corrected on its own line. The result is read back as the authenticator reads
//! it and must map the identity, or nothing is returned.

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

/// A line of the text: where it starts and its content without the line break.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut res = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        res.push(Line { start, text: raw.trim_end_matches(['\n', '\r']) });
        start += raw.len();
    }
    res
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The key of a `key: value` line (quotes removed), and the value after the colon.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let (key, rest) = t.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    Some((key.trim().trim_matches('"').trim_matches('\''), rest.trim()))
}

/// Where a data key's value sits in the text.
struct Section {
    /// Index of the `mapRoles:` line.
    key_line: usize,
    /// Indentation of the key.
    key_indent: usize,
    /// The value is a literal block (`|`, `|-`, `|+`): its content lines follow the key.
    block: bool,
    /// Index of the first line after the value.
    end: usize,
}

/// The index range of `data:`'s children, and their indentation.
fn data_range(all: &[Line<'_>]) -> Option<(usize, usize, Option<usize>)> {
    let data = all.iter().position(|l| {
        indent_of(l.text) == 0 && key_value(l.text).is_some_and(|(k, _)| k == "data")
    })?;
    let end = all
        .iter()
        .enumerate()
        .skip(data + 1)
        .find(|(_, l)| !is_blank_or_comment(l.text) && indent_of(l.text) == 0)
        .map_or(all.len(), |(idx, _)| idx);
    let child_indent = all
        .get(data + 1..end)
        .unwrap_or_default()
        .iter()
        .find(|l| !is_blank_or_comment(l.text))
        .map(|l| indent_of(l.text));
    Some((data, end, child_indent))
}

fn find_section(all: &[Line<'_>], name: &str) -> Option<Section> {
    let (data, end, child_indent) = data_range(all)?;
    let child_indent = child_indent?;
    let key_line = (data + 1..end).find(|idx| {
        all.get(*idx).is_some_and(|l| {
            indent_of(l.text) == child_indent && key_value(l.text).is_some_and(|(k, _)| k == name)
        })
    })?;
    let value = all.get(key_line).and_then(|l| key_value(l.text)).map_or("", |(_, v)| v);
    let block = value.starts_with('|');
    // The value runs until the next line at the key's indentation or less.
    let value_end = (key_line + 1..end)
        .find(|idx| {
            all.get(*idx)
                .is_some_and(|l| !l.text.trim().is_empty() && indent_of(l.text) <= child_indent)
        })
        .unwrap_or(end);
    Some(Section { key_line, key_indent: child_indent, block, end: value_end })
}

/// The ConfigMap as the authenticator reads it, or why it cannot be merged.
fn read(text: &str) -> Result<(Value, AwsAuth), String> {
    if text.trim_start().starts_with('{') {
        return Err(String::from("this is JSON; merge reads the YAML that `kubectl -n kube-system get configmap aws-auth -o yaml` prints"));
    }
    let value = match crate::yaml::parse(text) {
        Ok(Some(value)) => value,
        Ok(None) => return Err(String::from("the file is empty")),
        Err(err) => {
            return Err(format!(
                "it is not valid YAML: {} at line {}, column {}",
                err.message, err.line, err.column
            ))
        }
    };
    if value.get("kind").and_then(Value::as_str) != Some("ConfigMap") {
        return Err(String::from("it is not a ConfigMap (kubectl -n kube-system get configmap aws-auth -o yaml prints one)"));
    }
    let mut scratch = Artefact::new(Kind::AwsAuth, Source::default());
    let (auth, _, _) = crate::aws_auth::parse(&value, &mut scratch);
    if let Some(bad) = scratch
        .findings
        .iter()
        .find(|f| matches!(f.id, Id::AwsAuthMalformedYaml | Id::AwsAuthNotAList))
    {
        return Err(format!("{} Fix that first.", bad.message));
    }
    Ok((value, auth))
}

/// An entry that means this identity but can never match it: a role path or an STS session ARN.
fn near_miss<'a>(list: &'a [Mapping], canonical: &str) -> Option<&'a Mapping> {
    list.iter().rev().find(|m| {
        !m.arn.eq_ignore_ascii_case(canonical)
            && (arn::strip_path(&m.arn).eq_ignore_ascii_case(canonical)
                || arn::identity_of(&m.arn)
                    .is_some_and(|(_, id)| id.canonical.eq_ignore_ascii_case(canonical)))
    })
}

/// Merges the resolved mapping into `text`. The ARN looked for is the form aws-auth needs (a
/// role without its path), which is the ARN the authenticator looks up for any session of it.
pub(crate) fn merge(text: &str, r: &Resolved) -> Result<Merged, String> {
    let (value, auth) = read(text)?;
    let section_name = if r.is_role { "mapRoles" } else { "mapUsers" };
    let mut notes = Vec::new();
    if let Some(name) = value.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str) {
        if name != "aws-auth" {
            notes.push(format!("This ConfigMap is named {name}; the authenticator reads only kube-system/aws-auth."));
        }
    }
    let existing = auth.role_for(&r.aws_auth_arn).or_else(|| auth.user_for(&r.aws_auth_arn));
    if let Some(m) = existing {
        let how = if m.arn == r.aws_auth_arn {
            String::new()
        } else {
            format!(" (spelled {}; the authenticator compares case-insensitively)", m.arn)
        };
        notes.push(format!("It already maps {}{how} as \"{}\" [{}]: nothing to change. If EKS still says Unauthorized, check the cluster's authentication mode (API ignores aws-auth) and that the token is minted as this identity.", r.aws_auth_arn, m.username, m.groups.join(", ")));
        return Ok(Merged {
            text: text.to_string(),
            change: Change::Unchanged,
            notes,
            steps: Vec::new(),
        });
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let all = lines(text);
    let miss = near_miss(&auth.roles, &r.aws_auth_arn)
        .map(|m| ("mapRoles", m))
        .or_else(|| near_miss(&auth.users, &r.aws_auth_arn).map(|m| ("mapUsers", m)));
    let (result, change, username, groups) = if let Some((section, m)) = miss {
        let (result, line) = correct(text, &all, section, m, r, newline)?;
        let why = if m.arn.contains(":sts:") || m.arn.contains(":assumed-role/") {
            "is an STS session ARN; the authenticator looks up the role ARN"
        } else {
            "has a path; the authenticator compares the path-less role ARN"
        };
        notes.push(format!("Line {line}: {} {why}, so that entry never matched. It is corrected in place to {}, keeping its username and groups.", m.arn, r.aws_auth_arn));
        (
            result,
            Change::Corrected { line, was: m.arn.clone() },
            m.username.clone(),
            m.groups.clone(),
        )
    } else {
        let (result, line) = add(text, &all, section_name, r, newline)?;
        notes.push(format!(
            "Line {line}: a new {section_name} entry for {}; every other line is unchanged.",
            r.aws_auth_arn
        ));
        if auth
            .accounts
            .iter()
            .any(|a| a.trim() == arn::parse(&r.aws_auth_arn).map(|a| a.account).unwrap_or_default())
        {
            notes.push(String::from("mapAccounts already lets this identity in, with its ARN as username and no groups; the entry gives it a username and groups."));
        }
        (result, Change::Added { line }, r.username.clone(), r.groups.clone())
    };
    // Read back as the authenticator would: the identity must now be mapped.
    let (_, after) =
        read(&result).map_err(|why| format!("the merged ConfigMap does not read back ({why})"))?;
    if after.role_for(&r.aws_auth_arn).or_else(|| after.user_for(&r.aws_auth_arn)).is_none() {
        return Err(String::from(
            "the merged ConfigMap does not map the identity; add the entry by hand",
        ));
    }
    let steps = recipe(&username, &groups);
    Ok(Merged { text: result, change, notes, steps })
}

/// Back up, compare, apply, verify.
fn recipe(username: &str, groups: &[String]) -> Vec<Step> {
    let step = |label: &str, command: &str| Step {
        label: label.to_string(),
        command: command.to_string(),
    };
    vec![
        step("1. Back up the ConfigMap", "kubectl -n kube-system get configmap aws-auth -o yaml > aws-auth.backup.yaml"),
        step("2. Save the merged ConfigMap as aws-auth.yaml and compare", "diff aws-auth.backup.yaml aws-auth.yaml"),
        step("3. Apply it (refused if the ConfigMap changed since the backup: start again), or add the entry by hand with kubectl -n kube-system edit configmap aws-auth", "kubectl replace -f aws-auth.yaml"),
        step(&format!("4. Keep this admin session open; in a shell with the identity's credentials, expect username {username} (templates filled in) and groups {}", groups.join(", ")), "kubectl auth whoami"),
    ]
}

/// The text with the entry appended to `section` (created when absent); the line it starts at.
fn add(
    text: &str,
    all: &[Line<'_>],
    section: &str,
    r: &Resolved,
    nl: &str,
) -> Result<(String, usize), String> {
    let Some(sec) = find_section(all, section) else {
        return add_section(text, all, section, r, nl);
    };
    if !sec.block {
        return rewrite_section(
            text,
            all,
            &sec,
            section,
            |value| {
                let mut value = value.trim_end().to_string();
                if value.trim() == "[]" {
                    value.clear();
                }
                if !value.is_empty() {
                    value.push('\n');
                }
                value.push_str(&crate::generate::aws_auth_entry(r, 0, false));
                value
            },
            nl,
        );
    }
    let content = all.get(sec.key_line + 1..sec.end).unwrap_or_default();
    // The list's own indentation and style, from its first item.
    let first_item = content.iter().find(|l| l.text.trim_start().starts_with('-'));
    let indent = first_item
        .or_else(|| content.iter().find(|l| !l.text.trim().is_empty()))
        .map_or(sec.key_indent + 2, |l| indent_of(l.text));
    // kubectl's style puts a list's dashes under its key (`- groups:` then `  - system:nodes`).
    let compact = content.windows(2).any(|pair| match pair {
        [a, b] => {
            let t = a.text.trim_end();
            t.ends_with("groups:")
                && b.text.trim_start().starts_with('-')
                && Some(indent_of(b.text)) == t.rfind("groups:")
        }
        _ => false,
    });
    let entry: String = crate::generate::aws_auth_entry(r, indent, compact)
        .lines()
        .map(|l| format!("{l}{nl}"))
        .collect();
    // After the last line with content, or in place of an empty `[]`.
    let last = (sec.key_line + 1..sec.end)
        .rev()
        .find(|idx| all.get(*idx).is_some_and(|l| !l.text.trim().is_empty()));
    let mut out = String::with_capacity(text.len() + entry.len());
    match last.and_then(|idx| all.get(idx).map(|l| (idx, l))) {
        Some((idx, l)) if l.text.trim() == "[]" => {
            out.push_str(text.get(..l.start).unwrap_or_default());
            out.push_str(&entry);
            out.push_str(
                text.get(all.get(idx + 1).map_or(text.len(), |n| n.start)..).unwrap_or_default(),
            );
            Ok((out, idx + 1))
        }
        Some((idx, _)) => {
            let at = all.get(idx + 1).map_or(text.len(), |n| n.start);
            let before = text.get(..at).unwrap_or_default();
            out.push_str(before);
            if !before.ends_with('\n') {
                out.push_str(nl);
            }
            out.push_str(&entry);
            out.push_str(text.get(at..).unwrap_or_default());
            Ok((out, idx + 2))
        }
        None => {
            let at = all.get(sec.key_line + 1).map_or(text.len(), |n| n.start);
            let before = text.get(..at).unwrap_or_default();
            out.push_str(before);
            if !before.ends_with('\n') {
                out.push_str(nl);
            }
            out.push_str(&entry);
            out.push_str(text.get(at..).unwrap_or_default());
            Ok((out, sec.key_line + 2))
        }
    }
}

/// Adds a missing `mapRoles`/`mapUsers` key to `data` (where kubectl would print it: keys in
/// order), or `data` itself.
fn add_section(
    text: &str,
    all: &[Line<'_>],
    section: &str,
    r: &Resolved,
    nl: &str,
) -> Result<(String, usize), String> {
    let body: String =
        crate::generate::aws_auth_entry(r, 4, false).lines().map(|l| format!("{l}{nl}")).collect();
    let mut out = String::with_capacity(text.len() + body.len() + 40);
    let (insert_at, insertion, entry_line) = match data_range(all) {
        Some((data, end, indent)) => {
            let indent = indent.unwrap_or(2);
            let next = (data + 1..end).find(|idx| {
                all.get(*idx).is_some_and(|l| {
                    indent_of(l.text) == indent
                        && key_value(l.text).is_some_and(|(k, _)| k > section)
                })
            });
            let line_idx = next.unwrap_or(end);
            let body: String = crate::generate::aws_auth_entry(r, indent + 2, false)
                .lines()
                .map(|l| format!("{l}{nl}"))
                .collect();
            let pad = " ".repeat(indent);
            (line_idx, format!("{pad}{section}: |{nl}{body}"), line_idx + 2)
        }
        None => {
            let next = all.iter().position(|l| {
                indent_of(l.text) == 0
                    && !is_blank_or_comment(l.text)
                    && key_value(l.text).is_some_and(|(k, _)| k > "data")
            });
            let line_idx = next.unwrap_or(all.len());
            (line_idx, format!("data:{nl}  {section}: |{nl}{body}"), line_idx + 3)
        }
    };
    let at = all.get(insert_at).map_or(text.len(), |l| l.start);
    let before = text.get(..at).unwrap_or_default();
    out.push_str(before);
    if !before.is_empty() && !before.ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(&insertion);
    out.push_str(text.get(at..).unwrap_or_default());
    Ok((out, entry_line))
}

/// Replaces a section written as a quoted string (or flow list) with a literal block holding
/// `edit(current value)`.
fn rewrite_section(
    text: &str,
    all: &[Line<'_>],
    sec: &Section,
    section: &str,
    edit: impl Fn(&str) -> String,
    nl: &str,
) -> Result<(String, usize), String> {
    let value = crate::yaml::parse(text)
        .ok()
        .flatten()
        .and_then(|v| v.get("data").and_then(|d| d.get(section)).cloned());
    let current = match value {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => String::new(),
        Some(Value::Array(items)) if items.is_empty() => String::new(),
        Some(_) => return Err(format!("data.{section} is not a string of YAML")),
    };
    let new_value = edit(&current);
    if new_value.lines().any(|l| l.ends_with(' ') || l.ends_with('\t'))
        || new_value.starts_with(' ')
    {
        return Err(format!(
            "data.{section} has trailing spaces a block cannot hold; add the entry by hand"
        ));
    }
    let pad = " ".repeat(sec.key_indent + 2);
    let mut block = format!("{}{section}: |{nl}", " ".repeat(sec.key_indent));
    for line in new_value.lines() {
        if line.is_empty() {
            block.push_str(nl);
        } else {
            block.push_str(&format!("{pad}{line}{nl}"));
        }
    }
    let start = all.get(sec.key_line).map_or(text.len(), |l| l.start);
    let end = all.get(sec.end).map_or(text.len(), |l| l.start);
    let mut out = String::with_capacity(text.len() + block.len());
    out.push_str(text.get(..start).unwrap_or_default());
    out.push_str(&block);
    out.push_str(text.get(end..).unwrap_or_default());
    Ok((out, sec.key_line + 1))
}

/// Corrects the ARN of entry `m` of `section` in place; the line it is on.
fn correct(
    text: &str,
    all: &[Line<'_>],
    section: &str,
    m: &Mapping,
    r: &Resolved,
    nl: &str,
) -> Result<(String, usize), String> {
    let sec = find_section(all, section).ok_or_else(|| format!("data.{section} was not found"))?;
    if !sec.block {
        return rewrite_section(
            text,
            all,
            &sec,
            section,
            |value| value.replacen(m.arn.as_str(), &r.aws_auth_arn, 1),
            nl,
        );
    }
    // The last line of the section that holds the ARN as a rolearn/userarn value.
    let idx = (sec.key_line + 1..sec.end)
        .rev()
        .find(|idx| {
            all.get(*idx).is_some_and(|l| {
                let lower = l.text.to_ascii_lowercase();
                (lower.contains("rolearn") || lower.contains("userarn"))
                    && l.text.contains(m.arn.as_str())
            })
        })
        .ok_or_else(|| format!("the line holding {} was not found", m.arn))?;
    let line = all.get(idx).ok_or_else(|| String::from("no such line"))?;
    let at = line.start + line.text.find(m.arn.as_str()).unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..at).unwrap_or_default());
    out.push_str(&r.aws_auth_arn);
    out.push_str(text.get(at + m.arn.len()..).unwrap_or_default());
    Ok((out, idx + 1))
}
