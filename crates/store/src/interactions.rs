//! Interactions: calls, meetings, e-mails, chats, visits, notes.

use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::interaction::{InteractionKind, Sentiment};
use carewell_domain::{Entity, Refusal};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// An interaction as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Interaction {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Key in the source system.
    pub external_ref: Option<String>,
    /// Call, meeting, e-mail, chat, visit or note.
    pub kind: InteractionKind,
    /// When it happened (UTC).
    pub occurred_at: String,
    /// The staff member who had it.
    pub user_id: Option<String>,
    /// What was said or done.
    pub summary: String,
    /// How the customer came across.
    pub sentiment: Option<Sentiment>,
    /// Recorded (UTC).
    pub created_at: String,
}

/// A validated new interaction.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInteraction {
    /// Key in the source system.
    pub external_ref: Option<String>,
    /// Kind.
    pub kind: InteractionKind,
    /// When (UTC, storage format).
    pub occurred_at: String,
    /// Staff member.
    pub user_id: Option<String>,
    /// Summary.
    pub summary: String,
    /// Sentiment.
    pub sentiment: Option<Sentiment>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    customer_id: String,
    external_ref: Option<String>,
    kind: String,
    occurred_at: String,
    user_id: Option<String>,
    summary: String,
    sentiment: Option<String>,
    created_at: String,
}

impl TryFrom<Row> for Interaction {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        let bad = |e: carewell_domain::DomainError| StoreError::Corrupt(e.to_string());
        Ok(Self {
            kind: InteractionKind::parse(&r.kind).map_err(bad)?,
            sentiment: r
                .sentiment
                .map(|s| Sentiment::parse(&s))
                .transpose()
                .map_err(bad)?,
            id: r.id,
            customer_id: r.customer_id,
            external_ref: r.external_ref,
            occurred_at: r.occurred_at,
            user_id: r.user_id,
            summary: r.summary,
            created_at: r.created_at,
        })
    }
}

const COLS: &str =
    "id, customer_id, external_ref, kind, occurred_at, user_id, summary, sentiment, created_at";

impl Store {
    /// Records an interaction.
    pub async fn add_interaction(
        &self,
        actor: &Actor,
        customer_id: &str,
        n: &NewInteraction,
    ) -> Result<Interaction, StoreError> {
        let mut tx = self.begin().await?;
        crate::checks::customer(&mut tx, customer_id).await?;
        crate::checks::user(&mut tx, "user_id", n.user_id.as_deref()).await?;
        let it = Interaction {
            id: new_id(),
            customer_id: customer_id.to_string(),
            external_ref: n.external_ref.clone(),
            kind: n.kind,
            occurred_at: n.occurred_at.clone(),
            user_id: n.user_id.clone(),
            summary: n.summary.clone(),
            sentiment: n.sentiment,
            created_at: now(),
        };
        sqlx::query(&format!(
            "INSERT INTO interactions ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ))
        .bind(&it.id)
        .bind(&it.customer_id)
        .bind(it.external_ref.as_deref())
        .bind(it.kind.as_str())
        .bind(&it.occurred_at)
        .bind(it.user_id.as_deref())
        .bind(&it.summary)
        .bind(it.sentiment.map(|s| s.as_str()))
        .bind(&it.created_at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| {
            // Customer and user were checked: the one constraint left is the external reference.
            StoreError::from(e).or_refused(Refusal::AlreadyExists {
                what: Entity::Interaction,
                key: it.external_ref.clone().unwrap_or_default(),
            })
        })?;
        audit::append(
            &mut tx,
            actor,
            "interaction.create",
            "customer",
            customer_id,
            &json!(null),
            &json!(it),
        )
        .await?;
        if carewell_domain::cadence::is_contact(it.kind) {
            crate::cadence::contact_logged(&mut tx, actor, customer_id).await?;
        }
        crate::health::queue_recompute(&mut tx, customer_id).await?;
        tx.commit().await?;
        Ok(it)
    }

    /// A customer's interactions, newest first.
    pub async fn interactions(
        &self,
        customer_id: &str,
        limit: i64,
    ) -> Result<Vec<Interaction>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM interactions WHERE customer_id = $1 ORDER BY occurred_at DESC LIMIT $2"
        ))
        .bind(customer_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
