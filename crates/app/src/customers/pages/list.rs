//! GET /customers: the customer list with search, filters and paging.

use crate::customers::api::customers::ListParams;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{PAGE_SIZE, Pager, page_number};
use crate::web::view::{Opt, label, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use carewell_domain::customer::LifecycleStage;
use serde::Deserialize;

/// Search and filter parameters of the list page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Exact segment.
    #[serde(default)]
    pub segment: String,
    /// Lifecycle stage.
    #[serde(default)]
    pub stage: String,
    /// Tag.
    #[serde(default)]
    pub tag: String,
    /// Page number from 1.
    pub page: Option<String>,
    /// Set after a customer was deleted, to confirm it.
    pub deleted: Option<String>,
}

/// One row of the table.
pub struct Row {
    id: String,
    name: String,
    kind: String,
    stage: String,
    stage_label: String,
    segment: String,
    tags: Vec<String>,
    language: String,
    country: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "customers/list.html")]
/// The customer list page.
pub struct ListPage {
    chrome: Chrome,
    q: String,
    tag: String,
    segments: Vec<Opt>,
    stages: Vec<Opt>,
    rows: Vec<Row>,
    total: String,
    filtered: bool,
    /// Customers match, but the page number is past the last page.
    past_end: bool,
    pager: Pager,
    deleted: bool,
}

/// GET /customers: search and browse customers (every signed-in role).
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let page = page_number(q.page.as_deref());
    let params = ListParams {
        q: Some(q.q.clone()),
        segment: Some(q.segment.clone()),
        stage: Some(q.stage.clone()),
        tag: Some(q.tag.clone()),
        owner_id: None,
        limit: Some(PAGE_SIZE),
        offset: Some((page - 1) * PAGE_SIZE),
    };
    let query = params.query()?;
    let found = s
        .store
        .search_customers(&query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await?;
    let rows: Vec<Row> = found
        .items
        .into_iter()
        .map(|c| Row {
            stage_label: label(&tr, "stage", c.stage.as_str()),
            stage: c.stage.as_str().to_string(),
            kind: label(&tr, "kind", c.kind.as_str()),
            id: c.id,
            name: c.name,
            segment: c.segment.unwrap_or_default(),
            tags: c.tags,
            language: c.language,
            country: c.country.unwrap_or_default(),
        })
        .collect();
    let stage_names: Vec<&str> = LifecycleStage::ALL.iter().map(|s| s.as_str()).collect();
    let pager = Pager::new(
        &tr,
        "/customers",
        &[
            ("q", &q.q),
            ("segment", &q.segment),
            ("stage", &q.stage),
            ("tag", &q.tag),
        ],
        page,
        PAGE_SIZE,
        found.total,
    );
    Ok(ListPage {
        segments: Opt::plain(&s.store.segments().await?, &q.segment),
        stages: opts(&tr, "stage", &stage_names, &q.stage),
        past_end: found.total > 0 && rows.is_empty(),
        total: if found.capped {
            tr.t("customers-count-capped")
        } else {
            tr.t_n("customers-count", found.total)
        },
        filtered: query.q.is_some()
            || query.segment.is_some()
            || query.stage.is_some()
            || query.tag.is_some(),
        chrome: Chrome::new(tr, &user),
        q: q.q,
        tag: q.tag,
        rows,
        pager,
        deleted: q.deleted.is_some(),
    })
}
