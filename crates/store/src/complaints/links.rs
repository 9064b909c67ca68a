//! Public intake links of a customer.

use super::random_token;
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::Entity;
use serde_json::json;

impl Store {
    /// The customer's public complaint-form link token, created on first use.
    pub async fn complaint_link(
        &self,
        actor: &Actor,
        customer_id: &str,
    ) -> Result<String, StoreError> {
        if let Some((t,)) = sqlx::query_as::<_, (String,)>(
            "SELECT token FROM complaint_links WHERE customer_id = $1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?
        {
            return Ok(t);
        }
        self.customer(customer_id).await?;
        let mut tx = self.begin().await?;
        let token = random_token();
        sqlx::query(
            "INSERT INTO complaint_links (token, customer_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(&token)
        .bind(customer_id)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "complaint_link.create",
            "customer",
            customer_id,
            &json!(null),
            &json!({"link": "created"}),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The customer's public complaint-form link token, if one was made.
    pub async fn existing_complaint_link(
        &self,
        customer_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_as::<_, (String,)>(
            "SELECT token FROM complaint_links WHERE customer_id = $1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?
        .map(|(t,)| t))
    }

    /// Replaces the customer's link (the old one stops working).
    pub async fn rotate_complaint_link(
        &self,
        actor: &Actor,
        customer_id: &str,
    ) -> Result<String, StoreError> {
        self.customer(customer_id).await?;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM complaint_links WHERE customer_id = $1")
            .bind(customer_id)
            .execute(&mut *tx.tx)
            .await?;
        let token = random_token();
        sqlx::query(
            "INSERT INTO complaint_links (token, customer_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(&token)
        .bind(customer_id)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "complaint_link.rotate",
            "customer",
            customer_id,
            &json!(null),
            &json!({"link": "rotated"}),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The customer a public-form link belongs to: (id, name, language).
    pub async fn customer_for_complaint_link(
        &self,
        token: &str,
    ) -> Result<(String, String, String), StoreError> {
        sqlx::query_as(
            "SELECT cu.id, cu.name, cu.language FROM complaint_links l JOIN customers cu ON cu.id = l.customer_id \
             WHERE l.token = $1",
        )
        .bind(token)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Link))
    }
}
