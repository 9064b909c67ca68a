//! Reviewer notes.

use super::reason;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_store::client_fit::Judgement;
use serde::Deserialize;
use utoipa::ToSchema;

/// A reviewer's note.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NoteBody {
    /// The reason it is about (omit for a general note).
    pub reason: Option<String>,
    /// The note.
    #[serde(default)]
    pub note: String,
}

/// Add a note (agents, managers, admins); notes do not change scores.
#[utoipa::path(post, path = "/api/v1/client-fit/{id}/notes", tag = "client-fit", params(("id" = String, Path, description = "Customer id")),
    request_body = NoteBody,
    responses((status = 201, body = Judgement), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_note(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoteBody>,
) -> Result<Response, AppError> {
    let r = b
        .reason
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(reason)
        .transpose()?;
    let j = s
        .store
        .add_client_fit_note(&user.actor(), &id, r, &b.note)
        .await?;
    Ok((StatusCode::CREATED, Json(j)).into_response())
}
