//! Instants and durations as people read them: "valid for 9 min 12 s", "expired 3 days ago".
//!
//! `now` is always a parameter; nothing here reads the clock.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// RFC 3339 in UTC without fractional seconds, e.g. `2023-04-28T00:15:00Z`.
pub fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC).replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// Parses an RFC 3339 instant.
pub fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).ok()
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
    let nanos = (unix_ms * 1_000_000.0) as i128;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
