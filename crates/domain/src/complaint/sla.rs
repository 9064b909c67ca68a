//! SLA clock maths, pure: a business-hours calendar, a clock that can be paused (waiting on
//! the customer), and the evaluation of a target (first response, resolution) as active, met
//! or missed, with the 75 % warning point and the due time.

use super::Severity;
use crate::error::{Code, DomainError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// When the clock runs: open hours on open weekdays in a fixed UTC offset, minus holidays;
/// or around the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BusinessCalendar {
    /// Around the clock (24/7): the other fields are ignored.
    #[serde(default)]
    pub always_open: bool,
    /// Offset of local time from UTC in minutes (e.g. 120 for UTC+2).
    #[serde(default)]
    pub utc_offset_minutes: i32,
    /// Open weekdays, Monday first.
    pub open_days: [bool; 7],
    /// Opening minute of the local day (540 = 09:00).
    pub open_minute: u32,
    /// Closing minute of the local day (1020 = 17:00), after the opening.
    pub close_minute: u32,
    /// Local dates when the business is closed.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

impl BusinessCalendar {
    /// Around the clock.
    pub fn always() -> Self {
        Self {
            always_open: true,
            utc_offset_minutes: 0,
            open_days: [true; 7],
            open_minute: 0,
            close_minute: 1440,
            holidays: Vec::new(),
        }
    }

    /// Monday to Friday, 09:00–17:00 at `utc_offset_minutes`.
    pub fn office_hours(utc_offset_minutes: i32) -> Self {
        Self {
            always_open: false,
            utc_offset_minutes,
            open_days: [true, true, true, true, true, false, false],
            open_minute: 9 * 60,
            close_minute: 17 * 60,
            holidays: Vec::new(),
        }
    }

    /// Checks the calendar can ever be open.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.always_open {
            return Ok(());
        }
        if self.open_minute >= self.close_minute || self.close_minute > 1440 {
            return Err(DomainError::new(
                "calendar.open_minute",
                Code::NotEarlierThan {
                    other: "calendar.close_minute".into(),
                },
            ));
        }
        if self.holidays.len() > MAX_HOLIDAYS {
            return Err(DomainError::new(
                "calendar.holidays",
                Code::TooMany { max: MAX_HOLIDAYS },
            ));
        }
        if !self.open_days.iter().any(|d| *d) {
            return Err(DomainError::new("calendar.open_days", Code::NoOpenDay));
        }
        if self.utc_offset_minutes.abs() > 14 * 60 {
            return Err(DomainError::new(
                "calendar.utc_offset_minutes",
                Code::OutOfRange {
                    min: Some(-14 * 60),
                    max: Some(14 * 60),
                },
            ));
        }
        Ok(())
    }

    fn offset(&self) -> Duration {
        Duration::minutes(i64::from(self.utc_offset_minutes))
    }

    /// The open interval (UTC) of the local date `d`, if the business opens that day.
    fn open_interval(&self, d: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let wd = d.weekday().num_days_from_monday() as usize;
        if !self.open_days[wd] || self.holidays.contains(&d) {
            return None;
        }
        let at = |m: u32| {
            let base = Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN));
            base + Duration::minutes(i64::from(m)) - self.offset()
        };
        Some((at(self.open_minute), at(self.close_minute)))
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        (t + self.offset()).date_naive()
    }

    /// Business seconds in `[a, b)`; 0 when `b <= a`.
    pub fn business_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        if self.always_open {
            return (b - a).num_seconds();
        }
        let mut total = 0;
        let mut d = self.local_date(a);
        let last = self.local_date(b);
        while d <= last {
            if let Some((open, close)) = self.open_interval(d) {
                let s = open.max(a);
                let e = close.min(b);
                if e > s {
                    total += (e - s).num_seconds();
                }
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        total
    }

    /// The instant when `secs` business seconds have passed after `start`. `None` only for a
    /// calendar that never opens within ten years.
    pub fn add_business_seconds(&self, start: DateTime<Utc>, secs: i64) -> Option<DateTime<Utc>> {
        if self.always_open {
            return Some(start + Duration::seconds(secs.max(0)));
        }
        let mut left = secs.max(0);
        let mut d = self.local_date(start);
        for _ in 0..3660 {
            if let Some((open, close)) = self.open_interval(d) {
                let s = open.max(start);
                if close > s {
                    let avail = (close - s).num_seconds();
                    if left <= avail {
                        // A zero remainder before opening lands on the opening, not earlier.
                        return Some(s + Duration::seconds(left));
                    }
                    left -= avail;
                }
            }
            d = d.succ_opt()?;
        }
        None
    }
}

/// A pause of the clock: from, and until (open while still paused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Pause {
    /// Paused at.
    pub from: DateTime<Utc>,
    /// Resumed at; `None` while paused.
    pub to: Option<DateTime<Utc>>,
}

/// A clock that started at `started` and was paused during `pauses` (in order, not
/// overlapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock<'a> {
    /// When the clock started (intake).
    pub started: DateTime<Utc>,
    /// Pauses, in order.
    pub pauses: &'a [Pause],
}

impl Clock<'_> {
    /// Whether the clock is paused at the end of its pauses (an open pause).
    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.to.is_none())
    }

    /// Running business seconds from the start until `at`.
    pub fn elapsed(&self, cal: &BusinessCalendar, at: DateTime<Utc>) -> i64 {
        let mut total = cal.business_seconds(self.started, at);
        for p in self.pauses {
            let from = p.from.max(self.started);
            let to = p.to.unwrap_or(at).min(at);
            total -= cal.business_seconds(from, to);
        }
        total.max(0)
    }

    /// When `target` running business seconds will have passed, assuming no further pauses;
    /// `None` while paused (the due time is unknown until the clock resumes).
    pub fn due_at(&self, cal: &BusinessCalendar, target: i64) -> Option<DateTime<Utc>> {
        if self.is_paused() {
            return None;
        }
        let mut left = target.max(0);
        let mut seg_start = self.started;
        for p in self.pauses {
            let seg_end = p.from.max(seg_start);
            let avail = cal.business_seconds(seg_start, seg_end);
            if left <= avail {
                return cal.add_business_seconds(seg_start, left);
            }
            left -= avail;
            seg_start = p.to.unwrap_or(seg_end).max(seg_start);
        }
        cal.add_business_seconds(seg_start, left)
    }
}

/// Targets for one severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Policy {
    /// The severity this policy is for.
    pub severity: Severity,
    /// First response target, minutes of business time.
    pub first_response_minutes: i64,
    /// Resolution target, minutes of business time.
    pub resolution_minutes: i64,
    /// When the clock runs.
    pub calendar: BusinessCalendar,
}

impl Policy {
    /// The defaults: critical 1 h / 4 h around the clock; high 4 h / 8 h, medium 8 h / 24 h,
    /// low 24 h / 72 h in office hours (Mon–Fri 09–17 UTC).
    pub fn default_for(severity: Severity) -> Self {
        let (fr, res, cal) = match severity {
            Severity::Critical => (60, 240, BusinessCalendar::always()),
            Severity::High => (240, 480, BusinessCalendar::office_hours(0)),
            Severity::Medium => (480, 1440, BusinessCalendar::office_hours(0)),
            Severity::Low => (1440, 4320, BusinessCalendar::office_hours(0)),
        };
        Self {
            severity,
            first_response_minutes: fr,
            resolution_minutes: res,
            calendar: cal,
        }
    }

    /// Checks targets and calendar.
    pub fn validate(&self) -> Result<(), DomainError> {
        for (field, minutes) in [
            ("first_response_minutes", self.first_response_minutes),
            ("resolution_minutes", self.resolution_minutes),
        ] {
            if !(1..=MAX_TARGET_MINUTES).contains(&minutes) {
                return Err(DomainError::new(
                    field,
                    Code::OutOfRange {
                        min: Some(1),
                        max: Some(MAX_TARGET_MINUTES),
                    },
                ));
            }
        }
        if self.first_response_minutes > self.resolution_minutes {
            return Err(DomainError::new(
                "first_response_minutes",
                Code::LaterThan {
                    other: "resolution_minutes".into(),
                },
            ));
        }
        self.calendar.validate()
    }
}

/// Where an SLA target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SlaState {
    /// Running (or paused), not yet due.
    Active,
    /// Achieved within the target.
    Met,
    /// Achieved late, or due and not achieved.
    Missed,
}

impl SlaState {
    /// Stable name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Met => "met",
            Self::Missed => "missed",
        }
    }
}

/// Evaluation of one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TargetStatus {
    /// Active, met or missed.
    pub state: SlaState,
    /// The target, seconds of business time.
    pub target_seconds: i64,
    /// Business seconds elapsed (until achieved, or until now).
    pub elapsed_seconds: i64,
    /// Elapsed share of the target, in percent (may exceed 100).
    pub percent: i64,
    /// Whether 75 % of the target has elapsed while still active.
    pub warning: bool,
    /// Whether the clock is paused now.
    pub paused: bool,
    /// When it falls due, if running (UTC).
    pub due_at: Option<DateTime<Utc>>,
    /// When the 75 % warning point falls, if running (UTC).
    pub warn_at: Option<DateTime<Utc>>,
}

/// The longest target a policy may set: one year of minutes. Longer targets are no service
/// promise, and bounding them keeps every SLA computation far from integer overflow.
pub const MAX_TARGET_MINUTES: i64 = 366 * 24 * 60;

/// The most holidays a calendar may list (ten years of them).
pub const MAX_HOLIDAYS: usize = 1000;

/// Share of the target at which a warning is raised, in percent.
pub const WARN_PERCENT: i64 = 75;

/// Evaluates a target of `target_minutes` on `clock` at `now`, achieved at `achieved` if so.
pub fn evaluate(
    cal: &BusinessCalendar,
    clock: &Clock<'_>,
    target_minutes: i64,
    achieved: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> TargetStatus {
    // Stored policies are validated; saturating keeps a corrupt row from panicking a page.
    let target = target_minutes
        .clamp(0, MAX_TARGET_MINUTES)
        .saturating_mul(60);
    let at = achieved.unwrap_or(now);
    let elapsed = clock.elapsed(cal, at);
    let percent = if target > 0 {
        elapsed * 100 / target
    } else {
        100
    };
    let state = match achieved {
        Some(_) if elapsed <= target => SlaState::Met,
        Some(_) => SlaState::Missed,
        None if elapsed > target => SlaState::Missed,
        None => SlaState::Active,
    };
    let running = achieved.is_none() && state == SlaState::Active;
    TargetStatus {
        state,
        target_seconds: target,
        elapsed_seconds: elapsed,
        percent,
        warning: running && percent >= WARN_PERCENT,
        paused: achieved.is_none() && clock.is_paused(),
        due_at: if running {
            clock.due_at(cal, target)
        } else {
            None
        },
        warn_at: if running {
            clock.due_at(cal, target * WARN_PERCENT / 100)
        } else {
            None
        },
    }
}

/// The overall SLA state of a complaint: missed if any target is missed, met if all are met,
/// else active.
pub fn overall(targets: &[&TargetStatus]) -> SlaState {
    if targets.iter().any(|t| t.state == SlaState::Missed) {
        SlaState::Missed
    } else if targets.iter().all(|t| t.state == SlaState::Met) {
        SlaState::Met
    } else {
        SlaState::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> DateTime<Utc> {
        crate::time::parse_ts("t", s).unwrap_or_default()
    }

    #[test]
    fn office_hours_skip_nights_weekends_and_holidays() {
        let cal = BusinessCalendar::office_hours(0);
        // Friday 16:00 → Monday 10:00: one hour Friday, one hour Monday.
        assert_eq!(
            cal.business_seconds(t("2026-01-09T16:00:00Z"), t("2026-01-12T10:00:00Z")),
            7200
        );
        // Four business hours from Friday 15:00 land Monday 11:00.
        assert_eq!(
            cal.add_business_seconds(t("2026-01-09T15:00:00Z"), 4 * 3600),
            Some(t("2026-01-12T11:00:00Z"))
        );
        // Intake Saturday: the clock starts Monday 09:00.
        assert_eq!(
            cal.add_business_seconds(t("2026-01-10T12:00:00Z"), 3600),
            Some(t("2026-01-12T10:00:00Z"))
        );
        let mut hol = cal.clone();
        hol.holidays
            .push(NaiveDate::from_ymd_opt(2026, 1, 12).unwrap_or_default());
        assert_eq!(
            hol.add_business_seconds(t("2026-01-09T15:00:00Z"), 4 * 3600),
            Some(t("2026-01-13T11:00:00Z"))
        );
    }

    #[test]
    fn offset_calendars_use_local_hours() {
        // UTC+2: 09:00 local is 07:00 UTC.
        let cal = BusinessCalendar::office_hours(120);
        assert_eq!(
            cal.add_business_seconds(t("2026-01-12T06:00:00Z"), 60),
            Some(t("2026-01-12T07:01:00Z"))
        );
        assert_eq!(
            cal.business_seconds(t("2026-01-12T00:00:00Z"), t("2026-01-13T00:00:00Z")),
            8 * 3600
        );
    }

    #[test]
    fn pauses_stop_the_clock_and_move_the_due_time() {
        let cal = BusinessCalendar::office_hours(0);
        let start = t("2026-01-12T09:00:00Z"); // Monday
        let pauses = vec![Pause {
            from: t("2026-01-12T10:00:00Z"),
            to: Some(t("2026-01-12T12:00:00Z")),
        }];
        let clock = Clock {
            started: start,
            pauses: &pauses,
        };
        assert_eq!(clock.elapsed(&cal, t("2026-01-12T13:00:00Z")), 2 * 3600);
        // Four hours of work: 09–10, then 12–15.
        assert_eq!(
            clock.due_at(&cal, 4 * 3600),
            Some(t("2026-01-12T15:00:00Z"))
        );
        let open = vec![Pause {
            from: t("2026-01-12T10:00:00Z"),
            to: None,
        }];
        let paused = Clock {
            started: start,
            pauses: &open,
        };
        assert_eq!(paused.elapsed(&cal, t("2026-01-13T10:00:00Z")), 3600);
        assert_eq!(paused.due_at(&cal, 4 * 3600), None);
        let st = evaluate(&cal, &paused, 240, None, t("2026-01-14T10:00:00Z"));
        assert_eq!((st.state, st.paused), (SlaState::Active, true));
    }

    #[test]
    fn evaluation_states_and_warning() {
        let cal = BusinessCalendar::always();
        let start = t("2026-01-12T09:00:00Z");
        let clock = Clock {
            started: start,
            pauses: &[],
        };
        let st = evaluate(&cal, &clock, 60, None, t("2026-01-12T09:46:00Z"));
        assert_eq!(
            (st.state, st.warning, st.percent),
            (SlaState::Active, true, 76)
        );
        assert_eq!(st.warn_at, Some(t("2026-01-12T09:45:00Z")));
        assert_eq!(st.due_at, Some(t("2026-01-12T10:00:00Z")));
        let st = evaluate(&cal, &clock, 60, None, t("2026-01-12T10:00:01Z"));
        assert_eq!(st.state, SlaState::Missed);
        let st = evaluate(
            &cal,
            &clock,
            60,
            Some(t("2026-01-12T09:59:00Z")),
            t("2026-02-01"),
        );
        assert_eq!(st.state, SlaState::Met);
        let st = evaluate(
            &cal,
            &clock,
            60,
            Some(t("2026-01-12T10:30:00Z")),
            t("2026-02-01"),
        );
        assert_eq!(st.state, SlaState::Missed);
        assert_eq!(overall(&[&st]), SlaState::Missed);
    }

    #[test]
    fn default_policies_match_the_brief() {
        let p = Policy::default_for(Severity::Medium);
        assert_eq!(
            (p.first_response_minutes, p.resolution_minutes),
            (480, 1440)
        );
        assert!(
            Severity::ALL
                .iter()
                .all(|s| Policy::default_for(*s).validate().is_ok())
        );
    }

    proptest! {
        /// Adding n business seconds and measuring back gives n; and the business time of an
        /// interval never exceeds its wall time and is additive over a split.
        #[test]
        fn add_and_measure_agree(start in 0i64..(400 * 86400), secs in 0i64..(30 * 86400),
                                 split in 0i64..(30 * 86400), off in -720i32..720) {
            let base = t("2026-01-01T00:00:00Z");
            let a = base + Duration::seconds(start);
            for cal in [BusinessCalendar::office_hours(off), BusinessCalendar::always()] {
                let due = cal.add_business_seconds(a, secs);
                prop_assert!(due.is_some());
                let due = due.unwrap_or(a);
                prop_assert_eq!(cal.business_seconds(a, due), secs);
                let b = a + Duration::seconds(secs);
                let m = a + Duration::seconds(split.min(secs));
                prop_assert!(cal.business_seconds(a, b) <= secs);
                prop_assert_eq!(cal.business_seconds(a, m) + cal.business_seconds(m, b), cal.business_seconds(a, b));
            }
        }

        /// With pauses, the due time is the instant at which elapsed running time reaches the
        /// target, and elapsed time never decreases.
        #[test]
        fn due_time_matches_elapsed(p1 in 0i64..200_000, len1 in 0i64..200_000, target in 1i64..400_000) {
            let cal = BusinessCalendar::office_hours(0);
            let start = t("2026-01-12T08:00:00Z");
            let pauses = vec![Pause {
                from: start + Duration::seconds(p1),
                to: Some(start + Duration::seconds(p1 + len1)),
            }];
            let clock = Clock { started: start, pauses: &pauses };
            let due = clock.due_at(&cal, target);
            prop_assert!(due.is_some());
            let due = due.unwrap_or(start);
            prop_assert_eq!(clock.elapsed(&cal, due), target);
            prop_assert!(clock.elapsed(&cal, due - Duration::seconds(1)) < target);
        }
    }
}
