//! The staff pages of messaging: a customer's delivery log, one message as
//! received, and the messaging settings.

pub mod imap;
pub mod log;
pub mod message;
pub mod settings;
