//! The inbound mail poller's last result (the IMAP poller of issue 14): one row per source,
//! overwritten by every poll, so the messaging settings page can show when mail was last
//! fetched, how much was taken and what went wrong. Not audited: it is the poller's own
//! bookkeeping, each stored mail is audited by `receive_inbound_email`.

use crate::{Store, StoreError};
use carewell_domain::time::fmt_ts;
use chrono::{DateTime, Utc};

/// The source name of the IMAP poller's row.
pub const IMAP: &str = "imap";

/// What one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollResult {
    /// Messages stored (threaded, new intakes and duplicates).
    pub taken: i64,
    /// Messages set aside (no sender, too large): flagged in the mailbox.
    pub skipped: i64,
    /// Why the poll failed (connection, login, mailbox), if it did; never a secret.
    pub error: Option<String>,
}

/// A source's last poll, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollStatus {
    /// When the last poll ran (RFC 3339 UTC).
    pub polled_at: String,
    /// Messages it stored.
    pub taken: i64,
    /// Messages it set aside.
    pub skipped: i64,
    /// Its error, if it failed.
    pub error: Option<String>,
    /// The last poll that went through (RFC 3339 UTC), if any.
    pub ok_at: Option<String>,
}

/// A status row: polled_at, taken, skipped, error, ok_at.
type StatusRow = (String, i64, i64, Option<String>, Option<String>);

/// The longest error text kept.
const MAX_ERROR: usize = 500;

impl Store {
    /// Records the poll of `source` (e.g. `imap`) that ran at `at`, replacing the previous one.
    pub async fn record_inbound_poll(
        &self,
        source: &str,
        at: DateTime<Utc>,
        result: &PollResult,
    ) -> Result<(), StoreError> {
        let at = fmt_ts(at);
        let error: Option<String> = result
            .error
            .as_deref()
            .map(|e| e.chars().take(MAX_ERROR).collect());
        let ok_at = error.is_none().then(|| at.clone());
        sqlx::query(
            "INSERT INTO inbound_poll_status (source, polled_at, taken, skipped, error, ok_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (source) DO UPDATE SET polled_at = excluded.polled_at, \
               taken = excluded.taken, skipped = excluded.skipped, error = excluded.error, \
               ok_at = COALESCE(excluded.ok_at, inbound_poll_status.ok_at)",
        )
        .bind(source)
        .bind(&at)
        .bind(result.taken)
        .bind(result.skipped)
        .bind(error)
        .bind(ok_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The last poll of `source`, if it ever polled.
    pub async fn inbound_poll_status(
        &self,
        source: &str,
    ) -> Result<Option<PollStatus>, StoreError> {
        let row: Option<StatusRow> = sqlx::query_as(
            "SELECT polled_at, taken, skipped, error, ok_at FROM inbound_poll_status \
             WHERE source = $1",
        )
        .bind(source)
        .fetch_optional(self.pool())
        .await?;
        Ok(
            row.map(|(polled_at, taken, skipped, error, ok_at)| PollStatus {
                polled_at,
                taken,
                skipped,
                error,
                ok_at,
            }),
        )
    }
}
