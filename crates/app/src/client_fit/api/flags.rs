//! Interactions flagged as abuse of staff.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// An interaction to flag as abuse of staff.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FlagBody {
    /// The interaction (of this customer).
    #[serde(default)]
    pub interaction_id: String,
    /// What happened.
    pub note: Option<String>,
}

/// Flag an interaction as abuse of staff (agents, managers, admins); counts towards the
/// staff-abuse score. Once per interaction (409 when already flagged).
#[utoipa::path(post, path = "/api/v1/client-fit/{id}/abuse-flags", tag = "client-fit", params(("id" = String, Path, description = "Customer id")),
    request_body = FlagBody,
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn flag_abuse(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<FlagBody>,
) -> Result<StatusCode, AppError> {
    if b.interaction_id.trim().is_empty() {
        return Err(AppError::invalid(
            "interaction_id",
            carewell_domain::Code::Required,
        ));
    }
    s.store
        .flag_staff_abuse(
            &user.actor(),
            &id,
            b.interaction_id.trim(),
            b.note.as_deref(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
