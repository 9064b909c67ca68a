//! The append-only, hash-chained audit log.
//!
//! Every entry stores the SHA-256 digests of its `before`/`after` payloads, which the hash
//! covers. [`redact`] erases payloads holding personal data (offboarding erasure) by replacing
//! them with [`REDACTED`]; the digests stay, so [`verify`] still checks the chain, and the
//! redaction is itself an entry (`audit.redact`) naming the entries it redacted.
//!
//! With an audit key ([`Store::with_audit_key`]) every entry also carries a MAC of its sequence
//! number and hash, and [`checkpoint`] signs the head; [`report`] checks the MACs (see
//! [`carewell_domain::audit_anchor`] for what they protect against and what not).

use crate::sql::Sql;
use crate::{Actor, Page, Store, StoreError, Tx, dialect, now};
use carewell_domain::audit::{
    AuditContent, AuditEntry, ChainBreak, GENESIS, REDACTED, Redaction, digest, verify_chain,
};
use carewell_domain::audit_anchor::{Checkpoint, MacCheck, check_mac};
use carewell_domain::events::EventType;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The action of the entry that records a redaction.
pub const REDACT_ACTION: &str = "audit.redact";

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
    before_sha256: Option<String>,
    after_sha256: Option<String>,
    redacted_at: Option<String>,
    redaction_reason: Option<String>,
    mac: Option<String>,
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
            before_sha256: r.before_sha256,
            after_sha256: r.after_sha256,
            redaction: r.redacted_at.map(|at| Redaction {
                at,
                reason: r.redaction_reason.unwrap_or_default(),
            }),
            mac: r.mac,
        }
    }
}

const COLS: &str = "seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash, \
     before_sha256, after_sha256, redacted_at, redaction_reason, mac";

/// Appends one entry in the caller's transaction, linked to the current tail of the chain,
/// with its payload digests.
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
    let (before_sha256, after_sha256) = (digest(&content.before), digest(&content.after));
    let hash = content.hash_with(&prev_hash, &before_sha256, &after_sha256);
    let mac = tx
        .audit_key
        .as_ref()
        .map(|k| k.entry_mac(content.seq, &hash));
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash, \
         before_sha256, after_sha256, mac) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
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
    .bind(&before_sha256)
    .bind(&after_sha256)
    .bind(mac)
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

/// Erases the payloads of the entries `seqs` in the caller's transaction: `before`/`after`
/// become [`REDACTED`], the stored digests stay (so the chain still verifies), `redacted_at`
/// and `reason` are set. Entries already redacted are left alone. The redaction is recorded
/// as an entry (`audit.redact` on `audit_log`/`reference`, e.g. the erasure certificate id)
/// with the count and the redacted sequence numbers — never the values. Returns the number of
/// entries redacted (none redacted: nothing recorded).
pub async fn redact(
    tx: &mut Tx<'_>,
    actor: &Actor,
    seqs: &[i64],
    reason: &str,
    reference: &str,
) -> Result<i64, StoreError> {
    let wanted: BTreeSet<i64> = seqs.iter().copied().collect();
    let mut todo = Vec::new();
    for chunk in wanted.iter().copied().collect::<Vec<_>>().chunks(500) {
        let list = chunk
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let found: Vec<(i64,)> = sqlx::query_as(&format!(
            "SELECT seq FROM audit_log WHERE seq IN ({list}) AND redacted_at IS NULL ORDER BY seq"
        ))
        .fetch_all(&mut *tx.tx)
        .await?;
        todo.extend(found.into_iter().map(|(s,)| s));
    }
    if todo.is_empty() {
        return Ok(0);
    }
    let at = now();
    for chunk in todo.chunks(500) {
        let list = chunk
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        sqlx::query(&format!(
            "UPDATE audit_log SET before_json = $1, after_json = $1, redacted_at = $2, redaction_reason = $3 \
             WHERE seq IN ({list}) AND redacted_at IS NULL"
        ))
        .bind(REDACTED)
        .bind(&at)
        .bind(reason)
        .execute(&mut *tx.tx)
        .await?;
    }
    let n = todo.len() as i64;
    append(
        tx,
        actor,
        REDACT_ACTION,
        "audit_log",
        reference,
        &json!(null),
        &json!({ "count": n, "reason": reason, "reference": reference, "seqs": todo }),
    )
    .await?;
    Ok(n)
}

/// Filters for reading the log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Only entries about this kind of entity.
    pub entity: Option<String>,
    /// Only entries about this entity id.
    pub entity_id: Option<String>,
    /// Only entries older than this sequence number (the cursor of the next page, newest
    /// first).
    pub before_seq: Option<i64>,
    /// Oldest first (sequence ascending) instead of newest first.
    pub oldest_first: bool,
    /// Only entries newer than this sequence number (the cursor of the next page, oldest
    /// first).
    pub after_seq: Option<i64>,
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

/// Reads the log newest first (oldest first with [`AuditFilter::oldest_first`]), a page at a
/// time by its cursor.
pub async fn list(
    store: &Store,
    f: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Page<AuditEntry>, StoreError> {
    let mut count = filtered("SELECT COUNT(*) FROM (SELECT 1 FROM audit_log", f);
    count.close_capped_count();
    let (total,): (i64,) = count.fetch_one(store.pool()).await?;
    let mut q = filtered(&format!("SELECT {COLS} FROM audit_log"), f);
    // Keyset paging in either direction: the cursor is the last row's sequence number.
    if f.oldest_first {
        if let Some(after) = f.after_seq {
            q.push(" AND seq > ").bind_int(after);
        }
        q.push(" ORDER BY seq ASC LIMIT ");
    } else {
        if let Some(before) = f.before_seq {
            q.push(" AND seq < ").bind_int(before);
        }
        q.push(" ORDER BY seq DESC LIMIT ");
    }
    q.bind_int(limit + 1).push(" OFFSET ").bind_int(offset);
    let mut rows: Vec<Row> = q.fetch_all(store.pool()).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let items: Vec<AuditEntry> = rows.into_iter().map(Into::into).collect();
    let (total, capped) = crate::sql::capped(total);
    Ok(Page {
        next: more
            .then(|| items.last().map(|e| e.content.seq.to_string()))
            .flatten(),
        items,
        total,
        capped,
        limit,
        offset,
    })
}

/// What [`report`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// Entries checked (up to the first break).
    pub checked: i64,
    /// The last entry's sequence number and hash (0 and the genesis hash for an empty log).
    pub head: (i64, String),
    /// The first entry that carries a MAC, if any.
    pub first_mac: Option<i64>,
    /// Entries whose MAC could not be checked because the store has no key.
    pub unchecked_macs: i64,
    /// The first entry that does not verify.
    pub broken: Option<ChainBreak>,
}

/// Checks the whole chain in order, in batches: sequence, links, hashes, payloads against
/// their stored digests (redacted ones by the digests alone), that every redacted entry is
/// named by a later `audit.redact` entry, and — with the store's audit key — each entry's MAC,
/// and that no entry after the first with a MAC lacks one.
pub async fn report(store: &Store) -> Result<AuditReport, StoreError> {
    let (mut seq, mut hash) = (0i64, GENESIS.to_string());
    let mut out = AuditReport {
        checked: 0,
        head: (0, GENESIS.to_string()),
        first_mac: None,
        unchecked_macs: 0,
        broken: None,
    };
    // Redacted entries not yet accounted for by a redaction entry.
    let mut unrecorded = BTreeSet::new();
    loop {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000"
        ))
        .bind(seq)
        .fetch_all(store.pool())
        .await?;
        if rows.is_empty() {
            if let Some(&s) = unrecorded.first() {
                out.broken = Some(ChainBreak {
                    seq: s,
                    reason: "entry redacted without a recorded redaction".into(),
                });
            }
            out.checked = seq;
            out.head = (seq, hash);
            return Ok(out);
        }
        let entries: Vec<AuditEntry> = rows.into_iter().map(Into::into).collect();
        let fail = |out: &mut AuditReport, b: ChainBreak| {
            out.checked = b.seq - 1;
            out.broken = Some(b);
        };
        // The first break wins, whether of the chain or of a MAC.
        let mut chain_break = match verify_chain(&entries, seq, hash.clone()) {
            Ok((s, h)) => {
                (seq, hash) = (s, h);
                None
            }
            Err(b) => Some(b),
        };
        for e in &entries {
            let at = e.content.seq;
            if let Some(b) = chain_break.take_if(|b| b.seq <= at) {
                fail(&mut out, b);
                return Ok(out);
            }
            match check_mac(
                store.audit_key(),
                out.first_mac.is_some(),
                at,
                &e.hash,
                e.mac.as_deref(),
            ) {
                MacCheck::Broken(reason) => {
                    fail(
                        &mut out,
                        ChainBreak {
                            seq: at,
                            reason: reason.into(),
                        },
                    );
                    return Ok(out);
                }
                MacCheck::Unchecked => out.unchecked_macs += 1,
                MacCheck::Valid | MacCheck::Unkeyed => {}
            }
            if e.mac.is_some() && out.first_mac.is_none() {
                out.first_mac = Some(at);
            }
            if e.redaction.is_some() {
                unrecorded.insert(e.content.seq);
            }
            if e.content.action == REDACT_ACTION && e.redaction.is_none() {
                let named: Vec<i64> = serde_json::from_str::<Value>(&e.content.after)
                    .ok()
                    .and_then(|v| serde_json::from_value(v["seqs"].clone()).ok())
                    .unwrap_or_default();
                for s in named {
                    unrecorded.remove(&s);
                }
            }
        }
        if let Some(b) = chain_break {
            fail(&mut out, b);
            return Ok(out);
        }
    }
}

/// Checks the whole chain; see [`report`]. Returns the number of entries checked, or the first
/// break.
pub async fn verify(store: &Store) -> Result<Result<i64, ChainBreak>, StoreError> {
    let r = report(store).await?;
    Ok(match r.broken {
        Some(b) => Err(b),
        None => Ok(r.checked),
    })
}

/// The last entry's sequence number (0 for an empty log) and the first entry that carries a MAC.
pub async fn anchors(store: &Store) -> Result<(i64, Option<i64>), StoreError> {
    let (last,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM audit_log")
        .fetch_one(store.pool())
        .await?;
    let (first,): (Option<i64>,) =
        sqlx::query_as("SELECT MIN(seq) FROM audit_log WHERE mac IS NOT NULL")
            .fetch_one(store.pool())
            .await?;
    Ok((last.unwrap_or(0), first))
}

/// The hash of entry `seq`, if it exists.
pub async fn hash_at(store: &Store, seq: i64) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.map(|r| r.0))
}

/// A checkpoint of the chain's head at `at` and its signature under the store's audit key (the
/// caller keeps it, e.g. in the checkpoint file), also announced as an `audit.checkpoint` event
/// to the webhooks subscribed to it. `None` when the log is empty or the store has no key.
pub async fn checkpoint(
    store: &Store,
    at: &str,
) -> Result<Option<(Checkpoint, String)>, StoreError> {
    let Some(key) = store.audit_key() else {
        return Ok(None);
    };
    let mut tx = store.begin().await?;
    dialect::lock_audit_chain(&mut tx).await?;
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx.tx)
            .await?;
    let Some((seq, hash)) = head else {
        return Ok(None);
    };
    let (first,): (Option<i64>,) =
        sqlx::query_as("SELECT MIN(seq) FROM audit_log WHERE mac IS NOT NULL")
            .fetch_one(&mut *tx.tx)
            .await?;
    let cp = Checkpoint {
        seq,
        hash,
        at: at.to_string(),
        mac_since: first,
    };
    let mac = cp.mac(key);
    crate::events::emit(
        &mut tx,
        EventType::AuditCheckpoint,
        "audit_log",
        &format!("{seq}:{at}"),
        json!({"seq": cp.seq, "hash": cp.hash, "at": cp.at, "mac_since": cp.mac_since, "mac": mac}),
    )
    .await?;
    tx.commit().await?;
    Ok(Some((cp, mac)))
}

impl Store {
    /// Checks the audit chain, MACs included; see [`report`].
    pub async fn audit_report(&self) -> Result<AuditReport, StoreError> {
        report(self).await
    }

    /// Checks the audit chain; see [`verify`].
    pub async fn verify_audit(&self) -> Result<Result<i64, ChainBreak>, StoreError> {
        verify(self).await
    }
}
