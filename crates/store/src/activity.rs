//! Commercial facts on a customer's timeline: transactions, contracts and usage events.

use crate::checks;
use crate::clearance::{self, Clearance};
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::interaction::Renewal;
use carewell_domain::money::Money;
use carewell_domain::{Entity, Refusal};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// A purchase, payment or refund.
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow, ToSchema)]
pub struct Transaction {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Key in the source system.
    pub external_ref: Option<String>,
    /// Amount in minor units (cents); negative for refunds.
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// When (UTC).
    pub occurred_at: String,
    /// What it was for.
    pub description: Option<String>,
}

/// A validated new transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTransaction {
    /// Key in the source system.
    pub external_ref: Option<String>,
    /// Amount.
    pub amount: Money,
    /// When (UTC, storage format).
    pub occurred_at: String,
    /// What it was for.
    pub description: Option<String>,
}

/// A contract with a customer.
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow, ToSchema)]
pub struct Contract {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Key in the source system.
    pub external_ref: Option<String>,
    /// Plan or contract name.
    pub name: String,
    /// First day (YYYY-MM-DD).
    pub start_date: String,
    /// Last day, if fixed.
    pub end_date: Option<String>,
    /// Value in minor units.
    pub value_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// auto, manual or none.
    pub renewal: String,
    /// Recorded (UTC).
    pub created_at: String,
}

/// A validated new contract.
#[derive(Debug, Clone, PartialEq)]
pub struct NewContract {
    /// Key in the source system.
    pub external_ref: Option<String>,
    /// Plan name.
    pub name: String,
    /// First day.
    pub start_date: chrono::NaiveDate,
    /// Last day.
    pub end_date: Option<chrono::NaiveDate>,
    /// Value.
    pub value: Money,
    /// Renewal.
    pub renewal: Renewal,
}

/// A product-usage event.
#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow, ToSchema)]
pub struct UsageEvent {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Event name, e.g. `login`.
    pub event: String,
    /// How much.
    pub quantity: f64,
    /// When (UTC).
    pub occurred_at: String,
}

/// A refused insert of a customer's record: the customer was checked first, so the one
/// constraint left is the record's external reference.
fn taken(what: Entity, external_ref: Option<&str>) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| {
        StoreError::from(e).or_refused(Refusal::AlreadyExists {
            what,
            key: external_ref.unwrap_or_default().to_string(),
        })
    }
}

impl Store {
    /// Records a transaction.
    pub async fn add_transaction(
        &self,
        actor: &Actor,
        customer_id: &str,
        n: &NewTransaction,
    ) -> Result<Transaction, StoreError> {
        let t = Transaction {
            id: new_id(),
            customer_id: customer_id.into(),
            external_ref: n.external_ref.clone(),
            amount_minor: n.amount.minor,
            currency: n.amount.currency.as_str().into(),
            occurred_at: n.occurred_at.clone(),
            description: n.description.clone(),
        };
        let mut tx = self.begin().await?;
        checks::customer(&mut tx, customer_id).await?;
        sqlx::query(
            "INSERT INTO transactions (id, customer_id, external_ref, amount_minor, currency, occurred_at, description) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&t.id)
        .bind(&t.customer_id)
        .bind(t.external_ref.as_deref())
        .bind(t.amount_minor)
        .bind(&t.currency)
        .bind(&t.occurred_at)
        .bind(t.description.as_deref())
        .execute(&mut *tx.tx)
        .await
        .map_err(taken(Entity::Transaction, t.external_ref.as_deref()))?;
        audit::append(
            &mut tx,
            actor,
            "transaction.create",
            "customer",
            customer_id,
            &json!(null),
            &json!(t),
        )
        .await?;
        tx.commit().await?;
        Ok(t)
    }

    /// A customer's transactions, newest first. Refused ([`Refusal::Restricted`]) to readers
    /// without clearance while a retention hold runs on them.
    pub async fn transactions(
        &self,
        who: Clearance,
        customer_id: &str,
        limit: i64,
    ) -> Result<Vec<Transaction>, StoreError> {
        clearance::check(self.pool(), who, customer_id).await?;
        Ok(sqlx::query_as(
            "SELECT id, customer_id, external_ref, amount_minor, currency, occurred_at, description FROM transactions \
             WHERE customer_id = $1 ORDER BY occurred_at DESC LIMIT $2",
        )
        .bind(customer_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Records a contract.
    pub async fn add_contract(
        &self,
        actor: &Actor,
        customer_id: &str,
        n: &NewContract,
    ) -> Result<Contract, StoreError> {
        let c = Contract {
            id: new_id(),
            customer_id: customer_id.into(),
            external_ref: n.external_ref.clone(),
            name: n.name.clone(),
            start_date: n.start_date.to_string(),
            end_date: n.end_date.map(|d| d.to_string()),
            value_minor: n.value.minor,
            currency: n.value.currency.as_str().into(),
            renewal: n.renewal.as_str().into(),
            created_at: now(),
        };
        let mut tx = self.begin().await?;
        checks::customer(&mut tx, customer_id).await?;
        sqlx::query(
            "INSERT INTO contracts (id, customer_id, external_ref, name, start_date, end_date, value_minor, currency, renewal, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&c.id)
        .bind(&c.customer_id)
        .bind(c.external_ref.as_deref())
        .bind(&c.name)
        .bind(&c.start_date)
        .bind(c.end_date.as_deref())
        .bind(c.value_minor)
        .bind(&c.currency)
        .bind(&c.renewal)
        .bind(&c.created_at)
        .execute(&mut *tx.tx)
        .await
        .map_err(taken(Entity::Contract, c.external_ref.as_deref()))?;
        audit::append(
            &mut tx,
            actor,
            "contract.create",
            "customer",
            customer_id,
            &json!(null),
            &json!(c),
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    /// A customer's contracts, newest first. Refused ([`Refusal::Restricted`]) to readers
    /// without clearance while a retention hold runs on them.
    pub async fn contracts(
        &self,
        who: Clearance,
        customer_id: &str,
    ) -> Result<Vec<Contract>, StoreError> {
        clearance::check(self.pool(), who, customer_id).await?;
        Ok(sqlx::query_as(
            "SELECT id, customer_id, external_ref, name, start_date, end_date, value_minor, currency, renewal, created_at \
             FROM contracts WHERE customer_id = $1 ORDER BY start_date DESC",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Records a usage event.
    pub async fn add_usage(
        &self,
        actor: &Actor,
        customer_id: &str,
        event: &str,
        quantity: f64,
        occurred_at: &str,
    ) -> Result<UsageEvent, StoreError> {
        let u = UsageEvent {
            id: new_id(),
            customer_id: customer_id.into(),
            event: event.into(),
            quantity,
            occurred_at: occurred_at.into(),
        };
        let mut tx = self.begin().await?;
        checks::customer(&mut tx, customer_id).await?;
        sqlx::query("INSERT INTO usage_events (id, customer_id, event, quantity, occurred_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&u.id)
            .bind(&u.customer_id)
            .bind(&u.event)
            .bind(u.quantity)
            .bind(&u.occurred_at)
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "usage.create",
            "customer",
            customer_id,
            &json!(null),
            &json!(u),
        )
        .await?;
        tx.commit().await?;
        Ok(u)
    }
}
