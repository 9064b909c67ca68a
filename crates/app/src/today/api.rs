//! `GET /api/v1/today`.

use super::blocks::{Today, read};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use axum::Json;
use axum::extract::State;

/// What needs the caller today, in blocks: `tasks` (their open tasks due today or overdue,
/// besides the kinds below), `complaints` (not closed, SLA deadline within 4 hours or past;
/// their own, everyone's for managers and administrators), `forgotten` (their open
/// `contact-due` tasks, oldest first), `detractors` (their open `survey-callback` tasks),
/// `care_moments` (their open `care-moment` tasks due within 7 days), `red_health` (customers
/// they own in the red health band, lowest score first). Each block has a count
/// (up to 1,000), the first 5 items and the address of the whole list.
#[utoipa::path(get, operation_id = "today", path = "/api/v1/today", tag = "today",
    responses((status = 200, body = Today)))]
pub async fn today(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Json<Today>, AppError> {
    Ok(Json(read(&s, &tr, &user, chrono::Utc::now()).await?))
}
