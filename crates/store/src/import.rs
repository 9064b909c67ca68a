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
}

fn placeholders(rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        s.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!("${}", r * cols + c + 1));
        }
        s.push(')');
    }
    s
}

impl Store {
    /// Starts importing a file of `kind` in one transaction.
    pub async fn begin_import(&self, kind: ImportKind) -> Result<Importer<'_>, StoreError> {
        let table = match kind {
            ImportKind::Customers => "customers",
            ImportKind::Transactions => "transactions",
            ImportKind::Contracts => "contracts",
            ImportKind::Interactions => "interactions",
        };
        let mut tx = self.begin().await?;
        let (before,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx.tx)
            .await?;
        Ok(Importer {
            tx,
            kind,
            table,
            before,
            rows: 0,
            errors: Vec::new(),
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

    async fn customers(&mut self, rows: &[&CustomerInput]) -> Result<(), StoreError> {
        let ts = now();
        let sql = format!(
            "INSERT INTO customers (id, external_ref, kind, name, email, phone, language, country, timezone, segment, stage, \
             attributes, consent, birthday, anniversary, created_at, updated_at) VALUES {} \
             ON CONFLICT (external_ref) DO UPDATE SET kind = excluded.kind, name = excluded.name, email = excluded.email, \
             phone = excluded.phone, language = excluded.language, country = excluded.country, timezone = excluded.timezone, \
             segment = excluded.segment, stage = excluded.stage, attributes = excluded.attributes, consent = excluded.consent, \
             birthday = excluded.birthday, anniversary = excluded.anniversary, updated_at = excluded.updated_at \
             RETURNING id, external_ref",
            placeholders(rows.len(), 17)
        );
        let mut q = sqlx::query_as::<_, (String, String)>(&sql);
        for c in rows {
            q = q
                .bind(new_id())
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
                .bind(ts.clone())
                .bind(ts.clone());
        }
        let ids: HashMap<String, String> = q
            .fetch_all(&mut *self.tx.tx)
            .await?
            .into_iter()
            .map(|(id, r)| (r, id))
            .collect();
        // Replace tags of every row in the batch.
        let mut del = String::from("DELETE FROM customer_tags WHERE customer_id IN (");
        let mut args = Vec::with_capacity(ids.len());
        for (i, id) in ids.values().enumerate() {
            del.push_str(if i == 0 { "$1" } else { ", $" });
            if i > 0 {
                del.push_str(&(i + 1).to_string());
            }
            args.push(id.clone());
        }
        del.push(')');
        let mut dq = sqlx::query(&del);
        for a in &args {
            dq = dq.bind(a.as_str());
        }
        dq.execute(&mut *self.tx.tx).await?;
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
        for chunk in pairs.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO customer_tags (customer_id, tag) VALUES {}",
                placeholders(chunk.len(), 2)
            );
            let mut q = sqlx::query(&sql);
            for (id, t) in chunk {
                q = q.bind(id.as_str()).bind(t.as_str());
            }
            q.execute(&mut *self.tx.tx).await?;
        }
        Ok(())
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
        let mut sql =
            String::from("SELECT external_ref, id FROM customers WHERE external_ref IN (");
        for i in 0..refs.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", i + 1));
        }
        sql.push(')');
        let mut q = sqlx::query_as::<_, (String, String)>(&sql);
        for r in &refs {
            q = q.bind(*r);
        }
        let ids: HashMap<String, String> =
            q.fetch_all(&mut *self.tx.tx).await?.into_iter().collect();
        for ((line, _), r) in batch.iter().zip(&refs) {
            if !ids.contains_key(*r) {
                self.errors.push(RowError {
                    line: *line,
                    column: "customer_ref".into(),
                    reason: format!("no customer has external_ref '{r}'"),
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
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {} ON CONFLICT (external_ref) DO UPDATE SET {}",
            self.table,
            cols.join(", "),
            placeholders(values.len(), cols.len()),
            set.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for row in values {
            for v in row {
                q = match v {
                    Value::Text(s) => q.bind(s),
                    Value::OptText(s) => q.bind(s),
                    Value::Int(i) => q.bind(i),
                };
            }
        }
        q.execute(&mut *self.tx.tx).await?;
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
            self.tx.tx.rollback().await?;
            return Ok(Err(self.errors));
        }
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
