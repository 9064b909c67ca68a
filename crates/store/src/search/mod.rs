//! Customer search: the `customer_search` table (one row per customer, written in Rust on
//! every write path) and the query over it.
//!
//! The row holds a normalised document of name, e-mail, phone, external reference and tags
//! ([`text`] says how), the folded name for prefix lookups and ordering, and exact keys for
//! e-mail, phone digits and reference. The engines index the document for substrings: SQLite
//! with an FTS5 `trigram` table kept in step by triggers, PostgreSQL with a `pg_trgm` GIN index
//! (migration 0013). Writers call [`put`] (they know the fields) or [`refresh`] (re-read from
//! the customer's row and tags); deleting a customer cascades.
//!
//! Written by: `customers::write` (create, update), `import` (customers files), the offboarding
//! erasure (the erased row is re-indexed: its old name, e-mail, phone and tags are gone from
//! the index in the same transaction), and the data step `0013-customer-search` (backfill).

pub mod global;
pub mod query;
pub mod text;

use crate::{StoreError, Tx};
use std::collections::HashMap;
use text::{Entry, Fields};

/// Rows per multi-row upsert (6 columns: well under SQLite's cheap-binding size).
const PER_STATEMENT: usize = 80;

/// Writes the search rows of `rows` (customer id, entry), replacing what was there.
pub(crate) async fn put(tx: &mut Tx<'_>, rows: &[(String, Entry)]) -> Result<(), StoreError> {
    // One row per customer per statement (an upsert may not touch a row twice): the last wins.
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for (i, (id, _)) in rows.iter().enumerate() {
        last.insert(id.as_str(), i);
    }
    let rows: Vec<&(String, Entry)> = rows
        .iter()
        .enumerate()
        .filter(|(i, (id, _))| last.get(id.as_str()) == Some(i))
        .map(|(_, r)| r)
        .collect();
    for chunk in rows.chunks(PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO customer_search (customer_id, doc, name_key, email_key, phone_key, ref_key) VALUES {} \
             ON CONFLICT (customer_id) DO UPDATE SET doc = excluded.doc, name_key = excluded.name_key, \
             email_key = excluded.email_key, phone_key = excluded.phone_key, ref_key = excluded.ref_key",
            crate::import::placeholders(tx.engine(), chunk.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for (id, e) in chunk {
            q = q
                .bind(id.as_str())
                .bind(e.doc.as_str())
                .bind(e.name_key.as_str())
                .bind(e.email_key.as_deref())
                .bind(e.phone_key.as_deref())
                .bind(e.ref_key.as_deref());
        }
        q.execute(&mut *tx.tx).await?;
    }
    Ok(())
}

/// Rebuilds SQLite's FTS index from the search table (after a bulk load that wrote the table
/// with its triggers set aside); PostgreSQL's trigram index is an ordinary index, rebuilt by
/// re-creating it.
pub(crate) async fn rebuild_fts(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    if tx.engine() == crate::Engine::Sqlite {
        sqlx::query("INSERT INTO customer_search_fts (customer_search_fts) VALUES ('rebuild')")
            .execute(&mut *tx.tx)
            .await?;
    }
    Ok(())
}

type FieldRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Re-indexes the customers `ids` from their stored rows and tags (ids without a row are
/// skipped: a deleted customer's search row went with it).
pub(crate) async fn refresh(tx: &mut Tx<'_>, ids: &[String]) -> Result<(), StoreError> {
    for chunk in ids.chunks(PER_STATEMENT * 4) {
        let list = crate::import::placeholders(tx.engine(), 1, chunk.len());
        let sql = format!(
            "SELECT id, name, email, phone, external_ref FROM customers WHERE id IN {list}"
        );
        let mut q = sqlx::query_as::<_, FieldRow>(&sql);
        for id in chunk {
            q = q.bind(id.as_str());
        }
        let customers = q.fetch_all(&mut *tx.tx).await?;
        let sql = format!("SELECT customer_id, tag FROM customer_tags WHERE customer_id IN {list}");
        let mut q = sqlx::query_as::<_, (String, String)>(&sql);
        for id in chunk {
            q = q.bind(id.as_str());
        }
        let mut tags: HashMap<String, Vec<String>> = HashMap::new();
        for (id, tag) in q.fetch_all(&mut *tx.tx).await? {
            tags.entry(id).or_default().push(tag);
        }
        let rows: Vec<(String, Entry)> = customers
            .into_iter()
            .map(|(id, name, email, phone, external_ref)| {
                let t = tags.remove(&id).unwrap_or_default();
                let e = Entry::new(Fields {
                    name: &name,
                    email: email.as_deref(),
                    phone: phone.as_deref(),
                    external_ref: external_ref.as_deref(),
                    tags: &t,
                });
                (id, e)
            })
            .collect();
        put(tx, &rows).await?;
    }
    Ok(())
}

/// Indexes every customer (the backfill of migration 0013), in id order, a batch at a time.
pub(crate) async fn refresh_all(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    let mut after = String::new();
    loop {
        let ids: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM customers WHERE id > $1 ORDER BY id LIMIT 2000")
                .bind(after.as_str())
                .fetch_all(&mut *tx.tx)
                .await?;
        let Some((last,)) = ids.last() else {
            return Ok(());
        };
        after = last.clone();
        let ids: Vec<String> = ids.into_iter().map(|r| r.0).collect();
        refresh(tx, &ids).await?;
    }
}
