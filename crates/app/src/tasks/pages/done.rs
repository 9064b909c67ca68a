//! POST /tasks/{id}/done: marks a task done and goes back where the form was.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::role::Role;
use serde::Deserialize;

/// Where to go after a task is done.
#[derive(Debug, Default, Deserialize)]
pub struct DoneForm {
    /// A local path to return to (default: the task list).
    #[serde(default)]
    pub back: String,
}

/// A local path (never an open redirect), else the task list.
pub fn back(raw: &str) -> String {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control)
        && raw.len() <= 2_000;
    if ok { raw.to_string() } else { "/tasks".into() }
}

/// Marks the task done: its owner, or a manager (anyone else is refused, 403); a task done
/// already is refused (409). Audited by the store.
pub async fn done(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<DoneForm>,
) -> Result<Response, AppError> {
    s.store
        .complete_task(&user.actor(), &id, user.has(Role::MANAGERS))
        .await?;
    Ok(Redirect::to(&back(&f.back)).into_response())
}
