//! Special functions in numerically stable form: log-gamma, digamma, log-beta,
//! log-sum-exp and the Gauss hypergeometric function 2F1.

/// Natural log of the gamma function for `x > 0` (musl's `lgamma`, ~1 ulp).
#[inline]
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// Log of the beta function, `ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b)`.
#[inline]
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// Digamma ψ(x) for `x > 0`: upward recurrence to x ≥ 10, then the asymptotic series.
pub fn digamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    let series = inv2
        * (1.0 / 12.0 - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0 - inv2 * 691.0 / 32760.0)))));
    acc + x.ln() - 0.5 * inv - series
}

/// `ln(exp(a) + exp(b))` without overflow; handles `-inf` operands.
#[inline]
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if hi == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// `ln(exp(a) − exp(b))` for `a ≥ b`; returns `-inf` when they are equal.
#[inline]
pub fn log_sub_exp(a: f64, b: f64) -> f64 {
    if b == f64::NEG_INFINITY {
        return a;
    }
    if b >= a {
        return f64::NEG_INFINITY;
    }
    a + (-(b - a).exp_m1()).ln()
}

/// `ln Σ exp(xᵢ)` over a slice, stable for large magnitudes; `-inf` for an empty slice.
pub fn log_sum_exp(xs: &[f64]) -> f64 {
    let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY || !m.is_finite() {
        return m;
    }
    m + xs.iter().map(|&x| (x - m).exp()).sum::<f64>().ln()
}

/// Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for
/// `|z| < 1` (and `c` not a non-positive integer). Terms are summed until they
/// stop changing the sum in double precision; all-positive parameters with
/// `0 ≤ z < 1` (the only case the models need) involve no cancellation.
/// Returns NaN when the series does not converge in 1,000,000 terms or `|z| ≥ 1`.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if z == 0.0 {
        return 1.0;
    }
    if z.abs() >= 1.0 {
        return f64::NAN;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 0.0;
    for _ in 0..1_000_000 {
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        n += 1.0;
        if term.abs() <= 1e-16 * sum.abs() {
            return sum;
        }
        if term == 0.0 {
            return sum;
        }
    }
    f64::NAN
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + b.abs())
    }

    #[test]
    fn gamma_and_beta_known_values() {
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-14));
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-14));
        // B(2,3) = 1/12
        assert!(close(ln_beta(2.0, 3.0), (1.0f64 / 12.0).ln(), 1e-14));
    }

    #[test]
    fn digamma_known_values() {
        let euler = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -euler, 1e-13));
        assert!(close(digamma(0.5), -euler - 2.0 * 2f64.ln(), 1e-13));
        assert!(close(digamma(10.0), 2.251_752_589_066_721, 1e-13));
    }

    #[test]
    fn hyp2f1_closed_forms() {
        // 2F1(1,1;2;z) = -ln(1-z)/z
        for &z in &[0.1, 0.5, 0.9, 0.99] {
            let want = -(1.0f64 - z).ln() / z;
            assert!(close(hyp2f1(1.0, 1.0, 2.0, z), want, 1e-12), "z={z}");
        }
        // 2F1(a,b;b;z) = (1-z)^-a
        assert!(close(hyp2f1(2.5, 3.0, 3.0, 0.7), 0.3f64.powf(-2.5), 1e-12));
        // 2F1(1/2,1;3/2;z^2) = atanh(z)/z
        let z: f64 = 0.8;
        assert!(close(hyp2f1(0.5, 1.0, 1.5, z * z), z.atanh() / z, 1e-12));
        assert!(hyp2f1(1.0, 1.0, 2.0, 1.0).is_nan());
    }

    #[test]
    fn log_sum_exp_edge_cases() {
        assert_eq!(log_sum_exp(&[]), f64::NEG_INFINITY);
        assert!(close(log_sum_exp(&[1000.0, 1000.0]), 1000.0 + 2f64.ln(), 1e-15));
        assert_eq!(log_add_exp(f64::NEG_INFINITY, 3.0), 3.0);
        assert_eq!(log_sub_exp(2.0, 2.0), f64::NEG_INFINITY);
        assert!(close(log_sub_exp(3f64.ln(), 1f64.ln()), 2f64.ln(), 1e-15));
    }

    proptest! {
        #[test]
        fn prop_log_sum_exp_matches_naive(xs in proptest::collection::vec(-30.0f64..30.0, 1..20)) {
            let naive = xs.iter().map(|x| x.exp()).sum::<f64>().ln();
            prop_assert!(close(log_sum_exp(&xs), naive, 1e-12));
        }

        #[test]
        fn prop_lbeta_symmetry_and_recurrence(a in 0.05f64..50.0, b in 0.05f64..50.0) {
            prop_assert!(close(ln_beta(a, b), ln_beta(b, a), 1e-12));
            // B(a+1,b) = B(a,b) * a/(a+b)
            prop_assert!(close(ln_beta(a + 1.0, b), ln_beta(a, b) + (a / (a + b)).ln(), 1e-10));
        }

        #[test]
        fn prop_hyp2f1_euler_transform(a in 0.1f64..5.0, b in 0.1f64..5.0, c in 0.5f64..8.0, z in 0.0f64..0.9) {
            // 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z); valid for c-a, c-b of any sign.
            let lhs = hyp2f1(a, b, c, z);
            let rhs = (1.0 - z).powf(c - a - b) * hyp2f1(c - a, c - b, c, z);
            prop_assert!(close(lhs, rhs, 1e-9), "{} vs {}", lhs, rhs);
        }

        #[test]
        fn prop_digamma_recurrence(x in 0.01f64..100.0) {
            prop_assert!(close(digamma(x + 1.0), digamma(x) + 1.0 / x, 1e-11));
        }
    }
}
