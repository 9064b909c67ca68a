//! Customer records: the API and the staff pages for customers and everything on their
//! timeline (contacts, interactions, transactions, contracts).

pub mod activity_api;
pub mod api;
pub mod body;

use crate::auth::access::{Access, Routes};
use carewell_domain::role::Role;

const READ: Access = Access::Roles(Role::READERS);
const WRITE: Access = Access::Roles(Role::WRITERS);
const MANAGE: Access = Access::Roles(Role::MANAGERS);

/// Customer routes (API and UI).
pub fn routes() -> Routes {
    Routes::default()
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
