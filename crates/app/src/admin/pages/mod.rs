//! The staff pages of administration and identity: signing in, the users list, one user's
//! page, and "My account".

pub mod account;
pub mod login;
pub mod user;
pub mod users;
