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

/// The largest repeat-purchase count accepted. The fits' tables grow with the largest
/// frequency, so a bound keeps time and memory bounded whatever the input says; 100,000
/// repeat purchases is more than daily buying for two centuries.
pub const MAX_FREQUENCY: f64 = 100_000.0;

impl Compressed {
    /// Build from an [`Rfm`], validating that frequencies are non-negative integers
    /// and `0 ≤ t_x ≤ T`.
    pub fn from_rfm(rfm: &Rfm) -> anyhow::Result<Self> {
        let mut index: HashMap<(u32, u64, u64), usize, BuildHasherDefault<crate::parse::FxHasher>> = HashMap::default();
        let mut out = Compressed::default();
        for i in 0..rfm.len() {
            let (x, tx, t) = (rfm.frequency[i], rfm.recency[i], rfm.t[i]);
            let w = rfm.weight.as_ref().map_or(1.0, |w| w[i]);
            if !(x >= 0.0 && x.fract() == 0.0) {
                anyhow::bail!(
                    "row {} (customer {}): frequency {x} is not a non-negative integer",
                    i + 1,
                    &rfm.ids[i]
                );
            }
            if x > MAX_FREQUENCY {
                anyhow::bail!(
                    "row {} (customer {}): frequency {x} is above the supported maximum {MAX_FREQUENCY}",
                    i + 1,
                    &rfm.ids[i]
                );
            }
            if !(w.is_finite() && w > 0.0) {
                anyhow::bail!("row {} (customer {}): weight {w} must be a positive number", i + 1, &rfm.ids[i]);
            }
            if !(tx >= 0.0 && t >= tx && t.is_finite()) {
                anyhow::bail!(
                    "row {} (customer {}): need 0 <= recency <= T, got recency {tx}, T {t}",
                    i + 1,
                    &rfm.ids[i]
                );
            }
            if x == 0.0 && tx != 0.0 {
                anyhow::bail!("row {} (customer {}): recency must be 0 when frequency is 0", i + 1, &rfm.ids[i]);
            }
            let key = (x as u32, tx.to_bits(), t.to_bits());
            let j = *index.entry(key).or_insert_with(|| {
                out.x.push(x as u32);
                out.tx.push(tx);
                out.t.push(t);
                out.w.push(0.0);
                out.x.len() - 1
            });
            out.w[j] += w;
            out.total_weight += w;
            out.max_x = out.max_x.max(x as u32);
        }
        if out.x.is_empty() {
            anyhow::bail!("no customers in input");
        }
        Ok(out)
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
