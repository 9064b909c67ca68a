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

/// A retention hold an erasure starts: the tables one rule keeps, until when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedHold {
    /// The rule's category.
    pub category: String,
    /// The tables it keeps (those with rows).
    pub tables: Vec<String>,
    /// The legal basis.
    pub legal_basis: String,
    /// Kept until (then deleted).
    pub until: NaiveDate,
}

/// What an erasure does with the holdable tables: keep some under holds, delete the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasurePlan {
    /// Tables kept, with their row counts.
    pub kept: Vec<Kept>,
    /// Tables whose rows are deleted now.
    pub delete: Vec<&'static str>,
    /// The holds to start, one per rule that keeps something.
    pub holds: Vec<PlannedHold>,
}

impl ErasurePlan {
    /// The refusal an early request to erase everything, held records included, gets when
    /// this plan would keep records (they could be erased only once the hold ends).
    pub fn refusal(&self) -> Option<crate::Refusal> {
        self.holds.first().map(|h| crate::Refusal::Held {
            tables: h.tables.clone(),
            until: h.until,
            basis: h.legal_basis.clone(),
            prospective: true,
        })
    }
}

/// Decides, for each holdable table, whether its rows are kept or deleted when a relationship
/// that ended on `end` is erased on `today`. A table is kept when the longest of the rules
/// covering it (with `keep_days > 0`) still runs and the table has rows (`counts`, per table;
/// a table not listed has none). Each rule that keeps something becomes one hold listing the
/// tables it keeps.
pub fn plan_erasure(
    rules: &[RetentionRule],
    end: NaiveDate,
    today: NaiveDate,
    counts: &[(&str, i64)],
) -> ErasurePlan {
    let mut plan = ErasurePlan {
        kept: Vec::new(),
        delete: Vec::new(),
        holds: Vec::new(),
    };
    for table in HOLDABLE_TABLES {
        let rows = counts
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n);
        let rule = rules
            .iter()
            .filter(|r| r.keep_days > 0 && r.tables.iter().any(|t| t == table))
            .max_by_key(|r| r.held_until(end));
        match rule {
            Some(r) if today < r.held_until(end) && rows > 0 => {
                let until = r.held_until(end);
                plan.kept.push(Kept {
                    table: table.into(),
                    rows,
                    legal_basis: r.legal_basis.clone(),
                    until,
                });
                match plan.holds.iter_mut().find(|h| h.category == r.category) {
                    Some(h) => h.tables.push(table.into()),
                    None => plan.holds.push(PlannedHold {
                        category: r.category.clone(),
                        tables: vec![table.into()],
                        legal_basis: r.legal_basis.clone(),
                        until,
                    }),
                }
            }
            _ => plan.delete.push(table),
        }
    }
    plan
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
    fn plan_keeps_what_a_running_rule_covers_and_deletes_the_rest() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let aml = RetentionRule::new(
            "financial",
            vec!["transactions".into(), "ledger_entries".into()],
            1826,
            "AML Directive Art. 40",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let tax = RetentionRule::new(
            "tax",
            vec!["transactions".into()],
            3650,
            "Accounting Act § 12",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let counts = [("transactions", 4), ("contracts", 2), ("ledger_entries", 0)];
        let p = plan_erasure(
            &[aml.clone(), tax],
            d("2026-05-01"),
            d("2026-06-01"),
            &counts,
        );
        // Transactions: the longer (tax) rule; contracts: no rule; ledger: no rows.
        assert_eq!(p.delete, vec!["contracts", "ledger_entries"]);
        assert_eq!(p.kept.len(), 1);
        assert_eq!(p.holds.len(), 1);
        assert_eq!(p.holds[0].category, "tax");
        assert_eq!(p.holds[0].until, d("2036-04-28"));
        assert!(p.refusal().is_some());
        // Once the rule has run out, everything goes.
        let later = plan_erasure(&[aml], d("2026-05-01"), d("2031-06-01"), &counts);
        assert_eq!(later.delete.len(), 3);
        assert!(later.refusal().is_none());
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
