//! Segments: saved filters over the customer list's filter language.
//!
//! A filter is a set of conditions that all hold (AND); `tags` matches any of its tags (OR).
//! It is read from a flat map of text values — the customer list's query parameters and the
//! segment form's fields — or from a JSON object with the same keys (`tags` may be an array,
//! `attributes` an object); both go through [`Filter::parse_params`], so the page, the API and
//! the stored segments validate alike. Unknown keys and bad values are errors naming the key.
//!
//! Dates are absolute (`2026-01-31`) or relative (`90d`: 90 days before the day the filter is
//! applied), so "silent for 90 days" stays true to its name.

use crate::customer::{Channel, LifecycleStage, malformed};
use crate::error::{Code, DomainError, Format};
use crate::health::Band;
use crate::language::Language;
use crate::messaging::MessageClass;
use chrono::{Duration, NaiveDate};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The keys a filter knows, in the order they are shown.
pub const KEYS: &[&str] = &[
    "stage",
    "segment",
    "tags",
    "country",
    "language",
    "owner_id",
    "owner",
    "consent",
    "consent_class",
    "created_from",
    "created_to",
    "last_contact_from",
    "last_contact_to",
    "health_band",
    "attributes",
];

/// Most tags one filter may list.
pub const MAX_TAGS: usize = 20;
/// Most attribute conditions one filter may hold.
pub const MAX_ATTRIBUTES: usize = 10;
/// Longest text value, in characters.
pub const MAX_TEXT: usize = 200;
/// Farthest a relative date reaches back, in days.
pub const MAX_DAYS: u32 = 36_500;

/// Whose customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// Owned by this user (id).
    User(String),
    /// Owned by whoever applies the filter (resolved with [`Filter::resolve_me`]).
    Me,
    /// Owned by nobody.
    Nobody,
}

/// A date bound: a day, or a number of days before the day the filter is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    /// This day.
    On(NaiveDate),
    /// This many days before today.
    DaysAgo(u32),
}

impl DateBound {
    /// Parses `YYYY-MM-DD` or `<n>d`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim();
        if let Some(n) = s.strip_suffix('d').or_else(|| s.strip_suffix('D')) {
            return match n.trim().parse::<u32>() {
                Ok(n) if n <= MAX_DAYS => Ok(Self::DaysAgo(n)),
                Ok(_) => Err(DomainError::new(
                    field,
                    Code::OutOfRange {
                        min: Some(0),
                        max: Some(i64::from(MAX_DAYS)),
                    },
                )),
                Err(_) => Err(malformed(field, s, Format::Date)),
            };
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Self::On)
            .map_err(|_| malformed(field, s, Format::Date))
    }

    /// The day it means when applied on `today`.
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            Self::On(d) => d,
            Self::DaysAgo(n) => today - Duration::days(i64::from(n)),
        }
    }

    /// As written (`2026-01-31`, `90d`).
    pub fn as_text(self) -> String {
        match self {
            Self::On(d) => d.to_string(),
            Self::DaysAgo(n) => format!("{n}d"),
        }
    }
}

/// A saved or ad-hoc filter over customers; every set condition must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Lifecycle stage.
    pub stage: Option<LifecycleStage>,
    /// The customer's segment field, exactly.
    pub segment: Option<String>,
    /// Has any of these tags (lower case).
    pub tags: Vec<String>,
    /// Country (ISO 3166-1 alpha-2, upper case).
    pub country: Option<String>,
    /// Preferred language (BCP 47), exactly.
    pub language: Option<String>,
    /// Owner.
    pub owner: Option<Owner>,
    /// A consent on this channel good enough for messages of `consent_class`.
    pub consent: Option<Channel>,
    /// The message class the consent must allow (default marketing: explicitly given).
    pub consent_class: Option<MessageClass>,
    /// Created on or after this day.
    pub created_from: Option<DateBound>,
    /// Created on or before this day.
    pub created_to: Option<DateBound>,
    /// Last contact on or after this day (never contacted does not match).
    pub last_contact_from: Option<DateBound>,
    /// Last contact on or before this day, or never.
    pub last_contact_to: Option<DateBound>,
    /// The band of the customer's current health score (never scored does not match).
    pub health_band: Option<Band>,
    /// Attributes with exactly these values.
    pub attributes: BTreeMap<String, String>,
}

fn text(field: &str, raw: &str, errs: &mut Vec<DomainError>) -> Option<String> {
    let s = raw.trim();
    if s.chars().count() > MAX_TEXT {
        errs.push(DomainError::new(field, Code::TooLong { max: MAX_TEXT }));
        return None;
    }
    if s.chars().any(char::is_control) {
        errs.push(DomainError::new(field, Code::ControlCharacters));
        return None;
    }
    Some(s.to_string())
}

fn keep<T>(r: Result<T, DomainError>, errs: &mut Vec<DomainError>) -> Option<T> {
    r.map_err(|e| errs.push(e)).ok()
}

impl Filter {
    /// Reads a filter from text values keyed as in [`KEYS`]; blank values are absent. `prefix`
    /// goes before the key in error fields (`filter.` for the API's body). `tags` is split on
    /// commas, `attributes` into `name=value` lines (or `;`-separated pairs).
    pub fn parse_params<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        prefix: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut f = Self::default();
        let mut errs = Vec::new();
        for (key, raw) in pairs {
            let field = format!("{prefix}{key}");
            let e = &mut errs;
            if !KEYS.contains(&key) {
                e.push(DomainError::new(
                    field,
                    Code::OneOf {
                        value: key.to_string(),
                        allowed: KEYS.iter().map(|k| k.to_string()).collect(),
                    },
                ));
                continue;
            }
            if raw.trim().is_empty() {
                continue;
            }
            let date = |e: &mut Vec<DomainError>| keep(DateBound::parse(&field, raw), e);
            match key {
                "stage" => {
                    f.stage = keep(LifecycleStage::parse(raw).map_err(|x| rename(x, &field)), e)
                }
                "segment" => f.segment = text(&field, raw, e),
                "tags" => {
                    let tags: Vec<String> = raw
                        .split(',')
                        .map(|t| t.trim().to_lowercase())
                        .filter(|t| !t.is_empty())
                        .collect();
                    if tags.len() > MAX_TAGS {
                        e.push(DomainError::new(&field, Code::TooMany { max: MAX_TAGS }));
                    } else {
                        for t in tags {
                            if let Some(t) = text(&field, &t, e)
                                && !f.tags.contains(&t)
                            {
                                f.tags.push(t);
                            }
                        }
                    }
                }
                "country" => {
                    let c = raw.trim().to_ascii_uppercase();
                    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
                        f.country = Some(c);
                    } else {
                        e.push(malformed(&field, raw.trim(), Format::Country));
                    }
                }
                "language" => {
                    f.language = keep(
                        Language::parse(raw)
                            .map(|l| l.as_str().to_string())
                            .map_err(|x| rename(x, &field)),
                        e,
                    )
                }
                "owner_id" if f.owner.is_none() => {
                    f.owner = text(&field, raw, e).map(Owner::User);
                }
                "owner" => match raw.trim() {
                    "me" => f.owner = Some(Owner::Me),
                    "none" => f.owner = Some(Owner::Nobody),
                    other => e.push(DomainError::new(
                        &field,
                        Code::OneOf {
                            value: other.to_string(),
                            allowed: vec!["me".into(), "none".into()],
                        },
                    )),
                },
                "consent" => {
                    f.consent = keep(Channel::parse(raw).map_err(|x| rename(x, &field)), e)
                }
                "consent_class" => {
                    f.consent_class =
                        keep(MessageClass::parse(raw).map_err(|x| rename(x, &field)), e)
                }
                "created_from" => f.created_from = date(e),
                "created_to" => f.created_to = date(e),
                "last_contact_from" => f.last_contact_from = date(e),
                "last_contact_to" => f.last_contact_to = date(e),
                "health_band" => {
                    f.health_band = keep(Band::parse(raw).map_err(|x| rename(x, &field)), e)
                }
                "attributes" => {
                    for line in raw
                        .split(['\n', ';'])
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                    {
                        match line.split_once('=') {
                            Some((k, v)) if !k.trim().is_empty() => {
                                if let (Some(k), Some(v)) = (text(&field, k, e), text(&field, v, e))
                                {
                                    f.attributes.insert(k, v);
                                }
                            }
                            _ => e.push(malformed(&field, line, Format::NameValueLine)),
                        }
                    }
                    if f.attributes.len() > MAX_ATTRIBUTES {
                        e.push(DomainError::new(
                            &field,
                            Code::TooMany {
                                max: MAX_ATTRIBUTES,
                            },
                        ));
                    }
                }
                _ => {}
            }
        }
        if f.consent_class.is_some() && f.consent.is_none() {
            errs.push(DomainError::new(format!("{prefix}consent"), Code::Required));
        }
        if errs.is_empty() { Ok(f) } else { Err(errs) }
    }

    /// Reads a filter from a JSON object with the keys of [`KEYS`]: strings (or numbers for
    /// nothing), `tags` a string array, `attributes` an object of strings, `null` for absent.
    pub fn from_json(v: &Value, prefix: &str) -> Result<Self, Vec<DomainError>> {
        let field = prefix.trim_end_matches('.');
        let obj = match v {
            Value::Object(o) => o,
            Value::Null => return Ok(Self::default()),
            other => return Err(vec![malformed(field, &shorten(other), Format::JsonType)]),
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut errs = Vec::new();
        for (k, v) in obj {
            let bad = || malformed(&format!("{prefix}{k}"), &shorten(v), Format::JsonType);
            let s = match (k.as_str(), v) {
                (_, Value::Null) => continue,
                (_, Value::String(s)) if k != "attributes" => s.clone(),
                ("tags", Value::Array(a)) => {
                    let mut ts = Vec::new();
                    for t in a {
                        match t {
                            Value::String(t) if !t.contains(',') => ts.push(t.clone()),
                            _ => errs.push(bad()),
                        }
                    }
                    ts.join(",")
                }
                ("attributes", Value::Object(a)) => {
                    let mut lines = Vec::new();
                    for (name, val) in a {
                        match val {
                            Value::String(val)
                                if !name.contains(['=', '\n', ';'])
                                    && !val.contains(['\n', ';']) =>
                            {
                                lines.push(format!("{name}={val}"))
                            }
                            _ => errs.push(bad()),
                        }
                    }
                    lines.join("\n")
                }
                _ if !KEYS.contains(&k.as_str()) => String::new(),
                _ => {
                    errs.push(bad());
                    continue;
                }
            };
            pairs.push((k.clone(), s));
        }
        match Self::parse_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), prefix) {
            Ok(f) if errs.is_empty() => Ok(f),
            Ok(_) => Err(errs),
            Err(more) => {
                errs.extend(more);
                Err(errs)
            }
        }
    }

    /// `owner: me` as the user `me`'s id (a saved segment keeps the saver's id; a list the
    /// viewer's).
    pub fn resolve_me(&mut self, me: &str) {
        if self.owner == Some(Owner::Me) {
            self.owner = Some(Owner::User(me.to_string()));
        }
    }

    /// Whether no condition is set (every customer matches).
    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }

    /// The set conditions as text values keyed as in [`KEYS`], in that order: the customer
    /// list's query parameters for this filter, and what [`Filter::parse_params`] reads back.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                out.push((k, v));
            }
        };
        put("stage", self.stage.map(|s| s.as_str().to_string()));
        put("segment", self.segment.clone());
        put("tags", Some(self.tags.join(",")));
        put("country", self.country.clone());
        put("language", self.language.clone());
        match &self.owner {
            Some(Owner::User(id)) => put("owner_id", Some(id.clone())),
            Some(Owner::Me) => put("owner", Some("me".into())),
            Some(Owner::Nobody) => put("owner", Some("none".into())),
            None => {}
        }
        put("consent", self.consent.map(|c| c.as_str().to_string()));
        put(
            "consent_class",
            self.consent_class.map(|c| c.as_str().to_string()),
        );
        put("created_from", self.created_from.map(DateBound::as_text));
        put("created_to", self.created_to.map(DateBound::as_text));
        put(
            "last_contact_from",
            self.last_contact_from.map(DateBound::as_text),
        );
        put(
            "last_contact_to",
            self.last_contact_to.map(DateBound::as_text),
        );
        put(
            "health_band",
            self.health_band.map(|b| b.as_str().to_string()),
        );
        put(
            "attributes",
            Some(
                self.attributes
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        );
        out
    }

    /// The canonical JSON object (what is stored and what the API returns): set keys only,
    /// `tags` an array, `attributes` an object.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        for (k, v) in self.pairs() {
            let v = match k {
                "tags" => Value::from(self.tags.clone()),
                "attributes" => Value::Object(
                    self.attributes
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
                        .collect(),
                ),
                _ => Value::from(v),
            };
            m.insert(k.to_string(), v);
        }
        Value::Object(m)
    }

    /// The message class the consent condition asks for.
    pub fn consent_class(&self) -> MessageClass {
        self.consent_class.unwrap_or(MessageClass::Marketing)
    }
}

/// `e` with its field renamed to `field`.
fn rename(mut e: DomainError, field: &str) -> DomainError {
    e.field = field.to_string();
    e
}

fn shorten(v: &Value) -> String {
    let s = v.to_string();
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn json_round_trip_and_canonical_form() {
        let v = json!({
            "stage": "Onboarding", "tags": ["VIP", "b2b"], "country": "ee",
            "language": "et", "owner": "none", "consent": "email",
            "created_from": "2026-01-01", "last_contact_to": "90d",
            "attributes": {"plan": "pro"}, "segment": null, "health_band": "red"
        });
        let f = Filter::from_json(&v, "filter.").unwrap();
        assert_eq!(f.stage, Some(LifecycleStage::Onboarding));
        assert_eq!(f.tags, vec!["vip", "b2b"]);
        assert_eq!(f.country.as_deref(), Some("EE"));
        assert_eq!(f.owner, Some(Owner::Nobody));
        assert_eq!(f.last_contact_to, Some(DateBound::DaysAgo(90)));
        assert_eq!(f.health_band, Some(Band::Red));
        let back = Filter::from_json(&f.to_json(), "").unwrap();
        assert_eq!(back, f);
        assert_eq!(f.to_json()["attributes"], json!({"plan": "pro"}));
    }

    #[test]
    fn errors_name_the_field() {
        let errs = Filter::from_json(
            &json!({"stage": "sleeping", "colour": "red", "country": "Estonia", "tags": 3,
                "health_band": "amber"}),
            "filter.",
        )
        .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "filter.stage",
            "filter.health_band",
            "filter.colour",
            "filter.country",
            "filter.tags",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        let errs = Filter::parse_params([("created_to", "yesterday")], "").unwrap_err();
        assert_eq!(errs[0].field, "created_to");
        let errs = Filter::parse_params([("consent_class", "service")], "").unwrap_err();
        assert_eq!(errs[0].field, "consent");
        assert!(Filter::from_json(&json!([1]), "filter.").is_err());
    }

    #[test]
    fn me_resolves_and_relative_dates_follow_today() {
        let mut f = Filter::parse_params([("owner", "me"), ("created_from", "7d")], "").unwrap();
        f.resolve_me("u1");
        assert_eq!(f.owner, Some(Owner::User("u1".into())));
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        assert_eq!(
            f.created_from.unwrap().resolve(today),
            NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()
        );
        assert!(Filter::default().is_empty());
        assert!(Filter::parse_params([("created_from", "40000d")], "").is_err());
    }

    proptest! {
        #[test]
        fn pairs_parse_back(
            stage in proptest::option::of(0usize..LifecycleStage::ALL.len()),
            tags in proptest::collection::vec("[a-z]{1,8}", 0..5),
            days in proptest::option::of(0u32..=MAX_DAYS),
            band in proptest::option::of(0usize..Band::ALL.len()),
            attrs in proptest::collection::btree_map("[a-z]{1,6}", "[a-zA-Z0-9 ]{1,10}", 0..4),
        ) {
            let mut f = Filter {
                stage: stage.map(|i| LifecycleStage::ALL[i]),
                last_contact_to: days.map(DateBound::DaysAgo),
                health_band: band.map(|i| Band::ALL[i]),
                attributes: attrs.into_iter().map(|(k, v)| (k, v.trim().to_string()))
                    .filter(|(_, v)| !v.is_empty()).collect(),
                ..Filter::default()
            };
            for t in tags {
                if !f.tags.contains(&t) {
                    f.tags.push(t);
                }
            }
            let pairs = f.pairs();
            let back = Filter::parse_params(pairs.iter().map(|(k, v)| (*k, v.as_str())), "").unwrap();
            prop_assert_eq!(&back, &f);
            prop_assert_eq!(Filter::from_json(&f.to_json(), "").unwrap(), f);
        }
    }
}
