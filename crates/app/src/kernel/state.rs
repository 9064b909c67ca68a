//! Shared application state, cloned into every handler.

use super::clock::Clock;
use super::config::Config;
use super::metrics::Metrics;
use carewell_store::Store;
use std::sync::Arc;

/// Everything a handler may need.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<Config>,
    /// Request counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Now, for the rules that read it (sign-in locks); tests may stop and move it.
    pub clock: Clock,
}

impl AppState {
    /// Builds state around an open store.
    pub fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            clock: Clock::default(),
        }
    }

    /// The sign-in throttling policy from the settings.
    pub fn login_policy(&self) -> carewell_domain::throttle::Policy {
        let c = &self.config;
        carewell_domain::throttle::Policy {
            pair_free: c.login_failures_free,
            account_free: c.login_account_failures_free,
            ip_free: c.login_ip_failures_free,
            max_lock_secs: c.login_max_lock_secs,
            ..Default::default()
        }
    }

    /// The public address of `path` (`/public/…`) on this Carewell's `base_url`, for links
    /// given to customers.
    pub fn public_url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }
}
