//! Operator commands: migrate, users, tokens, audit verification.

use crate::admin::password;
use crate::kernel::config::Config;
use anyhow::bail;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

async fn open(config: &Config) -> anyhow::Result<Store> {
    config.open_store().await
}

/// `carewell migrate`
pub async fn migrate(config: &Config) -> anyhow::Result<ExitCode> {
    open(config).await?;
    println!("database is up to date");
    Ok(ExitCode::SUCCESS)
}

fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!(
            "password (at least {} characters, shown as you type): ",
            password::MIN_LEN
        );
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// `carewell user add --email E --role R` (password from stdin)
pub async fn user_add(
    config: &Config,
    email: &str,
    role: &str,
    name: Option<String>,
) -> anyhow::Result<ExitCode> {
    let email = Email::parse(email)?;
    let role = Role::parse(role)?;
    let pw = read_password()?;
    let hash = password::hash(&pw)?;
    let name = name.unwrap_or_else(|| {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_string()
    });
    let store = open(config).await?;
    let u = store
        .create_user(&Actor::cli(), &email, &name, role, &hash)
        .await?;
    println!("added {} ({}) with id {}", u.email, u.role, u.id);
    Ok(ExitCode::SUCCESS)
}

/// `carewell user list`
pub async fn user_list(config: &Config) -> anyhow::Result<ExitCode> {
    for u in open(config).await?.users().await? {
        println!(
            "{}\t{}\t{}\t{}",
            u.email,
            u.role,
            if u.active { "active" } else { "disabled" },
            u.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `carewell token create --email E --name N`
pub async fn token_create(config: &Config, email: &str, name: &str) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    let Some((user, _)) = store.user_for_login(email).await? else {
        bail!("no user with e-mail {email}");
    };
    let name = carewell_domain::customer::parse_label("name", name)?;
    let token = store
        .create_api_token(&Actor::cli(), &user.id, &name)
        .await?;
    eprintln!(
        "API token for {} ({}); it is shown only this once:",
        user.email, user.role
    );
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}

/// `carewell audit verify`: the hash chain, every entry's MAC (with `audit_key`) and the chain
/// against each line of the checkpoint file; one line per problem. Exit 0 when it all holds, 2
/// when anything is wrong.
pub async fn audit_verify(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    let path = std::path::Path::new(&config.audit_checkpoint_file);
    let v = crate::audit::anchor::verify(&store, path).await?;
    for w in &v.warnings {
        eprintln!("warning: {w}");
    }
    if v.intact() {
        println!(
            "audit chain intact: {} entries verified, {} checkpoints matched",
            v.entries, v.checkpoints
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(b) = &v.broken {
        eprintln!("audit chain BROKEN at entry {}: {}", b.seq, b.reason);
    }
    for p in &v.problems {
        eprintln!("audit chain BROKEN: {p}");
    }
    Ok(ExitCode::from(2))
}

/// `carewell audit checkpoint`: signs the head into the checkpoint file now (the running
/// service does it every hour).
pub async fn audit_checkpoint(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    if store.audit_key().is_none() {
        bail!("audit_key is not set (CAREWELL_AUDIT_KEY): checkpoints are signed with it");
    }
    let path = std::path::Path::new(&config.audit_checkpoint_file);
    match crate::audit::anchor::write_checkpoint(&store, path, chrono::Utc::now()).await? {
        Some(cp) => println!(
            "checkpoint of entry {} ({}) added to {}",
            cp.seq,
            cp.hash,
            path.display()
        ),
        None => println!("the audit log is empty: nothing to checkpoint"),
    }
    Ok(ExitCode::SUCCESS)
}
