//! A health report in the reader's language: the API body and the customer page's card share
//! these view models.

use crate::web::i18n::Tr;
use crate::web::view::{label, when};
use carewell_domain::health::{Change, Reason, Signal, SignalName, SurveyKind, Value};
use carewell_store::health::{HealthReport, HistoryPoint};
use serde::Serialize;
use utoipa::ToSchema;

/// One signal, explained.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignalView {
    /// `contact_recency`, `usage_trend`, `purchase_rhythm`, `complaints`, `satisfaction` or
    /// `payments`.
    pub name: String,
    /// Its weight (0–100).
    pub weight: u32,
    /// Points earned, 0–weight (0 without data).
    pub points: f64,
    /// Whether it counted (it has data and weight).
    pub counted: bool,
    /// The value in words.
    pub value: String,
    /// How the points are earned.
    pub explanation: String,
    /// The signal's name in words.
    #[serde(skip)]
    pub label: String,
}

/// One line of "what moved it since last week".
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChangeView {
    /// The signal's stable name.
    pub signal: String,
    /// Score points gained (+) or lost (−).
    pub delta: i64,
    /// Why, in words.
    pub reason: String,
    /// `+5` / `−12` as shown.
    #[serde(skip)]
    pub shown: String,
}

/// A customer's health, explained (`GET /api/v1/customers/{id}/health`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HealthBody {
    /// 0–100.
    pub score: u32,
    /// `red`, `yellow` or `green`.
    pub band: String,
    /// When it was computed (UTC).
    pub computed_at: String,
    /// Against last week: `up`, `down`, `steady`, or `unknown` (no score a week ago).
    pub trend: String,
    /// The score a week ago, if known.
    pub week_ago: Option<u32>,
    /// Every signal.
    pub signals: Vec<SignalView>,
    /// What moved the score since last week, biggest first.
    pub changes: Vec<ChangeView>,
    /// The score on the days of the last 90 it changed, oldest first.
    pub history: Vec<HistoryPoint>,
    /// The band in words.
    #[serde(skip)]
    pub band_label: String,
    /// When, in the reader's zone.
    #[serde(skip)]
    pub computed_shown: crate::web::view::When,
    /// The trend in words (`▲ +5 since last week`).
    #[serde(skip)]
    pub trend_shown: String,
}

fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

fn survey(tr: &Tr, k: SurveyKind) -> String {
    label(tr, "health-survey", k.as_str())
}

/// The value of `s` in words.
pub fn value_words(tr: &Tr, v: &Value) -> String {
    match v {
        Value::NoData => tr.t("health-value-no-data"),
        Value::Contact { days, cadence } => tr.t_with(
            "health-value-contact",
            &[
                ("days", &days.to_string()),
                ("cadence", &cadence.to_string()),
            ],
        ),
        Value::Usage { recent, prior } => tr.t_with(
            "health-value-usage",
            &[("recent", &num(*recent)), ("prior", &num(*prior))],
        ),
        Value::Purchases { days, gap } => tr.t_with(
            "health-value-purchases",
            &[("days", &days.to_string()), ("gap", &gap.to_string())],
        ),
        Value::Complaints(c) => tr.t_with(
            "health-value-complaints",
            &[
                ("open", &c.total().to_string()),
                ("serious", &c.critical.saturating_add(c.high).to_string()),
                ("breached", &c.breached.to_string()),
            ],
        ),
        Value::Satisfaction { survey: k, score } => tr.t_with(
            "health-value-satisfaction",
            &[("survey", &survey(tr, *k)), ("score", &score.to_string())],
        ),
        Value::Refunds { count } => {
            tr.t_with("health-value-refunds", &[("count", &count.to_string())])
        }
    }
}

fn reason_words(tr: &Tr, r: &Reason) -> String {
    match r {
        Reason::ComplaintOpened { severity } => tr.t_with(
            "health-why-complaint-opened",
            &[(
                "severity",
                &label(tr, "cmp-severity", severity).to_lowercase(),
            )],
        ),
        Reason::SlaBreached => tr.t("health-why-sla-breached"),
        Reason::ComplaintsEased => tr.t("health-why-complaints-eased"),
        Reason::Answered { survey: k, score } => tr.t_with(
            "health-why-answered",
            &[("survey", &survey(tr, *k)), ("score", &score.to_string())],
        ),
        Reason::ContactOverdue { days } => {
            tr.t_with("health-why-contact-overdue", &[("days", &days.to_string())])
        }
        Reason::Contacted => tr.t("health-why-contacted"),
        Reason::UsageFell => tr.t("health-why-usage-fell"),
        Reason::UsageRose => tr.t("health-why-usage-rose"),
        Reason::PurchaseLate { days } => {
            tr.t_with("health-why-purchase-late", &[("days", &days.to_string())])
        }
        Reason::Purchased => tr.t("health-why-purchased"),
        Reason::Refund => tr.t("health-why-refund"),
        Reason::RefundsEased => tr.t("health-why-refunds-eased"),
        Reason::NewData => tr.t("health-why-new-data"),
        Reason::NoData => tr.t("health-why-no-data"),
        Reason::Weights => tr.t("health-why-weights"),
    }
}

/// The label of a signal.
pub fn signal_label(tr: &Tr, n: SignalName) -> String {
    label(tr, "health-signal", n.as_str())
}

fn signal(tr: &Tr, s: &Signal) -> SignalView {
    SignalView {
        name: s.name.as_str().to_string(),
        weight: s.weight,
        points: s.points,
        counted: s.counted(),
        value: value_words(tr, &s.value),
        explanation: label(tr, "health-rule", s.name.as_str()),
        label: signal_label(tr, s.name),
    }
}

fn change(tr: &Tr, c: &Change) -> ChangeView {
    ChangeView {
        signal: c.signal.as_str().to_string(),
        delta: c.delta,
        reason: reason_words(tr, &c.reason),
        shown: if c.delta > 0 {
            format!("+{}", c.delta)
        } else if c.delta < 0 {
            format!("−{}", -c.delta)
        } else {
            "±0".to_string()
        },
    }
}

impl HealthBody {
    /// The report in `tr`'s language.
    pub fn new(tr: &Tr, r: HealthReport) -> Self {
        let (trend, trend_shown) = match r.week_ago {
            None => ("unknown", tr.t("health-trend-unknown")),
            Some(w) => {
                let d = i64::from(r.score) - i64::from(w);
                let delta = d.abs().to_string();
                match d.cmp(&0) {
                    std::cmp::Ordering::Greater => {
                        ("up", tr.t_with("health-trend-up", &[("delta", &delta)]))
                    }
                    std::cmp::Ordering::Less => {
                        ("down", tr.t_with("health-trend-down", &[("delta", &delta)]))
                    }
                    std::cmp::Ordering::Equal => ("steady", tr.t("health-trend-steady")),
                }
            }
        };
        Self {
            score: r.score,
            band: r.band.as_str().to_string(),
            band_label: label(tr, "health-band", r.band.as_str()),
            computed_shown: when(&r.computed_at),
            computed_at: r.computed_at,
            trend: trend.to_string(),
            trend_shown,
            week_ago: r.week_ago,
            signals: r.signals.iter().map(|s| signal(tr, s)).collect(),
            changes: r.changes.iter().map(|c| change(tr, c)).collect(),
            history: r.history,
        }
    }
}
