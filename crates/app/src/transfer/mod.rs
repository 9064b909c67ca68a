//! CSV import and export: `carewell import|export`, `/api/v1/imports/{kind}`,
//! `/api/v1/exports/customers`, and the `/import` upload page.
//!
//! Imports are all or nothing: pass 1 validates every row of the file (reporting every bad
//! row with its line and column), pass 2 writes in batches inside a single transaction.

pub mod api;
pub mod cli;
pub mod export;
pub mod pages;
pub mod pipeline;

pub use cli::{cli_export, cli_import};

use crate::web::auth::access::{READ, Routes, WRITE};
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;

/// Import/export routes. Uploads are bounded by the app-wide body limit
/// (`max_body_bytes`), not axum's 2 MB default.
pub fn routes() -> Routes {
    Routes::default()
        .get("/import", WRITE, pages::import::form)
        .post(
            "/import",
            WRITE,
            pages::import::upload.layer(DefaultBodyLimit::disable()),
        )
        .get("/export", READ, api::export_customers)
        .get("/export/customers.csv", READ, api::export_customers)
        .post(
            "/api/v1/imports/{kind}",
            WRITE,
            api::import_csv.layer(DefaultBodyLimit::disable()),
        )
        .get("/api/v1/exports/customers", READ, api::export_customers)
}
