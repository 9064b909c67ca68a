//! `client_fit.refresh` — rescore the client-fit ranking for every customer
//! (`carewell_store::client_fit::ranking`): daily, as the counting windows move on, and at
//! once when the list finds more changed customers than it rescores inline (a bulk load,
//! changed cost settings). Listed once in `app::jobs::standard_registry`.

use crate::jobs::{Job, JobContext};
use carewell_store::jobs::kinds::ClientFitRefresh;
use chrono::Utc;

/// Seconds between the periodic full runs.
pub const PERIOD_SECS: i64 = 24 * 60 * 60;

impl Job for ClientFitRefresh {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let scored = ctx.store.rescore_client_fit(Utc::now()).await?;
        tracing::info!(
            customers = scored,
            seconds = started.elapsed().as_secs_f64(),
            "client-fit ranking rescored"
        );
        Ok(())
    }
}
