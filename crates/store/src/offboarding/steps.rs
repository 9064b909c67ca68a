//! The steps after approval: direct contact, the customer link, goodwill, closure.

use super::{
    COLS, EraseCase, FOLLOW_UP_DAYS, FROM, OffboardingCase, Row, TASK_FOLLOW_UP, insert_step, load,
    revenue_12m, set_stage, token_hash, transition,
};
use crate::jobs::JobPayload;
use crate::ledger::LedgerEntry;
use crate::links::LinkKind;
use crate::tasks::{self, NewTask};
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::error::{Code, DomainError, Entity, Refusal};
use carewell_domain::events::EventType;
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::ContactKind;
use carewell_domain::offboarding::workflow::{self, Action};
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

impl Store {
    /// Logs a direct contact (call or meeting) with the customer: a step on the case and an
    /// interaction on the customer's record, in one transaction. The first contact opens the
    /// way to the written notice.
    pub async fn log_offboarding_contact(
        &self,
        actor: &Actor,
        id: &str,
        kind: ContactKind,
        summary: &str,
        occurred_at: DateTime<Utc>,
    ) -> Result<OffboardingCase, StoreError> {
        let summary = carewell_domain::customer::parse_text(
            "summary",
            summary,
            carewell_domain::offboarding::MAX_TEXT,
        )?;
        let summary = summary.as_str();
        if occurred_at > Utc::now() + Duration::minutes(5) {
            return Err(DomainError::new("occurred_at", Code::InFuture).into());
        }
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::LogContact)?;
        let interaction_id = new_id();
        sqlx::query(
            "INSERT INTO interactions (id, customer_id, external_ref, kind, occurred_at, user_id, summary, sentiment, created_at) \
             VALUES ($1, $2, NULL, $3, $4, (SELECT id FROM users WHERE id = $5), $6, NULL, $7)",
        )
        .bind(&interaction_id)
        .bind(&c.customer_id)
        .bind(kind.as_str())
        .bind(fmt_ts(occurred_at))
        .bind(&actor.id)
        .bind(summary)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?;
        let detail = json!({ "kind": kind, "occurred_at": fmt_ts(occurred_at), "interaction_id": interaction_id });
        let after = transition(
            &mut tx,
            actor,
            &c,
            Action::LogContact,
            "contacted_at",
            &detail,
        )
        .await?;
        insert_step(&mut tx, id, actor, "contact", Some(summary), &detail).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Issues a new customer link (the previous one stops working). Returns the raw token,
    /// shown once; only its hash is stored.
    pub async fn issue_offboarding_link(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<String, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        if c.status.is_final() {
            // No customer link for a case that is over.
            return Err(Refusal::WrongState {
                entity: Entity::OffboardingCase,
                status: c.status.as_str().to_string(),
                action: "issue-link".into(),
                allowed: Vec::new(),
            }
            .into());
        }
        let token = crate::links::mint(&mut tx, LinkKind::Offboarding, id).await?;
        insert_step(&mut tx, id, actor, "link-issued", None, &json!({})).await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.link",
            "offboarding_case",
            id,
            &json!(null),
            &json!({ "link_issued": true }),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The case a customer link opens. Not found for unknown tokens and for cancelled or
    /// erased cases (erasure clears the link).
    pub async fn offboarding_by_token(&self, token: &str) -> Result<OffboardingCase, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} {FROM} WHERE o.token_hash = $1 AND o.status NOT IN ('cancelled', 'erased')"
        ))
        .bind(token_hash(token))
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound(Entity::OffboardingCase))?
            .try_into()
    }

    /// Books goodwill for the case in the ledger (source `offboarding`), e.g. refunding the
    /// last invoice. `amount` `None` refunds the last invoice (the latest positive transaction).
    /// Amounts above the currency's threshold wait for a manager, as any compensation. Refused
    /// (typed, [`workflow::goodwill`]) before approval and once the account is closed.
    pub async fn book_offboarding_goodwill(
        &self,
        actor: &Actor,
        id: &str,
        kind: EntryKind,
        amount: Option<Money>,
        reason: &str,
    ) -> Result<LedgerEntry, StoreError> {
        let c = self.offboarding_case(crate::Clearance::SYSTEM, id).await?;
        // Goodwill can be booked between approval and closure.
        workflow::goodwill(c.status)?;
        let amount = match amount {
            Some(a) => a,
            None => {
                let inv = self
                    .last_invoice(crate::Clearance::SYSTEM, &c.customer_id)
                    .await?
                    .ok_or(Refusal::NoInvoice)?;
                Money {
                    minor: inv.amount_minor,
                    currency: Currency::parse(&inv.currency)?,
                }
            }
        };
        let e = NewEntry::new(
            &c.customer_id,
            kind,
            amount,
            reason,
            SourceKind::Offboarding,
            id,
        )?;
        let mut tx = self.begin().await?;
        // Re-checked in the transaction: the ledger entry and the step commit together.
        let c = load(&mut tx, id).await?;
        workflow::goodwill(c.status)?;
        let entry = crate::ledger::book(&mut tx, actor, &e).await?;
        insert_step(
            &mut tx,
            id,
            actor,
            "goodwill",
            None,
            &json!({ "entry_id": entry.id, "kind": entry.kind, "amount": entry.amount, "currency": entry.currency, "approval": entry.approval }),
        )
        .await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// The latest positive transaction of a customer (the last invoice paid); refused to
    /// readers without clearance while a retention hold runs on the customer.
    pub async fn last_invoice(
        &self,
        who: crate::Clearance,
        customer_id: &str,
    ) -> Result<Option<crate::activity::Transaction>, StoreError> {
        crate::clearance::check(self.pool(), who, customer_id).await?;
        Ok(sqlx::query_as(
            "SELECT id, customer_id, external_ref, amount_minor, currency, occurred_at, description FROM transactions \
             WHERE customer_id = $1 AND amount_minor > 0 ORDER BY occurred_at DESC, id DESC LIMIT 1",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Closes the account: status `closed`, customer stage `departed`, follow-up tasks at +30
    /// and +90 days for the customer's owner, and the erasure job on the deletion date — all in
    /// one transaction.
    pub async fn close_offboarding(
        &self,
        actor: &Actor,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<OffboardingCase, StoreError> {
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::Close)?;
        let owner: Option<(Option<String>,)> =
            sqlx::query_as("SELECT owner_id FROM customers WHERE id = $1")
                .bind(&c.customer_id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let owner = owner.and_then(|o| o.0);
        for days in FOLLOW_UP_DAYS {
            tasks::create(
                &mut tx,
                &NewTask {
                    kind: TASK_FOLLOW_UP,
                    title: c.customer_name.clone(),
                    args: json!({ "days": days }),
                    customer_id: Some(&c.customer_id),
                    owner_id: owner.as_deref(),
                    source_kind: "offboarding",
                    source_id: id,
                    due_at: fmt_ts(at + Duration::days(days)),
                },
            )
            .await?;
        }
        let run_at = c
            .timeline
            .deletion_date
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc())
            .unwrap_or(at);
        EraseCase {
            case_id: id.to_string(),
        }
        .enqueue(&mut tx, run_at)
        .await?;
        let revenue = revenue_12m(&mut tx.tx, &c.customer_id, at).await?;
        sqlx::query("UPDATE offboarding_cases SET revenue_12m = $1 WHERE id = $2")
            .bind(serde_json::to_string(&revenue)?)
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        set_stage(&mut tx, &c.customer_id, "departed").await?;
        sqlx::query("UPDATE offboarding_cases SET closed_at = $1 WHERE id = $2")
            .bind(fmt_ts(at))
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        let detail = json!({ "erasure_job_at": fmt_ts(run_at), "follow_ups": FOLLOW_UP_DAYS });
        let after = transition(&mut tx, actor, &c, Action::Close, "closed_at", &detail).await?;
        insert_step(&mut tx, id, actor, "closed", None, &detail).await?;
        let data = crate::events::offboarding_data(&after);
        crate::events::emit(&mut tx, EventType::OffboardingClosed, id, "0", data).await?;
        tx.commit().await?;
        Ok(after)
    }
}
