//! The customer form: GET/POST /customers/new and /customers/{id}/edit. Input is validated by
//! [`CustomerBody::validate`], the same rules as the API and CSV import; on error the form
//! comes back (422) with the entered values and each error beside its field.

use crate::customers::body::CustomerBody;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::checks::check_owner;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, label, nonblank, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::customer::{Channel, CustomerKind, LifecycleStage};
use carewell_domain::{Code, Format};
use carewell_store::customers::Customer;
use std::collections::{BTreeMap, BTreeSet};

/// The form's values as typed (strings), so they can be shown again after an error.
#[derive(Debug, Clone, Default)]
pub struct CustomerForm {
    /// Field name → entered text.
    pub values: BTreeMap<String, String>,
    /// Channels ticked as consented.
    pub consent: BTreeSet<String>,
    /// Channels that had a recorded answer before (unticking one records a refusal).
    pub consent_known: BTreeSet<String>,
    /// Another customer with the entered e-mail (id, name), when saving was refused for it:
    /// the form links it and offers to save anyway.
    pub duplicate: Option<(String, String)>,
}

/// The form's labels (field → message id), for every error on it.
pub const CUSTOMER_LABELS: Labels<'static> = &[
    ("external_ref", "field-external-ref"),
    ("kind", "field-kind"),
    ("name", "field-name"),
    ("email", "field-email"),
    ("phone", "field-phone"),
    ("language", "field-language"),
    ("country", "field-country"),
    ("timezone", "field-timezone"),
    ("segment", "field-segment"),
    ("stage", "field-stage"),
    ("owner_id", "field-owner-id"),
    ("tags", "field-tags"),
    ("attributes", "field-attributes"),
    ("birthday", "field-birthday"),
    ("anniversary", "field-anniversary"),
    ("allow_duplicate_email", "field-email"),
];

const TEXT_FIELDS: &[&str] = &[
    "external_ref",
    "kind",
    "name",
    "email",
    "phone",
    "language",
    "country",
    "timezone",
    "segment",
    "stage",
    "owner_id",
    "tags",
    "attributes",
    "birthday",
    "anniversary",
    "allow_duplicate_email",
];

impl CustomerForm {
    /// Defaults for a new customer.
    pub fn blank() -> Self {
        let mut f = Self::default();
        f.values.insert("kind".into(), "person".into());
        f.values.insert("stage".into(), "active".into());
        f.values.insert("language".into(), "en".into());
        f
    }

    /// The form filled from a stored customer.
    pub fn from_customer(c: &Customer) -> Self {
        let b = CustomerBody::from_customer(c);
        let mut f = Self::default();
        let mut put = |k: &str, v: Option<String>| {
            f.values.insert(k.into(), v.unwrap_or_default());
        };
        put("external_ref", b.external_ref);
        put("kind", b.kind);
        put("name", b.name);
        put("email", b.email);
        put("phone", b.phone);
        put("language", b.language);
        put("country", b.country);
        put("timezone", b.timezone);
        put("segment", b.segment);
        put("stage", b.stage);
        put("owner_id", b.owner_id);
        put("birthday", b.birthday);
        put("anniversary", b.anniversary);
        put("tags", b.tags.map(|t| t.join(", ")));
        put(
            "attributes",
            b.attributes.map(|a| {
                a.iter()
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        );
        for (ch, granted) in &c.consent {
            f.consent_known.insert(ch.as_str().into());
            if *granted {
                f.consent.insert(ch.as_str().into());
            }
        }
        f
    }

    /// The form as submitted (`consent_<channel>=on`, `consent_known_<channel>=1`).
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            if let Some(ch) = k.strip_prefix("consent_known_") {
                f.consent_known.insert(ch.into());
            } else if let Some(ch) = k.strip_prefix("consent_") {
                f.consent.insert(ch.into());
            } else if TEXT_FIELDS.contains(&k.as_str()) {
                f.values.insert(k.clone(), v.clone());
            }
        }
        f
    }

    /// The entered text of `field`.
    pub fn v(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    fn opt(&self, field: &str) -> Option<String> {
        self.values.get(field).and_then(|v| nonblank(v))
    }

    /// The API body this form describes, plus errors in fields only the form has (the
    /// `key = value` lines of attributes).
    pub fn to_body(&self, tr: &Tr) -> (CustomerBody, FormErrors) {
        let mut errors = FormErrors::default();
        let tags = self
            .v("tags")
            .split([',', ';'])
            .filter_map(nonblank)
            .collect();
        let mut attributes = BTreeMap::new();
        for line in self
            .v("attributes")
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            match line.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    attributes.insert(k.trim().to_string(), v.trim().to_string());
                }
                _ => errors.push(
                    "attributes",
                    &tr.code(&Code::Malformed {
                        value: line.trim().to_string(),
                        expected: Format::NameValueLine,
                    }),
                ),
            }
        }
        let mut consent = BTreeMap::new();
        for ch in Channel::ALL {
            let name = ch.as_str();
            if self.consent.contains(name) {
                consent.insert(name.to_string(), true);
            } else if self.consent_known.contains(name) {
                consent.insert(name.to_string(), false);
            }
        }
        let body = CustomerBody {
            external_ref: self.opt("external_ref"),
            kind: self.opt("kind"),
            name: Some(self.v("name")),
            email: self.opt("email"),
            phone: self.opt("phone"),
            language: self.opt("language"),
            country: self.opt("country"),
            timezone: self.opt("timezone"),
            segment: self.opt("segment"),
            stage: self.opt("stage"),
            owner_id: self.opt("owner_id"),
            tags: Some(tags),
            attributes: Some(attributes),
            consent: Some(consent),
            birthday: self.opt("birthday"),
            anniversary: self.opt("anniversary"),
            allow_duplicate_email: self.opt("allow_duplicate_email").map(|_| true),
        };
        (body, errors)
    }
}

/// One consent checkbox.
pub struct ChannelBox {
    name: String,
    label: String,
    checked: bool,
    known: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "customers/form.html")]
/// The create/edit form page.
pub struct FormPage {
    chrome: Chrome,
    title: String,
    action: String,
    cancel: String,
    f: CustomerForm,
    errors: FormErrors,
    kinds: Vec<Opt>,
    stages: Vec<Opt>,
    owners: Vec<Opt>,
    channels: Vec<ChannelBox>,
}

impl FormPage {
    /// The form's label of a field (for the error summary).
    fn field_label(&self, field: &str) -> String {
        self.errors.label(&self.chrome.tr, field)
    }
}

async fn page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    existing: Option<&Customer>,
    f: CustomerForm,
    errors: FormErrors,
) -> Result<FormPage, AppError> {
    let kinds: Vec<&str> = CustomerKind::ALL.iter().map(|k| k.as_str()).collect();
    let stages: Vec<&str> = LifecycleStage::ALL.iter().map(|k| k.as_str()).collect();
    let owner = f.v("owner_id");
    let owners = s
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.active || u.id == owner)
        .map(|u| Opt {
            selected: u.id == owner,
            label: format!("{} <{}>", u.name, u.email),
            value: u.id,
        })
        .collect();
    let channels = Channel::ALL
        .iter()
        .map(|c| ChannelBox {
            name: c.as_str().into(),
            label: label(&tr, "channel", c.as_str()),
            checked: f.consent.contains(c.as_str()),
            known: f.consent_known.contains(c.as_str()),
        })
        .collect();
    let (title, action, cancel) = match existing {
        Some(c) => (
            tr.t_with("customer-edit-title", &[("name", &c.name)]),
            format!("/customers/{}/edit", c.id),
            format!("/customers/{}", c.id),
        ),
        None => (
            tr.t("customer-new-title"),
            "/customers/new".to_string(),
            "/customers".to_string(),
        ),
    };
    Ok(FormPage {
        kinds: opts(&tr, "kind", &kinds, &f.v("kind")),
        stages: opts(&tr, "stage", &stages, &f.v("stage")),
        chrome: Chrome::new(tr, user),
        title,
        action,
        cancel,
        f,
        errors,
        owners,
        channels,
    })
}

/// Validates the submitted form with the API's rules (`existing`: the customer being
/// changed). `Err` carries the errors to show; an e-mail another customer has is refused
/// beside the field, with that customer in `f.duplicate`, until the user ticks "save anyway".
async fn validate(
    s: &AppState,
    tr: &Tr,
    f: &mut CustomerForm,
    existing: Option<&Customer>,
) -> Result<Result<(carewell_domain::customer::CustomerInput, Option<String>), FormErrors>, AppError>
{
    let (body, mut errors) = f.to_body(tr);
    Ok(match body.validate(s.clock.now().date_naive()) {
        Ok(input) if errors.is_empty() => match check_owner(s, body.owner_id.as_deref()).await {
            Ok(()) => {
                let changed = existing
                    .is_none_or(|c| !crate::customers::api::customers::same_email(c, &input));
                let dup = if changed {
                    body.check_email(s, &input, existing.map(|c| c.id.as_str()))
                        .await
                } else {
                    Ok(())
                };
                match dup {
                    Ok(()) => Ok((input, body.owner_id)),
                    Err(AppError::Refused(r @ carewell_domain::Refusal::DuplicateEmail { .. })) => {
                        if let carewell_domain::Refusal::DuplicateEmail { id, name } = &r {
                            errors.push(
                                "email",
                                &tr.t_with("cust-duplicate-email-named", &[("name", name)]),
                            );
                            f.duplicate = Some((id.clone(), name.clone()));
                        }
                        Err(errors)
                    }
                    Err(e) => Err(FormErrors::from_app_in(tr, e, CUSTOMER_LABELS)?),
                }
            }
            Err(e) => Err(FormErrors::from_app_in(tr, e, CUSTOMER_LABELS)?),
        },
        Ok(_) => Err(errors),
        Err(e) => {
            // An attribute's error (`attr_<key>`) belongs beside the attributes box; the key
            // goes into the reason.
            for d in e {
                if let Some(key) = d.field.strip_prefix("attr_") {
                    let reason = format!("{key}: {}", tr.code(&d.code));
                    errors.push("attributes", &reason);
                    continue;
                }
                errors.extend(FormErrors::from_domain_in(tr, &[d], CUSTOMER_LABELS));
            }
            Err(errors)
        }
    })
}

async fn refuse(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    existing: Option<&Customer>,
    f: CustomerForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    Ok((status, page(s, tr, user, existing, f, errors).await?).into_response())
}

/// GET /customers/new: the empty form (writers).
pub async fn new_form(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<FormPage, AppError> {
    page(
        &s,
        tr,
        &user,
        None,
        CustomerForm::blank(),
        FormErrors::default(),
    )
    .await
}

/// POST /customers/new: creates the customer and shows it, or shows the form again.
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut f = CustomerForm::from_pairs(&pairs);
    let (input, owner) = match validate(&s, &tr, &mut f, None).await? {
        Ok(v) => v,
        Err(errors) => {
            let status = match f.duplicate {
                Some(_) => StatusCode::CONFLICT,
                None => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return refuse(&s, tr, &user, None, f, errors, status).await;
        }
    };
    match s
        .store
        .create_customer(&user.actor(), &input, owner.as_deref())
        .await
    {
        Ok(c) => Ok(Redirect::to(&format!("/customers/{}", c.id)).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let errors = FormErrors::from_app_in(&tr, e, CUSTOMER_LABELS)?;
            refuse(&s, tr, &user, None, f, errors, status).await
        }
    }
}

/// GET /customers/{id}/edit: the form filled with the customer (writers).
pub async fn edit_form(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<FormPage, AppError> {
    let c = s.store.customer(&id).await?;
    let f = CustomerForm::from_customer(&c);
    page(&s, tr, &user, Some(&c), f, FormErrors::default()).await
}

/// POST /customers/{id}/edit: saves the changes and shows the customer, or shows the form
/// again.
pub async fn update(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let c = s.store.customer(&id).await?;
    let mut f = CustomerForm::from_pairs(&pairs);
    let (input, owner) = match validate(&s, &tr, &mut f, Some(&c)).await? {
        Ok(v) => v,
        Err(errors) => {
            let status = match f.duplicate {
                Some(_) => StatusCode::CONFLICT,
                None => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return refuse(&s, tr, &user, Some(&c), f, errors, status).await;
        }
    };
    match s
        .store
        .update_customer(&user.actor(), &id, &input, owner.as_deref())
        .await
    {
        Ok(c) => Ok(Redirect::to(&format!("/customers/{}", c.id)).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let errors = FormErrors::from_app_in(&tr, e, CUSTOMER_LABELS)?;
            refuse(&s, tr, &user, Some(&c), f, errors, status).await
        }
    }
}
