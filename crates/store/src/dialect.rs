//! The few places where SQLite and PostgreSQL need different SQL, each named.

use crate::search::text::{Needle, glob_contains, like_contains};
use crate::sql::Sql;
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

/// An exact sum of a BIGINT expression that cannot overflow in the database (SQLite's `SUM`
/// fails the whole query on overflow; PostgreSQL's fails the cast): two columns, the sums of
/// the quotient and the remainder by 10^6. Join them with [`join_sum`].
pub fn split_sum(expr: &str) -> String {
    format!("CAST(SUM(({expr}) / 1000000) AS BIGINT), CAST(SUM(({expr}) % 1000000) AS BIGINT)")
}

/// The sum from the two columns of [`split_sum`]; `None` when it does not fit in 64 bits
/// (never a wrap).
pub fn join_sum(hi: i64, lo: i64) -> Option<i64> {
    i64::try_from(i128::from(hi) * 1_000_000 + i128::from(lo)).ok()
}

/// [`join_sum`] for rankings and lists: one customer's impossible sum saturates instead of
/// failing everyone's list.
pub fn join_sum_saturating(hi: i64, lo: i64) -> i64 {
    join_sum(hi, lo).unwrap_or(if hi < 0 { i64::MIN } else { i64::MAX })
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

/// The column that names a `customer_search` row most cheaply, which the search's candidate
/// lookups return: on SQLite the integer primary key `rid`, so each candidate is then read by
/// rowid instead of through the unique index on `customer_id` (that second lookup was half the
/// time of a common name's search at 1,000,000 customers); on PostgreSQL the primary key
/// `customer_id`.
pub fn search_row_key(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "rid",
        Engine::Postgres => "customer_id",
    }
}

/// The FROM items of a substring search over customers' search documents, with the
/// `customer_search` row as `x`: SQLite reads its FTS5 `trigram` table (an external-content
/// index over `customer_search`, kept in step by triggers, which serves the `GLOB` of
/// [`trigram_match`]), PostgreSQL the table itself (its `pg_trgm` GIN index serves the `LIKE`).
pub fn trigram_source(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => {
            "customer_search_fts JOIN customer_search x ON x.rid = customer_search_fts.rowid"
        }
        Engine::Postgres => "customer_search x",
    }
}

/// The condition "the document contains the needle's pattern" over [`trigram_source`]: a
/// `GLOB` on the FTS5 column (FTS5 narrows by trigrams, SQLite checks each row) or a `LIKE`
/// (the GIN index narrows, PostgreSQL rechecks); both with every wildcard character escaped.
pub fn trigram_match(q: &mut Sql, engine: Engine, needle: &Needle) {
    match engine {
        Engine::Sqlite => {
            q.push("customer_search_fts.doc GLOB ")
                .bind_text(glob_contains(&needle.pattern));
        }
        Engine::Postgres => {
            q.push("x.doc LIKE ")
                .bind_text(like_contains(&needle.pattern))
                .push(" ESCAPE '\\'");
        }
    }
}

/// ` <haystack> contains <needle>` as a case-sensitive substring test (no pattern characters):
/// `instr` on SQLite, `strpos` on PostgreSQL.
pub fn text_contains(q: &mut Sql, engine: Engine, haystack: &str, needle: &str) {
    let f = match engine {
        Engine::Sqlite => "instr",
        Engine::Postgres => "strpos",
    };
    q.push(&format!("{f}({haystack}, "))
        .bind_text(needle)
        .push(") > 0");
}
