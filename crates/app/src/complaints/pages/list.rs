//! GET /complaints: the complaint list with filters and live SLA badges.

use crate::complaints::api::complaints::ListParams;
use crate::complaints::view::{RowView, task_title};
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
    pager: Pager,
    can_report: bool,
    tasks: Vec<TaskLine>,
    pending: Vec<PendingLine>,
}

/// An open task in the list's side panel.
pub struct TaskLine {
    id: String,
    kind: String,
    title: String,
    due: String,
    link: String,
    queue: bool,
}

/// A compensation waiting for a manager.
pub struct PendingLine {
    amount: String,
    reason: String,
    link: String,
}

/// The complaint list (open ones by default).
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(mut p): Query<ListParams>,
) -> Result<ListPage, AppError> {
    if p.status.is_none() {
        p.status = Some("open".into());
    }
    let page = s.store.search_complaints(&p.query()?, PAGE_SIZE, 0).await?;
    let policies = s.store.sla_policies().await?;
    let now = Utc::now();
    let rows = page
        .items
        .iter()
        .filter_map(|c| {
            let pol = policies.iter().find(|x| x.severity == c.severity)?;
            Some(RowView::new(&tr, c, &c.sla(pol, now)))
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
    let pager = Pager::cursor(
        "/complaints",
        &[
            ("status", &cur(&p.status)),
            ("severity", &cur(&p.severity)),
            ("category", &cur(&p.category)),
            ("q", &cur(&p.q)),
        ],
        "cursor",
        p.cursor.as_deref(),
        page.next.as_deref(),
    );
    let is_manager = user.has(carewell_domain::role::Role::MANAGERS);
    let mut open = s.store.open_tasks(Some(&user.user.id)).await?;
    if is_manager {
        open.extend(s.store.open_tasks(None).await?);
    }
    let tasks = open
        .into_iter()
        .take(50)
        .map(|t| TaskLine {
            link: match (t.source_kind.as_deref(), &t.source_id) {
                (Some("complaint"), Some(id)) => format!("/complaints/{id}"),
                _ => String::new(),
            },
            queue: t.owner_id.is_none(),
            title: task_title(&tr, &t),
            kind: label(&tr, "cmp-task", &t.kind),
            due: when(&t.due_at),
            id: t.id,
        })
        .collect();
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
        tasks,
        pending,
        chrome: Chrome::new(tr, &user),
        total,
        q: cur(&p.q),
        severities: opts(&tr, "cmp-severity", &sev, &cur(&p.severity)),
        categories: opts(&tr, "cmp-category", &cat, &cur(&p.category)),
        statuses,
        pager,
        can_report: user.has(carewell_domain::role::Role::MANAGERS),
        rows,
    })
}
