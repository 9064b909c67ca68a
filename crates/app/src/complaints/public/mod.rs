//! Customer-facing complaint pages, no login: the complaint form reached by the customer's
//! unguessable link, and the satisfaction question after resolution.

pub mod complaint;
pub mod satisfaction;
