//! The offboarding jobs (listed once in `app::jobs::standard_registry`): erasure on the
//! deletion date and the deletion of held records once their hold has ended.

use crate::jobs::{Job, JobContext};
use carewell_domain::error::{Done, Refusal};
use carewell_domain::offboarding::workflow::Status;
use carewell_store::offboarding::{EraseCase, HoldExpiry};
use carewell_store::{Actor, Clearance, StoreError};
use chrono::Utc;

/// Erases the case's personal data on its deletion date. A cancelled or already erased case is
/// left alone.
impl Job for EraseCase {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let id = self.case_id.as_str();
        let c = ctx.store.offboarding_case(Clearance::SYSTEM, id).await?;
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
}

/// Deletes the held records once the hold has ended (a hold already ended is nothing to do).
impl Job for HoldExpiry {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let id = self.hold_id.as_str();
        match ctx
            .store
            .release_offboarding_hold(&Actor::system(), id, Utc::now())
            .await
        {
            Ok(cert) => {
                tracing::info!(hold = id, certificate = %cert.id, "offboarding: held records deleted");
                Ok(())
            }
            Err(StoreError::Refused(Refusal::AlreadyDone {
                what: Done::HoldEnded,
            })) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
