//! How survey results read on the page: numbers in the UI's form and the two charts
//! (distribution, trend by month) as bars for a server-rendered, accessible SVG beside its data
//! table.

use carewell_store::surveys::Results;

/// Width of the charts' drawing area (SVG user units).
pub const CHART_W: i64 = 480;
/// Height of the charts' drawing area.
pub const CHART_H: i64 = 160;

/// Promoters' bars.
pub const OK_FILL: &str = "#2e7d4f";
/// Passives' bars.
pub const WARN_FILL: &str = "#b7791f";
/// Detractors' bars.
pub const BAD_FILL: &str = "#c0392b";
/// Other bars.
pub const PLAIN_FILL: &str = "#3b6ea5";

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: i64,
    /// Top edge.
    pub y: i64,
    /// Width.
    pub w: i64,
    /// Height.
    pub h: i64,
    /// The label under it (the score, the month).
    pub label: String,
    /// The value shown above it.
    pub value: String,
    /// Centre, for the labels.
    pub cx: i64,
    /// Fill colour (by band: promoters green, passives amber, detractors red).
    pub fill: &'static str,
}

/// Lays out `values` (label, value, fill colour) as bars scaled to the largest magnitude; negative
/// values (an NPS below zero) are drawn down from the middle line.
pub fn bars(values: &[(String, f64, &'static str)], signed: bool) -> Vec<Bar> {
    let n = values.len().max(1) as i64;
    let slot = CHART_W / n;
    let w = (slot * 7 / 10).max(2);
    let max = values
        .iter()
        .map(|v| v.1.abs())
        .fold(0.0_f64, f64::max)
        .max(if signed { 100.0 } else { 1.0 });
    let base = if signed { CHART_H / 2 } else { CHART_H };
    let scale = base as f64 / max;
    values
        .iter()
        .enumerate()
        .map(|(i, (label, v, fill))| {
            let h = (v.abs() * scale).round() as i64;
            let x = i as i64 * slot + (slot - w) / 2;
            let y = if *v >= 0.0 { base - h } else { base };
            Bar {
                x,
                y,
                w,
                h,
                label: label.clone(),
                value: if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.1}")
                },
                cx: x + w / 2,
                fill,
            }
        })
        .collect()
}

/// The distribution chart: answers per point of the scale, coloured by band.
pub fn distribution(r: &Results) -> Vec<Bar> {
    let kind = carewell_domain::survey::SurveyKind::parse(&r.kind).ok();
    let values: Vec<(String, f64, &'static str)> = r
        .distribution
        .iter()
        .map(|b| {
            let class = match kind.map(|k| k.band(b.score)) {
                Some(carewell_domain::survey::Band::Promoter) => OK_FILL,
                Some(carewell_domain::survey::Band::Passive) => WARN_FILL,
                Some(carewell_domain::survey::Band::Detractor) => BAD_FILL,
                None => PLAIN_FILL,
            };
            (b.score.to_string(), b.count as f64, class)
        })
        .collect();
    bars(&values, false)
}

/// The trend chart: the score per month (NPS signed).
pub fn trend(r: &Results) -> Vec<Bar> {
    let values: Vec<(String, f64, &'static str)> = r
        .by_month
        .iter()
        .map(|m| (m.month.clone(), m.score.unwrap_or(0.0), PLAIN_FILL))
        .collect();
    bars(&values, r.kind == "nps")
}

/// A score as shown: one decimal, `+` for a positive NPS, a dash when there is none.
pub fn score(kind: &str, s: Option<f64>) -> String {
    match s {
        None => "—".into(),
        Some(v) if kind == "nps" && v > 0.0 => format!("+{v:.1}"),
        Some(v) => format!("{v:.1}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_go_down_when_negative() {
        let b = bars(&[("a".into(), 2.0, ""), ("b".into(), 4.0, "")], false);
        assert_eq!(b[1].h, CHART_H);
        assert_eq!(b[0].h, CHART_H / 2);
        let s = bars(&[("m".into(), -50.0, "")], true);
        assert_eq!(s[0].y, CHART_H / 2);
        assert_eq!(s[0].h, CHART_H / 4);
        assert_eq!(score("nps", Some(12.0)), "+12.0");
        assert_eq!(score("csat", None), "—");
    }
}
