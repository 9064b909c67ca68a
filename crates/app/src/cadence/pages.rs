//! GET/POST /settings/cadence: how many days may pass without contact per lifecycle stage
//! (and per segment within a stage: [`super::overrides`]), and what birthdays and
//! anniversaries do. Everyone who reads customers reads the page;
//! managers and admins change it (`set_cadence_settings`, audited). A refused change
//! re-renders the form with what was typed and each reason beside its field (422).

use super::overrides::{self, OverrideRow};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, label, opts};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::cadence::{self, Moment, MomentMode};
use carewell_domain::customer::LifecycleStage;
use carewell_domain::role::Role;
use carewell_domain::{Code, DomainError};
use carewell_store::cadence::{CadenceSettings, MomentSetting, StageCadence};
use std::collections::HashMap;

/// The form's fields and the labels they show.
const LABELS: Labels = &[
    ("stages.onboarding", "stage-onboarding"),
    ("stages.active", "stage-active"),
    ("stages.at-risk", "stage-at-risk"),
    ("stages.won-back", "stage-won-back"),
    ("stages.leaving", "stage-leaving"),
    ("stages.departed", "stage-departed"),
    ("moments.birthday.days_ahead", "cad-days-ahead"),
    ("moments.anniversary.days_ahead", "cad-days-ahead"),
];

/// One stage's row.
pub struct StageRow {
    /// Stable name (`active`).
    pub stage: String,
    /// In the UI language.
    pub label: String,
    /// Days as shown or typed; empty = none.
    pub days: String,
    /// Whether the stage may have a cadence (not leaving or departed).
    pub allowed: bool,
    /// The reason the typed value was refused, if it was.
    pub error: String,
}

/// One care moment's row.
pub struct MomentRow {
    /// Stable name (`birthday`).
    pub moment: String,
    /// In the UI language.
    pub label: String,
    /// The mode choices.
    pub modes: Vec<Opt>,
    /// Days ahead as shown or typed.
    pub days_ahead: String,
    /// The reason the typed value was refused, if it was.
    pub error: String,
}

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "cadence/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    stages: Vec<StageRow>,
    moments: Vec<MomentRow>,
    /// The segment overrides (with blank rows to add more, for managers).
    overrides: Vec<OverrideRow>,
    /// Whether any segment exists to override for.
    has_segments: bool,
    can_manage: bool,
    errors: FormErrors,
    saved: bool,
}

impl SettingsPage {
    fn field_label(&self, field: &str) -> String {
        self.errors.label(&self.chrome.tr, field)
    }
}

const MODES: [&str; 3] = ["off", "task", "message"];

fn page(
    tr: Tr,
    user: &CurrentUser,
    s: &CadenceSettings,
    segments: &[(String, String)],
    saved: bool,
) -> SettingsPage {
    let can_manage = user.has(Role::MANAGERS);
    let blank = if can_manage && !segments.is_empty() {
        overrides::BLANK_ROWS
    } else {
        0
    };
    SettingsPage {
        overrides: overrides::rows(&tr, segments, &s.segments, blank),
        has_segments: !segments.is_empty(),
        stages: s
            .stages
            .iter()
            .map(|r| StageRow {
                stage: r.stage.as_str().to_string(),
                label: label(&tr, "stage", r.stage.as_str()),
                days: r.days.map(|d| d.to_string()).unwrap_or_default(),
                allowed: cadence::has_cadence(r.stage),
                error: String::new(),
            })
            .collect(),
        moments: s
            .moments
            .iter()
            .map(|m| MomentRow {
                moment: m.moment.as_str().to_string(),
                label: label(&tr, "cad-moment", m.moment.as_str()),
                modes: opts(&tr, "cad-mode", &MODES, m.mode.as_str()),
                days_ahead: m.days_ahead.to_string(),
                error: String::new(),
            })
            .collect(),
        can_manage,
        errors: FormErrors::default(),
        saved,
        chrome: Chrome::new(tr, user),
    }
}

/// `?saved=1` after a change.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ShowQuery {
    /// Set after a successful save.
    pub saved: Option<String>,
}

/// GET /settings/cadence
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ShowQuery>,
) -> Result<SettingsPage, AppError> {
    let current = s.store.cadence_settings().await?;
    let segments = segment_names(&s).await?;
    Ok(page(tr, &user, &current, &segments, q.saved.is_some()))
}

/// Every segment as (id, name), by name.
async fn segment_names(s: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(s.store
        .segments_all()
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect())
}

/// Reads the form: `stages.<stage>` (days; blank = none), `moments.<moment>.mode` and
/// `moments.<moment>.days_ahead`. Unreadable numbers are errors on their field; the ranges
/// are checked by the store.
pub fn parse(
    f: &HashMap<String, String>,
    current: &CadenceSettings,
) -> Result<CadenceSettings, Vec<DomainError>> {
    let mut errs = Vec::new();
    let field = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let number = |k: &str, errs: &mut Vec<DomainError>| -> Option<i64> {
        let raw = field(k);
        if raw.is_empty() {
            return None;
        }
        match raw.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errs.push(DomainError::new(k, Code::NotANumber { value: raw }));
                None
            }
        }
    };
    let stages = LifecycleStage::ALL
        .iter()
        .map(|st| StageCadence {
            stage: *st,
            days: number(&format!("stages.{st}"), &mut errs),
        })
        .collect();
    let moments = Moment::ALL
        .iter()
        .map(|m| {
            let mode =
                MomentMode::parse(&field(&format!("moments.{m}.mode"))).unwrap_or(MomentMode::Off);
            let key = format!("moments.{m}.days_ahead");
            let days_ahead = number(&key, &mut errs).unwrap_or(cadence::DEFAULT_DAYS_AHEAD);
            MomentSetting {
                moment: *m,
                mode,
                days_ahead,
            }
        })
        .collect();
    if errs.is_empty() {
        Ok(CadenceSettings {
            stages,
            segments: current.segments.clone(),
            moments,
        })
    } else {
        Err(errs)
    }
}

/// POST /settings/cadence
pub async fn save(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let current = s.store.cadence_settings().await?;
    let segments = segment_names(&s).await?;
    let row_labels = overrides::labels(overrides::MAX_ROWS);
    let mut labels: Vec<(&str, &str)> = LABELS.to_vec();
    labels.extend(row_labels.iter().map(|(f, l)| (f.as_str(), *l)));
    let errs = match (parse(&f, &current), overrides::parse(&f)) {
        (Ok(mut next), Ok(o)) => {
            next.segments = o.overrides;
            match s.store.set_cadence_settings(&user.actor(), &next).await {
                Ok(_) => return Ok(Redirect::to("/settings/cadence?saved=1").into_response()),
                Err(e) => {
                    FormErrors::from_app_in(&tr, overrides::renumber(e, &o.rows).into(), &labels)?
                }
            }
        }
        (a, b) => {
            let mut v = a.err().unwrap_or_default();
            v.extend(b.err().unwrap_or_default());
            FormErrors::from_domain_in(&tr, &v, &labels)
        }
    };
    let mut p = page(tr, &user, &current, &segments, false);
    p.overrides = overrides::typed(&p.chrome.tr, &segments, &f, &errs);
    let typed = |k: &str| f.get(k).cloned().unwrap_or_default();
    for r in &mut p.stages {
        let k = format!("stages.{}", r.stage);
        r.days = typed(&k);
        r.error = errs.get(&k);
    }
    for m in &mut p.moments {
        let k = format!("moments.{}.days_ahead", m.moment);
        m.days_ahead = typed(&k);
        m.error = errs.get(&k);
        let mode = typed(&format!("moments.{}.mode", m.moment));
        for o in &mut m.modes {
            o.selected = o.value == mode;
        }
    }
    p.errors = errs;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
}
