//! The plan of a case: its five dates, changed until the letter is sent, and the approval.

use super::cases::CaseOut;
use super::{Problemed, case_out};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::DomainError;
use carewell_domain::offboarding::notice::Timeline;
use carewell_store::offboarding::PlanChange;
use serde::Deserialize;
use utoipa::ToSchema;

/// The five dates, `YYYY-MM-DD`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TimelineBody {
    /// When written notice is given.
    pub notice_date: String,
    /// Last day of service.
    pub service_end: String,
    /// Last day of support.
    pub support_end: String,
    /// Last day of the data-export window.
    pub export_until: String,
    /// When personal data is erased.
    pub deletion_date: String,
}

impl TimelineBody {
    /// The five dates, validated.
    pub fn parse(&self) -> Result<Timeline, DomainError> {
        Timeline::parse(
            &self.notice_date,
            &self.service_end,
            &self.support_end,
            &self.export_until,
            &self.deletion_date,
        )
    }
}

/// A new plan.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PlanBody {
    /// The dates.
    pub timeline: TimelineBody,
    /// A new contract type.
    pub contract_type: Option<String>,
    /// Legal basis of a shorter notice.
    pub exception_basis: Option<String>,
}

/// Change the plan (until the letter is sent), validated like at opening.
#[utoipa::path(put, path = "/api/v1/offboarding/cases/{id}/plan", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = PlanBody,
    responses((status = 200, body = CaseOut), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn replan(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PlanBody>,
) -> Problemed<Json<CaseOut>> {
    let p = PlanChange {
        timeline: b.timeline.parse()?,
        contract_type: b.contract_type,
        exception_basis: b.exception_basis,
    };
    case_out(s.store.replan_offboarding(&user.actor(), &id, &p).await?)
}

/// Approve the plan (managers).
#[utoipa::path(post, operation_id = "approve_offboarding_plan", path = "/api/v1/offboarding/cases/{id}/approve", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn approve(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<CaseOut>> {
    case_out(s.store.approve_offboarding(&user.actor(), &id).await?)
}
