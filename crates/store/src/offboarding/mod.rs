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

pub mod erasure;
pub mod export;
pub mod report;

use crate::ledger::{LedgerEntry, Total};
use crate::outbox::{self, NewMessage};
use crate::sql::Sql;
use crate::tasks::{self, NewTask};
use crate::{Actor, Page, Store, StoreError, Tx, audit, jobs, new_id, now};
use carewell_domain::DomainError;
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::messaging::MessageClass;
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::notice::{self, NoticeCheck, NoticeRule, Timeline};
use carewell_domain::offboarding::retention::RetentionRule;
use carewell_domain::offboarding::workflow::{self, Action, Status};
use carewell_domain::offboarding::{
    ContactKind, ExitSurvey, Initiator, Letter, Reason, Situation, SituationKind,
};
use carewell_domain::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::RngCore;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// Job kind: erase a case's personal data on its deletion date. Payload `{"case_id"}`.
pub const JOB_ERASE: &str = "offboarding.erase";
/// Job kind: delete held records when their retention hold ends. Payload `{"hold_id"}`.
pub const JOB_HOLD_EXPIRY: &str = "offboarding.hold-expiry";
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
    /// Trailing 12-month revenue before the case, per currency (kept for reports).
    pub revenue_12m: Vec<Total>,
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
            revenue_12m: serde_json::from_str::<Vec<(String, i64)>>(&r.revenue_12m)?
                .into_iter()
                .map(|(c, m)| total(&c, m))
                .collect(),
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

/// The farewell letter draft of a case.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct LetterDraft {
    /// The case.
    pub case_id: String,
    /// Language and the five parts.
    #[serde(flatten)]
    pub letter: Letter,
    /// Last edited by (e-mail).
    pub updated_by: String,
    /// Last edited (UTC).
    pub updated_at: String,
    /// Sent (UTC), if sent.
    pub sent_at: Option<String>,
    /// The outbox message, once sent.
    pub message_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LetterRow {
    case_id: String,
    language: String,
    thanks: String,
    framing: String,
    goodwill: String,
    apology: String,
    alternatives: String,
    updated_by: String,
    updated_at: String,
    sent_at: Option<String>,
    message_id: Option<String>,
}

impl From<LetterRow> for LetterDraft {
    fn from(r: LetterRow) -> Self {
        Self {
            case_id: r.case_id,
            letter: Letter {
                language: r.language,
                thanks: r.thanks,
                framing: r.framing,
                goodwill: r.goodwill,
                apology: r.apology,
                alternatives: r.alternatives,
            },
            updated_by: r.updated_by,
            updated_at: r.updated_at,
            sent_at: r.sent_at,
            message_id: r.message_id,
        }
    }
}

/// The customer's exit-survey answer.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct SurveyAnswer {
    /// The case.
    pub case_id: String,
    /// The answer.
    #[serde(flatten)]
    pub survey: ExitSurvey,
    /// Submitted (UTC).
    pub submitted_at: String,
}

#[derive(sqlx::FromRow)]
struct SurveyRow {
    case_id: String,
    reason_left: String,
    would_have_kept: Option<String>,
    comment: Option<String>,
    rating: Option<i64>,
    submitted_at: String,
}

impl From<SurveyRow> for SurveyAnswer {
    fn from(r: SurveyRow) -> Self {
        Self {
            case_id: r.case_id,
            survey: ExitSurvey {
                reason_left: r.reason_left,
                would_have_kept: r.would_have_kept,
                comment: r.comment,
                rating: r.rating,
            },
            submitted_at: r.submitted_at,
        }
    }
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
}

/// A random token (256 bits, hex) and its SHA-256 (hex).
pub fn new_token() -> (String, String) {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    let token = hex::encode(b);
    let hash = token_hash(&token);
    (token, hash)
}

/// SHA-256 (hex) of a customer-link token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) async fn load(tx: &mut Tx<'_>, id: &str) -> Result<OffboardingCase, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} {FROM} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx.tx)
        .await?;
    row.ok_or(StoreError::NotFound("offboarding case"))?
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
        return Err(StoreError::Conflict(
            "the case was changed by someone else meanwhile; reload and try again".into(),
        ));
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
    Ok(sqlx::query_as(
        "SELECT currency, CAST(SUM(amount_minor) AS BIGINT) FROM transactions \
         WHERE customer_id = $1 AND amount_minor > 0 AND occurred_at >= $2 AND occurred_at <= $3 \
         GROUP BY currency ORDER BY currency",
    )
    .bind(customer_id)
    .bind(fmt_ts(at - Duration::days(365)))
    .bind(fmt_ts(at))
    .fetch_all(ex)
    .await?)
}

impl Store {
    /// The minimum-notice rules, most general first.
    pub async fn notice_rules(&self) -> Result<Vec<NoticeRule>, StoreError> {
        let rows: Vec<(String, String, i64, i64, String)> = sqlx::query_as(
            "SELECT jurisdiction, contract_type, min_months, min_days, basis FROM offboarding_notice_rules \
             ORDER BY jurisdiction, contract_type",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(j, c, m, d, b)| NoticeRule {
                jurisdiction: j,
                contract_type: c,
                min_months: m.max(0) as u32,
                min_days: d.max(0) as u32,
                basis: b,
            })
            .collect())
    }

    /// Adds or replaces a minimum-notice rule.
    pub async fn set_notice_rule(&self, actor: &Actor, r: &NoticeRule) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let before: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT min_months, min_days, basis FROM offboarding_notice_rules WHERE jurisdiction = $1 AND contract_type = $2",
        )
        .bind(&r.jurisdiction)
        .bind(&r.contract_type)
        .fetch_optional(&mut *tx.tx)
        .await?;
        sqlx::query(
            "INSERT INTO offboarding_notice_rules (jurisdiction, contract_type, min_months, min_days, basis, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (jurisdiction, contract_type) DO UPDATE SET \
             min_months = excluded.min_months, min_days = excluded.min_days, basis = excluded.basis, updated_at = excluded.updated_at",
        )
        .bind(&r.jurisdiction)
        .bind(&r.contract_type)
        .bind(i64::from(r.min_months))
        .bind(i64::from(r.min_days))
        .bind(&r.basis)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.notice-rule",
            "offboarding_notice_rule",
            &format!("{}/{}", r.jurisdiction, r.contract_type),
            &json!(before),
            &json!(r),
        )
        .await?;
        tx.commit().await
    }

    /// Removes a minimum-notice rule (the `default × default` row cannot be removed).
    pub async fn delete_notice_rule(
        &self,
        actor: &Actor,
        jurisdiction: &str,
        contract_type: &str,
    ) -> Result<(), StoreError> {
        if jurisdiction == notice::DEFAULT && contract_type == notice::DEFAULT {
            return Err(DomainError::new(
                "jurisdiction",
                "the default × default rule can be changed but not removed",
            )
            .into());
        }
        let mut tx = self.begin().await?;
        let res = sqlx::query(
            "DELETE FROM offboarding_notice_rules WHERE jurisdiction = $1 AND contract_type = $2",
        )
        .bind(jurisdiction)
        .bind(contract_type)
        .execute(&mut *tx.tx)
        .await?;
        if res.rows_affected() == 0 {
            return Err(StoreError::NotFound("notice rule"));
        }
        audit::append(
            &mut tx,
            actor,
            "offboarding.notice-rule-delete",
            "offboarding_notice_rule",
            &format!("{jurisdiction}/{contract_type}"),
            &json!(null),
            &json!(null),
        )
        .await?;
        tx.commit().await
    }

    /// The retention rules.
    pub async fn retention_rules(&self) -> Result<Vec<RetentionRule>, StoreError> {
        let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT category, tables, keep_days, legal_basis FROM offboarding_retention_rules ORDER BY category",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(c, t, k, b)| {
                Ok(RetentionRule {
                    category: c,
                    tables: serde_json::from_str(&t)?,
                    keep_days: k,
                    legal_basis: b,
                })
            })
            .collect()
    }

    /// Adds or replaces a retention rule (`keep_days` 0 turns the hold off).
    pub async fn set_retention_rule(
        &self,
        actor: &Actor,
        r: &RetentionRule,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO offboarding_retention_rules (category, tables, keep_days, legal_basis, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (category) DO UPDATE SET tables = excluded.tables, \
             keep_days = excluded.keep_days, legal_basis = excluded.legal_basis, updated_at = excluded.updated_at",
        )
        .bind(&r.category)
        .bind(serde_json::to_string(&r.tables)?)
        .bind(r.keep_days)
        .bind(&r.legal_basis)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.retention-rule",
            "offboarding_retention_rule",
            &r.category,
            &json!(null),
            &json!(r),
        )
        .await?;
        tx.commit().await
    }

    /// The rule that applies to a customer under a contract type.
    pub async fn notice_rule_for(
        &self,
        customer_id: &str,
        contract_type: &str,
    ) -> Result<NoticeRule, StoreError> {
        let customer = self.customer(customer_id).await?;
        let rules = self.notice_rules().await?;
        let ct = notice::contract_type_name(contract_type)?;
        notice::select_rule(&rules, customer.country.as_deref(), &ct)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt("no default notice rule".into()))
    }

    /// Checks a plan for a customer without saving anything (for forms and the client-fit
    /// review): the rule that applies and the result, or why it is refused.
    pub async fn check_offboarding_plan(
        &self,
        customer_id: &str,
        contract_type: &str,
        timeline: &Timeline,
        exception_basis: Option<&str>,
    ) -> Result<NoticeCheck, StoreError> {
        let rule = self.notice_rule_for(customer_id, contract_type).await?;
        Ok(notice::validate(timeline, &rule, exception_basis)?)
    }

    async fn check_situations(
        &self,
        customer_id: &str,
        list: &[Situation],
    ) -> Result<(), StoreError> {
        for s in list {
            let table = match s.kind {
                SituationKind::Complaint => "complaints",
                SituationKind::Interaction => "interactions",
            };
            let owner: Option<(String,)> =
                sqlx::query_as(&format!("SELECT customer_id FROM {table} WHERE id = $1"))
                    .bind(&s.id)
                    .fetch_optional(self.pool())
                    .await?;
            match owner {
                None => {
                    return Err(DomainError::new(
                        "situations",
                        format!("{} {} does not exist", s.kind, s.id),
                    )
                    .into());
                }
                Some((c,)) if c != customer_id => {
                    return Err(DomainError::new(
                        "situations",
                        format!("{} {} belongs to another customer", s.kind, s.id),
                    )
                    .into());
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Opens a case (status `open`): validates the plan against the minimum notice of the
    /// customer's jurisdiction and contract type, links the documented situations, snapshots
    /// the trailing 12-month revenue and moves the customer to the `leaving` stage. One active
    /// case per customer.
    pub async fn open_offboarding(
        &self,
        actor: &Actor,
        n: &NewCase,
    ) -> Result<OffboardingCase, StoreError> {
        let customer = self.customer(&n.customer_id).await?;
        let situations = carewell_domain::offboarding::situations(n.situations.clone())?;
        self.check_situations(&customer.id, &situations).await?;
        let contract_type = notice::contract_type_name(&n.contract_type)?;
        let rule = self.notice_rule_for(&customer.id, &contract_type).await?;
        let timeline = n
            .timeline
            .unwrap_or_else(|| Timeline::suggest(Utc::now().date_naive(), &rule));
        let exception = n
            .exception_basis
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let check = notice::validate(&timeline, &rule, exception)?;
        let reason_note = n
            .reason_note
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let mut tx = self.begin().await?;
        let active: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM offboarding_cases WHERE customer_id = $1 AND status <> 'cancelled' LIMIT 1",
        )
        .bind(&customer.id)
        .fetch_optional(&mut *tx.tx)
        .await?;
        if let Some((id,)) = active {
            return Err(StoreError::Conflict(format!(
                "the customer already has an offboarding case ({id})"
            )));
        }
        let id = new_id();
        let at = now();
        let revenue = revenue_12m(&mut tx.tx, &customer.id, Utc::now()).await?;
        sqlx::query(
            "INSERT INTO offboarding_cases (id, customer_id, initiator, reason, reason_note, situations, status, \
             jurisdiction, contract_type, notice_date, service_end, support_end, export_until, deletion_date, \
             min_notice, exception_basis, revenue_12m, opened_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)",
        )
        .bind(&id)
        .bind(&customer.id)
        .bind(n.initiator.as_str())
        .bind(n.reason.as_str())
        .bind(reason_note)
        .bind(serde_json::to_string(&situations)?)
        .bind(&rule.jurisdiction)
        .bind(&contract_type)
        .bind(date(timeline.notice_date))
        .bind(date(timeline.service_end))
        .bind(date(timeline.support_end))
        .bind(date(timeline.export_until))
        .bind(date(timeline.deletion_date))
        .bind(serde_json::to_string(&check)?)
        .bind(check.exception.then_some(exception).flatten())
        .bind(serde_json::to_string(&revenue)?)
        .bind(&actor.id)
        .bind(&at)
        .execute(&mut *tx.tx)
        .await?;
        set_stage(&mut tx, &customer.id, "leaving").await?;
        insert_step(
            &mut tx,
            &id,
            actor,
            "opened",
            None,
            &json!({ "reason": n.reason, "initiator": n.initiator, "exception": check.exception }),
        )
        .await?;
        let case = load(&mut tx, &id).await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.open",
            "offboarding_case",
            &id,
            &json!(null),
            &json!({ "customer_id": case.customer_id, "initiator": case.initiator, "reason": case.reason,
                     "timeline": case.timeline, "notice": case.notice, "exception_basis": case.exception_basis }),
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }

    /// One case.
    pub async fn offboarding_case(&self, id: &str) -> Result<OffboardingCase, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} {FROM} WHERE o.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound("offboarding case"))?
            .try_into()
    }

    /// Cases matching `q`, newest first.
    pub async fn offboarding_cases(
        &self,
        q: &CaseQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Page<OffboardingCase>, StoreError> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let filter = |head: &str| {
            let mut s = Sql::new(head);
            s.push(" WHERE 1=1");
            match q.status.as_deref() {
                Some("active") => {
                    s.push(" AND o.status NOT IN ('erased', 'cancelled')");
                }
                Some(st) => {
                    s.push(" AND o.status = ").bind_text(st.to_string());
                }
                None => {}
            }
            if let Some(c) = &q.customer_id {
                s.push(" AND o.customer_id = ").bind_text(c.clone());
            }
            if let Some(r) = q.reason {
                s.push(" AND o.reason = ").bind_text(r.as_str().to_string());
            }
            if let Some(i) = q.initiator {
                s.push(" AND o.initiator = ")
                    .bind_text(i.as_str().to_string());
            }
            s
        };
        let (total,): (i64,) = filter(&format!("SELECT COUNT(*) {FROM}"))
            .fetch_one(self.pool())
            .await?;
        let mut s = filter(&format!("SELECT {COLS} {FROM}"));
        s.push(" ORDER BY o.created_at DESC, o.id DESC LIMIT ")
            .bind_int(limit)
            .push(" OFFSET ")
            .bind_int(offset);
        let rows: Vec<Row> = s.fetch_all(self.pool()).await?;
        Ok(Page {
            items: rows
                .into_iter()
                .map(TryInto::try_into)
                .collect::<Result<_, _>>()?,
            total,
            limit,
            offset,
        })
    }

    /// A case's steps, oldest first.
    pub async fn offboarding_steps(&self, case_id: &str) -> Result<Vec<CaseStep>, StoreError> {
        let rows: Vec<StepRow> = sqlx::query_as(
            "SELECT id, case_id, at, actor, step, note, detail FROM offboarding_steps WHERE case_id = $1 ORDER BY at, id",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(CaseStep {
                    detail: serde_json::from_str(&r.detail)?,
                    id: r.id,
                    case_id: r.case_id,
                    at: r.at,
                    actor: r.actor,
                    step: r.step,
                    note: r.note,
                })
            })
            .collect()
    }

    /// Changes the plan (before the letter is sent); validated like at opening.
    pub async fn replan_offboarding(
        &self,
        actor: &Actor,
        id: &str,
        p: &PlanChange,
    ) -> Result<OffboardingCase, StoreError> {
        let c = self.offboarding_case(id).await?;
        if !c.status.plan_editable() {
            return Err(StoreError::Conflict(format!(
                "the plan cannot change once the written notice is sent (status {})",
                c.status
            )));
        }
        let contract_type = match &p.contract_type {
            Some(ct) => notice::contract_type_name(ct)?,
            None => c.contract_type.clone(),
        };
        let rule = self.notice_rule_for(&c.customer_id, &contract_type).await?;
        let exception = p
            .exception_basis
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let check = notice::validate(&p.timeline, &rule, exception)?;
        let mut tx = self.begin().await?;
        let t = &p.timeline;
        let res = sqlx::query(
            "UPDATE offboarding_cases SET jurisdiction = $1, contract_type = $2, notice_date = $3, service_end = $4, \
             support_end = $5, export_until = $6, deletion_date = $7, min_notice = $8, exception_basis = $9, \
             updated_at = $10 WHERE id = $11 AND updated_at = $12",
        )
        .bind(&rule.jurisdiction)
        .bind(&contract_type)
        .bind(date(t.notice_date))
        .bind(date(t.service_end))
        .bind(date(t.support_end))
        .bind(date(t.export_until))
        .bind(date(t.deletion_date))
        .bind(serde_json::to_string(&check)?)
        .bind(check.exception.then_some(exception).flatten())
        .bind(now())
        .bind(id)
        .bind(&c.updated_at)
        .execute(&mut *tx.tx)
        .await?;
        if res.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "the case was changed by someone else meanwhile; reload and try again".into(),
            ));
        }
        insert_step(
            &mut tx,
            id,
            actor,
            "plan-changed",
            None,
            &json!({ "timeline": t, "exception": check.exception }),
        )
        .await?;
        let after = load(&mut tx, id).await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.replan",
            "offboarding_case",
            id,
            &json!({ "timeline": c.timeline, "notice": c.notice, "exception_basis": c.exception_basis }),
            &json!({ "timeline": after.timeline, "notice": after.notice, "exception_basis": after.exception_basis }),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A manager approves the plan.
    pub async fn approve_offboarding(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<OffboardingCase, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::Approve)?;
        sqlx::query("UPDATE offboarding_cases SET approved_by = $1 WHERE id = $2")
            .bind(&actor.id)
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::Approve,
            "approved_at",
            &json!({}),
        )
        .await?;
        insert_step(&mut tx, id, actor, "approved", None, &json!({})).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Logs a direct contact (call or meeting) with the customer: a step on the case and an
    /// interaction on the customer's record, in one transaction. The first contact opens the
    /// way to the written notice.
    pub async fn log_offboarding_contact(
        &self,
        actor: &Actor,
        id: &str,
        kind: ContactKind,
        summary: &str,
        occurred_at: DateTime<Utc>,
    ) -> Result<OffboardingCase, StoreError> {
        let summary = summary.trim();
        if summary.is_empty() {
            return Err(DomainError::new("summary", "say what was discussed").into());
        }
        if occurred_at > Utc::now() + Duration::minutes(5) {
            return Err(DomainError::new("occurred_at", "cannot be in the future").into());
        }
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::LogContact)?;
        let interaction_id = new_id();
        sqlx::query(
            "INSERT INTO interactions (id, customer_id, external_ref, kind, occurred_at, user_id, summary, sentiment, created_at) \
             VALUES ($1, $2, NULL, $3, $4, (SELECT id FROM users WHERE id = $5), $6, NULL, $7)",
        )
        .bind(&interaction_id)
        .bind(&c.customer_id)
        .bind(kind.as_str())
        .bind(fmt_ts(occurred_at))
        .bind(&actor.id)
        .bind(summary)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        let detail = json!({ "kind": kind, "occurred_at": fmt_ts(occurred_at), "interaction_id": interaction_id });
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::LogContact,
            "contacted_at",
            &detail,
        )
        .await?;
        insert_step(&mut tx, id, actor, "contact", Some(summary), &detail).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Saves (creates or replaces) the farewell letter draft, until it is sent.
    pub async fn save_offboarding_letter(
        &self,
        actor: &Actor,
        id: &str,
        letter: &Letter,
    ) -> Result<LetterDraft, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        if !c.status.letter_editable() {
            return Err(StoreError::Conflict(format!(
                "the letter cannot be edited in status {}",
                c.status
            )));
        }
        let at = now();
        sqlx::query(
            "INSERT INTO offboarding_letters (case_id, language, thanks, framing, goodwill, apology, alternatives, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_id) DO UPDATE SET language = excluded.language, \
             thanks = excluded.thanks, framing = excluded.framing, goodwill = excluded.goodwill, apology = excluded.apology, \
             alternatives = excluded.alternatives, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(&letter.language)
        .bind(&letter.thanks)
        .bind(&letter.framing)
        .bind(&letter.goodwill)
        .bind(&letter.apology)
        .bind(&letter.alternatives)
        .bind(&actor.label)
        .bind(&at)
        .execute(&mut *tx.tx)
        .await?;
        insert_step(
            &mut tx,
            id,
            actor,
            "letter-saved",
            None,
            &json!({ "language": letter.language }),
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.letter-save",
            "offboarding_case",
            id,
            &json!(null),
            &json!({ "language": letter.language, "chars": letter.body().chars().count() }),
        )
        .await?;
        let draft = letter_in(&mut tx, id).await?;
        tx.commit().await?;
        draft.ok_or(StoreError::NotFound("letter"))
    }

    /// The letter draft of a case, if any.
    pub async fn offboarding_letter(&self, id: &str) -> Result<Option<LetterDraft>, StoreError> {
        let row: Option<LetterRow> = sqlx::query_as(&format!(
            "SELECT {LETTER_COLS} FROM offboarding_letters WHERE case_id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(Into::into))
    }

    /// Sends the farewell letter (the written notice): refused before a direct contact is
    /// logged. In one transaction: a fresh customer link, the e-mail enqueued in the outbox
    /// (class `legal`, template [`LETTER_TEMPLATE`], idempotency key
    /// `offboarding:<id>:letter`), the status `notified`, the step and the audit entry.
    /// `base_url` is the public URL the link is built on. Returns the case and the raw token.
    pub async fn send_offboarding_letter(
        &self,
        actor: &Actor,
        id: &str,
        base_url: &str,
        company: &str,
    ) -> Result<(OffboardingCase, String), StoreError> {
        let customer_id = self.offboarding_case(id).await?.customer_id;
        let customer = self.customer(&customer_id).await?;
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::SendLetter)?;
        let draft = letter_in(&mut tx, id)
            .await?
            .ok_or_else(|| DomainError::new("letter", "write the farewell letter first"))?;
        let (token, hash) = new_token();
        let link = format!(
            "{}/public/offboarding/{token}",
            base_url.trim_end_matches('/')
        );
        let l = &draft.letter;
        let t = &c.timeline;
        let args = json!({
            "name": customer.name, "company": company,
            "thanks": l.thanks, "framing": l.framing, "goodwill": l.goodwill,
            "apology": l.apology, "alternatives": l.alternatives, "letter": l.body(),
            "link": link, "notice_date": date(t.notice_date), "service_end": date(t.service_end),
            "support_end": date(t.support_end), "export_until": date(t.export_until),
            "deletion_date": date(t.deletion_date),
        });
        let msg = NewMessage::email(
            format!("offboarding:{id}:letter"),
            customer.email.as_deref().unwrap_or(""),
            &l.language,
            MessageClass::Legal,
            LETTER_EVENT,
            LETTER_TEMPLATE,
            args,
        )
        .for_customer(&customer.id);
        let message_id = outbox::enqueue(&mut tx, &msg).await?;
        let at = now();
        sqlx::query(
            "UPDATE offboarding_cases SET token_hash = $1, token_issued_at = $2 WHERE id = $3",
        )
        .bind(&hash)
        .bind(&at)
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
        sqlx::query(
            "UPDATE offboarding_letters SET sent_at = $1, message_id = $2 WHERE case_id = $3",
        )
        .bind(&at)
        .bind(message_id.as_deref())
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
        let detail = json!({ "message_id": message_id, "language": l.language });
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::SendLetter,
            "letter_sent_at",
            &detail,
        )
        .await?;
        insert_step(&mut tx, id, actor, "letter-sent", None, &detail).await?;
        tx.commit().await?;
        Ok((after, token))
    }

    /// Issues a new customer link (the previous one stops working). Returns the raw token,
    /// shown once; only its hash is stored.
    pub async fn issue_offboarding_link(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<String, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        if c.status.is_final() {
            return Err(StoreError::Conflict(format!(
                "no customer link for a case in status {}",
                c.status
            )));
        }
        let (token, hash) = new_token();
        sqlx::query(
            "UPDATE offboarding_cases SET token_hash = $1, token_issued_at = $2 WHERE id = $3",
        )
        .bind(&hash)
        .bind(now())
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
        insert_step(&mut tx, id, actor, "link-issued", None, &json!({})).await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.link",
            "offboarding_case",
            id,
            &json!(null),
            &json!({ "link_issued": true }),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The case a customer link opens. Not found for unknown tokens and for cancelled or
    /// erased cases (erasure clears the link).
    pub async fn offboarding_by_token(&self, token: &str) -> Result<OffboardingCase, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} {FROM} WHERE o.token_hash = $1 AND o.status NOT IN ('cancelled', 'erased')"
        ))
        .bind(token_hash(token))
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound("offboarding case"))?
            .try_into()
    }

    /// Books goodwill for the case in the ledger (source `offboarding`), e.g. refunding the
    /// last invoice. `amount` `None` refunds the last invoice (the latest positive transaction).
    /// Amounts above the currency's threshold wait for a manager, as any compensation.
    pub async fn book_offboarding_goodwill(
        &self,
        actor: &Actor,
        id: &str,
        kind: EntryKind,
        amount: Option<Money>,
        reason: &str,
    ) -> Result<LedgerEntry, StoreError> {
        let c = self.offboarding_case(id).await?;
        if !c.status.goodwill_allowed() {
            return Err(StoreError::Conflict(format!(
                "goodwill can be booked between approval and erasure (status {})",
                c.status
            )));
        }
        let amount = match amount {
            Some(a) => a,
            None => {
                let inv = self.last_invoice(&c.customer_id).await?.ok_or_else(|| {
                    DomainError::new("amount", "the customer has no invoice to refund")
                })?;
                Money {
                    minor: inv.amount_minor,
                    currency: Currency::parse(&inv.currency)?,
                }
            }
        };
        let e = NewEntry::new(
            &c.customer_id,
            kind,
            amount,
            reason,
            SourceKind::Offboarding,
            id,
        )?;
        let approval = self.initial_approval(&e).await?;
        let mut tx = self.begin().await?;
        // Re-checked in the transaction: the ledger entry and the step commit together.
        let c = load(&mut tx, id).await?;
        if !c.status.goodwill_allowed() {
            return Err(StoreError::Conflict(format!(
                "goodwill can be booked between approval and erasure (status {})",
                c.status
            )));
        }
        let entry = crate::ledger::book(&mut tx, actor, &e, approval).await?;
        insert_step(
            &mut tx,
            id,
            actor,
            "goodwill",
            None,
            &json!({ "entry_id": entry.id, "kind": entry.kind, "amount": entry.amount, "currency": entry.currency, "approval": entry.approval }),
        )
        .await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// The latest positive transaction of a customer (the last invoice paid).
    pub async fn last_invoice(
        &self,
        customer_id: &str,
    ) -> Result<Option<crate::activity::Transaction>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, customer_id, external_ref, amount_minor, currency, occurred_at, description FROM transactions \
             WHERE customer_id = $1 AND amount_minor > 0 ORDER BY occurred_at DESC, id DESC LIMIT 1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Closes the account: status `closed`, customer stage `departed`, follow-up tasks at +30
    /// and +90 days for the customer's owner, and the erasure job on the deletion date — all in
    /// one transaction.
    pub async fn close_offboarding(
        &self,
        actor: &Actor,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<OffboardingCase, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::Close)?;
        let owner: Option<(Option<String>,)> =
            sqlx::query_as("SELECT owner_id FROM customers WHERE id = $1")
                .bind(&c.customer_id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let owner = owner.and_then(|o| o.0);
        for days in FOLLOW_UP_DAYS {
            tasks::create(
                &mut tx,
                &NewTask {
                    kind: TASK_FOLLOW_UP,
                    title: format!("Follow up {days} days after the goodbye"),
                    customer_id: Some(&c.customer_id),
                    owner_id: owner.as_deref(),
                    source_kind: "offboarding",
                    source_id: id,
                    due_at: fmt_ts(at + Duration::days(days)),
                },
            )
            .await?;
        }
        let run_at = c
            .timeline
            .deletion_date
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc())
            .unwrap_or(at);
        jobs::enqueue(
            &mut tx,
            JOB_ERASE,
            &json!({ "case_id": id }),
            run_at,
            Some(&format!("{JOB_ERASE}:{id}")),
        )
        .await?;
        let revenue = revenue_12m(&mut tx.tx, &c.customer_id, at).await?;
        sqlx::query("UPDATE offboarding_cases SET revenue_12m = $1 WHERE id = $2")
            .bind(serde_json::to_string(&revenue)?)
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        set_stage(&mut tx, &c.customer_id, "departed").await?;
        sqlx::query("UPDATE offboarding_cases SET closed_at = $1 WHERE id = $2")
            .bind(fmt_ts(at))
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        let detail = json!({ "erasure_job_at": fmt_ts(run_at), "follow_ups": FOLLOW_UP_DAYS });
        let after = transition(&mut tx, actor, &c, Action::Close, "closed_at", &detail).await?;
        insert_step(&mut tx, id, actor, "closed", None, &detail).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Calls the case off (before closure); the customer returns to the `active` stage.
    pub async fn cancel_offboarding(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> Result<OffboardingCase, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::new("reason", "say why the case is cancelled").into());
        }
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::Cancel)?;
        sqlx::query(
            "UPDATE offboarding_cases SET cancel_reason = $1, token_hash = NULL WHERE id = $2",
        )
        .bind(reason)
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
        set_stage(&mut tx, &c.customer_id, "active").await?;
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::Cancel,
            "cancelled_at",
            &json!({ "reason": reason }),
        )
        .await?;
        insert_step(&mut tx, id, actor, "cancelled", Some(reason), &json!({})).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Stores the customer's exit survey (once per case; from the customer's page).
    pub async fn submit_exit_survey(
        &self,
        case_id: &str,
        s: &ExitSurvey,
    ) -> Result<SurveyAnswer, StoreError> {
        let customer = Actor {
            id: "customer".into(),
            label: "customer".into(),
        };
        let mut tx = self.begin().await?;
        let c = load(&mut tx, case_id).await?;
        if c.status.is_final() {
            return Err(StoreError::Conflict(format!(
                "the case is {}; the survey is closed",
                c.status
            )));
        }
        let at = now();
        sqlx::query(
            "INSERT INTO offboarding_surveys (case_id, reason_left, would_have_kept, comment, rating, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case_id)
        .bind(&s.reason_left)
        .bind(s.would_have_kept.as_deref())
        .bind(s.comment.as_deref())
        .bind(s.rating)
        .bind(&at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict("the survey has already been answered, thank you".into())
            }
            other => other,
        })?;
        insert_step(
            &mut tx,
            case_id,
            &customer,
            "survey",
            None,
            &json!({ "rating": s.rating }),
        )
        .await?;
        audit::append(
            &mut tx,
            &customer,
            "offboarding.survey",
            "offboarding_case",
            case_id,
            &json!(null),
            &json!({ "rating": s.rating }),
        )
        .await?;
        tx.commit().await?;
        Ok(SurveyAnswer {
            case_id: case_id.to_string(),
            survey: s.clone(),
            submitted_at: at,
        })
    }

    /// The exit survey of a case, if answered.
    pub async fn exit_survey(&self, case_id: &str) -> Result<Option<SurveyAnswer>, StoreError> {
        let row: Option<SurveyRow> = sqlx::query_as(
            "SELECT case_id, reason_left, would_have_kept, comment, rating, submitted_at FROM offboarding_surveys WHERE case_id = $1",
        )
        .bind(case_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(Into::into))
    }

    /// The impact of the case on the account: balances, trailing revenue, running contracts,
    /// compensation due or pending, goodwill, open complaints, the last invoice.
    pub async fn offboarding_impact(&self, id: &str) -> Result<Impact, StoreError> {
        let c = self.offboarding_case(id).await?;
        let cid = &c.customer_id;
        let balances: Vec<(String, i64)> = sqlx::query_as(
            "SELECT currency, CAST(SUM(amount_minor) AS BIGINT) FROM transactions WHERE customer_id = $1 GROUP BY currency ORDER BY currency",
        )
        .bind(cid)
        .fetch_all(self.pool())
        .await?;
        let mut conn = self.pool().acquire().await?;
        let revenue = revenue_12m(&mut conn, cid, Utc::now()).await?;
        drop(conn);
        let end = date(c.timeline.service_end);
        let open_contracts = self
            .contracts(cid)
            .await?
            .into_iter()
            .filter(|k| k.end_date.as_deref().is_none_or(|e| e > end.as_str()))
            .collect();
        let ledger = self.customer_ledger(cid).await?;
        let goodwill = self.ledger_for_source(SourceKind::Offboarding, id).await?;
        let (open_complaints,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM complaints WHERE customer_id = $1 AND status <> 'closed'",
        )
        .bind(cid)
        .fetch_one(self.pool())
        .await?;
        Ok(Impact {
            balances: balances.iter().map(|(c, m)| total(c, *m)).collect(),
            revenue_12m: revenue.iter().map(|(c, m)| total(c, *m)).collect(),
            open_contracts,
            refunds_due: ledger.totals,
            refunds_pending: ledger.pending,
            goodwill,
            open_complaints,
            last_invoice: self.last_invoice(cid).await?,
        })
    }
}

const LETTER_COLS: &str = "case_id, language, thanks, framing, goodwill, apology, alternatives, updated_by, updated_at, sent_at, message_id";

async fn letter_in(tx: &mut Tx<'_>, id: &str) -> Result<Option<LetterDraft>, StoreError> {
    let row: Option<LetterRow> = sqlx::query_as(&format!(
        "SELECT {LETTER_COLS} FROM offboarding_letters WHERE case_id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *tx.tx)
    .await?;
    Ok(row.map(Into::into))
}

/// Parses a stored timestamp (for callers comparing dates).
pub fn ts(raw: &str) -> Result<DateTime<Utc>, StoreError> {
    Ok(parse_ts("at", raw)?)
}
