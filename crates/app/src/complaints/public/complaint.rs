//! The public (no login) complaint form, reached by the customer's unguessable link, and its
//! thank-you page. Spam-safe: a honeypot field, a token bucket per client address and per
//! link, and size limits on every field and the body.

use crate::kernel::state::AppState;
use crate::web::error::{AppError, Denied};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::public::{MAX_BODY, language, limited};
use crate::web::view::{Opt, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use carewell_domain::complaint::{Category, ComplaintInput};
use carewell_domain::{Code, DomainError};
use carewell_store::Actor;
use serde::Deserialize;

/// Longest description on the public form.
pub const MAX_PUBLIC_DESCRIPTION: usize = carewell_domain::complaint::MAX_PUBLIC_DESCRIPTION;

/// The public complaint form.
#[derive(Template, WebTemplate)]
#[template(path = "public/complaint_form.html")]
pub struct FormPage {
    chrome: Chrome,
    token: String,
    name: String,
    categories: Vec<Opt>,
    subject: String,
    description: String,
    urgent: bool,
    errors: Vec<String>,
}

/// The thank-you page.
#[derive(Template, WebTemplate)]
#[template(path = "public/complaint_thanks.html")]
pub struct ThanksPage {
    chrome: Chrome,
    reference: String,
    /// The complaint's conversation page (a fresh link), to follow it and write more.
    conversation: Option<String>,
}

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct PublicForm {
    /// Category.
    #[serde(default)]
    pub category: String,
    /// Subject.
    #[serde(default)]
    pub subject: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Urgent tick box.
    pub urgent: Option<String>,
    /// Honeypot: people never see it, bots fill it in.
    #[serde(default)]
    pub website: String,
}

fn form_page(tr: Tr, token: &str, name: &str, f: &PublicForm, errors: Vec<String>) -> FormPage {
    let cat: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    let current = if f.category.is_empty() {
        "service"
    } else {
        f.category.as_str()
    };
    FormPage {
        categories: opts(&tr, "cmp-category", &cat, current),
        chrome: Chrome::customer(tr),
        token: token.to_string(),
        name: name.to_string(),
        subject: f.subject.clone(),
        description: f.description.clone(),
        urgent: f.urgent.is_some(),
        errors,
    }
}

/// GET /public/complaints/{token}: the form, in the customer's language.
pub async fn form(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<FormPage, AppError> {
    let (_, name, lang) = s.store.customer_for_complaint_link(&token).await?;
    Ok(form_page(
        language(None, &headers, &lang),
        &token,
        &name,
        &PublicForm::default(),
        Vec::new(),
    ))
}

/// POST /public/complaints/{token}: records the complaint (channel web-form).
pub async fn submit(
    State(s): State<AppState>,
    Path(token): Path<String>,
    ext: Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    limited(&ext, &headers, "", &token)?;
    let (customer_id, name, lang) = s.store.customer_for_complaint_link(&token).await?;
    let tr = language(None, &headers, &lang);
    // An oversized form is read and shown again, refused as too long.
    let oversized = body.len() > MAX_BODY;
    let f: PublicForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::BadRequest(Denied::UnreadableForm))?;
    if !f.website.is_empty() {
        // A bot: answer as if all went well, store nothing.
        tracing::info!("public complaint form: honeypot filled, dropped");
        return Ok(ThanksPage {
            chrome: Chrome::customer(tr),
            reference: "—".into(),
            conversation: None,
        }
        .into_response());
    }
    // The domain's public intake: web-form channel, urgent → high, the public length limit.
    let input = if oversized {
        Err(vec![DomainError::new(
            "description",
            Code::TooLong {
                max: MAX_PUBLIC_DESCRIPTION,
            },
        )])
    } else {
        ComplaintInput::public_form(
            &customer_id,
            &f.category,
            f.urgent.is_some(),
            &f.subject,
            &f.description,
        )
    };
    let input = match input {
        Ok(i) => i,
        Err(es) => {
            let errors = es
                .iter()
                .map(|e| match (e.field.as_str(), &e.code) {
                    ("description", Code::Required) => tr.t("cmp-public-describe"),
                    ("description", Code::TooLong { .. }) => tr.t("cmp-public-too-long"),
                    _ => tr.invalid(e),
                })
                .collect();
            let page = form_page(tr, &token, &name, &f, errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let actor = Actor {
        id: format!("customer:{customer_id}"),
        label: "customer (web form)".into(),
    };
    let c = s.store.create_complaint(&actor, &input, None).await?;
    let conversation = s.store.complaint_thread_link(&actor, &c.id).await?;
    Ok(ThanksPage {
        chrome: Chrome::customer(tr),
        reference: c.reference(),
        conversation: Some(conversation),
    }
    .into_response())
}
