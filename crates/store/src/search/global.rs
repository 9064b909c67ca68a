//! The global search (the staff header's search box, `/search`, `/api/v1/search`, the
//! complaint form's customer picker): the few best customers and complaints for one query.
//!
//! - **Customers** come from the customer search ([`super::query`]): the same index lookups and
//!   ranking as the customer list, so a search stays fast at 1,000,000 customers.
//! - **Complaints** are found by their reference — the last eight hex digits of the id, which
//!   every message to the customer carries in its subject as `[#1a2b3c4d]` (a full id, the
//!   reference alone, or with `#` / `[#…]` around it; six or seven of its digits find it too) —
//!   and by a substring of the subject (one or two letters: the start of a word). An exact
//!   reference ranks first, then subjects, newest first, then partial references.
//! - Records of a customer under a running retention hold are left out for readers without
//!   clearance (the rule of [`crate::clearance`] for lists across customers).
//!
//! Each kind answers at most `limit` hits and whether there are more.

use super::query::Search;
use super::text::{MAX_QUERY_CHARS, Needle, clean, is_wide, like_contains};
use crate::clearance::{Clearance, not_held};
use crate::customers::CustomerQuery;
use crate::sql::Sql;
use crate::{Store, StoreError};
use carewell_domain::complaint::reference;
use serde::Serialize;
use utoipa::ToSchema;

/// The most hits of one kind a search answers.
pub const MAX_HITS: i64 = 50;

/// Customers read past the asked-for number, so that held ones left out (for readers without
/// clearance) do not shorten the answer. Held customers are erased (named `[erased]`, without
/// e-mail, phone or reference), so only a search for that name meets more of them than this.
const HELD_SLACK: i64 = 25;

/// Fewest hex digits of a reference that find a complaint by part of its reference.
const PARTIAL_REFERENCE: usize = 6;

/// A customer found.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct CustomerHit {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// External reference (from another system).
    pub external_ref: Option<String>,
}

/// A complaint found.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComplaintHit {
    /// Id.
    pub id: String,
    /// The short reference customers see (`1a2b3c4d`; in e-mail subjects as `[#1a2b3c4d]`).
    pub reference: String,
    /// Subject.
    pub subject: String,
    /// Workflow status (`new`, `acknowledged`, … `closed`).
    pub status: String,
    /// The customer.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// When it was received (UTC).
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct ComplaintRow {
    id: String,
    subject: String,
    status: String,
    customer_id: String,
    customer_name: String,
    created_at: String,
}

#[derive(sqlx::FromRow)]
struct RankedCustomer {
    #[sqlx(flatten)]
    hit: CustomerHit,
    search_total: i64,
}

/// The hits of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Hits<T> {
    /// The best hits, best first.
    pub items: Vec<T>,
    /// More match than `items` holds.
    pub more: bool,
}

impl<T> Default for Hits<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            more: false,
        }
    }
}

impl<T> Hits<T> {
    /// `rows` (at most `limit` + 1 were read) as at most `limit` hits.
    fn of(mut rows: Vec<T>, limit: i64, more: bool) -> Self {
        let more = more || rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        Self { items: rows, more }
    }
}

/// What a query says about a complaint's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RefQuery {
    /// A whole complaint id.
    Id(String),
    /// A whole reference (eight hex digits).
    Whole(String),
    /// Part of a reference.
    Part(String),
}

/// The reference in a cleaned query, if it looks like one: a complaint id, or hex digits with an
/// optional `#` or `[#…]` around them.
fn ref_query(q: &str) -> Option<RefQuery> {
    let t = q.trim();
    let t = t.strip_prefix("[#").unwrap_or(t);
    let t = t.strip_prefix('#').unwrap_or(t);
    let t = t.strip_suffix(']').unwrap_or(t);
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    if t.len() == 36 && hex(&t.replace('-', "")) && t.matches('-').count() == 4 {
        return Some(RefQuery::Id(t.to_ascii_lowercase()));
    }
    if !hex(t) {
        return None;
    }
    match t.len() {
        8 => Some(RefQuery::Whole(t.to_ascii_lowercase())),
        n if (PARTIAL_REFERENCE..8).contains(&n) => Some(RefQuery::Part(t.to_ascii_lowercase())),
        _ => None,
    }
}

/// `q` as typed, less control characters and runs of whitespace, cut to the searched length.
fn as_typed(q: &str) -> String {
    q.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_QUERY_CHARS)
        .collect()
}

/// The last eight characters of the id (the reference), lower-cased.
const REF_EXPR: &str = "LOWER(SUBSTR(c.id, LENGTH(c.id) - 7))";

impl Store {
    /// The best `limit` (1–[`MAX_HITS`]) customers for `q`, ranked as the customer list ranks a
    /// search; customers under a running retention hold left out unless `who` may see them.
    pub async fn find_customers(
        &self,
        who: Clearance,
        q: &str,
        limit: i64,
    ) -> Result<Hits<CustomerHit>, StoreError> {
        let limit = limit.clamp(1, MAX_HITS);
        let Some(needle) = Needle::parse(q) else {
            return Ok(Hits::default());
        };
        let filters = CustomerQuery::default();
        let search = Search {
            engine: self.engine(),
            needle: &needle,
            filters: &filters,
        };
        let window = limit + 1 + if who.sees_held() { 0 } else { HELD_SLACK };
        let page = search.page(
            "customers.id, customers.name, customers.email, customers.phone, customers.external_ref, \
             r.search_rank, r.name_key",
            window,
            0,
        );
        let mut sql = page.wrapped(
            "SELECT g.id, g.name, g.email, g.phone, g.external_ref, g.search_total FROM (",
            ") g WHERE ",
        );
        sql.push(&not_held(who, "g.id"))
            .push(" ORDER BY g.search_rank, g.name_key, g.id LIMIT ")
            .bind_int(limit + 1);
        let rows: Vec<RankedCustomer> = sql.fetch_all(self.pool()).await?;
        // Matches past the window were not looked at: there are more.
        let beyond = rows.first().is_some_and(|r| r.search_total > window);
        Ok(Hits::of(
            rows.into_iter().map(|r| r.hit).collect(),
            limit,
            beyond,
        ))
    }

    /// The best `limit` (1–[`MAX_HITS`]) complaints for `q`: by reference or id, then by a
    /// substring of the subject (newest first); complaints of customers under a running
    /// retention hold left out unless `who` may see them.
    pub async fn find_complaints(
        &self,
        who: Clearance,
        q: &str,
        limit: i64,
    ) -> Result<Hits<ComplaintHit>, StoreError> {
        let limit = limit.clamp(1, MAX_HITS);
        let lower: String = clean(q).chars().take(MAX_QUERY_CHARS).collect();
        if lower.is_empty() {
            return Ok(Hits::default());
        }
        let typed = as_typed(q);
        let by_ref = ref_query(&lower);
        let mut sql = Sql::new(
            "SELECT c.id, c.subject, c.status, c.customer_id, cu.name AS customer_name, c.created_at \
             FROM complaints c JOIN customers cu ON cu.id = c.customer_id WHERE (",
        );
        let reference_match = |sql: &mut Sql| match &by_ref {
            Some(RefQuery::Id(id)) => {
                sql.push("c.id = ").bind_text(id.clone());
            }
            Some(RefQuery::Whole(r)) => {
                sql.push(REF_EXPR).push(" = ").bind_text(r.clone());
            }
            Some(RefQuery::Part(r)) => {
                sql.push(REF_EXPR)
                    .push(" LIKE ")
                    .bind_text(like_contains(r))
                    .push(" ESCAPE '\\'");
            }
            None => {
                sql.push("1 = 0");
            }
        };
        // SQLite's LOWER folds ASCII only: the query as typed also matches a subject written
        // the same way ("Õun" finds "Õunapuu"). One or two characters match the start of a
        // word (as in the customer search), not any substring; a Chinese, Japanese or Korean
        // character is a word of its own, so "重复" is still any substring.
        let short = lower.chars().count() < 3 && !lower.chars().any(is_wide);
        let patterns: Vec<String> = [lower.as_str(), typed.as_str()]
            .iter()
            .flat_map(|t| {
                if short {
                    let p = like_contains(t);
                    let word = &p[1..];
                    vec![word.to_string(), format!("% {word}")]
                } else {
                    vec![like_contains(t)]
                }
            })
            .collect();
        let subject_match = |sql: &mut Sql| {
            sql.push("(");
            for (i, p) in patterns.iter().enumerate() {
                if i > 0 {
                    sql.push(" OR ");
                }
                sql.push(if i < patterns.len() / 2 {
                    "LOWER(c.subject) LIKE "
                } else {
                    "c.subject LIKE "
                })
                .bind_text(p.clone())
                .push(" ESCAPE '\\'");
            }
            sql.push(")");
        };
        reference_match(&mut sql);
        sql.push(" OR ");
        subject_match(&mut sql);
        sql.push(") AND ")
            .push(&not_held(who, "c.customer_id"))
            .push(" ORDER BY CASE WHEN ");
        match &by_ref {
            Some(RefQuery::Part(_)) | None => {
                sql.push("1 = 0");
            }
            Some(_) => reference_match(&mut sql),
        }
        sql.push(" THEN 0 WHEN ");
        subject_match(&mut sql);
        sql.push(" THEN 1 ELSE 2 END, c.created_at DESC, c.id DESC LIMIT ")
            .bind_int(limit + 1);
        let rows: Vec<ComplaintRow> = sql.fetch_all(self.pool()).await?;
        let hits = rows
            .into_iter()
            .map(|r| ComplaintHit {
                reference: reference(&r.id),
                id: r.id,
                subject: r.subject,
                status: r.status,
                customer_id: r.customer_id,
                customer_name: r.customer_name,
                created_at: r.created_at,
            })
            .collect();
        Ok(Hits::of(hits, limit, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_queries() {
        assert_eq!(
            ref_query("1a2b3c4d"),
            Some(RefQuery::Whole("1a2b3c4d".into()))
        );
        assert_eq!(
            ref_query("[#1A2B3C4D]"),
            Some(RefQuery::Whole("1a2b3c4d".into()))
        );
        assert_eq!(ref_query("#1a2b3c"), Some(RefQuery::Part("1a2b3c".into())));
        assert_eq!(ref_query("1a2b"), None);
        assert_eq!(ref_query("1a2b3c4d5"), None);
        assert_eq!(ref_query("charged twice"), None);
        assert_eq!(ref_query("%_%_%_%_"), None);
        let id = "0190f2a4-7b1c-7d2e-8f3a-1a2b3c4d5e6f";
        assert_eq!(ref_query(id), Some(RefQuery::Id(id.into())));
        assert_eq!(ref_query(""), None);
    }

    #[test]
    fn typed_queries_are_bounded() {
        assert_eq!(as_typed("  a \t b\u{0} "), "a b");
        assert_eq!(as_typed(&"x".repeat(10_000)).len(), MAX_QUERY_CHARS);
    }
}
