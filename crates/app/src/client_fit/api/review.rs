//! One customer's review: the evidence behind each reason, notes, judgements, decisions.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use carewell_store::client_fit::Review;
use chrono::Utc;

/// One customer's review: the seven reasons with level, source and evidence, the likelihood
/// of change (suggested and set), the recommendation, the complaints and interactions behind
/// the scores, and the history of judgements and decisions.
#[utoipa::path(get, path = "/api/v1/client-fit/{id}", tag = "client-fit", params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = Review), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn review(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Review>, AppError> {
    let who = user.clearance();
    Ok(Json(s.store.client_fit_review(who, &id, Utc::now()).await?))
}
