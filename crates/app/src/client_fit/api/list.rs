//! The customers ranked by the problems behind the seven reasons.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiQuery;
use crate::web::sort::Sort;
use axum::Json;
use axum::extract::State;
use carewell_domain::client_fit::Recommendation;
use carewell_store::Clearance;
use carewell_store::client_fit::FitRow;
use carewell_store::client_fit::ranking::{FitSort, RankQuery};
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
    /// Rows to skip (after the cursor, if any); prefer `cursor` for deep pages.
    pub offset: Option<i64>,
    /// Start after this row: the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// The order: `rank` (default: most problems first, then the heaviest), `customer`
    /// (name), `recommendation`; a leading `-` reverses it. The cursor follows it.
    pub sort: Option<String>,
}

/// The columns the list sorts by, as they appear in `?sort=`.
pub const SORTS: &[(&str, FitSort)] = &[
    ("rank", FitSort::Problems),
    ("customer", FitSort::Customer),
    ("recommendation", FitSort::Recommendation),
];

/// The default order: the ranking, most problems first.
pub const DEFAULT_SORT: Sort<FitSort> = Sort {
    key: FitSort::Problems,
    desc: false,
};

/// One page of the ranked list.
#[derive(Debug, Serialize, ToSchema)]
pub struct FitPage {
    /// Customers, most problems first.
    pub items: Vec<FitRow>,
    /// Matches in all, counted up to 1,000 (see `total_capped`).
    pub total: i64,
    /// More than `total` customers match.
    pub total_capped: bool,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
    /// The `cursor` of the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Customers whose latest changes the ranking does not show yet (a background rescoring
    /// is queued); 0 when it is up to date.
    pub pending: u64,
}

/// The ranked list, filtered, sorted and paged (shared by the API and the page): `p`'s
/// filters, cursor, limit (default 50) and offset, in the order `sort`.
pub async fn ranked(
    s: &AppState,
    who: Clearance,
    p: &ListParams,
    sort: Sort<FitSort>,
) -> Result<FitPage, AppError> {
    let rec = p
        .recommendation
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(Recommendation::parse)
        .transpose()?;
    let q = RankQuery {
        sort: sort.key,
        desc: sort.desc,
        recommendation: rec,
        min_problems: p.min_problems.unwrap_or(0),
        after: p
            .cursor
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        offset: crate::web::pager::offset(p.offset),
        limit: crate::web::pager::limit(p.limit, 50).clamp(1, 500),
    };
    let page = s.store.client_fit_ranked(who, &q, Utc::now()).await?;
    Ok(FitPage {
        items: page.items,
        total: page.total,
        total_capped: page.capped,
        limit: q.limit,
        offset: q.offset,
        next_cursor: page.next,
        pending: page.pending,
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
    let sort = Sort::strict(p.sort.as_deref(), SORTS, DEFAULT_SORT)?;
    Ok(Json(ranked(&s, user.clearance(), &p, sort).await?))
}
