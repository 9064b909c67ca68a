//! Timestamps: always UTC, stored as fixed-width RFC 3339 text so that text order is time order
//! on every engine. Every date and time read from input passes [`parse_ts`] or [`parse_date`],
//! which accept only years [`MIN_YEAR`]`..=`[`MAX_YEAR`] (no year 0000, no negative years, no
//! five-digit years that would break the fixed width) and no leap second (`23:59:60`: chrono
//! would keep it as a 61st second that the databases cannot store alike).

use crate::{Code, DomainError};
use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Timelike, Utc};

/// The earliest year accepted in input (dates of birth, contract starts, history).
pub const MIN_YEAR: i32 = 1900;
/// The latest year accepted in input (four digits keep stored times fixed-width).
pub const MAX_YEAR: i32 = 9999;

fn in_range(field: &str, raw: &str, year: i32) -> Result<(), DomainError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(DomainError::new(
            field,
            Code::YearOutOfRange {
                value: raw.to_string(),
                min: MIN_YEAR,
                max: MAX_YEAR,
            },
        ))
    }
}

/// Formats a UTC instant as `2026-01-02T03:04:05.123456Z` (fixed width, sortable).
pub fn fmt_ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses what [`fmt_ts`] writes, or any RFC 3339 instant, or a bare date (midnight UTC).
pub fn parse_ts(field: &str, raw: &str) -> Result<DateTime<Utc>, DomainError> {
    let s = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        if t.nanosecond() >= 1_000_000_000 {
            return Err(DomainError::new(
                field,
                Code::LeapSecond {
                    value: s.to_string(),
                },
            ));
        }
        // Both the year as written and the year in UTC (what is stored).
        in_range(field, s, t.year())?;
        let t = t.with_timezone(&Utc);
        in_range(field, s, t.year())?;
        return Ok(t);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        && let Some(t) = d.and_hms_opt(0, 0, 0)
    {
        in_range(field, s, d.year())?;
        return Ok(t.and_utc());
    }
    Err(crate::customer::malformed(
        field,
        s,
        crate::Format::DateTime,
    ))
}

/// Parses a calendar date `YYYY-MM-DD` (years [`MIN_YEAR`]`..=`[`MAX_YEAR`]).
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, DomainError> {
    let d = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| crate::customer::malformed(field, raw.trim(), crate::Format::Date))?;
    in_range(field, raw.trim(), d.year())?;
    Ok(d)
}

/// How far ahead of the server's clock a time of something that already happened may be (the
/// other side's clock may run fast): five minutes.
pub const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// Refuses a time of something that already happened (an interaction, a payment) that lies
/// more than [`CLOCK_SKEW`] after `now` ([`Code::InFuture`] on `field`).
pub fn not_in_future(
    field: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    if at > now + CLOCK_SKEW {
        return Err(DomainError::new(field, Code::InFuture));
    }
    Ok(())
}

/// Refuses a range whose start (`from_field`) is after its end (`to_field`): the error names
/// the start, [`Code::LaterThan`] the end.
pub fn check_range<T: PartialOrd>(
    from_field: &str,
    from: Option<T>,
    to_field: &str,
    to: Option<T>,
) -> Result<(), DomainError> {
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(DomainError::new(
            from_field,
            Code::LaterThan {
                other: to_field.to_string(),
            },
        )),
        _ => Ok(()),
    }
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

    #[test]
    fn future_times_and_backward_ranges_are_refused() {
        let now = parse_ts("t", "2026-12-04T12:00:00Z").unwrap_or_default();
        let at = |s: &str| parse_ts("t", s).unwrap_or_default();
        assert!(not_in_future("occurred_at", at("2026-12-04T12:04:59Z"), now).is_ok());
        assert!(not_in_future("occurred_at", at("1990-01-01"), now).is_ok());
        for late in ["2026-12-04T12:05:01Z", "2099-01-01", "9999-12-31T23:59:59Z"] {
            assert_eq!(
                not_in_future("occurred_at", at(late), now).map_err(|e| (e.field, e.code)),
                Err(("occurred_at".to_string(), Code::InFuture)),
                "{late}"
            );
        }
        let d = |s: &str| parse_date("d", s).ok();
        assert!(check_range("from", d("2026-01-01"), "to", d("2026-01-01")).is_ok());
        assert!(check_range("from", d("2026-01-01"), "to", None).is_ok());
        assert_eq!(
            check_range("from", d("2026-02-01"), "to", d("2026-01-01"))
                .map_err(|e| (e.field, e.code)),
            Err(("from".to_string(), Code::LaterThan { other: "to".into() }))
        );
    }

    #[test]
    fn impossible_years_and_leap_seconds_are_refused() {
        let code = |r: Result<NaiveDate, DomainError>| r.map_err(|e| e.code.key());
        for raw in ["0000-01-01", "-0001-01-01", "+10000-01-01", "1899-12-31"] {
            assert_eq!(
                code(parse_date("d", raw)),
                Err("year-out-of-range"),
                "{raw}"
            );
            assert_eq!(
                parse_ts("t", raw).map_err(|e| e.code.key()),
                Err("year-out-of-range"),
                "{raw}"
            );
        }
        for raw in ["0000-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00"] {
            assert_eq!(
                parse_ts("t", raw).map_err(|e| e.code.key()),
                Err("year-out-of-range"),
                "{raw}"
            );
        }
        assert_eq!(
            parse_ts("t", "2016-12-31T23:59:60Z").map_err(|e| e.code.key()),
            Err("leap-second")
        );
        assert!(parse_date("d", "1900-01-01").is_ok());
        assert!(parse_date("d", "9999-12-31").is_ok());
        assert!(parse_ts("t", "2016-12-31T23:59:59.999Z").is_ok());
    }
}
