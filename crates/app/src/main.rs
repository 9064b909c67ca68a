//! The `carewell` binary: server, worker and operator commands.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    carewell::app::telemetry::init();
    let cli = carewell::cli::Cli::parse();
    match carewell::cli::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", carewell::cli::explain(&e));
            std::process::ExitCode::FAILURE
        }
    }
}
