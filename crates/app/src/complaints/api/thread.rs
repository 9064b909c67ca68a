//! A complaint's conversation: the thread (customer words, workflow messages as the customer
//! received them, agent replies, internal notes, customer replies) and agent replies or notes.

use crate::complaints::thread::{self, ThreadItem};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::complaint::thread::Reply;
use carewell_store::complaints::Audience;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A complaint's thread, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadOut {
    /// The items, oldest first; the first is the customer's original words.
    pub items: Vec<ThreadItem>,
}

/// The conversation of a complaint: the customer's original words, every message sent to the
/// customer (workflow messages rendered as the customer received them, in their language;
/// `content_pruned` once the retention period removed the content), agent replies, internal
/// notes and the customer's replies.
#[utoipa::path(get, path = "/api/v1/complaints/{id}/thread", tag = "complaints",
    params(("id" = String, Path, description = "Complaint id")),
    responses((status = 200, body = ThreadOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_thread(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ThreadOut>, AppError> {
    Ok(Json(ThreadOut {
        items: thread::items(&s, &id, Audience::Staff).await?,
    }))
}

/// A reply to the customer, or an internal note.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplyBody {
    /// The text (at most 10,000 characters).
    pub body: String,
    /// `true`: an internal note, never sent to the customer (default `false`: a reply, sent
    /// by e-mail with the complaint reference in the subject and a link to the customer's
    /// conversation page).
    #[serde(default)]
    pub internal: bool,
}

/// Reply to the customer (sent through the outbox as a service message) or add an internal
/// note. Answers with the new thread item.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/replies", tag = "complaints",
    params(("id" = String, Path, description = "Complaint id")), request_body = ReplyBody,
    responses((status = 201, body = ThreadItem), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn reply(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ReplyBody>,
) -> Result<Response, AppError> {
    let r = Reply::parse(&b.body, b.internal)?;
    let e = s.store.reply_to_complaint(&user.actor(), &id, &r).await?;
    let item = thread::items(&s, &id, Audience::Staff)
        .await?
        .into_iter()
        .find(|i| i.id == e.id);
    let item = item.ok_or(AppError::NotFound(carewell_domain::Entity::Record))?;
    Ok((StatusCode::CREATED, Json(item)).into_response())
}
