//! Carewell storage: one code path for SQLite and PostgreSQL.
//!
//! Every query is written once in portable SQL with `$1`-style placeholders and run through
//! sqlx's `Any` driver. Ids are UUIDv7 text, times fixed-width RFC 3339 UTC text, money integer
//! minor units. The few dialect differences are named functions in [`dialect`].
//! Every mutating method takes an [`Actor`] and appends to the audit chain in the same
//! transaction as the change.

pub mod activity;
pub mod audit;
pub mod cadence;
mod checks;
pub mod clearance;
pub mod client_fit;
pub mod complaints;
pub mod contacts;
pub mod customers;
mod data_steps;
pub mod dialect;
pub mod error;
pub mod events;
pub mod export;
pub mod health;
pub mod idempotency;
pub mod import;
pub mod inbound_poll;
pub mod interactions;
pub mod jobs;
pub mod ledger;
pub mod links;
pub mod offboarding;
pub mod outbox;
pub mod predictions;
pub mod search;
pub mod seed;
pub mod segments;
pub mod sql;
pub mod surveys;
pub mod tasks;
pub mod timeline;
pub mod today;
pub mod users;
pub mod webhooks;

pub use clearance::{Clearance, OrRestricted};
pub use error::StoreError;

use chrono::Utc;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

/// Which database engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// Who made a change; recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// A user id, or `system` / `cli`.
    pub id: String,
    /// A readable label (the user's e-mail).
    pub label: String,
}

impl Actor {
    /// The background system (jobs, schedulers).
    pub fn system() -> Self {
        Self {
            id: "system".into(),
            label: "system".into(),
        }
    }

    /// The command-line tool run by an operator on the server.
    pub fn cli() -> Self {
        Self {
            id: "cli".into(),
            label: "cli".into(),
        }
    }
}

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    /// SQLite allows one writer: writes in this process queue here instead of failing busy.
    write_lock: Arc<Mutex<()>>,
    /// The key of the audit MACs, if configured (see [`Store::with_audit_key`]).
    audit_key: Option<Arc<carewell_domain::audit_anchor::AuditKey>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("engine", &self.engine)
            .field("audit_key", &self.audit_key.is_some())
            .finish()
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Turns a user-facing database URL into one sqlx understands: a bare path or `sqlite:path`
/// becomes a SQLite file created if missing.
pub fn normalise_url(url: &str) -> (Engine, String) {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return (Engine::Postgres, url.to_string());
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = if path.contains("mode=") {
        format!("sqlite://{path}")
    } else {
        format!("sqlite://{path}{sep}mode=rwc")
    };
    (Engine::Sqlite, url)
}

impl Store {
    /// Connects, and applies any pending migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let store = Self::connect_without_migrating(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without touching the schema.
    pub async fn connect_without_migrating(url: &str) -> Result<Self, StoreError> {
        install_default_drivers();
        let (engine, url) = normalise_url(url);
        let mut opts = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 4 } else { 10 })
            .acquire_timeout(Duration::from_secs(30));
        if engine == Engine::Sqlite {
            opts = opts.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;")
                        .await?;
                    Ok(())
                })
            });
        }
        let pool = opts.connect(&url).await.map_err(StoreError::connect)?;
        Ok(Self {
            pool,
            engine,
            write_lock: Arc::new(Mutex::new(())),
            audit_key: None,
        })
    }

    /// This store, writing a MAC under `key` with every audit entry and checking them in
    /// [`Store::verify_audit`] (see [`carewell_domain::audit_anchor`]). Every process that
    /// writes to the database needs the same key.
    pub fn with_audit_key(mut self, key: carewell_domain::audit_anchor::AuditKey) -> Self {
        self.audit_key = Some(Arc::new(key));
        self
    }

    /// The audit MAC key, if configured.
    pub fn audit_key(&self) -> Option<&carewell_domain::audit_anchor::AuditKey> {
        self.audit_key.as_deref()
    }

    /// Applies pending migrations for this engine.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let m = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        m.run(&self.pool)
            .await
            .map_err(|e| StoreError::Migrate(e.to_string()))?;
        data_steps::run(self).await
    }

    /// Runs the Rust data migrations not yet done (part of [`Store::migrate`]; public for the
    /// tests that replay one).
    pub async fn run_data_steps(&self) -> Result<(), StoreError> {
        data_steps::run(self).await
    }

    /// The engine in use.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The pool, for read queries.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Starts a write transaction. On SQLite, writers in this process take turns, and the
    /// transaction takes the database's write lock when it begins (`BEGIN IMMEDIATE`): a write
    /// outside it (a token's last use, another process) then waits for it (`busy_timeout`)
    /// instead of making the snapshot it read stale, which SQLite refuses at once ("database is
    /// locked") when the transaction later writes.
    pub async fn begin(&self) -> Result<Tx<'_>, StoreError> {
        let (guard, tx) = match self.engine {
            Engine::Sqlite => (
                Some(self.write_lock.lock().await),
                self.pool.begin_with("BEGIN IMMEDIATE").await?,
            ),
            Engine::Postgres => (None, self.pool.begin().await?),
        };
        Ok(Tx {
            tx,
            engine: self.engine,
            audit_key: self.audit_key.clone(),
            _guard: guard,
        })
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A write transaction: the domain change and its audit entries commit together or not at all.
/// Its connection is the store's own: callers outside this crate compose store functions that
/// take `&mut Tx`, never raw SQL.
pub struct Tx<'a> {
    /// The underlying transaction.
    pub(crate) tx: Transaction<'static, Any>,
    engine: Engine,
    audit_key: Option<Arc<carewell_domain::audit_anchor::AuditKey>>,
    _guard: Option<MutexGuard<'a, ()>>,
}

impl Tx<'_> {
    /// Commits everything written in this transaction.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }

    /// The engine in use.
    pub fn engine(&self) -> Engine {
        self.engine
    }
}

/// A new time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now, formatted for storage.
pub fn now() -> String {
    carewell_domain::time::fmt_ts(Utc::now())
}

/// One page of results.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    /// The rows on this page.
    pub items: Vec<T>,
    /// How many rows match in all (for customer searches at most
    /// [`search::query::CAP`]; see `capped`).
    pub total: i64,
    /// More rows match than `total` says (a count stopped at its cap: shown as "1,000+").
    pub capped: bool,
    /// Page size asked for.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
    /// The cursor of the next page, for lists paged by cursor (absent on the last page).
    pub next: Option<String>,
}
