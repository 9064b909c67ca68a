//! The app's integration tests: one binary, one module per area. Every suite that touches a
//! database runs on SQLite and, with `CAREWELL_TEST_PG_URL` set, on PostgreSQL (see
//! [`engines`]).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod engines;
mod msg_support;
mod support;

mod activity_ui;
mod admin;
mod client_fit;
mod complaints;
mod edge;
mod events;
mod held;
mod jobs;
mod layering;
mod messaging;
mod offboarding;
mod offboarding_pages;
mod offboarding_settings;
mod openapi;
mod roles;
mod schema_check;
mod transfer;
mod ui;
mod user_language;
