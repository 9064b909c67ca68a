//! Low-level parsing shared by the readers: civil dates, decimal amounts, a fast
//! id hasher, and the summary-CSV reader (`customer_id,frequency,recency,T[,monetary_value]`,
//! with the CDNOW header `ID,x,t_x,T,zbar` and BG/BB's `n_periods` as aliases).

use std::hash::Hasher;
use std::path::Path;

use anyhow::Context;

use crate::data::Rfm;

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
    let days = days_from_civil(i64::from(y), m, d);
    // Impossible dates (30 February, 31 April) do not round-trip.
    (civil_from_days(days) == (i64::from(y), m, d)).then_some(days)
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
                // Wrapping: past 15 digits the standard parser takes over below.
                mant = mant.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
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

/// Read a summary CSV. Columns are found by name: id (`customer_id`, `ID`, `id`),
/// frequency (`frequency`, `x`), recency (`recency`, `t_x`), age (`T`, `n_periods`,
/// `n`), optional monetary (`monetary_value`, `zbar`) and weight (`weights`, `weight`, `count`).
pub fn read_summary(path: &Path) -> anyhow::Result<Rfm> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_summary(&text, &path.display().to_string())
}

/// Parse summary CSV text (see [`read_summary`]); `name` is used in error messages.
pub fn parse_summary(text: &str, name: &str) -> anyhow::Result<Rfm> {
    // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first column's name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
        assert_eq!((r.ids[0].as_str(), r.frequency[0], r.monetary.unwrap()[0]), ("1", 2.0, 22.35));
    }
}
