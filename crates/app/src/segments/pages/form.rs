//! The segment form: GET /segments/new, GET /segments/{id}/edit, POST /segments (create),
//! POST /segments/{id} (save), POST /segments/{id}/delete, and GET /segments/count (the live
//! count the form fetches as it changes; without JavaScript, the "Preview" button shows it).
//! The filter fields are the customer list's; errors come back beside their fields (422).

use crate::customers::pages::list::MoreFilters;
use crate::kernel::state::AppState;
use crate::segments::view::count as count_words;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use carewell_domain::customer::{Channel, LifecycleStage};
use carewell_domain::messaging::MessageClass;
use carewell_domain::segment::{Filter, Owner};
use carewell_store::segments::{Segment, SegmentInput};
use std::collections::BTreeMap;

/// The form's labels (field → message id).
pub const LABELS: Labels<'static> = &[
    ("name", "field-name"),
    ("description", "seg-description"),
    ("stage", "field-stage"),
    ("segment", "field-segment"),
    ("owner", "field-owner-id"),
    ("owner_id", "field-owner-id"),
    ("tags", "field-tags"),
    ("country", "field-country"),
    ("language", "field-language"),
    ("consent", "seg-consent"),
    ("consent_class", "seg-consent-class"),
    ("created_from", "seg-key-created_from"),
    ("created_to", "seg-key-created_to"),
    ("last_contact_from", "seg-key-last_contact_from"),
    ("last_contact_to", "seg-key-last_contact_to"),
    ("health_band", "seg-key-health_band"),
    ("attributes", "seg-key-attributes"),
];

/// The form's values as typed.
#[derive(Debug, Clone, Default)]
pub struct Values(BTreeMap<String, String>);

impl Values {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        Self(pairs.iter().cloned().collect())
    }

    fn from_segment(g: &Segment, f: &Filter) -> Self {
        let mut m: BTreeMap<String, String> = f
            .pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        if let Some(id) = m.remove("owner_id") {
            m.insert("owner".into(), id);
        }
        m.insert("name".into(), g.name.clone());
        m.insert("description".into(), g.description.clone());
        Self(m)
    }

    /// The value of `field` (blank when absent).
    pub fn v(&self, field: &str) -> &str {
        self.0.get(field).map(String::as_str).unwrap_or("")
    }

    /// The filter these values describe (`owner` is `me`, `none` or a user id).
    fn filter(&self) -> Result<Filter, Vec<carewell_domain::DomainError>> {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for k in carewell_domain::segment::KEYS {
            let v = self.v(k);
            match *k {
                "owner_id" => {}
                "owner" if !v.is_empty() && v != "me" && v != "none" => {
                    pairs.push(("owner_id", v));
                }
                _ => pairs.push((k, v)),
            }
        }
        Filter::parse_params(pairs, "")
    }

    fn more(&self) -> MoreFilters {
        MoreFilters {
            tags: self.v("tags").into(),
            country: self.v("country").into(),
            language: self.v("language").into(),
            consent: self.v("consent").into(),
            consent_class: self.v("consent_class").into(),
            created_from: self.v("created_from").into(),
            created_to: self.v("created_to").into(),
            last_contact_from: self.v("last_contact_from").into(),
            last_contact_to: self.v("last_contact_to").into(),
            attributes: self.v("attributes").into(),
            segment_id: String::new(),
        }
    }
}

/// The segment form page.
#[derive(Template, WebTemplate)]
#[template(path = "segments/form.html")]
pub struct FormPage {
    chrome: Chrome,
    /// The segment being edited; `None` for a new one.
    id: Option<String>,
    f: Values,
    more: MoreFilters,
    stages: Vec<Opt>,
    segments: Vec<Opt>,
    owners: Vec<Opt>,
    consents: Vec<Opt>,
    consent_classes: Vec<Opt>,
    /// The health band choices.
    bands: Vec<Opt>,
    errors: FormErrors,
    /// The live count of the filter as entered ("Preview").
    count: String,
}

impl FormPage {
    /// The label of `field` on this form.
    pub fn field_label(&self, field: &str) -> String {
        self.chrome.tr.label_in(field, LABELS)
    }
}

async fn page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: Option<String>,
    f: Values,
    errors: FormErrors,
) -> Result<FormPage, AppError> {
    let stage_names: Vec<&str> = LifecycleStage::ALL.iter().map(|s| s.as_str()).collect();
    let owner = f.v("owner").to_string();
    let mut owners: Vec<Opt> = [
        ("", "customers-owner-any"),
        ("me", "customers-owner-me"),
        ("none", "customers-owner-none"),
    ]
    .into_iter()
    .map(|(value, key)| Opt {
        value: value.into(),
        label: tr.t(key),
        selected: owner == value,
    })
    .collect();
    let mut names: Vec<(String, String)> = super::user_names(s).await?.into_iter().collect();
    names.sort_by_key(|a| a.1.to_lowercase());
    owners.extend(names.into_iter().map(|(id, name)| Opt {
        selected: owner == id,
        value: id,
        label: name,
    }));
    let count = match f.filter() {
        Ok(mut filter) => {
            filter.resolve_me(&user.user.id);
            let (n, capped) = s
                .store
                .count_matching(&filter, s.clock.now().date_naive())
                .await?;
            count_words(&tr, n, capped)
        }
        Err(_) => String::new(),
    };
    let more = f.more();
    Ok(FormPage {
        stages: opts(&tr, "stage", &stage_names, f.v("stage")),
        segments: Opt::plain(&s.store.segments().await?, f.v("segment")),
        owners,
        consents: opts(
            &tr,
            "channel",
            &Channel::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            &more.consent,
        ),
        consent_classes: opts(
            &tr,
            "seg-class",
            &MessageClass::ALL
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            &more.consent_class,
        ),
        bands: opts(
            &tr,
            "health-band",
            &carewell_domain::health::Band::ALL
                .iter()
                .map(|b| b.as_str())
                .collect::<Vec<_>>(),
            f.v("health_band"),
        ),
        chrome: Chrome::new(tr, user),
        id,
        more,
        f,
        errors,
        count,
    })
}

/// GET /segments/new: the empty form (managers).
pub async fn new(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<FormPage, AppError> {
    page(
        &s,
        tr,
        &user,
        None,
        Values::default(),
        FormErrors::default(),
    )
    .await
}

/// GET /segments/{id}/edit: the form filled with the segment (managers).
pub async fn edit(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<FormPage, AppError> {
    let g = s.store.segment(&id).await?;
    let f = Values::from_segment(&g, &g.parsed_filter()?);
    page(&s, tr, &user, Some(id), f, FormErrors::default()).await
}

/// Validates and saves (create when `id` is `None`), or shows the form again: with the errors
/// (422, 409 for a taken name) or, for "Preview", with the count.
async fn save(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: Option<String>,
    pairs: &[(String, String)],
) -> Result<Response, AppError> {
    let f = Values::from_pairs(pairs);
    let id_ref = &id;
    let again = |errors: FormErrors, status: StatusCode, f: Values| async move {
        let p = page(s, tr, user, id_ref.clone(), f, errors).await?;
        Ok::<Response, AppError>((status, p).into_response())
    };
    if pairs.iter().any(|(k, _)| k == "preview") {
        return again(FormErrors::default(), StatusCode::OK, f).await;
    }
    let filter = f.filter();
    let fields = SegmentInput::new(f.v("name"), f.v("description"), Filter::default());
    let mut input = match (filter, fields) {
        (Ok(mut filter), Ok(mut i)) => {
            filter.resolve_me(&user.user.id);
            i.filter = filter;
            i
        }
        (a, b) => {
            let errs: Vec<_> = b
                .err()
                .into_iter()
                .flatten()
                .chain(a.err().into_iter().flatten())
                .collect();
            let errors = FormErrors::from_domain_in(&tr, &errs, LABELS);
            return again(errors, StatusCode::UNPROCESSABLE_ENTITY, f).await;
        }
    };
    if input.filter.owner == Some(Owner::Me) {
        input.filter.resolve_me(&user.user.id);
    }
    let saved = match &id {
        None => s.store.create_segment(&user.actor(), &input).await,
        Some(id) => s.store.update_segment(&user.actor(), id, &input).await,
    };
    match saved {
        Ok(g) => Ok(Redirect::to(&format!("/segments/{}", g.id)).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let errors = FormErrors::from_app_in(&tr, e, LABELS)?;
            again(errors, status, f).await
        }
    }
}

/// POST /segments: creates a segment (managers).
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save(&s, tr, &user, None, &pairs).await
}

/// POST /segments/{id}: saves a segment (managers).
pub async fn update(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    s.store.segment(&id).await?;
    save(&s, tr, &user, Some(id), &pairs).await
}

/// POST /segments/{id}/delete: deletes a segment and goes back to the list (managers).
pub async fn delete(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    s.store.delete_segment(&user.actor(), &id).await?;
    Ok(Redirect::to("/segments"))
}

/// GET /segments/count?…: the count of the form's filter as a line of text (what the form's
/// live count shows); a filter with errors says what is wrong.
pub async fn count(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    let f = Values::from_pairs(&pairs);
    let text = match f.filter() {
        Ok(mut filter) => {
            filter.resolve_me(&user.user.id);
            let (n, capped) = s
                .store
                .count_matching(&filter, s.clock.now().date_naive())
                .await?;
            count_words(&tr, n, capped)
        }
        Err(errs) => errs
            .iter()
            .map(|e| tr.invalid_in(e, LABELS))
            .collect::<Vec<_>>()
            .join("; "),
    };
    Ok(Html(escape(&text)))
}

/// `s` safe inside HTML text.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
