//! The staff pages of messaging: a customer's delivery log and the messaging settings.

pub mod log;
pub mod settings;
