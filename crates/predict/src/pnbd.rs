//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987), in the likelihood form of
//! Fader, Hardie & Lee (2005) "A note on deriving the Pareto/NBD model": Poisson
//! purchases with gamma(r, α) rates and exponential lifetimes with gamma(s, β)
//! dropout rates. The likelihood needs the Gauss hypergeometric function 2F1.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::{Compressed, par_sum};
use crate::special::{hyp2f1, ln_gamma, log_add_exp, log_sub_exp};
use crate::{Fit, optim};

/// Pareto/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PnbdParams {
    /// Shape of the gamma purchase-rate distribution.
    pub r: f64,
    /// Rate of the gamma purchase-rate distribution.
    pub alpha: f64,
    /// Shape of the gamma dropout-rate distribution.
    pub s: f64,
    /// Rate of the gamma dropout-rate distribution.
    pub beta: f64,
}

impl PnbdParams {
    /// `ln A0`: the (log) death-between-`t_x`-and-`T` term of the likelihood,
    /// `ln[ F(z(t_x)) / (m + t_x)^k − F(z(T)) / (m + T)^k ]` with k = r+s+x,
    /// m = max(α, β) and the 2F1 arguments chosen so that 0 ≤ z < 1.
    fn ln_a0(&self, x: f64, tx: f64, t: f64) -> f64 {
        let PnbdParams { r, alpha, s, beta } = *self;
        let k = r + s + x;
        let (m, diff, b2) = if alpha >= beta {
            (alpha, alpha - beta, s + 1.0)
        } else {
            (beta, beta - alpha, r + x)
        };
        let term = |u: f64| hyp2f1(k, b2, k + 1.0, diff / (m + u)).ln() - k * (m + u).ln();
        log_sub_exp(term(tx), term(t))
    }

    /// Per-customer log-likelihood without the `lnΓ(r+x) − lnΓ(r)` term (direct
    /// reference implementation for tests).
    #[cfg(test)]
    fn ll_row_rest(&self, x: f64, tx: f64, t: f64) -> f64 {
        let PnbdParams { r, alpha, s, beta } = *self;
        let first = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
        let second = (s / (r + s + x)).ln() + self.ln_a0(x, tx, t);
        r * alpha.ln() + s * beta.ln() + log_add_exp(first, second)
    }

    /// Probability that a customer with history `(x, t_x, T)` is alive at `T`.
    pub fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        let PnbdParams { r, alpha, s, beta } = *self;
        let ln_ratio = (s / (r + s + x)).ln() + (r + x) * (alpha + t).ln() + s * (beta + t).ln() + self.ln_a0(x, tx, t);
        1.0 / (1.0 + ln_ratio.exp())
    }

    /// Expected purchases in `(T, T + horizon]` given `(x, t_x, T)`.
    pub fn conditional_expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> f64 {
        let PnbdParams { r, alpha, s, beta } = *self;
        (r + x) / (alpha + t) * lifetime_integral(s, beta + t, horizon) * self.p_alive(x, tx, t)
    }

    /// Expected number of repeat purchases of a new customer by time `t`.
    pub fn expected_new(&self, t: f64) -> f64 {
        self.r / self.alpha * lifetime_integral(self.s, self.beta, t)
    }
}

/// `∫₀ʰ (b/(b+u))^s du = b/(s−1)·[1 − (b/(b+h))^(s−1)]`, with the s → 1 limit `b·ln(1+h/b)`.
fn lifetime_integral(s: f64, b: f64, h: f64) -> f64 {
    let l = (b / (b + h)).ln();
    if (s - 1.0).abs() < 1e-8 {
        -b * l
    } else {
        -b / (s - 1.0) * ((s - 1.0) * l).exp_m1()
    }
}

/// Unique `(x, time)` pairs of a compressed data set, so the 2F1 terms of the
/// likelihood are computed once per pair rather than once per row.
struct Pairs {
    /// Unique `(x, t_x)` pairs and each row's index into them.
    at_tx: Vec<(u32, f64)>,
    row_tx: Vec<u32>,
    /// Unique `(x, T)` pairs and each row's index into them.
    at_t: Vec<(u32, f64)>,
    row_t: Vec<u32>,
}

fn unique_pairs(x: &[u32], u: &[f64]) -> (Vec<(u32, f64)>, Vec<u32>) {
    let mut index: HashMap<(u32, u64), u32, BuildHasherDefault<crate::parse::FxHasher>> = HashMap::default();
    let mut uniq = Vec::new();
    let rows = x
        .iter()
        .zip(u)
        .map(|(&x, &u)| {
            *index.entry((x, u.to_bits())).or_insert_with(|| {
                uniq.push((x, u));
                (uniq.len() - 1) as u32
            })
        })
        .collect();
    (uniq, rows)
}

impl Pairs {
    fn new(d: &Compressed) -> Self {
        let (at_tx, row_tx) = unique_pairs(&d.x, &d.tx);
        let (at_t, row_t) = unique_pairs(&d.x, &d.t);
        Pairs {
            at_tx,
            row_tx,
            at_t,
            row_t,
        }
    }
}

fn ll_with_pairs(p: &PnbdParams, d: &Compressed, pairs: &Pairs) -> f64 {
    let PnbdParams { r, alpha, s, beta } = *p;
    let (m, diff) = if alpha >= beta {
        (alpha, alpha - beta)
    } else {
        (beta, beta - alpha)
    };
    // ln F(z(u)) − k·ln(m + u) for one (x, u) pair: the two halves of ln A0.
    let term = |&(x, u): &(u32, f64)| {
        let x = f64::from(x);
        let k = r + s + x;
        let b2 = if alpha >= beta { s + 1.0 } else { r + x };
        hyp2f1(k, b2, k + 1.0, diff / (m + u)).ln() - k * (m + u).ln()
    };
    let at_tx: Vec<f64> = pairs.at_tx.par_iter().with_min_len(256).map(term).collect();
    // For (x, T): the A0 half and the "alive at T" term −(r+x)ln(α+T) − s ln(β+T).
    let at_t: Vec<(f64, f64)> = pairs
        .at_t
        .par_iter()
        .with_min_len(256)
        .map(|pt| (term(pt), -(r + f64::from(pt.0)) * (alpha + pt.1).ln() - s * (beta + pt.1).ln()))
        .collect();
    let lg_r = ln_gamma(r);
    let base = r * alpha.ln() + s * beta.ln();
    let per_x: Vec<(f64, f64)> = (0..=d.max_x)
        .map(|x| (ln_gamma(r + f64::from(x)) - lg_r + base, (s / (r + s + f64::from(x))).ln()))
        .collect();
    par_sum(d.len(), |i| {
        let (c, ln_s) = per_x[d.x[i] as usize];
        let (t_term, alive) = at_t[pairs.row_t[i] as usize];
        let tx_term = at_tx[pairs.row_tx[i] as usize];
        // ln(e^alive + s/(r+s+x)·(e^tx_term − e^t_term)) with three transcendentals
        // when nothing overflows, else the general log-space form.
        let v = (ln_s + tx_term - alive).exp() * -(t_term - tx_term).exp_m1();
        let row = if v.is_finite() {
            alive + v.ln_1p()
        } else {
            log_add_exp(alive, ln_s + log_sub_exp(tx_term, t_term))
        };
        d.w[i] * (c + row)
    })
}

/// Log-likelihood summed over customers.
pub fn log_likelihood(p: &PnbdParams, d: &Compressed) -> f64 {
    ll_with_pairs(p, d, &Pairs::new(d))
}

/// Maximum-likelihood fit by L-BFGS on log-parameters with central-difference gradients.
pub fn fit(d: &Compressed) -> anyhow::Result<Fit<PnbdParams>> {
    let mean_t = d.t.iter().zip(&d.w).map(|(t, w)| t * w).sum::<f64>() / d.total_weight;
    let mean_x = d.x.iter().zip(&d.w).map(|(x, w)| f64::from(*x) * w).sum::<f64>() / d.total_weight;
    let init = [1.0, (mean_t / mean_x.max(0.1)).max(1e-3), 1.0, mean_t.max(1e-3)];
    let pairs = Pairs::new(d);
    let unpack = |v: &[f64]| PnbdParams {
        r: v[0],
        alpha: v[1],
        s: v[2],
        beta: v[3],
    };
    Ok(optim::maximize_positive_numeric(&init, d.total_weight, |v| {
        let ll = ll_with_pairs(&unpack(v), d, &pairs);
        if ll.is_nan() { f64::NEG_INFINITY } else { ll }
    })?
    .fit(unpack))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::data::Rfm;

    #[test]
    fn pair_cached_likelihood_matches_direct_rows() {
        let rfm = Rfm {
            ids: (0..6).map(|i| i.to_string()).collect(),
            frequency: vec![0.0, 1.0, 1.0, 3.0, 3.0, 0.0],
            recency: vec![0.0, 5.0, 10.0, 10.0, 30.0, 0.0],
            t: vec![30.0, 30.0, 30.0, 30.0, 30.0, 20.0],
            ..Rfm::default()
        };
        let d = Compressed::from_rfm(&rfm).unwrap();
        for p in [
            PnbdParams {
                r: 0.55,
                alpha: 10.5,
                s: 0.6,
                beta: 11.7,
            },
            PnbdParams {
                r: 2.0,
                alpha: 3.0,
                s: 1.5,
                beta: 1.0,
            },
        ] {
            let direct: f64 = (0..d.len())
                .map(|i| {
                    let x = f64::from(d.x[i]);
                    d.w[i] * (ln_gamma(p.r + x) - ln_gamma(p.r) + p.ll_row_rest(x, d.tx[i], d.t[i]))
                })
                .sum();
            assert!((log_likelihood(&p, &d) - direct).abs() < 1e-9, "{p:?}");
        }
    }
}
