//! The staff pages of segments: the list with live counts, one segment with its members, and
//! the form (create, edit, preview, delete).

pub mod form;
pub mod list;
pub mod show;

use crate::kernel::state::AppState;
use crate::web::error::AppError;
use std::collections::HashMap;

/// Staff names by user id (the name, else the e-mail).
pub async fn user_names(s: &AppState) -> Result<HashMap<String, String>, AppError> {
    Ok(s.store
        .users()
        .await?
        .into_iter()
        .map(|u| {
            let name = if u.name.trim().is_empty() {
                u.email.to_string()
            } else {
                u.name.clone()
            };
            (u.id, name)
        })
        .collect())
}
