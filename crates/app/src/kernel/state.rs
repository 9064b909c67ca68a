//! Shared application state, cloned into every handler.

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
}

impl AppState {
    /// Builds state around an open store.
    pub fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// The public address of `path` (`/public/…`) on this Carewell's `base_url`, for links
    /// given to customers.
    pub fn public_url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }
}
