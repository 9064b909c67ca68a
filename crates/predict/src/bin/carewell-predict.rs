//! Standalone `carewell-predict fit|score` (the app exposes the same as `carewell predict`).

use std::process::ExitCode;

use clap::Parser;

/// Churn and customer-value models.
#[derive(Parser)]
#[command(name = "carewell-predict", version)]
struct Cli {
    #[command(subcommand)]
    cmd: carewell_predict::cli::PredictCommand,
}

fn main() -> ExitCode {
    match carewell_predict::cli::run(Cli::parse().cmd) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed stdout (e.g. `| head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
