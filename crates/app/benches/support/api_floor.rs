//! The floor of the API load benchmark: each endpoint's main statement with a different
//! customer or search term each time, the app's own SQL written out with its arguments, for
//! timing in sqlite3 / psql (`bench/api/run.sh floor`).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;

/// `SELECT {COLS} FROM customers WHERE id = $1` as `Store::customer` runs it (it then reads
/// the customer's tags in a second statement).
const CUSTOMER_SQL: &str = "SELECT id, external_ref, kind, name, email, phone, language, country, timezone, segment, stage, \
     owner_id, attributes, consent, birthday, anniversary, created_at, updated_at FROM customers WHERE id = '{id}';";

/// The timeline statement of `crates/store/src/timeline.rs` for a user who may not see held
/// records (an agent), first page of 50.
const TIMELINE_SQL: &str = "SELECT 'interaction' AS kind, id, occurred_at AS at, kind AS title, summary AS detail, \
       CAST(NULL AS BIGINT) AS amount_minor, CAST(NULL AS TEXT) AS currency \
  FROM interactions WHERE customer_id = '{id}' \
UNION ALL \
SELECT 'transaction', id, occurred_at, COALESCE(description, 'transaction'), NULL, amount_minor, currency \
  FROM transactions WHERE customer_id = '{id}' AND {held} \
UNION ALL \
SELECT 'contract', id, start_date || 'T00:00:00.000000Z', name, renewal, value_minor, currency \
  FROM contracts WHERE customer_id = '{id}' AND {held} \
UNION ALL \
SELECT 'usage', id, occurred_at, event, CAST(quantity AS TEXT), NULL, NULL \
  FROM usage_events WHERE customer_id = '{id}' \
UNION ALL \
SELECT 'complaint', id, created_at, subject, status, NULL, NULL \
  FROM complaints WHERE customer_id = '{id}' \
UNION ALL \
SELECT 'compensation', id, created_at, kind, reason, amount_minor, currency \
  FROM ledger_entries WHERE customer_id = '{id}' AND {held} \
ORDER BY at DESC, id DESC \
LIMIT 50 OFFSET 0;";

const HELD: &str = "NOT EXISTS (SELECT 1 FROM offboarding_holds hh WHERE hh.customer_id = '{id}' AND hh.released_at IS NULL)";

/// The complaint list's first page of 50 (`search_complaints` without filters reads 51 to know
/// whether there is a next page; it counts the complaints, up to 1,001, in a statement before).
const COMPLAINTS_SQL: &str = include_str!("../../../../bench/api/complaints.sql");

/// Writes `n` statements of `kind` (customer, search, timeline, complaints) for `engine` to
/// `out`, one a line, with customers from `ids` and search terms from `term`.
pub fn statements(
    engine: carewell_store::Engine,
    kind: &str,
    ids: &[String],
    n: usize,
    term: impl Fn(&mut StdRng) -> String,
    out: &mut impl Write,
) {
    let mut rng = StdRng::seed_from_u64(99);
    for _ in 0..n {
        let id = &ids[rng.gen_range(0..ids.len())];
        let stmt = match kind {
            "customer" => CUSTOMER_SQL.replace("{id}", id),
            "timeline" => TIMELINE_SQL.replace("{held}", HELD).replace("{id}", id),
            "complaints" => COMPLAINTS_SQL.trim().to_string(),
            "search" => {
                let q = term(&mut rng);
                let sql = carewell_store::search::query::page_statement(engine, &q, 50).unwrap();
                format!("{sql};")
            }
            other => panic!("unknown floor statement {other}"),
        };
        writeln!(out, "{stmt}").unwrap();
    }
}
