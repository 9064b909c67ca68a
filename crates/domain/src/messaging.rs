//! Respect for the customer: the rules every automated message passes before it is sent —
//! consent per channel, frequency caps per channel and customer, quiet hours in the customer's
//! time zone — and the retry schedule of the outbox and job queue. Pure and unit-tested.
//!
//! The rules, by message class:
//!
//! | class       | consent on the channel                 | frequency cap | quiet hours |
//! |-------------|----------------------------------------|---------------|-------------|
//! | `marketing` | must be explicitly granted (`true`)    | applies       | applies     |
//! | `service`   | must not be refused (absent is fine)   | not held back | applies     |
//! | `legal`     | e-mail: always sent (required by law); | bypassed      | bypassed    |
//! |             | other channels: must not be refused    |               |             |
//!
//! Service messages answer something the customer started (their complaint's progress, the
//! satisfaction question after it): holding "your complaint is resolved" back for a week because
//! earlier updates filled the cap would hurt the customer the cap protects. They are not held
//! back by the cap, but they are counted, so they still hold back marketing that follows.
//!
//! A message held back by a cap is **deferred** to the moment the oldest counted message leaves
//! the window (then re-checked against quiet hours); one held by quiet hours is deferred to the
//! end of the quiet period. A message without the consent it needs is **dropped** with its
//! reason. Nothing is silently lost: the outcome and reason are recorded on the message.

use crate::DomainError;
use crate::customer::Channel;
use crate::customer::string_enum;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Why a message is sent, which decides the rules it must pass.
    MessageClass, "class" {
        /// Promotional or relationship messages: explicit consent, caps, quiet hours.
        Marketing = "marketing",
        /// Messages about something the customer is doing with us (a complaint's progress).
        Service = "service",
        /// Notices the law or the contract requires (offboarding notice, data erasure).
        Legal = "legal",
    }
);

/// Quiet hours in local time: `[start, end)`, possibly wrapping midnight (`21:00–08:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    /// First quiet minute.
    pub start: NaiveTime,
    /// First minute that is no longer quiet.
    pub end: NaiveTime,
}

impl QuietHours {
    /// Parses `HH:MM-HH:MM`; an empty string or equal ends means no quiet hours (`None`).
    pub fn parse(raw: &str) -> Result<Option<Self>, DomainError> {
        let s = raw.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let bad = || crate::customer::malformed("quiet_hours", s, crate::Format::TimeRange);
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
        let (start, end) = (t(a)?, t(b)?);
        Ok((start != end).then_some(Self { start, end }))
    }

    /// Whether the local wall-clock time `t` is quiet.
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.start < self.end {
            t >= self.start && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }

    /// If `at` is quiet in `tz`, the first instant after it that is not; else `None`.
    pub fn next_allowed<Tz: TimeZone>(&self, at: DateTime<Utc>, tz: &Tz) -> Option<DateTime<Utc>> {
        let local = at.with_timezone(tz);
        if !self.contains(local.time()) {
            return None;
        }
        // Walk forward minute by minute would be slow; jump to today's or tomorrow's `end`.
        let date = local.date_naive();
        let candidates = [date, date + Duration::days(1), date + Duration::days(2)];
        for d in candidates {
            let naive = d.and_time(self.end);
            // A DST gap can skip `end`; take the earliest valid instant at or after it.
            let inst = tz
                .from_local_datetime(&naive)
                .earliest()
                .or_else(|| {
                    tz.from_local_datetime(&(naive + Duration::hours(1)))
                        .earliest()
                })
                .map(|x| x.with_timezone(&Utc));
            if let Some(i) = inst
                && i > at
                && !self.contains(i.with_timezone(tz).time())
            {
                return Some(i);
            }
        }
        Some(at + Duration::hours(24))
    }
}

/// The customer-side facts the rules look at.
#[derive(Debug, Clone)]
pub struct Recipient<Tz: TimeZone> {
    /// Consent on the channel: `Some(true)` granted, `Some(false)` refused, `None` never asked.
    pub consent: Option<bool>,
    /// The customer's time zone.
    pub tz: Tz,
    /// Send times of counted messages (not `legal`) on this channel inside the cap window.
    pub recent: Vec<DateTime<Utc>>,
}

/// Frequency cap: at most `max` counted messages per channel and customer in `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    /// Messages allowed in the window (0 = none allowed).
    pub max: usize,
    /// The sliding window.
    pub window: Duration,
}

/// What to do with a message now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Send it now.
    Send,
    /// Try again at this time; the reason is recorded.
    Defer(DateTime<Utc>, String),
    /// Never send it; the reason is recorded.
    Drop(String),
}

/// Decides whether a message of `class` on `channel` may go to `r` at `now`.
pub fn decide<Tz: TimeZone>(
    class: MessageClass,
    channel: Channel,
    r: &Recipient<Tz>,
    cap: Cap,
    quiet: Option<QuietHours>,
    now: DateTime<Utc>,
) -> Verdict {
    match (class, r.consent) {
        (MessageClass::Marketing, Some(true)) => {}
        (MessageClass::Marketing, Some(false)) => {
            return Verdict::Drop(format!("consent refused on {channel}"));
        }
        (MessageClass::Marketing, None) => {
            return Verdict::Drop(format!("no explicit marketing consent on {channel}"));
        }
        (MessageClass::Legal, _) if channel == Channel::Email => return Verdict::Send,
        (_, Some(false)) => return Verdict::Drop(format!("consent refused on {channel}")),
        (MessageClass::Legal, _) => return Verdict::Send,
        (MessageClass::Service, _) => {}
    }
    let mut at = now;
    let mut reason = None;
    let mut recent: Vec<_> = r
        .recent
        .iter()
        .copied()
        .filter(|t| *t > now - cap.window)
        .collect();
    recent.sort();
    if class == MessageClass::Marketing && recent.len() >= cap.max {
        if cap.max == 0 {
            return Verdict::Drop(format!("frequency cap on {channel} is 0"));
        }
        // The (len - max + 1)-th oldest must leave the window before one more fits.
        let leaving = recent[recent.len() - cap.max];
        at = leaving + cap.window + Duration::seconds(1);
        reason = Some(format!(
            "frequency cap: {} messages on {channel} in {} days",
            cap.max,
            cap.window.num_days()
        ));
    }
    if let Some(q) = quiet
        && let Some(next) = q.next_allowed(at, &r.tz)
    {
        at = next;
        reason.get_or_insert_with(|| "quiet hours in the customer's time zone".to_string());
    }
    match reason {
        Some(why) => Verdict::Defer(at, why),
        None => Verdict::Send,
    }
}

/// Exponential backoff with a ceiling: `base · 2^(attempt-1)`, at most `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Delay after the first failure.
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
}

impl Backoff {
    /// The delay after failed attempt number `attempt` (1-based).
    pub fn delay(&self, attempt: i64) -> Duration {
        let exp = attempt.clamp(1, 30) - 1;
        let ms = self
            .base
            .num_milliseconds()
            .saturating_mul(1i64 << exp)
            .min(self.max.num_milliseconds());
        Duration::milliseconds(ms.max(0))
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::seconds(30),
            max: Duration::hours(6),
        }
    }
}

/// Parses an IANA time zone name; unknown or missing names fall back to UTC.
pub fn tz_or_utc(name: Option<&str>) -> chrono_tz::Tz {
    name.and_then(|n| n.parse().ok()).unwrap_or(chrono_tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn quiet() -> Option<QuietHours> {
        QuietHours::parse("21:00-08:00").ok().flatten()
    }

    fn cap() -> Cap {
        Cap {
            max: 2,
            window: Duration::days(7),
        }
    }

    fn rec(consent: Option<bool>, recent: Vec<DateTime<Utc>>) -> Recipient<chrono_tz::Tz> {
        Recipient {
            consent,
            tz: chrono_tz::Europe::Tallinn,
            recent,
        }
    }

    #[test]
    fn consent_rules_by_class() {
        let noon = ts("2026-03-02T10:00:00Z"); // 12:00 in Tallinn
        let d = |c, ch, consent| decide(c, ch, &rec(consent, vec![]), cap(), quiet(), noon);
        use Channel::{Email, Sms};
        use MessageClass::{Legal, Marketing, Service};
        assert!(matches!(d(Marketing, Email, None), Verdict::Drop(_)));
        assert!(matches!(d(Marketing, Email, Some(false)), Verdict::Drop(_)));
        assert_eq!(d(Marketing, Email, Some(true)), Verdict::Send);
        assert_eq!(d(Service, Email, None), Verdict::Send);
        assert!(matches!(d(Service, Email, Some(false)), Verdict::Drop(_)));
        assert_eq!(d(Legal, Email, Some(false)), Verdict::Send);
        assert!(matches!(d(Legal, Sms, Some(false)), Verdict::Drop(_)));
        assert_eq!(d(Legal, Sms, None), Verdict::Send);
    }

    #[test]
    fn quiet_hours_defer_to_morning_local_time() {
        let late = ts("2026-03-02T20:30:00Z"); // 22:30 in Tallinn (UTC+2)
        let v = decide(
            MessageClass::Service,
            Channel::Email,
            &rec(None, vec![]),
            cap(),
            quiet(),
            late,
        );
        assert_eq!(
            v,
            Verdict::Defer(
                ts("2026-03-03T06:00:00Z"),
                "quiet hours in the customer's time zone".into()
            )
        );
        // A legal notice goes now.
        let v = decide(
            MessageClass::Legal,
            Channel::Email,
            &rec(None, vec![]),
            cap(),
            quiet(),
            late,
        );
        assert_eq!(v, Verdict::Send);
    }

    #[test]
    fn service_messages_are_counted_but_not_capped() {
        let noon = ts("2026-03-02T10:00:00Z");
        let full = vec![noon - Duration::hours(2), noon - Duration::hours(1)];
        let cap = Cap {
            max: 2,
            window: Duration::days(7),
        };
        let service = decide(
            MessageClass::Service,
            Channel::Email,
            &rec(None, full.clone()),
            cap,
            quiet(),
            noon,
        );
        assert_eq!(service, Verdict::Send);
        let marketing = decide(
            MessageClass::Marketing,
            Channel::Email,
            &rec(Some(true), full),
            cap,
            quiet(),
            noon,
        );
        assert!(matches!(marketing, Verdict::Defer(..)), "{marketing:?}");
    }

    #[test]
    fn cap_defers_until_a_slot_frees() {
        let now = ts("2026-03-05T10:00:00Z");
        let sent = vec![ts("2026-03-01T09:00:00Z"), ts("2026-03-04T09:00:00Z")];
        let v = decide(
            MessageClass::Marketing,
            Channel::Email,
            &rec(Some(true), sent.clone()),
            cap(),
            None,
            now,
        );
        match v {
            Verdict::Defer(at, why) => {
                assert_eq!(at, ts("2026-03-08T09:00:01Z"));
                assert!(why.contains("frequency cap"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        let v = decide(
            MessageClass::Legal,
            Channel::Email,
            &rec(Some(true), sent),
            cap(),
            None,
            now,
        );
        assert_eq!(v, Verdict::Send);
    }

    #[test]
    fn backoff_doubles_to_a_ceiling() {
        let b = Backoff {
            base: Duration::seconds(10),
            max: Duration::seconds(100),
        };
        let d: Vec<i64> = (1..=6).map(|a| b.delay(a).num_seconds()).collect();
        assert_eq!(d, vec![10, 20, 40, 80, 100, 100]);
    }

    #[test]
    fn quiet_hours_parse() {
        assert!(QuietHours::parse("").ok().flatten().is_none());
        assert!(QuietHours::parse("25:00-01:00").is_err());
        let q = QuietHours::parse("09:00-17:00").ok().flatten();
        assert!(
            q.is_some_and(|q| !q.contains(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()))
        );
    }

    proptest! {
        /// A deferred message is never due inside quiet hours, always later than now, and a
        /// cap-deferred one fits the cap when it becomes due.
        #[test]
        fn deferral_lands_outside_quiet_hours_and_within_cap(
            now_s in 1_700_000_000i64..1_900_000_000,
            offsets in proptest::collection::vec(0i64..(7 * 86_400), 0..6),
            tz_i in 0usize..4,
        ) {
            let tzs = [chrono_tz::Europe::Tallinn, chrono_tz::Asia::Shanghai, chrono_tz::America::New_York, chrono_tz::UTC];
            let tz = tzs[tz_i];
            let now = DateTime::<Utc>::from_timestamp(now_s, 0).unwrap_or_default();
            let recent: Vec<_> = offsets.iter().map(|o| now - Duration::seconds(*o)).collect();
            let r = Recipient { consent: Some(true), tz, recent: recent.clone() };
            let q = quiet();
            match decide(MessageClass::Marketing, Channel::Email, &r, cap(), q, now) {
                Verdict::Send => {
                    prop_assert!(recent.iter().filter(|t| **t > now - cap().window).count() < cap().max);
                    prop_assert!(q.is_none_or(|q| !q.contains(now.with_timezone(&tz).time())));
                }
                Verdict::Defer(at, _) => {
                    prop_assert!(at > now);
                    prop_assert!(q.is_none_or(|q| !q.contains(at.with_timezone(&tz).time())));
                    let in_window = recent.iter().filter(|t| **t > at - cap().window).count();
                    prop_assert!(in_window < cap().max);
                }
                Verdict::Drop(_) => prop_assert!(false, "consented marketing dropped"),
            }
        }
    }
}
