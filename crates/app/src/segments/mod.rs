//! Segments: saved customer filters (`/segments`, `/api/v1/segments`). Every staff role reads
//! them with their live counts and members; managers and administrators create, change and
//! delete them (audited by the store). The customer list and the customer export apply one with
//! `?segment_id=`; other features take every member with
//! [`carewell_store::segments::member_ids`].

pub mod api;
pub mod pages;
pub mod view;

use crate::web::auth::access::{MANAGE, READ, Routes};

/// Segment routes: reading for every role, changing for managers and administrators.
pub fn routes() -> Routes {
    Routes::default()
        .get("/segments", READ, pages::list::list)
        .post("/segments", MANAGE, pages::form::create)
        .get("/segments/new", MANAGE, pages::form::new)
        .get("/segments/count", READ, pages::form::count)
        .get("/segments/{id}", READ, pages::show::show)
        .post("/segments/{id}", MANAGE, pages::form::update)
        .get("/segments/{id}/edit", MANAGE, pages::form::edit)
        .post("/segments/{id}/delete", MANAGE, pages::form::delete)
        .get("/api/v1/segments", READ, api::list)
        .post("/api/v1/segments", MANAGE, api::create)
        .get("/api/v1/segments/{id}", READ, api::get)
        .put("/api/v1/segments/{id}", MANAGE, api::replace)
        .patch("/api/v1/segments/{id}", MANAGE, api::patch)
        .delete("/api/v1/segments/{id}", MANAGE, api::delete)
        .get("/api/v1/segments/{id}/customers", READ, api::customers)
}
