//! The staff pages of the global search: the grouped results and the type-ahead fragment.

pub mod results;
pub mod suggest;
