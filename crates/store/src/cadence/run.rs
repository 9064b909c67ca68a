//! The daily contact-due run: set-based, one `INSERT … SELECT` per cadence rule, so a million
//! customers take seconds (see crates/app/BENCHMARKS.md).
//!
//! A customer is forgotten on `today` when their newest real contact (else, never contacted,
//! their creation) lies before `today − days`. The reminder is a task of kind `contact-due`
//! for the owner (the managers' queue when unowned or the owner is deactivated), due today,
//! with `source_id` = the first day of the current cadence period
//! ([`carewell_domain::cadence::period_start`]): the unique index `tasks_cadence_once` lets
//! only one exist per customer and period, whoever runs the job how often; and none is added
//! while one is still open. Held customers (a running retention hold) are left alone.

use super::CONTACT_DUE;
use crate::{Actor, Engine, Store, StoreError, audit, now};
use carewell_domain::cadence::{forgotten_before, period_start};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// What a contact-due run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ContactRun {
    /// Tasks created.
    pub created: u64,
    /// Open tasks closed because a contact was logged since (e.g. by an import).
    pub closed: u64,
}

/// Whole days from the date in text column expression `from` (its first 10 characters) to the
/// bound date `$1`.
fn days_since(engine: Engine, from: &str) -> String {
    match engine {
        Engine::Sqlite => {
            format!("CAST(julianday($1) - julianday(substr({from}, 1, 10)) AS INTEGER)")
        }
        Engine::Postgres => format!("(CAST($1 AS DATE) - CAST(substr({from}, 1, 10) AS DATE))"),
    }
}

/// One rule: customers of `stage` (and of segment `segment` when given) with `days` days.
struct Rule {
    stage: String,
    segment: Option<String>,
    days: i64,
}

/// Runs the contact-due rules for `today` (UTC). Idempotent: a second run the same period
/// creates nothing. Audited once per run (`cadence.run`) when it changed anything.
pub async fn contact_due_run(store: &Store, today: NaiveDate) -> Result<ContactRun, StoreError> {
    let rules: Vec<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT stage, segment_id, days FROM contact_cadence ORDER BY stage, days")
            .fetch_all(store.pool())
            .await?;
    let rules: Vec<Rule> = rules
        .into_iter()
        .filter(|(st, _, _)| {
            carewell_domain::customer::LifecycleStage::parse(st)
                .is_ok_and(carewell_domain::cadence::has_cadence)
        })
        .map(|(stage, segment, days)| Rule {
            stage,
            segment,
            days,
        })
        .collect();
    let at = now();
    let mut run = ContactRun::default();
    let mut tx = store.begin().await?;
    // The segment overrides apply to the segments' members as of today.
    super::settings::refresh_members(&mut tx, today).await?;
    // Contacts logged without passing through `contact_logged` (imports) close their task here.
    run.closed = sqlx::query(
        "UPDATE tasks SET done_at = $1 WHERE kind = $2 AND done_at IS NULL AND EXISTS \
         (SELECT 1 FROM customers c WHERE c.id = tasks.customer_id AND c.last_touch_at >= tasks.created_at)",
    )
    .bind(&at)
    .bind(CONTACT_DUE)
    .execute(&mut *tx.tx)
    .await?
    .rows_affected();
    let engine = tx.engine();
    let since = days_since(
        engine,
        "CASE WHEN c.last_touch_at = '' THEN c.created_at ELSE c.last_touch_at END",
    );
    let due_at = format!("{today}T00:00:00.000000Z");
    for r in &rules {
        let period = period_start(today, r.days).to_string();
        let cutoff = forgotten_before(today, r.days).to_string();
        // A segment rule takes its members whose smallest override for the stage is this one;
        // a stage rule takes the customers no override of the stage covers.
        let scope = match &r.segment {
            Some(_) => format!(
                "EXISTS (SELECT 1 FROM contact_cadence_members m WHERE m.customer_id = c.id AND m.segment_id = $6) \
                 AND NOT EXISTS (SELECT 1 FROM contact_cadence_members m2 JOIN contact_cadence o2 \
                 ON o2.segment_id = m2.segment_id WHERE m2.customer_id = c.id AND o2.stage = c.stage AND o2.days < {})",
                r.days
            ),
            None => "NOT EXISTS (SELECT 1 FROM contact_cadence_members m2 JOIN contact_cadence o2 \
                 ON o2.segment_id = m2.segment_id WHERE m2.customer_id = c.id AND o2.stage = c.stage) \
                 AND $6 = ''"
                .to_string(),
        };
        // Forgotten: the last real contact is older than the cadence — or, never contacted, the
        // record is (a record imported today with contacts months old is forgotten already).
        // The id sorts the longest-forgotten first among tasks due the same day (the list
        // sorts by due time, then id).
        let sql = format!(
            "INSERT INTO tasks (id, kind, title, args, customer_id, owner_id, source_kind, source_id, due_at, done_at, created_at) \
             SELECT 'cd-' || $2 || '-' || substr(CASE WHEN c.last_touch_at = '' THEN c.created_at ELSE c.last_touch_at END, 1, 10) || '-' || c.id, \
             '{CONTACT_DUE}', c.name, \
             '{{\"days\":' || CAST({since} AS TEXT) || ',\"cadence\":{days},\"since\":' || \
             CASE WHEN c.last_touch_at = '' THEN 'null' ELSE '\"' || substr(c.last_touch_at, 1, 10) || '\"' END || '}}', \
             c.id, (SELECT u.id FROM users u WHERE u.id = c.owner_id AND u.active = 1), 'cadence', $2, $4, NULL, $5 \
             FROM customers c \
             WHERE c.stage = $3 AND c.last_touch_at < $7 AND (c.last_touch_at <> '' OR c.created_at < $7) AND {scope} \
             AND NOT EXISTS (SELECT 1 FROM offboarding_holds hh WHERE hh.customer_id = c.id AND hh.released_at IS NULL) \
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.customer_id = c.id AND t.kind = '{CONTACT_DUE}' AND t.done_at IS NULL) \
             ON CONFLICT DO NOTHING",
            days = r.days,
        );
        run.created += sqlx::query(&sql)
            .bind(today.to_string())
            .bind(&period)
            .bind(&r.stage)
            .bind(&due_at)
            .bind(&at)
            .bind(r.segment.clone().unwrap_or_default())
            .bind(&cutoff)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected();
    }
    if run.created + run.closed > 0 {
        audit::append(
            &mut tx,
            &Actor::system(),
            "cadence.run",
            "cadence",
            &today.to_string(),
            &json!(null),
            &json!({ "contact_due_created": run.created, "contact_due_closed": run.closed }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(run)
}
