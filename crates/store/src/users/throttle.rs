//! Sign-in throttling counters, shared by every app server on the database (the rules are in
//! [`carewell_domain::throttle`]). An attempt is charged as a failure before its password is
//! checked ([`Store::login_attempt`]); a wrong password audits the locks that charge started
//! ([`Store::login_failed`], one entry per lock, none per refused attempt); a right one gives
//! the charge back ([`Store::login_succeeded`]).

use crate::{Actor, Store, StoreError, Tx, audit, dialect};
use carewell_domain::throttle::{Charge, Counter, Counters, Keys, Policy, Scope, Verdict};
use carewell_domain::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// The audit action of a lock that begins.
pub const LOCK_ACTION: &str = "login.lock";

type Row = (String, i64, Option<String>, Option<String>);

fn ts(raw: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    raw.map(|r| parse_ts("at", &r).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

async fn write(
    tx: &mut Tx<'_>,
    key: &str,
    c: &Counter,
    forget_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO login_failures (throttle_key, failures, last_failure_at, last_success_at, forget_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, \
         last_failure_at = excluded.last_failure_at, last_success_at = excluded.last_success_at, \
         forget_at = excluded.forget_at",
    )
    .bind(key)
    .bind(c.failures)
    .bind(c.last_failure_at.map(fmt_ts))
    .bind(c.last_success_at.map(fmt_ts))
    .bind(fmt_ts(forget_at))
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

impl Store {
    /// Decides a sign-in attempt on `keys` at `now` under `policy`: [`Verdict::Locked`] while a
    /// lock is in force (nothing is counted), else the attempt is counted as a failure and the
    /// charge returned, to be settled by [`Store::login_failed`] or [`Store::login_succeeded`].
    /// The counters are read and written under a row lock, so concurrent attempts on several
    /// app servers are counted one by one. Rows nobody needs any more are deleted.
    pub async fn login_attempt(
        &self,
        policy: &Policy,
        keys: &Keys,
        now: DateTime<Utc>,
    ) -> Result<Verdict, StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE forget_at < $1")
            .bind(fmt_ts(now))
            .execute(&mut *tx.tx)
            .await?;
        let scopes = [Scope::Pair, Scope::Account, Scope::Ip];
        for s in scopes {
            sqlx::query(
                "INSERT INTO login_failures (throttle_key, failures, forget_at) VALUES ($1, 0, $2) \
                 ON CONFLICT (throttle_key) DO NOTHING",
            )
            .bind(keys.key(s))
            .bind(fmt_ts(now))
            .execute(&mut *tx.tx)
            .await?;
        }
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT throttle_key, failures, last_failure_at, last_success_at FROM login_failures \
             WHERE throttle_key IN ($1, $2, $3) ORDER BY throttle_key{}",
            dialect::for_update(tx.engine())
        ))
        .bind(keys.key(Scope::Pair))
        .bind(keys.key(Scope::Account))
        .bind(keys.key(Scope::Ip))
        .fetch_all(&mut *tx.tx)
        .await?;
        let mut counters = Counters::default();
        for (key, failures, last_failure, last_success) in rows {
            let c = Counter {
                failures,
                last_failure_at: ts(last_failure)?,
                last_success_at: ts(last_success)?,
            };
            for s in scopes {
                if key == keys.key(s) {
                    match s {
                        Scope::Pair => counters.pair = c.clone(),
                        Scope::Account => counters.account = c.clone(),
                        Scope::Ip => counters.ip = c.clone(),
                    }
                }
            }
        }
        let verdict = policy.check(&counters, now);
        if let Verdict::Proceed(charge) = &verdict {
            for s in scopes {
                if s == Scope::Ip && !charge.ip_charged {
                    continue;
                }
                let c = charge.after.get(s);
                let forget = policy.forget_at(c).unwrap_or(now);
                write(&mut tx, &keys.key(s), c, forget).await?;
            }
        }
        tx.commit().await?;
        Ok(verdict)
    }

    /// The password of a charged attempt was wrong (or the account unknown or inactive): audits
    /// each lock the failure starts (`login.lock`, by `system`, on `login`/the account as typed)
    /// — one entry per lock, none for the attempts a lock refuses. Nothing else to write: the
    /// failure was counted by [`Store::login_attempt`].
    pub async fn login_failed(&self, keys: &Keys, charge: &Charge) -> Result<(), StoreError> {
        if charge.locks.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        for lock in &charge.locks {
            audit::append(
                &mut tx,
                &Actor::system(),
                LOCK_ACTION,
                "login",
                &keys.account,
                &json!(null),
                &json!({
                    "scope": lock.scope,
                    "account": keys.account,
                    "ip": keys.ip,
                    "failures": lock.failures,
                    "until": fmt_ts(lock.until),
                }),
            )
            .await?;
        }
        tx.commit().await
    }

    /// The password of a charged attempt was right: the account's counter from this address
    /// starts again (and remembers the success, see [`Policy::trusted`]); the account-wide and
    /// address-wide counters give this attempt's charge back.
    pub async fn login_succeeded(
        &self,
        policy: &Policy,
        keys: &Keys,
        charge: &Charge,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let pair = Counter {
            failures: 0,
            last_failure_at: None,
            last_success_at: Some(now),
        };
        let forget = policy.forget_at(&pair).unwrap_or(now + Duration::days(1));
        write(&mut tx, &keys.key(Scope::Pair), &pair, forget).await?;
        let mut refund = vec![keys.key(Scope::Account)];
        if charge.ip_charged {
            refund.push(keys.key(Scope::Ip));
        }
        for key in refund {
            sqlx::query(
                "UPDATE login_failures SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0",
            )
            .bind(key)
            .execute(&mut *tx.tx)
            .await?;
        }
        tx.commit().await
    }
}
