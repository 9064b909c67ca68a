//! Retention holds as a record-access rule: while a customer's financial records are held under
//! a legal obligation, only compliance and admins may read them. Every read path of those
//! records (transactions, contracts, the ledger) asks here first.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use carewell_domain::role::Role;

/// Whether `user` may read records under a retention hold (compliance and admins).
pub fn can_see_held(user: &CurrentUser) -> bool {
    Role::AUDITORS.contains(&user.user.role)
}

/// Refuses (403) a read of a customer's financial records (transactions, contracts, ledger)
/// while they are under a retention hold, unless `user` is compliance or an admin. Call it
/// first in every read path of those records.
pub async fn guard_held(
    s: &AppState,
    user: &CurrentUser,
    customer_id: &str,
) -> Result<(), AppError> {
    if can_see_held(user) {
        return Ok(());
    }
    let holds = s.store.active_holds(customer_id).await?;
    if let Some(h) = holds.first() {
        return Err(AppError::Forbidden(format!(
            "this customer's {} are held until {} under a legal obligation ({}) and readable by compliance only",
            h.table_list().join(", "),
            h.held_until,
            h.legal_basis
        )));
    }
    Ok(())
}
