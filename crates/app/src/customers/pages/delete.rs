//! Deleting a customer from the UI (managers and admins): a confirmation page, then the POST.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_store::customers::Customer;

#[derive(Template, WebTemplate)]
#[template(path = "customers/delete.html")]
/// The confirmation page.
pub struct ConfirmPage {
    chrome: Chrome,
    c: Customer,
    question: String,
}

/// GET /customers/{id}/delete: asks for confirmation.
pub async fn confirm(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<ConfirmPage, AppError> {
    let c = s.store.customer(&id).await?;
    Ok(ConfirmPage {
        question: tr.t_with("delete-question", &[("name", &c.name)]),
        chrome: Chrome::new(tr, &user),
        c,
    })
}

/// POST /customers/{id}/delete: deletes the customer and everything on their timeline, then
/// returns to the list.
pub async fn delete(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    s.store.delete_customer(&user.actor(), &id).await?;
    Ok(Redirect::to("/customers?deleted=1").into_response())
}
