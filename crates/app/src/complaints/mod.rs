//! Complaint handling: intake (staff UI, API, public form), the workflow with SLA clocks,
//! the compensation ledger, reports and the `carewell complaints` CLI.

pub mod api;
pub mod cli;
pub mod imap;
pub mod jobs;
pub mod messages;
pub mod pages;
pub mod public;
pub mod thread;
pub mod view;

use crate::web::auth::access::{Access, MANAGE, READ, Routes, WRITE};

/// Complaint, compensation and public-form routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/complaints", READ, pages::list::list)
        .get("/complaints/new", WRITE, pages::new::form)
        .post("/complaints/new", WRITE, pages::new::create)
        .get("/complaints/reports", MANAGE, pages::reports::page)
        .get(
            "/complaints/reports.csv",
            MANAGE,
            pages::reports::csv_export,
        )
        .get("/complaints/sla", READ, pages::sla::page)
        .post("/complaints/sla/{severity}", MANAGE, pages::sla::save)
        .get("/complaints/{id}", READ, pages::show::show)
        .post("/complaints/{id}/action", WRITE, pages::actions::transition)
        .post(
            "/complaints/{id}/compensation",
            WRITE,
            pages::actions::add_compensation,
        )
        .post(
            "/complaints/{id}/link",
            WRITE,
            pages::actions::customer_link,
        )
        .post(
            "/complaints/{id}/satisfaction-link",
            WRITE,
            pages::actions::satisfaction_link,
        )
        .post("/complaints/{id}/assign", WRITE, pages::tasks::assign)
        .post("/complaints/{id}/reply", WRITE, pages::thread::reply)
        .post(
            "/complaints/{id}/thread-link",
            WRITE,
            pages::thread::thread_link,
        )
        .post(
            "/complaints/{id}/severity",
            WRITE,
            pages::actions::set_severity,
        )
        .post(
            "/compensation/{id}/approve",
            MANAGE,
            pages::actions::approve,
        )
        .post("/compensation/{id}/reject", MANAGE, pages::actions::reject)
        .post("/compensation/{id}/reverse", WRITE, pages::actions::reverse)
        .get(
            "/public/complaints/{token}",
            Access::Public,
            public::complaint::form,
        )
        .post(
            "/public/complaints/{token}",
            Access::Public,
            public::complaint::submit,
        )
        .get(
            "/public/conversation/{token}",
            Access::Public,
            public::conversation::show,
        )
        .post(
            "/public/conversation/{token}",
            Access::Public,
            public::conversation::reply,
        )
        .get(
            "/public/satisfaction/{token}",
            Access::Public,
            public::satisfaction::satisfaction_form,
        )
        .post(
            "/public/satisfaction/{token}",
            Access::Public,
            public::satisfaction::satisfaction_submit,
        )
        .get("/api/v1/complaints", READ, api::complaints::list)
        .post("/api/v1/complaints", WRITE, api::complaints::create)
        .get(
            "/api/v1/complaints/report",
            MANAGE,
            api::reports::api_report,
        )
        .get(
            "/api/v1/complaints/report.csv",
            MANAGE,
            api::reports::api_csv,
        )
        .post("/api/v1/complaints/sla-sweep", MANAGE, api::sla::api_sweep)
        .get("/api/v1/complaints/{id}", READ, api::complaints::get)
        .get(
            "/api/v1/complaints/{id}/thread",
            READ,
            api::thread::get_thread,
        )
        .post("/api/v1/complaints/{id}/replies", WRITE, api::thread::reply)
        .post("/api/v1/inbound/email", WRITE, api::inbound::inbound_email)
        .post(
            "/api/v1/complaints/{id}/transitions",
            WRITE,
            api::workflow::transition,
        )
        .put(
            "/api/v1/complaints/{id}/owner",
            WRITE,
            api::workflow::assign,
        )
        .put(
            "/api/v1/complaints/{id}/severity",
            WRITE,
            api::workflow::set_severity,
        )
        .get("/api/v1/sla-policies", READ, api::sla::api_policies)
        .put(
            "/api/v1/sla-policies/{severity}",
            MANAGE,
            api::sla::api_set_policy,
        )
        .post(
            "/api/v1/customers/{id}/complaint-link",
            WRITE,
            api::link::customer_link,
        )
        .get(
            "/api/v1/customers/{id}/compensation",
            READ,
            api::compensation::customer_ledger,
        )
        .post("/api/v1/compensation", WRITE, api::compensation::create)
        .get(
            "/api/v1/compensation/pending",
            MANAGE,
            api::compensation::pending,
        )
        .post(
            "/api/v1/compensation/{id}/approve",
            MANAGE,
            api::compensation::approve,
        )
        .post(
            "/api/v1/compensation/{id}/reject",
            MANAGE,
            api::compensation::reject,
        )
        .post(
            "/api/v1/compensation/{id}/reverse",
            WRITE,
            api::compensation::reverse,
        )
}
