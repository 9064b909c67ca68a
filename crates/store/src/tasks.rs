//! Tasks for staff: follow-up visits after a resolved complaint, SLA escalations for the
//! managers' queue. Linked to what caused them generically (`source_kind` + `source_id`).

use crate::{Actor, Store, StoreError, Tx, audit, new_id, now};
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

    /// Marks a task done.
    pub async fn complete_task(&self, actor: &Actor, id: &str) -> Result<Task, StoreError> {
        let mut tx = self.begin().await?;
        let before: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLS} FROM tasks WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx.tx)
                .await?;
        let mut task: Task = before
            .ok_or(StoreError::NotFound(Entity::Task))?
            .try_into()?;
        if task.done_at.is_some() {
            return Err(Refusal::AlreadyDone {
                what: Done::TaskDone,
            }
            .into());
        }
        let at = now();
        sqlx::query("UPDATE tasks SET done_at = $1 WHERE id = $2")
            .bind(&at)
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
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
}
