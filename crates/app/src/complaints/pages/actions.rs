//! The complaint page's forms: workflow actions, booking compensation, approving, rejecting
//! and reversing entries, and making the customer's public-form link. Each redirects back to
//! the complaint; a refused action re-renders the page with the reason (409/422).

use super::show::{IssuedLinks, render, render_with};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::refusal_message;
use crate::web::i18n::Tr;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::complaint::workflow::Action;
use carewell_domain::ledger::SourceKind;
use chrono::Utc;
use serde::Deserialize;

/// An action form as submitted.
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    /// Action name.
    #[serde(default)]
    pub action: String,
    /// Note.
    pub note: Option<String>,
    /// Demand.
    pub demand: Option<String>,
    /// Resolution.
    pub resolution: Option<String>,
    /// Root cause.
    pub root_cause: Option<String>,
    /// Reason.
    pub reason: Option<String>,
}

impl ActionForm {
    /// The workflow action named in the form (the domain reads the form's texts).
    pub fn action(self) -> Result<Action, AppError> {
        let (field, _) = Action::text_field(&self.action);
        let text = match field {
            "demand" => self.demand,
            "resolution" => self.resolution,
            "reason" => self.reason,
            _ => self.note,
        };
        let root_cause = self.root_cause.unwrap_or_default();
        Ok(Action::from_form(
            &self.action,
            &text.unwrap_or_default(),
            &root_cause,
        )?)
    }
}

fn back(id: &str) -> Response {
    Redirect::to(&format!("/complaints/{id}")).into_response()
}

/// Turns a refused change into the complaint page with the reason; other errors pass.
async fn refused(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    e: AppError,
) -> Result<Response, AppError> {
    let Some(msg) = refusal_message(&tr, &e) else {
        return Err(e);
    };
    render(s, tr, user, id, Some(msg), e.status()).await
}

/// POST /complaints/{id}/action
pub async fn transition(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<ActionForm>,
) -> Result<Response, AppError> {
    let result = match f.action() {
        Ok(a) => s
            .store
            .transition_complaint(&user.actor(), &id, &a, Utc::now())
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(back(&id)),
        Err(e) => refused(&s, tr, &user, &id, e).await,
    }
}

/// The severity form.
#[derive(Debug, Default, Deserialize)]
pub struct SeverityForm {
    /// critical, high, medium or low.
    #[serde(default)]
    pub severity: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// POST /complaints/{id}/severity
pub async fn set_severity(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<SeverityForm>,
) -> Result<Response, AppError> {
    let result = match carewell_domain::complaint::Severity::parse(&f.severity) {
        Ok(sev) => s
            .store
            .set_complaint_severity(&user.actor(), &id, sev, &f.reason)
            .await
            .map_err(AppError::from),
        Err(e) => Err(AppError::from(e)),
    };
    match result {
        Ok(_) => Ok(back(&id)),
        Err(e) => refused(&s, tr, &user, &id, e).await,
    }
}

/// The compensation form.
#[derive(Debug, Default, Deserialize)]
pub struct CompensationForm {
    /// Kind.
    #[serde(default)]
    pub kind: String,
    /// Decimal amount.
    #[serde(default)]
    pub amount: String,
    /// Currency.
    #[serde(default)]
    pub currency: String,
    /// Reason.
    #[serde(default)]
    pub reason: String,
}

/// POST /complaints/{id}/compensation
pub async fn add_compensation(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<CompensationForm>,
) -> Result<Response, AppError> {
    let c = s.store.complaint(&id).await?;
    let body = crate::complaints::api::compensation::CompensationBody {
        customer_id: c.customer_id,
        kind: f.kind,
        amount: f.amount,
        currency: f.currency,
        reason: f.reason,
        source_kind: Some(SourceKind::Complaint.as_str().into()),
        source_id: id.clone(),
    };
    let result = match body.validate() {
        Ok(e) => s
            .store
            .add_compensation(user.clearance(), &user.actor(), &e)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(back(&id)),
        Err(e) => refused(&s, tr, &user, &id, e).await,
    }
}

/// Optional note or reason of a ledger form.
#[derive(Debug, Default, Deserialize)]
pub struct LedgerForm {
    /// Note (decisions) or reason (reversal).
    pub note: Option<String>,
    /// Reason (reversal).
    pub reason: Option<String>,
}

async fn ledger_change(
    s: AppState,
    tr: Tr,
    user: CurrentUser,
    entry_id: String,
    what: &str,
    f: LedgerForm,
) -> Result<Response, AppError> {
    let who = user.clearance();
    let entry = s.store.ledger_entry(who, &entry_id).await?;
    let a = user.actor();
    let result = match what {
        "approve" => {
            s.store
                .decide_compensation(who, &a, &entry_id, true, f.note.as_deref())
                .await
        }
        "reject" => {
            s.store
                .decide_compensation(who, &a, &entry_id, false, f.note.as_deref())
                .await
        }
        _ => {
            s.store
                .reverse_compensation(who, &a, &entry_id, f.reason.as_deref().unwrap_or_default())
                .await
        }
    };
    let target = match entry.source_kind {
        SourceKind::Complaint => entry.source_id.clone(),
        _ => {
            return result
                .map(|_| back_customer(&entry.customer_id))
                .map_err(Into::into);
        }
    };
    match result {
        Ok(_) => Ok(back(&target)),
        Err(e) => refused(&s, tr, &user, &target, e.into()).await,
    }
}

fn back_customer(id: &str) -> Response {
    Redirect::to(&format!("/customers/{id}")).into_response()
}

/// POST /compensation/{id}/approve (managers)
pub async fn approve(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<LedgerForm>,
) -> Result<Response, AppError> {
    ledger_change(s, tr, user, id, "approve", f).await
}

/// POST /compensation/{id}/reject (managers)
pub async fn reject(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<LedgerForm>,
) -> Result<Response, AppError> {
    ledger_change(s, tr, user, id, "reject", f).await
}

/// POST /compensation/{id}/reverse
pub async fn reverse(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<LedgerForm>,
) -> Result<Response, AppError> {
    ledger_change(s, tr, user, id, "reverse", f).await
}

/// POST /complaints/{id}/link: issues the customer's public complaint-form link and shows it
/// once (a link issued before stops working).
pub async fn customer_link(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let c = s.store.complaint(&id).await?;
    let token = s
        .store
        .complaint_link(&user.actor(), &c.customer_id)
        .await?;
    let issued = IssuedLinks {
        form: Some(s.public_url(&format!("/public/complaints/{token}"))),
        ..IssuedLinks::default()
    };
    render_with(&s, tr, &user, &id, None, StatusCode::OK, issued).await
}

/// POST /complaints/{id}/satisfaction-link: issues a fresh satisfaction link for handing over
/// by phone or chat and shows it once (the one e-mailed before stops working).
pub async fn satisfaction_link(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let path = s.store.satisfaction_link(&user.actor(), &id).await?;
    let issued = IssuedLinks {
        satisfaction: Some(s.public_url(&path)),
        ..IssuedLinks::default()
    };
    render_with(&s, tr, &user, &id, None, StatusCode::OK, issued).await
}
