//! A customer's timeline: everything that happened, newest first.

use super::{Paging, must_exist};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::{Path, State};
use carewell_store::timeline::TimelineItem;

/// The customer's timeline, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/timeline", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), Paging),
    responses((status = 200, body = Vec<TimelineItem>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn timeline(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<Json<Vec<TimelineItem>>, AppError> {
    must_exist(&s, &id).await?;
    // Financial records under a retention hold are for compliance only: the store leaves
    // them out for everyone else.
    let (limit, offset) = (
        crate::web::pager::limit(p.limit, 50),
        crate::web::pager::offset(p.offset),
    );
    let items = s
        .store
        .timeline(user.clearance(), &id, limit, offset)
        .await?;
    Ok(Json(items))
}
