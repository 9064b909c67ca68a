//! The offboarding job handlers, registered by [`super::register_jobs`]: erasure on the
//! deletion date and the deletion of held records once their hold has ended.

use crate::jobs::JobContext;
use anyhow::Context;
use carewell_domain::offboarding::workflow::Status;
use carewell_store::{Actor, StoreError};
use chrono::Utc;
use serde_json::Value;

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
