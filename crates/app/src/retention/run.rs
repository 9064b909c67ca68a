//! Executing a prediction run: read the purchases from the store (one streamed pass), build the
//! calibration summary exactly as `carewell predict fit --format log` does with daily periods
//! (purchases on one day are one; recency and age in the run's unit, weeks = days / 7), fit the
//! transaction model and Gamma-Gamma, validate on the holdout, score every customer, add the
//! live signals, and write the predictions back in batches. Fitting and scoring run on the
//! blocking pool, so the server stays responsive.

use carewell_domain::retention::{
    Holdout, Model, RetentionSettings, RiskBand, RunOptions, Signals, Unit, assess,
};
use carewell_predict::data::{Compressed, Ids, Rfm};
use carewell_predict::score::TransactionModel;
use carewell_predict::{Fit, bgnbd, gamma_gamma, mbgnbd, pnbd};
use carewell_store::Store;
use carewell_store::predictions::{
    Facts, PredictionRow, Run, RunResult, RunSummary, day_of_date as facts_day,
};
use chrono::{Duration, Utc};
use rayon::prelude::*;
use serde_json::{Value, json};

/// Customers written per transaction.
const BATCH: usize = 2_000;

/// Fewest repeat buyers with spend for a Gamma-Gamma fit; below it CLV is not computed.
const MIN_SPEND_CUSTOMERS: usize = 10;

/// A fitted transaction model.
pub enum Fitted {
    /// BG/NBD.
    Bg(bgnbd::BgNbdParams),
    /// Pareto/NBD.
    Pn(pnbd::PnbdParams),
    /// MBG/NBD.
    Mbg(mbgnbd::MbgNbdParams),
}

impl Fitted {
    fn model(&self) -> &dyn TransactionModel {
        match self {
            Fitted::Bg(p) => p,
            Fitted::Pn(p) => p,
            Fitted::Mbg(p) => p,
        }
    }

    /// The parameters as named in the literature.
    pub fn params(&self) -> Value {
        match self {
            Fitted::Bg(p) => json!({"r": p.r, "alpha": p.alpha, "a": p.a, "b": p.b}),
            Fitted::Pn(p) => json!({"r": p.r, "alpha": p.alpha, "s": p.s, "beta": p.beta}),
            Fitted::Mbg(p) => json!({"r": p.r, "alpha": p.alpha, "a": p.a, "b": p.b}),
        }
    }
}

fn meta<P>(f: &Fit<P>) -> (f64, Value) {
    (
        f.log_likelihood,
        json!({"converged": f.converged, "iterations": f.iterations, "gradient_norm": f.gradient_norm}),
    )
}

/// Fits `model` on `d`: the parameters, log-likelihood and convergence facts.
pub fn fit(model: Model, d: &Compressed) -> anyhow::Result<(Fitted, f64, Value)> {
    Ok(match model {
        Model::Bgnbd => {
            let f = bgnbd::fit(d)?;
            let (ll, m) = meta(&f);
            (Fitted::Bg(f.params), ll, m)
        }
        Model::Pnbd => {
            let f = pnbd::fit(d)?;
            let (ll, m) = meta(&f);
            (Fitted::Pn(f.params), ll, m)
        }
        Model::Mbgnbd => {
            let f = mbgnbd::fit(d)?;
            let (ll, m) = meta(&f);
            (Fitted::Mbg(f.params), ll, m)
        }
    })
}

/// The calibration summary of `facts` ending on day `end` (or, with `cut`, the holdout fit's
/// summary ending on the cut: customers whose first purchase is after it are left out). Row
/// `i` is `facts.customers[i]` (or the `i`-th customer kept).
pub fn summary(facts: &Facts, end: i64, unit_days: f64, cut: bool) -> Rfm {
    let mut rfm = Rfm::default();
    let n = facts.customers.len();
    rfm.frequency.reserve(n);
    rfm.recency.reserve(n);
    rfm.t.reserve(n);
    let mut ids = Ids::default();
    for f in &facts.customers {
        let (days, last) = if cut {
            (f.cut_days, f.cut_last)
        } else {
            (f.days, f.last)
        };
        if days == 0 {
            continue;
        }
        ids.push(&f.customer_id);
        rfm.frequency.push(f64::from(days - 1));
        rfm.recency.push((last - f.first) as f64 / unit_days);
        rfm.t.push((end - f.first) as f64 / unit_days);
    }
    rfm.ids = ids;
    rfm
}

/// What fitting and scoring computed, per customer in `facts` order.
pub struct Scores {
    /// The model.
    pub fitted: Fitted,
    /// Its log-likelihood.
    pub log_likelihood: f64,
    /// Convergence facts.
    pub fit: Value,
    /// Gamma-Gamma parameters, if fitted.
    pub spend_params: Option<Value>,
    /// P(alive), expected purchases over the horizon, CLV.
    pub per_customer: Vec<(f64, f64, Option<f64>)>,
    /// Holdout validation.
    pub holdout: Option<Holdout>,
}

/// Fits and scores (CPU only: call on the blocking pool).
pub fn score(facts: &Facts, o: &RunOptions) -> anyhow::Result<Scores> {
    let unit = o.unit.days();
    let end = facts_day(o.calibration_end);
    let rfm = summary(facts, end, unit, false);
    if rfm.is_empty() {
        anyhow::bail!("no purchases up to {}: nothing to fit", o.calibration_end);
    }
    let d = Compressed::from_rfm(&rfm)?;
    let (fitted, log_likelihood, fit_meta) = fit(o.model, &d)?;
    let m = fitted.model();
    let horizon = f64::from(o.horizon_days) / unit;

    // Gamma-Gamma on repeat buyers with spend.
    let mut gx = Vec::new();
    let mut gm = Vec::new();
    let mean_spend: Vec<Option<f64>> = facts
        .customers
        .iter()
        .map(|f| {
            let x = f64::from(f.days - 1);
            (f.days > 1 && f.repeat_minor > 0)
                .then(|| f.repeat_minor as f64 / facts.minor_per_major / x)
        })
        .collect();
    for (f, ms) in facts.customers.iter().zip(&mean_spend) {
        if let Some(ms) = ms {
            gx.push(f64::from(f.days - 1));
            gm.push(*ms);
        }
    }
    let spend = if gx.len() >= MIN_SPEND_CUSTOMERS {
        gamma_gamma::fit(&gx, &gm).ok().map(|f| f.params)
    } else {
        None
    };
    // As the predict CLI: 4.345 weeks or 30 days to a month.
    let units_per_month = match o.unit {
        Unit::Week => 4.345,
        Unit::Day => 30.0,
    };
    let monthly_discount = (1.0 + o.discount_rate).powf(1.0 / 12.0) - 1.0;
    // Scoring and CLV (twelve discounted months of expected purchases each) on every core.
    let per_customer = mean_spend
        .par_iter()
        .enumerate()
        .map(|(i, ms)| {
            let (x, tx, t) = (rfm.frequency[i], rfm.recency[i], rfm.t[i]);
            let (pa, exp) = m.score(horizon, x, tx, t);
            let clv = spend.map(|g| {
                let s = g.conditional_expected_spend(
                    if ms.is_some() { x } else { 0.0 },
                    ms.unwrap_or(0.0),
                );
                o.margin
                    * gamma_gamma::clv(
                        |h| m.conditional_expected(h, x, tx, t),
                        s,
                        o.clv_months,
                        monthly_discount,
                        units_per_month,
                    )
            });
            (pa, exp, clv.filter(|v| v.is_finite()))
        })
        .collect();

    let holdout = if o.holdout_days > 0 {
        let cut = end - i64::from(o.holdout_days);
        let hr = summary(facts, cut, unit, true);
        let actual: Vec<f64> = facts
            .customers
            .iter()
            .filter(|f| f.cut_days > 0)
            .map(|f| f64::from(f.holdout_days))
            .collect();
        match Compressed::from_rfm(&hr).and_then(|d| fit(o.model, &d)) {
            Ok((h, _, _)) if !hr.is_empty() => {
                let hm = h.model();
                let span = f64::from(o.holdout_days) / unit;
                Some(Holdout::from_rows(
                    o.holdout_days,
                    (0..hr.len()).map(|i| {
                        let (x, tx, t) = (hr.frequency[i], hr.recency[i], hr.t[i]);
                        (x as u32, hm.conditional_expected(span, x, tx, t), actual[i])
                    }),
                ))
            }
            _ => None,
        }
    } else {
        None
    };
    Ok(Scores {
        fitted,
        log_likelihood,
        fit: fit_meta,
        spend_params: spend.map(|g| json!({"p": g.p, "q": g.q, "gamma": g.gamma})),
        per_customer,
        holdout,
    })
}

/// Runs `run` end to end and returns what to record.
pub async fn execute(store: &Store, run: &Run) -> anyhow::Result<RunResult> {
    let o = run.options.clone();
    let settings: RetentionSettings = store.retention_settings().await?;
    let cut =
        (o.holdout_days > 0).then(|| o.calibration_end - Duration::days(i64::from(o.holdout_days)));
    let t = std::time::Instant::now();
    let facts = store.purchase_facts(o.calibration_end, cut).await?;
    let read_ms = t.elapsed().as_millis();
    let t = std::time::Instant::now();
    // Without purchases there is nothing to fit: customers are scored from the live signals
    // alone (the model's reason says so).
    let (facts, scores) = if facts.customers.is_empty() {
        (facts, None)
    } else {
        let o = o.clone();
        tokio::task::spawn_blocking(move || score(&facts, &o).map(|s| (facts, Some(s)))).await??
    };
    let fit_ms = t.elapsed().as_millis();
    let t = std::time::Instant::now();
    let end = facts_day(o.calibration_end);
    let population = store.scoring_population().await?;
    let now = Utc::now();
    let mut summary = RunSummary::default();
    let (mut signals, mut writes) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for batch in population.chunks(BATCH) {
        let ids: Vec<String> = batch.iter().map(|(id, _)| id.clone()).collect();
        let ts = std::time::Instant::now();
        let live = store.risk_signals(&ids, now).await?;
        signals += ts.elapsed();
        let rows: Vec<PredictionRow> = batch
            .iter()
            .map(|(id, stage)| {
                let mut sig: Signals = live.get(id).copied().unwrap_or_default();
                let idx = facts
                    .customers
                    .binary_search_by(|f| f.customer_id.as_str().cmp(id))
                    .ok();
                let (p_alive, expected, clv, frequency) = match idx {
                    Some(i) => {
                        let f = &facts.customers[i];
                        sig.days_since_purchase = Some(end - f.last);
                        sig.usual_gap_days =
                            (f.days > 1).then(|| (f.last - f.first) as f64 / f64::from(f.days - 1));
                        let (pa, e, clv) = scores
                            .as_ref()
                            .and_then(|s| s.per_customer.get(i).copied())
                            .map_or((None, None, None), |(pa, e, clv)| (Some(pa), Some(e), clv));
                        (pa, e, clv, Some(i64::from(f.days - 1)))
                    }
                    None => (None, None, None, None),
                };
                let risk = assess(p_alive, &sig, &settings);
                let var = clv.unwrap_or(0.0).max(0.0) * risk.p_churn;
                match risk.band {
                    RiskBand::High => summary.high += 1,
                    RiskBand::Medium => summary.medium += 1,
                    RiskBand::Low => summary.low += 1,
                }
                summary.value_at_risk += var;
                PredictionRow {
                    customer_id: id.clone(),
                    stage: stage.clone(),
                    p_alive,
                    expected_purchases: expected,
                    clv,
                    risk_score: risk.score,
                    risk_band: risk.band,
                    value_at_risk: var,
                    frequency,
                    days_since_purchase: sig.days_since_purchase,
                    reasons: risk.reasons,
                }
            })
            .collect();
        let tw = std::time::Instant::now();
        let w = store
            .write_predictions(
                &run.id,
                facts.currency.as_deref(),
                settings.at_risk_stage,
                &rows,
            )
            .await?;
        writes += tw.elapsed();
        summary.moved_at_risk += w.moved_at_risk;
        summary.recovered += w.recovered;
    }
    store.prune_predictions(&run.id, 400).await?;
    // The phases, for the benchmark (BENCHMARKS.md, issue 16).
    tracing::info!(
        run = run.id,
        customers = facts.customers.len(),
        scored = population.len(),
        read_ms,
        fit_ms,
        signals_ms = signals.as_millis(),
        write_ms = writes.as_millis(),
        score_write_ms = t.elapsed().as_millis(),
        "prediction run phases"
    );
    Ok(RunResult {
        params: scores.as_ref().map(|s| s.fitted.params()),
        spend_params: scores.as_ref().and_then(|s| s.spend_params.clone()),
        fit: scores.as_ref().map(|s| s.fit.clone()),
        log_likelihood: scores.as_ref().map(|s| s.log_likelihood),
        customers: facts.customers.len() as i64,
        scored: population.len() as i64,
        holdout: scores.and_then(|s| s.holdout),
        summary,
        currency: facts.currency.clone(),
    })
}

/// Claims and executes run `id` (the job's work and the CLI's), recording the outcome.
pub async fn run_now(store: &Store, id: &str) -> anyhow::Result<Option<Run>> {
    let Some(run) = store.start_run(id).await? else {
        return Ok(None);
    };
    let started = std::time::Instant::now();
    match execute(store, &run).await {
        Ok(r) => {
            let ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
            store.finish_run(id, &r, ms).await?;
        }
        Err(e) => {
            tracing::warn!(run = id, error = %e, "prediction run failed");
            store.fail_run(id, &format!("{e:#}")).await?;
        }
    }
    Ok(store.prediction_run(id).await?)
}
