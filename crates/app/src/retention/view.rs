//! Predictions in the reader's language: the API bodies and the pages share these view models.
//! Reasons are stored as data ([`RiskReason`]) and put into words here, once.

use crate::web::i18n::Tr;
use crate::web::view::{When, label, when};
use carewell_domain::retention::RiskReason;
use carewell_store::predictions::{AtRiskItem, CustomerPrediction, PredictionPoint};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// One reason, with its value and direction.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonView {
    /// `no-purchase`, `recent-purchase`, `no-history`, `contract-ends`, `complaints`,
    /// `usage-down` or `usage-up`.
    pub code: String,
    /// `up` (raises the risk) or `down`.
    pub direction: String,
    /// Contribution to the log-odds of leaving.
    pub weight: f64,
    /// The values behind it (days, ratio, open, breaches, pct).
    #[schema(value_type = Object)]
    pub values: Value,
    /// In words, in the reader's language.
    pub text: String,
}

/// A reason in words.
pub fn reason_text(tr: &Tr, r: &RiskReason) -> String {
    match r {
        RiskReason::NoPurchase {
            days,
            ratio: Some(ratio),
            ..
        } => tr.t_nums(
            "risk-reason-no-purchase-ratio",
            &[("days", *days as f64), ("ratio", *ratio)],
        ),
        RiskReason::NoPurchase {
            days, ratio: None, ..
        } => tr.t_nums("risk-reason-no-purchase", &[("days", *days as f64)]),
        RiskReason::RecentPurchase { days, .. } => {
            tr.t_nums("risk-reason-recent-purchase", &[("days", *days as f64)])
        }
        RiskReason::NoHistory { .. } => tr.t("risk-reason-no-history"),
        RiskReason::ContractEnds { days, .. } => {
            tr.t_nums("risk-reason-contract-ends", &[("days", *days as f64)])
        }
        RiskReason::Complaints { open, breaches, .. } => tr.t_nums(
            "risk-reason-complaints",
            &[
                ("open", f64::from(*open)),
                ("breaches", f64::from(*breaches)),
            ],
        ),
        RiskReason::UsageDown { pct, .. } => tr.t_nums("risk-reason-usage-down", &[("pct", *pct)]),
        RiskReason::UsageUp { pct, .. } => tr.t_nums("risk-reason-usage-up", &[("pct", *pct)]),
    }
}

/// The reasons in words.
pub fn reasons(tr: &Tr, rs: &[RiskReason]) -> Vec<ReasonView> {
    rs.iter()
        .map(|r| {
            let mut values = serde_json::to_value(r).unwrap_or(Value::Null);
            if let Some(o) = values.as_object_mut() {
                o.remove("code");
                o.remove("weight");
            }
            ReasonView {
                code: r.code().into(),
                direction: r.direction().into(),
                weight: (r.weight() * 1000.0).round() / 1000.0,
                values,
                text: reason_text(tr, r),
            }
        })
        .collect()
}

/// A money figure in major units as the reader writes amounts.
pub fn money(tr: &Tr, v: Option<f64>, currency: Option<&str>) -> String {
    match (v, currency) {
        (Some(v), Some(c)) if v.is_finite() => {
            let exp = carewell_domain::money::Currency::parse(c).map_or(2, |c| c.exponent());
            let minor = (v * 10f64.powi(exp as i32)).round();
            if minor.abs() < 9.0e15 {
                tr.money_minor(minor as i64, c)
            } else {
                "—".into()
            }
        }
        _ => "—".into(),
    }
}

/// A probability as a whole percent.
pub fn pct(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map_or("—".into(), |v| format!("{:.0} %", v * 100.0))
}

/// The points of a 120×28 sparkline of P(alive) over past runs (empty below two points).
pub fn sparkline(h: &[PredictionPoint]) -> String {
    let pts: Vec<f64> = h.iter().filter_map(|p| p.p_alive).collect();
    if pts.len() < 2 {
        return String::new();
    }
    let step = 116.0 / (pts.len() - 1) as f64;
    pts.iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{:.1},{:.1}",
                2.0 + i as f64 * step,
                26.0 - 24.0 * p.clamp(0.0, 1.0)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A customer's prediction (`GET /api/v1/customers/{id}/prediction`, and the customer page's
/// panel).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PredictionBody {
    /// The customer.
    pub customer_id: String,
    /// The run that computed it.
    pub run_id: String,
    /// Probability the customer is still active (none without purchases).
    pub p_alive: Option<f64>,
    /// Expected purchases over the run's horizon.
    pub expected_purchases: Option<f64>,
    /// Customer lifetime value (major units of `currency`; none without a spend model).
    pub clv: Option<f64>,
    /// Currency of `clv` and `value_at_risk`.
    pub currency: Option<String>,
    /// Churn risk 0–100.
    pub risk_score: u8,
    /// `low`, `medium` or `high`.
    pub risk_band: String,
    /// CLV × P(churn).
    pub value_at_risk: f64,
    /// Repeat purchases in the calibration period.
    pub frequency: Option<i64>,
    /// Days since the last purchase when the run read it.
    pub days_since_purchase: Option<i64>,
    /// The signals that drive the score, largest first.
    pub reasons: Vec<ReasonView>,
    /// When it was computed.
    pub computed_at: String,
    /// Past runs, oldest first.
    pub history: Vec<PredictionPoint>,
    /// The band in words.
    #[serde(skip)]
    pub band_label: String,
    /// P(alive) as shown.
    #[serde(skip)]
    pub p_alive_shown: String,
    /// CLV as shown.
    #[serde(skip)]
    pub clv_shown: String,
    /// Value at risk as shown.
    #[serde(skip)]
    pub var_shown: String,
    /// Expected purchases as shown.
    #[serde(skip)]
    pub expected_shown: String,
    /// Sparkline points.
    #[serde(skip)]
    pub spark: String,
    /// When, in the reader's zone.
    #[serde(skip)]
    pub computed_shown: When,
}

impl PredictionBody {
    /// The body of `p` in `tr`'s language.
    pub fn new(tr: &Tr, p: CustomerPrediction) -> Self {
        let cur = p.currency.as_deref();
        PredictionBody {
            band_label: label(tr, "risk-band", p.risk_band.as_str()),
            p_alive_shown: pct(p.p_alive),
            clv_shown: money(tr, p.clv, cur),
            var_shown: money(tr, Some(p.value_at_risk), cur),
            expected_shown: p
                .expected_purchases
                .filter(|v| v.is_finite())
                .map_or("—".into(), |v| format!("{v:.2}")),
            spark: sparkline(&p.history),
            computed_shown: when(&p.computed_at),
            reasons: reasons(tr, &p.reasons),
            customer_id: p.customer_id,
            run_id: p.run_id,
            p_alive: p.p_alive,
            expected_purchases: p.expected_purchases,
            clv: p.clv,
            currency: p.currency,
            risk_score: p.risk_score,
            risk_band: p.risk_band.as_str().into(),
            value_at_risk: p.value_at_risk,
            frequency: p.frequency,
            days_since_purchase: p.days_since_purchase,
            computed_at: p.computed_at,
            history: p.history,
        }
    }
}

/// A row of the care list (`GET /api/v1/retention/at-risk`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AtRiskBody {
    /// The customer.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Stage.
    pub stage: String,
    /// Language.
    pub language: String,
    /// Segment field.
    pub segment: Option<String>,
    /// Owner id.
    pub owner_id: Option<String>,
    /// Owner name.
    pub owner_name: Option<String>,
    /// Last contact (UTC; empty when never).
    pub last_contact_at: String,
    /// The prediction.
    pub prediction: PredictionBody,
    /// The top reason in words.
    pub top_reason: String,
    /// The stage in words.
    #[serde(skip)]
    pub stage_label: String,
    /// Last contact as shown.
    #[serde(skip)]
    pub last_contact_shown: When,
}

impl AtRiskBody {
    /// The row of `i` in `tr`'s language.
    pub fn new(tr: &Tr, i: AtRiskItem) -> Self {
        let prediction = PredictionBody::new(tr, i.prediction);
        AtRiskBody {
            top_reason: prediction
                .reasons
                .iter()
                .find(|r| r.direction == "up")
                .or(prediction.reasons.first())
                .map(|r| r.text.clone())
                .unwrap_or_default(),
            stage_label: label(tr, "stage", &i.stage),
            last_contact_shown: if i.last_contact_at.is_empty() {
                When::plain("—")
            } else {
                when(&i.last_contact_at)
            },
            customer_id: prediction.customer_id.clone(),
            name: i.name,
            stage: i.stage,
            language: i.language,
            segment: i.segment,
            owner_id: i.owner_id,
            owner_name: i.owner_name,
            last_contact_at: i.last_contact_at,
            prediction,
        }
    }
}
