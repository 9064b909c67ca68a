//! `/api/v1/tasks`: the task list (`owner=me|none|all`, `status=open|done`, `sort`, `cursor`,
//! `limit`) and marking a task done.

use crate::kernel::state::AppState;
use crate::tasks::query::{Choice, Raw};
use crate::tasks::view::Due;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiQuery;
use crate::web::pager::{PAGE_SIZE, limit};
use axum::Json;
use axum::extract::{Path, State};
use carewell_domain::role::Role;
use carewell_store::tasks::{Task, TaskItem};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// List parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `me` (default: the caller's tasks), `none` (the managers' queue: tasks without an
    /// owner) or `all`; `none` and `all` for managers and admins.
    pub owner: Option<String>,
    /// `open` (default) or `done`.
    pub status: Option<String>,
    /// `due` (default), `created`, `kind` or `customer`; `-` first for descending.
    pub sort: Option<String>,
    /// Start after this task: the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Page size (1–1000, default 50).
    pub limit: Option<i64>,
}

/// A task in a list, with when it is due relative to now.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskOut {
    /// The task, the customer's name and the owner's e-mail.
    #[serde(flatten)]
    pub item: TaskItem,
    /// `overdue`, `today` (due later today, in the reader's time zone), `later` or `done`.
    pub due_state: String,
}

/// One page of tasks.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskPage {
    /// Tasks in the asked order.
    pub items: Vec<TaskOut>,
    /// Matches in all, counted up to 1,000 (see `total_capped`).
    pub total: i64,
    /// More than `total` tasks match.
    pub total_capped: bool,
    /// Page size.
    pub limit: i64,
    /// The `cursor` of the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List tasks: the caller's by default; the managers' queue and everyone's for managers.
#[utoipa::path(get, operation_id = "list_tasks", path = "/api/v1/tasks", tag = "tasks", params(ListParams),
    responses((status = 200, body = TaskPage),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<TaskPage>, AppError> {
    let c = Choice::strict(&Raw {
        owner: p.owner.as_deref(),
        status: p.status.as_deref(),
        sort: p.sort.as_deref(),
        cursor: p.cursor.as_deref(),
    })?;
    let q = c.query(&user)?;
    let page = s.store.task_list(&q, limit(p.limit, PAGE_SIZE)).await?;
    let now = Utc::now();
    Ok(Json(TaskPage {
        items: page
            .items
            .into_iter()
            .map(|item| TaskOut {
                due_state: Due::of(&item.task.due_at, item.task.done_at.is_some(), now)
                    .as_str()
                    .to_string(),
                item,
            })
            .collect(),
        total: page.total,
        total_capped: page.capped,
        limit: page.limit,
        next_cursor: page.next,
    }))
}

/// Mark a task done: the task's owner (a writing role) or a manager; anyone else gets 403
/// (`not-owner`), a task done already 409 (`already-done`). Audited.
#[utoipa::path(post, operation_id = "complete_task", path = "/api/v1/tasks/{id}/done", tag = "tasks",
    params(("id" = String, Path, description = "Task id")),
    responses((status = 200, body = Task),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn done(
    State(s): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Task>, AppError> {
    let t = s
        .store
        .complete_task(&user.actor(), &id, user.has(Role::MANAGERS))
        .await?;
    Ok(Json(t))
}
