//! The shared web kit every capability builds on. It imports only the kernel: errors
//! (problem+json and the HTML error page), extractors, page chrome, translations, view and form
//! helpers, paging, rate limiting and the public-page helpers, CSV downloads, authentication
//! and the route table with its access rules, the record-access checks, and the edge checks
//! every request passes.

pub mod auth;
pub mod checks;
pub mod csv;
pub mod edge;
pub mod error;
pub mod error_page;
pub mod extract;
pub mod form;
pub mod i18n;
pub mod idempotency;
pub mod page;
pub mod pager;
pub mod public;
pub mod rate_limit;
pub mod sort;
pub mod view;
pub mod zone;
