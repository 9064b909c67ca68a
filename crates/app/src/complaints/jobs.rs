//! The complaint jobs (listed once in `app::jobs::standard_registry`):
//!
//! - `complaint.sla-check` — one SLA checkpoint of one complaint fell due: warn the owner (a
//!   task and an e-mail), or on a breach escalate, record the miss and tell the owner and the
//!   managers (tasks and e-mails). Recomputed from the current state, so a timer made stale by a
//!   pause, a resolution or a closure does nothing.
//! - `complaint.satisfaction` — the follow-up day came: ask the customer the satisfaction
//!   question (link to the public satisfaction page) unless it was already asked or answered.
//! - `complaints.sla_sweep` — every minute, the sweep over every open complaint (the fallback;
//!   its finished jobs older than a day are pruned).
//!
//! The timers are set by the store in the same transaction as the change
//! (`carewell_store::complaints::timers`).

use crate::jobs::{Job, JobContext};
use carewell_store::complaints::sweep::SweepOutcome;
use carewell_store::complaints::timers::{SatisfactionQuestion, SlaCheck, SlaSweep};
use carewell_store::jobs::JobPayload;
use carewell_store::{Store, StoreError, jobs};
use chrono::{DateTime, Duration, Utc};

/// Seconds between periodic sweeps.
pub const SWEEP_PERIOD_SECS: i64 = 60;

impl Job for SlaCheck {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let out = ctx.store.sla_check(&self.complaint_id, Utc::now()).await?;
        if out.warnings + out.breaches > 0 {
            tracing::info!(complaint = %self.complaint_id, warnings = out.warnings, breaches = out.breaches, "SLA checkpoint");
        }
        Ok(())
    }
}

impl Job for SatisfactionQuestion {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        ctx.store
            .send_satisfaction_question(&self.complaint_id, &self.resolved_at)
            .await?;
        Ok(())
    }
}

impl Job for SlaSweep {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let now = Utc::now();
        let out = sweep(&ctx.store, now).await?;
        if out.warnings + out.breaches > 0 {
            tracing::info!(
                checked = out.checked,
                warnings = out.warnings,
                breaches = out.breaches,
                "SLA sweep"
            );
        }
        jobs::prune_done(&ctx.store, Self::KIND, now - Duration::days(1)).await?;
        Ok(())
    }
}

/// Raises SLA warnings (75 %) and handles breaches (event, escalation, tasks for the owner and
/// the managers' queue) for every open complaint, as of `now`. Idempotent.
pub async fn sweep(store: &Store, now: DateTime<Utc>) -> Result<SweepOutcome, StoreError> {
    store.sla_sweep(now).await
}
