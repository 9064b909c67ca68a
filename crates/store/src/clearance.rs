//! Who may read records under a retention hold. When an offboarding erases a customer's
//! personal data while a legal obligation keeps their transactions, contracts and compensation
//! ledger, those records (and every figure computed from them) are readable by compliance and
//! administrators only until the hold ends.
//!
//! The rule is enforced here, where the rows are read, not by convention in the callers: every
//! reader of held tables takes the reader's [`Clearance`].
//! - A reader of one customer's held records refuses with [`Refusal::Restricted`] (403 at the
//!   edge). A composite that merely includes them (a complaint with its compensation, an
//!   offboarding case page) catches that refusal with [`OrRestricted::or_restricted`] and shows
//!   the rest.
//! - A list across customers leaves held customers out (see [`not_held`]).
//! - A record that carries a figure computed from held rows (a case's 12-month revenue) has the
//!   figure removed and says `restricted`.
//!
//! A hold "runs" from the erasure until the hold-expiry job deletes the rows
//! (`released_at IS NULL`); while it runs it restricts all three holdable tables.

use crate::StoreError;
use crate::offboarding::erasure::{HOLD_COLS, Hold};
use carewell_domain::Refusal;
use carewell_domain::role::Role;
use sqlx::{Any, Executor};

/// Whether a reader may see records under a retention hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clearance {
    /// Compliance and administrators, and the system itself (jobs, the operator's CLI,
    /// erasure, demo seeding).
    Held,
    /// Every other staff role, and the customer's own export: held rows are refused or left
    /// out, figures computed from them removed.
    Standard,
}

impl Clearance {
    /// The system's own reads (jobs, the operator's CLI on the server, seeding).
    pub const SYSTEM: Self = Self::Held;

    /// The clearance of a staff role.
    pub fn for_role(role: Role) -> Self {
        if role.sees_held() {
            Self::Held
        } else {
            Self::Standard
        }
    }

    /// Whether held records are visible.
    pub fn sees_held(self) -> bool {
        self == Self::Held
    }
}

/// The refusal `who` gets for `customer_id`'s held records, if a hold runs and `who` may not
/// see them.
pub(crate) async fn restriction<'e, E>(
    ex: E,
    who: Clearance,
    customer_id: &str,
) -> Result<Option<Refusal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    if who.sees_held() {
        return Ok(None);
    }
    let hold: Option<Hold> = sqlx::query_as(&format!(
        "SELECT {HOLD_COLS} FROM offboarding_holds WHERE customer_id = $1 AND released_at IS NULL \
         ORDER BY held_until DESC, id LIMIT 1"
    ))
    .bind(customer_id)
    .fetch_optional(ex)
    .await?;
    Ok(hold.map(|h| h.restriction()))
}

/// Refuses ([`Refusal::Restricted`]) unless `who` may read `customer_id`'s held records.
pub(crate) async fn check<'e, E>(ex: E, who: Clearance, customer_id: &str) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    match restriction(ex, who, customer_id).await? {
        Some(r) => Err(r.into()),
        None => Ok(()),
    }
}

/// An SQL condition (to follow `AND`) that leaves out rows whose customer, in column
/// `customer_col`, has a running hold; always true for those who may see held records. The
/// column name is the caller's fixed SQL, never input.
pub(crate) fn not_held(who: Clearance, customer_col: &str) -> String {
    if who.sees_held() {
        "1 = 1".to_string()
    } else {
        format!(
            "NOT EXISTS (SELECT 1 FROM offboarding_holds hh WHERE hh.customer_id = {customer_col} \
             AND hh.released_at IS NULL)"
        )
    }
}

/// For composite readers: a part refused as [`Refusal::Restricted`] becomes `None`; other
/// errors pass.
pub trait OrRestricted<T> {
    /// `Ok(None)` when the read was restricted.
    fn or_restricted(self) -> Result<Option<T>, StoreError>;
}

impl<T> OrRestricted<T> for Result<T, StoreError> {
    fn or_restricted(self) -> Result<Option<T>, StoreError> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::Refused(Refusal::Restricted { .. })) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
