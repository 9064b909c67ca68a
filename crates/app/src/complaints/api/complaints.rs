//! `/api/v1/complaints`: the list with its filters, intake, and one complaint with its history
//! and SLA status.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::sort::Sort;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::complaint::sla::Policy;
use carewell_domain::complaint::workflow::{self};
use carewell_domain::complaint::{Attachment, Category, ComplaintInput, Severity};
use carewell_domain::ledger::SourceKind;
use carewell_domain::time::fmt_ts;
use carewell_store::complaints::{
    Complaint, ComplaintEvent, ComplaintQuery, ComplaintSla, ComplaintSort,
};
use carewell_store::ledger::LedgerEntry;
use carewell_store::tasks::Task;
use carewell_store::{Clearance, OrRestricted};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A complaint with its live SLA status and what may be done next.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintOut {
    /// The complaint.
    #[serde(flatten)]
    pub complaint: Complaint,
    /// SLA status now.
    pub sla: ComplaintSla,
    /// Workflow actions accepted now.
    pub allowed_actions: Vec<String>,
}

impl ComplaintOut {
    /// Evaluates SLA and allowed actions for `c` (one query: its severity's policy).
    pub async fn build(s: &AppState, c: Complaint) -> Result<Self, AppError> {
        let policy = s.store.sla_policy(c.severity).await?;
        Ok(Self::with(c, std::slice::from_ref(&policy), Utc::now()))
    }

    /// Evaluates SLA and allowed actions for `c` at `now` under the loaded `policies` (the
    /// default policy of its severity when none is stored).
    pub fn with(c: Complaint, policies: &[Policy], now: DateTime<Utc>) -> Self {
        let policy = policies
            .iter()
            .find(|p| p.severity == c.severity)
            .cloned()
            .unwrap_or_else(|| Policy::default_for(c.severity));
        Self {
            sla: c.sla(&policy, now),
            allowed_actions: workflow::allowed(&c.state())
                .into_iter()
                .map(str::to_string)
                .collect(),
            complaint: c,
        }
    }
}

/// A complaint with its history, compensation and tasks.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintDetail {
    /// The complaint, SLA and allowed actions.
    #[serde(flatten)]
    pub complaint: ComplaintOut,
    /// History, oldest first.
    pub events: Vec<ComplaintEvent>,
    /// Compensation booked for it; `null` for readers without clearance while the customer's
    /// records are under a retention hold (then `compensation_restricted` is true).
    pub compensation: Option<Vec<LedgerEntry>>,
    /// Whether the compensation is left out because of a retention hold.
    pub compensation_restricted: bool,
    /// Follow-up and SLA tasks.
    pub tasks: Vec<Task>,
}

/// Search parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// A status, or `open` for all but closed.
    pub status: Option<String>,
    /// critical, high, medium, low.
    pub severity: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Customer id.
    pub customer_id: Option<String>,
    /// Owner's user id.
    pub owner_id: Option<String>,
    /// `me`: only the caller's complaints; `none`: only unassigned ones (then `owner_id` is
    /// ignored).
    pub owner: Option<String>,
    /// `true`: only complaints whose running SLA clock falls due within the next hour (or is
    /// already past due).
    pub breaching: Option<String>,
    /// The order: `received` (default `-received`, newest first), `subject`, `customer`,
    /// `severity`, `status`, `owner`, `sla_due`, `last_customer`; a leading `-` sorts
    /// descending. Complaints without an SLA deadline (or customer message) come last either
    /// way; ties break on the id.
    pub sort: Option<String>,
    /// Text in subject or description.
    pub q: Option<String>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
    /// Rows to skip (after the cursor, if any); prefer `cursor` for deep pages.
    pub offset: Option<i64>,
    /// Start after this complaint: the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The columns the complaint list sorts by, as they appear in `?sort=`.
pub const SORTS: &[(&str, ComplaintSort)] = &[
    ("received", ComplaintSort::Received),
    ("subject", ComplaintSort::Subject),
    ("customer", ComplaintSort::Customer),
    ("severity", ComplaintSort::Severity),
    ("status", ComplaintSort::Status),
    ("owner", ComplaintSort::Owner),
    ("sla_due", ComplaintSort::SlaDue),
    ("last_customer", ComplaintSort::LastCustomerMessage),
];

/// The default order: received, newest first.
pub const DEFAULT_SORT: Sort<ComplaintSort> = Sort {
    key: ComplaintSort::Received,
    desc: true,
};

/// How far ahead "breaching" looks.
pub const BREACHING_WITHIN: Duration = Duration::hours(1);

impl ListParams {
    /// The sort asked for: the default when absent or blank; an unknown column is refused
    /// (the pages fall back to the default instead, see [`ListParams::sort_or_default`]).
    pub fn sort(&self) -> Result<Sort<ComplaintSort>, AppError> {
        Sort::strict(self.sort.as_deref(), SORTS, DEFAULT_SORT)
    }

    /// The sort asked for, or the default for anything unknown (the list page).
    pub fn sort_or_default(&self) -> Sort<ComplaintSort> {
        Sort::parse(self.sort.as_deref(), SORTS, DEFAULT_SORT)
    }

    /// Whether only complaints breaching within the hour are asked for (`true`/`1`/`on`).
    pub fn breaching(&self) -> Result<bool, AppError> {
        match self.breaching.as_deref().map(str::trim).unwrap_or_default() {
            "" | "false" | "0" | "off" => Ok(false),
            "true" | "1" | "on" => Ok(true),
            other => Err(AppError::one_of("breaching", other, &["true", "false"])),
        }
    }

    /// The store query for the user `me`, validating enums and filters.
    pub fn query(&self, me: &str) -> Result<ComplaintQuery, AppError> {
        let blank = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        let sort = self.sort()?;
        let (owner_id, unassigned) = match self.owner.as_deref().map(str::trim).unwrap_or_default()
        {
            "" => (blank(&self.owner_id), false),
            "me" => (Some(me.to_string()), false),
            "none" => (None, true),
            other => return Err(AppError::one_of("owner", other, &["me", "none"])),
        };
        Ok(ComplaintQuery {
            status: blank(&self.status),
            severity: blank(&self.severity)
                .map(|s| Severity::parse(&s))
                .transpose()?,
            category: blank(&self.category)
                .map(|s| Category::parse(&s))
                .transpose()?,
            customer_id: blank(&self.customer_id),
            owner_id,
            unassigned,
            due_before: self
                .breaching()?
                .then(|| fmt_ts(Utc::now() + BREACHING_WITHIN)),
            q: blank(&self.q),
            sort: sort.key,
            desc: sort.desc,
            after: blank(&self.cursor),
        })
    }
}

/// One page of complaints.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintPage {
    /// Complaints, in the order asked for (newest first by default).
    pub items: Vec<ComplaintOut>,
    /// Matches in all, counted up to 1,000 (see `total_capped`).
    pub total: i64,
    /// More than `total` complaints match.
    pub total_capped: bool,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
    /// The `cursor` of the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Search complaints.
#[utoipa::path(get, operation_id = "list_complaints", path = "/api/v1/complaints", tag = "complaints", params(ListParams),
    responses((status = 200, body = ComplaintPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<ComplaintPage>, AppError> {
    let page = s
        .store
        .search_complaints(
            &p.query(&user.user.id)?,
            crate::web::pager::limit(p.limit, 50),
            crate::web::pager::offset(p.offset),
        )
        .await?;
    // One read of the SLA policies for the whole page, whatever its size.
    let policies = s.store.sla_policies().await?;
    let now = Utc::now();
    let items = page
        .items
        .into_iter()
        .map(|c| ComplaintOut::with(c, &policies, now))
        .collect();
    Ok(Json(ComplaintPage {
        items,
        total: page.total,
        total_capped: page.capped,
        limit: page.limit,
        offset: page.offset,
        next_cursor: page.next,
    }))
}

/// A new complaint.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ComplaintBody {
    /// The customer.
    pub customer_id: String,
    /// web-form, email, phone, chat, in-person, api, post (default api).
    #[schema(value_type = Option<carewell_domain::complaint::IntakeChannel>)]
    pub channel: Option<String>,
    /// billing, service, product, staff, delivery, other.
    #[schema(value_type = carewell_domain::complaint::Category)]
    pub category: String,
    /// critical, high, medium, low.
    #[schema(value_type = carewell_domain::complaint::Severity)]
    pub severity: String,
    /// Short title (default: first line of the description).
    pub subject: Option<String>,
    /// What the customer said.
    pub description: String,
    /// Attachment metadata.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Owner (default: the customer's owner).
    pub owner_id: Option<String>,
    /// When it was received, if earlier than now (RFC 3339); the SLA clock starts then.
    pub received_at: Option<String>,
}

/// Record a complaint.
#[utoipa::path(post, operation_id = "create_complaint", path = "/api/v1/complaints", tag = "complaints", request_body = ComplaintBody,
    responses((status = 201, body = ComplaintOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<ComplaintBody>,
) -> Result<Response, AppError> {
    let input = ComplaintInput::parse(
        &b.customer_id,
        b.channel.as_deref().unwrap_or("api"),
        &b.category,
        &b.severity,
        b.subject.as_deref(),
        &b.description,
        b.attachments,
    )?;
    let owner = b.owner_id.as_deref().filter(|o| !o.trim().is_empty());
    crate::web::checks::check_owner(&s, owner).await?;
    let received = b
        .received_at
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .map(|r| carewell_domain::time::parse_ts("received_at", r))
        .transpose()?;
    let c = s
        .store
        .create_complaint_received(&user.actor(), &input, owner, received)
        .await?;
    let loc = format!("/api/v1/complaints/{}", c.id);
    let out = ComplaintOut::build(&s, c).await?;
    Ok((StatusCode::CREATED, [(header::LOCATION, loc)], Json(out)).into_response())
}

/// Loads the full detail of a complaint, as `who` may see it.
pub async fn detail(s: &AppState, who: Clearance, id: &str) -> Result<ComplaintDetail, AppError> {
    let c = s.store.complaint(id).await?;
    let events = s.store.complaint_events(id).await?;
    let compensation = s
        .store
        .ledger_for_source(who, SourceKind::Complaint, id)
        .await
        .or_restricted()?;
    let tasks = s.store.tasks_for_source("complaint", id).await?;
    Ok(ComplaintDetail {
        complaint: ComplaintOut::build(s, c).await?,
        events,
        compensation_restricted: compensation.is_none(),
        compensation,
        tasks,
    })
}

/// One complaint with SLA status, history, compensation and tasks.
#[utoipa::path(get, operation_id = "get_complaint", path = "/api/v1/complaints/{id}", tag = "complaints", params(("id" = String, Path, description = "Complaint id")),
    responses((status = 200, body = ComplaintDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<ComplaintDetail>, AppError> {
    Ok(Json(detail(&s, user.clearance(), &id).await?))
}
