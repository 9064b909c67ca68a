//! GET /search?q=: everything that matches, grouped by kind, each group capped with a link to
//! the list that shows all of it. The header's search box submits here (with or without
//! JavaScript).

use crate::kernel::state::AppState;
use crate::search::view::{
    ComplaintView, CustomerView, Kinds, all_complaints, all_customers, find,
};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

/// Hits of each kind on the page.
pub const PAGE_HITS: i64 = 10;

/// The query of the page.
#[derive(Debug, Default, Deserialize)]
pub struct ResultsQuery {
    /// What to look for.
    #[serde(default)]
    pub q: String,
}

/// The results page.
#[derive(Template, WebTemplate)]
#[template(path = "search/results.html")]
pub struct ResultsPage {
    chrome: Chrome,
    q: String,
    searched: bool,
    summary: String,
    customers: Vec<CustomerView>,
    customers_all: Option<String>,
    complaints: Vec<ComplaintView>,
    complaints_all: Option<String>,
}

/// GET /search: the grouped results (every signed-in role).
pub async fn results(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ResultsQuery>,
) -> Result<ResultsPage, AppError> {
    let searched = !q.q.trim().is_empty();
    let found = find(&s, &user, &q.q, Kinds::ALL, PAGE_HITS).await?;
    let (customers, more_customers) = found
        .customers
        .map(|h| (h.items, h.more))
        .unwrap_or_default();
    let (complaints, more_complaints) = found
        .complaints
        .map(|h| (h.items, h.more))
        .unwrap_or_default();
    Ok(ResultsPage {
        customers: customers.into_iter().map(CustomerView::from).collect(),
        customers_all: more_customers.then(|| all_customers(&q.q)),
        complaints: complaints
            .into_iter()
            .map(|c| ComplaintView::new(&tr, c))
            .collect(),
        complaints_all: more_complaints.then(|| all_complaints(&q.q)),
        summary: tr.t_with("search-results-for", &[("q", q.q.trim())]),
        chrome: Chrome::new(tr, &user),
        searched,
        q: q.q,
    })
}
