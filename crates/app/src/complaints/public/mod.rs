//! Customer-facing complaint pages, no login: the complaint form reached by the customer's
//! unguessable link, the conversation page of a complaint (its thread and a reply box), and
//! the satisfaction question after resolution.

pub mod complaint;
pub mod conversation;
pub mod satisfaction;
