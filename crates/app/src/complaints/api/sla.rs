//! SLA evaluation callable from anywhere: [`sweep`] (for the job runner, the API and the CLI)
//! and the policy endpoints.

use crate::complaints::jobs::sweep;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::complaint::Severity;
use carewell_domain::complaint::sla::{BusinessCalendar, Policy};
use carewell_store::complaints::sweep::SweepOutcome;
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

/// Run the SLA sweep now (normally done by the job runner).
#[utoipa::path(post, path = "/api/v1/complaints/sla-sweep", tag = "complaints",
    responses((status = 200, body = SweepOutcome), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn api_sweep(State(s): State<AppState>) -> Result<Json<SweepOutcome>, AppError> {
    Ok(Json(sweep(&s.store, Utc::now()).await?))
}

/// The SLA policies, one per severity.
#[utoipa::path(get, path = "/api/v1/sla-policies", tag = "complaints",
    responses((status = 200, body = Vec<Policy>)))]
pub async fn api_policies(State(s): State<AppState>) -> Result<Json<Vec<Policy>>, AppError> {
    Ok(Json(s.store.sla_policies().await?))
}

/// A new policy for one severity.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PolicyBody {
    /// First response target in business minutes.
    pub first_response_minutes: i64,
    /// Resolution target in business minutes.
    pub resolution_minutes: i64,
    /// When the clock runs.
    pub calendar: BusinessCalendar,
}

impl PolicyBody {
    /// The policy for `severity`, validated (shared by the API and the SLA page).
    pub fn policy(self, severity: &str) -> Result<Policy, AppError> {
        let p = Policy {
            severity: Severity::parse(severity)?,
            first_response_minutes: self.first_response_minutes,
            resolution_minutes: self.resolution_minutes,
            calendar: self.calendar,
        };
        p.validate()?;
        Ok(p)
    }
}

/// Replace the SLA policy of a severity (managers).
#[utoipa::path(put, path = "/api/v1/sla-policies/{severity}", tag = "complaints",
    params(("severity" = String, Path, description = "critical, high, medium or low")),
    request_body = PolicyBody,
    responses((status = 200, body = Policy), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn api_set_policy(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(severity): Path<String>,
    ApiJson(b): ApiJson<PolicyBody>,
) -> Result<Json<Policy>, AppError> {
    let p = b.policy(&severity)?;
    Ok(Json(s.store.set_sla_policy(&user.actor(), &p).await?))
}
