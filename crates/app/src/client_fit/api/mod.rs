//! `/api/v1/client-fit`: the ranked list, one customer's review, reviewer notes, judgements and
//! likelihood, staff-abuse flags, decisions and the cost settings. One file per action group.

pub mod decisions;
pub mod flags;
pub mod judgements;
pub mod list;
pub mod notes;
pub mod review;
pub mod settings;

use crate::web::error::AppError;
use carewell_domain::client_fit::Reason;

/// A reason named in a request.
fn reason(raw: &str) -> Result<Reason, AppError> {
    Ok(Reason::parse(raw)?)
}
