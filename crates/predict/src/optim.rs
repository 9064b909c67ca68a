//! A compact L-BFGS minimiser (unconstrained; models optimise log-parameters, which
//! keeps every parameter positive) with a backtracking Armijo line search that also
//! backs off from non-finite values, plus a central-difference gradient helper.

/// Options for [`minimize`].
#[derive(Debug, Clone, Copy)]
pub struct LbfgsOptions {
    /// Number of correction pairs kept.
    pub memory: usize,
    /// Maximum number of iterations.
    pub max_iter: usize,
    /// Stop when the largest absolute gradient component falls below this.
    pub gtol: f64,
    /// Stop when the relative decrease of the objective falls below this twice in a row.
    pub ftol: f64,
}

impl Default for LbfgsOptions {
    fn default() -> Self {
        Self {
            memory: 8,
            max_iter: 1000,
            gtol: 1e-7,
            ftol: 1e-14,
        }
    }
}

/// Outcome of a minimisation.
#[derive(Debug, Clone)]
pub struct OptimResult {
    /// The minimiser found.
    pub x: Vec<f64>,
    /// Objective value at `x`.
    pub f: f64,
    /// Iterations taken.
    pub iterations: usize,
    /// Whether a convergence criterion (not the iteration cap) stopped the search.
    pub converged: bool,
    /// Largest absolute component of the gradient at `x`.
    pub gradient_norm: f64,
}

fn max_abs(g: &[f64]) -> f64 {
    g.iter().fold(0.0f64, |m, v| m.max(v.abs()))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimise `f` from `x0`. `f(x, grad)` returns the value and writes the gradient.
/// Fails if the objective is not finite at the starting point.
pub fn minimize<F>(mut f: F, x0: &[f64], opts: &LbfgsOptions) -> anyhow::Result<OptimResult>
where
    F: FnMut(&[f64], &mut [f64]) -> f64,
{
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    if !fx.is_finite() || g.iter().any(|v| !v.is_finite()) {
        anyhow::bail!("objective is not finite at the starting point {x0:?}");
    }
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut rho: Vec<f64> = Vec::new();
    let mut small_steps = 0;
    let (mut x_new, mut g_new) = (vec![0.0; n], vec![0.0; n]);
    for iter in 0..opts.max_iter {
        if max_abs(&g) < opts.gtol {
            return Ok(OptimResult {
                x,
                f: fx,
                iterations: iter,
                converged: true,
                gradient_norm: max_abs(&g),
            });
        }
        // Two-loop recursion: d = -H g.
        let mut q = g.clone();
        let k = s_hist.len();
        let mut alpha = vec![0.0; k];
        for i in (0..k).rev() {
            alpha[i] = rho[i] * dot(&s_hist[i], &q);
            for (qj, yj) in q.iter_mut().zip(&y_hist[i]) {
                *qj -= alpha[i] * yj;
            }
        }
        let gamma = if k > 0 {
            dot(&s_hist[k - 1], &y_hist[k - 1]) / dot(&y_hist[k - 1], &y_hist[k - 1])
        } else {
            1.0 / g.iter().map(|v| v * v).sum::<f64>().sqrt().max(1.0)
        };
        q.iter_mut().for_each(|v| *v *= gamma);
        for i in 0..k {
            let beta = rho[i] * dot(&y_hist[i], &q);
            for (qj, sj) in q.iter_mut().zip(&s_hist[i]) {
                *qj += (alpha[i] - beta) * sj;
            }
        }
        let mut d: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&g, &d);
        if slope >= 0.0 || !slope.is_finite() {
            // Not a descent direction: reset to scaled steepest descent.
            s_hist.clear();
            y_hist.clear();
            rho.clear();
            let scale = 1.0 / g.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-300);
            d = g.iter().map(|v| -v * scale).collect();
            slope = dot(&g, &d);
        }
        // Cap the step at 5 units in log-parameter space.
        let dmax = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut step = if dmax > 5.0 { 5.0 / dmax } else { 1.0 };
        let mut accepted = false;
        for _ in 0..60 {
            for i in 0..n {
                x_new[i] = x[i] + step * d[i];
            }
            let f_new = f(&x_new, &mut g_new);
            if f_new.is_finite() && g_new.iter().all(|v| v.is_finite()) && f_new <= fx + 1e-4 * step * slope {
                let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
                let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
                let sy = dot(&s, &y);
                if sy > 1e-12 * dot(&y, &y).sqrt() * dot(&s, &s).sqrt() && sy > 0.0 {
                    if s_hist.len() == opts.memory {
                        s_hist.remove(0);
                        y_hist.remove(0);
                        rho.remove(0);
                    }
                    s_hist.push(s);
                    y_hist.push(y);
                    rho.push(1.0 / sy);
                }
                let rel = (fx - f_new) / fx.abs().max(1.0);
                small_steps = if rel < opts.ftol { small_steps + 1 } else { 0 };
                x.copy_from_slice(&x_new);
                g.copy_from_slice(&g_new);
                fx = f_new;
                accepted = true;
                break;
            }
            step *= 0.3;
        }
        if !accepted {
            // No further decrease possible at working precision.
            let gmax = max_abs(&g);
            return Ok(OptimResult {
                x,
                f: fx,
                iterations: iter,
                converged: gmax < 1e-3,
                gradient_norm: gmax,
            });
        }
        if small_steps >= 3 {
            return Ok(OptimResult {
                x,
                f: fx,
                iterations: iter + 1,
                converged: true,
                gradient_norm: max_abs(&g),
            });
        }
    }
    Ok(OptimResult {
        x,
        f: fx,
        iterations: opts.max_iter,
        converged: false,
        gradient_norm: max_abs(&g),
    })
}

/// Central-difference gradient of `f` at `x` (step scaled to each coordinate);
/// returns `f(x)`.
pub fn numeric_grad<F>(f: &F, x: &[f64], grad: &mut [f64]) -> f64
where
    F: Fn(&[f64]) -> f64,
{
    let f0 = f(x);
    let mut xp = x.to_vec();
    for i in 0..x.len() {
        let h = 1e-6 * x[i].abs().max(1.0);
        xp[i] = x[i] + h;
        let fp = f(&xp);
        xp[i] = x[i] - h;
        let fm = f(&xp);
        xp[i] = x[i];
        grad[i] = (fp - fm) / (2.0 * h);
    }
    f0
}

/// A maximised log-likelihood over positive parameters.
#[derive(Debug, Clone)]
pub struct Maximum {
    /// The parameters at the maximum.
    pub params: Vec<f64>,
    /// The log-likelihood there (sum over customers).
    pub log_likelihood: f64,
    /// Optimiser iterations.
    pub iterations: usize,
    /// Whether a convergence criterion (not the iteration cap) stopped the search.
    pub converged: bool,
    /// Largest absolute component of the gradient of the mean log-likelihood per
    /// customer with respect to the log-parameters, at the maximum (0 at an exact optimum).
    pub gradient_norm: f64,
}

impl Maximum {
    fn of(r: &OptimResult, scale: f64) -> Self {
        Maximum {
            params: r.x.iter().map(|v| v.exp()).collect(),
            log_likelihood: -r.f * scale,
            iterations: r.iterations,
            converged: r.converged,
            gradient_norm: r.gradient_norm,
        }
    }

    /// The fit, with the parameters unpacked into the model's type.
    pub fn fit<P>(self, unpack: impl FnOnce(&[f64]) -> P) -> crate::Fit<P> {
        crate::Fit {
            params: unpack(&self.params),
            log_likelihood: self.log_likelihood,
            iterations: self.iterations,
            converged: self.converged,
            gradient_norm: self.gradient_norm,
        }
    }
}

/// Maximise a log-likelihood over strictly positive parameters by L-BFGS on their
/// logarithms. `ll_grad(params, grad)` returns the log-likelihood (a sum over
/// `scale` customers) and writes its gradient with respect to `params`.
pub fn maximize_positive<F>(init: &[f64], scale: f64, mut ll_grad: F) -> anyhow::Result<Maximum>
where
    F: FnMut(&[f64], &mut [f64]) -> f64,
{
    let n = init.len();
    let theta0: Vec<f64> = init.iter().map(|v| v.ln()).collect();
    let mut p = vec![0.0; n];
    let mut gp = vec![0.0; n];
    let obj = |theta: &[f64], g: &mut [f64]| {
        for i in 0..n {
            p[i] = theta[i].exp();
        }
        let ll = ll_grad(&p, &mut gp);
        for i in 0..n {
            g[i] = -gp[i] * p[i] / scale;
        }
        -ll / scale
    };
    let r = minimize(obj, &theta0, &LbfgsOptions::default())?;
    Ok(Maximum::of(&r, scale))
}

/// Like [`maximize_positive`] for a log-likelihood without an analytic gradient:
/// central differences in log-parameter space.
pub fn maximize_positive_numeric<F>(init: &[f64], scale: f64, ll: F) -> anyhow::Result<Maximum>
where
    F: Fn(&[f64]) -> f64,
{
    let obj = |theta: &[f64]| {
        let p: Vec<f64> = theta.iter().map(|v| v.exp()).collect();
        -ll(&p) / scale
    };
    let theta0: Vec<f64> = init.iter().map(|v| v.ln()).collect();
    let opts = LbfgsOptions {
        gtol: 1e-6,
        ..LbfgsOptions::default()
    };
    // Forward differences (n+1 evaluations) while far from the optimum, central
    // differences (2n+1) once the gradient is small and accuracy matters.
    let mut last_gmax = f64::INFINITY;
    let r = minimize(
        |t, g| {
            let f = if last_gmax < 1e-5 {
                numeric_grad(&obj, t, g)
            } else {
                forward_grad(&obj, t, g)
            };
            if f.is_finite() {
                last_gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            }
            f
        },
        &theta0,
        &opts,
    )?;
    // Polish: if the last gradients were forward differences, finish with central ones.
    let r = if last_gmax < 1e-5 {
        r
    } else {
        let first_iters = r.iterations;
        match minimize(|t, g| numeric_grad(&obj, t, g), &r.x, &opts) {
            Ok(p) => OptimResult {
                iterations: first_iters + p.iterations,
                ..p
            },
            Err(_) => r,
        }
    };
    Ok(Maximum::of(&r, scale))
}

/// Forward-difference gradient of `f` at `x`; returns `f(x)`.
pub fn forward_grad<F>(f: &F, x: &[f64], grad: &mut [f64]) -> f64
where
    F: Fn(&[f64]) -> f64,
{
    let f0 = f(x);
    let mut xp = x.to_vec();
    for i in 0..x.len() {
        let h = 1e-7 * x[i].abs().max(1.0);
        xp[i] = x[i] + h;
        grad[i] = (f(&xp) - f0) / h;
        xp[i] = x[i];
    }
    f0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rosenbrock() {
        let f = |x: &[f64], g: &mut [f64]| {
            g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
            g[1] = 200.0 * (x[1] - x[0] * x[0]);
            (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
        };
        let r = minimize(f, &[-1.2, 1.0], &LbfgsOptions::default()).unwrap();
        assert!((r.x[0] - 1.0).abs() < 1e-5 && (r.x[1] - 1.0).abs() < 1e-5, "{:?}", r);
    }

    #[test]
    fn numeric_gradient_on_quadratic_with_nan_region() {
        // Objective is NaN for x0 > 3: the line search must back off.
        let obj = |x: &[f64]| {
            if x[0] > 3.0 {
                f64::NAN
            } else {
                (x[0] - 2.5).powi(2) + (x[1] + 1.0).powi(2)
            }
        };
        let r = minimize(|x, g| numeric_grad(&obj, x, g), &[-10.0, 4.0], &LbfgsOptions::default()).unwrap();
        assert!((r.x[0] - 2.5).abs() < 1e-5 && (r.x[1] + 1.0).abs() < 1e-5, "{:?}", r);
    }

    #[test]
    fn rejects_non_finite_start() {
        assert!(minimize(|_, _| f64::NAN, &[0.0], &LbfgsOptions::default()).is_err());
    }
}
