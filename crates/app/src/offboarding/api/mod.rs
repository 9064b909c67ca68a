//! `/api/v1/offboarding`: cases (open, plan, approve, contact, letter, goodwill, close, cancel,
//! customer link), erasure and certificates (compliance), the customer's data export, the
//! report, and the notice and retention rule tables. One file per action group.

pub mod cases;
pub mod close;
pub mod contact;
pub mod erasure;
pub mod export;
pub mod goodwill;
pub mod letter;
pub mod link;
pub mod open;
pub mod plan;
pub mod report;
pub mod rules;

use self::cases::CaseOut;
use crate::web::error::AppError;
use axum::Json;
use carewell_store::offboarding::OffboardingCase;

/// A handler's result: problem+json on failure.
type Problemed<T> = Result<T, AppError>;

/// The API's answer with the case a store action returned.
fn case_out(c: OffboardingCase) -> Problemed<Json<CaseOut>> {
    Ok(Json(c.into()))
}

/// A non-blank value, as given.
fn blank(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.trim().is_empty())
}
