//! Satisfaction surveys (NPS, CSAT, CES): sending to a list of customers or a segment with the
//! recontact throttle, the customer's one-time link `/s/{token}`, results with charts, verbatims
//! and CSV, detractor call-backs, the quarterly relationship NPS. The complaint's satisfaction
//! question is counted as a CSAT survey (`complaint-satisfaction`).
//!
//! Roles: every reader sees surveys and results; managers and admins send surveys and change
//! the settings; customers answer by link without signing in.

pub mod api;
pub mod jobs;
pub mod pages;
pub mod public;
pub mod stage;
pub mod view;

use crate::web::auth::access::{Access, MANAGE, READ, Routes};

/// Survey routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/surveys", READ, pages::list)
        .post("/surveys", MANAGE, pages::create)
        .post("/surveys/settings", MANAGE, pages::save_settings)
        .post("/surveys/stage-triggers", MANAGE, stage::save)
        .get("/surveys/{id}", READ, pages::show)
        .get("/surveys/{id}/responses.csv", READ, pages::csv)
        .get("/s/{token}", Access::Public, public::show)
        .post("/s/{token}", Access::Public, public::answer)
        .get("/api/v1/surveys", READ, api::list)
        .post("/api/v1/surveys", MANAGE, api::create)
        .get("/api/v1/surveys/settings", READ, api::settings)
        .put("/api/v1/surveys/settings", MANAGE, api::set_settings)
        .get("/api/v1/surveys/stage-triggers", READ, api::stage_triggers)
        .put(
            "/api/v1/surveys/stage-triggers",
            MANAGE,
            api::set_stage_triggers,
        )
        .get("/api/v1/surveys/{id}", READ, api::get)
        .get("/api/v1/surveys/{id}/results", READ, api::results)
        .get(
            "/api/v1/surveys/{id}/responses.csv",
            READ,
            api::responses_csv,
        )
}
