//! The staff page of CSV import.

pub mod import;
