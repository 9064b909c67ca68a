//! Customer records: the API and the staff pages for customers and everything on their
//! timeline (contacts, interactions, transactions, contracts).

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
        .get("/api/v1/customers", READ, api::customers::list)
        .post("/api/v1/customers", WRITE, api::customers::create)
        .get("/api/v1/customers/{id}", READ, api::customers::get)
        .put("/api/v1/customers/{id}", WRITE, api::customers::replace)
        .patch("/api/v1/customers/{id}", WRITE, api::customers::patch)
        .delete("/api/v1/customers/{id}", MANAGE, api::customers::delete)
        .get(
            "/api/v1/customers/{id}/timeline",
            READ,
            api::timeline::timeline,
        )
        .get(
            "/api/v1/customers/{id}/contacts",
            READ,
            api::contacts::contacts,
        )
        .post(
            "/api/v1/customers/{id}/contacts",
            WRITE,
            api::contacts::add_contact,
        )
        .delete(
            "/api/v1/customers/{id}/contacts/{contact_id}",
            WRITE,
            api::contacts::delete_contact,
        )
        .get(
            "/api/v1/customers/{id}/interactions",
            READ,
            api::interactions::interactions,
        )
        .post(
            "/api/v1/customers/{id}/interactions",
            WRITE,
            api::interactions::add_interaction,
        )
        .get(
            "/api/v1/customers/{id}/transactions",
            READ,
            api::transactions::transactions,
        )
        .post(
            "/api/v1/customers/{id}/transactions",
            WRITE,
            api::transactions::add_transaction,
        )
        .get(
            "/api/v1/customers/{id}/contracts",
            READ,
            api::contracts::contracts,
        )
        .post(
            "/api/v1/customers/{id}/contracts",
            WRITE,
            api::contracts::add_contract,
        )
        .post("/api/v1/customers/{id}/usage", WRITE, api::usage::add_usage)
}
