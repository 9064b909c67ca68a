//! Satisfaction surveys: the three standard scores and their maths, pure and unit-tested.
//!
//! | kind   | scale | counted as good            | score                                  |
//! |--------|-------|----------------------------|----------------------------------------|
//! | `nps`  | 0–10  | promoters 9–10             | % promoters − % detractors (0–6)       |
//! | `csat` | 1–5   | satisfied 4–5              | % satisfied                            |
//! | `ces`  | 1–7   | low effort 5–7             | % scoring 5–7                          |
//!
//! A **detractor** — someone to call back — is an NPS of 6 or less, a CSAT of 2 or less, or a
//! CES of 2 or less. The NPS margin of error (95 %) is `100·√((p + d − (p − d)²)/n)` with `p`
//! and `d` the promoter and detractor fractions; the CSAT and CES margins are the usual
//! `100·√(q(1 − q)/n)` of a proportion `q`. Both use z = 1 as the formula in the brief does
//! (one standard error, in points); [`Summary::margin_of_error`] documents it on the API.

use crate::customer::string_enum;
use crate::{Code, DomainError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Which standard question a survey asks.
    SurveyKind, "kind" {
        /// Net Promoter Score: "how likely are you to recommend us?" 0–10.
        Nps = "nps",
        /// Customer satisfaction: "how satisfied are you?" 1–5.
        Csat = "csat",
        /// Customer effort: "how easy was it?" 1–7.
        Ces = "ces",
    }
);

/// Where a response sits on its scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// NPS 9–10, CSAT 4–5, CES 5–7.
    Promoter,
    /// NPS 7–8, CSAT 3, CES 3–4.
    Passive,
    /// NPS 0–6, CSAT 1–2, CES 1–2.
    Detractor,
}

impl SurveyKind {
    /// The lowest and highest answer.
    pub fn scale(self) -> (i64, i64) {
        match self {
            Self::Nps => (0, 10),
            Self::Csat => (1, 5),
            Self::Ces => (1, 7),
        }
    }

    /// Checks an answer is on the scale (`score` field).
    pub fn check(self, score: i64) -> Result<i64, DomainError> {
        let (min, max) = self.scale();
        if (min..=max).contains(&score) {
            Ok(score)
        } else {
            Err(DomainError::new(
                "score",
                Code::OutOfRange {
                    min: Some(min),
                    max: Some(max),
                },
            ))
        }
    }

    /// The band of an answer on the scale. Between "good" and "call back" is passive; for
    /// CSAT and CES that middle is what is neither good nor a detractor.
    pub fn band(self, score: i64) -> Band {
        match self {
            Self::Nps if score >= 9 => Band::Promoter,
            Self::Nps if score >= 7 => Band::Passive,
            Self::Nps => Band::Detractor,
            Self::Csat if score >= 4 => Band::Promoter,
            Self::Csat if score >= 3 => Band::Passive,
            Self::Csat => Band::Detractor,
            Self::Ces if score >= 5 => Band::Promoter,
            Self::Ces if score >= 3 => Band::Passive,
            Self::Ces => Band::Detractor,
        }
    }

    /// Whether an answer asks for a call-back (NPS ≤ 6, CSAT ≤ 2, CES ≤ 2).
    pub fn is_detractor(self, score: i64) -> bool {
        self.band(score) == Band::Detractor
    }
}

/// The score of a set of answers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// Answers counted.
    pub responses: i64,
    /// NPS promoters (9–10), satisfied CSAT (4–5), low-effort CES (5–7).
    pub promoters: i64,
    /// NPS 7–8, CSAT 3, CES 3–4.
    pub passives: i64,
    /// NPS 0–6, CSAT 1–2, CES 1–2.
    pub detractors: i64,
    /// NPS: % promoters − % detractors (−100…100); CSAT and CES: % good (0…100). `None`
    /// without answers. Rounded to one decimal.
    pub score: Option<f64>,
    /// In points, one standard error: NPS `100·√((p + d − (p − d)²)/n)`, else
    /// `100·√(q(1 − q)/n)`. `None` without answers. Rounded to one decimal.
    pub margin_of_error: Option<f64>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Scores `answers` (each already on the scale) of `kind`.
pub fn summarise(kind: SurveyKind, answers: &[i64]) -> Summary {
    let mut s = Summary {
        responses: answers.len() as i64,
        promoters: 0,
        passives: 0,
        detractors: 0,
        score: None,
        margin_of_error: None,
    };
    for a in answers {
        match kind.band(*a) {
            Band::Promoter => s.promoters += 1,
            Band::Passive => s.passives += 1,
            Band::Detractor => s.detractors += 1,
        }
    }
    if s.responses == 0 {
        return s;
    }
    let n = s.responses as f64;
    let p = s.promoters as f64 / n;
    let d = s.detractors as f64 / n;
    let (score, moe) = match kind {
        SurveyKind::Nps => (100.0 * (p - d), nps_margin(p, d, s.responses)),
        SurveyKind::Csat | SurveyKind::Ces => (100.0 * p, 100.0 * (p * (1.0 - p) / n).sqrt()),
    };
    s.score = Some(round1(score));
    s.margin_of_error = Some(round1(moe));
    s
}

/// The NPS margin of error in points: `100·√((p + d − (p − d)²)/n)` (fractions `p`, `d`).
pub fn nps_margin(p: f64, d: f64, n: i64) -> f64 {
    if n <= 0 {
        return 0.0;
    }
    let var = (p + d - (p - d).powi(2)).max(0.0);
    100.0 * (var / n as f64).sqrt()
}

/// Response rate in percent (one decimal); `None` when nothing was sent.
pub fn response_rate(responses: i64, sent: i64) -> Option<f64> {
    (sent > 0).then(|| round1(100.0 * responses as f64 / sent as f64))
}

/// When a call-back is due: 17:00 in `tz` on the next business day (Monday–Friday) after
/// `now`'s local date.
pub fn callback_due<Tz: TimeZone>(now: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
    let day = next_business_day(now.with_timezone(tz).date_naive());
    let at = day.and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN));
    tz.from_local_datetime(&at)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| at.and_utc())
}

/// The first Monday–Friday after `day`.
pub fn next_business_day(day: NaiveDate) -> NaiveDate {
    let mut d = day + Duration::days(1);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

/// Whether someone last surveyed at `last` may be surveyed again at `now` under a recontact
/// throttle of `days` (0 = no throttle).
pub fn may_recontact(last: Option<DateTime<Utc>>, now: DateTime<Utc>, days: i64) -> bool {
    match last {
        Some(l) if days > 0 => now - l >= Duration::days(days),
        _ => true,
    }
}

/// The most days a link may stay valid, and the most days of a recontact throttle.
pub const MAX_DAYS: i64 = 365;

/// Checks a number of days (`field`) is 1–[`MAX_DAYS`].
pub fn check_days(field: &str, days: i64) -> Result<i64, DomainError> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(DomainError::new(
            field,
            Code::OutOfRange {
                min: Some(1),
                max: Some(MAX_DAYS),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nps_of_one_ten_and_one_three_is_zero_with_its_margin() {
        let s = summarise(SurveyKind::Nps, &[10, 3]);
        assert_eq!((s.promoters, s.passives, s.detractors), (1, 0, 1));
        assert_eq!(s.score, Some(0.0));
        // p = d = 0.5: 100·√((1 − 0)/2) = 70.7
        assert_eq!(s.margin_of_error, Some(70.7));
    }

    #[test]
    fn bands_follow_the_standard_definitions() {
        let nps: Vec<Band> = (0..=10).map(|x| SurveyKind::Nps.band(x)).collect();
        assert_eq!(nps[6], Band::Detractor);
        assert_eq!(nps[7], Band::Passive);
        assert_eq!(nps[8], Band::Passive);
        assert_eq!(nps[9], Band::Promoter);
        assert!(SurveyKind::Csat.is_detractor(2));
        assert!(!SurveyKind::Csat.is_detractor(3));
        assert!(SurveyKind::Ces.is_detractor(2));
        assert_eq!(SurveyKind::Ces.band(5), Band::Promoter);
        let csat = summarise(SurveyKind::Csat, &[5, 4, 3, 1]);
        assert_eq!(csat.score, Some(50.0));
        let ces = summarise(SurveyKind::Ces, &[7, 5, 4]);
        assert_eq!(ces.score, Some(66.7));
        assert_eq!(summarise(SurveyKind::Nps, &[]).score, None);
    }

    #[test]
    fn scale_checks_name_the_field() {
        assert!(SurveyKind::Nps.check(0).is_ok());
        assert_eq!(SurveyKind::Nps.check(11).unwrap_err().field, "score");
        assert!(SurveyKind::Csat.check(0).is_err());
        assert!(SurveyKind::Ces.check(8).is_err());
        assert_eq!(SurveyKind::parse("NPS").unwrap(), SurveyKind::Nps);
        assert!(SurveyKind::parse("ces2").is_err());
    }

    #[test]
    fn callbacks_fall_on_the_next_weekday() {
        let fri = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(
            next_business_day(fri),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
        );
        let sat = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(
            next_business_day(sat),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
        );
        let mon = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(
            next_business_day(mon),
            NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()
        );
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap();
        let due = callback_due(now, &Utc);
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 12, 7, 17, 0, 0).unwrap());
    }

    #[test]
    fn recontact_throttle() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap();
        assert!(may_recontact(None, now, 30));
        assert!(!may_recontact(Some(now - Duration::days(29)), now, 30));
        assert!(may_recontact(Some(now - Duration::days(30)), now, 30));
        assert!(may_recontact(Some(now), now, 0));
        assert!(check_days("expires_days", 0).is_err());
        assert!(check_days("expires_days", 30).is_ok());
    }

    proptest! {
        #[test]
        fn nps_stays_in_range_and_counts_add_up(answers in proptest::collection::vec(0i64..=10, 0..200)) {
            let s = summarise(SurveyKind::Nps, &answers);
            prop_assert_eq!(s.promoters + s.passives + s.detractors, answers.len() as i64);
            if let Some(score) = s.score {
                prop_assert!((-100.0..=100.0).contains(&score));
                let m = s.margin_of_error.unwrap();
                prop_assert!((0.0..=100.0).contains(&m));
            } else {
                prop_assert!(answers.is_empty());
            }
        }

        #[test]
        fn csat_and_ces_are_percentages(answers in proptest::collection::vec(1i64..=5, 1..100)) {
            let s = summarise(SurveyKind::Csat, &answers);
            let score = s.score.unwrap();
            prop_assert!((0.0..=100.0).contains(&score));
            let sevens: Vec<i64> = answers.iter().map(|a| a + 2).collect();
            let c = summarise(SurveyKind::Ces, &sevens).score.unwrap();
            prop_assert!((0.0..=100.0).contains(&c));
        }

        #[test]
        fn the_next_business_day_is_a_weekday_within_three_days(offset in 0i64..3650) {
            let d = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(offset);
            let n = next_business_day(d);
            prop_assert!(!matches!(n.weekday(), Weekday::Sat | Weekday::Sun));
            prop_assert!(n > d && n - d <= Duration::days(3));
        }
    }
}
