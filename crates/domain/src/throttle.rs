//! Sign-in throttling: how many failed sign-ins a key may collect before it is locked, for how
//! long, and what an attempt does to the counters. Pure: the store loads the counters, asks
//! [`Policy::check`], writes the outcome, and after a correct password gives the charge back
//! ([`Policy::refund`]).
//!
//! Three keys count failures, each with its own allowance:
//! - [`Scope::Pair`], one account from one client address: a few free failures, then a lock that
//!   doubles with every further failure (1 s, 2 s, 4 s …) up to [`Policy::max_lock_secs`];
//! - [`Scope::Account`], the account from anywhere: a much larger allowance (distributed
//!   guessing), then the same doubling, never longer than the cap;
//! - [`Scope::Ip`], one address against distinct accounts (password spraying).
//!
//! An attempt is charged *before* the password is checked (so a parallel burst cannot slip past
//! the check) and refunded when the password was right. An attempt refused by a lock is not
//! counted, so a lock never extends itself; every lock ends after at most the cap. An address
//! from which the account signed in successfully within [`Policy::trusted_days`] is not held
//! back by the account-wide or address-wide lock, so an attacker elsewhere cannot keep the owner
//! out. Unknown accounts are counted exactly like real ones.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// Which key a counter or a lock belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// One account from one client address.
    Pair,
    /// One account from any address.
    Account,
    /// One client address, against distinct accounts.
    Ip,
}

impl Scope {
    /// The stable name (`pair`, `account`, `ip`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pair => "pair",
            Self::Account => "account",
            Self::Ip => "ip",
        }
    }
}

/// The storage keys of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The account as typed, normalised (see [`account_name`]).
    pub account: String,
    /// The client address.
    pub ip: String,
}

/// Longest account name kept in a key (an e-mail address is at most 254 characters).
pub const MAX_ACCOUNT_CHARS: usize = 254;

/// The account part of a key: the typed e-mail trimmed, lower-cased and cut to
/// [`MAX_ACCOUNT_CHARS`], whether or not such an account exists.
pub fn account_name(typed: &str) -> String {
    typed
        .trim()
        .to_lowercase()
        .chars()
        .take(MAX_ACCOUNT_CHARS)
        .collect()
}

impl Keys {
    /// The keys of an attempt on `account` (as typed) from `ip`.
    pub fn new(account: &str, ip: &str) -> Self {
        Self {
            account: account_name(account),
            ip: ip.chars().take(100).collect(),
        }
    }

    /// The storage key of `scope`.
    pub fn key(&self, scope: Scope) -> String {
        match scope {
            Scope::Pair => format!("pair:{}|{}", self.ip, self.account),
            Scope::Account => format!("account:{}", self.account),
            Scope::Ip => format!("ip:{}", self.ip),
        }
    }
}

/// One key's counter as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counter {
    /// Failures counted since the counter last restarted.
    pub failures: i64,
    /// When the last one was.
    pub last_failure_at: Option<DateTime<Utc>>,
    /// When the account last signed in from this address (pair keys only).
    pub last_success_at: Option<DateTime<Utc>>,
}

/// The three counters of an attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    /// Account + address.
    pub pair: Counter,
    /// Account.
    pub account: Counter,
    /// Address.
    pub ip: Counter,
}

impl Counters {
    /// The counter of `scope`.
    pub fn get(&self, scope: Scope) -> &Counter {
        match scope {
            Scope::Pair => &self.pair,
            Scope::Account => &self.account,
            Scope::Ip => &self.ip,
        }
    }

    fn get_mut(&mut self, scope: Scope) -> &mut Counter {
        match scope {
            Scope::Pair => &mut self.pair,
            Scope::Account => &mut self.account,
            Scope::Ip => &mut self.ip,
        }
    }
}

/// A lock that starts if the charged attempt turns out to be a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lock {
    /// The key locked.
    pub scope: Scope,
    /// Its failures, counting this one.
    pub failures: i64,
    /// Until when.
    pub until: DateTime<Utc>,
}

/// An attempt allowed to check its password: the counters to store now, and what to do after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The counters with this attempt counted as a failure.
    pub after: Counters,
    /// Whether the address counter was charged (first failure on this account from there).
    pub ip_charged: bool,
    /// Locks that begin with this failure (to audit if the password was wrong).
    pub locks: Vec<Lock>,
}

/// What an attempt may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Refused without checking the password until `until` (the latest of the locks in force).
    Locked {
        /// When the attempt may be made again.
        until: DateTime<Utc>,
    },
    /// Check the password; the counters already count this attempt as a failure.
    Proceed(Charge),
}

/// The allowances and lock lengths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Failures of one account from one address before a lock.
    pub pair_free: i64,
    /// Failures of one account from all addresses before a lock.
    pub account_free: i64,
    /// Failures of one address on distinct accounts before a lock.
    pub ip_free: i64,
    /// The first lock, in seconds; each further failure doubles it.
    pub base_lock_secs: i64,
    /// The longest lock, in seconds.
    pub max_lock_secs: i64,
    /// A counter restarts after this many seconds without a failure.
    pub window_secs: i64,
    /// An address the account signed in from within this many days is not held back by the
    /// account-wide and address-wide locks.
    pub trusted_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            pair_free: 5,
            account_free: 50,
            ip_free: 20,
            base_lock_secs: 1,
            max_lock_secs: 15 * 60,
            window_secs: 24 * 3600,
            trusted_days: 30,
        }
    }
}

const SCOPES: [Scope; 3] = [Scope::Pair, Scope::Account, Scope::Ip];

impl Policy {
    /// Failures `scope` allows before locking.
    pub fn free(&self, scope: Scope) -> i64 {
        match scope {
            Scope::Pair => self.pair_free,
            Scope::Account => self.account_free,
            Scope::Ip => self.ip_free,
        }
    }

    /// Seconds a key of `scope` stays locked after its `failures`-th failure: none within the
    /// allowance, then the base doubling per failure, capped.
    pub fn lock_secs(&self, scope: Scope, failures: i64) -> Option<i64> {
        let over = failures - self.free(scope);
        if over <= 0 {
            return None;
        }
        let doubled = 1i64
            .checked_shl(u32::try_from(over - 1).unwrap_or(u32::MAX).min(62))
            .unwrap_or(i64::MAX);
        Some(
            self.base_lock_secs
                .max(1)
                .saturating_mul(doubled)
                .min(self.max_lock_secs.max(1)),
        )
    }

    /// The failures that still count at `now` (none once the window has passed).
    pub fn live(&self, c: &Counter, now: DateTime<Utc>) -> i64 {
        match c.last_failure_at {
            Some(at) if now < at + Duration::seconds(self.window_secs) => c.failures.max(0),
            _ => 0,
        }
    }

    /// Until when `scope`'s counter locks at `now`, if it does.
    pub fn locked_until(
        &self,
        scope: Scope,
        c: &Counter,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let at = c.last_failure_at?;
        let until = at + Duration::seconds(self.lock_secs(scope, self.live(c, now))?);
        (now < until).then_some(until)
    }

    /// Whether the account signed in from this address recently enough to pass the
    /// account-wide and address-wide locks.
    pub fn trusted(&self, pair: &Counter, now: DateTime<Utc>) -> bool {
        pair.last_success_at
            .is_some_and(|at| now < at + Duration::days(self.trusted_days))
    }

    /// Decides an attempt at `now`: refused while a lock is in force, else charged as a failure
    /// (the address only for the first failure on this account from there).
    pub fn check(&self, c: &Counters, now: DateTime<Utc>) -> Verdict {
        let trusted = self.trusted(&c.pair, now);
        let until = SCOPES
            .iter()
            .filter(|s| **s == Scope::Pair || !trusted)
            .filter_map(|s| self.locked_until(*s, c.get(*s), now))
            .max();
        if let Some(until) = until {
            return Verdict::Locked { until };
        }
        let ip_charged = self.live(&c.pair, now) == 0;
        let mut after = c.clone();
        let mut locks = Vec::new();
        for scope in SCOPES {
            if scope == Scope::Ip && !ip_charged {
                continue;
            }
            let failures = self.live(c.get(scope), now) + 1;
            let counter = after.get_mut(scope);
            counter.failures = failures;
            counter.last_failure_at = Some(now);
            if let Some(secs) = self.lock_secs(scope, failures) {
                locks.push(Lock {
                    scope,
                    failures,
                    until: now + Duration::seconds(secs),
                });
            }
        }
        Verdict::Proceed(Charge {
            after,
            ip_charged,
            locks,
        })
    }

    /// When a key's row may be forgotten: once neither its failures nor its last success count.
    pub fn forget_at(&self, c: &Counter) -> Option<DateTime<Utc>> {
        let failures = c
            .last_failure_at
            .map(|at| at + Duration::seconds(self.window_secs));
        let success = c
            .last_success_at
            .map(|at| at + Duration::days(self.trusted_days));
        failures.max(success)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    /// Runs failed attempts at `at`, storing each charge, as the store does.
    fn fail(p: &Policy, c: &mut Counters, at: DateTime<Utc>) -> Verdict {
        let v = p.check(c, at);
        if let Verdict::Proceed(ch) = &v {
            *c = ch.after.clone();
        }
        v
    }

    #[test]
    fn free_failures_then_doubling_capped() {
        let p = Policy::default();
        assert_eq!(p.lock_secs(Scope::Pair, 5), None);
        assert_eq!(p.lock_secs(Scope::Pair, 6), Some(1));
        assert_eq!(p.lock_secs(Scope::Pair, 7), Some(2));
        assert_eq!(p.lock_secs(Scope::Pair, 9), Some(8));
        assert_eq!(p.lock_secs(Scope::Pair, 20), Some(900));
        assert_eq!(p.lock_secs(Scope::Pair, i64::MAX), Some(900));
        assert_eq!(p.lock_secs(Scope::Account, 50), None);
        assert_eq!(p.lock_secs(Scope::Account, 51), Some(1));
        assert_eq!(p.lock_secs(Scope::Ip, 21), Some(1));
    }

    #[test]
    fn a_burst_is_locked_after_the_allowance_and_the_lock_ends() {
        let p = Policy::default();
        let mut c = Counters::default();
        for _ in 0..5 {
            let Verdict::Proceed(ch) = fail(&p, &mut c, t(0)) else {
                panic!("free failure refused")
            };
            assert!(ch.locks.is_empty());
        }
        let Verdict::Proceed(ch) = fail(&p, &mut c, t(0)) else {
            panic!("sixth attempt refused")
        };
        assert_eq!(ch.locks.len(), 1);
        assert_eq!(ch.locks[0].scope, Scope::Pair);
        assert_eq!(ch.locks[0].until, t(1));
        // Refused while locked, and not counted.
        assert_eq!(fail(&p, &mut c, t(0)), Verdict::Locked { until: t(1) });
        assert_eq!(c.pair.failures, 6);
        // After the lock, the next failure locks twice as long.
        let Verdict::Proceed(ch) = fail(&p, &mut c, t(1)) else {
            panic!("refused after the lock")
        };
        assert_eq!(ch.locks[0].until, t(3));
    }

    #[test]
    fn no_lock_outlasts_the_cap_and_counters_restart_after_the_window() {
        let p = Policy::default();
        let mut c = Counters {
            pair: Counter {
                failures: 1_000,
                last_failure_at: Some(t(0)),
                last_success_at: None,
            },
            account: Counter {
                failures: 1_000_000,
                last_failure_at: Some(t(0)),
                last_success_at: None,
            },
            ip: Counter::default(),
        };
        assert_eq!(p.check(&c, t(10)), Verdict::Locked { until: t(900) });
        assert!(matches!(p.check(&c, t(900)), Verdict::Proceed(_)));
        c.pair.last_failure_at = Some(t(-p.window_secs));
        c.account.last_failure_at = Some(t(-p.window_secs));
        assert_eq!(p.live(&c.pair, t(0)), 0);
        let Verdict::Proceed(ch) = p.check(&c, t(0)) else {
            panic!("refused")
        };
        assert_eq!(ch.after.pair.failures, 1);
        assert!(ch.locks.is_empty());
    }

    #[test]
    fn a_trusted_address_passes_the_account_and_address_locks_but_not_its_own() {
        let p = Policy::default();
        let locked = Counter {
            failures: 80,
            last_failure_at: Some(t(0)),
            last_success_at: None,
        };
        let mut c = Counters {
            pair: Counter::default(),
            account: locked.clone(),
            ip: locked,
        };
        assert!(matches!(p.check(&c, t(1)), Verdict::Locked { .. }));
        c.pair.last_success_at = Some(t(-3600));
        assert!(matches!(p.check(&c, t(1)), Verdict::Proceed(_)));
        c.pair.failures = 6;
        c.pair.last_failure_at = Some(t(1));
        assert_eq!(p.check(&c, t(1)), Verdict::Locked { until: t(2) });
        c.pair = Counter {
            last_success_at: Some(t(-p.trusted_days * 86_400 - 10)),
            ..Counter::default()
        };
        assert!(matches!(p.check(&c, t(1)), Verdict::Locked { .. }));
    }

    #[test]
    fn the_address_counts_distinct_accounts() {
        let p = Policy::default();
        let mut c = Counters::default();
        let Verdict::Proceed(first) = fail(&p, &mut c, t(0)) else {
            panic!()
        };
        assert!(first.ip_charged);
        let Verdict::Proceed(second) = fail(&p, &mut c, t(0)) else {
            panic!()
        };
        assert!(!second.ip_charged);
        assert_eq!(c.ip.failures, 1);
        assert_eq!(c.account.failures, 2);
    }

    #[test]
    fn keys_normalise_the_account() {
        let k = Keys::new("  Mari@Example.COM ", "192.0.2.1");
        assert_eq!(k.key(Scope::Pair), "pair:192.0.2.1|mari@example.com");
        assert_eq!(k.key(Scope::Account), "account:mari@example.com");
        assert_eq!(k.key(Scope::Ip), "ip:192.0.2.1");
        assert_eq!(account_name(&"a".repeat(1000)).len(), MAX_ACCOUNT_CHARS);
    }
}
