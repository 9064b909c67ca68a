//! `surveys.relationship-nps` — the daily survey run: first the surveys "N days into a stage"
//! (`carewell_store::surveys::stage`: to the customers who crossed a rule's mark that day),
//! then the quarterly relationship NPS, a wave of which goes out when the setting is on and the
//! last wave is 90 days old (see `carewell_store::surveys::RelationshipNps`). Listed once in
//! `app::jobs::standard_registry`.

use crate::jobs::{Job, JobContext};
use carewell_store::surveys::RelationshipNps;
use chrono::Utc;

/// Seconds between the checks.
pub const PERIOD_SECS: i64 = 24 * 60 * 60;

impl Job for RelationshipNps {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let now = Utc::now();
        let stage = ctx.store.survey_stage_run(now.date_naive(), now).await?;
        if stage.surveys > 0 {
            tracing::info!(
                surveys = stage.surveys,
                sent = stage.sent,
                throttled = stage.throttled,
                skipped = stage.skipped,
                "stage surveys sent"
            );
        }
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
