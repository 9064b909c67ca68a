//! Repeated stratified cross-validation of the logistic churn classifier on a
//! [`Table`]: each training fold fits its own [`Encoder`] (levels, imputation means) and
//! its own standardisation, the held-out fold is scored with them, and the AUC is taken
//! per fold. The folds are drawn from a seeded ChaCha8 generator, so a seed gives the same
//! folds, and the same numbers, on every machine. Coefficients are reported from one more
//! fit on all rows.

use anyhow::bail;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rayon::prelude::*;
use serde::Serialize;

use crate::classifier::{auc, calibration, fit_design};
use crate::tabular::{ColumnData, Dropped, Encoder, FeatureKind, Table};

/// Encoded features at most (one-hot levels, numeric values and missing indicators): the
/// Newton fit's work per row grows with its square.
pub const MAX_FEATURES: usize = 256;
/// Rows × values stored per encoded row at most (one per numeric column, missing
/// indicator and categorical column: a fold's training rows take at most 8 bytes each).
pub const MAX_ENCODED_CELLS: usize = 25_000_000;

/// Cross-validation settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CvOptions {
    /// Folds per repeat (k).
    pub folds: usize,
    /// Repeats, each with a fresh stratified split.
    pub repeats: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// L2 penalty on the standardised coefficients (1.0 matches scikit-learn's `C=1`).
    pub lambda: f64,
    /// Levels kept per categorical column (the rest merged into `other`).
    pub max_levels: usize,
}

impl Default for CvOptions {
    fn default() -> Self {
        CvOptions {
            folds: 5,
            repeats: 5,
            seed: 0,
            lambda: 1.0,
            max_levels: 50,
        }
    }
}

/// One held-out fold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoldResult {
    /// Repeat, from 1.
    pub repeat: usize,
    /// Fold within the repeat, from 1.
    pub fold: usize,
    /// Training rows.
    pub train_rows: usize,
    /// Held-out rows.
    pub test_rows: usize,
    /// Encoded features of this fold's training encoder.
    pub features: usize,
    /// AUC on the held-out rows.
    pub auc: f64,
}

/// One feature of the fit on all rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureReport {
    /// Display name (`column`, `column (missing)`, `column=level`, `column=(other)`).
    pub name: String,
    /// Source column.
    pub column: String,
    /// Kind of feature.
    pub kind: FeatureKind,
    /// Coefficient on the standardised feature (log-odds per standard deviation).
    pub coef: f64,
}

/// A source column as typed from its values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnReport {
    /// Header name.
    pub name: String,
    /// `numeric` or `categorical`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Blank values (numeric columns; a blank category is a level of its own).
    pub missing: usize,
    /// Distinct values (categorical columns).
    pub levels: usize,
}

/// One reliability bin of the out-of-fold predictions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationRow {
    /// Lower edge of the predicted probability.
    pub lower: f64,
    /// Upper edge.
    pub upper: f64,
    /// Predictions in the bin (over all repeats).
    pub count: usize,
    /// Mean predicted probability.
    pub mean_predicted: f64,
    /// Observed positive rate.
    pub observed_rate: f64,
}

/// What `predict classify --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvReport {
    /// Target column.
    pub target: String,
    /// Data rows.
    pub rows: usize,
    /// Rows whose target is Yes/1/true.
    pub positives: usize,
    /// Mean AUC over all held-out folds.
    pub auc_mean: f64,
    /// Standard deviation of the fold AUCs (population, like numpy's `std`).
    pub auc_std: f64,
    /// Every held-out fold, repeat by repeat.
    pub folds: Vec<FoldResult>,
    /// Repeats.
    pub repeats: usize,
    /// Folds per repeat.
    pub k: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// L2 penalty.
    pub lambda: f64,
    /// Levels kept per categorical column.
    pub max_levels: usize,
    /// Features of the fit on all rows, in column order.
    pub features: Vec<FeatureReport>,
    /// Intercept of the fit on all rows.
    pub intercept: f64,
    /// The feature columns and their types.
    pub columns: Vec<ColumnReport>,
    /// Columns left out, and why.
    pub dropped: Vec<Dropped>,
    /// Reliability of the out-of-fold predictions (all repeats pooled, 10 bins).
    pub calibration: Vec<CalibrationRow>,
    /// Brier score of the out-of-fold predictions.
    pub brier: f64,
}

/// Assigns each row a fold in `0..k`, stratified: each class is shuffled and dealt round
/// the folds in turn (the negatives continuing where the positives stopped), so every fold
/// holds each class's count divided by k, give or take one.
pub fn stratified_folds<R: rand::Rng>(labels: &[bool], k: usize, rng: &mut R) -> Vec<usize> {
    let mut fold = vec![0; labels.len()];
    let mut next = 0;
    for class in [true, false] {
        let mut idx: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        idx.shuffle(rng);
        for i in idx {
            fold[i] = next % k;
            next += 1;
        }
    }
    fold
}

/// Checks the options against the table and the documented caps.
fn check(table: &Table, o: &CvOptions) -> anyhow::Result<Encoder> {
    if !(2..=20).contains(&o.folds) {
        bail!("--folds must be between 2 and 20, got {}", o.folds);
    }
    if !(1..=20).contains(&o.repeats) {
        bail!("--repeats must be between 1 and 20, got {}", o.repeats);
    }
    // One-hot levels sum to the intercept's column: the penalty keeps the Newton system
    // positive definite, so it may not vanish.
    if !(1e-6..=1e9).contains(&o.lambda) {
        bail!("--lambda must be between 1e-6 and 1e9, got {}", o.lambda);
    }
    if !(1..=1000).contains(&o.max_levels) {
        bail!("--max-levels must be between 1 and 1000, got {}", o.max_levels);
    }
    let positives = table.target.iter().filter(|&&l| l).count();
    let minority = positives.min(table.rows() - positives);
    if minority < o.folds {
        bail!(
            "target {:?} has {minority} rows of its rarer class: {}-fold stratified cross-validation needs at least {} \
             of each class",
            table.target_name,
            o.folds,
            o.folds
        );
    }
    if table.columns.is_empty() {
        let why: Vec<String> = table.dropped.iter().map(|d| format!("{}: {}", d.column, d.reason)).collect();
        bail!(
            "no usable feature column (left out: {})",
            if why.is_empty() { "none".into() } else { why.join("; ") }
        );
    }
    let all: Vec<usize> = (0..table.rows()).collect();
    let enc = Encoder::fit(table, &all, o.max_levels);
    if enc.width() > MAX_FEATURES {
        bail!(
            "{} features after one-hot encoding, at most {MAX_FEATURES} are supported: lower --max-levels or leave columns out",
            enc.width()
        );
    }
    if enc.stored_per_row() * table.rows() > MAX_ENCODED_CELLS {
        bail!(
            "{} rows × {} encoded values per row is more than the supported {MAX_ENCODED_CELLS}",
            table.rows(),
            enc.stored_per_row()
        );
    }
    Ok(enc)
}

/// A held-out fold's result and its (row, probability) predictions.
type HeldOut = (FoldResult, Vec<(usize, f64)>);

/// Runs `repeats` × `folds` stratified cross-validation and one fit on all rows.
pub fn cross_validate(table: &Table, o: &CvOptions) -> anyhow::Result<CvReport> {
    let full = check(table, o)?;
    let n = table.rows();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(o.seed);
    let splits: Vec<Vec<usize>> = (0..o.repeats).map(|_| stratified_folds(&table.target, o.folds, &mut rng)).collect();
    let tasks: Vec<(usize, usize, &[usize])> = splits
        .iter()
        .enumerate()
        .flat_map(|(repeat, fold)| (0..o.folds).map(move |k| (repeat, k, fold.as_slice())))
        .collect();
    let results: Vec<anyhow::Result<HeldOut>> = tasks
        .par_iter()
        .map(|&(repeat, k, fold)| {
            let (train, test): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| fold[i] != k);
            let enc = Encoder::fit(table, &train, o.max_levels);
            let y: Vec<bool> = train.iter().map(|&i| table.target[i]).collect();
            let model = fit_design(&enc.encode_compact(table, &train), &y, o.lambda)?;
            let probs = model.predict_rows(&enc.encode_compact(table, &test));
            if probs.iter().any(|p| !p.is_finite()) {
                bail!("the fit of repeat {} fold {} gave non-finite probabilities", repeat + 1, k + 1);
            }
            let labels: Vec<bool> = test.iter().map(|&i| table.target[i]).collect();
            let result = FoldResult {
                repeat: repeat + 1,
                fold: k + 1,
                train_rows: train.len(),
                test_rows: test.len(),
                features: enc.width(),
                auc: auc(&probs, &labels),
            };
            Ok((result, test.into_iter().zip(probs).collect()))
        })
        .collect();
    let (mut folds, mut oof_p, mut oof_y) = (Vec::new(), Vec::new(), Vec::new());
    for r in results {
        let (f, preds) = r?;
        folds.push(f);
        for (i, p) in preds {
            oof_p.push(p);
            oof_y.push(table.target[i]);
        }
    }
    let aucs: Vec<f64> = folds.iter().map(|f| f.auc).collect();
    let mean = aucs.iter().sum::<f64>() / aucs.len() as f64;
    let std = (aucs.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / aucs.len() as f64).sqrt();
    let (bins, brier) = calibration(&oof_p, &oof_y, 10);

    let all: Vec<usize> = (0..n).collect();
    let model = fit_design(&full.encode_compact(table, &all), &table.target, o.lambda)?;
    if !(model.intercept.is_finite() && model.coef.iter().all(|c| c.is_finite())) {
        bail!("the fit on all rows gave non-finite coefficients");
    }
    let features = full
        .names()
        .iter()
        .zip(&model.coef)
        .map(|(f, &coef)| FeatureReport {
            name: f.name.clone(),
            column: f.column.clone(),
            kind: f.kind.clone(),
            coef,
        })
        .collect();
    let columns = table
        .columns
        .iter()
        .map(|c| match &c.data {
            ColumnData::Numeric { missing, .. } => ColumnReport {
                name: c.name.clone(),
                kind: "numeric",
                missing: *missing,
                levels: 0,
            },
            ColumnData::Categorical { levels, .. } => ColumnReport {
                name: c.name.clone(),
                kind: "categorical",
                missing: 0,
                levels: levels.len(),
            },
        })
        .collect();
    Ok(CvReport {
        target: table.target_name.clone(),
        rows: n,
        positives: table.target.iter().filter(|&&l| l).count(),
        auc_mean: mean,
        auc_std: std,
        folds,
        repeats: o.repeats,
        k: o.folds,
        seed: o.seed,
        lambda: o.lambda,
        max_levels: o.max_levels,
        features,
        intercept: model.intercept,
        columns,
        dropped: table.dropped.clone(),
        calibration: bins
            .iter()
            .map(|b| CalibrationRow {
                lower: b.lower,
                upper: b.upper,
                count: b.count,
                mean_predicted: b.mean_predicted,
                observed_rate: b.observed_rate,
            })
            .collect(),
        brier,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tabular::{Limits, read_table_from};
    use rand::Rng;

    #[test]
    fn folds_are_stratified_and_seeded() {
        let labels: Vec<bool> = (0..103).map(|i| i % 4 == 0).collect(); // 26 positives, 77 negatives
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let f = stratified_folds(&labels, 5, &mut rng);
        for k in 0..5 {
            let pos = (0..103).filter(|&i| f[i] == k && labels[i]).count();
            let all = (0..103).filter(|&i| f[i] == k).count();
            assert!((5..=6).contains(&pos), "fold {k}: {pos} positives");
            assert!((20..=21).contains(&all), "fold {k}: {all} rows");
        }
        let again = stratified_folds(&labels, 5, &mut rand_chacha::ChaCha8Rng::seed_from_u64(9));
        assert_eq!(f, again);
        let other = stratified_folds(&labels, 5, &mut rand_chacha::ChaCha8Rng::seed_from_u64(10));
        assert_ne!(f, other);
    }

    /// A table whose target depends on `x` and on the plan, with blanks in `x`.
    fn signal_table(n: usize, seed: u64, signal: bool) -> Table {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut text = String::from("id,x,plan,noise,churn\n");
        for i in 0..n {
            let x: f64 = rng.r#gen::<f64>() * 4.0 - 2.0;
            let plan = ["basic", "plus", "pro"][rng.gen_range(0..3)];
            let z = if signal {
                2.0 * x + if plan == "basic" { 1.5 } else { -0.5 }
            } else {
                0.0
            };
            let churn = rng.r#gen::<f64>() < 1.0 / (1.0 + (-z).exp());
            let xs = if rng.gen_range(0..20) == 0 {
                String::new()
            } else {
                format!("{x:.4}")
            };
            text.push_str(&format!(
                "{i},{xs},{plan},{:.4},{}\n",
                rng.r#gen::<f64>(),
                if churn { "Yes" } else { "No" }
            ));
        }
        read_table_from(text.as_bytes(), "t.csv", "churn", Some("id"), &Limits::default()).unwrap()
    }

    #[test]
    fn signal_gives_a_high_auc_and_noise_about_a_half() {
        let o = CvOptions::default();
        let r = cross_validate(&signal_table(5000, 1, true), &o).unwrap();
        assert_eq!(r.folds.len(), 25);
        assert!(r.auc_mean > 0.85 && r.auc_std < 0.05, "{} ± {}", r.auc_mean, r.auc_std);
        let coef = |name: &str| r.features.iter().find(|f| f.name == name).unwrap().coef;
        assert!(
            coef("x") > 1.0 && coef("plan=basic") > 0.3 && coef("noise").abs() < 0.2,
            "{:?}",
            r.features
        );
        assert!(r.features.iter().any(|f| f.name == "x (missing)"));
        // Calibrated: each well-filled bin's observed rate is near its prediction (each row
        // is in the pooled predictions once per repeat, so a bin of 2,500 holds ~500 rows).
        for b in r.calibration.iter().filter(|b| b.count > 2500) {
            assert!((b.mean_predicted - b.observed_rate).abs() < 0.07, "{b:?}");
        }
        let noise = cross_validate(&signal_table(2000, 2, false), &o).unwrap();
        assert!((noise.auc_mean - 0.5).abs() < 0.04, "{}", noise.auc_mean);
        // The same seed gives the same report; another seed other folds.
        assert_eq!(cross_validate(&signal_table(5000, 1, true), &o).unwrap(), r);
        let r2 = cross_validate(&signal_table(5000, 1, true), &CvOptions { seed: 1, ..o }).unwrap();
        assert_ne!(r2.folds, r.folds);
        assert_eq!(r2.features, r.features);
    }

    #[test]
    fn refuses_too_few_of_a_class_and_bad_options() {
        let t = read_table_from(
            &b"churn,a\n1,1\n1,2\n0,3\n0,4\n0,5\n0,6\n"[..],
            "t",
            "churn",
            None,
            &Limits::default(),
        )
        .unwrap();
        let e = cross_validate(&t, &CvOptions::default()).unwrap_err();
        assert!(e.to_string().contains("has 2 rows of its rarer class"), "{e}");
        let o = CvOptions {
            folds: 2,
            ..CvOptions::default()
        };
        assert!(cross_validate(&t, &o).is_ok());
        for bad in [
            CvOptions { folds: 1, ..o },
            CvOptions { repeats: 0, ..o },
            CvOptions { lambda: 0.0, ..o },
            CvOptions { lambda: 1e-300, ..o },
            CvOptions { lambda: f64::NAN, ..o },
            CvOptions { max_levels: 0, ..o },
        ] {
            assert!(cross_validate(&t, &bad).is_err(), "{bad:?}");
        }
        // Too many features after one-hot encoding, unless fewer levels are kept.
        let text: String = std::iter::once("churn,a\n".to_string())
            .chain((0..600).map(|i| format!("{},l{}\n", i % 2, i % 300)))
            .collect();
        let t = read_table_from(text.as_bytes(), "t", "churn", None, &Limits::default()).unwrap();
        let e = cross_validate(&t, &CvOptions { max_levels: 1000, ..o }).unwrap_err();
        assert!(e.to_string().starts_with("300 features after one-hot encoding, at most 256"), "{e}");
        assert_eq!(cross_validate(&t, &o).unwrap().features.len(), 51);
        let t = read_table_from(&b"churn,a\n1,x\n0,x\n1,x\n0,x\n"[..], "t", "churn", None, &Limits::default()).unwrap();
        let e = cross_validate(&t, &o).unwrap_err();
        assert!(e.to_string().contains("no usable feature column (left out: a: constant"), "{e}");
    }
}
