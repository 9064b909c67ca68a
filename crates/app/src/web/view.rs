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
/// `2026-01-02 05:04 EET`, rendered in a page as a `<time>` element with the UTC time on hover
/// (see [`When`]).
pub fn when(ts: &str) -> When {
    match parse_ts("at", ts) {
        Ok(t) => When {
            local: when_in(ts, crate::web::zone::current()),
            utc: when_utc(ts),
            iso: t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        },
        Err(_) => When {
            local: ts.to_string(),
            ..When::default()
        },
    }
}

/// [`when`] as plain text, for sentences and attributes.
pub fn when_text(ts: &str) -> String {
    when_in(ts, crate::web::zone::current())
}

/// A moment on a staff page: shown in the staff member's zone; in a template it renders as
/// `<time datetime="…" title="… UTC">local</time>`, so the UTC time shows on hover (and a
/// value that is not a timestamp renders as its escaped text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct When {
    local: String,
    utc: String,
    iso: String,
}

impl When {
    /// Words in place of a time ("never", "—"), shown as they are.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            local: text.into(),
            ..Self::default()
        }
    }

    /// The local time as plain text.
    pub fn text(&self) -> &str {
        &self.local
    }

    /// Nothing to show.
    pub fn is_empty(&self) -> bool {
        self.local.is_empty()
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let esc = |s: &str| {
            askama::filters::escape(s, askama::filters::Html)
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        if self.iso.is_empty() {
            return f.write_str(&esc(&self.local));
        }
        write!(
            f,
            "<time datetime=\"{}\" title=\"{}\">{}</time>",
            esc(&self.iso),
            esc(&self.utc),
            esc(&self.local)
        )
    }
}

impl askama::filters::HtmlSafe for When {}

impl serde::Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.local)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_shows_local_with_utc_on_hover() {
        let w = crate::web::zone::ZONE.sync_scope(chrono_tz::Europe::Tallinn, || {
            when("2026-01-02T03:04:05.000000Z")
        });
        assert_eq!(w.text(), "2026-01-02 05:04 EET");
        assert_eq!(
            w.to_string(),
            r#"<time datetime="2026-01-02T03:04:05Z" title="2026-01-02 03:04 UTC">2026-01-02 05:04 EET</time>"#
        );
        // Not a time: its text, escaped; words in place of a time likewise.
        assert_eq!(when("<b>").to_string(), "&#60;b&#62;");
        assert_eq!(When::plain("never <x>").to_string(), "never &#60;x&#62;");
        assert!(When::default().is_empty());
    }
}
