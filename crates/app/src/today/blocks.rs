//! The blocks of Today, read once for the page and the API.

use crate::kernel::state::AppState;
use crate::tasks::view::{TaskView, due_before};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use carewell_domain::role::Role;
use carewell_domain::time::fmt_ts;
use carewell_store::today::{Block, TaskBlock};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Items shown per block.
pub const SHOWN: i64 = 5;
/// How far ahead a complaint's SLA deadline counts as near.
pub const SLA_NEAR: Duration = Duration::hours(4);
/// How far ahead care moments are shown.
pub const CARE_AHEAD: Duration = Duration::days(7);

/// One thing to do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TodayItem {
    /// The task's or complaint's id.
    pub id: String,
    /// `task`, `complaint` or `customer`.
    pub kind: String,
    /// What it is, in the reader's language.
    pub title: String,
    /// The customer concerned.
    pub customer_id: Option<String>,
    /// Their name.
    pub customer_name: Option<String>,
    /// When it is due (a task) or its SLA deadline (a complaint), UTC.
    pub due_at: Option<String>,
    /// Past due.
    pub overdue: bool,
    /// Its page.
    pub href: String,
}

/// One block.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TodayBlock {
    /// `tasks`, `complaints`, `forgotten`, `detractors`, `care_moments`, `red_health`.
    pub key: String,
    /// Items in all, counted up to 1,000 (see `count_capped`).
    pub count: i64,
    /// More than `count`.
    pub count_capped: bool,
    /// The first few, most pressing first.
    pub items: Vec<TodayItem>,
    /// The whole list.
    pub href: String,
}

/// Today's blocks for the signed-in user.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Today {
    /// In the page's order.
    pub blocks: Vec<TodayBlock>,
}

fn task_block(
    tr: &Tr,
    key: &str,
    href: &str,
    b: Block<carewell_store::tasks::TaskItem>,
    now: DateTime<Utc>,
) -> TodayBlock {
    let now_s = fmt_ts(now);
    TodayBlock {
        key: key.into(),
        count: b.count,
        count_capped: b.capped,
        href: href.into(),
        items: b
            .items
            .iter()
            .map(|i| {
                let v = TaskView::item(tr, i, now);
                // A task about a customer titled with their name (forgotten customers,
                // call-backs) reads once: the name follows the title anyway.
                let title = match &i.customer_name {
                    Some(n) if *n == i.task.title => v
                        .title
                        .strip_suffix(&format!(": {n}"))
                        .map(str::to_string)
                        .unwrap_or(v.title),
                    _ => v.title,
                };
                TodayItem {
                    href: match &i.task.customer_id {
                        Some(c) => format!("/customers/{c}"),
                        None => "/tasks".into(),
                    },
                    id: i.task.id.clone(),
                    kind: "task".into(),
                    title,
                    customer_id: i.task.customer_id.clone(),
                    customer_name: i.customer_name.clone(),
                    overdue: i.task.due_at < now_s,
                    due_at: Some(i.task.due_at.clone()),
                }
            })
            .collect(),
    }
}

/// Reads every block for `user` at `now`.
pub async fn read(
    s: &AppState,
    tr: &Tr,
    user: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<Today, AppError> {
    let me = user.user.id.as_str();
    let who = user.clearance();
    let store = &s.store;
    let tomorrow = due_before(now);
    let week = fmt_ts(now + CARE_AHEAD);
    let mut blocks = Vec::new();
    let due = store
        .today_tasks(me, TaskBlock::DueBefore(&tomorrow), who, SHOWN)
        .await?;
    blocks.push(task_block(tr, "tasks", "/tasks", due, now));
    let manager = user.has(Role::MANAGERS);
    let near = fmt_ts(now + SLA_NEAR);
    let c = store
        .today_complaints((!manager).then_some(me), &near, who, SHOWN)
        .await?;
    let now_s = fmt_ts(now);
    blocks.push(TodayBlock {
        key: "complaints".into(),
        count: c.count,
        count_capped: c.capped,
        href: if manager {
            "/complaints?sort=sla_due".into()
        } else {
            "/complaints?owner=me&sort=sla_due".into()
        },
        items: c
            .items
            .into_iter()
            .map(|c| TodayItem {
                href: format!("/complaints/{}", c.id),
                overdue: c.sla_due_at < now_s,
                due_at: Some(c.sla_due_at),
                kind: "complaint".into(),
                title: c.subject,
                customer_id: Some(c.customer_id),
                customer_name: Some(c.customer_name),
                id: c.id,
            })
            .collect(),
    });
    for (key, kind, before) in [
        ("forgotten", "contact-due", None),
        ("detractors", "survey-callback", None),
        ("care_moments", "care-moment", Some(week.as_str())),
    ] {
        let b = store
            .today_tasks(me, TaskBlock::Kind(kind, before), who, SHOWN)
            .await?;
        blocks.push(task_block(tr, key, "/tasks", b, now));
    }
    let red = store.today_red_health(me, who, SHOWN).await?;
    blocks.push(TodayBlock {
        key: "red_health".into(),
        count: red.count,
        count_capped: red.capped,
        href: "/customers?owner=me&health=red".into(),
        items: red
            .items
            .into_iter()
            .map(|h| TodayItem {
                href: format!("/customers/{}", h.customer_id),
                overdue: false,
                due_at: None,
                kind: "customer".into(),
                title: tr.t_with("today-health-score", &[("score", &h.score.to_string())]),
                id: h.customer_id.clone(),
                customer_id: Some(h.customer_id),
                customer_name: Some(h.customer_name),
            })
            .collect(),
    });
    Ok(Today { blocks })
}
