//! Data-parallel per-customer scoring shared by all transaction models.

use rayon::prelude::*;

use crate::bgbb::BgBbParams;
use crate::bgnbd::BgNbdParams;
use crate::mbgnbd::MbgNbdParams;
use crate::pnbd::PnbdParams;

/// A fitted transaction (repeat-purchase) model that can score a customer.
pub trait TransactionModel: Sync {
    /// Probability the customer with history `(x, t_x, T)` is alive at `T`.
    fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64;
    /// Expected purchases in `(T, T + horizon]`.
    fn conditional_expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> f64;
    /// Both at once (models override this when they can share work).
    fn score(&self, horizon: f64, x: f64, tx: f64, t: f64) -> (f64, f64) {
        (self.p_alive(x, tx, t), self.conditional_expected(horizon, x, tx, t))
    }
    /// Like [`TransactionModel::score`], reusing `cache` for terms shared between
    /// customers (same horizon across calls).
    fn score_cached(&self, horizon: f64, x: f64, tx: f64, t: f64, cache: &mut ScoreCache) -> (f64, f64) {
        let _ = cache;
        self.score(horizon, x, tx, t)
    }
}

/// A direct-mapped memo of per-`(x, T)` quantities (BG/NBD's hypergeometric term):
/// summaries built from dates have few distinct `(x, T)` pairs.
pub struct ScoreCache {
    keys: Vec<(u64, u64)>,
    vals: Vec<[f64; 2]>,
}

impl Default for ScoreCache {
    fn default() -> Self {
        Self {
            keys: vec![(u64::MAX, u64::MAX); 4096],
            vals: vec![[0.0; 2]; 4096],
        }
    }
}

impl ScoreCache {
    /// Value for `(x, t)`, computing it with `f` on a miss.
    #[inline]
    pub fn get_or(&mut self, x: f64, t: f64, f: impl FnOnce() -> [f64; 2]) -> [f64; 2] {
        let key = (x.to_bits(), t.to_bits());
        let h = (key.0 ^ key.1.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52;
        let slot = h as usize;
        if self.keys[slot] != key {
            self.keys[slot] = key;
            self.vals[slot] = f();
        }
        self.vals[slot]
    }
}

macro_rules! impl_model {
    ($t:ty) => {
        impl TransactionModel for $t {
            fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
                <$t>::p_alive(self, x, tx, t)
            }
            fn conditional_expected(&self, h: f64, x: f64, tx: f64, t: f64) -> f64 {
                <$t>::conditional_expected(self, h, x, tx, t)
            }
        }
    };
}
impl_model!(PnbdParams);
impl_model!(MbgNbdParams);
impl_model!(BgBbParams);

impl TransactionModel for BgNbdParams {
    fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        BgNbdParams::p_alive(self, x, tx, t)
    }
    fn conditional_expected(&self, h: f64, x: f64, tx: f64, t: f64) -> f64 {
        BgNbdParams::conditional_expected(self, h, x, tx, t)
    }
    fn score(&self, h: f64, x: f64, tx: f64, t: f64) -> (f64, f64) {
        let pa = BgNbdParams::p_alive(self, x, tx, t);
        (pa, self.expected_if_alive(h, x, t) * pa)
    }
    fn score_cached(&self, h: f64, x: f64, tx: f64, t: f64, cache: &mut ScoreCache) -> (f64, f64) {
        // Cached per (x, T): E[purchases | alive] and ln(a/(b+x-1)) + (r+x)·ln(α+T).
        let [e, c] = cache.get_or(x, t, || {
            let c = (self.a / (self.b + x - 1.0)).ln() + (self.r + x) * (self.alpha + t).ln();
            [self.expected_if_alive(h, x, t), c]
        });
        let pa = if x == 0.0 {
            1.0
        } else {
            1.0 / (1.0 + (c - (self.r + x) * (self.alpha + tx).ln()).exp())
        };
        (pa, e * pa)
    }
}

/// P(alive) and expected purchases over `horizon` for every customer (rayon).
pub fn score_all<M: TransactionModel + ?Sized>(m: &M, horizon: f64, x: &[f64], tx: &[f64], t: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut pa = vec![0.0; x.len()];
    let mut ex = vec![0.0; x.len()];
    // A few large blocks per thread, each with one warm cache.
    let chunk = x.len().div_ceil(4 * rayon::current_num_threads()).max(4096);
    pa.par_chunks_mut(chunk)
        .zip(ex.par_chunks_mut(chunk))
        .enumerate()
        .for_each(|(c, (pa, ex))| {
            let mut cache = ScoreCache::default();
            let base = c * chunk;
            for i in 0..pa.len() {
                let j = base + i;
                (pa[i], ex[i]) = m.score_cached(horizon, x[j], tx[j], t[j], &mut cache);
            }
        });
    (pa, ex)
}
