//! GET /offboarding/reports(.csv): why customers leave (company- or customer-initiated), how
//! cases end, the revenue that leaves, and what the exit surveys say.

use crate::kernel::state::AppState;
use crate::offboarding::view::totals;
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
use carewell_domain::time::parse_date;
use carewell_store::offboarding::report::OffboardingReport;
use chrono::{Duration, NaiveDate, Utc};
use serde::Deserialize;

/// The period (both days included; the last year by default).
#[derive(Debug, Default, Deserialize)]
pub struct Period {
    /// First day, YYYY-MM-DD.
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD.
    pub to: Option<String>,
}

impl Period {
    fn bounds(&self) -> Result<(NaiveDate, NaiveDate), AppError> {
        let today = Utc::now().date_naive();
        let pick =
            |v: &Option<String>, field: &str, dflt: NaiveDate| match v.as_deref().map(str::trim) {
                Some(d) if !d.is_empty() => parse_date(field, d).map_err(AppError::from),
                _ => Ok(dflt),
            };
        let (from, to) = (
            pick(&self.from, "from", today - Duration::days(365))?,
            pick(&self.to, "to", today)?,
        );
        carewell_domain::time::check_range("from", Some(from), "to", Some(to))?;
        Ok((from, to))
    }
}

/// A row of a two-column table.
pub struct Line {
    key: String,
    detail: String,
    count: i64,
}

/// The report page.
#[derive(Template, WebTemplate)]
#[template(path = "offboarding/report.html")]
pub struct ReportPage {
    chrome: Chrome,
    from: String,
    to: String,
    cases: i64,
    reasons: Vec<Line>,
    outcomes: Vec<Line>,
    revenue: String,
    /// Cases whose revenue is held (retention hold) and not counted here.
    revenue_restricted: String,
    answers: i64,
    rating: String,
    left: Vec<Line>,
    kept: Vec<String>,
    csv: String,
    /// A refused period, beside its field (the report then shows the default period).
    errors: FormErrors,
    /// The period as typed, kept in the form when it was refused.
    typed_from: String,
    typed_to: String,
}

/// The labels of the period form.
const LABELS: Labels<'static> = &[("from", "offb-report-from"), ("to", "offb-report-to")];

async fn report(
    s: &AppState,
    user: &CurrentUser,
    p: &Period,
) -> Result<OffboardingReport, AppError> {
    let (from, to) = p.bounds()?;
    Ok(s.store
        .offboarding_report(user.clearance(), from, to)
        .await?)
}

/// GET /offboarding/reports
pub async fn page(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(p): Query<Period>,
) -> Result<Response, AppError> {
    // A refused period is shown beside its field, over the default period's report.
    let (r, errors) = match report(&s, &user, &p).await {
        Ok(r) => (r, FormErrors::default()),
        Err(e) => {
            let errors = FormErrors::from_app_in(&tr, e, LABELS)?;
            (report(&s, &user, &Period::default()).await?, errors)
        }
    };
    let typed = |v: &Option<String>, dflt: String| {
        if errors.is_empty() {
            dflt
        } else {
            v.clone().unwrap_or_default()
        }
    };
    let csv = format!(
        "/offboarding/reports.csv?{}",
        serde_urlencoded::to_string([("from", r.from.to_string()), ("to", r.to.to_string())])
            .unwrap_or_default()
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ReportPage {
        from: r.from.to_string(),
        to: r.to.to_string(),
        cases: r.cases,
        reasons: r
            .by_reason
            .iter()
            .map(|x| Line {
                key: label(&tr, "offb-reason", &x.reason),
                detail: label(&tr, "offb-initiator", &x.initiator),
                count: x.cases,
            })
            .collect(),
        outcomes: r
            .by_outcome
            .iter()
            .map(|x| Line {
                key: label(&tr, "offb-status", &x.status),
                detail: String::new(),
                count: x.cases,
            })
            .collect(),
        revenue: totals(&tr, &r.revenue_impact),
        revenue_restricted: if r.revenue_restricted_cases > 0 {
            tr.t_n("offb-report-revenue-restricted", r.revenue_restricted_cases)
        } else {
            String::new()
        },
        answers: r.survey.answers,
        rating: r
            .survey
            .average_rating
            .map(|a| format!("{a:.1}/5"))
            .unwrap_or_else(|| "—".into()),
        left: r
            .survey
            .by_reason_left
            .iter()
            .map(|x| Line {
                key: x.reason_left.clone(),
                detail: String::new(),
                count: x.answers,
            })
            .collect(),
        kept: r.survey.would_have_kept.clone(),
        typed_from: typed(&p.from, r.from.to_string()),
        typed_to: typed(&p.to, r.to.to_string()),
        errors,
        chrome: Chrome::new(tr, &user),
        csv,
    };
    Ok((status, page).into_response())
}

/// GET /offboarding/reports.csv
pub async fn csv_export(
    State(s): State<AppState>,
    user: CurrentUser,
    Query(p): Query<Period>,
) -> Result<Response, AppError> {
    let r = report(&s, &user, &p).await?;
    Ok(csv_response(
        &format!("offboarding-{}-{}.csv", r.from, r.to),
        r.to_csv(),
    ))
}
