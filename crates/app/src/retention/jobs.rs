//! `predictions.run` — execute one queued run — and `predictions.daily` — the hourly check that
//! starts the scheduled run once the settings' daily time has passed. Listed once in
//! `app::jobs::standard_registry`.

use crate::jobs::{Job, JobContext};
use carewell_domain::Refusal;
use carewell_domain::retention::RunRequest;
use carewell_store::predictions::{PredictionDaily, PredictionRun};
use carewell_store::{Actor, StoreError};
use chrono::Utc;

/// Seconds between the checks of the daily run.
pub const PERIOD_SECS: i64 = 60 * 60;

impl Job for PredictionRun {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        if let Some(r) = crate::retention::run::run_now(&ctx.store, &self.run_id).await? {
            tracing::info!(
                run = r.id,
                status = r.status,
                ms = r.duration_ms,
                "prediction run finished"
            );
        }
        Ok(())
    }
}

impl Job for PredictionDaily {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let now = Utc::now();
        if !ctx.store.daily_run_due(now).await? {
            return Ok(());
        }
        let settings = ctx.store.retention_settings().await?;
        let options = RunRequest::default()
            .options(&settings, now.date_naive())
            .map_err(StoreError::from)?;
        match ctx.store.create_run(&Actor::system(), &options).await {
            Ok(r) => tracing::info!(run = r.id, "daily prediction run queued"),
            Err(StoreError::Refused(Refusal::RunInProgress { id })) => {
                tracing::info!(run = id, "daily prediction run skipped: one is in progress");
            }
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }
}
