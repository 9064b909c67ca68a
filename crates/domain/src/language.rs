//! Customer and UI languages (BCP 47 tags).

use crate::DomainError;
use serde::{Deserialize, Serialize};

/// Languages Carewell ships customer-facing text for; anything else falls back to English.
pub const SHIPPED: [&str; 3] = ["en", "zh-CN", "et"];

/// A well-formed BCP 47 language tag such as `en`, `zh-CN` or `et`, in canonical case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Language(String);

impl Language {
    /// Parses a tag: a 2–3 letter primary language, then optional subtags of 2–8 alphanumerics.
    /// `zh_cn` and `ZH-cn` both become `zh-CN`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim().replace('_', "-");
        let mut parts = s.split('-');
        let primary = parts.next().unwrap_or_default();
        let bad = || crate::customer::malformed("language", raw.trim(), crate::Format::Language);
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(bad());
        }
        let mut out = primary.to_ascii_lowercase();
        for sub in parts {
            if !(2..=8).contains(&sub.len()) || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad());
            }
            out.push('-');
            match sub.len() {
                2 => out.push_str(&sub.to_ascii_uppercase()),
                4 => {
                    let mut cs = sub.chars();
                    if let Some(first) = cs.next() {
                        out.push(first.to_ascii_uppercase());
                    }
                    out.push_str(&cs.as_str().to_ascii_lowercase());
                }
                _ => out.push_str(&sub.to_ascii_lowercase()),
            }
        }
        Ok(Self(out))
    }

    /// English, the fallback language.
    pub fn en() -> Self {
        Self("en".into())
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The shipped language to use for this customer: exact match, then same primary
    /// language (`zh-Hans-CN`, `zh` → `zh-CN`; `et-EE` → `et`), else `en`.
    pub fn shipped(&self) -> &'static str {
        if let Some(s) = SHIPPED.iter().find(|s| **s == self.0) {
            return s;
        }
        let primary = self.0.split('-').next().unwrap_or("en");
        SHIPPED
            .iter()
            .find(|s| s.split('-').next() == Some(primary))
            .copied()
            .unwrap_or("en")
    }
}

impl TryFrom<String> for Language {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Language> for String {
    fn from(value: Language) -> Self {
        value.0
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises() {
        assert_eq!(Language::parse("zh_cn").map(|l| l.0), Ok("zh-CN".into()));
        assert_eq!(
            Language::parse("zh-hans-cn").map(|l| l.0),
            Ok("zh-Hans-CN".into())
        );
        assert_eq!(Language::parse("ET").map(|l| l.0), Ok("et".into()));
    }

    #[test]
    fn shipped_fallbacks() {
        let l = |s| Language::parse(s).map(|l| l.shipped());
        assert_eq!(l("zh-Hans-CN"), Ok("zh-CN"));
        assert_eq!(l("et-EE"), Ok("et"));
        assert_eq!(l("fr"), Ok("en"));
    }

    #[test]
    fn refuses_junk() {
        for bad in ["", "e", "english", "en-", "en-x", "12", "en us"] {
            assert!(Language::parse(bad).is_err(), "{bad}");
        }
    }
}
