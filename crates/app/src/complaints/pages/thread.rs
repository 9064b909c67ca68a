//! The complaint page's conversation forms: an agent's reply (sent to the customer) or
//! internal note, and a link to the customer's conversation page to hand over. A reply that is
//! refused re-renders the page with the text kept and the reason beside the field.

use super::show::{IssuedLinks, ReplyDraft, render_with};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::complaint::thread::Reply;
use serde::Deserialize;

/// The reply form as submitted.
#[derive(Debug, Default, Deserialize)]
pub struct ReplyForm {
    /// The text.
    #[serde(default)]
    pub body: String,
    /// Ticked: an internal note (never sent).
    pub internal: Option<String>,
}

/// POST /complaints/{id}/reply: sends the reply (or keeps the note) and returns to the
/// conversation.
pub async fn reply(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<ReplyForm>,
) -> Result<Response, AppError> {
    let internal = f.internal.is_some();
    let r = match Reply::parse(&f.body, internal) {
        Ok(r) => r,
        Err(e) => {
            let draft = ReplyDraft {
                error: Some(tr.code(&e.code)),
                body: f.body,
                internal,
            };
            let issued = IssuedLinks {
                reply: Some(draft),
                ..IssuedLinks::default()
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render_with(&s, tr, &user, &id, None, status, issued).await;
        }
    };
    s.store.reply_to_complaint(&user.actor(), &id, &r).await?;
    Ok(Redirect::to(&format!("/complaints/{id}#thread")).into_response())
}

/// POST /complaints/{id}/thread-link: issues a link to the customer's conversation page and
/// shows it once (links sent in replies keep working).
pub async fn thread_link(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let path = s.store.complaint_thread_link(&user.actor(), &id).await?;
    let issued = IssuedLinks {
        thread: Some(s.public_url(&path)),
        ..IssuedLinks::default()
    };
    render_with(&s, tr, &user, &id, None, StatusCode::OK, issued).await
}
