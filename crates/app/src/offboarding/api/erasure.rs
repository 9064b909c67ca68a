//! Erasure (compliance): an early request, the deletion certificates, and running what is due.

use super::Problemed;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use carewell_store::Clearance;
use carewell_store::offboarding::erasure::Certificate;
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

/// An erasure request.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ErasureBody {
    /// Also the records under a retention hold (refused with the legal basis while it runs).
    #[serde(default)]
    pub include_held: bool,
}

/// Erase the case's personal data now (early request; the job does it on the deletion date).
/// Asking for held records is refused (409) with the legal basis while the hold runs.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/erasure", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = ErasureBody,
    responses((status = 200, body = Certificate), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn erasure(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ErasureBody>,
) -> Problemed<Json<Certificate>> {
    Ok(Json(
        s.store
            .request_offboarding_erasure(&user.actor(), &id, b.include_held, Utc::now())
            .await?,
    ))
}

/// The case's deletion certificates (what was erased, what was kept and why, a hash).
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/certificates", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<Certificate>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn certificates(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Problemed<Json<Vec<Certificate>>> {
    s.store.offboarding_case(Clearance::SYSTEM, &id).await?;
    Ok(Json(s.store.offboarding_certificates(&id).await?))
}

/// Run what is due now: erasure past the deletion date, held records past their hold.
#[utoipa::path(post, path = "/api/v1/offboarding/erase-due", tag = "offboarding",
    responses((status = 200, body = Vec<Certificate>)))]
pub async fn erase_due(
    State(s): State<AppState>,
    user: CurrentUser,
) -> Problemed<Json<Vec<Certificate>>> {
    Ok(Json(
        s.store
            .offboarding_erase_due(&user.actor(), Utc::now())
            .await?,
    ))
}
