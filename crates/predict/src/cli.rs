//! `carewell predict fit|score|classify`: the command-line face of the crate. The app crate
//! embeds [`PredictCommand`] and calls [`run`]; `carewell-predict` is a standalone
//! binary with the same commands.
//!
//! Parameter names in JSON follow the literature: BG/NBD and MBG/NBD `r, alpha, a, b`;
//! Pareto/NBD `r, alpha, s, beta`; BG/BB `alpha, beta, gamma, delta`; Gamma-Gamma
//! `p, q, gamma` (lifetimes' `v` accepted on input); sBG `alpha, beta`.
//! `score --model gg` also needs a transaction model (`--transaction-model`, default
//! BG/NBD): its parameters come from `--transaction-params`, otherwise it is fitted
//! on the same input. `--params`/`--transaction-params` take a JSON object of
//! parameters, the whole output of `fit --json`, or `@FILE` holding either.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::classify::{CvOptions, CvReport, cross_validate};
use crate::data::{Compressed, Rfm};
use crate::score::{TransactionModel, score_all};
use crate::summary::{LogFormat, LogOptions, Period, TimeUnit, parse_date, read_summary, summary_from_log};
use crate::tabular::{Limits, read_table};
use crate::{bgbb, bgnbd, gamma_gamma, mbgnbd, pnbd, sbg};

/// Which model to fit or score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Model {
    /// BG/NBD (Fader, Hardie & Lee 2005).
    Bgnbd,
    /// Pareto/NBD.
    Pnbd,
    /// Modified BG/NBD (Batislam et al. 2007).
    Mbgnbd,
    /// Discrete-time BG/BB (input: frequency, recency, n_periods).
    Bgbb,
    /// Gamma-Gamma spend model (+ CLV when scoring).
    Gg,
    /// Shifted-beta-geometric retention (input: CSV `period,alive`).
    Sbg,
}

/// Layout of `--input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Summary CSV `customer_id,frequency,recency,T[,monetary_value]` (or `ID,x,t_x,T,zbar`).
    Summary,
    /// Transaction log CSV `customer_id,date[,amount]`.
    Log,
    /// Whitespace CDNOW log: the sample's layout (`id sample_id YYYYMMDD cds dollars`) or
    /// the master file's (`id YYYYMMDD cds dollars`).
    Cdnow,
}

/// Input options shared by `fit` and `score`.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Model to use.
    #[arg(long, value_enum)]
    pub model: Model,
    /// Input file.
    #[arg(long)]
    pub input: PathBuf,
    /// Input layout.
    #[arg(long, value_enum, default_value = "summary")]
    pub format: InputFormat,
    /// Time unit: of the summary built from a log (day, or week = days/7), and of the
    /// data for converting CLV months (4.345 weeks or 30 days per month).
    #[arg(long, value_enum, default_value = "week")]
    pub unit: TimeUnit,
    /// Grouping of a log's purchases: `day` (same-day purchases are one; times are exact
    /// days, divided by 7 with `--unit week`) or `week` (calendar weeks Monday–Sunday like
    /// lifetimes' `freq='W'`: same-week purchases are one; times are whole weeks).
    #[arg(long, value_enum, default_value = "day")]
    pub period: Period,
    /// Calibration end date (YYYY-MM-DD) when summarising a log; default: last date in the log.
    #[arg(long)]
    pub calibration_end: Option<String>,
    /// Gamma-Gamma: leave repeat buyers whose mean value is 0 or less out of the fit
    /// (otherwise the first one is refused, named with its row).
    #[arg(long)]
    pub drop_zero_monetary: bool,
}

/// Fits Gamma-Gamma on the repeat buyers of `rfm`; a repeat buyer without a positive mean
/// value is refused with the file, row and customer, or left out with `--drop-zero-monetary`.
fn fit_gamma_gamma(a: &InputArgs, rfm: &Rfm, money: &[f64]) -> anyhow::Result<crate::Fit<gamma_gamma::GammaGammaParams>> {
    let (mut x, mut m) = (Vec::new(), Vec::new());
    for (i, (&f, &v)) in rfm.frequency.iter().zip(money).enumerate() {
        if f > 0.0 && (v <= 0.0 || v.is_nan()) {
            if a.drop_zero_monetary {
                continue;
            }
            anyhow::bail!(
                "{}: row {} (customer {}): Gamma-Gamma needs a positive monetary value for a repeat buyer, got {v} \
                 (--drop-zero-monetary leaves such customers out of the fit)",
                a.input.display(),
                i + 1,
                &rfm.ids[i]
            );
        }
        x.push(f);
        m.push(v);
    }
    gamma_gamma::fit(&x, &m)
}

/// `fit`: estimate parameters and print them.
#[derive(Debug, Clone, clap::Args)]
pub struct FitArgs {
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
    /// Print JSON `{"model","params","log_likelihood","customers","converged","iterations",
    /// "gradient_norm","on_bound"}` instead of a table. `gradient_norm` is the largest
    /// absolute gradient component of the mean log-likelihood per customer with respect to
    /// the log-parameters at the reported parameters (about 0 at a maximum).
    #[arg(long)]
    pub json: bool,
    /// Exit non-zero when the optimiser did not report convergence (a warning on stderr
    /// either way).
    #[arg(long)]
    pub strict: bool,
}

/// `score`: per-customer predictions to a CSV (sBG: survival/retention projection).
#[derive(Debug, Clone, clap::Args)]
pub struct ScoreArgs {
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
    /// Prediction horizon in model time units (periods for BG/BB and sBG).
    #[arg(long)]
    pub horizon: f64,
    /// Model parameters as JSON (or @FILE); fitted on the input when absent.
    #[arg(long)]
    pub params: Option<String>,
    /// Output CSV (stdout when absent).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Transaction model paired with `--model gg` for expected purchases and CLV.
    #[arg(long, value_enum, default_value = "bgnbd")]
    pub transaction_model: Model,
    /// Transaction-model parameters for `--model gg` (JSON or @FILE).
    #[arg(long)]
    pub transaction_params: Option<String>,
    /// CLV horizon in months (`--model gg`).
    #[arg(long, default_value_t = 12)]
    pub clv_months: u32,
    /// Monthly discount rate for CLV.
    #[arg(long, default_value_t = 0.01)]
    pub discount_rate: f64,
    /// Profit margin applied to expected spend in CLV.
    #[arg(long, default_value_t = 1.0)]
    pub margin: f64,
}

/// The `predict` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum PredictCommand {
    /// Fit a model by maximum likelihood.
    Fit(FitArgs),
    /// Score customers (fits first unless --params is given).
    Score(ScoreArgs),
    /// Churn classifier on any CSV with a Yes/No target: logistic regression, repeated
    /// stratified cross-validation (AUC), coefficients and calibration.
    Classify(ClassifyArgs),
}

/// `classify`: cross-validated logistic regression on a CSV table.
///
/// Columns are typed from their values: numeric when every non-blank value is a number,
/// otherwise categorical (one-hot, the `--max-levels` most frequent levels kept, the rest
/// merged into `other`; a level unseen in training encodes as all zeros). A blank number is
/// imputed with the training mean and flagged by a missing-indicator feature. Encoding and
/// standardisation are fitted on each training fold only. Constant, all-blank and
/// identifier-like columns are left out and listed under `dropped`.
///
/// Limits (a clear error beyond them): 1,000,000 rows, 200 columns, 20,000,000 rows ×
/// feature columns, 1,000 bytes per field, 1 MiB per record, numbers of magnitude at most
/// 1e15, 256 features after encoding, 25,000,000 rows × (numeric columns + missing
/// indicators + categorical columns).
#[derive(Debug, Clone, clap::Args)]
pub struct ClassifyArgs {
    /// Input CSV with a header row.
    #[arg(long)]
    pub input: PathBuf,
    /// Target column: Yes/No, 1/0 or true/false (case-insensitive); Yes/1/true is the
    /// positive class (churned).
    #[arg(long)]
    pub target: String,
    /// Identifier column, left out of the features.
    #[arg(long)]
    pub id: Option<String>,
    /// Print JSON `{"auc_mean","auc_std","folds","features","calibration",...}` instead of a
    /// report.
    #[arg(long)]
    pub json: bool,
    /// Seed of the fold assignment (same seed, same folds and numbers).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Folds per repeat (2..=20).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Repeats of the k-fold split (1..=20).
    #[arg(long, default_value_t = 5)]
    pub repeats: usize,
    /// L2 penalty on the standardised coefficients, 1e-6..=1e9 (1 = scikit-learn's C=1).
    #[arg(long, default_value_t = 1.0)]
    pub lambda: f64,
    /// Levels kept per categorical column.
    #[arg(long, default_value_t = 50)]
    pub max_levels: usize,
    /// Features listed in the report (largest standardised coefficients first).
    #[arg(long, default_value_t = 15)]
    pub top: usize,
}

/// Run a command, printing results to stdout.
pub fn run(cmd: PredictCommand) -> anyhow::Result<()> {
    match cmd {
        PredictCommand::Fit(a) => fit_cmd(&a),
        PredictCommand::Score(a) => score_cmd(&a),
        PredictCommand::Classify(a) => classify_cmd(&a),
    }
}

/// A summary input refuses the options that only apply to a log.
fn log_flags_unused(a: &InputArgs) -> anyhow::Result<()> {
    if a.period != Period::Day || a.calibration_end.is_some() {
        bail!("--period and --calibration-end apply to a transaction log (--format log or cdnow), not a summary");
    }
    Ok(())
}

/// Load the customer summary described by `a` (not for sBG).
pub fn load_rfm(a: &InputArgs) -> anyhow::Result<Rfm> {
    let end = match &a.calibration_end {
        Some(s) => Some(parse_date(s.as_bytes()).with_context(|| format!("--calibration-end: cannot parse date {s:?} (want YYYY-MM-DD)"))?),
        None => None,
    };
    let format = match a.format {
        InputFormat::Summary => {
            log_flags_unused(a)?;
            return read_summary(&a.input);
        }
        InputFormat::Log => LogFormat::Csv,
        InputFormat::Cdnow => LogFormat::Cdnow,
    };
    let opts = LogOptions {
        format,
        end,
        unit: a.unit,
        period: a.period,
    };
    summary_from_log(&a.input, &opts)
}

fn read_alive(path: &Path) -> anyhow::Result<Vec<f64>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut alive = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if i == 0 && fields.first().is_some_and(|f| f.parse::<f64>().is_err()) {
            continue;
        }
        let v = fields
            .get(1)
            .and_then(|s| s.parse::<f64>().ok())
            .with_context(|| format!("{}:{}:2: expected `period,alive` with a numeric alive count", path.display(), i + 1))?;
        alive.push(v);
    }
    Ok(alive)
}

fn parse_params<P: DeserializeOwned>(spec: &str) -> anyhow::Result<P> {
    let text = match spec.strip_prefix('@') {
        Some(f) => std::fs::read_to_string(f).with_context(|| format!("reading {f}"))?,
        None => spec.to_string(),
    };
    let v: Value = serde_json::from_str(&text).context("--params is not valid JSON")?;
    let inner = v.get("params").cloned().unwrap_or(v);
    // Every parameter of every model is a positive number (shapes and scales).
    for (k, p) in inner.as_object().context("--params must be a JSON object")? {
        if !p.as_f64().is_some_and(|x| x.is_finite() && x > 0.0) {
            anyhow::bail!("--params: {k} must be a positive number, got {p}");
        }
    }
    serde_json::from_value(inner).context("--params does not have this model's parameter names")
}

/// Parameters outside this range are taken as run away to the edge of the search (tiny or
/// degenerate data), whatever the optimiser says.
const PARAM_RANGE: (f64, f64) = (1e-5, 1e7);

fn fitted_json<P: serde::Serialize>(model: &str, f: &crate::Fit<P>, customers: f64) -> Value {
    let params = json!(f.params);
    let on_bound = !f.log_likelihood.is_finite()
        || f.log_likelihood > 0.0
        || params.as_object().is_some_and(|o| {
            o.values()
                .filter_map(Value::as_f64)
                .any(|v| !(PARAM_RANGE.0..=PARAM_RANGE.1).contains(&v))
        });
    json!({"model": model, "params": params, "log_likelihood": f.log_likelihood,
        "customers": customers.round() as u64, "converged": f.converged, "iterations": f.iterations,
        "gradient_norm": f.gradient_norm, "on_bound": on_bound})
}

/// Fit `model` on the input, returning the JSON document `fit --json` prints.
pub fn fit_json(a: &InputArgs) -> anyhow::Result<Value> {
    if a.model == Model::Sbg {
        let alive = read_alive(&a.input)?;
        let f = sbg::fit(&alive)?;
        return Ok(fitted_json("sbg", &f, alive[0]));
    }
    if a.format == InputFormat::Summary && a.model != Model::Gg {
        log_flags_unused(a)?;
        let d = crate::parse::read_summary_compressed(&a.input)?;
        return fit_compressed(a.model, &d);
    }
    let rfm = load_rfm(a)?;
    if a.model == Model::Gg {
        let m = rfm.monetary.as_ref().with_context(|| {
            format!(
                "{}: Gamma-Gamma needs a monetary_value (or zbar, or log amount) column",
                a.input.display()
            )
        })?;
        let f = fit_gamma_gamma(a, &rfm, m)?;
        let mut v = fitted_json("gg", &f, rfm.customers());
        // The repeat buyers the fit used (without those --drop-zero-monetary left out).
        let used = rfm
            .frequency
            .iter()
            .zip(m)
            .filter(|&(&x, &v)| x > 0.0 && (v > 0.0 || !a.drop_zero_monetary))
            .count();
        v["repeat_buyers"] = json!(used);
        return Ok(v);
    }
    let d = Compressed::from_rfm(&rfm).with_context(|| format!("{}: invalid summary (row 1 is the first data line)", a.input.display()))?;
    fit_compressed(a.model, &d)
}

fn fit_compressed(model: Model, d: &Compressed) -> anyhow::Result<Value> {
    let w = d.total_weight;
    Ok(match model {
        Model::Bgnbd => fitted_json("bgnbd", &bgnbd::fit(d)?, w),
        Model::Pnbd => fitted_json("pnbd", &pnbd::fit(d)?, w),
        Model::Mbgnbd => fitted_json("mbgnbd", &mbgnbd::fit(d)?, w),
        _ => fitted_json("bgbb", &bgbb::fit(d)?, w),
    })
}

fn fit_cmd(a: &FitArgs) -> anyhow::Result<()> {
    let v = fit_json(&a.input)?;
    if v["converged"] == false || v["on_bound"] == true {
        let warning = if v["converged"] == false {
            format!(
                "the fit did not converge after {} iterations: the parameters may be far from the maximum \
                 (tiny or degenerate data?)",
                v["iterations"]
            )
        } else {
            format!(
                "the parameters ran away (outside {:e}..{:e}) or the log-likelihood is not a \
                 probability's: the data may be too small or degenerate for this model",
                PARAM_RANGE.0, PARAM_RANGE.1
            )
        };
        if a.strict {
            bail!("{warning}");
        }
        eprintln!("warning: {warning}");
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{v}")?;
    } else {
        writeln!(out, "model           {}", v["model"].as_str().unwrap_or(""))?;
        // Literature order (JSON objects are sorted by key).
        for k in ["p", "q", "r", "alpha", "s", "beta", "a", "b", "gamma", "delta"] {
            if let Some(val) = v["params"].get(k).and_then(Value::as_f64) {
                writeln!(out, "{k:<15} {val:.6}")?;
            }
        }
        writeln!(out, "log_likelihood  {:.4}", v["log_likelihood"].as_f64().unwrap_or(f64::NAN))?;
        writeln!(out, "customers       {}", v["customers"])?;
        writeln!(out, "converged       {} ({} iterations)", v["converged"], v["iterations"])?;
        writeln!(out, "gradient_norm   {:.3e}", v["gradient_norm"].as_f64().unwrap_or(f64::NAN))?;
    }
    Ok(())
}

fn transaction_model(kind: Model, spec: Option<&str>, rfm: &Rfm) -> anyhow::Result<Box<dyn TransactionModel>> {
    let data = || Compressed::from_rfm(rfm);
    Ok(match (kind, spec) {
        (Model::Bgnbd, Some(s)) => Box::new(parse_params::<bgnbd::BgNbdParams>(s)?),
        (Model::Bgnbd, None) => Box::new(bgnbd::fit(&data()?)?.params),
        (Model::Pnbd, Some(s)) => Box::new(parse_params::<pnbd::PnbdParams>(s)?),
        (Model::Pnbd, None) => Box::new(pnbd::fit(&data()?)?.params),
        (Model::Mbgnbd, Some(s)) => Box::new(parse_params::<mbgnbd::MbgNbdParams>(s)?),
        (Model::Mbgnbd, None) => Box::new(mbgnbd::fit(&data()?)?.params),
        (Model::Bgbb, Some(s)) => Box::new(parse_params::<bgbb::BgBbParams>(s)?),
        (Model::Bgbb, None) => Box::new(bgbb::fit(&data()?)?.params),
        (m, _) => bail!("{m:?} is not a transaction model"),
    })
}

fn score_cmd(a: &ScoreArgs) -> anyhow::Result<()> {
    if !(a.horizon.is_finite() && a.horizon >= 0.0) {
        anyhow::bail!("--horizon must be a finite number >= 0, got {}", a.horizon);
    }
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if a.input.model == Model::Sbg {
        let p: sbg::SbgParams = match &a.params {
            Some(s) => parse_params(s)?,
            None => sbg::fit(&read_alive(&a.input.input)?)?.params,
        };
        writeln!(out, "period,survival,retention")?;
        for (t, s, r) in p.project(a.horizon.max(0.0) as u32) {
            writeln!(out, "{t},{s},{r}")?;
        }
        return Ok(out.flush()?);
    }
    let rfm = load_rfm(&a.input)?;
    // The same checks as a fit (frequency, recency, T, weights), also with --params.
    crate::data::Compressed::from_rfm(&rfm)
        .with_context(|| format!("{}: invalid summary (row 1 is the first data line)", a.input.input.display()))?;
    let (tm_kind, tm_spec) = match a.input.model {
        Model::Gg => (a.transaction_model, a.transaction_params.as_deref()),
        m => (m, a.params.as_deref()),
    };
    let tm = transaction_model(tm_kind, tm_spec, &rfm)?;
    let (pa, ex) = score_all(tm.as_ref(), a.horizon, &rfm.frequency, &rfm.recency, &rfm.t);
    // Parameters far outside what any fit gives can overflow the closed forms: refuse
    // rather than print NaN or infinity.
    if let Some(i) = (0..pa.len()).find(|&i| !(pa[i].is_finite() && ex[i].is_finite() && ex[i] >= 0.0)) {
        bail!(
            "these parameters give no finite prediction for customer {} (row {}): P(alive) {}, expected {}; \
             check --params",
            &rfm.ids[i],
            i + 1,
            pa[i],
            ex[i]
        );
    }
    if a.input.model != Model::Gg {
        writeln!(out, "customer_id,p_alive,expected_purchases")?;
        for i in 0..rfm.len() {
            writeln!(out, "{},{},{}", &rfm.ids[i], pa[i], ex[i])?;
        }
        return Ok(out.flush()?);
    }
    let money = rfm.monetary.as_ref().context("Gamma-Gamma needs a monetary_value column")?;
    let gg: gamma_gamma::GammaGammaParams = match &a.params {
        Some(s) => parse_params(s)?,
        None => fit_gamma_gamma(&a.input, &rfm, money)?.params,
    };
    let per_month = match a.input.unit {
        TimeUnit::Week => 4.345,
        TimeUnit::Day => 30.0,
    };
    writeln!(out, "customer_id,p_alive,expected_purchases,expected_spend,clv")?;
    for i in 0..rfm.len() {
        let (x, tx, t) = (rfm.frequency[i], rfm.recency[i], rfm.t[i]);
        let spend = gg.conditional_expected_spend(x, money[i]);
        let clv = gamma_gamma::clv(
            |h| tm.conditional_expected(h, x, tx, t),
            spend * a.margin,
            a.clv_months,
            a.discount_rate,
            per_month,
        );
        writeln!(out, "{},{},{},{},{}", &rfm.ids[i], pa[i], ex[i], spend, clv)?;
    }
    Ok(out.flush()?)
}

/// Runs `classify`, returning the report `--json` prints.
pub fn classify_report(a: &ClassifyArgs) -> anyhow::Result<CvReport> {
    let table = read_table(&a.input, &a.target, a.id.as_deref(), &Limits::default())?;
    let o = CvOptions {
        folds: a.folds,
        repeats: a.repeats,
        seed: a.seed,
        lambda: a.lambda,
        max_levels: a.max_levels,
    };
    cross_validate(&table, &o).with_context(|| a.input.display().to_string())
}

fn classify_cmd(a: &ClassifyArgs) -> anyhow::Result<()> {
    let r = classify_report(a)?;
    for d in &r.dropped {
        eprintln!("note: column {:?} left out: {}", d.column, d.reason);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        writeln!(out, "{}", serde_json::to_string(&r)?)?;
        return Ok(out.flush()?);
    }
    let numeric = r.columns.iter().filter(|c| c.kind == "numeric").count();
    writeln!(
        out,
        "rows         {} ({} positive: {} = Yes/1/true, {:.1} %)",
        r.rows,
        r.positives,
        r.target,
        100.0 * r.positives as f64 / r.rows as f64
    )?;
    writeln!(
        out,
        "columns      {} numeric, {} categorical, {} left out; {} features after encoding",
        numeric,
        r.columns.len() - numeric,
        r.dropped.len(),
        r.features.len()
    )?;
    let (lo, hi) = r
        .folds
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), f| (lo.min(f.auc), hi.max(f.auc)));
    writeln!(
        out,
        "validation   {} × {}-fold stratified cross-validation, seed {}, L2 lambda {}",
        r.repeats, r.k, r.seed, r.lambda
    )?;
    writeln!(out, "AUC          {:.4} ± {:.4} (folds {lo:.4} to {hi:.4})", r.auc_mean, r.auc_std)?;
    writeln!(out, "Brier        {:.4} (out-of-fold)", r.brier)?;
    let mut top: Vec<&crate::classify::FeatureReport> = r.features.iter().collect();
    top.sort_by(|x, y| y.coef.abs().total_cmp(&x.coef.abs()));
    writeln!(
        out,
        "\nstrongest features (coefficient per standard deviation, fit on all rows; + = more churn):"
    )?;
    for f in top.iter().take(a.top) {
        writeln!(out, "  {:>+8.4}  {}", f.coef, f.name)?;
    }
    writeln!(out, "\ncalibration (out-of-fold predictions of every repeat):")?;
    writeln!(out, "  predicted    count  mean predicted  observed")?;
    for b in r.calibration.iter().filter(|b| b.count > 0) {
        writeln!(
            out,
            "  {:.1}–{:.1}  {:>8}  {:>14.3}  {:>8.3}",
            b.lower, b.upper, b.count, b.mean_predicted, b.observed_rate
        )?;
    }
    Ok(out.flush()?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// `score --params` checks the parameters it is given instead of printing NaN or
    /// negative predictions.
    #[test]
    fn params_must_be_positive_numbers() {
        let ok: anyhow::Result<bgnbd::BgNbdParams> = parse_params(r#"{"r":0.24,"alpha":4.4,"a":0.79,"b":2.4}"#);
        assert!(ok.is_ok());
        for bad in [
            r#"{"r":-0.24,"alpha":4.4,"a":0.79,"b":2.4}"#,
            r#"{"r":0,"alpha":4.4,"a":0.79,"b":2.4}"#,
            r#"{"r":"x","alpha":4.4,"a":0.79,"b":2.4}"#,
            r#"[1,2]"#,
        ] {
            let e: anyhow::Result<bgnbd::BgNbdParams> = parse_params(bad);
            assert!(e.is_err(), "{bad}");
        }
    }
}
