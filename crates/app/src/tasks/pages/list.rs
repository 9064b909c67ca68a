//! GET /tasks: the signed-in user's tasks (default), the managers' queue or everyone's; open
//! or done; sorted by the house convention; paged by cursor; due and overdue marked.

use crate::kernel::state::AppState;
use crate::tasks::query::{COLUMNS, Choice, Owner, Raw};
use crate::tasks::view::TaskView;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{PAGE_SIZE, Pager};
use crate::web::sort::{Header, headers};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use carewell_domain::role::Role;
use chrono::Utc;
use serde::Deserialize;

/// The query string.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// `me` (default), `none` (the managers' queue), `all`.
    pub owner: Option<String>,
    /// `open` (default) or `done`.
    pub status: Option<String>,
    /// A column, `-` first for descending.
    pub sort: Option<String>,
    /// The previous page's last task.
    pub cursor: Option<String>,
}

/// A filter tab.
pub struct Tab {
    /// Link.
    href: String,
    /// Words.
    label: String,
    /// The current one.
    current: bool,
    /// For tests and styles.
    name: &'static str,
}

/// The task list page.
#[derive(Template, WebTemplate)]
#[template(path = "tasks/list.html")]
pub struct ListPage {
    chrome: Chrome,
    rows: Vec<TaskView>,
    total: String,
    owners: Vec<Tab>,
    states: Vec<Tab>,
    headers: Vec<Header>,
    pager: Pager,
    /// The list shows several owners (a column for the owner).
    show_owner: bool,
    /// Where the done form comes back to.
    back: String,
    /// The empty list's words.
    empty: String,
}

/// The task list.
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(p): Query<Params>,
) -> Result<ListPage, AppError> {
    let c = Choice::lenient(&Raw {
        owner: p.owner.as_deref(),
        status: p.status.as_deref(),
        sort: p.sort.as_deref(),
        cursor: p.cursor.as_deref(),
    });
    let q = c.query(&user)?;
    let page = s.store.task_list(&q, PAGE_SIZE).await?;
    let now = Utc::now();
    let manager = user.has(Role::MANAGERS);
    let writer = user.has(Role::WRITERS);
    let rows = page
        .items
        .iter()
        .map(|i| {
            TaskView::item(&tr, i, now).allow(
                i.task.owner_id.as_deref(),
                &user.user.id,
                writer,
                manager,
            )
        })
        .collect();
    let owner = c.owner.as_str();
    let status = c.status_name();
    let sort = c.sort.value(COLUMNS);
    let sort_kept = if sort == "due" { "" } else { sort.as_str() };
    let owner_kept = if owner == "me" { "" } else { owner };
    let status_kept = if status == "open" { "" } else { status };
    let tab = |name: &'static str, label: String, current: bool, params: &[(&str, &str)]| Tab {
        href: crate::web::pager::address("/tasks", params),
        label,
        current,
        name,
    };
    let mut owners = vec![tab(
        "me",
        tr.t("task-filter-mine"),
        c.owner == Owner::Me,
        &[("status", status_kept), ("sort", sort_kept)],
    )];
    if manager {
        owners.push(tab(
            "none",
            tr.t("task-filter-queue"),
            c.owner == Owner::Queue,
            &[
                ("owner", "none"),
                ("status", status_kept),
                ("sort", sort_kept),
            ],
        ));
        owners.push(tab(
            "all",
            tr.t("task-filter-all"),
            c.owner == Owner::All,
            &[
                ("owner", "all"),
                ("status", status_kept),
                ("sort", sort_kept),
            ],
        ));
    }
    let states = vec![
        tab(
            "open",
            tr.t("task-filter-open"),
            status == "open",
            &[("owner", owner_kept), ("sort", sort_kept)],
        ),
        tab(
            "done",
            tr.t("task-filter-done"),
            status == "done",
            &[
                ("owner", owner_kept),
                ("status", "done"),
                ("sort", sort_kept),
            ],
        ),
    ];
    let filters = [("owner", owner_kept), ("status", status_kept)];
    let headers = headers(
        "/tasks",
        &filters,
        COLUMNS,
        c.sort,
        &[
            ("kind", tr.t("task-col-task")),
            ("customer", tr.t("task-col-customer")),
            ("due", tr.t("task-col-due")),
            ("created", tr.t("task-col-created")),
        ],
        &["created"],
    );
    let mut kept = filters.to_vec();
    kept.push(("sort", sort_kept));
    let pager = Pager::cursor(
        "/tasks",
        &kept,
        "cursor",
        c.cursor.as_deref(),
        page.next.as_deref(),
    );
    let mut here = kept.clone();
    if let Some(cur) = c.cursor.as_deref() {
        here.push(("cursor", cur));
    }
    let back = crate::web::pager::address("/tasks", &here);
    let total = if page.capped {
        tr.t("task-count-capped")
    } else {
        tr.t_n("task-count", page.total)
    };
    let empty = tr.t(match (c.owner, status) {
        (_, "done") => "task-none-done",
        (Owner::Queue, _) => "task-none-queue",
        _ => "task-none",
    });
    Ok(ListPage {
        chrome: Chrome::new(tr, &user),
        rows,
        total,
        owners,
        states,
        headers,
        pager,
        show_owner: c.owner != Owner::Me,
        back,
        empty,
    })
}
