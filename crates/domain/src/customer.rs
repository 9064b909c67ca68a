//! Customers: the validated input a person, an API client or a CSV row provides.

use crate::email::Email;
use crate::error::{Code, DomainError, Format};
use crate::language::Language;
use crate::time::parse_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident, $field:literal { $($(#[$vm:meta])* $var:ident = $s:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(try_from = "String", into = "&'static str", rename_all = "kebab-case")]
        $(#[$m])*
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The value's stable name (stored and shown in the API).
            pub fn as_str(&self) -> &'static str { match self { $(Self::$var => $s),+ } }
            /// Parses the stable name, case-insensitively.
            pub fn parse(raw: &str) -> Result<Self, $crate::DomainError> {
                let s = raw.trim().to_ascii_lowercase().replace(' ', "-").replace('_', "-");
                match s.as_str() {
                    $($s => Ok(Self::$var),)+
                    _ => Err($crate::DomainError::new($field, $crate::error::Code::OneOf {
                        value: raw.trim().to_string(),
                        allowed: vec![$($s.to_string()),+],
                    })),
                }
            }
        }
        impl TryFrom<String> for $name {
            type Error = $crate::DomainError;
            fn try_from(v: String) -> Result<Self, $crate::DomainError> { Self::parse(&v) }
        }
        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.as_str() }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// A person or an organisation.
    CustomerKind, "kind" { /** A natural person. */ Person = "person", /** A company or other body. */ Organisation = "organisation" }
);

string_enum!(
    /// Where the customer is in the relationship.
    LifecycleStage, "stage" {
        /// Newly won, being set up.
        Onboarding = "onboarding",
        /// A healthy ongoing relationship.
        Active = "active",
        /// Signals say the customer may leave.
        AtRisk = "at-risk",
        /// Leaving: notice given or offboarding open.
        Leaving = "leaving",
        /// Gone.
        Departed = "departed",
        /// Came back after leaving.
        WonBack = "won-back",
    }
);

string_enum!(
    /// A channel Carewell can reach a customer on; consent is recorded per channel.
    Channel, "channel" {
        /// E-mail.
        Email = "email",
        /// Text message.
        Sms = "sms",
        /// Phone call.
        Phone = "phone",
        /// Letter post.
        Post = "post",
        /// Push or in-app message.
        Push = "push",
    }
);

/// Consent per channel: `true` granted, `false` refused; absent means never asked.
pub type Consent = BTreeMap<Channel, bool>;

/// Everything needed to create or replace a customer, already validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerInput {
    /// The key in the source system; re-imports update the row with the same key.
    pub external_ref: Option<String>,
    /// Person or organisation.
    pub kind: CustomerKind,
    /// Display name.
    pub name: String,
    /// Primary e-mail address.
    pub email: Option<Email>,
    /// Primary phone number (E.164-like: digits, spaces, `+`, `-`).
    pub phone: Option<String>,
    /// Preferred language (BCP 47).
    pub language: Language,
    /// ISO 3166-1 alpha-2 country.
    pub country: Option<String>,
    /// IANA time zone such as `Europe/Tallinn`.
    pub timezone: Option<String>,
    /// Segment name.
    pub segment: Option<String>,
    /// Lifecycle stage.
    pub stage: LifecycleStage,
    /// Free tags, lower case.
    pub tags: Vec<String>,
    /// Free attributes.
    pub attributes: BTreeMap<String, String>,
    /// Consent per channel.
    pub consent: Consent,
    /// Birthday (care date).
    pub birthday: Option<NaiveDate>,
    /// Relationship anniversary (care date).
    pub anniversary: Option<NaiveDate>,
}

/// Most attributes one customer may have.
pub const MAX_ATTRIBUTES: usize = 50;
/// Longest attribute name, in characters.
pub const MAX_ATTRIBUTE_KEY: usize = 64;
/// Largest attribute value, in bytes (UTF-8).
pub const MAX_ATTRIBUTE_VALUE: usize = 1024;
/// Largest total of one customer's attribute names and values, in bytes.
pub const MAX_ATTRIBUTES_TOTAL: usize = 16 * 1024;

/// The bounds on a customer's free attributes, so that one record cannot blow up every export
/// (each distinct name is a column of the customer CSV): at most [`MAX_ATTRIBUTES`] names of at
/// most [`MAX_ATTRIBUTE_KEY`] characters, values of at most [`MAX_ATTRIBUTE_VALUE`] bytes, and
/// [`MAX_ATTRIBUTES_TOTAL`] bytes in all. Errors name `attributes` (count, total) or the
/// attribute's own column `attr_<name>` (its name cut to the allowed length).
pub fn check_attributes(attrs: &BTreeMap<String, String>) -> Vec<DomainError> {
    let mut errs = Vec::new();
    if attrs.len() > MAX_ATTRIBUTES {
        // One error, not one per name: the count is the problem.
        errs.push(DomainError::new(
            "attributes",
            Code::TooMany {
                max: MAX_ATTRIBUTES,
            },
        ));
        return errs;
    }
    for (k, v) in attrs {
        let field = || {
            let short: String = k.chars().take(MAX_ATTRIBUTE_KEY).collect();
            format!("attr_{short}")
        };
        if k.chars().count() > MAX_ATTRIBUTE_KEY {
            errs.push(DomainError::new(
                field(),
                Code::TooLong {
                    max: MAX_ATTRIBUTE_KEY,
                },
            ));
        } else if v.len() > MAX_ATTRIBUTE_VALUE {
            errs.push(DomainError::new(
                field(),
                Code::TooManyBytes {
                    max: MAX_ATTRIBUTE_VALUE,
                },
            ));
        }
    }
    let total: usize = attrs.iter().map(|(k, v)| k.len() + v.len()).sum();
    if errs.is_empty() && total > MAX_ATTRIBUTES_TOTAL {
        errs.push(DomainError::new(
            "attributes",
            Code::TooManyBytes {
                max: MAX_ATTRIBUTES_TOTAL,
            },
        ));
    }
    errs
}

fn ok<T>(errs: &mut Vec<DomainError>, r: Result<T, DomainError>) -> Option<T> {
    r.map_err(|e| errs.push(e)).ok()
}

fn opt(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

/// A [`Code::Malformed`] error: `value` of `field` is not a `expected`.
pub fn malformed(field: &str, value: &str, expected: Format) -> DomainError {
    DomainError::new(
        field,
        Code::Malformed {
            value: value.to_string(),
            expected,
        },
    )
}

/// Validates required free text: trimmed, 1 to `max` characters.
pub fn parse_text(field: &str, raw: &str, max: usize) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DomainError::new(field, Code::Required));
    }
    if s.chars().count() > max {
        return Err(DomainError::new(field, Code::TooLong { max }));
    }
    Ok(s.to_string())
}

/// Validates a display name: 1–200 characters after trimming, no control characters.
pub fn parse_name(field: &str, raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DomainError::new(field, Code::Required));
    }
    if s.chars().count() > 200 {
        return Err(DomainError::new(field, Code::TooLong { max: 200 }));
    }
    if s.chars().any(char::is_control) {
        return Err(DomainError::new(field, Code::ControlCharacters));
    }
    Ok(s.to_string())
}

/// Validates a short label (segment, tag, external reference): 1–100 printable characters.
pub fn parse_label(field: &str, raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DomainError::new(field, Code::Required));
    }
    if s.chars().count() > 100 {
        return Err(DomainError::new(field, Code::TooLong { max: 100 }));
    }
    if s.chars().any(char::is_control) {
        return Err(DomainError::new(field, Code::ControlCharacters));
    }
    Ok(s.to_string())
}

/// The officially assigned ISO 3166-1 alpha-2 codes (249, as the IANA time-zone database's
/// `iso3166.tab` lists them), sorted.
pub const COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Validates an ISO 3166-1 alpha-2 country code (one of [`COUNTRIES`]: `ZZ` has the shape but
/// is no country), returning it upper case.
pub fn parse_country(raw: &str) -> Result<String, DomainError> {
    let s = raw.trim().to_ascii_uppercase();
    if COUNTRIES.binary_search(&s.as_str()).is_err() {
        return Err(malformed("country", raw.trim(), Format::Country));
    }
    Ok(s)
}

/// Validates a phone number: 5–20 digits with optional `+`, spaces, dashes, dots and brackets.
pub fn parse_phone(raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !(5..=20).contains(&digits)
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
    {
        return Err(malformed("phone", s, Format::Phone));
    }
    Ok(s.to_string())
}

/// Validates a time zone of the IANA database (`Europe/Tallinn`, `UTC`; `Mars/Olympus` has
/// the shape but is no zone), returning its canonical spelling (`europe/tallinn` →
/// `Europe/Tallinn`).
pub fn parse_timezone(raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    let zone = if s.len() <= 64 {
        s.parse::<chrono_tz::Tz>().ok().or_else(|| {
            chrono_tz::TZ_VARIANTS
                .iter()
                .copied()
                .find(|z| z.name().eq_ignore_ascii_case(s))
        })
    } else {
        None
    };
    match zone {
        Some(z) => Ok(z.name().to_string()),
        None => Err(malformed("timezone", s, Format::TimeZone)),
    }
}

/// The rules of a customer that need today's date: a birthday cannot be after `today`.
pub fn check_dates(input: &CustomerInput, today: NaiveDate) -> Vec<DomainError> {
    let mut errs = Vec::new();
    if input.birthday.is_some_and(|b| b > today) {
        errs.push(DomainError::new("birthday", Code::InFuture));
    }
    errs
}

/// Splits and normalises tags (`;` or `,` separated), dropping duplicates.
pub fn parse_tags(raw: &str) -> Result<Vec<String>, DomainError> {
    let mut tags: Vec<String> = Vec::new();
    for t in raw
        .split([';', ','])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let t = parse_label("tags", &t.to_lowercase())?;
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    Ok(tags)
}

/// Parses a yes/no consent cell.
pub fn parse_bool(field: &str, raw: &str) -> Result<bool, DomainError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "granted" => Ok(true),
        "0" | "false" | "no" | "n" | "refused" | "withdrawn" => Ok(false),
        other => Err(malformed(field, other, Format::YesNo)),
    }
}

impl CustomerInput {
    /// Builds a customer from named fields (a CSV row or a form), collecting every error.
    /// Columns: `external_ref, kind, name, email, phone, language, country, timezone, segment,
    /// stage, tags, birthday, anniversary, consent_<channel>, attr_<name>`.
    pub fn from_fields<'a>(
        get: impl Fn(&str) -> Option<&'a str>,
        extra: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errs = Vec::new();
        let external_ref =
            opt(get("external_ref")).and_then(|s| ok(&mut errs, parse_label("external_ref", s)));
        let kind = match opt(get("kind")) {
            Some(s) => ok(&mut errs, CustomerKind::parse(s)),
            None => Some(CustomerKind::Person),
        };
        let name = ok(&mut errs, parse_name("name", get("name").unwrap_or("")));
        let email = opt(get("email")).and_then(|s| ok(&mut errs, Email::parse(s)));
        let phone = opt(get("phone")).and_then(|s| ok(&mut errs, parse_phone(s)));
        let language = match opt(get("language")) {
            Some(s) => ok(&mut errs, Language::parse(s)),
            None => Some(Language::en()),
        };
        let country = opt(get("country")).and_then(|s| ok(&mut errs, parse_country(s)));
        let timezone = opt(get("timezone")).and_then(|s| ok(&mut errs, parse_timezone(s)));
        let segment = opt(get("segment")).and_then(|s| ok(&mut errs, parse_label("segment", s)));
        let stage = match opt(get("stage")) {
            Some(s) => ok(&mut errs, LifecycleStage::parse(s)),
            None => Some(LifecycleStage::Active),
        };
        let tags = ok(&mut errs, parse_tags(get("tags").unwrap_or(""))).unwrap_or_default();
        let birthday = opt(get("birthday")).and_then(|s| ok(&mut errs, parse_date("birthday", s)));
        let anniversary =
            opt(get("anniversary")).and_then(|s| ok(&mut errs, parse_date("anniversary", s)));
        let mut consent = Consent::new();
        let mut attributes = BTreeMap::new();
        for (k, v) in extra {
            if let Some(ch) = k.strip_prefix("consent_") {
                if let (Some(ch), Some(v)) = (ok(&mut errs, Channel::parse(ch)), opt(Some(v)))
                    && let Some(b) = ok(&mut errs, parse_bool(k, v))
                {
                    consent.insert(ch, b);
                }
            } else if let Some(a) = k.strip_prefix("attr_")
                && let Some(v) = opt(Some(v))
            {
                attributes.insert(a.to_string(), v.to_string());
            }
        }
        errs.extend(check_attributes(&attributes));
        match (kind, name, language, stage) {
            (Some(kind), Some(name), Some(language), Some(stage)) if errs.is_empty() => Ok(Self {
                external_ref,
                kind,
                name,
                email,
                phone,
                language,
                country,
                timezone,
                segment,
                stage,
                tags,
                attributes,
                consent,
                birthday,
                anniversary,
            }),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_bounded() {
        let attrs = |n: usize, k: usize, v: usize| -> BTreeMap<String, String> {
            (0..n)
                .map(|i| (format!("{i:0>k$}"), "x".repeat(v)))
                .collect()
        };
        let keys = |a| {
            check_attributes(&a)
                .into_iter()
                .map(|e| (e.field, e.code.key()))
                .collect::<Vec<_>>()
        };
        assert!(keys(attrs(50, 64, 250)).is_empty());
        assert_eq!(keys(attrs(51, 2, 1)), [("attributes".into(), "too-many")]);
        assert_eq!(
            keys(attrs(1, 65, 1)),
            [(format!("attr_{}", "0".repeat(64)), "too-long")]
        );
        assert_eq!(
            keys(attrs(1, 1, 1025)),
            [("attr_0".into(), "too-many-bytes")]
        );
        assert_eq!(
            keys(attrs(20, 8, 1000)),
            [("attributes".into(), "too-many-bytes")]
        );
    }

    fn row<'a>(pairs: &'a [(&'a str, &'a str)]) -> Result<CustomerInput, Vec<DomainError>> {
        CustomerInput::from_fields(
            |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
            pairs.iter().copied(),
        )
    }

    #[test]
    fn builds_a_full_row() {
        let c = row(&[
            ("name", " Tamm OÜ "),
            ("kind", "organisation"),
            ("language", "et"),
            ("country", "ee"),
            ("stage", "at risk"),
            ("tags", "VIP; b2b;vip"),
            ("consent_email", "yes"),
            ("attr_plan", "gold"),
        ]);
        let c = c.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.name, "Tamm OÜ");
        assert_eq!(c.country.as_deref(), Some("EE"));
        assert_eq!(c.stage, LifecycleStage::AtRisk);
        assert_eq!(c.tags, vec!["vip", "b2b"]);
        assert_eq!(c.consent.get(&Channel::Email), Some(&true));
        assert_eq!(c.attributes.get("plan").map(String::as_str), Some("gold"));
    }

    #[test]
    fn countries_zones_and_birthdays_are_real() {
        assert!(
            COUNTRIES.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
        assert_eq!(COUNTRIES.len(), 249);
        assert_eq!(parse_country(" ee "), Ok("EE".into()));
        for bad in ["ZZ", "UK", "EU", "E", "EST", "<b>", "'; DROP", "ÉE", ""] {
            assert_eq!(
                parse_country(bad).map_err(|e| e.code.key()),
                Err("malformed"),
                "{bad}"
            );
        }
        assert_eq!(
            parse_timezone("Europe/Tallinn"),
            Ok("Europe/Tallinn".into())
        );
        assert_eq!(
            parse_timezone("europe/tallinn"),
            Ok("Europe/Tallinn".into())
        );
        assert_eq!(parse_timezone("UTC"), Ok("UTC".into()));
        let long = "A/".repeat(10_000);
        for bad in [
            "Mars/Olympus",
            "Europe/Tallin",
            "",
            "../etc/passwd",
            long.as_str(),
        ] {
            assert!(parse_timezone(bad).is_err(), "{bad}");
        }
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let born = |d: &str| {
            let c = row(&[("name", "Birthday Berit"), ("birthday", d)])
                .unwrap_or_else(|e| panic!("{e:?}"));
            check_dates(&c, today)
                .into_iter()
                .map(|e| (e.field, e.code.key()))
                .collect::<Vec<_>>()
        };
        assert!(born("2026-12-04").is_empty());
        assert!(born("1950-01-31").is_empty());
        assert_eq!(born("2026-12-05"), [("birthday".to_string(), "in-future")]);
        assert_eq!(born("2099-01-01"), [("birthday".to_string(), "in-future")]);
    }

    #[test]
    fn reports_every_error() {
        let errs = row(&[("name", ""), ("email", "nope"), ("stage", "zombie")])
            .err()
            .unwrap_or_default();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "email", "stage"]);
    }
}
