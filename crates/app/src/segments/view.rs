//! How a segment reads: its filter in words, and its count.

use crate::web::i18n::Tr;
use crate::web::view::label;
use carewell_domain::segment::{DateBound, Filter, Owner};
use std::collections::HashMap;

/// One condition in words: what (`Stage`) and which (`Onboarding`).
pub struct Condition {
    /// The key (for tests and styles).
    pub key: &'static str,
    /// What is filtered.
    pub what: String,
    /// The value in words.
    pub value: String,
}

fn day(tr: &Tr, b: DateBound) -> String {
    match b {
        DateBound::On(d) => tr.long_date(d),
        DateBound::DaysAgo(0) => tr.t("seg-today"),
        DateBound::DaysAgo(n) => tr.t_n("seg-days-ago", i64::from(n)),
    }
}

/// `f`'s conditions in words, in the order of the filter's keys; `users` names owners by id.
pub fn conditions(tr: &Tr, f: &Filter, users: &HashMap<String, String>) -> Vec<Condition> {
    let mut out = Vec::new();
    let mut put = |key: &'static str, value: String| {
        out.push(Condition {
            key,
            what: tr.t(&format!("seg-key-{key}")),
            value,
        })
    };
    if let Some(s) = f.stage {
        put("stage", label(tr, "stage", s.as_str()));
    }
    if let Some(s) = &f.segment {
        put("segment", s.clone());
    }
    if !f.tags.is_empty() {
        put(
            "tags",
            tr.t_with("seg-any-of", &[("list", &f.tags.join(", "))]),
        );
    }
    if let Some(c) = &f.country {
        put("country", c.clone());
    }
    if let Some(l) = &f.language {
        put("language", l.clone());
    }
    match &f.owner {
        Some(Owner::User(id)) => put(
            "owner",
            users.get(id).cloned().unwrap_or_else(|| id.clone()),
        ),
        Some(Owner::Me) => put("owner", tr.t("customers-owner-me")),
        Some(Owner::Nobody) => put("owner", tr.t("customers-owner-none")),
        None => {}
    }
    if let Some(ch) = f.consent {
        let class = f.consent_class();
        put(
            "consent",
            tr.t_with(
                "seg-consent-value",
                &[
                    ("channel", &label(tr, "channel", ch.as_str())),
                    ("class", &label(tr, "seg-class", class.as_str())),
                ],
            ),
        );
    }
    for (key, b) in [
        ("created_from", f.created_from),
        ("created_to", f.created_to),
        ("last_contact_from", f.last_contact_from),
        ("last_contact_to", f.last_contact_to),
    ] {
        if let Some(b) = b {
            let mut v = day(tr, b);
            if key == "last_contact_to" {
                v = tr.t_with("seg-or-never", &[("day", &v)]);
            }
            put(key, v);
        }
    }
    if let Some(b) = f.health_band {
        put("health_band", label(tr, "health-band", b.as_str()));
    }
    if !f.attributes.is_empty() {
        put(
            "attributes",
            f.attributes
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    out
}

/// "12 customers" or "1,000+ customers".
pub fn count(tr: &Tr, n: i64, capped: bool) -> String {
    if capped {
        tr.t("customers-count-capped")
    } else {
        tr.t_n("customers-count", n)
    }
}
