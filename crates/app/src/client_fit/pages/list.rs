//! GET /client-fit: customers ranked by the problems behind the seven reasons, with the
//! recommendation and the decision taken.

use crate::client_fit::view::{Badge, level_class, rec_badge};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::PAGE_SIZE;
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
    decision: Option<Badge>,
    decided_at: String,
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
    /// The first page, when this is a later one.
    first: Option<String>,
    next: Option<String>,
    /// "The ranking is catching up with N changed customers", when it is.
    pending: Option<String>,
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
    let page = crate::client_fit::api::list::ranked(
        &s,
        user.clearance(),
        Some(rec.as_str()),
        usize::from(only_problems),
        q.after.as_deref(),
        PAGE_SIZE,
        0,
    )
    .await?;
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
            decision: r.decision.map(|d| rec_badge(&tr, d)),
            decided_at: r.decided_at.as_deref().map(when).unwrap_or_default(),
            id: r.customer_id,
            name: r.name,
            problems: r.problems,
            weight: r.weight,
        })
        .collect();
    let names: Vec<&str> = Recommendation::ALL.iter().map(|r| r.as_str()).collect();
    let link = |after: Option<&str>| {
        let mut kept = vec![("recommendation", rec.clone())];
        if only_problems {
            kept.push(("problems", "1".into()));
        }
        if let Some(a) = after {
            kept.push(("after", a.to_string()));
        }
        kept.retain(|(_, v)| !v.is_empty());
        let qs = serde_urlencoded::to_string(&kept).unwrap_or_default();
        if qs.is_empty() {
            "/client-fit".to_string()
        } else {
            format!("/client-fit?{qs}")
        }
    };
    let first = q
        .after
        .as_deref()
        .is_some_and(|a| !a.trim().is_empty())
        .then(|| link(None));
    let next = page.next_cursor.as_deref().map(|c| link(Some(c)));
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
        first,
        next,
        pending,
    })
}
