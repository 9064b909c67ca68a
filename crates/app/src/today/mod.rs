//! Today (`/today`, `GET /api/v1/today`): the page after sign-in. For the signed-in user, one
//! block per list that needs them today — tasks due and overdue, complaints near or past their
//! SLA (their own; everyone's for managers and administrators), forgotten customers
//! (`contact-due` tasks), detractors to call back (`survey-callback`), care moments this week
//! (`care-moment`), the red-health customers they own — each with a count, the first items and a link to the whole list.

pub mod api;
pub mod blocks;
pub mod page;

use crate::web::auth::access::{READ, Routes};

/// Today's routes: every role, each seeing their own.
pub fn routes() -> Routes {
    Routes::default()
        .get("/today", READ, page::today)
        .get("/api/v1/today", READ, api::today)
}
