//! The direct contact (call or meeting) required before the written notice.

use super::cases::CaseOut;
use super::{Problemed, case_out};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::offboarding::ContactKind;
use carewell_domain::time::parse_ts;
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

/// A direct contact.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = DirectContactBody)]
pub struct ContactBody {
    /// call or meeting.
    #[schema(value_type = carewell_domain::offboarding::ContactKind)]
    pub kind: String,
    /// What was discussed.
    pub summary: String,
    /// When (RFC 3339; default now).
    pub occurred_at: Option<String>,
}

/// Log a direct contact (call or meeting); required before the written notice.
///
/// Refused (409) before the plan is approved and once the account is closed.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/contacts", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = ContactBody,
    responses((status = 200, body = CaseOut), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn contact(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContactBody>,
) -> Problemed<Json<CaseOut>> {
    let at = match b.occurred_at.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => parse_ts("occurred_at", t)?,
        None => Utc::now(),
    };
    case_out(
        s.store
            .log_offboarding_contact(
                &user.actor(),
                &id,
                ContactKind::parse(&b.kind)?,
                &b.summary,
                at,
            )
            .await?,
    )
}
