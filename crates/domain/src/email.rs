//! E-mail addresses.

use crate::error::{Code, DomainError, Format};
use serde::{Deserialize, Serialize};

/// A syntactically plausible e-mail address, trimmed and with a lower-case domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a dotted domain, no spaces.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim();
        let bad = || crate::customer::malformed("email", s, Format::Email);
        if s.chars().count() > 254 {
            return Err(DomainError::new("email", Code::TooLong { max: 254 }));
        }
        let (local, domain) = s.split_once('@').ok_or_else(bad)?;
        if local.is_empty() || domain.is_empty() || domain.contains('@') {
            return Err(bad());
        }
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        {
            return Err(DomainError::new(
                "email",
                Code::ForbiddenCharacters {
                    value: s.to_string(),
                    chars: "<> ".into(),
                },
            ));
        }
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(bad());
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(
            Email::parse(" Mari@Example.EE ").map(|e| e.0),
            Ok("Mari@example.ee".to_string())
        );
    }

    #[test]
    fn refuses_junk() {
        for bad in [
            "", "a", "a@", "@b.c", "a@b", "a b@c.d", "a@b@c.d", "<a@b.c>",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
