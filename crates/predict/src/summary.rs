//! Transaction logs (`customer_id,date[,amount]` CSV or raw whitespace CDNOW) turned
//! into the calibration summary like lifetimes' `summary_data_from_transaction_data`
//! with daily periods. Streaming and allocation-free per line; the buffer is split
//! into one chunk per thread and the per-customer states are merged afterwards.
//! Summary CSVs are read by [`read_summary`] (re-exported from [`crate::parse`]).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::Path;

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::data::Rfm;
pub use crate::parse::{FxHasher, civil_from_days, days_from_civil, parse_amount, parse_date, parse_summary, read_summary};

/// Time unit of recency and age in a summary built from a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TimeUnit {
    /// Days.
    Day,
    /// Weeks (days / 7, as in the CDNOW summary).
    Week,
}

/// Layout of a transaction log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// CSV `customer_id,date[,amount]` with an optional header; dates `YYYY-MM-DD` or `YYYYMMDD`.
    Csv,
    /// Whitespace-separated CDNOW_sample.txt: id, original id, YYYYMMDD, CDs, dollars.
    /// The customer id is the second column with leading zeros removed (as in the summaries).
    Cdnow,
}

/// One customer's purchase periods (days) seen so far, in date order.
#[derive(Clone, Copy)]
struct State {
    first: i64,
    last: i64,
    periods: u32,
    /// Amount of the first period, once it is closed.
    first_amount: f64,
    /// Sum over closed periods other than the first.
    repeat_closed: f64,
    /// Amount of the open (latest) period.
    cur: f64,
}

impl State {
    fn new(day: i64, amt: f64) -> Self {
        State {
            first: day,
            last: day,
            periods: 1,
            first_amount: 0.0,
            repeat_closed: 0.0,
            cur: amt,
        }
    }

    fn close(&mut self) {
        if self.periods == 1 {
            self.first_amount = self.cur;
        } else {
            self.repeat_closed += self.cur;
        }
    }

    /// Add a purchase; false if it is earlier than the latest one (unsorted input).
    fn push(&mut self, day: i64, amt: f64) -> bool {
        if day == self.last {
            self.cur += amt;
        } else if day > self.last {
            self.close();
            self.periods += 1;
            self.last = day;
            self.cur = amt;
        } else {
            return false;
        }
        true
    }

    /// Append the purchases summarised by `b` (all on or after `self.last`).
    fn merge(&mut self, b: &State) -> bool {
        let b_first_amount = if b.periods == 1 { b.cur } else { b.first_amount };
        if !self.push(b.first, b_first_amount) {
            return false;
        }
        if b.periods >= 2 {
            self.close();
            self.repeat_closed += b.repeat_closed;
            self.periods += b.periods - 1;
            self.last = b.last;
            self.cur = b.cur;
        }
        true
    }
}

fn split_fields(line: &[u8], fmt: LogFormat) -> [&[u8]; 3] {
    let mut out: [&[u8]; 3] = [b""; 3];
    match fmt {
        LogFormat::Csv => {
            let mut rest = line;
            for slot in &mut out {
                match memchr::memchr(b',', rest) {
                    Some(p) => {
                        *slot = rest[..p].trim_ascii();
                        rest = &rest[p + 1..];
                    }
                    None => {
                        *slot = rest.trim_ascii();
                        break;
                    }
                }
            }
        }
        LogFormat::Cdnow => {
            let mut it = line.split(|c| c.is_ascii_whitespace()).filter(|f| !f.is_empty());
            let _ = it.next();
            if let (Some(id), Some(date)) = (it.next(), it.next()) {
                let _cds = it.next();
                let trimmed = match id.iter().position(|&c| c != b'0') {
                    Some(p) => &id[p..],
                    None => &id[id.len().saturating_sub(1)..],
                };
                out = [trimmed, date, it.next().unwrap_or(b"")];
            }
        }
    }
    out
}

type IdMap<'a> = HashMap<&'a [u8], u32, BuildHasherDefault<FxHasher>>;

/// Result of parsing one chunk of the log.
struct Chunk<'a> {
    map: IdMap<'a>,
    ids: Vec<&'a [u8]>,
    states: Vec<State>,
    max_day: i64,
    has_amount: bool,
    unsorted: bool,
}

/// A parse error at a chunk-local line.
struct LineError {
    line: usize,
    msg: String,
}

fn parse_chunk(buf: &[u8], fmt: LogFormat, end_day: i64, first_chunk: bool) -> Result<Chunk<'_>, LineError> {
    let cap = buf.len() / 100;
    let mut c = Chunk {
        map: HashMap::with_capacity_and_hasher(cap, Default::default()),
        ids: Vec::with_capacity(cap),
        states: Vec::with_capacity(cap),
        max_day: i64::MIN,
        has_amount: false,
        unsorted: false,
    };
    let (date_col, amount_col) = if fmt == LogFormat::Csv { (2, 3) } else { (3, 5) };
    let (mut prev_id, mut prev_idx): (&[u8], usize) = (b"", usize::MAX);
    let mut start = 0;
    for (lineno, nl) in memchr::memchr_iter(b'\n', buf).chain(std::iter::once(buf.len())).enumerate() {
        let line = &buf[start..nl];
        start = nl + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.trim_ascii().is_empty() {
            continue;
        }
        let [id, date, amount] = split_fields(line, fmt);
        let Some(day) = parse_date(date) else {
            if first_chunk && lineno == 0 && fmt == LogFormat::Csv {
                continue; // header
            }
            let msg = format!(
                "{date_col}: cannot parse date {:?} (want YYYY-MM-DD or YYYYMMDD)",
                String::from_utf8_lossy(date)
            );
            return Err(LineError { line: lineno, msg });
        };
        if id.is_empty() {
            return Err(LineError {
                line: lineno,
                msg: "1: empty customer id".into(),
            });
        }
        let amt = if amount.is_empty() {
            0.0
        } else {
            c.has_amount = true;
            parse_amount(amount).ok_or_else(|| LineError {
                line: lineno,
                msg: format!("{amount_col}: cannot parse amount {:?}", String::from_utf8_lossy(amount)),
            })?
        };
        // Out of date order: the sort-based path summarises; every later line is still
        // checked here, so a sorted and an unsorted log refuse the same bad line.
        if day > end_day || c.unsorted {
            continue;
        }
        c.max_day = c.max_day.max(day);
        // Logs are usually grouped by customer: skip the hash lookup on repeats.
        let idx = if id == prev_id {
            prev_idx
        } else {
            let next = c.states.len() as u32;
            *c.map.entry(id).or_insert(next) as usize
        };
        (prev_id, prev_idx) = (id, idx);
        if idx == c.states.len() {
            c.states.push(State::new(day, amt));
            c.ids.push(id);
        } else if !c.states[idx].push(day, amt) {
            c.unsorted = true;
        }
    }
    Ok(c)
}

/// Byte ranges of about `n` chunks, each ending after a newline.
fn chunk_bounds(buf: &[u8], n: usize) -> Vec<(usize, usize)> {
    let mut bounds = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..=n {
        let mut end = if k == n { buf.len() } else { (buf.len() * k / n).max(start) };
        while end < buf.len() && buf[end - 1] != b'\n' {
            end += 1;
        }
        if end > start {
            bounds.push((start, end));
        }
        start = end;
    }
    bounds
}

/// Build the calibration summary from a transaction log held in memory.
/// Purchases are grouped into daily periods: frequency = distinct purchase days − 1,
/// recency = last − first purchase day, T = calibration end − first purchase day (in
/// `unit`), monetary = mean per-day spend over the repeat days. Transactions after
/// `end` (days since epoch; default: latest date in the log) are ignored. Customers
/// appear in order of first appearance. Logs not in date order per customer take a
/// slower sort-based path.
pub fn summary_from_log_bytes(buf: &[u8], fmt: LogFormat, end: Option<i64>, unit: TimeUnit, name: &str) -> anyhow::Result<Rfm> {
    // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first column's name.
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    // Without an explicit end, nothing is filtered and the end is the latest date seen.
    let end_day = end.unwrap_or(i64::MAX);
    let threads = if buf.len() < (1 << 20) { 1 } else { rayon::current_num_threads() };
    let bounds = chunk_bounds(buf, threads);
    let parsed: Vec<Result<Chunk<'_>, LineError>> = bounds
        .par_iter()
        .enumerate()
        .map(|(k, &(s, e))| parse_chunk(&buf[s..e], fmt, end_day, k == 0))
        .collect();
    let mut chunks = Vec::with_capacity(parsed.len());
    for (k, p) in parsed.into_iter().enumerate() {
        match p {
            Ok(c) => chunks.push(c),
            Err(e) => {
                let line = buf[..bounds[k].0].iter().filter(|&&c| c == b'\n').count() + e.line + 1;
                bail!("{name}:{line}:{}", e.msg);
            }
        }
    }
    let mut it = chunks.into_iter();
    let Some(mut acc) = it.next() else { bail!("{name}: empty log") };
    let mut sorted = !acc.unsorted;
    for c in it {
        sorted &= !c.unsorted;
        if !sorted {
            break;
        }
        acc.max_day = acc.max_day.max(c.max_day);
        acc.has_amount |= c.has_amount;
        for (id, st) in c.ids.iter().zip(&c.states) {
            let next = acc.states.len() as u32;
            let idx = *acc.map.entry(id).or_insert(next) as usize;
            if idx == acc.states.len() {
                acc.states.push(*st);
                acc.ids.push(id);
            } else if !acc.states[idx].merge(st) {
                sorted = false;
                break;
            }
        }
    }
    if !sorted {
        let end_day = match end {
            Some(e) => e,
            None => scan_max_date(buf, fmt, name)?,
        };
        return summary_unsorted(buf, fmt, end_day, unit);
    }
    if acc.states.is_empty() {
        bail!("{name}: no transactions on or before the calibration end");
    }
    Ok(finish(&acc.ids, &acc.states, end.unwrap_or(acc.max_day), unit, acc.has_amount))
}

fn finish(ids: &[&[u8]], states: &[State], end_day: i64, unit: TimeUnit, has_amount: bool) -> Rfm {
    let scale = match unit {
        TimeUnit::Day => 1.0,
        TimeUnit::Week => 1.0 / 7.0,
    };
    let n = states.len();
    let mut rfm = Rfm {
        ids: Vec::with_capacity(n),
        frequency: Vec::with_capacity(n),
        recency: Vec::with_capacity(n),
        t: Vec::with_capacity(n),
        ..Rfm::default()
    };
    let mut money = Vec::with_capacity(if has_amount { n } else { 0 });
    for (id, s) in ids.iter().zip(states) {
        rfm.ids.push(String::from_utf8_lossy(id).into_owned());
        let x = s.periods - 1;
        rfm.frequency.push(f64::from(x));
        rfm.recency.push((s.last - s.first) as f64 * scale);
        rfm.t.push((end_day - s.first) as f64 * scale);
        if has_amount {
            money.push(if x > 0 { (s.repeat_closed + s.cur) / f64::from(x) } else { 0.0 });
        }
    }
    if has_amount {
        rfm.monetary = Some(money);
    }
    rfm
}

fn scan_max_date(buf: &[u8], fmt: LogFormat, name: &str) -> anyhow::Result<i64> {
    let mut max = None;
    for line in buf.split(|&c| c == b'\n') {
        if let Some(d) = parse_date(split_fields(line.strip_suffix(b"\r").unwrap_or(line), fmt)[1]) {
            max = Some(max.map_or(d, |m: i64| m.max(d)));
        }
    }
    max.with_context(|| format!("{name}: no dated transactions"))
}

/// Slow path for logs whose transactions are not in date order per customer
/// (lines were already validated by the streaming pass).
fn summary_unsorted(buf: &[u8], fmt: LogFormat, end_day: i64, unit: TimeUnit) -> anyhow::Result<Rfm> {
    let mut map: IdMap<'_> = HashMap::default();
    let mut ids: Vec<&[u8]> = Vec::new();
    let mut recs: Vec<(u32, i64, f64)> = Vec::new();
    let mut has_amount = false;
    for line in buf.split(|&c| c == b'\n') {
        let [id, date, amount] = split_fields(line.strip_suffix(b"\r").unwrap_or(line), fmt);
        let Some(day) = parse_date(date) else { continue };
        has_amount |= !amount.is_empty();
        if day <= end_day {
            let next = ids.len() as u32;
            let idx = *map.entry(id).or_insert(next);
            if idx == next {
                ids.push(id);
            }
            recs.push((idx, day, parse_amount(amount).unwrap_or(0.0)));
        }
    }
    recs.sort_by_key(|r| (r.0, r.1));
    let mut states: Vec<Option<State>> = vec![None; ids.len()];
    for (idx, day, amt) in recs {
        match &mut states[idx as usize] {
            Some(s) => {
                s.push(day, amt);
            }
            slot => *slot = Some(State::new(day, amt)),
        }
    }
    let states: Vec<State> = states.into_iter().flatten().collect();
    Ok(finish(&ids, &states, end_day, unit, has_amount))
}

/// Read a transaction log file and summarise it (see [`summary_from_log_bytes`]).
pub fn summary_from_log(path: &Path, fmt: LogFormat, end: Option<i64>, unit: TimeUnit) -> anyhow::Result<Rfm> {
    let buf = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    summary_from_log_bytes(&buf, fmt, end, unit, &path.display().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A bad line after the point where a log turns out unsorted is refused with its line,
    /// as in a sorted log (it used to be skipped, or its amount read as 0).
    #[test]
    fn unsorted_logs_refuse_bad_lines_too() {
        for (bad, what) in [("a,2020-01-09,abc", "amount"), ("a,2020-02-30,1", "date")] {
            let text = format!("customer_id,date,amount\na,2020-01-15,40\na,2020-01-01,10\n{bad}\n");
            let e = summary_from_log_bytes(text.as_bytes(), LogFormat::Csv, None, TimeUnit::Day, "t.csv")
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("t.csv:4:") && e.contains(what), "{e}");
        }
        let bom = "\u{feff}customer_id,date,amount\nc9,2020-01-01,5\nc9,2020-01-03,5\n";
        let s = summary_from_log_bytes(bom.as_bytes(), LogFormat::Csv, None, TimeUnit::Day, "t").unwrap();
        assert_eq!(s.ids, ["c9"]);
    }

    #[test]
    fn log_summary_sorted_and_unsorted_agree() {
        let sorted =
            "customer_id,date,amount\na,2020-01-01,10\na,2020-01-01,5\na,2020-01-08,20\na,2020-01-15,40\nb,2020-01-10,7\na,2020-03-01,1\n";
        let unsorted = "customer_id,date,amount\na,2020-01-15,40\nb,2020-01-10,7\na,2020-01-01,10\na,2020-01-08,20\na,2020-01-01,5\n";
        let end = parse_date(b"2020-01-22");
        for text in [sorted, unsorted] {
            let s = summary_from_log_bytes(text.as_bytes(), LogFormat::Csv, end, TimeUnit::Day, "t").unwrap();
            assert_eq!(s.ids, ["a", "b"]);
            assert_eq!(s.frequency, [2.0, 0.0]);
            assert_eq!(s.recency, [14.0, 0.0]);
            assert_eq!(s.t, [21.0, 12.0]);
            assert_eq!(s.monetary.unwrap(), [30.0, 0.0]);
        }
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let err = summary_from_log_bytes(
            b"id,date\na,2020-01-01\nb,2020-99-01\n",
            LogFormat::Csv,
            None,
            TimeUnit::Day,
            "log.csv",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("log.csv:3:2:"), "{err}");
    }

    #[test]
    fn parallel_chunks_merge_like_one_pass() {
        // > 1 MiB so it is split; customers straddle chunk borders and repeat days.
        let mut log = String::from("customer_id,date,amount\n");
        for c in 0..40_000u32 {
            for k in 0..(1 + c % 4) {
                let day = 18_000 + i64::from(c % 50) + i64::from(k / 2) * 3;
                let (y, m, d) = civil_from_days(day);
                log.push_str(&format!("cust{c},{y}-{m:02}-{d:02},{}.5\n", k + 1));
            }
        }
        assert!(log.len() > 1 << 20);
        let par = summary_from_log_bytes(log.as_bytes(), LogFormat::Csv, None, TimeUnit::Week, "p").unwrap();
        // Reference: the sort-based path.
        let end = 18_000 + 49 + 3;
        let seq = summary_unsorted(log.as_bytes(), LogFormat::Csv, end, TimeUnit::Week).unwrap();
        assert_eq!(par.ids, seq.ids);
        assert_eq!(par.frequency, seq.frequency);
        assert_eq!(par.recency, seq.recency);
        assert_eq!(par.t, seq.t);
        assert_eq!(par.monetary, seq.monetary);
        // Customer 3: 4 lines on days 0,0,3,3 -> periods 2, repeat = 3.5 + 4.5.
        assert_eq!(par.frequency[3], 1.0);
        assert_eq!(par.monetary.as_ref().unwrap()[3], 8.0);
    }

    #[test]
    fn cdnow_errors_use_cdnow_columns() {
        let err = summary_from_log_bytes(
            b" 00001 0001 19970101  1   10.00\n 00001 0001 1997XX01  1   10.00\n",
            LogFormat::Cdnow,
            None,
            TimeUnit::Day,
            "c.txt",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("c.txt:2:3:"), "{err}");
    }

    #[test]
    fn state_merge_equals_single_pass_at_every_split() {
        let seq = [(0, 1.0), (0, 2.0), (3, 4.0), (5, 8.0), (5, 16.0), (9, 32.0), (12, 64.0)];
        let run = |xs: &[(i64, f64)]| {
            let mut s = State::new(xs[0].0, xs[0].1);
            for &(d, a) in &xs[1..] {
                assert!(s.push(d, a));
            }
            s
        };
        let whole = run(&seq);
        for k in 1..seq.len() {
            let mut a = run(&seq[..k]);
            assert!(a.merge(&run(&seq[k..])));
            assert_eq!((a.first, a.last, a.periods), (whole.first, whole.last, whole.periods), "split {k}");
            assert_eq!(a.repeat_closed + a.cur, whole.repeat_closed + whole.cur, "split {k}");
        }
        assert_eq!(whole.periods, 5);
        assert_eq!(whole.repeat_closed + whole.cur, 124.0);
        let mut late = run(&seq[3..]);
        assert!(!late.merge(&run(&seq[..3])));
    }
}
