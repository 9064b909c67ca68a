//! Staff tasks as their own list: `/tasks` (mine, the managers' queue, everyone's; open or
//! done; sortable; paged by cursor), marking a task done, the API (`/api/v1/tasks`), the
//! navigation's counts (`/nav/counts`), and how a task reads on every page that shows one
//! ([`view`]). Tasks are written by the capabilities that cause them (complaints, offboarding).

pub mod api;
pub mod nav;
pub mod pages;
pub mod query;
pub mod view;

use crate::web::auth::access::{READ, Routes, WRITE};

/// Task routes. Reading one's own tasks is for every role; the queue and everyone's tasks
/// are checked in the handler (managers); completing needs a writing role and, in the store,
/// being the owner or a manager.
pub fn routes() -> Routes {
    Routes::default()
        .get("/tasks", READ, pages::list::list)
        .post("/tasks/{id}/done", WRITE, pages::done::done)
        // The address forms used before tasks had their own list.
        .post("/complaints/tasks/{id}/done", WRITE, pages::done::done)
        .get("/nav/counts", READ, nav::counts)
        .get("/api/v1/tasks", READ, api::list)
        .post("/api/v1/tasks/{id}/done", WRITE, api::done)
}
