//! Error messages from kubectl, Terraform, the AWS CLI and client-go: what each means for EKS
//! authentication, and what to paste next. `Unauthorized` (401) is often confused with
//! `Forbidden` (403, RBAC), certificate errors and credential errors; this tells them apart.
//!
//! Severity: a pasted message is a failure the user hit, so each is an error card, except
//! `Forbidden`, a warning: it proves the identity was authenticated (aws-auth or the access entry
//! works) and only RBAC or the access policy denies the request.

use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// (id, phrases any of which identifies it (lower case)); the meaning and the next step are
/// the catalogue entry's.
const KNOWN: &[(Id, &[&str])] = &[
    (
        Id::ErrorForbidden,
        &[") is forbidden: user", "error from server (forbidden)", "is forbidden: user"],
    ),
    (
        Id::ErrorUnauthorized,
        &[
            "you must be logged in to the server",
            "the server has asked for the client to provide credentials",
            "error: unauthorized",
            "(unauthorized)",
            "status code 401",
            "\"code\": 401",
            "\"code\":401",
        ],
    ),
    (
        Id::ErrorCertificateNameMismatch,
        &["x509: certificate is valid for", "x509: cannot validate certificate for", "certificate is not valid for any names", "hostname mismatch"],
    ),
    (
        Id::ErrorUnknownAuthority,
        &["x509: certificate signed by unknown authority", "certificate verify failed"],
    ),
    (
        Id::ErrorExecApiVersion,
        &["exec plugin: invalid apiversion", "no kind \"execcredential\" is registered for version \"client.authentication.k8s.io/v1alpha1\""],
    ),
    (
        Id::ErrorWebIdentityDenied,
        &["not authorized to perform sts:assumerolewithwebidentity", "calling the assumerolewithwebidentity operation"],
    ),
    (
        Id::ErrorAssumeRoleDenied,
        &["is not authorized to perform: sts:assumerole", "an error occurred (accessdenied) when calling the assumerole operation"],
    ),
    (
        Id::ErrorAwsCredentialsExpired,
        &["expiredtoken", "the security token included in the request is expired", "token has expired and refresh failed", "the sso session associated with this profile has expired"],
    ),
    (
        Id::ErrorAwsCredentialsInvalid,
        &["the security token included in the request is invalid", "invalidclienttokenid", "unrecognizedclientexception", "the request signature we calculated does not match the signature you provided", "the aws access key id you provided does not exist in our records"],
    ),
    (
        Id::ErrorExecNotFound,
        &["executable aws not found", "aws.exe not found", "exec: \"aws\": executable file not found", "executable aws-iam-authenticator not found"],
    ),
    (
        Id::ErrorAwsNoCredentials,
        &["unable to locate credentials", "error loading sso token", "nocredentialproviders: no valid providers in chain", "the config profile ("],
    ),
    (
        Id::ErrorExecFailed,
        &["getting credentials: exec: executable", "getting credentials: exec: fork/exec"],
    ),
    (
        Id::ErrorNetwork,
        &["dial tcp", "no such host", "i/o timeout", "connection refused", "kubernetes cluster unreachable: get"],
    ),
];

/// The ASCII bytes of `text`, lower-cased, as a set (bit `b` for byte `b`). Built as two 64-bit
/// halves: this runs on every byte of a paste.
fn ascii_set(text: &str) -> u128 {
    let (mut low, mut high) = (0u64, 0u64);
    for b in text.bytes().map(|b| b.to_ascii_lowercase()) {
        if b < 64 {
            low |= 1 << b;
        } else if b < 128 {
            high |= 1 << (b - 64);
        }
    }
    u128::from(high) << 64 | u128::from(low)
}

/// `KNOWN`'s phrases, entry by entry, each with its byte set.
type PhraseSets = Vec<Vec<(u128, &'static str)>>;

fn phrase_sets() -> PhraseSets {
    KNOWN.iter().map(|(_, phrases)| phrases.iter().map(|p| (ascii_set(p), *p)).collect()).collect()
}

/// The known error in `line`, if any: (index into the table).
fn known(line: &str) -> Option<usize> {
    known_in(&phrase_sets(), line)
}

/// [`known`] with the phrase sets made once: every line of a paste is asked, so a phrase is
/// searched for only in a line that holds all of its bytes (a line of base64 holds no space,
/// which rules out nearly every phrase at once).
fn known_in(sets: &PhraseSets, line: &str) -> Option<usize> {
    let set = ascii_set(line);
    let mut lower: Option<String> = None;
    sets.iter().position(|phrases| {
        phrases.iter().any(|(needs, phrase)| {
            set & needs == *needs
                && lower.get_or_insert_with(|| line.to_ascii_lowercase()).contains(phrase)
        })
    })
}

/// One known error message found in a paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Line (from 1) of the message shown.
    pub line: usize,
    /// The message, without kubectl's log prefix.
    pub text: String,
    /// The other lines (from 1) that said the same: kubectl logs each retry, then sums up.
    pub repeats: Vec<usize>,
}

/// kubectl's log-line prefix (`E1128 12:05:00.516729    4242 memcache.go:265] `) and
/// client-go's `"Unhandled Error" err="…"` wrapper taken off `line`; whether there was a prefix.
pub fn without_log_prefix(line: &str) -> (String, bool) {
    let line = line.trim();
    let Some((_, rest)) = line.split_once("] ").filter(|(head, _)| logged(line) && head.len() < 80)
    else {
        return (line.to_string(), false);
    };
    let message =
        match rest.strip_prefix("\"Unhandled Error\" err=\"").and_then(|m| m.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
            None => rest.to_string(),
        };
    (message, true)
}

/// Whether `line` (trimmed) starts with kubectl's log-line prefix: severity letter, MMDD, space,
/// hh:mm:ss.micro, spaces, thread id, space, file:line, `] ` (checked as far as the time).
fn logged(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.first().is_some_and(|b| b"IWEF".contains(b))
        && bytes.get(1..5).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && bytes.get(5) == Some(&b' ')
        && bytes.get(8) == Some(&b':')
}

/// Finds known error messages in `text`, once each: a message repeated word for word, or logged
/// by kubectl on each retry before the line that sums it up, is one [`Found`] with its repeats.
/// Also the lines of kubectl's logged error blocks that hold no message (their headers and ends).
pub fn find(text: &str) -> (Vec<Found>, Vec<usize>) {
    let sets = phrase_sets();
    // (line, message, known index, logged by kubectl)
    let mut hits: Vec<(usize, String, usize, bool)> = Vec::new();
    // kubectl also logs an error as a block: `E… "Unhandled Error" err=<`, tab-indented lines,
    // then ` >`. Its lines count as logged; the block's other lines say nothing more (`quiet`).
    let (mut in_block, mut quiet) = (false, Vec::new());
    for (idx, line) in text.lines().enumerate() {
        // Only a known message is copied out of its line: this runs on every line of a paste.
        let prefixed = logged(line.trim_start()) && line.contains("] ");
        if prefixed && line.trim_end().ends_with("=<") {
            in_block = true;
            quiet.push(idx + 1);
            continue;
        }
        let in_this_block = in_block && line.starts_with('\t');
        if in_block && !in_this_block {
            in_block = false;
            if line.trim() == ">" {
                quiet.push(idx + 1);
                continue;
            }
        }
        match known_in(&sets, line).filter(|_| line.len() < 2000) {
            Some(known) => {
                let (message, prefixed) = without_log_prefix(line);
                hits.push((idx + 1, message, known, prefixed || in_this_block));
            }
            None if in_this_block => quiet.push(idx + 1),
            None => {}
        }
    }
    if hits.is_empty() {
        quiet.clear();
    }
    // For each hit, the first later line that is not logged and names the same kind of error:
    // the line kubectl sums up with (computed backwards once: linear in the number of lines).
    let mut summary_after: Vec<Option<usize>> = vec![None; hits.len()];
    let mut next_unlogged: Vec<Option<usize>> = vec![None; KNOWN.len()];
    for (idx, (_, _, known, logged)) in hits.iter().enumerate().rev() {
        if let Some(slot) = summary_after.get_mut(idx) {
            *slot = next_unlogged.get(*known).copied().flatten();
        }
        if !logged {
            if let Some(next) = next_unlogged.get_mut(*known) {
                *next = Some(idx);
            }
        }
    }
    let mut res: Vec<Found> = Vec::new();
    // Where each message text and each shown line is in `res`.
    let mut by_text: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut by_line: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (idx, (line, message, _, logged)) in hits.iter().enumerate() {
        // A logged line whose kind of error a later summary line says again: a retry of it.
        let summary = summary_after.get(idx).copied().flatten().filter(|_| *logged);
        match (by_text.get(message).copied(), summary.and_then(|s| hits.get(s))) {
            (Some(at), _) => {
                if let Some(found) = res.get_mut(at).filter(|f| f.line != *line) {
                    found.repeats.push(*line);
                }
            }
            (None, Some((at, text, _, _))) => {
                // Shown as the summary line, which the loop then finds already there.
                match by_line.get(at).and_then(|&i| res.get_mut(i)) {
                    Some(found) => found.repeats.push(*line),
                    None => {
                        by_text.entry(text.clone()).or_insert(res.len());
                        by_line.insert(*at, res.len());
                        res.push(Found { line: *at, text: text.clone(), repeats: vec![*line] });
                    }
                }
            }
            (None, None) => {
                by_text.entry(message.clone()).or_insert(res.len());
                by_line.insert(*line, res.len());
                res.push(Found { line: *line, text: message.clone(), repeats: Vec::new() });
            }
        }
    }
    crate::sort::by_key(&mut res, |f| f.line);
    (res, quiet)
}

/// The artefact for one error message line.
pub fn inspect(line: &str, repeats: usize, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::ErrorMessage, source);
    art.field("message", "Message", line);
    if repeats > 0 {
        art.field(
            "repeated",
            "Said",
            format!("{} times in this paste (kubectl tries again before it gives up)", repeats + 1),
        );
    }
    if let Some((id, _)) = known(line).and_then(|idx| KNOWN.get(idx)) {
        art.title = format!("{}: {}", Kind::ErrorMessage.title(), id.trim_start_matches("error."));
        if *id == Id::ErrorForbidden {
            if let Some(denied) = denied(line) {
                art.field("username", "Authenticated as", denied.user.as_str());
                art.facts.push(crate::facts::Fact::Denied(denied));
            }
        }
        art.findings.push(Finding::of(*id));
    }
    art
}

/// The request a `Forbidden` line says was refused: `User "U" cannot VERB resource "R" in API
/// group "G" in the namespace "N"` (or `at the cluster scope`).
fn denied(line: &str) -> Option<crate::facts::Denied> {
    let quoted = |text: &str, after: &str| -> Option<String> {
        let rest = text.split(after).nth(1)?;
        rest.split('"').next().map(str::to_string)
    };
    let user = quoted(line, "User \"")?;
    let verb = line
        .split("\" cannot ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    Some(crate::facts::Denied {
        user,
        verb,
        resource: quoted(line, "resource \"").unwrap_or_default(),
        namespace: quoted(line, "in the namespace \""),
    })
}
