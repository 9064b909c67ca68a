//! `carewell complaints list | show | report | sweep`: complaint work from the server's shell.

use super::api::reports;
use super::view::duration;
use crate::kernel::config::Config;
use carewell_domain::complaint::workflow;
use carewell_domain::ledger::SourceKind;
use carewell_store::complaints::ComplaintQuery;
use carewell_store::{Clearance, Store};
use chrono::Utc;
use clap::Subcommand;
use std::process::ExitCode;

/// `carewell complaints …`
#[derive(Debug, Subcommand)]
pub enum ComplaintsCommand {
    /// List complaints (open ones unless --status is given), newest first.
    List {
        /// A status, `open` (default) or `all`.
        #[arg(long, default_value = "open")]
        status: String,
        /// critical, high, medium or low.
        #[arg(long)]
        severity: Option<String>,
        /// Most rows to print.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Show one complaint: SLA, history, compensation.
    Show {
        /// Complaint id.
        id: String,
    },
    /// The report for a period (default: the last 30 days); `--csv` prints CSV.
    Report {
        /// Start date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// End date, exclusive.
        #[arg(long)]
        to: Option<String>,
        /// Print the per-complaint CSV instead of the summary.
        #[arg(long)]
        csv: bool,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the SLA sweep now (warnings, breaches, escalations).
    Sweep,
}

async fn open(config: &Config) -> anyhow::Result<Store> {
    config.open_store().await
}

/// Runs a `complaints` subcommand.
pub async fn run(config: &Config, cmd: ComplaintsCommand) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    let now = Utc::now();
    match cmd {
        ComplaintsCommand::List {
            status,
            severity,
            limit,
        } => {
            let q = ComplaintQuery {
                status: (status != "all").then_some(status),
                severity: severity
                    .map(|s| carewell_domain::complaint::Severity::parse(&s))
                    .transpose()?,
                ..ComplaintQuery::default()
            };
            let page = store.search_complaints(&q, limit, 0).await?;
            let policies = store.sla_policies().await?;
            println!(
                "{:<36}  {:<8}  {:<19}  {:<7}  {:<24}  subject",
                "id", "severity", "status", "sla", "customer"
            );
            for c in &page.items {
                let sla = policies
                    .iter()
                    .find(|p| p.severity == c.severity)
                    .map(|p| c.sla(p, now).state.as_str())
                    .unwrap_or("-");
                println!(
                    "{:<36}  {:<8}  {:<19}  {:<7}  {:<24}  {}",
                    c.id,
                    c.severity.as_str(),
                    c.status.as_str(),
                    sla,
                    c.customer_name.chars().take(24).collect::<String>(),
                    c.subject
                );
            }
            println!("{} of {}", page.items.len(), page.total);
        }
        ComplaintsCommand::Show { id } => {
            let c = store.complaint(&id).await?;
            let p = store.sla_policy(c.severity).await?;
            let sla = c.sla(&p, now);
            println!("{}  [{}]  {}", c.subject, c.status.as_str(), c.id);
            println!(
                "customer: {} ({})\nseverity: {}  category: {}  channel: {}  escalation: {}",
                c.customer_name,
                c.customer_id,
                c.severity.as_str(),
                c.category.as_str(),
                c.channel.as_str(),
                c.escalation_level
            );
            for (name, t) in [
                ("first response", &sla.first_response),
                ("resolution", &sla.resolution),
            ] {
                println!(
                    "SLA {name}: {}{} — {} of {} ({} %){}",
                    t.state.as_str(),
                    if t.paused { ", paused" } else { "" },
                    duration(t.elapsed_seconds),
                    duration(t.target_seconds),
                    t.percent,
                    t.due_at.map(|d| format!(", due {d}")).unwrap_or_default()
                );
            }
            if let Some(d) = &c.demand {
                println!("demand: {d}");
            }
            println!("next: {}", workflow::allowed(&c.state()).join(", "));
            println!("\n{}\n", c.description);
            for e in store.complaint_events(&id).await? {
                println!(
                    "{}  {:<20} {:<18} → {:<19} {}",
                    e.at,
                    e.actor,
                    e.action,
                    e.to_status,
                    e.note.unwrap_or_default()
                );
            }
            let ledger = store
                .ledger_for_source(Clearance::SYSTEM, SourceKind::Complaint, &id)
                .await?;
            for e in ledger {
                println!(
                    "compensation {}  {} {} {}  [{}]  {}",
                    e.id,
                    e.kind.as_str(),
                    e.amount,
                    e.currency,
                    e.approval.as_str(),
                    e.reason
                );
            }
        }
        ComplaintsCommand::Report {
            from,
            to,
            csv,
            json,
        } => {
            let (from, to) = reports::Period { from, to }.bounds()?;
            if csv {
                print!("{}", reports::csv(&store, &from, &to).await?);
            } else {
                let r = store.complaint_report(&from, &to, now).await?;
                if json {
                    println!("{}", serde_json::to_string_pretty(&r)?);
                } else {
                    print_report(&r);
                }
            }
        }
        ComplaintsCommand::Sweep => {
            let out = super::jobs::sweep(&store, now).await?;
            println!(
                "checked {}, warnings {}, breaches {}",
                out.checked, out.warnings, out.breaches
            );
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn print_report(r: &carewell_store::complaints::report::ComplaintReport) {
    let pct = |p: Option<f64>| p.map(|p| format!("{p:.1} %")).unwrap_or_else(|| "-".into());
    let counts = |v: &[carewell_store::complaints::report::Count]| {
        v.iter()
            .map(|c| format!("{} {}", c.key, c.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("complaints {} – {}: {}", r.from, r.to, r.total);
    println!("by category: {}", counts(&r.by_category));
    println!("by severity: {}", counts(&r.by_severity));
    println!("by status:   {}", counts(&r.by_status));
    println!(
        "SLA met: first response {}, resolution {}, overall {}",
        pct(r.first_response_sla.percent_met),
        pct(r.resolution_sla.percent_met),
        pct(r.overall_sla.percent_met)
    );
    println!(
        "median time to first response {}, to resolution {}",
        r.median_first_response_seconds
            .map(duration)
            .unwrap_or_else(|| "-".into()),
        r.median_resolution_seconds
            .map(duration)
            .unwrap_or_else(|| "-".into())
    );
    println!("root causes: {}", counts(&r.root_causes));
    for x in &r.repeat_complainants {
        println!("repeat: {} ({}) {}", x.name, x.customer_id, x.count);
    }
}
