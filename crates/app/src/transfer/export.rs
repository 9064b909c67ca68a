//! Customers as CSV, in the importer's own column layout so that export → import round-trips:
//! `external_ref … anniversary, consent_<channel>…, attr_<name>…`; tags joined with `;`.
//! Cells that a spreadsheet would run as a formula get a leading `'` (see
//! [`carewell_domain::csv_cell`]); the importer removes it.
//! Produced page by page (keyset on id), so memory stays flat however many customers exist.

use carewell_domain::csv_cell::guard;
use carewell_domain::customer::Channel;
use carewell_store::customers::Customer;
use carewell_store::{Store, StoreError};
use std::borrow::Cow;

/// Customers per page (and per emitted chunk).
pub const PAGE: i64 = 1000;

const FIXED: [&str; 13] = [
    "external_ref",
    "kind",
    "name",
    "email",
    "phone",
    "language",
    "country",
    "timezone",
    "segment",
    "stage",
    "tags",
    "birthday",
    "anniversary",
];

/// A customer export in progress: call [`CustomerCsv::next_chunk`] until it returns `None`.
#[derive(Debug)]
pub struct CustomerCsv {
    store: Store,
    attrs: Vec<String>,
    after: Option<String>,
    started: bool,
    done: bool,
    /// Only the customers this filter matches (a segment's export); all when `None`.
    filter: Option<carewell_domain::segment::Filter>,
    /// Customers written so far.
    pub rows: u64,
}

fn csv_err(e: csv::Error) -> StoreError {
    StoreError::Corrupt(format!("csv: {e}"))
}

impl CustomerCsv {
    /// Prepares an export (reads the attribute names in use for the header).
    pub async fn start(store: Store) -> Result<Self, StoreError> {
        let attrs = store
            .customer_attribute_names()
            .await?
            .into_iter()
            .collect();
        Ok(Self {
            store,
            attrs,
            after: None,
            started: false,
            done: false,
            filter: None,
            rows: 0,
        })
    }

    /// This export, only of the customers `filter` matches.
    pub fn matching(mut self, filter: Option<carewell_domain::segment::Filter>) -> Self {
        self.filter = filter;
        self
    }

    /// The header row's column names.
    pub fn header(&self) -> Vec<String> {
        FIXED
            .iter()
            .map(|s| s.to_string())
            .chain(
                Channel::ALL
                    .iter()
                    .map(|c| format!("consent_{}", c.as_str())),
            )
            .chain(self.attrs.iter().map(|a| format!("attr_{a}")))
            .collect()
    }

    fn record(&self, c: &Customer) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut r = vec![
            // A customer entered by hand has no source key: its id stands in, so the export
            // can always be imported (elsewhere) again.
            c.external_ref.clone().unwrap_or_else(|| c.id.clone()),
            c.kind.as_str().to_string(),
            c.name.clone(),
            opt(&c.email),
            opt(&c.phone),
            c.language.clone(),
            opt(&c.country),
            opt(&c.timezone),
            opt(&c.segment),
            c.stage.as_str().to_string(),
            c.tags.join(";"),
            c.birthday.map(|d| d.to_string()).unwrap_or_default(),
            c.anniversary.map(|d| d.to_string()).unwrap_or_default(),
        ];
        for ch in Channel::ALL {
            r.push(match c.consent.get(ch) {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            });
        }
        for a in &self.attrs {
            r.push(c.attributes.get(a).cloned().unwrap_or_default());
        }
        // No cell may start a spreadsheet formula (the importer takes the quote off again).
        r.into_iter()
            .map(|v| match guard(&v) {
                Cow::Borrowed(_) => v,
                Cow::Owned(g) => g,
            })
            .collect()
    }

    /// The next piece of CSV (the header comes with the first page), or `None` at the end.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let page = self
            .store
            .customers_after_matching(self.after.as_deref(), PAGE, self.filter.as_ref())
            .await?;
        let mut w = csv::Writer::from_writer(Vec::with_capacity(256 * page.len().max(1)));
        if !self.started {
            self.started = true;
            w.write_record(self.header()).map_err(csv_err)?;
        }
        for c in &page {
            w.write_record(self.record(c)).map_err(csv_err)?;
        }
        self.rows += page.len() as u64;
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => self.after = Some(last.id.clone()),
            _ => self.done = true,
        }
        w.into_inner()
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("csv: {e}")))
    }
}
