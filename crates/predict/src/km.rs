//! Kaplan–Meier survival curve from `(tenure, churned)` observations, with
//! Greenwood variance and log(−log) ("exponential Greenwood") 95% confidence bands
//! (the default of lifelines and R's `survival`-style `conf.type = "log-log"`).

/// One step of the Kaplan–Meier curve, at a distinct event time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmPoint {
    /// Event time.
    pub time: f64,
    /// Number at risk just before `time`.
    pub at_risk: f64,
    /// Number of churn events at `time`.
    pub events: f64,
    /// Survival estimate S(time).
    pub survival: f64,
    /// Greenwood variance of S(time).
    pub variance: f64,
    /// Lower 95% band.
    pub lower: f64,
    /// Upper 95% band.
    pub upper: f64,
}

/// Compute the curve. Censored customers (`churned == false`) leave the risk set
/// after their tenure; ties put events before censorings. Returns an error on
/// mismatched lengths or negative/non-finite tenures.
pub fn kaplan_meier(tenure: &[f64], churned: &[bool]) -> anyhow::Result<Vec<KmPoint>> {
    if tenure.len() != churned.len() {
        anyhow::bail!("tenure and churned have different lengths ({} vs {})", tenure.len(), churned.len());
    }
    if let Some(t) = tenure.iter().find(|t| !(t.is_finite() && **t >= 0.0)) {
        anyhow::bail!("tenure must be finite and non-negative, got {t}");
    }
    let mut obs: Vec<(f64, bool)> = tenure.iter().copied().zip(churned.iter().copied()).collect();
    obs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let z = 1.959_963_984_540_054;
    let mut at_risk = obs.len() as f64;
    let (mut s, mut gw) = (1.0f64, 0.0f64);
    let mut out = Vec::new();
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].0;
        let (mut d, mut c) = (0.0, 0.0);
        while i < obs.len() && obs[i].0 == t {
            if obs[i].1 {
                d += 1.0
            } else {
                c += 1.0
            }
            i += 1;
        }
        if d > 0.0 {
            s *= 1.0 - d / at_risk;
            if at_risk > d {
                gw += d / (at_risk * (at_risk - d));
            }
            let (lower, upper) = if s > 0.0 && s < 1.0 && gw > 0.0 {
                // log(-log S) transform: se = sqrt(gw) / |ln S|.
                let se = gw.sqrt() / s.ln().abs();
                (s.powf((z * se).exp()), s.powf((-z * se).exp()))
            } else {
                (s, s)
            };
            out.push(KmPoint {
                time: t,
                at_risk,
                events: d,
                survival: s,
                variance: s * s * gw,
                lower,
                upper,
            });
        }
        at_risk -= d + c;
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        // Tenures 1,2+,3,3,4+,5 (+ = censored), n = 6.
        // t=1: n=6,d=1 -> S=5/6.  t=3: n=4,d=2 -> S=5/6*2/4=5/12.  t=5: n=1,d=1 -> S=0.
        let t = [1.0, 2.0, 3.0, 3.0, 4.0, 5.0];
        let c = [true, false, true, true, false, true];
        let km = kaplan_meier(&t, &c).unwrap();
        assert_eq!(km.len(), 3);
        assert!((km[0].survival - 5.0 / 6.0).abs() < 1e-12);
        assert!((km[1].survival - 5.0 / 12.0).abs() < 1e-12);
        assert_eq!(km[2].survival, 0.0);
        assert_eq!((km[1].at_risk, km[1].events), (4.0, 2.0));
        // Greenwood: S^2 * (1/(6*5) + 2/(4*2)) = (25/144) * (1/30 + 1/4)
        let want = 25.0 / 144.0 * (1.0 / 30.0 + 0.25);
        assert!((km[1].variance - want).abs() < 1e-12);
        // log-log band: se = sqrt(1/30+1/4)/|ln(5/12)|
        let se = (1.0f64 / 30.0 + 0.25).sqrt() / (5.0f64 / 12.0).ln().abs();
        let lo = (5.0f64 / 12.0).powf((1.959_963_984_540_054 * se).exp());
        assert!((km[1].lower - lo).abs() < 1e-12);
        assert!(km[1].lower < km[1].survival && km[1].survival < km[1].upper);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(kaplan_meier(&[1.0], &[]).is_err());
        assert!(kaplan_meier(&[-1.0], &[true]).is_err());
    }
}
