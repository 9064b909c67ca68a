//! The staff pages of administration and identity.

pub mod login;
