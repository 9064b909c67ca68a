//! GET/POST /health/settings: the weight of each health signal and the band thresholds.
//! Everyone who reads customers reads them; managers and admins change them
//! (`set_health_settings`, audited). A refused change re-renders the form with what was typed
//! and each reason beside its field (422).

use crate::health::view::signal_label;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::health::{HealthSettings, SignalName, Thresholds, Weights};
use carewell_domain::role::Role;
use carewell_domain::{Code, DomainError};
use std::collections::HashMap;

/// The form's fields and the messages of their labels.
pub const LABELS: Labels<'static> = &[
    ("contact_recency", "health-signal-contact_recency"),
    ("usage_trend", "health-signal-usage_trend"),
    ("purchase_rhythm", "health-signal-purchase_rhythm"),
    ("complaints", "health-signal-complaints"),
    ("satisfaction", "health-signal-satisfaction"),
    ("payments", "health-signal-payments"),
    ("weights", "health-settings-weights"),
    ("red_max", "health-settings-red-max"),
    ("yellow_max", "health-settings-yellow-max"),
];

/// One weight as shown and typed.
pub struct WeightRow {
    name: &'static str,
    label: String,
    rule: String,
    value: String,
}

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "health/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    weights: Vec<WeightRow>,
    red_max: String,
    yellow_max: String,
    can_manage: bool,
    errors: FormErrors,
    saved: bool,
}

impl SettingsPage {
    /// The label of `field` for the error summary.
    pub fn field_label(&self, field: &str) -> String {
        self.errors.label(&self.chrome.tr, field)
    }
}

fn page(tr: Tr, user: &CurrentUser, s: &HealthSettings, saved: bool) -> SettingsPage {
    SettingsPage {
        weights: SignalName::ALL
            .iter()
            .map(|n| WeightRow {
                name: n.as_str(),
                label: signal_label(&tr, *n),
                rule: crate::web::view::label(&tr, "health-rule", n.as_str()),
                value: s.weights.of(*n).to_string(),
            })
            .collect(),
        red_max: s.bands.red_max.to_string(),
        yellow_max: s.bands.yellow_max.to_string(),
        can_manage: user.has(Role::MANAGERS),
        errors: FormErrors::default(),
        saved,
        chrome: Chrome::new(tr, user),
    }
}

/// `?saved=1` after a change.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ShowQuery {
    /// Set after a successful save.
    pub saved: Option<String>,
}

/// GET /health/settings
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ShowQuery>,
) -> Result<SettingsPage, AppError> {
    let current = s.store.health_settings().await?;
    Ok(page(tr, &user, &current, q.saved.is_some()))
}

/// Reads the form: every field a whole number 0–100 (the store checks the rest).
fn parse(f: &HashMap<String, String>) -> Result<HealthSettings, Vec<DomainError>> {
    let mut errs = Vec::new();
    let mut num = |k: &str| -> u32 {
        let raw = f.get(k).map(|v| v.trim()).unwrap_or_default();
        match raw.parse::<u32>() {
            Ok(n) if n <= 100 => n,
            Ok(_) => {
                errs.push(DomainError::new(
                    k,
                    Code::OutOfRange {
                        min: Some(0),
                        max: Some(100),
                    },
                ));
                0
            }
            Err(_) => {
                errs.push(DomainError::new(
                    k,
                    Code::NotAWholeNumber {
                        value: raw.to_string(),
                    },
                ));
                0
            }
        }
    };
    let s = HealthSettings {
        weights: Weights {
            contact_recency: num("contact_recency"),
            usage_trend: num("usage_trend"),
            purchase_rhythm: num("purchase_rhythm"),
            complaints: num("complaints"),
            satisfaction: num("satisfaction"),
            payments: num("payments"),
        },
        bands: Thresholds {
            red_max: num("red_max"),
            yellow_max: num("yellow_max"),
        },
    };
    if errs.is_empty() { Ok(s) } else { Err(errs) }
}

/// The store names fields `weights.x` and `bands.x`; the form names them `x`.
fn form_field(mut e: DomainError) -> DomainError {
    if let Some((_, last)) = e.field.rsplit_once('.') {
        e.field = last.to_string();
    }
    e
}

/// POST /health/settings
pub async fn save(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let errs = match parse(&f) {
        Ok(settings) => match s
            .store
            .set_health_settings(&user.actor(), &settings)
            .await
            .map_err(AppError::from)
        {
            Ok(_) => return Ok(Redirect::to("/health/settings?saved=1").into_response()),
            Err(AppError::Invalid(v)) => v.into_iter().map(form_field).collect(),
            Err(e) => return Err(e),
        },
        Err(errs) => errs,
    };
    let current = s.store.health_settings().await?;
    let errors = FormErrors::from_domain_in(&tr, &errs, LABELS);
    let mut p = page(tr, &user, &current, false);
    for w in &mut p.weights {
        w.value = f.get(w.name).cloned().unwrap_or_default();
    }
    p.red_max = f.get("red_max").cloned().unwrap_or_default();
    p.yellow_max = f.get("yellow_max").cloned().unwrap_or_default();
    p.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
}
