//! The model crate's integration tests: published results, parameter recovery and the CLI.

#![allow(clippy::unwrap_used)]

mod classify;
mod cli;
mod hostile;
mod published;
mod recovery;
