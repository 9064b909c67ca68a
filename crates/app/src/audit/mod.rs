//! The audit log: read by admins and compliance officers, verified by `carewell audit verify`.

pub mod anchor;
pub mod api;
pub mod pages;
pub mod view;

use crate::web::auth::access::{AUDIT, Routes};

/// Audit routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/audit", AUDIT, pages::log::list)
        .get("/audit/verify", AUDIT, pages::log::verify)
        .get("/api/v1/audit", AUDIT, api::list)
        .get("/api/v1/audit/verify", AUDIT, api::verify)
}
