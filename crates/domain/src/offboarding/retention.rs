//! Retention: which records outlive the deletion date, for how long and on what legal basis,
//! and the erasure certificate that proves what was erased and what was kept.

use crate::error::{Code, DomainError, Format};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The tables whose rows a hold may keep.
pub const HOLDABLE_TABLES: [&str; 3] = ["transactions", "contracts", "ledger_entries"];

/// A retention rule: records of `tables` are kept `keep_days` after the relationship ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RetentionRule {
    /// A name, e.g. `financial`.
    pub category: String,
    /// Tables covered (among transactions, contracts, ledger_entries).
    pub tables: Vec<String>,
    /// Days kept after the relationship ends (0 = not kept).
    pub keep_days: i64,
    /// The law that requires it.
    pub legal_basis: String,
}

impl RetentionRule {
    /// Validates a rule as configured.
    pub fn new(
        category: &str,
        tables: Vec<String>,
        keep_days: i64,
        legal_basis: &str,
    ) -> Result<Self, DomainError> {
        let category = super::notice::contract_type_name(category)
            .map_err(|_| crate::customer::malformed("category", category.trim(), Format::Slug))?;
        if tables.is_empty() {
            return Err(DomainError::new("tables", Code::Required));
        }
        for t in &tables {
            if !HOLDABLE_TABLES.contains(&t.as_str()) {
                return Err(DomainError::new(
                    "tables",
                    Code::OneOf {
                        value: t.clone(),
                        allowed: HOLDABLE_TABLES.map(String::from).to_vec(),
                    },
                ));
            }
        }
        if !(0..=36500).contains(&keep_days) {
            return Err(DomainError::new(
                "keep_days",
                Code::OutOfRange {
                    min: Some(0),
                    max: Some(36500),
                },
            ));
        }
        Ok(Self {
            category,
            tables,
            keep_days,
            legal_basis: super::legal_basis("legal_basis", legal_basis)?,
        })
    }

    /// Until when records are held when the relationship ended on `ended`.
    pub fn held_until(&self, ended: NaiveDate) -> NaiveDate {
        ended
            .checked_add_days(Days::new(self.keep_days.max(0) as u64))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// What happened to one table in an erasure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Erased {
    /// Table.
    pub table: String,
    /// Rows affected.
    pub rows: i64,
    /// `deleted`, or the fields blanked.
    pub action: String,
}

/// Records kept under a hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Kept {
    /// Table.
    pub table: String,
    /// Rows kept.
    pub rows: i64,
    /// Why.
    pub legal_basis: String,
    /// Kept until (then deleted).
    pub until: NaiveDate,
}

/// The body of a deletion certificate. Counts and table names only, never erased values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CertificateBody {
    /// `erasure` (on the deletion date or early) or `hold-expiry` (held records deleted).
    pub kind: String,
    /// The case.
    pub case_id: String,
    /// The customer (its id, which is not personal data once the profile is erased).
    pub customer_id: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who ran it (`system` for the job).
    pub actor: String,
    /// What was erased.
    pub erased: Vec<Erased>,
    /// What was kept and why.
    pub kept: Vec<Kept>,
}

impl CertificateBody {
    /// The canonical JSON text the hash covers.
    pub fn canonical(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// SHA-256 (hex) of [`Self::canonical`].
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_years_after_the_end() {
        let r = RetentionRule::new(
            "financial",
            vec!["transactions".into()],
            1826,
            "AML Directive Art. 40",
        );
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        assert_eq!(
            r.map(|r| r.held_until(d)),
            Ok(NaiveDate::from_ymd_opt(2031, 3, 1).unwrap_or_default())
        );
        assert!(
            RetentionRule::new("x", vec!["customers".into()], 1, "AML Directive Art. 40").is_err()
        );
        assert!(RetentionRule::new("x", vec!["contracts".into()], 1, "law").is_err());
    }

    #[test]
    fn certificate_hash_covers_the_body() {
        let mut b = CertificateBody {
            kind: "erasure".into(),
            case_id: "c".into(),
            customer_id: "u".into(),
            at: "2026-01-01T00:00:00.000000Z".into(),
            actor: "system".into(),
            erased: vec![Erased {
                table: "contacts".into(),
                rows: 2,
                action: "deleted".into(),
            }],
            kept: vec![],
        };
        let h = b.hash();
        assert_eq!(h.len(), 64);
        b.erased[0].rows = 3;
        assert_ne!(h, b.hash());
    }
}
