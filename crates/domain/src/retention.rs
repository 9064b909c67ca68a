//! Departure care (issue 16): the rules that turn a customer's model outputs and live signals
//! into a churn-risk score, a band and the reasons behind it, and the settings and run options
//! of a scoring run. Pure: the store gathers the facts, the predict crate fits the models, the
//! app renders the reasons in the reader's language.
//!
//! ## The score
//! The base is the transaction model's probability that the customer has left, `1 − P(alive)`
//! (clamped to 1 %–99 %); a customer without purchases starts from [`NO_HISTORY_PRIOR`]. Live
//! signals move its log-odds — each documented with its weight below — and the score is
//! `round(100 · σ(log-odds))`, so it stays a probability a reader can take at its word:
//! - a contract ending within the setting's days: `+ln 2` (the odds double), `+ln 3` within
//!   a third of them;
//! - each open complaint `+0.3` (up to three), each SLA breach among them `+0.5` (up to two);
//! - usage down by `p` % (30 % or more, last 90 days against the 90 before): `+1.5 · p/100`;
//!   usage up by 30 % or more: `−0.3`.
//!
//! Each signal that moved the log-odds is a [`RiskReason`] with its contribution; the model's
//! own reason (no purchase for `d` days, `k`× the usual gap — or a recent purchase) carries the
//! base's distance from even odds. Reasons are sorted by the size of their contribution.

use crate::error::{Code, DomainError, Format};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Starting probability of leaving for a customer the transaction model cannot score (no
/// purchase yet).
pub const NO_HISTORY_PRIOR: f64 = 0.2;

/// Most days a holdout or horizon may span.
pub const MAX_DAYS: u32 = 3_650;

/// A risk band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RiskBand {
    /// Likely to stay.
    Low,
    /// Watch.
    Medium,
    /// Likely to leave: call now.
    High,
}

impl RiskBand {
    /// Every band, worst first.
    pub const ALL: [RiskBand; 3] = [RiskBand::High, RiskBand::Medium, RiskBand::Low];

    /// `low`, `medium` or `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    /// Parses `low`, `medium` or `high`.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "low" => Ok(Self::Low),
            "medium" => Ok(Self::Medium),
            "high" => Ok(Self::High),
            other => Err(one_of("band", other, &["high", "medium", "low"])),
        }
    }
}

/// The transaction model of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// BG/NBD (Fader, Hardie & Lee 2005).
    #[default]
    Bgnbd,
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987).
    Pnbd,
    /// Modified BG/NBD (Batislam, Denizel & Filiztekin 2007).
    Mbgnbd,
}

impl Model {
    /// `bgnbd`, `pnbd` or `mbgnbd`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bgnbd => "bgnbd",
            Self::Pnbd => "pnbd",
            Self::Mbgnbd => "mbgnbd",
        }
    }

    /// Parses a model name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "bgnbd" => Ok(Self::Bgnbd),
            "pnbd" => Ok(Self::Pnbd),
            "mbgnbd" => Ok(Self::Mbgnbd),
            other => Err(one_of("model", other, &["bgnbd", "pnbd", "mbgnbd"])),
        }
    }
}

/// The time unit of a run's summary (recency and age): days, or weeks of seven days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks (days / 7).
    #[default]
    Week,
}

impl Unit {
    /// `day` or `week`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
        }
    }

    /// Parses a unit name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "day" => Ok(Self::Day),
            "week" => Ok(Self::Week),
            other => Err(one_of("unit", other, &["day", "week"])),
        }
    }

    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            Self::Day => 1.0,
            Self::Week => 7.0,
        }
    }
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> DomainError {
    DomainError::new(
        field,
        Code::OneOf {
            value: value.chars().take(40).collect(),
            allowed: allowed.iter().map(|s| s.to_string()).collect(),
        },
    )
}

fn range(field: &str, min: i64, max: i64) -> DomainError {
    DomainError::new(
        field,
        Code::OutOfRange {
            min: Some(min),
            max: Some(max),
        },
    )
}

/// Settings of departure care (one row; managers and admins change them, audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionSettings {
    /// Whether a run starts every day at `daily_at`.
    pub daily: bool,
    /// The time of the daily run, `HH:MM` UTC.
    pub daily_at: String,
    /// Transaction model of the scheduled runs.
    pub model: Model,
    /// Time unit of the scheduled runs.
    pub unit: Unit,
    /// Days held out for validation (0 = no holdout validation).
    pub holdout_days: u32,
    /// Horizon of the expected purchases, in days.
    pub horizon_days: u32,
    /// Months of customer lifetime value.
    pub clv_months: u32,
    /// Profit margin applied to spend in CLV, 0–1.
    pub margin: f64,
    /// Annual discount rate of CLV, 0–1.
    pub discount_rate: f64,
    /// Scores from here up are medium risk.
    pub medium_from: u8,
    /// Scores from here up are high risk.
    pub high_from: u8,
    /// A contract ending within this many days is a signal.
    pub contract_days: u32,
    /// A customer whose band turns high moves to stage `at-risk`, and back to `active` when it
    /// recovers.
    pub at_risk_stage: bool,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            daily: true,
            daily_at: "03:00".into(),
            model: Model::Bgnbd,
            unit: Unit::Week,
            holdout_days: 90,
            horizon_days: 90,
            clv_months: 12,
            margin: 0.3,
            discount_rate: 0.1,
            medium_from: 40,
            high_from: 70,
            contract_days: 60,
            at_risk_stage: true,
        }
    }
}

impl RetentionSettings {
    /// Every field at fault.
    pub fn validate(&self) -> Result<(), Vec<DomainError>> {
        let mut errs = Vec::new();
        if parse_hhmm(&self.daily_at).is_none() {
            errs.push(DomainError::new(
                "daily_at",
                Code::Malformed {
                    value: self.daily_at.chars().take(40).collect(),
                    expected: Format::Time,
                },
            ));
        }
        if self.holdout_days > 730 {
            errs.push(range("holdout_days", 0, 730));
        }
        if !(1..=MAX_DAYS).contains(&self.horizon_days) {
            errs.push(range("horizon_days", 1, i64::from(MAX_DAYS)));
        }
        if !(1..=120).contains(&self.clv_months) {
            errs.push(range("clv_months", 1, 120));
        }
        if !(self.margin > 0.0 && self.margin <= 1.0) {
            errs.push(range("margin", 0, 1));
        }
        if !(0.0..=1.0).contains(&self.discount_rate) {
            errs.push(range("discount_rate", 0, 1));
        }
        if !(1..=99).contains(&self.high_from) {
            errs.push(range("high_from", 1, 99));
        } else if self.medium_from == 0 || self.medium_from >= self.high_from {
            errs.push(range("medium_from", 1, i64::from(self.high_from) - 1));
        }
        if !(1..=730).contains(&self.contract_days) {
            errs.push(range("contract_days", 1, 730));
        }
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }

    /// The band of a score.
    pub fn band(&self, score: u8) -> RiskBand {
        if score >= self.high_from {
            RiskBand::High
        } else if score >= self.medium_from {
            RiskBand::Medium
        } else {
            RiskBand::Low
        }
    }

    /// The daily time as (hour, minute).
    pub fn daily_time(&self) -> (u32, u32) {
        parse_hhmm(&self.daily_at).unwrap_or((3, 0))
    }
}

/// `HH:MM` (24-hour) as (hour, minute).
pub fn parse_hhmm(s: &str) -> Option<(u32, u32)> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// The options of one run, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunOptions {
    /// Transaction model.
    pub model: Model,
    /// Time unit of the summary.
    pub unit: Unit,
    /// Last day of the calibration period (transactions after it are not read).
    pub calibration_end: NaiveDate,
    /// Days held out for validation (0 = none).
    pub holdout_days: u32,
    /// Horizon of the expected purchases, in days.
    pub horizon_days: u32,
    /// Months of CLV.
    pub clv_months: u32,
    /// Profit margin of CLV.
    pub margin: f64,
    /// Annual discount rate of CLV.
    pub discount_rate: f64,
}

/// A run request as given (every field optional; the settings fill the rest).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// `bgnbd` (default), `pnbd` or `mbgnbd`.
    pub model: Option<String>,
    /// `day` or `week`.
    pub unit: Option<String>,
    /// `YYYY-MM-DD`; default: today.
    pub calibration_end: Option<String>,
    /// Days held out for validation (0–730; default 90).
    pub holdout_days: Option<i64>,
    /// Horizon of the expected purchases in days (default 90).
    pub horizon_days: Option<i64>,
}

impl RunRequest {
    /// The checked options: every field at fault named. `today` bounds the calibration end.
    pub fn options(
        &self,
        s: &RetentionSettings,
        today: NaiveDate,
    ) -> Result<RunOptions, Vec<DomainError>> {
        let mut errs = Vec::new();
        let model = match self.model.as_deref() {
            None => s.model,
            Some(m) => Model::parse(m)
                .map_err(|e| errs.push(e))
                .unwrap_or_default(),
        };
        let unit = match self.unit.as_deref() {
            None => s.unit,
            Some(u) => Unit::parse(u).map_err(|e| errs.push(e)).unwrap_or_default(),
        };
        let calibration_end = match self.calibration_end.as_deref().map(str::trim) {
            None | Some("") => today,
            Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) if d.year() >= 1900 && d <= today => d,
                Ok(_) => {
                    errs.push(DomainError::new("calibration_end", Code::InFuture));
                    today
                }
                Err(_) => {
                    errs.push(DomainError::new(
                        "calibration_end",
                        Code::Malformed {
                            value: d.chars().take(40).collect(),
                            expected: Format::Date,
                        },
                    ));
                    today
                }
            },
        };
        let days = |v: Option<i64>,
                    dflt: u32,
                    field: &str,
                    min: i64,
                    max: i64,
                    errs: &mut Vec<DomainError>| match v {
            None => dflt,
            Some(v) if (min..=max).contains(&v) => v as u32,
            Some(_) => {
                errs.push(range(field, min, max));
                dflt
            }
        };
        let holdout_days = days(
            self.holdout_days,
            s.holdout_days,
            "holdout_days",
            0,
            730,
            &mut errs,
        );
        let horizon_days = days(
            self.horizon_days,
            s.horizon_days,
            "horizon_days",
            1,
            i64::from(MAX_DAYS),
            &mut errs,
        );
        if errs.is_empty() {
            Ok(RunOptions {
                model,
                unit,
                calibration_end,
                holdout_days,
                horizon_days,
                clv_months: s.clv_months,
                margin: s.margin,
                discount_rate: s.discount_rate,
            })
        } else {
            Err(errs)
        }
    }
}

/// What the store knows of one customer at scoring time, besides the model's output.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    /// Days since the last purchase (none without purchases).
    pub days_since_purchase: Option<i64>,
    /// The customer's usual gap between purchases in days (none below two purchase days).
    pub usual_gap_days: Option<f64>,
    /// Days until the nearest contract end (none without a contract ending).
    pub contract_ends_in: Option<i64>,
    /// Open complaints.
    pub open_complaints: u32,
    /// Open complaints past their SLA.
    pub sla_breaches: u32,
    /// Usage change in percent, last 90 days against the 90 before (none without usage).
    pub usage_change_pct: Option<f64>,
}

/// Why a customer's risk is what it is: one signal, its value and its contribution to the
/// log-odds (positive raises the risk).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum RiskReason {
    /// No purchase for `days`, `ratio` times the usual gap (model: P(alive) low).
    NoPurchase {
        /// Days since the last purchase.
        days: i64,
        /// Times the usual gap (none for single buyers).
        ratio: Option<f64>,
        /// Contribution to the log-odds.
        weight: f64,
    },
    /// Bought recently, within the usual rhythm (model: P(alive) high).
    RecentPurchase {
        /// Days since the last purchase.
        days: i64,
        /// Contribution to the log-odds.
        weight: f64,
    },
    /// No purchase yet: the model cannot judge; the prior applies.
    NoHistory {
        /// Contribution to the log-odds.
        weight: f64,
    },
    /// A contract ends soon.
    ContractEnds {
        /// Days until it ends.
        days: i64,
        /// Contribution to the log-odds.
        weight: f64,
    },
    /// Open complaints, some past their SLA.
    Complaints {
        /// Open complaints.
        open: u32,
        /// Past their SLA.
        breaches: u32,
        /// Contribution to the log-odds.
        weight: f64,
    },
    /// Usage fell.
    UsageDown {
        /// Percent down.
        pct: f64,
        /// Contribution to the log-odds.
        weight: f64,
    },
    /// Usage rose.
    UsageUp {
        /// Percent up.
        pct: f64,
        /// Contribution to the log-odds.
        weight: f64,
    },
}

impl RiskReason {
    /// Contribution to the log-odds (positive raises the risk).
    pub fn weight(&self) -> f64 {
        match self {
            Self::NoPurchase { weight, .. }
            | Self::RecentPurchase { weight, .. }
            | Self::NoHistory { weight }
            | Self::ContractEnds { weight, .. }
            | Self::Complaints { weight, .. }
            | Self::UsageDown { weight, .. }
            | Self::UsageUp { weight, .. } => *weight,
        }
    }

    /// `up` when it raises the risk, `down` when it lowers it.
    pub fn direction(&self) -> &'static str {
        if self.weight() >= 0.0 { "up" } else { "down" }
    }

    /// The stable name (the serde tag).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoPurchase { .. } => "no-purchase",
            Self::RecentPurchase { .. } => "recent-purchase",
            Self::NoHistory { .. } => "no-history",
            Self::ContractEnds { .. } => "contract-ends",
            Self::Complaints { .. } => "complaints",
            Self::UsageDown { .. } => "usage-down",
            Self::UsageUp { .. } => "usage-up",
        }
    }
}

/// The assessed risk of one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Probability of leaving, combined.
    pub p_churn: f64,
    /// `round(100 · p_churn)`.
    pub score: u8,
    /// Band of the score.
    pub band: RiskBand,
    /// Reasons, largest contribution first.
    pub reasons: Vec<RiskReason>,
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(0.01, 0.99);
    (p / (1.0 - p)).ln()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Assesses a customer from the model's `p_alive` (none without purchases) and the live
/// signals (see the module's documentation for the rule).
pub fn assess(p_alive: Option<f64>, s: &Signals, settings: &RetentionSettings) -> Risk {
    let mut reasons = Vec::new();
    let base = match p_alive.filter(|p| p.is_finite()) {
        Some(pa) => {
            let l = logit(1.0 - pa);
            let days = s.days_since_purchase.unwrap_or(0).max(0);
            if l >= 0.0 {
                let ratio = s
                    .usual_gap_days
                    .filter(|g| *g > 0.0)
                    .map(|g| round1(days as f64 / g));
                reasons.push(RiskReason::NoPurchase {
                    days,
                    ratio,
                    weight: l,
                });
            } else {
                reasons.push(RiskReason::RecentPurchase { days, weight: l });
            }
            l
        }
        None => {
            let l = logit(NO_HISTORY_PRIOR);
            reasons.push(RiskReason::NoHistory { weight: l });
            l
        }
    };
    let mut total = base;
    if let Some(days) = s.contract_ends_in.filter(|d| *d >= 0) {
        let window = i64::from(settings.contract_days);
        if days <= window {
            let w = if days * 3 <= window {
                3f64.ln()
            } else {
                2f64.ln()
            };
            total += w;
            reasons.push(RiskReason::ContractEnds { days, weight: w });
        }
    }
    if s.open_complaints > 0 {
        let breaches = s.sla_breaches.min(s.open_complaints);
        let w = 0.3 * f64::from(s.open_complaints.min(3)) + 0.5 * f64::from(breaches.min(2));
        total += w;
        reasons.push(RiskReason::Complaints {
            open: s.open_complaints,
            breaches,
            weight: w,
        });
    }
    if let Some(pct) = s.usage_change_pct.filter(|p| p.is_finite()) {
        if pct <= -30.0 {
            let down = (-pct).min(100.0);
            let w = 1.5 * down / 100.0;
            total += w;
            reasons.push(RiskReason::UsageDown {
                pct: round1(down),
                weight: w,
            });
        } else if pct >= 30.0 {
            total -= 0.3;
            reasons.push(RiskReason::UsageUp {
                pct: round1(pct.min(10_000.0)),
                weight: -0.3,
            });
        }
    }
    let p_churn = 1.0 / (1.0 + (-total).exp());
    let score = (p_churn * 100.0).round().clamp(0.0, 100.0) as u8;
    reasons.sort_by(|a, b| b.weight().abs().total_cmp(&a.weight().abs()));
    Risk {
        p_churn,
        score,
        band: settings.band(score),
        reasons,
    }
}

/// The holdout validation's frequency buckets: 0, 1, …, 6 and "7+".
pub const BUCKETS: usize = 8;

/// Holdout validation of a run: the model fitted on data ending `holdout_days` before the
/// calibration end predicts each customer's repeat purchases in the held-out days; compared
/// with what they did, in total and per calibration frequency bucket.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Holdout {
    /// Days held out.
    pub days: u32,
    /// Customers in the validation (first purchase before the cut).
    pub customers: u64,
    /// Predicted repeat purchases in the holdout, all customers.
    pub predicted: f64,
    /// Actual repeat purchases in the holdout.
    pub actual: f64,
    /// `|predicted − actual| / actual` in percent (none when nothing happened).
    pub error_pct: Option<f64>,
    /// Per calibration frequency 0, 1, …, 6, 7+.
    pub buckets: Vec<HoldoutBucket>,
}

/// One frequency bucket of a [`Holdout`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HoldoutBucket {
    /// `0` … `6`, `7+`.
    pub frequency: String,
    /// Customers in the bucket.
    pub customers: u64,
    /// Mean predicted purchases in the holdout.
    pub predicted_mean: f64,
    /// Mean actual purchases in the holdout.
    pub actual_mean: f64,
}

impl Holdout {
    /// Sums per-customer `(frequency, predicted, actual)` into the validation.
    pub fn from_rows(days: u32, rows: impl IntoIterator<Item = (u32, f64, f64)>) -> Self {
        let mut n = [0u64; BUCKETS];
        let mut p = [0f64; BUCKETS];
        let mut a = [0f64; BUCKETS];
        for (x, pred, act) in rows {
            let b = (x as usize).min(BUCKETS - 1);
            n[b] += 1;
            p[b] += pred;
            a[b] += act;
        }
        let predicted: f64 = p.iter().sum();
        let actual: f64 = a.iter().sum();
        let buckets = (0..BUCKETS)
            .map(|b| HoldoutBucket {
                frequency: if b == BUCKETS - 1 {
                    format!("{b}+")
                } else {
                    b.to_string()
                },
                customers: n[b],
                predicted_mean: if n[b] > 0 { p[b] / n[b] as f64 } else { 0.0 },
                actual_mean: if n[b] > 0 { a[b] / n[b] as f64 } else { 0.0 },
            })
            .collect();
        Holdout {
            days,
            customers: n.iter().sum(),
            predicted,
            actual,
            error_pct: (actual > 0.0).then(|| 100.0 * (predicted - actual).abs() / actual),
            buckets,
        }
    }

    /// Whether the model fits poorly: off by more than `limit_pct` in total.
    pub fn poor(&self, limit_pct: f64) -> bool {
        self.error_pct.is_some_and(|e| e > limit_pct)
    }
}

/// Holdout error above which the model page warns that the model fits poorly.
pub const POOR_FIT_PCT: f64 = 20.0;

/// Months of history the expected departures of a month are estimated from.
pub const TREND_BASE_MONTHS: usize = 6;

/// Fewest earlier months with customers before a month gets an expectation.
pub const TREND_MIN_MONTHS: usize = 3;

/// A month of the churn trend: departures against the expected count and its 95 % band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TrendMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Customers at the start of the month.
    pub customers: u64,
    /// Customers who departed in the month.
    pub departed: u64,
    /// Expected departures: the month's customers times the departure rate of the previous
    /// (up to six) months; none before three months of history.
    pub expected: Option<f64>,
    /// Lower end of the 95 % band (Poisson on the expected count).
    pub low: Option<u64>,
    /// Upper end of the 95 % band.
    pub high: Option<u64>,
    /// Outside the band: more (or fewer) departures than the rate explains.
    pub warning: bool,
}

/// The `q` quantile of a Poisson distribution with mean `lambda` (the smallest k with
/// P(X ≤ k) ≥ q); a normal approximation above a mean of 1,000.
pub fn poisson_quantile(lambda: f64, q: f64) -> u64 {
    if !(lambda.is_finite() && lambda > 0.0) {
        return 0;
    }
    if lambda > 1_000.0 {
        // Wilson–Hilferty-free normal approximation with continuity correction.
        let z = if q < 0.5 {
            -1.959_963_984_540_054
        } else {
            1.959_963_984_540_054
        };
        return (lambda + z * lambda.sqrt() + 0.5).floor().max(0.0) as u64;
    }
    let mut k = 0u64;
    let mut p = (-lambda).exp();
    let mut cdf = p;
    while cdf < q && k < 100_000 {
        k += 1;
        p *= lambda / k as f64;
        cdf += p;
    }
    k
}

/// The churn trend from `(month, customers at its start, departures)` in calendar order:
/// each month's departures against the rate of the months before it (see [`TrendMonth`]),
/// flagged when outside the central 95 % of a Poisson count with that mean.
pub fn churn_trend(months: &[(String, u64, u64)]) -> Vec<TrendMonth> {
    months
        .iter()
        .enumerate()
        .map(|(i, (month, customers, departed))| {
            let base: Vec<&(String, u64, u64)> = months[..i]
                .iter()
                .rev()
                .filter(|m| m.1 > 0)
                .take(TREND_BASE_MONTHS)
                .collect();
            let expected = (base.len() >= TREND_MIN_MONTHS && *customers > 0).then(|| {
                let exposed: u64 = base.iter().map(|m| m.1).sum();
                let left: u64 = base.iter().map(|m| m.2).sum();
                *customers as f64 * left as f64 / exposed as f64
            });
            let (low, high) = match expected {
                Some(e) if e > 0.0 => (Some(poisson_quantile(e, 0.025)), Some(poisson_quantile(e, 0.975))),
                Some(_) => (Some(0), Some(0)),
                None => (None, None),
            };
            TrendMonth {
                month: month.clone(),
                customers: *customers,
                departed: *departed,
                expected,
                warning: matches!((low, high), (Some(l), Some(h)) if *departed < l || *departed > h),
                low,
                high,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> RetentionSettings {
        RetentionSettings::default()
    }

    #[test]
    fn score_follows_p_alive_and_signals_raise_it() {
        let quiet = assess(Some(0.9), &Signals::default(), &s());
        assert_eq!(quiet.score, 10);
        assert_eq!(quiet.band, RiskBand::Low);
        assert_eq!(quiet.reasons[0].code(), "recent-purchase");
        assert_eq!(quiet.reasons[0].direction(), "down");

        let gone = Signals {
            days_since_purchase: Some(210),
            usual_gap_days: Some(70.0),
            contract_ends_in: Some(10),
            open_complaints: 2,
            sla_breaches: 1,
            usage_change_pct: Some(-64.0),
        };
        let r = assess(Some(0.4), &gone, &s());
        assert_eq!(r.band, RiskBand::High);
        assert!(r.score > 80, "{}", r.score);
        let codes: Vec<_> = r.reasons.iter().map(RiskReason::code).collect();
        assert_eq!(codes[0], "complaints");
        assert!(codes.contains(&"contract-ends") && codes.contains(&"usage-down"));
        let np = r
            .reasons
            .iter()
            .find(|x| x.code() == "no-purchase")
            .unwrap();
        assert_eq!(
            *np,
            RiskReason::NoPurchase {
                days: 210,
                ratio: Some(3.0),
                weight: logit(0.6)
            }
        );
        // Sorted by the size of the contribution.
        assert!(
            r.reasons
                .windows(2)
                .all(|w| w[0].weight().abs() >= w[1].weight().abs())
        );
    }

    #[test]
    fn no_history_uses_the_prior_and_bands_follow_settings() {
        let r = assess(None, &Signals::default(), &s());
        assert_eq!(r.score, 20);
        assert_eq!(r.reasons[0].code(), "no-history");
        let mut st = s();
        st.medium_from = 10;
        st.high_from = 20;
        assert_eq!(assess(None, &Signals::default(), &st).band, RiskBand::High);
        // A contract far away, a mild usage change and NaN change nothing.
        let far = Signals {
            contract_ends_in: Some(400),
            usage_change_pct: Some(f64::NAN),
            ..Signals::default()
        };
        assert_eq!(assess(Some(f64::NAN), &far, &s()).score, 20);
    }

    #[test]
    fn settings_and_run_requests_are_checked() {
        assert!(s().validate().is_ok());
        let bad = RetentionSettings {
            daily_at: "25:00".into(),
            medium_from: 80,
            margin: 0.0,
            ..s()
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["daily_at", "margin", "medium_from"]);
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let ok = RunRequest {
            model: Some("pnbd".into()),
            calibration_end: Some("1997-09-30".into()),
            ..Default::default()
        }
        .options(&s(), today)
        .unwrap();
        assert_eq!(ok.model, Model::Pnbd);
        assert_eq!(
            ok.calibration_end,
            NaiveDate::from_ymd_opt(1997, 9, 30).unwrap()
        );
        assert_eq!(ok.holdout_days, 90);
        let errs = RunRequest {
            model: Some("x".into()),
            unit: Some("month".into()),
            calibration_end: Some("2027-01-01".into()),
            holdout_days: Some(-1),
            horizon_days: Some(0),
        }
        .options(&s(), today)
        .unwrap_err();
        let fields: Vec<_> = errs.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "model",
                "unit",
                "calibration_end",
                "holdout_days",
                "horizon_days"
            ]
        );
        assert!(
            RunRequest {
                calibration_end: Some("1997-02-30".into()),
                ..Default::default()
            }
            .options(&s(), today)
            .is_err()
        );
    }

    #[test]
    fn poisson_band_and_the_trend_flag() {
        assert_eq!(poisson_quantile(10.0, 0.025), 4);
        assert_eq!(poisson_quantile(10.0, 0.975), 17);
        assert_eq!(poisson_quantile(0.0, 0.975), 0);
        let big = poisson_quantile(10_000.0, 0.975);
        assert!((10_190..=10_200).contains(&big), "{big}");
        let m = |i: u32, c: u64, d: u64| (format!("2026-{i:02}"), c, d);
        let t = churn_trend(&[
            m(1, 1000, 10),
            m(2, 1000, 12),
            m(3, 1000, 8),
            m(4, 1000, 11),
            m(5, 1000, 30),
        ]);
        assert!(t[..3].iter().all(|x| x.expected.is_none() && !x.warning));
        assert!((t[3].expected.unwrap() - 10.0).abs() < 1e-9);
        assert!(!t[3].warning);
        assert!(t[4].warning, "{:?}", t[4]);
        assert_eq!(t[4].high, Some(17));
    }

    #[test]
    fn holdout_buckets_and_verdict() {
        let h = Holdout::from_rows(
            90,
            [(0, 0.2, 0.0), (0, 0.4, 1.0), (9, 3.0, 2.0), (7, 1.0, 1.0)],
        );
        assert_eq!(h.customers, 4);
        assert_eq!(h.buckets.len(), BUCKETS);
        assert_eq!(h.buckets[7].frequency, "7+");
        assert_eq!(h.buckets[7].customers, 2);
        assert!((h.buckets[0].predicted_mean - 0.3).abs() < 1e-12);
        assert!((h.error_pct.unwrap() - 15.0).abs() < 1e-9);
        assert!(!h.poor(POOR_FIT_PCT));
        assert!(h.poor(10.0));
    }
}
