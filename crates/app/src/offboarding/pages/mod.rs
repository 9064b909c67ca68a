//! The staff pages of offboarding: the list of cases, opening a case, the case page with its
//! form posts (plan, approval, contact, letter, goodwill, closure, cancellation, link),
//! erasure and the deletion certificate, the reports, and the notice and retention rules.

pub mod actions;
pub mod certificate;
pub mod erasure;
pub mod list;
pub mod new;
pub mod reports;
pub mod settings;
pub mod show;
