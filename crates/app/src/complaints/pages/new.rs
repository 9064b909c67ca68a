//! GET/POST /complaints/new: a staff member records a complaint received by phone, e-mail,
//! in person… The same validation as the API; on error the form comes back with the values.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::complaint::{Category, ComplaintInput, IntakeChannel, Severity};
use carewell_store::customers::CustomerQuery;
use serde::Deserialize;

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewForm {
    /// Customer id.
    #[serde(default)]
    pub customer_id: String,
    /// Channel.
    #[serde(default)]
    pub channel: String,
    /// Category.
    #[serde(default)]
    pub category: String,
    /// Severity.
    #[serde(default)]
    pub severity: String,
    /// Subject.
    #[serde(default)]
    pub subject: String,
    /// Description.
    #[serde(default)]
    pub description: String,
}

/// The new-complaint page.
#[derive(Template, WebTemplate)]
#[template(path = "complaints/new.html")]
pub struct NewPage {
    chrome: Chrome,
    f: NewForm,
    customers: Vec<Opt>,
    channels: Vec<Opt>,
    categories: Vec<Opt>,
    severities: Vec<Opt>,
    errors: Vec<(String, String)>,
}

async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    f: NewForm,
    errors: Vec<(String, String)>,
) -> Result<NewPage, AppError> {
    let page = s
        .store
        .search_customers(&CustomerQuery::default(), 500, 0)
        .await?;
    let mut customers: Vec<Opt> = page
        .items
        .into_iter()
        .map(|c| Opt {
            selected: c.id == f.customer_id,
            value: c.id,
            label: c.name,
        })
        .collect();
    if !f.customer_id.is_empty()
        && !customers.iter().any(|c| c.selected)
        && let Ok(c) = s.store.customer(&f.customer_id).await
    {
        customers.insert(
            0,
            Opt {
                value: c.id,
                label: c.name,
                selected: true,
            },
        );
    }
    let ch: Vec<&str> = IntakeChannel::ALL.iter().map(|s| s.as_str()).collect();
    let cat: Vec<&str> = Category::ALL.iter().map(|s| s.as_str()).collect();
    let sev: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    Ok(NewPage {
        channels: opts(&tr, "cmp-channel", &ch, &f.channel),
        categories: opts(&tr, "cmp-category", &cat, &f.category),
        severities: opts(&tr, "cmp-severity", &sev, &f.severity),
        chrome: Chrome::new(tr, user),
        customers,
        f,
        errors,
    })
}

/// Query of the form: a customer to preselect.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    /// Customer id.
    pub customer_id: Option<String>,
}

/// The empty form (phone, service, medium preselected).
pub async fn form(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<NewQuery>,
) -> Result<NewPage, AppError> {
    let f = NewForm {
        customer_id: q.customer_id.unwrap_or_default(),
        channel: "phone".into(),
        category: "service".into(),
        severity: "medium".into(),
        ..NewForm::default()
    };
    render(&s, tr, &user, f, Vec::new()).await
}

/// Records the complaint and opens it.
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<NewForm>,
) -> Result<Response, AppError> {
    let input = ComplaintInput::parse(
        &f.customer_id,
        &f.channel,
        &f.category,
        &f.severity,
        Some(&f.subject),
        &f.description,
        Vec::new(),
    );
    let errors = match input {
        Ok(input) => match s.store.create_complaint(&user.actor(), &input, None).await {
            Ok(c) => return Ok(Redirect::to(&format!("/complaints/{}", c.id)).into_response()),
            Err(e) => match AppError::from(e) {
                AppError::Invalid(v) => v
                    .iter()
                    .map(|e| (e.field.clone(), tr.code(&e.code)))
                    .collect(),
                AppError::NotFound(w) => vec![("customer_id".to_string(), tr.not_found(w))],
                other => return Err(other),
            },
        },
        Err(errs) => errs
            .iter()
            .map(|e| (e.field.clone(), tr.code(&e.code)))
            .collect(),
    };
    let page = render(&s, tr, &user, f, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
