//! GET/POST /complaints/new: a staff member records a complaint received by phone, e-mail,
//! in person… The same validation as the API; on error the form comes back with the values
//! and each message beside its field.
//!
//! The customer is chosen with a type-ahead search (`static/search.js` over
//! `/search/suggest`), not a list of every customer. Without JavaScript the search field's
//! "Find" button posts the form back to itself (nothing is recorded; what was typed stays) and
//! the matching customers come back as choices; `?customer_q=` does the same on a GET.
//! Arriving from a customer page (`?customer_id=`) preselects that customer. The chosen id is
//! checked by the store when the complaint is recorded.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::FormErrors;
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
use serde::Deserialize;

/// Customers the picker lists for a search without JavaScript.
pub const PICKER_HITS: i64 = 10;

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
    /// The picker's search text.
    #[serde(default)]
    pub customer_q: String,
    /// Set by the picker's "Find" button: search for customers, record nothing.
    #[serde(default)]
    pub find: Option<String>,
}

/// A customer the picker offers.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// E-mail, phone and reference, as known.
    pub detail: String,
}

impl Choice {
    fn new(id: String, name: String, detail: [Option<String>; 3]) -> Self {
        Self {
            id,
            name,
            detail: detail
                .into_iter()
                .flatten()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
        }
    }
}

/// The customer picker: the chosen customer and the matches of a search.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// The customer chosen (preselected, or chosen before the form came back).
    pub chosen: Option<Choice>,
    /// Customers matching the search text, the chosen one left out.
    pub matches: Vec<Choice>,
    /// A search was made.
    pub searched: bool,
    /// More customers match than are listed.
    pub more: bool,
    /// "No customer matches …", for an empty search.
    pub none: String,
}

impl Picker {
    /// The picker for the form `f` as `user` may see (records under a retention hold only with
    /// clearance).
    async fn load(
        s: &AppState,
        tr: &Tr,
        user: &CurrentUser,
        f: &NewForm,
    ) -> Result<Self, AppError> {
        let mut p = Picker::default();
        let id = f.customer_id.trim();
        if !id.is_empty()
            && let Ok(c) = s.store.customer(id).await
        {
            p.chosen = Some(Choice::new(
                c.id,
                c.name,
                [c.email, c.phone, c.external_ref],
            ));
        }
        let q = f.customer_q.trim();
        if !q.is_empty() {
            p.searched = true;
            let hits = s
                .store
                .find_customers(user.clearance(), q, PICKER_HITS)
                .await?;
            p.more = hits.more;
            p.matches = hits
                .items
                .into_iter()
                .filter(|c| p.chosen.as_ref().is_none_or(|ch| ch.id != c.id))
                .map(|c| Choice::new(c.id, c.name, [c.email, c.phone, c.external_ref]))
                .collect();
            p.none = tr.t_with("picker-none", &[("q", q)]);
        }
        Ok(p)
    }
}

/// The new-complaint page.
#[derive(Template, WebTemplate)]
#[template(path = "complaints/new.html")]
pub struct NewPage {
    chrome: Chrome,
    f: NewForm,
    picker: Picker,
    channels: Vec<Opt>,
    categories: Vec<Opt>,
    severities: Vec<Opt>,
    errors: FormErrors,
}

impl NewPage {
    /// The translated label of a field name (for the error summary).
    fn field_label(&self, field: &str) -> String {
        match field {
            "customer_id" => self.chrome.t("cmp-field-customer"),
            other => self.chrome.tr.label(other),
        }
    }
}

async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    f: NewForm,
    errors: FormErrors,
) -> Result<NewPage, AppError> {
    let picker = Picker::load(s, &tr, user, &f).await?;
    let ch: Vec<&str> = IntakeChannel::ALL.iter().map(|s| s.as_str()).collect();
    let cat: Vec<&str> = Category::ALL.iter().map(|s| s.as_str()).collect();
    let sev: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    Ok(NewPage {
        channels: opts(&tr, "cmp-channel", &ch, &f.channel),
        categories: opts(&tr, "cmp-category", &cat, &f.category),
        severities: opts(&tr, "cmp-severity", &sev, &f.severity),
        chrome: Chrome::new(tr, user),
        picker,
        f,
        errors,
    })
}

/// Query of the form: a customer to preselect.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    /// Customer id.
    pub customer_id: Option<String>,
    /// Customers to list for choosing (the picker's search without JavaScript).
    pub customer_q: Option<String>,
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
        customer_q: q.customer_q.unwrap_or_default(),
        channel: "phone".into(),
        category: "service".into(),
        severity: "medium".into(),
        ..NewForm::default()
    };
    render(&s, tr, &user, f, FormErrors::default()).await
}

/// Records the complaint and opens it; with the picker's "Find" button, only lists the
/// customers matching its search text.
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<NewForm>,
) -> Result<Response, AppError> {
    if f.find.is_some() {
        return Ok(render(&s, tr, &user, f, FormErrors::default())
            .await?
            .into_response());
    }
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
                AppError::NotFound(w) => {
                    let mut errors = FormErrors::default();
                    errors.push("customer_id", &tr.not_found(w));
                    errors
                }
                other => FormErrors::from_app(&tr, other)?,
            },
        },
        Err(errs) => FormErrors::from_domain(&tr, &errs),
    };
    let page = render(&s, tr, &user, f, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
