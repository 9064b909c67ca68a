//! GET/POST /client-fit/settings: how cost to serve is estimated (staff minutes per interaction
//! and per complaint, hourly staff cost per currency). Everyone who reads the review reads the
//! settings; managers and admins change them through `set_client_fit_settings` (audited). A
//! refused change re-renders the form with what was typed and a readable reason (422).

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::money::{Currency, Money};
use carewell_domain::role::Role;
use carewell_store::client_fit::FitSettings;
use std::collections::{BTreeMap, HashMap};

/// One currency's hourly cost as shown and typed (major units, `40.00`).
pub struct CostRow {
    currency: String,
    amount: String,
}

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "client_fit/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    minutes_per_interaction: String,
    minutes_per_complaint: String,
    /// Days before a customer's data is judged.
    min_tenure_days: String,
    costs: Vec<CostRow>,
    new_currency: String,
    new_cost: String,
    can_manage: bool,
    errors: Vec<String>,
    saved: bool,
}

fn major(currency: &str, minor: i64) -> String {
    match Currency::parse(currency) {
        Ok(c) => Money { minor, currency: c }.to_decimal(),
        Err(_) => minor.to_string(),
    }
}

fn page(tr: Tr, user: &CurrentUser, s: &FitSettings, saved: bool) -> SettingsPage {
    SettingsPage {
        minutes_per_interaction: s.minutes_per_interaction.to_string(),
        minutes_per_complaint: s.minutes_per_complaint.to_string(),
        min_tenure_days: s.min_tenure_days.to_string(),
        costs: s
            .hourly_cost
            .iter()
            .map(|(c, v)| CostRow {
                currency: c.clone(),
                amount: major(c, *v),
            })
            .collect(),
        new_currency: String::new(),
        new_cost: String::new(),
        can_manage: user.has(Role::MANAGERS),
        errors: Vec::new(),
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

/// GET /client-fit/settings
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    axum::extract::Query(q): axum::extract::Query<ShowQuery>,
) -> Result<SettingsPage, AppError> {
    let current = s.store.client_fit_settings().await?;
    Ok(page(tr, &user, &current, q.saved.is_some()))
}

/// Reads the form into settings, or the readable reasons it cannot be saved.
///
/// Fields: `minutes_per_interaction`, `minutes_per_complaint`, `min_tenure_days` (blank: the
/// default, 90), `cost_<CUR>` per currency
/// already set (blank removes it), `new_currency` + `new_cost` to add one.
pub fn parse(tr: &Tr, f: &HashMap<String, String>) -> Result<FitSettings, Vec<String>> {
    let mut errors = Vec::new();
    let field = |k: &str| f.get(k).map(|v| v.trim()).unwrap_or_default();
    let mut minutes = |k: &str, label: &str| -> i64 {
        match field(k).parse::<i64>() {
            Ok(n) if (0..=1440).contains(&n) => n,
            _ => {
                errors.push(tr.t_with(
                    "cf-settings-error-minutes",
                    &[("field", &tr.t(label)), ("value", field(k))],
                ));
                0
            }
        }
    };
    let mpi = minutes("minutes_per_interaction", "cf-settings-minutes-interaction");
    let mpc = minutes("minutes_per_complaint", "cf-settings-minutes-complaint");
    let raw_tenure = field("min_tenure_days");
    let min_tenure = if raw_tenure.is_empty() {
        carewell_domain::client_fit::MIN_TENURE_DAYS_DEFAULT
    } else {
        match raw_tenure.parse::<i64>() {
            Ok(n) if (0..=3650).contains(&n) => n,
            _ => {
                errors.push(tr.t_with("cf-settings-error-tenure", &[("value", raw_tenure)]));
                0
            }
        }
    };
    let mut hourly = BTreeMap::new();
    let mut cost = |cur: &str, raw: &str, errors: &mut Vec<String>| {
        let Ok(c) = Currency::parse(cur) else {
            errors.push(tr.t_with("cf-settings-error-currency", &[("currency", cur)]));
            return;
        };
        match Money::parse_decimal(raw, c) {
            Ok(m) if m.minor >= 0 => {
                hourly.insert(c.as_str().to_string(), m.minor);
            }
            _ => errors.push(tr.t_with(
                "cf-settings-error-cost",
                &[("currency", c.as_str()), ("value", raw)],
            )),
        }
    };
    let mut keys: Vec<&String> = f.keys().filter(|k| k.starts_with("cost_")).collect();
    keys.sort();
    for k in keys {
        let raw = f[k].trim();
        if !raw.is_empty() {
            cost(&k["cost_".len()..], raw, &mut errors);
        }
    }
    let (nc, nv) = (field("new_currency"), field("new_cost"));
    match (nc.is_empty(), nv.is_empty()) {
        (true, true) => {}
        (false, false) => cost(nc, nv, &mut errors),
        _ => errors.push(tr.t("cf-settings-error-new")),
    }
    if errors.is_empty() {
        Ok(FitSettings {
            minutes_per_interaction: mpi,
            minutes_per_complaint: mpc,
            hourly_cost: hourly,
            min_tenure_days: min_tenure,
        })
    } else {
        Err(errors)
    }
}

/// POST /client-fit/settings
pub async fn save(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let errors = match parse(&tr, &f) {
        Ok(settings) => match s
            .store
            .set_client_fit_settings(&user.actor(), &settings)
            .await
            .map_err(AppError::from)
        {
            Ok(_) => return Ok(Redirect::to("/client-fit/settings?saved=1").into_response()),
            Err(AppError::Invalid(v)) => v.iter().map(|e| tr.invalid(e)).collect(),
            Err(e) => return Err(e),
        },
        Err(errors) => errors,
    };
    // Keep what was typed.
    let current = s.store.client_fit_settings().await?;
    let mut p = page(tr, &user, &current, false);
    let typed = |k: &str| f.get(k).cloned().unwrap_or_default();
    p.minutes_per_interaction = typed("minutes_per_interaction");
    p.minutes_per_complaint = typed("minutes_per_complaint");
    p.min_tenure_days = typed("min_tenure_days");
    for row in &mut p.costs {
        if let Some(v) = f.get(&format!("cost_{}", row.currency)) {
            row.amount = v.clone();
        }
    }
    p.new_currency = typed("new_currency");
    p.new_cost = typed("new_cost");
    p.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
}
