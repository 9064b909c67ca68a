//! Timestamps: always UTC, stored as fixed-width RFC 3339 text so that text order is time order
//! on every engine.

use crate::DomainError;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// Formats a UTC instant as `2026-01-02T03:04:05.123456Z` (fixed width, sortable).
pub fn fmt_ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses what [`fmt_ts`] writes, or any RFC 3339 instant, or a bare date (midnight UTC).
pub fn parse_ts(field: &str, raw: &str) -> Result<DateTime<Utc>, DomainError> {
    let s = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        && let Some(t) = d.and_hms_opt(0, 0, 0)
    {
        return Ok(t.and_utc());
    }
    Err(crate::customer::malformed(
        field,
        s,
        crate::Format::DateTime,
    ))
}

/// Parses a calendar date `YYYY-MM-DD`.
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| crate::customer::malformed(field, raw.trim(), crate::Format::Date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_width_and_sortable() {
        let a = parse_ts("t", "2026-01-02").unwrap_or_default();
        let b = parse_ts("t", "2026-01-02T00:00:00.5+00:00").unwrap_or_default();
        assert_eq!(fmt_ts(a), "2026-01-02T00:00:00.000000Z");
        assert!(fmt_ts(a) < fmt_ts(b));
        assert!(parse_ts("t", "yesterday").is_err());
    }
}
