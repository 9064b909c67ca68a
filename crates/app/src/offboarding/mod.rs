//! Offboarding: parting with a customer gracefully. The staff pages of a case (plan with the
//! notice-period check, direct contact, the farewell letter composed in the customer's
//! language and edited by staff, goodwill, closure, erasure with retention holds and
//! certificates, reports and the rule tables), the customer's own page (notice, data download,
//! exit survey), the `/api/v1/offboarding` API, the `carewell offboarding` CLI, and the job
//! handlers for erasure on the deletion date and the end of retention holds. Held financial
//! records are for compliance only (the store enforces it on read). The rules and storage live in
//! `carewell_domain::offboarding` and `carewell_store::offboarding`.

pub mod api;
pub mod cli;
pub mod jobs;
pub mod letter;
pub mod pages;
pub mod public;
pub mod view;

use crate::web::auth::access::{ADMIN, AUDIT, Access, MANAGE, READ, REPORT, Routes, WRITE};

/// Offboarding routes: the staff pages, the customer's page and the API. Roles follow the
/// API on the pages too: managers open, replan, close and cancel; writers log contacts, write
/// and send the letter, book goodwill; compliance and admins erase and see certificates.
pub fn routes() -> Routes {
    Routes::default()
        .get("/offboarding", READ, pages::list::list)
        .get("/offboarding/reports", REPORT, pages::reports::page)
        .get(
            "/offboarding/reports.csv",
            REPORT,
            pages::reports::csv_export,
        )
        .get("/offboarding/settings", READ, pages::settings::show)
        .post(
            "/offboarding/settings/notice",
            ADMIN,
            pages::settings::save_notice,
        )
        .post(
            "/offboarding/settings/notice/delete",
            ADMIN,
            pages::settings::delete_notice,
        )
        .post(
            "/offboarding/settings/retention",
            AUDIT,
            pages::settings::save_retention,
        )
        .get("/customers/{id}/offboarding", MANAGE, pages::new::form)
        .post("/customers/{id}/offboarding", MANAGE, pages::new::create)
        .get("/offboarding/{id}", READ, pages::show::show)
        .get(
            "/offboarding/{id}/certificate",
            AUDIT,
            pages::certificate::show,
        )
        .post("/offboarding/{id}/erasure", AUDIT, pages::erasure::request)
        .post("/offboarding/erase-due", AUDIT, pages::erasure::erase_due)
        .post("/offboarding/{id}/plan", MANAGE, pages::actions::plan)
        .post("/offboarding/{id}/approve", MANAGE, pages::actions::approve)
        .post("/offboarding/{id}/contact", WRITE, pages::actions::contact)
        .post("/offboarding/{id}/letter", WRITE, pages::actions::letter)
        .post(
            "/offboarding/{id}/goodwill",
            WRITE,
            pages::actions::goodwill,
        )
        .post("/offboarding/{id}/close", MANAGE, pages::actions::close)
        .post("/offboarding/{id}/cancel", MANAGE, pages::actions::cancel)
        .post("/offboarding/{id}/link", WRITE, pages::actions::link)
        .get(
            "/public/offboarding/{token}",
            Access::Public,
            public::page::show,
        )
        .get(
            "/public/offboarding/{token}/export.json",
            Access::Public,
            public::export::export_json,
        )
        .get(
            "/public/offboarding/{token}/export.zip",
            Access::Public,
            public::export::export_zip,
        )
        .get(
            "/public/offboarding/{token}/export.csv",
            Access::Public,
            public::export::export_csv,
        )
        .post(
            "/public/offboarding/{token}/survey",
            Access::Public,
            public::survey::survey,
        )
        .get("/api/v1/offboarding/cases", READ, api::cases::list)
        .post("/api/v1/offboarding/cases", MANAGE, api::open::open)
        .post("/api/v1/offboarding/check", WRITE, api::open::check)
        .get("/api/v1/offboarding/report", REPORT, api::report::report)
        .get(
            "/api/v1/offboarding/report.csv",
            REPORT,
            api::report::report_csv,
        )
        .get(
            "/api/v1/offboarding/notice-rules",
            READ,
            api::rules::notice_rules,
        )
        .put(
            "/api/v1/offboarding/notice-rules",
            ADMIN,
            api::rules::set_notice_rule,
        )
        .get(
            "/api/v1/offboarding/retention-rules",
            READ,
            api::rules::retention_rules,
        )
        .put(
            "/api/v1/offboarding/retention-rules",
            AUDIT,
            api::rules::set_retention_rule,
        )
        .post(
            "/api/v1/offboarding/erase-due",
            AUDIT,
            api::erasure::erase_due,
        )
        .get("/api/v1/offboarding/cases/{id}", READ, api::cases::get)
        .put(
            "/api/v1/offboarding/cases/{id}/plan",
            MANAGE,
            api::plan::replan,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/approve",
            MANAGE,
            api::plan::approve,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/contacts",
            WRITE,
            api::contact::contact,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/letter",
            READ,
            api::letter::letter,
        )
        .put(
            "/api/v1/offboarding/cases/{id}/letter",
            WRITE,
            api::letter::save_letter,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/letter/send",
            WRITE,
            api::letter::send_letter,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/goodwill",
            WRITE,
            api::goodwill::goodwill,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/close",
            MANAGE,
            api::close::close,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/cancel",
            MANAGE,
            api::close::cancel,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/link",
            WRITE,
            api::link::issue_link,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/erasure",
            AUDIT,
            api::erasure::erasure,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/certificates",
            AUDIT,
            api::erasure::certificates,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/export",
            AUDIT,
            api::export::export,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/export/{file}",
            AUDIT,
            api::export::export_csv,
        )
}
