//! AWS access key IDs and IAM unique IDs: what the prefix means and, for new-format keys, the
//! account the key belongs to.
//!
//! The account decode is offline and unofficial (see `eks-auth.md` §4); `aws sts
//! get-access-key-info` is the authoritative, online answer.

use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};

/// The unique-ID prefixes from the IAM User Guide, with their meaning.
const PREFIXES: &[(&str, &str)] = &[
    ("ABIA", "STS service bearer token"),
    ("ACCA", "context-specific credential"),
    ("AGPA", "IAM group"),
    ("AIDA", "IAM user (unique ID)"),
    ("AIPA", "EC2 instance profile"),
    ("AKIA", "long-term access key of an IAM user"),
    ("ANPA", "managed policy"),
    ("ANVA", "managed policy version"),
    ("APKA", "public key"),
    ("AROA", "IAM role (unique ID)"),
    ("ASCA", "certificate"),
    ("ASIA", "temporary access key (STS session credentials)"),
];

/// What the 4-character prefix of an ID means, if it is a known one.
pub fn prefix_meaning(id: &str) -> Option<&'static str> {
    let prefix = id.get(..4)?;
    PREFIXES.iter().find(|(p, _)| *p == prefix).map(|(_, meaning)| *meaning)
}

/// Whether `text` looks like an access key ID or unique ID: a known prefix and 16 to 128 upper-case
/// base32-ish characters.
pub fn looks_like_id(text: &str) -> bool {
    (16..=128).contains(&text.len())
        && prefix_meaning(text).is_some()
        && text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The result of decoding the account from a key ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountDecode {
    /// New-format key: the 12-digit account ID.
    Account(String),
    /// Old-format key (5th character A–P): no known offline decode.
    OldFormat,
    /// Not decodable: too short, or characters outside base32.
    Invalid,
}

/// Decodes the AWS account ID from a new-format key ID (`eks-auth.md` §4).
pub fn decode_account(id: &str) -> AccountDecode {
    let Some(body) = id.get(4..20) else {
        return AccountDecode::Invalid;
    };
    let Some(fifth) = body.chars().next() else {
        return AccountDecode::Invalid;
    };
    if !(('Q'..='Z').contains(&fifth) || ('2'..='7').contains(&fifth)) {
        return if body.chars().all(|c| base32_value(c).is_some()) {
            AccountDecode::OldFormat
        } else {
            AccountDecode::Invalid
        };
    }
    // 16 base32 characters are 80 bits; the first 48 bits hold the generation bit and the account.
    let mut bits: u128 = 0;
    for c in body.chars() {
        let Some(v) = base32_value(c) else {
            return AccountDecode::Invalid;
        };
        bits = (bits << 5) | u128::from(v);
    }
    let z = (bits >> 32) as u64;
    let account = (z & 0x7FFF_FFFF_FF80) >> 7;
    if account >= 1_000_000_000_000 {
        return AccountDecode::Invalid;
    }
    AccountDecode::Account(format!("{account:012}"))
}

fn base32_value(c: char) -> Option<u8> {
    match c {
        'A'..='Z' => Some(c as u8 - b'A'),
        '2'..='7' => Some(c as u8 - b'2' + 26),
        _ => None,
    }
}

/// What is wrong when an access key and a session token cannot go together: a temporary key
/// (`ASIA`) needs the session token STS issued with it; a long-term key (`AKIA`) never has one.
pub fn session_token_mismatch(key_id: &str, has_session_token: bool) -> Option<&'static str> {
    match (key_id.get(..4), has_session_token) {
        (Some("ASIA"), false) => {
            Some("is a temporary key (ASIA…), but no session token is with it")
        }
        (Some("AKIA"), true) => Some("is a long-term key (AKIA…), but a session token is with it"),
        _ => None,
    }
}

/// Adds the key fields (`access_key_id`, `access_key_type`, `account_id`) to an artefact.
pub fn describe_into(id: &str, art: &mut Artefact) {
    art.field("access_key_id", "Access key ID", id);
    let meaning = prefix_meaning(id).unwrap_or("unknown prefix");
    let prefix = id.get(..4).unwrap_or(id);
    art.field("access_key_type", "Key type", format!("{prefix}: {meaning}"));
    match decode_account(id) {
        AccountDecode::Account(account) => {
            art.field("account_id", "AWS account (from the key ID)", account)
        }
        AccountDecode::OldFormat => {
            art.field(
                "account_id",
                "AWS account (from the key ID)",
                "cannot be decoded offline (old-format key)",
            );
        }
        AccountDecode::Invalid => {
            art.field(
                "account_id",
                "AWS account (from the key ID)",
                "cannot be decoded (not a valid key ID)",
            );
        }
    }
}

/// The artefact for a key ID pasted on its own.
pub fn inspect(id: &str, source: Source) -> Artefact {
    let mut art = Artefact::new(Kind::AccessKeyId, source);
    describe_into(id, &mut art);
    if let Some(meaning) = prefix_meaning(id) {
        art.title = format!("{} ({meaning})", Kind::AccessKeyId.title());
    }
    match decode_account(id) {
        AccountDecode::OldFormat => art.findings.push(Finding::of(Id::KeyOldFormat)),
        AccountDecode::Invalid if id.len() >= 20 => art.findings.push(Finding::of(Id::KeyInvalid)),
        _ => {}
    }
    if id.starts_with("AKIA") {
        art.findings.push(Finding::of(Id::KeyLongTerm));
    }
    art
}
