//! The cost-to-serve settings.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::State;
use carewell_store::client_fit::FitSettings;

/// How cost to serve is estimated.
#[utoipa::path(get, operation_id = "client_fit_settings", path = "/api/v1/client-fit/settings", tag = "client-fit",
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
