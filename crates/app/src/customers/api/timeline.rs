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
    let mut items = s
        .store
        .timeline(&id, p.limit.unwrap_or(50), p.offset.unwrap_or(0))
        .await?;
    // Financial records under a retention hold are for compliance only.
    if crate::web::holds::guard_held(&s, &user, &id).await.is_err() {
        items.retain(|i| !matches!(i.kind.as_str(), "transaction" | "contract" | "compensation"));
    }
    Ok(Json(items))
}
