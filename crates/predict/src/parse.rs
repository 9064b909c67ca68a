//! Low-level parsing shared by the readers: civil dates, decimal amounts, a fast
//! id hasher, and the summary-CSV reader (`customer_id,frequency,recency,T[,monetary_value]`,
//! with the CDNOW header `ID,x,t_x,T,zbar` and BG/BB's `n_periods` as aliases).

use std::hash::Hasher;
use std::path::Path;

use anyhow::{Context, bail};

use crate::data::{Compressed, Ids, Rfm, Rows};

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

#[inline]
fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u32::from(d);
    }
    Some(v)
}

/// Parse `YYYY-MM-DD` (optionally followed by a time) or `YYYYMMDD` into days since epoch.
#[inline]
pub fn parse_date(s: &[u8]) -> Option<i64> {
    let (y, m, d) = if s.len() >= 10 && s[4] == b'-' && s[7] == b'-' {
        (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?)
    } else if s.len() == 8 {
        (digits(&s[0..4])?, digits(&s[4..6])?, digits(&s[6..8])?)
    } else {
        return None;
    };
    // Impossible dates (30 February, 31 April) are refused.
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=month_days).contains(&d).then(|| days_from_civil(i64::from(y), m, d))
}

/// Parse a decimal amount: plain `[-]digits[.digits]` (≤ 15 digits) exactly, anything
/// else (exponents, `inf`, long numbers) through the standard parser.
pub fn parse_amount(b: &[u8]) -> Option<f64> {
    match plain_decimal(b, 0) {
        (Some(v), end) if end == b.len() => Some(v),
        _ => std::str::from_utf8(b).ok()?.parse().ok(),
    }
}

/// Reads a plain decimal `[-]digits[.digits]` at `start`: its value when it has 1 to 15
/// digits (exact: both operands of the one division are exact in f64, so it is correctly
/// rounded), and the index where the reading stopped.
#[inline(always)]
fn plain_decimal(b: &[u8], start: usize) -> (Option<f64>, usize) {
    const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let neg = b.get(start) == Some(&b'-');
    let mut mant = 0u64;
    let (mut i, mut digits) = digit_run(b, start + usize::from(neg), &mut mant);
    let mut frac = 0;
    if i < b.len() && b[i] == b'.' {
        (i, frac) = digit_run(b, i + 1, &mut mant);
        digits += frac;
    }
    if !(1..=15).contains(&digits) {
        return (None, i);
    }
    let v = mant as f64 / POW10[frac];
    (Some(if neg { -v } else { v }), i)
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
        let rem = chunks.remainder();
        if !rem.is_empty() {
            let mut a = [0u8; 8];
            a[..rem.len()].copy_from_slice(rem);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
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

/// What a summary column holds.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Skip,
    Id,
    /// Index into [`SummaryChunk::cols`]: frequency, recency, T, monetary, weight.
    Num(usize),
}

/// The header of a summary CSV: which column holds what.
struct Layout {
    names: Vec<String>,
    roles: Vec<Role>,
    /// Bit `k` set: numeric column `k` is present.
    present: u8,
    has_id: bool,
}

impl Layout {
    fn from_header(header: &[u8], name: &str) -> anyhow::Result<Self> {
        let header = std::str::from_utf8(header).with_context(|| format!("{name}:1: the header is not UTF-8"))?;
        let names: Vec<String> = header.split(',').map(|c| c.trim().to_string()).collect();
        let find = |aliases: &[&str]| names.iter().position(|c| aliases.contains(&c.as_str()));
        let need =
            |aliases: &[&str]| find(aliases).with_context(|| format!("{name}:1: missing column {} (header: {header})", aliases.join("/")));
        let mut roles = vec![Role::Skip; names.len()];
        let numeric = [
            Some(need(&["frequency", "x"])?),
            Some(need(&["recency", "t_x"])?),
            Some(need(&["T", "n_periods", "periods", "n"])?),
            find(&["monetary_value", "zbar", "monetary"]),
            find(&["weights", "weight", "count"]),
        ];
        let mut present = 0;
        for (k, c) in numeric.iter().enumerate() {
            if let Some(c) = *c {
                roles[c] = Role::Num(k);
                present |= 1 << k;
            }
        }
        let id = find(&["customer_id", "ID", "id", "CustomerID"]);
        if let Some(c) = id {
            roles[c] = Role::Id;
        }
        // Columns after the last one read are not looked at.
        while roles.last() == Some(&Role::Skip) {
            roles.pop();
        }
        Ok(Layout {
            names,
            roles,
            present,
            has_id: id.is_some(),
        })
    }
}

/// Where the rows of a summary chunk go.
trait RowSink: Default {
    /// Takes one row: its id (empty without an id column) and values (frequency, recency,
    /// T, monetary, weight; absent columns 0, weight 1). An error refuses the row.
    fn row(&mut self, id: &str, vals: &[f64; 5]) -> Result<(), String>;

    /// Makes room for about `rows` rows.
    fn reserve(&mut self, rows: usize) {
        let _ = rows;
    }
}

/// The rows of one chunk of a summary CSV, as columns.
#[derive(Default)]
struct SummaryChunk {
    ids: Ids,
    cols: [Vec<f64>; 5],
    present: u8,
    has_id: bool,
}

impl RowSink for SummaryChunk {
    fn reserve(&mut self, rows: usize) {
        for (k, col) in self.cols.iter_mut().enumerate() {
            if self.present & (1 << k) != 0 {
                col.reserve(rows);
            }
        }
    }

    #[inline]
    fn row(&mut self, id: &str, vals: &[f64; 5]) -> Result<(), String> {
        if self.has_id {
            self.ids.push(id);
        }
        for (k, col) in self.cols.iter_mut().enumerate() {
            if self.present & (1 << k) != 0 {
                col.push(vals[k]);
            }
        }
        Ok(())
    }
}

impl RowSink for Rows {
    #[inline]
    fn row(&mut self, _id: &str, v: &[f64; 5]) -> Result<(), String> {
        self.add(v[0], v[1], v[2], v[4])
    }
}

/// A refusal at a chunk-local line: `line` 0-based, `col` 1-based.
pub(crate) struct LineError {
    pub line: usize,
    pub msg: String,
}

/// Index of the `,` or newline ending the field that starts at `i` (or the end).
#[inline(always)]
pub(crate) fn field_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b',' && b[i] != b'\n' {
        i += 1;
    }
    i
}

/// The value of the 8 ASCII digits at `b[i..i + 8]`, if they are all digits (SWAR: one
/// load, a check and three multiplies instead of eight steps).
#[inline(always)]
fn eight_digits(b: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = b.get(i..i + 8)?.try_into().ok()?;
    let v = u64::from_le_bytes(chunk);
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    // Every byte in 0x30..=0x39: the high nibble is 3, and adding 6 does not carry into it.
    if v & 0xF0F0_F0F0_F0F0_F0F0 != ZEROS || (v.wrapping_add(0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) != ZEROS {
        return None;
    }
    let v = v - ZEROS;
    let v = (v.wrapping_mul(10) + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    let v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    Some((v.wrapping_mul(10_000) + (v >> 32)) & 0xFFFF_FFFF)
}

/// Reads a run of digits at `i` into `mant`: the index after it and the number of digits.
#[inline(always)]
fn digit_run(b: &[u8], mut i: usize, mant: &mut u64) -> (usize, usize) {
    let start = i;
    // Eight digits at once, tried only when the eighth byte is a digit.
    while b.get(i + 7).is_some_and(u8::is_ascii_digit) {
        let Some(v) = eight_digits(b, i) else { break };
        *mant = mant.wrapping_mul(100_000_000).wrapping_add(v);
        i += 8;
    }
    while i < b.len() {
        let d = b[i].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        *mant = mant.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    (i, i - start)
}

/// Parses the number field starting at `i`: the value (`None` if it is not a finite
/// number) and the index of the `,` or newline ending it. Plain decimals of up to 15
/// digits are read in the same pass (exactly: both operands of the one division are exact
/// in f64); anything else goes through [`parse_amount`].
#[inline(always)]
pub(crate) fn number_field(b: &[u8], start: usize) -> (Option<f64>, usize) {
    let mut i = start;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let (v, mut i) = plain_decimal(b, i);
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    if let Some(v) = v
        && (i == b.len() || b[i] == b',' || b[i] == b'\n')
    {
        return (Some(v), i);
    }
    let end = field_end(b, i);
    (parse_amount(b[start..end].trim_ascii()).filter(|v| v.is_finite()), end)
}

/// Parses the lines of `chunk` in one pass over its bytes.
/// Returns the sink and the chunk's line count.
fn parse_summary_chunk<S: RowSink>(chunk: &[u8], layout: &Layout, mut out: S) -> Result<(S, usize), LineError> {
    out.reserve(chunk.len() / 24);
    // Valid UTF-8 as a whole (the usual case, checked at once): every id, cut at ASCII
    // commas and line ends, is then valid too.
    let text = std::str::from_utf8(chunk).ok();
    let wanted = layout.present.count_ones();
    let b = chunk;
    let mut i = 0;
    let mut n = 0;
    while i < b.len() {
        let line = n;
        n += 1;
        if b[i] == b'\n' || b[i].is_ascii_whitespace() {
            let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
            if b[i..end].trim_ascii().is_empty() {
                i = end + 1;
                continue;
            }
        }
        let mut got = 0;
        let mut vals = [0.0, 0.0, 0.0, 0.0, 1.0];
        let mut id = "";
        for (c, role) in layout.roles.iter().enumerate() {
            match *role {
                Role::Skip => i = field_end(b, i),
                Role::Id => {
                    let end = field_end(b, i);
                    let (mut s, mut e) = (i, end);
                    while s < e && b[s].is_ascii_whitespace() {
                        s += 1;
                    }
                    while e > s && b[e - 1].is_ascii_whitespace() {
                        e -= 1;
                    }
                    let text_id = match text {
                        Some(t) => t.get(s..e),
                        None => std::str::from_utf8(&b[s..e]).ok(),
                    };
                    id = text_id.ok_or_else(|| LineError {
                        line,
                        msg: "1: the customer id is not UTF-8".into(),
                    })?;
                    i = end;
                }
                Role::Num(k) => {
                    let (v, end) = number_field(b, i);
                    let v = v.ok_or_else(|| LineError {
                        line,
                        msg: format!(
                            "{}: column {} is not a number: {:?}",
                            c + 1,
                            layout.names[c],
                            String::from_utf8_lossy(b[i..end].trim_ascii())
                        ),
                    })?;
                    vals[k] = v;
                    got += 1;
                    i = end;
                }
            }
            if i < b.len() && b[i] == b',' {
                i += 1;
            } else {
                break;
            }
        }
        if got != wanted {
            // The first numeric column this line lacks.
            let c = layout
                .roles
                .iter()
                .enumerate()
                .filter(|(_, r)| matches!(r, Role::Num(_)))
                .nth(got as usize)
                .map_or(0, |(c, _)| c);
            return Err(LineError {
                line,
                msg: format!("{}: missing field ({})", c + 1, layout.names[c]),
            });
        }
        out.row(id, &vals).map_err(|e| LineError {
            line,
            msg: if id.is_empty() {
                format!(" {e}")
            } else {
                format!(" customer {id}: {e}")
            },
        })?;
        // The rest of the line (columns not read).
        if i < b.len() && b[i] != b'\n' {
            i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
        }
        i += 1;
    }
    Ok((out, n))
}

/// Runs `parse` on the chunks of `body` in parallel; the first error (in file order) is
/// reported as `name:line:msg`, with `first_line` the 0-based file line of `body`'s start.
/// Returns the results in order and the number of lines in `body`.
pub(crate) fn parse_in_chunks<T, P>(body: &[u8], first_line: usize, name: &str, parse: P) -> anyhow::Result<(Vec<T>, usize)>
where
    T: Send,
    P: Fn(&[u8], usize) -> Result<(T, usize), LineError> + Sync,
{
    let mut lines = 0;
    let mut out = Vec::new();
    for r in crate::input::par_chunks(body, parse) {
        match r {
            Ok((t, n)) => {
                out.push(t);
                lines += n;
            }
            Err(e) => bail!("{name}:{}:{}", first_line + lines + e.line + 1, e.msg),
        }
    }
    Ok((out, lines))
}

/// Splits off the first non-blank line of `buf`: `(header, lines it spans, rest)`.
fn split_header(buf: &[u8]) -> Option<(&[u8], usize, &[u8])> {
    let mut start = 0;
    let mut n = 0;
    while start < buf.len() {
        let end = memchr::memchr(b'\n', &buf[start..]).map_or(buf.len(), |p| start + p);
        let line = &buf[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        n += 1;
        let rest = &buf[(end + 1).min(buf.len())..];
        if !line.trim_ascii().is_empty() {
            return Some((line, n, rest));
        }
        start = end + 1;
    }
    None
}

/// Read a summary CSV. Columns are found by name: id (`customer_id`, `ID`, `id`),
/// frequency (`frequency`, `x`), recency (`recency`, `t_x`), age (`T`, `n_periods`,
/// `n`), optional monetary (`monetary_value`, `zbar`) and weight (`weights`, `weight`, `count`).
/// Without an id column, customers are numbered from 1. The file is streamed in blocks
/// parsed in parallel and refused at its first bad line (`file:line:column`).
pub fn read_summary(path: &Path) -> anyhow::Result<Rfm> {
    summary_from_reader(crate::input::open(path)?, &path.display().to_string(), crate::input::BLOCK)
}

/// Parse summary CSV text (see [`read_summary`]); `name` is used in error messages.
pub fn parse_summary(text: &str, name: &str) -> anyhow::Result<Rfm> {
    summary_from_reader(text.as_bytes(), name, crate::input::BLOCK)
}

/// Reads a summary CSV in blocks, each parsed in parallel chunks into a sink made by
/// `sink(layout)`; `fold` takes the chunks' sinks in file order.
fn read_summary_with<R, S, M, F>(reader: R, name: &str, block: usize, sink: M, mut fold: F) -> anyhow::Result<Layout>
where
    R: std::io::Read + Send,
    S: RowSink + Send,
    M: Fn(&Layout) -> S + Sync,
    F: FnMut(Vec<S>) + Send,
{
    let mut layout: Option<Layout> = None;
    let mut pending: Vec<S> = Vec::new();
    crate::input::for_each_block(reader, name, block, |buf, first_line| {
        let (body, first) = match &layout {
            Some(_) => (buf, first_line),
            None => match split_header(buf) {
                Some((header, n, rest)) => {
                    layout = Some(Layout::from_header(header, name)?);
                    (rest, first_line + n)
                }
                None => return Ok(crate::input::lines(buf).count()),
            },
        };
        let Some(l) = &layout else { return Ok(0) };
        // The previous block's chunks are folded while this block is parsed.
        let done = std::mem::take(&mut pending);
        let (_, parsed) = rayon::join(
            || fold(done),
            || parse_in_chunks(body, first, name, |bytes, _| parse_summary_chunk(bytes, l, sink(l))),
        );
        let (parsed, lines) = parsed?;
        pending = parsed;
        Ok(first - first_line + lines)
    })?;
    fold(pending);
    layout.with_context(|| format!("{name}: empty file"))
}

/// Read a summary CSV from `reader` in blocks of `block` bytes (see [`read_summary`]).
pub fn summary_from_reader<R: std::io::Read + Send>(reader: R, name: &str, block: usize) -> anyhow::Result<Rfm> {
    let mut parts = Vec::new();
    let chunk = |l: &Layout| SummaryChunk {
        present: l.present,
        has_id: l.has_id,
        ..SummaryChunk::default()
    };
    let l = read_summary_with(reader, name, block, chunk, |p| parts.extend(p))?;
    let mut rfm = Rfm::default();
    let rows: usize = parts.iter().map(|p| p.cols[0].len()).sum();
    let mut cols: [Vec<f64>; 5] = Default::default();
    for (k, col) in cols.iter_mut().enumerate() {
        if l.present & (1 << k) != 0 {
            col.reserve_exact(rows);
        }
    }
    for p in parts {
        rfm.ids.append(&p.ids);
        for (col, part) in cols.iter_mut().zip(p.cols) {
            col.extend_from_slice(&part);
        }
    }
    let [x, tx, t, m, w] = cols;
    if !l.has_id {
        rfm.ids = (1..=x.len()).map(|i| i.to_string()).collect();
    }
    rfm.frequency = x;
    rfm.recency = tx;
    rfm.t = t;
    rfm.monetary = (l.present & (1 << 3) != 0).then_some(m);
    rfm.weight = (l.present & (1 << 4) != 0).then_some(w);
    Ok(rfm)
}

/// Read a summary CSV straight into the compressed (unique-row, weighted) form the fits
/// use, checking every row (see [`crate::data::check_row`]) without holding the
/// per-customer columns of the whole file: what `fit` needs from a summary. A bad row is
/// refused as `file:line: customer …: …`.
pub fn read_summary_compressed(path: &Path) -> anyhow::Result<Compressed> {
    compressed_from_reader(crate::input::open(path)?, &path.display().to_string(), crate::input::BLOCK)
}

/// [`read_summary_compressed`] from any reader, in blocks of `block` bytes.
pub fn compressed_from_reader<R: std::io::Read + Send>(reader: R, name: &str, block: usize) -> anyhow::Result<Compressed> {
    let mut acc = Rows::default();
    read_summary_with(
        reader,
        name,
        block,
        |_| Rows::default(),
        |parts| parts.into_iter().for_each(|p| acc.append(p)),
    )?;
    acc.finish().with_context(|| format!("{name}: no customers"))
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
    fn impossible_dates_and_byte_order_marks() {
        assert!(parse_date(b"2024-02-29").is_some());
        for bad in [&b"2023-02-29"[..], b"2024-02-30", b"2024-04-31", b"20230230"] {
            assert_eq!(parse_date(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        let rfm = parse_summary("\u{feff}customer_id,frequency,recency,T\nc1,1,2,3\n", "s.csv").unwrap();
        assert_eq!(rfm.ids, ["c1"]);
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
    fn summary_csv_errors_name_file_line_and_column() {
        let err = parse_summary("customer_id,frequency,recency,T\n1,2,3,4\n2,x,1,2\n", "s.csv").unwrap_err();
        assert!(err.to_string().starts_with("s.csv:3:2:"), "{err}");
        assert!(parse_summary("customer_id,recency,T\n", "s.csv").is_err());
    }

    #[test]
    fn summary_csv_aliases() {
        let r = parse_summary("ID,x,t_x,T,zbar\n1,2,30.43,38.86,22.35\n", "c.csv").unwrap();
        assert_eq!((&r.ids[0], r.frequency[0], r.monetary.unwrap()[0]), ("1", 2.0, 22.35));
    }
}
