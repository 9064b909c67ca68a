//! A new link to the customer's own page.

use super::Problemed;
use crate::kernel::state::AppState;
use crate::offboarding::view::page_url;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

/// A customer link.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OffboardingLinkOut)]
pub struct LinkOut {
    /// The customer's page (shown once; the previous link stops working).
    pub url: String,
}

/// Issue a new link to the customer's page (notice, data download, exit survey).
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/link", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = LinkOut), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn issue_link(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<LinkOut>> {
    let token = s.store.issue_offboarding_link(&user.actor(), &id).await?;
    Ok(Json(LinkOut {
        url: page_url(&s, &token),
    }))
}
