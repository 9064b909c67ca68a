//! Reading cases: the list with its filters, and one case with everything about it (held
//! figures for compliance only).

use super::{Problemed, blank};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::Problem;
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::offboarding::{Initiator, Reason};
use carewell_store::OrRestricted;
use carewell_store::offboarding::erasure::Hold;
use carewell_store::offboarding::{
    CaseQuery, CaseStep, Impact, LetterDraft, OffboardingCase, SurveyAnswer,
};
use carewell_store::tasks::Task;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A case with the actions accepted now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseOut {
    /// The case.
    #[serde(flatten)]
    pub case: OffboardingCase,
    /// Actions accepted now (approve, log-contact, send-letter, close, erase, cancel).
    pub allowed_actions: Vec<String>,
}

impl From<OffboardingCase> for CaseOut {
    fn from(case: OffboardingCase) -> Self {
        Self {
            allowed_actions: case
                .allowed_actions()
                .into_iter()
                .map(str::to_string)
                .collect(),
            case,
        }
    }
}

/// A case with everything about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    /// The case and allowed actions.
    #[serde(flatten)]
    pub case: CaseOut,
    /// Steps, oldest first.
    pub steps: Vec<CaseStep>,
    /// The farewell letter draft.
    pub letter: Option<LetterDraft>,
    /// The exit survey.
    pub survey: Option<SurveyAnswer>,
    /// Impact on the account; `null` while the records are held and the caller is not
    /// compliance (see the case's `restricted`).
    pub impact: Option<Impact>,
    /// Retention holds of the case.
    pub holds: Vec<Hold>,
    /// Follow-up tasks.
    pub tasks: Vec<Task>,
}

/// Loads the full detail of a case for `user`.
pub async fn detail(s: &AppState, user: &CurrentUser, id: &str) -> Problemed<CaseDetail> {
    let who = user.clearance();
    let case = s.store.offboarding_case(who, id).await?;
    let holds = s.store.offboarding_holds(id).await?;
    let impact = s.store.offboarding_impact(who, id).await.or_restricted()?;
    Ok(CaseDetail {
        steps: s.store.offboarding_steps(who, id).await?,
        letter: s.store.offboarding_letter(id).await?,
        survey: s.store.exit_survey(id).await?,
        tasks: s.store.tasks_for_source("offboarding", id).await?,
        case: case.into(),
        impact,
        holds,
    })
}

/// List filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// A status, or `active` for all but erased and cancelled.
    pub status: Option<String>,
    /// Customer id.
    pub customer_id: Option<String>,
    /// Reason.
    pub reason: Option<String>,
    /// company or customer.
    pub initiator: Option<String>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
    /// Rows to skip (after the cursor, if any); prefer `cursor` for deep pages.
    pub offset: Option<i64>,
    /// Start after this case: the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// One page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    /// Cases, newest first.
    pub items: Vec<CaseOut>,
    /// Matches in all, counted up to 1,000 (see `total_capped`).
    pub total: i64,
    /// More than `total` cases match.
    pub total_capped: bool,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
    /// The `cursor` of the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List offboarding cases.
#[utoipa::path(get, operation_id = "list_offboarding_cases", path = "/api/v1/offboarding/cases", tag = "offboarding", params(ListParams),
    responses((status = 200, body = CasePage), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Problemed<Json<CasePage>> {
    let q = CaseQuery {
        status: blank(&p.status),
        customer_id: blank(&p.customer_id),
        reason: blank(&p.reason).map(|r| Reason::parse(&r)).transpose()?,
        initiator: blank(&p.initiator)
            .map(|r| Initiator::parse(&r))
            .transpose()?,
        after: blank(&p.cursor),
    };
    let page = s
        .store
        .offboarding_cases(
            user.clearance(),
            &q,
            crate::web::pager::limit(p.limit, 50),
            crate::web::pager::offset(p.offset),
        )
        .await?;
    Ok(Json(CasePage {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        total_capped: page.capped,
        limit: page.limit,
        offset: page.offset,
        next_cursor: page.next,
    }))
}

/// One case: steps, letter, survey, impact (held figures for compliance only), holds, tasks.
#[utoipa::path(get, operation_id = "get_offboarding_case", path = "/api/v1/offboarding/cases/{id}", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<CaseDetail>> {
    Ok(Json(detail(&s, &user, &id).await?))
}
