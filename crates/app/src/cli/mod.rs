//! The command line: `carewell serve | migrate | demo | user | token | import | export | audit | predict`.

mod ops;
mod serve;
mod worker;

use crate::kernel::config::Config;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use carewell_domain::{DomainError, Refusal};
use carewell_store::StoreError;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Carewell: customer care for the hard moments.
#[derive(Debug, Parser)]
#[command(name = "carewell", version, about)]
pub struct Cli {
    /// Database URL (SQLite path or postgres://…); overrides CAREWELL_DATABASE_URL.
    #[arg(long, global = true)]
    pub database: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web UI and API.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080.
        #[arg(long)]
        bind: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Create a demo database with sample data and serve it.
    Demo {
        /// Address to listen on.
        #[arg(long)]
        bind: Option<String>,
        /// Only create the data, do not serve.
        #[arg(long)]
        no_serve: bool,
        /// Number of sample customers.
        #[arg(long, default_value_t = 300)]
        customers: usize,
    },
    /// Manage staff users.
    User {
        /// What to do with users.
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        /// What to do with tokens.
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Import a CSV file: nothing is written unless every row is valid.
    Import {
        /// customers, transactions, contracts or interactions.
        #[arg(value_parser = ["customers", "transactions", "contracts", "interactions"])]
        kind: String,
        /// The CSV file (header row required).
        file: PathBuf,
    },
    /// Export records to CSV.
    Export {
        /// What to export.
        #[arg(value_parser = ["customers"])]
        kind: String,
        /// Output file.
        file: PathBuf,
    },
    /// The audit log.
    Audit {
        /// What to do.
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Complaints: list, show, report, SLA sweep.
    Complaints {
        /// What to do.
        #[command(subcommand)]
        command: crate::complaints::cli::ComplaintsCommand,
    },
    /// Offboarding: open, show, list, erase what is due, report.
    Offboarding {
        /// What to do.
        #[command(subcommand)]
        command: crate::offboarding::cli::OffboardingCommand,
    },
    /// Client-fit review: customers ranked by problems, one customer's review.
    ClientFit {
        /// What to do.
        #[command(subcommand)]
        command: crate::client_fit::cli::FitCommand,
    },
    /// Contact cadence and care moments: run them now, print the settings.
    Cadence {
        /// What to do.
        #[command(subcommand)]
        command: crate::cadence::cli::CadenceCommand,
    },
    /// Customer health: recompute scores now, show one customer's.
    Health {
        /// What to do.
        #[command(subcommand)]
        command: crate::health::cli::HealthCommand,
    },
    /// Run background jobs and deliver outbound messages (without serving HTTP).
    Worker,
    /// Fit churn and customer-value models and score customers (BG/NBD, Pareto/NBD, …).
    Predict {
        #[command(subcommand)]
        command: PredictCli,
    },
}

/// `carewell predict …`: a scoring run on the database, beside the predict crate's model
/// commands on files.
#[derive(Debug, Subcommand)]
pub enum PredictCli {
    /// Score every customer now (what the daily job does): fit the models on the database's
    /// transactions, write the predictions, print the run as JSON.
    Run(crate::retention::cli::RunArgs),
    /// The model commands on files.
    #[command(flatten)]
    Model(carewell_predict::cli::PredictCommand),
}

/// `carewell user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input.
    Add {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// admin, manager, agent, compliance or viewer.
        #[arg(long)]
        role: String,
        /// Display name (default: the e-mail's local part).
        #[arg(long)]
        name: Option<String>,
    },
    /// List users.
    List,
}

/// `carewell token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it once.
    Create {
        /// The user's e-mail.
        #[arg(long)]
        email: String,
        /// A name for the token (what it is for).
        #[arg(long)]
        name: String,
    },
}

/// `carewell audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain, the MACs (with `audit_key`) and the chain against the checkpoint
    /// file; one line per problem, exit 2 if anything is wrong.
    Verify,
    /// Sign the chain's head into the checkpoint file now (`serve` does it every hour).
    Checkpoint,
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut config = Config::load()?;
    carewell_domain::money::set_entry_limits(&config.max_entry_amounts)
        .map_err(|e| anyhow::anyhow!("configuration: max_entry_amounts: {e}"))?;
    for cur in config
        .large_amounts
        .keys()
        .map(|k| if k.trim() == "*" { "EUR" } else { k.as_str() })
    {
        let c = carewell_domain::money::Currency::parse(cur)
            .map_err(|e| anyhow::anyhow!("configuration: large_amounts: {e}"))?;
        carewell_domain::money::large_amount(&config.large_amounts, c)
            .map_err(|e| anyhow::anyhow!("configuration: large_amounts: {e}"))?;
    }
    if let Some(db) = cli.database {
        config.database_url = db;
    }
    match cli.command {
        Command::Serve { bind } => {
            if let Some(b) = bind {
                config.bind = b;
            }
            serve::serve(config).await
        }
        Command::Migrate => ops::migrate(&config).await,
        Command::Worker => worker::worker(config).await,
        Command::Demo {
            bind,
            no_serve,
            customers,
        } => {
            if let Some(b) = bind {
                config.bind = b;
            }
            let (store, config, banner) = crate::demo::seed(config, customers).await?;
            if no_serve {
                println!("{banner}");
                Ok(ExitCode::SUCCESS)
            } else {
                serve::serve_store(store, config, Some(banner)).await
            }
        }
        Command::User {
            command: UserCommand::Add { email, role, name },
        } => ops::user_add(&config, &email, &role, name).await,
        Command::User {
            command: UserCommand::List,
        } => ops::user_list(&config).await,
        Command::Token {
            command: TokenCommand::Create { email, name },
        } => ops::token_create(&config, &email, &name).await,
        Command::Import { kind, file } => crate::transfer::cli_import(&config, &kind, &file).await,
        Command::Export { kind, file } => crate::transfer::cli_export(&config, &kind, &file).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => ops::audit_verify(&config).await,
        Command::Audit {
            command: AuditCommand::Checkpoint,
        } => ops::audit_checkpoint(&config).await,
        Command::Complaints { command } => crate::complaints::cli::run(&config, command).await,
        Command::Offboarding { command } => crate::offboarding::cli::run(&config, command).await,
        Command::ClientFit { command } => crate::client_fit::cli::run(&config, command).await,
        Command::Cadence { command } => crate::cadence::cli::run(&config, command).await,
        Command::Health { command } => crate::health::cli::run(&config, command).await,
        Command::Predict {
            command: PredictCli::Run(a),
        } => crate::retention::cli::run(&config, a).await,
        Command::Predict {
            command: PredictCli::Model(command),
        } => {
            tokio::task::spawn_blocking(move || carewell_predict::cli::run(command)).await??;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The one line an operator reads when a command fails: typed refusals and invalid values in
/// the same words as the UI (English), after the context each step added.
pub fn explain(e: &anyhow::Error) -> String {
    let tr = Tr::default();
    let mut parts = Vec::new();
    for cause in e.chain() {
        let typed = if let Some(s) = cause.downcast_ref::<StoreError>() {
            AppError::from_store(s)
        } else if let Some(a) = cause.downcast_ref::<AppError>() {
            Some(a.clone())
        } else if let Some(d) = cause.downcast_ref::<DomainError>() {
            Some(AppError::Invalid(vec![d.clone()]))
        } else {
            cause
                .downcast_ref::<Refusal>()
                .map(|r| AppError::Refused(r.clone()))
        };
        match typed {
            Some(a) => {
                parts.push(a.message(&tr));
                break;
            }
            None => parts.push(cause.to_string()),
        }
    }
    parts.join(": ")
}
