//! Complaints: intake, the workflow transitions (each with its history event, audit entry and
//! side effects in one transaction), SLA policies and status, public intake links and the
//! customer's satisfaction answer. Reports live in [`report`], the SLA sweep in [`sweep`].

pub mod report;
pub mod sweep;
pub mod thread;
pub mod timers;

mod effects;
mod intake;
mod links;
mod notify;
mod policies;
mod queries;
mod transitions;

pub use notify::message_key;
pub(crate) use notify::notify_customer;
pub use thread::{Audience, Inbound, InboundOutcome, ThreadEntry};

use crate::{StoreError, Tx, new_id};
use carewell_domain::Entity;
use carewell_domain::complaint::workflow::Status;
use carewell_domain::complaint::{Category, IntakeChannel, Severity};
use carewell_domain::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

pub use carewell_domain::complaint::record::{ComplaintSla, FOLLOW_UP_DAYS};
pub use carewell_domain::complaint::{Complaint, reference};

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: String,
    customer_id: String,
    customer_name: String,
    channel: String,
    category: String,
    severity: String,
    subject: String,
    description: String,
    attachments: String,
    status: String,
    resume_to: Option<String>,
    demand: Option<String>,
    escalation_level: i64,
    reopen_count: i64,
    owner_id: Option<String>,
    resolution: Option<String>,
    root_cause: Option<String>,
    sla_pauses: String,
    sla_notified: String,
    first_response_at: Option<String>,
    resolved_at: Option<String>,
    closed_at: Option<String>,
    satisfaction_score: Option<i64>,
    satisfaction_comment: Option<String>,
    created_at: String,
    updated_at: String,
    owner_name: Option<String>,
    sla_due_at: Option<String>,
    last_customer_message_at: Option<String>,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl TryFrom<Row> for Complaint {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            channel: IntakeChannel::parse(&r.channel).map_err(corrupt)?,
            category: Category::parse(&r.category).map_err(corrupt)?,
            severity: Severity::parse(&r.severity).map_err(corrupt)?,
            status: Status::parse(&r.status).map_err(corrupt)?,
            resume_to: r
                .resume_to
                .map(|s| Status::parse(&s))
                .transpose()
                .map_err(corrupt)?,
            attachments: serde_json::from_str(&r.attachments)?,
            sla_pauses: serde_json::from_str(&r.sla_pauses)?,
            sla_notified: serde_json::from_str(&r.sla_notified)?,
            id: r.id,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            subject: r.subject,
            description: r.description,
            demand: r.demand,
            escalation_level: r.escalation_level,
            reopen_count: r.reopen_count,
            owner_id: r.owner_id,
            resolution: r.resolution,
            root_cause: r.root_cause,
            first_response_at: r.first_response_at,
            resolved_at: r.resolved_at,
            closed_at: r.closed_at,
            satisfaction_score: r.satisfaction_score,
            satisfaction_comment: r.satisfaction_comment,
            created_at: r.created_at,
            updated_at: r.updated_at,
            owner_name: r.owner_name,
            sla_due_at: r.sla_due_at,
            last_customer_message_at: r.last_customer_message_at,
        })
    }
}

/// One step in a complaint's history.
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow, ToSchema)]
pub struct ComplaintEvent {
    /// Id.
    pub id: String,
    /// The complaint.
    pub complaint_id: String,
    /// When (UTC).
    pub at: String,
    /// Who (e-mail, `system`, `customer`).
    pub actor: String,
    /// `created`, an action name, `sla-warning`, `sla-breach`, `message`, `satisfaction`.
    pub action: String,
    /// Status before.
    pub from_status: Option<String>,
    /// Status after.
    pub to_status: String,
    /// Note, demand, resolution or reason.
    pub note: Option<String>,
}

/// Filters of the complaint list.
#[derive(Debug, Default, Clone)]
pub struct ComplaintQuery {
    /// Exact status; `open` for every status but closed.
    pub status: Option<String>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Category.
    pub category: Option<Category>,
    /// Customer.
    pub customer_id: Option<String>,
    /// Owner.
    pub owner_id: Option<String>,
    /// Free text over subject and description.
    pub q: Option<String>,
    /// Only complaints nobody owns (`owner_id` is then ignored).
    pub unassigned: bool,
    /// Only complaints whose running SLA deadline is at or before this instant (UTC): the
    /// ones breaching soon, and those already breached.
    pub due_before: Option<String>,
    /// The order (default: received, newest first).
    pub sort: ComplaintSort,
    /// Descending.
    pub desc: bool,
    /// Start after this complaint (the previous page's cursor), in the page's order.
    pub after: Option<String>,
}

/// The columns the complaint list sorts by; the SQL of each is fixed here, never taken from
/// the caller. Ties break on the id, so the order (and the cursor) is total.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintSort {
    /// When it was received.
    #[default]
    Received,
    /// Subject, case-insensitively.
    Subject,
    /// The customer's name, case-insensitively.
    Customer,
    /// Severity, low to critical.
    Severity,
    /// Workflow status, in workflow order.
    Status,
    /// The owner's name (unassigned first ascending).
    Owner,
    /// The running SLA clock's deadline; complaints without one come last either way.
    SlaDue,
    /// When the customer last wrote; never last either way.
    LastCustomerMessage,
}

impl ComplaintSort {
    /// The sort expression over the complaint alias `c`, its customer `cu` and owner `ow`.
    pub(crate) fn expr(self, c: &str, cu: &str, ow: &str, desc: bool) -> String {
        // NULLs go last in both directions: above every timestamp ascending, below descending.
        let last = if desc { "''" } else { "'9999'" };
        match self {
            Self::Received => format!("{c}.created_at"),
            Self::Subject => format!("LOWER({c}.subject)"),
            Self::Customer => format!("LOWER({cu}.name)"),
            Self::Severity => format!(
                "CASE {c}.severity WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 \
                 WHEN 'critical' THEN 3 ELSE 4 END"
            ),
            Self::Status => {
                let mut e = format!("CASE {c}.status");
                for (i, st) in Status::ALL.iter().enumerate() {
                    e.push_str(&format!(" WHEN '{}' THEN {i}", st.as_str()));
                }
                e.push_str(" ELSE 99 END");
                e
            }
            Self::Owner => format!(
                "COALESCE(LOWER(CASE WHEN TRIM({ow}.name) = '' THEN {ow}.email ELSE {ow}.name END), '')"
            ),
            Self::SlaDue => format!("COALESCE({c}.sla_due_at, {last})"),
            Self::LastCustomerMessage => format!("COALESCE({c}.last_customer_message_at, {last})"),
        }
    }
}

pub(crate) const COLS: &str = "c.id, c.customer_id, cu.name AS customer_name, c.channel, c.category, c.severity, \
     c.subject, c.description, c.attachments, c.status, c.resume_to, c.demand, c.escalation_level, c.reopen_count, \
     c.owner_id, c.resolution, c.root_cause, c.sla_pauses, c.sla_notified, c.first_response_at, c.resolved_at, \
     c.closed_at, c.satisfaction_score, c.satisfaction_comment, c.created_at, c.updated_at, \
     CASE WHEN ow.id IS NULL THEN NULL WHEN TRIM(ow.name) = '' THEN ow.email ELSE ow.name END AS owner_name, \
     c.sla_due_at, c.last_customer_message_at";

pub(crate) const FROM: &str = "FROM complaints c JOIN customers cu ON cu.id = c.customer_id \
     LEFT JOIN users ow ON ow.id = c.owner_id";

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_event(
    tx: &mut Tx<'_>,
    complaint_id: &str,
    at: &str,
    actor: &str,
    action: &str,
    from: Option<Status>,
    to: Status,
    note: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO complaint_events (id, complaint_id, at, actor, action, from_status, to_status, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(complaint_id)
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(note)
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

pub(crate) async fn load(tx: &mut Tx<'_>, id: &str) -> Result<Complaint, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} {FROM} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx.tx)
        .await?;
    row.ok_or(StoreError::NotFound(Entity::Complaint))?
        .try_into()
}

/// Writes the mutable columns of `c`, only if nobody changed the row since `expected_updated`,
/// with the deadline of its running SLA clock (`sla_due_at`, set on `c` too).
pub(crate) async fn save(
    tx: &mut Tx<'_>,
    c: &mut Complaint,
    expected_updated: &str,
) -> Result<(), StoreError> {
    let policy = timers::policy_in(tx, c.severity).await?;
    c.sla_due_at = c.sla_due(&policy).map(fmt_ts);
    let res = sqlx::query(
        "UPDATE complaints SET status = $1, resume_to = $2, demand = $3, escalation_level = $4, \
         reopen_count = $5, owner_id = $6, resolution = $7, root_cause = $8, sla_pauses = $9, \
         sla_notified = $10, first_response_at = $11, resolved_at = $12, closed_at = $13, \
         satisfaction_score = $14, satisfaction_comment = $15, updated_at = $16, severity = $17, \
         sla_due_at = $20 WHERE id = $18 AND updated_at = $19",
    )
    .bind(c.status.as_str())
    .bind(c.resume_to.map(|s| s.as_str()))
    .bind(c.demand.as_deref())
    .bind(c.escalation_level)
    .bind(c.reopen_count)
    .bind(c.owner_id.as_deref())
    .bind(c.resolution.as_deref())
    .bind(c.root_cause.as_deref())
    .bind(serde_json::to_string(&c.sla_pauses)?)
    .bind(serde_json::to_string(&c.sla_notified)?)
    .bind(c.first_response_at.as_deref())
    .bind(c.resolved_at.as_deref())
    .bind(c.closed_at.as_deref())
    .bind(c.satisfaction_score)
    .bind(c.satisfaction_comment.as_deref())
    .bind(&c.updated_at)
    .bind(c.severity.as_str())
    .bind(&c.id)
    .bind(expected_updated)
    .bind(c.sla_due_at.as_deref())
    .execute(&mut *tx.tx)
    .await?;
    if res.rows_affected() == 0 {
        return Err(carewell_domain::Refusal::ChangedMeanwhile.into());
    }
    Ok(())
}

/// Re-stores the deadline of `id`'s running SLA clock (`sla_due_at`) under the current policy of
/// its severity, in the caller's transaction: after intake and a policy change (every other
/// change goes through [`save`]).
pub(crate) async fn store_sla_due(tx: &mut Tx<'_>, c: &mut Complaint) -> Result<(), StoreError> {
    let policy = timers::policy_in(tx, c.severity).await?;
    c.sla_due_at = c.sla_due(&policy).map(fmt_ts);
    sqlx::query("UPDATE complaints SET sla_due_at = $1 WHERE id = $2")
        .bind(c.sla_due_at.as_deref())
        .bind(&c.id)
        .execute(&mut *tx.tx)
        .await?;
    Ok(())
}

/// Data step `0017-complaint-sla-due`: stores the SLA deadline of every complaint not closed
/// (the column is new; closed ones keep NULL).
pub(crate) async fn backfill_sla_due(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM complaints WHERE status <> 'closed'")
        .fetch_all(&mut *tx.tx)
        .await?;
    for (id,) in ids {
        let mut c = load(tx, &id).await?;
        store_sla_due(tx, &mut c).await?;
    }
    Ok(())
}

/// Makes `updated_at` strictly later than `prev` (two changes in one microsecond).
pub(crate) fn later_than(prev: &str, at: DateTime<Utc>) -> String {
    let s = fmt_ts(at);
    if s.as_str() > prev {
        s
    } else {
        parse_ts("at", prev)
            .map(|p| fmt_ts(p + Duration::microseconds(1)))
            .unwrap_or(s)
    }
}
