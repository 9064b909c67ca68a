//! `/api/v1/segments`: saved customer filters with their live counts, and their members.

use crate::customers::api::customers::CustomerPage;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use carewell_domain::segment::Filter;
use carewell_store::segments::{Segment, SegmentInput, query_for};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A segment to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentBody {
    /// Name (required, at most 120 characters, unique regardless of case).
    pub name: String,
    /// What it is for (at most 2,000 characters).
    #[serde(default)]
    pub description: Option<String>,
    /// The filter; every key set must hold, and `tags` matches any of its tags. Keys:
    /// `stage`, `segment` (the customer's segment field), `tags` (array), `country`,
    /// `language`, `owner_id`, `owner` (`me`: saved as the caller's id; `none`: nobody's),
    /// `consent` (a channel) with `consent_class` (`marketing` default, `service`, `legal`),
    /// `created_from`, `created_to`, `last_contact_from`, `last_contact_to` (`YYYY-MM-DD` or
    /// `90d` for 90 days before the day it is applied; `last_contact_to` includes customers
    /// never contacted), `health_band` (`red`, `yellow`, `green`: the band of the current
    /// health score; never scored matches none), `attributes` (an object of exact values).
    /// Unknown keys and bad values are refused (422, naming `filter.<key>`).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub filter: serde_json::Value,
}

/// A change to a segment: the fields given replace the stored ones (`filter` as a whole).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentPatch {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New filter (replaces the old one whole).
    #[schema(value_type = Option<Object>)]
    pub filter: Option<serde_json::Value>,
}

/// A segment with how many customers it matches now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentOut {
    /// The segment.
    #[serde(flatten)]
    pub segment: Segment,
    /// Customers it matches now, counted up to 1,000 (see `count_capped`).
    pub count: i64,
    /// More than `count` customers match.
    pub count_capped: bool,
}

/// Every segment.
#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentList {
    /// By name.
    pub items: Vec<SegmentOut>,
}

/// Paging of a segment's members.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberParams {
    /// Page size (1–500, default 50).
    pub limit: Option<i64>,
    /// Start after this customer: the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// `body`'s filter and fields, validated; `owner: me` becomes `me`.
fn input(
    name: &str,
    description: &str,
    filter: &serde_json::Value,
    me: &str,
) -> Result<SegmentInput, AppError> {
    let filter = Filter::from_json(filter, "filter.");
    let fields = SegmentInput::new(name, description, Filter::default());
    match (filter, fields) {
        (Ok(mut f), Ok(mut i)) => {
            f.resolve_me(me);
            i.filter = f;
            Ok(i)
        }
        (Err(a), Err(b)) => Err(b.into_iter().chain(a).collect::<Vec<_>>().into()),
        (Err(e), _) | (_, Err(e)) => Err(e.into()),
    }
}

/// `seg` with its live count.
pub async fn with_count(s: &AppState, seg: Segment) -> Result<SegmentOut, AppError> {
    let (count, count_capped) = s
        .store
        .count_matching(&seg.parsed_filter()?, s.clock.now().date_naive())
        .await?;
    Ok(SegmentOut {
        segment: seg,
        count,
        count_capped,
    })
}

/// List segments, by name, each with its live count.
#[utoipa::path(get, operation_id = "list_segments", path = "/api/v1/segments", tag = "segments",
    responses((status = 200, body = SegmentList)))]
pub async fn list(State(s): State<AppState>) -> Result<Json<SegmentList>, AppError> {
    let mut items = Vec::new();
    for seg in s.store.segments_all().await? {
        items.push(with_count(&s, seg).await?);
    }
    Ok(Json(SegmentList { items }))
}

/// Create a segment (managers and administrators). Audited.
#[utoipa::path(post, operation_id = "create_segment", path = "/api/v1/segments", tag = "segments", request_body = SegmentBody,
    responses((status = 201, body = SegmentOut),
        (status = 409, description = "Another segment has this name", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiJson(b): ApiJson<SegmentBody>,
) -> Result<Response, AppError> {
    let i = input(
        &b.name,
        b.description.as_deref().unwrap_or(""),
        &b.filter,
        &user.user.id,
    )?;
    let seg = s.store.create_segment(&user.actor(), &i).await?;
    let loc = format!("/api/v1/segments/{}", seg.id);
    let out = with_count(&s, seg).await?;
    Ok((StatusCode::CREATED, [(header::LOCATION, loc)], Json(out)).into_response())
}

/// One segment with its live count.
#[utoipa::path(get, operation_id = "get_segment", path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = String, Path, description = "Segment id")),
    responses((status = 200, body = SegmentOut), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SegmentOut>, AppError> {
    let seg = s.store.segment(&id).await?;
    Ok(Json(with_count(&s, seg).await?))
}

/// Replace a segment's name, description and filter (managers and administrators). Audited.
#[utoipa::path(put, operation_id = "replace_segment", path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = String, Path, description = "Segment id")), request_body = SegmentBody,
    responses((status = 200, body = SegmentOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another segment has this name", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn replace(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SegmentBody>,
) -> Result<Json<SegmentOut>, AppError> {
    let i = input(
        &b.name,
        b.description.as_deref().unwrap_or(""),
        &b.filter,
        &user.user.id,
    )?;
    let seg = s.store.update_segment(&user.actor(), &id, &i).await?;
    Ok(Json(with_count(&s, seg).await?))
}

/// Change some of a segment's fields (managers and administrators). Audited.
#[utoipa::path(patch, operation_id = "patch_segment", path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = String, Path, description = "Segment id")), request_body = SegmentPatch,
    responses((status = 200, body = SegmentOut), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another segment has this name", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn patch(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SegmentPatch>,
) -> Result<Json<SegmentOut>, AppError> {
    let cur = s.store.segment(&id).await?;
    let i = input(
        b.name.as_deref().unwrap_or(&cur.name),
        b.description.as_deref().unwrap_or(&cur.description),
        b.filter.as_ref().unwrap_or(&cur.filter),
        &user.user.id,
    )?;
    let seg = s.store.update_segment(&user.actor(), &id, &i).await?;
    Ok(Json(with_count(&s, seg).await?))
}

/// Delete a segment (managers and administrators). Audited.
#[utoipa::path(delete, operation_id = "delete_segment", path = "/api/v1/segments/{id}", tag = "segments",
    params(("id" = String, Path, description = "Segment id")),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn delete(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    s.store.delete_segment(&user.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A segment's members now, by name, paged by cursor (the customer list's shape).
#[utoipa::path(get, operation_id = "segment_customers", path = "/api/v1/segments/{id}/customers", tag = "segments",
    params(("id" = String, Path, description = "Segment id"), MemberParams),
    responses((status = 200, body = CustomerPage), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn customers(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<MemberParams>,
) -> Result<Json<CustomerPage>, AppError> {
    let seg = s.store.segment(&id).await?;
    let mut q = query_for(&seg)?;
    for f in &mut q.filters {
        f.resolve_me(&user.user.id);
    }
    q.after = p.cursor.filter(|c| !c.trim().is_empty());
    q.today = Some(s.clock.now().date_naive());
    let page = s
        .store
        .search_customers(&q, crate::web::pager::limit(p.limit, 50), 0)
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
