//! Paging of staff lists: page-number links (`?page=2`) for short lists, cursor links
//! (`?cursor=…`) for lists that may grow without bound.

use crate::web::i18n::Tr;

/// Rows per page of a staff list.
pub const PAGE_SIZE: i64 = 50;

/// The most rows one API page returns.
pub const MAX_LIMIT: i64 = 1000;

/// A requested page size made safe at the edge: `default` when absent, else clamped to
/// `1..=MAX_LIMIT` (a negative or huge `limit` behaves the same on both engines).
pub fn limit(requested: Option<i64>, default: i64) -> i64 {
    requested.unwrap_or(default).clamp(1, MAX_LIMIT)
}

/// A requested offset made safe at the edge: never negative.
pub fn offset(requested: Option<i64>) -> i64 {
    requested.unwrap_or(0).max(0)
}

/// Previous/next links of a paged list.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// Link to the previous page, if any.
    pub prev: Option<String>,
    /// Link to the next page, if any.
    pub next: Option<String>,
    /// Link to the first page, on a later page of a list paged by cursor.
    pub first: Option<String>,
    /// "Page 2 of 7" in the UI language (empty for lists paged by cursor).
    pub label: String,
}

/// `path?params` with the non-empty `params`.
pub fn address(path: &str, params: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = params
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .copied()
        .collect();
    let qs = serde_urlencoded::to_string(&kept).unwrap_or_default();
    if qs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{qs}")
    }
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
            first: None,
            label: tr.t_with(
                "pager-page",
                &[("page", &page.to_string()), ("pages", &pages.to_string())],
            ),
        }
    }
}

impl Pager {
    /// Links of a list paged by cursor (deep pages cost what the first does): the first page
    /// when `current` is a later one, and the page after `next`, at `path` keeping the
    /// non-empty `params`; the cursor travels as `key`.
    pub fn cursor(
        path: &str,
        params: &[(&str, &str)],
        key: &str,
        current: Option<&str>,
        next: Option<&str>,
    ) -> Self {
        let with = |c: &str| {
            let mut all = params.to_vec();
            all.push((key, c));
            address(path, &all)
        };
        Self {
            prev: None,
            next: next.map(with),
            first: current
                .is_some_and(|c| !c.trim().is_empty())
                .then(|| address(path, params)),
            label: String::new(),
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
