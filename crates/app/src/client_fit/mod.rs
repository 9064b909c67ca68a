//! Client-fit review ("should we part ways?"): the ranked list, one customer's review with
//! the evidence behind each of the seven reasons, reviewer notes, judgements and likelihood,
//! staff-abuse flags, and decisions (keep / watch / part ways — which opens an offboarding
//! case). API, staff pages and the `carewell client-fit` CLI.
//!
//! Roles: everyone who reads customers reads reviews; agents (and managers, admins) add notes
//! and flag interactions as abuse of staff; managers and admins set judgements, the likelihood
//! of change, the cost settings, and decide.

pub mod api;
pub mod cli;
pub mod jobs;
pub mod pages;
pub mod view;

use crate::web::auth::access::{MANAGE, READ, Routes, WRITE};

/// Client-fit routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/client-fit", READ, pages::list::list)
        .get("/client-fit/settings", READ, pages::settings::show)
        .post("/client-fit/settings", MANAGE, pages::settings::save)
        .get("/client-fit/{id}", READ, pages::show::show)
        .post("/client-fit/{id}/note", WRITE, pages::actions::note)
        .post("/client-fit/{id}/flag", WRITE, pages::actions::flag)
        .post(
            "/client-fit/{id}/judgement",
            MANAGE,
            pages::actions::judgement,
        )
        .post(
            "/client-fit/{id}/likelihood",
            MANAGE,
            pages::actions::likelihood,
        )
        .post(
            "/client-fit/{id}/decision",
            MANAGE,
            pages::actions::decision,
        )
        .get("/api/v1/client-fit", READ, api::list::list)
        .get("/api/v1/client-fit/settings", READ, api::settings::settings)
        .put(
            "/api/v1/client-fit/settings",
            MANAGE,
            api::settings::set_settings,
        )
        .get("/api/v1/client-fit/{id}", READ, api::review::review)
        .post("/api/v1/client-fit/{id}/notes", WRITE, api::notes::add_note)
        .post(
            "/api/v1/client-fit/{id}/abuse-flags",
            WRITE,
            api::flags::flag_abuse,
        )
        .post(
            "/api/v1/client-fit/{id}/judgements",
            MANAGE,
            api::judgements::judge,
        )
        .put(
            "/api/v1/client-fit/{id}/likelihood",
            MANAGE,
            api::judgements::set_likelihood,
        )
        .post(
            "/api/v1/client-fit/{id}/decisions",
            MANAGE,
            api::decisions::decide,
        )
}
