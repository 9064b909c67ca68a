//! Standalone `carewell-predict fit|score` (the app exposes the same as `carewell predict`).

use clap::Parser;

/// Churn and customer-value models.
#[derive(Parser)]
#[command(name = "carewell-predict", version)]
struct Cli {
    #[command(subcommand)]
    cmd: carewell_predict::cli::PredictCommand,
}

fn main() -> anyhow::Result<()> {
    carewell_predict::cli::run(Cli::parse().cmd)
}
