//! `carewell demo`: a database full of realistic sample data (the command line then serves it).
//!
//! Creates `carewell-demo.db` when no database is given, an admin and a small staff (manager,
//! agents, compliance, viewer), and — only when the database has no customers yet — a
//! deterministic data set of `--customers N` customers in English (UK/US/IE), Chinese (CN)
//! and Estonian (EE) with two years of purchases, contracts, interactions and usage.

pub mod cadence;
pub mod client_fit;
pub mod complaints;
pub mod health;
pub mod history;
pub mod offboarding;
pub mod people;
pub mod retention;
pub mod seed;
pub mod segments;
pub mod surveys;
pub mod today;

use crate::admin::password;
use crate::kernel::config::Config;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::{Actor, Store};
use std::time::Instant;

/// Password of every demo login.
pub const PASSWORD: &str = "carewell-demo";

/// The demo staff: (e-mail, name, role).
pub const STAFF: [(&str, &str, Role); 7] = [
    ("admin@carewell.test", "Demo Admin", Role::Admin),
    ("manager@carewell.test", "Helen Carter", Role::Manager),
    ("agent.en@carewell.test", "Tom Walsh", Role::Agent),
    ("agent.zh@carewell.test", "李娜", Role::Agent),
    ("agent.et@carewell.test", "Kadri Saar", Role::Agent),
    ("compliance@carewell.test", "Priya Shah", Role::Compliance),
    ("viewer@carewell.test", "Sam Reader", Role::Viewer),
];

/// Creates the staff users that are missing; returns their ids by e-mail (in [`STAFF`] order).
async fn staff(store: &Store) -> anyhow::Result<Vec<String>> {
    let hash = password::hash(PASSWORD)?;
    let mut ids = Vec::new();
    for (email, name, role) in STAFF {
        let id = match store.user_for_login(email).await? {
            Some((u, _)) => u.id,
            None => {
                store
                    .create_user(&Actor::cli(), &Email::parse(email)?, name, role, &hash)
                    .await?
                    .id
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

/// The login banner printed (and shown by `serve`).
pub fn banner() -> String {
    let mut s = format!("Demo logins (password {PASSWORD}):");
    for (email, name, role) in STAFF {
        s.push_str(&format!("\n  {:<26} {:<11} {name}", email, role.as_str()));
    }
    s.push_str(&format!(
        "\nSign in as admin@carewell.test with password {PASSWORD}"
    ));
    s
}

/// The demo's audit key: the configured one, else the one kept in `<database>.audit-key` beside
/// a SQLite database (`carewell-demo.audit-key` otherwise), generated on the first run and said
/// so. A real deployment sets `audit_key` itself.
fn demo_audit_key(config: &mut Config) -> anyhow::Result<()> {
    if !config.audit_key.trim().is_empty() {
        return Ok(());
    }
    let db = &config.database_url;
    let path = if db.starts_with("postgres") {
        "carewell-demo.audit-key".to_string()
    } else {
        let file = db
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let file = file.split('?').next().unwrap_or(file);
        format!("{}.audit-key", file.trim_end_matches(".db"))
    };
    let existing = |path: &str| -> anyhow::Result<String> {
        let key = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("reading the demo audit key {path}: {e}"))?;
        Ok(key.trim().to_string())
    };
    if std::path::Path::new(&path).exists() {
        config.audit_key = existing(&path)?;
    } else {
        use rand::RngCore;
        let mut b = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut b);
        let key: String = b.iter().map(|x| format!("{x:02x}")).collect();
        // Written aside, then linked into place: never a half-written key, never one replaced
        // (another process that got there first wins, and its key is used).
        let tmp = format!("{path}.{}", uuid::Uuid::new_v4().simple());
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        std::io::Write::write_all(&mut opts.open(&tmp)?, key.as_bytes())?;
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => {
                println!(
                    "Generated an audit MAC key into {path} (demo only: set audit_key or \
                     CAREWELL_AUDIT_KEY in a real deployment, outside the database)"
                );
                config.audit_key = key;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                config.audit_key = existing(&path)?;
            }
            Err(e) => anyhow::bail!("writing the demo audit key {path}: {e}"),
        }
    }
    if config.audit_checkpoint_file == Config::default().audit_checkpoint_file {
        config.audit_checkpoint_file = path.replace(".audit-key", ".audit-checkpoints");
    }
    Ok(())
}

/// Opens the demo database and seeds it (if empty); returns the open store, the configuration
/// to serve it with (the demo database, links on this server) and the login banner.
pub async fn seed(mut config: Config, customers: usize) -> anyhow::Result<(Store, Config, String)> {
    if config.database_url == Config::default().database_url {
        config.database_url = "carewell-demo.db".into();
    }
    // Links shown on staff pages and written into e-mails point at this server when only
    // --bind was given (not at the default port).
    if config.base_url == Config::default().base_url
        && config.bind != Config::default().bind
        && !config.bind.starts_with("0.0.0.0")
        && !config.bind.starts_with("[::]")
    {
        config.base_url = format!("http://{}", config.bind);
    }
    demo_audit_key(&mut config)?;
    let store = config.open_store().await?;
    let ids = staff(&store).await?;
    let fresh = store.count_customers().await? == 0 && customers > 0;
    if fresh {
        let t = Instant::now();
        let owners = seed::Owners {
            manager: ids[1].clone(),
            agents: [ids[2].clone(), ids[3].clone(), ids[4].clone()],
        };
        let s = seed::seed(&store, customers, &owners).await?;
        println!(
            "Seeded {} customers, {} transactions, {} contracts, {} interactions, {} usage events in {:.1} s",
            s.customers,
            s.transactions,
            s.contracts,
            s.interactions,
            s.usage,
            t.elapsed().as_secs_f64()
        );
    }
    if customers > 0 {
        let n = complaints::seed(&store, &ids).await?;
        if n > 0 && config.smtp_host.trim().is_empty() {
            println!(
                "Seeded {n} complaints (customer e-mail waits in the outbox: no SMTP in the demo)"
            );
        } else if n > 0 {
            println!(
                "Seeded {n} complaints (customer e-mail goes to {})",
                config.smtp_host
            );
        }
    }
    if fresh && customers > 0 {
        // The demo shop's cost to serve: a short call or e-mail and a complaint handled in
        // under an hour (the defaults, 20 and 90 minutes, suit a larger B2B desk and make most
        // small consumer customers look unprofitable).
        let mut cost = store.client_fit_settings().await?;
        cost.minutes_per_interaction = 5;
        cost.minutes_per_complaint = 30;
        store
            .set_client_fit_settings(&carewell_store::Actor::cli(), &cost)
            .await?;
    }
    if customers > 0 {
        let n = client_fit::seed(&store, &ids).await?;
        if n > 0 {
            println!("Made {n} client-fit part-ways candidates (see /client-fit)");
        }
    }
    if fresh {
        today::owners(&store, &ids).await?;
    }
    cadence::seed(&store, &ids).await?;
    if customers > 0 && surveys::seed(&store, &ids).await? > 0 {
        println!("Sent demo surveys with answers (see /surveys)");
    }
    if fresh {
        let n = offboarding::seed(&store, &ids, &config).await?;
        if n > 0 {
            println!("Opened {n} offboarding cases (see /offboarding)");
        }
    }
    let n = segments::seed(&store, &ids).await?;
    if n > 0 {
        println!("Saved {n} demo segments (see /segments)");
    }
    if fresh {
        let n = health::seed(&store, &ids).await?;
        println!("Scored the health of {n} customers, with four weeks of history");
        today::finish(&store, &ids).await?;
        let n = retention::seed(&store).await?;
        println!("Scored the churn risk of {n} customers in three weekly runs (see /retention)");
    }
    Ok((store, config, banner()))
}
