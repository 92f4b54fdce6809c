//! EKS bearer tokens: `k8s-aws-v1.` + base64url of a presigned STS `GetCallerIdentity` URL.
//!
//! [`inspect_token`] checks a token exactly as aws-iam-authenticator's `tokenVerifier.Verify` does
//! before it calls STS (`eks-auth.md` §2.2), reporting the first failing check with the
//! authenticator's own message, and independently decodes everything it can for display.
//! Go semantics are followed where they matter: `RawURLEncoding`, `url.Parse`, `url.ParseQuery`,
//! `strconv.Atoi` and `time.Parse`.

use time::{Duration, OffsetDateTime};

use crate::access_key;
use crate::facts::{Fact, TokenSigner};
use crate::findings::Id;
use crate::report::{Artefact, Finding, Kind, Source};
use crate::when;

mod go;

use go::{go_atoi, go_parse_query, go_quote, go_time_string, go_url_parse, percent_decode};
pub use go::{go_raw_url_decode, parse_amz_date};

/// The token prefix, case-sensitive.
pub const PREFIX: &str = "k8s-aws-v1.";
/// `maxTokenLenBytes`: the whole token, prefix included.
pub const MAX_TOKEN_BYTES: usize = 4096;
/// The authenticator accepts a token for this long after `X-Amz-Date`, whatever `X-Amz-Expires` says.
pub const LIFETIME_MINUTES: i64 = 15;
/// Tokens larger than this get a warning that they are close to the limit.
const NEAR_LIMIT_BYTES: usize = 3584;
/// The query parameters the authenticator allows, lower-cased.
const ALLOWED_PARAMS: &[&str] = &[
    "action",
    "version",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-expires",
    "x-amz-security-token",
    "x-amz-signature",
    "x-amz-signedheaders",
];
const FORMAT_ERROR: &str = "input token was not properly formatted: ";

/// How a token was found in the input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Whitespace or line breaks inside it were removed before checking.
    pub joined: bool,
    /// It came from a kubeconfig `users[].user.token` (a static token).
    pub kubeconfig: bool,
}

/// A token broken over lines or by stray spaces, joined word by word until the URL inside is
/// complete: it has an `X-Amz-Signature=` followed by 64 hex digits (the last such marker, as the
/// display decodes it). Each word is decoded once, so joining thousands of words stays linear.
/// Lenient like the display: `+` and `/` count as `-` and `_`, other characters are skipped.
pub struct TokenJoin {
    /// The URL's bytes from whole base64 quanta.
    bytes: Vec<u8>,
    /// Bits of the quantum in progress, and how many characters it has.
    acc: u32,
    n: u32,
    /// Where the last marker found in `bytes` starts, and how far `bytes` has been searched.
    marker: Option<usize>,
    searched: usize,
}

const SIGNATURE_MARKER: &[u8] = b"X-Amz-Signature=";

impl TokenJoin {
    /// Starts with the token's first word (its `k8s-aws-vN.` prefix, in any case, is skipped).
    pub fn new(first: &str) -> TokenJoin {
        let mut join = TokenJoin { bytes: Vec::new(), acc: 0, n: 0, marker: None, searched: 0 };
        join.push(token_body(first));
        join
    }

    /// Adds the next word.
    pub fn push(&mut self, word: &str) {
        for byte in word.bytes() {
            let v = match byte {
                b'A'..=b'Z' => byte - b'A',
                b'a'..=b'z' => byte - b'a' + 26,
                b'0'..=b'9' => byte - b'0' + 52,
                b'-' | b'+' => 62,
                b'_' | b'/' => 63,
                _ => continue,
            };
            self.acc = (self.acc << 6) | u32::from(v);
            self.n += 1;
            if self.n == 4 {
                let acc = self.acc;
                self.bytes.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
                (self.acc, self.n) = (0, 0);
            }
        }
        let from = self.searched.saturating_sub(SIGNATURE_MARKER.len() - 1);
        if let Some(at) = self.bytes.get(from..).and_then(rfind_marker) {
            self.marker = Some(from + at);
        }
        self.searched = self.bytes.len();
    }

    /// Whether the URL so far ends in a complete signature.
    pub fn is_complete(&self) -> bool {
        // The quantum in progress decodes to 0, 1 or 2 more bytes (trailing bits ignored).
        let tail: &[u8] = match self.n {
            2 => &[(self.acc >> 4) as u8],
            3 => &[(self.acc >> 10) as u8, (self.acc >> 2) as u8],
            _ => &[],
        };
        let byte_at = |i: usize| {
            self.bytes.get(i).or_else(|| tail.get(i.checked_sub(self.bytes.len())?)).copied()
        };
        // A marker may end inside the tail.
        let window_start = self.bytes.len().saturating_sub(SIGNATURE_MARKER.len() - 1);
        let window: Vec<u8> =
            (window_start..self.bytes.len() + tail.len()).filter_map(byte_at).collect();
        let marker = rfind_marker(&window).map(|at| window_start + at).or(self.marker);
        marker.is_some_and(|at| {
            let sig = at + SIGNATURE_MARKER.len();
            (sig..sig + 64).all(|i| byte_at(i).is_some_and(|b| b.is_ascii_hexdigit()))
        })
    }
}

fn rfind_marker(bytes: &[u8]) -> Option<usize> {
    bytes.windows(SIGNATURE_MARKER.len()).rposition(|w| w == SIGNATURE_MARKER)
}

/// Decodes base64url or base64, ignoring anything outside the alphabets, for display only.
fn lenient_base64url(text: &str) -> Vec<u8> {
    let mut clean: String = text
        .chars()
        .filter_map(|c| match c {
            '+' => Some('-'),
            '/' => Some('_'),
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect();
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    go_raw_url_decode(&clean).unwrap_or_default()
}

/// A token without its `k8s-aws-vN.` prefix, found in any case and with any version so that a
/// mangled prefix still decodes; the whole text when there is no prefix.
fn token_body(token: &str) -> &str {
    match token.get(..9) {
        Some(head) if head.eq_ignore_ascii_case("k8s-aws-v") => {
            let rest = token.get(9..).unwrap_or_default();
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            match rest.as_bytes().get(digits) {
                Some(b'.') if digits > 0 => rest.get(digits + 1..).unwrap_or_default(),
                _ => token,
            }
        }
        _ => token,
    }
}

/// The URL inside a token, for display: the prefix dropped, then lenient base64url.
fn lenient_url(token: &str) -> String {
    // Bytes that are not text show as `\xNN`, never as U+FFFD.
    go::escape_text(&go::bytes_to_text(&lenient_base64url(token_body(token))))
}

/// `at` + `minutes`, saturating at the end of the representable range (year 9999) instead of
/// panicking, which `+` would do for a token dated 9999-12-31T23:59:59Z.
/// A token signed more than this many seconds ahead of `now` gets `token.future`.
const FUTURE_SECONDS: i64 = 60;

fn plus_minutes(at: OffsetDateTime, minutes: i64) -> OffsetDateTime {
    at.checked_add(Duration::minutes(minutes)).unwrap_or(at)
}

// ---------------------------------------------------------------------------------------------
// STS hosts and partitions.

/// A partition's STS domains.
struct Partition {
    id: &'static str,
    domain: &'static str,
    dualstack: Option<&'static str>,
    /// GovCloud's FIPS endpoint is the plain host.
    fips_is_plain: bool,
}

const AWS: Partition = Partition {
    id: "aws",
    domain: "amazonaws.com",
    dualstack: Some("api.aws"),
    fips_is_plain: false,
};

const PARTITIONS: &[Partition] = &[
    AWS,
    Partition {
        id: "aws-cn",
        domain: "amazonaws.com.cn",
        dualstack: Some("api.amazonwebservices.com.cn"),
        fips_is_plain: false,
    },
    Partition {
        id: "aws-us-gov",
        domain: "amazonaws.com",
        dualstack: Some("api.aws"),
        fips_is_plain: true,
    },
    Partition { id: "aws-iso", domain: "c2s.ic.gov", dualstack: None, fips_is_plain: false },
    Partition { id: "aws-iso-b", domain: "sc2s.sgov.gov", dualstack: None, fips_is_plain: false },
    Partition { id: "aws-iso-e", domain: "cloud.adc-e.uk", dualstack: None, fips_is_plain: false },
    Partition { id: "aws-iso-f", domain: "csp.hci.ic.gov", dualstack: None, fips_is_plain: false },
    Partition {
        id: "aws-eusc",
        domain: "amazonaws.eu",
        dualstack: Some("api.amazonwebservices.eu"),
        fips_is_plain: false,
    },
];

/// The partition a region belongs to, by the SDK's region patterns; unknown regions are `aws`.
fn partition_of_region(region: &str) -> &'static Partition {
    let labels: Vec<&str> = region.split('-').collect();
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let id = match labels.as_slice() {
        ["cn", w, n] if word(w) && num(n) => "aws-cn",
        ["us", "gov", w, n] if word(w) && num(n) => "aws-us-gov",
        ["us", "iso", w, n] if word(w) && num(n) => "aws-iso",
        ["us", "isob", w, n] if word(w) && num(n) => "aws-iso-b",
        ["eu", "isoe", w, n] if word(w) && num(n) => "aws-iso-e",
        ["us", "isof", w, n] if word(w) && num(n) => "aws-iso-f",
        ["eusc", "de", w, n] if word(w) && num(n) => "aws-eusc",
        _ => "aws",
    };
    PARTITIONS.iter().find(|p| p.id == id).unwrap_or(&AWS)
}

/// What kind of STS endpoint a host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointKind {
    /// `sts.amazonaws.com`.
    Global,
    /// `sts.<region>.<domain>`.
    Regional,
    /// `sts-fips.<region>.<domain>`.
    Fips,
    /// `sts.<region>.<dual-stack domain>`.
    DualStack,
    /// `sts-fips.<region>.<dual-stack domain>`.
    FipsDualStack,
}

impl EndpointKind {
    fn describe(self) -> &'static str {
        match self {
            EndpointKind::Global => "legacy global endpoint",
            EndpointKind::Regional => "regional",
            EndpointKind::Fips => "regional, FIPS",
            EndpointKind::DualStack => "regional, dual-stack (IPv4 and IPv6)",
            EndpointKind::FipsDualStack => "regional, FIPS, dual-stack",
        }
    }
}

/// A host the authenticator accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsHost {
    /// `global` or the region label.
    pub region: String,
    /// The partition the host belongs to.
    pub partition: &'static str,
    /// The endpoint kind.
    pub kind: EndpointKind,
}

/// The authenticator's v0.7 host check (`eks-auth.md` §2.3), assuming the cluster is in the
/// partition the host's region belongs to. The error is the authenticator's message.
pub fn check_host(host: &str) -> Result<StsHost, String> {
    let wrap = |err: &str| {
        format!("{FORMAT_ERROR}could not parse region for pre-signed URL {host}, {err}")
    };
    if host.is_empty() {
        return Err(wrap("host is empty"));
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 3 {
        return Err(wrap(&format!("invalid host format: {host}")));
    }
    if host == "sts.amazonaws.com" {
        return Ok(StsHost {
            region: String::from("global"),
            partition: "aws",
            kind: EndpointKind::Global,
        });
    }
    let region = labels.get(1).copied().unwrap_or_default();
    let region_ok = !region.is_empty()
        && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if !region_ok {
        return Err(format!("{FORMAT_ERROR}invalid region identifier format provided: {region}"));
    }
    let partition = partition_of_region(region);
    let plain = format!("sts.{region}.{}", partition.domain);
    let fips = if partition.fips_is_plain {
        plain.clone()
    } else {
        format!("sts-fips.{region}.{}", partition.domain)
    };
    let mut candidates = vec![(plain, EndpointKind::Regional), (fips, EndpointKind::Fips)];
    if let Some(ds) = partition.dualstack {
        candidates.push((format!("sts.{region}.{ds}"), EndpointKind::DualStack));
        candidates.push((format!("sts-fips.{region}.{ds}"), EndpointKind::FipsDualStack));
    }
    match candidates.into_iter().find(|(candidate, _)| candidate == host) {
        Some((_, kind)) => {
            Ok(StsHost { region: region.to_string(), partition: partition.id, kind })
        }
        None => {
            Err(format!("{FORMAT_ERROR}unexpected hostname {} in pre-signed URL", go_quote(host)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Verification.

/// The authenticator's checks, in the order it makes them (`eks-auth.md` §2.2). Only the first
/// failing one is reported, as the authenticator does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// `token.too-large`
    TooLarge,
    /// `token.missing-prefix`
    MissingPrefix,
    /// `token.bad-base64`
    BadBase64,
    /// `token.bad-url`
    BadUrl,
    /// `token.scheme`
    Scheme,
    /// `token.host`
    Host,
    /// `token.path`
    Path,
    /// `token.query-malformed`
    QueryMalformed,
    /// `token.query-duplicate`
    QueryDuplicate,
    /// `token.query-unexpected-param`
    QueryUnexpectedParam,
    /// `token.query-multi-value`
    QueryMultiValue,
    /// `token.action`
    Action,
    /// `token.unsigned-cluster-header`
    UnsignedClusterHeader,
    /// `token.expires-param`
    ExpiresParam,
    /// `token.date-missing`
    DateMissing,
    /// `token.date-format`
    DateFormat,
    /// `token.expired`
    Expired,
}

impl Check {
    /// Every check, in order.
    pub const ALL: [Check; 17] = [
        Check::TooLarge,
        Check::MissingPrefix,
        Check::BadBase64,
        Check::BadUrl,
        Check::Scheme,
        Check::Host,
        Check::Path,
        Check::QueryMalformed,
        Check::QueryDuplicate,
        Check::QueryUnexpectedParam,
        Check::QueryMultiValue,
        Check::Action,
        Check::UnsignedClusterHeader,
        Check::ExpiresParam,
        Check::DateMissing,
        Check::DateFormat,
        Check::Expired,
    ];

    /// The catalogue entry that explains this check failing.
    pub fn id(self) -> Id {
        match self {
            Check::TooLarge => Id::TokenTooLarge,
            Check::MissingPrefix => Id::TokenMissingPrefix,
            Check::BadBase64 => Id::TokenBadBase64,
            Check::BadUrl => Id::TokenBadUrl,
            Check::Scheme => Id::TokenScheme,
            Check::Host => Id::TokenHost,
            Check::Path => Id::TokenPath,
            Check::QueryMalformed => Id::TokenQueryMalformed,
            Check::QueryDuplicate => Id::TokenQueryDuplicate,
            Check::QueryUnexpectedParam => Id::TokenQueryUnexpectedParam,
            Check::QueryMultiValue => Id::TokenQueryMultiValue,
            Check::Action => Id::TokenAction,
            Check::UnsignedClusterHeader => Id::TokenUnsignedClusterHeader,
            Check::ExpiresParam => Id::TokenExpiresParam,
            Check::DateMissing => Id::TokenDateMissing,
            Check::DateFormat => Id::TokenDateFormat,
            Check::Expired => Id::TokenExpired,
        }
    }
}

/// The first failing check, with the authenticator's message for it.
struct Failure {
    check: Check,
    authenticator: String,
}

fn fail(check: Check, authenticator: impl Into<String>) -> Failure {
    Failure { check, authenticator: authenticator.into() }
}

/// Runs the authenticator's checks on a token; `Ok` carries the signing date.
fn verify_token(token: &str, now: OffsetDateTime) -> Result<OffsetDateTime, Failure> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(fail(Check::TooLarge, format!("{FORMAT_ERROR}token is too large")));
    }
    let Some(body) = token.strip_prefix(PREFIX) else {
        return Err(fail(
            Check::MissingPrefix,
            format!("{FORMAT_ERROR}token is missing expected \"{PREFIX}\" prefix"),
        ));
    };
    let bytes = go_raw_url_decode(body).map_err(|at| {
        fail(Check::BadBase64, format!("{FORMAT_ERROR}illegal base64 data at input byte {at}"))
    })?;
    verify_url(&go::bytes_to_text(&bytes), now)
}

/// The checks from `url.Parse` on (steps 4 to 19).
fn verify_url(url_text: &str, now: OffsetDateTime) -> Result<OffsetDateTime, Failure> {
    let url = go_url_parse(url_text)
        .map_err(|err| fail(Check::BadUrl, format!("{FORMAT_ERROR}{err}")))?;
    if url.scheme != "https" {
        return Err(fail(
            Check::Scheme,
            format!("{FORMAT_ERROR}unexpected scheme {} in pre-signed URL", go_quote(&url.scheme)),
        ));
    }
    check_host(&url.host).map_err(|err| fail(Check::Host, err))?;
    if url.path != "/" {
        return Err(fail(Check::Path, format!("{FORMAT_ERROR}unexpected path in pre-signed URL")));
    }
    let (values, err) = go_parse_query(&url.raw_query);
    if err.is_some() {
        return Err(fail(
            Check::QueryMalformed,
            format!("{FORMAT_ERROR}malformed query parameter"),
        ));
    }
    let mut seen: Vec<String> = Vec::new();
    for (key, _) in &values {
        let lower = key.to_ascii_lowercase();
        if seen.contains(&lower) {
            return Err(fail(
                Check::QueryDuplicate,
                format!("{FORMAT_ERROR}duplicate query parameter found: {}", go_quote(key)),
            ));
        }
        seen.push(lower);
    }
    let mut lower_values: Vec<(String, String)> = Vec::new();
    for (key, vs) in &values {
        let lower = key.to_ascii_lowercase();
        if !ALLOWED_PARAMS.contains(&lower.as_str()) {
            return Err(fail(
                Check::QueryUnexpectedParam,
                format!("{FORMAT_ERROR}non-whitelisted query parameter {}", go_quote(key)),
            ));
        }
        let [value] = vs.as_slice() else {
            return Err(fail(
                Check::QueryMultiValue,
                format!("{FORMAT_ERROR}query parameter with multiple values not supported"),
            ));
        };
        lower_values.push((lower, value.clone()));
    }
    let get =
        |key: &str| lower_values.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.as_str());
    if get("action") != "GetCallerIdentity" {
        return Err(fail(
            Check::Action,
            format!("{FORMAT_ERROR}unexpected action parameter in pre-signed URL"),
        ));
    }
    if !get("x-amz-signedheaders").split(';').any(|h| h.eq_ignore_ascii_case("x-k8s-aws-id")) {
        return Err(fail(
            Check::UnsignedClusterHeader,
            format!(
                "{FORMAT_ERROR}client did not sign the x-k8s-aws-id header in the pre-signed URL"
            ),
        ));
    }
    let expires = go_atoi(get("x-amz-expires"));
    if !expires.is_some_and(|v| (0..=900).contains(&v)) {
        return Err(fail(
            Check::ExpiresParam,
            format!(
                "{FORMAT_ERROR}invalid X-Amz-Expires parameter in pre-signed URL: {}",
                expires.unwrap_or(0)
            ),
        ));
    }
    let date_text = get("x-amz-date");
    if date_text.is_empty() {
        return Err(fail(
            Check::DateMissing,
            format!("{FORMAT_ERROR}X-Amz-Date parameter must be present in pre-signed URL"),
        ));
    }
    let date = parse_amz_date(date_text).map_err(|err| {
        fail(
            Check::DateFormat,
            format!("{FORMAT_ERROR}error parsing X-Amz-Date parameter {date_text} into format 20060102T150405Z: {err}"),
        )
    })?;
    if now > plus_minutes(date, LIFETIME_MINUTES) {
        return Err(fail(
            Check::Expired,
            format!(
                "{FORMAT_ERROR}X-Amz-Date parameter is expired (15 minute expiration) {}",
                go_time_string(date)
            ),
        ));
    }
    Ok(date)
}

// ---------------------------------------------------------------------------------------------
// Description for display (lenient: works on broken tokens too).

/// The query parameters of a URL, decoded leniently, keys as written.
fn lenient_query(url_text: &str) -> Vec<(String, String)> {
    let query = url_text.split_once('?').map_or("", |(_, q)| q);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    query
        .split(['&', ';'])
        .filter(|it| !it.is_empty())
        .map(|segment| {
            let (k, v) = segment.split_once('=').unwrap_or((segment, ""));
            // For display: bytes that are not text as `\xNN`.
            let decode = |s: &str| {
                go::escape_text(&percent_decode(s, true).unwrap_or_else(|_| s.to_string()))
            };
            (decode(k), decode(v))
        })
        .collect()
}

fn lenient_host(url_text: &str) -> String {
    let after = url_text.split_once("://").map_or(url_text, |(_, rest)| rest);
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    after.get(..end).unwrap_or_default().to_string()
}

/// `e211dba7…47f5ce`.
fn abbreviate(text: &str) -> String {
    let n = text.chars().count();
    if n <= 16 {
        return text.to_string();
    }
    let head: String = text.chars().take(8).collect();
    let tail: String = text.chars().skip(n - 6).collect();
    format!("{head}…{tail}")
}

/// Thousands separators: 4096 → "4,096".
pub fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut res = String::new();
    for (idx, c) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx) % 3 == 0 {
            res.push(',');
        }
        res.push(c);
    }
    res
}

/// Describes the URL (fields and warnings) and returns the signing date if it parses.
fn describe_url(url_text: &str, art: &mut Artefact, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let params = lenient_query(url_text);
    let get = |name: &str| {
        params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    };

    // Who signed.
    let credential = get("X-Amz-Credential").unwrap_or_default();
    let mut scope = credential.split('/');
    let key_id = scope.next().unwrap_or_default();
    let (scope_date, scope_region, scope_service) = (scope.next(), scope.next(), scope.next());
    if !key_id.is_empty() {
        access_key::describe_into(key_id, art);
    }
    let has_session_token = get("X-Amz-Security-Token").is_some_and(|t| !t.is_empty());
    if let Some(what) = access_key::session_token_mismatch(key_id, has_session_token) {
        // A warning here: every check the authenticator makes before STS passes, and a token has
        // at most one failing check (the fuzz target holds to that).
        art.findings.push(Finding::of(Id::CredentialsKeyTokenMismatch).severity(crate::report::Severity::Warning).message(format!(
            "The token was signed with access key {key_id}, which {what}. It passes the checks made before STS, but STS refuses it when the API server asks (InvalidClientTokenId), so EKS answers 401 Unauthorized."
        )));
    }
    match get("X-Amz-Security-Token") {
        Some(session) => {
            art.field(
                "session_token",
                "Session token",
                format!("present ({} characters)", group_digits(session.len())),
            );
            art.secret_field("session_token_value", "Session token value", session);
        }
        None if key_id.starts_with("ASIA") => {
            art.field("session_token", "Session token", "absent (an ASIA key needs one)")
        }
        None => art.field("session_token", "Session token", "absent (long-term credentials)"),
    }

    // Where.
    let host = lenient_host(url_text);
    art.field("sts_host", "STS host", host.as_str());
    let host_info = check_host(&host).ok();
    if let Some(info) = &host_info {
        art.field("partition", "Partition", info.partition);
        art.field("endpoint_kind", "Endpoint", info.kind.describe());
        art.field("host_region", "Region in the host", info.region.as_str());
    }
    if !key_id.is_empty() || host_info.is_some() {
        art.facts.push(Fact::TokenSigner(TokenSigner {
            access_key_id: (!key_id.is_empty()).then(|| key_id.to_string()),
            partition: host_info.as_ref().map(|info| info.partition.to_string()),
            global: host_info.as_ref().is_some_and(|info| info.kind == EndpointKind::Global),
            signed_at: get("X-Amz-Date").and_then(|d| parse_amz_date(d).ok()),
        }));
    }
    if let Some(region) = scope_region {
        art.field("signing_region", "Signing region (credential scope)", region);
    }
    if let Some(service) = scope_service {
        art.field("signing_service", "Signing service", service);
    }
    if let Some(date) = scope_date {
        art.field("signing_scope_date", "Credential scope date", date);
    }

    // When.
    let date_text = get("X-Amz-Date").unwrap_or_default();
    let signed_at = parse_amz_date(date_text).ok();
    if let Some(signed_at) = signed_at {
        let valid_until = plus_minutes(signed_at, LIFETIME_MINUTES);
        art.field("signed_at", "Signed at (X-Amz-Date)", when::rfc3339(signed_at));
        art.field("valid_until", "Valid until (X-Amz-Date + 15 min)", when::rfc3339(valid_until));
        let words = ["signed in the future by", "valid for"];
        let clock = when::Clock::Window { from: Some(signed_at), until: valid_until, words };
        art.live_field("validity", "Validity now", clock, now);
        // token.expired (and a static kubeconfig token's staleness), then token.future.
        art.facts.push(Fact::TimeBoundary(valid_until));
        let future_until = signed_at.checked_add(Duration::seconds(-FUTURE_SECONDS - 1));
        art.facts.extend(future_until.map(Fact::TimeBoundary));
    } else if !date_text.is_empty() {
        art.field("signed_at", "Signed at (X-Amz-Date)", format!("{date_text} (not a valid date)"));
    }
    if let Some(expires) = get("X-Amz-Expires") {
        art.field(
            "x_amz_expires",
            "X-Amz-Expires",
            format!("{expires} s (does not set the lifetime: the authenticator allows 15 min from X-Amz-Date)"),
        );
    }

    // What it asserts.
    if let Some(action) = get("Action") {
        art.field("action", "Action", action);
    }
    if let Some(version) = get("Version") {
        art.field("version", "API version", version);
    }
    if let Some(algorithm) = get("X-Amz-Algorithm") {
        art.field("algorithm", "Algorithm", algorithm);
    }
    let signed_headers = get("X-Amz-SignedHeaders").unwrap_or_default();
    art.field("signed_headers", "Signed headers", signed_headers);
    let cluster_signed = signed_headers.split(';').any(|h| h.eq_ignore_ascii_case("x-k8s-aws-id"));
    art.field(
        "cluster_header_signed",
        "x-k8s-aws-id signed",
        if cluster_signed { "yes" } else { "no" },
    );
    if let Some(signature) = get("X-Amz-Signature") {
        art.field("signature", "Signature", abbreviate(signature));
    }

    // What a token cannot tell.
    art.field(
        "cluster_name",
        "Cluster name",
        "not in the token: it is signed as the x-k8s-aws-id header, whose value is not sent. Read it from the kubeconfig exec args (--cluster-name).",
    );
    art.field(
        "identity",
        "IAM identity (role, session name)",
        "not in the token: STS tells the cluster. Run `aws sts get-caller-identity` with the same credentials and paste its output here.",
    );
    art.field(
        "signature_valid",
        "Signature valid?",
        "cannot be checked offline: only STS holds the secret key. It fails if the cluster name or credentials differ.",
    );

    warnings(art, &params, host_info.as_ref(), scope_region, key_id, signed_at, now);
    signed_at
}

fn warnings(
    art: &mut Artefact,
    params: &[(String, String)],
    host: Option<&StsHost>,
    scope_region: Option<&str>,
    key_id: &str,
    signed_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) {
    let get = |name: &str| {
        params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    };
    if let Some(signed_at) = signed_at {
        let ahead = (signed_at - now).whole_seconds();
        if ahead > FUTURE_SECONDS {
            art.findings.push(
                Finding::of(Id::TokenFuture).message(format!(
                        "The token was signed {} in the future. The authenticator does not reject this, but it means the clock of the machine that made it (or the one you are checking on) is wrong, and STS may refuse the signature.",
                        when::duration(ahead)
                    )),
            );
        }
    }
    if let Some(host) = host {
        if host.kind == EndpointKind::Global {
            art.findings.push(Finding::of(Id::TokenGlobalEndpoint));
        }
        let expected =
            if host.kind == EndpointKind::Global { "us-east-1" } else { host.region.as_str() };
        if let Some(region) = scope_region {
            if region != expected {
                art.findings.push(Finding::of(Id::TokenRegionMismatch).message(format!("The credential scope names region {region} but the host {} expects {expected}. STS will reject the signature.", if host.kind == EndpointKind::Global { "sts.amazonaws.com" } else { "region" })));
            }
        }
    }
    if key_id.starts_with("AKIA") {
        art.findings.push(Finding::of(Id::TokenLongTermKey));
    }
    if !key_id.is_empty()
        && access_key::decode_account(key_id) == access_key::AccountDecode::OldFormat
    {
        art.findings.push(Finding::of(Id::TokenOldFormatKey));
    }
    if let Some(expires) = get("X-Amz-Expires") {
        if expires != "60" && go_atoi(expires).is_some_and(|v| (0..=900).contains(&v)) {
            art.findings.push(Finding::of(Id::TokenExpiresNot60).message(format!("X-Amz-Expires is {expires}, not the 60 that aws eks get-token and aws-iam-authenticator use. It does not change how long EKS accepts the token (15 minutes from X-Amz-Date).")));
        }
    }
}

/// Inspects a `k8s-aws-v1.` token (detection has already removed surrounding text).
pub fn inspect_token(token: &str, source: Source, now: OffsetDateTime, origin: Origin) -> Artefact {
    let mut art = Artefact::new(Kind::EksToken, source);
    art.secret_field("token", "Token", token);
    let size = token.len();
    art.field(
        "token_size",
        "Size",
        format!(
            "{} of {} bytes ({}%)",
            group_digits(size),
            group_digits(MAX_TOKEN_BYTES),
            size * 100 / MAX_TOKEN_BYTES
        ),
    );
    let url_text = lenient_url(token);
    art.secret_field("url", "Presigned URL", url_text.as_str());
    if origin.joined {
        art.findings.push(Finding::of(Id::TokenWhitespaceRemoved));
    }
    let signed_at = describe_url(&url_text, &mut art, now);
    match verify_token(token, now) {
        Ok(_) => art.findings.push(Finding::of(Id::TokenLocallyValid)),
        Err(failure) => push_failure(&mut art, failure),
    }
    if size > NEAR_LIMIT_BYTES && size <= MAX_TOKEN_BYTES {
        art.findings.push(
            Finding::of(Id::TokenSizeNearLimit).message(format!("The token is {} bytes, close to the authenticator's 4,096-byte limit; a slightly longer session token will push it over.", group_digits(size))),
        );
    }
    if origin.kubeconfig {
        let stale = signed_at.map(|at| now > plus_minutes(at, LIFETIME_MINUTES)).unwrap_or(true);
        art.findings.push(
            Finding::of(Id::TokenStaticInKubeconfig).message(if stale {
                    "This kubeconfig holds a static token, and it has expired. Static EKS tokens last 15 minutes; kubectl cannot refresh them."
                } else {
                    "This kubeconfig holds a static token. EKS tokens last 15 minutes and kubectl cannot refresh a static one, so this kubeconfig stops working soon."
                }),
        );
    }
    art
}

/// Inspects a presigned STS URL pasted on its own.
pub fn inspect_url(url_text: &str, source: Source, now: OffsetDateTime) -> Artefact {
    let mut art = Artefact::new(Kind::StsPresignedUrl, source);
    art.secret_field("url", "Presigned URL", url_text);
    describe_url(url_text, &mut art, now);
    match verify_url(url_text, now) {
        Ok(_) => art.findings.push(Finding::of(Id::TokenLocallyValid).message("Passes every check the authenticator makes before calling STS. As a bearer token it is `k8s-aws-v1.` + base64url of this URL.")),
        Err(failure) => push_failure(&mut art, failure),
    }
    art
}

fn push_failure(art: &mut Artefact, failure: Failure) {
    art.findings.push(Finding::of(failure.check.id()).with_authenticator(failure.authenticator));
}

/// Client expiry computed by `aws eks get-token`: signing time + 14 minutes.
pub const CLIENT_EXPIRY_MINUTES: i64 = 14;

/// Inspects `aws eks get-token` / `aws-iam-authenticator token` ExecCredential output: one artefact
/// for the ExecCredential and one for the token inside.
pub fn inspect_exec_credential(
    value: &serde_json::Value,
    source: Source,
    now: OffsetDateTime,
) -> Vec<Artefact> {
    let mut art = Artefact::new(Kind::ExecCredential, source.clone());
    let api_version = value.get("apiVersion").and_then(|it| it.as_str()).unwrap_or_default();
    art.field("api_version", "apiVersion", api_version);
    match api_version {
        "client.authentication.k8s.io/v1" | "client.authentication.k8s.io/v1beta1" => {}
        "client.authentication.k8s.io/v1alpha1" => art.findings.push(
            Finding::of(Id::ExecApiVersionDeprecated),
        ),
        _ => art.findings.push(Finding::of(Id::ExecApiVersion).message(format!("Unexpected apiVersion \"{api_version}\": expected client.authentication.k8s.io/v1, v1beta1 or v1alpha1."))),
    }
    let status = value.get("status");
    let token =
        status.and_then(|it| it.get("token")).and_then(|it| it.as_str()).unwrap_or_default();
    let expiration = status.and_then(|it| it.get("expirationTimestamp")).and_then(|it| it.as_str());
    let mut res = Vec::new();
    let mut token_art = None;
    if token.is_empty() {
        art.findings.push(Finding::of(Id::ExecNoToken));
    } else {
        let compact: String = token.chars().filter(|c| !c.is_whitespace()).collect();
        token_art = Some(inspect_token(&compact, source, now, Origin::default()));
    }
    if let Some(expiration) = expiration {
        art.field("expiration_timestamp", "expirationTimestamp", expiration);
        match when::parse_rfc3339(expiration) {
            Some(at) => {
                let clock = when::Clock::Relative { at, stamped: false };
                art.live_field("client_expiry", "Client refreshes", clock, now);
                let signed_at =
                    token_art.as_ref().and_then(|t| t.get("signed_at")).and_then(when::parse_rfc3339);
                if let Some(signed_at) = signed_at {
                    let expected = plus_minutes(signed_at, CLIENT_EXPIRY_MINUTES);
                    let off = (at - expected).whole_seconds();
                    if off.abs() <= 60 {
                        art.field("expiry_agreement", "Agrees with the token", "yes: X-Amz-Date + 14 min, one minute before the server's 15-minute limit");
                    } else {
                        art.field("expiry_agreement", "Agrees with the token", format!("no: {} {} X-Amz-Date + 14 min", when::duration(off), if off > 0 { "after" } else { "before" }));
                        let mut finding = Finding::of(Id::ExecExpiryMismatch).message(format!(
                                "expirationTimestamp is {} {} what the token implies (X-Amz-Date + 14 min). The client clock and the signing clock disagree{}.",
                                when::duration(off),
                                if off > 0 { "after" } else { "before" },
                                if off > 60 { ", so kubectl may keep sending the token after EKS stopped accepting it" } else { "" }
                            ));
                        finding = finding.with_fix("Sync the clock (NTP) on the machine that runs `aws eks get-token`.");
                        art.findings.push(finding);
                    }
                }
            }
            None => art.findings.push(Finding::of(Id::ExecBadExpiration).message(format!("expirationTimestamp \"{expiration}\" is not an RFC 3339 time; kubectl will fail to read it."))),
        }
    }
    res.push(art);
    res.extend(token_art);
    res
}

#[cfg(test)]
mod tests;
