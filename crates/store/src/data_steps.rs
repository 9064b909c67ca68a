//! Data migrations that SQL alone cannot do on both engines (SQLite has no SHA-256), run in
//! Rust right after the schema migrations. Each runs once, in one transaction with the row in
//! `data_steps` that marks it done: a crash leaves it undone, and a second app server
//! migrating at the same time waits on that row and then skips the step.

use crate::links::{LinkKind, token_hash};
use crate::{Store, StoreError, Tx, now};
use serde_json::Value;

/// Runs every data step not yet done.
pub async fn run(store: &Store) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    if claim(&mut tx, "0010-hash-customer-links").await? {
        hash_customer_links(&mut tx).await?;
    }
    if claim(&mut tx, "0013-customer-search").await? {
        // Migration 0013: index every customer already stored for search.
        crate::search::refresh_all(&mut tx).await?;
    }
    if claim(&mut tx, "0017-complaint-sla-due").await? {
        // Migration 0017: the deadline of every running SLA clock, for the sortable queue.
        crate::complaints::backfill_sla_due(&mut tx).await?;
    }
    tx.commit().await
}

/// Marks `name` done in `tx`; false if it already was.
async fn claim(tx: &mut Tx<'_>, name: &str) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "INSERT INTO data_steps (name, done_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(now())
    .execute(&mut *tx.tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Migration 0010: satisfaction and complaint-form tokens stored raw become their hashes (the
/// links already sent keep working); a raw link in a message's arguments moves to
/// `secret_link` while the message may still be sent, and is removed once it cannot.
async fn hash_customer_links(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    let raw: Vec<(String, String)> = sqlx::query_as("SELECT id, satisfaction_hash FROM complaints")
        .fetch_all(&mut *tx.tx)
        .await?;
    for (id, token) in raw {
        sqlx::query("UPDATE complaints SET satisfaction_hash = $1 WHERE id = $2")
            .bind(token_hash(&token))
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
    }
    let raw: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM complaint_links")
        .fetch_all(&mut *tx.tx)
        .await?;
    for (token,) in raw {
        sqlx::query("UPDATE complaint_links SET token_hash = $1 WHERE token_hash = $2")
            .bind(token_hash(&token))
            .bind(token)
            .execute(&mut *tx.tx)
            .await?;
    }
    let messages: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, idempotency_key, status, args FROM outbox WHERE args LIKE '%/public/%'",
    )
    .fetch_all(&mut *tx.tx)
    .await?;
    for (id, key, status, args) in messages {
        let mut args: Value = serde_json::from_str(&args)?;
        let Some(link) = args
            .as_object_mut()
            .and_then(|a| a.remove("link"))
            .and_then(|l| l.as_str().map(str::to_string))
        else {
            continue;
        };
        let kind = if link.contains("/public/satisfaction/") {
            LinkKind::Satisfaction
        } else {
            LinkKind::Offboarding
        };
        // Keys: `complaint:<id>:…` and `offboarding:<id>:letter`.
        let subject = key.split(':').nth(1).unwrap_or_default();
        let pending = !matches!(status.as_str(), "sent" | "dead" | "dropped");
        sqlx::query(
            "UPDATE outbox SET args = $1, secret_link = $2, link_kind = $3, link_subject = $4 WHERE id = $5",
        )
        .bind(args.to_string())
        .bind(pending.then_some(link))
        .bind(kind.as_str())
        .bind(subject)
        .bind(id)
        .execute(&mut *tx.tx)
        .await?;
    }
    Ok(())
}
