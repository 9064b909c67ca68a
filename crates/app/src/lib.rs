//! Carewell: a self-hosted platform for the hard moments of a customer relationship.
//! The library holds everything; `main.rs` only parses the command line.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod client_fit;
pub mod complaints;
pub mod config;
pub mod customers;
pub mod demo;
pub mod error;
pub mod i18n;
pub mod jobs;
pub mod messaging;
pub mod offboarding;
pub mod offboarding_ui;
pub mod platform;
pub mod state;
pub mod telemetry;
pub mod transfer;
pub mod web;
