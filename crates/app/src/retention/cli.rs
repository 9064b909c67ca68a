//! `carewell predict run`: a scoring run from the server's shell, executed in this process
//! (what the daily job does), printing the run as JSON. The model commands of the predict
//! crate (`fit`, `score`, …) sit beside it under `carewell predict`.

use crate::kernel::config::Config;
use carewell_domain::retention::RunRequest;
use carewell_store::{Actor, StoreError};
use clap::Args;
use std::process::ExitCode;

/// `carewell predict run …`
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// `bgnbd` (default: the settings'), `pnbd` or `mbgnbd`.
    #[arg(long)]
    pub model: Option<String>,
    /// `day` or `week`.
    #[arg(long)]
    pub unit: Option<String>,
    /// Last day of the calibration period (`YYYY-MM-DD`; default today).
    #[arg(long)]
    pub calibration_end: Option<String>,
    /// Days held out for validation (0–730).
    #[arg(long)]
    pub holdout_days: Option<i64>,
    /// Horizon of the expected purchases in days.
    #[arg(long)]
    pub horizon_days: Option<i64>,
}

/// Runs `carewell predict run`.
pub async fn run(config: &Config, a: RunArgs) -> anyhow::Result<ExitCode> {
    let store = config.open_store().await?;
    let settings = store.retention_settings().await?;
    let req = RunRequest {
        model: a.model,
        unit: a.unit,
        calibration_end: a.calibration_end,
        holdout_days: a.holdout_days,
        horizon_days: a.horizon_days,
    };
    let options = req
        .options(&settings, chrono::Utc::now().date_naive())
        .map_err(StoreError::from)?;
    let actor = Actor {
        id: "cli".into(),
        label: "cli".into(),
    };
    let run = store.create_run(&actor, &options).await?;
    let done = crate::retention::run::run_now(&store, &run.id).await?;
    let Some(done) = done else {
        anyhow::bail!("run {} was taken by another process", run.id);
    };
    println!("{}", serde_json::to_string_pretty(&done)?);
    Ok(if done.status == "done" {
        ExitCode::SUCCESS
    } else {
        eprintln!("run {} failed: {}", done.id, done.error.unwrap_or_default());
        ExitCode::from(1)
    })
}
