//! Streaming reads for exports: customers in keyset pages (ordered by id), so an export of a
//! million rows never holds more than one page in memory and never holds a long read open.

use crate::customers::{COLS, Customer};
use crate::sql::Sql;
use crate::{Store, StoreError};
use carewell_domain::customer::{CustomerKind, LifecycleStage};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn date(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(corrupt))
        .transpose()
}

impl Row {
    fn into_customer(self, tags: Vec<String>) -> Result<Customer, StoreError> {
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

impl Store {
    /// Up to `limit` customers with an id greater than `after` (all when `None`), ordered by
    /// id, with their tags. Call again with the last id to get the next page.
    pub async fn customers_after(
        &self,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Customer>, StoreError> {
        self.customers_after_matching(after, limit, None).await
    }

    /// [`Store::customers_after`], only the customers `filter` matches (relative dates
    /// counted back from today, UTC): a segment's export.
    pub async fn customers_after_matching(
        &self,
        after: Option<&str>,
        limit: i64,
        filter: Option<&carewell_domain::segment::Filter>,
    ) -> Result<Vec<Customer>, StoreError> {
        let mut q = Sql::new(&format!(
            "SELECT {COLS} FROM customers WHERE customers.id > "
        ));
        q.bind_text(after.unwrap_or("").to_string());
        if let Some(f) = filter {
            let today = chrono::Utc::now().date_naive();
            crate::customers::filter_conditions(f, today, self.engine(), &mut q);
        }
        q.push(" ORDER BY id LIMIT ")
            .bind_int(limit.clamp(1, 10_000));
        let rows: Vec<Row> = q.fetch_all(self.pool()).await?;
        let mut tags: HashMap<String, Vec<String>> = HashMap::new();
        if filter.is_some() && !rows.is_empty() {
            // A filtered page may be sparse in its id range: its tags by id.
            let mut t =
                Sql::new("SELECT customer_id, tag FROM customer_tags WHERE customer_id IN (");
            for (i, r) in rows.iter().enumerate() {
                if i > 0 {
                    t.push(", ");
                }
                t.bind_text(r.id.clone());
            }
            t.push(") ORDER BY customer_id, tag");
            let pairs: Vec<(String, String)> = t.fetch_all(self.pool()).await?;
            for (id, tag) in pairs {
                tags.entry(id).or_default().push(tag);
            }
        } else if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
            // The page is a contiguous id range: one range query fetches its tags.
            let mut t =
                Sql::new("SELECT customer_id, tag FROM customer_tags WHERE customer_id >= ");
            t.bind_text(first.id.clone())
                .push(" AND customer_id <= ")
                .bind_text(last.id.clone())
                .push(" ORDER BY customer_id, tag");
            let pairs: Vec<(String, String)> = t.fetch_all(self.pool()).await?;
            for (id, tag) in pairs {
                tags.entry(id).or_default().push(tag);
            }
        }
        rows.into_iter()
            .map(|r| {
                let t = tags.remove(&r.id).unwrap_or_default();
                r.into_customer(t)
            })
            .collect()
    }

    /// Every attribute name used by any customer (read in pages), for export column headers.
    pub async fn customer_attribute_names(&self) -> Result<BTreeSet<String>, StoreError> {
        let mut names = BTreeSet::new();
        let mut after = String::new();
        loop {
            let mut q = Sql::new("SELECT id, attributes FROM customers WHERE id > ");
            q.bind_text(after.clone())
                .push(" AND attributes <> '{}' ORDER BY id LIMIT ")
                .bind_int(5_000);
            let rows: Vec<(String, String)> = q.fetch_all(self.pool()).await?;
            let Some((last, _)) = rows.last() else {
                return Ok(names);
            };
            after = last.clone();
            for (_, a) in &rows {
                let m: BTreeMap<String, String> = serde_json::from_str(a)?;
                names.extend(m.into_keys());
            }
        }
    }
}
