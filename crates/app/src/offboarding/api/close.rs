//! Closing a case (the account ends) or cancelling it (the customer stays).

use super::cases::CaseOut;
use super::{Problemed, case_out};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

/// Close the account: follow-ups at +30/+90 days, erasure scheduled on the deletion date.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/close", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn close(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<CaseOut>> {
    case_out(
        s.store
            .close_offboarding(&user.actor(), &id, Utc::now())
            .await?,
    )
}

/// Why a case is called off.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CancelBody {
    /// Why.
    pub reason: String,
}

/// Cancel the case (before closure); the customer stays.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/cancel", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = CancelBody,
    responses((status = 200, body = CaseOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn cancel(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CancelBody>,
) -> Problemed<Json<CaseOut>> {
    case_out(
        s.store
            .cancel_offboarding(&user.actor(), &id, &b.reason)
            .await?,
    )
}
