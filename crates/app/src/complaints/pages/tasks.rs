//! Small staff forms around a complaint: assigning an owner and marking a task done.

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

/// Where to go after a task is done.
#[derive(Debug, Default, Deserialize)]
pub struct DoneForm {
    /// A local path to return to (default: the complaint list).
    #[serde(default)]
    pub back: String,
}

/// POST /complaints/tasks/{id}/done
pub async fn task_done(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<DoneForm>,
) -> Result<Response, AppError> {
    s.store.complete_task(&user.actor(), &id).await?;
    // Only local paths: never an open redirect.
    let back = if f.back.starts_with('/') && !f.back.starts_with("//") {
        f.back
    } else {
        "/complaints".into()
    };
    Ok(Redirect::to(&back).into_response())
}
