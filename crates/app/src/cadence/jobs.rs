//! `cadence.run` — the daily contact-due and care-moment run
//! (`carewell_store::cadence::{contact_due_run, care_moments_run}`). Listed once in
//! `app::jobs::standard_registry`.

use crate::jobs::{Job, JobContext};
use carewell_store::cadence::CadenceRun;
use chrono::Utc;

/// Seconds between the periodic runs (the work is keyed per period and per year, so running
/// more often than daily only picks up changes sooner).
pub const PERIOD_SECS: i64 = 6 * 60 * 60;

impl Job for CadenceRun {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let now = Utc::now();
        let contact =
            carewell_store::cadence::contact_due_run(&ctx.store, now.date_naive()).await?;
        let care = carewell_store::cadence::care_moments_run(&ctx.store, now, &ctx.config.timezone)
            .await?;
        tracing::info!(
            contact_due = contact.created,
            closed = contact.closed,
            care_tasks = care.tasks,
            care_messages = care.messages,
            seconds = started.elapsed().as_secs_f64(),
            "cadence run"
        );
        Ok(())
    }
}
