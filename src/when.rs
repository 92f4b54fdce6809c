//! Instants and durations as people read them: "valid for 9 min 12 s", "expired 3 days ago".
//!
//! `now` is always a parameter; nothing here reads the clock.

use time::OffsetDateTime;

/// RFC 3339 in UTC without fractional seconds, e.g. `2023-04-28T00:15:00Z`.
pub fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month() as u8,
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Parses an RFC 3339 instant: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
/// (Hand-written: the `time` crate's parser costs several KB of wasm.)
pub fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = text.get(from..from + len)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let sep =
        |at: usize, allowed: &[u8]| text.as_bytes().get(at).is_some_and(|b| allowed.contains(b));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut rest = text.get(19..)?;
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        let padded: String = digits.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().ok()?;
        rest = frac.get(digits.len()..)?;
    }
    let offset_seconds: i32 = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = rest.get(1..)?.split_once(':')?;
            if h.len() != 2 || m.len() != 2 {
                return None;
            }
            sign * (h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60)
        }
    };
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?)
            .ok()?;
    let clock = time::Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    let offset = time::UtcOffset::from_whole_seconds(offset_seconds).ok()?;
    Some(date.with_time(clock).assume_offset(offset))
}

/// "9 min 12 s", "2 h 5 min", "412 days": the two largest units of a non-negative duration.
pub fn duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (days, hours, minutes, secs) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    if days >= 2 {
        format!("{days} days")
    } else if days == 1 {
        format!("1 day {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes} min")
    } else if minutes > 0 {
        format!("{minutes} min {secs} s")
    } else {
        format!("{secs} s")
    }
}

/// Where `now` stands in the window `from..=until`: "<before> 2 min 0 s" before it,
/// "<within> 9 min 12 s" (time left) inside it, "expired 3 min 5 s ago" after it.
pub fn window(
    now: OffsetDateTime,
    from: OffsetDateTime,
    until: OffsetDateTime,
    [before, within]: [&str; 2],
) -> String {
    if now > until {
        format!("expired {} ago", duration((now - until).whole_seconds()))
    } else if now < from {
        format!("{before} {}", duration((from - now).whole_seconds()))
    } else {
        format!("{within} {}", duration((until - now).whole_seconds()))
    }
}

/// A text that reads differently as time passes: a countdown. The core writes a field from it at
/// the report's `now` (`Artefact::live_field`); the page reads it again every second without
/// inspecting the input again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// [`window`]`(now, from, until, words)`; without `from`, never "before".
    Window {
        /// The window's start, if it has one.
        from: Option<OffsetDateTime>,
        /// Its end.
        until: OffsetDateTime,
        /// The words before and inside the window ("not valid for another", "expires in").
        words: [&'static str; 2],
    },
    /// [`relative`]`(now, at)`, after `at` in RFC 3339 when `stamped` ("2026-… (in 5 min 0 s)").
    Relative {
        /// The instant.
        at: OffsetDateTime,
        /// Whether the text starts with `at` itself.
        stamped: bool,
    },
}

impl Clock {
    /// The text at `now`.
    pub fn text(&self, now: OffsetDateTime) -> String {
        match *self {
            Clock::Window { from, until, words } => window(now, from.unwrap_or(now), until, words),
            Clock::Relative { at, stamped: false } => relative(now, at),
            Clock::Relative { at, stamped: true } => {
                format!("{} ({})", rfc3339(at), relative(now, at))
            }
        }
    }
}

/// "in 9 min 12 s" or "3 min 5 s ago" for `at` seen from `now`.
pub fn relative(now: OffsetDateTime, at: OffsetDateTime) -> String {
    let delta = (at - now).whole_seconds();
    if delta >= 0 {
        format!("in {}", duration(delta))
    } else {
        format!("{} ago", duration(delta))
    }
}

/// The instant `unix_ms` milliseconds after the epoch, or the epoch when out of range.
pub fn from_unix_millis(unix_ms: f64) -> OffsetDateTime {
    // Whole milliseconds exactly (a float of nanoseconds since 1970 is off by up to 256 ns).
    let whole = unix_ms.trunc();
    // (An i64 of milliseconds times a million cannot overflow an i128.)
    let nanos = i128::from(whole as i64) * 1_000_000 + ((unix_ms - whole) * 1_000_000.0) as i128;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
