//! The customers ranked by the problems behind the seven reasons.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use carewell_domain::client_fit::Recommendation;
use carewell_store::Clearance;
use carewell_store::client_fit::FitRow;
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
    who: Clearance,
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
        .client_fit_list(who, Utc::now())
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
#[utoipa::path(get, operation_id = "list_client_fit", path = "/api/v1/client-fit", tag = "client-fit", params(ListParams),
    responses((status = 200, body = FitPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<FitPage>, AppError> {
    Ok(Json(
        ranked(
            &s,
            user.clearance(),
            p.recommendation.as_deref(),
            p.min_problems.unwrap_or(0),
            crate::web::pager::limit(p.limit, 50),
            crate::web::pager::offset(p.offset),
        )
        .await?,
    ))
}
