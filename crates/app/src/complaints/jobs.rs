//! The complaint job handlers, registered by [`super::register_jobs`]:
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

use crate::jobs::JobContext;
use anyhow::Context;
use carewell_store::complaints::sweep::SweepOutcome;
use carewell_store::complaints::timers::SLA_SWEEP;
use carewell_store::{Store, StoreError, jobs};
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

/// Seconds between periodic sweeps.
pub const SWEEP_PERIOD_SECS: i64 = 60;

fn complaint_id(payload: &Value) -> anyhow::Result<&str> {
    payload["complaint_id"]
        .as_str()
        .context("payload without complaint_id")
}

/// `complaint.sla-check`.
pub async fn sla_check(ctx: JobContext, payload: Value) -> anyhow::Result<()> {
    let id = complaint_id(&payload)?;
    let out = ctx.store.sla_check(id, Utc::now()).await?;
    if out.warnings + out.breaches > 0 {
        tracing::info!(complaint = %id, warnings = out.warnings, breaches = out.breaches, "SLA checkpoint");
    }
    Ok(())
}

/// `complaint.satisfaction`.
pub async fn satisfaction(ctx: JobContext, payload: Value) -> anyhow::Result<()> {
    let id = complaint_id(&payload)?;
    let resolved = payload["resolved_at"]
        .as_str()
        .context("payload without resolved_at")?;
    ctx.store.send_satisfaction_question(id, resolved).await?;
    Ok(())
}

/// `complaints.sla_sweep`.
pub async fn sla_sweep(ctx: JobContext, _payload: Value) -> anyhow::Result<()> {
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
    jobs::prune_done(&ctx.store, SLA_SWEEP, now - Duration::days(1)).await?;
    Ok(())
}

/// Raises SLA warnings (75 %) and handles breaches (event, escalation, tasks for the owner and
/// the managers' queue) for every open complaint, as of `now`. Idempotent.
pub async fn sweep(store: &Store, now: DateTime<Utc>) -> Result<SweepOutcome, StoreError> {
    store.sla_sweep(now).await
}
