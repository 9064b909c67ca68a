//! Storage errors.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No row with that id.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness or reference rule would be broken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The input breaks a domain rule.
    #[error(transparent)]
    Invalid(#[from] carewell_domain::DomainError),
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
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            let msg = db.message().to_string();
            if db.is_unique_violation() || db.is_foreign_key_violation() {
                return Self::Conflict(msg);
            }
            // The Any driver does not always classify SQLite errors; match the text too.
            let lower = msg.to_lowercase();
            if lower.contains("unique constraint") || lower.contains("foreign key constraint") {
                return Self::Conflict(msg);
            }
        }
        if matches!(e, sqlx::Error::RowNotFound) {
            return Self::NotFound("row");
        }
        Self::Db(e)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Corrupt(e.to_string())
    }
}
