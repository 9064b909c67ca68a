//! CSV import and export (being built).

use crate::config::Config;
use std::path::Path;
use std::process::ExitCode;

/// `carewell import KIND FILE`
pub async fn cli_import(_config: &Config, _kind: &str, _file: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("import is not built yet")
}

/// `carewell export KIND FILE`
pub async fn cli_export(_config: &Config, _kind: &str, _file: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("export is not built yet")
}
