//! Departure care (issue 16): scoring runs that put the churn and value models to work on the
//! customers' own data, each customer's prediction with its reasons (customer page panel and
//! `GET /api/v1/customers/{id}/prediction`), the care list `/retention` by value at risk, the
//! model page `/retention/model` with its holdout validation, the settings, the daily job and
//! `carewell predict run`. Rules: `carewell_domain::retention`; storage:
//! `carewell_store::predictions`; models: `carewell_predict`.
//!
//! Roles: everyone who reads customers reads predictions, the list and the model page;
//! managers and admins start runs and change the settings (audited).

pub mod api;
pub mod cli;
pub mod jobs;
pub mod pages;
pub mod run;
pub mod settings;
pub mod view;

use crate::web::auth::access::{MANAGE, READ, Routes, WRITE};

/// Departure-care routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/retention", READ, pages::list)
        .get("/retention.csv", READ, pages::csv)
        .get("/retention/model", READ, pages::model)
        .post("/retention/runs", MANAGE, pages::start)
        .post("/retention/{id}/call", WRITE, pages::call)
        .get("/retention/settings", READ, settings::show)
        .post("/retention/settings", MANAGE, settings::save)
        .post("/api/v1/predictions/runs", MANAGE, api::start_run)
        .get("/api/v1/predictions/runs", READ, api::runs)
        .get("/api/v1/predictions/runs/{id}", READ, api::run)
        .get(
            "/api/v1/customers/{id}/prediction",
            READ,
            api::customer_prediction,
        )
        .get("/api/v1/retention/at-risk", READ, api::at_risk)
        .get("/api/v1/retention/churn-trend", READ, api::churn_trend)
        .get("/api/v1/retention/settings", READ, api::settings)
        .put("/api/v1/retention/settings", MANAGE, api::set_settings)
}
