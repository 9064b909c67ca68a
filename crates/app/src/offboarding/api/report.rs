//! The offboarding report: reasons, outcomes, revenue impact, exit-survey answers.

use super::{Problemed, blank};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::csv::csv_response;
use crate::web::error::Problem;
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use carewell_domain::DomainError;
use carewell_store::offboarding::report::OffboardingReport;
use chrono::{Duration, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

/// Report period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// First day (YYYY-MM-DD; default 365 days ago).
    pub from: Option<String>,
    /// Last day, included (default today).
    pub to: Option<String>,
}

impl Period {
    /// The dates.
    pub fn dates(&self) -> Result<(NaiveDate, NaiveDate), DomainError> {
        let today = Utc::now().date_naive();
        let pick = |v: &Option<String>, f: &str, d: NaiveDate| match blank(v) {
            Some(s) => carewell_domain::time::parse_date(f, &s),
            None => Ok(d),
        };
        let (from, to) = (
            pick(&self.from, "from", today - Duration::days(365))?,
            pick(&self.to, "to", today)?,
        );
        // A range from after to is refused, not answered with an empty report.
        carewell_domain::time::check_range("from", Some(from), "to", Some(to))?;
        Ok((from, to))
    }
}

/// Reasons for leaving, outcomes, revenue impact and exit-survey answers.
#[utoipa::path(get, path = "/api/v1/offboarding/report", tag = "offboarding", params(Period),
    responses((status = 200, body = OffboardingReport), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn report(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<Period>,
) -> Problemed<Json<OffboardingReport>> {
    let (from, to) = p.dates()?;
    let who = user.clearance();
    Ok(Json(s.store.offboarding_report(who, from, to).await?))
}

/// The report as CSV.
#[utoipa::path(get, path = "/api/v1/offboarding/report.csv", tag = "offboarding", params(Period),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn report_csv(
    State(s): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<Period>,
) -> Problemed<Response> {
    let (from, to) = p.dates()?;
    let r = s
        .store
        .offboarding_report(user.clearance(), from, to)
        .await?;
    Ok(csv_response("offboarding-report.csv", r.to_csv()))
}
