//! Argon2id password hashing.

use crate::web::error::AppError;
use crate::web::i18n::Tr;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use carewell_domain::Code;

/// Minimum password length.
pub const MIN_LEN: usize = 10;

/// Why a password was not hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordError {
    /// Shorter than [`MIN_LEN`].
    TooShort,
    /// The hasher failed (its words).
    Hash(String),
}

impl PasswordError {
    /// As a refusal of the form field `field`.
    pub fn invalid(self, field: &str) -> AppError {
        match self {
            Self::TooShort => AppError::invalid(field, Code::TooShort { min: MIN_LEN }),
            Self::Hash(e) => AppError::Internal(e),
        }
    }
}

impl std::fmt::Display for PasswordError {
    /// In English, for the operator's command line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooShort => write!(
                f,
                "password: {}",
                Tr::default().code(&Code::TooShort { min: MIN_LEN })
            ),
            Self::Hash(e) => write!(f, "password hashing failed: {e}"),
        }
    }
}

impl std::error::Error for PasswordError {}

/// Hashes a password (PHC string). Refuses passwords shorter than [`MIN_LEN`].
pub fn hash(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_LEN {
        return Err(PasswordError::TooShort);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Checks a password against a stored hash.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so timing does not reveal it.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9n0bQoK2tQh3cL3xR2Ydx8qUo3wLdVv4r6w0b0n9YyE"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_verifies() {
        let h = hash("correct horse battery").unwrap_or_default();
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(hash("short").is_err());
        assert!(!verify("x", dummy_hash()));
    }
}
