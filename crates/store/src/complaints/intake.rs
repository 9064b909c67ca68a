//! Recording a new complaint (staff intake and the public form).

use super::{Complaint, insert_event, load, timers};
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::workflow::Status;
use carewell_domain::error::{Code, DomainError, Entity};
use carewell_domain::events::EventType;
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

impl Store {
    /// Records a new complaint (status `new`, SLA clock started). The owner defaults to the
    /// customer's owner.
    pub async fn create_complaint(
        &self,
        actor: &Actor,
        input: &ComplaintInput,
        owner_id: Option<&str>,
    ) -> Result<Complaint, StoreError> {
        self.create_complaint_received(actor, input, owner_id, None)
            .await
    }

    /// Records a complaint received at `received_at` (a letter that arrived yesterday, an
    /// import); the SLA clock starts then. Not in the future.
    pub async fn create_complaint_received(
        &self,
        actor: &Actor,
        input: &ComplaintInput,
        owner_id: Option<&str>,
        received_at: Option<DateTime<Utc>>,
    ) -> Result<Complaint, StoreError> {
        if received_at.is_some_and(|t| t > Utc::now() + Duration::minutes(5)) {
            return Err(DomainError::new("received_at", Code::InFuture).into());
        }
        let mut tx = self.begin().await?;
        let c = intake_in(&mut tx, actor, input, owner_id, received_at, None).await?;
        tx.commit().await?;
        Ok(c)
    }
}

/// Records a new complaint in the caller's transaction (see
/// [`Store::create_complaint_received`]); `source_message_id` is the Message-ID of the inbound
/// e-mail that opened it, if one did.
pub(crate) async fn intake_in(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    input: &ComplaintInput,
    owner_id: Option<&str>,
    received_at: Option<DateTime<Utc>>,
    source_message_id: Option<&str>,
) -> Result<Complaint, StoreError> {
    let owner: Option<(Option<String>,)> =
        sqlx::query_as("SELECT owner_id FROM customers WHERE id = $1")
            .bind(&input.customer_id)
            .fetch_optional(&mut *tx.tx)
            .await?;
    let Some((customer_owner,)) = owner else {
        return Err(StoreError::NotFound(Entity::Customer));
    };
    crate::checks::user(tx, "owner_id", owner_id).await?;
    let owner = owner_id.map(str::to_string).or(customer_owner);
    let id = new_id();
    let at = received_at.map(fmt_ts).unwrap_or_else(now);
    sqlx::query(
            "INSERT INTO complaints (id, customer_id, channel, category, severity, subject, description, \
             attachments, status, owner_id, satisfaction_hash, created_at, updated_at, source_message_id, \
             last_customer_message_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $12)",
        )
        .bind(&id)
        .bind(&input.customer_id)
        .bind(input.channel.as_str())
        .bind(input.category.as_str())
        .bind(input.severity.as_str())
        .bind(&input.subject)
        .bind(&input.description)
        .bind(serde_json::to_string(&input.attachments)?)
        .bind(Status::New.as_str())
        .bind(owner.as_deref())
        // No satisfaction link yet: a random value no token hashes to.
        .bind(crate::links::new_token().1)
        .bind(&at)
        .bind(source_message_id)
        .execute(&mut *tx.tx)
        .await?;
    insert_event(
        tx,
        &id,
        &at,
        &actor.label,
        "created",
        None,
        Status::New,
        None,
    )
    .await?;
    let mut c = load(tx, &id).await?;
    super::store_sla_due(tx, &mut c).await?;
    timers::schedule_sla(tx, &c, Utc::now()).await?;
    audit::append(
        tx,
        actor,
        "complaint.create",
        "complaint",
        &id,
        &json!(null),
        &json!(c),
    )
    .await?;
    let data = crate::events::complaint_data(&c);
    crate::events::emit(tx, EventType::ComplaintCreated, &id, "0", data).await?;
    crate::health::queue_recompute(tx, &c.customer_id).await?;
    Ok(c)
}
