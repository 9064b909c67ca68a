//! End-to-end CLI tests: the library `run` entry point and the `carewell-predict` binary.

use std::path::PathBuf;
use std::process::Command;

use carewell_predict::cli::{PredictCommand, fit_json, run};
use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: PredictCommand,
}

fn cmd(args: &[&str]) -> PredictCommand {
    Cli::try_parse_from(std::iter::once("predict").chain(args.iter().copied()))
        .unwrap()
        .cmd
}

fn cdnow(file: &str) -> String {
    let dir = match std::env::var_os("CAREWELL_DATA_DIR") {
        Some(d) if PathBuf::from(&d).join("cdnow").is_dir() => PathBuf::from(d).join("cdnow"),
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cdnow"),
    };
    let p = dir.join(file);
    assert!(p.is_file(), "CDNOW data not found at {}: set CAREWELL_DATA_DIR", p.display());
    p.display().to_string()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("carewell-predict-test-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn read_csv(p: &PathBuf) -> Vec<Vec<String>> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

#[test]
fn fit_json_has_documented_shape() {
    let PredictCommand::Fit(a) = cmd(&[
        "fit",
        "--model",
        "bgnbd",
        "--input",
        &cdnow("cdnow_customers_summary.csv"),
        "--json",
    ]) else {
        panic!()
    };
    let v = fit_json(&a.input).unwrap();
    assert_eq!(v["model"], "bgnbd");
    assert_eq!(v["customers"], 2357);
    assert!((v["params"]["alpha"].as_f64().unwrap() - 4.414).abs() < 0.01);
    assert!((v["log_likelihood"].as_f64().unwrap() + 9582.4).abs() < 0.05);
}

#[test]
fn fit_from_raw_cdnow_log() {
    let PredictCommand::Fit(a) = cmd(&[
        "fit",
        "--model",
        "pnbd",
        "--input",
        &cdnow("CDNOW_sample.txt"),
        "--format",
        "cdnow",
        "--calibration-end",
        "1997-09-30",
    ]) else {
        panic!()
    };
    let v = fit_json(&a.input).unwrap();
    assert!((v["params"]["r"].as_f64().unwrap() - 0.553).abs() < 0.005, "{v}");
}

#[test]
fn score_with_given_params_and_gg_clv() {
    let out = tmp("bg.csv");
    let params = r#"{"model":"bgnbd","params":{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}}"#;
    let input = cdnow("cdnow_customers_summary_with_transactions.csv");
    run(cmd(&[
        "score",
        "--model",
        "bgnbd",
        "--input",
        &input,
        "--horizon",
        "39",
        "--params",
        params,
        "--output",
        out.to_str().unwrap(),
    ]))
    .unwrap();
    let rows = read_csv(&out);
    assert_eq!(rows[0], ["customer_id", "p_alive", "expected_purchases"]);
    assert_eq!(rows.len(), 2358);
    assert_eq!(rows[1][0], "1");
    assert!((rows[1][1].parse::<f64>().unwrap() - 0.727).abs() < 1e-3);
    assert!((rows[1][2].parse::<f64>().unwrap() - 1.226).abs() < 1e-3);

    let out = tmp("gg.csv");
    let gg = r#"{"p":6.25,"q":3.74,"v":15.44}"#;
    run(cmd(&[
        "score",
        "--model",
        "gg",
        "--input",
        &input,
        "--horizon",
        "39",
        "--params",
        gg,
        "--transaction-params",
        params,
        "--output",
        out.to_str().unwrap(),
    ]))
    .unwrap();
    let rows = read_csv(&out);
    assert_eq!(rows[0], ["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv"]);
    let (spend, clv): (f64, f64) = (rows[1][3].parse().unwrap(), rows[1][4].parse().unwrap());
    assert!((spend - 24.6637).abs() < 1e-3, "{spend}");
    // 12 months ≈ 52 weeks of purchases at ~1.2 per 39 weeks, discounted.
    assert!((clv - 36.2892).abs() < 1e-3, "{clv}");
}

#[test]
fn sbg_fit_and_projection() {
    let input = tmp("cohort.csv");
    std::fs::write(&input, "period,alive\n0,1000\n1,631\n2,468\n3,382\n4,326\n5,289\n6,262\n7,241\n").unwrap();
    let PredictCommand::Fit(a) = cmd(&["fit", "--model", "sbg", "--input", input.to_str().unwrap()]) else {
        panic!()
    };
    let v = fit_json(&a.input).unwrap();
    assert!((v["params"]["alpha"].as_f64().unwrap() - 0.704).abs() < 0.005, "{v}");
    let out = tmp("proj.csv");
    run(cmd(&[
        "score",
        "--model",
        "sbg",
        "--input",
        input.to_str().unwrap(),
        "--horizon",
        "12",
        "--output",
        out.to_str().unwrap(),
    ]))
    .unwrap();
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 13);
    assert_eq!(rows[0], ["period", "survival", "retention"]);
}

#[test]
fn binary_reports_bad_input_with_file_line_and_column() {
    let input = tmp("bad.csv");
    std::fs::write(&input, "customer_id,frequency,recency,T\n1,2,30.4,38.9\n2,two,1.7,38.9\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_carewell-predict"))
        .args(["fit", "--model", "bgnbd", "--input", input.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:3:2:", input.display())), "{err}");

    let ok = Command::new(env!("CARGO_BIN_EXE_carewell-predict"))
        .args([
            "fit",
            "--model",
            "gg",
            "--input",
            &cdnow("cdnow_customers_summary_with_transactions.csv"),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert!((v["params"]["p"].as_f64().unwrap() - 6.25).abs() < 0.02, "{v}");
    assert_eq!(v["repeat_buyers"], 946);
}

/// Hostile input to `fit` and `score` (issue 12): each is a clear error naming the file (and
/// row), never a NaN, a negative prediction or a 24 GB allocation.
#[test]
fn hostile_input_is_a_clear_error() {
    let summary = tmp("hostile.csv");
    let run_err = |args: &[&str]| format!("{:#}", run(cmd(args)).unwrap_err());
    // A frequency of 3e9 after a byte-order mark: refused at once, the id kept.
    std::fs::write(&summary, "\u{feff}customer_id,frequency,recency,T\nc1,3000000000,2,5\n").unwrap();
    let s = summary.display().to_string();
    let e = run_err(&["fit", "--model", "bgnbd", "--input", &s]);
    assert!(e.contains("customer c1") && e.contains("supported maximum"), "{e}");
    // score --params: a negative frequency, a negative horizon, a bad parameter.
    std::fs::write(&summary, "customer_id,frequency,recency,T\nc1,-1,0,5\n").unwrap();
    let params = r#"{"r":0.24,"alpha":4.4,"a":0.79,"b":2.4}"#;
    let e = run_err(&["score", "--model", "bgnbd", "--input", &s, "--horizon", "10", "--params", params]);
    assert!(e.contains(&s) && e.contains("frequency -1"), "{e}");
    std::fs::write(&summary, "customer_id,frequency,recency,T\nc1,1,2,5\n").unwrap();
    let e = run_err(&["score", "--model", "bgnbd", "--input", &s, "--horizon=-1", "--params", params]);
    assert!(e.contains("--horizon"), "{e}");
    let bad = r#"{"r":-0.24,"alpha":4.4,"a":0.79,"b":2.4}"#;
    let e = run_err(&["score", "--model", "bgnbd", "--input", &s, "--horizon", "10", "--params", bad]);
    assert!(e.contains("r must be a positive number"), "{e}");
    // Gamma-Gamma: a repeat buyer with a zero mean value is named, or left out on request.
    std::fs::write(
        &summary,
        "customer_id,frequency,recency,T,monetary_value\na,2,3,5,10\nb,3,4,6,0\nc,1,2,5,20\nd,4,5,6,15\ne,2,2,4,12\n",
    )
    .unwrap();
    let e = run_err(&["fit", "--model", "gg", "--input", &s]);
    assert!(e.contains("row 2 (customer b)") && e.contains("--drop-zero-monetary"), "{e}");
    let PredictCommand::Fit(a) = cmd(&["fit", "--model", "gg", "--input", &s, "--drop-zero-monetary"]) else {
        panic!()
    };
    assert_eq!(fit_json(&a.input).unwrap()["repeat_buyers"], 4);
}

/// Convergence is reported (`converged`, `iterations`, `on_bound`); `--strict` refuses a fit
/// whose parameters ran away on degenerate data and accepts the published CDNOW fit.
#[test]
fn strict_fits_refuse_runaway_parameters() {
    let PredictCommand::Fit(a) = cmd(&["fit", "--model", "bgnbd", "--input", &cdnow("cdnow_customers_summary.csv")]) else {
        panic!()
    };
    let v = fit_json(&a.input).unwrap();
    assert_eq!((v["converged"].as_bool(), v["on_bound"].as_bool()), (Some(true), Some(false)));
    assert!(v["iterations"].as_u64().unwrap() > 0);
    // At the published optimum the gradient (per customer, in log-parameters) vanishes.
    let g = v["gradient_norm"].as_f64().unwrap();
    assert!((0.0..1e-6).contains(&g), "gradient_norm {g}");
    let tiny = tmp("tiny.csv");
    std::fs::write(&tiny, "customer_id,frequency,recency,T\na,0,0,5\nb,0,0,6\nc,1,1,5\n").unwrap();
    let t = tiny.display().to_string();
    let PredictCommand::Fit(a) = cmd(&["fit", "--model", "mbgnbd", "--input", &t]) else {
        panic!()
    };
    assert_eq!(fit_json(&a.input).unwrap()["on_bound"], true);
    assert!(
        run(cmd(&["fit", "--model", "mbgnbd", "--input", &t])).is_ok(),
        "a warning without --strict"
    );
    let e = run(cmd(&["fit", "--model", "mbgnbd", "--input", &t, "--strict"])).unwrap_err();
    assert!(e.to_string().contains("ran away"), "{e}");
}

/// `fit` on a summary reads it straight into unique rows; a bad row is refused with its
/// file line and customer, like a bad field.
#[test]
fn fit_refuses_a_bad_summary_row_with_its_line() {
    let s = tmp("bad-row.csv");
    std::fs::write(&s, "customer_id,frequency,recency,T\nc1,1,2,3\n\nc3,3000000000,1,2\nc4,1,5,3\n").unwrap();
    let p = s.display().to_string();
    let PredictCommand::Fit(a) = cmd(&["fit", "--model", "bgnbd", "--input", &p]) else {
        panic!()
    };
    let e = fit_json(&a.input).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{p}:4: customer c3: frequency 3000000000 is above")), "{e}");
    std::fs::write(&s, "customer_id,frequency,recency,T\nc1,1,2,3\nc4,1,5,3\n").unwrap();
    let e = fit_json(&a.input).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{p}:3: customer c4: need 0 <= recency <= T")), "{e}");
}
