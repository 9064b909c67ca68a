//! The customer's public complaint-form link.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

/// The customer's public complaint-form link.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ComplaintLinkOut)]
pub struct LinkOut {
    /// Absolute URL to send to the customer.
    pub url: String,
}

/// Issues the customer's unguessable public complaint-form link. Only its hash is stored, so
/// the link is in this answer only; a link issued before stops working.
#[utoipa::path(post, path = "/api/v1/customers/{id}/complaint-link", tag = "complaints",
    params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = LinkOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn customer_link(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<LinkOut>, AppError> {
    let token = s.store.complaint_link(&user.actor(), &id).await?;
    Ok(Json(LinkOut {
        url: s.public_url(&format!("/public/complaints/{token}")),
    }))
}
