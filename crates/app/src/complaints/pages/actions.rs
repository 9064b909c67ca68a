//! The complaint page's forms: workflow actions, booking compensation, approving, rejecting
//! and reversing entries, and making the customer's public-form link. Each redirects back to
//! the complaint; a refused action re-renders the page with the reason (409/422).

use super::show::{CompensationDraft, IssuedLinks, LargeConfirm, render, render_with};
use crate::complaints::api::compensation::check_large;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels, refusal_message_in};
use crate::web::i18n::Tr;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::Code;
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

/// The labels of the workflow forms' fields, as the action forms show them.
const ACTION_LABELS: Labels<'static> = &[
    ("note", "cmp-input-note"),
    ("demand", "cmp-input-demand"),
    ("resolution", "cmp-input-resolution"),
    ("root_cause", "cmp-input-root_cause"),
    ("reason", "cmp-input-reason"),
    ("severity", "cmp-field-severity"),
    ("owner_id", "cmp-field-owner"),
];

/// The labels of the compensation form's fields.
const COMPENSATION_LABELS: Labels<'static> = &[
    ("kind", "cmp-ledger-kind"),
    ("amount", "cmp-amount"),
    ("currency", "cmp-currency"),
    ("reason", "cmp-reason"),
    ("note", "cmp-reason"),
    ("customer_id", "cmp-field-customer"),
    ("confirm_large", "cmp-large-title"),
];

/// Turns a refused change into the complaint page with the reason (fields named by `labels`);
/// other errors pass.
async fn refused(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    e: AppError,
    labels: Labels<'_>,
) -> Result<Response, AppError> {
    let Some(msg) = refusal_message_in(&tr, &e, labels) else {
        return Err(e);
    };
    render(s, tr, user, id, Some(msg), e.status()).await
}

/// The large-amount error of `e`, if that is what it is (the amount and its threshold).
fn large_amount(
    e: &AppError,
) -> Option<(carewell_domain::money::Money, carewell_domain::money::Money)> {
    match e {
        AppError::Invalid(v) => v.iter().find_map(|d| match &d.code {
            Code::LargeAmount { amount, threshold } if d.field == "confirm_large" => {
                Some((*amount, *threshold))
            }
            _ => None,
        }),
        _ => None,
    }
}

/// "This is a large amount — confirm", with the confirming button's text `button_key`.
fn confirm_step(
    tr: &Tr,
    entry_id: &str,
    amount: carewell_domain::money::Money,
    threshold: carewell_domain::money::Money,
    button_key: &str,
) -> LargeConfirm {
    let a = tr.money(&amount);
    LargeConfirm {
        entry_id: entry_id.to_string(),
        text: tr.t_with(
            "cmp-large-text",
            &[("amount", &a), ("threshold", &tr.money(&threshold))],
        ),
        button: tr.t_with(button_key, &[("amount", &a)]),
    }
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
        Err(e) => refused(&s, tr, &user, &id, e, ACTION_LABELS).await,
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
        Err(e) => refused(&s, tr, &user, &id, e, ACTION_LABELS).await,
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
    /// Set by the confirmation step of a large amount.
    pub confirm_large: Option<String>,
}

/// POST /complaints/{id}/compensation: books it; a refused booking shows the form again with
/// the errors beside its fields, and a large amount first asks for a second confirmation.
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
        confirm_large: f.confirm_large.as_deref().is_some_and(|v| !v.is_empty()),
    };
    let result = match body.validate() {
        Ok(e) => match check_large(&s, e.amount, body.confirm_large) {
            Ok(()) => s
                .store
                .add_compensation(user.clearance(), &user.actor(), &e)
                .await
                .map_err(AppError::from),
            Err(err) => Err(err),
        },
        Err(e) => Err(e),
    };
    let e = match result {
        Ok(_) => return Ok(back(&id)),
        Err(e) => e,
    };
    let status = e.status();
    let confirm = large_amount(&e).map(|(a, t)| confirm_step(&tr, "", a, t, "cmp-large-book"));
    let errors = if confirm.is_some() {
        FormErrors::default()
    } else {
        FormErrors::from_app_in(&tr, e, COMPENSATION_LABELS)?
    };
    let draft = CompensationDraft {
        kind: body.kind,
        amount: body.amount,
        currency: body.currency,
        reason: body.reason,
        errors,
        confirm,
    };
    let issued = IssuedLinks {
        compensation: Some(draft),
        ..IssuedLinks::default()
    };
    render_with(&s, tr, &user, &id, None, status, issued).await
}

/// Optional note or reason of a ledger form.
#[derive(Debug, Default, Deserialize)]
pub struct LedgerForm {
    /// Note (decisions) or reason (reversal).
    pub note: Option<String>,
    /// Reason (reversal).
    pub reason: Option<String>,
    /// Set by the confirmation step of a large approval.
    pub confirm_large: Option<String>,
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
    let confirmed = f.confirm_large.as_deref().is_some_and(|v| !v.is_empty());
    if what == "approve"
        && entry.approval == carewell_domain::ledger::Approval::Pending
        && entry.source_kind == SourceKind::Complaint
        && let Ok(m) = entry.money()
        && let Err(e) = check_large(&s, m, confirmed)
    {
        let Some((amount, threshold)) = large_amount(&e) else {
            return Err(e);
        };
        let issued = IssuedLinks {
            approve: Some(confirm_step(
                &tr,
                &entry_id,
                amount,
                threshold,
                "cmp-large-approve",
            )),
            ..IssuedLinks::default()
        };
        return render_with(
            &s,
            tr,
            &user,
            &entry.source_id,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            issued,
        )
        .await;
    }
    let result = match what {
        "approve" if !confirmed => {
            // Not a complaint's page: the form there has no confirmation step.
            match entry.money().map(|m| check_large(&s, m, false)) {
                Ok(Err(e)) if entry.approval == carewell_domain::ledger::Approval::Pending => {
                    return Err(e);
                }
                _ => {
                    s.store
                        .decide_compensation(who, &a, &entry_id, true, f.note.as_deref())
                        .await
                }
            }
        }
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
        Err(e) => refused(&s, tr, &user, &target, e.into(), COMPENSATION_LABELS).await,
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
