//! The SLA sweep: finds open complaints whose first-response or resolution clock crossed the
//! 75 % warning point or the target, records it once per crossing, notifies the owner (a task),
//! and on a breach escalates and puts a task in the managers' queue. Safe to run as often as
//! wanted (every crossing is remembered in `sla_notified`), by a job or by hand.

use super::{Complaint, insert_event, load, reference, save};
use crate::outbox::{self, NewMessage};
use crate::tasks::{self, NewTask};
use crate::{Actor, Store, StoreError, Tx, audit};
use carewell_domain::complaint::sla::{Policy, SlaState};
use carewell_domain::complaint::workflow::{MAX_ESCALATION, Status};
use carewell_domain::events::EventType;
use carewell_domain::messaging::MessageClass;
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct SweepOutcome {
    /// Open complaints looked at.
    pub checked: i64,
    /// Warnings raised (75 % elapsed).
    pub warnings: i64,
    /// Breaches handled (target passed).
    pub breaches: i64,
}

/// A future instant at which the sweep has something to do for a complaint, with a unique key
/// (for a job queue that dedupes re-scheduling): `complaint:{id}:{target}-{warning|breach}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    /// Unique key of the check.
    pub key: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

/// When warnings and breaches of `c` fall due under `policy` (nothing while paused or once
/// achieved); not yet notified ones only. A target already missed but not yet handled is due
/// `now`.
pub fn checkpoints(c: &Complaint, policy: &Policy, now: DateTime<Utc>) -> Vec<Checkpoint> {
    let sla = c.sla(policy, now);
    let mut out = Vec::new();
    for (name, t) in [
        ("first-response", &sla.first_response),
        ("resolution", &sla.resolution),
    ] {
        let achieved = if name == "first-response" {
            c.first_response_at.is_some()
        } else {
            c.resolved_at.is_some()
        };
        let overdue = (!achieved && t.state == SlaState::Missed).then_some(now);
        for (kind, at) in [("warning", t.warn_at), ("breach", t.due_at.or(overdue))] {
            let key = format!("{name}-{kind}");
            if let Some(at) = at
                && !c.sla_notified.contains(&key)
            {
                out.push(Checkpoint {
                    key: format!("complaint:{}:{key}", c.id),
                    at,
                });
            }
        }
    }
    out
}

/// E-mails staff about an SLA checkpoint (outbox, class service, in each recipient's
/// `users.language`, English when unset): the owner on a warning; the owner and every active manager on a breach.
/// Internal mail: no customer on the message, so no consent rules and nothing on the customer's
/// delivery log. Key `complaint:{id}:{target}-{warning|breach}:{user id}`.
async fn staff_email(
    tx: &mut Tx<'_>,
    c: &Complaint,
    template: &str,
    target: &str,
    percent: i64,
    managers: bool,
) -> Result<(), StoreError> {
    type Staff = (String, String, String, Option<String>);
    let mut rows: Vec<Staff> = Vec::new();
    if let Some(o) = &c.owner_id {
        rows.extend(
            sqlx::query_as::<_, Staff>(
                "SELECT id, email, name, language FROM users WHERE id = $1 AND active = 1",
            )
            .bind(o)
            .fetch_optional(&mut *tx.tx)
            .await?,
        );
    }
    if managers {
        let ms: Vec<Staff> = sqlx::query_as(
            "SELECT id, email, name, language FROM users WHERE role = 'manager' AND active = 1 ORDER BY email",
        )
        .fetch_all(&mut *tx.tx)
        .await?;
        for m in ms {
            if !rows.iter().any(|r| r.0 == m.0) {
                rows.push(m);
            }
        }
    }
    let kind = if managers { "breach" } else { "warning" };
    for (uid, email, name, language) in rows {
        let m = NewMessage::email(
            format!("complaint:{}:{target}-{kind}:{uid}", c.id),
            &email,
            language.as_deref().unwrap_or("en"),
            MessageClass::Service,
            &format!("complaint.sla-{kind}"),
            template,
            json!({
                "name": name,
                "subject": c.subject,
                "customer": c.customer_name,
                "target": target,
                "percent": percent.to_string(),
                "reference": reference(&c.id),
                "link": format!("/complaints/{}", c.id),
            }),
        );
        outbox::enqueue(tx, &m).await?;
    }
    Ok(())
}

impl Store {
    /// Runs the SLA sweep at `now`.
    pub async fn sla_sweep(&self, now: DateTime<Utc>) -> Result<SweepOutcome, StoreError> {
        let policies = self.sla_policies().await?;
        let ids: Vec<(String,)> = sqlx::query_as(
            "SELECT id FROM complaints WHERE status <> 'closed' ORDER BY created_at",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out = SweepOutcome::default();
        for (id,) in ids {
            out.checked += 1;
            match self.sweep_one(&id, &policies, now).await {
                Ok((w, b)) => {
                    out.warnings += w;
                    out.breaches += b;
                }
                // Changed meanwhile: the next sweep sees the new state.
                Err(StoreError::Refused(carewell_domain::Refusal::ChangedMeanwhile)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Checks one complaint's SLA at `now` (the SLA timer job): the same work as the sweep, from
    /// the current state, so a stale timer (the complaint was paused, resolved or closed since)
    /// does nothing. A deleted complaint is nothing to do; a concurrent change is a
    /// [`carewell_domain::Refusal::ChangedMeanwhile`] (the job retries).
    pub async fn sla_check(
        &self,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<SweepOutcome, StoreError> {
        let policies = self.sla_policies().await?;
        match self.sweep_one(id, &policies, now).await {
            Ok((warnings, breaches)) => Ok(SweepOutcome {
                checked: 1,
                warnings,
                breaches,
            }),
            Err(StoreError::NotFound(_)) => Ok(SweepOutcome::default()),
            Err(e) => Err(e),
        }
    }

    async fn sweep_one(
        &self,
        id: &str,
        policies: &[Policy],
        now: DateTime<Utc>,
    ) -> Result<(i64, i64), StoreError> {
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?;
        if before.status == Status::Closed {
            return Ok((0, 0));
        }
        let Some(policy) = policies.iter().find(|p| p.severity == before.severity) else {
            return Ok((0, 0));
        };
        let sla = before.sla(policy, now);
        let mut c = before.clone();
        let (mut warnings, mut breaches) = (0, 0);
        let at = fmt_ts(now);
        for (name, t) in [
            ("first-response", &sla.first_response),
            ("resolution", &sla.resolution),
        ] {
            let achieved = if name == "first-response" {
                before.first_response_at.is_some()
            } else {
                before.resolved_at.is_some()
            };
            if achieved {
                continue;
            }
            let breach_key = format!("{name}-breach");
            let warn_key = format!("{name}-warning");
            if t.state == SlaState::Missed && !c.sla_notified.contains(&breach_key) {
                c.sla_notified.push(breach_key);
                if !c.sla_notified.contains(&warn_key) {
                    c.sla_notified.push(warn_key);
                }
                breaches += 1;
                insert_event(
                    &mut tx,
                    id,
                    &at,
                    "system",
                    "sla-breach",
                    Some(c.status),
                    c.status,
                    Some(name),
                )
                .await?;
                let mut data = crate::events::complaint_data(&c);
                data["timer"] = json!(name);
                data["due_at"] = json!(t.due_at.map(fmt_ts));
                let seq = format!("{name}:{at}");
                crate::events::emit(&mut tx, EventType::ComplaintSlaBreached, id, &seq, data)
                    .await?;
                if c.escalation_level < MAX_ESCALATION {
                    c.escalation_level += 1;
                    insert_event(
                        &mut tx,
                        id,
                        &at,
                        "system",
                        "escalate",
                        Some(c.status),
                        c.status,
                        Some(&format!("{name} SLA missed")),
                    )
                    .await?;
                }
                // The owner gets a task; the managers' queue (no owner) always does.
                let owners: Vec<Option<String>> = match &c.owner_id {
                    Some(o) => vec![Some(o.clone()), None],
                    None => vec![None],
                };
                staff_email(
                    &mut tx,
                    &c,
                    "complaint-staff-sla-breach",
                    name,
                    t.percent,
                    true,
                )
                .await?;
                for owner in owners {
                    tasks::create(
                        &mut tx,
                        &NewTask {
                            kind: "sla-breach",
                            title: format!("SLA missed ({name}): {}", c.subject),
                            customer_id: Some(&c.customer_id),
                            owner_id: owner.as_deref(),
                            source_kind: "complaint",
                            source_id: id,
                            due_at: at.clone(),
                        },
                    )
                    .await?;
                }
            } else if t.warning && !c.sla_notified.contains(&warn_key) {
                c.sla_notified.push(warn_key);
                warnings += 1;
                insert_event(
                    &mut tx,
                    id,
                    &at,
                    "system",
                    "sla-warning",
                    Some(c.status),
                    c.status,
                    Some(name),
                )
                .await?;
                staff_email(
                    &mut tx,
                    &c,
                    "complaint-staff-sla-warning",
                    name,
                    t.percent,
                    false,
                )
                .await?;
                tasks::create(
                    &mut tx,
                    &NewTask {
                        kind: "sla-warning",
                        title: format!("SLA at {}% ({name}): {}", t.percent, c.subject),
                        customer_id: Some(&c.customer_id),
                        owner_id: c.owner_id.as_deref(),
                        source_kind: "complaint",
                        source_id: id,
                        due_at: t.due_at.map(fmt_ts).unwrap_or_else(|| at.clone()),
                    },
                )
                .await?;
            }
        }
        if warnings + breaches == 0 {
            return Ok((0, 0));
        }
        c.updated_at = super::later_than(&before.updated_at, now);
        save(&mut tx, &c, &before.updated_at).await?;
        audit::append(
            &mut tx,
            &Actor::system(),
            "complaint.sla",
            "complaint",
            id,
            &json!(before),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok((warnings, breaches))
    }
}
