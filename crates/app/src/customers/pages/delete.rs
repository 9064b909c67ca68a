//! Deleting a customer from the UI (managers and admins): a confirmation page, then the POST.
//! A customer with an offboarding case is never hard-deleted: the page says so, links the case
//! (where the lawful erasure is) and offers no delete button; the POST is refused by the store
//! (typed, `Refusal::InUse`) and answers 409 with the same page.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::Refusal;
use carewell_store::StoreError;
use carewell_store::customers::Customer;
use carewell_store::offboarding::CaseQuery;

#[derive(Template, WebTemplate)]
#[template(path = "customers/delete.html")]
/// The confirmation page.
pub struct ConfirmPage {
    chrome: Chrome,
    c: Customer,
    question: String,
    /// The customer's latest offboarding case: then no hard delete, erasure on the case.
    case_id: Option<String>,
    /// Why the deletion was refused, if it was.
    error: Option<String>,
}

/// The customer's latest offboarding case (any status), if any.
async fn latest_case(
    s: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<String>, AppError> {
    let q = CaseQuery {
        customer_id: Some(id.to_string()),
        ..Default::default()
    };
    Ok(s.store
        .offboarding_cases(user.clearance(), &q, 1, 0)
        .await?
        .items
        .into_iter()
        .next()
        .map(|c| c.id))
}

async fn page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    error: Option<String>,
) -> Result<ConfirmPage, AppError> {
    let c = s.store.customer(id).await?;
    Ok(ConfirmPage {
        question: tr.t_with("delete-question", &[("name", &c.name)]),
        case_id: latest_case(s, user, id).await?,
        error,
        chrome: Chrome::new(tr, user),
        c,
    })
}

/// GET /customers/{id}/delete: asks for confirmation (or, with an offboarding case, points at
/// the erasure on the case).
pub async fn confirm(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<ConfirmPage, AppError> {
    page(&s, tr, &user, &id, None).await
}

/// POST /customers/{id}/delete: deletes the customer and everything on their timeline, then
/// returns to the list. Refused (409, the confirmation page with the reason) while records
/// that must stay (an offboarding case, ledger entries) or a retention hold exist.
pub async fn delete(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    match s.store.delete_customer(&user.actor(), &id).await {
        Ok(()) => Ok(Redirect::to("/customers?deleted=1").into_response()),
        Err(StoreError::Refused(r)) if !matches!(r, Refusal::Restricted { .. }) => {
            let msg = tr.refusal(&r);
            let p = page(&s, tr, &user, &id, Some(msg)).await?;
            Ok((StatusCode::CONFLICT, p).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
