//! `GET/PUT /api/v1/cadence`: the contact cadence per stage (and segment) and the care-moment
//! settings.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::State;
use carewell_store::cadence::{CadenceSettings, MomentSetting, SegmentCadence, StageCadence};
use serde::Deserialize;
use utoipa::ToSchema;

/// A change of the settings: each part given replaces that part (a stage or moment not listed
/// keeps its value).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CadenceInput {
    /// Stage cadences (`days` 1–3650, or `null` for none).
    pub stages: Option<Vec<StageCadence>>,
    /// Segment overrides (`segment_id`, `stage`, `days` 1–3650): the segment's customers in
    /// that stage are due every `days` days instead of the stage's cadence (a customer in
    /// several gets the shortest). The list replaces the current overrides (`[]` removes them
    /// all); absent keeps them.
    pub segments: Option<Vec<SegmentCadence>>,
    /// Care-moment settings (`mode` off / task / message, `days_ahead` 0–60).
    pub moments: Option<Vec<MomentSetting>>,
}

/// The contact cadence per lifecycle stage and segment, and what birthdays and anniversaries
/// do.
#[utoipa::path(get, operation_id = "cadence_settings", path = "/api/v1/cadence", tag = "cadence",
    responses((status = 200, body = CadenceSettings)))]
pub async fn settings(State(s): State<AppState>) -> Result<Json<CadenceSettings>, AppError> {
    Ok(Json(s.store.cadence_settings().await?))
}

/// Change the cadence and care-moment settings (managers, admins; audited). Days outside
/// 1–3650, a cadence for leaving or departed customers, days ahead outside 0–60, an unknown
/// segment or the same segment and stage twice are a 422 naming the field (`stages.<stage>`,
/// `segments.<n>.days`, `segments.<n>.segment_id`, `segments.<n>.stage`,
/// `moments.<moment>.days_ahead`).
#[utoipa::path(put, operation_id = "set_cadence_settings", path = "/api/v1/cadence", tag = "cadence",
    request_body = CadenceInput,
    responses((status = 200, body = CadenceSettings), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_settings(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<CadenceInput>,
) -> Result<Json<CadenceSettings>, AppError> {
    let current = s.store.cadence_settings().await?;
    let next = CadenceSettings {
        stages: b.stages.unwrap_or_default(),
        segments: b.segments.unwrap_or(current.segments),
        moments: b.moments.unwrap_or_default(),
    };
    Ok(Json(
        s.store.set_cadence_settings(&user.actor(), &next).await?,
    ))
}
