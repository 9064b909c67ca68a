//! The append-only, hash-chained audit log.

use crate::sql::Sql;
use crate::{Actor, Page, Store, StoreError, Tx, dialect, now};
use carewell_domain::audit::{AuditContent, AuditEntry, ChainBreak, GENESIS, verify_chain};
use serde_json::Value;

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    before_json: String,
    after_json: String,
    prev_hash: String,
    hash: String,
}

impl From<Row> for AuditEntry {
    fn from(r: Row) -> Self {
        AuditEntry {
            content: AuditContent {
                seq: r.seq,
                at: r.at,
                actor: r.actor,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: r.before_json,
                after: r.after_json,
            },
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

const COLS: &str =
    "seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash";

/// Appends one entry in the caller's transaction, linked to the current tail of the chain.
pub async fn append(
    tx: &mut Tx<'_>,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: &Value,
    after: &Value,
) -> Result<(), StoreError> {
    dialect::lock_audit_chain(tx).await?;
    let tail: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx.tx)
            .await?;
    let (last_seq, prev_hash) = tail.unwrap_or((0, GENESIS.to_string()));
    let content = AuditContent {
        seq: last_seq + 1,
        at: now(),
        actor: actor.label.clone(),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        before: before.to_string(),
        after: after.to_string(),
    };
    let hash = content.hash(&prev_hash);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(content.seq)
    .bind(&content.at)
    .bind(&content.actor)
    .bind(&content.action)
    .bind(&content.entity)
    .bind(&content.entity_id)
    .bind(&content.before)
    .bind(&content.after)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

/// Filters for reading the log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Only entries about this kind of entity.
    pub entity: Option<String>,
    /// Only entries about this entity id.
    pub entity_id: Option<String>,
}

fn filtered(head: &str, f: &AuditFilter) -> Sql {
    let mut q = Sql::new(head);
    q.push(" WHERE 1=1");
    if let Some(e) = &f.entity {
        q.push(" AND entity = ").bind_text(e.clone());
    }
    if let Some(id) = &f.entity_id {
        q.push(" AND entity_id = ").bind_text(id.clone());
    }
    q
}

/// Reads the log newest first.
pub async fn list(
    store: &Store,
    f: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Page<AuditEntry>, StoreError> {
    let (total,): (i64,) = filtered("SELECT COUNT(*) FROM audit_log", f)
        .fetch_one(store.pool())
        .await?;
    let mut q = filtered(&format!("SELECT {COLS} FROM audit_log"), f);
    q.push(" ORDER BY seq DESC LIMIT ")
        .bind_int(limit)
        .push(" OFFSET ")
        .bind_int(offset);
    let rows: Vec<Row> = q.fetch_all(store.pool()).await?;
    Ok(Page {
        items: rows.into_iter().map(Into::into).collect(),
        total,
        limit,
        offset,
    })
}

/// Checks the whole chain in order, in batches. Returns the number of entries checked, or
/// the first break.
pub async fn verify(store: &Store) -> Result<Result<i64, ChainBreak>, StoreError> {
    let (mut seq, mut hash) = (0i64, GENESIS.to_string());
    loop {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000"
        ))
        .bind(seq)
        .fetch_all(store.pool())
        .await?;
        if rows.is_empty() {
            return Ok(Ok(seq));
        }
        let entries: Vec<AuditEntry> = rows.into_iter().map(Into::into).collect();
        match verify_chain(&entries, seq, hash) {
            Ok((s, h)) => (seq, hash) = (s, h),
            Err(b) => return Ok(Err(b)),
        }
    }
}

impl Store {
    /// Checks the audit chain; see [`verify`].
    pub async fn verify_audit(&self) -> Result<Result<i64, ChainBreak>, StoreError> {
        verify(self).await
    }
}
