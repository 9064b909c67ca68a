//! Complaints: intake, the workflow transitions (each with its history event, audit entry and
//! side effects in one transaction), SLA policies and status, public intake links and the
//! customer's satisfaction answer. Reports live in [`report`], the SLA sweep in [`sweep`].

pub mod report;
pub mod sweep;
pub mod timers;

use crate::outbox::{self, NewMessage};
use crate::sql::Sql;
use crate::tasks::{self, NewTask};
use crate::{Actor, Page, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::DomainError;
use carewell_domain::complaint::sla::{self, Clock, Pause, Policy, SlaState, TargetStatus};
use carewell_domain::complaint::workflow::{self, Action, CustomerMessage, Effect, State, Status};
use carewell_domain::complaint::{Attachment, Category, ComplaintInput, IntakeChannel, Severity};
use carewell_domain::messaging::MessageClass;
use carewell_domain::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// Days after resolution when the follow-up visit is due.
pub const FOLLOW_UP_DAYS: i64 = 7;

/// A complaint as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Complaint {
    /// Id (UUIDv7).
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// How it reached us.
    pub channel: IntakeChannel,
    /// What it is about.
    pub category: Category,
    /// How bad.
    pub severity: Severity,
    /// Short title.
    pub subject: String,
    /// What the customer said.
    pub description: String,
    /// Attachment metadata.
    pub attachments: Vec<Attachment>,
    /// Workflow status.
    pub status: Status,
    /// While waiting on the customer: where work resumes.
    pub resume_to: Option<Status>,
    /// The confirmed core demand.
    pub demand: Option<String>,
    /// Escalation level (0 = none).
    pub escalation_level: i64,
    /// Times reopened.
    pub reopen_count: i64,
    /// Owning staff member.
    pub owner_id: Option<String>,
    /// What was done.
    pub resolution: Option<String>,
    /// Why it happened.
    pub root_cause: Option<String>,
    /// Pauses of the SLA clock.
    pub sla_pauses: Vec<Pause>,
    /// First response (UTC).
    pub first_response_at: Option<String>,
    /// Resolved (UTC).
    pub resolved_at: Option<String>,
    /// Closed (UTC).
    pub closed_at: Option<String>,
    /// The customer's satisfaction, 1–5.
    pub satisfaction_score: Option<i64>,
    /// The customer's comment.
    pub satisfaction_comment: Option<String>,
    /// Received (UTC); the SLA clock starts here.
    pub created_at: String,
    /// Last changed (UTC).
    pub updated_at: String,
    /// The token of the satisfaction question link (never in API output).
    #[serde(skip)]
    pub satisfaction_token: String,
    /// SLA notifications already sent (`first-response-warning`, …).
    #[serde(skip)]
    pub sla_notified: Vec<String>,
}

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
    satisfaction_token: String,
    satisfaction_score: Option<i64>,
    satisfaction_comment: Option<String>,
    created_at: String,
    updated_at: String,
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
            satisfaction_token: r.satisfaction_token,
            satisfaction_score: r.satisfaction_score,
            satisfaction_comment: r.satisfaction_comment,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

impl Complaint {
    /// The workflow state.
    pub fn state(&self) -> State {
        State {
            status: self.status,
            resume_to: self.resume_to,
            demand: self.demand.clone(),
            escalation_level: self.escalation_level,
            reopen_count: self.reopen_count,
        }
    }

    /// The SLA status under `policy` at `now`.
    pub fn sla(&self, policy: &Policy, now: DateTime<Utc>) -> ComplaintSla {
        let started = parse_ts("created_at", &self.created_at).unwrap_or(now);
        let clock = Clock {
            started,
            pauses: &self.sla_pauses,
        };
        let ts = |s: &Option<String>| s.as_deref().and_then(|s| parse_ts("at", s).ok());
        let first_response = sla::evaluate(
            &policy.calendar,
            &clock,
            policy.first_response_minutes,
            ts(&self.first_response_at),
            now,
        );
        let resolution = sla::evaluate(
            &policy.calendar,
            &clock,
            policy.resolution_minutes,
            ts(&self.resolved_at),
            now,
        );
        ComplaintSla {
            state: sla::overall(&[&first_response, &resolution]),
            first_response,
            resolution,
        }
    }
}

/// A complaint's SLA status.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct ComplaintSla {
    /// Active, met or missed (missed if either target is missed).
    pub state: SlaState,
    /// The first response target.
    pub first_response: TargetStatus,
    /// The resolution target.
    pub resolution: TargetStatus,
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
}

pub(crate) const COLS: &str = "c.id, c.customer_id, cu.name AS customer_name, c.channel, c.category, c.severity, \
     c.subject, c.description, c.attachments, c.status, c.resume_to, c.demand, c.escalation_level, c.reopen_count, \
     c.owner_id, c.resolution, c.root_cause, c.sla_pauses, c.sla_notified, c.first_response_at, c.resolved_at, \
     c.closed_at, c.satisfaction_token, c.satisfaction_score, c.satisfaction_comment, c.created_at, c.updated_at";

pub(crate) const FROM: &str = "FROM complaints c JOIN customers cu ON cu.id = c.customer_id";

/// A random URL-safe token (256 bits, hex).
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Where and how to reach the customer of a complaint, read in the caller's transaction.
struct Addressee {
    name: String,
    email: String,
    language: String,
    agent: String,
}

async fn addressee(
    tx: &mut Tx<'_>,
    c: &Complaint,
    actor_id: &str,
) -> Result<Addressee, StoreError> {
    let (name, email, language, contact): (String, Option<String>, String, Option<String>) =
        sqlx::query_as(
            "SELECT cu.name, cu.email, cu.language, \
             (SELECT ct.email FROM contacts ct WHERE ct.customer_id = cu.id AND ct.email IS NOT NULL \
              ORDER BY ct.is_primary DESC, ct.created_at LIMIT 1) \
             FROM customers cu WHERE cu.id = $1",
        )
        .bind(&c.customer_id)
        .fetch_one(&mut *tx.tx)
        .await?;
    // The owner looks after it; without one, the person who acted.
    let agent: Option<(String,)> = sqlx::query_as("SELECT name FROM users WHERE id = $1")
        .bind(c.owner_id.as_deref().unwrap_or(actor_id))
        .fetch_optional(&mut *tx.tx)
        .await?;
    Ok(Addressee {
        name,
        email: email
            .filter(|e| !e.trim().is_empty())
            .or(contact)
            .unwrap_or_default(),
        language,
        agent: agent.map(|(n,)| n).unwrap_or_default(),
    })
}

/// The short reference shown to customers (last 8 characters of the id).
pub fn reference(id: &str) -> String {
    id.chars().skip(id.len().saturating_sub(8)).collect()
}

/// The path of the public satisfaction question (the deliverer makes it absolute on the
/// configured `base_url`).
pub fn satisfaction_path(token: &str) -> String {
    format!("/public/satisfaction/{token}")
}

/// The idempotency key of a customer message. One per transition (`at` is the transition's
/// stamp), except the satisfaction question: one per resolution, whichever of the follow-up
/// and the follow-up timer comes first.
pub fn message_key(c: &Complaint, msg: CustomerMessage, at: &str) -> String {
    let at = match (msg, &c.resolved_at) {
        (CustomerMessage::Satisfaction, Some(r)) => r.as_str(),
        _ => at,
    };
    format!("complaint:{}:{}:{at}", c.id, msg.template())
}

/// A customer-facing message, called in the transaction of the change that causes it: recorded
/// in the complaint's history and enqueued in the outbox (class `service`, e-mail in the
/// customer's language) with the key [`message_key`]. Returns whether a new message was queued.
pub(crate) async fn notify_customer(
    tx: &mut Tx<'_>,
    c: &Complaint,
    msg: CustomerMessage,
    at: &str,
    note: Option<&str>,
    actor_id: &str,
) -> Result<bool, StoreError> {
    let to = addressee(tx, c, actor_id).await?;
    let template = msg.template();
    let args = json!({
        "name": to.name,
        "subject": c.subject,
        "agent": to.agent,
        "reference": reference(&c.id),
        "demand": c.demand.clone().unwrap_or_default(),
        "resolution": c.resolution.clone().unwrap_or_default(),
        "note": note.unwrap_or_default(),
        "link": satisfaction_path(&c.satisfaction_token),
    });
    let event = template.replacen("complaint-", "complaint.", 1);
    let m = NewMessage::email(
        message_key(c, msg, at),
        &to.email,
        &to.language,
        MessageClass::Service,
        &event,
        template,
        args,
    )
    .for_customer(&c.customer_id);
    let queued = outbox::enqueue(tx, &m).await?.is_some();
    if queued {
        insert_event(
            tx,
            &c.id,
            at,
            "system",
            "message",
            None,
            c.status,
            Some(template),
        )
        .await?;
    }
    Ok(queued)
}

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
    row.ok_or(StoreError::NotFound("complaint"))?.try_into()
}

/// Writes the mutable columns of `c`, only if nobody changed the row since `expected_updated`.
pub(crate) async fn save(
    tx: &mut Tx<'_>,
    c: &Complaint,
    expected_updated: &str,
) -> Result<(), StoreError> {
    let res = sqlx::query(
        "UPDATE complaints SET status = $1, resume_to = $2, demand = $3, escalation_level = $4, \
         reopen_count = $5, owner_id = $6, resolution = $7, root_cause = $8, sla_pauses = $9, \
         sla_notified = $10, first_response_at = $11, resolved_at = $12, closed_at = $13, \
         satisfaction_score = $14, satisfaction_comment = $15, updated_at = $16, severity = $17 \
         WHERE id = $18 AND updated_at = $19",
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
    .execute(&mut *tx.tx)
    .await?;
    if res.rows_affected() == 0 {
        return Err(StoreError::Conflict(
            "the complaint was changed by someone else meanwhile; reload and try again".into(),
        ));
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

impl Store {
    /// Records a new complaint (status `new`, SLA clock started). The owner defaults to the
    /// customer's owner.
    pub async fn create_complaint(
        &self,
        actor: &Actor,
        input: &ComplaintInput,
        owner_id: Option<&str>,
    ) -> Result<Complaint, StoreError> {
        self.create_complaint_received(actor, input, owner_id, None)
            .await
    }

    /// Records a complaint received at `received_at` (a letter that arrived yesterday, an
    /// import); the SLA clock starts then. Not in the future.
    pub async fn create_complaint_received(
        &self,
        actor: &Actor,
        input: &ComplaintInput,
        owner_id: Option<&str>,
        received_at: Option<DateTime<Utc>>,
    ) -> Result<Complaint, StoreError> {
        if received_at.is_some_and(|t| t > Utc::now() + Duration::minutes(5)) {
            return Err(DomainError::new("received_at", "cannot be in the future").into());
        }
        let mut tx = self.begin().await?;
        let owner: Option<(Option<String>,)> =
            sqlx::query_as("SELECT owner_id FROM customers WHERE id = $1")
                .bind(&input.customer_id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let Some((customer_owner,)) = owner else {
            return Err(StoreError::NotFound("customer"));
        };
        let owner = owner_id.map(str::to_string).or(customer_owner);
        let id = new_id();
        let at = received_at.map(fmt_ts).unwrap_or_else(now);
        sqlx::query(
            "INSERT INTO complaints (id, customer_id, channel, category, severity, subject, description, \
             attachments, status, owner_id, satisfaction_token, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
        )
        .bind(&id)
        .bind(&input.customer_id)
        .bind(input.channel.as_str())
        .bind(input.category.as_str())
        .bind(input.severity.as_str())
        .bind(&input.subject)
        .bind(&input.description)
        .bind(serde_json::to_string(&input.attachments)?)
        .bind(Status::New.as_str())
        .bind(owner.as_deref())
        .bind(random_token())
        .bind(&at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(m) if m.to_lowercase().contains("foreign") => {
                StoreError::Invalid(DomainError::new("owner_id", "no such user"))
            }
            other => other,
        })?;
        insert_event(
            &mut tx,
            &id,
            &at,
            &actor.label,
            "created",
            None,
            Status::New,
            None,
        )
        .await?;
        let c = load(&mut tx, &id).await?;
        timers::schedule_sla(&mut tx, &c, Utc::now()).await?;
        audit::append(
            &mut tx,
            actor,
            "complaint.create",
            "complaint",
            &id,
            &json!(null),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    /// One complaint.
    pub async fn complaint(&self, id: &str) -> Result<Complaint, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} {FROM} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound("complaint"))?.try_into()
    }

    /// The complaint whose satisfaction link carries `token`.
    pub async fn complaint_by_satisfaction_token(
        &self,
        token: &str,
    ) -> Result<Complaint, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} {FROM} WHERE c.satisfaction_token = $1"
        ))
        .bind(token)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound("complaint"))?.try_into()
    }

    /// Searches complaints, newest first.
    pub async fn search_complaints(
        &self,
        q: &ComplaintQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Page<Complaint>, StoreError> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let (total,): (i64,) = filtered(&format!("SELECT COUNT(*) {FROM}"), q)?
            .fetch_one(self.pool())
            .await?;
        let mut list = filtered(&format!("SELECT {COLS} {FROM}"), q)?;
        list.push(" ORDER BY c.created_at DESC, c.id DESC LIMIT ")
            .bind_int(limit)
            .push(" OFFSET ")
            .bind_int(offset);
        let rows: Vec<Row> = list.fetch_all(self.pool()).await?;
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

    /// A complaint's history, oldest first.
    pub async fn complaint_events(&self, id: &str) -> Result<Vec<ComplaintEvent>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, complaint_id, at, actor, action, from_status, to_status, note \
             FROM complaint_events WHERE complaint_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Applies a workflow action at `at` (normally now). An action the workflow refuses is a
    /// [`StoreError::Conflict`] naming what is allowed; a missing demand or resolution is
    /// [`StoreError::Invalid`]. The history event, the audit entry, customer messages and the
    /// follow-up task are written in the same transaction.
    pub async fn transition_complaint(
        &self,
        actor: &Actor,
        id: &str,
        action: &Action,
        at: DateTime<Utc>,
    ) -> Result<Complaint, StoreError> {
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        let t = workflow::apply(&before.state(), action, before.first_response_at.is_some())
            .map_err(|e| {
                if e.reason.is_some() {
                    StoreError::Invalid(e.into())
                } else {
                    StoreError::Conflict(e.to_string())
                }
            })?;
        let mut c = before.clone();
        c.status = t.state.status;
        c.resume_to = t.state.resume_to;
        c.demand = t.state.demand.clone();
        c.escalation_level = t.state.escalation_level;
        c.reopen_count = t.state.reopen_count;
        let ts = later_than(&before.updated_at, at);
        c.updated_at = ts.clone();
        if let Action::Resolve {
            resolution,
            root_cause,
        } = action
        {
            c.resolution = Some(resolution.trim().to_string());
            c.root_cause = Some(root_cause.trim().to_lowercase());
        }
        if c.status == Status::Closed {
            c.closed_at = Some(ts.clone());
        }
        let mut messages = Vec::new();
        let mut follow_up = false;
        for e in &t.effects {
            match e {
                Effect::FirstResponse => c.first_response_at = Some(ts.clone()),
                Effect::PauseClock => c.sla_pauses.push(Pause { from: at, to: None }),
                Effect::ResumeClock => {
                    if let Some(p) = c.sla_pauses.last_mut() {
                        p.to = Some(at.max(p.from));
                    }
                }
                Effect::Resolved => c.resolved_at = Some(ts.clone()),
                Effect::Unresolved => {
                    // The time while it looked resolved does not count against the team.
                    if let Some(r) = c.resolved_at.take().and_then(|r| parse_ts("at", &r).ok()) {
                        c.sla_pauses.push(Pause {
                            from: r,
                            to: Some(at.max(r)),
                        });
                    }
                    c.closed_at = None;
                    c.sla_notified.retain(|k| !k.starts_with("resolution"));
                }
                Effect::ScheduleFollowUp => follow_up = true,
                Effect::Notify(m) => messages.push(*m),
                Effect::NotifyManager => {}
            }
        }
        save(&mut tx, &c, &before.updated_at).await?;
        insert_event(
            &mut tx,
            id,
            &ts,
            &actor.label,
            action.name(),
            Some(before.status),
            c.status,
            action.note().filter(|n| !n.trim().is_empty()),
        )
        .await?;
        let note = action.note().filter(|n| !n.trim().is_empty());
        for m in messages {
            notify_customer(&mut tx, &c, m, &ts, note, &actor.id).await?;
        }
        if follow_up {
            tasks::create(
                &mut tx,
                &NewTask {
                    kind: "follow-up-visit",
                    title: format!("Follow-up visit: {}", c.subject),
                    customer_id: Some(&c.customer_id),
                    owner_id: c.owner_id.as_deref(),
                    source_kind: "complaint",
                    source_id: &c.id,
                    due_at: fmt_ts(at + Duration::days(FOLLOW_UP_DAYS)),
                },
            )
            .await?;
        }
        timers::schedule_sla(&mut tx, &c, at).await?;
        if t.effects.contains(&Effect::Resolved) {
            timers::schedule_satisfaction(&mut tx, &c).await?;
        }
        if t.effects.contains(&Effect::NotifyManager) {
            tasks::create(
                &mut tx,
                &NewTask {
                    kind: "escalation",
                    title: format!("Escalated (level {}): {}", c.escalation_level, c.subject),
                    customer_id: Some(&c.customer_id),
                    owner_id: None,
                    source_kind: "complaint",
                    source_id: &c.id,
                    due_at: ts.clone(),
                },
            )
            .await?;
        }
        audit::append(
            &mut tx,
            actor,
            &format!("complaint.{}", action.name()),
            "complaint",
            id,
            &json!(before),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Assigns the complaint to a staff member.
    pub async fn assign_complaint(
        &self,
        actor: &Actor,
        id: &str,
        owner_id: Option<&str>,
    ) -> Result<Complaint, StoreError> {
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        let mut c = before.clone();
        c.owner_id = owner_id.map(str::to_string);
        c.updated_at = later_than(&before.updated_at, Utc::now());
        save(&mut tx, &c, &before.updated_at)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(m) if m.to_lowercase().contains("foreign") => {
                    StoreError::Invalid(DomainError::new("owner_id", "no such user"))
                }
                other => other,
            })?;
        insert_event(
            &mut tx,
            id,
            &c.updated_at,
            &actor.label,
            "assign",
            Some(c.status),
            c.status,
            owner_id,
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "complaint.assign",
            "complaint",
            id,
            &json!(before),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Changes the severity (a reason is required). The SLA targets of the new severity apply
    /// from intake on; the SLA timers are re-set in the same transaction. The same severity is
    /// no change (no event, no audit entry).
    pub async fn set_complaint_severity(
        &self,
        actor: &Actor,
        id: &str,
        severity: Severity,
        reason: &str,
    ) -> Result<Complaint, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::new("reason", "say why the severity changes").into());
        }
        if reason.chars().count() > 2000 {
            return Err(DomainError::new("reason", "at most 2000 characters").into());
        }
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        if before.severity == severity {
            return Ok(before);
        }
        if before.status == Status::Closed {
            return Err(StoreError::Conflict(
                "the complaint is closed; reopen it first".into(),
            ));
        }
        let mut c = before.clone();
        c.severity = severity;
        let now = Utc::now();
        c.updated_at = later_than(&before.updated_at, now);
        save(&mut tx, &c, &before.updated_at).await?;
        insert_event(
            &mut tx,
            id,
            &c.updated_at,
            &actor.label,
            "severity",
            Some(c.status),
            c.status,
            Some(&format!(
                "{} → {}: {reason}",
                before.severity.as_str(),
                severity.as_str()
            )),
        )
        .await?;
        timers::schedule_sla(&mut tx, &c, now).await?;
        audit::append(
            &mut tx,
            actor,
            "complaint.severity",
            "complaint",
            id,
            &json!(before),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Records the customer's answer to the satisfaction question (once).
    pub async fn record_satisfaction(
        &self,
        token: &str,
        score: i64,
        comment: Option<&str>,
    ) -> Result<Complaint, StoreError> {
        if !(1..=5).contains(&score) {
            return Err(DomainError::new("score", "choose 1 to 5").into());
        }
        let comment = comment.map(str::trim).filter(|s| !s.is_empty());
        if comment.is_some_and(|c| c.chars().count() > 2000) {
            return Err(DomainError::new("comment", "at most 2000 characters").into());
        }
        let mut tx = self.begin().await?;
        let id: Option<(String,)> =
            sqlx::query_as("SELECT id FROM complaints WHERE satisfaction_token = $1")
                .bind(token)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let (id,) = id.ok_or(StoreError::NotFound("complaint"))?;
        let before = load(&mut tx, &id).await?;
        if before.satisfaction_score.is_some() {
            return Err(StoreError::Conflict(
                "you have already answered, thank you".into(),
            ));
        }
        if !before.status.is_resolved() {
            return Err(StoreError::Conflict(
                "the complaint is not resolved yet".into(),
            ));
        }
        let mut c = before.clone();
        c.satisfaction_score = Some(score);
        c.satisfaction_comment = comment.map(str::to_string);
        c.updated_at = later_than(&before.updated_at, Utc::now());
        save(&mut tx, &c, &before.updated_at).await?;
        insert_event(
            &mut tx,
            &id,
            &c.updated_at,
            "customer",
            "satisfaction",
            Some(c.status),
            c.status,
            Some(&format!(
                "{score}/5{}",
                comment.map(|c| format!(": {c}")).unwrap_or_default()
            )),
        )
        .await?;
        let customer = Actor {
            id: format!("customer:{}", c.customer_id),
            label: "customer".into(),
        };
        audit::append(
            &mut tx,
            &customer,
            "complaint.satisfaction",
            "complaint",
            &id,
            &json!(before),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    /// The SLA policies, one per severity, most severe first.
    pub async fn sla_policies(&self) -> Result<Vec<Policy>, StoreError> {
        let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "SELECT severity, first_response_minutes, resolution_minutes, calendar FROM sla_policies",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for sev in Severity::ALL {
            let p = match rows.iter().find(|r| r.0 == sev.as_str()) {
                Some((_, fr, res, cal)) => Policy {
                    severity: *sev,
                    first_response_minutes: *fr,
                    resolution_minutes: *res,
                    calendar: serde_json::from_str(cal)?,
                },
                None => Policy::default_for(*sev),
            };
            out.push(p);
        }
        Ok(out)
    }

    /// The policy for one severity.
    pub async fn sla_policy(&self, severity: Severity) -> Result<Policy, StoreError> {
        Ok(self
            .sla_policies()
            .await?
            .into_iter()
            .find(|p| p.severity == severity)
            .unwrap_or_else(|| Policy::default_for(severity)))
    }

    /// Replaces the policy of one severity.
    pub async fn set_sla_policy(&self, actor: &Actor, p: &Policy) -> Result<Policy, StoreError> {
        p.validate()?;
        let before = self.sla_policy(p.severity).await?;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sla_policies WHERE severity = $1")
            .bind(p.severity.as_str())
            .execute(&mut *tx.tx)
            .await?;
        sqlx::query(
            "INSERT INTO sla_policies (severity, first_response_minutes, resolution_minutes, calendar, updated_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(p.severity.as_str())
        .bind(p.first_response_minutes)
        .bind(p.resolution_minutes)
        .bind(serde_json::to_string(&p.calendar)?)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        timers::reschedule_severity(&mut tx, p.severity, Utc::now()).await?;
        audit::append(
            &mut tx,
            actor,
            "sla_policy.update",
            "sla_policy",
            p.severity.as_str(),
            &json!(before),
            &json!(p),
        )
        .await?;
        tx.commit().await?;
        Ok(p.clone())
    }

    /// The customer's public complaint-form link token, created on first use.
    pub async fn complaint_link(
        &self,
        actor: &Actor,
        customer_id: &str,
    ) -> Result<String, StoreError> {
        if let Some((t,)) = sqlx::query_as::<_, (String,)>(
            "SELECT token FROM complaint_links WHERE customer_id = $1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?
        {
            return Ok(t);
        }
        self.customer(customer_id).await?;
        let mut tx = self.begin().await?;
        let token = random_token();
        sqlx::query(
            "INSERT INTO complaint_links (token, customer_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(&token)
        .bind(customer_id)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "complaint_link.create",
            "customer",
            customer_id,
            &json!(null),
            &json!({"link": "created"}),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The customer's public complaint-form link token, if one was made.
    pub async fn existing_complaint_link(
        &self,
        customer_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_as::<_, (String,)>(
            "SELECT token FROM complaint_links WHERE customer_id = $1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?
        .map(|(t,)| t))
    }

    /// Replaces the customer's link (the old one stops working).
    pub async fn rotate_complaint_link(
        &self,
        actor: &Actor,
        customer_id: &str,
    ) -> Result<String, StoreError> {
        self.customer(customer_id).await?;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM complaint_links WHERE customer_id = $1")
            .bind(customer_id)
            .execute(&mut *tx.tx)
            .await?;
        let token = random_token();
        sqlx::query(
            "INSERT INTO complaint_links (token, customer_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(&token)
        .bind(customer_id)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "complaint_link.rotate",
            "customer",
            customer_id,
            &json!(null),
            &json!({"link": "rotated"}),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The customer a public-form link belongs to: (id, name, language).
    pub async fn customer_for_complaint_link(
        &self,
        token: &str,
    ) -> Result<(String, String, String), StoreError> {
        sqlx::query_as(
            "SELECT cu.id, cu.name, cu.language FROM complaint_links l JOIN customers cu ON cu.id = l.customer_id \
             WHERE l.token = $1",
        )
        .bind(token)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("link"))
    }
}

fn filtered(head: &str, q: &ComplaintQuery) -> Result<Sql, StoreError> {
    let mut w = Sql::new(head);
    w.push(" WHERE 1 = 1");
    match q.status.as_deref() {
        Some("open") => {
            w.push(" AND c.status <> 'closed'");
        }
        Some(s) => {
            w.push(" AND c.status = ")
                .bind_text(Status::parse(s)?.as_str());
        }
        None => {}
    }
    if let Some(s) = q.severity {
        w.push(" AND c.severity = ").bind_text(s.as_str());
    }
    if let Some(s) = q.category {
        w.push(" AND c.category = ").bind_text(s.as_str());
    }
    if let Some(s) = &q.customer_id {
        w.push(" AND c.customer_id = ").bind_text(s.clone());
    }
    if let Some(s) = &q.owner_id {
        w.push(" AND c.owner_id = ").bind_text(s.clone());
    }
    if let Some(s) = &q.q {
        let pat = format!("%{}%", s.to_lowercase());
        w.push(" AND (LOWER(c.subject) LIKE ")
            .bind_text(pat.clone())
            .push(" OR LOWER(c.description) LIKE ")
            .bind_text(pat)
            .push(")");
    }
    Ok(w)
}
