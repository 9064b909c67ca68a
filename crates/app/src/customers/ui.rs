//! Shared pieces of the staff pages for customers: field errors of a submitted form, select
//! options, paging links, translated labels for stable enum names and time formatting.

use crate::error::AppError;
use crate::i18n::Tr;
use carewell_domain::DomainError;
use carewell_domain::time::parse_ts;
use std::collections::BTreeMap;

/// Field errors of a submitted form, keyed by field name, in the order reported.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    fields: BTreeMap<String, Vec<String>>,
    all: Vec<(String, String)>,
}

impl FormErrors {
    /// Errors reported by domain validation.
    pub fn from_domain(errs: Vec<DomainError>) -> Self {
        let mut f = Self::default();
        for e in errs {
            f.push(&e.field, &e.reason);
        }
        f
    }

    /// Turns a handler error into form errors when it is about the input (422, 409); any
    /// other error is handed back to become an error page.
    pub fn from_app(e: AppError) -> Result<Self, AppError> {
        match e {
            AppError::Invalid(v) => {
                let mut f = Self::default();
                for e in v {
                    f.push(&e.field, &e.reason);
                }
                Ok(f)
            }
            AppError::Conflict(m) => {
                let mut f = Self::default();
                f.push("form", &m);
                Ok(f)
            }
            other => Err(other),
        }
    }

    /// Adds one error.
    pub fn push(&mut self, field: &str, reason: &str) {
        self.fields
            .entry(field.to_string())
            .or_default()
            .push(reason.to_string());
        self.all.push((field.to_string(), reason.to_string()));
    }

    /// Adds every error of `other`.
    pub fn extend(&mut self, other: FormErrors) {
        for (f, r) in other.all {
            self.push(&f, &r);
        }
    }

    /// Whether there are no errors.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Whether `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// The errors of `field`, joined; empty when it has none.
    pub fn get(&self, field: &str) -> String {
        self.fields
            .get(field)
            .map(|v| v.join("; "))
            .unwrap_or_default()
    }

    /// The same errors with their reasons in the UI language.
    pub fn translated(self, tr: &Tr) -> Self {
        let mut f = Self::default();
        for (field, reason) in self.all {
            f.push(&field, &tr.reason(&reason));
        }
        f
    }

    /// Every error as (field, reason), for the summary at the top of a form.
    pub fn all(&self) -> &[(String, String)] {
        &self.all
    }
}

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
    /// Options for stable enum names, labelled through `prefix-<name>` messages.
    pub fn labelled(tr: &Tr, prefix: &str, names: &[&str], current: &str) -> Vec<Opt> {
        names
            .iter()
            .map(|n| Opt {
                value: (*n).to_string(),
                label: label(tr, prefix, n),
                selected: *n == current,
            })
            .collect()
    }

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

/// The translated label of a stable enum name (`stage-at-risk`, `kind-person`), falling
/// back to the name itself when no message exists.
pub fn label(tr: &Tr, prefix: &str, name: &str) -> String {
    let key = format!("{prefix}-{name}");
    let t = tr.t(&key);
    if t == key { name.to_string() } else { t }
}

/// Previous/next links of a paged list.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// Link to the previous page, if any.
    pub prev: Option<String>,
    /// Link to the next page, if any.
    pub next: Option<String>,
    /// "Page 2 of 7" in the UI language.
    pub label: String,
}

impl Pager {
    /// Links for page `page` (from 1) of `total` rows, `size` per page, at `path` keeping
    /// the non-empty `params`.
    pub fn new(
        tr: &Tr,
        path: &str,
        params: &[(&str, &str)],
        page: i64,
        size: i64,
        total: i64,
    ) -> Self {
        let pages = ((total + size - 1) / size).max(1);
        let link = |p: i64| {
            let mut kept: Vec<(&str, String)> = params
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (*k, (*v).to_string()))
                .collect();
            if p > 1 {
                kept.push(("page", p.to_string()));
            }
            let qs = serde_urlencoded::to_string(&kept).unwrap_or_default();
            if qs.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{qs}")
            }
        };
        Self {
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
            label: tr.t_with(
                "pager-page",
                &[("page", &page.to_string()), ("pages", &pages.to_string())],
            ),
        }
    }
}

/// Parses a `page` query value leniently: anything but a positive number is page 1.
pub fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(1_000_000)
}

/// A stored UTC timestamp as `2026-01-02 03:04 UTC`.
pub fn when(ts: &str) -> String {
    parse_ts("at", ts)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| ts.to_string())
}

/// A non-empty trimmed value, or `None`.
pub fn nonblank(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}
