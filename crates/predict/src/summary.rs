//! Input readers: transaction logs (`customer_id,date[,amount]` CSV or raw
//! whitespace CDNOW) turned into the calibration summary like lifetimes'
//! `summary_data_from_transaction_data` with daily periods; summary CSVs are read
//! by [`read_summary`] (re-exported from [`crate::parse`]).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::Path;

use anyhow::{Context, bail};

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

#[derive(Clone, Copy)]
struct State {
    first: i64,
    last: i64,
    periods: u32,
    cur_amount: f64,
    repeat_sum: f64,
}

fn split_fields(line: &[u8], fmt: LogFormat) -> [&[u8]; 3] {
    let mut out: [&[u8]; 3] = [b""; 3];
    let mut n = 0;
    match fmt {
        LogFormat::Csv => {
            for f in line.split(|&c| c == b',').take(3) {
                out[n] = f.trim_ascii();
                n += 1;
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

/// Build the calibration summary from a transaction log held in memory.
/// Purchases are grouped into daily periods: frequency = distinct purchase days − 1,
/// recency = last − first purchase day, T = calibration end − first purchase day (in
/// `unit`), monetary = mean per-day spend over the repeat days. Transactions after
/// `end` (days since epoch; default: latest date in the log) are ignored.
pub fn summary_from_log_bytes(buf: &[u8], fmt: LogFormat, end: Option<i64>, unit: TimeUnit, name: &str) -> anyhow::Result<Rfm> {
    // Without an explicit end, nothing is filtered and the end is the latest date seen.
    let end_day = end.unwrap_or(i64::MAX);
    let mut max_day = i64::MIN;
    // Pre-size for ~1 customer per 100 bytes of log to avoid rehashing.
    let mut map: HashMap<&[u8], u32, BuildHasherDefault<FxHasher>> = HashMap::with_capacity_and_hasher(buf.len() / 100, Default::default());
    let mut states: Vec<State> = Vec::with_capacity(buf.len() / 100);
    let mut ids: Vec<&[u8]> = Vec::new();
    let mut has_amount = false;
    let (mut prev_id, mut prev_idx): (&[u8], usize) = (b"", usize::MAX);
    for (lineno, line) in buf.split(|&c| c == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.trim_ascii().is_empty() {
            continue;
        }
        let [id, date, amount] = split_fields(line, fmt);
        let Some(day) = parse_date(date) else {
            if lineno == 0 && fmt == LogFormat::Csv {
                continue; // header
            }
            bail!(
                "{name}:{}:{}: cannot parse date {:?} (want YYYY-MM-DD or YYYYMMDD)",
                lineno + 1,
                2,
                String::from_utf8_lossy(date)
            );
        };
        if id.is_empty() {
            bail!("{name}:{}:1: empty customer id", lineno + 1);
        }
        let amt = if amount.is_empty() {
            0.0
        } else {
            has_amount = true;
            parse_amount(amount)
                .with_context(|| format!("{name}:{}:3: cannot parse amount {:?}", lineno + 1, String::from_utf8_lossy(amount)))?
        };
        if day > end_day {
            continue;
        }
        max_day = max_day.max(day);
        // Logs are usually grouped by customer: skip the hash lookup on repeats.
        let idx = if id == prev_id {
            prev_idx
        } else {
            let next = states.len() as u32;
            *map.entry(id).or_insert(next) as usize
        };
        (prev_id, prev_idx) = (id, idx);
        if idx == states.len() {
            states.push(State {
                first: day,
                last: day,
                periods: 1,
                cur_amount: amt,
                repeat_sum: 0.0,
            });
            ids.push(id);
            continue;
        }
        let s = &mut states[idx];
        if day == s.last {
            s.cur_amount += amt;
        } else if day > s.last {
            if s.periods > 1 {
                s.repeat_sum += s.cur_amount;
            }
            s.periods += 1;
            s.last = day;
            s.cur_amount = amt;
        } else {
            let end_day = match end {
                Some(e) => e,
                None => scan_max_date(buf, fmt, name)?,
            };
            return summary_unsorted(buf, fmt, end_day, unit, name);
        }
    }
    if states.is_empty() {
        bail!("{name}: no transactions on or before the calibration end");
    }
    Ok(finish(&ids, &states, end.unwrap_or(max_day), unit, has_amount))
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
            let repeat = if x > 0 { s.repeat_sum + s.cur_amount } else { 0.0 };
            money.push(if x > 0 { repeat / f64::from(x) } else { 0.0 });
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

/// Slow path for logs whose transactions are not in date order per customer.
fn summary_unsorted(buf: &[u8], fmt: LogFormat, end_day: i64, unit: TimeUnit, name: &str) -> anyhow::Result<Rfm> {
    let mut map: HashMap<&[u8], u32, BuildHasherDefault<FxHasher>> = HashMap::default();
    let mut ids: Vec<&[u8]> = Vec::new();
    let mut recs: Vec<(u32, i64, f64)> = Vec::new();
    let mut has_amount = false;
    for line in buf.split(|&c| c == b'\n') {
        let [id, date, amount] = split_fields(line.strip_suffix(b"\r").unwrap_or(line), fmt);
        let Some(day) = parse_date(date) else { continue };
        has_amount |= !amount.is_empty();
        let amt = std::str::from_utf8(amount).ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
        if day <= end_day {
            let next = ids.len() as u32;
            let idx = *map.entry(id).or_insert(next);
            if idx == next {
                ids.push(id);
            }
            recs.push((idx, day, amt));
        }
    }
    recs.sort_unstable_by_key(|r| (r.0, r.1));
    let mut states: Vec<Option<State>> = vec![None; ids.len()];
    for (idx, day, amt) in recs {
        let slot = &mut states[idx as usize];
        match slot {
            None => {
                *slot = Some(State {
                    first: day,
                    last: day,
                    periods: 1,
                    cur_amount: amt,
                    repeat_sum: 0.0,
                })
            }
            Some(s) if s.last == day => s.cur_amount += amt,
            Some(s) => {
                if s.periods > 1 {
                    s.repeat_sum += s.cur_amount;
                }
                s.periods += 1;
                s.last = day;
                s.cur_amount = amt;
            }
        }
    }
    let states: Vec<State> = states.into_iter().flatten().collect();
    let _ = name;
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
}
