//! The error every domain parser and rule returns.

/// A rule was broken by input; the message is safe to show to a user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct DomainError {
    /// The field (or CSV column) at fault.
    pub field: String,
    /// Why the value was refused, in plain words.
    pub reason: String,
}

impl DomainError {
    /// Builds an error for `field` with a human-readable `reason`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}
