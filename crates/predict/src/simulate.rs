//! Seeded simulators for BG/NBD and Pareto/NBD customer bases, used by tests and
//! the benchmark. Customers join uniformly over the first `cohort_span` time units
//! of a `calibration` window; output is the calibration summary. Generation is
//! data-parallel in fixed blocks, each with its own seed, so results do not depend
//! on the thread count.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution, Exp1, Gamma};
use rayon::prelude::*;

use crate::bgnbd::BgNbdParams;
use crate::data::Rfm;
use crate::pnbd::PnbdParams;

/// Shape of the simulated customer base.
#[derive(Debug, Clone, Copy)]
pub struct SimConfig {
    /// Number of customers.
    pub customers: usize,
    /// Length of the calibration window (the oldest customers' T).
    pub calibration: f64,
    /// Customers' first purchases are spread over `[0, cohort_span)`.
    pub cohort_span: f64,
    /// If set, times are observed in whole ticks of `1/ticks_per_unit` (e.g. 7 for
    /// days when the unit is weeks), as summaries built from dated logs are.
    pub ticks_per_unit: Option<f64>,
    /// RNG seed.
    pub seed: u64,
}

const BLOCK: usize = 8192;

fn quantise(v: f64, ticks: Option<f64>) -> f64 {
    ticks.map_or(v, |k| (v * k).floor() / k)
}

fn simulate_with<F>(cfg: &SimConfig, one: F) -> Rfm
where
    F: Fn(&mut ChaCha8Rng, f64) -> (u32, f64) + Sync,
{
    let blocks: Vec<(Vec<f64>, Vec<f64>, Vec<f64>)> = (0..cfg.customers.div_ceil(BLOCK))
        .into_par_iter()
        .map(|blk| {
            let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ (blk as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let n = BLOCK.min(cfg.customers - blk * BLOCK);
            let (mut xs, mut txs, mut ts) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
            for _ in 0..n {
                let birth = rng.r#gen::<f64>() * cfg.cohort_span;
                let t = quantise(cfg.calibration - quantise(birth, cfg.ticks_per_unit), cfg.ticks_per_unit);
                let (x, tx) = one(&mut rng, t);
                // The first purchase sits at a uniformly random point within its tick, so
                // the observed recency is the tick count between the two purchase ticks.
                let tx = match (x, cfg.ticks_per_unit) {
                    (0, _) => 0.0,
                    (_, None) => tx,
                    (_, Some(k)) => ((tx * k + rng.r#gen::<f64>()).floor() / k).min(t),
                };
                xs.push(f64::from(x));
                txs.push(tx);
                ts.push(t);
            }
            (xs, txs, ts)
        })
        .collect();
    let mut rfm = Rfm::default();
    for (xs, txs, ts) in blocks {
        rfm.frequency.extend(xs);
        rfm.recency.extend(txs);
        rfm.t.extend(ts);
    }
    rfm.ids = (1..=rfm.frequency.len()).map(|i| i.to_string()).collect();
    rfm
}

/// Simulate a BG/NBD customer base. Fails on invalid parameters.
pub fn simulate_bgnbd(p: &BgNbdParams, cfg: &SimConfig) -> anyhow::Result<Rfm> {
    let lam = Gamma::new(p.r, 1.0 / p.alpha)?;
    let drop = Beta::new(p.a, p.b)?;
    Ok(simulate_with(cfg, |rng, t| {
        let rate: f64 = lam.sample(rng);
        let pdrop: f64 = drop.sample(rng);
        let (mut now, mut x, mut tx) = (0.0, 0u32, 0.0);
        loop {
            let gap: f64 = Exp1.sample(rng);
            now += gap / rate;
            if now > t {
                break;
            }
            x += 1;
            tx = now;
            if rng.r#gen::<f64>() < pdrop {
                break;
            }
        }
        (x, tx)
    }))
}

/// Simulate a Pareto/NBD customer base. Fails on invalid parameters.
pub fn simulate_pnbd(p: &PnbdParams, cfg: &SimConfig) -> anyhow::Result<Rfm> {
    let lam = Gamma::new(p.r, 1.0 / p.alpha)?;
    let mu = Gamma::new(p.s, 1.0 / p.beta)?;
    Ok(simulate_with(cfg, |rng, t| {
        let rate: f64 = lam.sample(rng);
        let death_rate: f64 = mu.sample(rng);
        let life: f64 = Exp1.sample(rng);
        let end = (life / death_rate).min(t);
        let (mut now, mut x, mut tx) = (0.0, 0u32, 0.0);
        loop {
            let gap: f64 = Exp1.sample(rng);
            now += gap / rate;
            if now > end {
                break;
            }
            x += 1;
            tx = now;
        }
        (x, tx)
    }))
}
