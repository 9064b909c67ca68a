//! The segment overrides on `/settings/cadence`: "every N days" for a saved segment's customers
//! in a stage, instead of the stage's cadence (a customer in several gets the shortest). The
//! form sends them as rows `segments.<n>.segment_id`, `segments.<n>.stage` and
//! `segments.<n>.days`, with blank rows to add more; a row whose days are cleared is removed.

use crate::web::i18n::Tr;
use crate::web::view::{Opt, label, opts};
use carewell_domain::cadence;
use carewell_domain::customer::LifecycleStage;
use carewell_domain::{Code, DomainError};
use carewell_store::StoreError;
use carewell_store::cadence::SegmentCadence;
use std::collections::HashMap;

/// Blank rows offered for new overrides.
pub const BLANK_ROWS: usize = 2;
/// Most rows one form may send.
pub const MAX_ROWS: usize = 200;

/// One override as shown (and typed).
pub struct OverrideRow {
    /// The row's number in the form (`segments.<n>.…`).
    pub n: usize,
    /// The segment choices (one selected, or none on a blank row).
    pub segments: Vec<Opt>,
    /// The segment's name (read-only view).
    pub segment_name: String,
    /// The stage choices (stages that may have a cadence).
    pub stages: Vec<Opt>,
    /// The stage in the UI language (read-only view).
    pub stage_label: String,
    /// Days as shown or typed.
    pub days: String,
    /// Why the row was refused, if it was.
    pub error: String,
}

fn stage_names() -> Vec<&'static str> {
    LifecycleStage::ALL
        .iter()
        .filter(|s| cadence::has_cadence(**s))
        .map(|s| s.as_str())
        .collect()
}

/// A row of `segment_id`, `stage` and `days` (as text) among `segments` (id, name).
fn row(
    tr: &Tr,
    segments: &[(String, String)],
    n: usize,
    segment_id: &str,
    stage: &str,
    days: String,
) -> OverrideRow {
    OverrideRow {
        n,
        segments: segments
            .iter()
            .map(|(id, name)| Opt {
                value: id.clone(),
                label: name.clone(),
                selected: id == segment_id,
            })
            .collect(),
        segment_name: segments
            .iter()
            .find(|(id, _)| id == segment_id)
            .map_or_else(|| segment_id.to_string(), |(_, name)| name.clone()),
        stages: opts(tr, "stage", &stage_names(), stage),
        stage_label: label(tr, "stage", stage),
        days,
        error: String::new(),
    }
}

/// The stored overrides as rows, then `blank` empty ones.
pub fn rows(
    tr: &Tr,
    segments: &[(String, String)],
    current: &[SegmentCadence],
    blank: usize,
) -> Vec<OverrideRow> {
    let mut out: Vec<OverrideRow> = current
        .iter()
        .enumerate()
        .map(|(n, o)| {
            row(
                tr,
                segments,
                n,
                &o.segment_id,
                o.stage.as_str(),
                o.days.to_string(),
            )
        })
        .collect();
    let first_stage = stage_names().first().copied().unwrap_or_default();
    for n in current.len()..current.len() + blank {
        out.push(row(tr, segments, n, "", first_stage, String::new()));
    }
    out
}

/// How many rows the form sent (one past the highest row number, at most [`MAX_ROWS`]).
fn row_count(f: &HashMap<String, String>) -> usize {
    f.keys()
        .filter_map(|k| {
            k.strip_prefix("segments.")?
                .split('.')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .filter(|n| *n < MAX_ROWS)
        .map(|n| n + 1)
        .max()
        .unwrap_or(0)
}

fn field(f: &HashMap<String, String>, n: usize, key: &str) -> String {
    f.get(&format!("segments.{n}.{key}"))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The rows as typed, each with its errors.
pub fn typed(
    tr: &Tr,
    segments: &[(String, String)],
    f: &HashMap<String, String>,
    errors: &crate::web::form::FormErrors,
) -> Vec<OverrideRow> {
    (0..row_count(f))
        .map(|n| {
            let mut r = row(
                tr,
                segments,
                n,
                &field(f, n, "segment_id"),
                &field(f, n, "stage"),
                field(f, n, "days"),
            );
            r.error = ["segment_id", "stage", "days"]
                .iter()
                .map(|k| errors.get(&format!("segments.{n}.{k}")))
                .filter(|e| !e.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            r
        })
        .collect()
}

/// The overrides the form asks for, and for each the number of the row it came from.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The overrides, in row order.
    pub overrides: Vec<SegmentCadence>,
    /// `rows[k]`: the form row of `overrides[k]`.
    pub rows: Vec<usize>,
}

/// Reads the rows: a row without a segment and days is skipped, one with a segment but no
/// days removes that override; days without a segment, an unknown stage or days that are not
/// a number are errors on the row's field. Ranges and unknown segments are the store's.
pub fn parse(f: &HashMap<String, String>) -> Result<Parsed, Vec<DomainError>> {
    let mut out = Parsed::default();
    let mut errs = Vec::new();
    for n in 0..row_count(f) {
        let (segment_id, stage, days) = (
            field(f, n, "segment_id"),
            field(f, n, "stage"),
            field(f, n, "days"),
        );
        if days.is_empty() {
            continue;
        }
        if segment_id.is_empty() {
            errs.push(DomainError::new(
                format!("segments.{n}.segment_id"),
                Code::Required,
            ));
        }
        let stage = LifecycleStage::parse(&stage).map_err(|mut e| {
            e.field = format!("segments.{n}.stage");
            e
        });
        let days = days.parse::<i64>().map_err(|_| {
            DomainError::new(
                format!("segments.{n}.days"),
                Code::NotANumber { value: days },
            )
        });
        match (stage, days) {
            (Ok(stage), Ok(days)) if !segment_id.is_empty() => {
                out.overrides.push(SegmentCadence {
                    segment_id,
                    stage,
                    days,
                });
                out.rows.push(n);
            }
            (stage, days) => {
                errs.extend(stage.err());
                errs.extend(days.err());
            }
        }
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

/// `e` with the store's override numbers (`segments.<k>.…`, counting the kept rows) turned
/// into the form's row numbers.
pub fn renumber(e: StoreError, rows: &[usize]) -> StoreError {
    let fix = |mut d: DomainError| {
        if let Some(rest) = d.field.strip_prefix("segments.")
            && let Some((k, key)) = rest.split_once('.')
            && let Some(n) = k.parse::<usize>().ok().and_then(|k| rows.get(k))
        {
            d.field = format!("segments.{n}.{key}");
        }
        d
    };
    match e {
        StoreError::Invalid(d) => StoreError::Invalid(fix(d)),
        StoreError::InvalidAll(v) => StoreError::InvalidAll(v.into_iter().map(fix).collect()),
        other => other,
    }
}

/// The labels of the override fields of `rows` form rows, for the error summary.
pub fn labels(rows: usize) -> Vec<(String, &'static str)> {
    (0..rows)
        .flat_map(|n| {
            [
                (format!("segments.{n}.segment_id"), "cad-col-segment"),
                (format!("segments.{n}.stage"), "cad-col-stage"),
                (format!("segments.{n}.days"), "cad-col-days"),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_parse_skip_blanks_and_name_the_row() {
        let p = parse(&form(&[
            ("segments.0.segment_id", "s1"),
            ("segments.0.stage", "active"),
            ("segments.0.days", "30"),
            ("segments.1.segment_id", "s2"),
            ("segments.1.stage", "active"),
            ("segments.1.days", ""),
            ("segments.2.segment_id", ""),
            ("segments.2.stage", "onboarding"),
            ("segments.2.days", ""),
            ("segments.3.segment_id", "s3"),
            ("segments.3.stage", "at-risk"),
            ("segments.3.days", " 7 "),
        ]))
        .unwrap();
        assert_eq!(p.rows, [0, 3]);
        assert_eq!(p.overrides[1].stage, LifecycleStage::AtRisk);
        assert_eq!(p.overrides[1].days, 7);
        let errs = parse(&form(&[
            ("segments.0.segment_id", ""),
            ("segments.0.days", "10"),
            ("segments.0.stage", "active"),
            ("segments.1.segment_id", "s1"),
            ("segments.1.stage", "sleeping"),
            ("segments.1.days", "ten"),
        ]))
        .unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "segments.0.segment_id",
                "segments.1.stage",
                "segments.1.days"
            ]
        );
        // The store numbers the kept overrides; the form shows the row.
        let e = renumber(
            StoreError::Invalid(DomainError::new("segments.1.days", Code::Required)),
            &[0, 3],
        );
        assert!(matches!(e, StoreError::Invalid(d) if d.field == "segments.3.days"));
        assert_eq!(row_count(&form(&[("segments.999.days", "1")])), 0);
    }
}
