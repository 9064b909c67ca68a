//! Integration events: [`emit`] fans one catalogue event
//! ([`carewell_domain::events::EventType`]) out to the subscribed webhook endpoints, in the
//! caller's transaction, so a rolled-back change emits nothing. The builders below put ids
//! and state only into `data` — never names, e-mail addresses or free text.

use crate::complaints::Complaint;
use crate::customers::Customer;
use crate::ledger::LedgerEntry;
use crate::offboarding::OffboardingCase;
use crate::{StoreError, Tx, outbox};
use carewell_domain::events::EventType;
use serde_json::{Value, json};

/// Enqueues `event` with `data` to every endpoint subscribed to it. The idempotency key is
/// `event:{type}:{entity_id}:{seq}` (`seq` tells apart repeated changes of one entity, e.g. the
/// new status and time), so retrying the same change does not deliver it twice.
pub async fn emit(
    tx: &mut Tx<'_>,
    event: EventType,
    entity_id: &str,
    seq: &str,
    data: Value,
) -> Result<Vec<String>, StoreError> {
    let key = format!("event:{event}:{entity_id}:{seq}");
    outbox::enqueue_event(tx, &key, event.as_str(), &data, None).await
}

/// `data` for customer events.
pub fn customer_data(c: &Customer) -> Value {
    json!({"customer_id": c.id, "kind": c.kind, "stage": c.stage, "language": c.language})
}

/// `data` for complaint events.
pub fn complaint_data(c: &Complaint) -> Value {
    json!({"complaint_id": c.id, "customer_id": c.customer_id, "status": c.status,
        "severity": c.severity, "channel": c.channel})
}

/// `data` for compensation events.
pub fn compensation_data(e: &LedgerEntry) -> Value {
    json!({"entry_id": e.id, "customer_id": e.customer_id, "kind": e.kind,
        "amount_minor": e.amount_minor, "currency": e.currency, "approval": e.approval,
        "source_kind": e.source_kind, "source_id": e.source_id})
}

/// `data` for offboarding events.
pub fn offboarding_data(c: &OffboardingCase) -> Value {
    json!({"case_id": c.id, "customer_id": c.customer_id, "initiator": c.initiator,
        "reason": c.reason, "status": c.status})
}
