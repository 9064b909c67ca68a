//! Reading complaints: one, by satisfaction token, the filtered list, the history.

use super::{COLS, Complaint, ComplaintEvent, ComplaintQuery, FROM, Row};
use crate::sql::Sql;
use crate::{Page, Store, StoreError};
use carewell_domain::Entity;
use carewell_domain::complaint::workflow::Status;

impl Store {
    /// One complaint.
    pub async fn complaint(&self, id: &str) -> Result<Complaint, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} {FROM} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound(Entity::Complaint))?
            .try_into()
    }

    /// The complaint whose satisfaction link carries `token`.
    pub async fn complaint_by_satisfaction_token(
        &self,
        token: &str,
    ) -> Result<Complaint, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} {FROM} WHERE c.satisfaction_hash = $1"
        ))
        .bind(crate::links::token_hash(token))
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound(Entity::Complaint))?
            .try_into()
    }

    /// Searches complaints in the query's order (received, newest first, by default).
    pub async fn search_complaints(
        &self,
        q: &ComplaintQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Page<Complaint>, StoreError> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        // Counted up to the cap, not over every complaint ever received.
        let mut count = filtered(&format!("SELECT COUNT(*) FROM (SELECT 1 {FROM}"), q)?;
        count.close_capped_count();
        let (total,): (i64,) = count.fetch_one(self.pool()).await?;
        let mut list = filtered(&format!("SELECT {COLS} {FROM}"), q)?;
        let keyset = crate::sql::Keyset {
            expr: &q.sort.expr("c", "cu", "ow", q.desc),
            id: "c.id",
            cursor_expr: &q.sort.expr("a", "acu", "aow", q.desc),
            cursor_from: "complaints a JOIN customers acu ON acu.id = a.customer_id \
                          LEFT JOIN users aow ON aow.id = a.owner_id",
            desc: q.desc,
        };
        list.keyset(&keyset, q.after.as_deref())
            .bind_int(limit + 1)
            .push(" OFFSET ")
            .bind_int(offset);
        let mut rows: Vec<Row> = list.fetch_all(self.pool()).await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let items: Vec<Complaint> = rows
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<_, _>>()?;
        let (total, capped) = crate::sql::capped(total);
        Ok(Page {
            next: more.then(|| items.last().map(|c| c.id.clone())).flatten(),
            items,
            total,
            capped,
            limit,
            offset,
        })
    }

    /// A complaint's history, oldest first.
    pub async fn complaint_events(&self, id: &str) -> Result<Vec<ComplaintEvent>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, complaint_id, at, actor, action, from_status, to_status, note \
             FROM complaint_events WHERE complaint_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }
}

fn filtered(head: &str, q: &ComplaintQuery) -> Result<Sql, StoreError> {
    let mut w = Sql::new(head);
    w.push(" WHERE 1 = 1");
    match q.status.as_deref() {
        Some("open") => {
            w.push(" AND c.status <> 'closed'");
        }
        Some(s) => {
            w.push(" AND c.status = ")
                .bind_text(Status::parse(s)?.as_str());
        }
        None => {}
    }
    if let Some(s) = q.severity {
        w.push(" AND c.severity = ").bind_text(s.as_str());
    }
    if let Some(s) = q.category {
        w.push(" AND c.category = ").bind_text(s.as_str());
    }
    if let Some(s) = &q.customer_id {
        w.push(" AND c.customer_id = ").bind_text(s.clone());
    }
    if q.unassigned {
        w.push(" AND c.owner_id IS NULL");
    } else if let Some(s) = &q.owner_id {
        w.push(" AND c.owner_id = ").bind_text(s.clone());
    }
    if let Some(before) = &q.due_before {
        w.push(" AND c.sla_due_at <= ").bind_text(before.clone());
    }
    if let Some(s) = &q.q {
        let pat = format!("%{}%", s.to_lowercase());
        w.push(" AND (LOWER(c.subject) LIKE ")
            .bind_text(pat.clone())
            .push(" OR LOWER(c.description) LIKE ")
            .bind_text(pat)
            .push(")");
    }
    Ok(w)
}
