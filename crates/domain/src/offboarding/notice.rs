//! The offboarding timeline and the minimum notice period.
//!
//! Dates are calendar dates (the customer's contract speaks in days, not instants):
//! notice date ≤ service end ≤ support end; the data-export window runs from the notice date to
//! `export_until` (not before the service end); the deletion date comes after the export window.
//! The service may not end before `notice date + minimum notice` — the minimum comes from a
//! small table of rules by jurisdiction × contract type — unless an exception with a recorded
//! legal basis is given. The order of the dates is never waived.

use crate::error::{Code, DomainError, Format};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The jurisdiction matching any customer.
pub const DEFAULT: &str = "default";
/// The jurisdiction of the EU member states.
pub const EU: &str = "EU";

/// ISO 3166-1 alpha-2 codes of the EU member states.
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// One minimum-notice rule: `min_months` calendar months plus `min_days` days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticeRule {
    /// A country code (`GB`), `EU`, or `default`.
    pub jurisdiction: String,
    /// A contract type (`payment-account`, `subscription`, …) or `default`.
    pub contract_type: String,
    /// Calendar months of notice.
    pub min_months: u32,
    /// Days of notice (added after the months).
    pub min_days: u32,
    /// Where the rule comes from (law, contract clause, house policy).
    pub basis: String,
}

impl NoticeRule {
    /// Validates a rule as configured by an administrator.
    pub fn new(
        jurisdiction: &str,
        contract_type: &str,
        min_months: i64,
        min_days: i64,
        basis: &str,
    ) -> Result<Self, DomainError> {
        let j = jurisdiction.trim();
        let jurisdiction = if j.eq_ignore_ascii_case(DEFAULT) {
            DEFAULT.to_string()
        } else if j.len() == 2 && j.chars().all(|c| c.is_ascii_alphabetic()) {
            j.to_ascii_uppercase()
        } else {
            return Err(crate::customer::malformed(
                "jurisdiction",
                j,
                Format::Jurisdiction,
            ));
        };
        let contract_type = contract_type_name(contract_type)?;
        for (field, v, max) in [
            ("min_months", min_months, 120),
            ("min_days", min_days, 3650),
        ] {
            if !(0..=max).contains(&v) {
                return Err(DomainError::new(
                    field,
                    Code::OutOfRange {
                        min: Some(0),
                        max: Some(max),
                    },
                ));
            }
        }
        let basis = basis.trim();
        if basis.is_empty() {
            return Err(DomainError::new("basis", Code::Required));
        }
        Ok(Self {
            jurisdiction,
            contract_type,
            min_months: min_months as u32,
            min_days: min_days as u32,
            basis: basis.to_string(),
        })
    }

    /// The earliest date the service may end when notice is given on `notice_date`.
    pub fn earliest_end(&self, notice_date: NaiveDate) -> NaiveDate {
        notice_date
            .checked_add_months(Months::new(self.min_months))
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(self.min_days))))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// Normalises a contract type name: lower-case kebab, 1–40 characters; empty means `default`.
pub fn contract_type_name(raw: &str) -> Result<String, DomainError> {
    let s = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    if s.is_empty() {
        return Ok(DEFAULT.to_string());
    }
    if s.len() > 40 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(crate::customer::malformed(
            "contract_type",
            raw.trim(),
            Format::Slug,
        ));
    }
    Ok(s)
}

/// The jurisdictions that apply to a customer in `country`, most specific first.
pub fn jurisdictions(country: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = country.map(|c| c.trim().to_ascii_uppercase())
        && !c.is_empty()
    {
        // The UK's code in ISO 3166 is GB; accept UK as written by people.
        let c = if c == "UK" { "GB".to_string() } else { c };
        let eu = EU_MEMBERS.contains(&c.as_str());
        out.push(c);
        if eu {
            out.push(EU.to_string());
        }
    }
    out.push(DEFAULT.to_string());
    out
}

/// Picks the most specific rule for a customer in `country` under a contract of
/// `contract_type`: jurisdiction first (country, EU, default), then contract type (exact,
/// default). `None` only if the table has no `default × default` row and nothing else matches.
pub fn select_rule<'a>(
    rules: &'a [NoticeRule],
    country: Option<&str>,
    contract_type: &str,
) -> Option<&'a NoticeRule> {
    for j in jurisdictions(country) {
        for ct in [contract_type, DEFAULT] {
            if let Some(r) = rules
                .iter()
                .find(|r| r.jurisdiction == j && r.contract_type == ct)
            {
                return Some(r);
            }
        }
    }
    None
}

/// The five dates of an offboarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Timeline {
    /// When written notice is given.
    pub notice_date: NaiveDate,
    /// Last day of service.
    pub service_end: NaiveDate,
    /// Last day of support after the service ends.
    pub support_end: NaiveDate,
    /// Last day the customer can download their data (the window opens on the notice date).
    pub export_until: NaiveDate,
    /// When personal data is erased.
    pub deletion_date: NaiveDate,
}

impl Timeline {
    /// Parses five `YYYY-MM-DD` dates.
    pub fn parse(
        notice_date: &str,
        service_end: &str,
        support_end: &str,
        export_until: &str,
        deletion_date: &str,
    ) -> Result<Self, DomainError> {
        use crate::time::parse_date;
        Ok(Self {
            notice_date: parse_date("notice_date", notice_date)?,
            service_end: parse_date("service_end", service_end)?,
            support_end: parse_date("support_end", support_end)?,
            export_until: parse_date("export_until", export_until)?,
            deletion_date: parse_date("deletion_date", deletion_date)?,
        })
    }

    /// A default plan from a notice date under `rule`: service ends at the earliest allowed
    /// date, support 30 days later, export open 30 days after the service ends, deletion the
    /// day after the export window closes.
    pub fn suggest(notice_date: NaiveDate, rule: &NoticeRule) -> Self {
        let service_end = rule.earliest_end(notice_date);
        let plus = |d: NaiveDate, n: u64| d.checked_add_days(chrono::Days::new(n)).unwrap_or(d);
        let export_until = plus(service_end, 30);
        Self {
            notice_date,
            service_end,
            support_end: plus(service_end, 30),
            export_until,
            deletion_date: plus(export_until, 1),
        }
    }

    /// Checks the order of the dates (never waivable).
    pub fn check_order(&self) -> Result<(), DomainError> {
        if self.service_end < self.notice_date {
            return Err(earlier("service_end", "notice_date"));
        }
        if self.support_end < self.service_end {
            return Err(earlier("support_end", "service_end"));
        }
        if self.export_until < self.service_end {
            return Err(earlier("export_until", "service_end"));
        }
        if self.deletion_date <= self.export_until {
            // Data can only be deleted after the export window has closed.
            return Err(DomainError::new(
                "deletion_date",
                Code::NotLaterThan {
                    other: "export_until".into(),
                },
            ));
        }
        Ok(())
    }
}

/// The outcome of a successful check, kept with the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticeCheck {
    /// The rule applied.
    pub rule: NoticeRule,
    /// The earliest service end the rule allows.
    pub earliest_service_end: NaiveDate,
    /// Days of notice actually given (service end − notice date).
    pub notice_days: i64,
    /// Whether the plan relies on an exception (its legal basis is on the case).
    pub exception: bool,
}

/// `field` may not be earlier than `other`.
fn earlier(field: &str, other: &str) -> DomainError {
    DomainError::new(
        field,
        Code::EarlierThan {
            other: other.into(),
        },
    )
}

/// Validates a timeline against `rule`. A service end earlier than the minimum notice allows is
/// refused, naming the rule and the earliest date, unless `exception` carries a legal basis;
/// an exception that is not needed is refused too (it would be recorded for nothing).
pub fn validate(
    t: &Timeline,
    rule: &NoticeRule,
    exception: Option<&str>,
) -> Result<NoticeCheck, DomainError> {
    t.check_order()?;
    let earliest = rule.earliest_end(t.notice_date);
    let short = t.service_end < earliest;
    let exception = exception.map(str::trim).filter(|e| !e.is_empty());
    match (short, exception) {
        (true, None) => {
            return Err(DomainError::new(
                "service_end",
                Code::NoticeTooShort {
                    earliest,
                    jurisdiction: rule.jurisdiction.clone(),
                    contract_type: rule.contract_type.clone(),
                    months: rule.min_months,
                    days: rule.min_days,
                    basis: rule.basis.clone(),
                },
            ));
        }
        (true, Some(e)) => {
            super::legal_basis("exception_basis", e)?;
        }
        (false, Some(_)) => {
            return Err(DomainError::new(
                "exception_basis",
                Code::ExceptionNotNeeded,
            ));
        }
        (false, None) => {}
    }
    Ok(NoticeCheck {
        rule: rule.clone(),
        earliest_service_end: earliest,
        notice_days: (t.service_end - t.notice_date).num_days(),
        exception: short,
    })
}

/// The rules Carewell ships with (also seeded by the migration).
pub fn default_rules() -> Vec<NoticeRule> {
    let r = |j: &str, c: &str, m, d, b: &str| NoticeRule {
        jurisdiction: j.into(),
        contract_type: c.into(),
        min_months: m,
        min_days: d,
        basis: b.into(),
    };
    vec![
        r(DEFAULT, DEFAULT, 0, 30, "Carewell default: 30 days notice"),
        r(EU, DEFAULT, 0, 30, "Carewell default for EU consumers"),
        r(EU, "payment-account", 2, 0, "PSD2 Art. 55(3)"),
        r("GB", DEFAULT, 0, 90, "UK default: 90 days notice"),
        r("GB", "payment-account", 0, 90, "UK payment accounts"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn plan(notice: &str, end: &str) -> Timeline {
        let end = d(end);
        Timeline {
            notice_date: d(notice),
            service_end: end,
            support_end: end + chrono::Days::new(10),
            export_until: end + chrono::Days::new(30),
            deletion_date: end + chrono::Days::new(31),
        }
    }

    #[test]
    fn most_specific_rule_wins() {
        let rules = default_rules();
        let pick = |c: Option<&str>, t: &str| {
            select_rule(&rules, c, t).map(|r| (r.jurisdiction.clone(), r.contract_type.clone()))
        };
        assert_eq!(
            pick(Some("ee"), "payment-account"),
            Some(("EU".into(), "payment-account".into()))
        );
        assert_eq!(
            pick(Some("EE"), "subscription"),
            Some(("EU".into(), "default".into()))
        );
        assert_eq!(
            pick(Some("UK"), "payment-account"),
            Some(("GB".into(), "payment-account".into()))
        );
        assert_eq!(
            pick(Some("CN"), "payment-account"),
            Some(("default".into(), "default".into()))
        );
        assert_eq!(
            pick(None, "default"),
            Some(("default".into(), "default".into()))
        );
        assert_eq!(select_rule(&[], Some("EE"), "default"), None);
    }

    #[test]
    fn eu_payment_account_needs_two_months() {
        let rules = default_rules();
        let rule = select_rule(&rules, Some("DE"), "payment-account").cloned();
        let rule = rule.unwrap_or_else(|| default_rules()[0].clone());
        assert_eq!(rule.earliest_end(d("2026-01-31")), d("2026-03-31"));
        let e = validate(&plan("2026-03-01", "2026-04-30"), &rule, None);
        assert!(
            matches!(
                e.err().map(|e| e.code),
                Some(Code::NoticeTooShort { months: 2, days: 0, earliest, .. })
                    if earliest == d("2026-05-01")
            ),
            "two months from 2026-03-01"
        );
        let ok = validate(&plan("2026-03-01", "2026-05-01"), &rule, None);
        assert_eq!(ok.map(|c| (c.notice_days, c.exception)), Ok((61, false)));
        // An exception with a legal basis lets a shorter plan through, and is recorded.
        let ex = validate(
            &plan("2026-03-01", "2026-03-02"),
            &rule,
            Some("PSD2 Art. 55(5): termination for unlawful use of the account"),
        );
        assert_eq!(ex.map(|c| c.exception), Ok(true));
        // A placeholder basis is not enough; an unneeded exception is refused.
        assert!(validate(&plan("2026-03-01", "2026-03-02"), &rule, Some("because")).is_err());
        assert!(
            validate(
                &plan("2026-03-01", "2026-06-01"),
                &rule,
                Some("some law or other")
            )
            .is_err()
        );
    }

    #[test]
    fn uk_ninety_days() {
        let rules = default_rules();
        let rule = select_rule(&rules, Some("GB"), "default").cloned();
        let rule = rule.unwrap_or_else(|| default_rules()[0].clone());
        assert!(validate(&plan("2026-01-01", "2026-03-31"), &rule, None).is_err());
        assert!(validate(&plan("2026-01-01", "2026-04-01"), &rule, None).is_ok());
    }

    #[test]
    fn date_order_is_never_waived() {
        let rule = &default_rules()[0];
        let mut t = plan("2026-01-01", "2026-03-01");
        t.deletion_date = t.export_until;
        let e = validate(&t, rule, None).err().map(|e| e.field);
        assert_eq!(e.as_deref(), Some("deletion_date"));
        let mut t = plan("2026-01-01", "2026-03-01");
        t.support_end = d("2026-02-01");
        assert!(validate(&t, rule, Some("Court order 123/2026 requires it")).is_err());
    }

    #[test]
    fn rule_validation() {
        assert!(NoticeRule::new("eu", "Payment Account", 2, 0, "PSD2").is_ok());
        assert_eq!(
            NoticeRule::new("uk", "", 0, 90, "x").map(|r| (r.jurisdiction, r.contract_type)),
            Ok(("UK".into(), "default".into()))
        );
        assert!(NoticeRule::new("Europe", "x", 0, 1, "b").is_err());
        assert!(NoticeRule::new("EE", "x", -1, 1, "b").is_err());
        assert!(NoticeRule::new("EE", "x", 0, 1, " ").is_err());
    }

    proptest! {
        /// Whatever the plan, an accepted one without exception gives at least the minimum
        /// notice and keeps its dates in order; a refused one without exception either breaks
        /// the order or ends too early.
        #[test]
        fn accepted_plans_respect_the_minimum(
            months in 0u32..4, days in 0u32..120,
            start in 0i64..3000, gaps in proptest::array::uniform4(-5i64..200),
        ) {
            let rule = NoticeRule { jurisdiction: "EU".into(), contract_type: "default".into(),
                min_months: months, min_days: days, basis: "test".into() };
            let base = d("2024-01-01") + chrono::Duration::days(start);
            let t = Timeline {
                notice_date: base,
                service_end: base + chrono::Duration::days(gaps[0]),
                support_end: base + chrono::Duration::days(gaps[0] + gaps[1]),
                export_until: base + chrono::Duration::days(gaps[0] + gaps[2]),
                deletion_date: base + chrono::Duration::days(gaps[0] + gaps[2] + gaps[3]),
            };
            match validate(&t, &rule, None) {
                Ok(c) => {
                    prop_assert!(t.service_end >= rule.earliest_end(t.notice_date));
                    prop_assert!(t.check_order().is_ok());
                    prop_assert!(!c.exception);
                    prop_assert!(c.notice_days >= i64::from(days));
                }
                Err(_) => prop_assert!(
                    t.check_order().is_err() || t.service_end < rule.earliest_end(t.notice_date)
                ),
            }
            // With an exception, only the order can refuse a short plan.
            if t.check_order().is_ok() && t.service_end < rule.earliest_end(t.notice_date) {
                prop_assert!(validate(&t, &rule, Some("Sanctions regulation 2026/1, Art. 3")).is_ok());
            }
        }

        /// The suggested plan always passes its own rule.
        #[test]
        fn suggestion_is_valid(months in 0u32..24, days in 0u32..400, start in 0i64..5000) {
            let rule = NoticeRule { jurisdiction: "default".into(), contract_type: "default".into(),
                min_months: months, min_days: days, basis: "test".into() };
            let t = Timeline::suggest(d("2020-01-31") + chrono::Duration::days(start), &rule);
            prop_assert!(validate(&t, &rule, None).is_ok());
        }
    }
}
