//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo &
//! Jiang 1999) and customer lifetime value in the style of lifetimes'
//! `customer_lifetime_value`. Parameters are named `p, q, gamma` (lifetimes calls
//! gamma `v`; the CLI accepts `v` as an alias when reading parameters).

use serde::{Deserialize, Serialize};

use crate::data::par_sum;
use crate::special::ln_gamma;
use crate::{Fit, optim};

/// Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of the per-transaction gamma spend distribution.
    pub p: f64,
    /// Shape of the gamma distribution of the customer's spend rate.
    pub q: f64,
    /// Rate (scale) of the gamma distribution of the customer's spend rate.
    #[serde(alias = "v")]
    pub gamma: f64,
}

/// Log-likelihood of customers with `x > 0` repeat transactions of mean value `m`
/// (pairs with `x == 0` must be filtered out first).
pub fn log_likelihood(par: &GammaGammaParams, x: &[f64], m: &[f64]) -> f64 {
    let GammaGammaParams { p, q, gamma } = *par;
    let c = q * gamma.ln() - ln_gamma(q);
    par_sum(x.len(), |i| {
        let (x, m) = (x[i], m[i]);
        let px = p * x;
        ln_gamma(px + q) - ln_gamma(px) + c + (px - 1.0) * m.ln() + px * x.ln() - (px + q) * (gamma + m * x).ln()
    })
}

/// Fit on the repeat buyers (rows with `x > 0`; their means must be positive).
pub fn fit(frequency: &[f64], monetary: &[f64]) -> anyhow::Result<Fit<GammaGammaParams>> {
    let (mut x, mut m) = (Vec::new(), Vec::new());
    for (&f, &v) in frequency.iter().zip(monetary) {
        if f > 0.0 {
            if v <= 0.0 {
                anyhow::bail!("Gamma-Gamma needs positive monetary values for repeat buyers, got {v}");
            }
            x.push(f);
            m.push(v);
        }
    }
    if x.len() < 3 {
        anyhow::bail!("Gamma-Gamma needs repeat buyers (x > 0) with monetary values; found {}", x.len());
    }
    let mean = m.iter().sum::<f64>() / m.len() as f64;
    let unpack = |v: &[f64]| GammaGammaParams {
        p: v[0],
        q: v[1],
        gamma: v[2],
    };
    Ok(optim::maximize_positive_numeric(&[1.0, 1.0, mean], x.len() as f64, |v| log_likelihood(&unpack(v), &x, &m))?.fit(unpack))
}

impl GammaGammaParams {
    /// E[M | x, m̄]: expected average transaction value given `x` transactions of mean `m`.
    pub fn conditional_expected_spend(&self, x: f64, m: f64) -> f64 {
        let GammaGammaParams { p, q, gamma } = *self;
        if x <= 0.0 {
            return p * gamma / (q - 1.0);
        }
        p * (gamma + x * m) / (p * x + q - 1.0)
    }
}

/// Customer lifetime value as in lifetimes: the sum over months `i = 1..=months`
/// of `spend · (E[purchases by month i] − E[purchases by month i−1]) / (1 + d)^i`,
/// where `expected(t)` is the transaction model's conditional expectation for a
/// horizon of `t` model time units and `units_per_month` converts months to those
/// units (4.345 for weeks, 30 for days).
pub fn clv<F: Fn(f64) -> f64>(expected: F, spend: f64, months: u32, monthly_discount: f64, units_per_month: f64) -> f64 {
    let mut total = 0.0;
    let mut prev = 0.0;
    for i in 1..=months {
        let cur = expected(f64::from(i) * units_per_month);
        total += spend * (cur - prev) / (1.0 + monthly_discount).powi(i as i32);
        prev = cur;
    }
    total
}
