//! Sign-in throttling at the edge: every check of a password (the sign-in form, one's own
//! password change in the UI and the API) goes through [`Attempt`]. The rules are in
//! [`carewell_domain::throttle`], the shared counters in the store.

use crate::kernel::state::AppState;
use crate::web::error::AppError;
use crate::web::rate_limit::client_key;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use carewell_domain::throttle::{Charge, Keys, Verdict};
use chrono::{DateTime, Utc};
use std::convert::Infallible;

/// The client's address as the rate limits see it ([`client_key`]).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self(client_key(&parts.extensions, &parts.headers)))
    }
}

/// Seconds from `now` until `until`, at least one (for `Retry-After`).
fn secs_until(now: DateTime<Utc>, until: DateTime<Utc>) -> u64 {
    let ms = (until - now).num_milliseconds().max(1);
    u64::try_from(ms).unwrap_or(1).div_ceil(1000)
}

/// A password check allowed by the throttle and counted as a failure until settled.
#[derive(Debug)]
pub struct Attempt {
    keys: Keys,
    charge: Charge,
    now: DateTime<Utc>,
}

impl Attempt {
    /// Asks the throttle whether `account` (as typed) may try a password from `client`:
    /// [`AppError::TooManyAttempts`] while locked, else an attempt to settle with
    /// [`Attempt::failed`] or [`Attempt::succeeded`].
    pub async fn begin(s: &AppState, account: &str, client: &ClientAddr) -> Result<Self, AppError> {
        let keys = Keys::new(account, &client.0);
        let now = s.clock.now();
        match s.store.login_attempt(&s.login_policy(), &keys, now).await? {
            Verdict::Locked { until } => Err(AppError::TooManyAttempts {
                retry_after: secs_until(now, until),
            }),
            Verdict::Proceed(charge) => Ok(Self { keys, charge, now }),
        }
    }

    /// The password was wrong: audits any lock this failure starts, and returns the refusal
    /// for the next attempt (`TooManyAttempts`) when it started one.
    pub async fn failed(self, s: &AppState) -> Result<Option<AppError>, AppError> {
        s.store.login_failed(&self.keys, &self.charge).await?;
        Ok(self
            .charge
            .locks
            .iter()
            .map(|l| l.until)
            .max()
            .map(|until| AppError::TooManyAttempts {
                retry_after: secs_until(self.now, until),
            }))
    }

    /// The password was right: the counters give the attempt back.
    pub async fn succeeded(self, s: &AppState) -> Result<(), AppError> {
        s.store
            .login_succeeded(&s.login_policy(), &self.keys, &self.charge, self.now)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(secs_until(t, t), 1);
        assert_eq!(secs_until(t, t + chrono::Duration::milliseconds(1500)), 2);
        assert_eq!(secs_until(t, t + chrono::Duration::seconds(900)), 900);
    }
}
