//! The erasure itself: personal data blanked or deleted, financial tables deleted or held,
//! the certificate issued and the audit entries redacted, in one transaction.

use super::certificate::{Certificate, audit_erased, insert_certificate, redaction_reason};
use super::collect::audit_targets;
use super::holds::HOLD_COLS;
use super::relationship_end;
use crate::jobs::JobPayload;
use crate::offboarding::HoldExpiry;
use crate::offboarding::{ERASED, OffboardingCase, date, insert_step, load};
use crate::{Actor, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::events::EventType;
use carewell_domain::offboarding::retention::{
    CertificateBody, Erased, HOLDABLE_TABLES, plan_erasure,
};
use carewell_domain::offboarding::workflow::{self, Action};
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Utc};
use serde_json::json;

/// Runs one statement binding the customer id; returns rows affected.
async fn exec(tx: &mut Tx<'_>, sql: &str, customer_id: &str) -> Result<i64, StoreError> {
    let r = sqlx::query(sql)
        .bind(customer_id)
        .execute(&mut *tx.tx)
        .await?;
    Ok(r.rows_affected() as i64)
}

async fn count(tx: &mut Tx<'_>, table: &str, customer_id: &str) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM {table} WHERE customer_id = $1"
    ))
    .bind(customer_id)
    .fetch_one(&mut *tx.tx)
    .await?;
    Ok(n)
}

/// Deletes a holdable table's rows of a customer (the ledger through a purge grant).
pub(super) async fn delete_financial(
    tx: &mut Tx<'_>,
    table: &str,
    customer_id: &str,
    case_id: &str,
) -> Result<i64, StoreError> {
    match table {
        "ledger_entries" => {
            sqlx::query(
                "INSERT INTO offboarding_purges (customer_id, case_id, at) VALUES ($1, $2, $3)",
            )
            .bind(customer_id)
            .bind(case_id)
            .bind(now())
            .execute(&mut *tx.tx)
            .await?;
            exec(
                tx,
                "DELETE FROM ledger_decisions WHERE entry_id IN (SELECT id FROM ledger_entries WHERE customer_id = $1)",
                customer_id,
            )
            .await?;
            // Reversals first: they reference the entries they reverse.
            let a = exec(
                tx,
                "DELETE FROM ledger_entries WHERE customer_id = $1 AND reverses_id IS NOT NULL",
                customer_id,
            )
            .await?;
            let b = exec(
                tx,
                "DELETE FROM ledger_entries WHERE customer_id = $1",
                customer_id,
            )
            .await?;
            exec(
                tx,
                "DELETE FROM offboarding_purges WHERE customer_id = $1",
                customer_id,
            )
            .await?;
            Ok(a + b)
        }
        "transactions" | "contracts" => {
            exec(
                tx,
                &format!("DELETE FROM {table} WHERE customer_id = $1"),
                customer_id,
            )
            .await
        }
        other => Err(StoreError::Corrupt(format!(
            "'{other}' is not a holdable table"
        ))),
    }
}

/// The personal-data part of the erasure: every statement and what it did.
async fn erase_personal(tx: &mut Tx<'_>, c: &OffboardingCase) -> Result<Vec<Erased>, StoreError> {
    let cid = c.customer_id.as_str();
    let mut out = Vec::new();
    let at = now();
    let r = sqlx::query(
        "UPDATE customers SET name = $1, email = NULL, phone = NULL, external_ref = NULL, attributes = '{}', \
         consent = '{}', birthday = NULL, anniversary = NULL, timezone = NULL, segment = NULL, stage = 'departed', \
         updated_at = $2 WHERE id = $3",
    )
    .bind(ERASED)
    .bind(&at)
    .bind(cid)
    .execute(&mut *tx.tx)
    .await?;
    out.push(Erased {
        table: "customers".into(),
        rows: r.rows_affected() as i64,
        action: "blanked name, email, phone, external_ref, attributes, consent, birthday, anniversary, timezone, segment".into(),
    });
    let in_cases = "(SELECT id FROM offboarding_cases WHERE customer_id = $1)";
    let steps: [(&str, String, &str); 21] = [
        (
            "client_fit_abuse_flags",
            "DELETE FROM client_fit_abuse_flags WHERE customer_id = $1".into(),
            "deleted",
        ),
        (
            "client_fit_judgements",
            "DELETE FROM client_fit_judgements WHERE customer_id = $1".into(),
            "deleted",
        ),
        (
            "client_fit_decisions",
            "DELETE FROM client_fit_decisions WHERE customer_id = $1".into(),
            "deleted (the case keeps the reason)",
        ),
        ("customer_tags", "DELETE FROM customer_tags WHERE customer_id = $1".into(), "deleted"),
        ("contacts", "DELETE FROM contacts WHERE customer_id = $1".into(), "deleted"),
        ("usage_events", "DELETE FROM usage_events WHERE customer_id = $1".into(), "deleted"),
        ("complaint_links", "DELETE FROM complaint_links WHERE customer_id = $1".into(), "deleted"),
        (
            "interactions",
            format!("UPDATE interactions SET summary = '{ERASED}', sentiment = NULL, external_ref = NULL WHERE customer_id = $1"),
            "blanked summary, sentiment, external_ref",
        ),
        (
            "complaint_events",
            "UPDATE complaint_events SET note = NULL WHERE complaint_id IN (SELECT id FROM complaints WHERE customer_id = $1)".into(),
            "blanked note",
        ),
        (
            "complaint_thread_links",
            "DELETE FROM complaint_thread_links WHERE complaint_id IN (SELECT id FROM complaints WHERE customer_id = $1)".into(),
            "deleted",
        ),
        (
            "complaint_thread",
            format!("UPDATE complaint_thread SET subject = NULL, body = CASE WHEN body = '' THEN '' ELSE '{ERASED}' END, html = NULL, \
                     attachments = '[]' WHERE complaint_id IN (SELECT id FROM complaints WHERE customer_id = $1)"),
            "blanked subject, body, html, attachments",
        ),
        (
            "complaints",
            format!("UPDATE complaints SET subject = '{ERASED}', description = '{ERASED}', attachments = '[]', demand = NULL, \
                     resolution = NULL, root_cause = NULL, satisfaction_comment = NULL WHERE customer_id = $1"),
            "blanked subject, description, attachments, demand, resolution, root_cause, satisfaction_comment",
        ),
        (
            "survey_responses",
            "UPDATE survey_responses SET comment = NULL WHERE customer_id = $1".into(),
            "blanked comment (score kept)",
        ),
        (
            "survey_recipients",
            "UPDATE survey_recipients SET token_hash = NULL WHERE customer_id = $1".into(),
            "removed the link",
        ),
        (
            "outbox_log",
            "UPDATE outbox_log SET reason = NULL WHERE message_id IN (SELECT id FROM outbox WHERE customer_id = $1)".into(),
            "blanked reason",
        ),
        (
            "outbox",
            "UPDATE outbox SET recipient = '', args = '{}', payload = '{}', reason = NULL, secret_link = NULL WHERE customer_id = $1".into(),
            "blanked recipient, args, payload, reason",
        ),
        (
            "tasks",
            "UPDATE tasks SET title = kind WHERE customer_id = $1 AND (source_kind IS NULL OR source_kind <> 'offboarding')".into(),
            "replaced title with the task kind",
        ),
        (
            "offboarding_letters",
            format!("UPDATE offboarding_letters SET thanks = '{ERASED}', framing = '{ERASED}', goodwill = '{ERASED}', \
                     apology = '{ERASED}', alternatives = '{ERASED}', updated_by = '{ERASED}' WHERE case_id IN {in_cases}"),
            "blanked the five parts",
        ),
        (
            "offboarding_surveys",
            format!("UPDATE offboarding_surveys SET reason_left = '{ERASED}', would_have_kept = NULL, comment = NULL \
                     WHERE case_id IN {in_cases}"),
            "blanked reason_left, would_have_kept, comment (rating kept)",
        ),
        (
            "offboarding_steps",
            format!("UPDATE offboarding_steps SET note = NULL WHERE case_id IN {in_cases}"),
            "blanked note",
        ),
        (
            "offboarding_cases",
            "UPDATE offboarding_cases SET reason_note = NULL, cancel_reason = NULL, token_hash = NULL WHERE customer_id = $1".into(),
            "blanked reason_note, cancel_reason; customer link revoked",
        ),
    ];
    for (table, sql, action) in steps {
        let rows = exec(tx, &sql, cid).await?;
        out.push(Erased {
            table: table.into(),
            rows,
            action: action.into(),
        });
    }
    for table in crate::health::TABLES
        .into_iter()
        .chain(crate::predictions::TABLES)
    {
        let sql = format!("DELETE FROM {table} WHERE customer_id = $1");
        let rows = exec(tx, &sql, cid).await?;
        out.push(Erased {
            table: table.into(),
            rows,
            action: "deleted".into(),
        });
    }
    // Situation notes are free text; keep the links (kind, id).
    let stripped: Vec<_> = c
        .situations
        .iter()
        .cloned()
        .map(|mut s| {
            s.note = None;
            s
        })
        .collect();
    sqlx::query("UPDATE offboarding_cases SET situations = $1 WHERE id = $2")
        .bind(serde_json::to_string(&stripped)?)
        .bind(&c.id)
        .execute(&mut *tx.tx)
        .await?;
    // The search row now holds only the placeholder name: the old name, e-mail, phone,
    // reference and tags no longer find the customer.
    crate::search::refresh(tx, &[cid.to_string()]).await?;
    Ok(out)
}

impl Store {
    pub(super) async fn erase_now(
        &self,
        actor: &Actor,
        id: &str,
        now_at: DateTime<Utc>,
        early: bool,
    ) -> Result<Certificate, StoreError> {
        let rules = self.retention_rules().await?;
        let mut tx = self.begin().await?;
        let c = load(&mut tx, id).await?;
        workflow::next(c.status, Action::Erase)?;
        let today = now_at.date_naive();
        let end = relationship_end(&c);
        let targets = audit_targets(&mut tx, &c.customer_id).await?;
        let mut redact = targets.personal;
        let mut erased = erase_personal(&mut tx, &c).await?;
        let mut counts = Vec::new();
        for table in HOLDABLE_TABLES {
            counts.push((table, count(&mut tx, table, &c.customer_id).await?));
        }
        let plan = plan_erasure(&rules, end, today, &counts);
        for table in &plan.delete {
            let n = delete_financial(&mut tx, table, &c.customer_id, &c.id).await?;
            erased.push(Erased {
                table: table.to_string(),
                rows: n,
                action: "deleted".into(),
            });
            if let Some((_, seqs)) = targets.financial.iter().find(|(t, _)| t == table) {
                redact.extend(seqs);
            }
        }
        redact.sort_unstable();
        redact.dedup();
        erased.push(audit_erased(redact.len() as i64));
        for h in &plan.holds {
            let hold_id = new_id();
            sqlx::query(&format!(
                "INSERT INTO offboarding_holds ({HOLD_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)"
            ))
            .bind(&hold_id)
            .bind(&c.id)
            .bind(&c.customer_id)
            .bind(&h.category)
            .bind(serde_json::to_string(&h.tables)?)
            .bind(&h.legal_basis)
            .bind(date(h.until))
            .bind(now())
            .execute(&mut *tx.tx)
            .await?;
            let run_at = h
                .until
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc())
                .unwrap_or(now_at);
            HoldExpiry {
                hold_id: hold_id.clone(),
            }
            .enqueue(&mut tx, run_at)
            .await?;
        }
        let kept = plan.kept;
        let body = CertificateBody {
            kind: if early { "early-erasure" } else { "erasure" }.into(),
            case_id: c.id.clone(),
            customer_id: c.customer_id.clone(),
            at: fmt_ts(now_at),
            actor: actor.label.clone(),
            erased,
            kept,
        };
        let cert = insert_certificate(&mut tx, &body).await?;
        let redacted = audit::redact(
            &mut tx,
            actor,
            &redact,
            &redaction_reason(&body.kind, &cert.id),
            &cert.id,
        )
        .await?;
        if redacted != redact.len() as i64 {
            return Err(StoreError::Corrupt(format!(
                "redacted {redacted} audit entries, the certificate says {}",
                redact.len()
            )));
        }
        let detail = json!({ "certificate_id": cert.id, "hash": cert.hash, "early": early,
            "erased": body.erased.iter().map(|e| json!({"table": e.table, "rows": e.rows})).collect::<Vec<_>>(),
            "kept": body.kept.iter().map(|k| json!({"table": k.table, "rows": k.rows, "until": k.until})).collect::<Vec<_>>() });
        let after =
            crate::offboarding::transition(&mut tx, actor, &c, Action::Erase, "erased_at", &detail)
                .await?;
        let data = crate::events::offboarding_data(&after);
        crate::events::emit(&mut tx, EventType::OffboardingErased, id, "0", data).await?;
        insert_step(
            &mut tx,
            id,
            actor,
            "erased",
            None,
            &json!({ "certificate_id": cert.id, "hash": cert.hash }),
        )
        .await?;
        tx.commit().await?;
        Ok(cert)
    }
}
