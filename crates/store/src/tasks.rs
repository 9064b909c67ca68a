//! Tasks for staff: follow-up visits after a resolved complaint, SLA escalations for the
//! managers' queue. Linked to what caused them generically (`source_kind` + `source_id`).

use crate::sql::{COUNT_CAP, Sql};
use crate::{Actor, Clearance, Page, Store, StoreError, Tx, audit, clearance, new_id, now};
use carewell_domain::{Entity, Refusal, error::Done};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// A task as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Task {
    /// Id.
    pub id: String,
    /// `follow-up-visit`, `sla-warning`, `sla-breach`, `escalation`, `offboarding-follow-up`.
    pub kind: String,
    /// What it is about (a complaint's subject); tasks written before typed parameters carry
    /// their whole English title here.
    pub title: String,
    /// The parameters its words are rendered from (`target`, `percent`, `level`, `days`).
    #[schema(value_type = Object)]
    pub args: serde_json::Value,
    /// The customer concerned.
    pub customer_id: Option<String>,
    /// Who should do it; `None` = the managers' queue.
    pub owner_id: Option<String>,
    /// What caused it (`complaint`, …).
    pub source_kind: Option<String>,
    /// Its id.
    pub source_id: Option<String>,
    /// Due (UTC).
    pub due_at: String,
    /// Done (UTC), if done.
    pub done_at: Option<String>,
    /// Created (UTC).
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    title: String,
    args: String,
    customer_id: Option<String>,
    owner_id: Option<String>,
    source_kind: Option<String>,
    source_id: Option<String>,
    due_at: String,
    done_at: Option<String>,
    created_at: String,
}

impl TryFrom<Row> for Task {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            args: serde_json::from_str(&r.args)?,
            id: r.id,
            kind: r.kind,
            title: r.title,
            customer_id: r.customer_id,
            owner_id: r.owner_id,
            source_kind: r.source_kind,
            source_id: r.source_id,
            due_at: r.due_at,
            done_at: r.done_at,
            created_at: r.created_at,
        })
    }
}

/// A task to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask<'a> {
    /// Kind.
    pub kind: &'a str,
    /// What it is about.
    pub title: String,
    /// The parameters its words are rendered from.
    pub args: serde_json::Value,
    /// Customer.
    pub customer_id: Option<&'a str>,
    /// Owner; `None` = managers' queue.
    pub owner_id: Option<&'a str>,
    /// Source kind.
    pub source_kind: &'a str,
    /// Source id.
    pub source_id: &'a str,
    /// Due (UTC, storage format).
    pub due_at: String,
}

const COLS: &str = "id, kind, title, args, customer_id, owner_id, source_kind, source_id, due_at, \
     done_at, created_at";

/// Creates a task in the caller's transaction (no audit entry: the caller audits its change).
pub async fn create(tx: &mut Tx<'_>, t: &NewTask<'_>) -> Result<Task, StoreError> {
    let task = Task {
        id: new_id(),
        kind: t.kind.to_string(),
        title: t.title.clone(),
        args: t.args.clone(),
        customer_id: t.customer_id.map(str::to_string),
        owner_id: t.owner_id.map(str::to_string),
        source_kind: Some(t.source_kind.to_string()),
        source_id: Some(t.source_id.to_string()),
        due_at: t.due_at.clone(),
        done_at: None,
        created_at: now(),
    };
    sqlx::query(&format!(
        "INSERT INTO tasks ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(&task.id)
    .bind(&task.kind)
    .bind(&task.title)
    .bind(serde_json::to_string(&task.args)?)
    .bind(task.customer_id.as_deref())
    .bind(task.owner_id.as_deref())
    .bind(task.source_kind.as_deref())
    .bind(task.source_id.as_deref())
    .bind(&task.due_at)
    .bind(task.done_at.as_deref())
    .bind(&task.created_at)
    .execute(&mut *tx.tx)
    .await?;
    Ok(task)
}

fn tasks(rows: Vec<Row>) -> Result<Vec<Task>, StoreError> {
    rows.into_iter().map(TryInto::try_into).collect()
}

impl Store {
    /// Tasks caused by one source (e.g. a complaint), oldest first.
    pub async fn tasks_for_source(
        &self,
        source_kind: &str,
        source_id: &str,
    ) -> Result<Vec<Task>, StoreError> {
        tasks(
            sqlx::query_as(&format!(
                "SELECT {COLS} FROM tasks WHERE source_kind = $1 AND source_id = $2 ORDER BY created_at, id"
            ))
            .bind(source_kind)
            .bind(source_id)
            .fetch_all(self.pool())
            .await?,
        )
    }

    /// A customer's open tasks, due first, at most `limit`.
    pub async fn open_tasks_for_customer(
        &self,
        customer_id: &str,
        limit: i64,
    ) -> Result<Vec<Task>, StoreError> {
        tasks(
            sqlx::query_as(&format!(
                "SELECT {COLS} FROM tasks WHERE customer_id = $1 AND done_at IS NULL \
                 ORDER BY due_at, id LIMIT $2"
            ))
            .bind(customer_id)
            .bind(limit.clamp(1, 1_000))
            .fetch_all(self.pool())
            .await?,
        )
    }

    /// Open tasks of a user (or of the managers' queue when `owner_id` is `None`), due first.
    pub async fn open_tasks(&self, owner_id: Option<&str>) -> Result<Vec<Task>, StoreError> {
        let sql = match owner_id {
            Some(_) => format!(
                "SELECT {COLS} FROM tasks WHERE owner_id = $1 AND done_at IS NULL ORDER BY due_at, id"
            ),
            None => format!(
                "SELECT {COLS} FROM tasks WHERE owner_id IS NULL AND done_at IS NULL ORDER BY due_at, id"
            ),
        };
        let mut q = sqlx::query_as::<_, Row>(&sql);
        if let Some(o) = owner_id {
            q = q.bind(o);
        }
        tasks(q.fetch_all(self.pool()).await?)
    }

    /// Marks a task done: refused ([`Refusal::NotOwner`]) unless the task is `actor`'s or
    /// `any_owner` (a manager completes anyone's task and the managers' queue), and
    /// ([`Refusal::AlreadyDone`]) when it is done already. Audited (`task.complete`).
    pub async fn complete_task(
        &self,
        actor: &Actor,
        id: &str,
        any_owner: bool,
    ) -> Result<Task, StoreError> {
        let mut tx = self.begin().await?;
        let before: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLS} FROM tasks WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let mut task: Task = before
            .ok_or(StoreError::NotFound(Entity::Task))?
            .try_into()?;
        if !any_owner && task.owner_id.as_deref() != Some(actor.id.as_str()) {
            return Err(Refusal::NotOwner { what: Entity::Task }.into());
        }
        if task.done_at.is_some() {
            return Err(Refusal::AlreadyDone {
                what: Done::TaskDone,
            }
            .into());
        }
        let at = now();
        // `done_at IS NULL`: of two completions at once, only one changes the row.
        let changed =
            sqlx::query("UPDATE tasks SET done_at = $1 WHERE id = $2 AND done_at IS NULL")
                .bind(&at)
                .bind(id)
                .execute(&mut *tx.tx)
                .await?
                .rows_affected();
        if changed == 0 {
            return Err(Refusal::AlreadyDone {
                what: Done::TaskDone,
            }
            .into());
        }
        let before = json!(task);
        task.done_at = Some(at);
        audit::append(
            &mut tx,
            actor,
            "task.complete",
            "task",
            id,
            &before,
            &json!(task),
        )
        .await?;
        tx.commit().await?;
        Ok(task)
    }

    /// One page of the task list: `q`'s owner and status, in `q`'s sort, after the cursor
    /// task (keyset on `(sort column, id)`), at most `limit` rows; the count stops at
    /// [`COUNT_CAP`].
    pub async fn task_list(&self, q: &TaskQuery, limit: i64) -> Result<Page<TaskItem>, StoreError> {
        let limit = limit.clamp(1, 1_000);
        let mut count = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM tasks t WHERE ");
        q.filter(&mut count);
        count.close_capped_count();
        let (total,): (i64,) = count.fetch_one(self.pool()).await?;
        let expr = q.sort.expr("t", "cu");
        let mut list = Sql::new(&format!(
            "SELECT {}, cu.name AS customer_name, u.email AS owner_email FROM tasks t \
             LEFT JOIN customers cu ON cu.id = t.customer_id \
             LEFT JOIN users u ON u.id = t.owner_id WHERE ",
            prefixed("t")
        ));
        q.filter(&mut list);
        let keyset = crate::sql::Keyset {
            expr: &expr,
            id: "t.id",
            cursor_expr: &q.sort.expr("a", "acu"),
            cursor_from: "tasks a LEFT JOIN customers acu ON acu.id = a.customer_id",
            desc: q.desc,
        };
        list.keyset(&keyset, q.after.as_deref()).bind_int(limit + 1);
        let rows: Vec<ItemRow> = list.fetch_all(self.pool()).await?;
        let more = rows.len() as i64 > limit;
        let items: Vec<TaskItem> = rows
            .into_iter()
            .take(limit as usize)
            .map(TryInto::try_into)
            .collect::<Result<_, _>>()?;
        let (total, capped) = crate::sql::capped(total);
        Ok(Page {
            next: more
                .then(|| items.last().map(|t| t.task.id.clone()))
                .flatten(),
            items,
            total,
            capped,
            limit,
            offset: 0,
        })
    }

    /// The counts beside the navigation for `user_id`: open complaints they own, their open
    /// tasks due before `due_before` (the start of tomorrow: due today or overdue), and — when `approvals` (managers) — the
    /// compensation waiting for approval that `who` may see. Each count stops at
    /// [`NAV_CAP`] + 1, so they stay cheap (indexed, see migration 0018).
    pub async fn nav_counts(
        &self,
        user_id: &str,
        who: Clearance,
        approvals: bool,
        due_before: &str,
    ) -> Result<NavCounts, StoreError> {
        let capped =
            |inner: &str| format!("SELECT COUNT(*) FROM ({inner} LIMIT {}) n", NAV_CAP + 1);
        let (complaints,): (i64,) = sqlx::query_as(&capped(
            "SELECT 1 FROM complaints WHERE owner_id = $1 AND status <> 'closed'",
        ))
        .bind(user_id)
        .fetch_one(self.pool())
        .await?;
        let (tasks_due,): (i64,) = sqlx::query_as(&capped(
            "SELECT 1 FROM tasks WHERE owner_id = $1 AND done_at IS NULL AND due_at < $2",
        ))
        .bind(user_id)
        .bind(due_before)
        .fetch_one(self.pool())
        .await?;
        let approvals = if approvals {
            let (n,): (i64,) = sqlx::query_as(&capped(&format!(
                "SELECT 1 FROM ledger_entries e LEFT JOIN ledger_decisions d ON d.entry_id = e.id \
                 WHERE e.requires_approval = 1 AND d.entry_id IS NULL AND {}",
                clearance::not_held(who, "e.customer_id")
            )))
            .fetch_one(self.pool())
            .await?;
            Some(n)
        } else {
            None
        };
        Ok(NavCounts {
            my_open_complaints: complaints,
            approvals_waiting: approvals,
            tasks_due,
        })
    }
}

/// The largest count the navigation shows exactly (more reads "99+").
pub const NAV_CAP: i64 = 99;

/// The counts beside the navigation entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct NavCounts {
    /// Open (not closed) complaints the user owns, at most [`NAV_CAP`] + 1.
    pub my_open_complaints: i64,
    /// Compensation waiting for approval (managers only; `None` for other roles).
    pub approvals_waiting: Option<i64>,
    /// The user's open tasks due today or overdue.
    pub tasks_due: i64,
}

/// Whose tasks a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskOwner {
    /// One user's (by id).
    User(String),
    /// The managers' queue: tasks without an owner.
    Queue,
    /// Everyone's.
    All,
}

/// Open or done tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    /// Not done yet.
    Open,
    /// Done.
    Done,
}

/// The columns a task list sorts by (the SQL comes from here only, never from the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskSort {
    /// Due time.
    Due,
    /// Creation time.
    Created,
    /// Kind.
    Kind,
    /// The customer's name (tasks without a customer sort as an empty name).
    Customer,
}

impl TaskSort {
    /// The sort expression over the task alias `t` and the customer alias `c`.
    fn expr(self, t: &str, c: &str) -> String {
        match self {
            Self::Due => format!("{t}.due_at"),
            Self::Created => format!("{t}.created_at"),
            Self::Kind => format!("{t}.kind"),
            Self::Customer => format!("COALESCE({c}.name, '')"),
        }
    }
}

/// What a task list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskQuery {
    /// Whose tasks.
    pub owner: TaskOwner,
    /// Open or done.
    pub state: TaskState,
    /// Sort column.
    pub sort: TaskSort,
    /// Descending when true.
    pub desc: bool,
    /// Start after this task (the previous page's last id).
    pub after: Option<String>,
}

impl TaskQuery {
    /// Appends the owner and state conditions on alias `t`.
    fn filter(&self, q: &mut Sql) {
        match &self.owner {
            TaskOwner::User(id) => {
                q.push("t.owner_id = ").bind_text(id.clone());
            }
            TaskOwner::Queue => {
                q.push("t.owner_id IS NULL");
            }
            TaskOwner::All => {
                q.push("1 = 1");
            }
        }
        q.push(match self.state {
            TaskState::Open => " AND t.done_at IS NULL",
            TaskState::Done => " AND t.done_at IS NOT NULL",
        });
    }
}

/// A task in a list, with the names it is shown with.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct TaskItem {
    /// The task.
    #[serde(flatten)]
    pub task: Task,
    /// The customer's name, if the task concerns one.
    pub customer_name: Option<String>,
    /// The owner's e-mail; `None` for the managers' queue.
    pub owner_email: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    #[sqlx(flatten)]
    task: Row,
    customer_name: Option<String>,
    owner_email: Option<String>,
}

impl TryFrom<ItemRow> for TaskItem {
    type Error = StoreError;
    fn try_from(r: ItemRow) -> Result<Self, StoreError> {
        Ok(Self {
            task: r.task.try_into()?,
            customer_name: r.customer_name,
            owner_email: r.owner_email,
        })
    }
}

/// [`COLS`] with a table alias.
pub(crate) fn prefixed(alias: &str) -> String {
    COLS.split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

const _: () = assert!(COUNT_CAP > NAV_CAP);
