//! GET /search/suggest?q=: the type-ahead fragment (an ARIA listbox's options) that the
//! header's search box and the complaint form's customer picker fetch as one types
//! (`static/search.js` makes the box a combobox). Not a page of its own: without JavaScript
//! the box submits to `/search` and the picker to its own form.

use crate::kernel::state::AppState;
use crate::search::view::{ComplaintView, CustomerView, Kinds, find, see_all};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

/// Suggestions of each kind.
pub const SUGGEST_HITS: i64 = 5;

/// The query of the fragment.
#[derive(Debug, Default, Deserialize)]
pub struct SuggestQuery {
    /// What to look for (the picker's field is `customer_q`).
    #[serde(default, alias = "customer_q")]
    pub q: String,
    /// `customers`, `complaints` or both (default).
    pub kinds: Option<String>,
    /// Set by the customer picker: options choose a customer instead of opening a page, and
    /// there is no "all results" option.
    pub pick: Option<String>,
}

/// The fragment.
#[derive(Template, WebTemplate)]
#[template(path = "search/suggest.html")]
pub struct SuggestList {
    tr: Tr,
    q: String,
    pick: bool,
    all: String,
    customers: Vec<CustomerView>,
    complaints: Vec<ComplaintView>,
    status: String,
}

impl SuggestList {
    fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
}

/// GET /search/suggest: the best few of each kind (every signed-in role); empty for a blank
/// query.
pub async fn suggest(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<SuggestQuery>,
) -> Result<SuggestList, AppError> {
    let kinds = Kinds::parse(q.kinds.as_deref())?;
    let found = find(&s, &user, &q.q, kinds, SUGGEST_HITS).await?;
    let customers: Vec<CustomerView> = found
        .customers
        .map(|h| h.items.into_iter().map(CustomerView::from).collect())
        .unwrap_or_default();
    let complaints: Vec<ComplaintView> = found
        .complaints
        .map(|h| {
            h.items
                .into_iter()
                .map(|c| ComplaintView::new(&tr, c))
                .collect()
        })
        .unwrap_or_default();
    let n = (customers.len() + complaints.len()) as i64;
    let blank = q.q.trim().is_empty();
    Ok(SuggestList {
        status: if blank {
            String::new()
        } else {
            tr.t_n("search-suggest-count", n)
        },
        pick: q.pick.is_some_and(|p| !p.is_empty()),
        all: see_all("/search", &[], &q.q),
        q: if blank { String::new() } else { q.q },
        customers,
        complaints,
        tr,
    })
}
