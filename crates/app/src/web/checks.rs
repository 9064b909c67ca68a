//! Checks on references a request names, shared by the capabilities that accept them.

use crate::kernel::state::AppState;
use crate::web::error::AppError;
use carewell_domain::money::Money;

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

/// Refuses `amount` when it is above the `large_amounts` setting for its currency and the user
/// did not confirm it: 422 on the field `confirm_large`, naming the amount and the threshold.
pub fn check_large(s: &AppState, amount: Money, confirmed: bool) -> Result<(), AppError> {
    let threshold = carewell_domain::money::large_amount(&s.config.large_amounts, amount.currency)?;
    match threshold {
        Some(t) if amount.is_large(Some(t.minor)) && !confirmed => Err(AppError::invalid(
            "confirm_large",
            carewell_domain::Code::LargeAmount {
                amount,
                threshold: t,
            },
        )),
        _ => Ok(()),
    }
}
