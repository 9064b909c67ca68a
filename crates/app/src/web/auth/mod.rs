//! Authentication and authorisation: the route table with its access rules (one set of role
//! rules for every capability), the signed-in user, and the middleware that enforces them.
//! Passwords and the sign-in pages belong to the `admin` capability.

pub mod access;
pub mod authorize;
pub mod user;

pub use user::{CurrentUser, MaybeUser};
