//! Retention holds: records kept past the deletion date under a legal obligation, and their
//! deletion when the hold ends.

use super::certificate::{Certificate, audit_erased, insert_certificate, redaction_reason};
use super::collect::{audit_seqs, financial_audit_filter};
use super::erase::delete_financial;
use super::safe_table;
use crate::offboarding::{date, insert_step};
use crate::{Actor, Store, StoreError, audit};
use carewell_domain::error::{Done, Entity, Refusal};
use carewell_domain::offboarding::retention::{CertificateBody, Erased};
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// Records kept past the deletion date under a legal obligation.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema, sqlx::FromRow)]
pub struct Hold {
    /// Id.
    pub id: String,
    /// The case that erased the rest.
    pub case_id: String,
    /// The customer.
    pub customer_id: String,
    /// Retention category (e.g. `financial`).
    pub category: String,
    /// Tables kept (JSON list).
    pub tables: String,
    /// Why they are kept.
    pub legal_basis: String,
    /// Kept until this date (YYYY-MM-DD), then deleted.
    pub held_until: String,
    /// Created (UTC).
    pub created_at: String,
    /// When the held records were deleted (UTC); `None` while the hold runs.
    pub released_at: Option<String>,
}

impl Hold {
    /// The held tables.
    pub fn table_list(&self) -> Vec<String> {
        serde_json::from_str(&self.tables).unwrap_or_default()
    }

    /// Whether the hold still runs on `today`.
    pub fn active_on(&self, today: NaiveDate) -> bool {
        self.released_at.is_none() && date(today) < self.held_until
    }

    /// The date the hold ends (its stored `held_until`; the Unix epoch if that is corrupt).
    pub fn until(&self) -> NaiveDate {
        carewell_domain::time::parse_date("held_until", &self.held_until).unwrap_or_default()
    }

    /// The refusal an early request to erase held records gets (they will be deleted then).
    pub fn refusal(&self) -> Refusal {
        Refusal::Held {
            tables: self.table_list(),
            until: self.until(),
            basis: self.legal_basis.clone(),
            prospective: false,
        }
    }

    /// The refusal a read of the held records gets from someone not cleared to see them.
    pub fn restriction(&self) -> Refusal {
        Refusal::Restricted {
            tables: self.table_list(),
            until: self.until(),
            basis: self.legal_basis.clone(),
        }
    }
}

pub(crate) const HOLD_COLS: &str =
    "id, case_id, customer_id, category, tables, legal_basis, held_until, created_at, released_at";

impl Store {
    /// Deletes the records a hold kept, once it has ended (job [`crate::offboarding::HoldExpiry`]).
    /// Refused with the legal basis before the hold's end date.
    pub async fn release_offboarding_hold(
        &self,
        actor: &Actor,
        hold_id: &str,
        now_at: DateTime<Utc>,
    ) -> Result<Certificate, StoreError> {
        let mut tx = self.begin().await?;
        let h: Option<Hold> = sqlx::query_as(&format!(
            "SELECT {HOLD_COLS} FROM offboarding_holds WHERE id = $1"
        ))
        .bind(hold_id)
        .fetch_optional(&mut *tx.tx)
        .await?;
        let h = h.ok_or(StoreError::NotFound(Entity::Hold))?;
        if h.released_at.is_some() {
            return Err(Refusal::AlreadyDone {
                what: Done::HoldEnded,
            }
            .into());
        }
        if h.active_on(now_at.date_naive()) {
            return Err(h.refusal().into());
        }
        let mut erased = Vec::new();
        let mut redact = Vec::new();
        for t in h.table_list() {
            let table = safe_table(&t)?;
            redact
                .extend(audit_seqs(&mut tx, financial_audit_filter(table), &h.customer_id).await?);
            let rows = delete_financial(&mut tx, table, &h.customer_id, &h.case_id).await?;
            erased.push(Erased {
                table: t,
                rows,
                action: "deleted".into(),
            });
        }
        redact.sort_unstable();
        redact.dedup();
        erased.push(audit_erased(redact.len() as i64));
        let at = fmt_ts(now_at);
        sqlx::query("UPDATE offboarding_holds SET released_at = $1 WHERE id = $2")
            .bind(&at)
            .bind(hold_id)
            .execute(&mut *tx.tx)
            .await?;
        let body = CertificateBody {
            kind: "hold-expiry".into(),
            case_id: h.case_id.clone(),
            customer_id: h.customer_id.clone(),
            at,
            actor: actor.label.clone(),
            erased,
            kept: Vec::new(),
        };
        let cert = insert_certificate(&mut tx, &body).await?;
        audit::redact(
            &mut tx,
            actor,
            &redact,
            &redaction_reason(&body.kind, &cert.id),
            &cert.id,
        )
        .await?;
        insert_step(
            &mut tx,
            &h.case_id,
            actor,
            "hold-released",
            None,
            &json!({ "hold_id": hold_id, "certificate_id": cert.id, "hash": cert.hash }),
        )
        .await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.hold-release",
            "offboarding_case",
            &h.case_id,
            &json!({ "hold_id": hold_id, "held_until": h.held_until }),
            &json!({ "certificate_id": cert.id, "hash": cert.hash,
                     "deleted": body.erased.iter().map(|e| json!({"table": e.table, "rows": e.rows})).collect::<Vec<_>>() }),
        )
        .await?;
        tx.commit().await?;
        Ok(cert)
    }
    /// A case's retention holds.
    pub async fn offboarding_holds(&self, case_id: &str) -> Result<Vec<Hold>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {HOLD_COLS} FROM offboarding_holds WHERE case_id = $1 ORDER BY created_at, id"
        ))
        .bind(case_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The holds running on a customer's records. While any runs, the customer's transactions,
    /// contracts and ledger are restricted to the compliance role (and admins).
    pub async fn active_holds(&self, customer_id: &str) -> Result<Vec<Hold>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {HOLD_COLS} FROM offboarding_holds WHERE customer_id = $1 AND released_at IS NULL ORDER BY created_at, id"
        ))
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?)
    }
}
