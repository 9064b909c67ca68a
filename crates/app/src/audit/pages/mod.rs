//! The staff page of the audit log.

pub mod log;
