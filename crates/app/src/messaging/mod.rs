//! Outbound messaging: the transactional outbox delivered over SMTP and as signed webhooks,
//! Fluent templates per language, the customer rules (consent, caps, quiet hours), the delivery
//! log and the admin settings.
//!
//! Other capabilities enqueue messages inside their own store transaction with
//! [`carewell_store::outbox::enqueue`] (or [`carewell_store::outbox::enqueue_event`] for
//! webhooks) and add their templates to `locales/*/messages.ftl`.

pub mod api;
pub mod deliver;
pub mod pages;
pub mod render;
pub mod target;
pub mod webhook;

use crate::web::auth::access::{ADMIN, READ, Routes};

/// Messaging routes.
pub fn routes() -> Routes {
    Routes::default()
        .get("/customers/{id}/messages", READ, pages::log::customer_log)
        .get("/messages/{id}", READ, pages::message::show)
        .post("/messages/{id}/retry", ADMIN, pages::log::retry)
        .get("/settings/messaging", ADMIN, pages::settings::settings)
        .post(
            "/settings/messaging/webhooks",
            ADMIN,
            pages::settings::add_endpoint,
        )
        .post(
            "/settings/messaging/webhooks/{id}/active",
            ADMIN,
            pages::settings::set_active,
        )
        .post(
            "/settings/messaging/test",
            ADMIN,
            pages::settings::send_test,
        )
        .get(
            "/api/v1/customers/{id}/messages",
            READ,
            api::customer_messages,
        )
        .get("/api/v1/messages/{id}", READ, api::get)
        .post("/api/v1/messages/{id}/retry", ADMIN, api::retry)
        .get("/api/v1/webhook-endpoints", ADMIN, api::endpoints)
        .post("/api/v1/webhook-endpoints", ADMIN, api::create_endpoint)
        .put(
            "/api/v1/webhook-endpoints/{id}/active",
            ADMIN,
            api::set_active,
        )
        .get("/api/v1/messaging/settings", ADMIN, api::settings)
        .post("/api/v1/messaging/test", ADMIN, api::test_message)
}
