//! Bulk import: one transaction per file, batched multi-row upserts keyed by `external_ref`.
//! Either the whole file lands or nothing does.

use crate::{Actor, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::customer::CustomerInput;
use carewell_domain::import::{
    ContractRow, ImportKind, ImportRow, InteractionRow, RowError, TransactionRow,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// Rows per multi-row statement (well under both engines' bind-parameter limits).
pub const BATCH: usize = 500;

/// Bound parameters per statement on SQLite (see `Importer::per_statement`).
const SQLITE_PARAMS: usize = 500;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: u64,
    /// New records.
    pub inserted: u64,
    /// Existing records (same external_ref) updated.
    pub updated: u64,
}

/// An import in progress: feed it batches of `(line, row)`, then [`Importer::finish`].
pub struct Importer<'a> {
    tx: Tx<'a>,
    kind: ImportKind,
    table: &'static str,
    before: i64,
    rows: u64,
    errors: Vec<RowError>,
    /// What a bulk load dropped, to re-create before the commit.
    set_aside: Vec<String>,
}

/// `($1, $2), ($3, $4)…` for PostgreSQL; `(?, ?), (?, ?)…` for SQLite, whose named-parameter
/// lookup (done by sqlx for every bound value) is linear in the parameter count, so `$N`
/// placeholders make binding a statement quadratic; anonymous `?` bind in order at O(1).
pub(crate) fn placeholders(engine: crate::Engine, rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        s.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            match engine {
                crate::Engine::Sqlite => s.push('?'),
                crate::Engine::Postgres => {
                    s.push('$');
                    s.push_str(&(r * cols + c + 1).to_string());
                }
            }
        }
        s.push(')');
    }
    s
}

fn customer_upsert_sql(engine: crate::Engine, rows: usize) -> String {
    format!(
        "INSERT INTO customers (id, external_ref, kind, name, email, phone, language, country, timezone, segment, stage, \
         attributes, consent, birthday, anniversary, created_at, updated_at) VALUES {} \
         ON CONFLICT (external_ref) DO UPDATE SET kind = excluded.kind, name = excluded.name, email = excluded.email, \
         phone = excluded.phone, language = excluded.language, country = excluded.country, timezone = excluded.timezone, \
         segment = excluded.segment, stage = excluded.stage, attributes = excluded.attributes, consent = excluded.consent, \
         birthday = excluded.birthday, anniversary = excluded.anniversary, updated_at = excluded.updated_at \
         RETURNING id, external_ref",
        placeholders(engine, rows, 17)
    )
}

type CustomerUpsert<'q> =
    sqlx::query::QueryAs<'q, sqlx::Any, (String, String), sqlx::any::AnyArguments<'q>>;

/// The upsert for `chunk` with fresh ids (returned too: a row that comes back with another id
/// already existed).
fn bind_customers<'q>(
    sql: &'q str,
    chunk: &[&CustomerInput],
    ts: &str,
) -> Result<(CustomerUpsert<'q>, Vec<String>), StoreError> {
    let fresh: Vec<String> = chunk.iter().map(|_| new_id()).collect();
    let mut q = sqlx::query_as::<_, (String, String)>(sql);
    for (c, id) in chunk.iter().zip(&fresh) {
        q = q
            .bind(id.clone())
            .bind(c.external_ref.clone())
            .bind(c.kind.as_str())
            .bind(c.name.clone())
            .bind(c.email.as_ref().map(|e| e.as_str().to_string()))
            .bind(c.phone.clone())
            .bind(c.language.as_str().to_string())
            .bind(c.country.clone())
            .bind(c.timezone.clone())
            .bind(c.segment.clone())
            .bind(c.stage.as_str())
            .bind(serde_json::to_string(&c.attributes)?)
            .bind(serde_json::to_string(&c.consent)?)
            .bind(c.birthday.map(|d| d.to_string()))
            .bind(c.anniversary.map(|d| d.to_string()))
            .bind(ts.to_string())
            .bind(ts.to_string());
    }
    Ok((q, fresh))
}

/// SQLite page cache (KiB) while a bulk import holds the connection. With the default 2 MiB
/// cache, a large import into indexed tables spills dirty pages to the WAL again and again;
/// a bigger cache keeps the index pages of the whole batch stream in memory until commit.
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// Raises (or restores) the SQLite page cache and keeps statement journals in memory for the
/// import's connection; no-op on PostgreSQL.
async fn set_bulk_pragmas(tx: &mut Tx<'_>, bulk: bool) -> Result<(), StoreError> {
    if tx.engine() == crate::Engine::Sqlite {
        let kib = if bulk { BULK_CACHE_KIB } else { 2000 };
        sqlx::query(&format!("PRAGMA cache_size = -{kib}"))
            .execute(&mut *tx.tx)
            .await?;
        // Statement journals (each multi-row upsert may need a partial rollback) in memory
        // rather than in a temp file written and rewritten for every statement. Only speed:
        // SQLite refuses the change once this transaction has read the temp schema (after
        // another connection changed the schema), and the import goes on without it.
        if let Err(e) = sqlx::query(if bulk {
            "PRAGMA temp_store = MEMORY"
        } else {
            "PRAGMA temp_store = DEFAULT"
        })
        .execute(&mut *tx.tx)
        .await
        {
            tracing::debug!(error = %e, "temp_store unchanged");
        }
    }
    Ok(())
}

/// Below this many expected rows an import writes through the indexes as they are.
const BULK_MIN_ROWS: u64 = 20_000;

/// The tables an import of `kind` writes.
fn tables_of(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Customers => &["customers", "customer_tags", "customer_search"],
        ImportKind::Transactions => &["transactions"],
        ImportKind::Contracts => &["contracts"],
        ImportKind::Interactions => &["interactions"],
    }
}

/// Sets aside (drops, inside the import's transaction) the secondary indexes and triggers of
/// `tables` and returns the statements that restore them. Indexes that enforce something —
/// primary keys and unique keys, which the upserts need — stay. On SQLite that also takes the
/// tables' triggers: those that keep the customer search's FTS index in step ([`restore`]
/// rebuilds it) and those that log changes for the client-fit ranking ([`restore`] logs
/// everyone).
async fn set_aside(tx: &mut Tx<'_>, tables: &[&str]) -> Result<Vec<String>, StoreError> {
    let list = placeholders(tx.engine(), 1, tables.len());
    let sql = match tx.engine() {
        // `sql` is NULL for the indexes behind PRIMARY KEY and UNIQUE constraints.
        crate::Engine::Sqlite => format!(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') \
             AND tbl_name IN {list} AND sql IS NOT NULL ORDER BY type, name"
        ),
        crate::Engine::Postgres => format!(
            "SELECT 'index', i.relname::text, pg_get_indexdef(i.oid) FROM pg_index x \
             JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
             WHERE t.relname IN {list} AND t.relnamespace = current_schema()::regnamespace \
             AND NOT x.indisprimary AND NOT x.indisunique ORDER BY i.relname"
        ),
    };
    let mut q = sqlx::query_as::<_, (String, String, String)>(&sql);
    for t in tables {
        q = q.bind(*t);
    }
    let found = q.fetch_all(&mut *tx.tx).await?;
    let mut restore = Vec::with_capacity(found.len());
    for (kind, name, create) in found {
        let drop = if kind == "trigger" {
            "TRIGGER"
        } else {
            "INDEX"
        };
        sqlx::query(&format!("DROP {drop} \"{name}\""))
            .execute(&mut *tx.tx)
            .await?;
        restore.push(create);
    }
    Ok(restore)
}

/// The customer columns each set-aside trigger family keeps, as one statement over every
/// customer (SQLite, the only engine whose triggers are set aside).
const QUEUE_RECOMPUTE: [(&str, &str); 5] = [
    // Migration 0025: the newest real contact, for the contact cadence.
    (
        "cadence_touch_",
        "UPDATE customers SET last_touch_at = COALESCE((SELECT MAX(i.occurred_at) \
         FROM interactions i WHERE i.customer_id = customers.id \
         AND i.kind IN ('call', 'meeting', 'email', 'chat', 'visit')), '')",
    ),
    // Migration 0030: customers loaded meanwhile entered their stage when they were created.
    (
        "customers_stage_since_",
        "UPDATE customers SET stage_since = created_at WHERE stage_since = ''",
    ),
    (
        "queue_contact_",
        "UPDATE customers SET last_contact_at = COALESCE((SELECT MAX(i.occurred_at) \
         FROM interactions i WHERE i.customer_id = customers.id), '')",
    ),
    (
        "queue_open_",
        "UPDATE customers SET open_complaints = (SELECT COUNT(*) FROM complaints c \
         WHERE c.customer_id = customers.id AND c.status <> 'closed')",
    ),
    (
        "queue_value_",
        "UPDATE customers SET \
           value_minor = COALESCE((SELECT CAST(MAX(MIN(TOTAL(t.amount_minor), 9.0e18), -9.0e18) AS INTEGER) \
             FROM transactions t WHERE t.customer_id = customers.id \
             GROUP BY t.currency ORDER BY TOTAL(t.amount_minor) DESC, t.currency LIMIT 1), 0), \
           value_currency = (SELECT t.currency FROM transactions t WHERE t.customer_id = customers.id \
             GROUP BY t.currency ORDER BY TOTAL(t.amount_minor) DESC, t.currency LIMIT 1)",
    ),
];

/// Re-creates what [`set_aside`] dropped (indexes are built in one sorted pass, far faster
/// than a row at a time) and rebuilds the customer search's FTS index when its triggers were
/// among them.
async fn restore(tx: &mut Tx<'_>, ddl: &[String]) -> Result<(), StoreError> {
    for create in ddl {
        sqlx::query(create).execute(&mut *tx.tx).await?;
    }
    if ddl.iter().any(|d| d.contains("customer_search_fts")) {
        crate::search::rebuild_fts(tx).await?;
    }
    // The customer list's sort columns kept by triggers (migration 0017; only SQLite's
    // triggers are set aside): recomputed once for every customer, from the rebuilt indexes.
    for (trigger, update) in QUEUE_RECOMPUTE {
        if ddl.iter().any(|d| d.contains(trigger)) {
            sqlx::query(update).execute(&mut *tx.tx).await?;
        }
    }
    // The rows loaded meanwhile were not logged for the client-fit ranking: rescore everyone.
    if ddl.iter().any(|d| d.contains("client_fit_dirty")) {
        sqlx::query("INSERT INTO client_fit_dirty (customer_id) VALUES ('*')")
            .execute(&mut *tx.tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Starts importing a file of `kind` in one transaction. `expected_rows` (an estimate is
    /// enough) chooses the bulk mode: a load larger than the table it goes into — a first
    /// load — sets the tables' secondary indexes aside and rebuilds them at the end. On
    /// PostgreSQL that holds the tables exclusively until the import commits.
    pub async fn begin_import(
        &self,
        kind: ImportKind,
        expected_rows: u64,
    ) -> Result<Importer<'_>, StoreError> {
        let tables = tables_of(kind);
        let table = tables[0];
        let mut tx = self.begin().await?;
        set_bulk_pragmas(&mut tx, true).await?;
        let (before,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx.tx)
            .await?;
        let set_aside = if expected_rows >= BULK_MIN_ROWS && expected_rows > before.max(0) as u64 {
            set_aside(&mut tx, tables).await?
        } else {
            Vec::new()
        };
        Ok(Importer {
            tx,
            kind,
            table,
            before,
            rows: 0,
            errors: Vec::new(),
            set_aside,
        })
    }
}

impl Importer<'_> {
    /// Writes one batch (at most [`BATCH`] rows, all of this importer's kind).
    pub async fn write(&mut self, batch: &[(u64, ImportRow)]) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        self.rows += batch.len() as u64;
        match self.kind {
            ImportKind::Customers => {
                let rows: Vec<&CustomerInput> = batch
                    .iter()
                    .filter_map(|(_, r)| {
                        if let ImportRow::Customer(c) = r {
                            Some(c.as_ref())
                        } else {
                            None
                        }
                    })
                    .collect();
                self.customers(&rows).await
            }
            _ => {
                let ids = self.resolve_customers(batch).await?;
                match self.kind {
                    ImportKind::Transactions => self.transactions(batch, &ids).await,
                    ImportKind::Contracts => self.contracts(batch, &ids).await,
                    _ => self.interactions(batch, &ids).await,
                }
            }
        }
    }

    /// Rows per statement for a table of `cols` bound columns. PostgreSQL gets whole batches
    /// (fewer round trips). SQLite gets small statements: sqlx binds each argument by looking
    /// its `$N` name up, and SQLite's name lookup is linear in the statement's parameter count,
    /// so binding costs O(params²) per statement — 8,500 parameters made binding 95 % of an
    /// import. A few hundred parameters per (cached, re-used) statement is the sweet spot.
    fn per_statement(&self, cols: usize) -> usize {
        match self.tx.engine() {
            crate::Engine::Sqlite => (SQLITE_PARAMS / cols).max(1),
            crate::Engine::Postgres => BATCH,
        }
    }

    async fn customers(&mut self, rows: &[&CustomerInput]) -> Result<(), StoreError> {
        let ts = now();
        let mut ids: HashMap<String, String> = HashMap::with_capacity(rows.len());
        // Rows that already existed keep their id (the upsert returns the old one): only those
        // can have tags to replace.
        let mut existing: Vec<String> = Vec::new();
        let per = self.per_statement(17);
        let chunks: Vec<&[&CustomerInput]> = rows.chunks(per).collect();
        let engine = self.tx.engine();
        let full_sql = customer_upsert_sql(engine, per);
        let tail_sql = customer_upsert_sql(engine, chunks.last().map_or(0, |c| c.len()));
        let sql_for = |n: usize| if n == per { &full_sql } else { &tail_sql };
        let Some(first) = chunks.first() else {
            return Ok(());
        };
        // While one statement runs on the database, the next one's arguments are encoded.
        let mut next = Some(bind_customers(sql_for(first.len()), first, &ts)?);
        for i in 0..chunks.len() {
            let Some((q, fresh)) = next.take() else {
                break;
            };
            let following = chunks.get(i + 1);
            let (done, built) = tokio::join!(q.fetch_all(&mut *self.tx.tx), async {
                following
                    .map(|c| bind_customers(sql_for(c.len()), c, &ts))
                    .transpose()
            });
            next = built?;
            let fresh: std::collections::HashSet<&str> = fresh.iter().map(String::as_str).collect();
            for (id, r) in done? {
                if !fresh.contains(id.as_str()) {
                    existing.push(id.clone());
                }
                ids.insert(r, id);
            }
        }
        // Replace the tags of updated rows.
        for chunk in existing.chunks(self.per_statement(1)) {
            let sql = format!(
                "DELETE FROM customer_tags WHERE customer_id IN {}",
                placeholders(self.tx.engine(), 1, chunk.len())
            );
            let mut dq = sqlx::query(&sql);
            for a in chunk {
                dq = dq.bind(a.as_str());
            }
            dq.execute(&mut *self.tx.tx).await?;
        }
        let pairs: Vec<(String, String)> = rows
            .iter()
            .flat_map(|c| {
                let id = c
                    .external_ref
                    .as_ref()
                    .and_then(|r| ids.get(r))
                    .cloned()
                    .unwrap_or_default();
                c.tags.iter().map(move |t| (id.clone(), t.clone()))
            })
            .collect();
        for chunk in pairs.chunks(self.per_statement(2)) {
            let sql = format!(
                "INSERT INTO customer_tags (customer_id, tag) VALUES {}",
                placeholders(self.tx.engine(), chunk.len(), 2)
            );
            let mut q = sqlx::query(&sql);
            for (id, t) in chunk {
                q = q.bind(id.as_str()).bind(t.as_str());
            }
            q.execute(&mut *self.tx.tx).await?;
        }
        // The search rows, from the same inputs (an updated row's tags were replaced above).
        let entries: Vec<(String, crate::search::text::Entry)> = rows
            .iter()
            .filter_map(|c| {
                let id = ids.get(c.external_ref.as_ref()?)?;
                Some((id.clone(), crate::customers::search_entry(c)))
            })
            .collect();
        crate::search::put(&mut self.tx, &entries).await
    }

    /// Maps each row's customer_ref to a customer id; unknown references become row errors.
    async fn resolve_customers(
        &mut self,
        batch: &[(u64, ImportRow)],
    ) -> Result<HashMap<String, String>, StoreError> {
        let refs: Vec<&str> = batch
            .iter()
            .map(|(_, r)| match r {
                ImportRow::Transaction(t) => t.customer_ref.as_str(),
                ImportRow::Contract(c) => c.customer_ref.as_str(),
                ImportRow::Interaction(i) => i.customer_ref.as_str(),
                ImportRow::Customer(_) => "",
            })
            .collect();
        let mut distinct: Vec<&str> = refs.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let mut ids: HashMap<String, String> = HashMap::with_capacity(distinct.len());
        for chunk in distinct.chunks(self.per_statement(1)) {
            let sql = format!(
                "SELECT external_ref, id FROM customers WHERE external_ref IN {}",
                placeholders(self.tx.engine(), 1, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, String)>(&sql);
            for r in chunk {
                q = q.bind(*r);
            }
            ids.extend(q.fetch_all(&mut *self.tx.tx).await?);
        }
        for ((line, _), r) in batch.iter().zip(&refs) {
            if !ids.contains_key(*r) {
                self.errors.push(RowError {
                    line: *line,
                    column: "customer_ref".into(),
                    code: carewell_domain::Code::NoSuch {
                        what: carewell_domain::Entity::Customer,
                        id: r.to_string(),
                    },
                });
            }
        }
        Ok(ids)
    }

    async fn upsert(
        &mut self,
        cols: &[&str],
        update: &[&str],
        values: Vec<Vec<Value>>,
    ) -> Result<(), StoreError> {
        if values.is_empty() {
            return Ok(());
        }
        let set: Vec<String> = update
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let per = self.per_statement(cols.len());
        let mut values = values.into_iter().peekable();
        while values.peek().is_some() {
            let chunk: Vec<Vec<Value>> = values.by_ref().take(per).collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES {} ON CONFLICT (external_ref) DO UPDATE SET {}",
                self.table,
                cols.join(", "),
                placeholders(self.tx.engine(), chunk.len(), cols.len()),
                set.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for row in chunk {
                for v in row {
                    q = match v {
                        Value::Text(s) => q.bind(s),
                        Value::OptText(s) => q.bind(s),
                        Value::Int(i) => q.bind(i),
                    };
                }
            }
            q.execute(&mut *self.tx.tx).await?;
        }
        Ok(())
    }

    async fn transactions(
        &mut self,
        batch: &[(u64, ImportRow)],
        ids: &HashMap<String, String>,
    ) -> Result<(), StoreError> {
        let rows: Vec<Vec<Value>> = batch
            .iter()
            .filter_map(|(_, r)| {
                if let ImportRow::Transaction(t) = r {
                    Some(t)
                } else {
                    None
                }
            })
            .filter_map(|t: &TransactionRow| {
                Some(vec![
                    Value::Text(new_id()),
                    Value::Text(ids.get(&t.customer_ref)?.clone()),
                    Value::Text(t.external_ref.clone()),
                    Value::Int(t.amount.minor),
                    Value::Text(t.amount.currency.as_str().into()),
                    Value::Text(t.occurred_at.clone()),
                    Value::OptText(t.description.clone()),
                ])
            })
            .collect();
        self.upsert(
            &[
                "id",
                "customer_id",
                "external_ref",
                "amount_minor",
                "currency",
                "occurred_at",
                "description",
            ],
            &[
                "customer_id",
                "amount_minor",
                "currency",
                "occurred_at",
                "description",
            ],
            rows,
        )
        .await
    }

    async fn contracts(
        &mut self,
        batch: &[(u64, ImportRow)],
        ids: &HashMap<String, String>,
    ) -> Result<(), StoreError> {
        let ts = now();
        let rows: Vec<Vec<Value>> = batch
            .iter()
            .filter_map(|(_, r)| {
                if let ImportRow::Contract(c) = r {
                    Some(c)
                } else {
                    None
                }
            })
            .filter_map(|c: &ContractRow| {
                Some(vec![
                    Value::Text(new_id()),
                    Value::Text(ids.get(&c.customer_ref)?.clone()),
                    Value::Text(c.external_ref.clone()),
                    Value::Text(c.name.clone()),
                    Value::Text(c.start_date.to_string()),
                    Value::OptText(c.end_date.map(|d| d.to_string())),
                    Value::Int(c.value.minor),
                    Value::Text(c.value.currency.as_str().into()),
                    Value::Text(c.renewal.as_str().into()),
                    Value::Text(ts.clone()),
                ])
            })
            .collect();
        self.upsert(
            &[
                "id",
                "customer_id",
                "external_ref",
                "name",
                "start_date",
                "end_date",
                "value_minor",
                "currency",
                "renewal",
                "created_at",
            ],
            &[
                "customer_id",
                "name",
                "start_date",
                "end_date",
                "value_minor",
                "currency",
                "renewal",
            ],
            rows,
        )
        .await
    }

    async fn interactions(
        &mut self,
        batch: &[(u64, ImportRow)],
        ids: &HashMap<String, String>,
    ) -> Result<(), StoreError> {
        let ts = now();
        let rows: Vec<Vec<Value>> = batch
            .iter()
            .filter_map(|(_, r)| {
                if let ImportRow::Interaction(i) = r {
                    Some(i)
                } else {
                    None
                }
            })
            .filter_map(|i: &InteractionRow| {
                Some(vec![
                    Value::Text(new_id()),
                    Value::Text(ids.get(&i.customer_ref)?.clone()),
                    Value::Text(i.external_ref.clone()),
                    Value::Text(i.kind.as_str().into()),
                    Value::Text(i.occurred_at.clone()),
                    Value::Text(i.summary.clone()),
                    Value::OptText(i.sentiment.map(|s| s.as_str().to_string())),
                    Value::Text(ts.clone()),
                ])
            })
            .collect();
        self.upsert(
            &[
                "id",
                "customer_id",
                "external_ref",
                "kind",
                "occurred_at",
                "summary",
                "sentiment",
                "created_at",
            ],
            &["customer_id", "kind", "occurred_at", "summary", "sentiment"],
            rows,
        )
        .await
    }

    /// Commits if every row was accepted, recording one audit entry for the file; otherwise
    /// rolls everything back and returns the refused rows.
    pub async fn finish(
        mut self,
        actor: &Actor,
        source: &str,
    ) -> Result<Result<ImportReport, Vec<RowError>>, StoreError> {
        if !self.errors.is_empty() {
            set_bulk_pragmas(&mut self.tx, false).await?;
            self.tx.tx.rollback().await?;
            return Ok(Err(self.errors));
        }
        let ddl = std::mem::take(&mut self.set_aside);
        restore(&mut self.tx, &ddl).await?;
        set_bulk_pragmas(&mut self.tx, false).await?;
        let (after,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {}", self.table))
            .fetch_one(&mut *self.tx.tx)
            .await?;
        let inserted = (after - self.before).max(0) as u64;
        let report = ImportReport {
            rows: self.rows,
            inserted,
            updated: self.rows.saturating_sub(inserted),
        };
        audit::append(
            &mut self.tx,
            actor,
            &format!("import.{}", self.table),
            "import",
            source,
            &json!(null),
            &json!(report),
        )
        .await?;
        self.tx.commit().await?;
        Ok(Ok(report))
    }
}

enum Value {
    Text(String),
    OptText(Option<String>),
    Int(i64),
}
