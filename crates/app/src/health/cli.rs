//! `carewell health run | show`: recompute health scores from the server's shell (what the
//! daily job does), or print one customer's.

use crate::kernel::config::Config;
use carewell_store::Clearance;
use chrono::Utc;
use clap::Subcommand;
use std::process::ExitCode;

/// `carewell health …`
#[derive(Debug, Subcommand)]
pub enum HealthCommand {
    /// Recompute the health of every customer (or only of `--customer`), now.
    Run {
        /// Only this customer (repeatable).
        #[arg(long)]
        customer: Vec<String>,
    },
    /// One customer's score, band and signals as JSON (explanations in English).
    Show {
        /// Customer id.
        customer: String,
    },
}

/// Runs a `health` subcommand.
pub async fn run(config: &Config, cmd: HealthCommand) -> anyhow::Result<ExitCode> {
    let store = config.open_store().await?;
    match cmd {
        HealthCommand::Run { customer } => {
            let started = std::time::Instant::now();
            let out = if customer.is_empty() {
                store.recompute_health_all(Utc::now()).await?
            } else {
                store.recompute_health(&customer, Utc::now()).await?
            };
            println!(
                "{} customers scored, {} history rows written in {:.1} s",
                out.scored,
                out.history,
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        HealthCommand::Show { customer } => {
            match store
                .customer_health(Clearance::SYSTEM, &customer, Utc::now())
                .await?
            {
                Some(r) => {
                    let tr = crate::web::i18n::Tr::for_tag("en");
                    let body = crate::health::view::HealthBody::new(&tr, r);
                    println!("{}", serde_json::to_string_pretty(&body)?);
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("no health score: the customer has departed");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
