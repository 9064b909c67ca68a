//! The complaint workflow: transitions, the owner, the severity.

use super::complaints::ComplaintOut;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::complaint::Severity;
use carewell_domain::complaint::workflow::Action;
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

/// Apply a workflow action: `{"action": "acknowledge"}`, `{"action": "confirm-demand",
/// "demand": "…"}`, `{"action": "resolve", "resolution": "…", "root_cause": "…"}`, … An action
/// not allowed in the current status is a 409 naming the allowed ones.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/transitions", tag = "complaints",
    params(("id" = String, Path, description = "Complaint id")), request_body = Action,
    responses((status = 200, body = ComplaintOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn transition(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(a): ApiJson<Action>,
) -> Result<Json<ComplaintOut>, AppError> {
    let c = s
        .store
        .transition_complaint(&user.actor(), &id, &a, Utc::now())
        .await?;
    Ok(Json(ComplaintOut::build(&s, c).await?))
}

/// New owner.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OwnerBody {
    /// User id, or null to unassign.
    pub owner_id: Option<String>,
}

/// Assign the complaint.
#[utoipa::path(put, path = "/api/v1/complaints/{id}/owner", tag = "complaints",
    params(("id" = String, Path, description = "Complaint id")), request_body = OwnerBody,
    responses((status = 200, body = ComplaintOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn assign(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<OwnerBody>,
) -> Result<Json<ComplaintOut>, AppError> {
    let owner = b.owner_id.as_deref().filter(|o| !o.trim().is_empty());
    crate::web::checks::check_owner(&s, owner).await?;
    let c = s.store.assign_complaint(&user.actor(), &id, owner).await?;
    Ok(Json(ComplaintOut::build(&s, c).await?))
}

/// A new severity.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SeverityBody {
    /// critical, high, medium or low.
    #[schema(value_type = carewell_domain::complaint::Severity)]
    pub severity: String,
    /// Why (required; kept in the history).
    #[serde(default)]
    pub reason: String,
}

/// Change the severity; the SLA targets of the new severity apply and the SLA timers are re-set.
#[utoipa::path(put, path = "/api/v1/complaints/{id}/severity", tag = "complaints",
    params(("id" = String, Path, description = "Complaint id")), request_body = SeverityBody,
    responses((status = 200, body = ComplaintOut), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_severity(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SeverityBody>,
) -> Result<Json<ComplaintOut>, AppError> {
    let severity = Severity::parse(&b.severity)?;
    let c = s
        .store
        .set_complaint_severity(&user.actor(), &id, severity, &b.reason)
        .await?;
    Ok(Json(ComplaintOut::build(&s, c).await?))
}
