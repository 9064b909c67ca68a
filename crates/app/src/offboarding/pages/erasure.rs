//! Erasure from the case page, following the offboarding API's roles (compliance, admins):
//! an early erasure request (`POST /offboarding/{id}/erasure`, with or without the records
//! under a retention hold) and "run due erasures" (`POST /offboarding/erase-due`). A refusal
//! while a hold runs is shown next to the form as a sentence with the legal basis and the end
//! date, in the UI language; an erasure leads to its certificate.

use super::show::render;
use crate::kernel::state::AppState;
use crate::offboarding::view::Extra;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::refusal_message;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::when;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::Refusal;
use carewell_store::offboarding::erasure::Hold;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

/// A retention hold as the case page shows it.
pub struct HoldView {
    /// Category (e.g. `financial`).
    pub category: String,
    /// The held tables.
    pub tables: String,
    /// Why they are kept.
    pub legal_basis: String,
    /// Kept until (in the UI language).
    pub until: String,
    /// Kept until (YYYY-MM-DD).
    pub until_iso: String,
    /// "running" or "deleted DATE".
    pub state: String,
    /// Whether the hold still runs.
    pub running: bool,
}

fn local(tr: &Tr, iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| tr.long_date(d))
        .unwrap_or_else(|_| iso.to_string())
}

/// The case's holds for the page.
pub fn holds(tr: &Tr, hs: &[Hold]) -> Vec<HoldView> {
    hs.iter()
        .map(|h| HoldView {
            category: h.category.clone(),
            tables: h.table_list().join(", "),
            legal_basis: h.legal_basis.clone(),
            until: local(tr, &h.held_until),
            until_iso: h.held_until.clone(),
            state: match &h.released_at {
                Some(at) => tr.t_with(
                    "offb-hold-released",
                    &[("at", &crate::web::view::when_text(at))],
                ),
                None => tr.t("offb-hold-running"),
            },
            running: h.released_at.is_none(),
        })
        .collect()
}

/// A refused erasure as a sentence in the UI language: records under a retention hold with the
/// tables, the end date and the legal basis; any other refusal or invalid input as such.
fn readable(tr: &Tr, e: &AppError) -> Option<String> {
    match e {
        AppError::Refused(Refusal::Held {
            tables,
            until,
            basis,
            ..
        }) => {
            let tables: Vec<String> = tables.iter().map(|t| tr.t(&format!("table-{t}"))).collect();
            Some(tr.t_with(
                "offb-erasure-refused",
                &[
                    ("tables", &tables.join(", ")),
                    ("until", &tr.long_date(*until)),
                    ("basis", basis),
                ],
            ))
        }
        other => refusal_message(tr, other),
    }
}

/// The erasure form.
#[derive(Debug, Default, Deserialize)]
pub struct ErasureForm {
    /// `1` to include the records under a retention hold.
    #[serde(default)]
    pub include_held: String,
}

/// POST /offboarding/{id}/erasure: erases now and shows the certificate; a refusal is shown
/// on the case page (409) with the legal basis.
pub async fn request(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<ErasureForm>,
) -> Result<Response, AppError> {
    let include_held = matches!(f.include_held.as_str(), "1" | "on" | "true");
    let result = s
        .store
        .request_offboarding_erasure(&user.actor(), &id, include_held, Utc::now())
        .await
        .map_err(AppError::from);
    let e = match result {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/offboarding/{id}/certificate")).into_response());
        }
        Err(e) => e,
    };
    let Some(error) = readable(&tr, &e) else {
        return Err(e);
    };
    let extra = Extra {
        error: Some(error),
        error_at: "erasure",
        ..Extra::default()
    };
    render(&s, tr, &user, &id, extra, e.status()).await
}

/// A certificate issued by "run due erasures".
pub struct IssuedView {
    case_id: String,
    kind: String,
    issued: crate::web::view::When,
}

#[derive(Template, WebTemplate)]
#[template(path = "offboarding/erase_due.html")]
/// What "run due erasures" did.
pub struct DuePage {
    chrome: Chrome,
    done: String,
    issued: Vec<IssuedView>,
}

/// POST /offboarding/erase-due: erasure past the deletion date and held records past their
/// hold, now (as `POST /api/v1/offboarding/erase-due`).
pub async fn erase_due(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<DuePage, AppError> {
    let certs = s
        .store
        .offboarding_erase_due(&user.actor(), Utc::now())
        .await?;
    let n = i64::try_from(certs.len()).unwrap_or(i64::MAX);
    Ok(DuePage {
        done: tr.t_n("offb-erase-due-done", n),
        issued: certs
            .into_iter()
            .map(|c| IssuedView {
                case_id: c.case_id,
                kind: c.kind,
                issued: when(&c.issued_at),
            })
            .collect(),
        chrome: Chrome::new(tr, &user),
    })
}
