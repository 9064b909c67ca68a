//! The staff pages of tasks: the list and the done form.

pub mod done;
pub mod list;
