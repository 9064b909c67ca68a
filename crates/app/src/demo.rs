//! `carewell demo`: a database full of realistic sample data, served at once.
//! (Being built out: customers in en / zh-CN / et with transactions, contracts, interactions.)

use crate::auth::password;
use crate::config::Config;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use std::process::ExitCode;

/// Seeds (if empty) and serves the demo.
pub async fn run(mut config: Config, _customers: usize, serve: bool) -> anyhow::Result<ExitCode> {
    if config.database_url == Config::default().database_url {
        config.database_url = "carewell-demo.db".into();
    }
    let store = Store::connect(&config.database_url).await?;
    let pw = "carewell-demo";
    if store.user_for_login("admin@carewell.test").await?.is_none() {
        let hash = password::hash(pw).map_err(anyhow::Error::msg)?;
        store
            .create_user(
                &Actor::cli(),
                &Email::parse("admin@carewell.test")?,
                "Demo Admin",
                Role::Admin,
                &hash,
            )
            .await?;
    }
    let banner = format!("Sign in as admin@carewell.test with password {pw}");
    if serve {
        crate::cli::serve_store(store, config, Some(banner)).await
    } else {
        println!("{banner}");
        Ok(ExitCode::SUCCESS)
    }
}
