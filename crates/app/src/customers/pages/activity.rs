//! Form posts from the customer page: record an interaction, add or remove a contact. Each
//! redirects back (303) on success and shows the page again with the errors (422) when not.

use super::show::{ContactForm, Forms, InteractionForm, render};
use crate::customers::api::interactions::InteractionBody;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::view::nonblank;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::DomainError;
use carewell_domain::customer::{parse_label, parse_name, parse_phone};
use carewell_domain::email::Email;
use carewell_store::contacts::NewContact;
use chrono::NaiveDateTime;
use serde::Deserialize;

/// The interaction form as posted.
#[derive(Debug, Deserialize)]
pub struct InteractionPost {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    occurred_at: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    sentiment: String,
}

/// A `datetime-local` value (`2026-01-02T03:04`, taken as UTC) as RFC 3339; anything else is
/// passed on for the API's parser to judge.
pub fn local_to_rfc3339(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return Some(n.and_utc().to_rfc3339());
        }
    }
    Some(t.to_string())
}

/// The interaction form's labels.
const INTERACTION_LABELS: Labels<'static> = &[
    ("kind", "field-interaction-kind"),
    ("occurred_at", "field-occurred-at"),
    ("summary", "field-summary"),
    ("sentiment", "field-sentiment"),
];

/// POST /customers/{id}/interactions: records an interaction had by the signed-in user.
pub async fn add_interaction(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(p): Form<InteractionPost>,
) -> Result<Response, AppError> {
    s.store.customer(&id).await?;
    let body = InteractionBody {
        kind: p.kind.clone(),
        summary: p.summary.clone(),
        occurred_at: local_to_rfc3339(&p.occurred_at),
        sentiment: nonblank(&p.sentiment),
        external_ref: None,
    };
    let result = match body.validate(&user.user.id, s.clock.now()) {
        Ok(n) => s
            .store
            .add_interaction(&user.actor(), &id, &n)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/customers/{id}#timeline")).into_response()),
        Err(e) => {
            let status = e.status();
            let forms = Forms {
                interaction: InteractionForm {
                    kind: p.kind,
                    occurred_at: p.occurred_at,
                    summary: p.summary,
                    sentiment: p.sentiment,
                },
                interaction_errors: FormErrors::from_app_in(&tr, e, INTERACTION_LABELS)?,
                ..Forms::default()
            };
            render(&s, tr, &user, &id, 1, forms, status).await
        }
    }
}

/// The contact form as posted.
#[derive(Debug, Deserialize)]
pub struct ContactPost {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    is_primary: Option<String>,
}

fn take<T>(tr: &Tr, errors: &mut FormErrors, r: Result<T, DomainError>) -> Option<T> {
    r.map_err(|e| errors.push(&e.field, &tr.code(&e.code))).ok()
}

/// Validates a contact with the same domain rules as `POST /api/v1/customers/{id}/contacts`.
fn contact(tr: &Tr, p: &ContactPost) -> Result<NewContact, FormErrors> {
    let mut errors = FormErrors::default();
    let name = take(tr, &mut errors, parse_name("name", &p.name));
    let role = nonblank(&p.role).and_then(|r| take(tr, &mut errors, parse_label("role", &r)));
    let email = nonblank(&p.email).and_then(|e| take(tr, &mut errors, Email::parse(&e)));
    let phone = nonblank(&p.phone).and_then(|ph| take(tr, &mut errors, parse_phone(&ph)));
    match name {
        Some(name) if errors.is_empty() => Ok(NewContact {
            name,
            role,
            email,
            phone,
            is_primary: p.is_primary.is_some(),
        }),
        _ => Err(errors),
    }
}

/// POST /customers/{id}/contacts: adds a contact person.
pub async fn add_contact(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(p): Form<ContactPost>,
) -> Result<Response, AppError> {
    s.store.customer(&id).await?;
    let (errors, status) = match contact(&tr, &p) {
        Ok(n) => match s.store.add_contact(&user.actor(), &id, &n).await {
            Ok(_) => return Ok(Redirect::to(&format!("/customers/{id}#contacts")).into_response()),
            Err(e) => {
                let e = AppError::from(e);
                let status = e.status();
                (FormErrors::from_app(&tr, e)?, status)
            }
        },
        Err(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let forms = Forms {
        contact: ContactForm {
            is_primary: p.is_primary.is_some(),
            name: p.name,
            role: p.role,
            email: p.email,
            phone: p.phone,
        },
        contact_errors: errors,
        ..Forms::default()
    };
    render(&s, tr, &user, &id, 1, forms, status).await
}

/// POST /customers/{id}/contacts/{contact_id}/delete: removes a contact person.
pub async fn delete_contact(
    State(s): State<AppState>,
    user: CurrentUser,
    Path((id, contact_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    s.store
        .delete_contact(&user.actor(), &id, &contact_id)
        .await?;
    Ok(Redirect::to(&format!("/customers/{id}#contacts")).into_response())
}
