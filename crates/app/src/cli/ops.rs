//! Operator commands: migrate, users, tokens, audit verification.

use crate::admin::password;
use crate::kernel::config::Config;
use anyhow::{Context, bail};
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

async fn open(config: &Config) -> anyhow::Result<Store> {
    Store::connect(&config.database_url)
        .await
        .context("opening the database")
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

/// `carewell audit verify`: exit 0 when the chain holds, 2 when it is broken.
pub async fn audit_verify(config: &Config) -> anyhow::Result<ExitCode> {
    match open(config).await?.verify_audit().await? {
        Ok(n) => {
            println!("audit chain intact: {n} entries verified");
            Ok(ExitCode::SUCCESS)
        }
        Err(b) => {
            eprintln!("audit chain BROKEN at entry {}: {}", b.seq, b.reason);
            Ok(ExitCode::from(2))
        }
    }
}
