//! Storage errors. A refusal is typed ([`Refusal`]) and an invalid value is a [`DomainError`]
//! with a code: the app renders both in the reader's language. A database constraint that no
//! rule explains becomes [`Refusal::Conflict`]; its text is logged here and never sent on.

use carewell_domain::{DomainError, Entity, Refusal, Rejection};

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record.
    #[error("{} not found", .0.as_str())]
    NotFound(Entity),
    /// The current state refuses the change (or, [`Refusal::Restricted`], the read).
    #[error("refused: {0}")]
    Refused(Refusal),
    /// The input breaks a domain rule.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// The input breaks several domain rules (every one reported).
    #[error("{} fields are not valid", .0.len())]
    InvalidAll(Vec<DomainError>),
    /// Could not reach or open the database.
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(String),
    /// Stored data could not be read back (corrupt JSON and the like).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Db(sqlx::Error),
}

impl StoreError {
    pub(crate) fn connect(e: sqlx::Error) -> Self {
        Self::Connect(e.to_string())
    }

    /// Whether this is the unexplained-constraint refusal (a unique key or reference broken).
    pub fn is_constraint(&self) -> bool {
        matches!(self, Self::Refused(Refusal::Conflict))
    }

    /// Turns an unexplained constraint violation into `refusal` (for a statement whose only
    /// constraint means exactly that); other errors pass unchanged.
    pub(crate) fn or_refused(self, refusal: Refusal) -> Self {
        if self.is_constraint() {
            Self::Refused(refusal)
        } else {
            self
        }
    }
}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        Self::Refused(r)
    }
}

impl From<Vec<DomainError>> for StoreError {
    fn from(mut es: Vec<DomainError>) -> Self {
        if es.len() == 1 {
            Self::Invalid(es.remove(0))
        } else {
            Self::InvalidAll(es)
        }
    }
}

impl From<Rejection> for StoreError {
    fn from(r: Rejection) -> Self {
        match r {
            Rejection::Invalid(e) => Self::Invalid(e),
            Rejection::Refused(r) => Self::Refused(r),
        }
    }
}

/// Whether a database error is a unique-key or foreign-key violation. PostgreSQL says so by
/// SQLSTATE class 23; through sqlx's Any driver SQLite errors are not always classified, so
/// SQLite's extended result codes (SQLITE_CONSTRAINT_*: 19 + n·256) are checked too.
fn is_constraint(db: &dyn sqlx::error::DatabaseError) -> bool {
    if db.is_unique_violation() || db.is_foreign_key_violation() {
        return true;
    }
    match db.code() {
        Some(code) => {
            code.starts_with("23")
                || code
                    .parse::<i64>()
                    .is_ok_and(|c| c == 19 || (c & 0xff) == 19)
        }
        None => false,
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && is_constraint(db.as_ref())
        {
            tracing::warn!(detail = %db.message(), "a database constraint refused a change");
            return Self::Refused(Refusal::Conflict);
        }
        if matches!(e, sqlx::Error::RowNotFound) {
            return Self::NotFound(Entity::Record);
        }
        Self::Db(e)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Corrupt(e.to_string())
    }
}
