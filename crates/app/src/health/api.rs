//! `/api/v1/customers/{id}/health` (the explained score) and `/api/v1/health/settings`.

use crate::health::view::HealthBody;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use crate::web::i18n::Tr;
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::Entity;
use carewell_domain::health::HealthSettings;
use carewell_store::StoreError;

/// A customer's health score, band and trend against last week, each signal with its value,
/// weight and points, what moved the score since last week, and the history (texts in the
/// caller's language). Departed customers have none (404). While a retention hold runs on the
/// customer, only compliance and administrators may read it (403).
#[utoipa::path(get, operation_id = "customer_health", path = "/api/v1/customers/{id}/health", tag = "health",
    params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = HealthBody), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn customer_health(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<HealthBody>, AppError> {
    let report = s
        .store
        .customer_health(user.clearance(), &id, s.clock.now())
        .await?
        .ok_or(StoreError::NotFound(Entity::Customer))?;
    Ok(Json(HealthBody::new(&tr, report)))
}

/// The health settings: the weight of each signal (0–100) and the band thresholds (red up to
/// `red_max`, yellow up to `yellow_max`, green above).
#[utoipa::path(get, operation_id = "health_settings", path = "/api/v1/health/settings", tag = "health",
    responses((status = 200, body = HealthSettings)))]
pub async fn settings(State(s): State<AppState>) -> Result<Json<HealthSettings>, AppError> {
    Ok(Json(s.store.health_settings().await?))
}

/// Change the health settings (managers, admins; audited): every weight 0–100, at least one
/// above 0; `red_max` < `yellow_max` < 100. Everyone's score is recomputed.
#[utoipa::path(put, operation_id = "set_health_settings", path = "/api/v1/health/settings", tag = "health", request_body = HealthSettings,
    responses((status = 200, body = HealthSettings), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_settings(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<HealthSettings>,
) -> Result<Json<HealthSettings>, AppError> {
    Ok(Json(s.store.set_health_settings(&user.actor(), &b).await?))
}
