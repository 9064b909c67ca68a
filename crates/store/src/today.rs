//! The Today page's blocks: for one user, the first few rows and a capped count of each list
//! that needs them today. Every block is one index range (tasks by `(owner_id, kind, done_at,
//! due_at)` or `(owner_id, done_at, due_at)`, complaints by `(owner_id, sla_due_at)` or
//! `(sla_due_at, id)`), so the page costs the same at a million customers.

use crate::clearance::{Clearance, not_held};
use crate::complaints::Complaint;
use crate::sql::Sql;
use crate::tasks::TaskItem;
use crate::{Store, StoreError};

/// The task kinds with a block of their own (not repeated among the tasks due).
pub const OWN_BLOCK_KINDS: &[&str] = &["contact-due", "survey-callback", "care-moment"];

/// Which open tasks of one owner a block shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskBlock<'a> {
    /// Every kind but [`OWN_BLOCK_KINDS`], due before the instant (UTC).
    DueBefore(&'a str),
    /// One kind, due before the instant (or any time when `None`).
    Kind(&'a str, Option<&'a str>),
}

/// A block: the first rows and how many there are (at most [`crate::sql::COUNT_CAP`]; see
/// `capped`).
#[derive(Debug, Clone)]
pub struct Block<T> {
    /// The first rows, most pressing first.
    pub items: Vec<T>,
    /// Rows in all, up to the cap.
    pub count: i64,
    /// More than `count` rows.
    pub capped: bool,
}

impl Store {
    /// `owner_id`'s open tasks of `which`, due first (oldest first), at most `limit`; customers
    /// under a retention hold left out for `who` without clearance.
    pub async fn today_tasks(
        &self,
        owner_id: &str,
        which: TaskBlock<'_>,
        who: Clearance,
        limit: i64,
    ) -> Result<Block<TaskItem>, StoreError> {
        let cond = |q: &mut Sql| {
            q.push("t.owner_id = ")
                .bind_text(owner_id)
                .push(" AND t.done_at IS NULL");
            match which {
                TaskBlock::DueBefore(before) => {
                    q.push(" AND t.kind NOT IN ('contact-due', 'survey-callback', 'care-moment')")
                        .push(" AND t.due_at < ")
                        .bind_text(before);
                }
                TaskBlock::Kind(kind, before) => {
                    q.push(" AND t.kind = ").bind_text(kind);
                    if let Some(b) = before {
                        q.push(" AND t.due_at < ").bind_text(b);
                    }
                }
            }
            q.push(" AND (t.customer_id IS NULL OR ")
                .push(&not_held(who, "t.customer_id"))
                .push(")");
        };
        let mut count = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM tasks t WHERE ");
        cond(&mut count);
        count.close_capped_count();
        let (n,): (i64,) = count.fetch_one(self.pool()).await?;
        let items = self
            .task_items_where(|q| {
                cond(q);
                q.push(" ORDER BY t.due_at, t.id LIMIT ")
                    .bind_int(limit.clamp(1, 100));
            })
            .await?;
        let (count, capped) = crate::sql::capped(n);
        Ok(Block {
            items,
            count,
            capped,
        })
    }

    /// Complaints not closed whose running SLA deadline is before `due_before` (near or past
    /// it), soonest first, at most `limit`: `owner_id`'s, or everyone's when `None`; customers
    /// under a retention hold left out for `who` without clearance.
    pub async fn today_complaints(
        &self,
        owner_id: Option<&str>,
        due_before: &str,
        who: Clearance,
        limit: i64,
    ) -> Result<Block<Complaint>, StoreError> {
        let cond = |q: &mut Sql| {
            if let Some(o) = owner_id {
                q.push(" AND c.owner_id = ").bind_text(o);
            }
            q.push(" AND c.sla_due_at IS NOT NULL AND c.sla_due_at < ")
                .bind_text(due_before)
                .push(" AND c.status <> 'closed' AND ")
                .push(&not_held(who, "c.customer_id"));
        };
        let mut count = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM complaints c WHERE 1 = 1");
        cond(&mut count);
        count.close_capped_count();
        let (n,): (i64,) = count.fetch_one(self.pool()).await?;
        let items = self
            .complaints_where(|q| {
                cond(q);
                q.push(" ORDER BY c.sla_due_at, c.id LIMIT ")
                    .bind_int(limit.clamp(1, 100));
            })
            .await?;
        let (count, capped) = crate::sql::capped(n);
        Ok(Block {
            items,
            count,
            capped,
        })
    }
}
