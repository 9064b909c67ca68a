//! Staff pages: `/retention` (the care list by value at risk, its filters and CSV, and for
//! managers the form that starts a run) and `/retention/model` (the current run's parameters,
//! fit, holdout chart with its table, a verdict when the model fits poorly, and past runs).

use crate::kernel::state::AppState;
use crate::retention::api::AtRiskParams;
use crate::retention::view::AtRiskBody;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, When, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::csv_cell::guard;
use carewell_domain::retention::{Holdout, POOR_FIT_PCT, RunRequest};
use carewell_domain::role::Role;
use carewell_store::predictions::Run;
use std::collections::HashMap;

/// The run form's labels.
const RUN_LABELS: Labels = &[
    ("model", "ret-model"),
    ("unit", "ret-unit"),
    ("calibration_end", "ret-calibration-end"),
    ("holdout_days", "ret-holdout-days"),
    ("horizon_days", "ret-horizon-days"),
];

/// A run as a line on the pages.
pub struct RunLine {
    id: String,
    status: String,
    status_label: String,
    model: String,
    calibration_end: String,
    customers: String,
    created: When,
    by: String,
    duration: String,
    error: String,
}

fn run_line(tr: &Tr, r: &Run) -> RunLine {
    RunLine {
        id: r.id.clone(),
        status: r.status.clone(),
        status_label: label(tr, "ret-status", &r.status),
        model: label(tr, "ret-model", r.options.model.as_str()),
        calibration_end: r.options.calibration_end.to_string(),
        customers: r.scored.map_or("—".into(), |n| n.to_string()),
        created: when(&r.created_at),
        by: r.started_by_label.clone(),
        duration: r
            .duration_ms
            .map_or(String::new(), |ms| format!("{:.2} s", ms as f64 / 1000.0)),
        error: r.error.clone().unwrap_or_default(),
    }
}

/// The care list page.
#[derive(Template, WebTemplate)]
#[template(path = "retention/list.html")]
pub struct ListPage {
    chrome: Chrome,
    rows: Vec<AtRiskBody>,
    next: Option<String>,
    bands: Vec<Opt>,
    stages: Vec<Opt>,
    owners: Vec<Opt>,
    languages: Vec<Opt>,
    segment: String,
    query: String,
    current: Option<RunLine>,
    active: Option<RunLine>,
    summary: String,
    can_manage: bool,
    models: Vec<Opt>,
    units: Vec<Opt>,
    form: HashMap<String, String>,
    errors: FormErrors,
    called: Option<String>,
    can_write: bool,
}

impl ListPage {
    /// The label of `field` for the error summary.
    pub fn field_label(&self, field: &str) -> String {
        self.errors.label(&self.chrome.tr, field)
    }

    /// A typed value of the run form.
    pub fn typed(&self, k: &str) -> String {
        self.form.get(k).cloned().unwrap_or_default()
    }
}

fn query_string(q: &AtRiskParams) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("band", &q.band),
        ("segment", &q.segment),
        ("owner_id", &q.owner_id),
        ("stage", &q.stage),
        ("language", &q.language),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!(
                "{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            ));
        }
    }
    parts.join("&")
}

async fn list_page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    q: &AtRiskParams,
    form: HashMap<String, String>,
    errors: FormErrors,
) -> Result<ListPage, AppError> {
    let filter = q.filter()?;
    let (items, next) = s
        .store
        .at_risk(
            user.clearance(),
            &filter,
            q.limit.unwrap_or(50).clamp(1, 200),
        )
        .await?;
    let current = s.store.current_run().await?;
    let active = s.store.active_run().await?;
    let summary = current
        .as_ref()
        .and_then(|r| r.summary.as_ref().map(|sm| (r, sm)))
        .map(|(r, sm)| {
            tr.t_with(
                "ret-summary",
                &[
                    ("high", &sm.high.to_string()),
                    ("medium", &sm.medium.to_string()),
                    ("low", &sm.low.to_string()),
                    (
                        "var",
                        &crate::retention::view::money(
                            &tr,
                            Some(sm.value_at_risk),
                            r.currency.as_deref(),
                        ),
                    ),
                ],
            )
        })
        .unwrap_or_default();
    let users = s.store.users().await?;
    let cur = |v: &Option<String>| v.clone().unwrap_or_default();
    let stages: Vec<&str> = carewell_domain::customer::LifecycleStage::ALL
        .iter()
        .map(|s| s.as_str())
        .filter(|s| *s != "departed")
        .collect();
    let settings = s.store.retention_settings().await?;
    Ok(ListPage {
        rows: items.into_iter().map(|i| AtRiskBody::new(&tr, i)).collect(),
        next,
        bands: opts(&tr, "risk-band", &["high", "medium", "low"], &cur(&q.band)),
        stages: opts(&tr, "stage", &stages, &cur(&q.stage)),
        owners: users
            .iter()
            .filter(|u| u.active)
            .map(|u| Opt {
                value: u.id.clone(),
                label: u.name.clone(),
                selected: q.owner_id.as_deref() == Some(u.id.as_str()),
            })
            .collect(),
        languages: carewell_domain::language::SHIPPED
            .iter()
            .map(|l| Opt {
                value: (*l).to_string(),
                label: label(&tr, "lang", l),
                selected: q.language.as_deref() == Some(*l),
            })
            .collect(),
        segment: cur(&q.segment),
        query: query_string(q),
        current: current.as_ref().map(|r| run_line(&tr, r)),
        active: active.as_ref().map(|r| run_line(&tr, r)),
        summary,
        can_manage: user.has(Role::MANAGERS),
        models: opts(
            &tr,
            "ret-model",
            &["bgnbd", "pnbd", "mbgnbd"],
            form.get("model")
                .map_or(settings.model.as_str(), String::as_str),
        ),
        units: opts(
            &tr,
            "ret-unit",
            &["week", "day"],
            form.get("unit")
                .map_or(settings.unit.as_str(), String::as_str),
        ),
        called: q.called.as_deref().map(|c| format!("/customers/{c}")),
        can_write: user.has(Role::WRITERS),
        form,
        errors,
        chrome: Chrome::new(tr, user),
    })
}

/// GET /retention
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<AtRiskParams>,
) -> Result<ListPage, AppError> {
    list_page(&s, tr, &user, &q, HashMap::new(), FormErrors::default()).await
}

/// GET /retention.csv: the filtered care list (up to 10,000 rows) as CSV; cells a
/// spreadsheet would run as formulas are escaped.
pub async fn csv(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<AtRiskParams>,
) -> Result<Response, AppError> {
    let mut filter = q.filter()?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record([
        "customer_id",
        "name",
        "stage",
        "owner",
        "risk_score",
        "risk_band",
        "p_alive",
        "clv",
        "value_at_risk",
        "currency",
        "top_reason",
        "last_contact_at",
    ])
    .map_err(io)?;
    for _ in 0..20 {
        let (items, next) = s.store.at_risk(user.clearance(), &filter, 500).await?;
        for i in items {
            let b = AtRiskBody::new(&tr, i);
            w.write_record([
                b.customer_id.clone(),
                guard(&b.name).into_owned(),
                b.stage.clone(),
                guard(b.owner_name.as_deref().unwrap_or_default()).into_owned(),
                b.prediction.risk_score.to_string(),
                b.prediction.risk_band.clone(),
                b.prediction
                    .p_alive
                    .map_or(String::new(), |v| format!("{v:.4}")),
                b.prediction
                    .clv
                    .map_or(String::new(), |v| format!("{v:.2}")),
                format!("{:.2}", b.prediction.value_at_risk),
                b.prediction.currency.clone().unwrap_or_default(),
                guard(&b.top_reason).into_owned(),
                b.last_contact_at.clone(),
            ])
            .map_err(io)?;
        }
        match next {
            Some(n) => filter.after = Some(n),
            None => break,
        }
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(crate::web::csv::csv_response("at-risk.csv", body))
}

/// POST /retention/runs: start a run (managers, admins); a refused form (bad option, a run in
/// progress) comes back with the reason beside the field (422) or above the form (409).
pub async fn start(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let field = |k: &str| {
        f.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let num = |k: &str| field(k).map(|v| v.parse::<i64>().unwrap_or(-1));
    let req = RunRequest {
        model: field("model"),
        unit: field("unit"),
        calibration_end: field("calibration_end"),
        holdout_days: num("holdout_days"),
        horizon_days: num("horizon_days"),
    };
    let settings = s.store.retention_settings().await?;
    let result = match req.options(&settings, s.clock.now().date_naive()) {
        Ok(o) => s
            .store
            .create_run(&user.actor(), &o)
            .await
            .map_err(AppError::from),
        Err(e) => Err(AppError::from(carewell_store::StoreError::from(e))),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/retention?started=1").into_response()),
        Err(e) => {
            let status = if matches!(e, AppError::Refused(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = FormErrors::from_app_in(&tr, e, RUN_LABELS)?;
            let page = list_page(&s, tr, &user, &AtRiskParams::default(), f, errors).await?;
            Ok((status, page).into_response())
        }
    }
}

/// POST /retention/{id}/call: from the care list, give the customer to the chosen owner (if
/// changed) and make sure the owner has an open retention call task for them, due in a day;
/// back to the list with a confirmation.
pub async fn call(
    State(s): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let owner = f
        .get("owner_id")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty());
    s.store.retention_call(&user.actor(), &id, owner).await?;
    Ok(Redirect::to(&format!(
        "/retention?called={}",
        url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
    ))
    .into_response())
}

/// A bar pair of the holdout chart.
pub struct HoldoutBar {
    frequency: String,
    customers: u64,
    predicted: String,
    actual: String,
    /// SVG geometry.
    x: f64,
    ph: f64,
    ah: f64,
}

/// Chart size.
pub const CHART_W: f64 = 480.0;
/// Chart height.
pub const CHART_H: f64 = 200.0;

fn bars(h: &Holdout) -> Vec<HoldoutBar> {
    let max = h
        .buckets
        .iter()
        .flat_map(|b| [b.predicted_mean, b.actual_mean])
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let slot = CHART_W / h.buckets.len().max(1) as f64;
    h.buckets
        .iter()
        .enumerate()
        .map(|(i, b)| HoldoutBar {
            frequency: b.frequency.clone(),
            customers: b.customers,
            predicted: format!("{:.2}", b.predicted_mean),
            actual: format!("{:.2}", b.actual_mean),
            x: i as f64 * slot + slot * 0.15,
            ph: (b.predicted_mean / max * (CHART_H - 30.0)).max(0.0),
            ah: (b.actual_mean / max * (CHART_H - 30.0)).max(0.0),
        })
        .collect()
}

/// The model page.
#[derive(Template, WebTemplate)]
#[template(path = "retention/model.html")]
pub struct ModelPage {
    chrome: Chrome,
    run: Option<Run>,
    line: Option<RunLine>,
    params: Vec<(String, String)>,
    spend: Vec<(String, String)>,
    fit: String,
    bars: Vec<HoldoutBar>,
    holdout_total: String,
    verdict_poor: bool,
    runs: Vec<RunLine>,
    trend: Vec<carewell_domain::retention::TrendMonth>,
    trend_warning: bool,
}

impl ModelPage {
    /// Bar width.
    pub fn bar_w(&self) -> f64 {
        CHART_W / self.bars.len().max(1) as f64 * 0.35
    }
}

fn pairs(v: &Option<serde_json::Value>) -> Vec<(String, String)> {
    v.as_ref()
        .and_then(|v| v.as_object())
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_f64().map_or(v.to_string(), |f| format!("{f:.4}")),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// GET /retention/model
pub async fn model(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<ModelPage, AppError> {
    let run = s.store.current_run().await?;
    let runs = s.store.prediction_runs(20).await?;
    let trend = crate::retention::api::trend(&s).await?;
    let holdout = run.as_ref().and_then(|r| r.holdout.clone());
    let fit = run
        .as_ref()
        .and_then(|r| r.fit.as_ref())
        .map(|f| {
            let conv = f
                .get("converged")
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            let it = f.get("iterations").and_then(|v| v.as_i64()).unwrap_or(0);
            tr.t_with(
                if conv {
                    "ret-fit-converged"
                } else {
                    "ret-fit-not-converged"
                },
                &[("iterations", &it.to_string())],
            )
        })
        .unwrap_or_default();
    Ok(ModelPage {
        params: pairs(&run.as_ref().and_then(|r| r.params.clone())),
        spend: pairs(&run.as_ref().and_then(|r| r.spend_params.clone())),
        fit,
        bars: holdout.as_ref().map(bars).unwrap_or_default(),
        holdout_total: holdout
            .as_ref()
            .map(|h| {
                tr.t_with(
                    "ret-holdout-total",
                    &[
                        ("days", &h.days.to_string()),
                        ("customers", &h.customers.to_string()),
                        ("predicted", &format!("{:.0}", h.predicted)),
                        ("actual", &format!("{:.0}", h.actual)),
                        (
                            "error",
                            &h.error_pct.map_or("—".into(), |e| format!("{e:.1}")),
                        ),
                    ],
                )
            })
            .unwrap_or_default(),
        verdict_poor: holdout.as_ref().is_some_and(|h| h.poor(POOR_FIT_PCT)),
        trend_warning: trend.months.iter().any(|m| m.warning),
        trend: trend.months,
        line: run.as_ref().map(|r| run_line(&tr, r)),
        runs: runs.iter().map(|r| run_line(&tr, r)).collect(),
        run,
        chrome: Chrome::new(tr, &user),
    })
}
