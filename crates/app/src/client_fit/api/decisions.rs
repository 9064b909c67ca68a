//! Decisions: keep, watch, or part ways (which opens an offboarding case).

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::client_fit::Recommendation;
use carewell_store::client_fit::Decision;
use serde::Deserialize;
use utoipa::ToSchema;

/// A decision.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = FitDecisionBody)]
pub struct DecisionBody {
    /// keep, watch or part-ways.
    #[serde(default)]
    pub decision: String,
    /// Why (required).
    #[serde(default)]
    pub reason: String,
}

/// Record a decision (managers, admins) with the reviewer, the reason and the assessment it
/// was based on. `part-ways` opens an offboarding case (409 if one is already active; 422 if
/// no reason is at concern or serious).
#[utoipa::path(post, path = "/api/v1/client-fit/{id}/decisions", tag = "client-fit", params(("id" = String, Path, description = "Customer id")),
    request_body = DecisionBody,
    responses((status = 201, body = Decision), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Response, AppError> {
    let d = Recommendation::parse(&b.decision)?;
    let (who, actor) = (user.clearance(), user.actor());
    let out = s
        .store
        .decide_client_fit(who, &actor, &id, d, &b.reason, chrono::Utc::now())
        .await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}
