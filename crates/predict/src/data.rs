//! Per-customer RFM data and its compressed (unique-row, weighted) form used by the
//! likelihood code, plus a small data-parallel summation helper.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rayon::prelude::*;

/// Customer identifiers in one buffer (no allocation per customer): `ids[i]` is a `&str`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    /// Appends an id.
    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    /// Appends an id given as bytes, replacing invalid UTF-8.
    pub fn push_lossy(&mut self, id: &[u8]) {
        match std::str::from_utf8(id) {
            Ok(s) => self.push(s),
            Err(_) => self.push(&String::from_utf8_lossy(id)),
        }
    }

    /// Appends all of `other`'s ids.
    pub fn append(&mut self, other: &Ids) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th id.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// The ids in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl std::ops::Index<usize> for Ids {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Ids {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut ids = Ids::default();
        for s in iter {
            ids.push(s.as_ref());
        }
        ids
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Ids {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

/// Recency/frequency/age summary of a customer base (one entry per customer).
#[derive(Debug, Clone, Default)]
pub struct Rfm {
    /// Customer identifiers, in input order.
    pub ids: Ids,
    /// Number of repeat purchases `x` (BG/BB: number of purchase opportunities used).
    pub frequency: Vec<f64>,
    /// Time of the last purchase `t_x`, measured from the first.
    pub recency: Vec<f64>,
    /// Age `T` (time from first purchase to end of calibration; BG/BB: `n` periods).
    pub t: Vec<f64>,
    /// Mean value of the repeat purchases, when known.
    pub monetary: Option<Vec<f64>>,
    /// Optional per-row weights (e.g. counts in an aggregated RF matrix).
    pub weight: Option<Vec<f64>>,
}

impl Rfm {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Total number of customers represented (sum of weights, or row count).
    pub fn customers(&self) -> f64 {
        self.weight.as_ref().map_or(self.len() as f64, |w| w.iter().sum())
    }
}

/// Unique `(x, t_x, T)` rows with multiplicities: real summaries repeat rows a lot
/// (all one-time buyers of a cohort share a row), so likelihoods are evaluated once
/// per unique row.
#[derive(Debug, Clone, Default)]
pub struct Compressed {
    /// Integer frequency of each unique row.
    pub x: Vec<u32>,
    /// Recency of each unique row.
    pub tx: Vec<f64>,
    /// Age of each unique row.
    pub t: Vec<f64>,
    /// Multiplicity (sum of input weights) of each unique row.
    pub w: Vec<f64>,
    /// Largest frequency present.
    pub max_x: u32,
    /// Sum of all weights.
    pub total_weight: f64,
}

/// Hash of a row `(x, t_x, T)`: a multiply-rotate mix (the table holds only 4-byte row
/// indexes, so it stays in cache; equality is checked on the rows themselves).
#[inline]
fn row_hash(x: u32, tx: f64, t: f64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (u64::from(x).wrapping_mul(K) ^ tx.to_bits()).rotate_left(23).wrapping_mul(K) ^ t.to_bits();
    let h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 32)
}

/// Why a summary row cannot be used: frequencies are non-negative integers up to
/// [`MAX_FREQUENCY`], weights positive, `0 ≤ t_x ≤ T`, and `t_x = 0` without repeats.
pub fn check_row(x: f64, tx: f64, t: f64, w: f64) -> Result<(), String> {
    if !(x >= 0.0 && x.fract() == 0.0) {
        return Err(format!("frequency {x} is not a non-negative integer"));
    }
    if x > MAX_FREQUENCY {
        return Err(format!("frequency {x} is above the supported maximum {MAX_FREQUENCY}"));
    }
    if !(w.is_finite() && w > 0.0) {
        return Err(format!("weight {w} must be a positive number"));
    }
    if !(tx >= 0.0 && t >= tx && t.is_finite()) {
        return Err(format!("need 0 <= recency <= T, got recency {tx}, T {t}"));
    }
    if x == 0.0 && tx != 0.0 {
        return Err("recency must be 0 when frequency is 0".into());
    }
    Ok(())
}

/// A [`Compressed`] being built: unique rows with their index.
#[derive(Default)]
pub struct Rows {
    data: Compressed,
    index: hashbrown::HashTable<u32>,
    /// Each unique row as one key, so a probe touches one place.
    keys: Vec<(u32, u64, u64)>,
}

impl Rows {
    /// Adds one checked row of weight `w`.
    pub fn add(&mut self, x: f64, tx: f64, t: f64, w: f64) -> Result<(), String> {
        check_row(x, tx, t, w)?;
        self.add_unique(x as u32, tx, t, w);
        Ok(())
    }

    #[inline]
    fn add_unique(&mut self, x: u32, tx: f64, t: f64, w: f64) {
        let d = &mut self.data;
        let key = (x, tx.to_bits(), t.to_bits());
        let h = row_hash(x, tx, t);
        let keys = &mut self.keys;
        let j = match self.index.find(h, |&j| keys[j as usize] == key) {
            Some(&j) => j as usize,
            None => {
                let j = d.x.len();
                d.x.push(x);
                d.tx.push(tx);
                d.t.push(t);
                d.w.push(0.0);
                keys.push(key);
                let ks = &*keys;
                self.index.insert_unique(h, j as u32, |&k| {
                    let (x, tx, t) = ks[k as usize];
                    row_hash(x, f64::from_bits(tx), f64::from_bits(t))
                });
                j
            }
        };
        d.w[j] += w;
        d.total_weight += w;
        d.max_x = d.max_x.max(x);
    }

    /// Adds the rows of `part`, which come after all rows added so far.
    pub fn append(&mut self, part: Rows) {
        if self.data.x.is_empty() {
            *self = part;
            return;
        }
        let p = &part.data;
        for j in 0..p.x.len() {
            self.add_unique(p.x[j], p.tx[j], p.t[j], p.w[j]);
        }
    }

    /// The compressed data; refused when there are no rows.
    pub fn finish(self) -> anyhow::Result<Compressed> {
        if self.data.x.is_empty() {
            anyhow::bail!("no customers in input");
        }
        Ok(self.data)
    }
}

/// The largest repeat-purchase count accepted. The fits' tables grow with the largest
/// frequency, so a bound keeps time and memory bounded whatever the input says; 100,000
/// repeat purchases is more than daily buying for two centuries.
pub const MAX_FREQUENCY: f64 = 100_000.0;

impl Compressed {
    /// Build from an [`Rfm`], validating each row (see [`check_row`]). Rows are compressed
    /// in parallel blocks merged in order, so the unique rows come in order of first
    /// appearance and the first bad row is the one reported.
    pub fn from_rfm(rfm: &Rfm) -> anyhow::Result<Self> {
        const BLOCK: usize = 1 << 16;
        let blocks: Vec<anyhow::Result<Rows>> = (0..rfm.len().div_ceil(BLOCK))
            .into_par_iter()
            .map(|k| {
                let mut part = Rows::default();
                for i in k * BLOCK..((k + 1) * BLOCK).min(rfm.len()) {
                    let w = rfm.weight.as_ref().map_or(1.0, |w| w[i]);
                    part.add(rfm.frequency[i], rfm.recency[i], rfm.t[i], w)
                        .map_err(|e| anyhow::anyhow!("row {} (customer {}): {e}", i + 1, &rfm.ids[i]))?;
                }
                Ok(part)
            })
            .collect();
        let mut acc = Rows::default();
        for b in blocks {
            acc.append(b?);
        }
        acc.finish()
    }

    /// Number of unique rows.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }
}

/// The distinct values of a column of [`Compressed`] and each row's index into them:
/// summaries built from dates repeat few recencies and ages, so a per-evaluation term of
/// each (like `ln(α + T)`) is computed once per distinct value instead of once per row.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    /// Distinct values.
    pub values: Vec<f64>,
    /// Index into `values` of each row.
    pub index: Vec<u32>,
}

impl Levels {
    /// Levels of `column`.
    pub fn of(column: &[f64]) -> Self {
        let mut map: HashMap<u64, u32, BuildHasherDefault<crate::parse::FxHasher>> = HashMap::default();
        let mut values = Vec::new();
        let index = column
            .iter()
            .map(|v| {
                *map.entry(v.to_bits()).or_insert_with(|| {
                    values.push(*v);
                    (values.len() - 1) as u32
                })
            })
            .collect();
        Levels { values, index }
    }

    /// `f` of each distinct value.
    pub fn map(&self, f: impl Fn(f64) -> f64 + Sync + Send) -> Vec<f64> {
        if self.values.len() < 4096 {
            self.values.iter().map(|&v| f(v)).collect()
        } else {
            self.values.par_iter().map(|&v| f(v)).collect()
        }
    }
}

/// Sum of `f(i)` for `i` in `0..n`, data-parallel above a few thousand items.
pub fn par_sum<F>(n: usize, f: F) -> f64
where
    F: Fn(usize) -> f64 + Sync + Send,
{
    if n < 4096 {
        (0..n).map(f).sum()
    } else {
        (0..n).into_par_iter().with_min_len(2048).map(&f).sum()
    }
}

/// Vector-valued version of [`par_sum`]: sums `f(i, acc)` contributions into `K` slots.
pub fn par_sum_vec<const K: usize, F>(n: usize, f: F) -> [f64; K]
where
    F: Fn(usize, &mut [f64; K]) + Sync,
{
    let add = |mut a: [f64; K], b: [f64; K]| {
        for k in 0..K {
            a[k] += b[k];
        }
        a
    };
    if n < 4096 {
        let mut acc = [0.0; K];
        (0..n).for_each(|i| f(i, &mut acc));
        acc
    } else {
        (0..n)
            .into_par_iter()
            .with_min_len(2048)
            .fold(
                || [0.0; K],
                |mut acc, i| {
                    f(i, &mut acc);
                    acc
                },
            )
            .reduce(|| [0.0; K], add)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rfm(x: f64, w: f64) -> Rfm {
        Rfm {
            ids: ["c1"].into_iter().collect(),
            frequency: vec![x],
            recency: vec![1.0],
            t: vec![2.0],
            monetary: None,
            weight: Some(vec![w]),
        }
    }

    /// Work does not grow with the size of a value: a frequency above the bound is refused
    /// at once (it used to size tables of 24 GB), and weights must be positive.
    #[test]
    fn hostile_values_are_refused_at_once() {
        assert!(Compressed::from_rfm(&rfm(3.0, 1.0)).is_ok());
        let big = Compressed::from_rfm(&rfm(3e9, 1.0)).unwrap_err().to_string();
        assert!(big.contains("above the supported maximum"), "{big}");
        for w in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = Compressed::from_rfm(&rfm(3.0, w)).unwrap_err().to_string();
            assert!(e.contains("weight"), "{w}: {e}");
        }
    }
}
