//! `/api/v1/predictions/runs` (start and read scoring runs), `/api/v1/customers/{id}/prediction`,
//! `/api/v1/retention/at-risk` (the care list) and `/api/v1/retention/settings`.

use crate::kernel::state::AppState;
use crate::retention::view::{AtRiskBody, PredictionBody};
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::i18n::Tr;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use carewell_domain::Entity;
use carewell_domain::retention::{RetentionSettings, RiskBand, RunRequest, TrendMonth};
use carewell_store::StoreError;
use carewell_store::predictions::{AtRiskFilter, Run};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Start a scoring run (managers, admins; audited): `model` (`bgnbd` default, `pnbd`,
/// `mbgnbd`), `unit` (`day`, `week`), `calibration_end` (`YYYY-MM-DD`, default today; not in
/// the future), `holdout_days` (0–730, default 90), `horizon_days` (1–3650, default 90); the
/// rest (CLV margin, discount rate, months) from the settings. Answers 202 with the queued
/// run; a background job executes it. While a run is queued or running, 409 naming its id.
#[utoipa::path(post, operation_id = "start_prediction_run", path = "/api/v1/predictions/runs", tag = "retention",
    request_body = RunRequest,
    responses((status = 202, body = Run), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn start_run(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<RunRequest>,
) -> Result<(StatusCode, Json<Run>), AppError> {
    let settings = s.store.retention_settings().await?;
    let options = b
        .options(&settings, s.clock.now().date_naive())
        .map_err(StoreError::from)?;
    let run = s.store.create_run(&user.actor(), &options).await?;
    Ok((StatusCode::ACCEPTED, Json(run)))
}

/// The latest runs.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunList {
    /// Newest first (at most 50).
    pub items: Vec<Run>,
}

/// The latest runs, newest first.
#[utoipa::path(get, operation_id = "prediction_runs", path = "/api/v1/predictions/runs", tag = "retention",
    responses((status = 200, body = RunList)))]
pub async fn runs(State(s): State<AppState>) -> Result<Json<RunList>, AppError> {
    Ok(Json(RunList {
        items: s.store.prediction_runs(50).await?,
    }))
}

/// One run: its options, status, fitted parameters (`params`: BG/NBD and MBG/NBD `r, alpha,
/// a, b`; Pareto/NBD `r, alpha, s, beta`), Gamma-Gamma parameters, log-likelihood, customer
/// count, duration, holdout validation (predicted vs actual repeat purchases in total and per
/// frequency bucket 0…6, 7+), counts per band and who started it.
#[utoipa::path(get, operation_id = "prediction_run", path = "/api/v1/predictions/runs/{id}", tag = "retention",
    params(("id" = String, Path, description = "Run id")),
    responses((status = 200, body = Run), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn run(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Run>, AppError> {
    Ok(Json(
        s.store
            .prediction_run(&id)
            .await?
            .ok_or(StoreError::NotFound(Entity::PredictionRun))?,
    ))
}

/// A customer's churn risk and value: P(alive), expected purchases over the horizon, CLV,
/// risk score and band, value at risk and the reasons (in the caller's language), with the
/// history of past runs. 404 when no run has scored the customer; 403 while a retention hold
/// runs on them, for those who may not read held records.
#[utoipa::path(get, operation_id = "customer_prediction", path = "/api/v1/customers/{id}/prediction", tag = "retention",
    params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = PredictionBody), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn customer_prediction(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<PredictionBody>, AppError> {
    s.store.customer(&id).await?;
    let p = s
        .store
        .customer_prediction(user.clearance(), &id)
        .await?
        .ok_or(StoreError::NotFound(Entity::Customer))?;
    Ok(Json(PredictionBody::new(&tr, p)))
}

/// Filters and paging of the care list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AtRiskParams {
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
    /// `low`, `medium` or `high`.
    pub band: Option<String>,
    /// The customer's segment field.
    pub segment: Option<String>,
    /// Owner user id.
    pub owner_id: Option<String>,
    /// Lifecycle stage.
    pub stage: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// The previous page's `next`.
    pub after: Option<String>,
    /// (Page only) the customer whose call task was just made.
    #[serde(default)]
    #[param(ignore)]
    pub called: Option<String>,
}

impl AtRiskParams {
    /// The store filter (a bad band refused, naming `band`).
    pub fn filter(&self) -> Result<AtRiskFilter, StoreError> {
        let some = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        Ok(AtRiskFilter {
            band: some(&self.band).map(|b| RiskBand::parse(&b)).transpose()?,
            segment: some(&self.segment),
            owner_id: some(&self.owner_id),
            stage: some(&self.stage),
            language: some(&self.language),
            after: some(&self.after),
        })
    }
}

/// A page of the care list.
#[derive(Debug, Serialize, ToSchema)]
pub struct AtRiskPage {
    /// Highest value at risk first.
    pub items: Vec<AtRiskBody>,
    /// Cursor of the next page (`after`), if there is one.
    pub next: Option<String>,
}

/// The care list: customers who have not departed, ordered by value at risk, with P(alive),
/// CLV, value at risk, the top reason, last contact and owner. Held customers are left out for
/// those who may not read held records.
#[utoipa::path(get, operation_id = "retention_at_risk", path = "/api/v1/retention/at-risk", tag = "retention",
    params(AtRiskParams),
    responses((status = 200, body = AtRiskPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn at_risk(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<AtRiskParams>,
) -> Result<Json<AtRiskPage>, AppError> {
    let (items, next) = s
        .store
        .at_risk(user.clearance(), &q.filter()?, q.limit.unwrap_or(50))
        .await?;
    Ok(Json(AtRiskPage {
        items: items.into_iter().map(|i| AtRiskBody::new(&tr, i)).collect(),
        next,
    }))
}

/// The churn trend.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChurnTrend {
    /// The last 12 months, oldest first.
    pub months: Vec<TrendMonth>,
    /// Months flagged (outside the 95 % band).
    pub warnings: Vec<String>,
}

/// Is this month's churn normal? Departures (offboarding closed: the customer's stage became
/// departed) per month for the last 12 months, each against the expected count — the month's
/// customers times the departure rate of the six months before (from three months of history)
/// — with a 95 % band (Poisson on the expected count); months outside it are `warning`.
#[utoipa::path(get, operation_id = "retention_churn_trend", path = "/api/v1/retention/churn-trend", tag = "retention",
    responses((status = 200, body = ChurnTrend)))]
pub async fn churn_trend(State(s): State<AppState>) -> Result<Json<ChurnTrend>, AppError> {
    Ok(Json(trend(&s).await?))
}

/// The trend as the API and the model page show it.
pub async fn trend(s: &AppState) -> Result<ChurnTrend, AppError> {
    // 18 months read, so the first shown month has six months before it.
    let rows = s
        .store
        .departures_by_month(18, s.clock.now().date_naive())
        .await?;
    let all = carewell_domain::retention::churn_trend(&rows);
    let months: Vec<TrendMonth> = all.into_iter().skip(6).collect();
    Ok(ChurnTrend {
        warnings: months
            .iter()
            .filter(|m| m.warning)
            .map(|m| m.month.clone())
            .collect(),
        months,
    })
}

/// The departure-care settings: the daily run (`daily`, `daily_at` UTC), the model and unit
/// of scheduled runs, holdout and horizon days, CLV months, margin and annual discount rate,
/// the band thresholds (`medium_from`, `high_from`), the contract signal's days and whether a
/// high band moves the customer to stage `at-risk`.
#[utoipa::path(get, operation_id = "retention_settings", path = "/api/v1/retention/settings", tag = "retention",
    responses((status = 200, body = RetentionSettings)))]
pub async fn settings(State(s): State<AppState>) -> Result<Json<RetentionSettings>, AppError> {
    Ok(Json(s.store.retention_settings().await?))
}

/// Change the departure-care settings (managers, admins; audited). Every field at fault is
/// named (422).
#[utoipa::path(put, operation_id = "set_retention_settings", path = "/api/v1/retention/settings", tag = "retention",
    request_body = RetentionSettings,
    responses((status = 200, body = RetentionSettings), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_settings(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<RetentionSettings>,
) -> Result<Json<RetentionSettings>, AppError> {
    Ok(Json(
        s.store.set_retention_settings(&user.actor(), &b).await?,
    ))
}
