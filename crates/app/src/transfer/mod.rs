//! CSV import and export: `carewell import|export`, `/api/v1/imports/{kind}`,
//! `/api/v1/exports/customers`, and the `/import` upload page.
//!
//! Imports are all or nothing: pass 1 validates every row of the file (reporting every bad
//! row with its line and column), pass 2 writes in batches inside a single transaction.

pub mod api;
pub mod cli;
pub mod export;
pub mod pipeline;
pub mod ui;

pub use cli::{cli_export, cli_import};

use crate::auth::access::{Access, Routes};
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use carewell_domain::role::Role;

/// Import/export routes. Uploads are bounded by the app-wide body limit
/// (`max_body_bytes`), not axum's 2 MB default.
pub fn routes() -> Routes {
    Routes::default()
        .get("/import", Access::Roles(Role::WRITERS), ui::form)
        .post(
            "/import",
            Access::Roles(Role::WRITERS),
            ui::upload.layer(DefaultBodyLimit::disable()),
        )
        .get(
            "/export",
            Access::Roles(Role::READERS),
            api::export_customers,
        )
        .get(
            "/export/customers.csv",
            Access::Roles(Role::READERS),
            api::export_customers,
        )
        .post(
            "/api/v1/imports/{kind}",
            Access::Roles(Role::WRITERS),
            api::import_csv.layer(DefaultBodyLimit::disable()),
        )
        .get(
            "/api/v1/exports/customers",
            Access::Roles(Role::READERS),
            api::export_customers,
        )
}
