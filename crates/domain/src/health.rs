//! The customer health score: 0–100 from weighted signals, each explained.
//!
//! Each signal turns a fact about the customer into points between 0 and its weight; a signal
//! without data ("no data") is left out of the sum *and* of the weights, so a customer is not
//! punished for what is unknown. The score is `round(100 · Σ points / Σ weights)` over the
//! signals with data (no signal with data: 50, "unknown", yellow by default).
//!
//! Defaults ([`Weights::default`]), all editable by managers:
//!
//! | signal | weight | full points | no points |
//! |---|---|---|---|
//! | contact recency vs cadence | 25 | contacted within the cadence | 3× the cadence or more |
//! | usage trend (last 30 d vs the 90 d before, per day) | 15 | at or above the earlier rate (or new use) | no use in the last 30 d |
//! | purchases vs the usual rhythm (median gap) | 15 | within 1.5× the median gap | 4× the median gap or more |
//! | open complaints and SLA breaches | 20 | none | penalty ≥ 100 (critical 60, high 40, medium 20, low 10, breach 30 each) |
//! | latest NPS / CSAT / CES | 15 | top of the scale | bottom of the scale |
//! | payment issues (refunds: negative transactions, last 90 d) | 10 | none | 4 or more |
//!
//! Bands ([`Thresholds::default`]): red 0–50, yellow 51–75, green 76–100.
//!
//! Contact cadence: the cadence in days comes from the caller (the contact-cadence settings,
//! whose defaults are [`crate::cadence::default_days`]).

use crate::error::{Code, DomainError};
use serde::{Deserialize, Serialize};

/// The signals, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalName {
    /// Days since the last contact against the contact cadence.
    ContactRecency,
    /// Usage in the last 30 days against the 90 days before.
    UsageTrend,
    /// Days since the last purchase against the usual gap between purchases.
    PurchaseRhythm,
    /// Open complaints by severity and SLA breaches.
    Complaints,
    /// The latest survey answer (NPS, CSAT or CES) or complaint satisfaction answer.
    Satisfaction,
    /// Refunds (negative transactions) in the last 90 days.
    Payments,
}

impl SignalName {
    /// Every signal, in display order.
    pub const ALL: [SignalName; 6] = [
        Self::ContactRecency,
        Self::UsageTrend,
        Self::PurchaseRhythm,
        Self::Complaints,
        Self::Satisfaction,
        Self::Payments,
    ];

    /// The stable name (`contact_recency`, …), also the settings key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ContactRecency => "contact_recency",
            Self::UsageTrend => "usage_trend",
            Self::PurchaseRhythm => "purchase_rhythm",
            Self::Complaints => "complaints",
            Self::Satisfaction => "satisfaction",
            Self::Payments => "payments",
        }
    }
}

/// The weight of each signal (0–100; 0 switches a signal off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Weights {
    /// Contact recency vs cadence (default 25).
    pub contact_recency: u32,
    /// Usage trend (default 15).
    pub usage_trend: u32,
    /// Purchases vs the usual rhythm (default 15).
    pub purchase_rhythm: u32,
    /// Open complaints and SLA breaches (default 20).
    pub complaints: u32,
    /// Latest NPS / CSAT / CES (default 15).
    pub satisfaction: u32,
    /// Payment issues (default 10).
    pub payments: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            contact_recency: 25,
            usage_trend: 15,
            purchase_rhythm: 15,
            complaints: 20,
            satisfaction: 15,
            payments: 10,
        }
    }
}

impl Weights {
    /// The weight of `s`.
    pub fn of(&self, s: SignalName) -> u32 {
        match s {
            SignalName::ContactRecency => self.contact_recency,
            SignalName::UsageTrend => self.usage_trend,
            SignalName::PurchaseRhythm => self.purchase_rhythm,
            SignalName::Complaints => self.complaints,
            SignalName::Satisfaction => self.satisfaction,
            SignalName::Payments => self.payments,
        }
    }
}

/// Where the bands start: red up to `red_max`, yellow up to `yellow_max`, green above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Thresholds {
    /// The highest red score (default 50).
    pub red_max: u32,
    /// The highest yellow score (default 75).
    pub yellow_max: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            red_max: 50,
            yellow_max: 75,
        }
    }
}

/// The health settings: weights and band thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HealthSettings {
    /// The weight of each signal.
    pub weights: Weights,
    /// The band thresholds.
    pub bands: Thresholds,
}

/// The largest weight.
pub const MAX_WEIGHT: u32 = 100;

impl HealthSettings {
    /// Checks the settings: each weight 0–100 and at least one above 0; `red_max` below
    /// `yellow_max`, which is below 100.
    pub fn validate(&self) -> Result<(), Vec<DomainError>> {
        let mut errs = Vec::new();
        let mut total = 0;
        for s in SignalName::ALL {
            let w = self.weights.of(s);
            total += w;
            if w > MAX_WEIGHT {
                let range = Code::OutOfRange {
                    min: Some(0),
                    max: Some(i64::from(MAX_WEIGHT)),
                };
                errs.push(DomainError::new(format!("weights.{}", s.as_str()), range));
            }
        }
        if total == 0 {
            errs.push(DomainError::new(
                "weights",
                Code::OutOfRange {
                    min: Some(1),
                    max: None,
                },
            ));
        }
        if self.bands.yellow_max >= 100 || self.bands.yellow_max == 0 {
            errs.push(DomainError::new(
                "bands.yellow_max",
                Code::OutOfRange {
                    min: Some(1),
                    max: Some(99),
                },
            ));
        } else if self.bands.red_max >= self.bands.yellow_max {
            errs.push(DomainError::new(
                "bands.red_max",
                Code::OutOfRange {
                    min: Some(0),
                    max: Some(i64::from(self.bands.yellow_max) - 1),
                },
            ));
        }
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }
}

/// A health band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[derive(utoipa::ToSchema)]
pub enum Band {
    /// Needs attention now.
    Red,
    /// Watch.
    Yellow,
    /// Healthy.
    Green,
}

impl Band {
    /// Every band, worst first.
    pub const ALL: [Band; 3] = [Band::Red, Band::Yellow, Band::Green];

    /// `red`, `yellow` or `green`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Yellow => "yellow",
            Self::Green => "green",
        }
    }

    /// Parses `red`, `yellow` or `green`.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "red" => Ok(Self::Red),
            "yellow" => Ok(Self::Yellow),
            "green" => Ok(Self::Green),
            other => Err(DomainError::new(
                "health",
                Code::OneOf {
                    value: other.to_string(),
                    allowed: vec!["red".into(), "yellow".into(), "green".into()],
                },
            )),
        }
    }

    /// The band of `score` under `t`.
    pub fn of(score: u32, t: Thresholds) -> Self {
        if score <= t.red_max {
            Self::Red
        } else if score <= t.yellow_max {
            Self::Yellow
        } else {
            Self::Green
        }
    }
}

/// Which survey (or question) a satisfaction answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// Net promoter, 0–10.
    Nps,
    /// Customer satisfaction, 1–5.
    Csat,
    /// Customer effort (higher is easier), 1–7.
    Ces,
    /// The complaint satisfaction question, 1–5.
    Complaint,
}

impl SurveyKind {
    /// The lowest and highest answer.
    pub fn scale(self) -> (i64, i64) {
        match self {
            Self::Nps => (0, 10),
            Self::Csat | Self::Complaint => (1, 5),
            Self::Ces => (1, 7),
        }
    }

    /// Parses `nps`, `csat`, `ces` or `complaint`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "nps" => Some(Self::Nps),
            "csat" => Some(Self::Csat),
            "ces" => Some(Self::Ces),
            "complaint" => Some(Self::Complaint),
            _ => None,
        }
    }

    /// `nps`, `csat`, `ces` or `complaint`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nps => "nps",
            Self::Csat => "csat",
            Self::Ces => "ces",
            Self::Complaint => "complaint",
        }
    }
}

/// Open complaints by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpenComplaints {
    /// Critical.
    pub critical: u32,
    /// High.
    pub high: u32,
    /// Medium.
    pub medium: u32,
    /// Low.
    pub low: u32,
    /// Open complaints past their SLA deadline.
    pub breached: u32,
}

impl OpenComplaints {
    /// The penalty: critical 60, high 40, medium 20, low 10, each breach 30 (saturating).
    pub fn penalty(&self) -> u64 {
        u64::from(self.critical) * 60
            + u64::from(self.high) * 40
            + u64::from(self.medium) * 20
            + u64::from(self.low) * 10
            + u64::from(self.breached) * 30
    }

    /// Open complaints in all.
    pub fn total(&self) -> u32 {
        self.critical
            .saturating_add(self.high)
            .saturating_add(self.medium)
            .saturating_add(self.low)
    }
}

/// What is known about one customer, as of the computation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    /// The contact cadence in days (`None`: no cadence, e.g. a departed customer).
    pub cadence_days: Option<i64>,
    /// Days since the last contact, or since the customer was created if never contacted.
    pub days_since_contact: i64,
    /// Usage quantity in the last 30 days.
    pub usage_30d: f64,
    /// Usage quantity in the 90 days before those.
    pub usage_prior_90d: f64,
    /// Days since the last purchase (`None`: no purchase).
    pub days_since_purchase: Option<i64>,
    /// The median gap between purchases in days (`None`: fewer than two purchases).
    pub median_gap_days: Option<i64>,
    /// Open complaints and breaches.
    pub complaints: OpenComplaints,
    /// The latest satisfaction answer.
    pub satisfaction: Option<(SurveyKind, i64)>,
    /// Whether the customer has any transaction (else payments is "no data").
    pub has_transactions: bool,
    /// Refunds (negative transactions) in the last 90 days.
    pub refunds_90d: u32,
}

/// A signal's value, as stored in the explanation (rendered in words at the edge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    /// No data: the signal is left out.
    NoData,
    /// Days since the last contact and the cadence.
    Contact {
        /// Days since the last contact.
        days: i64,
        /// The cadence.
        cadence: i64,
    },
    /// Usage per day, last 30 days and the 90 before.
    Usage {
        /// Per day, last 30 days.
        recent: f64,
        /// Per day, the 90 days before.
        prior: f64,
    },
    /// Days since the last purchase and the usual gap.
    Purchases {
        /// Days since the last purchase.
        days: i64,
        /// The median gap.
        gap: i64,
    },
    /// Open complaints and breaches.
    Complaints(OpenComplaints),
    /// The latest answer.
    Satisfaction {
        /// Which survey.
        survey: SurveyKind,
        /// The answer.
        score: i64,
    },
    /// Refunds in the last 90 days.
    Refunds {
        /// How many.
        count: u32,
    },
}

/// One signal of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// Which signal.
    pub name: SignalName,
    /// Its weight.
    pub weight: u32,
    /// Points earned, 0–weight (0 when there is no data), to one decimal.
    pub points: f64,
    /// Its share of the score, in score points (0 when there is no data).
    pub contribution: f64,
    /// The value behind it.
    pub value: Value,
}

impl Signal {
    /// Whether the signal had data (and counted).
    pub fn counted(&self) -> bool {
        self.value != Value::NoData && self.weight > 0
    }
}

/// A computed health score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// 0–100.
    pub score: u32,
    /// The band under the settings.
    pub band: Band,
    /// Every signal, in display order.
    pub signals: Vec<Signal>,
}

fn fraction_between(x: f64, full_until: f64, zero_from: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    if x <= full_until {
        1.0
    } else if x >= zero_from {
        0.0
    } else {
        (zero_from - x) / (zero_from - full_until)
    }
}

/// The value and the fraction of its weight (0–1) a signal earns, from `f`.
pub fn assess(name: SignalName, f: &Facts) -> (Value, f64) {
    match name {
        SignalName::ContactRecency => match f.cadence_days {
            Some(c) if c > 0 => {
                let days = f.days_since_contact.max(0);
                let r = days as f64 / c as f64;
                (
                    Value::Contact { days, cadence: c },
                    fraction_between(r, 1.0, 3.0),
                )
            }
            _ => (Value::NoData, 0.0),
        },
        SignalName::UsageTrend => {
            let recent = f.usage_30d.max(0.0) / 30.0;
            let prior = f.usage_prior_90d.max(0.0) / 90.0;
            if !(recent.is_finite() && prior.is_finite()) || (recent <= 0.0 && prior <= 0.0) {
                return (Value::NoData, 0.0);
            }
            let frac = if prior <= 0.0 {
                1.0
            } else {
                (recent / prior).clamp(0.0, 1.0)
            };
            (Value::Usage { recent, prior }, frac)
        }
        SignalName::PurchaseRhythm => match (f.days_since_purchase, f.median_gap_days) {
            (Some(d), Some(g)) => {
                let gap = g.max(1);
                let days = d.max(0);
                let r = days as f64 / gap as f64;
                (
                    Value::Purchases { days, gap },
                    fraction_between(r, 1.5, 4.0),
                )
            }
            _ => (Value::NoData, 0.0),
        },
        SignalName::Complaints => {
            let p = f.complaints.penalty().min(100) as f64;
            (Value::Complaints(f.complaints), (100.0 - p) / 100.0)
        }
        SignalName::Satisfaction => match f.satisfaction {
            Some((kind, score)) => {
                let (lo, hi) = kind.scale();
                let s = score.clamp(lo, hi);
                (
                    Value::Satisfaction {
                        survey: kind,
                        score: s,
                    },
                    (s - lo) as f64 / (hi - lo) as f64,
                )
            }
            None => (Value::NoData, 0.0),
        },
        SignalName::Payments => {
            if f.has_transactions {
                let n = f.refunds_90d;
                (
                    Value::Refunds { count: n },
                    (1.0 - 0.25 * f64::from(n.min(4))).max(0.0),
                )
            } else {
                (Value::NoData, 0.0)
            }
        }
    }
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Scores `f` under `s`.
pub fn score(f: &Facts, s: &HealthSettings) -> Health {
    let mut raw: Vec<(SignalName, u32, Value, f64)> = Vec::with_capacity(6);
    let (mut earned, mut possible) = (0.0f64, 0u32);
    for name in SignalName::ALL {
        let w = s.weights.of(name).min(MAX_WEIGHT);
        let (value, frac) = assess(name, f);
        let frac = frac.clamp(0.0, 1.0);
        let pts = f64::from(w) * frac;
        if value != Value::NoData && w > 0 {
            earned += pts;
            possible += w;
        }
        raw.push((name, w, value, pts));
    }
    let score = if possible == 0 {
        50
    } else {
        ((100.0 * earned / f64::from(possible)).round() as i64).clamp(0, 100) as u32
    };
    let signals = raw
        .into_iter()
        .map(|(name, weight, value, pts)| {
            let counted = value != Value::NoData && weight > 0;
            Signal {
                name,
                weight,
                points: if counted { one_decimal(pts) } else { 0.0 },
                contribution: if counted && possible > 0 {
                    one_decimal(100.0 * pts / f64::from(possible))
                } else {
                    0.0
                },
                value,
            }
        })
        .collect();
    Health {
        score,
        band: Band::of(score, s.bands),
        signals,
    }
}

/// Why a signal moved, for "what moved it since last week".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A complaint of this severity opened (the worst that rose).
    ComplaintOpened {
        /// critical, high, medium or low.
        severity: &'static str,
    },
    /// A complaint passed its SLA deadline.
    SlaBreached,
    /// Complaints were resolved or closed.
    ComplaintsEased,
    /// A new survey answer.
    Answered {
        /// Which survey.
        survey: SurveyKind,
        /// The answer.
        score: i64,
    },
    /// Contact is overdue by the cadence.
    ContactOverdue {
        /// Days since the last contact.
        days: i64,
    },
    /// The customer was contacted.
    Contacted,
    /// Usage fell.
    UsageFell,
    /// Usage rose.
    UsageRose,
    /// The next purchase is later than usual.
    PurchaseLate {
        /// Days since the last purchase.
        days: i64,
    },
    /// The customer bought again.
    Purchased,
    /// A refund was booked.
    Refund,
    /// Refunds aged out of the window.
    RefundsEased,
    /// The signal has data now.
    NewData,
    /// The signal has no data any more.
    NoData,
    /// The weights changed.
    Weights,
}

/// One line of "what moved it".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Which signal.
    pub signal: SignalName,
    /// Score points gained (+) or lost (−), rounded.
    pub delta: i64,
    /// Why.
    pub reason: Reason,
}

fn reason(before: &Signal, now: &Signal, delta: f64) -> Reason {
    use Value as V;
    match (&before.value, &now.value) {
        (V::NoData, _) => Reason::NewData,
        (_, V::NoData) => Reason::NoData,
        (V::Complaints(a), V::Complaints(b)) => {
            let worse = [
                (b.critical > a.critical, "critical"),
                (b.high > a.high, "high"),
                (b.medium > a.medium, "medium"),
                (b.low > a.low, "low"),
            ];
            if let Some((_, sev)) = worse.iter().find(|(w, _)| *w) {
                Reason::ComplaintOpened { severity: sev }
            } else if b.breached > a.breached {
                Reason::SlaBreached
            } else {
                Reason::ComplaintsEased
            }
        }
        (_, V::Satisfaction { survey, score }) => Reason::Answered {
            survey: *survey,
            score: *score,
        },
        (_, V::Contact { days, .. }) => {
            if delta < 0.0 {
                Reason::ContactOverdue { days: *days }
            } else {
                Reason::Contacted
            }
        }
        (_, V::Usage { .. }) => {
            if delta < 0.0 {
                Reason::UsageFell
            } else {
                Reason::UsageRose
            }
        }
        (_, V::Purchases { days, .. }) => {
            if delta < 0.0 {
                Reason::PurchaseLate { days: *days }
            } else {
                Reason::Purchased
            }
        }
        (_, V::Refunds { .. }) => {
            if delta < 0.0 {
                Reason::Refund
            } else {
                Reason::RefundsEased
            }
        }
        _ => Reason::Weights,
    }
}

/// What moved the score between `before` and `now` (signals as stored): one line per signal
/// whose share of the score changed by at least one point, biggest first.
pub fn changes(before: &[Signal], now: &[Signal]) -> Vec<Change> {
    let mut out = Vec::new();
    for n in now {
        let Some(b) = before.iter().find(|b| b.name == n.name) else {
            continue;
        };
        let delta = n.contribution - b.contribution;
        let rounded = delta.round() as i64;
        if rounded == 0 && b.value == n.value {
            continue;
        }
        if rounded == 0 && (b.counted() == n.counted()) {
            // Same standing, a different value without effect: not news.
            continue;
        }
        out.push(Change {
            signal: n.name,
            delta: rounded,
            reason: reason(b, n, delta),
        });
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.delta.abs()));
    out
}

/// The median of `gaps` (whole days), or `None` when empty.
pub fn median(gaps: &mut [i64]) -> Option<i64> {
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let n = gaps.len();
    Some(if n % 2 == 1 {
        gaps[n / 2]
    } else {
        (gaps[n / 2 - 1] + gaps[n / 2]) / 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn healthy() -> Facts {
        Facts {
            cadence_days: Some(90),
            days_since_contact: 10,
            usage_30d: 30.0,
            usage_prior_90d: 90.0,
            days_since_purchase: Some(20),
            median_gap_days: Some(30),
            complaints: OpenComplaints::default(),
            satisfaction: Some((SurveyKind::Nps, 10)),
            has_transactions: true,
            refunds_90d: 0,
        }
    }

    #[test]
    fn all_good_is_100_green() {
        let h = score(&healthy(), &HealthSettings::default());
        assert_eq!(h.score, 100);
        assert_eq!(h.band, Band::Green);
        assert_eq!(h.signals.len(), 6);
    }

    #[test]
    fn no_data_is_left_out_not_zero() {
        let mut f = healthy();
        f.satisfaction = None;
        f.usage_30d = 0.0;
        f.usage_prior_90d = 0.0;
        let h = score(&f, &HealthSettings::default());
        assert_eq!(h.score, 100);
        let sat = &h.signals[4];
        assert_eq!(sat.value, Value::NoData);
        assert_eq!(sat.points, 0.0);
    }

    #[test]
    fn nothing_known_is_fifty() {
        let f = Facts::default();
        let s = HealthSettings {
            weights: Weights {
                complaints: 0,
                contact_recency: 10,
                ..Weights::default()
            },
            ..HealthSettings::default()
        };
        // Only contact (no cadence: no data) and complaints (weight 0): nothing counts.
        assert_eq!(score(&f, &s).score, 50);
    }

    #[test]
    fn a_high_complaint_and_overdue_contact_turn_red() {
        let mut f = healthy();
        f.complaints.high = 2;
        f.complaints.breached = 1;
        f.days_since_contact = 300;
        f.satisfaction = Some((SurveyKind::Nps, 3));
        let h = score(&f, &HealthSettings::default());
        assert!(h.score <= 50, "{}", h.score);
        assert_eq!(h.band, Band::Red);
    }

    #[test]
    fn bands_follow_thresholds() {
        let t = Thresholds::default();
        assert_eq!(Band::of(0, t), Band::Red);
        assert_eq!(Band::of(50, t), Band::Red);
        assert_eq!(Band::of(51, t), Band::Yellow);
        assert_eq!(Band::of(75, t), Band::Yellow);
        assert_eq!(Band::of(76, t), Band::Green);
        assert_eq!(Band::of(100, t), Band::Green);
    }

    #[test]
    fn settings_validation_names_fields() {
        let mut s = HealthSettings::default();
        assert!(s.validate().is_ok());
        s.weights.payments = 101;
        s.bands = Thresholds {
            red_max: 80,
            yellow_max: 70,
        };
        let errs = s.validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["weights.payments", "bands.red_max"]);
        let zero = HealthSettings {
            weights: Weights {
                contact_recency: 0,
                usage_trend: 0,
                purchase_rhythm: 0,
                complaints: 0,
                satisfaction: 0,
                payments: 0,
            },
            ..HealthSettings::default()
        };
        assert_eq!(zero.validate().unwrap_err()[0].field, "weights");
    }

    #[test]
    fn changes_explain_a_complaint_and_an_answer() {
        let s = HealthSettings::default();
        let before = score(&healthy(), &s);
        let mut f = healthy();
        f.complaints.high = 1;
        f.satisfaction = Some((SurveyKind::Nps, 9));
        let now = score(&f, &s);
        let c = changes(&before.signals, &now.signals);
        assert_eq!(c[0].signal, SignalName::Complaints);
        assert_eq!(c[0].delta, -8);
        assert_eq!(c[0].reason, Reason::ComplaintOpened { severity: "high" });
        assert_eq!(c[1].signal, SignalName::Satisfaction);
        assert_eq!(c[1].delta, -2);
        assert_eq!(
            c[1].reason,
            Reason::Answered {
                survey: SurveyKind::Nps,
                score: 9
            }
        );
        assert!(changes(&now.signals, &now.signals).is_empty());
    }

    #[test]
    fn median_of_gaps() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30, 10, 20]), Some(20));
        assert_eq!(median(&mut [10, 40]), Some(25));
    }

    fn facts() -> impl Strategy<Value = Facts> {
        (
            (
                proptest::option::of(0i64..400),
                -10i64..5000,
                0.0f64..1e6,
                0.0f64..1e6,
            ),
            (
                proptest::option::of(-5i64..5000),
                proptest::option::of(-5i64..400),
                (0u32..5, 0u32..5, 0u32..5, 0u32..5, 0u32..5),
            ),
            (
                proptest::option::of((0usize..4, -3i64..14)),
                any::<bool>(),
                0u32..10,
            ),
        )
            .prop_map(
                |((cad, days, u30, u90), (dp, gap, (c, h, m, l, b)), (sat, tx, refunds))| Facts {
                    cadence_days: cad,
                    days_since_contact: days,
                    usage_30d: u30,
                    usage_prior_90d: u90,
                    days_since_purchase: dp,
                    median_gap_days: gap,
                    complaints: OpenComplaints {
                        critical: c,
                        high: h,
                        medium: m,
                        low: l,
                        breached: b,
                    },
                    satisfaction: sat.map(|(k, s)| {
                        let kind = [
                            SurveyKind::Nps,
                            SurveyKind::Csat,
                            SurveyKind::Ces,
                            SurveyKind::Complaint,
                        ][k];
                        (kind, s)
                    }),
                    has_transactions: tx,
                    refunds_90d: refunds,
                },
            )
    }

    fn settings() -> impl Strategy<Value = HealthSettings> {
        (
            (0u32..=100, 0u32..=100, 0u32..=100),
            (0u32..=100, 0u32..=100, 0u32..=100),
            (0u32..50, 50u32..99),
        )
            .prop_map(|((a, b, c), (d, e, g), (r, y))| HealthSettings {
                weights: Weights {
                    contact_recency: a,
                    usage_trend: b,
                    purchase_rhythm: c,
                    complaints: d,
                    satisfaction: e,
                    payments: g,
                },
                bands: Thresholds {
                    red_max: r,
                    yellow_max: y,
                },
            })
    }

    proptest! {
        #[test]
        fn score_is_0_to_100_and_points_within_weight(f in facts(), s in settings()) {
            let h = score(&f, &s);
            prop_assert!(h.score <= 100);
            prop_assert_eq!(h.band, Band::of(h.score, s.bands));
            for sig in &h.signals {
                prop_assert!(sig.points >= 0.0 && sig.points <= f64::from(sig.weight));
            }
        }

        #[test]
        fn monotone_in_each_signal(f in facts(), s in settings(), k in 1i64..200, n in 1u32..4) {
            let base = score(&f, &s).score;
            // Worse: longer without contact, less recent use, a later purchase, more
            // complaints or breaches, more refunds, a lower answer.
            let mut g = f.clone();
            g.days_since_contact += k;
            prop_assert!(score(&g, &s).score <= base);
            let mut g = f.clone();
            g.usage_30d = (g.usage_30d - k as f64).max(0.0);
            if g.usage_30d > 0.0 || g.usage_prior_90d > 0.0 {
                prop_assert!(score(&g, &s).score <= base);
            }
            let mut g = f.clone();
            g.days_since_purchase = g.days_since_purchase.map(|d| d + k);
            prop_assert!(score(&g, &s).score <= base);
            for i in 0..5 {
                let mut g = f.clone();
                let c = &mut g.complaints;
                match i {
                    0 => c.critical += n,
                    1 => c.high += n,
                    2 => c.medium += n,
                    3 => c.low += n,
                    _ => c.breached += n,
                }
                prop_assert!(score(&g, &s).score <= base);
            }
            let mut g = f.clone();
            g.refunds_90d += n;
            prop_assert!(score(&g, &s).score <= base);
            let mut g = f.clone();
            if let Some((kind, sc)) = g.satisfaction {
                g.satisfaction = Some((kind, sc - i64::from(n)));
                prop_assert!(score(&g, &s).score <= base);
            }
        }
    }
}
