//! Customer health: the explained 0–100 score on the customer page and
//! `GET /api/v1/customers/{id}/health`, the band filter of the customer list, the settings
//! (weights and band thresholds: page and API), the daily and per-event recompute jobs and
//! `carewell health run`. Scoring rules: `carewell_domain::health`; storage:
//! `carewell_store::health`.
//!
//! Roles: everyone who reads customers reads their health and the settings; managers and
//! admins change the settings.

pub mod api;
pub mod cli;
pub mod jobs;
pub mod pages;
pub mod view;

use crate::web::auth::access::{MANAGE, READ, Routes};

/// Health routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/health/settings", READ, pages::settings::show)
        .post("/health/settings", MANAGE, pages::settings::save)
        .get("/api/v1/customers/{id}/health", READ, api::customer_health)
        .get("/api/v1/health/settings", READ, api::settings)
        .put("/api/v1/health/settings", MANAGE, api::set_settings)
}
