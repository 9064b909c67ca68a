//! The durable job queue: a table in the same database, written in the caller's transaction.
//!
//! Claim protocol (both engines, one statement): rows that are `queued` and due, or `running`
//! with an expired lease, are set to `running` with a fresh fencing token (`claim_token`), a
//! lease and `attempts + 1`. PostgreSQL picks them with `FOR UPDATE SKIP LOCKED`, so several
//! processes share the queue without waiting on each other; SQLite runs the statement under its
//! single writer lock. Finishing (`complete`, `fail`) only touches a row whose token still
//! matches, so a worker whose lease expired cannot overwrite the new holder's outcome.

pub mod kinds;

pub use kinds::{ALL_KINDS, JobPayload};

use crate::{Actor, Store, StoreError, Tx, audit, dialect, new_id};
use carewell_domain::messaging::Backoff;
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_domain::{Entity, Refusal};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// Attempts before a job is dead-lettered, unless the caller says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i64 = 10;

/// A job as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Job {
    /// Id (UUIDv7).
    pub id: String,
    /// Handler name, e.g. `complaint.sla-check`.
    pub kind: String,
    /// Arguments for the handler.
    #[schema(value_type = Object)]
    pub payload: Value,
    /// Deduplication key, if any.
    pub unique_key: Option<String>,
    /// queued, running, done or dead.
    pub status: String,
    /// Not before this time (UTC).
    pub run_at: String,
    /// Attempts started so far.
    pub attempts: i64,
    /// Attempts allowed before the job is dead.
    pub max_attempts: i64,
    /// The last failure.
    pub last_error: Option<String>,
    /// The current holder's fencing token.
    #[serde(skip)]
    pub claim_token: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    payload: String,
    unique_key: Option<String>,
    status: String,
    run_at: String,
    attempts: i64,
    max_attempts: i64,
    last_error: Option<String>,
    claim_token: Option<String>,
}

impl TryFrom<Row> for Job {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Job {
            id: r.id,
            kind: r.kind,
            payload: serde_json::from_str(&r.payload)?,
            unique_key: r.unique_key,
            status: r.status,
            run_at: r.run_at,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
            last_error: r.last_error,
            claim_token: r.claim_token,
        })
    }
}

const COLS: &str = "id, kind, payload, unique_key, status, run_at, attempts, max_attempts, last_error, claim_token";

/// Enqueues a job in the caller's transaction, so it exists exactly when the change that caused
/// it commits. Returns the new id, or `None` when a job with `unique_key` already exists (the
/// key deduplicates for as long as the job row is kept, whatever its status).
pub async fn enqueue(
    tx: &mut Tx<'_>,
    kind: &str,
    payload: &Value,
    run_at: DateTime<Utc>,
    unique_key: Option<&str>,
) -> Result<Option<String>, StoreError> {
    enqueue_with(tx, kind, payload, run_at, unique_key, DEFAULT_MAX_ATTEMPTS).await
}

/// [`enqueue`] with an explicit attempt limit.
pub async fn enqueue_with(
    tx: &mut Tx<'_>,
    kind: &str,
    payload: &Value,
    run_at: DateTime<Utc>,
    unique_key: Option<&str>,
    max_attempts: i64,
) -> Result<Option<String>, StoreError> {
    let id = new_id();
    let now = crate::now();
    let done = sqlx::query(
        "INSERT INTO jobs (id, kind, payload, unique_key, status, run_at, attempts, max_attempts, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'queued', $5, 0, $6, $7, $7) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(kind)
    .bind(payload.to_string())
    .bind(unique_key)
    .bind(fmt_ts(run_at))
    .bind(max_attempts.max(1))
    .bind(&now)
    .execute(&mut *tx.tx)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Sets a timer: enqueues the job with `unique_key`, or moves the existing one to `run_at` when it
/// has not started yet (`queued`) or has already finished (`done`, re-armed with fresh attempts).
/// A `running` or `dead` job is left alone. Returns whether a job is now queued for `run_at`.
/// Handlers of timers must recompute from current state: a moved timer may still fire early.
pub async fn schedule(
    tx: &mut Tx<'_>,
    kind: &str,
    payload: &Value,
    run_at: DateTime<Utc>,
    unique_key: &str,
) -> Result<bool, StoreError> {
    if enqueue(tx, kind, payload, run_at, Some(unique_key))
        .await?
        .is_some()
    {
        return Ok(true);
    }
    let r = sqlx::query(
        "UPDATE jobs SET status = 'queued', run_at = $1, payload = $2, attempts = 0, last_error = NULL, \
         updated_at = $3 WHERE unique_key = $4 AND kind = $5 AND (status = 'queued' OR (status = 'done' AND run_at <> $1))",
    )
    .bind(fmt_ts(run_at))
    .bind(payload.to_string())
    .bind(crate::now())
    .bind(unique_key)
    .bind(kind)
    .execute(&mut *tx.tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Deletes finished (`done`) jobs of `kind` due before `before` (housekeeping of periodic jobs).
pub async fn prune_done(
    store: &Store,
    kind: &str,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let r = sqlx::query("DELETE FROM jobs WHERE kind = $1 AND status = 'done' AND run_at < $2")
        .bind(kind)
        .bind(fmt_ts(before))
        .execute(store.pool())
        .await?;
    Ok(r.rows_affected())
}

/// Deletes jobs that finished (`done`) before `before`, in batches (retention; dead jobs stay
/// for an operator). Their unique keys go with them: a key deduplicates for as long as the
/// row is kept, and every kind's key names its period or its subject's one-time step, so no
/// finished work is enqueued again. Returns how many were deleted.
pub async fn prune_finished(store: &Store, before: DateTime<Utc>) -> Result<u64, StoreError> {
    crate::sql::in_batches(|limit| {
        sqlx::query(
            "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = 'done' AND updated_at < $1 LIMIT $2)",
        )
        .bind(fmt_ts(before))
        .bind(limit)
        .execute(store.pool())
    })
    .await
}

/// What one housekeeping run removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Finished jobs deleted.
    pub jobs: u64,
    /// Messages whose content was removed.
    pub messages: u64,
}

/// The retention sweep: deletes jobs finished before `jobs_before` and removes the content of
/// messages finished before `messages_before` (none when `None`); audited as
/// `retention.prune` with the counts when it removed anything.
pub async fn housekeeping(
    store: &Store,
    jobs_before: DateTime<Utc>,
    messages_before: Option<DateTime<Utc>>,
) -> Result<Pruned, StoreError> {
    let jobs = prune_finished(store, jobs_before).await?;
    let messages = match messages_before {
        Some(before) => crate::outbox::prune_contents(store, before).await?,
        None => 0,
    };
    if jobs + messages > 0 {
        let mut tx = store.begin().await?;
        audit::append(
            &mut tx,
            &Actor::system(),
            "retention.prune",
            "retention",
            &crate::now(),
            &json!({"jobs_finished_before": fmt_ts(jobs_before),
                "messages_finished_before": messages_before.map(fmt_ts)}),
            &json!({"jobs_deleted": jobs, "messages_pruned": messages}),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(Pruned { jobs, messages })
}

/// The job with `unique_key`, if any.
pub async fn by_key(store: &Store, unique_key: &str) -> Result<Option<Job>, StoreError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLS} FROM jobs WHERE unique_key = $1"))
            .bind(unique_key)
            .fetch_optional(store.pool())
            .await?;
    row.map(Job::try_from).transpose()
}

/// Claims up to `limit` due jobs of the given kinds for `lease`. Each claimed job gets
/// `attempts + 1` and a fresh fencing token.
pub async fn claim(
    store: &Store,
    kinds: &[&str],
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Job>, StoreError> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let token = new_id();
    let placeholders: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 5)).collect();
    let sql = format!(
        "UPDATE jobs SET status = 'running', claim_token = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3 \
         WHERE id IN (SELECT id FROM jobs WHERE ((status = 'queued' AND run_at <= $3) OR (status = 'running' AND lease_until <= $3)) \
         AND kind IN ({}) ORDER BY run_at LIMIT $4{}) RETURNING {COLS}",
        placeholders.join(", "),
        dialect::skip_locked(store.engine()),
    );
    let mut tx = store.begin().await?;
    let mut q = sqlx::query_as::<_, Row>(&sql)
        .bind(&token)
        .bind(fmt_ts(now + lease))
        .bind(fmt_ts(now))
        .bind(limit);
    for k in kinds {
        q = q.bind(*k);
    }
    let rows = q.fetch_all(&mut *tx.tx).await?;
    tx.commit().await?;
    rows.into_iter().map(Job::try_from).collect()
}

/// Marks a claimed job done. `false` if the claim was lost (lease expired and re-claimed).
pub async fn complete(store: &Store, job: &Job) -> Result<bool, StoreError> {
    let mut tx = store.begin().await?;
    let r = sqlx::query(
        "UPDATE jobs SET status = 'done', claim_token = NULL, lease_until = NULL, updated_at = $1 \
         WHERE id = $2 AND claim_token = $3 AND status = 'running'",
    )
    .bind(crate::now())
    .bind(&job.id)
    .bind(job.claim_token.as_deref())
    .execute(&mut *tx.tx)
    .await?;
    tx.commit().await?;
    Ok(r.rows_affected() == 1)
}

/// Records a failed attempt: back to `queued` after the backoff delay, or `dead` once the
/// attempts are used up. Returns the new status, or `None` if the claim was lost.
pub async fn fail(
    store: &Store,
    job: &Job,
    error: &str,
    now: DateTime<Utc>,
    backoff: Backoff,
) -> Result<Option<&'static str>, StoreError> {
    let status = if job.attempts >= job.max_attempts {
        "dead"
    } else {
        "queued"
    };
    let mut tx = store.begin().await?;
    let r = sqlx::query(
        "UPDATE jobs SET status = $1, run_at = $2, last_error = $3, claim_token = NULL, lease_until = NULL, updated_at = $4 \
         WHERE id = $5 AND claim_token = $6 AND status = 'running'",
    )
    .bind(status)
    .bind(fmt_ts(now + backoff.delay(job.attempts)))
    .bind(error)
    .bind(crate::now())
    .bind(&job.id)
    .bind(job.claim_token.as_deref())
    .execute(&mut *tx.tx)
    .await?;
    if r.rows_affected() == 1 && status == "dead" {
        audit::append(
            &mut tx,
            &Actor::system(),
            "job.dead",
            "job",
            &job.id,
            &json!({"kind": job.kind, "attempts": job.attempts}),
            &json!({"status": "dead", "error": error}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok((r.rows_affected() == 1).then_some(status))
}

/// One job by id.
pub async fn get(store: &Store, id: &str) -> Result<Job, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} FROM jobs WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    row.ok_or(StoreError::NotFound(Entity::Job))?.try_into()
}

/// Jobs with `status`, oldest due first.
pub async fn list(store: &Store, status: &str, limit: i64) -> Result<Vec<Job>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM jobs WHERE status = $1 ORDER BY run_at LIMIT $2"
    ))
    .bind(status)
    .bind(limit)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(Job::try_from).collect()
}

/// Puts a dead job back in the queue with fresh attempts (an operator's decision; audited).
pub async fn retry_dead(store: &Store, actor: &Actor, id: &str) -> Result<Job, StoreError> {
    let before = get(store, id).await?;
    if before.status != "dead" {
        return Err(Refusal::WrongState {
            entity: Entity::Job,
            status: before.status.clone(),
            action: "retry".into(),
            allowed: Vec::new(),
        }
        .into());
    }
    let mut tx = store.begin().await?;
    let now = crate::now();
    sqlx::query(
        "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $1, updated_at = $1 WHERE id = $2 AND status = 'dead'",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *tx.tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        "job.retry",
        "job",
        id,
        &json!({"status": "dead"}),
        &json!({"status": "queued"}),
    )
    .await?;
    tx.commit().await?;
    get(store, id).await
}

/// Parses a stored time; corrupt values are an error.
pub(crate) fn ts(raw: &str) -> Result<DateTime<Utc>, StoreError> {
    parse_ts("time", raw).map_err(|e| StoreError::Corrupt(e.to_string()))
}
