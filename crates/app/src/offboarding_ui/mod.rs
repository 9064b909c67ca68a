//! Offboarding as people see it: the farewell letter (composed in the customer's language and
//! edited by staff), the staff pages of a case, the customer's own page (notice, data
//! download, exit survey), the deletion certificate and the reports. The rules and storage
//! live in the offboarding backend (`carewell_store::offboarding`).

pub mod certificate;
pub mod erasure;
pub mod letter;
pub mod public;
pub mod reports;
pub mod settings;
pub mod ui_actions;
pub mod ui_list;
pub mod ui_new;
pub mod ui_show;
pub mod view;

use crate::web::auth::access::{ADMIN, AUDIT, Access, MANAGE, READ, REPORT, Routes, WRITE};

/// The offboarding pages (staff and customer-facing). Roles follow the offboarding API: managers
/// open, replan, close and cancel; writers log contacts, write and send the letter, book goodwill.
pub fn routes() -> Routes {
    Routes::default()
        .get("/offboarding", READ, ui_list::list)
        .get("/offboarding/reports", REPORT, reports::page)
        .get("/offboarding/reports.csv", REPORT, reports::csv_export)
        .get("/offboarding/settings", READ, settings::show)
        .post("/offboarding/settings/notice", ADMIN, settings::save_notice)
        .post(
            "/offboarding/settings/notice/delete",
            ADMIN,
            settings::delete_notice,
        )
        .post(
            "/offboarding/settings/retention",
            AUDIT,
            settings::save_retention,
        )
        .get("/customers/{id}/offboarding", MANAGE, ui_new::form)
        .post("/customers/{id}/offboarding", MANAGE, ui_new::create)
        .get("/offboarding/{id}", READ, ui_show::show)
        .get("/offboarding/{id}/certificate", AUDIT, certificate::show)
        .post("/offboarding/{id}/erasure", AUDIT, erasure::request)
        .post("/offboarding/erase-due", AUDIT, erasure::erase_due)
        .post("/offboarding/{id}/plan", MANAGE, ui_actions::plan)
        .post("/offboarding/{id}/approve", MANAGE, ui_actions::approve)
        .post("/offboarding/{id}/contact", WRITE, ui_actions::contact)
        .post("/offboarding/{id}/letter", WRITE, ui_actions::letter)
        .post("/offboarding/{id}/goodwill", WRITE, ui_actions::goodwill)
        .post("/offboarding/{id}/close", MANAGE, ui_actions::close)
        .post("/offboarding/{id}/cancel", MANAGE, ui_actions::cancel)
        .post("/offboarding/{id}/link", WRITE, ui_actions::link)
        .get("/public/offboarding/{token}", Access::Public, public::show)
        .get(
            "/public/offboarding/{token}/export.json",
            Access::Public,
            public::export_json,
        )
        .get(
            "/public/offboarding/{token}/export.csv",
            Access::Public,
            public::export_csv,
        )
        .post(
            "/public/offboarding/{token}/survey",
            Access::Public,
            public::survey,
        )
}
