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
        Id::ErrorUnknownAuthority,
        &["x509: certificate signed by unknown authority", "certificate verify failed", "x509: certificate is valid for"],
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
        &["executable aws not found", "exec: \"aws\": executable file not found", "executable aws-iam-authenticator not found"],
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

/// Finds known error messages in `text`: (line number from 1, the line).
pub fn find(text: &str) -> Vec<(usize, String)> {
    let sets = phrase_sets();
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.len() < 2000 && known_in(&sets, line).is_some())
        .map(|(idx, line)| (idx + 1, line.trim().to_string()))
        .collect()
}

/// The artefact for one error message line.
pub fn inspect(line: &str, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::ErrorMessage, source);
    art.field("message", "Message", line);
    if let Some((id, _)) = known(line).and_then(|idx| KNOWN.get(idx)) {
        art.title = format!("{}: {}", Kind::ErrorMessage.title(), id.trim_start_matches("error."));
        if *id == Id::ErrorForbidden {
            if let Some(user) = line.split("User \"").nth(1).and_then(|rest| rest.split('"').next())
            {
                art.field("username", "Authenticated as", user);
            }
        }
        art.findings.push(Finding::of(*id));
    }
    art
}
