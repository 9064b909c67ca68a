//! `carewell worker`.

use super::serve::shutdown;
use crate::app::jobs::{runner, standard_registry};
use crate::kernel::config::Config;
use anyhow::Context;
use carewell_store::Store;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs jobs and delivers messages until Ctrl-C / SIGTERM.
pub async fn worker(config: Config) -> anyhow::Result<ExitCode> {
    let store = Store::connect(&config.database_url)
        .await
        .context("opening the database")?;
    let runner = runner(store.clone(), Arc::new(config), standard_registry())?;
    println!("Carewell worker running");
    runner.run_until(shutdown()).await;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
