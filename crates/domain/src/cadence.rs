//! Contact cadence and care moments: how often each lifecycle stage should hear from us, which
//! period a forgotten customer's reminder belongs to, and when a birthday or a relationship
//! anniversary falls in a given year. Pure rules; the store and the daily job apply them.

use crate::customer::{LifecycleStage, string_enum};
use crate::error::{Code, DomainError};
use crate::interaction::InteractionKind;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The fewest days a cadence may be.
pub const MIN_DAYS: i64 = 1;
/// The most days a cadence may be (ten years).
pub const MAX_DAYS: i64 = 3650;
/// How many days ahead a care-moment task is created, unless a manager says otherwise.
pub const DEFAULT_DAYS_AHEAD: i64 = 3;
/// The most days ahead a care-moment task may be created.
pub const MAX_DAYS_AHEAD: i64 = 60;

/// The default cadence of a stage in days; `None` where the customer has left or is leaving
/// (nobody should be chased for contact then).
pub fn default_days(stage: LifecycleStage) -> Option<i64> {
    match stage {
        LifecycleStage::Onboarding => Some(14),
        LifecycleStage::Active => Some(90),
        LifecycleStage::AtRisk => Some(14),
        LifecycleStage::WonBack => Some(30),
        LifecycleStage::Leaving | LifecycleStage::Departed => None,
    }
}

/// Whether a stage may have a cadence at all (not for customers who are leaving or gone).
pub fn has_cadence(stage: LifecycleStage) -> bool {
    default_days(stage).is_some()
}

/// Checks a cadence length for `field`: [`MIN_DAYS`]`..=`[`MAX_DAYS`].
pub fn check_days(field: &str, days: i64) -> Result<i64, DomainError> {
    if (MIN_DAYS..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(DomainError::new(
            field,
            Code::OutOfRange {
                min: Some(MIN_DAYS),
                max: Some(MAX_DAYS),
            },
        ))
    }
}

/// Checks a stage's cadence: a stage without cadence ([`has_cadence`]) takes none (`days` must be
/// `None`), every other takes `None` (off) or [`check_days`].
pub fn check_stage_days(
    field: &str,
    stage: LifecycleStage,
    days: Option<i64>,
) -> Result<Option<i64>, DomainError> {
    match days {
        None => Ok(None),
        Some(_) if !has_cadence(stage) => Err(DomainError::new(
            field,
            Code::OneOf {
                value: stage.as_str().to_string(),
                allowed: LifecycleStage::ALL
                    .iter()
                    .filter(|s| has_cadence(**s))
                    .map(|s| s.as_str().to_string())
                    .collect(),
            },
        )),
        Some(d) => check_days(field, d).map(Some),
    }
}

/// The interaction kinds that count as real contact (an internal note does not).
pub const CONTACT_KINDS: [InteractionKind; 5] = [
    InteractionKind::Call,
    InteractionKind::Meeting,
    InteractionKind::Email,
    InteractionKind::Chat,
    InteractionKind::Visit,
];

/// Whether an interaction of `kind` counts as contact.
pub fn is_contact(kind: InteractionKind) -> bool {
    CONTACT_KINDS.contains(&kind)
}

/// The first day of the cadence period of `days` days that holds `today`. Periods are counted
/// from 1970-01-01, so every process and every re-run agrees on them: a forgotten customer gets
/// at most one reminder per period (the period start is the reminder's unique key).
pub fn period_start(today: NaiveDate, days: i64) -> NaiveDate {
    let days = days.clamp(MIN_DAYS, MAX_DAYS);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    let n = (today - epoch).num_days();
    epoch + Duration::days(n.div_euclid(days) * days)
}

/// The last day on which a contact still keeps a customer with a cadence of `days` days from
/// being forgotten on `today`: contact strictly before this day's start is too long ago.
pub fn forgotten_before(today: NaiveDate, days: i64) -> NaiveDate {
    today - Duration::days(days.clamp(MIN_DAYS, MAX_DAYS))
}

string_enum!(
    /// A personal date worth marking.
    Moment, "moment" {
        /// The customer's birthday.
        Birthday = "birthday",
        /// The anniversary of the relationship.
        Anniversary = "anniversary",
    }
);

string_enum!(
    /// What a care moment does.
    MomentMode, "mode" {
        /// Nothing.
        Off = "off",
        /// A task for the owner (the managers' queue when unowned), some days ahead.
        Task = "task",
        /// A warm message from a template, on the day (marketing: explicit consent needed).
        Message = "message",
    }
);

/// Checks how many days ahead a care-moment task is created: `0..=`[`MAX_DAYS_AHEAD`].
pub fn check_days_ahead(field: &str, days: i64) -> Result<i64, DomainError> {
    if (0..=MAX_DAYS_AHEAD).contains(&days) {
        Ok(days)
    } else {
        Err(DomainError::new(
            field,
            Code::OutOfRange {
                min: Some(0),
                max: Some(MAX_DAYS_AHEAD),
            },
        ))
    }
}

/// The day a care date falls on in `year`: the same month and day, except that 29 February
/// falls on 28 February in a year without it. `None` for a year chrono cannot hold.
pub fn occurrence(date: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28).filter(|_| date.month() == 2))
}

/// A care moment that is due: the day it falls on and, for anniversaries, how many years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueMoment {
    /// The day of the moment (in the customer's time zone).
    pub date: NaiveDate,
    /// The year it belongs to (the once-a-year key).
    pub year: i32,
    /// Whole years since the care date (the age, or the anniversary's number).
    pub years: i32,
}

/// Whether the care date `date` is due within `days_ahead` days of the customer's `today`
/// (inclusive: 0 = only today). A date's first occurrence is the date itself, which is not an
/// anniversary yet: only later years count.
pub fn due(date: NaiveDate, today: NaiveDate, days_ahead: i64) -> Option<DueMoment> {
    let last = today + Duration::days(days_ahead.max(0));
    [today.year(), today.year() + 1].into_iter().find_map(|y| {
        let on = occurrence(date, y)?;
        let years = y - date.year();
        (years >= 1 && on >= today && on <= last).then_some(DueMoment {
            date: on,
            year: y,
            years,
        })
    })
}

/// The customer's calendar day at `now`: in their time zone `zone` (IANA name), else in the
/// server's `server_zone`, else in UTC.
pub fn local_today(now: DateTime<Utc>, zone: Option<&str>, server_zone: &str) -> NaiveDate {
    let tz: chrono_tz::Tz = zone
        .and_then(|z| z.trim().parse().ok())
        .or_else(|| server_zone.trim().parse().ok())
        .unwrap_or(chrono_tz::UTC);
    now.with_timezone(&tz).date_naive()
}

/// The month-day strings (`MM-DD`) of the care dates that may be due between `from` and
/// `from + span` days (inclusive), for a cheap pre-filter in SQL: each day's own, and 29
/// February beside 28 February (it falls there in years without it).
pub fn month_days(from: NaiveDate, span: i64) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..=span.max(0) {
        let d = from + Duration::days(i);
        out.push(d.format("%m-%d").to_string());
        if d.month() == 2 && d.day() == 28 {
            out.push("02-29".into());
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn defaults_per_stage() {
        assert_eq!(default_days(LifecycleStage::Onboarding), Some(14));
        assert_eq!(default_days(LifecycleStage::Active), Some(90));
        assert_eq!(default_days(LifecycleStage::AtRisk), Some(14));
        assert_eq!(default_days(LifecycleStage::Departed), None);
        assert_eq!(default_days(LifecycleStage::Leaving), None);
    }

    #[test]
    fn days_bounds() {
        assert!(check_days("days", 0).is_err());
        assert!(check_days("days", 1).is_ok());
        assert!(check_days("days", 3650).is_ok());
        assert!(check_days("days", 3651).is_err());
        assert!(check_stage_days("departed", LifecycleStage::Departed, Some(30)).is_err());
        assert_eq!(
            check_stage_days("departed", LifecycleStage::Departed, None),
            Ok(None)
        );
        assert_eq!(
            check_stage_days("active", LifecycleStage::Active, Some(30)),
            Ok(Some(30))
        );
    }

    #[test]
    fn notes_are_not_contact() {
        assert!(is_contact(InteractionKind::Call));
        assert!(!is_contact(InteractionKind::Note));
    }

    #[test]
    fn leap_day_falls_on_the_28th() {
        let b = d("2000-02-29");
        assert_eq!(occurrence(b, 2027), Some(d("2027-02-28")));
        assert_eq!(occurrence(b, 2028), Some(d("2028-02-29")));
        let m = due(b, d("2027-02-28"), 0).unwrap();
        assert_eq!((m.date, m.year, m.years), (d("2027-02-28"), 2027, 27));
        assert!(due(b, d("2028-02-28"), 0).is_none());
        assert!(due(b, d("2028-02-29"), 0).is_some());
        assert!(month_days(d("2027-02-27"), 1).contains(&"02-29".to_string()));
    }

    #[test]
    fn local_day_follows_the_zone() {
        let now = DateTime::parse_from_rfc3339("2026-03-01T23:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            local_today(now, Some("Asia/Shanghai"), "UTC"),
            d("2026-03-02")
        );
        assert_eq!(local_today(now, None, "America/New_York"), d("2026-03-01"));
        assert_eq!(
            local_today(now, Some("Nowhere/City"), "Europe/Tallinn"),
            d("2026-03-02")
        );
        assert_eq!(local_today(now, None, ""), d("2026-03-01"));
    }

    #[test]
    fn due_window_and_year_end() {
        let a = d("2020-01-02");
        let m = due(a, d("2026-12-31"), 3).unwrap();
        assert_eq!((m.date, m.year, m.years), (d("2027-01-02"), 2027, 7));
        assert!(due(a, d("2026-12-29"), 3).is_none());
        // The date itself is no anniversary.
        assert!(due(d("2026-12-31"), d("2026-12-31"), 0).is_none());
    }

    proptest! {
        #[test]
        fn period_holds_today(day in 0i64..40_000, days in 1i64..=3650) {
            let today = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Duration::days(day);
            let p = period_start(today, days);
            prop_assert!(p <= today);
            prop_assert!(today < p + Duration::days(days));
            prop_assert_eq!(period_start(p, days), p);
        }

        #[test]
        fn due_is_in_window(y in 1950i32..2030, doy in 0i64..366, t in 0i64..3000, ahead in 0i64..30) {
            let date = NaiveDate::from_ymd_opt(y, 1, 1).unwrap() + Duration::days(doy);
            let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(t);
            if let Some(m) = due(date, today, ahead) {
                prop_assert!(m.date >= today && m.date <= today + Duration::days(ahead));
                prop_assert!(m.years >= 1);
                prop_assert!(month_days(today, ahead).contains(&date.format("%m-%d").to_string()));
            }
        }
    }
}
