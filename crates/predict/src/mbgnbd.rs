//! Modified BG/NBD (Batislam, Denizel & Filiztekin 2007): like BG/NBD but a customer
//! may also drop out right after the first purchase, so zero-repeat customers are
//! not assumed alive.

use serde::{Deserialize, Serialize};

use crate::data::{Compressed, par_sum_vec};
use crate::special::{digamma, hyp2f1, ln_gamma, log_add_exp};
use crate::{Fit, optim};

/// MBG/NBD parameters (same meaning as BG/NBD's).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MbgNbdParams {
    /// Shape of the gamma purchase-rate distribution.
    pub r: f64,
    /// Rate of the gamma purchase-rate distribution.
    pub alpha: f64,
    /// Beta dropout-probability shape a.
    pub a: f64,
    /// Beta dropout-probability shape b.
    pub b: f64,
}

/// Log-likelihood (sum over customers) and optionally its gradient in `(r, α, a, b)`.
pub fn log_likelihood(p: &MbgNbdParams, d: &Compressed, grad: Option<&mut [f64]>) -> f64 {
    let want = grad.is_some();
    let MbgNbdParams { r, alpha, a, b } = *p;
    let n = d.max_x as usize + 1;
    let (lg_r, lg_ab, lg_b) = (ln_gamma(r), ln_gamma(a + b), ln_gamma(b));
    let (dg_r, dg_ab, dg_b) = (digamma(r), digamma(a + b), digamma(b));
    // Per-frequency constants: [lnΓ(r+x)-lnΓ(r) + A2, ψ(r+x)-ψ(r), dA2/da, dA2/db, ln(b+x)].
    let tab: Vec<[f64; 5]> = (0..n)
        .map(|x| {
            let xf = x as f64;
            let a2 = lg_ab + ln_gamma(b + xf + 1.0) - lg_b - ln_gamma(a + b + xf + 1.0);
            let (d_r, d_a, d_b) = if want {
                let dg = digamma(a + b + xf + 1.0);
                (digamma(r + xf) - dg_r, dg_ab - dg, dg_ab + digamma(b + xf + 1.0) - dg_b - dg)
            } else {
                (0.0, 0.0, 0.0)
            };
            [ln_gamma(r + xf) - lg_r + a2, d_r, d_a, d_b, (b + xf).ln()]
        })
        .collect();
    let (ln_a, ln_alpha) = (a.ln(), alpha.ln());
    let acc = par_sum_vec::<5, _>(d.len(), |i, acc| {
        let x = d.x[i] as usize;
        let (w, rx, c) = (d.w[i], r + x as f64, &tab[x]);
        let (l_t, l_tx) = ((alpha + d.t[i]).ln(), (alpha + d.tx[i]).ln());
        let a3 = -rx * l_t;
        let a4 = ln_a - c[4] - rx * l_tx;
        let m = log_add_exp(a3, a4);
        acc[0] += w * (c[0] + r * ln_alpha + m);
        if want {
            let w3 = (a3 - m).exp();
            let w4 = 1.0 - w3;
            acc[1] += w * (c[1] + ln_alpha - w3 * l_t - w4 * l_tx);
            acc[2] += w * (r / alpha - w3 * rx / (alpha + d.t[i]) - w4 * rx / (alpha + d.tx[i]));
            acc[3] += w * (c[2] + w4 / a);
            acc[4] += w * (c[3] - w4 / (b + x as f64));
        }
    });
    if let Some(g) = grad {
        g.copy_from_slice(&acc[1..5]);
    }
    acc[0]
}

/// Maximum-likelihood fit by L-BFGS on log-parameters with the analytic gradient.
pub fn fit(d: &Compressed) -> anyhow::Result<Fit<MbgNbdParams>> {
    let mean_t = d.t.iter().zip(&d.w).map(|(t, w)| t * w).sum::<f64>() / d.total_weight;
    let mean_x = d.x.iter().zip(&d.w).map(|(x, w)| f64::from(*x) * w).sum::<f64>() / d.total_weight;
    let init = [1.0, (mean_t / mean_x.max(0.1)).max(1e-3), 1.0, 1.0];
    let unpack = |v: &[f64]| MbgNbdParams {
        r: v[0],
        alpha: v[1],
        a: v[2],
        b: v[3],
    };
    Ok(optim::maximize_positive(&init, d.total_weight, |v, g| log_likelihood(&unpack(v), d, Some(g)))?.fit(unpack))
}

impl MbgNbdParams {
    /// Probability that a customer with history `(x, t_x, T)` is alive at `T`.
    pub fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        let MbgNbdParams { r, alpha, a, b } = *self;
        1.0 / (1.0 + a / (b + x) * ((alpha + t) / (alpha + tx)).powf(r + x))
    }

    /// Expected purchases in `(T, T + horizon]` given `(x, t_x, T)`.
    pub fn conditional_expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> f64 {
        let MbgNbdParams { r, alpha, a, b } = *self;
        let hyp = hyp2f1(r + x, b + x + 1.0, a + b + x, horizon / (alpha + t + horizon));
        let pow = ((alpha + t) / (alpha + t + horizon)).powf(r + x);
        (a + b + x) / (a - 1.0) * (1.0 - hyp * pow) * self.p_alive(x, tx, t)
    }

    /// Expected number of repeat purchases of a new customer by time `t`.
    pub fn expected_new(&self, t: f64) -> f64 {
        let MbgNbdParams { r, alpha, a, b } = *self;
        let hyp = hyp2f1(r, b + 1.0, a + b, t / (alpha + t));
        b / (a - 1.0) * (1.0 - hyp * (alpha / (alpha + t)).powf(r))
    }
}
