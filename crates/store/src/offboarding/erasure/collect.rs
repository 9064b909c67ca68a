//! Which audit entries hold a customer's personal data (redacted by an erasure, a hold's end
//! or a customer's deletion).

use crate::{StoreError, Tx};

/// Audit entries about a customer, collected before the erasure deletes the rows that link
/// them to the customer: `personal` are redacted by the erasure; `financial` (per holdable
/// table) with the table's rows, now or when their hold ends.
pub(super) struct AuditTargets {
    pub(super) personal: Vec<i64>,
    pub(super) financial: Vec<(&'static str, Vec<i64>)>,
}

/// Which audit entries hold a holdable table's data of customer `$1`.
pub(super) fn financial_audit_filter(table: &str) -> &'static str {
    match table {
        "transactions" => "entity = 'customer' AND entity_id = $1 AND action LIKE 'transaction.%'",
        "contracts" => "entity = 'customer' AND entity_id = $1 AND action LIKE 'contract.%'",
        _ => {
            "entity = 'ledger_entry' AND entity_id IN (SELECT id FROM ledger_entries WHERE customer_id = $1)"
        }
    }
}

pub(super) async fn audit_seqs(
    tx: &mut Tx<'_>,
    filter: &str,
    customer_id: &str,
) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT seq FROM audit_log WHERE redacted_at IS NULL AND ({filter}) ORDER BY seq"
    ))
    .bind(customer_id)
    .fetch_all(&mut *tx.tx)
    .await?;
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

pub(super) async fn audit_targets(
    tx: &mut Tx<'_>,
    customer_id: &str,
) -> Result<AuditTargets, StoreError> {
    let personal = "(entity = 'customer' AND entity_id = $1 \
         AND action NOT LIKE 'transaction.%' AND action NOT LIKE 'contract.%') \
         OR (entity = 'complaint' AND entity_id IN (SELECT id FROM complaints WHERE customer_id = $1)) \
         OR (entity = 'interaction' AND entity_id IN (SELECT id FROM interactions WHERE customer_id = $1)) \
         OR (entity = 'message' AND entity_id IN (SELECT id FROM outbox WHERE customer_id = $1)) \
         OR (entity = 'task' AND entity_id IN (SELECT id FROM tasks WHERE customer_id = $1)) \
         OR (entity = 'offboarding_case' AND entity_id IN (SELECT id FROM offboarding_cases WHERE customer_id = $1))";
    let mut financial = Vec::new();
    for table in carewell_domain::offboarding::retention::HOLDABLE_TABLES {
        let seqs = audit_seqs(tx, financial_audit_filter(table), customer_id).await?;
        financial.push((table, seqs));
    }
    Ok(AuditTargets {
        personal: audit_seqs(tx, personal, customer_id).await?,
        financial,
    })
}

/// Every unredacted audit entry about a customer that holds their data — the personal ones and
/// those of each holdable table — sorted: what a deletion of the customer redacts. Collect
/// before deleting the rows that link the entries to the customer.
pub(crate) async fn customer_audit_seqs(
    tx: &mut Tx<'_>,
    customer_id: &str,
) -> Result<Vec<i64>, StoreError> {
    let t = audit_targets(tx, customer_id).await?;
    let mut seqs = t.personal;
    for (_, s) in t.financial {
        seqs.extend(s);
    }
    seqs.sort_unstable();
    seqs.dedup();
    Ok(seqs)
}
