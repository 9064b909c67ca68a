//! The staff pages of customers: the list, the customer page with its timeline and record
//! sections, the add/edit form, deletion, and the page's form posts.

pub mod activity;
pub mod delete;
pub mod form;
pub mod list;
pub mod records;
pub mod show;
