//! The JSON shape of a customer in requests, validated into the domain's `CustomerInput`
//! by the same rules as a CSV row.

use crate::kernel::state::AppState;
use crate::web::error::AppError;
use carewell_domain::customer::CustomerInput;
use carewell_domain::{DomainError, Refusal};
use carewell_store::customers::Customer;
use chrono::NaiveDate;
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
    /// Saves although another customer has this e-mail; without it that is refused (409,
    /// `duplicate-email`, with the other customer's id in `existing_id`). Not stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_duplicate_email: Option<bool>,
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
            allow_duplicate_email: None,
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
            anniversary,
            allow_duplicate_email
        );
        self
    }

    /// Validates into the domain input, reporting every field error; `today` dates the rules
    /// that need it (a birthday cannot be in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<CustomerInput, Vec<DomainError>> {
        match self.validate_fields() {
            Ok(input) => {
                let errs = carewell_domain::customer::check_dates(&input, today);
                if errs.is_empty() {
                    Ok(input)
                } else {
                    Err(errs)
                }
            }
            Err(mut errs) => {
                // Every error at once: the dates' rules too, when the dates themselves parse.
                if !errs.iter().any(|e| e.field == "birthday")
                    && let Some(b) = self.birthday.as_deref().filter(|b| !b.trim().is_empty())
                    && let Ok(d) = carewell_domain::time::parse_date("birthday", b)
                    && d > today
                {
                    errs.push(DomainError::new(
                        "birthday",
                        carewell_domain::Code::InFuture,
                    ));
                }
                Err(errs)
            }
        }
    }

    /// Refuses an e-mail another customer has (`except`: the customer being changed), unless
    /// the body allows it: [`Refusal::DuplicateEmail`] naming that customer.
    pub async fn check_email(
        &self,
        s: &AppState,
        input: &CustomerInput,
        except: Option<&str>,
    ) -> Result<(), AppError> {
        if self.allow_duplicate_email == Some(true) {
            return Ok(());
        }
        let Some(email) = &input.email else {
            return Ok(());
        };
        match s.store.customer_with_email(email.as_str(), except).await? {
            Some((id, name)) => Err(AppError::Refused(Refusal::DuplicateEmail { id, name })),
            None => Ok(()),
        }
    }

    fn validate_fields(&self) -> Result<CustomerInput, Vec<DomainError>> {
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
