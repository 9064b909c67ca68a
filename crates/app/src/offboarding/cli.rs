//! `carewell offboarding open | show | list | erase-due | report | rules | set-notice-rule |
//! set-retention-rule`: offboarding from the
//! server's shell (as the `cli` actor, audited like any change).

use crate::kernel::config::Config;
use carewell_domain::offboarding::notice::Timeline;
use carewell_domain::offboarding::{Initiator, Reason};
use carewell_store::Clearance;
use carewell_store::offboarding::{CaseQuery, NewCase};
use carewell_store::{Actor, Store};
use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use std::process::ExitCode;

/// Arguments of `carewell offboarding open`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Customer id.
    pub customer_id: String,
    /// One of: trivial-complaints, staff-abuse, no-more-business, no-referrals,
    /// unprofitable, unethical-requests, mission-fit, policy-change, compliance,
    /// product-sunset, customer-request.
    #[arg(long)]
    pub reason: String,
    /// company (default) or customer.
    #[arg(long, default_value = "company")]
    pub initiator: String,
    /// More on the reason (internal).
    #[arg(long)]
    pub note: Option<String>,
    /// The customer's contract type (e.g. payment-account).
    #[arg(long, default_value = "default")]
    pub contract_type: String,
    /// Notice date (YYYY-MM-DD); with it give all five dates.
    #[arg(long)]
    pub notice_date: Option<String>,
    /// Last day of service.
    #[arg(long)]
    pub service_end: Option<String>,
    /// Last day of support.
    #[arg(long)]
    pub support_end: Option<String>,
    /// Last day of the data-export window.
    #[arg(long)]
    pub export_until: Option<String>,
    /// Deletion date.
    #[arg(long)]
    pub deletion_date: Option<String>,
    /// Legal basis of a notice shorter than the minimum.
    #[arg(long)]
    pub exception_basis: Option<String>,
}

/// `carewell offboarding …`
#[derive(Debug, Subcommand)]
pub enum OffboardingCommand {
    /// Open a case. Without dates, a plan is suggested from today under the customer's
    /// minimum notice; a shorter notice needs `--exception-basis`.
    Open(Box<OpenArgs>),
    /// Show one case: plan, steps, impact, holds, certificates.
    Show {
        /// Case id.
        id: String,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List cases, newest first.
    List {
        /// A status, `active` (default) or `all`.
        #[arg(long, default_value = "active")]
        status: String,
        /// Most rows to print.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Erase what is due now: closed cases past their deletion date, held records past their
    /// hold (the jobs do this too; this catches up).
    EraseDue,
    /// The minimum-notice and retention rules.
    Rules,
    /// Add or replace a minimum-notice rule (jurisdiction × contract type).
    SetNoticeRule {
        /// A country code, EU, or default.
        #[arg(long)]
        jurisdiction: String,
        /// A contract type, or default.
        #[arg(long, default_value = "default")]
        contract_type: String,
        /// Calendar months of notice.
        #[arg(long, default_value_t = 0)]
        months: i64,
        /// Days of notice (after the months).
        #[arg(long, default_value_t = 0)]
        days: i64,
        /// Where the rule comes from.
        #[arg(long)]
        basis: String,
    },
    /// Add or replace a retention rule (0 days: records are not held).
    SetRetentionRule {
        /// Category name, e.g. financial.
        #[arg(long)]
        category: String,
        /// Tables covered: transactions, contracts, ledger_entries (comma-separated).
        #[arg(long, value_delimiter = ',')]
        tables: Vec<String>,
        /// Days kept after the relationship ends.
        #[arg(long)]
        days: i64,
        /// The law that requires it.
        #[arg(long)]
        legal_basis: String,
    },
    /// Reasons, outcomes, revenue impact and survey answers for a period.
    Report {
        /// First day (YYYY-MM-DD; default a year ago).
        #[arg(long)]
        from: Option<String>,
        /// Last day, included (default today).
        #[arg(long)]
        to: Option<String>,
        /// Print CSV.
        #[arg(long)]
        csv: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

async fn open_store(config: &Config) -> anyhow::Result<Store> {
    config.open_store().await
}

fn date(field: &str, v: &Option<String>) -> anyhow::Result<Option<NaiveDate>> {
    Ok(v.as_deref()
        .map(|s| carewell_domain::time::parse_date(field, s))
        .transpose()?)
}

/// Runs an `offboarding` subcommand.
pub async fn run(config: &Config, cmd: OffboardingCommand) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    let actor = Actor::cli();
    match cmd {
        OffboardingCommand::Open(a) => {
            let OpenArgs {
                customer_id,
                reason,
                initiator,
                note,
                contract_type,
                notice_date,
                service_end,
                support_end,
                export_until,
                deletion_date,
                exception_basis,
            } = *a;
            let dates = [
                date("notice_date", &notice_date)?,
                date("service_end", &service_end)?,
                date("support_end", &support_end)?,
                date("export_until", &export_until)?,
                date("deletion_date", &deletion_date)?,
            ];
            let timeline = match dates {
                [None, None, None, None, None] => None,
                [Some(a), Some(b), Some(c), Some(d), Some(e)] => Some(Timeline {
                    notice_date: a,
                    service_end: b,
                    support_end: c,
                    export_until: d,
                    deletion_date: e,
                }),
                _ => anyhow::bail!(
                    "give all five dates (--notice-date --service-end --support-end --export-until --deletion-date) or none"
                ),
            };
            let c = store
                .open_offboarding(
                    &actor,
                    &NewCase {
                        customer_id,
                        initiator: Initiator::parse(&initiator)?,
                        reason: Reason::parse(&reason)?,
                        reason_note: note,
                        situations: Vec::new(),
                        contract_type,
                        timeline,
                        exception_basis,
                    },
                )
                .await?;
            println!("opened {}", c.id);
            print_case(&c);
        }
        OffboardingCommand::Show { id, json } => {
            let c = store.offboarding_case(Clearance::SYSTEM, &id).await?;
            if json {
                let v = serde_json::json!({
                    "case": c,
                    "steps": store.offboarding_steps(Clearance::SYSTEM, &id).await?,
                    "impact": store.offboarding_impact(Clearance::SYSTEM, &id).await?,
                    "holds": store.offboarding_holds(&id).await?,
                    "certificates": store.offboarding_certificates(&id).await?,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
                return Ok(ExitCode::SUCCESS);
            }
            print_case(&c);
            println!("steps:");
            for s in store.offboarding_steps(Clearance::SYSTEM, &id).await? {
                println!("  {}  {:<14} {}", &s.at[..19], s.step, s.actor);
            }
            let impact = store.offboarding_impact(Clearance::SYSTEM, &id).await?;
            for b in &impact.balances {
                println!("balance: {} {}", b.amount, b.currency);
            }
            for b in &impact.revenue_12m {
                println!("revenue (12 months): {} {}", b.amount, b.currency);
            }
            println!(
                "open contracts: {}  open complaints: {}  goodwill entries: {}",
                impact.open_contracts.len(),
                impact.open_complaints,
                impact.goodwill.len()
            );
            for h in store.offboarding_holds(&id).await? {
                println!(
                    "hold: {} until {} ({}){}",
                    h.table_list().join(", "),
                    h.held_until,
                    h.legal_basis,
                    if h.released_at.is_some() {
                        " — ended"
                    } else {
                        ""
                    }
                );
            }
            for cert in store.offboarding_certificates(&id).await? {
                println!(
                    "certificate {} {} {} sha256:{}{}",
                    cert.id,
                    cert.kind,
                    cert.issued_at,
                    cert.hash,
                    if cert.verified {
                        ""
                    } else {
                        " (HASH MISMATCH)"
                    }
                );
            }
        }
        OffboardingCommand::List { status, limit } => {
            let q = CaseQuery {
                status: (status != "all").then_some(status),
                ..CaseQuery::default()
            };
            let page = store
                .offboarding_cases(Clearance::SYSTEM, &q, limit, 0)
                .await?;
            println!(
                "{:<36}  {:<10}  {:<20}  {:<8}  {:<10}  customer",
                "id", "status", "reason", "by", "service end"
            );
            for c in &page.items {
                println!(
                    "{:<36}  {:<10}  {:<20}  {:<8}  {:<10}  {}",
                    c.id,
                    c.status.as_str(),
                    c.reason.as_str(),
                    c.initiator.as_str(),
                    c.timeline.service_end,
                    c.customer_name.chars().take(30).collect::<String>()
                );
            }
            println!("{} of {}", page.items.len(), page.total);
        }
        OffboardingCommand::EraseDue => {
            let certs = store.offboarding_erase_due(&actor, Utc::now()).await?;
            for c in &certs {
                let rows: i64 = c.body.erased.iter().map(|e| e.rows).sum();
                println!(
                    "{} case {}: {rows} rows erased, {} tables kept (certificate {})",
                    c.kind,
                    c.case_id,
                    c.body.kept.len(),
                    c.id
                );
            }
            println!("{} certificate(s) issued", certs.len());
        }
        OffboardingCommand::Rules => {
            println!("minimum notice (jurisdiction × contract type):");
            for r in store.notice_rules().await? {
                println!(
                    "  {:<8} {:<18} {:<18} {}",
                    r.jurisdiction,
                    r.contract_type,
                    super::view::period(&crate::web::i18n::Tr::default(), &r),
                    r.basis
                );
            }
            println!("retention after the relationship ends:");
            for r in store.retention_rules().await? {
                println!(
                    "  {:<10} {} days  {}  ({})",
                    r.category,
                    r.keep_days,
                    r.tables.join(", "),
                    r.legal_basis
                );
            }
        }
        OffboardingCommand::SetNoticeRule {
            jurisdiction,
            contract_type,
            months,
            days,
            basis,
        } => {
            let r = carewell_domain::offboarding::notice::NoticeRule::new(
                &jurisdiction,
                &contract_type,
                months,
                days,
                &basis,
            )?;
            store.set_notice_rule(&actor, &r).await?;
            println!(
                "{} × {}: {}",
                r.jurisdiction,
                r.contract_type,
                super::view::period(&crate::web::i18n::Tr::default(), &r)
            );
        }
        OffboardingCommand::SetRetentionRule {
            category,
            tables,
            days,
            legal_basis,
        } => {
            let r = carewell_domain::offboarding::retention::RetentionRule::new(
                &category,
                tables,
                days,
                &legal_basis,
            )?;
            store.set_retention_rule(&actor, &r).await?;
            println!("{}: {} days", r.category, r.keep_days);
        }
        OffboardingCommand::Report {
            from,
            to,
            csv,
            json,
        } => {
            let (from, to) = crate::offboarding::api::report::Period { from, to }.dates()?;
            let r = store
                .offboarding_report(Clearance::SYSTEM, from, to)
                .await?;
            if csv {
                print!("{}", r.to_csv());
            } else if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("offboarding {} – {}: {} case(s)", r.from, r.to, r.cases);
                for x in &r.by_reason {
                    println!("  {:<20} {:<8} {}", x.reason, x.initiator, x.cases);
                }
                for x in &r.by_outcome {
                    println!("  outcome {:<12} {}", x.status, x.cases);
                }
                for t in &r.revenue_impact {
                    println!("  revenue leaving (12 months): {} {}", t.amount, t.currency);
                }
                println!(
                    "  exit surveys: {} (average rating {})",
                    r.survey.answers,
                    r.survey
                        .average_rating
                        .map(|a| format!("{a:.1}"))
                        .unwrap_or_else(|| "-".into())
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_case(c: &carewell_store::offboarding::OffboardingCase) {
    let t = &c.timeline;
    println!(
        "{} [{}]  customer {} ({})\nreason: {} (by {})",
        c.id,
        c.status.as_str(),
        c.customer_name,
        c.customer_id,
        c.reason.as_str(),
        c.initiator.as_str()
    );
    println!(
        "notice {}  service end {}  support end {}  export until {}  deletion {}",
        t.notice_date, t.service_end, t.support_end, t.export_until, t.deletion_date
    );
    println!(
        "minimum notice: {} × {} = {} ({}); earliest service end {}{}",
        c.notice.rule.jurisdiction,
        c.notice.rule.contract_type,
        super::view::period(&crate::web::i18n::Tr::default(), &c.notice.rule),
        c.notice.rule.basis,
        c.notice.earliest_service_end,
        match &c.exception_basis {
            Some(b) => format!("; EXCEPTION: {b}"),
            None => String::new(),
        }
    );
}
