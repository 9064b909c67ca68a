//! Customer records: the API and the staff pages for customers and everything on their
//! timeline (contacts, interactions, transactions, contracts).

pub mod activity_api;
pub mod api;
pub mod body;
pub mod ui_activity;
pub mod ui_delete;
pub mod ui_form;
pub mod ui_list;
pub mod ui_records;
pub mod ui_show;

use crate::web::auth::access::{MANAGE, READ, Routes, WRITE};

/// Customer routes (API and UI).
pub fn routes() -> Routes {
    Routes::default()
        .get("/customers", READ, ui_list::list)
        .get("/customers/new", WRITE, ui_form::new_form)
        .post("/customers/new", WRITE, ui_form::create)
        .get("/customers/{id}", READ, ui_show::show)
        .get("/customers/{id}/edit", WRITE, ui_form::edit_form)
        .post("/customers/{id}/edit", WRITE, ui_form::update)
        .get("/customers/{id}/delete", MANAGE, ui_delete::confirm)
        .post("/customers/{id}/delete", MANAGE, ui_delete::delete)
        .post(
            "/customers/{id}/interactions",
            WRITE,
            ui_activity::add_interaction,
        )
        .post("/customers/{id}/contacts", WRITE, ui_activity::add_contact)
        .post(
            "/customers/{id}/contacts/{contact_id}/delete",
            WRITE,
            ui_activity::delete_contact,
        )
        .post(
            "/customers/{id}/transactions",
            WRITE,
            ui_records::add_transaction,
        )
        .post("/customers/{id}/contracts", WRITE, ui_records::add_contract)
        .post("/customers/{id}/usage", WRITE, ui_records::add_usage)
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
