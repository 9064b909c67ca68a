//! The few places where SQLite and PostgreSQL need different SQL, each named.

use crate::{Engine, StoreError, Tx};

/// Serialises audit-chain appends across processes. SQLite already has one writer at a time;
/// PostgreSQL takes a transaction-scoped advisory lock.
pub async fn lock_audit_chain(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    if tx.engine() == Engine::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7160001)")
            .execute(&mut *tx.tx)
            .await?;
    }
    Ok(())
}

/// The row-locking clause for queue claims: PostgreSQL skips rows another claimer holds;
/// SQLite has one writer at a time, so the claim statement is already exclusive.
pub fn skip_locked(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    }
}

/// The row-locking clause for a read-modify-write of counters: PostgreSQL locks the rows until
/// the transaction ends; SQLite has one writer at a time, so the write transaction already is.
pub fn for_update(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => " FOR UPDATE",
        Engine::Sqlite => "",
    }
}
