//! Go semantics the authenticator's checks depend on, reproduced exactly: `base64.RawURLEncoding`,
//! `url.Parse`, `strconv.Quote`, `url.ParseQuery`, `strconv.Atoi` and `time.Parse`/`Time.String`
//! for the shapes a token uses. Each function's error is Go's, so messages match the
//! authenticator's log lines.

use time::OffsetDateTime;

use crate::when;

/// Go `base64.RawURLEncoding.DecodeString`: CR and LF are skipped, `=` and characters outside the
/// URL-safe alphabet are errors, trailing bits are ignored. The error is Go's byte offset.
pub fn go_raw_url_decode(text: &str) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut n: u32 = 0;
    let mut quantum_start = 0;
    for (idx, byte) in text.bytes().enumerate() {
        let v = match byte {
            b'\r' | b'\n' => continue,
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(idx),
        };
        if n == 0 {
            quantum_start = idx;
        }
        acc = (acc << 6) | u32::from(v);
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        0 => {}
        1 => return Err(quantum_start),
        2 => out.push((acc >> 4) as u8),
        _ => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
    }
    Ok(out)
}

/// The parts of a URL the authenticator looks at, as Go's `url.Parse` produces them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GoUrl {
    pub(crate) scheme: String,
    pub(crate) host: String,
    pub(crate) path: String,
    pub(crate) raw_query: String,
}

/// Go's `url.Parse` for the cases a presigned URL can hit. The error is Go's full message.
pub(crate) fn go_url_parse(raw: &str) -> Result<GoUrl, String> {
    let without_fragment = raw.split_once('#').map_or(raw, |(it, _)| it);
    let wrap = |err: &str| format!("parse {}: {err}", go_quote(without_fragment));
    if without_fragment.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(wrap("net/url: invalid control character in URL"));
    }
    let mut url = GoUrl::default();
    let mut rest = without_fragment;
    for (idx, c) in without_fragment.char_indices() {
        if c.is_ascii_alphabetic() {
            continue;
        }
        if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') {
            if idx == 0 {
                break;
            }
            continue;
        }
        if c == ':' {
            if idx == 0 {
                return Err(wrap("missing protocol scheme"));
            }
            url.scheme = without_fragment.get(..idx).unwrap_or_default().to_ascii_lowercase();
            rest = without_fragment.get(idx + 1..).unwrap_or_default();
        }
        break;
    }
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        rest = rest.get(..rest.len() - 1).unwrap_or_default();
    } else if let Some((before, query)) = rest.split_once('?') {
        url.raw_query = query.to_string();
        rest = before;
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            // An opaque URL such as `https:host`: no host, no path.
            return Ok(url);
        }
        let segment = rest.split_once('/').map_or(rest, |(it, _)| it);
        if segment.contains(':') {
            return Err(wrap("first path segment in URL cannot contain colon"));
        }
    }
    if rest.starts_with("//") && (!url.scheme.is_empty() || !rest.starts_with("///")) {
        let after = rest.get(2..).unwrap_or_default();
        let (authority, path) = match after.find('/') {
            Some(at) => (after.get(..at).unwrap_or_default(), after.get(at..).unwrap_or_default()),
            None => (after, ""),
        };
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        if !host.starts_with('[') {
            if let Some(at) = host.rfind(':') {
                let port = host.get(at..).unwrap_or_default();
                if !port.get(1..).unwrap_or_default().bytes().all(|b| b.is_ascii_digit()) {
                    return Err(wrap(&format!("invalid port {} after host", go_quote(port))));
                }
            }
        }
        url.host = percent_decode(host, false).map_err(|err| wrap(&err))?;
        rest = path;
    }
    url.path = percent_decode(rest, false).map_err(|err| wrap(&err))?;
    Ok(url)
}

/// Go's `%q` for ASCII text: double quotes with `\"`, `\\` and non-printables escaped.
pub(crate) fn go_quote(text: &str) -> String {
    let mut res = String::with_capacity(text.len() + 2);
    res.push('"');
    for c in text.chars() {
        match c {
            // A byte that was not UTF-8 (see `bytes_to_text`): Go quotes it as `\xNN`.
            c if raw_byte(c).is_some() => {
                res.push_str(&format!("\\x{:02x}", raw_byte(c).unwrap_or_default()))
            }
            '"' => res.push_str("\\\""),
            '\\' => res.push_str("\\\\"),
            '\n' => res.push_str("\\n"),
            '\r' => res.push_str("\\r"),
            '\t' => res.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                res.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => res.push(c),
        }
    }
    res.push('"');
    res
}

/// Percent-decoding as Go's `unescape`; `plus_is_space` for query components.
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while let Some(&b) = bytes.get(idx) {
        match b {
            b'%' => {
                let hex = |i: usize| bytes.get(i).and_then(|c| (*c as char).to_digit(16));
                match (hex(idx + 1), hex(idx + 2)) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        idx += 3;
                    }
                    _ => {
                        let bad = text.get(idx..(idx + 3).min(text.len())).unwrap_or("%");
                        return Err(format!("invalid URL escape {}", go_quote(bad)));
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                idx += 1;
            }
            _ => {
                out.push(b);
                idx += 1;
            }
        }
    }
    Ok(bytes_to_text(&out))
}

/// Where bytes that are not UTF-8 are kept in text (Go strings hold any bytes; Rust's do not):
/// byte `b` becomes the private-use character U+10FF00 + `b`, so nothing is lost and
/// [`go_quote`] and [`escape_text`] can show it as `\xNN`.
const RAW_BYTE_BASE: u32 = 0x10_ff00;

/// Bytes as text, keeping each byte that is not UTF-8 (never U+FFFD).
pub(crate) fn bytes_to_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.extend(char::from_u32(RAW_BYTE_BASE + u32::from(*b)));
        }
    }
    out
}

/// The byte a character stands for, when [`bytes_to_text`] kept a non-UTF-8 byte in it.
fn raw_byte(c: char) -> Option<u8> {
    u32::from(c).checked_sub(RAW_BYTE_BASE).and_then(|b| u8::try_from(b).ok())
}

/// Text for display: kept bytes and control characters as `\xNN`, the rest as is.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match raw_byte(c) {
            Some(b) => out.push_str(&format!("\\x{b:02x}")),
            None if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            None => out.push(c),
        }
    }
    out
}

/// A query as Go's `url.Values`: keys in first-seen order, each with all its values.
pub(crate) type Values = Vec<(String, Vec<String>)>;

/// Go's `url.ParseQuery`: the values it could parse and the first error, if any.
pub(crate) fn go_parse_query(raw: &str) -> (Values, Option<String>) {
    let mut values: Values = Vec::new();
    let mut first_err = None;
    for segment in raw.split('&') {
        if segment.contains(';') {
            first_err.get_or_insert_with(|| String::from("invalid semicolon separator in query"));
            continue;
        }
        if segment.is_empty() {
            continue;
        }
        let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
        let (key, value) = match (percent_decode(key, true), percent_decode(value, true)) {
            (Ok(key), Ok(value)) => (key, value),
            (Err(err), _) | (_, Err(err)) => {
                first_err.get_or_insert(err);
                continue;
            }
        };
        match values.iter_mut().find(|(k, _)| *k == key) {
            Some((_, vs)) => vs.push(value),
            None => values.push((key, vec![value])),
        }
    }
    (values, first_err)
}

/// `strconv.Atoi`: optional sign and decimal digits that fit an i64.
pub(crate) fn go_atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok()
}

/// `time.Parse("20060102T150405Z", text)`, with Go's error text.
pub fn parse_amz_date(text: &str) -> Result<OffsetDateTime, String> {
    const LAYOUT: &str = "20060102T150405Z";
    let cannot = |rest: &str, elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            go_quote(text),
            go_quote(LAYOUT),
            go_quote(rest),
            go_quote(elem)
        )
    };
    let mut rest = text;
    let mut nums = [0u32; 6];
    let elems: [(&str, usize, Option<char>); 6] = [
        ("2006", 4, None),
        ("01", 2, None),
        ("02", 2, Some('T')),
        ("15", 2, None),
        ("04", 2, None),
        ("05", 2, Some('Z')),
    ];
    for (slot, (elem, width, after)) in nums.iter_mut().zip(elems) {
        let digits = rest.get(..width).filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
        let Some(digits) = digits else {
            return Err(cannot(rest, elem));
        };
        *slot = digits.parse().unwrap_or(0);
        rest = rest.get(width..).unwrap_or_default();
        if let Some(lit) = after {
            match rest.strip_prefix(lit) {
                Some(r) => rest = r,
                None => return Err(cannot(rest, &lit.to_string())),
            }
        }
    }
    if !rest.is_empty() {
        return Err(format!("parsing time {}: extra text: {}", go_quote(text), go_quote(rest)));
    }
    let [year, month, day, hour, minute, second] = nums;
    let range = |what: &str| format!("parsing time {}: {what} out of range", go_quote(text));
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or_else(|| range("month"))?;
    let date =
        time::Date::from_calendar_date(year as i32, month, day as u8).map_err(|_| range("day"))?;
    if hour > 23 {
        return Err(range("hour"));
    }
    if minute > 59 {
        return Err(range("minute"));
    }
    if second > 59 {
        return Err(range("second"));
    }
    let time =
        time::Time::from_hms(hour as u8, minute as u8, second as u8).map_err(|_| range("hour"))?;
    Ok(date.with_time(time).assume_utc())
}

/// Go's `time.Time.String()` for a UTC instant: `2023-04-28 00:00:00 +0000 UTC`.
pub(crate) fn go_time_string(at: OffsetDateTime) -> String {
    when::rfc3339(at).replace('T', " ").replace('Z', " +0000 UTC")
}
