//! Erasure of a departed customer's personal data, retention holds on financial records, and
//! the deletion certificates that prove what was erased and what was kept.
//!
//! On the deletion date (job [`super::EraseCase`], or `carewell offboarding erase-due`) one
//! transaction blanks the profile, deletes contacts, tags, usage and complaint links, blanks the
//! free text of interactions, complaints, messages, the letter, the survey and the case's notes,
//! and — for each table of transactions, contracts and ledger entries — either deletes the rows
//! or, when a retention rule still runs, keeps them under a hold (readable by compliance only)
//! and schedules [`super::HoldExpiry`] for the day it ends. The certificate lists tables
//! and row counts, never values; so does the audit entry.
//!
//! The audit log's older entries about the customer (profile, contacts, interactions,
//! complaints, messages, tasks, the case, client-fit notes, …) hold the same personal data:
//! the same transaction redacts their payloads ([`audit::redact`], the chain stays verifiable),

mod certificate;
mod collect;
mod erase;
mod holds;

pub use certificate::Certificate;
pub(crate) use collect::customer_audit_seqs;
pub(crate) use holds::HOLD_COLS;
pub use holds::Hold;

use super::{OffboardingCase, date};
use crate::{Actor, Store, StoreError, audit};
use carewell_domain::error::{Done, Refusal};
use carewell_domain::offboarding::retention::{HOLDABLE_TABLES, plan_erasure};
use carewell_domain::offboarding::workflow::Status;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

impl Store {
    /// Erases the case's personal data on or after its deletion date (see the module doc).
    /// Refused before the deletion date (use [`Store::request_offboarding_erasure`] for an
    /// early request) and unless the account is closed.
    pub async fn erase_offboarding(
        &self,
        actor: &Actor,
        id: &str,
        now_at: DateTime<Utc>,
    ) -> Result<Certificate, StoreError> {
        let c = self.offboarding_case(crate::Clearance::SYSTEM, id).await?;
        if now_at.date_naive() < c.timeline.deletion_date {
            // An earlier erasure must be requested explicitly.
            return Err(Refusal::BeforeDeletionDate {
                date: c.timeline.deletion_date,
            }
            .into());
        }
        self.erase_now(actor, id, now_at, false).await
    }

    /// An early erasure request (the customer's, or compliance's) after the account is closed.
    /// With `include_held`, the records under a retention hold are asked for too: refused,
    /// naming the legal basis and the date, while a hold runs (or would run once erased).
    /// On a case already erased, `include_held` asks for the held records only.
    pub async fn request_offboarding_erasure(
        &self,
        actor: &Actor,
        id: &str,
        include_held: bool,
        now_at: DateTime<Utc>,
    ) -> Result<Certificate, StoreError> {
        let c = self.offboarding_case(crate::Clearance::SYSTEM, id).await?;
        let today = now_at.date_naive();
        if include_held {
            let holds = self.offboarding_holds(id).await?;
            if let Some(h) = holds.iter().find(|h| h.active_on(today)) {
                let refusal = h.refusal();
                self.audit_refusal(actor, id, &refusal).await?;
                return Err(refusal.into());
            }
            if c.status != Status::Erased {
                // The same decision the erasure itself will make: would it keep anything?
                let mut counts = Vec::new();
                for table in HOLDABLE_TABLES {
                    counts.push((table, self.row_count(table, &c.customer_id).await?));
                }
                let rules = self.retention_rules().await?;
                let plan = plan_erasure(&rules, relationship_end(&c), today, &counts);
                if let Some(refusal) = plan.refusal() {
                    // The rest of the personal data can be erased now.
                    self.audit_refusal(actor, id, &refusal).await?;
                    return Err(refusal.into());
                }
            } else if let Some(h) = holds.iter().find(|h| h.released_at.is_none()) {
                return self.release_offboarding_hold(actor, &h.id, now_at).await;
            } else {
                return Err(Refusal::NothingHeld.into());
            }
        }
        if c.status == Status::Erased {
            return Err(Refusal::AlreadyDone { what: Done::Erased }.into());
        }
        self.erase_now(actor, id, now_at, true).await
    }

    async fn audit_refusal(
        &self,
        actor: &Actor,
        id: &str,
        refusal: &Refusal,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.erasure-refused",
            "offboarding_case",
            id,
            &json!(null),
            &json!({ "refused": refusal }),
        )
        .await?;
        tx.commit().await
    }

    async fn row_count(&self, table: &str, customer_id: &str) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM {} WHERE customer_id = $1",
            safe_table(table)?
        ))
        .bind(customer_id)
        .fetch_one(self.pool())
        .await?;
        Ok(n)
    }

    /// Runs everything due at `now_at`: erasure of closed cases past their deletion date and
    /// deletion of held records whose hold ended. Returns the certificates issued. (The jobs
    /// do the same one by one; this is the operator's catch-up, `carewell offboarding erase-due`.)
    pub async fn offboarding_erase_due(
        &self,
        actor: &Actor,
        now_at: DateTime<Utc>,
    ) -> Result<Vec<Certificate>, StoreError> {
        let today = date(now_at.date_naive());
        let cases: Vec<(String,)> = sqlx::query_as(
            "SELECT id FROM offboarding_cases WHERE status = 'closed' AND deletion_date <= $1 ORDER BY deletion_date, id",
        )
        .bind(&today)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for (id,) in cases {
            out.push(self.erase_offboarding(actor, &id, now_at).await?);
        }
        let holds: Vec<(String,)> = sqlx::query_as(
            "SELECT id FROM offboarding_holds WHERE released_at IS NULL AND held_until <= $1 ORDER BY held_until, id",
        )
        .bind(&today)
        .fetch_all(self.pool())
        .await?;
        for (id,) in holds {
            out.push(self.release_offboarding_hold(actor, &id, now_at).await?);
        }
        Ok(out)
    }

    /// Whether a customer's personal data has been erased by an offboarding.
    pub async fn customer_erased(&self, customer_id: &str) -> Result<bool, StoreError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM offboarding_cases WHERE customer_id = $1 AND erased_at IS NOT NULL",
        )
        .bind(customer_id)
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }
}

/// When the relationship ended: the later of the service end and the closure.
fn relationship_end(c: &OffboardingCase) -> NaiveDate {
    let closed = c
        .closed_at
        .as_deref()
        .and_then(|s| super::ts(s).ok())
        .map(|t| t.date_naive());
    closed.map_or(c.timeline.service_end, |d| d.max(c.timeline.service_end))
}

fn safe_table(t: &str) -> Result<&'static str, StoreError> {
    carewell_domain::offboarding::retention::HOLDABLE_TABLES
        .into_iter()
        .find(|h| *h == t)
        .ok_or_else(|| StoreError::Corrupt(format!("'{t}' is not a holdable table")))
}
