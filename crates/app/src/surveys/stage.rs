//! The surveys "N days into a stage" on `/surveys` (managers and admins change them): rows
//! `stage_triggers.<n>.stage`, `.days` and `.kind`, with blank rows to add more; a row whose
//! days are cleared is removed. POST /surveys/stage-triggers saves them (audited by the store);
//! a refused change comes back with each reason on its row (422).

use super::pages::list_page;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::FormErrors;
use crate::web::i18n::Tr;
use crate::web::view::{Opt, label, opts};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::customer::LifecycleStage;
use carewell_domain::survey::SurveyKind;
use carewell_domain::{Code, DomainError};
use carewell_store::StoreError;
use carewell_store::surveys::StageTrigger;
use std::collections::HashMap;

/// Blank rows offered for new rules.
pub const BLANK_ROWS: usize = 1;
/// Most rows one form may send.
const MAX_ROWS: usize = 100;

/// One rule as shown (and typed).
pub struct TriggerRow {
    /// The row's number in the form.
    pub n: usize,
    /// The stage choices.
    pub stages: Vec<Opt>,
    /// The survey kinds.
    pub kinds: Vec<Opt>,
    /// Days as shown or typed.
    pub days: String,
    /// The rule in words (read-only view).
    pub text: String,
    /// Why the row was refused, if it was.
    pub error: String,
}

fn row(tr: &Tr, n: usize, stage: &str, days: String, kind: &str) -> TriggerRow {
    let stages: Vec<&str> = LifecycleStage::ALL.iter().map(|s| s.as_str()).collect();
    let kinds: Vec<&str> = SurveyKind::ALL.iter().map(|k| k.as_str()).collect();
    TriggerRow {
        text: tr.t_with(
            "svy-stage-rule",
            &[
                ("kind", &label(tr, "svy-kind", kind)),
                ("days", &days),
                ("stage", &label(tr, "stage", stage)),
            ],
        ),
        n,
        stages: opts(tr, "stage", &stages, stage),
        kinds: opts(tr, "svy-kind", &kinds, kind),
        days,
        error: String::new(),
    }
}

/// The stored rules as rows, then `blank` empty ones.
pub fn rows(tr: &Tr, rules: &[StageTrigger], blank: usize) -> Vec<TriggerRow> {
    let mut out: Vec<TriggerRow> = rules
        .iter()
        .enumerate()
        .map(|(n, r)| row(tr, n, r.stage.as_str(), r.days.to_string(), r.kind.as_str()))
        .collect();
    for n in rules.len()..rules.len() + blank {
        out.push(row(tr, n, "onboarding", String::new(), "nps"));
    }
    out
}

fn row_count(f: &HashMap<String, String>) -> usize {
    f.keys()
        .filter_map(|k| {
            k.strip_prefix("stage_triggers.")?
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
    f.get(&format!("stage_triggers.{n}.{key}"))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// Reads the rows (blank days: no rule); returns the rules and each one's form row.
pub fn parse(
    f: &HashMap<String, String>,
) -> Result<(Vec<StageTrigger>, Vec<usize>), Vec<DomainError>> {
    let (mut rules, mut rows, mut errs) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..row_count(f) {
        let days = field(f, n, "days");
        if days.is_empty() {
            continue;
        }
        let named = |mut e: DomainError, key: &str| {
            e.field = format!("stage_triggers.{n}.{key}");
            e
        };
        let stage = LifecycleStage::parse(&field(f, n, "stage")).map_err(|e| named(e, "stage"));
        let kind = SurveyKind::parse(&field(f, n, "kind")).map_err(|e| named(e, "kind"));
        let days = days.parse::<i64>().map_err(|_| {
            DomainError::new(
                format!("stage_triggers.{n}.days"),
                Code::NotANumber { value: days },
            )
        });
        match (stage, days, kind) {
            (Ok(stage), Ok(days), Ok(kind)) => {
                rules.push(StageTrigger { stage, days, kind });
                rows.push(n);
            }
            (stage, days, kind) => {
                errs.extend(stage.err());
                errs.extend(days.err());
                errs.extend(kind.err());
            }
        }
    }
    if errs.is_empty() {
        Ok((rules, rows))
    } else {
        Err(errs)
    }
}

/// `e` with the store's rule numbers turned into the form's row numbers.
fn renumber(e: StoreError, rows: &[usize]) -> StoreError {
    let fix = |mut d: DomainError| {
        if let Some(rest) = d.field.strip_prefix("stage_triggers.")
            && let Some((k, key)) = rest.split_once('.')
            && let Some(n) = k.parse::<usize>().ok().and_then(|k| rows.get(k))
        {
            d.field = format!("stage_triggers.{n}.{key}");
        }
        d
    };
    match e {
        StoreError::Invalid(d) => StoreError::Invalid(fix(d)),
        StoreError::InvalidAll(v) => StoreError::InvalidAll(v.into_iter().map(fix).collect()),
        other => other,
    }
}

/// POST /surveys/stage-triggers (managers, admins).
pub async fn save(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let labels: Vec<(String, &str)> = (0..row_count(&f))
        .flat_map(|n| {
            [
                (format!("stage_triggers.{n}.stage"), "svy-stage"),
                (format!("stage_triggers.{n}.days"), "svy-stage-days"),
                (format!("stage_triggers.{n}.kind"), "svy-kind"),
            ]
        })
        .collect();
    let labels: Vec<(&str, &str)> = labels.iter().map(|(f, l)| (f.as_str(), *l)).collect();
    let errors = match parse(&f) {
        Ok((rules, rows)) => match s
            .store
            .set_survey_stage_triggers(&user.actor(), &rules)
            .await
        {
            Ok(_) => return Ok(Redirect::to("/surveys#stage-triggers").into_response()),
            Err(e) => FormErrors::from_app_in(&tr, renumber(e, &rows).into(), &labels)?,
        },
        Err(v) => FormErrors::from_domain_in(&tr, &v, &labels),
    };
    let mut typed: Vec<TriggerRow> = (0..row_count(&f))
        .map(|n| {
            row(
                &tr,
                n,
                &field(&f, n, "stage"),
                field(&f, n, "days"),
                &field(&f, n, "kind"),
            )
        })
        .collect();
    for r in &mut typed {
        r.error = ["stage", "days", "kind"]
            .iter()
            .map(|k| errors.get(&format!("stage_triggers.{}.{k}", r.n)))
            .filter(|e| !e.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
    }
    let mut page = list_page(&s, tr, &user, errors, HashMap::new()).await?;
    page.triggers = typed;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse_and_name_the_row() {
        let f: HashMap<String, String> = [
            ("stage_triggers.0.stage", "onboarding"),
            ("stage_triggers.0.days", "30"),
            ("stage_triggers.0.kind", "nps"),
            ("stage_triggers.1.stage", "active"),
            ("stage_triggers.1.days", ""),
            ("stage_triggers.1.kind", "csat"),
            ("stage_triggers.2.stage", "at-risk"),
            ("stage_triggers.2.days", "7"),
            ("stage_triggers.2.kind", "ces"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (rules, rows) = parse(&f).unwrap();
        assert_eq!(rows, [0, 2]);
        assert_eq!(rules[1].kind, SurveyKind::Ces);
        let mut bad = f.clone();
        bad.insert("stage_triggers.2.days".into(), "a week".into());
        bad.insert("stage_triggers.0.kind".into(), "poll".into());
        let errs = parse(&bad).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["stage_triggers.0.kind", "stage_triggers.2.days"]);
        let e = renumber(
            StoreError::Invalid(DomainError::new("stage_triggers.1.days", Code::Required)),
            &rows,
        );
        assert!(matches!(e, StoreError::Invalid(d) if d.field == "stage_triggers.2.days"));
    }
}
