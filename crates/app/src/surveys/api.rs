//! `/api/v1/surveys`: create and send a survey (managers, admins), the list, one survey with
//! its send log, its results, its responses as CSV, and the survey settings.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::csv_cell::guard;
use carewell_domain::survey::SurveyKind;
use carewell_store::surveys::results::ResponseItem;
use carewell_store::surveys::{
    NewSurvey, Recipient, Results, SendReport, StageTrigger, Survey, SurveyItem, SurveySettings,
};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A survey to send.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SurveyBody {
    /// `nps`, `csat` or `ces`.
    pub kind: String,
    /// Send to this segment's members.
    pub segment_id: Option<String>,
    /// Send to these customers (at most 10,000).
    #[serde(default)]
    pub customer_ids: Vec<String>,
    /// Name (default: the kind and today's date).
    pub name: Option<String>,
    /// Custom question wording (default: the kind's standard question, translated).
    pub question: Option<String>,
    /// Days the links stay valid (1–365, default 30).
    pub expires_days: Option<i64>,
}

/// Create a survey and send it (managers, admins): one e-mail with a one-time link per
/// recipient; recipients surveyed within the recontact period are `throttled` (not queued),
/// those without an e-mail address or e-mail consent `skipped`.
#[utoipa::path(post, operation_id = "create_survey", path = "/api/v1/surveys", tag = "surveys", request_body = SurveyBody,
    responses((status = 201, body = SendReport), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<SurveyBody>,
) -> Result<Response, AppError> {
    let input = NewSurvey {
        kind: Some(SurveyKind::parse(&b.kind)?),
        name: b.name,
        question: b.question,
        segment_id: b.segment_id,
        customer_ids: b.customer_ids,
        expires_days: b.expires_days,
        trigger_kind: "manual".into(),
    };
    let r = s
        .store
        .send_survey(&user.actor(), &input, Utc::now())
        .await?;
    let loc = format!("/api/v1/surveys/{}", r.survey.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, loc)], Json(r)).into_response())
}

/// List parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Start after this survey: the previous page's last id.
    pub cursor: Option<String>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
}

/// Surveys, newest first, with their counts.
#[utoipa::path(get, operation_id = "list_surveys", path = "/api/v1/surveys", tag = "surveys", params(ListParams),
    responses((status = 200, body = Vec<SurveyItem>)))]
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Vec<SurveyItem>>, AppError> {
    Ok(Json(
        s.store
            .surveys(p.limit.unwrap_or(50), p.cursor.as_deref())
            .await?,
    ))
}

/// A survey with its send log.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyOut {
    /// The survey.
    #[serde(flatten)]
    pub survey: Survey,
    /// Every recipient: `sent`, `throttled` (with `last_surveyed_at`) or `skipped`, with the
    /// reason.
    pub recipients: Vec<Recipient>,
}

/// One survey with its send log.
#[utoipa::path(get, operation_id = "get_survey", path = "/api/v1/surveys/{id}", tag = "surveys", params(("id" = String, Path, description = "Survey id")),
    responses((status = 200, body = SurveyOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<SurveyOut>, AppError> {
    let survey = s.store.survey(&id).await?;
    let recipients = s.store.survey_recipients(&id, user.clearance()).await?;
    Ok(Json(SurveyOut { survey, recipients }))
}

/// A survey's results: score (NPS: % promoters − % detractors; CSAT, CES: % good), response
/// rate, promoters / passives / detractors, margin of error, distribution, by month and by
/// customer segment.
#[utoipa::path(get, operation_id = "survey_results", path = "/api/v1/surveys/{id}/results", tag = "surveys", params(("id" = String, Path, description = "Survey id")),
    responses((status = 200, body = Results), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn results(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Results>, AppError> {
    let survey = s.store.survey(&id).await?;
    Ok(Json(
        s.store.survey_results(&survey, user.clearance()).await?,
    ))
}

/// The responses as CSV (customer, score, comment, time).
#[utoipa::path(get, operation_id = "survey_responses_csv", path = "/api/v1/surveys/{id}/responses.csv", tag = "surveys", params(("id" = String, Path, description = "Survey id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn responses_csv(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let survey = s.store.survey(&id).await?;
    let rows = s.store.survey_responses(&id, user.clearance()).await?;
    csv_response(&survey, &rows)
}

/// The CSV download of `rows` (cells that a spreadsheet would run as formulas are escaped).
pub fn csv_response(survey: &Survey, rows: &[ResponseItem]) -> Result<Response, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record([
        "response_id",
        "customer_id",
        "customer",
        "score",
        "comment",
        "answered_at",
    ])
    .map_err(io)?;
    for r in rows {
        w.write_record([
            r.id.clone(),
            r.customer_id.clone(),
            guard(&r.customer_name).into_owned(),
            r.score.to_string(),
            guard(r.comment.as_deref().unwrap_or_default()).into_owned(),
            r.answered_at.clone(),
        ])
        .map_err(io)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(crate::web::csv::csv_response(
        &format!("survey-{}-responses.csv", survey.id),
        body,
    ))
}

/// The survey settings.
#[utoipa::path(get, operation_id = "survey_settings", path = "/api/v1/surveys/settings", tag = "surveys",
    responses((status = 200, body = SurveySettings)))]
pub async fn settings(State(s): State<AppState>) -> Result<Json<SurveySettings>, AppError> {
    Ok(Json(s.store.survey_settings().await?))
}

/// Change the survey settings (managers, admins): the recontact throttle in days (1–365) and
/// whether the quarterly relationship NPS runs.
#[utoipa::path(put, operation_id = "set_survey_settings", path = "/api/v1/surveys/settings", tag = "surveys", request_body = SurveySettings,
    responses((status = 200, body = SurveySettings), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_settings(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<SurveySettings>,
) -> Result<Json<SurveySettings>, AppError> {
    Ok(Json(s.store.set_survey_settings(&user.actor(), &b).await?))
}

/// The stage-trigger rules; in a change, the list replaces them (`[]` removes them all).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageTriggersBody {
    /// The rules: a survey of `kind` (`nps`, `csat`, `ces`) `days` days (1–3650) after a
    /// customer entered `stage`.
    pub stage_triggers: Vec<StageTrigger>,
}

/// The surveys sent "N days into a stage": each rule's survey goes, by the daily survey job, to
/// the customers who crossed its mark that day — within the recontact throttle, and never
/// twice for the same entry into the stage.
#[utoipa::path(get, operation_id = "survey_stage_triggers", path = "/api/v1/surveys/stage-triggers", tag = "surveys",
    responses((status = 200, body = StageTriggersBody)))]
pub async fn stage_triggers(
    State(s): State<AppState>,
) -> Result<Json<StageTriggersBody>, AppError> {
    Ok(Json(StageTriggersBody {
        stage_triggers: s.store.survey_stage_triggers().await?,
    }))
}

/// Replace the stage-trigger rules (managers, admins; audited). Days outside 1–3650 or a rule
/// listed twice are a 422 naming `stage_triggers.<n>.days`.
#[utoipa::path(put, operation_id = "set_survey_stage_triggers", path = "/api/v1/surveys/stage-triggers", tag = "surveys",
    request_body = StageTriggersBody,
    responses((status = 200, body = StageTriggersBody), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_stage_triggers(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<StageTriggersBody>,
) -> Result<Json<StageTriggersBody>, AppError> {
    Ok(Json(StageTriggersBody {
        stage_triggers: s
            .store
            .set_survey_stage_triggers(&user.actor(), &b.stage_triggers)
            .await?,
    }))
}
