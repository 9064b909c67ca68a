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
mod audit_anchor;
mod audit_page;
mod cadence;
mod client_fit;
mod client_fit_fixes;
mod complaint_steps;
mod complaints;
mod customer_links;
mod edge;
mod events;
mod find;
mod forms;
mod four_eyes;
mod hardening;
mod health;
mod held;
mod imap;
mod jobs;
mod layering;
mod login_throttle;
mod logs;
mod messaging;
mod messaging_settings;
mod money;
mod multi_server;
mod offboarding;
mod offboarding_closed;
mod offboarding_pages;
mod offboarding_settings;
mod openapi;
mod paging;
mod queues;
mod retention;
mod roles;
mod schema_check;
mod search;
mod segments;
mod surveys;
mod tasks;
mod text_layout;
mod thread;
mod today;
mod transfer;
mod ui;
mod user_language;
mod zones_brand;
