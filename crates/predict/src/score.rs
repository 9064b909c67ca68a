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
}

/// P(alive) and expected purchases over `horizon` for every customer (rayon).
pub fn score_all<M: TransactionModel + ?Sized>(m: &M, horizon: f64, x: &[f64], tx: &[f64], t: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut pa = vec![0.0; x.len()];
    let mut ex = vec![0.0; x.len()];
    pa.par_chunks_mut(4096)
        .zip(ex.par_chunks_mut(4096))
        .enumerate()
        .for_each(|(c, (pa, ex))| {
            let base = c * 4096;
            for i in 0..pa.len() {
                let j = base + i;
                (pa[i], ex[i]) = m.score(horizon, x[j], tx[j], t[j]);
            }
        });
    (pa, ex)
}
