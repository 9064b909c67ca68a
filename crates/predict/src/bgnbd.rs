//! BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
//! purchases follow a Poisson process with gamma(r, α) heterogeneous rates, and
//! after each repeat purchase a customer drops out with beta(a, b) probability.

use serde::{Deserialize, Serialize};

use crate::data::{Compressed, Levels, par_sum_vec};
use crate::special::{digamma, hyp2f1, ln_gamma};
use crate::{Fit, optim};

/// BG/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BgNbdParams {
    /// Shape of the gamma purchase-rate distribution.
    pub r: f64,
    /// Rate (scale in time units) of the gamma purchase-rate distribution.
    pub alpha: f64,
    /// Beta dropout-probability shape a.
    pub a: f64,
    /// Beta dropout-probability shape b.
    pub b: f64,
}

/// Per-frequency tables of lnΓ and ψ terms, so each row costs two logs and one exp.
struct Tables {
    lg_rx: Vec<f64>,
    dg_rx: Vec<f64>,
    a2: Vec<f64>,
    da2_a: Vec<f64>,
    da2_b: Vec<f64>,
    ln_bx1: Vec<f64>,
    inv_bx1: Vec<f64>,
}

fn tables(p: &BgNbdParams, max_x: u32, grad: bool) -> Tables {
    let BgNbdParams { r, a, b, .. } = *p;
    let n = max_x as usize + 1;
    let (lg_r, lg_ab, lg_b) = (ln_gamma(r), ln_gamma(a + b), ln_gamma(b));
    let (dg_r, dg_ab, dg_b) = if grad {
        (digamma(r), digamma(a + b), digamma(b))
    } else {
        (0.0, 0.0, 0.0)
    };
    let mut t = Tables {
        lg_rx: vec![0.0; n],
        dg_rx: vec![0.0; n],
        a2: vec![0.0; n],
        da2_a: vec![0.0; n],
        da2_b: vec![0.0; n],
        ln_bx1: vec![0.0; n],
        inv_bx1: vec![0.0; n],
    };
    for x in 0..n {
        let xf = x as f64;
        t.lg_rx[x] = ln_gamma(r + xf) - lg_r;
        t.a2[x] = lg_ab + ln_gamma(b + xf) - lg_b - ln_gamma(a + b + xf);
        t.ln_bx1[x] = (b + xf - 1.0).ln();
        t.inv_bx1[x] = 1.0 / (b + xf - 1.0);
        if grad {
            t.dg_rx[x] = digamma(r + xf) - dg_r;
            let dg_abx = digamma(a + b + xf);
            t.da2_a[x] = dg_ab - dg_abx;
            t.da2_b[x] = dg_ab + digamma(b + xf) - dg_b - dg_abx;
        }
    }
    t
}

/// Log-likelihood (sum over customers) and, if `grad` is given, its gradient in
/// `(r, α, a, b)`.
pub fn log_likelihood(p: &BgNbdParams, d: &Compressed, grad: Option<&mut [f64]>) -> f64 {
    log_likelihood_at(p, d, &(Levels::of(&d.t), Levels::of(&d.tx)), grad)
}

/// [`log_likelihood`] with the levels of `T` and `t_x` precomputed: `ln(α + T)`,
/// `ln(α + t_x)` and their reciprocals are then computed once per distinct value, and a
/// row costs one exp and one log1p.
fn log_likelihood_at(p: &BgNbdParams, d: &Compressed, (lt, ltx): &(Levels, Levels), grad: Option<&mut [f64]>) -> f64 {
    let want = grad.is_some();
    let tb = tables(p, d.max_x, want);
    let BgNbdParams { r, alpha, a, .. } = *p;
    let (ln_a, ln_alpha) = (a.ln(), alpha.ln());
    let (ln_t, inv_t) = (lt.map(|t| (alpha + t).ln()), lt.map(|t| 1.0 / (alpha + t)));
    let (ln_tx, inv_tx) = (ltx.map(|t| (alpha + t).ln()), ltx.map(|t| 1.0 / (alpha + t)));
    let acc = par_sum_vec::<5, _>(d.len(), |i, acc| {
        let x = d.x[i] as usize;
        let (w, rx) = (d.w[i], r + x as f64);
        let ti = lt.index[i] as usize;
        let l_t = ln_t[ti];
        let a3 = -rx * l_t;
        let base = tb.lg_rx[x] + r * ln_alpha + tb.a2[x];
        if x == 0 {
            acc[0] += w * (base + a3);
            if want {
                acc[1] += w * (tb.dg_rx[x] + ln_alpha - l_t);
                acc[2] += w * (r / alpha - rx * inv_t[ti]);
                acc[3] += w * tb.da2_a[x];
                acc[4] += w * tb.da2_b[x];
            }
            return;
        }
        let txi = ltx.index[i] as usize;
        let l_tx = ln_tx[txi];
        let a4 = ln_a - tb.ln_bx1[x] - rx * l_tx;
        // ln(e^a3 + e^a4) and the share of the first term, from one exp.
        let e = (-(a3 - a4).abs()).exp();
        // ln(1 + e) for e in (0, 1]: absolute error ~1e-16, as good as ln_1p here and faster.
        let m = a3.max(a4) + (1.0 + e).ln();
        acc[0] += w * (base + m);
        if want {
            let w3 = if a3 >= a4 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
            let w4 = 1.0 - w3;
            acc[1] += w * (tb.dg_rx[x] + ln_alpha - w3 * l_t - w4 * l_tx);
            acc[2] += w * (r / alpha - rx * (w3 * inv_t[ti] + w4 * inv_tx[txi]));
            acc[3] += w * (tb.da2_a[x] + w4 / a);
            acc[4] += w * (tb.da2_b[x] - w4 * tb.inv_bx1[x]);
        }
    });
    if let Some(g) = grad {
        g.copy_from_slice(&acc[1..5]);
    }
    acc[0]
}

/// Maximum-likelihood fit by L-BFGS on log-parameters with the analytic gradient.
pub fn fit(d: &Compressed) -> anyhow::Result<Fit<BgNbdParams>> {
    let mean_t = d.t.iter().zip(&d.w).map(|(t, w)| t * w).sum::<f64>() / d.total_weight;
    let mean_x = d.x.iter().zip(&d.w).map(|(x, w)| f64::from(*x) * w).sum::<f64>() / d.total_weight;
    let init = [1.0, (mean_t / mean_x.max(0.1)).max(1e-3), 1.0, 1.0];
    let unpack = |v: &[f64]| BgNbdParams {
        r: v[0],
        alpha: v[1],
        a: v[2],
        b: v[3],
    };
    let levels = (Levels::of(&d.t), Levels::of(&d.tx));
    Ok(optim::maximize_positive(&init, d.total_weight, |v, g| log_likelihood_at(&unpack(v), d, &levels, Some(g)))?.fit(unpack))
}

impl BgNbdParams {
    /// Probability that a customer with history `(x, t_x, T)` is still alive at `T`.
    pub fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        if x == 0.0 {
            return 1.0;
        }
        let BgNbdParams { r, alpha, a, b } = *self;
        let ln_ratio = (a / (b + x - 1.0)).ln() + (r + x) * ((alpha + t) / (alpha + tx)).ln();
        1.0 / (1.0 + ln_ratio.exp())
    }

    /// The expectations below divide by `a − 1` and are 0/0 at `a = 1`, where their limit
    /// is finite: within 5e-5 of it, the mean of the values at `1 ± 1e-4` (error about 1e-8
    /// relative).
    fn around_a_one(&self, f: impl Fn(&Self) -> f64) -> Option<f64> {
        const EPS: f64 = 1e-4;
        ((self.a - 1.0).abs() < 0.5 * EPS).then(|| {
            let at = |a| f(&BgNbdParams { a, ..*self });
            0.5 * (at(1.0 - EPS) + at(1.0 + EPS))
        })
    }

    /// Expected number of purchases in `(T, T + horizon]` given `(x, t_x, T)`.
    pub fn conditional_expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> f64 {
        if let Some(v) = self.around_a_one(|p| p.conditional_expected(horizon, x, tx, t)) {
            return v;
        }
        let BgNbdParams { r, alpha, a, b } = *self;
        let z = horizon / (alpha + t + horizon);
        let hyp = hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        let pow = ((alpha + t) / (alpha + t + horizon)).powf(r + x);
        let num = (a + b + x - 1.0) / (a - 1.0) * (1.0 - pow * hyp);
        let den = if x > 0.0 {
            1.0 + a / (b + x - 1.0) * ((alpha + t) / (alpha + tx)).powf(r + x)
        } else {
            1.0
        };
        num / den
    }

    /// Expected purchases in `(T, T + horizon]` of a customer known to be alive at
    /// `T` (depends on `x` and `T` only); multiply by P(alive) for the conditional
    /// expectation.
    pub fn expected_if_alive(&self, horizon: f64, x: f64, t: f64) -> f64 {
        if let Some(v) = self.around_a_one(|p| p.expected_if_alive(horizon, x, t)) {
            return v;
        }
        let BgNbdParams { r, alpha, a, b } = *self;
        let z = horizon / (alpha + t + horizon);
        let hyp = hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        let pow = ((alpha + t) / (alpha + t + horizon)).powf(r + x);
        (a + b + x - 1.0) / (a - 1.0) * (1.0 - pow * hyp)
    }

    /// Expected number of repeat purchases of a new customer by time `t`, E[X(t)].
    pub fn expected_new(&self, t: f64) -> f64 {
        if let Some(v) = self.around_a_one(|p| p.expected_new(t)) {
            return v;
        }
        let BgNbdParams { r, alpha, a, b } = *self;
        let hyp = hyp2f1(r, b, a + b - 1.0, t / (alpha + t));
        (a + b - 1.0) / (a - 1.0) * (1.0 - (alpha / (alpha + t)).powf(r) * hyp)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// At `a = 1` the closed forms are 0/0; the limit is used instead (continuous in `a`).
    #[test]
    fn a_equal_to_one_gives_the_limit() {
        let p = |a| BgNbdParams {
            r: 1.0,
            alpha: 1.0,
            a,
            b: 1.0,
        };
        for (x, tx, t) in [(0.0, 0.0, 30.0), (2.0, 20.0, 30.0)] {
            let at_one = p(1.0).conditional_expected(10.0, x, tx, t);
            let near = p(1.0 + 6e-5).conditional_expected(10.0, x, tx, t);
            assert!(
                at_one.is_finite() && (at_one - near).abs() < 1e-3 * near.abs(),
                "{at_one} vs {near}"
            );
            assert!(p(1.0).expected_if_alive(10.0, x, t).is_finite());
        }
        assert!(p(1.0).expected_new(10.0).is_finite());
    }
    use crate::data::Rfm;

    /// Analytic gradients of BG/NBD and MBG/NBD match central differences.
    #[test]
    fn analytic_gradients_match_finite_differences() {
        let rfm = Rfm {
            ids: (0..5).map(|i| i.to_string()).collect(),
            frequency: vec![0.0, 1.0, 2.0, 7.0, 2.0],
            recency: vec![0.0, 3.5, 30.4, 35.0, 38.0],
            t: vec![38.9, 38.9, 38.9, 36.0, 38.0],
            ..Rfm::default()
        };
        let d = Compressed::from_rfm(&rfm).unwrap();
        let p = [0.3, 4.0, 0.8, 2.4];
        let bg = |v: &[f64], g: Option<&mut [f64]>| {
            log_likelihood(
                &BgNbdParams {
                    r: v[0],
                    alpha: v[1],
                    a: v[2],
                    b: v[3],
                },
                &d,
                g,
            )
        };
        let mbg = |v: &[f64], g: Option<&mut [f64]>| {
            crate::mbgnbd::log_likelihood(
                &crate::mbgnbd::MbgNbdParams {
                    r: v[0],
                    alpha: v[1],
                    a: v[2],
                    b: v[3],
                },
                &d,
                g,
            )
        };
        for f in [&bg as &dyn Fn(&[f64], Option<&mut [f64]>) -> f64, &mbg] {
            let mut g = [0.0; 4];
            f(&p, Some(&mut g));
            for i in 0..4 {
                let h = 1e-6 * p[i];
                let (mut up, mut dn) = (p, p);
                up[i] += h;
                dn[i] -= h;
                let fd = (f(&up, None) - f(&dn, None)) / (2.0 * h);
                assert!(
                    (g[i] - fd).abs() < 1e-5 * (1.0 + fd.abs()),
                    "param {i}: analytic {} vs numeric {fd}",
                    g[i]
                );
            }
        }
    }
}
