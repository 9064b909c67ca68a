//! Hostile input (issue 12): random bytes and numeric extremes in every input format give an
//! answer or an error, never a panic, an abort or unbounded work. CI runs a few hundred cases;
//! `PROPTEST_CASES=100000 cargo test -p carewell-predict --test it -- hostile` runs longer.

use carewell_predict::Compressed;
use carewell_predict::classify::{CvOptions, cross_validate};
use carewell_predict::parse::{compressed_from_reader, parse_summary, summary_from_reader};
use carewell_predict::summary::{LogFormat, LogOptions, Period, TimeUnit, summary_from_log_bytes};
use carewell_predict::tabular::{Limits, read_table_from};
use proptest::prelude::*;

/// Numbers as a careless or hostile file writes them.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        any::<i64>().prop_map(|v| v.to_string()),
        Just("3000000000".to_string()),
        Just("-0".to_string()),
        Just("1e308".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just(String::new()),
        "[0-9.eE+-]{0,12}",
    ]
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = summary_from_log_bytes(&bytes, &LogOptions { format: LogFormat::Csv, end: None, unit: TimeUnit::Day, period: Period::Day }, "fuzz");
        let _ = summary_from_log_bytes(&bytes, &LogOptions { format: LogFormat::Cdnow, end: None, unit: TimeUnit::Week, period: Period::Day }, "fuzz");
        let _ = summary_from_log_bytes(&bytes, &LogOptions { format: LogFormat::Csv, end: Some(18_000), unit: TimeUnit::Day, period: Period::Week }, "fuzz");
        // Tiny blocks: lines cut across reads, and lines longer than a block.
        if let Ok(rfm) = summary_from_reader(&bytes[..], "fuzz", 64) {
            let _ = Compressed::from_rfm(&rfm);
        }
        let _ = compressed_from_reader(&bytes[..], "fuzz", 64);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(rfm) = parse_summary(&text, "fuzz") {
            let _ = Compressed::from_rfm(&rfm);
        }
    }

    #[test]
    fn numeric_extremes_never_panic(rows in proptest::collection::vec((number(), number(), number(), number()), 1..8)) {
        let mut summary = String::from("customer_id,frequency,recency,T,weights\n");
        let mut log = String::from("customer_id,date,amount\n");
        for (i, (x, tx, t, w)) in rows.iter().enumerate() {
            summary.push_str(&format!("c{i},{x},{tx},{t},{w}\n"));
            log.push_str(&format!("c{},2020-01-{:02},{x}\n", i % 3, 1 + i % 28));
        }
        if let Ok(rfm) = parse_summary(&summary, "fuzz") {
            // Whatever the values, the check answers at once (no table sized by a value).
            let _ = Compressed::from_rfm(&rfm);
        }
        let _ = compressed_from_reader(summary.as_bytes(), "fuzz", 1 << 20);
        let _ = summary_from_log_bytes(log.as_bytes(), &LogOptions { format: LogFormat::Csv, end: None, unit: TimeUnit::Day, period: Period::Day }, "fuzz");
    }

    /// `predict classify`'s table: random bytes, and random extremes in a well-formed table,
    /// give a table and a cross-validation or an error, never a panic.
    #[test]
    fn classify_tables_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let limits = Limits { max_record_bytes: 256, ..Limits::default() };
        for target in ["churn", "a"] {
            let text = [&b"a,b,churn\n"[..], &bytes].concat();
            if let Ok(t) = read_table_from(&text[..], "fuzz", target, None, &limits) {
                let _ = cross_validate(&t, &CvOptions { repeats: 1, folds: 2, ..CvOptions::default() });
            }
            let _ = read_table_from(&bytes[..], "fuzz", target, Some("b"), &limits);
        }
    }

    #[test]
    fn classify_numeric_extremes_never_panic(rows in proptest::collection::vec((number(), number(), any::<bool>()), 4..40)) {
        let mut text = String::from("x,y,churn\n");
        for (i, (x, y, c)) in rows.iter().enumerate() {
            // Both classes present at least twice.
            let c = if i < 4 { i % 2 == 0 } else { *c };
            text.push_str(&format!("{x},{y},{}\n", if c { "yes" } else { "no" }));
        }
        if let Ok(t) = read_table_from(text.as_bytes(), "fuzz", "churn", None, &Limits::default())
            && let Ok(r) = cross_validate(&t, &CvOptions { repeats: 1, folds: 2, ..CvOptions::default() })
        {
            prop_assert!(r.auc_mean.is_finite() && r.features.iter().all(|f| f.coef.is_finite()));
        }
    }
}
