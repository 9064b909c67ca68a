//! Logging with `tracing` to stderr; `RUST_LOG` overrides the default level. Colours only when
//! stderr is a terminal (a file or a pipe gets plain text); `CAREWELL_LOG_FORMAT=json` writes
//! one JSON object per line for log collectors.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Installs the log subscriber (stderr).
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("CAREWELL_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().with_ansi(false).try_init()
    } else {
        builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init()
    };
}
