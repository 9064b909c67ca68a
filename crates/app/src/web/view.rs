//! View helpers every page uses: select options, translated labels of stable names, times,
//! trimmed input, and the badge classes of the stylesheet.

use crate::web::i18n::Tr;
use carewell_domain::time::parse_ts;

/// One choice of a `<select>`.
#[derive(Debug, Clone)]
pub struct Opt {
    /// Submitted value.
    pub value: String,
    /// Shown text.
    pub label: String,
    /// Whether it is the current choice.
    pub selected: bool,
}

impl Opt {
    /// Options whose label is the value itself.
    pub fn plain(values: &[String], current: &str) -> Vec<Opt> {
        values
            .iter()
            .map(|v| Opt {
                value: v.clone(),
                label: v.clone(),
                selected: v == current,
            })
            .collect()
    }
}

/// Options for stable enum names, labelled through `prefix-<name>` messages.
pub fn opts(tr: &Tr, prefix: &str, names: &[&str], current: &str) -> Vec<Opt> {
    names
        .iter()
        .map(|n| Opt {
            value: (*n).to_string(),
            label: label(tr, prefix, n),
            selected: *n == current,
        })
        .collect()
}

/// The translated label of a stable enum name (`stage-at-risk`, `kind-person`), falling
/// back to the name itself when no message exists.
pub fn label(tr: &Tr, prefix: &str, name: &str) -> String {
    let key = format!("{prefix}-{name}");
    let t = tr.t(&key);
    if t == key { name.to_string() } else { t }
}

/// A stored UTC timestamp in the staff member's time zone (`crate::web::zone`), e.g.
/// `2026-01-02 05:04 EET`, or `2026-01-02 03:04 UTC` when the zone is UTC.
pub fn when(ts: &str) -> String {
    when_in(ts, crate::web::zone::current())
}

/// A stored UTC timestamp in `zone` (a customer's, on the pages customers see).
pub fn when_in(ts: &str, zone: chrono_tz::Tz) -> String {
    parse_ts("at", ts)
        .map(|t| {
            t.with_timezone(&zone)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_else(|_| ts.to_string())
}

/// A stored UTC timestamp in UTC (`2026-01-02 03:04 UTC`): the hover text beside a local time.
pub fn when_utc(ts: &str) -> String {
    when_in(ts, chrono_tz::UTC)
}

/// A non-empty trimmed value, or `None`.
pub fn nonblank(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// CSS class of a good state (the stylesheet's green badge).
pub const OK: &str = "consent-granted";
/// CSS class of a warning (amber).
pub const WARN: &str = "stage-at-risk";
/// CSS class of a bad state (red).
pub const BAD: &str = "consent-refused";
/// CSS class of a paused clock (blue).
pub const PAUSED: &str = "stage-onboarding";
