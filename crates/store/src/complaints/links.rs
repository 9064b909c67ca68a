//! Public intake links of a customer and the satisfaction link of a complaint, issued to a
//! member of staff to hand over. Only hashes are stored: a link is shown once, to whoever
//! issues it, and issuing a new one retires the old.

use crate::links::{LinkKind, new_token, token_hash};
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::Entity;
use serde_json::json;

impl Store {
    /// Issues the customer's public complaint-form link and returns its token (shown once).
    /// A link issued before stops working.
    pub async fn complaint_link(
        &self,
        actor: &Actor,
        customer_id: &str,
    ) -> Result<String, StoreError> {
        self.customer(customer_id).await?;
        let mut tx = self.begin().await?;
        let replaced = sqlx::query("DELETE FROM complaint_links WHERE customer_id = $1")
            .bind(customer_id)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected()
            > 0;
        let (token, hash) = new_token();
        sqlx::query(
            "INSERT INTO complaint_links (token_hash, customer_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(&hash)
        .bind(customer_id)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "complaint_link.issue",
            "customer",
            customer_id,
            &json!(null),
            &json!({"link": if replaced { "replaced" } else { "created" }}),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// When the customer's current complaint-form link was issued, if one was.
    pub async fn complaint_link_issued(
        &self,
        customer_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_as::<_, (String,)>(
            "SELECT created_at FROM complaint_links WHERE customer_id = $1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?
        .map(|(t,)| t))
    }

    /// The customer a public-form link belongs to: (id, name, language).
    pub async fn customer_for_complaint_link(
        &self,
        token: &str,
    ) -> Result<(String, String, String), StoreError> {
        sqlx::query_as(
            "SELECT cu.id, cu.name, cu.language FROM complaint_links l JOIN customers cu ON cu.id = l.customer_id \
             WHERE l.token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound(Entity::Link))
    }

    /// Issues a fresh satisfaction link for a complaint and returns its path (shown once to the
    /// member of staff who hands it over, e.g. by phone or chat). The link e-mailed before
    /// stops working.
    pub async fn satisfaction_link(
        &self,
        actor: &Actor,
        complaint_id: &str,
    ) -> Result<String, StoreError> {
        let mut tx = self.begin().await?;
        let c = super::load(&mut tx, complaint_id).await?;
        if !c.status.is_resolved() {
            return Err(carewell_domain::Refusal::WrongState {
                entity: Entity::Complaint,
                status: c.status.as_str().to_string(),
                action: "satisfaction-link".into(),
                allowed: Vec::new(),
            }
            .into());
        }
        let token = crate::links::mint(&mut tx, LinkKind::Satisfaction, complaint_id).await?;
        audit::append(
            &mut tx,
            actor,
            "complaint.satisfaction_link",
            "complaint",
            complaint_id,
            &json!(null),
            &json!({"link": "issued"}),
        )
        .await?;
        tx.commit().await?;
        Ok(LinkKind::Satisfaction.path(&token))
    }
}
