//! A small builder for dynamic queries (search filters) that numbers `$n` placeholders,
//! which both engines accept.

use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, FromRow};

/// A bound value.
#[derive(Debug, Clone)]
pub enum Arg {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Floating point.
    Float(f64),
}

/// SQL text plus its arguments.
#[derive(Debug, Default, Clone)]
pub struct Sql {
    text: String,
    args: Vec<Arg>,
    /// Prepare anew on every call (see [`Sql::plan_per_call`]).
    per_call: bool,
}

impl Sql {
    /// Starts with fixed SQL.
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            args: Vec::new(),
            per_call: false,
        }
    }

    /// Appends fixed SQL.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `arg`.
    pub fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }

    /// Appends a text placeholder.
    pub fn bind_text(&mut self, s: impl Into<String>) -> &mut Self {
        self.bind(Arg::Text(s.into()))
    }

    /// Appends an integer placeholder.
    pub fn bind_int(&mut self, i: i64) -> &mut Self {
        self.bind(Arg::Int(i))
    }

    /// Prepares the statement anew on every call instead of caching it, so PostgreSQL plans it
    /// for the values bound (a cached statement soon gets a generic plan, which cannot know
    /// that `doc LIKE $1` is selective and may scan the table instead of the trigram index).
    pub fn plan_per_call(&mut self) -> &mut Self {
        self.per_call = true;
        self
    }

    /// The SQL text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// This query as part of a larger one: `before`, this SQL, `after`, with the same bound
    /// arguments (more may be bound after it, numbered on).
    pub fn wrapped(&self, before: &str, after: &str) -> Sql {
        Sql {
            text: format!("{before}{}{after}", self.text),
            args: self.args.clone(),
            per_call: self.per_call,
        }
    }

    /// Closes a `SELECT COUNT(*) FROM (SELECT … ` the caller started: at most
    /// [`COUNT_CAP`] + 1 rows are counted.
    pub fn close_capped_count(&mut self) -> &mut Self {
        self.push(" LIMIT ").bind_int(COUNT_CAP + 1).push(") n")
    }

    /// Keyset paging by one sort expression and the row id: the rows after the cursor row
    /// `after` (an id; blank = the first page) in that order, then `ORDER BY … LIMIT ` for the
    /// caller to bind. The cursor row's position is read in the same statement from
    /// `k.cursor_from`, where the cursor row is `a`; an unknown cursor compares with NULL and
    /// matches nothing (an empty page).
    pub fn keyset(&mut self, k: &Keyset<'_>, after: Option<&str>) -> &mut Self {
        let (cmp, dir) = if k.desc { ("<", "DESC") } else { (">", "ASC") };
        if let Some(after) = after.map(str::trim).filter(|a| !a.is_empty()) {
            self.push(&format!(
                " AND ({}, {}) {cmp} (SELECT {}, a.id FROM {} WHERE a.id = ",
                k.expr, k.id, k.cursor_expr, k.cursor_from
            ))
            .bind_text(after)
            .push(")");
        }
        self.push(&format!(
            " ORDER BY {} {dir}, {} {dir} LIMIT ",
            k.expr, k.id
        ))
    }

    /// The SQL text with each `$n` replaced by its argument as a SQL literal (text quoted,
    /// quotes doubled): a statement to run or EXPLAIN by hand in sqlite3 or psql, never one the
    /// app runs.
    pub fn with_literals(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut rest = self.text.as_str();
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let digits = rest[at + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len() - at - 1);
            let arg = rest[at + 1..at + 1 + digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.args.get(n.wrapping_sub(1)));
            match arg {
                Some(Arg::Text(t)) => {
                    out.push('\'');
                    out.push_str(&t.replace('\'', "''"));
                    out.push('\'');
                }
                Some(Arg::Int(i)) => out.push_str(&i.to_string()),
                Some(Arg::Float(v)) => out.push_str(&format!("{v:?}")),
                None => out.push_str(&rest[at..at + 1 + digits]),
            }
            rest = &rest[at + 1 + digits..];
        }
        out.push_str(rest);
        out
    }

    fn bound<'q, O>(&'q self) -> sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>>
    where
        O: for<'r> FromRow<'r, AnyRow>,
    {
        let mut q = sqlx::query_as::<_, O>(&self.text).persistent(!self.per_call);
        for a in &self.args {
            q = match a {
                Arg::Text(s) => q.bind(s.as_str()),
                Arg::Int(i) => q.bind(*i),
                Arg::Float(v) => q.bind(*v),
            };
        }
        q
    }

    /// Runs the query and maps every row.
    pub async fn fetch_all<O>(&self, pool: &AnyPool) -> Result<Vec<O>, sqlx::Error>
    where
        O: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        self.bound::<O>().fetch_all(pool).await
    }

    /// Runs the query in the caller's transaction and maps every row.
    pub async fn fetch_all_tx<O>(&self, tx: &mut crate::Tx<'_>) -> Result<Vec<O>, sqlx::Error>
    where
        O: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        self.bound::<O>().fetch_all(&mut *tx.tx).await
    }

    /// Runs the statement in the caller's transaction; returns the rows it touched.
    pub async fn execute_tx(&self, tx: &mut crate::Tx<'_>) -> Result<u64, sqlx::Error> {
        let mut q = sqlx::query(&self.text).persistent(!self.per_call);
        for a in &self.args {
            q = match a {
                Arg::Text(s) => q.bind(s.as_str()),
                Arg::Int(i) => q.bind(*i),
                Arg::Float(v) => q.bind(*v),
            };
        }
        Ok(q.execute(&mut *tx.tx).await?.rows_affected())
    }

    /// Runs the query and maps the single row.
    pub async fn fetch_one<O>(&self, pool: &AnyPool) -> Result<O, sqlx::Error>
    where
        O: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        self.bound::<O>().fetch_one(pool).await
    }
}

/// Rows a list counts exactly; past it the count says "more than" ([`crate::Page::capped`]),
/// so no list page pays for counting every row.
pub const COUNT_CAP: i64 = 1_000;

/// A count closed by [`Sql::close_capped_count`] as the list shows it: (total, capped).
pub fn capped(total: i64) -> (i64, bool) {
    (total.min(COUNT_CAP), total > COUNT_CAP)
}

/// Rows a batched housekeeping statement touches at once.
pub(crate) const BATCH: i64 = 5_000;

/// Runs `step(limit)` — a statement that touches at most `limit` rows — until it touches fewer
/// than [`BATCH`], so a large cleanup never holds the write lock for long. Returns the total.
pub(crate) async fn in_batches<F, Fut>(mut step: F) -> Result<u64, crate::StoreError>
where
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = Result<sqlx::any::AnyQueryResult, sqlx::Error>>,
{
    let mut total = 0;
    loop {
        let n = step(BATCH).await?.rows_affected();
        total += n;
        if n < BATCH as u64 {
            return Ok(total);
        }
    }
}

/// A list's keyset order (see [`Sql::keyset`]): trusted SQL built from the list's own sort
/// enum, never from request text.
pub struct Keyset<'a> {
    /// The sort expression on the listed rows.
    pub expr: &'a str,
    /// The listed rows' id column (`c.id`).
    pub id: &'a str,
    /// The same expression on the cursor row `a`.
    pub cursor_expr: &'a str,
    /// Where the cursor row is read from, naming it `a` (with the joins `cursor_expr` needs).
    pub cursor_from: &'a str,
    /// Descending.
    pub desc: bool,
}

#[cfg(test)]
mod tests {
    use super::Sql;

    #[test]
    fn literals_replace_placeholders_in_order() {
        let mut q = Sql::new("SELECT 1 WHERE a = ");
        q.bind_text("O'Brien").push(" AND b = ").bind_int(7);
        q.push(" AND c = ");
        for i in 0..9 {
            q.bind_int(i);
        }
        q.push(" AND d = ").bind_text("$1");
        assert_eq!(
            q.with_literals(),
            "SELECT 1 WHERE a = 'O''Brien' AND b = 7 AND c = 012345678 AND d = '$1'"
        );
    }
}
