//! Checks on references a request names, shared by the capabilities that accept them.

use crate::kernel::state::AppState;
use crate::web::error::AppError;

/// Checks that the owner (if any) is a user.
pub async fn check_owner(s: &AppState, owner: Option<&str>) -> Result<(), AppError> {
    if let Some(o) = owner {
        s.store.user(o).await.map_err(|_| {
            let what = carewell_domain::Entity::User;
            let id = o.to_string();
            AppError::invalid("owner_id", carewell_domain::Code::NoSuch { what, id })
        })?;
    }
    Ok(())
}
