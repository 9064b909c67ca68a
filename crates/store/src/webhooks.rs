//! Webhook endpoints: where signed event notifications go (SMS/IM gateways, integrations).
//! The signing secret is kept in clear because every delivery needs it; it is shown to the
//! admin once, at creation, and never returned by reads.

use crate::{Actor, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::Entity;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// A webhook endpoint, without its secret.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Endpoint {
    /// Id (UUIDv7).
    pub id: String,
    /// Where deliveries are POSTed.
    pub url: String,
    /// Event types it receives; empty or `*` means all.
    pub event_types: Vec<String>,
    /// What it is for.
    pub description: String,
    /// Whether deliveries are made.
    pub active: bool,
    /// Created (UTC).
    pub created_at: String,
}

impl Endpoint {
    /// Whether this endpoint wants `event`.
    pub fn wants(&self, event: &str) -> bool {
        self.active && carewell_domain::events::subscribed(&self.event_types, event)
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    url: String,
    event_types: String,
    description: String,
    active: i64,
    created_at: String,
}

impl TryFrom<Row> for Endpoint {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Endpoint {
            id: r.id,
            url: r.url,
            event_types: serde_json::from_str(&r.event_types)?,
            description: r.description,
            active: r.active != 0,
            created_at: r.created_at,
        })
    }
}

const COLS: &str = "id, url, event_types, description, active, created_at";

impl Store {
    /// Adds an endpoint with its signing secret (`whsec_…`, made by the caller). Audited
    /// without the secret.
    pub async fn create_webhook_endpoint(
        &self,
        actor: &Actor,
        url: &str,
        secret: &str,
        event_types: &[String],
        description: &str,
    ) -> Result<Endpoint, StoreError> {
        let id = new_id();
        let at = now();
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, url, secret, event_types, description, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6, $6)",
        )
        .bind(&id)
        .bind(url)
        .bind(secret)
        .bind(serde_json::to_string(event_types)?)
        .bind(description)
        .bind(&at)
        .execute(&mut *tx.tx)
        .await?;
        let ep = Endpoint {
            id: id.clone(),
            url: url.into(),
            event_types: event_types.to_vec(),
            description: description.into(),
            active: true,
            created_at: at,
        };
        audit::append(
            &mut tx,
            actor,
            "webhook.create",
            "webhook_endpoint",
            &id,
            &json!(null),
            &serde_json::to_value(&ep)?,
        )
        .await?;
        tx.commit().await?;
        Ok(ep)
    }

    /// Every endpoint, oldest first.
    pub async fn webhook_endpoints(&self) -> Result<Vec<Endpoint>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM webhook_endpoints ORDER BY created_at, id"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Endpoint::try_from).collect()
    }

    /// One endpoint.
    pub async fn webhook_endpoint(&self, id: &str) -> Result<Endpoint, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM webhook_endpoints WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound(Entity::WebhookEndpoint))?
            .try_into()
    }

    /// The endpoint's URL and signing secret, for delivery.
    pub async fn webhook_target(&self, id: &str) -> Result<(Endpoint, String), StoreError> {
        let ep = self.webhook_endpoint(id).await?;
        let (secret,): (String,) =
            sqlx::query_as("SELECT secret FROM webhook_endpoints WHERE id = $1")
                .bind(id)
                .fetch_one(self.pool())
                .await?;
        Ok((ep, secret))
    }

    /// Enables or disables an endpoint (disabled endpoints receive no new messages). Audited.
    pub async fn set_webhook_active(
        &self,
        actor: &Actor,
        id: &str,
        active: bool,
    ) -> Result<Endpoint, StoreError> {
        let before = self.webhook_endpoint(id).await?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE webhook_endpoints SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(active))
            .bind(now())
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            if active {
                "webhook.enable"
            } else {
                "webhook.disable"
            },
            "webhook_endpoint",
            id,
            &json!({"active": before.active}),
            &json!({"active": active}),
        )
        .await?;
        tx.commit().await?;
        self.webhook_endpoint(id).await
    }
}

/// Active endpoints subscribed to `event`, read inside the caller's transaction.
pub async fn subscribed(tx: &mut Tx<'_>, event: &str) -> Result<Vec<Endpoint>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM webhook_endpoints WHERE active = 1 ORDER BY created_at, id"
    ))
    .fetch_all(&mut *tx.tx)
    .await?;
    let all: Result<Vec<Endpoint>, _> = rows.into_iter().map(Endpoint::try_from).collect();
    Ok(all?.into_iter().filter(|e| e.wants(event)).collect())
}

/// How an endpoint's deliveries have gone lately.
#[derive(Debug, Clone, Default, Serialize, PartialEq, ToSchema)]
pub struct EndpointHealth {
    /// When the newest delivery attempt was made (UTC), if any.
    pub last_at: Option<String>,
    /// Its result: `sent`, `failed` (will be retried) or `dead` (given up); `queued` when
    /// the newest message has not been tried yet.
    pub last_status: Option<String>,
    /// Why it failed (the receiver's status or the network error), if it did.
    pub last_reason: Option<String>,
    /// Failed attempts in the last 7 days.
    pub failures_7d: i64,
}

impl EndpointHealth {
    /// Whether the newest delivery failed (the endpoint needs a look).
    pub fn failing(&self) -> bool {
        matches!(self.last_status.as_deref(), Some("failed" | "dead"))
    }
}

impl Store {
    /// The recent delivery results of endpoint `id` (from the outbox and its log).
    pub async fn webhook_health(&self, id: &str) -> Result<EndpointHealth, StoreError> {
        let last: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT o.id, o.status, o.reason, \
               (SELECT MAX(l.at) FROM outbox_log l WHERE l.message_id = o.id) \
             FROM outbox o WHERE o.channel = 'webhook' AND o.recipient = $1 \
             ORDER BY o.created_at DESC, o.id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let since = carewell_domain::time::fmt_ts(chrono::Utc::now() - chrono::Duration::days(7));
        let (failures,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM outbox o JOIN outbox_log l ON l.message_id = o.id \
             WHERE o.channel = 'webhook' AND o.recipient = $1 AND o.created_at >= $2 \
               AND l.status IN ('failed', 'dead')",
        )
        .bind(id)
        .bind(&since)
        .fetch_one(self.pool())
        .await?;
        Ok(match last {
            Some((_, status, reason, at)) => EndpointHealth {
                last_at: at,
                last_status: Some(status),
                last_reason: reason,
                failures_7d: failures,
            },
            None => EndpointHealth {
                failures_7d: failures,
                ..EndpointHealth::default()
            },
        })
    }
}
