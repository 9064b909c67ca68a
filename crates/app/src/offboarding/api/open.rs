//! Opening a case, and checking a plan against the minimum notice without saving it.

use super::Problemed;
use super::cases::CaseOut;
use super::plan::TimelineBody;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::offboarding::notice::NoticeCheck;
use carewell_domain::offboarding::{Initiator, Reason, Situation};
use carewell_store::offboarding::NewCase;
use serde::Deserialize;
use utoipa::ToSchema;

/// A new case.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OpenBody {
    /// The customer.
    pub customer_id: String,
    /// company (default) or customer.
    #[schema(value_type = Option<carewell_domain::offboarding::Initiator>)]
    pub initiator: Option<String>,
    /// One of the eleven reasons.
    #[schema(value_type = carewell_domain::offboarding::Reason)]
    pub reason: String,
    /// More on the reason (internal).
    pub reason_note: Option<String>,
    /// Documented situations (complaints, interactions).
    #[serde(default)]
    pub situations: Vec<Situation>,
    /// The customer's contract type (`payment-account`, …; default `default`).
    pub contract_type: Option<String>,
    /// The plan; omitted: suggested from today under the applicable notice rule.
    pub timeline: Option<TimelineBody>,
    /// Legal basis of a notice shorter than the minimum.
    pub exception_basis: Option<String>,
}

/// Open a case. A plan shorter than the minimum notice of the customer's jurisdiction and
/// contract type is refused (422) unless `exception_basis` states the legal basis.
#[utoipa::path(post, path = "/api/v1/offboarding/cases", tag = "offboarding", request_body = OpenBody,
    responses((status = 201, body = CaseOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn open(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<OpenBody>,
) -> Problemed<Response> {
    let n = NewCase {
        customer_id: b.customer_id.trim().to_string(),
        initiator: Initiator::parse(b.initiator.as_deref().unwrap_or("company"))?,
        reason: Reason::parse(&b.reason)?,
        reason_note: b.reason_note,
        situations: b.situations,
        contract_type: b.contract_type.unwrap_or_default(),
        timeline: b.timeline.as_ref().map(TimelineBody::parse).transpose()?,
        exception_basis: b.exception_basis,
    };
    let c = s.store.open_offboarding(&user.actor(), &n).await?;
    let loc = format!("/api/v1/offboarding/cases/{}", c.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, loc)],
        Json(CaseOut::from(c)),
    )
        .into_response())
}

/// A plan to check.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CheckBody {
    /// The customer.
    pub customer_id: String,
    /// Contract type (default `default`).
    pub contract_type: Option<String>,
    /// The plan.
    pub timeline: TimelineBody,
    /// Legal basis of a shorter notice.
    pub exception_basis: Option<String>,
}

/// Check a plan against the minimum notice without saving anything.
#[utoipa::path(post, path = "/api/v1/offboarding/check", tag = "offboarding", request_body = CheckBody,
    responses((status = 200, body = NoticeCheck),
        (status = 404, description = "The customer does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn check(
    State(s): State<AppState>,
    ApiJson(b): ApiJson<CheckBody>,
) -> Problemed<Json<NoticeCheck>> {
    Ok(Json(
        s.store
            .check_offboarding_plan(
                &b.customer_id,
                b.contract_type.as_deref().unwrap_or(""),
                &b.timeline.parse()?,
                b.exception_basis.as_deref(),
            )
            .await?,
    ))
}
