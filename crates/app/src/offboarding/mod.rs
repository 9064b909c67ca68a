//! Offboarding backend: the `/api/v1/offboarding` API, the `carewell offboarding` CLI and the
//! job handlers for erasure on the deletion date and the end of retention holds. Held
//! financial records are for compliance only (`crate::web::holds`). (Staff pages, the
//! customer's page and the letter editor live in `offboarding_ui`.)

pub mod api;
pub mod cli;
pub mod jobs;

use crate::jobs::Registry;
use crate::kernel::state::AppState;
use crate::web::auth::access::{ADMIN, AUDIT, MANAGE, READ, REPORT, Routes, WRITE};
use carewell_store::offboarding::{JOB_ERASE, JOB_HOLD_EXPIRY};

/// Offboarding API routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/api/v1/offboarding/cases", READ, api::list)
        .post("/api/v1/offboarding/cases", MANAGE, api::open)
        .post("/api/v1/offboarding/check", WRITE, api::check)
        .get("/api/v1/offboarding/report", REPORT, api::report)
        .get("/api/v1/offboarding/report.csv", REPORT, api::report_csv)
        .get("/api/v1/offboarding/notice-rules", READ, api::notice_rules)
        .put(
            "/api/v1/offboarding/notice-rules",
            ADMIN,
            api::set_notice_rule,
        )
        .get(
            "/api/v1/offboarding/retention-rules",
            READ,
            api::retention_rules,
        )
        .put(
            "/api/v1/offboarding/retention-rules",
            AUDIT,
            api::set_retention_rule,
        )
        .post("/api/v1/offboarding/erase-due", AUDIT, api::erase_due)
        .get("/api/v1/offboarding/cases/{id}", READ, api::get)
        .put("/api/v1/offboarding/cases/{id}/plan", MANAGE, api::replan)
        .post(
            "/api/v1/offboarding/cases/{id}/approve",
            MANAGE,
            api::approve,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/contacts",
            WRITE,
            api::contact,
        )
        .get("/api/v1/offboarding/cases/{id}/letter", READ, api::letter)
        .put(
            "/api/v1/offboarding/cases/{id}/letter",
            WRITE,
            api::save_letter,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/letter/send",
            WRITE,
            api::send_letter,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/goodwill",
            WRITE,
            api::goodwill,
        )
        .post("/api/v1/offboarding/cases/{id}/close", MANAGE, api::close)
        .post("/api/v1/offboarding/cases/{id}/cancel", MANAGE, api::cancel)
        .post(
            "/api/v1/offboarding/cases/{id}/link",
            WRITE,
            api::issue_link,
        )
        .post(
            "/api/v1/offboarding/cases/{id}/erasure",
            AUDIT,
            api::erasure,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/certificates",
            AUDIT,
            api::certificates,
        )
        .get("/api/v1/offboarding/cases/{id}/export", AUDIT, api::export)
        .get(
            "/api/v1/offboarding/cases/{id}/export/{file}",
            AUDIT,
            api::export_csv,
        )
}

/// The customer's page URL for a raw token.
pub fn link(s: &AppState, token: &str) -> String {
    format!(
        "{}/public/offboarding/{token}",
        s.config.base_url.trim_end_matches('/')
    )
}

/// Registers the offboarding job handlers: erasure on the deletion date, the end of holds.
pub fn register_jobs(r: &mut Registry) {
    r.register(JOB_ERASE, jobs::erase_job);
    r.register(JOB_HOLD_EXPIRY, jobs::hold_expiry_job);
}
