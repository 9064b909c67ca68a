//! The audit log: read by admins and compliance officers, verified by `carewell audit verify`.

pub mod api;
pub mod ui;

use crate::auth::access::{Access, Routes};
use carewell_domain::role::Role;

/// Audit routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/audit", Access::Roles(Role::AUDITORS), ui::list)
        .get("/audit/verify", Access::Roles(Role::AUDITORS), ui::verify)
        .get("/api/v1/audit", Access::Roles(Role::AUDITORS), api::list)
        .get(
            "/api/v1/audit/verify",
            Access::Roles(Role::AUDITORS),
            api::verify,
        )
}
