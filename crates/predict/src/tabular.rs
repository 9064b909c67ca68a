//! A CSV table for the standalone churn classifier (`predict classify`): a header row, a
//! binary target column, an optional id column left out of the features, and feature
//! columns typed from their values. A column is numeric when every non-blank value parses
//! as a number, otherwise categorical. Encoding ([`Encoder`]) is fitted on a training fold
//! only: numeric columns keep their value (a blank becomes the training mean, and a
//! missing-indicator feature is added when the training rows have blanks), categorical
//! columns are one-hot encoded over the training levels (the `max_levels` most frequent
//! kept, the rest merged into one `other` feature; a level unseen in training encodes as all
//! zeros). Standardisation with the training statistics is done by
//! [`crate::classifier::fit_design`].
//!
//! Hostile input is a clear error naming the file and line, in bounded memory: see
//! [`Limits`] for the documented caps.

use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use anyhow::{Context, bail};

use crate::classifier::Design;
use std::collections::HashMap;

/// Caps that keep memory and time bounded whatever the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Data rows (not counting the header).
    pub max_rows: usize,
    /// Columns in the header.
    pub max_columns: usize,
    /// Data rows × feature columns (the target and id columns not counted).
    pub max_cells: usize,
    /// Bytes in one field.
    pub max_field_bytes: usize,
    /// Bytes in one record (line).
    pub max_record_bytes: usize,
    /// Distinct values a categorical column may have; a column with more looks like an
    /// identifier or free text and is left out (reported in `dropped`).
    pub max_distinct: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_rows: 1_000_000,
            max_columns: 200,
            max_cells: 20_000_000,
            max_field_bytes: 1_000,
            max_record_bytes: 1 << 20,
            max_distinct: 1_000,
        }
    }
}

/// The largest magnitude accepted in a numeric column (money, counts and durations are
/// far below it; beyond it squares overflow the standardisation).
pub const MAX_ABS_VALUE: f64 = 1e15;

/// A feature column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Numbers; NaN marks a blank.
    Numeric {
        /// One value per row (NaN = blank).
        values: Vec<f64>,
        /// Number of blanks.
        missing: usize,
    },
    /// Level codes into `levels`.
    Categorical {
        /// One code per row.
        codes: Vec<u32>,
        /// The distinct values in order of first appearance (a blank is `""`).
        levels: Vec<String>,
    },
}

/// A feature column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header name.
    pub name: String,
    /// Values.
    pub data: ColumnData,
}

/// A column left out of the features, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    /// Header name.
    pub column: String,
    /// Why it carries no usable signal.
    pub reason: String,
}

/// A table read for classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Target column name.
    pub target_name: String,
    /// One label per row (true = Yes/1/true).
    pub target: Vec<bool>,
    /// Feature columns, in header order.
    pub columns: Vec<Column>,
    /// Columns left out: constant, all blank, or too many distinct values.
    pub dropped: Vec<Dropped>,
}

impl Table {
    /// Data rows.
    pub fn rows(&self) -> usize {
        self.target.len()
    }
}

/// Parses a target value: Yes/No, 1/0 or true/false, case-insensitive, spaces trimmed.
pub fn parse_target(v: &str) -> Option<bool> {
    let v = v.trim();
    for (t, f) in [("yes", "no"), ("1", "0"), ("true", "false")] {
        if v.eq_ignore_ascii_case(t) {
            return Some(true);
        }
        if v.eq_ignore_ascii_case(f) {
            return Some(false);
        }
    }
    None
}

/// Reads `path` (see [`read_table_from`]).
pub fn read_table(path: &Path, target: &str, id: Option<&str>, limits: &Limits) -> anyhow::Result<Table> {
    let file = crate::input::open(path)?;
    read_table_from(file, &path.display().to_string(), target, id, limits)
}

/// Counts bytes read and refuses to read more than `limit` bytes past `mark` (the start of
/// the record being parsed), so one endless record cannot fill memory.
struct Guard<R> {
    inner: R,
    read: u64,
    mark: Rc<Cell<u64>>,
    limit: u64,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.saturating_sub(self.mark.get()) > self.limit {
            return Err(std::io::Error::other(RecordTooLong));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record too long")
    }
}

impl std::error::Error for RecordTooLong {}

/// A column while reading: numbers while every value parses, level codes while there are
/// few enough distinct values.
struct RawColumn {
    name: String,
    numbers: Option<Vec<f64>>,
    /// First number outside the accepted range: (line, text).
    bad_number: Option<(u64, String)>,
    missing: usize,
    codes: Option<Vec<u32>>,
    lookup: HashMap<String, u32>,
    levels: Vec<String>,
}

impl RawColumn {
    fn push(&mut self, field: &[u8], line: u64, max_distinct: usize) {
        let text = String::from_utf8_lossy(field);
        let text = text.trim();
        if let Some(nums) = &mut self.numbers {
            if text.is_empty() {
                nums.push(f64::NAN);
                self.missing += 1;
            } else {
                match text.parse::<f64>() {
                    Ok(v) => {
                        if !(v.is_finite() && v.abs() <= MAX_ABS_VALUE) && self.bad_number.is_none() {
                            self.bad_number = Some((line, text.to_string()));
                        }
                        nums.push(v);
                    }
                    Err(_) => self.numbers = None,
                }
            }
        }
        if let Some(codes) = &mut self.codes {
            let code = match self.lookup.get(text) {
                Some(&c) => c,
                None if self.levels.len() < max_distinct => {
                    let c = self.levels.len() as u32;
                    self.levels.push(text.to_string());
                    self.lookup.insert(text.to_string(), c);
                    c
                }
                None => {
                    // Too many levels for a categorical column (kept only if numeric).
                    self.codes = None;
                    self.lookup = HashMap::new();
                    self.levels = Vec::new();
                    return;
                }
            };
            codes.push(code);
        }
    }

    fn finish(self, file: &str) -> anyhow::Result<Result<Column, Dropped>> {
        let drop = |reason: String| {
            Ok(Err(Dropped {
                column: self.name.clone(),
                reason,
            }))
        };
        if let Some(values) = self.numbers {
            let present = values.len() - self.missing;
            if present == 0 {
                return drop("every value is blank".into());
            }
            if let Some((line, text)) = &self.bad_number {
                bail!(
                    "{file}:{line}: column {:?} holds {text:?}: numeric columns take finite numbers of magnitude \
                     at most {MAX_ABS_VALUE:e}",
                    self.name
                );
            }
            let (lo, hi) = values
                .iter()
                .filter(|v| !v.is_nan())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
            if lo == hi && self.missing == 0 {
                return drop(format!("constant (every value is {lo})"));
            }
            return Ok(Ok(Column {
                name: self.name,
                data: ColumnData::Numeric {
                    values,
                    missing: self.missing,
                },
            }));
        }
        match self.codes {
            None => drop("too many distinct values for a category (an identifier or free text?)".into()),
            Some(_) if self.levels.len() < 2 => drop(format!("constant (every value is {:?})", self.levels[0])),
            Some(codes) => Ok(Ok(Column {
                name: self.name,
                data: ColumnData::Categorical {
                    codes,
                    levels: self.levels,
                },
            })),
        }
    }
}

/// Reads a CSV table from `reader` (`name` in messages): the header names the target column
/// and, optionally, an id column that is not a feature. A UTF-8 byte-order mark is dropped;
/// blank lines are skipped. Every refusal names `name:line`.
pub fn read_table_from<R: Read>(reader: R, name: &str, target: &str, id: Option<&str>, limits: &Limits) -> anyhow::Result<Table> {
    let mark = Rc::new(Cell::new(0));
    let guard = Guard {
        inner: reader,
        read: 0,
        mark: mark.clone(),
        limit: limits.max_record_bytes as u64,
    };
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(guard);
    let mut record = csv::ByteRecord::new();
    let read = |csv: &mut csv::Reader<Guard<R>>, record: &mut csv::ByteRecord| -> anyhow::Result<bool> {
        let line = csv.position().line();
        match csv.read_byte_record(record) {
            Ok(more) => {
                mark.set(csv.position().byte());
                Ok(more)
            }
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind()
                    && io.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>())
                {
                    bail!("{name}:{line}: a record longer than {} bytes", limits.max_record_bytes);
                }
                let line = e.position().map_or(line, csv::Position::line);
                Err(anyhow::Error::new(e).context(format!("{name}:{line}: cannot read the CSV")))
            }
        }
    };
    if !read(&mut csv, &mut record)? {
        bail!("{name}: empty file: expected a header row naming the columns");
    }
    let mut header: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).trim().to_string()).collect();
    if let Some(first) = header.first_mut()
        && let Some(rest) = first.strip_prefix('\u{feff}')
    {
        *first = rest.trim().to_string();
    }
    if header.len() > limits.max_columns {
        bail!("{name}:1: {} columns, at most {} are supported", header.len(), limits.max_columns);
    }
    for (i, h) in header.iter().enumerate() {
        if header[..i].contains(h) {
            bail!("{name}:1: the header names column {h:?} twice");
        }
    }
    let find = |col: &str, what: &str| {
        header.iter().position(|h| h == col).with_context(|| {
            let shown: Vec<&str> = header.iter().take(30).map(String::as_str).collect();
            let hint = match header.as_slice() {
                [only] if only.contains(';') => " (is the file separated by ';'? commas are expected)".to_string(),
                [only] if only.contains('\t') => " (is the file separated by tabs? commas are expected)".to_string(),
                _ => match header.iter().find(|h| h.eq_ignore_ascii_case(col)) {
                    Some(h) => format!(" (names are case-sensitive: {h:?}?)"),
                    None => String::new(),
                },
            };
            format!(
                "{name}:1: no {what} column {col:?} in the header (columns: {}){hint}",
                shown.join(", ")
            )
        })
    };
    let target_at = find(target, "target")?;
    let id_at = id.map(|c| find(c, "id")).transpose()?;
    if id_at == Some(target_at) {
        bail!("--id and --target name the same column {target:?}");
    }
    let mut raw: Vec<(usize, RawColumn)> = header
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != target_at && Some(i) != id_at)
        .map(|(i, h)| {
            (
                i,
                RawColumn {
                    name: h.clone(),
                    numbers: Some(Vec::new()),
                    bad_number: None,
                    missing: 0,
                    codes: Some(Vec::new()),
                    lookup: HashMap::new(),
                    levels: Vec::new(),
                },
            )
        })
        .collect();
    let mut labels = Vec::new();
    loop {
        let line = csv.position().line();
        if !read(&mut csv, &mut record)? {
            break;
        }
        // The line the record started on (a quoted field may span lines).
        let line = record.position().map_or(line, csv::Position::line);
        if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if record.len() != header.len() {
            bail!("{name}:{line}: {} fields, but the header has {}", record.len(), header.len());
        }
        if labels.len() == limits.max_rows {
            bail!("{name}:{line}: more than {} data rows, the supported maximum", limits.max_rows);
        }
        if (labels.len() + 1) * raw.len() > limits.max_cells {
            bail!(
                "{name}:{line}: more than {} cells (rows × feature columns), the supported maximum",
                limits.max_cells
            );
        }
        if let Some(k) = record.iter().position(|f| f.len() > limits.max_field_bytes) {
            bail!("{name}:{line}:{}: a field longer than {} bytes", k + 1, limits.max_field_bytes);
        }
        let t = String::from_utf8_lossy(&record[target_at]);
        let label =
            parse_target(&t).with_context(|| format!("{name}:{line}: target {target:?} is {t:?}: expected Yes/No, 1/0 or true/false"))?;
        labels.push(label);
        for (i, col) in &mut raw {
            col.push(&record[*i], line, limits.max_distinct);
        }
    }
    if labels.is_empty() {
        bail!("{name}: no data rows after the header");
    }
    let positives = labels.iter().filter(|&&l| l).count();
    if positives == 0 || positives == labels.len() {
        bail!(
            "{name}: target {target:?} has one class only ({} rows, all {}): nothing to classify",
            labels.len(),
            if positives == 0 { "negative" } else { "positive" }
        );
    }
    let (mut columns, mut dropped) = (Vec::new(), Vec::new());
    for (_, col) in raw {
        match col.finish(name)? {
            Ok(c) => columns.push(c),
            Err(d) => dropped.push(d),
        }
    }
    Ok(Table {
        target_name: target.to_string(),
        target: labels,
        columns,
        dropped,
    })
}

/// What one encoded feature is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    /// A numeric column's value (blanks imputed with the training mean).
    Numeric,
    /// 1 when a numeric column is blank.
    Missing,
    /// 1 for one level of a categorical column.
    Level,
    /// 1 for any of the training levels beyond `max_levels`.
    Other,
}

/// One encoded feature's name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FeatureName {
    /// Display name: `column`, `column (missing)`, `column=level`, `column=(other)`.
    pub name: String,
    /// Source column.
    pub column: String,
    /// Kind.
    pub kind: FeatureKind,
}

#[derive(Debug, Clone)]
enum ColumnEncoder {
    Numeric {
        mean: f64,
        indicator: bool,
    },
    /// Feature offset (within the column's block) per level code; `None` = all zeros.
    Categorical {
        slot: Vec<Option<usize>>,
        width: usize,
    },
}

/// One-hot / imputation encoding fitted on training rows.
#[derive(Debug, Clone)]
pub struct Encoder {
    columns: Vec<ColumnEncoder>,
    names: Vec<FeatureName>,
}

fn level_name(l: &str) -> &str {
    if l.is_empty() { "(blank)" } else { l }
}

impl Encoder {
    /// Fits on `rows` of `table`, keeping at most `max_levels` levels per categorical column.
    pub fn fit(table: &Table, rows: &[usize], max_levels: usize) -> Encoder {
        let mut columns = Vec::with_capacity(table.columns.len());
        let mut names = Vec::new();
        let name = |n: String, c: &Column, kind| FeatureName {
            name: n,
            column: c.name.clone(),
            kind,
        };
        for c in &table.columns {
            match &c.data {
                ColumnData::Numeric { values, .. } => {
                    let (mut sum, mut n, mut blank) = (0.0, 0usize, false);
                    for &r in rows {
                        let v = values[r];
                        if v.is_nan() {
                            blank = true;
                        } else {
                            sum += v;
                            n += 1;
                        }
                    }
                    let mean = if n > 0 { sum / n as f64 } else { 0.0 };
                    names.push(name(c.name.clone(), c, FeatureKind::Numeric));
                    if blank {
                        names.push(name(format!("{} (missing)", c.name), c, FeatureKind::Missing));
                    }
                    columns.push(ColumnEncoder::Numeric { mean, indicator: blank });
                }
                ColumnData::Categorical { codes, levels } => {
                    let mut count = vec![0usize; levels.len()];
                    for &r in rows {
                        count[codes[r] as usize] += 1;
                    }
                    let mut seen: Vec<usize> = (0..levels.len()).filter(|&l| count[l] > 0).collect();
                    // Most frequent first; ties by first appearance.
                    seen.sort_by_key(|&l| (std::cmp::Reverse(count[l]), l));
                    let mut slot = vec![None; levels.len()];
                    let keep = seen.len().min(max_levels.max(1));
                    for (k, &l) in seen[..keep].iter().enumerate() {
                        slot[l] = Some(k);
                        names.push(name(format!("{}={}", c.name, level_name(&levels[l])), c, FeatureKind::Level));
                    }
                    let mut width = keep;
                    if seen.len() > keep {
                        for &l in &seen[keep..] {
                            slot[l] = Some(keep);
                        }
                        names.push(name(format!("{}=(other)", c.name), c, FeatureKind::Other));
                        width += 1;
                    }
                    columns.push(ColumnEncoder::Categorical { slot, width });
                }
            }
        }
        Encoder { columns, names }
    }

    /// Number of encoded features.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// Values stored per row by [`Encoder::encode_compact`]: one per numeric column and
    /// missing indicator, one per categorical column.
    pub fn stored_per_row(&self) -> usize {
        self.columns
            .iter()
            .map(|c| match c {
                ColumnEncoder::Numeric { indicator, .. } => 1 + usize::from(*indicator),
                ColumnEncoder::Categorical { .. } => 1,
            })
            .sum()
    }

    /// The encoded features' names, in order.
    pub fn names(&self) -> &[FeatureName] {
        &self.names
    }

    /// Encodes `rows` of `table` row-major into `out` (cleared first).
    pub fn encode_into(&self, table: &Table, rows: &[usize], out: &mut Vec<f64>) {
        out.clear();
        out.reserve(rows.len() * self.width());
        for &r in rows {
            for (enc, c) in self.columns.iter().zip(&table.columns) {
                match (enc, &c.data) {
                    (ColumnEncoder::Numeric { mean, indicator }, ColumnData::Numeric { values, .. }) => {
                        let v = values[r];
                        out.push(if v.is_nan() { *mean } else { v });
                        if *indicator {
                            out.push(f64::from(u8::from(v.is_nan())));
                        }
                    }
                    (ColumnEncoder::Categorical { slot, width }, ColumnData::Categorical { codes, .. }) => {
                        let at = out.len();
                        out.resize(at + width, 0.0);
                        if let Some(k) = slot[codes[r] as usize] {
                            out[at + k] = 1.0;
                        }
                    }
                    // An encoder is only used with the table it was fitted on.
                    _ => unreachable!("encoder fitted on another table"),
                }
            }
        }
    }

    /// Encodes `rows` of `table` row-major.
    pub fn encode(&self, table: &Table, rows: &[usize]) -> Vec<f64> {
        let mut out = Vec::new();
        self.encode_into(table, rows, &mut out);
        out
    }

    /// Encodes `rows` of `table` compactly: numeric values and missing indicators as
    /// `f64`, each categorical column as the index of its one hot feature.
    pub fn encode_compact(&self, table: &Table, rows: &[usize]) -> Encoded {
        let (mut dense_at, mut onehot_at) = (Vec::new(), Vec::new());
        let mut at = 0;
        for enc in &self.columns {
            match enc {
                ColumnEncoder::Numeric { indicator, .. } => {
                    dense_at.push(at);
                    at += 1;
                    if *indicator {
                        dense_at.push(at);
                        at += 1;
                    }
                }
                ColumnEncoder::Categorical { width, .. } => {
                    onehot_at.push(at);
                    at += width;
                }
            }
        }
        let mut dense = Vec::with_capacity(rows.len() * dense_at.len());
        let mut onehot = Vec::with_capacity(rows.len() * onehot_at.len());
        for &r in rows {
            for (enc, c) in self.columns.iter().zip(&table.columns) {
                match (enc, &c.data) {
                    (ColumnEncoder::Numeric { mean, indicator }, ColumnData::Numeric { values, .. }) => {
                        let v = values[r];
                        dense.push(if v.is_nan() { *mean } else { v });
                        if *indicator {
                            dense.push(f64::from(u8::from(v.is_nan())));
                        }
                    }
                    (ColumnEncoder::Categorical { slot, .. }, ColumnData::Categorical { codes, .. }) => {
                        onehot.push(slot[codes[r] as usize].map_or(u32::MAX, |k| k as u32));
                    }
                    _ => unreachable!("encoder fitted on another table"),
                }
            }
        }
        Encoded {
            rows: rows.len(),
            width: self.width(),
            dense_at,
            dense,
            onehot_at,
            onehot,
        }
    }
}

/// Rows encoded by an [`Encoder`], stored compactly (one `u32` per categorical column
/// rather than one `f64` per level) and read as a [`Design`].
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    rows: usize,
    width: usize,
    /// Feature index of each dense slot.
    dense_at: Vec<usize>,
    /// Dense values, row-major.
    dense: Vec<f64>,
    /// First feature index of each categorical column.
    onehot_at: Vec<usize>,
    /// The hot level's offset per row and categorical column (`u32::MAX`: none).
    onehot: Vec<u32>,
}

impl Design for Encoded {
    fn n_rows(&self) -> usize {
        self.rows
    }

    fn n_features(&self) -> usize {
        self.width
    }

    fn row(&self, i: usize, out: &mut Vec<(usize, f64)>) {
        let nd = self.dense_at.len();
        for (&j, &v) in self.dense_at.iter().zip(&self.dense[i * nd..(i + 1) * nd]) {
            if v != 0.0 {
                out.push((j, v));
            }
        }
        let nc = self.onehot_at.len();
        for (&j, &k) in self.onehot_at.iter().zip(&self.onehot[i * nc..(i + 1) * nc]) {
            if k != u32::MAX {
                out.push((j + k as usize, 1.0));
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read(text: &str) -> anyhow::Result<Table> {
        read_table_from(text.as_bytes(), "t.csv", "churn", Some("id"), &Limits::default())
    }

    fn err(text: &str) -> String {
        format!("{:#}", read(text).unwrap_err())
    }

    #[test]
    fn types_columns_and_parses_targets() {
        let t = read("\u{feff}id,age,plan,churn,note\n1,30,gold,Yes,x\n2, ,silver,no,x\n3,41.5,,TRUE,x\n\n4,7,gold,0,x\n").unwrap();
        assert_eq!(t.rows(), 4);
        assert_eq!(t.target, [true, false, true, false]);
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.columns[0].name, "age");
        let ColumnData::Numeric { values, missing } = &t.columns[0].data else {
            panic!()
        };
        assert_eq!((values[0], values[1].is_nan(), *missing), (30.0, true, 1));
        let ColumnData::Categorical { codes, levels } = &t.columns[1].data else {
            panic!()
        };
        assert_eq!(levels, &["gold", "silver", ""]);
        assert_eq!(codes, &[0, 1, 2, 0]);
        assert_eq!(
            t.dropped,
            [Dropped {
                column: "note".into(),
                reason: "constant (every value is \"x\")".into()
            }]
        );
    }

    #[test]
    fn hostile_tables_are_clear_errors_with_lines() {
        assert!(err("").contains("t.csv: empty file"));
        assert!(err("id,churn,a\n").contains("no data rows"));
        assert!(err("id,a\n1,2\n").contains("t.csv:1: no target column \"churn\""));
        assert!(err("id;a;churn\n1;2;yes\n").contains("separated by ';'"));
        assert!(err("id,a,Churn\n1,2,yes\n").ends_with("(names are case-sensitive: \"Churn\"?)"));
        assert!(err("id,churn,a\n1,yes,2\n2,no\n").starts_with("t.csv:3: 2 fields, but the header has 3"));
        assert!(err("id,churn,a\n1,yes,2\n2,maybe,3\n").starts_with("t.csv:3: target \"churn\" is \"maybe\""));
        assert!(err("id,churn,a\n1,yes,2\n2,,3\n").starts_with("t.csv:3:"));
        assert!(err("id,churn,a\n1,yes,2\n2,yes,3\n").contains("one class only (2 rows, all positive)"));
        assert!(err("id,churn,a\n1,yes,2\n2,no,NaN\n").starts_with("t.csv:3: column \"a\" holds \"NaN\""));
        assert!(err("id,churn,a\n1,yes,2\n2,no,-inf\n").starts_with("t.csv:3:"));
        assert!(err("id,churn,a\n1,yes,2\n2,no,1e300\n").contains("magnitude"));
        assert!(err("id,churn,a,a\n1,yes,2,3\n").contains("names column \"a\" twice"));
        let long = format!("id,churn,a\n1,yes,2\n2,no,{}\n", "x".repeat(5000));
        assert!(
            err(&long).starts_with("t.csv:3:3: a field longer than 1000 bytes"),
            "{}",
            err(&long)
        );
        // One endless record is refused without reading it whole.
        let endless = std::io::repeat(b'x').take(1 << 30);
        let mut reader = b"id,churn,a\n1,yes,2\n".chain(endless);
        let e = read_table_from(&mut reader, "t.csv", "churn", None, &Limits::default()).unwrap_err();
        assert!(e.to_string().starts_with("t.csv:3: a record longer than"), "{e}");
        // Caps on rows and columns.
        let limits = Limits {
            max_rows: 2,
            max_columns: 3,
            ..Limits::default()
        };
        let e = read_table_from(&b"churn,a\n1,2\n0,3\n1,4\n"[..], "t.csv", "churn", None, &limits).unwrap_err();
        assert!(e.to_string().starts_with("t.csv:4: more than 2 data rows"), "{e}");
        let e = read_table_from(&b"churn,a,b,c\n1,2,3,4\n"[..], "t.csv", "churn", None, &limits).unwrap_err();
        assert!(e.to_string().starts_with("t.csv:1: 4 columns"), "{e}");
        // A NaN in a column that is categorical anyway is just a level.
        let t = read("id,churn,a\n1,yes,red\n2,no,nan\n").unwrap();
        assert!(matches!(t.columns[0].data, ColumnData::Categorical { .. }));
    }

    #[test]
    fn identifier_like_columns_are_dropped() {
        let mut text = String::from("churn,code,n\n");
        for i in 0..50 {
            text.push_str(&format!("{},c{i},{i}\n", i % 2));
        }
        let limits = Limits {
            max_distinct: 10,
            ..Limits::default()
        };
        let t = read_table_from(text.as_bytes(), "t.csv", "churn", None, &limits).unwrap();
        // Numbers keep all their distinct values; a category with too many is dropped.
        assert_eq!(t.columns.len(), 1);
        assert_eq!(t.columns[0].name, "n");
        assert_eq!(t.dropped[0].column, "code");
    }

    #[test]
    fn encoder_uses_training_rows_only() {
        let t = read("id,churn,x,plan\n1,1,1,a\n2,0,,a\n3,1,3,b\n4,0,100,c\n5,1,,d\n").unwrap();
        // Training rows 0..3: mean of x over 1 and 3 = 2, a blank seen -> indicator; levels a, b.
        let e = Encoder::fit(&t, &[0, 1, 2], 50);
        let names: Vec<&str> = e.names().iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["x", "x (missing)", "plan=a", "plan=b"]);
        // Row 3 has an unseen level c -> all zeros; row 4 a blank -> training mean + indicator.
        assert_eq!(
            e.encode(&t, &[1, 3, 4]),
            [2.0, 1.0, 1.0, 0.0, 100.0, 0.0, 0.0, 0.0, 2.0, 1.0, 0.0, 0.0]
        );
        // No blanks in training -> no indicator; a capped level set merges the rest.
        let e = Encoder::fit(&t, &[0, 2, 3, 4], 2);
        let names: Vec<&str> = e.names().iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["x", "x (missing)", "plan=a", "plan=b", "plan=(other)"]);
        let e = Encoder::fit(&t, &[0, 2, 3], 1);
        let names: Vec<&str> = e.names().iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["x", "plan=a", "plan=(other)"]);
        // A blank at scoring time without an indicator: the training mean (1+3+100)/3.
        assert_eq!(e.encode(&t, &[1]), [104.0 / 3.0, 1.0, 0.0]);
        assert_eq!(e.encode(&t, &[3, 4]), [100.0, 0.0, 1.0, 104.0 / 3.0, 0.0, 0.0]);
        // The compact form reads as the same rows.
        for e in [Encoder::fit(&t, &[0, 1, 2], 50), Encoder::fit(&t, &[0, 2, 3, 4], 2), e] {
            let rows = [0, 1, 2, 3, 4];
            let (dense, compact) = (e.encode(&t, &rows), e.encode_compact(&t, &rows));
            assert_eq!((compact.n_rows(), compact.n_features()), (5, e.width()));
            assert_eq!(compact.dense.len() + compact.onehot.len(), 5 * e.stored_per_row());
            for i in 0..5 {
                let mut row = vec![0.0; e.width()];
                let mut nz = Vec::new();
                compact.row(i, &mut nz);
                nz.iter().for_each(|&(j, v)| row[j] = v);
                assert_eq!(row, dense[i * e.width()..(i + 1) * e.width()]);
            }
        }
    }
}
