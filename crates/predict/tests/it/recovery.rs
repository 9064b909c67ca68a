//! Parameter recovery on 100k simulated customers.

use carewell_predict::bgnbd::{self, BgNbdParams};
use carewell_predict::data::Compressed;
use carewell_predict::pnbd::{self, PnbdParams};
use carewell_predict::simulate::{SimConfig, simulate_bgnbd, simulate_pnbd};

fn cfg(seed: u64) -> SimConfig {
    SimConfig {
        customers: 100_000,
        calibration: 52.0,
        cohort_span: 12.0,
        ticks_per_unit: Some(7.0),
        seed,
    }
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    ((got - want) / want).abs() < tol
}

#[test]
fn bgnbd_recovers_parameters() {
    let truth = BgNbdParams {
        r: 0.5,
        alpha: 5.0,
        a: 0.8,
        b: 2.5,
    };
    let rfm = simulate_bgnbd(&truth, &cfg(1)).unwrap();
    let d = Compressed::from_rfm(&rfm).unwrap();
    let p = bgnbd::fit(&d).unwrap().params;
    eprintln!("BG/NBD truth {truth:?} fit {p:?} ({} unique rows)", d.len());
    assert!(close(p.r, truth.r, 0.05) && close(p.alpha, truth.alpha, 0.05), "{p:?}");
    assert!(close(p.a, truth.a, 0.08) && close(p.b, truth.b, 0.10), "{p:?}");
}

#[test]
fn pnbd_recovers_parameters() {
    let truth = PnbdParams {
        r: 0.55,
        alpha: 10.0,
        s: 0.6,
        beta: 12.0,
    };
    let rfm = simulate_pnbd(&truth, &cfg(2)).unwrap();
    let d = Compressed::from_rfm(&rfm).unwrap();
    let p = pnbd::fit(&d).unwrap().params;
    eprintln!("Pareto/NBD truth {truth:?} fit {p:?} ({} unique rows)", d.len());
    assert!(close(p.r, truth.r, 0.05) && close(p.alpha, truth.alpha, 0.06), "{p:?}");
    assert!(close(p.s, truth.s, 0.10) && close(p.beta, truth.beta, 0.15), "{p:?}");
}

#[test]
fn simulation_is_deterministic() {
    let truth = BgNbdParams {
        r: 0.5,
        alpha: 5.0,
        a: 0.8,
        b: 2.5,
    };
    let c = SimConfig {
        customers: 10_000,
        ..cfg(9)
    };
    let (a, b) = (simulate_bgnbd(&truth, &c).unwrap(), simulate_bgnbd(&truth, &c).unwrap());
    assert_eq!(a.frequency, b.frequency);
    assert_eq!(a.recency, b.recency);
}

#[test]
fn cached_scoring_matches_direct_formulas() {
    let truth = BgNbdParams {
        r: 0.5,
        alpha: 5.0,
        a: 0.8,
        b: 2.5,
    };
    let rfm = simulate_bgnbd(
        &truth,
        &SimConfig {
            customers: 20_000,
            ..cfg(5)
        },
    )
    .unwrap();
    let (pa, ex) = carewell_predict::score::score_all(&truth, 39.0, &rfm.frequency, &rfm.recency, &rfm.t);
    for i in 0..rfm.len() {
        let (x, tx, t) = (rfm.frequency[i], rfm.recency[i], rfm.t[i]);
        assert!((pa[i] - truth.p_alive(x, tx, t)).abs() < 1e-12);
        assert!((ex[i] - truth.conditional_expected(39.0, x, tx, t)).abs() < 1e-10 * (1.0 + ex[i]));
    }
}
