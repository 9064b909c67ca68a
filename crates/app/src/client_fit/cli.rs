//! `carewell client-fit list | show`: the client-fit review from the server's shell.

use crate::kernel::config::Config;
use carewell_domain::client_fit::Recommendation;
use carewell_store::Clearance;
use chrono::Utc;
use clap::Subcommand;
use std::process::ExitCode;

/// `carewell client-fit …`
#[derive(Debug, Subcommand)]
pub enum FitCommand {
    /// Customers ranked by client fit, most problems first.
    List {
        /// Only this recommendation: keep, watch or part-ways.
        #[arg(long)]
        recommendation: Option<String>,
        /// Most rows to print.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON (every row, all fields).
        #[arg(long)]
        json: bool,
    },
    /// One customer's review: the seven reasons with evidence, likelihood, recommendation.
    Show {
        /// Customer id.
        customer: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `client-fit` subcommand.
pub async fn run(config: &Config, cmd: FitCommand) -> anyhow::Result<ExitCode> {
    let store = config.open_store().await?;
    match cmd {
        FitCommand::List {
            recommendation,
            limit,
            json,
        } => {
            let rec = recommendation
                .as_deref()
                .map(Recommendation::parse)
                .transpose()?;
            let rows: Vec<_> = store
                .client_fit_list(Clearance::SYSTEM, Utc::now())
                .await?
                .into_iter()
                .filter(|r| rec.is_none_or(|x| r.recommendation == x))
                .take(limit)
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{:<36}  {:>8}  {:>6}  {:<10}  {:<9}  {:<24}  reasons",
                "customer", "problems", "weight", "likelihood", "recommend", "name"
            );
            for r in rows {
                let reasons: Vec<String> = r
                    .flagged
                    .iter()
                    .map(|f| format!("{}({})", f.reason, f.level))
                    .collect();
                println!(
                    "{:<36}  {:>8}  {:>6}  {:<10}  {:<9}  {:<24}  {}",
                    r.customer_id,
                    r.problems,
                    r.weight,
                    r.likelihood.as_str(),
                    r.recommendation.as_str(),
                    r.name.chars().take(24).collect::<String>(),
                    reasons.join(", ")
                );
            }
        }
        FitCommand::Show { customer, json } => {
            let r = match store
                .client_fit_review(Clearance::SYSTEM, &customer, Utc::now())
                .await
            {
                Ok(r) => r,
                Err(carewell_store::StoreError::NotFound(_)) => {
                    eprintln!("no customer with id {customer}");
                    return Ok(ExitCode::FAILURE);
                }
                Err(e) => return Err(e.into()),
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(ExitCode::SUCCESS);
            }
            let a = &r.assessment;
            println!("{} ({})", r.name, r.customer_id);
            println!(
                "recommendation: {}   problems: {}   serious: {}   weight: {}",
                a.recommendation, a.problems, a.serious, a.weight
            );
            println!(
                "likelihood of change: {} (suggested {}{})",
                a.likelihood,
                a.suggested_likelihood,
                a.reviewer_likelihood
                    .map(|l| format!(", reviewer {l}"))
                    .unwrap_or_default()
            );
            for x in &a.reasons {
                let ev: Vec<String> = x
                    .evidence
                    .iter()
                    .map(|e| format!("{}={}", e.key, e.value))
                    .collect();
                println!(
                    "  {:<20} {:<8} {:<13} {}",
                    x.reason.as_str(),
                    x.level.as_str(),
                    x.source.as_str(),
                    ev.join("  ")
                );
            }
            for d in r.decisions.iter().take(5) {
                println!(
                    "decision {} by {} at {}: {}{}",
                    d.decision,
                    d.reviewer,
                    d.created_at,
                    d.reason,
                    d.offboarding_case_id
                        .as_deref()
                        .map(|c| format!(" (offboarding case {c})"))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
