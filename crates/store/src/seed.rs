//! Bulk writes for demo and test data (`carewell demo`): customers and their history come in
//! through the importer; what the importer has no column for — owners, interaction authors,
//! usage events — is written here in batches, one audit entry per batch.

use crate::{Actor, Store, StoreError, audit, new_id};
use serde_json::json;
use std::collections::HashMap;

/// A usage event of the customer with `customer_ref` (its external reference).
#[derive(Debug, Clone, PartialEq)]
pub struct UsageSeed {
    /// The customer's external reference.
    pub customer_ref: String,
    /// Event name.
    pub event: String,
    /// How much.
    pub quantity: f64,
    /// When (UTC, storage format).
    pub occurred_at: String,
}

impl Store {
    /// Gives each owner their customers (by external reference) and makes them the author of
    /// those customers' interactions, then writes the usage events; one transaction. Returns
    /// the number of usage events written.
    pub async fn seed_owners_and_usage(
        &self,
        actor: &Actor,
        owned: &[(String, Vec<String>)],
        usage: &[UsageSeed],
    ) -> Result<u64, StoreError> {
        let refs: Vec<&str> = usage.iter().map(|u| u.customer_ref.as_str()).collect();
        let ids = self.ids_by_external_ref(&refs).await?;
        let mut tx = self.begin().await?;
        for (owner, customers) in owned {
            for chunk in customers.chunks(400) {
                let mut sql =
                    String::from("UPDATE customers SET owner_id = $1 WHERE external_ref IN (");
                for i in 0..chunk.len() {
                    sql.push_str(if i == 0 { "$" } else { ", $" });
                    sql.push_str(&(i + 2).to_string());
                }
                sql.push(')');
                let mut q = sqlx::query(&sql).bind(owner.as_str());
                for r in chunk {
                    q = q.bind(r.as_str());
                }
                q.execute(&mut *tx.tx).await?;
                audit::append(
                    &mut tx,
                    actor,
                    "demo.assign_owner",
                    "user",
                    owner,
                    &json!(null),
                    &json!({ "customers": chunk }),
                )
                .await?;
            }
            sqlx::query(
                "UPDATE interactions SET user_id = $1 WHERE customer_id IN \
                 (SELECT id FROM customers WHERE owner_id = $1)",
            )
            .bind(owner.as_str())
            .execute(&mut *tx.tx)
            .await?;
        }
        let mut written = 0;
        for chunk in usage.chunks(100) {
            let mut sql = String::from(
                "INSERT INTO usage_events (id, customer_id, event, quantity, occurred_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 5;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                ));
            }
            let mut q = sqlx::query(&sql);
            for u in chunk {
                let id = ids
                    .get(&u.customer_ref)
                    .ok_or(StoreError::NotFound(carewell_domain::Entity::Customer))?;
                q = q
                    .bind(new_id())
                    .bind(id.as_str())
                    .bind(u.event.as_str())
                    .bind(u.quantity)
                    .bind(u.occurred_at.as_str());
            }
            q.execute(&mut *tx.tx).await?;
            written += chunk.len() as u64;
            audit::append(
                &mut tx,
                actor,
                "demo.usage_events",
                "import",
                "demo-usage",
                &json!(null),
                &json!({ "rows": chunk.len() }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Customer ids by external reference, for the references given.
    pub async fn ids_by_external_ref(
        &self,
        refs: &[&str],
    ) -> Result<HashMap<String, String>, StoreError> {
        let mut out = HashMap::new();
        let mut unique: Vec<&str> = refs.to_vec();
        unique.sort_unstable();
        unique.dedup();
        for chunk in unique.chunks(500) {
            let mut q = crate::sql::Sql::new(
                "SELECT external_ref, id FROM customers WHERE external_ref IN (",
            );
            for (i, r) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.bind_text(r.to_string());
            }
            q.push(")");
            let rows: Vec<(String, String)> = q.fetch_all(self.pool()).await?;
            out.extend(rows);
        }
        Ok(out)
    }
}
