//! The minimum-notice and retention rule tables.

use super::Problemed;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use crate::web::extract::ApiJson;
use axum::Json;
use axum::extract::State;
use carewell_domain::offboarding::notice::NoticeRule;
use carewell_domain::offboarding::retention::RetentionRule;
use serde::Deserialize;
use utoipa::ToSchema;

/// The minimum-notice rules.
#[utoipa::path(get, path = "/api/v1/offboarding/notice-rules", tag = "offboarding",
    responses((status = 200, body = Vec<NoticeRule>)))]
pub async fn notice_rules(State(s): State<AppState>) -> Problemed<Json<Vec<NoticeRule>>> {
    Ok(Json(s.store.notice_rules().await?))
}

/// A notice rule to set.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NoticeRuleBody {
    /// Country code, `EU` or `default`.
    pub jurisdiction: String,
    /// Contract type or `default`.
    pub contract_type: String,
    /// Calendar months.
    #[serde(default)]
    pub min_months: i64,
    /// Days.
    #[serde(default)]
    pub min_days: i64,
    /// Where the rule comes from.
    pub basis: String,
}

/// Add or replace a minimum-notice rule (admins).
#[utoipa::path(put, path = "/api/v1/offboarding/notice-rules", tag = "offboarding", request_body = NoticeRuleBody,
    responses((status = 200, body = Vec<NoticeRule>), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_notice_rule(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<NoticeRuleBody>,
) -> Problemed<Json<Vec<NoticeRule>>> {
    let r = NoticeRule::new(
        &b.jurisdiction,
        &b.contract_type,
        b.min_months,
        b.min_days,
        &b.basis,
    )?;
    s.store.set_notice_rule(&user.actor(), &r).await?;
    Ok(Json(s.store.notice_rules().await?))
}

/// The retention rules.
#[utoipa::path(get, path = "/api/v1/offboarding/retention-rules", tag = "offboarding",
    responses((status = 200, body = Vec<RetentionRule>)))]
pub async fn retention_rules(State(s): State<AppState>) -> Problemed<Json<Vec<RetentionRule>>> {
    Ok(Json(s.store.retention_rules().await?))
}

/// Add or replace a retention rule (compliance, admins).
#[utoipa::path(put, path = "/api/v1/offboarding/retention-rules", tag = "offboarding", request_body = RetentionRule,
    responses((status = 200, body = Vec<RetentionRule>), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_retention_rule(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<RetentionRule>,
) -> Problemed<Json<Vec<RetentionRule>>> {
    let r = RetentionRule::new(&b.category, b.tables, b.keep_days, &b.legal_basis)?;
    s.store.set_retention_rule(&user.actor(), &r).await?;
    Ok(Json(s.store.retention_rules().await?))
}
