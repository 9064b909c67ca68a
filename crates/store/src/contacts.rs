//! Contact people of a customer (mostly for organisations).

use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::Entity;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// A contact person.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ToSchema)]
pub struct Contact {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Role at the customer, e.g. "CFO".
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// The main contact.
    pub is_primary: bool,
    /// Created (UTC).
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    customer_id: String,
    name: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    is_primary: i64,
    created_at: String,
}

impl From<Row> for Contact {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            customer_id: r.customer_id,
            name: r.name,
            role: r.role,
            email: r.email,
            phone: r.phone,
            is_primary: r.is_primary != 0,
            created_at: r.created_at,
        }
    }
}

/// A validated new contact.
#[derive(Debug, Clone, PartialEq)]
pub struct NewContact {
    /// Name.
    pub name: String,
    /// Role at the customer.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<carewell_domain::email::Email>,
    /// Phone.
    pub phone: Option<String>,
    /// The main contact.
    pub is_primary: bool,
}

impl Store {
    /// Adds a contact to a customer.
    pub async fn add_contact(
        &self,
        actor: &Actor,
        customer_id: &str,
        c: &NewContact,
    ) -> Result<Contact, StoreError> {
        let mut tx = self.begin().await?;
        let contact = Contact {
            id: new_id(),
            customer_id: customer_id.to_string(),
            name: c.name.clone(),
            role: c.role.clone(),
            email: c.email.as_ref().map(ToString::to_string),
            phone: c.phone.clone(),
            is_primary: c.is_primary,
            created_at: now(),
        };
        sqlx::query(
            "INSERT INTO contacts (id, customer_id, name, role, email, phone, is_primary, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&contact.id)
        .bind(&contact.customer_id)
        .bind(&contact.name)
        .bind(contact.role.as_deref())
        .bind(contact.email.as_deref())
        .bind(contact.phone.as_deref())
        .bind(i64::from(contact.is_primary))
        .bind(&contact.created_at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            // The one reference: the customer.
            e if e.is_constraint() => StoreError::NotFound(Entity::Customer),
            other => other,
        })?;
        audit::append(
            &mut tx,
            actor,
            "contact.create",
            "customer",
            customer_id,
            &json!(null),
            &json!(contact),
        )
        .await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// A customer's contacts, primary first.
    pub async fn contacts(&self, customer_id: &str) -> Result<Vec<Contact>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, customer_id, name, role, email, phone, is_primary, created_at FROM contacts \
             WHERE customer_id = $1 ORDER BY is_primary DESC, name",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Removes a contact.
    pub async fn delete_contact(
        &self,
        actor: &Actor,
        customer_id: &str,
        contact_id: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let before: Option<Row> = sqlx::query_as(
            "SELECT id, customer_id, name, role, email, phone, is_primary, created_at FROM contacts WHERE id = $1 AND customer_id = $2",
        )
        .bind(contact_id)
        .bind(customer_id)
        .fetch_optional(&mut *tx.tx)
        .await?;
        let before = Contact::from(before.ok_or(StoreError::NotFound(Entity::Contact))?);
        sqlx::query("DELETE FROM contacts WHERE id = $1")
            .bind(contact_id)
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "contact.delete",
            "customer",
            customer_id,
            &json!(before),
            &json!(null),
        )
        .await?;
        tx.commit().await
    }
}
