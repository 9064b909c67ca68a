//! Global search: the search box in the header of every staff page, its type-ahead
//! suggestions, the grouped results page and the API. Customers by name, e-mail, phone or
//! external reference (the customer search of `carewell_store::search`), complaints by
//! reference or subject; records under a retention hold only for readers with clearance.

pub mod api;
pub mod pages;
pub mod view;

use crate::web::auth::access::{READ, Routes};

/// Search routes (UI and API): every signed-in role may search.
pub fn routes() -> Routes {
    Routes::default()
        .get("/search", READ, pages::results::results)
        .get("/search/suggest", READ, pages::suggest::suggest)
        .get("/api/v1/search", READ, api::search)
}
