//! BG/BB (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time
//! noncontractual setting"): in each of `n` discrete opportunities an alive customer
//! transacts with beta(α, β) probability p and then dies with beta(γ, δ) probability θ.
//! Data: frequency x, recency t_x (period of the last transaction), n periods.

use serde::{Deserialize, Serialize};

use crate::data::{Compressed, par_sum};
use crate::special::{ln_beta, ln_gamma, log_add_exp};
use crate::{Fit, optim};

/// BG/BB parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BgBbParams {
    /// Beta transaction-probability shape α.
    pub alpha: f64,
    /// Beta transaction-probability shape β.
    pub beta: f64,
    /// Beta dropout-probability shape γ.
    pub gamma: f64,
    /// Beta dropout-probability shape δ.
    pub delta: f64,
}

impl BgBbParams {
    /// `ln B(α+x, β+n−x)/B(α,β) + ln B(γ, δ+n)/B(γ,δ)`: alive throughout all `n`.
    fn ln_alive_term(&self, x: f64, n: f64) -> f64 {
        let BgBbParams { alpha, beta, gamma, delta } = *self;
        ln_beta(alpha + x, beta + n - x) - ln_beta(alpha, beta) + ln_beta(gamma, delta + n) - ln_beta(gamma, delta)
    }

    /// Per-customer log-likelihood of `(x, t_x, n)`.
    pub fn ln_likelihood_row(&self, x: f64, tx: f64, n: f64) -> f64 {
        let BgBbParams { alpha, beta, gamma, delta } = *self;
        let base = -ln_beta(alpha, beta) - ln_beta(gamma, delta);
        let mut acc = self.ln_alive_term(x, n);
        let mut i = 0.0;
        while i < n - tx - 0.5 {
            let term = ln_beta(alpha + x, beta + tx - x + i) + ln_beta(gamma + 1.0, delta + tx + i) + base;
            acc = log_add_exp(acc, term);
            i += 1.0;
        }
        acc
    }

    /// Probability of being alive at the start of period `n + 1`.
    pub fn p_alive(&self, x: f64, tx: f64, n: f64) -> f64 {
        let BgBbParams { alpha, beta, gamma, delta } = *self;
        let num = ln_beta(alpha + x, beta + n - x) - ln_beta(alpha, beta) + ln_beta(gamma, delta + n + 1.0) - ln_beta(gamma, delta);
        (num - self.ln_likelihood_row(x, tx, n)).exp()
    }

    /// Expected transactions in the next `horizon` periods given `(x, t_x, n)`.
    pub fn conditional_expected(&self, horizon: f64, x: f64, tx: f64, n: f64) -> f64 {
        let BgBbParams { alpha, beta, gamma, delta } = *self;
        let ln_l = self.ln_likelihood_row(x, tx, n);
        let lead = ln_beta(alpha + x + 1.0, beta + n - x) - ln_beta(alpha, beta) - ln_l + ln_gamma(gamma + delta) - ln_gamma(1.0 + delta);
        let g = |m: f64| (ln_gamma(1.0 + delta + m) - ln_gamma(gamma + delta + m)).exp();
        lead.exp() * delta / (gamma - 1.0) * (g(n) - g(n + horizon))
    }

    /// Expected transactions of a new customer in the first `n` periods.
    pub fn expected_new(&self, n: f64) -> f64 {
        let BgBbParams { alpha, beta, gamma, delta } = *self;
        let ratio = (ln_gamma(gamma + delta) + ln_gamma(1.0 + delta + n) - ln_gamma(gamma + delta + n) - ln_gamma(1.0 + delta)).exp();
        alpha / (alpha + beta) * delta / (gamma - 1.0) * (1.0 - ratio)
    }
}

/// Log-likelihood summed over (weighted) customers.
pub fn log_likelihood(p: &BgBbParams, d: &Compressed) -> f64 {
    par_sum(d.len(), |i| d.w[i] * p.ln_likelihood_row(f64::from(d.x[i]), d.tx[i], d.t[i]))
}

/// Validate BG/BB data (integers with x ≤ t_x ≤ n) and fit by L-BFGS with numeric gradients.
pub fn fit(d: &Compressed) -> anyhow::Result<Fit<BgBbParams>> {
    for i in 0..d.len() {
        let (x, tx, n) = (f64::from(d.x[i]), d.tx[i], d.t[i]);
        if tx.fract() != 0.0 || n.fract() != 0.0 || (x > 0.0 && tx < x) {
            anyhow::bail!("BG/BB needs integer recency and n_periods with frequency <= recency <= n (row x={x}, t_x={tx}, n={n})");
        }
    }
    let unpack = |v: &[f64]| BgBbParams {
        alpha: v[0],
        beta: v[1],
        gamma: v[2],
        delta: v[3],
    };
    Ok(optim::maximize_positive_numeric(&[1.0, 1.0, 1.0, 1.0], d.total_weight, |v| log_likelihood(&unpack(v), d))?.fit(unpack))
}
