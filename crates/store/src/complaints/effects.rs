//! Carrying out a complaint change decided by the domain ([`Complaint::apply`],
//! `set_severity`, `record_satisfaction`, `sla_tick`): the row is saved (if nobody changed it
//! meanwhile), then every [`Effect`] is persisted in the same transaction — history lines,
//! customer messages, tasks, staff e-mail, timers, integration events — with one audit entry.
//! Nothing here decides anything.

use super::{Complaint, insert_event, later_than, notify_customer, reference, save, timers};
use crate::outbox::{self, NewMessage};
use crate::tasks::{self, NewTask};
use crate::{Actor, StoreError, Tx, audit};
use carewell_domain::complaint::record::{Applied, Effect, Target, Task};
use carewell_domain::events::EventType;
use carewell_domain::messaging::MessageClass;
use carewell_domain::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Utc};
use serde_json::json;

/// The instant a change at `at` is stamped with: strictly later than the row's last change
/// (two changes in one microsecond stay ordered).
pub(crate) fn stamp(before: &Complaint, at: DateTime<Utc>) -> DateTime<Utc> {
    let s = later_than(&before.updated_at, at);
    parse_ts("at", &s).unwrap_or(at)
}

/// Saves `applied.complaint` over `before` and carries out its effects as `actor` at `at`
/// (already [`stamp`]ed), auditing the change as `audit_action`. Returns the saved complaint.
pub(crate) async fn carry_out(
    tx: &mut Tx<'_>,
    actor: &Actor,
    before: &Complaint,
    applied: Applied,
    at: DateTime<Utc>,
    audit_action: &str,
) -> Result<Complaint, StoreError> {
    let mut c = applied.complaint;
    let ts = fmt_ts(at);
    c.updated_at = ts.clone();
    save(tx, &mut c, &before.updated_at).await?;
    crate::health::queue_recompute(tx, &c.customer_id).await?;
    for effect in &applied.effects {
        match effect {
            Effect::History {
                action,
                from,
                to,
                note,
                by_system,
            } => {
                let who = if *by_system {
                    "system"
                } else {
                    actor.label.as_str()
                };
                insert_event(tx, &c.id, &ts, who, action, *from, *to, note.as_deref()).await?;
            }
            Effect::Notify { message, note } => {
                notify_customer(tx, &c, *message, &ts, note.as_deref(), &actor.id).await?;
            }
            Effect::Task(t) => {
                task(tx, &c, t).await?;
            }
            Effect::StaffSla {
                target,
                percent,
                breach,
            } => {
                staff_email(tx, &c, *target, *percent, *breach).await?;
            }
            Effect::ScheduleSatisfaction => timers::schedule_satisfaction(tx, &c).await?,
            Effect::StatusChanged { from, to } => {
                let mut data = crate::events::complaint_data(&c);
                data["from"] = json!(from);
                data["to"] = json!(to);
                let seq = format!("{}:{ts}", to.as_str());
                crate::events::emit(tx, EventType::ComplaintStatusChanged, &c.id, &seq, data)
                    .await?;
            }
            Effect::SlaBreached { target, due_at } => {
                let mut data = crate::events::complaint_data(&c);
                data["timer"] = json!(target.as_str());
                data["due_at"] = json!(due_at.map(fmt_ts));
                let seq = format!("{}:{ts}", target.as_str());
                crate::events::emit(tx, EventType::ComplaintSlaBreached, &c.id, &seq, data).await?;
            }
        }
    }
    timers::schedule_sla(tx, &c, at).await?;
    audit::append(
        tx,
        actor,
        audit_action,
        "complaint",
        &c.id,
        &json!(before),
        &json!(c),
    )
    .await?;
    Ok(c)
}

/// A staff task about `c`; its words come from the kind and the parameters.
async fn task(tx: &mut Tx<'_>, c: &Complaint, t: &Task) -> Result<(), StoreError> {
    let args = json!({
        "target": t.target.map(Target::as_str),
        "percent": t.percent,
        "level": t.level,
    });
    tasks::create(
        tx,
        &NewTask {
            kind: t.kind.as_str(),
            title: c.subject.clone(),
            args,
            customer_id: Some(&c.customer_id),
            owner_id: if t.for_owner {
                c.owner_id.as_deref()
            } else {
                None
            },
            source_kind: "complaint",
            source_id: &c.id,
            due_at: fmt_ts(t.due_at),
        },
    )
    .await?;
    Ok(())
}

/// E-mails staff about an SLA checkpoint (outbox, class service, in each recipient's
/// `users.language`, English when unset): the owner on a warning; the owner and every active
/// manager on a breach. Internal mail: no customer on the message, so no consent rules and
/// nothing on the customer's delivery log. Key `complaint:{id}:{target}-{warning|breach}:{user}`.
async fn staff_email(
    tx: &mut Tx<'_>,
    c: &Complaint,
    target: Target,
    percent: i64,
    breach: bool,
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
    if breach {
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
    let kind = if breach { "breach" } else { "warning" };
    let target = target.as_str();
    for (uid, email, name, language) in rows {
        let m = NewMessage::email(
            format!("complaint:{}:{target}-{kind}:{uid}", c.id),
            &email,
            language.as_deref().unwrap_or("en"),
            MessageClass::Service,
            &format!("complaint.sla-{kind}"),
            &format!("complaint-staff-sla-{kind}"),
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
