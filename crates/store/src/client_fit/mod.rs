//! Client-fit review: the facts behind the seven reasons, aggregated for every customer at once
//! (a handful of grouped queries, never one query per customer), reviewer judgements and notes
//! (append-only; the newest judgement per customer and topic counts), staff-abuse flags on
//! interactions, decisions (append-only, each with the assessment it was based on; *part
//! ways* opens an offboarding case) and the cost-to-serve settings.
//!
//! Choices: referrals are the customer attribute `referrals` (a count); abuse of staff is an
//! interaction flagged in `client_fit_abuse_flags`; a complaint is *found unjustified* when
//! its root cause is one of [`UNJUSTIFIED_CAUSES`]; money facts are in the customer's main
//! currency (most revenue in the last two years), cost to serve priced at that currency's
//! hourly cost.

pub mod decisions;
mod facts;
mod judgements;
pub mod ranking;
mod review;
mod settings;

use crate::StoreError;
use carewell_domain::client_fit::score::{Assessment, Facts, UNJUSTIFIED_CAUSES};
use carewell_domain::client_fit::{Level, Likelihood, Reason, Recommendation};
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// How cost to serve is estimated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FitSettings {
    /// Staff minutes per interaction.
    pub minutes_per_interaction: i64,
    /// Staff minutes per complaint.
    pub minutes_per_complaint: i64,
    /// Hourly staff cost per currency, in minor units (`{"EUR": 4000}`).
    pub hourly_cost: BTreeMap<String, i64>,
    /// Days a customer must have been with us before their data is judged (default 90);
    /// younger customers are "not enough data".
    #[serde(default = "default_min_tenure")]
    pub min_tenure_days: i64,
}

fn default_min_tenure() -> i64 {
    carewell_domain::client_fit::MIN_TENURE_DAYS_DEFAULT
}

/// One customer in the ranked list.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FitRow {
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub name: String,
    /// Lifecycle stage.
    pub stage: String,
    /// Reasons at concern or serious.
    pub problems: usize,
    /// Reasons at serious.
    pub serious: usize,
    /// Weighted total.
    pub weight: u32,
    /// The reasons that are a problem, worst first.
    pub flagged: Vec<FlaggedReason>,
    /// Likelihood that counts.
    pub likelihood: Likelihood,
    /// The recommendation.
    pub recommendation: Recommendation,
    /// The latest decision, if any.
    pub decision: Option<Recommendation>,
    /// When it was made.
    pub decided_at: Option<String>,
    /// Whether the data is enough to judge by ("not enough data" is never a problem).
    pub data: carewell_domain::client_fit::DataSufficiency,
}

/// A reason that is a problem for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FlaggedReason {
    /// Which.
    pub reason: Reason,
    /// How bad.
    pub level: Level,
}

/// A reviewer's note, judgement or likelihood setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct Judgement {
    /// Id.
    pub id: String,
    /// note, judgement or likelihood.
    pub kind: String,
    /// A reason, `general` (notes) or `likelihood`.
    pub topic: String,
    /// The level or likelihood set; none for notes and for "back to the data".
    pub value: Option<String>,
    /// Why.
    pub note: String,
    /// Reviewer's user id.
    pub reviewer_id: String,
    /// Reviewer's e-mail.
    pub reviewer: String,
    /// When (UTC).
    pub created_at: String,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Decision {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// keep, watch or part-ways.
    pub decision: Recommendation,
    /// Why.
    pub reason: String,
    /// What the rule recommended at the time.
    pub recommendation: Recommendation,
    /// The offboarding case opened (part ways).
    pub offboarding_case_id: Option<String>,
    /// Reviewer's user id.
    pub reviewer_id: String,
    /// Reviewer's e-mail.
    pub reviewer: String,
    /// When (UTC).
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: String,
    customer_id: String,
    decision: String,
    reason: String,
    recommendation: String,
    offboarding_case_id: Option<String>,
    reviewer_id: String,
    reviewer: String,
    created_at: String,
}

impl TryFrom<DecisionRow> for Decision {
    type Error = StoreError;
    fn try_from(r: DecisionRow) -> Result<Self, StoreError> {
        let parse =
            |s: &str| Recommendation::parse(s).map_err(|e| StoreError::Corrupt(e.to_string()));
        Ok(Self {
            decision: parse(&r.decision)?,
            recommendation: parse(&r.recommendation)?,
            id: r.id,
            customer_id: r.customer_id,
            reason: r.reason,
            offboarding_case_id: r.offboarding_case_id,
            reviewer_id: r.reviewer_id,
            reviewer: r.reviewer,
            created_at: r.created_at,
        })
    }
}

/// A complaint behind the trivial-complaints score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct ComplaintLink {
    /// Complaint id (`/complaints/{id}`).
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Severity.
    pub severity: String,
    /// Root cause, if resolved.
    pub root_cause: Option<String>,
    /// Received (UTC).
    pub created_at: String,
}

/// An interaction: flagged as abuse of staff, or a candidate to flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct InteractionLink {
    /// Interaction id.
    pub id: String,
    /// call, meeting, e-mail, …
    pub kind: String,
    /// When (UTC).
    pub occurred_at: String,
    /// What happened.
    pub summary: String,
    /// positive, neutral, negative.
    pub sentiment: Option<String>,
    /// The flag's note.
    pub flag_note: Option<String>,
    /// Who flagged it.
    pub flagged_by: Option<String>,
}

/// One customer's review: the assessment with its evidence, the links behind it, and the
/// history of judgements and decisions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Review {
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub name: String,
    /// The assessment now.
    pub assessment: Assessment,
    /// Trivial complaints of the last 12 months, newest first.
    pub trivial_complaints: Vec<ComplaintLink>,
    /// Interactions flagged as abuse of staff, newest first.
    pub abuse_incidents: Vec<InteractionLink>,
    /// Recent interactions not flagged (negative first), to flag.
    pub flag_candidates: Vec<InteractionLink>,
    /// Judgements, notes and likelihood settings, newest first.
    pub judgements: Vec<Judgement>,
    /// Decisions, newest first.
    pub decisions: Vec<Decision>,
}

/// The windows the facts are counted in.
struct Windows {
    m6: String,
    m12: String,
    m24: String,
}

impl Windows {
    fn at(now: DateTime<Utc>) -> Self {
        Self {
            m6: fmt_ts(now - Duration::days(182)),
            m12: fmt_ts(now - Duration::days(365)),
            m24: fmt_ts(now - Duration::days(730)),
        }
    }
}

/// The SQL condition "this complaint is trivial" (low severity or found unjustified).
fn trivial_sql() -> String {
    let causes: Vec<String> = UNJUSTIFIED_CAUSES
        .iter()
        .map(|c| format!("'{c}'"))
        .collect();
    format!(
        "(severity = 'low' OR LOWER(COALESCE(root_cause, '')) IN ({}))",
        causes.join(", ")
    )
}

fn unjustified_sql() -> String {
    let causes: Vec<String> = UNJUSTIFIED_CAUSES
        .iter()
        .map(|c| format!("'{c}'"))
        .collect();
    format!("LOWER(COALESCE(root_cause, '')) IN ({})", causes.join(", "))
}

/// Which customers a query covers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// Everyone.
    All,
    /// These customers (bound as parameters, in order, from the number [`only`] was given).
    Only(&'a [String]),
    /// The customers whose ids lie in this inclusive range (two parameters).
    Range(&'a [String; 2]),
}

impl<'a> Scope<'a> {
    /// The ids to bind (none for everyone).
    fn ids(self) -> &'a [String] {
        match self {
            Self::All => &[],
            Self::Only(ids) => ids,
            Self::Range(r) => r,
        }
    }
}

/// ` AND <col> IN ($n, $n+1, …)` when some customers are asked for.
fn only(col: &str, n: usize, scope: Scope<'_>) -> String {
    match scope {
        Scope::All => String::new(),
        // Nobody: a condition no row meets.
        Scope::Only([]) => " AND 1 = 0".into(),
        Scope::Only(ids) => {
            let list: Vec<String> = (n..n + ids.len()).map(|i| format!("${i}")).collect();
            format!(" AND {col} IN ({})", list.join(", "))
        }
        Scope::Range(_) => format!(" AND {col} >= ${n} AND {col} <= ${}", n + 1),
    }
}

#[derive(Default)]
struct Money3 {
    orders_12m: i64,
    orders_prev: i64,
    revenue_12m: i64,
    revenue_24m: i64,
}

#[derive(Default)]
struct Partial {
    facts: Facts,
    created_at: String,
    first_order: Option<String>,
    by_currency: BTreeMap<String, Money3>,
    compensation: BTreeMap<String, i64>,
}

/// Days between a stored time and `now`.
fn days_since(ts: &str, now: DateTime<Utc>) -> i64 {
    carewell_domain::time::parse_ts("at", ts)
        .map(|t| (now - t).num_days())
        .unwrap_or(0)
}
