//! Judgements of a reason and the likelihood of change (managers).

use super::reason;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::client_fit::{Level, Likelihood};
use carewell_store::client_fit::Judgement;
use serde::Deserialize;
use utoipa::ToSchema;

/// A reviewer's level for a reason.
#[derive(Debug, Deserialize, ToSchema)]
pub struct JudgementBody {
    /// One of the seven reasons.
    #[serde(default)]
    pub reason: String,
    /// none, concern or serious; null returns the reason to the data.
    pub level: Option<String>,
    /// Why.
    #[serde(default)]
    pub note: String,
}

/// Set a reason's level (managers, admins): the judgement for unethical requests and mission
/// fit, an override of the data for the others. History is kept; the newest counts.
#[utoipa::path(post, path = "/api/v1/client-fit/{id}/judgements", tag = "client-fit", params(("id" = String, Path, description = "Customer id")),
    request_body = JudgementBody,
    responses((status = 201, body = Judgement), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn judge(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<JudgementBody>,
) -> Result<Response, AppError> {
    let r = reason(&b.reason)?;
    let level = b
        .level
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(Level::parse)
        .transpose()?;
    let j = s
        .store
        .set_client_fit_judgement(&user.actor(), &id, r, level, &b.note)
        .await?;
    Ok((StatusCode::CREATED, Json(j)).into_response())
}

/// The reviewer's likelihood of change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LikelihoodBody {
    /// low, medium or high; null returns to the data's suggestion.
    pub likelihood: Option<String>,
    /// Why.
    #[serde(default)]
    pub note: String,
}

/// Set the likelihood that the situation changes (managers, admins).
#[utoipa::path(put, path = "/api/v1/client-fit/{id}/likelihood", tag = "client-fit", params(("id" = String, Path, description = "Customer id")),
    request_body = LikelihoodBody,
    responses((status = 200, body = Judgement), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_likelihood(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<LikelihoodBody>,
) -> Result<Json<Judgement>, AppError> {
    let l = b
        .likelihood
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(Likelihood::parse)
        .transpose()?;
    Ok(Json(
        s.store
            .set_client_fit_likelihood(&user.actor(), &id, l, &b.note)
            .await?,
    ))
}
