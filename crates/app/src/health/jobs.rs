//! `health.daily` — recompute every customer's health (daily, as the windows move on, and at
//! once after the settings change) — and `health.recompute` — one customer's, queued by the
//! events that move it. Listed once in `app::jobs::standard_registry`.

use crate::jobs::{Job, JobContext};
use carewell_store::health::{HealthDaily, HealthRecompute};
use chrono::Utc;

/// Seconds between the periodic full runs.
pub const PERIOD_SECS: i64 = 24 * 60 * 60;

impl Job for HealthDaily {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let out = ctx.store.recompute_health_all(Utc::now()).await?;
        tracing::info!(
            customers = out.scored,
            history = out.history,
            seconds = started.elapsed().as_secs_f64(),
            "health recomputed"
        );
        Ok(())
    }
}

impl Job for HealthRecompute {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        ctx.store
            .recompute_health(&[self.customer_id], Utc::now())
            .await?;
        Ok(())
    }
}
