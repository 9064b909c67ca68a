//! Segments: named, saved customer filters ([`carewell_domain::segment::Filter`]) with who made
//! and last changed them. Their members are the customers the filter matches now: the customer
//! list applies a segment with [`CustomerQuery::filters`], other parts (surveys, cadence, …)
//! take every member with [`member_ids`].

use crate::clearance::{Clearance, not_held};
use crate::customers::{CustomerQuery, filter_conditions};
use crate::sql::Sql;
use crate::{Actor, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::segment::Filter;
use carewell_domain::{Code, DomainError, Entity, Refusal};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// Longest segment name, in characters.
pub const MAX_NAME: usize = 120;
/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 2_000;

/// A segment as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Segment {
    /// Id (UUIDv7).
    pub id: String,
    /// Name, unique regardless of case.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The filter in canonical form (set keys only; see `POST /api/v1/segments`).
    #[schema(value_type = Object)]
    pub filter: serde_json::Value,
    /// Who created it (user id).
    pub created_by: String,
    /// Created (UTC).
    pub created_at: String,
    /// Who changed it last (user id).
    pub updated_by: String,
    /// Last changed (UTC).
    pub updated_at: String,
}

impl Segment {
    /// The stored filter, parsed.
    pub fn parsed_filter(&self) -> Result<Filter, StoreError> {
        Filter::from_json(&self.filter, "").map_err(|e| StoreError::Corrupt(format!("{e:?}")))
    }
}

/// What a segment is made of, validated by [`SegmentInput::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentInput {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Filter (`owner: me` already resolved to a user id).
    pub filter: Filter,
}

impl SegmentInput {
    /// Checks the name (required, at most [`MAX_NAME`]) and the description (at most
    /// [`MAX_DESCRIPTION`]); every error is reported.
    pub fn new(name: &str, description: &str, filter: Filter) -> Result<Self, Vec<DomainError>> {
        let mut errs = Vec::new();
        let name = name.trim();
        if name.is_empty() {
            errs.push(DomainError::new("name", Code::Required));
        } else if name.chars().count() > MAX_NAME {
            errs.push(DomainError::new("name", Code::TooLong { max: MAX_NAME }));
        } else if name.chars().any(char::is_control) {
            errs.push(DomainError::new("name", Code::ControlCharacters));
        }
        let description = description.trim();
        if description.chars().count() > MAX_DESCRIPTION {
            errs.push(DomainError::new(
                "description",
                Code::TooLong {
                    max: MAX_DESCRIPTION,
                },
            ));
        }
        if errs.is_empty() {
            Ok(Self {
                name: name.to_string(),
                description: description.to_string(),
                filter,
            })
        } else {
            Err(errs)
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    description: String,
    filter: String,
    created_by: String,
    created_at: String,
    updated_by: String,
    updated_at: String,
}

impl TryFrom<Row> for Segment {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            filter: serde_json::from_str(&r.filter)?,
            id: r.id,
            name: r.name,
            description: r.description,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_by: r.updated_by,
            updated_at: r.updated_at,
        })
    }
}

const COLS: &str = "id, name, description, filter, created_by, created_at, updated_by, updated_at";

fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

async fn get_in(tx: &mut Tx<'_>, id: &str) -> Result<Segment, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} FROM segments WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx.tx)
        .await?;
    row.ok_or(StoreError::NotFound(Entity::Segment))?.try_into()
}

/// The ids of every customer segment `segment_id` matches now, in id order, leaving out
/// customers under a running retention hold (erased: nobody to contact). Relative dates count
/// back from today (UTC). [`StoreError::NotFound`] for an unknown segment.
pub async fn member_ids(tx: &mut Tx<'_>, segment_id: &str) -> Result<Vec<String>, StoreError> {
    let seg = get_in(tx, segment_id).await?;
    let filter = seg.parsed_filter()?;
    let mut q = Sql::new(&format!(
        "SELECT customers.id FROM customers WHERE {}",
        not_held(Clearance::Standard, "customers.id")
    ));
    filter_conditions(
        &filter,
        chrono::Utc::now().date_naive(),
        tx.engine(),
        &mut q,
    );
    q.push(" ORDER BY customers.id");
    let rows: Vec<(String,)> = q.fetch_all_tx(tx).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// A segment in the caller's transaction.
pub async fn get(tx: &mut Tx<'_>, id: &str) -> Result<Segment, StoreError> {
    get_in(tx, id).await
}

impl Store {
    /// Every segment, by name (for lists and the selects of other features).
    pub async fn segments_all(&self) -> Result<Vec<Segment>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM segments ORDER BY name_key, id"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    /// One segment.
    pub async fn segment(&self, id: &str) -> Result<Segment, StoreError> {
        let row: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLS} FROM segments WHERE id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.ok_or(StoreError::NotFound(Entity::Segment))?.try_into()
    }

    /// How many customers `filter` matches on `today`, as the customer list counts: exact up
    /// to [`crate::sql::COUNT_CAP`], past it `(cap, true)`.
    pub async fn count_matching(
        &self,
        filter: &Filter,
        today: NaiveDate,
    ) -> Result<(i64, bool), StoreError> {
        let mut q = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM customers WHERE 1=1");
        filter_conditions(filter, today, self.engine(), &mut q);
        q.close_capped_count();
        let (n,): (i64,) = q.fetch_one(self.pool()).await?;
        Ok(crate::sql::capped(n))
    }

    /// Creates a segment; another with the same name (regardless of case) is refused
    /// ([`Refusal::AlreadyExists`]). Audited (`segment.create`).
    pub async fn create_segment(
        &self,
        actor: &Actor,
        input: &SegmentInput,
    ) -> Result<Segment, StoreError> {
        let mut tx = self.begin().await?;
        let id = new_id();
        let at = now();
        sqlx::query(
            "INSERT INTO segments (id, name, name_key, description, filter, created_by, created_at, \
             updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7)",
        )
        .bind(&id)
        .bind(&input.name)
        .bind(name_key(&input.name))
        .bind(&input.description)
        .bind(input.filter.to_json().to_string())
        .bind(&actor.id)
        .bind(&at)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| StoreError::from(e).or_refused(exists(&input.name)))?;
        let created = get_in(&mut tx, &id).await?;
        audit::append(
            &mut tx,
            actor,
            "segment.create",
            "segment",
            &id,
            &json!(null),
            &json!(created),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Replaces a segment's name, description and filter. Audited (`segment.update`).
    pub async fn update_segment(
        &self,
        actor: &Actor,
        id: &str,
        input: &SegmentInput,
    ) -> Result<Segment, StoreError> {
        let mut tx = self.begin().await?;
        let before = get_in(&mut tx, id).await?;
        sqlx::query(
            "UPDATE segments SET name = $1, name_key = $2, description = $3, filter = $4, \
             updated_by = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(&input.name)
        .bind(name_key(&input.name))
        .bind(&input.description)
        .bind(input.filter.to_json().to_string())
        .bind(&actor.id)
        .bind(now())
        .bind(id)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| StoreError::from(e).or_refused(exists(&input.name)))?;
        let after = get_in(&mut tx, id).await?;
        if has_cadence(&mut tx, id).await? {
            crate::cadence::refresh_members(&mut tx, chrono::Utc::now().date_naive()).await?;
        }
        audit::append(
            &mut tx,
            actor,
            "segment.update",
            "segment",
            id,
            &json!(before),
            &json!(after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a segment, and the contact cadence overrides made for it (its members fall back
    /// to their stage's cadence). Audited (`segment.delete`, with the overrides removed).
    pub async fn delete_segment(&self, actor: &Actor, id: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let before = get_in(&mut tx, id).await?;
        let overrides: Vec<(String, i64)> = sqlx::query_as(
            "SELECT stage, days FROM contact_cadence WHERE segment_id = $1 ORDER BY stage",
        )
        .bind(id)
        .fetch_all(&mut *tx.tx)
        .await?;
        for sql in [
            "DELETE FROM contact_cadence_members WHERE segment_id = $1",
            "DELETE FROM contact_cadence WHERE segment_id = $1",
            "DELETE FROM segments WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx.tx).await?;
        }
        let mut before = json!(before);
        if !overrides.is_empty() {
            before["cadence_overrides"] = overrides
                .iter()
                .map(|(stage, days)| json!({ "stage": stage, "days": days }))
                .collect();
        }
        audit::append(
            &mut tx,
            actor,
            "segment.delete",
            "segment",
            id,
            &before,
            &json!(null),
        )
        .await?;
        tx.commit().await
    }
}

/// Whether segment `id` has a contact cadence override.
async fn has_cadence(tx: &mut Tx<'_>, id: &str) -> Result<bool, StoreError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT stage FROM contact_cadence WHERE segment_id = $1 LIMIT 1")
            .bind(id)
            .fetch_optional(&mut *tx.tx)
            .await?;
    Ok(row.is_some())
}

fn exists(name: &str) -> Refusal {
    Refusal::AlreadyExists {
        what: Entity::Segment,
        key: name.trim().to_string(),
    }
}

/// A customer query applying `segment`'s filter (and nothing else), for lists and exports.
pub fn query_for(segment: &Segment) -> Result<CustomerQuery, StoreError> {
    Ok(CustomerQuery {
        filters: vec![segment.parsed_filter()?],
        ..CustomerQuery::default()
    })
}
