//! Behavioural churn classifier for contractual customers: L2-regularised logistic
//! regression on standardised features, fitted by Newton's method, with AUC
//! (Mann–Whitney) and calibration (reliability bins + Brier score). Generic: a
//! row-major feature matrix and boolean labels (true = churned).

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticModel {
    /// Per-feature centres used for standardisation: the mean, or 0 for a 0/1 feature.
    pub mean: Vec<f64>,
    /// Per-feature standard deviations used for standardisation (1 for constant features).
    pub scale: Vec<f64>,
    /// Coefficients on the standardised features.
    pub coef: Vec<f64>,
    /// Intercept (not penalised).
    pub intercept: f64,
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        z.exp() / (1.0 + z.exp())
    }
}

/// Solve `A x = b` for symmetric positive-definite `A` (row-major, k×k) by Cholesky.
fn cholesky_solve(a: &[f64], b: &[f64], k: usize) -> anyhow::Result<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = a[i * k + j] - (0..j).map(|m| l[i * k + m] * l[j * k + m]).sum::<f64>();
            if i == j {
                if s <= 0.0 {
                    anyhow::bail!("Hessian is not positive definite (use a positive lambda)");
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    let mut y = vec![0.0; k];
    for i in 0..k {
        y[i] = (b[i] - (0..i).map(|m| l[i * k + m] * y[m]).sum::<f64>()) / l[i * k + i];
    }
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        x[i] = (y[i] - (i + 1..k).map(|m| l[m * k + i] * x[m]).sum::<f64>()) / l[i * k + i];
    }
    Ok(x)
}

/// A design matrix read row by row as its non-zero raw values, so a one-hot encoded table
/// need not be stored (or walked) densely.
pub trait Design: Sync {
    /// Rows.
    fn n_rows(&self) -> usize;
    /// Features (columns).
    fn n_features(&self) -> usize;
    /// Appends row `i`'s non-zero values to `out` as `(feature, value)`, each feature at
    /// most once, in any order.
    fn row(&self, i: usize, out: &mut Vec<(usize, f64)>);
}

/// A dense row-major matrix as a [`Design`].
#[derive(Debug, Clone, Copy)]
pub struct Dense<'a> {
    /// Values, row-major.
    pub x: &'a [f64],
    /// Columns.
    pub p: usize,
}

impl Design for Dense<'_> {
    fn n_rows(&self) -> usize {
        self.x.len() / self.p.max(1)
    }

    fn n_features(&self) -> usize {
        self.p
    }

    fn row(&self, i: usize, out: &mut Vec<(usize, f64)>) {
        let row = &self.x[i * self.p..(i + 1) * self.p];
        out.extend(row.iter().enumerate().filter(|&(_, &v)| v != 0.0).map(|(j, &v)| (j, v)));
    }
}

/// Fit on `x` (row-major, `n_features` columns) and labels `y` with L2 penalty `lambda`
/// on the standardised coefficients (see [`fit_design`]).
pub fn fit_logistic(x: &[f64], n_features: usize, y: &[bool], lambda: f64) -> anyhow::Result<LogisticModel> {
    let p = n_features;
    if p == 0 || x.len() != y.len() * p || y.is_empty() {
        anyhow::bail!("feature matrix has {} values, expected {} rows x {p} features", x.len(), y.len());
    }
    fit_design(&Dense { x, p }, y, lambda)
}

/// Fit on the rows of `d` and labels `y` with L2 penalty `lambda` on the standardised
/// coefficients, by Newton's method.
///
/// Every feature is divided by its standard deviation; a feature is also centred unless it
/// only takes the values 0 and 1 (a one-hot level, a missing indicator) or its mean is 0.
/// Centring moves nothing but the unpenalised intercept, so the coefficients are the same
/// either way, and an uncentred feature's zeros stay zeros: each row's Newton work grows
/// with the square of its non-zero features rather than of all features.
pub fn fit_design<D: Design>(d: &D, y: &[bool], lambda: f64) -> anyhow::Result<LogisticModel> {
    let p = d.n_features();
    if p == 0 || d.n_rows() != y.len() || y.is_empty() {
        anyhow::bail!("design has {} rows x {p} features for {} labels", d.n_rows(), y.len());
    }
    let n = y.len() as f64;
    let (mut mean, mut scale, mut binary) = (vec![0.0; p], vec![0.0; p], vec![true; p]);
    let mut nnz = vec![0usize; p];
    let mut buf: Vec<(usize, f64)> = Vec::with_capacity(p + 1);
    for i in 0..y.len() {
        buf.clear();
        d.row(i, &mut buf);
        for &(j, v) in &buf {
            mean[j] += v / n;
            nnz[j] += 1;
            binary[j] &= v == 1.0;
        }
    }
    for i in 0..y.len() {
        buf.clear();
        d.row(i, &mut buf);
        for &(j, v) in &buf {
            scale[j] += (v - mean[j]).powi(2) / n;
        }
    }
    for j in 0..p {
        // The implicit zeros' share of the variance.
        scale[j] += (y.len() - nnz[j]) as f64 * mean[j].powi(2) / n;
        scale[j] = if scale[j] > 0.0 { scale[j].sqrt() } else { 1.0 };
    }
    let centre: Vec<f64> = mean.iter().zip(&binary).map(|(&m, &b)| if b { 0.0 } else { m }).collect();
    let centred: Vec<usize> = (0..p).filter(|&j| centre[j] != 0.0).collect();
    let k = p + 1; // coefficients then intercept
    let mut beta = vec![0.0; k];
    // Scratch: the row's raw values by feature (zero between rows), and its non-zero
    // standardised values, the intercept last.
    let mut raw = vec![0.0; p];
    let mut z: Vec<(usize, f64)> = Vec::with_capacity(k);
    for _ in 0..100 {
        let mut grad = vec![0.0; k];
        let mut hess = vec![0.0; k * k];
        for (i, &label) in y.iter().enumerate() {
            buf.clear();
            d.row(i, &mut buf);
            z.clear();
            for &(j, v) in &buf {
                raw[j] = v;
                if centre[j] == 0.0 {
                    z.push((j, v / scale[j]));
                }
            }
            for &j in &centred {
                let zj = (raw[j] - centre[j]) / scale[j];
                if zj != 0.0 {
                    z.push((j, zj));
                }
            }
            for &(j, _) in &buf {
                raw[j] = 0.0;
            }
            z.push((p, 1.0));
            let mu = sigmoid(z.iter().map(|&(j, v)| beta[j] * v).sum());
            let r = mu - f64::from(u8::from(label));
            let wgt = (mu * (1.0 - mu)).max(1e-12);
            for (a, &(i, zi)) in z.iter().enumerate() {
                grad[i] += r * zi;
                let wz = wgt * zi;
                for &(j, zj) in &z[..=a] {
                    // Lower triangle, whatever the order of the row's features.
                    hess[i.max(j) * k + i.min(j)] += wz * zj;
                }
            }
        }
        for i in 0..p {
            grad[i] += lambda * beta[i];
            hess[i * k + i] += lambda;
        }
        for i in 0..k {
            for j in 0..i {
                hess[j * k + i] = hess[i * k + j];
            }
        }
        let step = cholesky_solve(&hess, &grad, k)?;
        beta.iter_mut().zip(&step).for_each(|(b, s)| *b -= s);
        if step.iter().fold(0.0f64, |m, s| m.max(s.abs())) < 1e-10 {
            break;
        }
    }
    Ok(LogisticModel {
        mean: centre,
        scale,
        intercept: beta[p],
        coef: beta[..p].to_vec(),
    })
}

impl LogisticModel {
    /// Predicted churn probabilities for every row of `d`.
    pub fn predict_rows<D: Design>(&self, d: &D) -> Vec<f64> {
        let (mut buf, mut dense) = (Vec::new(), vec![0.0; self.coef.len()]);
        (0..d.n_rows())
            .map(|i| {
                buf.clear();
                d.row(i, &mut buf);
                buf.iter().for_each(|&(j, v)| dense[j] = v);
                let p = self.predict(&dense);
                buf.iter().for_each(|&(j, _)| dense[j] = 0.0);
                p
            })
            .collect()
    }

    /// Predicted churn probability for one feature row (raw, unstandardised).
    pub fn predict(&self, row: &[f64]) -> f64 {
        let z: f64 = row
            .iter()
            .zip(&self.mean)
            .zip(&self.scale)
            .zip(&self.coef)
            .map(|(((v, m), s), c)| c * (v - m) / s)
            .sum();
        sigmoid(z + self.intercept)
    }
}

/// Area under the ROC curve by the Mann–Whitney U statistic (average ranks for ties).
/// NaN when one class is absent.
pub fn auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut n_pos) = (0.0, 0.0);
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let avg_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            if labels[k] {
                rank_sum += avg_rank;
                n_pos += 1.0;
            }
        }
        i = j + 1;
    }
    let n_neg = scores.len() as f64 - n_pos;
    (rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg)
}

/// One reliability bin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationBin {
    /// Lower edge of the predicted-probability bin.
    pub lower: f64,
    /// Upper edge.
    pub upper: f64,
    /// Number of predictions in the bin.
    pub count: usize,
    /// Mean predicted probability in the bin.
    pub mean_predicted: f64,
    /// Observed positive rate in the bin.
    pub observed_rate: f64,
}

/// Reliability diagram with `n_bins` equal-width bins, and the Brier score.
pub fn calibration(probs: &[f64], labels: &[bool], n_bins: usize) -> (Vec<CalibrationBin>, f64) {
    let nb = n_bins.max(1);
    let mut bins: Vec<CalibrationBin> = (0..nb)
        .map(|b| CalibrationBin {
            lower: b as f64 / nb as f64,
            upper: (b + 1) as f64 / nb as f64,
            count: 0,
            mean_predicted: 0.0,
            observed_rate: 0.0,
        })
        .collect();
    let mut brier = 0.0;
    for (&p, &l) in probs.iter().zip(labels) {
        let y = f64::from(u8::from(l));
        brier += (p - y).powi(2);
        let b = ((p * nb as f64) as usize).min(nb - 1);
        bins[b].count += 1;
        bins[b].mean_predicted += p;
        bins[b].observed_rate += y;
    }
    for b in &mut bins {
        if b.count > 0 {
            b.mean_predicted /= b.count as f64;
            b.observed_rate /= b.count as f64;
        }
    }
    (bins, brier / probs.len().max(1) as f64)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn recovers_coefficients_and_reports_metrics() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let n = 20_000;
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let (a, b): (f64, f64) = (rng.r#gen::<f64>() * 10.0, rng.r#gen::<f64>() * 2.0 - 1.0);
            let p = sigmoid(-1.0 + 0.3 * a - 2.0 * b);
            x.extend([a, b]);
            y.push(rng.r#gen::<f64>() < p);
        }
        let m = fit_logistic(&x, 2, &y, 1e-6).unwrap();
        // Back to raw scale: coef / scale.
        let (ca, cb) = (m.coef[0] / m.scale[0], m.coef[1] / m.scale[1]);
        assert!((ca - 0.3).abs() < 0.03 && (cb + 2.0).abs() < 0.15, "{ca} {cb}");
        let probs: Vec<f64> = x.chunks_exact(2).map(|r| m.predict(r)).collect();
        let a = auc(&probs, &y);
        assert!(a > 0.75 && a < 0.95, "auc {a}");
        let (bins, brier) = calibration(&probs, &y, 10);
        assert!(brier < 0.25);
        for b in bins.iter().filter(|b| b.count > 500) {
            assert!((b.mean_predicted - b.observed_rate).abs() < 0.05, "{b:?}");
        }
    }

    /// A 0/1 feature is only scaled, not centred: the same column shifted off 0/1 (so
    /// centred) gives the same standardised coefficients and the same probabilities.
    #[test]
    fn binary_features_skip_centring_without_changing_the_fit() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let (mut x01, mut shifted, mut y) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..3000 {
            let a: f64 = rng.r#gen::<f64>() * 4.0 + 100.0;
            let d = f64::from(u8::from(rng.r#gen::<f64>() < 0.3));
            y.push(rng.r#gen::<f64>() < sigmoid(0.8 * (a - 102.0) + 1.2 * d - 0.5));
            x01.extend([a, d, 0.0]);
            shifted.extend([a, d + 0.5, 0.0]);
        }
        let (m1, m2) = (fit_logistic(&x01, 3, &y, 1.0).unwrap(), fit_logistic(&shifted, 3, &y, 1.0).unwrap());
        assert_eq!((m1.mean[1], m1.mean[2]), (0.0, 0.0));
        assert!(m2.mean[1] > 0.5);
        for j in 0..3 {
            assert!((m1.coef[j] - m2.coef[j]).abs() < 1e-9, "{:?} {:?}", m1.coef, m2.coef);
        }
        for (r1, r2) in x01.chunks_exact(3).zip(shifted.chunks_exact(3)).take(50) {
            assert!((m1.predict(r1) - m2.predict(r2)).abs() < 1e-9);
        }
        // The same rows as a design listing its non-zeros in reverse order: the same fit.
        struct Reversed<'a>(Dense<'a>);
        impl Design for Reversed<'_> {
            fn n_rows(&self) -> usize {
                self.0.n_rows()
            }
            fn n_features(&self) -> usize {
                self.0.n_features()
            }
            fn row(&self, i: usize, out: &mut Vec<(usize, f64)>) {
                let at = out.len();
                self.0.row(i, out);
                out[at..].reverse();
            }
        }
        let m3 = fit_design(&Reversed(Dense { x: &x01, p: 3 }), &y, 1.0).unwrap();
        assert!(m3.coef.iter().zip(&m1.coef).all(|(a, b)| (a - b).abs() < 1e-12));
        let probs = m1.predict_rows(&Dense { x: &x01, p: 3 });
        assert!(x01.chunks_exact(3).zip(&probs).all(|(r, &p)| p == m1.predict(r)));
    }

    #[test]
    fn auc_hand_example_with_ties() {
        // pos scores 0.8, 0.4; neg 0.4, 0.1 -> pairs: (0.8>0.4)=1,(0.8>0.1)=1,(0.4=0.4)=0.5,(0.4>0.1)=1 => 3.5/4
        let a = auc(&[0.8, 0.4, 0.4, 0.1], &[true, true, false, false]);
        assert!((a - 0.875).abs() < 1e-12);
    }

    #[test]
    fn strong_penalty_shrinks_coefficients() {
        let x = [0.0, 1.0, 2.0, 3.0];
        let y = [false, true, false, true];
        let m = fit_logistic(&x, 1, &y, 1e6).unwrap();
        assert!(m.coef[0].abs() < 1e-5);
        assert!(fit_logistic(&x, 2, &y, 1.0).is_err());
    }
}
