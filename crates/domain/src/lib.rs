//! Carewell domain: validated newtypes, enums and pure rules shared by the
//! store, the web app and the CLI. Nothing in this crate does IO.

pub mod audit;
pub mod audit_anchor;
pub mod cadence;
pub mod client_fit;
pub mod complaint;
pub mod csv_cell;
pub mod customer;
pub mod email;
pub mod error;
pub mod events;
pub mod health;
pub mod import;
pub mod interaction;
pub mod language;
pub mod ledger;
pub mod messaging;
pub mod money;
pub mod offboarding;
pub mod outbound;
pub mod retention;
pub mod role;
pub mod segment;
pub mod survey;
pub mod throttle;
pub mod time;

pub use error::{Code, DomainError, Entity, Format, Refusal, Rejection};
