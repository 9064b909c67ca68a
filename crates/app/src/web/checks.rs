//! Checks on references a request names, shared by the capabilities that accept them.

use crate::kernel::state::AppState;
use crate::web::error::AppError;

/// Checks that the owner (if any) is a user.
pub async fn check_owner(s: &AppState, owner: Option<&str>) -> Result<(), AppError> {
    if let Some(o) = owner {
        s.store
            .user(o)
            .await
            .map_err(|_| AppError::invalid("owner_id", format!("no user has id '{o}'")))?;
    }
    Ok(())
}
