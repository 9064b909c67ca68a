//! Carewell: a self-hosted platform for the hard moments of a customer relationship.
//! The library holds everything; `main.rs` only parses the command line.
//!
//! Layers, bottom to top (a module imports only from layers below it; the layering test in
//! `tests/it/layering.rs` checks there is no import circle):
//! - `kernel`: configuration, application state, metrics;
//! - `web` (the shared kit: errors, extractors, pages, translations, auth and access rules) and
//!   `jobs` (the job kit: registry and runner);
//! - the capabilities: `customers`, `complaints`, `client_fit`, `offboarding`, `messaging`,
//!   `tasks`, `transfer`, `audit`, `admin`, `search` — none imports another, except
//!   offboarding → messaging (the farewell e-mail preview) and complaints, offboarding,
//!   customers → tasks (how a task reads);
//! - `demo` (seeding), `app` (the composition root: router, OpenAPI, standard jobs) and `cli`.

pub mod admin;
pub mod app;
pub mod audit;
pub mod cadence;
pub mod cli;
pub mod client_fit;
pub mod complaints;
pub mod customers;
pub mod demo;
pub mod health;
pub mod jobs;
pub mod kernel;
pub mod messaging;
pub mod offboarding;
pub mod retention;
pub mod search;
pub mod segments;
pub mod surveys;
pub mod tasks;
pub mod today;
pub mod transfer;
pub mod web;
