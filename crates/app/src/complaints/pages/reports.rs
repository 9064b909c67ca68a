//! The complaint reports page (managers): volume by category and severity, SLA attainment,
//! median times, repeat complainants, root causes, with bars; and its CSV download.

use crate::complaints::api::reports::{Period, csv};
use crate::complaints::view::duration;
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::csv::csv_response;
use crate::web::error::AppError;
use crate::web::form::{FormErrors, Labels};
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::label;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::time::parse_ts;
use carewell_store::complaints::report::{ComplaintReport, Count};
use chrono::{Duration, Utc};

/// GET /complaints/reports.csv
pub async fn csv_export(
    State(s): State<AppState>,
    Query(p): Query<Period>,
) -> Result<Response, AppError> {
    let (from, to) = p.bounds()?;
    Ok(csv_response(
        "complaints.csv",
        csv(&s.store, &from, &to).await?,
    ))
}

/// A labelled count.
pub struct Bar {
    label: String,
    count: i64,
    width: i64,
}

fn bars(tr: &Tr, prefix: &str, v: &[Count]) -> Vec<Bar> {
    let max = v.iter().map(|c| c.count).max().unwrap_or(1).max(1);
    v.iter()
        .map(|c| Bar {
            label: if prefix.is_empty() {
                c.key.clone()
            } else {
                label(tr, prefix, &c.key)
            },
            count: c.count,
            width: c.count * 100 / max,
        })
        .collect()
}

/// The report page.
#[derive(Template, WebTemplate)]
#[template(path = "complaints/report.html")]
pub struct ReportPage {
    chrome: Chrome,
    r: ComplaintReport,
    from: String,
    to: String,
    from_input: String,
    to_input: String,
    csv_link: String,
    sections: Vec<(String, Vec<Bar>)>,
    median_fr: String,
    median_res: String,
    fr_pct: String,
    res_pct: String,
    all_pct: String,
    satisfaction: String,
    /// Errors of the period form, beside its fields.
    errors: FormErrors,
}

/// The period form's labels.
const PERIOD_LABELS: Labels<'static> = &[("from", "cmp-from"), ("to", "cmp-to")];

/// GET /complaints/reports
pub async fn page(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(p): Query<Period>,
) -> Result<Response, AppError> {
    // A period that is refused is shown beside its fields over the default period's report.
    let (bounds, errors) = match p.bounds() {
        Ok(b) => (b, FormErrors::default()),
        Err(e) => (
            Period::default().bounds()?,
            FormErrors::from_app_in(&tr, e, PERIOD_LABELS)?,
        ),
    };
    let (from, to) = bounds;
    let r = s.store.complaint_report(&from, &to, Utc::now()).await?;
    let pct = |v: Option<f64>| v.map(|p| format!("{p:.1} %")).unwrap_or_else(|| "—".into());
    let qs = serde_urlencoded::to_string([("from", &from), ("to", &to)]).unwrap_or_default();
    // The period as the user chose it: first and last day (the stored end is exclusive).
    let from_input = from.get(..10).unwrap_or_default().to_string();
    let mut to_input = parse_ts("to", &to)
        .map(|t| (t - Duration::seconds(1)).format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let mut from_input = from_input;
    if !errors.is_empty() {
        // The period as typed, to be corrected.
        from_input = p.from.clone().unwrap_or_default();
        to_input = p.to.clone().unwrap_or_default();
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ReportPage {
        errors,
        sections: vec![
            (
                tr.t("cmp-field-category"),
                bars(&tr, "cmp-category", &r.by_category),
            ),
            (
                tr.t("cmp-field-severity"),
                bars(&tr, "cmp-severity", &r.by_severity),
            ),
            (tr.t("cmp-root-causes"), bars(&tr, "", &r.root_causes)),
        ],
        median_fr: r
            .median_first_response_seconds
            .map(duration)
            .unwrap_or_else(|| "—".into()),
        median_res: r
            .median_resolution_seconds
            .map(duration)
            .unwrap_or_else(|| "—".into()),
        fr_pct: pct(r.first_response_sla.percent_met),
        res_pct: pct(r.resolution_sla.percent_met),
        all_pct: pct(r.overall_sla.percent_met),
        satisfaction: r
            .average_satisfaction
            .map(|a| format!("{a:.1} / 5"))
            .unwrap_or_else(|| "—".into()),
        from: from_input.clone(),
        to: to_input.clone(),
        from_input,
        to_input,
        csv_link: format!("/complaints/reports.csv?{qs}"),
        chrome: Chrome::new(tr, &user),
        r,
    };
    Ok((status, page).into_response())
}
