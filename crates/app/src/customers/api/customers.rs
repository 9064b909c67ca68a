//! `/api/v1/customers`: create, read, replace, patch, delete, search.

use crate::customers::body::CustomerBody;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::checks::check_owner;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::sort::Sort;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::customer::LifecycleStage;
use carewell_domain::segment::Filter;
use carewell_store::customers::{Customer, CustomerQuery, CustomerSort};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Search parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Free text: a substring of the name, e-mail, phone, external reference or a tag; case
    /// and accents folded, except that õ ä ö ü š ž match only themselves when typed (`ouna`
    /// finds Õunapuu, `õuna` does not find Ounapuu). Two letters match word starts, two
    /// Chinese characters any substring, one character the start of the name. Results best first: exact e-mail, phone or
    /// reference; exact name; name prefix; word start; any substring; then by name.
    pub q: Option<String>,
    /// Exact segment.
    pub segment: Option<String>,
    /// Lifecycle stage.
    pub stage: Option<String>,
    /// Tag.
    pub tag: Option<String>,
    /// Owner's user id.
    pub owner_id: Option<String>,
    /// `me`: only the caller's customers; `none`: only customers nobody owns.
    pub owner: Option<String>,
    /// Health band: `red`, `yellow` or `green`.
    pub health: Option<String>,
    /// The order without `q` (with `q`, best match first): `name` (default), `created`,
    /// `stage`, `owner`, `last_contact`, `open_complaints`, `value` (lifetime revenue in minor
    /// units of the customer's main currency); a leading `-` sorts descending; ties break on
    /// the id.
    pub sort: Option<String>,
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
    /// Rows to skip (after the cursor, if any); prefer `cursor` for deep pages.
    pub offset: Option<i64>,
    /// Start after this customer: the previous page's `next_cursor` (without `q`).
    pub cursor: Option<String>,
    /// Has any of these tags (comma-separated).
    pub tags: Option<String>,
    /// Country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Preferred language (BCP 47), exactly.
    pub language: Option<String>,
    /// Consent given on this channel (`email`, `sms`, `phone`, `post`, `push`), good enough
    /// for messages of `consent_class`.
    pub consent: Option<String>,
    /// `marketing` (default: consent explicitly given), `service` (not refused) or `legal`.
    pub consent_class: Option<String>,
    /// Created on or after this day (`YYYY-MM-DD`, or `90d`: 90 days ago).
    pub created_from: Option<String>,
    /// Created on or before this day (`YYYY-MM-DD` or `90d`).
    pub created_to: Option<String>,
    /// Last contact on or after this day (`YYYY-MM-DD` or `90d`); never contacted do not match.
    pub last_contact_from: Option<String>,
    /// Last contact on or before this day (`YYYY-MM-DD` or `90d`), or never.
    pub last_contact_to: Option<String>,
    /// Attributes with exactly these values: `name=value` pairs, one per line or `;`-separated.
    pub attributes: Option<String>,
    /// Apply this saved segment's filter too (see `/api/v1/segments`).
    pub segment_id: Option<String>,
}

/// The columns the customer list sorts by, as they appear in `?sort=`.
pub const SORTS: &[(&str, CustomerSort)] = &[
    ("name", CustomerSort::Name),
    ("created", CustomerSort::Created),
    ("stage", CustomerSort::Stage),
    ("owner", CustomerSort::Owner),
    ("last_contact", CustomerSort::LastContact),
    ("open_complaints", CustomerSort::OpenComplaints),
    ("value", CustomerSort::Value),
];

/// The default order: by name.
pub const DEFAULT_SORT: Sort<CustomerSort> = Sort {
    key: CustomerSort::Name,
    desc: false,
};

impl ListParams {
    /// The sort asked for: the default when absent or blank; an unknown column is refused.
    pub fn sort(&self) -> Result<Sort<CustomerSort>, AppError> {
        Sort::strict(self.sort.as_deref(), SORTS, DEFAULT_SORT)
    }

    /// The store query for the user `me`, validating the stage, owner and sort.
    pub fn query(&self, me: &str) -> Result<CustomerQuery, AppError> {
        let blank = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        let sort = self.sort()?;
        let (owner_id, unassigned) = match self.owner.as_deref().map(str::trim).unwrap_or_default()
        {
            "" => (blank(&self.owner_id), false),
            "me" => (Some(me.to_string()), false),
            "none" => (None, true),
            other => return Err(AppError::one_of("owner", other, &["me", "none"])),
        };
        Ok(CustomerQuery {
            unassigned,
            sort: sort.key,
            desc: sort.desc,
            after: blank(&self.cursor),
            q: blank(&self.q),
            segment: blank(&self.segment),
            stage: blank(&self.stage)
                .map(|s| LifecycleStage::parse(&s))
                .transpose()?,
            tag: blank(&self.tag),
            owner_id,
            filters: vec![self.filter()?],
            today: None,
            health: blank(&self.health)
                .map(|b| carewell_domain::health::Band::parse(&b))
                .transpose()?,
        })
    }

    /// The list's conditions in the segment filter language (besides the older `segment`,
    /// `stage`, `tag` and `owner` parameters, which the query carries itself).
    pub fn filter(&self) -> Result<Filter, AppError> {
        let pairs = [
            ("tags", &self.tags),
            ("country", &self.country),
            ("language", &self.language),
            ("consent", &self.consent),
            ("consent_class", &self.consent_class),
            ("created_from", &self.created_from),
            ("created_to", &self.created_to),
            ("last_contact_from", &self.last_contact_from),
            ("last_contact_to", &self.last_contact_to),
            ("attributes", &self.attributes),
        ];
        Ok(Filter::parse_params(
            pairs
                .iter()
                .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
            "",
        )?)
    }

    /// [`ListParams::query`] with the saved segment `segment_id` applied (404 when unknown).
    pub async fn resolve(&self, s: &AppState, me: &str) -> Result<CustomerQuery, AppError> {
        let mut q = self.query(me)?;
        if let Some(id) = self
            .segment_id
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
        {
            let mut f = s.store.segment(id).await?.parsed_filter()?;
            f.resolve_me(me);
            q.filters.push(f);
        }
        q.today = Some(s.clock.now().date_naive());
        Ok(q)
    }
}

/// One page of customers.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerPage {
    /// The customers on this page.
    pub items: Vec<Customer>,
    /// Matches in all, counted up to 1,000: past that, 1,000 with `total_capped` set.
    pub total: i64,
    /// More than `total` customers match (shown as "1,000+"); narrow the search to count them.
    pub total_capped: bool,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
    /// The `cursor` of the next page (without `q`); absent on the last page.
    pub next_cursor: Option<String>,
}

/// Search customers.
#[utoipa::path(get, operation_id = "list_customers", path = "/api/v1/customers", tag = "customers", params(ListParams),
    responses((status = 200, body = CustomerPage), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<CustomerPage>, AppError> {
    let page = s
        .store
        .search_customers(
            &p.resolve(&s, &user.user.id).await?,
            crate::web::pager::limit(p.limit, 50),
            crate::web::pager::offset(p.offset),
        )
        .await?;
    Ok(Json(CustomerPage {
        items: page.items,
        total: page.total,
        total_capped: page.capped,
        limit: page.limit,
        offset: page.offset,
        next_cursor: page.next,
    }))
}

/// Whether `input` keeps the customer's e-mail (an e-mail shared before is not asked about
/// again on every change).
pub fn same_email(c: &Customer, input: &carewell_domain::customer::CustomerInput) -> bool {
    match (&c.email, &input.email) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b.as_str()),
        (None, None) => true,
        _ => false,
    }
}

/// Create a customer. Another customer with the same e-mail is refused (409
/// `duplicate-email`, naming it in `existing_id`) unless `allow_duplicate_email` is true.
#[utoipa::path(post, operation_id = "create_customer", path = "/api/v1/customers", tag = "customers", request_body = CustomerBody,
    responses((status = 201, body = Customer), (status = 409, description = "Another customer has this e-mail (`existing_id`), or the external reference", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<CustomerBody>,
) -> Result<Response, AppError> {
    let input = b.validate(s.clock.now().date_naive())?;
    check_owner(&s, b.owner_id.as_deref()).await?;
    b.check_email(&s, &input, None).await?;
    let c = s
        .store
        .create_customer(&user.actor(), &input, b.owner_id.as_deref())
        .await?;
    let loc = format!("/api/v1/customers/{}", c.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, loc)], Json(c)).into_response())
}

/// One customer.
#[utoipa::path(get, operation_id = "get_customer", path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    responses((status = 200, body = Customer), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Customer>, AppError> {
    Ok(Json(s.store.customer(&id).await?))
}

/// Replace a customer (absent optional fields are cleared).
#[utoipa::path(put, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = CustomerBody,
    responses((status = 200, body = Customer), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn replace(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CustomerBody>,
) -> Result<Json<Customer>, AppError> {
    let current = s.store.customer(&id).await?;
    let input = b.validate(s.clock.now().date_naive())?;
    check_owner(&s, b.owner_id.as_deref()).await?;
    if !same_email(&current, &input) {
        b.check_email(&s, &input, Some(&id)).await?;
    }
    Ok(Json(
        s.store
            .update_customer(&user.actor(), &id, &input, b.owner_id.as_deref())
            .await?,
    ))
}

/// Change some fields of a customer.
#[utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    request_body = CustomerBody,
    responses((status = 200, body = Customer), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn patch(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<CustomerBody>,
) -> Result<Json<Customer>, AppError> {
    let current = s.store.customer(&id).await?;
    let b = CustomerBody::from_customer(&current).merge(p);
    let input = b.validate(s.clock.now().date_naive())?;
    check_owner(&s, b.owner_id.as_deref()).await?;
    if !same_email(&current, &input) {
        b.check_email(&s, &input, Some(&id)).await?;
    }
    Ok(Json(
        s.store
            .update_customer(&user.actor(), &id, &input, b.owner_id.as_deref())
            .await?,
    ))
}

/// Delete a customer and everything on their timeline (managers and admins).
#[utoipa::path(delete, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = String, Path, description = "Customer id")),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn delete(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    s.store.delete_customer(&user.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
