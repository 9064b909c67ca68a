//! Benchmark: simulate BG/NBD customer bases to CSV files, then time reading,
//! fitting (BG/NBD, Pareto/NBD), scoring, 10M-customer scoring and log → summary.
//! Usage: `predict-bench [OUT_DIR] [SIZES]`, e.g. `predict-bench bench-out 10000,100000,1000000`.
//! Writes `OUT_DIR/rust.json` and prints a table. Run in release.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use carewell_predict::bgnbd::{self, BgNbdParams};
use carewell_predict::data::{Compressed, Rfm};
use carewell_predict::pnbd;
use carewell_predict::score::score_all;
use carewell_predict::simulate::{SimConfig, simulate_bgnbd};
use carewell_predict::summary::{LogFormat, LogOptions, Period, TimeUnit, civil_from_days, read_summary, summary_from_log};
use rand::{Rng, SeedableRng};
use serde_json::json;

const TRUTH: BgNbdParams = BgNbdParams {
    r: 0.243,
    alpha: 4.414,
    a: 0.793,
    b: 2.426,
};

fn sim(n: usize, seed: u64) -> anyhow::Result<Rfm> {
    simulate_bgnbd(
        &TRUTH,
        &SimConfig {
            customers: n,
            calibration: 39.0,
            cohort_span: 12.0,
            ticks_per_unit: Some(7.0),
            seed,
        },
    )
}

fn write_summary(rfm: &Rfm, path: &Path) -> anyhow::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?);
    writeln!(w, "customer_id,frequency,recency,T")?;
    for i in 0..rfm.len() {
        writeln!(w, "{},{},{:.6},{:.6}", &rfm.ids[i], rfm.frequency[i], rfm.recency[i], rfm.t[i])?;
    }
    Ok(w.flush()?)
}

/// A sorted-by-customer transaction log: ~`n` customers, 1-9 purchases each over 2020-2021.
fn write_log(n: usize, path: &Path) -> anyhow::Result<u64> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "customer_id,date,amount")?;
    for c in 0..n {
        let k = 1 + (rng.r#gen::<f64>().powi(2) * 9.0) as u32;
        let mut day = rng.gen_range(0..300u32);
        for _ in 0..k {
            let (y, m, d) = civil_from_days(18_262 + i64::from(day));
            writeln!(
                w,
                "C{c:08},{y}-{m:02}-{d:02},{}.{:02}",
                rng.gen_range(1..200),
                rng.gen_range(0..100)
            )?;
            day += rng.gen_range(0..60);
        }
    }
    w.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// `predict-bench read|log FILE [RUNS]`: best-of-RUNS time to read a summary CSV or to
/// summarise a CSV transaction log (daily periods), with the throughput.
fn time_one(what: &str, file: &str, runs: usize) -> anyhow::Result<()> {
    let path = Path::new(file);
    let bytes = std::fs::metadata(path)?.len() as f64;
    let mut best = f64::INFINITY;
    let mut customers = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let rfm = if what == "read" {
            read_summary(path)?
        } else {
            summary_from_log(path, &LogOptions::csv(None, TimeUnit::Day))?
        };
        best = best.min(secs(t));
        customers = rfm.len();
    }
    println!(
        "{what} {file}: {:.1} MB, {customers} customers, best of {runs}: {best:.4} s = {:.0} MB/s",
        bytes / 1e6,
        bytes / 1e6 / best
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if let (Some(what @ ("read" | "log")), Some(file)) = (args.get(1).map(String::as_str), args.get(2)) {
        return time_one(what, file, args.get(3).map_or(Ok(5), |r| r.parse())?);
    }
    let out = PathBuf::from(args.get(1).map_or("bench-out", String::as_str));
    let sizes: Vec<usize> = args
        .get(2)
        .map_or("10000,100000,1000000", String::as_str)
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    std::fs::create_dir_all(&out)?;
    let threads = rayon::current_num_threads();
    let mut rows = Vec::new();
    println!(
        "| customers | unique rows | read CSV s | BG/NBD fit s | Pareto/NBD fit s | score (P(alive)+E[X]) s | BG/NBD LL | Pareto/NBD LL |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in &sizes {
        let path = out.join(format!("bgnbd_{n}.csv"));
        write_summary(&sim(n, n as u64)?, &path)?;
        let t = Instant::now();
        let rfm = read_summary(&path)?;
        let read_s = secs(t);
        let t = Instant::now();
        let d = Compressed::from_rfm(&rfm)?;
        let f = bgnbd::fit(&d)?;
        let bg_s = secs(t);
        let t = Instant::now();
        let d2 = Compressed::from_rfm(&rfm)?;
        let fp = pnbd::fit(&d2)?;
        let pn_s = secs(t);
        let t = Instant::now();
        let (pa, ex) = score_all(&f.params, 39.0, &rfm.frequency, &rfm.recency, &rfm.t);
        let score_s = secs(t);
        std::hint::black_box((pa, ex));
        println!(
            "| {n} | {} | {read_s:.3} | {bg_s:.3} | {pn_s:.3} | {score_s:.4} | {:.1} | {:.1} |",
            d.len(),
            f.log_likelihood,
            fp.log_likelihood
        );
        rows.push(
            json!({"customers": n, "unique_rows": d.len(), "read_s": read_s, "bgnbd_fit_s": bg_s, "pnbd_fit_s": pn_s,
            "score_s": score_s, "bgnbd": f.params, "bgnbd_ll": f.log_likelihood, "pnbd": fp.params, "pnbd_ll": fp.log_likelihood,
            "file": path.display().to_string()}),
        );
    }
    // Scoring 10M customers held in memory.
    let big = sim(10_000_000, 7)?;
    let t = Instant::now();
    let (pa, ex) = score_all(&TRUTH, 39.0, &big.frequency, &big.recency, &big.t);
    let score10m = secs(t);
    std::hint::black_box((pa, ex));
    println!("\nScore 10,000,000 customers (P(alive) + expected purchases, BG/NBD, horizon 39): {score10m:.3} s on {threads} threads");
    // Log -> summary.
    let log_path = out.join("log_1m.csv");
    let bytes = write_log(1_000_000, &log_path)?;
    // Best of 3 (each run reads the file from the page cache and summarises it).
    let mut log_s = f64::INFINITY;
    let mut customers = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let s = summary_from_log(
            &log_path,
            &LogOptions {
                format: LogFormat::Csv,
                end: None,
                unit: TimeUnit::Day,
                period: Period::Day,
            },
        )?;
        log_s = log_s.min(secs(t));
        customers = s.len();
    }
    let mbps = bytes as f64 / 1e6 / log_s;
    println!(
        "Log -> summary: {:.1} MB, {customers} customers in {log_s:.3} s = {mbps:.0} MB/s (best of 3, includes reading the file, {threads} threads)",
        bytes as f64 / 1e6
    );
    let doc = json!({"threads": threads, "fits": rows, "score_10m_s": score10m, "log_bytes": bytes, "log_s": log_s, "log_mb_per_s": mbps});
    std::fs::write(out.join("rust.json"), serde_json::to_string_pretty(&doc)?)?;
    Ok(())
}
