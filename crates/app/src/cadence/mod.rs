//! Contact cadence and care moments: the settings (`/settings/cadence`, `GET/PUT
//! /api/v1/cadence`), the daily run (`cadence.run`, also `carewell cadence run`) that gives
//! forgotten customers' owners one `contact-due` task per period and turns birthdays and
//! anniversaries into `care-moment` tasks or warm messages, and the customer page's cadence
//! line ([`view`]).
//!
//! Roles: everyone who reads customers reads the settings; managers and admins change them.

pub mod api;
pub mod cli;
pub mod jobs;
pub mod overrides;
pub mod pages;
pub mod view;

use crate::web::auth::access::{MANAGE, READ, Routes};

/// Cadence routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/settings/cadence", READ, pages::show)
        .post("/settings/cadence", MANAGE, pages::save)
        .get("/api/v1/cadence", READ, api::settings)
        .put("/api/v1/cadence", MANAGE, api::set_settings)
}
