//! The staff pages of client-fit review: the ranked list, one customer's review with its form
//! posts, and the cost-to-serve settings.

pub mod actions;
pub mod list;
pub mod settings;
pub mod show;
