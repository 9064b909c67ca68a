//! Transaction logs (`customer_id,date[,amount]` CSV, or whitespace CDNOW in the sample's
//! or the master file's layout) turned into the calibration summary like lifetimes'
//! `summary_data_from_transaction_data`. The log is streamed in blocks (memory bounded by
//! the block size, refused at its first bad line); each block is parsed in parallel chunks
//! whose per-customer states are merged, in file order, while the next block is parsed.
//! Summary CSVs are read by [`read_summary`] (re-exported from [`crate::parse`]).

use std::hash::{BuildHasher, BuildHasherDefault};
use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};
use hashbrown::HashTable;

use crate::data::{Ids, Rfm};
use crate::input::{BLOCK, for_each_block, lines, open};
pub use crate::parse::{FxHasher, civil_from_days, days_from_civil, parse_amount, parse_date, parse_summary, read_summary};
use crate::parse::{LineError, field_end, number_field, parse_in_chunks};

/// Time unit of recency and age in a summary built from a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TimeUnit {
    /// Days.
    Day,
    /// Weeks (days / 7, as in the CDNOW summary).
    Week,
}

/// How purchases are grouped into periods before counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Period {
    /// Calendar days: purchases on the same day are one purchase; times are exact days.
    #[default]
    Day,
    /// Calendar weeks Monday–Sunday (pandas' `W`, lifetimes' `freq='W'`): purchases in the
    /// same week are one purchase; recency and T are whole weeks between week numbers; as
    /// in lifetimes, the calibration end's whole week counts (purchases later that week too).
    Week,
}

impl Period {
    /// The period holding day `day` (days since 1970-01-01, a Thursday).
    pub fn of(self, day: i64) -> i64 {
        match self {
            Period::Day => day,
            Period::Week => (day + 3).div_euclid(7),
        }
    }

    /// Length of one period in `unit`s.
    fn length(self, unit: TimeUnit) -> f64 {
        match (self, unit) {
            (Period::Day, TimeUnit::Day) | (Period::Week, TimeUnit::Week) => 1.0,
            (Period::Day, TimeUnit::Week) => 1.0 / 7.0,
            (Period::Week, TimeUnit::Day) => 7.0,
        }
    }
}

/// Layout of a transaction log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// CSV `customer_id,date[,amount]` with an optional header; dates `YYYY-MM-DD` or `YYYYMMDD`.
    Csv,
    /// Whitespace-separated CDNOW, line by line either the sample's five columns
    /// (`id sample_id YYYYMMDD cds dollars`: the customer is the sample id) or the master
    /// file's four (`id YYYYMMDD cds dollars`). Leading zeros of ids are removed (as in
    /// the published summaries).
    Cdnow,
}

/// How to summarise a log.
#[derive(Debug, Clone, Copy)]
pub struct LogOptions {
    /// Layout of the log.
    pub format: LogFormat,
    /// Calibration end (days since epoch); default: the latest date in the log.
    pub end: Option<i64>,
    /// Unit of recency and T in the summary.
    pub unit: TimeUnit,
    /// Grouping of purchases.
    pub period: Period,
}

impl LogOptions {
    /// CSV log, daily periods, times in `unit`.
    pub fn csv(end: Option<i64>, unit: TimeUnit) -> Self {
        LogOptions {
            format: LogFormat::Csv,
            end,
            unit,
            period: Period::Day,
        }
    }
}

/// One customer's purchase periods seen so far, in order.
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
    fn new(period: i64, amt: f64) -> Self {
        State {
            first: period,
            last: period,
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
    fn push(&mut self, period: i64, amt: f64) -> bool {
        if period == self.last {
            self.cur += amt;
        } else if period > self.last {
            self.close();
            self.periods += 1;
            self.last = period;
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

/// The fields of a log line and the (1-based) columns they came from.
struct Fields<'a> {
    id: &'a [u8],
    date: &'a [u8],
    amount: &'a [u8],
    date_col: usize,
    amount_col: usize,
}

fn split_fields(line: &[u8], fmt: LogFormat) -> Fields<'_> {
    match fmt {
        LogFormat::Csv => {
            let mut out: [&[u8]; 3] = [b""; 3];
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
            Fields {
                id: out[0],
                date: out[1],
                amount: out[2],
                date_col: 2,
                amount_col: 3,
            }
        }
        LogFormat::Cdnow => {
            let mut tok: [&[u8]; 5] = [b""; 5];
            let mut n = 0;
            for f in line.split(u8::is_ascii_whitespace).filter(|f| !f.is_empty()) {
                if n < 5 {
                    tok[n] = f;
                }
                n += 1;
            }
            // The master file has no sample id: four columns.
            let (id, date, amount, date_col) = if n == 4 {
                (tok[0], tok[1], tok[3], 2)
            } else {
                (tok[1], tok[2], tok[4], 3)
            };
            let id = match id.iter().position(|&c| c != b'0') {
                Some(p) => &id[p..],
                None => &id[id.len().saturating_sub(1)..],
            };
            Fields {
                id,
                date,
                amount,
                date_col,
                amount_col: date_col + 2,
            }
        }
    }
}

fn hash(id: &[u8]) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(id)
}

/// A purchase as a log line states it: customer id, day, amount if given.
type Purchase<'a> = (&'a [u8], i64, Option<f64>);

/// What one line says, once checked: `None` for a header or blank line.
fn parse_line(line: &[u8], fmt: LogFormat, may_be_header: bool) -> Result<Option<Purchase<'_>>, String> {
    if line.trim_ascii().is_empty() {
        return Ok(None);
    }
    let f = split_fields(line, fmt);
    let Some(day) = parse_date(f.date) else {
        if may_be_header && fmt == LogFormat::Csv {
            return Ok(None);
        }
        return Err(format!(
            "{}: cannot parse date {:?} (want YYYY-MM-DD or YYYYMMDD)",
            f.date_col,
            String::from_utf8_lossy(f.date)
        ));
    };
    if f.id.is_empty() {
        return Err("1: empty customer id".into());
    }
    let amount = if f.amount.is_empty() {
        None
    } else {
        Some(
            parse_amount(f.amount)
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("{}: cannot parse amount {:?}", f.amount_col, String::from_utf8_lossy(f.amount)))?,
        )
    };
    Ok(Some((f.id, day, amount)))
}

/// The line of a CSV log starting at `start`: what it says (as [`parse_line`]) and where
/// the next line starts. The usual `id,YYYY-MM-DD[,amount]` is read in one pass over the
/// bytes; anything else (blank lines, headers, other date forms, errors) goes through
/// [`parse_line`], so both agree.
#[inline]
fn csv_line(b: &[u8], start: usize, may_be_header: bool) -> (Result<Option<Purchase<'_>>, String>, usize) {
    let slow = || {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        let line = &b[start..end];
        (
            parse_line(line.strip_suffix(b"\r").unwrap_or(line), LogFormat::Csv, may_be_header),
            end + 1,
        )
    };
    let e = field_end(b, start);
    let id = b[start..e].trim_ascii();
    let ds = e + 1;
    if id.is_empty() || e >= b.len() || b[e] != b',' || ds + 10 > b.len() || b[ds + 4] != b'-' || b[ds + 7] != b'-' {
        return slow();
    }
    let mut i = ds + 10;
    if i < b.len() && !matches!(b[i], b',' | b'\n' | b'\r') {
        return slow();
    }
    let Some(day) = parse_date(&b[ds..i]) else { return slow() };
    let mut amount = None;
    if i < b.len() && b[i] == b',' && i + 1 < b.len() && !matches!(b[i + 1], b'\n' | b'\r') {
        let (v, end) = number_field(b, i + 1);
        if v.is_none() {
            return slow();
        }
        amount = v;
        i = end;
    }
    if i < b.len() && b[i] != b'\n' {
        i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
    }
    (Ok(Some((id, day, amount))), i + 1)
}

/// Per-customer states of one chunk of the log, owning its ids.
#[derive(Default)]
struct Chunk {
    /// Distinct customers in order of first appearance, with their hashes.
    ids: Ids,
    hashes: Vec<u64>,
    states: Vec<State>,
    max_day: Option<i64>,
    has_amount: bool,
    unsorted: bool,
}

/// Parses and checks every line of `buf`; summarises them unless `validate_only`.
/// Returns the chunk and its line count.
fn parse_chunk(buf: &[u8], opts: &LogOptions, header_line: bool, validate_only: bool) -> Result<(Chunk, usize), LineError> {
    // Like lifetimes, the end is applied to periods: with weekly periods, purchases in the
    // rest of the end's week count.
    let end_period = opts.end.map_or(i64::MAX, |e| opts.period.of(e));
    let mut c = Chunk::default();
    let mut local: Vec<&[u8]> = Vec::new();
    let mut table: HashTable<u32> = HashTable::new();
    let (mut prev_id, mut prev_idx): (&[u8], usize) = (b"", usize::MAX);
    let mut count = 0;
    let mut next = 0;
    let mut cdnow = (opts.format == LogFormat::Cdnow).then(|| lines(buf));
    loop {
        let n = count;
        let parsed = match &mut cdnow {
            Some(it) => match it.next() {
                Some((k, line)) => {
                    count = k + 1;
                    parse_line(line, opts.format, false)
                }
                None => break,
            },
            None if next < buf.len() => {
                let (p, after) = csv_line(buf, next, header_line && n == 0);
                next = after;
                count += 1;
                p
            }
            None => break,
        };
        let n = count - 1;
        let Some((id, day, amount)) = parsed.map_err(|msg| LineError { line: n, msg })? else {
            continue;
        };
        c.has_amount |= amount.is_some();
        // Out of order: the sort-based pass summarises; every line is still checked here,
        // so a sorted and an unsorted log refuse the same bad line.
        let period = opts.period.of(day);
        if period > end_period {
            continue;
        }
        c.max_day = Some(c.max_day.map_or(day, |m| m.max(day)));
        if validate_only || c.unsorted {
            continue;
        }
        let amt = amount.unwrap_or(0.0);
        // Logs are usually grouped by customer: skip the hash lookup on repeats.
        let idx = if id == prev_id {
            prev_idx
        } else {
            let h = hash(id);
            let next = c.states.len() as u32;
            let hashes = &c.hashes;
            let i = *table
                .entry(h, |&j| local[j as usize] == id, |&j| hashes[j as usize])
                .or_insert(next)
                .get() as usize;
            if i == c.states.len() {
                local.push(id);
                c.hashes.push(h);
            }
            i
        };
        (prev_id, prev_idx) = (id, idx);
        if idx == c.states.len() {
            c.states.push(State::new(period, amt));
        } else if !c.states[idx].push(period, amt) {
            c.unsorted = true;
        }
    }
    for id in local {
        c.ids.push_lossy(id);
    }
    Ok((c, count))
}

/// The customers of the whole log so far.
#[derive(Default)]
struct Acc {
    ids: Ids,
    hashes: Vec<u64>,
    table: HashTable<u32>,
    states: Vec<State>,
    max_day: Option<i64>,
    has_amount: bool,
    unsorted: bool,
}

impl Acc {
    /// Appends a chunk's customers (its purchases come after everything merged so far).
    fn merge(&mut self, c: Chunk) {
        self.has_amount |= c.has_amount;
        self.max_day = match (self.max_day, c.max_day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.unsorted |= c.unsorted;
        if self.unsorted {
            return;
        }
        for (i, st) in c.states.iter().enumerate() {
            let (h, id) = (c.hashes[i], &c.ids[i]);
            let next = self.states.len() as u32;
            let (ids, hashes) = (&self.ids, &self.hashes);
            let j = *self
                .table
                .entry(h, |&j| &ids[j as usize] == id, |&j| hashes[j as usize])
                .or_insert(next)
                .get() as usize;
            if j == self.states.len() {
                self.ids.push(id);
                self.hashes.push(h);
                self.states.push(*st);
            } else if !self.states[j].merge(st) {
                self.unsorted = true;
                return;
            }
        }
    }
}

/// The streaming pass: every line checked; summarised while the log is in order per customer.
fn sorted_pass<R: Read + Send>(reader: R, opts: &LogOptions, name: &str, block: usize) -> anyhow::Result<Acc> {
    let mut acc = Acc::default();
    let mut pending: Vec<Chunk> = Vec::new();
    for_each_block(reader, name, block, |buf, first_line| {
        let validate_only = acc.unsorted;
        // Merge the previous block's chunks while this block is parsed.
        let done = std::mem::take(&mut pending);
        let (_, parsed) = rayon::join(
            || done.into_iter().for_each(|c| acc.merge(c)),
            || {
                parse_in_chunks(buf, first_line, name, |chunk, k| {
                    parse_chunk(chunk, opts, first_line == 0 && k == 0, validate_only)
                })
            },
        );
        let (chunks, lines) = parsed?;
        pending = chunks;
        Ok(lines)
    })?;
    for c in pending {
        acc.merge(c);
    }
    Ok(acc)
}

/// The sort-based pass for logs not in date order per customer (every line was already
/// checked by [`sorted_pass`]).
fn unsorted_pass<R: Read + Send>(reader: R, opts: &LogOptions, end_day: i64, name: &str, block: usize) -> anyhow::Result<Acc> {
    let mut acc = Acc::default();
    let mut recs: Vec<(u32, i64, f64)> = Vec::new();
    for_each_block(reader, name, block, |buf, first_line| {
        let mut count = 0;
        for (n, line) in lines(buf) {
            count = n + 1;
            let Ok(Some((id, day, amount))) = parse_line(line, opts.format, first_line + n == 0) else {
                continue;
            };
            acc.has_amount |= amount.is_some();
            if opts.period.of(day) > opts.period.of(end_day) {
                continue;
            }
            let h = hash(id);
            let next = acc.hashes.len() as u32;
            let (ids, hashes) = (&acc.ids, &acc.hashes);
            let idx = *acc
                .table
                .entry(h, |&j| ids[j as usize].as_bytes() == id, |&j| hashes[j as usize])
                .or_insert(next)
                .get();
            if idx == next {
                acc.ids.push_lossy(id);
                acc.hashes.push(h);
            }
            recs.push((idx, opts.period.of(day), amount.unwrap_or(0.0)));
        }
        Ok(count)
    })?;
    recs.sort_unstable_by_key(|r| (r.0, r.1));
    for (idx, period, amt) in recs {
        if idx as usize == acc.states.len() {
            acc.states.push(State::new(period, amt));
        } else {
            acc.states[idx as usize].push(period, amt);
        }
    }
    Ok(acc)
}

fn finish(acc: Acc, end_period: i64, opts: &LogOptions) -> Rfm {
    let scale = opts.period.length(opts.unit);
    let n = acc.states.len();
    let mut rfm = Rfm {
        frequency: Vec::with_capacity(n),
        recency: Vec::with_capacity(n),
        t: Vec::with_capacity(n),
        ..Rfm::default()
    };
    let mut money = Vec::with_capacity(if acc.has_amount { n } else { 0 });
    for s in &acc.states {
        let x = s.periods - 1;
        rfm.frequency.push(f64::from(x));
        rfm.recency.push((s.last - s.first) as f64 * scale);
        rfm.t.push((end_period - s.first) as f64 * scale);
        if acc.has_amount {
            money.push(if x > 0 { (s.repeat_closed + s.cur) / f64::from(x) } else { 0.0 });
        }
    }
    rfm.ids = acc.ids;
    if acc.has_amount {
        rfm.monetary = Some(money);
    }
    rfm
}

/// Summarise a log read (once, or twice when it is not in date order per customer) from
/// the readers `open` gives, in blocks of `block` bytes.
fn summarise<R, O>(open: O, opts: &LogOptions, name: &str, block: usize) -> anyhow::Result<Rfm>
where
    R: Read + Send,
    O: Fn() -> anyhow::Result<R>,
{
    let acc = sorted_pass(open()?, opts, name, block)?;
    let end_day = match opts.end {
        Some(e) => e,
        None => acc.max_day.with_context(|| format!("{name}: no dated transactions"))?,
    };
    let acc = if acc.unsorted {
        unsorted_pass(open()?, opts, end_day, name, block)?
    } else {
        acc
    };
    if acc.states.is_empty() {
        bail!("{name}: no transactions on or before the calibration end");
    }
    Ok(finish(acc, opts.period.of(end_day), opts))
}

/// Build the calibration summary from a transaction log held in memory.
/// Purchases are grouped into periods (`opts.period`): frequency = distinct purchase
/// periods − 1, recency = last − first purchase period, T = calibration end's period −
/// first purchase period (in `opts.unit`), monetary = mean spend per repeat period.
/// Transactions after the end (default: the latest date in the log) are ignored.
/// Customers appear in order of first appearance. Every line is checked; the first bad one
/// is refused as `name:line:column: …`.
pub fn summary_from_log_bytes(buf: &[u8], opts: &LogOptions, name: &str) -> anyhow::Result<Rfm> {
    summarise(|| Ok(buf), opts, name, BLOCK)
}

/// Read a transaction log file and summarise it (see [`summary_from_log_bytes`]), streaming
/// it in blocks: memory does not grow with the file, and a bad line stops the read.
pub fn summary_from_log(path: &Path, opts: &LogOptions) -> anyhow::Result<Rfm> {
    summarise(|| open(path), opts, &path.display().to_string(), BLOCK)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn opts(format: LogFormat, end: Option<i64>, unit: TimeUnit) -> LogOptions {
        LogOptions {
            format,
            end,
            unit,
            period: Period::Day,
        }
    }

    /// Tiny blocks (lines split across reads, chunks, merges between blocks) give the same
    /// summary as one block, for sorted and unsorted logs, and the same refusals.
    #[test]
    fn block_size_does_not_change_the_summary() {
        let mut log = String::from("customer_id,date,amount\n");
        for c in 0..300u32 {
            for k in 0..(1 + c % 5) {
                let (y, m, d) = civil_from_days(18_000 + i64::from(c % 40) + i64::from(k) * 2);
                log.push_str(&format!("c{c},{y}-{m:02}-{d:02},{k}.25\n"));
            }
        }
        let unsorted = format!("{log}c7,2019-01-01,1\n");
        for text in [&log, &unsorted] {
            let o = opts(LogFormat::Csv, None, TimeUnit::Day);
            let whole = summarise(|| Ok(text.as_bytes()), &o, "t", BLOCK).unwrap();
            for block in [40, 100, 1000] {
                let small = summarise(|| Ok(text.as_bytes()), &o, "t", block).unwrap();
                assert_eq!(small.ids, whole.ids, "block {block}");
                assert_eq!(
                    (&small.frequency, &small.recency, &small.t),
                    (&whole.frequency, &whole.recency, &whole.t)
                );
                assert_eq!(small.monetary, whole.monetary);
            }
        }
        let bad = format!("{log}c1,2020-13-01,1\n{log}");
        let line = log.lines().count() + 1;
        for block in [40, 1000, BLOCK] {
            let e = summarise(|| Ok(bad.as_bytes()), &opts(LogFormat::Csv, None, TimeUnit::Day), "t", block).unwrap_err();
            assert!(e.to_string().starts_with(&format!("t:{line}:2:")), "block {block}: {e}");
        }
    }

    /// An endless stream of garbage is refused after the first block: the log is streamed,
    /// not read whole before it is checked.
    #[test]
    fn garbage_is_refused_without_reading_it_all() {
        struct Endless(&'static [u8], usize);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(4096);
                for (i, b) in buf[..n].iter_mut().enumerate() {
                    *b = self.0[(self.1 + i) % self.0.len()];
                }
                self.1 += n;
                Ok(n)
            }
        }
        let o = opts(LogFormat::Csv, None, TimeUnit::Day);
        let e = sorted_pass(Endless(b"id,when\nzz,yy\n", 0), &o, "g", 1 << 16).err().unwrap();
        assert!(e.to_string().starts_with("g:2:2: cannot parse date"), "{e}");
        let e = sorted_pass(Endless(b"x", 0), &o, "g", 1 << 16).err().unwrap();
        assert!(e.to_string().contains("a line longer than"), "{e}");
    }

    /// `--period week`: calendar weeks Monday–Sunday as pandas' `W`; purchases in one week
    /// are one purchase, times are whole weeks.
    #[test]
    fn weekly_periods_match_calendar_weeks() {
        assert_eq!(
            Period::Week.of(parse_date(b"2024-01-01").unwrap()),
            Period::Week.of(parse_date(b"2024-01-07").unwrap())
        );
        assert_eq!(
            Period::Week.of(parse_date(b"2024-01-07").unwrap()) + 1,
            Period::Week.of(parse_date(b"2024-01-08").unwrap())
        );
        // Mon 1 Jan and Sun 7 Jan are one week; Mon 8 Jan the next; Wed 24 Jan two later.
        let text = "customer_id,date,amount\na,2024-01-01,10\na,2024-01-07,5\na,2024-01-08,20\na,2024-01-24,40\nb,2024-01-03,1\n";
        let o = LogOptions {
            period: Period::Week,
            ..opts(LogFormat::Csv, parse_date(b"2024-02-04"), TimeUnit::Week)
        };
        let s = summary_from_log_bytes(text.as_bytes(), &o, "w").unwrap();
        assert_eq!(s.frequency, [2.0, 0.0]);
        assert_eq!(s.recency, [3.0, 0.0]);
        assert_eq!(s.t, [4.0, 4.0]);
        assert_eq!(s.monetary.unwrap(), [30.0, 0.0]);
        let daily = summary_from_log_bytes(text.as_bytes(), &opts(LogFormat::Csv, o.end, TimeUnit::Week), "d").unwrap();
        assert_eq!(daily.frequency, [3.0, 0.0]);
        assert_eq!(daily.recency[0], 23.0 / 7.0);
    }

    /// The CDNOW master file's four columns (`id date cds dollars`) and the sample's five.
    #[test]
    fn cdnow_master_and_sample_layouts() {
        let master = b"00001 19970101 1 11.77\n00002 19970112 1 12.00\n00002 19970112 5 77.00\n00001 19970215 2 20.00\n";
        let sample = b" 07007 00001 19970101  1   11.77\n 07008 00002 19970112  1   12.00\n 07008 00002 19970112  5   77.00\n 07007 00001 19970215  2   20.00\n";
        let o = opts(LogFormat::Cdnow, parse_date(b"19970301"), TimeUnit::Day);
        let (m, s) = (
            summary_from_log_bytes(master, &o, "m").unwrap(),
            summary_from_log_bytes(sample, &o, "s").unwrap(),
        );
        assert_eq!(m.ids, ["1", "2"]);
        assert_eq!(s.ids, m.ids);
        assert_eq!((&m.frequency, &m.recency, &m.t), (&s.frequency, &s.recency, &s.t));
        assert_eq!(m.frequency, [1.0, 0.0]);
        assert_eq!(m.monetary.unwrap(), [20.0, 0.0]);
        let e = summary_from_log_bytes(b"00001 1997X101 1 11.77\n", &o, "m").unwrap_err();
        assert!(e.to_string().starts_with("m:1:2:"), "{e}");
    }

    /// A bad line after the point where a log turns out unsorted is refused with its line,
    /// as in a sorted log (it used to be skipped, or its amount read as 0).
    #[test]
    fn unsorted_logs_refuse_bad_lines_too() {
        for (bad, what) in [("a,2020-01-09,abc", "amount"), ("a,2020-02-30,1", "date")] {
            let text = format!("customer_id,date,amount\na,2020-01-15,40\na,2020-01-01,10\n{bad}\n");
            let e = summary_from_log_bytes(text.as_bytes(), &opts(LogFormat::Csv, None, TimeUnit::Day), "t.csv")
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("t.csv:4:") && e.contains(what), "{e}");
        }
        let bom = "\u{feff}customer_id,date,amount\nc9,2020-01-01,5\nc9,2020-01-03,5\n";
        let s = summary_from_log_bytes(bom.as_bytes(), &opts(LogFormat::Csv, None, TimeUnit::Day), "t").unwrap();
        assert_eq!(s.ids, ["c9"]);
    }

    #[test]
    fn log_summary_sorted_and_unsorted_agree() {
        let sorted =
            "customer_id,date,amount\na,2020-01-01,10\na,2020-01-01,5\na,2020-01-08,20\na,2020-01-15,40\nb,2020-01-10,7\na,2020-03-01,1\n";
        let unsorted = "customer_id,date,amount\na,2020-01-15,40\nb,2020-01-10,7\na,2020-01-01,10\na,2020-01-08,20\na,2020-01-01,5\n";
        let end = parse_date(b"2020-01-22");
        for text in [sorted, unsorted] {
            let s = summary_from_log_bytes(text.as_bytes(), &opts(LogFormat::Csv, end, TimeUnit::Day), "t").unwrap();
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
            &opts(LogFormat::Csv, None, TimeUnit::Day),
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
        let par = summary_from_log_bytes(log.as_bytes(), &opts(LogFormat::Csv, None, TimeUnit::Week), "p").unwrap();
        // Reference: the sort-based path.
        let end = 18_000 + 49 + 3;
        let o = opts(LogFormat::Csv, Some(end), TimeUnit::Week);
        let seq = finish(unsorted_pass(log.as_bytes(), &o, end, "p", BLOCK).unwrap(), end, &o);
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
            &opts(LogFormat::Cdnow, None, TimeUnit::Day),
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
