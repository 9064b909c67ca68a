//! The compensation ledger: append-only entries (the database refuses edits and deletions),
//! manager decisions in their own append-only table, reversals as new entries, totals per
//! customer. Approval thresholds per currency are configurable.

use crate::clearance::{self, Clearance};
use crate::{Actor, Store, StoreError, audit, new_id, now};
use carewell_domain::error::{Code, DomainError, Done, Entity, Refusal};
use carewell_domain::events::EventType;
use carewell_domain::ledger::{
    self, Approval, EntryKind, Existing, NewEntry, SourceKind, check_decision, reversal_of,
};
use carewell_domain::money::{Currency, Money};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// A ledger entry with its approval state.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct LedgerEntry {
    /// Id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Credit, refund, coupon, waived invoice or reversal.
    pub kind: EntryKind,
    /// Amount in minor units (negative for reversals).
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// Amount as a decimal, e.g. `12.50`.
    pub amount: String,
    /// Why.
    pub reason: String,
    /// What caused it: complaint, incident, offboarding.
    pub source_kind: SourceKind,
    /// Its id.
    pub source_id: String,
    /// The entry this one reverses.
    pub reverses_id: Option<String>,
    /// The entry that reverses this one.
    pub reversed_by: Option<String>,
    /// Approval state.
    pub approval: Approval,
    /// Who decided (e-mail), if decided.
    pub decided_by: Option<String>,
    /// When decided (UTC).
    pub decided_at: Option<String>,
    /// The decision's note.
    pub decision_note: Option<String>,
    /// Who booked it (user id).
    pub created_by: String,
    /// Booked (UTC).
    pub created_at: String,
}

impl LedgerEntry {
    /// The amount as money.
    pub fn money(&self) -> Result<Money, StoreError> {
        Ok(Money {
            minor: self.amount_minor,
            currency: Currency::parse(&self.currency)?,
        })
    }

    /// What the domain rules need to know of this entry.
    pub fn existing(&self) -> Result<Existing, StoreError> {
        Ok(Existing {
            kind: self.kind,
            amount: self.money()?,
            approval: self.approval,
            reversed: self.reversed_by.is_some(),
        })
    }

    /// Whether `user_id` may approve or reject this entry now (the domain's four-eyes rule:
    /// only pending entries, never by who booked it).
    pub fn may_decide(&self, user_id: &str) -> bool {
        self.existing()
            .is_ok_and(|e| check_decision(&e, &self.created_by, user_id).is_ok())
    }

    /// Whether this entry may be reversed now (effective, not a reversal, not yet reversed).
    pub fn may_reverse(&self) -> bool {
        self.existing().is_ok_and(|e| reversal_of(&e).is_ok())
    }
}

/// A customer's ledger with totals.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct CustomerLedger {
    /// Entries, newest first.
    pub entries: Vec<LedgerEntry>,
    /// Effective totals per currency (approved or not needing approval, reversals included).
    pub totals: Vec<Total>,
    /// Sum of pending entries per currency.
    pub pending: Vec<Total>,
}

/// A total in one currency.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Total {
    /// Currency.
    pub currency: String,
    /// Minor units.
    pub amount_minor: i64,
    /// Decimal.
    pub amount: String,
}

impl From<Money> for Total {
    fn from(m: Money) -> Self {
        Self {
            currency: m.currency.as_str().to_string(),
            amount_minor: m.minor,
            amount: m.to_decimal(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    customer_id: String,
    kind: String,
    amount_minor: i64,
    currency: String,
    reason: String,
    source_kind: String,
    source_id: String,
    reverses_id: Option<String>,
    reversed_by: Option<String>,
    requires_approval: i64,
    decision: Option<String>,
    decided_by: Option<String>,
    decided_at: Option<String>,
    decision_note: Option<String>,
    created_by: String,
    created_at: String,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl TryFrom<Row> for LedgerEntry {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        let approval = match (r.requires_approval, r.decision.as_deref()) {
            (0, _) => Approval::NotRequired,
            (_, None) => Approval::Pending,
            (_, Some(d)) => Approval::parse(d).map_err(corrupt)?,
        };
        let currency = Currency::parse(&r.currency).map_err(corrupt)?;
        Ok(Self {
            kind: EntryKind::parse(&r.kind).map_err(corrupt)?,
            source_kind: SourceKind::parse(&r.source_kind).map_err(corrupt)?,
            amount: Money {
                minor: r.amount_minor,
                currency,
            }
            .to_decimal(),
            approval,
            id: r.id,
            customer_id: r.customer_id,
            amount_minor: r.amount_minor,
            currency: r.currency,
            reason: r.reason,
            source_id: r.source_id,
            reverses_id: r.reverses_id,
            reversed_by: r.reversed_by,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

const SELECT: &str = "SELECT e.id, e.customer_id, e.kind, e.amount_minor, e.currency, e.reason, e.source_kind, \
     e.source_id, e.reverses_id, r.id AS reversed_by, e.requires_approval, d.decision, d.decided_by, \
     d.decided_at, d.note AS decision_note, e.created_by, e.created_at \
     FROM ledger_entries e LEFT JOIN ledger_entries r ON r.reverses_id = e.id \
     LEFT JOIN ledger_decisions d ON d.entry_id = e.id";

async fn fetch(ex: &mut sqlx::AnyConnection, id: &str) -> Result<LedgerEntry, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await?;
    row.ok_or(StoreError::NotFound(Entity::LedgerEntry))?
        .try_into()
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &mut crate::Tx<'_>,
    customer_id: &str,
    kind: EntryKind,
    amount: Money,
    reason: &str,
    source_kind: SourceKind,
    source_id: &str,
    reverses_id: Option<&str>,
    requires_approval: bool,
    created_by: &str,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO ledger_entries (id, customer_id, kind, amount_minor, currency, reason, source_kind, source_id, \
         reverses_id, requires_approval, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(customer_id)
    .bind(kind.as_str())
    .bind(amount.minor)
    .bind(amount.currency.as_str())
    .bind(reason)
    .bind(source_kind.as_str())
    .bind(source_id)
    .bind(reverses_id)
    .bind(i64::from(requires_approval))
    .bind(created_by)
    .bind(now())
    .execute(&mut *tx.tx)
    .await
    .map_err(|e| {
        let e = StoreError::from(e);
        match reverses_id {
            // The one unique key: an entry is reversed at most once.
            Some(_) => e.or_refused(Refusal::AlreadyDone {
                what: Done::Reversed,
            }),
            // The one reference: the customer.
            None if e.is_constraint() => StoreError::NotFound(Entity::Customer),
            None => e,
        }
    })?;
    Ok(id)
}

impl Store {
    /// The approval threshold for `currency` (`None`: every amount needs approval).
    pub async fn approval_threshold(
        &self,
        currency: Currency,
    ) -> Result<Option<Money>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT approval_threshold_minor FROM ledger_thresholds WHERE currency = $1",
        )
        .bind(currency.as_str())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(minor,)| Money { minor, currency }))
    }

    /// Sets the approval threshold for a currency.
    pub async fn set_approval_threshold(
        &self,
        actor: &Actor,
        threshold: Money,
    ) -> Result<(), StoreError> {
        if threshold.minor < 0 {
            return Err(DomainError::new(
                "threshold",
                Code::OutOfRange {
                    min: Some(0),
                    max: None,
                },
            )
            .into());
        }
        let before = self.approval_threshold(threshold.currency).await?;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM ledger_thresholds WHERE currency = $1")
            .bind(threshold.currency.as_str())
            .execute(&mut *tx.tx)
            .await?;
        sqlx::query(
            "INSERT INTO ledger_thresholds (currency, approval_threshold_minor) VALUES ($1, $2)",
        )
        .bind(threshold.currency.as_str())
        .bind(threshold.minor)
        .execute(&mut *tx.tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "ledger.threshold",
            "ledger_threshold",
            threshold.currency.as_str(),
            &json!(before.map(|m| m.minor)),
            &json!(threshold.minor),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Books a compensation: effective at once at or below the currency's threshold, else
    /// pending a manager's approval. The source must exist when it is a complaint, and belong
    /// to the same customer. Refused to writers without clearance while a retention hold
    /// runs on the customer (the ledger is held; its entries are not shown to them).
    pub async fn add_compensation(
        &self,
        who: Clearance,
        actor: &Actor,
        e: &NewEntry,
    ) -> Result<LedgerEntry, StoreError> {
        clearance::check(self.pool(), who, &e.customer_id).await?;
        if e.source_kind == SourceKind::Complaint {
            let c = self.complaint(&e.source_id).await?;
            if c.customer_id != e.customer_id {
                return Err(DomainError::new(
                    "customer_id",
                    Code::OtherCustomers {
                        what: Entity::Complaint,
                    },
                )
                .into());
            }
        }
        if e.source_kind == SourceKind::Offboarding {
            let c = self
                .offboarding_case(crate::Clearance::SYSTEM, &e.source_id)
                .await?;
            if c.customer_id != e.customer_id {
                return Err(DomainError::new(
                    "customer_id",
                    Code::OtherCustomers {
                        what: Entity::OffboardingCase,
                    },
                )
                .into());
            }
        }
        let mut tx = self.begin().await?;
        let entry = book(&mut tx, actor, e).await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// Approves or rejects a pending entry. Only pending entries, and never by who booked it;
    /// refused to deciders without clearance while a hold runs on the customer.
    pub async fn decide_compensation(
        &self,
        who: Clearance,
        actor: &Actor,
        id: &str,
        approve: bool,
        note: Option<&str>,
    ) -> Result<LedgerEntry, StoreError> {
        let mut tx = self.begin().await?;
        let before = fetch(&mut tx.tx, id).await?;
        clearance::check(&mut *tx.tx, who, &before.customer_id).await?;
        check_decision(&before.existing()?, &before.created_by, &actor.id)?;
        let decision = if approve {
            Approval::Approved
        } else {
            Approval::Rejected
        };
        sqlx::query("INSERT INTO ledger_decisions (entry_id, decision, decided_by, note, decided_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(decision.as_str())
            .bind(&actor.label)
            .bind(note.map(str::trim).filter(|n| !n.is_empty()))
            .bind(now())
            .execute(&mut *tx.tx)
            .await
            .map_err(|e| StoreError::from(e).or_refused(Refusal::ChangedMeanwhile))?;
        let after = fetch(&mut tx.tx, id).await?;
        audit::append(
            &mut tx,
            actor,
            if approve {
                "ledger.approve"
            } else {
                "ledger.reject"
            },
            "ledger_entry",
            id,
            &json!(before),
            &json!(after),
        )
        .await?;
        let data = crate::events::compensation_data(&after);
        crate::events::emit(&mut tx, EventType::CompensationDecided, id, "0", data).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Reverses an effective entry by booking its negative (effective at once: it takes
    /// money back, it does not give any).
    pub async fn reverse_compensation(
        &self,
        who: Clearance,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> Result<LedgerEntry, StoreError> {
        let reason = carewell_domain::customer::parse_text(
            "reason",
            reason,
            carewell_domain::ledger::MAX_REASON,
        )?;
        let reason = reason.as_str();
        let mut tx = self.begin().await?;
        let orig = fetch(&mut tx.tx, id).await?;
        clearance::check(&mut *tx.tx, who, &orig.customer_id).await?;
        let amount = reversal_of(&orig.existing()?)?;
        let new_id = insert(
            &mut tx,
            &orig.customer_id,
            EntryKind::Reversal,
            amount,
            reason,
            orig.source_kind,
            &orig.source_id,
            Some(id),
            false,
            &actor.id,
        )
        .await?;
        let entry = fetch(&mut tx.tx, &new_id).await?;
        audit::append(
            &mut tx,
            actor,
            "ledger.reverse",
            "ledger_entry",
            &new_id,
            &json!(orig),
            &json!(entry),
        )
        .await?;
        let data = crate::events::compensation_data(&entry);
        crate::events::emit(&mut tx, EventType::CompensationCreated, &new_id, "0", data).await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// One entry (refused to readers without clearance while a hold runs on its customer).
    pub async fn ledger_entry(&self, who: Clearance, id: &str) -> Result<LedgerEntry, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let e = fetch(&mut conn, id).await?;
        clearance::check(&mut *conn, who, &e.customer_id).await?;
        Ok(e)
    }

    /// A customer's ledger with totals (refused to readers without clearance while a hold
    /// runs on the customer).
    pub async fn customer_ledger(
        &self,
        who: Clearance,
        customer_id: &str,
    ) -> Result<CustomerLedger, StoreError> {
        clearance::check(self.pool(), who, customer_id).await?;
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "{SELECT} WHERE e.customer_id = $1 ORDER BY e.created_at DESC, e.id DESC"
        ))
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?;
        let entries: Vec<LedgerEntry> = rows
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<_, _>>()?;
        let money: Vec<(Approval, Money)> = entries
            .iter()
            .map(|e| Ok((e.approval, e.money()?)))
            .collect::<Result<_, StoreError>>()?;
        let totals = ledger::totals(money.iter().map(|(a, m)| (*a, m)))?;
        let pending = ledger::totals(
            money
                .iter()
                .filter(|(a, _)| *a == Approval::Pending)
                .map(|(_, m)| (Approval::Approved, m)),
        )?;
        Ok(CustomerLedger {
            entries,
            totals: totals.into_iter().map(Into::into).collect(),
            pending: pending.into_iter().map(Into::into).collect(),
        })
    }

    /// Entries caused by one source (a complaint, an offboarding case), oldest first. Refused
    /// to readers without clearance while a hold runs on the entries' customer.
    pub async fn ledger_for_source(
        &self,
        who: Clearance,
        kind: SourceKind,
        source_id: &str,
    ) -> Result<Vec<LedgerEntry>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "{SELECT} WHERE e.source_kind = $1 AND e.source_id = $2 ORDER BY e.created_at, e.id"
        ))
        .bind(kind.as_str())
        .bind(source_id)
        .fetch_all(self.pool())
        .await?;
        let entries: Vec<LedgerEntry> = rows
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<_, _>>()?;
        if let Some(e) = entries.first() {
            clearance::check(self.pool(), who, &e.customer_id).await?;
        }
        Ok(entries)
    }

    /// Entries waiting for a manager, oldest first; entries of customers under a running
    /// retention hold are left out for readers without clearance.
    pub async fn pending_compensation(
        &self,
        who: Clearance,
    ) -> Result<Vec<LedgerEntry>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "{SELECT} WHERE e.requires_approval = 1 AND d.entry_id IS NULL AND {} \
             ORDER BY e.created_at, e.id",
            clearance::not_held(who, "e.customer_id")
        ))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}

/// The approval state a new entry starts in, decided in the booking's transaction: under the
/// currency's threshold, counting what `actor` booked for the customer without approval in the
/// last [`ledger::ROLLING_DAYS`]. The ledger is locked first (the audit chain's lock, which the
/// booking takes anyway), so concurrent bookings are counted one after another and cannot
/// each slip under the threshold.
async fn initial_approval(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    e: &NewEntry,
) -> Result<Approval, StoreError> {
    crate::dialect::lock_audit_chain(tx).await?;
    let threshold: Option<(i64,)> = sqlx::query_as(
        "SELECT approval_threshold_minor FROM ledger_thresholds WHERE currency = $1",
    )
    .bind(e.amount.currency.as_str())
    .fetch_optional(&mut *tx.tx)
    .await?;
    let Some((threshold,)) = threshold else {
        return Ok(Approval::Pending);
    };
    let since = carewell_domain::time::fmt_ts(
        chrono::Utc::now() - chrono::Duration::days(ledger::ROLLING_DAYS),
    );
    let booked: Vec<(i64,)> = sqlx::query_as(
        "SELECT amount_minor FROM ledger_entries WHERE customer_id = $1 AND created_by = $2 \
         AND currency = $3 AND requires_approval = 0 AND kind <> 'reversal' AND created_at >= $4",
    )
    .bind(&e.customer_id)
    .bind(&actor.id)
    .bind(e.amount.currency.as_str())
    .bind(since)
    .fetch_all(&mut *tx.tx)
    .await?;
    let unsupervised =
        carewell_domain::money::checked_sum(booked.into_iter().map(|(m,)| m)).unwrap_or(i64::MAX);
    let threshold = Money {
        minor: threshold,
        currency: e.amount.currency,
    };
    Ok(e.initial_approval(&threshold, unsupervised))
}

/// Books an entry in the caller's transaction (with its audit entry), effective at once or
/// pending approval (see [`initial_approval`]). The caller has checked the source.
pub(crate) async fn book(
    tx: &mut crate::Tx<'_>,
    actor: &Actor,
    e: &NewEntry,
) -> Result<LedgerEntry, StoreError> {
    let approval = initial_approval(tx, actor, e).await?;
    let id = insert(
        tx,
        &e.customer_id,
        e.kind,
        e.amount,
        &e.reason,
        e.source_kind,
        &e.source_id,
        None,
        approval == Approval::Pending,
        &actor.id,
    )
    .await?;
    let entry = fetch(&mut tx.tx, &id).await?;
    audit::append(
        tx,
        actor,
        "ledger.create",
        "ledger_entry",
        &id,
        &json!(null),
        &json!(entry),
    )
    .await?;
    let data = crate::events::compensation_data(&entry);
    crate::events::emit(tx, EventType::CompensationCreated, &id, "0", data).await?;
    Ok(entry)
}
