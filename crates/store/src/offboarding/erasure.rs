//! Erasure of a departed customer's personal data, retention holds on financial records, and
//! the deletion certificates that prove what was erased and what was kept.
//!
//! On the deletion date (job [`super::JOB_ERASE`], or `carewell offboarding erase-due`) one
//! transaction blanks the profile, deletes contacts, tags, usage and complaint links, blanks the
//! free text of interactions, complaints, messages, the letter, the survey and the case's notes,
//! and — for each table of transactions, contracts and ledger entries — either deletes the rows
//! or, when a retention rule still runs, keeps them under a hold (readable by compliance only)
//! and schedules [`super::JOB_HOLD_EXPIRY`] for the day it ends. The certificate lists tables
//! and row counts, never values; so does the audit entry.
//!
//! The audit log's older entries about the customer (profile, contacts, interactions,
//! complaints, messages, tasks, the case, client-fit notes, …) hold the same personal data:
//! the same transaction redacts their payloads ([`audit::redact`], the chain stays verifiable),
//! except entries about records kept under a hold, which are redacted when the hold ends.

use super::{ERASED, OffboardingCase, date, insert_step, load};
use crate::{Actor, Store, StoreError, Tx, audit, jobs, new_id, now};
use carewell_domain::events::EventType;
use carewell_domain::offboarding::retention::{CertificateBody, Erased, Kept, RetentionRule};
use carewell_domain::offboarding::workflow::{self, Action, Status};
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

    /// The refusal an early request to erase held records gets.
    pub fn refusal(&self) -> String {
        format!(
            "refused: {} are held until {} under a legal obligation ({}); they will be deleted then",
            self.table_list().join(", "),
            self.held_until,
            self.legal_basis
        )
    }
}

/// A deletion certificate.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Certificate {
    /// Id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// `erasure` or `hold-expiry`.
    pub kind: String,
    /// Issued (UTC).
    pub issued_at: String,
    /// What was erased and kept.
    pub body: CertificateBody,
    /// SHA-256 of the body's canonical JSON.
    pub hash: String,
    /// Whether the stored hash still matches the body.
    pub verified: bool,
}

const HOLD_COLS: &str =
    "id, case_id, customer_id, category, tables, legal_basis, held_until, created_at, released_at";

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
async fn delete_financial(
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

async fn insert_certificate(
    tx: &mut Tx<'_>,
    body: &CertificateBody,
) -> Result<Certificate, StoreError> {
    let id = new_id();
    let hash = body.hash();
    sqlx::query(
        "INSERT INTO offboarding_certificates (id, case_id, kind, issued_at, body, hash) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(&body.case_id)
    .bind(&body.kind)
    .bind(&body.at)
    .bind(body.canonical())
    .bind(&hash)
    .execute(&mut *tx.tx)
    .await?;
    Ok(Certificate {
        id,
        case_id: body.case_id.clone(),
        kind: body.kind.clone(),
        issued_at: body.at.clone(),
        body: body.clone(),
        hash,
        verified: true,
    })
}

/// Audit entries about a customer, collected before the erasure deletes the rows that link
/// them to the customer: `personal` are redacted by the erasure; `financial` (per holdable
/// table) with the table's rows, now or when their hold ends.
struct AuditTargets {
    personal: Vec<i64>,
    financial: Vec<(&'static str, Vec<i64>)>,
}

/// Which audit entries hold a holdable table's data of customer `$1`.
fn financial_audit_filter(table: &str) -> &'static str {
    match table {
        "transactions" => "entity = 'customer' AND entity_id = $1 AND action LIKE 'transaction.%'",
        "contracts" => "entity = 'customer' AND entity_id = $1 AND action LIKE 'contract.%'",
        _ => {
            "entity = 'ledger_entry' AND entity_id IN (SELECT id FROM ledger_entries WHERE customer_id = $1)"
        }
    }
}

async fn audit_seqs(
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

async fn audit_targets(tx: &mut Tx<'_>, customer_id: &str) -> Result<AuditTargets, StoreError> {
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

/// The certificate's line for redacted audit entries.
fn audit_erased(rows: i64) -> Erased {
    Erased {
        table: "audit_log".into(),
        rows,
        action: "redacted before/after of the entries about these records (SHA-256 digests kept, the chain verifies)".into(),
    }
}

/// Why the entries were redacted, as stored with each.
fn redaction_reason(kind: &str, certificate_id: &str) -> String {
    format!("offboarding {kind}, certificate {certificate_id}")
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
    let steps: [(&str, String, &str); 17] = [
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
            "complaints",
            format!("UPDATE complaints SET subject = '{ERASED}', description = '{ERASED}', attachments = '[]', demand = NULL, \
                     resolution = NULL, root_cause = NULL, satisfaction_comment = NULL WHERE customer_id = $1"),
            "blanked subject, description, attachments, demand, resolution, root_cause, satisfaction_comment",
        ),
        (
            "outbox_log",
            "UPDATE outbox_log SET reason = NULL WHERE message_id IN (SELECT id FROM outbox WHERE customer_id = $1)".into(),
            "blanked reason",
        ),
        (
            "outbox",
            "UPDATE outbox SET recipient = '', args = '{}', payload = '{}', reason = NULL WHERE customer_id = $1".into(),
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
    Ok(out)
}

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
        let c = self.offboarding_case(id).await?;
        if now_at.date_naive() < c.timeline.deletion_date {
            return Err(StoreError::Conflict(format!(
                "the deletion date is {}; an earlier erasure must be requested explicitly",
                c.timeline.deletion_date
            )));
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
        let c = self.offboarding_case(id).await?;
        let today = now_at.date_naive();
        if include_held {
            let holds = self.offboarding_holds(id).await?;
            if let Some(h) = holds.iter().find(|h| h.active_on(today)) {
                self.audit_refusal(actor, id, &h.refusal()).await?;
                return Err(StoreError::Conflict(h.refusal()));
            }
            if c.status != Status::Erased {
                let end = relationship_end(&c);
                for r in self.retention_rules().await? {
                    let until = r.held_until(end);
                    if r.keep_days > 0 && today < until && self.has_rows(&c.customer_id, &r).await?
                    {
                        let msg = format!(
                            "refused: {} must be kept until {} under a legal obligation ({}); the rest of the personal data can be erased now",
                            r.tables.join(", "),
                            date(until),
                            r.legal_basis
                        );
                        self.audit_refusal(actor, id, &msg).await?;
                        return Err(StoreError::Conflict(msg));
                    }
                }
            } else if let Some(h) = holds.iter().find(|h| h.released_at.is_none()) {
                return self.release_offboarding_hold(actor, &h.id, now_at).await;
            } else {
                return Err(StoreError::Conflict(
                    "nothing is held for this case; the personal data was already erased".into(),
                ));
            }
        }
        if c.status == Status::Erased {
            return Err(StoreError::Conflict(
                "the personal data has already been erased".into(),
            ));
        }
        self.erase_now(actor, id, now_at, true).await
    }

    async fn audit_refusal(&self, actor: &Actor, id: &str, msg: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        audit::append(
            &mut tx,
            actor,
            "offboarding.erasure-refused",
            "offboarding_case",
            id,
            &json!(null),
            &json!({ "refused": msg }),
        )
        .await?;
        tx.commit().await
    }

    async fn has_rows(&self, customer_id: &str, r: &RetentionRule) -> Result<bool, StoreError> {
        for t in &r.tables {
            let (n,): (i64,) = sqlx::query_as(&format!(
                "SELECT COUNT(*) FROM {} WHERE customer_id = $1",
                safe_table(t)?
            ))
            .bind(customer_id)
            .fetch_one(self.pool())
            .await?;
            if n > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    async fn erase_now(
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
        let mut kept = Vec::new();
        let mut holds = Vec::new();
        for table in carewell_domain::offboarding::retention::HOLDABLE_TABLES {
            let rule = rules
                .iter()
                .filter(|r| r.keep_days > 0 && r.tables.iter().any(|t| t == table))
                .max_by_key(|r| r.held_until(end));
            let rows = count(&mut tx, table, &c.customer_id).await?;
            match rule {
                Some(r) if today < r.held_until(end) && rows > 0 => {
                    kept.push(Kept {
                        table: table.into(),
                        rows,
                        legal_basis: r.legal_basis.clone(),
                        until: r.held_until(end),
                    });
                    if !holds
                        .iter()
                        .any(|(cat, _, _): &(String, _, _)| *cat == r.category)
                    {
                        holds.push((r.category.clone(), r.legal_basis.clone(), r.held_until(end)));
                    }
                }
                _ => {
                    let n = delete_financial(&mut tx, table, &c.customer_id, &c.id).await?;
                    erased.push(Erased {
                        table: table.into(),
                        rows: n,
                        action: "deleted".into(),
                    });
                    if let Some((_, seqs)) = targets.financial.iter().find(|(t, _)| *t == table) {
                        redact.extend(seqs);
                    }
                }
            }
        }
        redact.sort_unstable();
        redact.dedup();
        erased.push(audit_erased(redact.len() as i64));
        for (category, basis, until) in &holds {
            let tables: Vec<&str> = kept
                .iter()
                .filter(|k| k.legal_basis == *basis && k.until == *until)
                .map(|k| k.table.as_str())
                .collect();
            let hold_id = new_id();
            sqlx::query(&format!(
                "INSERT INTO offboarding_holds ({HOLD_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)"
            ))
            .bind(&hold_id)
            .bind(&c.id)
            .bind(&c.customer_id)
            .bind(category)
            .bind(serde_json::to_string(&tables)?)
            .bind(basis)
            .bind(date(*until))
            .bind(now())
            .execute(&mut *tx.tx)
            .await?;
            let run_at = until
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc())
                .unwrap_or(now_at);
            jobs::enqueue(
                &mut tx,
                super::JOB_HOLD_EXPIRY,
                &json!({ "hold_id": hold_id }),
                run_at,
                Some(&format!("{}:{hold_id}", super::JOB_HOLD_EXPIRY)),
            )
            .await?;
        }
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
            super::transition(&mut tx, actor, &c, Action::Erase, "erased_at", &detail).await?;
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

    /// Deletes the records a hold kept, once it has ended (job [`super::JOB_HOLD_EXPIRY`]).
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
        let h = h.ok_or(StoreError::NotFound("retention hold"))?;
        if h.released_at.is_some() {
            return Err(StoreError::Conflict("the hold has already ended".into()));
        }
        if h.active_on(now_at.date_naive()) {
            return Err(StoreError::Conflict(h.refusal()));
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

    /// A case's certificates, oldest first, each with its hash re-checked.
    pub async fn offboarding_certificates(
        &self,
        case_id: &str,
    ) -> Result<Vec<Certificate>, StoreError> {
        let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, case_id, kind, issued_at, body, hash FROM offboarding_certificates WHERE case_id = $1 ORDER BY issued_at, id",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, case_id, kind, issued_at, body, hash)| {
                let parsed: CertificateBody = serde_json::from_str(&body)?;
                Ok(Certificate {
                    verified: parsed.canonical() == body && parsed.hash() == hash,
                    id,
                    case_id,
                    kind,
                    issued_at,
                    body: parsed,
                    hash,
                })
            })
            .collect()
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
