//! GET/POST /retention/settings: the daily run, the model of scheduled runs, CLV, the band
//! thresholds, the contract signal and the stage move. Everyone who reads customers reads
//! them; managers and admins change them (`set_retention_settings`, audited). A refused change
//! re-renders the form with what was typed and each reason beside its field (422).

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::retention::{Model, RetentionSettings, Unit};
use carewell_domain::role::Role;
use carewell_domain::{Code, DomainError};
use std::collections::HashMap;

/// The form's fields and the messages of their labels.
pub const LABELS: Labels<'static> = &[
    ("daily", "ret-set-daily"),
    ("daily_at", "ret-set-daily-at"),
    ("model", "ret-model"),
    ("unit", "ret-unit"),
    ("holdout_days", "ret-holdout-days"),
    ("horizon_days", "ret-horizon-days"),
    ("clv_months", "ret-set-clv-months"),
    ("margin", "ret-set-margin"),
    ("discount_rate", "ret-set-discount"),
    ("medium_from", "ret-set-medium-from"),
    ("high_from", "ret-set-high-from"),
    ("contract_days", "ret-set-contract-days"),
    ("at_risk_stage", "ret-set-at-risk-stage"),
];

/// One field as shown and typed.
pub struct Field {
    name: &'static str,
    label: String,
    help: String,
    /// `number`, `time`, `checkbox` or `select`.
    kind: &'static str,
    value: String,
    step: &'static str,
    options: Vec<Opt>,
}

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "retention/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    fields: Vec<Field>,
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

fn values(s: &RetentionSettings) -> HashMap<String, String> {
    let yes = |b: bool| if b { "on".to_string() } else { String::new() };
    HashMap::from([
        ("daily".into(), yes(s.daily)),
        ("daily_at".into(), s.daily_at.clone()),
        ("model".into(), s.model.as_str().into()),
        ("unit".into(), s.unit.as_str().into()),
        ("holdout_days".into(), s.holdout_days.to_string()),
        ("horizon_days".into(), s.horizon_days.to_string()),
        ("clv_months".into(), s.clv_months.to_string()),
        ("margin".into(), s.margin.to_string()),
        ("discount_rate".into(), s.discount_rate.to_string()),
        ("medium_from".into(), s.medium_from.to_string()),
        ("high_from".into(), s.high_from.to_string()),
        ("contract_days".into(), s.contract_days.to_string()),
        ("at_risk_stage".into(), yes(s.at_risk_stage)),
    ])
}

fn page(
    tr: Tr,
    user: &CurrentUser,
    v: &HashMap<String, String>,
    errors: FormErrors,
    saved: bool,
) -> SettingsPage {
    let get = |k: &str| v.get(k).cloned().unwrap_or_default();
    let help = |k: &str| tr.t(&format!("ret-set-help-{k}"));
    let fields = LABELS
        .iter()
        .map(|(name, label)| {
            let (kind, step, options) = match *name {
                "daily" | "at_risk_stage" => ("checkbox", "", vec![]),
                "daily_at" => ("time", "", vec![]),
                "model" => (
                    "select",
                    "",
                    opts(&tr, "ret-model", &["bgnbd", "pnbd", "mbgnbd"], &get(name)),
                ),
                "unit" => (
                    "select",
                    "",
                    opts(&tr, "ret-unit", &["week", "day"], &get(name)),
                ),
                "margin" | "discount_rate" => ("number", "0.01", vec![]),
                _ => ("number", "1", vec![]),
            };
            Field {
                name,
                label: tr.t(label),
                help: help(name),
                kind,
                value: get(name),
                step,
                options,
            }
        })
        .collect();
    SettingsPage {
        fields,
        can_manage: user.has(Role::MANAGERS),
        errors,
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

/// GET /retention/settings
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ShowQuery>,
) -> Result<SettingsPage, AppError> {
    let current = s.store.retention_settings().await?;
    Ok(page(
        tr,
        &user,
        &values(&current),
        FormErrors::default(),
        q.saved.is_some(),
    ))
}

/// Reads the form: whole numbers, decimals and a known model and unit (the store checks the
/// ranges).
fn parse(f: &HashMap<String, String>) -> Result<RetentionSettings, Vec<DomainError>> {
    let mut errs = Vec::new();
    let raw = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut whole = |k: &str| -> u32 {
        let v = raw(k);
        v.parse::<u32>().unwrap_or_else(|_| {
            errs.push(DomainError::new(
                k,
                Code::NotAWholeNumber {
                    value: v.chars().take(40).collect(),
                },
            ));
            0
        })
    };
    let (holdout_days, horizon_days, clv_months, contract_days) = (
        whole("holdout_days"),
        whole("horizon_days"),
        whole("clv_months"),
        whole("contract_days"),
    );
    let (medium_from, high_from) = (whole("medium_from"), whole("high_from"));
    let mut dec = |k: &str| -> f64 {
        let v = raw(k).replace(',', ".");
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .unwrap_or_else(|| {
                errs.push(DomainError::new(
                    k,
                    Code::OutOfRange {
                        min: Some(0),
                        max: Some(1),
                    },
                ));
                -1.0
            })
    };
    let (margin, discount_rate) = (dec("margin"), dec("discount_rate"));
    let model = Model::parse(&raw("model"))
        .map_err(|e| errs.push(e))
        .unwrap_or_default();
    let unit = Unit::parse(&raw("unit"))
        .map_err(|e| errs.push(e))
        .unwrap_or_default();
    let small = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
    let s = RetentionSettings {
        daily: f.contains_key("daily"),
        daily_at: raw("daily_at"),
        model,
        unit,
        holdout_days,
        horizon_days,
        clv_months,
        margin,
        discount_rate,
        medium_from: small(medium_from),
        high_from: small(high_from),
        contract_days,
        at_risk_stage: f.contains_key("at_risk_stage"),
    };
    if errs.is_empty() {
        s.validate().map(|()| s)
    } else {
        Err(errs)
    }
}

/// POST /retention/settings
pub async fn save(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let errs = match parse(&f) {
        Ok(settings) => match s
            .store
            .set_retention_settings(&user.actor(), &settings)
            .await
            .map_err(AppError::from)
        {
            Ok(_) => return Ok(Redirect::to("/retention/settings?saved=1").into_response()),
            Err(AppError::Invalid(v)) => v,
            Err(e) => return Err(e),
        },
        Err(errs) => errs,
    };
    let errors = FormErrors::from_domain_in(&tr, &errs, LABELS);
    let typed: HashMap<String, String> = f.into_iter().filter(|(k, _)| k != "csrf").collect();
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        page(tr, &user, &typed, errors, false),
    )
        .into_response())
}
