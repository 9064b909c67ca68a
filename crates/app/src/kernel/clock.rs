//! The time rules that depend on "now" read (sign-in locks): the system clock, which a test may
//! stop and move forward to see a lock end without waiting.

use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex, MutexGuard};

/// Now, for the rules that read it through the application state. Clones share one clock.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    frozen: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl Clock {
    fn held(&self) -> MutexGuard<'_, Option<DateTime<Utc>>> {
        self.frozen.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current time: the system's, unless the clock was stopped.
    pub fn now(&self) -> DateTime<Utc> {
        self.held().unwrap_or_else(Utc::now)
    }

    /// Stops the clock at `at` (tests).
    pub fn set(&self, at: DateTime<Utc>) {
        *self.held() = Some(at);
    }

    /// Stops the clock `by` after the time it shows now (tests).
    pub fn advance(&self, by: Duration) {
        let mut held = self.held();
        *held = Some(held.unwrap_or_else(Utc::now) + by);
    }
}
