//! `/complaints/sla`: the SLA policies per severity (first-response and resolution targets,
//! the business-hours calendar), readable by staff; managers edit them here with the same
//! validation and the same audited store call as `PUT /api/v1/sla-policies/{severity}`.

use crate::complaints::api::sla::PolicyBody;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::FormErrors;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::label;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::complaint::Severity;
use carewell_domain::complaint::sla::{BusinessCalendar, Policy};
use carewell_domain::role::Role;
use carewell_domain::{Code, DomainError, Format};
use serde::Deserialize;

/// The edit form of one severity, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PolicyForm {
    /// First response target, minutes.
    #[serde(default)]
    pub first_response_minutes: String,
    /// Resolution target, minutes.
    #[serde(default)]
    pub resolution_minutes: String,
    /// Around the clock.
    pub always_open: Option<String>,
    /// Offset from UTC, minutes.
    #[serde(default)]
    pub utc_offset_minutes: String,
    /// Open weekdays, Monday first.
    pub day0: Option<String>,
    /// Tuesday.
    pub day1: Option<String>,
    /// Wednesday.
    pub day2: Option<String>,
    /// Thursday.
    pub day3: Option<String>,
    /// Friday.
    pub day4: Option<String>,
    /// Saturday.
    pub day5: Option<String>,
    /// Sunday.
    pub day6: Option<String>,
    /// Opening, `HH:MM` local.
    #[serde(default)]
    pub open: String,
    /// Closing, `HH:MM` local (`24:00` or `00:00` = midnight at the end of the day).
    #[serde(default)]
    pub close: String,
    /// Closed dates, `YYYY-MM-DD`, separated by commas, spaces or lines.
    #[serde(default)]
    pub holidays: String,
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

impl PolicyForm {
    /// The form filled with a stored policy.
    pub fn of(p: &Policy) -> Self {
        let c = &p.calendar;
        let day = |i: usize| c.open_days[i].then(|| "on".to_string());
        Self {
            first_response_minutes: p.first_response_minutes.to_string(),
            resolution_minutes: p.resolution_minutes.to_string(),
            always_open: c.always_open.then(|| "on".to_string()),
            utc_offset_minutes: c.utc_offset_minutes.to_string(),
            day0: day(0),
            day1: day(1),
            day2: day(2),
            day3: day(3),
            day4: day(4),
            day5: day(5),
            day6: day(6),
            open: hhmm(c.open_minute),
            close: hhmm(c.close_minute),
            holidays: c
                .holidays
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Which weekdays are ticked, Monday first.
    pub fn days(&self) -> [bool; 7] {
        [
            &self.day0, &self.day1, &self.day2, &self.day3, &self.day4, &self.day5, &self.day6,
        ]
        .map(|d| d.is_some())
    }

    /// The API body this form stands for; field errors of what cannot be read at all.
    pub fn body(&self) -> Result<PolicyBody, Vec<DomainError>> {
        let mut e = Vec::new();
        let mut minutes = |field: &str, v: &str| match v.trim().parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                e.push(DomainError::new(
                    field,
                    Code::NotAWholeNumber {
                        value: v.trim().to_string(),
                    },
                ));
                0
            }
        };
        let first_response_minutes =
            minutes("first_response_minutes", &self.first_response_minutes);
        let resolution_minutes = minutes("resolution_minutes", &self.resolution_minutes);
        let utc_offset_minutes = match self.utc_offset_minutes.trim() {
            "" => 0,
            v => v
                .trim_start_matches('+')
                .parse::<i32>()
                .unwrap_or_else(|_| {
                    e.push(DomainError::new(
                        "utc_offset_minutes",
                        Code::NotAWholeNumber {
                            value: v.to_string(),
                        },
                    ));
                    0
                }),
        };
        let always_open = self.always_open.is_some();
        let mut time = |field: &str, v: &str, end: bool| -> u32 {
            let parsed = v.trim().split_once(':').and_then(|(h, m)| {
                let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
                (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
            });
            match parsed {
                Some(0) if end => 1440,
                Some(t) => t,
                None if always_open => 0,
                None => {
                    e.push(DomainError::new(
                        field,
                        Code::Malformed {
                            value: v.trim().to_string(),
                            expected: Format::Time,
                        },
                    ));
                    0
                }
            }
        };
        let open_minute = time("open", &self.open, false);
        let close_minute = time("close", &self.close, true);
        let mut holidays = Vec::new();
        for d in self
            .holidays
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|d| !d.is_empty())
        {
            match carewell_domain::time::parse_date("holidays", d) {
                Ok(d) => holidays.push(d),
                Err(err) => e.push(err),
            }
        }
        holidays.sort();
        holidays.dedup();
        if !e.is_empty() {
            return Err(e);
        }
        Ok(PolicyBody {
            first_response_minutes,
            resolution_minutes,
            calendar: BusinessCalendar {
                always_open,
                utc_offset_minutes,
                open_days: self.days(),
                open_minute,
                close_minute,
                holidays,
            },
        })
    }
}

/// A calendar error of the API body, shown beside the page's own field.
fn on_form(mut e: DomainError) -> DomainError {
    e.field = match e.field.as_str() {
        "calendar.open_minute" => "open",
        "calendar.close_minute" => "close",
        "calendar.utc_offset_minutes" => "utc_offset_minutes",
        "calendar.open_days" | "calendar.holidays" => "calendar",
        other => other,
    }
    .to_string();
    e
}

/// One severity on the page.
pub struct Row {
    /// Stable name (`critical`).
    pub severity: String,
    /// Translated name.
    pub label: String,
    /// First response target, readable.
    pub first_response: String,
    /// Resolution target, readable.
    pub resolution: String,
    /// When the clock runs, readable.
    pub hours: String,
    /// Closed dates.
    pub holidays: String,
    /// The edit form (stored values, or as submitted).
    pub form: PolicyForm,
    /// Ticked weekdays of the form, Monday first, with their labels.
    pub days: Vec<(usize, String, bool)>,
    /// Errors of the form.
    pub errors: FormErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "complaints/sla.html")]
/// The SLA policy page.
pub struct SlaPage {
    chrome: Chrome,
    rows: Vec<Row>,
    can_edit: bool,
    saved: bool,
}

/// Business minutes as `4 h`, `1 h 30 min` or `45 min` (never days: a business day is not
/// 24 hours).
fn minutes(tr: &Tr, m: i64) -> String {
    let (h, min) = (m / 60, m % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(tr.t_with("sla-hours", &[("n", &h.to_string())]));
    }
    if min > 0 || parts.is_empty() {
        parts.push(tr.t_with("sla-minutes", &[("n", &min.to_string())]));
    }
    parts.join(" ")
}

fn hours(tr: &Tr, c: &BusinessCalendar) -> String {
    if c.always_open {
        return tr.t("sla-always-open");
    }
    let days: Vec<String> = (0..7)
        .filter(|i| c.open_days[*i])
        .map(|i| tr.t(&format!("sla-day-{i}")))
        .collect();
    let off = c.utc_offset_minutes;
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.unsigned_abs();
    format!(
        "{} · {}–{} (UTC{sign}{:02}:{:02})",
        days.join(", "),
        hhmm(c.open_minute),
        hhmm(c.close_minute),
        off / 60,
        off % 60
    )
}

/// Renders the page; `edited` is the severity whose form is shown as submitted.
async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    edited: Option<(Severity, PolicyForm, FormErrors)>,
    status: StatusCode,
    saved: bool,
) -> Result<Response, AppError> {
    let policies = s.store.sla_policies().await?;
    let mut edited = edited;
    let rows = policies
        .iter()
        .map(|p| {
            let (form, errors) = match edited.take_if(|(sev, _, _)| *sev == p.severity) {
                Some((_, f, e)) => (f, e),
                None => (PolicyForm::of(p), FormErrors::default()),
            };
            let ticked = form.days();
            Row {
                severity: p.severity.as_str().into(),
                label: label(&tr, "cmp-severity", p.severity.as_str()),
                first_response: minutes(&tr, p.first_response_minutes),
                resolution: minutes(&tr, p.resolution_minutes),
                hours: hours(&tr, &p.calendar),
                holidays: if p.calendar.always_open {
                    String::new()
                } else {
                    p.calendar
                        .holidays
                        .iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                days: (0..7)
                    .map(|i| (i, tr.t(&format!("sla-day-{i}")), ticked[i]))
                    .collect(),
                form,
                errors,
            }
        })
        .collect();
    let page = SlaPage {
        chrome: Chrome::new(tr, user),
        rows,
        can_edit: user.has(Role::MANAGERS),
        saved,
    };
    Ok((status, page).into_response())
}

/// Query of the page.
#[derive(Debug, Default, Deserialize)]
pub struct SlaQuery {
    /// Set after a successful save.
    pub saved: Option<String>,
}

/// GET /complaints/sla: the policies (every signed-in role).
pub async fn page(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    axum::extract::Query(q): axum::extract::Query<SlaQuery>,
) -> Result<Response, AppError> {
    render(&s, tr, &user, None, StatusCode::OK, q.saved.is_some()).await
}

/// POST /complaints/sla/{severity}: replaces one policy (managers).
pub async fn save(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(severity): Path<String>,
    Form(f): Form<PolicyForm>,
) -> Result<Response, AppError> {
    let sev = Severity::parse(&severity)?;
    let result = match f.body() {
        Ok(body) => match body.policy(&severity) {
            Ok(p) => s
                .store
                .set_sla_policy(&user.actor(), &p)
                .await
                .map(|_| ())
                .map_err(AppError::from),
            Err(e) => Err(e),
        },
        Err(errors) => {
            let edited = Some((sev, f, FormErrors::from_domain(&tr, &errors)));
            return render(
                &s,
                tr,
                &user,
                edited,
                StatusCode::UNPROCESSABLE_ENTITY,
                false,
            )
            .await;
        }
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/complaints/sla?saved=1#sla-{severity}")).into_response())
        }
        Err(e) => {
            let status = e.status();
            let e = match e {
                AppError::Invalid(v) => AppError::Invalid(v.into_iter().map(on_form).collect()),
                other => other,
            };
            let errors = FormErrors::from_app(&tr, e)?;
            render(&s, tr, &user, Some((sev, f, errors)), status, false).await
        }
    }
}
