//! Small staff forms around a complaint: assigning an owner. (Marking a task done moved to
//! `POST /tasks/{id}/done`, in the tasks capability.)

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The assignment form.
#[derive(Debug, Default, Deserialize)]
pub struct AssignForm {
    /// User id; empty to unassign.
    #[serde(default)]
    pub owner_id: String,
}

/// POST /complaints/{id}/assign
pub async fn assign(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<AssignForm>,
) -> Result<Response, AppError> {
    let owner = Some(f.owner_id.trim()).filter(|o| !o.is_empty());
    crate::web::checks::check_owner(&s, owner).await?;
    s.store.assign_complaint(&user.actor(), &id, owner).await?;
    Ok(Redirect::to(&format!("/complaints/{id}")).into_response())
}
