//! Offboarding backend: the `/api/v1/offboarding` API, the `carewell offboarding` CLI, the job
//! handlers for erasure on the deletion date and the end of retention holds, and the guard
//! that keeps held financial records to the compliance role. (Staff pages, the customer's
//! page and the letter editor live in `offboarding_ui`.)

pub mod api;
pub mod cli;

use crate::auth::CurrentUser;
use crate::auth::access::{Access, Routes};
use crate::error::AppError;
use crate::jobs::{JobContext, Registry};
use crate::state::AppState;
use anyhow::Context;
use carewell_domain::offboarding::workflow::Status;
use carewell_domain::role::Role;
use carewell_store::offboarding::{JOB_ERASE, JOB_HOLD_EXPIRY};
use carewell_store::{Actor, StoreError};
use chrono::Utc;
use serde_json::Value;

const READ: Access = Access::Roles(Role::READERS);
const WRITE: Access = Access::Roles(Role::WRITERS);
const MANAGE: Access = Access::Roles(Role::MANAGERS);
/// Held data, certificates, erasure: compliance and admins.
const COMPLIANCE: Access = Access::Roles(Role::AUDITORS);
/// Reports: managers and compliance.
const REPORT: Access = Access::Roles(&[Role::Admin, Role::Manager, Role::Compliance]);
const ADMIN: Access = Access::Roles(Role::ADMINS);

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
            COMPLIANCE,
            api::set_retention_rule,
        )
        .post("/api/v1/offboarding/erase-due", COMPLIANCE, api::erase_due)
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
            COMPLIANCE,
            api::erasure,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/certificates",
            COMPLIANCE,
            api::certificates,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/export",
            COMPLIANCE,
            api::export,
        )
        .get(
            "/api/v1/offboarding/cases/{id}/export/{file}",
            COMPLIANCE,
            api::export_csv,
        )
}

/// Whether `user` may read records under a retention hold (compliance and admins).
pub fn can_see_held(user: &CurrentUser) -> bool {
    Role::AUDITORS.contains(&user.user.role)
}

/// Refuses (403) a read of a customer's financial records (transactions, contracts, ledger)
/// while they are under a retention hold, unless `user` is compliance or an admin. Call it
/// first in every read path of those records.
pub async fn guard_held(
    s: &AppState,
    user: &CurrentUser,
    customer_id: &str,
) -> Result<(), AppError> {
    if can_see_held(user) {
        return Ok(());
    }
    let holds = s.store.active_holds(customer_id).await?;
    if let Some(h) = holds.first() {
        return Err(AppError::Forbidden(format!(
            "this customer's {} are held until {} under a legal obligation ({}) and readable by compliance only",
            h.table_list().join(", "),
            h.held_until,
            h.legal_basis
        )));
    }
    Ok(())
}

/// The customer's page URL for a raw token.
pub fn link(s: &AppState, token: &str) -> String {
    format!(
        "{}/public/offboarding/{token}",
        s.config.base_url.trim_end_matches('/')
    )
}

/// Registers the offboarding job handlers (one line in [`Registry::standard`]).
pub fn register(r: &mut Registry) {
    r.register(JOB_ERASE, erase_job);
    r.register(JOB_HOLD_EXPIRY, hold_expiry_job);
}

/// `offboarding.erase {case_id}`: erases the case's personal data on its deletion date. A
/// cancelled or already erased case is left alone.
pub async fn erase_job(ctx: JobContext, payload: Value) -> anyhow::Result<()> {
    let id = payload["case_id"]
        .as_str()
        .context("offboarding.erase needs a case_id")?;
    let c = ctx.store.offboarding_case(id).await?;
    if c.status != Status::Closed {
        tracing::info!(case = id, status = %c.status, "offboarding erasure: nothing to do");
        return Ok(());
    }
    let cert = ctx
        .store
        .erase_offboarding(&Actor::system(), id, Utc::now())
        .await?;
    tracing::info!(case = id, certificate = %cert.id, "offboarding: personal data erased");
    Ok(())
}

/// `offboarding.hold-expiry {hold_id}`: deletes the held records once the hold has ended.
pub async fn hold_expiry_job(ctx: JobContext, payload: Value) -> anyhow::Result<()> {
    let id = payload["hold_id"]
        .as_str()
        .context("offboarding.hold-expiry needs a hold_id")?;
    match ctx
        .store
        .release_offboarding_hold(&Actor::system(), id, Utc::now())
        .await
    {
        Ok(cert) => {
            tracing::info!(hold = id, certificate = %cert.id, "offboarding: held records deleted");
            Ok(())
        }
        Err(StoreError::Conflict(m)) if m.contains("already ended") => Ok(()),
        Err(e) => Err(e.into()),
    }
}
