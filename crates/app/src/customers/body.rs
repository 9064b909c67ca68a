//! The JSON shape of a customer in requests, validated into the domain's `CustomerInput`
//! by the same rules as a CSV row.

use carewell_domain::DomainError;
use carewell_domain::customer::CustomerInput;
use carewell_store::customers::Customer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A customer as sent by a client. On POST and PUT, absent optional fields are empty; on
/// PATCH, absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerBody {
    /// Key in the source system (unique).
    pub external_ref: Option<String>,
    /// `person` (default) or `organisation`.
    pub kind: Option<String>,
    /// Display name (required on create).
    pub name: Option<String>,
    /// Primary e-mail.
    pub email: Option<String>,
    /// Primary phone.
    pub phone: Option<String>,
    /// BCP 47 language, default `en`.
    pub language: Option<String>,
    /// ISO 3166-1 alpha-2 country.
    pub country: Option<String>,
    /// IANA time zone.
    pub timezone: Option<String>,
    /// Segment.
    pub segment: Option<String>,
    /// Lifecycle stage, default `active`.
    pub stage: Option<String>,
    /// Owner's user id.
    pub owner_id: Option<String>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Free attributes: at most 50 names of at most 64 characters, each value at most 1 KiB,
    /// 16 KiB in all.
    pub attributes: Option<BTreeMap<String, String>>,
    /// Consent per channel (`email`, `sms`, `phone`, `post`, `push`).
    pub consent: Option<BTreeMap<String, bool>>,
    /// Birthday, YYYY-MM-DD (years 1900–9999).
    pub birthday: Option<String>,
    /// Anniversary, YYYY-MM-DD (years 1900–9999).
    pub anniversary: Option<String>,
}

impl CustomerBody {
    /// The body describing an existing customer (the base a PATCH is applied to).
    pub fn from_customer(c: &Customer) -> Self {
        Self {
            external_ref: c.external_ref.clone(),
            kind: Some(c.kind.as_str().into()),
            name: Some(c.name.clone()),
            email: c.email.clone(),
            phone: c.phone.clone(),
            language: Some(c.language.clone()),
            country: c.country.clone(),
            timezone: c.timezone.clone(),
            segment: c.segment.clone(),
            stage: Some(c.stage.as_str().into()),
            owner_id: c.owner_id.clone(),
            tags: Some(c.tags.clone()),
            attributes: Some(c.attributes.clone()),
            consent: Some(
                c.consent
                    .iter()
                    .map(|(k, v)| (k.as_str().to_string(), *v))
                    .collect(),
            ),
            birthday: c.birthday.map(|d| d.to_string()),
            anniversary: c.anniversary.map(|d| d.to_string()),
        }
    }

    /// Overlays the fields present in `patch`.
    pub fn merge(mut self, patch: CustomerBody) -> Self {
        macro_rules! take {
            ($($f:ident),*) => { $( if patch.$f.is_some() { self.$f = patch.$f; } )* };
        }
        take!(
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
            owner_id,
            tags,
            attributes,
            consent,
            birthday,
            anniversary
        );
        self
    }

    /// Validates into the domain input, reporting every field error.
    pub fn validate(&self) -> Result<CustomerInput, Vec<DomainError>> {
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                fields.push((k.to_string(), v.clone()));
            }
        };
        put("external_ref", &self.external_ref);
        put("kind", &self.kind);
        put("name", &self.name);
        put("email", &self.email);
        put("phone", &self.phone);
        put("language", &self.language);
        put("country", &self.country);
        put("timezone", &self.timezone);
        put("segment", &self.segment);
        put("stage", &self.stage);
        put("birthday", &self.birthday);
        put("anniversary", &self.anniversary);
        if let Some(tags) = &self.tags {
            if let Some(bad) = tags.iter().find(|t| t.contains([';', ','])) {
                return Err(vec![DomainError::new(
                    "tags",
                    carewell_domain::Code::ForbiddenCharacters {
                        value: bad.clone(),
                        chars: ";,".into(),
                    },
                )]);
            }
            fields.push(("tags".into(), tags.join(";")));
        }
        for (k, v) in self.consent.iter().flatten() {
            fields.push((format!("consent_{k}"), v.to_string()));
        }
        for (k, v) in self.attributes.iter().flatten() {
            fields.push((format!("attr_{k}"), v.clone()));
        }
        CustomerInput::from_fields(
            |k| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()),
            fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}
