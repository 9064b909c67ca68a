//! The Today page's blocks: for one user, the first few rows and a capped count of each list
//! that needs them today. Every block is one index range (tasks by `(owner_id, kind, done_at,
//! due_at)` or `(owner_id, done_at, due_at)`, complaints by `(owner_id, sla_due_at)` or
//! `(sla_due_at, id)`, health by the owner's customers), so the page costs the same at a
//! million customers.

use crate::clearance::{Clearance, not_held};
use crate::sql::Sql;
use crate::tasks::{ItemRow, TaskItem, prefixed};
use crate::{Store, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

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

/// A complaint near or past its SLA deadline.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct ComplaintDue {
    /// Id.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// The customer.
    pub customer_id: String,
    /// Their name.
    pub customer_name: String,
    /// The running SLA deadline (UTC).
    pub sla_due_at: String,
}

/// A customer in the red health band.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct RedHealth {
    /// The customer.
    pub customer_id: String,
    /// Their name.
    pub customer_name: String,
    /// The score (0–100).
    pub score: i64,
    /// When it was computed (UTC).
    pub computed_at: String,
}

async fn counted(s: &Store, mut count: Sql) -> Result<(i64, bool), StoreError> {
    count.close_capped_count();
    let (n,): (i64,) = count.fetch_one(s.pool()).await?;
    Ok(crate::sql::capped(n))
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
        let (count, capped) = counted(self, count).await?;
        let mut list = Sql::new(&format!(
            "SELECT {}, cu.name AS customer_name, u.email AS owner_email FROM tasks t \
             LEFT JOIN customers cu ON cu.id = t.customer_id \
             LEFT JOIN users u ON u.id = t.owner_id WHERE ",
            prefixed("t")
        ));
        cond(&mut list);
        list.push(" ORDER BY t.due_at, t.id LIMIT ")
            .bind_int(limit.clamp(1, 100));
        let rows: Vec<ItemRow> = list.fetch_all(self.pool()).await?;
        Ok(Block {
            items: rows
                .into_iter()
                .map(TryInto::try_into)
                .collect::<Result<_, _>>()?,
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
    ) -> Result<Block<ComplaintDue>, StoreError> {
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
        let (count, capped) = counted(self, count).await?;
        let mut list = Sql::new(
            "SELECT c.id, c.subject, c.customer_id, cu.name AS customer_name, c.sla_due_at \
             FROM complaints c JOIN customers cu ON cu.id = c.customer_id WHERE 1 = 1",
        );
        cond(&mut list);
        list.push(" ORDER BY c.sla_due_at, c.id LIMIT ")
            .bind_int(limit.clamp(1, 100));
        Ok(Block {
            items: list.fetch_all(self.pool()).await?,
            count,
            capped,
        })
    }

    /// `owner_id`'s customers in the red health band, lowest score first, at most `limit`;
    /// customers under a retention hold left out for `who` without clearance.
    pub async fn today_red_health(
        &self,
        owner_id: &str,
        who: Clearance,
        limit: i64,
    ) -> Result<Block<RedHealth>, StoreError> {
        let cond = |q: &mut Sql| {
            q.push(" AND c.owner_id = ")
                .bind_text(owner_id)
                .push(" AND h.band = 'red' AND ")
                .push(&not_held(who, "c.id"));
        };
        // Driven from the band (few customers are red) rather than from the owner (who may own
        // hundreds of thousands): SQLite keeps a CROSS JOIN's order; PostgreSQL plans it as the
        // inner join it is.
        let from = "FROM customer_health h CROSS JOIN customers c WHERE c.id = h.customer_id";
        let mut count = Sql::new(&format!("SELECT COUNT(*) FROM (SELECT 1 {from}"));
        cond(&mut count);
        let (count, capped) = counted(self, count).await?;
        let mut list = Sql::new(&format!(
            "SELECT c.id AS customer_id, c.name AS customer_name, h.score, h.computed_at {from}"
        ));
        cond(&mut list);
        list.push(" ORDER BY h.score, c.id LIMIT ")
            .bind_int(limit.clamp(1, 100));
        Ok(Block {
            items: list.fetch_all(self.pool()).await?,
            count,
            capped,
        })
    }
}
