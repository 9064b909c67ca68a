//! The SLA sweep: finds open complaints whose first-response or resolution clock crossed the
//! 75 % warning point or the target, records it once per crossing, notifies the owner (a task),
//! and on a breach escalates and puts a task in the managers' queue. Safe to run as often as
//! wanted (every crossing is remembered in `sla_notified`), by a job or by hand.

use super::{effects, load};
use crate::{Actor, Store, StoreError};
use carewell_domain::complaint::record::Effect;
use carewell_domain::complaint::sla::Policy;
use chrono::{DateTime, Utc};
use serde::Serialize;
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

pub use carewell_domain::complaint::record::Checkpoint;

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
        let Some(policy) = policies.iter().find(|p| p.severity == before.severity) else {
            return Ok((0, 0));
        };
        let Some(applied) = before.sla_tick(policy, now) else {
            return Ok((0, 0));
        };
        let (mut warnings, mut breaches) = (0, 0);
        for e in &applied.effects {
            match e {
                Effect::SlaBreached { .. } => breaches += 1,
                Effect::StaffSla { breach: false, .. } => warnings += 1,
                _ => {}
            }
        }
        let at = effects::stamp(&before, now);
        effects::carry_out(
            &mut tx,
            &Actor::system(),
            &before,
            applied,
            at,
            "complaint.sla",
        )
        .await?;
        tx.commit().await?;
        Ok((warnings, breaches))
    }
}
