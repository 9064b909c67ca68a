//! Customers: create, read, replace, delete, search.

use crate::search::query::Search;
use crate::search::text::Needle;
use crate::sql::Sql;
use crate::{Actor, Engine, Page, Store, StoreError, Tx, audit, new_id, now};
use carewell_domain::customer::{Channel, Consent, CustomerInput, CustomerKind, LifecycleStage};
use carewell_domain::events::EventType;
use carewell_domain::messaging::MessageClass;
use carewell_domain::segment::{DateBound, Filter, Owner};
use carewell_domain::{Entity, Refusal};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// A customer as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Customer {
    /// Id (UUIDv7).
    pub id: String,
    /// Key in the source system.
    pub external_ref: Option<String>,
    /// Person or organisation.
    pub kind: CustomerKind,
    /// Display name.
    pub name: String,
    /// Primary e-mail.
    pub email: Option<String>,
    /// Primary phone.
    pub phone: Option<String>,
    /// Preferred language (BCP 47).
    pub language: String,
    /// Country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// IANA time zone.
    pub timezone: Option<String>,
    /// Segment.
    pub segment: Option<String>,
    /// Lifecycle stage.
    pub stage: LifecycleStage,
    /// Owning staff member's user id.
    pub owner_id: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Free attributes.
    pub attributes: BTreeMap<String, String>,
    /// Consent per channel.
    #[schema(value_type = BTreeMap<String, bool>)]
    pub consent: Consent,
    /// Birthday.
    pub birthday: Option<NaiveDate>,
    /// Relationship anniversary.
    pub anniversary: Option<NaiveDate>,
    /// Created (UTC).
    pub created_at: String,
    /// Last changed (UTC).
    pub updated_at: String,
    /// When the newest interaction happened (UTC); null without interactions.
    pub last_contact_at: Option<String>,
    /// Complaints not closed.
    pub open_complaints: i64,
    /// Lifetime revenue from transactions, in minor units of `value_currency` (the customer's
    /// main currency: the one with the most revenue); 0 without transactions.
    pub value_minor: i64,
    /// The currency of `value_minor`; null without transactions.
    pub value_currency: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    external_ref: Option<String>,
    kind: String,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    language: String,
    country: Option<String>,
    timezone: Option<String>,
    segment: Option<String>,
    stage: String,
    owner_id: Option<String>,
    attributes: String,
    consent: String,
    birthday: Option<String>,
    anniversary: Option<String>,
    created_at: String,
    updated_at: String,
    last_contact_at: String,
    open_complaints: i64,
    value_minor: i64,
    value_currency: Option<String>,
}

pub(crate) const COLS: &str = "id, external_ref, kind, name, email, phone, language, country, timezone, segment, stage, \
     owner_id, attributes, consent, birthday, anniversary, created_at, updated_at, \
     last_contact_at, open_complaints, value_minor, value_currency";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl Row {
    fn into_customer(self, tags: Vec<String>) -> Result<Customer, StoreError> {
        let date = |s: Option<String>| -> Result<Option<NaiveDate>, StoreError> {
            s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(corrupt))
                .transpose()
        };
        Ok(Customer {
            kind: CustomerKind::parse(&self.kind).map_err(corrupt)?,
            stage: LifecycleStage::parse(&self.stage).map_err(corrupt)?,
            attributes: serde_json::from_str(&self.attributes)?,
            consent: serde_json::from_str(&self.consent)?,
            birthday: date(self.birthday)?,
            anniversary: date(self.anniversary)?,
            id: self.id,
            external_ref: self.external_ref,
            name: self.name,
            email: self.email,
            phone: self.phone,
            language: self.language,
            country: self.country,
            timezone: self.timezone,
            segment: self.segment,
            owner_id: self.owner_id,
            tags,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_contact_at: Some(self.last_contact_at).filter(|s| !s.is_empty()),
            open_complaints: self.open_complaints,
            value_minor: self.value_minor,
            value_currency: self.value_currency,
        })
    }
}

/// A search result row with the number of matches in all.
#[derive(sqlx::FromRow)]
struct Ranked {
    #[sqlx(flatten)]
    row: Row,
    search_total: i64,
}

/// Search filters for the customer list.
#[derive(Debug, Default, Clone)]
pub struct CustomerQuery {
    /// Free text: a substring of the name, e-mail, phone, external reference or a tag, case
    /// and accents folded but for Estonian letters (see [`crate::search`]).
    pub q: Option<String>,
    /// Exact segment.
    pub segment: Option<String>,
    /// Exact lifecycle stage.
    pub stage: Option<LifecycleStage>,
    /// Has this tag.
    pub tag: Option<String>,
    /// Owned by this user.
    pub owner_id: Option<String>,
    /// Only customers nobody owns (`owner_id` is then ignored).
    pub unassigned: bool,
    /// Only customers in this health band.
    pub health: Option<carewell_domain::health::Band>,
    /// The order without free text (with it, best match first); default by name.
    pub sort: CustomerSort,
    /// Descending.
    pub desc: bool,
    /// Start after this customer (the previous page's cursor), in the page's order; without
    /// free text only.
    pub after: Option<String>,
    /// Filters in the segment filter language, each of which must hold (the list's own
    /// parameters, a saved segment's filter). `owner: me` must be resolved before (see
    /// [`Filter::resolve_me`]); unresolved, it matches nothing.
    pub filters: Vec<Filter>,
    /// The day relative dates (`90d`) count back from; today (UTC) when absent.
    pub today: Option<NaiveDate>,
}

/// The columns the customer list sorts by; each but the owner is one indexed column (with the
/// id as the tie-break and the cursor's second key), so a page is an index range at any size.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum CustomerSort {
    /// Name.
    #[default]
    Name,
    /// When the record was created.
    Created,
    /// Lifecycle stage (its name).
    Stage,
    /// The owner's name (unowned first ascending); a join, not an index range.
    Owner,
    /// The newest interaction (never contacted counts as the oldest).
    LastContact,
    /// Complaints not closed.
    OpenComplaints,
    /// Lifetime revenue in minor units of the customer's main currency.
    Value,
}

impl CustomerSort {
    /// The sort expression over the customer alias `c`.
    fn expr(self, c: &str) -> String {
        match self {
            Self::Name => format!("{c}.name"),
            Self::Created => format!("{c}.created_at"),
            Self::Stage => format!("{c}.stage"),
            Self::Owner => format!(
                "COALESCE((SELECT LOWER(CASE WHEN TRIM(u.name) = '' THEN u.email ELSE u.name END) \
                 FROM users u WHERE u.id = {c}.owner_id), '')"
            ),
            Self::LastContact => format!("{c}.last_contact_at"),
            Self::OpenComplaints => format!("{c}.open_complaints"),
            Self::Value => format!("{c}.value_minor"),
        }
    }
}

impl CustomerQuery {
    /// Whether any structured filter (segment, stage, tag, owner) is set.
    pub(crate) fn has_filters(&self) -> bool {
        self.segment.is_some()
            || self.stage.is_some()
            || self.tag.is_some()
            || self.owner_id.is_some()
            || self.unassigned
            || self.filters.iter().any(|f| !f.is_empty())
            || self.health.is_some()
    }

    /// ` AND …` for each structured filter, over a `customers` row in scope.
    pub(crate) fn conditions(&self, q: &mut Sql, engine: Engine) {
        let today = self
            .today
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        for f in &self.filters {
            filter_conditions(f, today, engine, q);
        }
        if let Some(s) = &self.segment {
            q.push(" AND customers.segment = ").bind_text(s.clone());
        }
        if let Some(s) = self.stage {
            q.push(" AND customers.stage = ").bind_text(s.as_str());
        }
        if let Some(t) = &self.tag {
            q.push(" AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = customers.id AND t.tag = ")
                .bind_text(t.trim().to_lowercase())
                .push(")");
        }
        if let Some(b) = self.health {
            q.push(" AND EXISTS (SELECT 1 FROM customer_health h WHERE h.customer_id = customers.id AND h.band = ")
                .bind_text(b.as_str())
                .push(")");
        }
        if self.unassigned {
            q.push(" AND customers.owner_id IS NULL");
        } else if let Some(o) = &self.owner_id {
            q.push(" AND customers.owner_id = ").bind_text(o.clone());
        }
    }
}

/// ` AND …` for each condition of `f` over a `customers` row in scope, relative dates counted
/// back from `today`.
pub(crate) fn filter_conditions(f: &Filter, today: NaiveDate, engine: Engine, q: &mut Sql) {
    if let Some(s) = f.stage {
        q.push(" AND customers.stage = ").bind_text(s.as_str());
    }
    if let Some(s) = &f.segment {
        q.push(" AND customers.segment = ").bind_text(s.clone());
    }
    if !f.tags.is_empty() {
        q.push(" AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = customers.id AND t.tag IN (");
        for (i, t) in f.tags.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind_text(t.clone());
        }
        q.push("))");
    }
    if let Some(c) = &f.country {
        q.push(" AND customers.country = ").bind_text(c.clone());
    }
    if let Some(l) = &f.language {
        q.push(" AND customers.language = ").bind_text(l.clone());
    }
    match &f.owner {
        Some(Owner::User(id)) => {
            q.push(" AND customers.owner_id = ").bind_text(id.clone());
        }
        Some(Owner::Nobody) => {
            q.push(" AND customers.owner_id IS NULL");
        }
        Some(Owner::Me) => {
            q.push(" AND 1 = 0");
        }
        None => {}
    }
    if let Some(ch) = f.consent {
        // Consent is stored as compact JSON written by serde (`{"email":true}`).
        let given = format!("\"{}\":true", ch.as_str());
        let refused = format!("\"{}\":false", ch.as_str());
        match f.consent_class() {
            MessageClass::Marketing => {
                q.push(" AND ");
                crate::dialect::text_contains(q, engine, "customers.consent", &given);
            }
            MessageClass::Legal if ch == Channel::Email => {}
            MessageClass::Service | MessageClass::Legal => {
                q.push(" AND NOT ");
                crate::dialect::text_contains(q, engine, "customers.consent", &refused);
            }
        }
    }
    let day = |b: DateBound| b.resolve(today).to_string();
    let next_day = |b: DateBound| (b.resolve(today) + chrono::Duration::days(1)).to_string();
    if let Some(b) = f.created_from {
        q.push(" AND customers.created_at >= ").bind_text(day(b));
    }
    if let Some(b) = f.created_to {
        q.push(" AND customers.created_at < ")
            .bind_text(next_day(b));
    }
    // `last_contact_at` is '' for never contacted: before any day, so "to" includes them.
    if let Some(b) = f.last_contact_from {
        q.push(" AND customers.last_contact_at >= ")
            .bind_text(day(b));
    }
    if let Some(b) = f.last_contact_to {
        q.push(" AND customers.last_contact_at < ")
            .bind_text(next_day(b));
    }
    if let Some(b) = f.health_band {
        q.push(" AND EXISTS (SELECT 1 FROM customer_health h WHERE h.customer_id = customers.id AND h.band = ")
            .bind_text(b.as_str())
            .push(")");
    }
    for (k, v) in &f.attributes {
        // Attributes are stored as compact JSON written by serde: `"name":"value"` appears
        // exactly when the attribute has that value (quotes inside strings are escaped).
        let pair = format!(
            "{}:{}",
            serde_json::Value::from(k.as_str()),
            serde_json::Value::from(v.as_str())
        );
        q.push(" AND ");
        crate::dialect::text_contains(q, engine, "customers.attributes", &pair);
    }
}

async fn tags_for(
    store: &Store,
    ids: &[String],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut q = Sql::new("SELECT customer_id, tag FROM customer_tags WHERE customer_id IN (");
        for (i, id) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind_text(id.clone());
        }
        q.push(") ORDER BY tag");
        let rows: Vec<(String, String)> = q.fetch_all(store.pool()).await?;
        for (id, tag) in rows {
            out.entry(id).or_default().push(tag);
        }
    }
    Ok(out)
}

/// Writes `input` into row `id` (insert or replace) inside `tx`, including tags.
pub(crate) async fn write(
    tx: &mut Tx<'_>,
    id: &str,
    owner_id: Option<&str>,
    input: &CustomerInput,
    insert: bool,
) -> Result<(), StoreError> {
    crate::checks::user(tx, "owner_id", owner_id).await?;
    let ts = now();
    let sql = if insert {
        "INSERT INTO customers (external_ref, kind, name, email, phone, language, country, timezone, segment, stage, \
         owner_id, attributes, consent, birthday, anniversary, updated_at, id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16)"
    } else {
        "UPDATE customers SET external_ref = $1, kind = $2, name = $3, email = $4, phone = $5, language = $6, \
         country = $7, timezone = $8, segment = $9, stage = $10, owner_id = $11, attributes = $12, consent = $13, \
         birthday = $14, anniversary = $15, updated_at = $16 WHERE id = $17"
    };
    sqlx::query(sql)
        .bind(input.external_ref.as_deref())
        .bind(input.kind.as_str())
        .bind(&input.name)
        .bind(input.email.as_ref().map(|e| e.as_str()))
        .bind(input.phone.as_deref())
        .bind(input.language.as_str())
        .bind(input.country.as_deref())
        .bind(input.timezone.as_deref())
        .bind(input.segment.as_deref())
        .bind(input.stage.as_str())
        .bind(owner_id)
        .bind(serde_json::to_string(&input.attributes)?)
        .bind(serde_json::to_string(&input.consent)?)
        .bind(input.birthday.map(|d| d.to_string()))
        .bind(input.anniversary.map(|d| d.to_string()))
        .bind(&ts)
        .bind(id)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            // The owner was checked: the one constraint left is the external reference.
            e if e.is_constraint() => StoreError::Refused(Refusal::AlreadyExists {
                what: Entity::Customer,
                key: input.external_ref.clone().unwrap_or_default(),
            }),
            other => other,
        })?;
    if !insert {
        sqlx::query("DELETE FROM customer_tags WHERE customer_id = $1")
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
    }
    for tag in &input.tags {
        sqlx::query("INSERT INTO customer_tags (customer_id, tag) VALUES ($1, $2)")
            .bind(id)
            .bind(tag)
            .execute(&mut *tx.tx)
            .await?;
    }
    crate::search::put(tx, &[(id.to_string(), search_entry(input))]).await
}

/// The search row of a customer written from `input`.
pub(crate) fn search_entry(input: &CustomerInput) -> crate::search::text::Entry {
    crate::search::text::Entry::new(crate::search::text::Fields {
        name: &input.name,
        email: input.email.as_ref().map(|e| e.as_str()),
        phone: input.phone.as_deref(),
        external_ref: input.external_ref.as_deref(),
        tags: &input.tags,
    })
}

async fn get_in(tx: &mut Tx<'_>, id: &str) -> Result<Customer, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLS} FROM customers WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx.tx)
        .await?;
    let row = row.ok_or(StoreError::NotFound(Entity::Customer))?;
    let tags: Vec<(String,)> =
        sqlx::query_as("SELECT tag FROM customer_tags WHERE customer_id = $1 ORDER BY tag")
            .bind(id)
            .fetch_all(&mut *tx.tx)
            .await?;
    row.into_customer(tags.into_iter().map(|t| t.0).collect())
}

impl Store {
    /// Creates a customer.
    pub async fn create_customer(
        &self,
        actor: &Actor,
        input: &CustomerInput,
        owner_id: Option<&str>,
    ) -> Result<Customer, StoreError> {
        let mut tx = self.begin().await?;
        let created = create_in(&mut tx, actor, input, owner_id).await?;
        tx.commit().await?;
        Ok(created)
    }
}

/// Creates a customer in the caller's transaction (see [`Store::create_customer`]).
pub(crate) async fn create_in(
    tx: &mut Tx<'_>,
    actor: &Actor,
    input: &CustomerInput,
    owner_id: Option<&str>,
) -> Result<Customer, StoreError> {
    let id = new_id();
    write(tx, &id, owner_id, input, true).await?;
    let created = get_in(tx, &id).await?;
    audit::append(
        tx,
        actor,
        "customer.create",
        "customer",
        &id,
        &json!(null),
        &json!(created),
    )
    .await?;
    let data = crate::events::customer_data(&created);
    crate::events::emit(tx, EventType::CustomerCreated, &id, "0", data).await?;
    Ok(created)
}

impl Store {
    /// Replaces a customer's fields.
    pub async fn update_customer(
        &self,
        actor: &Actor,
        id: &str,
        input: &CustomerInput,
        owner_id: Option<&str>,
    ) -> Result<Customer, StoreError> {
        let mut tx = self.begin().await?;
        let before = get_in(&mut tx, id).await?;
        write(&mut tx, id, owner_id, input, false).await?;
        let after = get_in(&mut tx, id).await?;
        audit::append(
            &mut tx,
            actor,
            "customer.update",
            "customer",
            id,
            &json!(before),
            &json!(after),
        )
        .await?;
        let data = crate::events::customer_data(&after);
        crate::events::emit(&mut tx, EventType::CustomerUpdated, id, &now(), data).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a customer and everything hanging off it. The audit log's older entries about
    /// the customer (profile, contacts, interactions, complaints, messages, tasks, …; the same
    /// set an offboarding erasure redacts) are redacted in the same transaction, with reason
    /// "customer deleted" and the deleting entry's seq as reference; the deleting entry itself
    /// records no personal data. Refused, naming the legal basis, while a retention hold runs on
    /// the customer's records, and ([`Refusal::InUse`]) while ledger entries or offboarding
    /// cases refer to the customer: those are kept, and erased through offboarding.
    pub async fn delete_customer(&self, actor: &Actor, id: &str) -> Result<(), StoreError> {
        if let Some(h) = self.active_holds(id).await?.first() {
            return Err(h.refusal().into());
        }
        let mut tx = self.begin().await?;
        let before = get_in(&mut tx, id).await?;
        let mut by = Vec::new();
        for (table, what) in [
            ("ledger_entries", Entity::LedgerEntry),
            ("offboarding_cases", Entity::OffboardingCase),
        ] {
            let row: Option<(i64,)> = sqlx::query_as(&format!(
                "SELECT 1 FROM {table} WHERE customer_id = $1 LIMIT 1"
            ))
            .bind(id)
            .fetch_optional(&mut *tx.tx)
            .await?;
            if row.is_some() {
                by.push(what);
            }
        }
        if !by.is_empty() {
            return Err(Refusal::InUse { by }.into());
        }
        let seqs = crate::offboarding::erasure::customer_audit_seqs(&mut tx, id).await?;
        sqlx::query("DELETE FROM customers WHERE id = $1")
            .bind(id)
            .execute(&mut *tx.tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "customer.delete",
            "customer",
            id,
            &json!({ "id": before.id, "kind": before.kind, "stage": before.stage }),
            &json!({ "deleted": true, "audit_entries_redacted": seqs.len() }),
        )
        .await?;
        let (seq,): (i64,) = sqlx::query_as("SELECT MAX(seq) FROM audit_log")
            .fetch_one(&mut *tx.tx)
            .await?;
        audit::redact(&mut tx, actor, &seqs, "customer deleted", &seq.to_string()).await?;
        let data = json!({"customer_id": id});
        crate::events::emit(&mut tx, EventType::CustomerDeleted, id, "0", data).await?;
        tx.commit().await
    }

    /// One customer.
    pub async fn customer(&self, id: &str) -> Result<Customer, StoreError> {
        let row: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLS} FROM customers WHERE id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        let row = row.ok_or(StoreError::NotFound(Entity::Customer))?;
        let mut tags = tags_for(self, std::slice::from_ref(&row.id)).await?;
        let t = tags.remove(&row.id).unwrap_or_default();
        row.into_customer(t)
    }

    /// Searches customers: with free text, best match first (see [`crate::search::query`]),
    /// else in the query's order (by name by default) with a cursor to the next page. The total is exact up to [`crate::sql::COUNT_CAP`]; past it
    /// `total` is the cap and `capped` is set.
    pub async fn search_customers(
        &self,
        query: &CustomerQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Page<Customer>, StoreError> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let mut next = None;
        let (total, rows) = match query.q.as_deref().and_then(Needle::parse) {
            Some(needle) => {
                let s = Search {
                    engine: self.engine(),
                    needle: &needle,
                    filters: query,
                };
                let ranked: Vec<Ranked> =
                    s.page(COLS, limit, offset).fetch_all(self.pool()).await?;
                let total = match ranked.first() {
                    Some(r) => r.search_total,
                    None if offset > 0 => s.count().fetch_one::<(i64,)>(self.pool()).await?.0,
                    None => 0,
                };
                (
                    total,
                    ranked.into_iter().map(|r| r.row).collect::<Vec<Row>>(),
                )
            }
            None => {
                let mut count = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM customers WHERE 1=1");
                query.conditions(&mut count, self.engine());
                count.close_capped_count();
                let mut page = Sql::new(&format!("SELECT {COLS} FROM customers WHERE 1=1"));
                query.conditions(&mut page, self.engine());
                let keyset = crate::sql::Keyset {
                    expr: &query.sort.expr("customers"),
                    id: "customers.id",
                    cursor_expr: &query.sort.expr("a"),
                    cursor_from: "customers a",
                    desc: query.desc,
                };
                page.keyset(&keyset, query.after.as_deref())
                    .bind_int(limit + 1)
                    .push(" OFFSET ")
                    .bind_int(offset);
                let (total,): (i64,) = count.fetch_one(self.pool()).await?;
                let mut rows: Vec<Row> = page.fetch_all(self.pool()).await?;
                if rows.len() as i64 > limit {
                    rows.truncate(limit as usize);
                    next = rows.last().map(|r| r.id.clone());
                }
                (total, rows)
            }
        };
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut tags = tags_for(self, &ids).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                let t = tags.remove(&r.id).unwrap_or_default();
                r.into_customer(t)
            })
            .collect::<Result<_, _>>()?;
        let (total, capped) = crate::sql::capped(total);
        Ok(Page {
            items,
            total,
            capped,
            limit,
            offset,
            next,
        })
    }

    /// Distinct segments in use, for filter menus.
    pub async fn segments(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT segment FROM customers WHERE segment IS NOT NULL ORDER BY segment",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The oldest customer other than `except` whose e-mail is `email` (case-insensitive), as
    /// `(id, name)`: the one a new customer with this e-mail would duplicate.
    pub async fn customer_with_email(
        &self,
        email: &str,
        except: Option<&str>,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, name FROM customers WHERE lower(email) = lower($1) AND id <> $2 \
             ORDER BY created_at, id LIMIT 1",
        )
        .bind(email)
        .bind(except.unwrap_or(""))
        .fetch_optional(self.pool())
        .await?)
    }

    /// Number of customers.
    pub async fn count_customers(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers")
            .fetch_one(self.pool())
            .await?;
        Ok(n)
    }
}
