//! The review page's forms: note, abuse flag, judgement, likelihood and decision. Each
//! redirects back to the review; a refused change re-renders it with the reason (409/422).

use super::show::render;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{Labels, refusal_message_in};
use crate::web::i18n::Tr;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::client_fit::{Level, Likelihood, Reason, Recommendation};
use serde::Deserialize;

/// Every field any of the forms sends.
#[derive(Debug, Default, Deserialize)]
pub struct FitForm {
    /// A reason (note, judgement).
    #[serde(default)]
    pub reason: String,
    /// A level, empty = back to the data.
    #[serde(default)]
    pub level: String,
    /// A likelihood, empty = the suggestion.
    #[serde(default)]
    pub likelihood: String,
    /// keep, watch, part-ways.
    #[serde(default)]
    pub decision: String,
    /// The interaction to flag.
    #[serde(default)]
    pub interaction_id: String,
    /// Note or decision reason.
    #[serde(default)]
    pub note: String,
}

fn blank(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// The labels of the review's forms (note, flag, judgement, likelihood).
const LABELS: Labels<'static> = &[
    ("note", "cf-note"),
    ("reason", "cf-col-reason"),
    ("level", "cf-col-level"),
    ("likelihood", "cf-likelihood"),
];

/// The labels of the decision form, whose reason is asked as "Why".
const DECISION_LABELS: Labels<'static> = &[
    ("reason", "cf-decision-reason"),
    ("note", "cf-decision-reason"),
];

async fn finish(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    result: Result<(), AppError>,
) -> Result<Response, AppError> {
    finish_in(s, tr, user, id, result, LABELS).await
}

/// [`finish`] naming the fields by `labels`.
async fn finish_in(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    result: Result<(), AppError>,
    labels: Labels<'_>,
) -> Result<Response, AppError> {
    let e = match result {
        Ok(()) => return Ok(Redirect::to(&format!("/client-fit/{id}")).into_response()),
        Err(e) => e,
    };
    let Some(msg) = refusal_message_in(&tr, &e, labels) else {
        return Err(e);
    };
    render(s, tr, user, id, Some(msg), e.status()).await
}

/// POST /client-fit/{id}/note
pub async fn note(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<FitForm>,
) -> Result<Response, AppError> {
    let result = async {
        let r = blank(&f.reason)
            .filter(|r| *r != "general")
            .map(Reason::parse)
            .transpose()?;
        s.store
            .add_client_fit_note(&user.actor(), &id, r, &f.note)
            .await?;
        Ok(())
    }
    .await;
    finish(&s, tr, &user, &id, result).await
}

/// POST /client-fit/{id}/flag
pub async fn flag(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<FitForm>,
) -> Result<Response, AppError> {
    let result = s
        .store
        .flag_staff_abuse(&user.actor(), &id, f.interaction_id.trim(), blank(&f.note))
        .await
        .map_err(AppError::from);
    finish(&s, tr, &user, &id, result).await
}

/// POST /client-fit/{id}/judgement
pub async fn judgement(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<FitForm>,
) -> Result<Response, AppError> {
    let result = async {
        let r = Reason::parse(&f.reason)?;
        let level = blank(&f.level).map(Level::parse).transpose()?;
        s.store
            .set_client_fit_judgement(&user.actor(), &id, r, level, &f.note)
            .await?;
        Ok(())
    }
    .await;
    finish(&s, tr, &user, &id, result).await
}

/// POST /client-fit/{id}/likelihood
pub async fn likelihood(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<FitForm>,
) -> Result<Response, AppError> {
    let result = async {
        let l = blank(&f.likelihood).map(Likelihood::parse).transpose()?;
        s.store
            .set_client_fit_likelihood(&user.actor(), &id, l, &f.note)
            .await?;
        Ok(())
    }
    .await;
    finish(&s, tr, &user, &id, result).await
}

/// POST /client-fit/{id}/decision
pub async fn decision(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<FitForm>,
) -> Result<Response, AppError> {
    if blank(&f.decision).is_none() {
        // Nothing chosen: said beside the select, nothing recorded.
        let msg = tr.t("cf-decision-choose-error");
        return super::show::render_with(
            &s,
            tr,
            &user,
            &id,
            None,
            Some(msg),
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let result = async {
        let d = Recommendation::parse(&f.decision)?;
        let (who, actor) = (user.clearance(), user.actor());
        s.store
            .decide_client_fit(who, &actor, &id, d, &f.note, chrono::Utc::now())
            .await?;
        Ok(())
    }
    .await;
    finish_in(&s, tr, &user, &id, result, DECISION_LABELS).await
}
