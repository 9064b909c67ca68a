//! Idempotency keys of API requests: a client that repeats a request with the same
//! `Idempotency-Key` (after a timeout, a dropped connection) gets the first answer again, and
//! the change happens once. Keys are per user and kept for [`KEEP_HOURS`].

use crate::{Store, StoreError, now};
use carewell_domain::time::fmt_ts;
use chrono::{Duration, Utc};

/// How long a key is remembered.
pub const KEEP_HOURS: i64 = 24;

/// A first request still unanswered after this long is taken to have died with its server and
/// may be tried again.
pub const STALE_SECS: i64 = 300;

/// What to do with a request carrying a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The first time: handle it, then [`Store::finish_idempotent`].
    New,
    /// Answered before: send this again.
    Replay {
        /// HTTP status.
        status: u16,
        /// Content type.
        content_type: String,
        /// Body.
        body: String,
    },
    /// The same key with a different request.
    Mismatch,
    /// The first request with this key is still being handled.
    InFlight,
}

impl Store {
    /// Claims `key` for `user`'s request with `request_hash`.
    pub async fn claim_idempotent(
        &self,
        user: &str,
        key: &str,
        request_hash: &str,
    ) -> Result<Claim, StoreError> {
        let at = Utc::now();
        let mut tx = self.begin().await?;
        // Forget old keys, and first requests that died unanswered.
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE created_at < $1 \
             OR (status IS NULL AND created_at < $2 AND user_id = $3 AND idem_key = $4)",
        )
        .bind(fmt_ts(at - Duration::hours(KEEP_HOURS)))
        .bind(fmt_ts(at - Duration::seconds(STALE_SECS)))
        .bind(user)
        .bind(key)
        .execute(&mut *tx.tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, idem_key) DO NOTHING",
        )
        .bind(user)
        .bind(key)
        .bind(request_hash)
        .bind(now())
        .execute(&mut *tx.tx)
        .await?
        .rows_affected()
            == 1;
        let claim = if inserted {
            Claim::New
        } else {
            let (hash, status, content_type, body): (
                String,
                Option<i64>,
                Option<String>,
                Option<String>,
            ) = sqlx::query_as(
                "SELECT request_hash, status, content_type, body FROM idempotency_keys \
                 WHERE user_id = $1 AND idem_key = $2",
            )
            .bind(user)
            .bind(key)
            .fetch_one(&mut *tx.tx)
            .await?;
            match status {
                _ if hash != request_hash => Claim::Mismatch,
                None => Claim::InFlight,
                Some(s) => Claim::Replay {
                    status: u16::try_from(s).unwrap_or(500),
                    content_type: content_type.unwrap_or_default(),
                    body: body.unwrap_or_default(),
                },
            }
        };
        tx.commit().await?;
        Ok(claim)
    }

    /// Records the answer to a claimed key (`None`: forget the key, so the request may be
    /// tried again, e.g. after a server error).
    pub async fn finish_idempotent(
        &self,
        user: &str,
        key: &str,
        answer: Option<(u16, &str, &str)>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        match answer {
            Some((status, content_type, body)) => {
                sqlx::query(
                    "UPDATE idempotency_keys SET status = $1, content_type = $2, body = $3 \
                     WHERE user_id = $4 AND idem_key = $5",
                )
                .bind(i64::from(status))
                .bind(content_type)
                .bind(body)
                .bind(user)
                .bind(key)
                .execute(&mut *tx.tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2")
                    .bind(user)
                    .bind(key)
                    .execute(&mut *tx.tx)
                    .await?;
            }
        }
        tx.commit().await
    }
}
