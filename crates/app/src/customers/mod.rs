//! Customer records: the API and the staff pages for customers and everything on their
//! timeline (contacts, interactions, transactions, contracts).

pub mod activity_api;
pub mod api;
pub mod body;
pub mod pages;
pub mod view;

use crate::web::auth::access::{MANAGE, READ, Routes, WRITE};

/// Customer routes (API and UI).
pub fn routes() -> Routes {
    Routes::default()
        .get("/customers", READ, pages::list::list)
        .get("/customers/new", WRITE, pages::form::new_form)
        .post("/customers/new", WRITE, pages::form::create)
        .get("/customers/{id}", READ, pages::show::show)
        .get("/customers/{id}/edit", WRITE, pages::form::edit_form)
        .post("/customers/{id}/edit", WRITE, pages::form::update)
        .get("/customers/{id}/delete", MANAGE, pages::delete::confirm)
        .post("/customers/{id}/delete", MANAGE, pages::delete::delete)
        .post(
            "/customers/{id}/interactions",
            WRITE,
            pages::activity::add_interaction,
        )
        .post(
            "/customers/{id}/contacts",
            WRITE,
            pages::activity::add_contact,
        )
        .post(
            "/customers/{id}/contacts/{contact_id}/delete",
            WRITE,
            pages::activity::delete_contact,
        )
        .post(
            "/customers/{id}/transactions",
            WRITE,
            pages::records::add_transaction,
        )
        .post(
            "/customers/{id}/contracts",
            WRITE,
            pages::records::add_contract,
        )
        .post("/customers/{id}/usage", WRITE, pages::records::add_usage)
        .get("/api/v1/customers", READ, api::list)
        .post("/api/v1/customers", WRITE, api::create)
        .get("/api/v1/customers/{id}", READ, api::get)
        .put("/api/v1/customers/{id}", WRITE, api::replace)
        .patch("/api/v1/customers/{id}", WRITE, api::patch)
        .delete("/api/v1/customers/{id}", MANAGE, api::delete)
        .get(
            "/api/v1/customers/{id}/timeline",
            READ,
            activity_api::timeline,
        )
        .get(
            "/api/v1/customers/{id}/contacts",
            READ,
            activity_api::contacts,
        )
        .post(
            "/api/v1/customers/{id}/contacts",
            WRITE,
            activity_api::add_contact,
        )
        .delete(
            "/api/v1/customers/{id}/contacts/{contact_id}",
            WRITE,
            activity_api::delete_contact,
        )
        .get(
            "/api/v1/customers/{id}/interactions",
            READ,
            activity_api::interactions,
        )
        .post(
            "/api/v1/customers/{id}/interactions",
            WRITE,
            activity_api::add_interaction,
        )
        .get(
            "/api/v1/customers/{id}/transactions",
            READ,
            activity_api::transactions,
        )
        .post(
            "/api/v1/customers/{id}/transactions",
            WRITE,
            activity_api::add_transaction,
        )
        .get(
            "/api/v1/customers/{id}/contracts",
            READ,
            activity_api::contracts,
        )
        .post(
            "/api/v1/customers/{id}/contracts",
            WRITE,
            activity_api::add_contract,
        )
        .post(
            "/api/v1/customers/{id}/usage",
            WRITE,
            activity_api::add_usage,
        )
}
