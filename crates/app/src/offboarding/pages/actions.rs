//! The case page's forms: change the plan (with an exception and its legal basis), approve,
//! log the direct contact, save / reset / send the letter, book goodwill, close, cancel, and
//! issue the customer's link. Each redirects back to the case; a refused action re-renders the
//! page with a readable reason next to the form (409/422).

use super::show::render;
use crate::kernel::state::AppState;
use crate::offboarding::view::{Extra, Fields, GoodwillConfirm, readable};
use crate::web::auth::CurrentUser;
use crate::web::checks::check_large;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::ledger::EntryKind;
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::{ContactKind, Letter, Part};
use carewell_store::offboarding::PlanChange;
use chrono::Utc;
use serde::Deserialize;

fn back(id: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/offboarding/{id}#{anchor}")).into_response()
}

/// Re-renders the case with the reason of a refused change; other errors pass.
async fn refused(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    at: &'static str,
    e: AppError,
    letter: Option<Letter>,
) -> Result<Response, AppError> {
    let Some(msg) = readable(&tr, &e) else {
        return Err(e);
    };
    let status = e.status();
    let extra = Extra {
        error: Some(msg),
        error_at: at,
        letter,
        ..Extra::default()
    };
    render(s, tr, user, id, extra, status).await
}

/// The amount and threshold of a refused large amount, if that is what `e` is.
fn large_amount(e: &AppError) -> Option<(Money, Money)> {
    match e {
        AppError::Invalid(v) => v.iter().find_map(|d| match &d.code {
            carewell_domain::Code::LargeAmount { amount, threshold }
                if d.field == "confirm_large" =>
            {
                Some((*amount, *threshold))
            }
            _ => None,
        }),
        _ => None,
    }
}

/// POST /offboarding/{id}/plan
pub async fn plan(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let f = Fields::from_body(&body)?;
    let result = match f.timeline() {
        Ok(t) => s
            .store
            .replan_offboarding(
                &user.actor(),
                &id,
                &PlanChange {
                    timeline: t,
                    contract_type: Some(f.contract_type.clone()).filter(|x| !x.trim().is_empty()),
                    exception_basis: Some(f.exception_basis.clone())
                        .filter(|x| !x.trim().is_empty()),
                },
            )
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(back(&id, "timeline")),
        Err(e) => match readable(&tr, &e) {
            Some(msg) => {
                let extra = Extra {
                    error: Some(msg),
                    error_at: "plan",
                    plan: Some(f),
                    ..Extra::default()
                };
                render(&s, tr, &user, &id, extra, e.status()).await
            }
            None => Err(e),
        },
    }
}

/// POST /offboarding/{id}/approve (managers)
pub async fn approve(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    match s.store.approve_offboarding(&user.actor(), &id).await {
        Ok(_) => Ok(back(&id, "steps")),
        Err(e) => refused(&s, tr, &user, &id, "steps", e.into(), None).await,
    }
}

/// The direct-contact form.
#[derive(Debug, Default, Deserialize)]
pub struct ContactForm {
    /// call or meeting.
    #[serde(default)]
    pub kind: String,
    /// What was discussed.
    #[serde(default)]
    pub summary: String,
}

/// POST /offboarding/{id}/contact
pub async fn contact(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<ContactForm>,
) -> Result<Response, AppError> {
    let result = match ContactKind::parse(&f.kind) {
        Ok(k) => s
            .store
            .log_offboarding_contact(&user.actor(), &id, k, &f.summary, Utc::now())
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => Ok(back(&id, "steps")),
        Err(e) => refused(&s, tr, &user, &id, "steps", e, None).await,
    }
}

/// The letter form.
#[derive(Debug, Default, Deserialize)]
pub struct LetterForm {
    /// save, reset or send.
    #[serde(default)]
    pub r#do: String,
    /// Language of the letter.
    #[serde(default)]
    pub language: String,
    /// 1.
    #[serde(default)]
    pub thanks: String,
    /// 2.
    #[serde(default)]
    pub framing: String,
    /// 3.
    #[serde(default)]
    pub goodwill: String,
    /// 4.
    #[serde(default)]
    pub apology: String,
    /// 5.
    #[serde(default)]
    pub alternatives: String,
}

/// POST /offboarding/{id}/letter: `do=save` stores the draft; `do=reset` replaces it by the
/// default in the chosen language; `do=send` stores the draft and sends exactly it (refused,
/// with the reason, before a direct contact is logged).
pub async fn letter(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<LetterForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let lang = Tr::for_tag(if f.language.is_empty() {
        "en"
    } else {
        &f.language
    })
    .lang;
    let letter = if f.r#do == "reset" {
        let c = s.store.offboarding_case(user.clearance(), &id).await?;
        let d = crate::offboarding::view::default_letter(&s, user.clearance(), &c, lang).await?;
        Ok(d)
    } else {
        Letter::parse(lang, |p| match p {
            Part::Thanks => &f.thanks,
            Part::Framing => &f.framing,
            Part::Goodwill => &f.goodwill,
            Part::Apology => &f.apology,
            Part::Alternatives => &f.alternatives,
        })
    };
    // The text as typed, shown again with the reason when it is refused (never stored).
    let typed = Letter {
        language: lang.to_string(),
        thanks: f.thanks.clone(),
        framing: f.framing.clone(),
        goodwill: f.goodwill.clone(),
        apology: f.apology.clone(),
        alternatives: f.alternatives.clone(),
    };
    let letter = match letter {
        Ok(l) => l,
        Err(e) => return refused(&s, tr, &user, &id, "letter", e.into(), Some(typed)).await,
    };
    if let Err(e) = s.store.save_offboarding_letter(&actor, &id, &letter).await {
        return refused(&s, tr, &user, &id, "letter", e.into(), Some(typed)).await;
    }
    if f.r#do != "send" {
        return Ok(back(&id, "letter"));
    }
    match s
        .store
        .send_offboarding_letter(&actor, &id, &s.config.company_name)
        .await
    {
        Ok((_, token)) => {
            let extra = Extra {
                link: Some(crate::offboarding::view::page_url(&s, &token)),
                ..Extra::default()
            };
            render(&s, tr, &user, &id, extra, StatusCode::OK).await
        }
        Err(e) => refused(&s, tr, &user, &id, "letter", e.into(), None).await,
    }
}

/// The goodwill form.
#[derive(Debug, Default, Deserialize)]
pub struct GoodwillForm {
    /// Decimal amount; empty refunds the last invoice.
    #[serde(default)]
    pub amount: String,
    /// Currency.
    #[serde(default)]
    pub currency: String,
    /// Reason.
    #[serde(default)]
    pub reason: String,
    /// Set by the second confirmation of a large amount.
    #[serde(default)]
    pub confirm_large: String,
}

/// POST /offboarding/{id}/goodwill: a refund through the ledger (large ones wait for a
/// manager, as any compensation).
pub async fn goodwill(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<GoodwillForm>,
) -> Result<Response, AppError> {
    let amount = if f.amount.trim().is_empty() {
        Ok(None)
    } else {
        Currency::parse(&f.currency)
            .and_then(|c| Money::parse_decimal(&f.amount, c))
            .map(Some)
    };
    let amount = amount.map_err(AppError::from).and_then(|a| {
        if let Some(m) = a {
            check_large(&s, m, !f.confirm_large.trim().is_empty())?;
        }
        Ok(a)
    });
    let result = match amount {
        Ok(a) => s
            .store
            .book_offboarding_goodwill(&user.actor(), &id, EntryKind::Refund, a, &f.reason)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(back(&id, "impact")),
        Err(e) => match large_amount(&e) {
            // A large amount: ask once more, with the form's values kept.
            Some((amount, threshold)) => {
                let a = tr.money(&amount);
                let confirm = GoodwillConfirm {
                    text: tr.t_with(
                        "cmp-large-text",
                        &[("amount", &a), ("threshold", &tr.money(&threshold))],
                    ),
                    button: tr.t_with("cmp-large-book", &[("amount", &a)]),
                    amount: f.amount.clone(),
                    currency: f.currency.clone(),
                    reason: f.reason.clone(),
                };
                let extra = Extra {
                    confirm: Some(confirm),
                    error_at: "goodwill",
                    ..Extra::default()
                };
                render(&s, tr, &user, &id, extra, StatusCode::UNPROCESSABLE_ENTITY).await
            }
            None => refused(&s, tr, &user, &id, "goodwill", e, None).await,
        },
    }
}

/// POST /offboarding/{id}/close
pub async fn close(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    match s
        .store
        .close_offboarding(&user.actor(), &id, Utc::now())
        .await
    {
        Ok(_) => Ok(back(&id, "steps")),
        Err(e) => refused(&s, tr, &user, &id, "steps", e.into(), None).await,
    }
}

/// The cancel form.
#[derive(Debug, Default, Deserialize)]
pub struct CancelForm {
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// POST /offboarding/{id}/cancel
pub async fn cancel(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<CancelForm>,
) -> Result<Response, AppError> {
    match s
        .store
        .cancel_offboarding(&user.actor(), &id, &f.reason)
        .await
    {
        Ok(_) => Ok(back(&id, "steps")),
        Err(e) => refused(&s, tr, &user, &id, "steps", e.into(), None).await,
    }
}

/// POST /offboarding/{id}/link: a new customer link, shown once.
pub async fn link(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    match s.store.issue_offboarding_link(&user.actor(), &id).await {
        Ok(token) => {
            let extra = Extra {
                link: Some(crate::offboarding::view::page_url(&s, &token)),
                ..Extra::default()
            };
            render(&s, tr, &user, &id, extra, StatusCode::OK).await
        }
        Err(e) => refused(&s, tr, &user, &id, "steps", e.into(), None).await,
    }
}
