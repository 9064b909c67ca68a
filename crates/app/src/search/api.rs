//! `GET /api/v1/search`: the global search for API clients.

use crate::kernel::state::AppState;
use crate::search::view::{Kinds, find};
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use carewell_store::search::global::{ComplaintHit, CustomerHit, MAX_HITS};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Hits of each kind when `limit` is not given.
pub const DEFAULT_LIMIT: i64 = 10;

/// Search parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for. Customers: a substring of the name, e-mail, phone, external reference
    /// or a tag, as the customer list searches (`GET /api/v1/customers?q=`). Complaints: the
    /// reference customers see (`1a2b3c4d`, also as `#1a2b3c4d` or `[#1a2b3c4d]`, or six of its
    /// digits), the complaint's id, or a substring of the subject (one or two letters: the start
    /// of a word). Only the first 100 characters are searched; a blank query finds nothing.
    pub q: Option<String>,
    /// The kinds to search, comma-separated: `customers`, `complaints` (default both).
    pub kinds: Option<String>,
    /// Hits of each kind (1–50, default 10).
    pub limit: Option<i64>,
}

/// Which kinds have more hits than were returned.
#[derive(Debug, Serialize, ToSchema)]
pub struct More {
    /// More customers match (see all with `GET /api/v1/customers?q=`).
    pub customers: bool,
    /// More complaints match (see all with `GET /api/v1/complaints?q=`).
    pub complaints: bool,
}

/// The hits of a search, best first, grouped by kind. A kind not asked for is absent.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    /// Customers: exact e-mail, phone or reference first, then exact name, name prefix, word
    /// start, any substring; then by name. Customers under a retention hold only for compliance
    /// and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customers: Option<Vec<CustomerHit>>,
    /// Complaints: the one with that reference or id first, then by subject, newest first.
    /// Complaints of customers under a retention hold only for compliance and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaints: Option<Vec<ComplaintHit>>,
    /// Which kinds have more hits than `limit`.
    pub more: More,
}

/// Search customers and complaints at once.
#[utoipa::path(get, operation_id = "search", path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResults),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<SearchResults>, AppError> {
    let kinds = Kinds::parse(p.kinds.as_deref())?;
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_HITS);
    let found = find(&s, &user, p.q.as_deref().unwrap_or_default(), kinds, limit).await?;
    let more = More {
        customers: found.customers.as_ref().is_some_and(|h| h.more),
        complaints: found.complaints.as_ref().is_some_and(|h| h.more),
    };
    Ok(Json(SearchResults {
        customers: found.customers.map(|h| h.items),
        complaints: found.complaints.map(|h| h.items),
        more,
    }))
}
