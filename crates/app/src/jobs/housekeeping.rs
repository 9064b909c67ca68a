//! `housekeeping.prune`, daily: finished jobs older than `job_retention_days` are deleted and
//! sent, dead or dropped messages older than `message_content_retention_days` lose their
//! content (the row, its delivery log and its idempotency key stay), so the queue tables do
//! not grow without bound (`carewell_store::jobs::housekeeping`, audited with its counts).

use crate::jobs::{Job, JobContext};
use carewell_store::jobs::{self, kinds::Housekeeping};
use chrono::{Duration, Utc};

/// Seconds between runs.
pub const PERIOD_SECS: i64 = 24 * 60 * 60;

impl Job for Housekeeping {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let now = Utc::now();
        let days = ctx.config.message_content_retention_days;
        let out = jobs::housekeeping(
            &ctx.store,
            now - Duration::days(i64::from(ctx.config.job_retention_days)),
            (days > 0).then(|| now - Duration::days(i64::from(days))),
        )
        .await?;
        if out.jobs + out.messages > 0 {
            tracing::info!(
                jobs_deleted = out.jobs,
                messages_pruned = out.messages,
                "housekeeping"
            );
        }
        Ok(())
    }
}
