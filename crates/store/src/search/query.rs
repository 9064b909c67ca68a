//! The search query: candidates from three bounded index lookups, checked against the query,
//! ranked, and counted up to a cap.
//!
//! Candidates (each at most [`CAP`] + 1 rows):
//! - exact e-mail, phone digits or external reference (B-tree lookups);
//! - names starting with the query, accents folded (a B-tree range scan in name order);
//! - documents containing the query (the trigram index: FTS5 `trigram` on SQLite, `pg_trgm`
//!   GIN on PostgreSQL), when the query pattern has the 3 characters a trigram needs — see
//!   [`super::text`]: 2 letters search word starts, 2 Chinese characters are 4 with their
//!   marks. A single character has no trigram: it gets only the exact and name-prefix lookups
//!   ("k" finds names starting with k, "王" the customers surnamed 王), never a scan (a rare
//!   character would read the whole table: half a second at 1,000,000 customers).
//!
//! Every candidate but an exact match is checked with a `LIKE` on its document (name-prefix
//! candidates may differ in an Estonian letter); the structured filters (segment, stage, tag,
//! owner) apply inside each bounded lookup, so the cap counts filtered matches.
//!
//! Order: exact e-mail/phone/reference, exact name, name prefix, a word starting with the
//! query, any substring; then name and id. Count: exact up to [`CAP`]; past it, `CAP` and
//! `capped` (shown as "1,000+"). Past the cap, the substring lookup has found an arbitrary
//! [`CAP`] + 1 matches, but exact and name-prefix matches are still found and ranked first.

use super::text::{Needle, like_contains, prefix_upper};
use crate::Engine;
use crate::customers::CustomerQuery;
use crate::sql::Sql;

/// Matches counted exactly; past this many the count says "more than".
pub const CAP: i64 = crate::sql::COUNT_CAP;

/// The statement a search for `q` (no filters) runs for its first page of `limit` on `engine`,
/// with its arguments written in as SQL literals: to time or EXPLAIN it by hand in sqlite3 or
/// psql (the floor of the API load benchmark, `bench/api`). `None` when nothing searchable is
/// left of `q`. The app also reads the page's tags in a second statement.
pub fn page_statement(engine: Engine, q: &str, limit: i64) -> Option<String> {
    let needle = super::text::Needle::parse(q)?;
    let filters = CustomerQuery::default();
    let s = Search {
        engine,
        needle: &needle,
        filters: &filters,
    };
    Some(s.page(crate::customers::COLS, limit, 0).with_literals())
}

/// One search: the query text, the filters and the engine whose index serves it.
pub(crate) struct Search<'a> {
    pub engine: Engine,
    pub needle: &'a Needle,
    pub filters: &'a CustomerQuery,
}

impl Search<'_> {
    /// Columns `cols` of the page of matches, best first, each with `search_total`: how many
    /// matched in all (exact up to [`CAP`]; more means more than [`CAP`]). The matches are
    /// ranked and counted over the search rows alone; only the page's customers are read.
    pub fn page(&self, cols: &str, limit: i64, offset: i64) -> Sql {
        let mut q = Sql::new("SELECT ");
        q.push(cols)
            .push(", r.search_total FROM (SELECT s.customer_id, ");
        self.rank(&mut q);
        q.push(" AS search_rank, s.name_key, COUNT(*) OVER () AS search_total");
        self.body(&mut q, offset.saturating_add(limit).saturating_add(1));
        q.push(" ORDER BY search_rank, s.name_key, s.customer_id LIMIT ")
            .bind_int(limit)
            .push(" OFFSET ")
            .bind_int(offset);
        q.push(
            ") r JOIN customers ON customers.id = r.customer_id \
             ORDER BY r.search_rank, r.name_key, customers.id",
        );
        q.plan_per_call();
        q
    }

    /// The number of matches, at most [`CAP`] + 1 (for a page past the last, which has no row
    /// to carry the total).
    pub fn count(&self) -> Sql {
        let mut q = Sql::new("SELECT COUNT(*) FROM (SELECT s.customer_id");
        self.body(&mut q, 1);
        q.close_capped_count();
        q.plan_per_call();
        q
    }

    /// `(a.email_key = … OR a.ref_key = … [OR a.phone_key = …])`.
    fn exact(&self, q: &mut Sql, a: &str) {
        let n = self.needle;
        q.push("(")
            .push(a)
            .push(".email_key = ")
            .bind_text(n.exact.clone())
            .push(" OR ")
            .push(a)
            .push(".ref_key = ")
            .bind_text(n.exact.clone());
        if let Some(p) = &n.phone {
            q.push(" OR ")
                .push(a)
                .push(".phone_key = ")
                .bind_text(p.clone());
        }
        q.push(")");
    }

    fn rank(&self, q: &mut Sql) {
        let n = self.needle;
        q.push("CASE WHEN ");
        self.exact(q, "s");
        q.push(" THEN 0 WHEN s.name_key = ")
            .bind_text(n.name_key.clone())
            .push(" THEN 1 WHEN s.name_key >= ")
            .bind_text(n.name_key.clone())
            .push(" AND s.name_key < ")
            .bind_text(prefix_upper(&n.name_key))
            .push(" THEN 2 WHEN s.doc LIKE ")
            .bind_text(like_contains(&n.word_start))
            .push(" ESCAPE '\\' THEN 3 ELSE 4 END");
    }

    /// ` JOIN customers …` when filters need the customer's columns.
    fn join_customers(&self, q: &mut Sql, a: &str) {
        if self.filters.has_filters() {
            q.push(" JOIN customers ON customers.id = ")
                .push(a)
                .push(".customer_id");
        }
    }

    /// `FROM … WHERE …` of the matches, over the search rows `s` (and `customers` when filters
    /// need it). Name-prefix candidates are looked up only as far as the page needs
    /// (`prefixes`): the count does not need them, since whenever the substring lookup stops
    /// short of its cap it has found every match, prefixes included. (A single character has
    /// no substring lookup: its prefixes are looked up to the cap.)
    fn body(&self, q: &mut Sql, prefixes: i64) {
        let n = self.needle;
        let like = like_contains(&n.pattern);
        // Candidates are named by the row key (SQLite: the rowid, see
        // [`crate::dialect::search_row_key`]).
        let key = crate::dialect::search_row_key(self.engine);
        q.push(" FROM customer_search s");
        self.join_customers(q, "s");
        q.push(" WHERE s.")
            .push(key)
            .push(" IN (SELECT e.")
            .push(key)
            .push(" FROM customer_search e WHERE ");
        self.exact(q, "e");
        q.push(" UNION SELECT ")
            .push(key)
            .push(" FROM (SELECT p.")
            .push(key)
            .push(" FROM customer_search p");
        self.join_customers(q, "p");
        q.push(" WHERE p.name_key >= ")
            .bind_text(n.name_key.clone())
            .push(" AND p.name_key < ")
            .bind_text(prefix_upper(&n.name_key))
            .push(" AND p.doc LIKE ")
            .bind_text(like.clone())
            .push(" ESCAPE '\\'");
        self.filters.conditions(q, self.engine);
        // Without a substring lookup (one character) the prefixes are all there is to count.
        let prefixes = if n.indexed {
            prefixes.min(CAP + 1)
        } else {
            CAP + 1
        };
        q.push(" ORDER BY p.name_key LIMIT ")
            .bind_int(prefixes)
            .push(") p");
        if n.indexed {
            q.push(" UNION SELECT ")
                .push(key)
                .push(" FROM (SELECT x.")
                .push(key)
                .push(" FROM ")
                .push(crate::dialect::trigram_source(self.engine));
            self.join_customers(q, "x");
            q.push(" WHERE ");
            crate::dialect::trigram_match(q, self.engine, n);
            self.filters.conditions(q, self.engine);
            q.push(" LIMIT ").bind_int(CAP + 1).push(") x");
        }
        q.push(") AND (");
        self.exact(q, "s");
        q.push(" OR s.doc LIKE ")
            .bind_text(like)
            .push(" ESCAPE '\\')");
        self.filters.conditions(q, self.engine);
    }
}
