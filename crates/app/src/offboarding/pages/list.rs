//! GET /offboarding: the cases, filtered by status, reason and initiator, sorted by any column
//! (`?sort=`, see [`crate::web::sort`]).

use crate::kernel::state::AppState;
use crate::offboarding::view::status_class;
use crate::web::auth::CurrentUser;
use crate::web::auth::access::REPORTERS;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{PAGE_SIZE, Pager};
use crate::web::sort::{self, Header, Sort};
use crate::web::view::{Opt, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use carewell_domain::offboarding::workflow::Status;
use carewell_domain::offboarding::{Initiator, Reason};
use carewell_store::offboarding::{CaseQuery, CaseSort};
use serde::Deserialize;

/// The filters.
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    /// A status, `active`, or empty for all.
    pub status: Option<String>,
    /// A reason.
    pub reason: Option<String>,
    /// company or customer.
    pub initiator: Option<String>,
    /// Start after this case (the "next" link's cursor).
    pub cursor: Option<String>,
    /// The order (`customer`, `reason`, `initiator`, `status`, `service_end`, `opened`, `-`
    /// for descending); unknown ones are the default (opened, newest first).
    pub sort: Option<String>,
}

/// The columns the case list sorts by, as they appear in `?sort=`.
pub const SORTS: &[(&str, CaseSort)] = &[
    ("customer", CaseSort::Customer),
    ("reason", CaseSort::Reason),
    ("initiator", CaseSort::Initiator),
    ("status", CaseSort::Status),
    ("service_end", CaseSort::ServiceEnd),
    ("opened", CaseSort::Opened),
];

/// The default order: opened, newest first.
pub const DEFAULT_SORT: Sort<CaseSort> = Sort {
    key: CaseSort::Opened,
    desc: true,
};

/// A row.
pub struct Row {
    id: String,
    customer: String,
    customer_id: String,
    reason: String,
    initiator: String,
    status: String,
    status_name: &'static str,
    status_class: &'static str,
    service_end: String,
    opened: crate::web::view::When,
}

/// The list page.
#[derive(Template, WebTemplate)]
#[template(path = "offboarding/list.html")]
pub struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
    total: String,
    statuses: Vec<Opt>,
    reasons: Vec<Opt>,
    initiators: Vec<Opt>,
    pager: Pager,
    can_report: bool,
    headers: Vec<Header>,
    sort: String,
}

/// The case list (active cases by default).
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(f): Query<Filters>,
) -> Result<ListPage, AppError> {
    let status = f.status.clone().unwrap_or_else(|| "active".into());
    let cur = |v: &Option<String>| v.clone().unwrap_or_default();
    let reason = match cur(&f.reason).as_str() {
        "" => None,
        r => Some(Reason::parse(r)?),
    };
    let initiator = match cur(&f.initiator).as_str() {
        "" => None,
        i => Some(Initiator::parse(i)?),
    };
    if !status.is_empty() && status != "active" {
        Status::parse(&status)?;
    }
    let q = CaseQuery {
        status: (!status.is_empty()).then(|| status.clone()),
        customer_id: None,
        reason,
        initiator,
        after: f.cursor.clone(),
    };
    let sort = Sort::parse(f.sort.as_deref(), SORTS, DEFAULT_SORT);
    let sort_value = sort.value(SORTS);
    let page = s
        .store
        .offboarding_cases_sorted(user.clearance(), &q, sort.key, sort.desc, PAGE_SIZE, 0)
        .await?;
    let rows = page
        .items
        .iter()
        .map(|c| Row {
            id: c.id.clone(),
            customer: c.customer_name.clone(),
            customer_id: c.customer_id.clone(),
            reason: label(&tr, "offb-reason", c.reason.as_str()),
            initiator: label(&tr, "offb-initiator", c.initiator.as_str()),
            status: label(&tr, "offb-status", c.status.as_str()),
            status_name: c.status.as_str(),
            status_class: status_class(c.status),
            service_end: c.timeline.service_end.to_string(),
            opened: when(&c.created_at),
        })
        .collect();
    let mut statuses = vec![
        Opt {
            value: "active".into(),
            label: tr.t("offb-filter-active"),
            selected: status == "active",
        },
        Opt {
            value: String::new(),
            label: tr.t("offb-any"),
            selected: status.is_empty(),
        },
    ];
    let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    statuses.extend(opts(&tr, "offb-status", &names, &status));
    let reasons: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    let inits: Vec<&str> = Initiator::ALL.iter().map(|r| r.as_str()).collect();
    let reason_v = cur(&f.reason);
    let initiator_v = cur(&f.initiator);
    let filters = [
        ("status", status.as_str()),
        ("reason", reason_v.as_str()),
        ("initiator", initiator_v.as_str()),
    ];
    let mut paging = filters.to_vec();
    paging.push(("sort", &sort_value));
    let pager = Pager::cursor(
        "/offboarding",
        &paging,
        "cursor",
        f.cursor.as_deref(),
        page.next.as_deref(),
    );
    let shown: Vec<(&str, String)> = [
        ("customer", "offb-field-customer"),
        ("reason", "offb-field-reason"),
        ("initiator", "offb-field-initiator"),
        ("status", "offb-field-status"),
        ("service_end", "offb-date-service_end"),
        ("opened", "offb-field-opened"),
    ]
    .into_iter()
    .map(|(n, key)| (n, tr.t(key)))
    .collect();
    let headers = sort::headers(
        "/offboarding",
        &filters,
        SORTS,
        sort,
        &shown,
        &["service_end", "opened"],
    );
    let total = if page.capped {
        tr.t("offb-count-capped")
    } else {
        tr.t_n("offb-count", page.total)
    };
    Ok(ListPage {
        headers,
        sort: sort_value,
        reasons: opts(&tr, "offb-reason", &reasons, &cur(&f.reason)),
        initiators: opts(&tr, "offb-initiator", &inits, &cur(&f.initiator)),
        chrome: Chrome::new(tr, &user),
        rows,
        total,
        statuses,
        pager,
        can_report: user.has(REPORTERS),
    })
}
