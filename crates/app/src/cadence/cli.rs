//! `carewell cadence run | settings`: the cadence run and its settings from the server's shell.

use crate::kernel::config::Config;
use chrono::{NaiveDate, Utc};
use clap::Subcommand;
use std::process::ExitCode;

/// `carewell cadence …`
#[derive(Debug, Subcommand)]
pub enum CadenceCommand {
    /// Give forgotten customers' owners their contact-due tasks and mark today's care moments
    /// (what the daily job does; safe to repeat).
    Run {
        /// The day to run for (`YYYY-MM-DD`, UTC); today by default. Care moments always use
        /// the current time.
        #[arg(long)]
        date: Option<String>,
    },
    /// Print the cadence and care-moment settings as JSON.
    Settings,
}

/// Runs a `cadence` subcommand.
pub async fn run(config: &Config, cmd: CadenceCommand) -> anyhow::Result<ExitCode> {
    let store = config.open_store().await?;
    match cmd {
        CadenceCommand::Run { date } => {
            let today = match date.as_deref() {
                Some(d) => match NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d") {
                    Ok(d) => d,
                    Err(_) => {
                        eprintln!("--date must be YYYY-MM-DD, not {d:?}");
                        return Ok(ExitCode::FAILURE);
                    }
                },
                None => Utc::now().date_naive(),
            };
            let started = std::time::Instant::now();
            let contact = carewell_store::cadence::contact_due_run(&store, today).await?;
            let care =
                carewell_store::cadence::care_moments_run(&store, Utc::now(), &config.timezone)
                    .await?;
            println!(
                "contact-due tasks: {} created, {} closed; care moments: {} tasks, {} messages ({:.1} s)",
                contact.created,
                contact.closed,
                care.tasks,
                care.messages,
                started.elapsed().as_secs_f64()
            );
        }
        CadenceCommand::Settings => {
            println!(
                "{}",
                serde_json::to_string_pretty(&store.cadence_settings().await?)?
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
