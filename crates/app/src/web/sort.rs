//! Sorting of staff lists, one convention for every list: the sort travels in the URL as
//! `?sort=<column>` (ascending) or `?sort=-<column>` (descending); each list names the
//! columns it may be sorted by (an allow-list: anything else is the list's default order).
//! Column headers become links that sort by the column and flip the direction when it is
//! already the sort, with `aria-sort` for screen readers.
//!
//! The store gets the parsed choice (`Sort { key, desc }`) with the key as the list's own
//! enum, so no text from the URL ever reaches SQL.

use crate::web::pager::address;

/// A parsed sort: one of a list's columns and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<K> {
    /// The column (the list's own enum).
    pub key: K,
    /// Descending when true.
    pub desc: bool,
}

impl<K: Copy + PartialEq> Sort<K> {
    /// Parses `raw` (`name` or `-name`) against the list's allowed `columns`
    /// (`(url name, key)`); anything else, empty or absent gives `default`.
    pub fn parse(raw: Option<&str>, columns: &[(&str, K)], default: Sort<K>) -> Sort<K> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return default;
        };
        let (name, desc) = match raw.strip_prefix('-') {
            Some(n) => (n, true),
            None => (raw, false),
        };
        columns
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, key)| Sort { key: *key, desc })
            .unwrap_or(default)
    }

    /// Parses `raw` strictly (the API): absent or blank gives `default`, a column the list
    /// does not sort by is refused as `sort` (422, naming the allowed columns).
    pub fn strict(
        raw: Option<&str>,
        columns: &[(&str, K)],
        default: Sort<K>,
    ) -> Result<Sort<K>, crate::web::error::AppError> {
        let raw = raw.map(str::trim).unwrap_or_default();
        if raw.is_empty() {
            return Ok(default);
        }
        let name = raw.strip_prefix('-').unwrap_or(raw);
        match columns.iter().find(|(n, _)| *n == name) {
            Some((_, key)) => Ok(Sort {
                key: *key,
                desc: raw.starts_with('-'),
            }),
            None => {
                let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
                Err(crate::web::error::AppError::one_of("sort", raw, &names))
            }
        }
    }

    /// The URL value of this sort (`name` or `-name`), given the list's columns.
    pub fn value(&self, columns: &[(&str, K)]) -> String {
        let name = columns
            .iter()
            .find(|(_, k)| *k == self.key)
            .map(|(n, _)| *n)
            .unwrap_or_default();
        if self.desc {
            format!("-{name}")
        } else {
            name.to_string()
        }
    }
}

/// A sortable column header: its label, the link that sorts by it, and its `aria-sort`.
#[derive(Debug, Clone)]
pub struct Header {
    /// Shown text (translated).
    pub label: String,
    /// The list sorted by this column (direction flipped when it is the current sort).
    pub href: String,
    /// `ascending`, `descending` or `none`.
    pub aria: &'static str,
    /// `▲`, `▼` or empty: the visible mark of the current sort.
    pub mark: &'static str,
    /// The column's URL name (for ids in tests and styles).
    pub name: String,
}

/// The headers of a list: for each `(url name, label)` in `shown`, a link to `path` keeping
/// the non-empty `params` (filters; never the cursor: a new sort starts at the first page).
/// A column sorted ascending links to its descending sort and vice versa; other columns
/// link to `first_desc` direction when listed there (dates and amounts read newest/largest
/// first), ascending otherwise.
pub fn headers<K: Copy + PartialEq>(
    path: &str,
    params: &[(&str, &str)],
    columns: &[(&str, K)],
    current: Sort<K>,
    shown: &[(&str, String)],
    first_desc: &[&str],
) -> Vec<Header> {
    let current_name = columns
        .iter()
        .find(|(_, k)| *k == current.key)
        .map(|(n, _)| *n)
        .unwrap_or_default();
    shown
        .iter()
        .map(|(name, label)| {
            let is_current = *name == current_name;
            let desc = if is_current {
                !current.desc
            } else {
                first_desc.contains(name)
            };
            let value = if desc {
                format!("-{name}")
            } else {
                (*name).to_string()
            };
            let mut all = params.to_vec();
            all.push(("sort", &value));
            Header {
                label: label.clone(),
                href: address(path, &all),
                aria: match (is_current, current.desc) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                mark: match (is_current, current.desc) {
                    (false, _) => "",
                    (true, false) => "▲",
                    (true, true) => "▼",
                },
                name: (*name).to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Col {
        Name,
        Created,
    }
    const COLS: &[(&str, Col)] = &[("name", Col::Name), ("created", Col::Created)];
    const DEFAULT: Sort<Col> = Sort {
        key: Col::Created,
        desc: true,
    };

    #[test]
    fn parses_only_allowed_columns() {
        assert_eq!(
            Sort::parse(Some("name"), COLS, DEFAULT),
            Sort {
                key: Col::Name,
                desc: false
            }
        );
        assert_eq!(
            Sort::parse(Some("-name"), COLS, DEFAULT),
            Sort {
                key: Col::Name,
                desc: true
            }
        );
        for bad in [
            "",
            "-",
            "--name",
            "name; DROP TABLE x",
            "NAME",
            "owner",
            "\u{0}",
        ] {
            assert_eq!(Sort::parse(Some(bad), COLS, DEFAULT), DEFAULT, "{bad:?}");
        }
        assert_eq!(Sort::parse(None, COLS, DEFAULT), DEFAULT);
        assert_eq!(Sort::strict(Some(" "), COLS, DEFAULT).unwrap(), DEFAULT);
        assert_eq!(
            Sort::strict(Some("-name"), COLS, DEFAULT).unwrap(),
            Sort {
                key: Col::Name,
                desc: true
            }
        );
        for bad in ["--name", "NAME", "owner", "-"] {
            assert!(Sort::strict(Some(bad), COLS, DEFAULT).is_err(), "{bad:?}");
        }
        assert_eq!(DEFAULT.value(COLS), "-created");
    }

    #[test]
    fn headers_flip_the_current_column_and_keep_filters() {
        let h = headers(
            "/x",
            &[("q", "a b"), ("status", ""), ("cursor", "")],
            COLS,
            DEFAULT,
            &[("name", "Name".into()), ("created", "Created".into())],
            &["created"],
        );
        assert_eq!(h[0].href, "/x?q=a+b&sort=name");
        assert_eq!(h[0].aria, "none");
        assert_eq!(h[1].href, "/x?q=a+b&sort=created");
        assert_eq!(h[1].aria, "descending");
        assert_eq!(h[1].mark, "▼");
    }
}
