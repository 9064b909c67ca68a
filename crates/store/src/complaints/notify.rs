//! Customer-facing messages of a complaint: the addressee, the reference and links, the
//! outbox message with its idempotency key.

use super::{Complaint, insert_event, reference};
use crate::links::LinkKind;
use crate::outbox::{self, NewMessage};
use crate::{StoreError, Tx};
use carewell_domain::complaint::workflow::CustomerMessage;
use carewell_domain::messaging::MessageClass;
use serde_json::json;

/// Where and how to reach the customer of a complaint, read in the caller's transaction.
pub(crate) struct Addressee {
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) language: String,
    pub(crate) agent: String,
}

pub(crate) async fn addressee(
    tx: &mut Tx<'_>,
    c: &Complaint,
    actor_id: &str,
) -> Result<Addressee, StoreError> {
    let (name, email, language, contact): (String, Option<String>, String, Option<String>) =
        sqlx::query_as(
            "SELECT cu.name, cu.email, cu.language, \
             (SELECT ct.email FROM contacts ct WHERE ct.customer_id = cu.id AND ct.email IS NOT NULL \
              ORDER BY ct.is_primary DESC, ct.created_at LIMIT 1) \
             FROM customers cu WHERE cu.id = $1",
        )
        .bind(&c.customer_id)
        .fetch_one(&mut *tx.tx)
        .await?;
    // The owner looks after it; without one, the person who acted.
    let agent: Option<(String,)> = sqlx::query_as("SELECT name FROM users WHERE id = $1")
        .bind(c.owner_id.as_deref().unwrap_or(actor_id))
        .fetch_optional(&mut *tx.tx)
        .await?;
    Ok(Addressee {
        name,
        email: email
            .filter(|e| !e.trim().is_empty())
            .or(contact)
            .unwrap_or_default(),
        language,
        agent: agent.map(|(n,)| n).unwrap_or_default(),
    })
}

/// The idempotency key of a customer message. One per transition (`at` is the transition's
/// stamp), except the satisfaction question: one per resolution, whichever of the follow-up
/// and the follow-up timer comes first.
pub fn message_key(c: &Complaint, msg: CustomerMessage, at: &str) -> String {
    let at = match (msg, &c.resolved_at) {
        (CustomerMessage::Satisfaction, Some(r)) => r.as_str(),
        _ => at,
    };
    format!("complaint:{}:{}:{at}", c.id, msg.template())
}

/// A customer-facing message, called in the transaction of the change that causes it: recorded
/// in the complaint's history and enqueued in the outbox (class `service`, e-mail in the
/// customer's language) with the key [`message_key`]. Returns whether a new message was queued.
pub(crate) async fn notify_customer(
    tx: &mut Tx<'_>,
    c: &Complaint,
    msg: CustomerMessage,
    at: &str,
    note: Option<&str>,
    actor_id: &str,
) -> Result<bool, StoreError> {
    let to = addressee(tx, c, actor_id).await?;
    let template = msg.template();
    let args = json!({
        "name": to.name,
        "subject": c.subject,
        "agent": to.agent,
        "reference": reference(&c.id),
        "demand": c.demand.clone().unwrap_or_default(),
        "resolution": c.resolution.clone().unwrap_or_default(),
        "note": note.unwrap_or_default(),
    });
    let event = template.replacen("complaint-", "complaint.", 1);
    let m = NewMessage::email(
        message_key(c, msg, at),
        &to.email,
        &to.language,
        MessageClass::Service,
        &event,
        template,
        args,
    )
    .for_customer(&c.customer_id);
    // The satisfaction question and "we need something from you" carry a fresh link (the
    // deliverer makes it absolute on the configured `base_url`): to the question, and to the
    // customer's conversation page to answer; it never sits in the arguments staff can read.
    let m = match msg {
        CustomerMessage::Satisfaction => m.with_link(LinkKind::Satisfaction, &c.id),
        CustomerMessage::Waiting => m.with_link(LinkKind::Thread, &c.id),
        _ => m,
    };
    let queued = outbox::enqueue(tx, &m).await?;
    if let Some(message_id) = &queued {
        super::thread::record_sent(tx, c, message_id, at).await?;
    }
    let queued = queued.is_some();
    if queued {
        insert_event(
            tx,
            &c.id,
            at,
            "system",
            "message",
            None,
            c.status,
            Some(template),
        )
        .await?;
    }
    Ok(queued)
}
