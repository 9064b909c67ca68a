//! The integration event catalogue: every event type a webhook endpoint can subscribe to.
//!
//! A delivery body is `{type, occurred_at, timestamp, data}`; `data` holds ids and state only
//! (customer_id, complaint_id, status, severity, amounts in minor units + currency …), never
//! personal data (names, e-mail addresses, phone numbers, free text). Deliveries therefore stay
//! lawful after a customer is erased: nothing in them identifies a person outside Carewell.

use serde::Serialize;

/// Subscribing to this receives every event type.
pub const WILDCARD: &str = "*";

/// An event type from the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum EventType {
    /// A customer record was created.
    CustomerCreated,
    /// A customer record was changed.
    CustomerUpdated,
    /// A customer record was deleted.
    CustomerDeleted,
    /// A complaint was filed.
    ComplaintCreated,
    /// A complaint moved from one status to another (`from`, `to`).
    ComplaintStatusChanged,
    /// A complaint missed its acknowledgement or resolution deadline.
    ComplaintSlaBreached,
    /// A compensation (ledger entry) was booked.
    CompensationCreated,
    /// A pending compensation was approved or rejected.
    CompensationDecided,
    /// An offboarding case was opened.
    OffboardingOpened,
    /// The offboarding notice letter was sent.
    OffboardingNoticeSent,
    /// An offboarding case was closed (the account ended).
    OffboardingClosed,
    /// The customer's data was erased at the end of offboarding.
    OffboardingErased,
    /// A client-fit decision was recorded.
    ClientFitDecided,
    /// A survey answer asks for a call-back (NPS ≤ 6, CSAT ≤ 2, CES ≤ 2).
    SurveyDetractor,
    /// A customer's churn-risk band changed with a prediction run (`from`, `to`).
    CustomerRiskChanged,
    /// A signed checkpoint of the audit chain's head (keep it outside Carewell: it lets
    /// `carewell audit verify` detect a shortened or rewritten log).
    AuditCheckpoint,
}

impl From<EventType> for &'static str {
    fn from(e: EventType) -> Self {
        e.as_str()
    }
}

impl EventType {
    /// Every event type, in catalogue order.
    pub const ALL: [EventType; 16] = [
        EventType::CustomerCreated,
        EventType::CustomerUpdated,
        EventType::CustomerDeleted,
        EventType::ComplaintCreated,
        EventType::ComplaintStatusChanged,
        EventType::ComplaintSlaBreached,
        EventType::CompensationCreated,
        EventType::CompensationDecided,
        EventType::OffboardingOpened,
        EventType::OffboardingNoticeSent,
        EventType::OffboardingClosed,
        EventType::OffboardingErased,
        EventType::ClientFitDecided,
        EventType::SurveyDetractor,
        EventType::CustomerRiskChanged,
        EventType::AuditCheckpoint,
    ];

    /// The wire name, e.g. `complaint.status_changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::CustomerCreated => "customer.created",
            EventType::CustomerUpdated => "customer.updated",
            EventType::CustomerDeleted => "customer.deleted",
            EventType::ComplaintCreated => "complaint.created",
            EventType::ComplaintStatusChanged => "complaint.status_changed",
            EventType::ComplaintSlaBreached => "complaint.sla_breached",
            EventType::CompensationCreated => "compensation.created",
            EventType::CompensationDecided => "compensation.decided",
            EventType::OffboardingOpened => "offboarding.opened",
            EventType::OffboardingNoticeSent => "offboarding.notice_sent",
            EventType::OffboardingClosed => "offboarding.closed",
            EventType::OffboardingErased => "offboarding.erased",
            EventType::ClientFitDecided => "client_fit.decided",
            EventType::SurveyDetractor => "survey.detractor",
            EventType::CustomerRiskChanged => "customer.risk_changed",
            EventType::AuditCheckpoint => "audit.checkpoint",
        }
    }

    /// The type named `s`, if it is in the catalogue.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// What `data` carries (ids and state only).
    pub fn data_fields(self) -> &'static str {
        match self {
            EventType::CustomerCreated | EventType::CustomerUpdated => {
                "customer_id, kind, stage, language"
            }
            EventType::CustomerDeleted => "customer_id",
            EventType::ComplaintCreated => "complaint_id, customer_id, status, severity, channel",
            EventType::ComplaintStatusChanged => "complaint_id, customer_id, from, to, severity",
            EventType::ComplaintSlaBreached => "complaint_id, customer_id, timer, due_at, severity",
            EventType::CompensationCreated => {
                "entry_id, customer_id, kind, amount_minor, currency, approval, source_kind, source_id"
            }
            EventType::CompensationDecided => {
                "entry_id, customer_id, approval, amount_minor, currency"
            }
            EventType::OffboardingOpened => "case_id, customer_id, initiator, reason, status",
            EventType::OffboardingNoticeSent
            | EventType::OffboardingClosed
            | EventType::OffboardingErased => "case_id, customer_id, status",
            EventType::ClientFitDecided => {
                "decision_id, customer_id, decision, recommendation, offboarding_case_id"
            }
            EventType::SurveyDetractor => {
                "response_id, survey_id, customer_id, kind, score, task_id"
            }
            EventType::CustomerRiskChanged => "customer_id, run_id, from, to, stage",
            EventType::AuditCheckpoint => "seq, hash, at, mac_since, mac",
        }
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a subscription list (`*` or catalogue names; empty = all) receives `event`.
pub fn subscribed(types: &[String], event: &str) -> bool {
    types.is_empty() || types.iter().any(|t| t == WILDCARD || t == event)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_wildcard() {
        for e in EventType::ALL {
            assert_eq!(EventType::parse(e.as_str()), Some(e));
        }
        assert_eq!(EventType::parse("care.sms"), None);
        assert!(subscribed(&["*".into()], "customer.created"));
        assert!(subscribed(&[], "customer.created"));
        assert!(!subscribed(
            &["complaint.created".into()],
            "customer.created"
        ));
    }
}
