//! Input readers: summary CSVs (`customer_id,frequency,recency,T[,monetary_value]`,
//! with the CDNOW header `ID,x,t_x,T,zbar` and BG/BB's `n_periods` as aliases) and
//! transaction logs (`customer_id,date[,amount]` CSV or raw whitespace CDNOW),
//! turned into the calibration summary like lifetimes'
//! `summary_data_from_transaction_data` with daily periods.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use anyhow::{Context, bail};

use crate::data::Rfm;

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

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date `(year, month, day)` of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parse `YYYY-MM-DD` (optionally followed by a time) or `YYYYMMDD` into days since epoch.
pub fn parse_date(s: &[u8]) -> Option<i64> {
    let (y, m, d) = if s.len() >= 10 && s[4] == b'-' && s[7] == b'-' {
        (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?)
    } else if s.len() == 8 {
        (digits(&s[0..4])?, digits(&s[4..6])?, digits(&s[6..8])?)
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(i64::from(y), m, d))
}

/// Parse a decimal amount: plain `[-]digits[.digits]` (≤ 18 digits) exactly, anything
/// else (exponents, `inf`, long numbers) through the standard parser.
pub fn parse_amount(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 19] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ];
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let (mut mant, mut frac, mut seen_dot, mut n) = (0u64, 0usize, false, 0usize);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mant = mant * 10 + u64::from(c - b'0');
                n += 1;
                frac += usize::from(seen_dot);
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return std::str::from_utf8(b).ok()?.parse().ok(),
        }
    }
    if n == 0 || n > 15 {
        return std::str::from_utf8(b).ok()?.parse().ok();
    }
    // Both operands are exact in f64, so the division is correctly rounded.
    let v = mant as f64 / POW10[frac];
    Some(if neg { -v } else { v })
}

/// FxHash-style hasher: a fast non-cryptographic hash for customer-id byte strings.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn finish(&self) -> u64 {
        // Murmur3's finaliser: the multiply-rotate rounds only push entropy upwards,
        // and the table indexes by the low bits.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
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

/// Read a summary CSV. Columns are found by name: id (`customer_id`, `ID`, `id`),
/// frequency (`frequency`, `x`), recency (`recency`, `t_x`), age (`T`, `n_periods`,
/// `n`), optional monetary (`monetary_value`, `zbar`) and weight (`weights`, `weight`, `count`).
pub fn read_summary(path: &Path) -> anyhow::Result<Rfm> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_summary(&text, &path.display().to_string())
}

/// Parse summary CSV text (see [`read_summary`]); `name` is used in error messages.
pub fn parse_summary(text: &str, name: &str) -> anyhow::Result<Rfm> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().with_context(|| format!("{name}: empty file"))?;
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let find = |names: &[&str]| cols.iter().position(|c| names.contains(c));
    let need = |names: &[&str]| find(names).with_context(|| format!("{name}:1: missing column {} (header: {header})", names.join("/")));
    let c_id = find(&["customer_id", "ID", "id", "CustomerID"]);
    let c_x = need(&["frequency", "x"])?;
    let c_tx = need(&["recency", "t_x"])?;
    let c_t = need(&["T", "n_periods", "periods", "n"])?;
    let c_m = find(&["monetary_value", "zbar", "monetary"]);
    let c_w = find(&["weights", "weight", "count"]);
    let mut rfm = Rfm::default();
    let (mut money, mut weight) = (Vec::new(), Vec::new());
    for (i, line) in lines {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let get = |c: usize| -> anyhow::Result<f64> {
            let s = fields
                .get(c)
                .with_context(|| format!("{name}:{}:{}: missing field ({})", i + 1, c + 1, cols[c]))?;
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .with_context(|| format!("{name}:{}:{}: column {} is not a number: {s:?}", i + 1, c + 1, cols[c]))
        };
        rfm.ids.push(
            c_id.and_then(|c| fields.get(c))
                .map_or_else(|| (rfm.ids.len() + 1).to_string(), |s| (*s).to_string()),
        );
        rfm.frequency.push(get(c_x)?);
        rfm.recency.push(get(c_tx)?);
        rfm.t.push(get(c_t)?);
        if let Some(c) = c_m {
            money.push(get(c)?);
        }
        if let Some(c) = c_w {
            weight.push(get(c)?);
        }
    }
    if c_m.is_some() {
        rfm.monetary = Some(money);
    }
    if c_w.is_some() {
        rfm.weight = Some(weight);
    }
    Ok(rfm)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_like_std() {
        for t in [
            "0",
            "12",
            "12.5",
            "-3.25",
            "29.33",
            "0.1",
            "123456789012.345",
            "1e3",
            "1.5E-2",
            ".5",
            "7.",
        ] {
            assert_eq!(parse_amount(t.as_bytes()), t.parse::<f64>().ok(), "{t}");
        }
        assert_eq!(parse_amount(b"12a"), None);
        assert_eq!(parse_amount(b""), None);
    }

    #[test]
    fn civil_round_trip() {
        for z in [-1000, 0, 10_000, 19_000, 20_000, 60_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(parse_date(b"1970-01-02"), Some(1));
        assert_eq!(parse_date(b"19970930"), parse_date(b"1997-09-30 12:00:00"));
        assert_eq!(parse_date(b"1997-13-01"), None);
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
        let err = parse_summary("customer_id,frequency,recency,T\n1,2,3,4\n2,x,1,2\n", "s.csv").unwrap_err();
        assert!(err.to_string().starts_with("s.csv:3:2:"), "{err}");
        assert!(parse_summary("customer_id,recency,T\n", "s.csv").is_err());
    }
}
