//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987), in the likelihood form of
//! Fader, Hardie & Lee (2005) "A note on deriving the Pareto/NBD model": Poisson
//! purchases with gamma(r, α) rates and exponential lifetimes with gamma(s, β)
//! dropout rates. The likelihood needs the Gauss hypergeometric function 2F1.

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

    /// Per-customer log-likelihood without the `lnΓ(r+x) − lnΓ(r)` term.
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

/// Log-likelihood summed over customers.
pub fn log_likelihood(p: &PnbdParams, d: &Compressed) -> f64 {
    let lg_r = ln_gamma(p.r);
    let lg: Vec<f64> = (0..=d.max_x).map(|x| ln_gamma(p.r + f64::from(x)) - lg_r).collect();
    par_sum(d.len(), |i| {
        let x = d.x[i];
        d.w[i] * (lg[x as usize] + p.ll_row_rest(f64::from(x), d.tx[i], d.t[i]))
    })
}

/// Maximum-likelihood fit by L-BFGS on log-parameters with central-difference gradients.
pub fn fit(d: &Compressed) -> anyhow::Result<Fit<PnbdParams>> {
    let mean_t = d.t.iter().zip(&d.w).map(|(t, w)| t * w).sum::<f64>() / d.total_weight;
    let mean_x = d.x.iter().zip(&d.w).map(|(x, w)| f64::from(*x) * w).sum::<f64>() / d.total_weight;
    let init = [1.0, (mean_t / mean_x.max(0.1)).max(1e-3), 1.0, mean_t.max(1e-3)];
    let unpack = |v: &[f64]| PnbdParams {
        r: v[0],
        alpha: v[1],
        s: v[2],
        beta: v[3],
    };
    let (v, ll, iterations, converged) = optim::maximize_positive_numeric(&init, d.total_weight, |v| {
        let ll = log_likelihood(&unpack(v), d);
        if ll.is_nan() { f64::NEG_INFINITY } else { ll }
    })?;
    Ok(Fit {
        params: unpack(&v),
        log_likelihood: ll,
        iterations,
        converged,
    })
}
