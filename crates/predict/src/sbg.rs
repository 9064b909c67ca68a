//! Shifted-beta-geometric retention model (Fader & Hardie 2007, "How to project
//! customer retention"): each customer churns at the end of a period with a constant
//! probability θ ~ beta(α, β). Fitted from a cohort's survivor counts.

use serde::{Deserialize, Serialize};

use crate::special::ln_beta;
use crate::{Fit, optim};

/// sBG parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SbgParams {
    /// Beta churn-probability shape α.
    pub alpha: f64,
    /// Beta churn-probability shape β.
    pub beta: f64,
}

impl SbgParams {
    /// P(T = t): probability of churning in period `t ≥ 1`.
    pub fn churn_prob(&self, t: u32) -> f64 {
        (ln_beta(self.alpha + 1.0, self.beta + f64::from(t) - 1.0) - ln_beta(self.alpha, self.beta)).exp()
    }

    /// S(t): probability of surviving past period `t` (S(0) = 1).
    pub fn survival(&self, t: u32) -> f64 {
        (ln_beta(self.alpha, self.beta + f64::from(t)) - ln_beta(self.alpha, self.beta)).exp()
    }

    /// Retention rate r(t) = S(t)/S(t−1) = (β + t − 1)/(α + β + t − 1), for `t ≥ 1`.
    pub fn retention(&self, t: u32) -> f64 {
        let t = f64::from(t);
        (self.beta + t - 1.0) / (self.alpha + self.beta + t - 1.0)
    }

    /// `(period, survival, retention)` for periods `1..=horizon`.
    pub fn project(&self, horizon: u32) -> Vec<(u32, f64, f64)> {
        (1..=horizon).map(|t| (t, self.survival(t), self.retention(t))).collect()
    }
}

/// Log-likelihood of survivor counts `alive[0..]` (`alive[0]` = cohort size,
/// non-increasing): churners in each observed period plus the still-alive at the end.
pub fn log_likelihood(p: &SbgParams, alive: &[f64]) -> f64 {
    let mut ll = 0.0;
    for t in 1..alive.len() {
        ll += (alive[t - 1] - alive[t]) * p.churn_prob(t as u32).ln();
    }
    ll + alive[alive.len() - 1] * p.survival(alive.len() as u32 - 1).ln()
}

/// Fit α, β from survivor counts by L-BFGS on log-parameters.
pub fn fit(alive: &[f64]) -> anyhow::Result<Fit<SbgParams>> {
    if alive.len() < 2 {
        anyhow::bail!("sBG needs survivor counts for period 0 and at least one later period");
    }
    if alive.windows(2).any(|w| w[1] > w[0]) || alive.iter().any(|&a| a < 0.0) {
        anyhow::bail!("sBG survivor counts must be non-negative and non-increasing: {alive:?}");
    }
    let unpack = |v: &[f64]| SbgParams { alpha: v[0], beta: v[1] };
    Ok(optim::maximize_positive_numeric(&[1.0, 1.0], alive[0], |v| log_likelihood(&unpack(v), alive))?.fit(unpack))
}
