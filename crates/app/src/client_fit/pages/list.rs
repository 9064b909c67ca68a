//! GET /client-fit: customers ranked by the problems behind the seven reasons, with the
//! recommendation and the decision taken.

use crate::client_fit::view::{Badge, level_class, rec_badge};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{PAGE_SIZE, Pager};
use crate::web::view::{Opt, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use carewell_domain::client_fit::Recommendation;
use serde::Deserialize;

/// A row of the list.
pub struct ListRow {
    id: String,
    name: String,
    problems: usize,
    weight: u32,
    reasons: Vec<Badge>,
    likelihood: String,
    rec: Badge,
    /// "Not enough data" (too new, too little history), shown instead of a recommendation.
    not_enough: Option<String>,
    decision: Option<Badge>,
    decided_at: crate::web::view::When,
}

/// The list page.
#[derive(Template, WebTemplate)]
#[template(path = "client_fit/list.html")]
pub struct ListPage {
    chrome: Chrome,
    rows: Vec<ListRow>,
    total: String,
    recs: Vec<Opt>,
    only_problems: bool,
    pager: Pager,
    /// "The ranking is catching up with N changed customers", when it is.
    pending: Option<String>,
    /// The sortable column headers (customer, problems, recommendation).
    heads: Vec<crate::web::sort::Header>,
}

/// List filters of the page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// keep, watch, part-ways.
    pub recommendation: Option<String>,
    /// `1` to hide customers without problems.
    pub problems: Option<String>,
    /// Start after this customer (the cursor of the "next" link).
    pub after: Option<String>,
    /// The order (`rank`, `customer`, `recommendation`; `-` reverses); anything else is the
    /// ranking.
    pub sort: Option<String>,
}

/// GET /client-fit
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let only_problems = q.problems.as_deref().is_some_and(|p| !p.is_empty());
    let rec = q.recommendation.clone().unwrap_or_default();
    use crate::client_fit::api::list::{DEFAULT_SORT, SORTS};
    let sort = crate::web::sort::Sort::parse(q.sort.as_deref(), SORTS, DEFAULT_SORT);
    let sort_value = sort.value(SORTS);
    let params = crate::client_fit::api::list::ListParams {
        recommendation: Some(rec.clone()),
        min_problems: Some(usize::from(only_problems)),
        cursor: q.after.clone(),
        limit: Some(PAGE_SIZE),
        ..Default::default()
    };
    let page = crate::client_fit::api::list::ranked(&s, user.clearance(), &params, sort).await?;
    let rows = page
        .items
        .into_iter()
        .map(|r| ListRow {
            reasons: r
                .flagged
                .iter()
                .map(|f| Badge {
                    label: label(&tr, "cf-reason", f.reason.as_str()),
                    class: level_class(f.level),
                })
                .collect(),
            likelihood: label(&tr, "cf-likelihood", r.likelihood.as_str()),
            rec: rec_badge(&tr, r.recommendation),
            not_enough: (r.data != carewell_domain::client_fit::DataSufficiency::Enough)
                .then(|| label(&tr, "cf-data", r.data.as_str())),
            decision: r.decision.map(|d| rec_badge(&tr, d)),
            decided_at: r.decided_at.as_deref().map(when).unwrap_or_default(),
            id: r.customer_id,
            name: r.name,
            problems: r.problems,
            weight: r.weight,
        })
        .collect();
    let names: Vec<&str> = Recommendation::ALL.iter().map(|r| r.as_str()).collect();
    let filters = [
        ("recommendation", rec.as_str()),
        ("problems", if only_problems { "1" } else { "" }),
    ];
    let heads = crate::web::sort::headers(
        "/client-fit",
        &filters,
        SORTS,
        sort,
        &[
            ("customer", tr.t("cf-col-customer")),
            ("rank", tr.t("cf-col-problems")),
            ("recommendation", tr.t("cf-col-recommendation")),
        ],
        &[],
    );
    let mut kept = filters.to_vec();
    if sort != DEFAULT_SORT {
        kept.push(("sort", sort_value.as_str()));
    }
    let pager = Pager::cursor(
        "/client-fit",
        &kept,
        "after",
        q.after.as_deref(),
        page.next_cursor.as_deref(),
    );
    let total = if page.total_capped {
        tr.t("cf-count-capped")
    } else {
        tr.t_with("cf-count", &[("n", &page.total.to_string())])
    };
    let pending =
        (page.pending > 0).then(|| tr.t_with("cf-pending", &[("n", &page.pending.to_string())]));
    Ok(ListPage {
        recs: opts(&tr, "cf-rec", &names, &rec),
        chrome: Chrome::new(tr, &user),
        rows,
        total,
        only_problems,
        pager,
        pending,
        heads,
    })
}
