//! GET /complaints: the complaint queue: filters (status, severity, category, owner,
//! breaching soon), sortable columns, live SLA badges and the deadline of the running clock.

use crate::complaints::api::complaints::{ListParams, SORTS};
use crate::complaints::view::RowView;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{PAGE_SIZE, Pager};
use crate::web::sort::{self, Header};
use crate::web::view::{Opt, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use carewell_domain::complaint::sla::Policy;
use carewell_domain::complaint::workflow::Status;
use carewell_domain::complaint::{Category, Severity};
use chrono::Utc;

/// The list page.
#[derive(Template, WebTemplate)]
#[template(path = "complaints/list.html")]
pub struct ListPage {
    chrome: Chrome,
    rows: Vec<RowView>,
    total: String,
    q: String,
    statuses: Vec<Opt>,
    severities: Vec<Opt>,
    categories: Vec<Opt>,
    owners: Vec<Opt>,
    breaching: bool,
    sort: String,
    headers: Vec<Header>,
    pager: Pager,
    can_report: bool,
    pending: Vec<PendingLine>,
}

/// A compensation waiting for a manager.
pub struct PendingLine {
    amount: String,
    reason: String,
    link: String,
}

/// The complaint list (open ones by default), sorted by `?sort=` (received, newest first, by
/// default), filtered by owner (`owner=me`, `owner=none`) and `breaching=1`. Unknown filter
/// values are refused with the reason (a 422 page); an unknown sort is the default order.
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(mut p): Query<ListParams>,
) -> Result<ListPage, AppError> {
    if p.status.is_none() {
        p.status = Some("open".into());
    }
    let sort = p.sort_or_default();
    p.sort = Some(sort.value(SORTS));
    let mut query = p.query(&user.user.id)?;
    query.sort = sort.key;
    query.desc = sort.desc;
    let page = s.store.search_complaints(&query, PAGE_SIZE, 0).await?;
    let policies = s.store.sla_policies().await?;
    let now = Utc::now();
    let rows = page
        .items
        .iter()
        .map(|c| {
            let pol = policies
                .iter()
                .find(|x| x.severity == c.severity)
                .cloned()
                .unwrap_or_else(|| Policy::default_for(c.severity));
            RowView::new(&tr, c, &c.sla(&pol, now), now)
        })
        .collect();
    let cur = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut statuses = vec![Opt {
        value: "open".into(),
        label: tr.t("cmp-filter-open"),
        selected: p.status.as_deref() == Some("open"),
    }];
    // Every complaint, closed ones included.
    statuses.push(Opt {
        value: String::new(),
        label: tr.t("cmp-any"),
        selected: p.status.as_deref() == Some(""),
    });
    let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    statuses.extend(opts(&tr, "cmp-status", &names, &cur(&p.status)));
    let sev: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    let cat: Vec<&str> = Category::ALL.iter().map(|s| s.as_str()).collect();
    let owner = cur(&p.owner);
    let owners = [
        ("", "cmp-owner-any"),
        ("me", "cmp-owner-me"),
        ("none", "cmp-owner-none"),
    ]
    .into_iter()
    .map(|(value, key)| Opt {
        value: value.into(),
        label: tr.t(key),
        selected: owner.trim() == value,
    })
    .collect();
    let breaching = query.due_before.is_some();
    let sort_value = sort.value(SORTS);
    let filters = [
        ("status", cur(&p.status)),
        ("severity", cur(&p.severity)),
        ("category", cur(&p.category)),
        ("owner", owner.trim().to_string()),
        (
            "breaching",
            if breaching { "1".into() } else { String::new() },
        ),
        ("q", cur(&p.q)),
    ];
    let params: Vec<(&str, &str)> = filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let shown: Vec<(&str, String)> = [
        ("subject", "cmp-field-subject"),
        ("customer", "cmp-field-customer"),
        ("severity", "cmp-field-severity"),
        ("status", "cmp-field-status"),
        ("owner", "cmp-field-owner"),
        ("sla_due", "cmp-field-sla-due"),
        ("last_customer", "cmp-field-last-customer"),
        ("received", "cmp-field-received"),
    ]
    .into_iter()
    .map(|(n, key)| (n, tr.t(key)))
    .collect();
    let headers = sort::headers(
        "/complaints",
        &params,
        SORTS,
        sort,
        &shown,
        &["severity", "last_customer", "received"],
    );
    let mut paging = params.clone();
    paging.push(("sort", &sort_value));
    let pager = Pager::cursor(
        "/complaints",
        &paging,
        "cursor",
        p.cursor.as_deref(),
        page.next.as_deref(),
    );
    let is_manager = user.has(carewell_domain::role::Role::MANAGERS);
    let pending = if is_manager {
        s.store
            .pending_compensation(user.clearance())
            .await?
            .into_iter()
            .map(|e| PendingLine {
                amount: tr.money_minor(e.amount_minor, &e.currency),
                link: match e.source_kind {
                    carewell_domain::ledger::SourceKind::Complaint => {
                        format!("/complaints/{}#compensation", e.source_id)
                    }
                    _ => format!("/customers/{}", e.customer_id),
                },
                reason: e.reason,
            })
            .collect()
    } else {
        Vec::new()
    };
    let total = if page.capped {
        tr.t("complaints-count-capped")
    } else {
        tr.t_n("complaints-count", page.total)
    };
    Ok(ListPage {
        pending,
        chrome: Chrome::new(tr, &user),
        total,
        q: cur(&p.q),
        severities: opts(&tr, "cmp-severity", &sev, &cur(&p.severity)),
        categories: opts(&tr, "cmp-category", &cat, &cur(&p.category)),
        owners,
        breaching,
        sort: sort_value,
        headers,
        statuses,
        pager,
        can_report: is_manager,
        rows,
    })
}
