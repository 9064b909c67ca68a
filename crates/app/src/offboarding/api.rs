//! `/api/v1/offboarding`: cases (open, plan, approve, contact, letter, goodwill, close, cancel,
//! customer link), erasure and certificates (compliance), the customer's data export, the
//! report, and the notice and retention rule tables.

use crate::kernel::state::AppState;
use crate::offboarding::view::page_url;
use crate::web::auth::CurrentUser;
use crate::web::csv::csv_response;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::holds::can_see_held;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::DomainError;
use carewell_domain::ledger::EntryKind;
use carewell_domain::money::{Currency, Money};
use carewell_domain::offboarding::notice::{NoticeCheck, NoticeRule, Timeline};
use carewell_domain::offboarding::retention::RetentionRule;
use carewell_domain::offboarding::{ContactKind, Initiator, Letter, Reason, Situation};
use carewell_domain::time::parse_ts;
use carewell_store::ledger::LedgerEntry;
use carewell_store::offboarding::erasure::{Certificate, Hold};
use carewell_store::offboarding::export::CustomerDataExport;
use carewell_store::offboarding::report::OffboardingReport;
use carewell_store::offboarding::{
    CaseQuery, CaseStep, Impact, LetterDraft, NewCase, OffboardingCase, PlanChange, SurveyAnswer,
};
use carewell_store::tasks::Task;
use chrono::{Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type Problemed<T> = Result<T, AppError>;

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
    /// compliance (see `restricted`).
    pub impact: Option<Impact>,
    /// Whether the customer's financial records are under a retention hold.
    pub restricted: bool,
    /// Retention holds of the case.
    pub holds: Vec<Hold>,
    /// Follow-up tasks.
    pub tasks: Vec<Task>,
}

/// The API's answer with the case a store action returned.
fn case_out(c: OffboardingCase) -> Problemed<Json<CaseOut>> {
    Ok(Json(c.into()))
}

/// Loads the full detail of a case for `user`.
pub async fn detail(s: &AppState, user: &CurrentUser, id: &str) -> Problemed<CaseDetail> {
    let case = s.store.offboarding_case(id).await?;
    let holds = s.store.offboarding_holds(id).await?;
    let restricted = holds.iter().any(|h| h.released_at.is_none());
    let impact = if restricted && !can_see_held(user) {
        None
    } else {
        Some(s.store.offboarding_impact(id).await?)
    };
    Ok(CaseDetail {
        steps: s.store.offboarding_steps(id).await?,
        letter: s.store.offboarding_letter(id).await?,
        survey: s.store.exit_survey(id).await?,
        tasks: s.store.tasks_for_source("offboarding", id).await?,
        case: case.into(),
        impact,
        restricted,
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
    /// Rows to skip.
    pub offset: Option<i64>,
}

/// One page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    /// Cases, newest first.
    pub items: Vec<CaseOut>,
    /// Matches in all.
    pub total: i64,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
}

fn blank(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.trim().is_empty())
}

/// List offboarding cases.
#[utoipa::path(get, path = "/api/v1/offboarding/cases", tag = "offboarding", params(ListParams),
    responses((status = 200, body = CasePage), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Problemed<Json<CasePage>> {
    let q = CaseQuery {
        status: blank(&p.status),
        customer_id: blank(&p.customer_id),
        reason: blank(&p.reason).map(|r| Reason::parse(&r)).transpose()?,
        initiator: blank(&p.initiator)
            .map(|r| Initiator::parse(&r))
            .transpose()?,
    };
    let page = s
        .store
        .offboarding_cases(&q, p.limit.unwrap_or(50), p.offset.unwrap_or(0))
        .await?;
    Ok(Json(CasePage {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        limit: page.limit,
        offset: page.offset,
    }))
}

/// The five dates, `YYYY-MM-DD`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TimelineBody {
    /// When written notice is given.
    pub notice_date: String,
    /// Last day of service.
    pub service_end: String,
    /// Last day of support.
    pub support_end: String,
    /// Last day of the data-export window.
    pub export_until: String,
    /// When personal data is erased.
    pub deletion_date: String,
}

impl TimelineBody {
    fn parse(&self) -> Result<Timeline, DomainError> {
        Timeline::parse(
            &self.notice_date,
            &self.service_end,
            &self.support_end,
            &self.export_until,
            &self.deletion_date,
        )
    }
}

/// A new case.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OpenBody {
    /// The customer.
    pub customer_id: String,
    /// company (default) or customer.
    pub initiator: Option<String>,
    /// One of the eleven reasons.
    pub reason: String,
    /// More on the reason (internal).
    pub reason_note: Option<String>,
    /// Documented situations (complaints, interactions).
    #[serde(default)]
    pub situations: Vec<Situation>,
    /// The customer's contract type (`payment-account`, …; default `default`).
    pub contract_type: Option<String>,
    /// The plan; omitted: suggested from today under the applicable notice rule.
    pub timeline: Option<TimelineBody>,
    /// Legal basis of a notice shorter than the minimum.
    pub exception_basis: Option<String>,
}

/// Open a case. A plan shorter than the minimum notice of the customer's jurisdiction and
/// contract type is refused (422) unless `exception_basis` states the legal basis.
#[utoipa::path(post, path = "/api/v1/offboarding/cases", tag = "offboarding", request_body = OpenBody,
    responses((status = 201, body = CaseOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn open(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<OpenBody>,
) -> Problemed<Response> {
    let n = NewCase {
        customer_id: b.customer_id.trim().to_string(),
        initiator: Initiator::parse(b.initiator.as_deref().unwrap_or("company"))?,
        reason: Reason::parse(&b.reason)?,
        reason_note: b.reason_note,
        situations: b.situations,
        contract_type: b.contract_type.unwrap_or_default(),
        timeline: b.timeline.as_ref().map(TimelineBody::parse).transpose()?,
        exception_basis: b.exception_basis,
    };
    let c = s.store.open_offboarding(&user.actor(), &n).await?;
    let loc = format!("/api/v1/offboarding/cases/{}", c.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, loc)],
        Json(CaseOut::from(c)),
    )
        .into_response())
}

/// A plan to check.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CheckBody {
    /// The customer.
    pub customer_id: String,
    /// Contract type (default `default`).
    pub contract_type: Option<String>,
    /// The plan.
    pub timeline: TimelineBody,
    /// Legal basis of a shorter notice.
    pub exception_basis: Option<String>,
}

/// Check a plan against the minimum notice without saving anything.
#[utoipa::path(post, path = "/api/v1/offboarding/check", tag = "offboarding", request_body = CheckBody,
    responses((status = 200, body = NoticeCheck), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn check(
    State(s): State<AppState>,
    ApiJson(b): ApiJson<CheckBody>,
) -> Problemed<Json<NoticeCheck>> {
    Ok(Json(
        s.store
            .check_offboarding_plan(
                &b.customer_id,
                b.contract_type.as_deref().unwrap_or(""),
                &b.timeline.parse()?,
                b.exception_basis.as_deref(),
            )
            .await?,
    ))
}

/// One case: steps, letter, survey, impact (held figures for compliance only), holds, tasks.
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<CaseDetail>> {
    Ok(Json(detail(&s, &user, &id).await?))
}

/// A new plan.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PlanBody {
    /// The dates.
    pub timeline: TimelineBody,
    /// A new contract type.
    pub contract_type: Option<String>,
    /// Legal basis of a shorter notice.
    pub exception_basis: Option<String>,
}

/// Change the plan (until the letter is sent), validated like at opening.
#[utoipa::path(put, path = "/api/v1/offboarding/cases/{id}/plan", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = PlanBody,
    responses((status = 200, body = CaseOut), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn replan(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PlanBody>,
) -> Problemed<Json<CaseOut>> {
    let p = PlanChange {
        timeline: b.timeline.parse()?,
        contract_type: b.contract_type,
        exception_basis: b.exception_basis,
    };
    case_out(s.store.replan_offboarding(&user.actor(), &id, &p).await?)
}

/// Approve the plan (managers).
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/approve", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn approve(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<CaseOut>> {
    case_out(s.store.approve_offboarding(&user.actor(), &id).await?)
}

/// A direct contact.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ContactBody {
    /// call or meeting.
    pub kind: String,
    /// What was discussed.
    pub summary: String,
    /// When (RFC 3339; default now).
    pub occurred_at: Option<String>,
}

/// Log a direct contact (call or meeting); required before the written notice.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/contacts", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = ContactBody,
    responses((status = 200, body = CaseOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn contact(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContactBody>,
) -> Problemed<Json<CaseOut>> {
    let at = match b.occurred_at.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => parse_ts("occurred_at", t)?,
        None => Utc::now(),
    };
    case_out(
        s.store
            .log_offboarding_contact(
                &user.actor(),
                &id,
                ContactKind::parse(&b.kind)?,
                &b.summary,
                at,
            )
            .await?,
    )
}

/// The farewell letter draft.
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/letter", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = LetterDraft), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn letter(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Problemed<Json<LetterDraft>> {
    s.store.offboarding_case(&id).await?;
    s.store
        .offboarding_letter(&id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound("letter".into()))
}

/// Save the letter draft (language and the five parts).
#[utoipa::path(put, path = "/api/v1/offboarding/cases/{id}/letter", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = Letter,
    responses((status = 200, body = LetterDraft), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn save_letter(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Letter>,
) -> Problemed<Json<LetterDraft>> {
    let l = Letter::parse(
        &b.language,
        &b.thanks,
        &b.framing,
        &b.goodwill,
        &b.apology,
        &b.alternatives,
    )?;
    Ok(Json(
        s.store
            .save_offboarding_letter(&user.actor(), &id, &l)
            .await?,
    ))
}

/// The case after sending, with the customer's link (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct SentOut {
    /// The case.
    pub case: CaseOut,
    /// The customer's page, as sent in the letter.
    pub link: String,
}

/// Send the letter (written notice) through the outbox; refused (422) before a direct
/// contact is logged.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/letter/send", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = SentOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn send_letter(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<SentOut>> {
    let (c, token) = s
        .store
        .send_offboarding_letter(
            &user.actor(),
            &id,
            &s.config.base_url,
            &s.config.company_name,
        )
        .await?;
    Ok(Json(SentOut {
        case: c.into(),
        link: page_url(&s, &token),
    }))
}

/// Goodwill to book.
#[derive(Debug, Deserialize, ToSchema)]
pub struct GoodwillBody {
    /// refund (default), credit, coupon, waived-invoice.
    pub kind: Option<String>,
    /// Decimal amount; omitted: the last invoice is refunded.
    pub amount: Option<String>,
    /// ISO 4217 currency (with `amount`).
    pub currency: Option<String>,
    /// Why.
    pub reason: String,
}

/// Book goodwill in the ledger (source offboarding); above the threshold it waits for a
/// manager's approval.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/goodwill", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = GoodwillBody,
    responses((status = 201, body = LedgerEntry), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn goodwill(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<GoodwillBody>,
) -> Problemed<Response> {
    let kind = EntryKind::parse(b.kind.as_deref().unwrap_or("refund"))?;
    let amount = match b.amount.as_deref().filter(|a| !a.trim().is_empty()) {
        Some(a) => {
            let c = Currency::parse(b.currency.as_deref().unwrap_or(""))?;
            Some(Money::parse_decimal(a, c)?)
        }
        None => None,
    };
    let e = s
        .store
        .book_offboarding_goodwill(&user.actor(), &id, kind, amount, &b.reason)
        .await?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}

/// Close the account: follow-ups at +30/+90 days, erasure scheduled on the deletion date.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/close", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn close(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<CaseOut>> {
    case_out(
        s.store
            .close_offboarding(&user.actor(), &id, Utc::now())
            .await?,
    )
}

/// Why a case is called off.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CancelBody {
    /// Why.
    pub reason: String,
}

/// Cancel the case (before closure); the customer stays.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/cancel", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = CancelBody,
    responses((status = 200, body = CaseOut), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn cancel(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CancelBody>,
) -> Problemed<Json<CaseOut>> {
    case_out(
        s.store
            .cancel_offboarding(&user.actor(), &id, &b.reason)
            .await?,
    )
}

/// A customer link.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkOut {
    /// The customer's page (shown once; the previous link stops working).
    pub url: String,
}

/// Issue a new link to the customer's page (notice, data download, exit survey).
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/link", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = LinkOut), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn issue_link(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Problemed<Json<LinkOut>> {
    let token = s.store.issue_offboarding_link(&user.actor(), &id).await?;
    Ok(Json(LinkOut {
        url: page_url(&s, &token),
    }))
}

/// An erasure request.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ErasureBody {
    /// Also the records under a retention hold (refused with the legal basis while it runs).
    #[serde(default)]
    pub include_held: bool,
}

/// Erase the case's personal data now (early request; the job does it on the deletion date).
/// Asking for held records is refused (409) with the legal basis while the hold runs.
#[utoipa::path(post, path = "/api/v1/offboarding/cases/{id}/erasure", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    request_body = ErasureBody,
    responses((status = 200, body = Certificate), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn erasure(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ErasureBody>,
) -> Problemed<Json<Certificate>> {
    Ok(Json(
        s.store
            .request_offboarding_erasure(&user.actor(), &id, b.include_held, Utc::now())
            .await?,
    ))
}

/// The case's deletion certificates (what was erased, what was kept and why, a hash).
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/certificates", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<Certificate>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn certificates(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Problemed<Json<Vec<Certificate>>> {
    s.store.offboarding_case(&id).await?;
    Ok(Json(s.store.offboarding_certificates(&id).await?))
}

/// Everything Carewell holds about the case's customer, held records included (compliance).
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/export", tag = "offboarding", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CustomerDataExport), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn export(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Problemed<Json<CustomerDataExport>> {
    let c = s.store.offboarding_case(&id).await?;
    Ok(Json(
        s.store.customer_data_export(&c.customer_id, true).await?,
    ))
}

/// One CSV file of the export: transactions, contracts, ledger, interactions, complaints.
#[utoipa::path(get, path = "/api/v1/offboarding/cases/{id}/export/{file}", tag = "offboarding",
    params(("id" = String, Path, description = "Case id"), ("file" = String, Path, description = "transactions, contracts, ledger, interactions or complaints (optionally with .csv)")),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn export_csv(
    State(s): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Problemed<Response> {
    let c = s.store.offboarding_case(&id).await?;
    let which = file.trim_end_matches(".csv");
    let body = s
        .store
        .customer_export_csv(&c.customer_id, which, true)
        .await?;
    Ok(csv_response(&format!("{which}.csv"), body))
}

/// Report period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// First day (YYYY-MM-DD; default 365 days ago).
    pub from: Option<String>,
    /// Last day, included (default today).
    pub to: Option<String>,
}

impl Period {
    /// The dates.
    pub fn dates(&self) -> Result<(NaiveDate, NaiveDate), DomainError> {
        let today = Utc::now().date_naive();
        let pick = |v: &Option<String>, f: &str, d: NaiveDate| match blank(v) {
            Some(s) => carewell_domain::time::parse_date(f, &s),
            None => Ok(d),
        };
        Ok((
            pick(&self.from, "from", today - Duration::days(365))?,
            pick(&self.to, "to", today)?,
        ))
    }
}

/// Reasons for leaving, outcomes, revenue impact and exit-survey answers.
#[utoipa::path(get, path = "/api/v1/offboarding/report", tag = "offboarding", params(Period),
    responses((status = 200, body = OffboardingReport), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn report(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<Period>,
) -> Problemed<Json<OffboardingReport>> {
    let (from, to) = p.dates()?;
    Ok(Json(s.store.offboarding_report(from, to).await?))
}

/// The report as CSV.
#[utoipa::path(get, path = "/api/v1/offboarding/report.csv", tag = "offboarding", params(Period),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn report_csv(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<Period>,
) -> Problemed<Response> {
    let (from, to) = p.dates()?;
    let r = s.store.offboarding_report(from, to).await?;
    Ok(csv_response("offboarding-report.csv", r.to_csv()))
}

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

/// Run what is due now: erasure past the deletion date, held records past their hold.
#[utoipa::path(post, path = "/api/v1/offboarding/erase-due", tag = "offboarding",
    responses((status = 200, body = Vec<Certificate>)))]
pub async fn erase_due(
    State(s): State<AppState>,
    user: CurrentUser,
) -> Problemed<Json<Vec<Certificate>>> {
    Ok(Json(
        s.store
            .offboarding_erase_due(&user.actor(), Utc::now())
            .await?,
    ))
}
