//! `surveys.relationship-nps` — the quarterly relationship NPS: checked daily, a wave goes out
//! when the setting is on and the last wave is 90 days old (see
//! `carewell_store::surveys::RelationshipNps`). Listed once in `app::jobs::standard_registry`.

use crate::jobs::{Job, JobContext};
use carewell_store::surveys::RelationshipNps;
use chrono::Utc;

/// Seconds between the checks.
pub const PERIOD_SECS: i64 = 24 * 60 * 60;

impl Job for RelationshipNps {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        if let Some(r) = ctx.store.relationship_nps(Utc::now()).await? {
            tracing::info!(
                survey = r.survey.id,
                sent = r.sent,
                throttled = r.throttled,
                skipped = r.skipped,
                "relationship NPS sent"
            );
        }
        Ok(())
    }
}
