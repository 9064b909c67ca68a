//! `/api/v1/client-fit`: the ranked list, one customer's review with evidence, reviewer
//! notes, judgements and likelihood, staff-abuse flags, decisions and the cost settings.

use super::decide;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::client_fit::{Level, Likelihood, Reason, Recommendation};
use carewell_store::client_fit::{Decision, FitRow, FitSettings, Judgement, Review};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// List filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// keep, watch or part-ways.
    pub recommendation: Option<String>,
    /// Only customers with at least this many problems (reasons at concern or serious).
    pub min_problems: Option<usize>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

/// One page of the ranked list.
#[derive(Debug, Serialize, ToSchema)]
pub struct FitPage {
    /// Customers, most problems first.
    pub items: Vec<FitRow>,
    /// Matches in all.
    pub total: i64,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
}

/// The ranked list, filtered and paged (shared by the API, the page and the CLI).
pub async fn ranked(
    s: &AppState,
    recommendation: Option<&str>,
    min_problems: usize,
    limit: i64,
    offset: i64,
) -> Result<FitPage, AppError> {
    let rec = recommendation
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(Recommendation::parse)
        .transpose()?;
    let limit = limit.clamp(1, 500);
    let offset = offset.max(0);
    let rows: Vec<FitRow> = s
        .store
        .client_fit_list(Utc::now())
        .await?
        .into_iter()
        .filter(|r| rec.is_none_or(|x| r.recommendation == x) && r.problems >= min_problems)
        .collect();
    let total = rows.len() as i64;
    Ok(FitPage {
        items: rows
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect(),
        total,
        limit,
        offset,
    })
}

/// Customers ranked by client fit: most problems first, then the heaviest.
#[utoipa::path(get, path = "/api/v1/client-fit", tag = "client-fit", params(ListParams),
    responses((status = 200, body = FitPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<FitPage>, AppError> {
    Ok(Json(
        ranked(
            &s,
            p.recommendation.as_deref(),
            p.min_problems.unwrap_or(0),
            p.limit.unwrap_or(50),
            p.offset.unwrap_or(0),
        )
        .await?,
    ))
}

/// One customer's review: the seven reasons with level, source and evidence, the likelihood
/// of change (suggested and set), the recommendation, the complaints and interactions behind
/// the scores, and the history of judgements and decisions.
#[utoipa::path(get, path = "/api/v1/client-fit/{id}", tag = "client-fit", params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = Review), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn review(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Review>, AppError> {
    Ok(Json(s.store.client_fit_review(&id, Utc::now()).await?))
}

fn reason(raw: &str) -> Result<Reason, AppError> {
    Ok(Reason::parse(raw)?)
}

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
        return Err(AppError::invalid("interaction_id", "is required"));
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

/// A decision.
#[derive(Debug, Deserialize, ToSchema)]
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
    let out = decide::decide(&s, &user.actor(), &id, d, &b.reason).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// How cost to serve is estimated.
#[utoipa::path(get, path = "/api/v1/client-fit/settings", tag = "client-fit",
    responses((status = 200, body = FitSettings)))]
pub async fn settings(State(s): State<AppState>) -> Result<Json<FitSettings>, AppError> {
    Ok(Json(s.store.client_fit_settings().await?))
}

/// Change the cost-to-serve settings (managers, admins): minutes per interaction and per
/// complaint, hourly staff cost per currency in minor units.
#[utoipa::path(put, path = "/api/v1/client-fit/settings", tag = "client-fit", request_body = FitSettings,
    responses((status = 200, body = FitSettings), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_settings(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<FitSettings>,
) -> Result<Json<FitSettings>, AppError> {
    Ok(Json(
        s.store.set_client_fit_settings(&user.actor(), &b).await?,
    ))
}
