//! Demo departure care: three weekly scoring runs (calibration ending two weeks ago, a week
//! ago and today), so the care list is ordered by value at risk, each customer page shows its
//! churn risk with reasons and a P(alive) sparkline, and the model page shows the fit with its
//! holdout validation. Runs on a fresh demo only.

use carewell_domain::retention::RunRequest;
use carewell_store::{Actor, Store};
use chrono::{Duration, Utc};

/// Runs the three scoring runs; returns how many customers the last one scored.
pub async fn seed(store: &Store) -> anyhow::Result<i64> {
    let settings = store.retention_settings().await?;
    let today = Utc::now().date_naive();
    let mut scored = 0;
    for weeks in [2, 1, 0] {
        let end = today - Duration::weeks(weeks);
        let options = RunRequest {
            calibration_end: Some(end.to_string()),
            ..RunRequest::default()
        }
        .options(&settings, today)
        .map_err(|e| anyhow::anyhow!("demo run options: {e:?}"))?;
        let run = store.create_run(&Actor::cli(), &options).await?;
        let done = crate::retention::run::run_now(store, &run.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo run {} vanished", run.id))?;
        if done.status != "done" {
            anyhow::bail!(
                "demo scoring run failed: {}",
                done.error.unwrap_or_default()
            );
        }
        scored = done.scored.unwrap_or(0);
    }
    Ok(scored)
}
