//! Logging with `tracing`; `RUST_LOG` overrides the default level.

use tracing_subscriber::EnvFilter;

/// Installs the log subscriber (stderr).
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
