//! Durable timers of a complaint, as jobs written in the same transaction as the change that
//! sets them:
//!
//! - [`SlaCheck`]: one job per SLA checkpoint (75 % warning and breach of the first-response
//!   and resolution targets), unique key `complaint:{id}:{target}-{warning|breach}`. Re-set
//!   whenever the clock changes (intake, every transition — pause, resume, reopen — and a policy
//!   change); the handler recomputes from the current state, so a stale timer does nothing.
//! - [`SatisfactionQuestion`]: the satisfaction question to the customer, due [`FOLLOW_UP_DAYS`] after
//!   the resolution (the same day as the owner's follow-up task), unique key
//!   `complaint:{id}:satisfaction:{resolved_at}`. Recording the follow-up sends it earlier; the
//!   message key is per resolution, so the customer is asked once either way.
//! - [`SlaSweep`]: the periodic sweep over every open complaint, a fallback so that nothing is
//!   missed (a timer lost to a dead job, a policy edited by hand in the database).

use super::{Complaint, FOLLOW_UP_DAYS, load, notify_customer};
use crate::jobs::JobPayload;
pub use crate::jobs::kinds::{SatisfactionQuestion, SlaCheck, SlaSweep};
use crate::{Actor, Store, StoreError, Tx, audit, now};
use carewell_domain::complaint::Severity;
use carewell_domain::complaint::sla::Policy;
use carewell_domain::complaint::workflow::{CustomerMessage, Status};
use carewell_domain::time::parse_ts;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// The SLA policy of `severity`, read in the caller's transaction.
pub(crate) async fn policy_in(tx: &mut Tx<'_>, severity: Severity) -> Result<Policy, StoreError> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT first_response_minutes, resolution_minutes, calendar FROM sla_policies WHERE severity = $1",
    )
    .bind(severity.as_str())
    .fetch_optional(&mut *tx.tx)
    .await?;
    Ok(match row {
        Some((fr, res, cal)) => Policy {
            severity,
            first_response_minutes: fr,
            resolution_minutes: res,
            calendar: serde_json::from_str(&cal)?,
        },
        None => Policy::default_for(severity),
    })
}

/// (Re)sets the SLA timers of `c` as of `now`, in the caller's transaction. Returns how many
/// timers are now queued.
pub(crate) async fn schedule_sla(
    tx: &mut Tx<'_>,
    c: &Complaint,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    if c.status == Status::Closed {
        return Ok(0);
    }
    let policy = policy_in(tx, c.severity).await?;
    let mut n = 0;
    for cp in c.checkpoints(&policy, now) {
        let job = SlaCheck {
            complaint_id: c.id.clone(),
            checkpoint: cp.key,
        };
        if job.schedule(tx, cp.at).await? {
            n += 1;
        }
    }
    Ok(n)
}

/// Sets the satisfaction-question timer of a just resolved complaint.
pub(crate) async fn schedule_satisfaction(
    tx: &mut Tx<'_>,
    c: &Complaint,
) -> Result<(), StoreError> {
    let Some(resolved) = c.resolved_at.as_deref() else {
        return Ok(());
    };
    let at = parse_ts("resolved_at", resolved).map_err(|e| StoreError::Corrupt(e.to_string()))?
        + Duration::days(FOLLOW_UP_DAYS);
    let job = SatisfactionQuestion {
        complaint_id: c.id.clone(),
        resolved_at: resolved.to_string(),
    };
    job.schedule(tx, at).await?;
    Ok(())
}

/// Re-sets the SLA timers and the stored deadline of every open complaint of `severity` (its
/// policy changed).
pub(crate) async fn reschedule_severity(
    tx: &mut Tx<'_>,
    severity: Severity,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let ids: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM complaints WHERE severity = $1 AND status <> 'closed'")
            .bind(severity.as_str())
            .fetch_all(&mut *tx.tx)
            .await?;
    for (id,) in ids {
        let mut c = load(tx, &id).await?;
        super::store_sla_due(tx, &mut c).await?;
        schedule_sla(tx, &c, now).await?;
    }
    Ok(())
}

impl Store {
    /// The satisfaction timer fired: asks the customer (outbox, class service) unless the
    /// complaint was reopened or re-resolved meanwhile (`resolved_at` differs), is not resolved,
    /// was already answered, or the question already went out with the follow-up. Returns whether
    /// a message was queued.
    pub async fn send_satisfaction_question(
        &self,
        id: &str,
        resolved_at: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let c = match load(&mut tx, id).await {
            Ok(c) => c,
            Err(StoreError::NotFound(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        if c.resolved_at.as_deref() != Some(resolved_at)
            || !matches!(c.status, Status::Resolved | Status::FollowedUp)
            || c.satisfaction_score.is_some()
        {
            return Ok(false);
        }
        let at = now();
        let queued =
            notify_customer(&mut tx, &c, CustomerMessage::Satisfaction, &at, None, "").await?;
        if queued {
            audit::append(
                &mut tx,
                &Actor::system(),
                "complaint.satisfaction-question",
                "complaint",
                id,
                &json!(null),
                &json!({"message": CustomerMessage::Satisfaction.template(), "resolved_at": resolved_at}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(queued)
    }
}
