//! Offboarding cases: opening with a validated timeline, the ordered steps (approval, direct
//! contact, the farewell letter through the outbox, goodwill through the ledger, closure with
//! follow-up tasks and the erasure job), the customer's link and exit survey, and the rule
//! tables. Erasure and retention holds live in [`erasure`], the customer's data export in
//! [`export`], reports in [`report`].
//!
//! The customer link: a random 32-byte token of which only the SHA-256 is stored (like API
//! tokens). The link opens the customer's complete data export, so a copy of the database (a
//! backup, a read replica) must not be enough to open it. The raw token is handed out once:
//! to the staff member who issues it, and in the farewell letter (sending the letter issues a
//! fresh one; issuing a link invalidates the previous one).

mod cases;
pub mod erasure;
pub mod export;
mod letter;
mod plan;
pub mod report;
mod rules;
mod steps;
mod survey;

pub use crate::links::{new_token, token_hash};
pub use cases::{CaseSort, PreparedCase, open_case};
pub use letter::LetterDraft;
pub use survey::SurveyAnswer;

use crate::ledger::{LedgerEntry, Total};
use crate::{Actor, StoreError, Tx, audit, new_id, now};
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::notice::{NoticeCheck, Timeline};
use carewell_domain::offboarding::workflow::{self, Action, Status};
use carewell_domain::offboarding::{Initiator, Reason, Situation};
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_domain::{Entity, Refusal};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

pub use crate::jobs::kinds::{EraseCase, HoldExpiry};
/// Task kind of the follow-ups after the goodbye.
pub const TASK_FOLLOW_UP: &str = "offboarding-follow-up";
/// Days after closure of the follow-ups.
pub const FOLLOW_UP_DAYS: [i64; 2] = [30, 90];
/// The outbox template of the farewell letter (`offb-letter-subject`, `offb-letter-body`).
pub const LETTER_TEMPLATE: &str = "offb-letter";
/// The outbox event of the farewell letter.
pub const LETTER_EVENT: &str = "offboarding.letter";
/// What erased free text is replaced with.
pub const ERASED: &str = "[erased]";

/// An offboarding case as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct OffboardingCase {
    /// Id (UUIDv7).
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The customer's name (`[erased]` after erasure).
    pub customer_name: String,
    /// company or customer.
    pub initiator: Initiator,
    /// Why.
    pub reason: Reason,
    /// More on the reason (internal).
    pub reason_note: Option<String>,
    /// The documented situations behind the decision.
    pub situations: Vec<Situation>,
    /// Where the case stands.
    pub status: Status,
    /// The jurisdiction of the notice rule applied.
    pub jurisdiction: String,
    /// The contract type the notice rule was picked for.
    pub contract_type: String,
    /// The five dates.
    pub timeline: Timeline,
    /// The notice check: rule, earliest allowed service end, whether an exception was used.
    pub notice: NoticeCheck,
    /// The legal basis of a shortened notice.
    pub exception_basis: Option<String>,
    /// When the customer's current link was issued.
    pub link_issued_at: Option<String>,
    /// Trailing 12-month revenue before the case, per currency (kept for reports); `None`
    /// for readers without clearance while a retention hold runs on the customer.
    pub revenue_12m: Option<Vec<Total>>,
    /// Whether a retention hold runs on the customer's financial records (readable by
    /// compliance only until it ends).
    pub restricted: bool,
    /// Who opened it (user id, `cli`, `system`).
    pub opened_by: String,
    /// Who approved the plan.
    pub approved_by: Option<String>,
    /// When approved (UTC).
    pub approved_at: Option<String>,
    /// First direct contact logged (UTC).
    pub contacted_at: Option<String>,
    /// Farewell letter sent (UTC).
    pub letter_sent_at: Option<String>,
    /// Account closed (UTC).
    pub closed_at: Option<String>,
    /// Personal data erased (UTC).
    pub erased_at: Option<String>,
    /// Cancelled (UTC).
    pub cancelled_at: Option<String>,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// Opened (UTC).
    pub created_at: String,
    /// Last changed (UTC).
    pub updated_at: String,
}

impl OffboardingCase {
    /// The actions accepted now.
    pub fn allowed_actions(&self) -> Vec<&'static str> {
        workflow::allowed(self.status)
    }

    /// The case as `who` may see it: figures computed from held records removed.
    pub fn for_reader(mut self, who: crate::Clearance) -> Self {
        if self.restricted && !who.sees_held() {
            self.revenue_12m = None;
        }
        self
    }

    /// Whether the customer may still download their data on `today` (until the end of the
    /// export window, and never once erased or cancelled).
    pub fn export_open(&self, today: NaiveDate) -> bool {
        !self.status.is_final() && today <= self.timeline.export_until
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: String,
    customer_id: String,
    customer_name: String,
    initiator: String,
    reason: String,
    reason_note: Option<String>,
    situations: String,
    status: String,
    jurisdiction: String,
    contract_type: String,
    notice_date: String,
    service_end: String,
    support_end: String,
    export_until: String,
    deletion_date: String,
    min_notice: String,
    exception_basis: Option<String>,
    token_issued_at: Option<String>,
    revenue_12m: String,
    held: i64,
    opened_by: String,
    approved_by: Option<String>,
    approved_at: Option<String>,
    contacted_at: Option<String>,
    letter_sent_at: Option<String>,
    closed_at: Option<String>,
    erased_at: Option<String>,
    cancelled_at: Option<String>,
    cancel_reason: Option<String>,
    created_at: String,
    updated_at: String,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl TryFrom<Row> for OffboardingCase {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            initiator: Initiator::parse(&r.initiator).map_err(corrupt)?,
            reason: Reason::parse(&r.reason).map_err(corrupt)?,
            status: Status::parse(&r.status).map_err(corrupt)?,
            situations: serde_json::from_str(&r.situations)?,
            timeline: Timeline::parse(
                &r.notice_date,
                &r.service_end,
                &r.support_end,
                &r.export_until,
                &r.deletion_date,
            )
            .map_err(corrupt)?,
            notice: serde_json::from_str(&r.min_notice)?,
            revenue_12m: Some(
                serde_json::from_str::<Vec<(String, i64)>>(&r.revenue_12m)?
                    .into_iter()
                    .map(|(c, m)| total(&c, m))
                    .collect(),
            ),
            restricted: r.held != 0,
            id: r.id,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            reason_note: r.reason_note,
            jurisdiction: r.jurisdiction,
            contract_type: r.contract_type,
            exception_basis: r.exception_basis,
            link_issued_at: r.token_issued_at,
            opened_by: r.opened_by,
            approved_by: r.approved_by,
            approved_at: r.approved_at,
            contacted_at: r.contacted_at,
            letter_sent_at: r.letter_sent_at,
            closed_at: r.closed_at,
            erased_at: r.erased_at,
            cancelled_at: r.cancelled_at,
            cancel_reason: r.cancel_reason,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A total in one currency from stored minor units (unknown currencies shown raw).
pub(crate) fn total(currency: &str, minor: i64) -> Total {
    match Currency::parse(currency) {
        Ok(c) => Money { minor, currency: c }.into(),
        Err(_) => Total {
            currency: currency.to_string(),
            amount_minor: minor,
            amount: minor.to_string(),
        },
    }
}

pub(crate) const COLS: &str = "o.id, o.customer_id, cu.name AS customer_name, o.initiator, o.reason, o.reason_note, \
     o.situations, o.status, o.jurisdiction, o.contract_type, o.notice_date, o.service_end, o.support_end, \
     o.export_until, o.deletion_date, o.min_notice, o.exception_basis, o.token_issued_at, o.revenue_12m, \
     CASE WHEN EXISTS (SELECT 1 FROM offboarding_holds hh WHERE hh.customer_id = o.customer_id \
     AND hh.released_at IS NULL) THEN 1 ELSE 0 END AS held, \
     o.opened_by, o.approved_by, o.approved_at, o.contacted_at, o.letter_sent_at, o.closed_at, o.erased_at, \
     o.cancelled_at, o.cancel_reason, o.created_at, o.updated_at";
pub(crate) const FROM: &str = "FROM offboarding_cases o JOIN customers cu ON cu.id = o.customer_id";

/// A new case.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    /// The customer.
    pub customer_id: String,
    /// company or customer.
    pub initiator: Initiator,
    /// Why.
    pub reason: Reason,
    /// More on the reason (internal, optional).
    pub reason_note: Option<String>,
    /// Documented situations (complaints, interactions of this customer).
    pub situations: Vec<Situation>,
    /// The customer's contract type (`payment-account`, …; `default` if unknown).
    pub contract_type: String,
    /// The plan; `None` suggests one from today under the applicable rule.
    pub timeline: Option<Timeline>,
    /// Legal basis of a notice shorter than the minimum.
    pub exception_basis: Option<String>,
}

/// A change of plan (before the letter is sent).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanChange {
    /// The new dates.
    pub timeline: Timeline,
    /// A new contract type, if it changes.
    pub contract_type: Option<String>,
    /// Legal basis of a notice shorter than the minimum (`None`: no exception).
    pub exception_basis: Option<String>,
}

/// One step in a case's history.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct CaseStep {
    /// Id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// When (UTC).
    pub at: String,
    /// Who (e-mail, `system`, `customer`).
    pub actor: String,
    /// `opened`, `plan-changed`, `approved`, `contact`, `letter-saved`, `letter-sent`,
    /// `goodwill`, `closed`, `erased`, `hold-released`, `cancelled`, `survey`, `link-issued`.
    pub step: String,
    /// Note (a contact's summary; erased with the personal data).
    pub note: Option<String>,
    /// Structured detail (contact kind, message id, ledger entry id, …).
    #[schema(value_type = Object)]
    pub detail: Value,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    id: String,
    case_id: String,
    at: String,
    actor: String,
    step: String,
    note: Option<String>,
    detail: String,
}

/// The impact of the offboarding on the account.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Impact {
    /// Sum of all transactions per currency (what the customer has paid, net).
    pub balances: Vec<Total>,
    /// Revenue in the 12 months before today, per currency.
    pub revenue_12m: Vec<Total>,
    /// Contracts still running at the service end (open orders).
    pub open_contracts: Vec<crate::activity::Contract>,
    /// Compensation and goodwill in effect for the customer, per currency (refunds due).
    pub refunds_due: Vec<Total>,
    /// Compensation waiting for a manager's approval, per currency.
    pub refunds_pending: Vec<Total>,
    /// Goodwill booked on this case.
    pub goodwill: Vec<LedgerEntry>,
    /// Complaints not yet closed.
    pub open_complaints: i64,
    /// The last invoice (latest positive transaction), the usual goodwill refund.
    pub last_invoice: Option<crate::activity::Transaction>,
}

/// Filters of the case list.
#[derive(Debug, Default, Clone)]
pub struct CaseQuery {
    /// Exact status; `active` for every status but erased and cancelled.
    pub status: Option<String>,
    /// Customer.
    pub customer_id: Option<String>,
    /// Reason.
    pub reason: Option<Reason>,
    /// Initiator.
    pub initiator: Option<Initiator>,
    /// Start after this case (the previous page's cursor); the page is newest first.
    pub after: Option<String>,
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) async fn load(tx: &mut Tx<'_>, id: &str) -> Result<OffboardingCase, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} {FROM} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx.tx)
        .await?;
    row.ok_or(StoreError::NotFound(Entity::OffboardingCase))?
        .try_into()
}

pub(crate) async fn insert_step(
    tx: &mut Tx<'_>,
    case_id: &str,
    actor: &Actor,
    step: &str,
    note: Option<&str>,
    detail: &Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO offboarding_steps (id, case_id, at, actor, step, note, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(case_id)
    .bind(now())
    .bind(&actor.label)
    .bind(step)
    .bind(note)
    .bind(detail.to_string())
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

/// Sets status and one timestamp column, bumping `updated_at`; audits the change.
async fn transition(
    tx: &mut Tx<'_>,
    actor: &Actor,
    c: &OffboardingCase,
    action: Action,
    column: &str,
    extra: &Value,
) -> Result<OffboardingCase, StoreError> {
    let to = workflow::next(c.status, action)?;
    let at = now();
    let set_col = if column.is_empty() {
        String::new()
    } else {
        format!(", {column} = COALESCE({column}, $4)")
    };
    let res = sqlx::query(&format!(
        "UPDATE offboarding_cases SET status = $1, updated_at = $4{set_col} WHERE id = $2 AND updated_at = $3"
    ))
    .bind(to.as_str())
    .bind(&c.id)
    .bind(&c.updated_at)
    .bind(&at)
    .execute(&mut *tx.tx)
    .await?;
    if res.rows_affected() == 0 {
        return Err(Refusal::ChangedMeanwhile.into());
    }
    let after = load(tx, &c.id).await?;
    audit::append(
        tx,
        actor,
        &format!("offboarding.{}", action.as_str()),
        "offboarding_case",
        &c.id,
        &json!({ "status": c.status }),
        &json!({ "status": after.status, "detail": extra }),
    )
    .await?;
    Ok(after)
}

async fn set_stage(tx: &mut Tx<'_>, customer_id: &str, stage: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE customers SET stage = $1, updated_at = $2 WHERE id = $3")
        .bind(stage)
        .bind(now())
        .bind(customer_id)
        .execute(&mut *tx.tx)
        .await?;
    Ok(())
}

/// Revenue per currency in the 12 months before `at` (positive transactions).
async fn revenue_12m(
    ex: &mut sqlx::AnyConnection,
    customer_id: &str,
    at: DateTime<Utc>,
) -> Result<Vec<(String, i64)>, StoreError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT currency, {} FROM transactions \
         WHERE customer_id = $1 AND amount_minor > 0 AND occurred_at >= $2 AND occurred_at <= $3 \
         GROUP BY currency ORDER BY currency",
        crate::dialect::split_sum("amount_minor")
    ))
    .bind(customer_id)
    .bind(fmt_ts(at - Duration::days(365)))
    .bind(fmt_ts(at))
    .fetch_all(ex)
    .await?;
    joined_sums(rows)
}

/// Per-currency sums from [`crate::dialect::split_sum`] columns; a sum beyond 64 bits is
/// refused, never wrapped.
pub(crate) fn joined_sums(rows: Vec<(String, i64, i64)>) -> Result<Vec<(String, i64)>, StoreError> {
    rows.into_iter()
        .map(|(c, hi, lo)| {
            crate::dialect::join_sum(hi, lo)
                .map(|s| (c, s))
                .ok_or(StoreError::Refused(Refusal::TotalTooLarge))
        })
        .collect()
}

/// Parses a stored timestamp (for callers comparing dates).
pub fn ts(raw: &str) -> Result<DateTime<Utc>, StoreError> {
    Ok(parse_ts("at", raw)?)
}
