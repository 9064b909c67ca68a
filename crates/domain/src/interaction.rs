//! Interactions with a customer, and the other timeline facts (transactions, contracts, usage).

use crate::DomainError;
use crate::customer::string_enum;
use serde::{Deserialize, Serialize};

string_enum!(
    /// How the staff member and the customer were in touch.
    InteractionKind, "kind" {
        /// Phone call.
        Call = "call",
        /// Meeting in person or by video.
        Meeting = "meeting",
        /// E-mail.
        Email = "email",
        /// Chat or instant message.
        Chat = "chat",
        /// Visit to the customer.
        Visit = "visit",
        /// Internal note.
        Note = "note",
    }
);

string_enum!(
    /// How the customer came across.
    Sentiment, "sentiment" {
        /// Pleased.
        Positive = "positive",
        /// Neither.
        Neutral = "neutral",
        /// Unhappy.
        Negative = "negative",
    }
);

string_enum!(
    /// How a contract renews.
    Renewal, "renewal" {
        /// Renews by itself unless cancelled.
        Auto = "auto",
        /// Renews only when both sides agree.
        Manual = "manual",
        /// Ends on its end date.
        None = "none",
    }
);

/// Validates an interaction summary: 1–10,000 characters.
pub fn parse_summary(raw: &str) -> Result<String, DomainError> {
    crate::customer::parse_text("summary", raw, 10_000)
}
