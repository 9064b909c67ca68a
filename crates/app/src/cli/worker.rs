//! `carewell worker`.

use super::serve::shutdown;
use crate::app::jobs::{runner, standard_registry};
use crate::kernel::config::Config;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs jobs and delivers messages until Ctrl-C / SIGTERM.
pub async fn worker(config: Config) -> anyhow::Result<ExitCode> {
    let store = config.open_store().await?;
    let runner = runner(store.clone(), Arc::new(config), standard_registry())?;
    println!("Carewell worker running");
    runner.run_until(shutdown()).await;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
