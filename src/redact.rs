//! Redaction: secrets taken out of a report or a paste, everything else kept.
//!
//! [`redact`] turns a [`Report`] into one that is safe to paste into a ticket or a chat: every
//! secret (bearer token, presigned URL signature and session token, session token, secret access
//! key, private key, JWT signature, kubeconfig token and client key) becomes a marker saying what
//! it was and how long, such as `[redacted: bearer token, 1,370 characters]`, while the account,
//! host, region, dates and findings stay. Secrets are found twice over: by the fields that hold
//! them (and their values wherever else they appear in the report, as in an authenticator message
//! quoting the URL), and by their shape in every string of the report.
//!
//! [`redact_text`] does the same to a paste, but keeps it recognisable by eksplain: a token's
//! signature is zeroed and its session token replaced, so it still decodes to the same account,
//! host, region and date; private-key blocks are dropped (their lines left blank); a JWT keeps its
//! header and payload. It returns what it removed, for the share-links feature.
//!
//! Pure: no I/O, and it never panics on input.

use base64::Engine as _;

use crate::report::{Artefact, Finding, Report};

/// One secret taken out of a paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// What it was: `bearer token`, `signature`, `session token`, `secret access key`,
    /// `private key`, `JWT signature`, `token`, `client key`, `password`.
    pub what: &'static str,
    /// Line (from 1) where it started.
    pub line: usize,
    /// Its length in characters.
    pub chars: usize,
}

impl Removed {
    /// `session token (612 characters, line 3)`.
    pub fn describe(&self) -> String {
        format!(
            "{} ({} characters, line {})",
            self.what,
            crate::token::group_digits(self.chars),
            self.line
        )
    }
}

/// The marker that replaces a secret in a report: `[redacted: bearer token, 1,370 characters]`.
pub fn marker(what: &str, chars: usize) -> String {
    format!("[redacted: {what}, {} characters]", crate::token::group_digits(chars))
}

/// What replaces a secret in a paste, so that it still parses as what it was.
const PLACEHOLDER: &str = "REDACTED";
/// A zeroed SigV4 signature: still 64 hex digits, so a token still looks complete.
const ZERO_SIGNATURE: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How secrets are replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// By a readable marker (reports).
    Marker,
    /// By a placeholder that keeps the text recognisable (pastes).
    Recognisable,
}

/// The paste with its secrets taken out, still recognisable by eksplain, and what was removed.
pub fn redact_text(input: &str) -> (String, Vec<Removed>) {
    // Taking one secret out can expose the shape of another (a value that held a token now looks
    // like a key's value): repeat until nothing more comes out, so redacting twice changes nothing.
    let (mut text, mut removed) = scan(input, Style::Recognisable);
    for _ in 0..8 {
        let (again, more) = scan(&text, Style::Recognisable);
        if again == text {
            break;
        }
        (text, removed) = (again, removed.into_iter().chain(more).collect());
    }
    (text, removed)
}

/// The report with every secret replaced by a marker; everything else is kept.
pub fn redact(report: &Report) -> Report {
    redact_owned(report.clone())
}

/// [`redact`], taking the report (no copy of it is made).
pub fn redact_owned(mut res: Report) -> Report {
    // Secrets are gathered over the whole report: one artefact's secret may be quoted by another
    // (two tokens from one session, a garbled token holding another's session token).
    let secrets = Secrets::new(res.artefacts.iter().flat_map(secrets_of).collect());
    for art in &mut res.artefacts {
        redact_artefact(art, &secrets);
    }
    for finding in &mut res.findings {
        redact_finding(finding, &secrets);
    }
    // The diagnosis quotes findings' messages (made before redaction): cleaned the same way.
    if let Some(diagnosis) = &mut res.diagnosis {
        for cause in &mut diagnosis.causes {
            clean(&mut cause.evidence, &secrets);
            clean(&mut cause.source, &secrets);
        }
        for text in &mut diagnosis.ruled_out {
            clean(text, &secrets);
        }
    }
    res
}

/// Length of the prefix by which [`Secrets`] finds candidates; no secret is shorter.
const MIN_SECRET: usize = 12;

/// Known secret values and their replacements, longest first, with an index of their first
/// bytes so that a string is searched in one pass however many secrets the report holds.
struct Secrets {
    list: Vec<(String, String)>,
    heads: std::collections::HashSet<Vec<u8>>,
}

impl Secrets {
    fn new(mut list: Vec<(String, String)>) -> Secrets {
        // Short values could match innocent text; a real secret is never this short.
        list.retain(|(value, _)| value.len() >= MIN_SECRET);
        crate::sort::by_key(&mut list, |(value, _)| std::cmp::Reverse(value.len()));
        list.dedup_by(|a, b| a.0 == b.0);
        let heads = list
            .iter()
            .filter_map(|(v, _)| v.as_bytes().get(..MIN_SECRET))
            .map(<[u8]>::to_vec)
            .collect();
        Secrets { list, heads }
    }

    /// `text` with every known secret replaced; `None` when it holds none.
    fn replace_in(&self, text: &str) -> Option<String> {
        let hit = !self.heads.is_empty()
            && text.as_bytes().windows(MIN_SECRET).any(|w| self.heads.contains(w));
        if !hit {
            return None;
        }
        let mut res = text.to_string();
        for (value, replacement) in &self.list {
            if res.contains(value.as_str()) {
                res = res.replace(value.as_str(), replacement);
            }
        }
        Some(res)
    }
}

/// The secrets of one artefact, as (value, replacement), longest first.
fn secrets_of(art: &Artefact) -> Vec<(String, String)> {
    let mut res: Vec<(String, String)> = Vec::new();
    for field in art.fields.iter().filter(|f| f.secret) {
        let value = field.value.as_str();
        match field.key.as_str() {
            "url" => {
                res.push((value.to_string(), scan(value, Style::Marker).0));
                for (name, what) in
                    [("x-amz-signature", "signature"), ("x-amz-security-token", "session token")]
                {
                    if let Some(raw) = query_value(value, name) {
                        res.push((raw.to_string(), marker(what, raw.chars().count())));
                        if let Some(decoded) = percent_decoded(raw) {
                            res.push((decoded, marker(what, raw.chars().count())));
                        }
                    }
                }
            }
            "token" => {
                res.push((value.to_string(), marker("bearer token", value.chars().count())));
                if let Some(body) = value.get(crate::token::PREFIX.len()..) {
                    res.push((body.to_string(), marker("bearer token", value.chars().count())));
                }
            }
            "session_token_value" => {
                res.push((value.to_string(), marker("session token", value.chars().count())))
            }
            "jwt" => {
                res.push((value.to_string(), marker("JWT", value.chars().count())));
                if let Some((_, signature)) = value.rsplit_once('.') {
                    res.push((
                        signature.to_string(),
                        marker("JWT signature", signature.chars().count()),
                    ));
                }
            }
            key => res.push((value.to_string(), marker(secret_name(key), value.chars().count()))),
        }
    }
    res
}

fn redact_artefact(art: &mut Artefact, secrets: &Secrets) {
    let signature_len = art
        .fields
        .iter()
        .find(|f| f.key == "url")
        .and_then(|f| query_value(&f.value, "x-amz-signature"))
        .map(|s| s.chars().count());
    for field in &mut art.fields {
        if field.secret && field.key != "url" {
            field.value = marker(secret_name(&field.key), field.value.chars().count());
        } else if !field.secret && field.key == "signature" {
            // Abbreviated, but still part of the signature.
            field.value = match signature_len {
                Some(n) => marker("signature", n),
                None => String::from("[redacted: signature]"),
            };
        } else {
            clean(&mut field.value, secrets);
        }
    }
    clean(&mut art.title, secrets);
    for finding in &mut art.findings {
        redact_finding(finding, secrets);
    }
}

/// What a secret field holds, for its marker.
fn secret_name(key: &str) -> &'static str {
    match key {
        "token" => "bearer token",
        "session_token_value" => "session token",
        "secret_access_key" => "secret access key",
        "jwt" => "JWT",
        _ => "secret",
    }
}

fn redact_finding(finding: &mut Finding, secrets: &Secrets) {
    clean(&mut finding.message, secrets);
    for text in [&mut finding.fix, &mut finding.authenticator].into_iter().flatten() {
        clean(text, secrets);
    }
}

/// Known secret values replaced, then anything shaped like a secret.
/// Replaces the secrets in `text`: the report's known secret values, then whatever [`scan`]
/// finds. Most texts hold none and are left as they are, without a copy.
fn clean(text: &mut String, secrets: &Secrets) {
    if let Some(replaced) = secrets.replace_in(text) {
        *text = replaced;
    }
    if may_hold_secret(text) {
        *text = scan_anchored(text, Style::Marker).0;
    }
}

/// `text` with its `%XX` escapes decoded, when it has any.
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    crate::link::percent_decode(text)
}

/// The raw value of query parameter `name` (lower-case) in a URL, if present.
fn query_value<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let lower = url.to_ascii_lowercase();
    let at = find_param(&lower, name, 0)?;
    let start = at + name.len() + 1;
    let end = value_end(url, start, b"&#");
    url.get(start..end)
}

/// Where `name=` starts as a query parameter (after `?`, `&` or `;`, or at the start) at or after
/// `from` in lower-cased text.
fn find_param(lower: &str, name: &str, from: usize) -> Option<usize> {
    let needle = format!("{name}=");
    let mut pos = from;
    while let Some(found) = lower.get(pos..).and_then(|it| it.find(&needle)) {
        let at = pos + found;
        let before = at.checked_sub(1).and_then(|i| lower.as_bytes().get(i)).copied();
        if before.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_')) {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}

/// The end of a value starting at `start`: the first whitespace, quote, `<`, `>` or byte of `stop`.
fn value_end(text: &str, start: usize, stop: &[u8]) -> usize {
    text.as_bytes()
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, b)| {
            b.is_ascii_whitespace()
                || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'\\')
                || stop.contains(b)
        })
        .map_or(text.len(), |(i, _)| i)
}

/// One secret found: the byte range it occupies, its replacement, and what was removed.
struct Hit {
    start: usize,
    end: usize,
    replacement: String,
    removed: Vec<(&'static str, usize, usize)>,
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'=')
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')
}

/// Finds every secret in `text` and replaces it in the given style.
fn scan(text: &str, style: Style) -> (String, Vec<Removed>) {
    if !may_hold_secret(text) {
        return (text.to_string(), Vec::new());
    }
    scan_anchored(text, style)
}

/// [`scan`] of a text known to hold an anchor.
fn scan_anchored(text: &str, style: Style) -> (String, Vec<Removed>) {
    let lower = text.to_ascii_lowercase();
    let mut hits = Vec::new();
    find_tokens(text, &lower, style, &mut hits);
    find_private_keys(text, style, &mut hits);
    find_url_secrets(text, &lower, style, &mut hits);
    find_jwts(text, style, &mut hits);
    find_key_values(text, &lower, style, &mut hits);
    crate::sort::by_key(&mut hits, |h| (h.start, std::cmp::Reverse(h.end)));
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let (mut pos, mut line, mut counted) = (0, 1, 0);
    for hit in hits {
        if hit.start < pos {
            continue; // inside an earlier, wider hit
        }
        let (Some(before), Some(_)) = (text.get(pos..hit.start), text.get(hit.start..hit.end))
        else {
            continue;
        };
        out.push_str(before);
        out.push_str(&hit.replacement);
        line += text.get(counted..hit.start).unwrap_or_default().matches('\n').count();
        counted = hit.start;
        for (what, offset, chars) in hit.removed {
            let extra =
                text.get(hit.start..hit.start + offset).unwrap_or_default().matches('\n').count();
            removed.push(Removed { what, line: line + extra, chars });
        }
        pos = hit.end;
    }
    out.push_str(text.get(pos..).unwrap_or_default());
    (out, removed)
}

/// What every finder of [`scan`] starts from, in any case: a token prefix, a PEM BEGIN line, a
/// presigned URL's secret parameters, a JWT's first bytes, or a word in [`SECRET_KEYS`].
const ANCHORS: &[&[u8]] = &[
    b"k8s-aws-v",
    b"-----begin ",
    b"x-amz-s",
    b"eyj",
    b"token",
    b"secret",
    b"password",
    b"client-key-data",
];

/// Whether `text` holds any of the [`ANCHORS`]: most texts of a report (a certificate's fields,
/// a finding's message) hold none, and skip the finders in one pass.
fn may_hold_secret(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        let b = b.to_ascii_lowercase();
        ANCHORS.iter().any(|anchor| {
            anchor.first() == Some(&b)
                && bytes.get(i..i + anchor.len()).is_some_and(|it| it.eq_ignore_ascii_case(anchor))
        })
    })
}

/// `k8s-aws-v1.` tokens, joined over line breaks as detection joins them.
fn find_tokens(text: &str, lower: &str, style: Style, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(found) = lower.get(pos..).and_then(|it| it.find(crate::token::PREFIX)) {
        let start = pos + found;
        let body_start = start + crate::token::PREFIX.len();
        let mut end = body_start;
        while bytes.get(end).copied().is_some_and(is_token_char) {
            end += 1;
        }
        let mut body: String = text.get(body_start..end).unwrap_or_default().to_string();
        if body.is_empty() || body == PLACEHOLDER {
            pos = end.max(start + 1);
            continue; // the bare prefix, as in a message about it, or already redacted
        }
        let (first_body, first_end) = (body.clone(), end);
        // A token broken over lines: join base64 runs until the URL inside is complete.
        let mut join = crate::token::TokenJoin::new(&body);
        while body.len() <= 2 * crate::token::MAX_TOKEN_BYTES && !join.is_complete() {
            let mut next = end;
            while bytes
                .get(next)
                .copied()
                .is_some_and(|b| b == b' ' || b == b'\n' || b == b'\r' || b == b'\t')
            {
                next += 1;
            }
            let mut run_end = next;
            while bytes.get(run_end).copied().is_some_and(is_token_char) {
                run_end += 1;
            }
            // Only whole words of base64 join, as detection joins them (not `client-key-data:`).
            let whole_word = bytes
                .get(run_end)
                .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b','));
            if next == end || run_end == next || !whole_word {
                break;
            }
            let word = text.get(next..run_end).unwrap_or_default();
            body.push_str(word);
            join.push(word);
            end = run_end;
        }
        let decode = |body: &str| {
            crate::detect::decode_base64_lenient(body).and_then(|b| String::from_utf8(b).ok())
        };
        let mut decoded = decode(&body);
        if decoded.is_none() && end != first_end {
            // Joining made it undecodable (the next line was not part of it): keep the first run.
            if let Some(first) = decode(&first_body) {
                (body, end, decoded) = (first_body, first_end, Some(first));
            }
        }
        pos = end.max(start + 1);
        let whole_len = crate::token::PREFIX.len() + body.len();
        let prefix = text.get(start..body_start).unwrap_or(crate::token::PREFIX);
        let hit = match (style, decoded) {
            (Style::Marker, _) => Hit {
                start,
                end,
                replacement: marker("bearer token", whole_len),
                removed: vec![("bearer token", 0, whole_len)],
            },
            (Style::Recognisable, Some(url)) => {
                let (clean_url, removed) = scan(&url, Style::Recognisable);
                if removed.is_empty() && end - start == whole_len {
                    continue; // already redacted
                }
                let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(clean_url);
                let removed = removed.into_iter().map(|r| (r.what, 0, r.chars)).collect();
                Hit { start, end, replacement: format!("{prefix}{encoded}"), removed }
            }
            (Style::Recognisable, None) => Hit {
                start,
                end,
                replacement: format!("{prefix}{PLACEHOLDER}"),
                removed: vec![("bearer token", 0, whole_len)],
            },
        };
        hits.push(hit);
    }
}

/// `X-Amz-Signature` and `X-Amz-Security-Token` values in presigned URLs.
fn find_url_secrets(text: &str, lower: &str, style: Style, hits: &mut Vec<Hit>) {
    for (name, what, placeholder) in [
        ("x-amz-signature", "signature", ZERO_SIGNATURE),
        ("x-amz-security-token", "session token", PLACEHOLDER),
    ] {
        let mut pos = 0;
        while let Some(at) = find_param(lower, name, pos) {
            let start = at + name.len() + 1;
            let end = value_end(text, start, b"&#");
            pos = start;
            let Some(value) = text.get(start..end) else { continue };
            if value.is_empty() || value == placeholder || value.starts_with("[redacted") {
                continue;
            }
            let chars = value.chars().count();
            let replacement = match style {
                Style::Marker => marker(what, chars),
                Style::Recognisable => placeholder.to_string(),
            };
            hits.push(Hit { start, end, replacement, removed: vec![(what, 0, chars)] });
        }
    }
}

/// PEM blocks whose label holds `PRIVATE KEY`, with or without their END line.
fn find_private_keys(text: &str, style: Style, hits: &mut Vec<Hit>) {
    let mut pos = 0;
    while let Some(found) = text.get(pos..).and_then(|it| it.find("-----BEGIN ")) {
        let start = pos + found;
        let after = start + "-----BEGIN ".len();
        pos = after;
        let Some(label_len) = text.get(after..).and_then(|it| it.find("-----")) else { break };
        let label = text.get(after..after + label_len).unwrap_or_default();
        if !label.contains("PRIVATE KEY") || label.contains('\n') {
            continue;
        }
        let end_marker = format!("-----END {label}-----");
        let body = after + label_len + 5;
        let next_begin = text.get(body..).and_then(|it| it.find("-----BEGIN ")).map(|i| i + body);
        let limit = next_begin.unwrap_or(text.len());
        let end = text
            .get(body..limit)
            .and_then(|it| it.find(&end_marker))
            .map_or(limit, |i| body + i + end_marker.len());
        let block = text.get(start..end).unwrap_or_default();
        let chars = block.chars().count();
        let replacement = match style {
            Style::Marker => marker("private key", chars),
            // Dropped, its lines left blank so line numbers stay.
            Style::Recognisable => "\n".repeat(block.matches('\n').count()),
        };
        hits.push(Hit { start, end, replacement, removed: vec![("private key", 0, chars)] });
        pos = end.max(after);
    }
}

/// `eyJ….eyJ….signature` JSON Web Tokens: the signature goes.
fn find_jwts(text: &str, style: Style, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(found) = text.get(pos..).and_then(|it| it.find("eyJ")) {
        let start = pos + found;
        pos = start + 3;
        if start > 0 && bytes.get(start - 1).copied().is_some_and(is_b64url) {
            continue;
        }
        let run = |from: usize| {
            let mut end = from;
            while bytes.get(end).copied().is_some_and(is_b64url) {
                end += 1;
            }
            end
        };
        let header_end = run(start);
        if bytes.get(header_end) != Some(&b'.') {
            continue;
        }
        let payload_end = run(header_end + 1);
        if payload_end == header_end + 1 || bytes.get(payload_end) != Some(&b'.') {
            continue;
        }
        let sig_start = payload_end + 1;
        let sig_end = run(sig_start);
        pos = sig_end.max(pos);
        let Some(signature) = text.get(sig_start..sig_end) else { continue };
        if signature.is_empty() || signature == PLACEHOLDER {
            continue;
        }
        let chars = signature.chars().count();
        let replacement = match style {
            Style::Marker => marker("JWT signature", chars),
            Style::Recognisable => PLACEHOLDER.to_string(),
        };
        hits.push(Hit {
            start: sig_start,
            end: sig_end,
            replacement,
            removed: vec![("JWT signature", 0, chars)],
        });
    }
}

/// Keys whose values are secrets, in JSON, YAML, INI and environment forms (lower case).
const SECRET_KEYS: &[(&str, &str)] = &[
    ("secretaccesskey", "secret access key"),
    ("secret_access_key", "secret access key"),
    ("sessiontoken", "session token"),
    ("session_token", "session token"),
    ("security_token", "session token"),
    ("client-key-data", "client key"),
    ("token", "token"),
    ("password", "password"),
];

/// `key: value`, `"key": "value"`, `key = value` and `KEY=value` for the keys above.
fn find_key_values(text: &str, lower: &str, style: Style, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    for (key, what) in SECRET_KEYS {
        let mut pos = 0;
        while let Some(found) = lower.get(pos..).and_then(|it| it.find(key)) {
            let at = pos + found;
            pos = at + key.len();
            let before = at.checked_sub(1).and_then(|i| bytes.get(i)).copied();
            // `aws_secret_access_key` and `AWS_SESSION_TOKEN` count; `id_token` or `x-token` do not.
            let boundary_ok = match before {
                None => true,
                Some(b'_') => *key != "token",
                Some(b) => !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
            };
            if !boundary_ok {
                continue;
            }
            let mut idx = pos;
            let quoted_key = matches!(bytes.get(idx), Some(b'"' | b'\''));
            if quoted_key {
                idx += 1;
            }
            while bytes.get(idx) == Some(&b' ') || bytes.get(idx) == Some(&b'\t') {
                idx += 1;
            }
            if !matches!(bytes.get(idx), Some(b':' | b'=')) {
                continue;
            }
            idx += 1;
            while bytes.get(idx) == Some(&b' ') || bytes.get(idx) == Some(&b'\t') {
                idx += 1;
            }
            let quote = bytes.get(idx).copied().filter(|b| matches!(b, b'"' | b'\''));
            if quote.is_some() {
                idx += 1;
            }
            let start = idx;
            let end = match quote {
                Some(q) => text
                    .as_bytes()
                    .iter()
                    .enumerate()
                    .skip(start)
                    .find(|(_, b)| **b == q || **b == b'\n')
                    .map_or(text.len(), |(i, _)| i),
                None => value_end(text, start, b",}]&;"),
            };
            let Some(value) = text.get(start..end) else { continue };
            let trimmed = value.trim_end_matches('…');
            if trimmed.is_empty()
                || trimmed == PLACEHOLDER
                || trimmed.starts_with("[redacted")
                || trimmed.starts_with('|')
                || trimmed.starts_with('>')
                || (*key == "token" && !looks_secret(trimmed))
                // Tokens and JWTs are redacted by their own rules, which keep them recognisable.
                || trimmed.to_ascii_lowercase().contains(crate::token::PREFIX)
                || trimmed.contains("eyJ")
            {
                continue;
            }
            let chars = value.chars().count();
            let replacement = match style {
                Style::Marker => marker(what, chars),
                Style::Recognisable => PLACEHOLDER.to_string(),
            };
            hits.push(Hit { start, end, replacement, removed: vec![(what, 0, chars)] });
            pos = end.max(pos);
        }
    }
}

/// A `token:` value worth hiding: long enough and not an ordinary word or a reference.
fn looks_secret(value: &str) -> bool {
    value.len() >= 16 && !value.contains(' ') && !value.starts_with('$') && !value.starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path skips only text that no finder could match: every key and prefix a finder
    /// looks for holds an anchor.
    #[test]
    fn anchors_cover_every_finder() {
        let starts = [
            crate::token::PREFIX,
            "-----BEGIN RSA PRIVATE KEY-----",
            "X-Amz-Signature=",
            "X-Amz-Security-Token=",
            "eyJhbGciOiJSUzI1NiJ9",
        ];
        for key in SECRET_KEYS.iter().map(|(key, _)| *key).chain(starts) {
            assert!(may_hold_secret(key), "{key}");
        }
        assert!(!may_hold_secret("CN=ISRG Root X1, O=Internet Security Research Group, C=US"));
        assert!(!may_hold_secret(""));
    }
}
