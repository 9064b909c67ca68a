//! The bottom layer every other module may import: the typed configuration, the shared
//! application state and the request counters. It imports nothing else in the crate.

pub mod clock;
pub mod config;
pub mod inbound;
pub mod metrics;
pub mod state;
