//! The workflow: transitions (history event, audit entry and side effects in one
//! transaction), assignment, severity, the customer's satisfaction answer.

use super::{
    Complaint, FOLLOW_UP_DAYS, insert_event, later_than, load, notify_customer, save, timers,
};
use crate::tasks::{self, NewTask};
use crate::{Actor, Store, StoreError, audit};
use carewell_domain::complaint::Severity;
use carewell_domain::complaint::sla::Pause;
use carewell_domain::complaint::workflow::{self, Action, Effect, Status};
use carewell_domain::error::{Code, DomainError, Done, Entity, Refusal, Step};
use carewell_domain::events::EventType;
use carewell_domain::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

impl Store {
    /// Applies a workflow action at `at` (normally now). An action the workflow refuses is a
    /// [`StoreError::Refused`] naming what is allowed; a missing demand or resolution is
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
        let t = workflow::apply(&before.state(), action, before.first_response_at.is_some())?;
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
        if c.status != before.status {
            let mut data = crate::events::complaint_data(&c);
            data["from"] = json!(before.status);
            data["to"] = json!(c.status);
            let seq = format!("{}:{ts}", c.status.as_str());
            crate::events::emit(&mut tx, EventType::ComplaintStatusChanged, id, &seq, data).await?;
        }
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
        crate::checks::user(&mut tx, "owner_id", owner_id).await?;
        save(&mut tx, &c, &before.updated_at).await?;
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
        let reason = carewell_domain::customer::parse_text("reason", reason, 2000)?;
        let reason = reason.as_str();
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        if before.severity == severity {
            return Ok(before);
        }
        if before.status == Status::Closed {
            return Err(Refusal::StepFirst { step: Step::Reopen }.into());
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
            let range = Code::OutOfRange {
                min: Some(1),
                max: Some(5),
            };
            return Err(DomainError::new("score", range).into());
        }
        let comment = comment.map(str::trim).filter(|s| !s.is_empty());
        if comment.is_some_and(|c| c.chars().count() > 2000) {
            return Err(DomainError::new("comment", Code::TooLong { max: 2000 }).into());
        }
        let mut tx = self.begin().await?;
        let id: Option<(String,)> =
            sqlx::query_as("SELECT id FROM complaints WHERE satisfaction_token = $1")
                .bind(token)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let (id,) = id.ok_or(StoreError::NotFound(Entity::Complaint))?;
        let before = load(&mut tx, &id).await?;
        if before.satisfaction_score.is_some() {
            return Err(Refusal::AlreadyDone {
                what: Done::SatisfactionAnswered,
            }
            .into());
        }
        if !before.status.is_resolved() {
            return Err(Refusal::WrongState {
                entity: Entity::Complaint,
                status: before.status.as_str().to_string(),
                action: "satisfaction".into(),
                allowed: Vec::new(),
            }
            .into());
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
}
