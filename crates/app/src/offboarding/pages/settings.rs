//! GET /offboarding/settings: the minimum-notice rules (jurisdiction × contract type → notice)
//! and the retention rules (what is held after the relationship ends, how long, on which legal
//! basis). Everyone who reads cases reads the rules; the forms follow the offboarding API's
//! roles: admins add, change and remove notice rules, compliance and admins set retention
//! rules. Every change goes through the store (audited); a refused one re-renders the page with
//! a readable reason and what was typed (422).

use crate::kernel::state::AppState;
use crate::offboarding::view::period;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::offboarding::notice::{self, NoticeRule};
use carewell_domain::offboarding::retention::{HOLDABLE_TABLES, RetentionRule};
use carewell_domain::role::Role;
use serde::Deserialize;

/// Who may change notice rules (as `PUT /api/v1/offboarding/notice-rules`; the routes say
/// `access::ADMIN`).
pub const NOTICE_EDITORS: &[Role] = Role::ADMINS;
/// Who may change retention rules (as `PUT /api/v1/offboarding/retention-rules`; the routes
/// say `access::AUDIT`).
pub const RETENTION_EDITORS: &[Role] = Role::AUDITORS;

/// A notice rule as shown.
pub struct NoticeView {
    jurisdiction: String,
    contract_type: String,
    min_months: u32,
    min_days: u32,
    period: String,
    basis: String,
    removable: bool,
}

/// A retention rule as shown.
pub struct RetentionView {
    category: String,
    tables: Vec<(&'static str, String, bool)>,
    tables_text: String,
    keep_days: i64,
    years: String,
    legal_basis: String,
}

/// What was typed into the notice form.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeForm {
    /// Country code, EU or default.
    #[serde(default)]
    pub jurisdiction: String,
    /// Contract type or default.
    #[serde(default)]
    pub contract_type: String,
    /// Months of notice.
    #[serde(default)]
    pub min_months: String,
    /// Days of notice.
    #[serde(default)]
    pub min_days: String,
    /// Where the rule comes from.
    #[serde(default)]
    pub basis: String,
}

/// What was typed into the retention form (one checkbox per holdable table).
#[derive(Debug, Default, Deserialize)]
pub struct RetentionForm {
    /// Category name.
    #[serde(default)]
    pub category: String,
    /// `on` when transactions are held.
    #[serde(default)]
    pub table_transactions: String,
    /// `on` when contracts are held.
    #[serde(default)]
    pub table_contracts: String,
    /// `on` when ledger entries are held.
    #[serde(default)]
    pub table_ledger_entries: String,
    /// Days kept after the relationship ends.
    #[serde(default)]
    pub keep_days: String,
    /// The law that requires it.
    #[serde(default)]
    pub legal_basis: String,
}

impl RetentionForm {
    fn tables(&self) -> Vec<String> {
        [
            ("transactions", &self.table_transactions),
            ("contracts", &self.table_contracts),
            ("ledger_entries", &self.table_ledger_entries),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(t, _)| t.to_string())
        .collect()
    }
}

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "offboarding/settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    notice: Vec<NoticeView>,
    retention: Vec<RetentionView>,
    can_notice: bool,
    can_retention: bool,
    errors: Vec<String>,
    error_at: &'static str,
    saved: bool,
    nf: NoticeForm,
    rf: RetentionForm,
    rf_tables: Vec<(&'static str, String, bool)>,
}

fn table_label(tr: &Tr, t: &str) -> String {
    crate::web::view::label(tr, "offb-set-table", t)
}

fn years(tr: &Tr, days: i64) -> String {
    // Whole years (leap days allowed for): 1826 → 5, 2557 → 7.
    let y = (days as f64 / 365.25).round() as i64;
    if y >= 2 && (days as f64 - y as f64 * 365.25).abs() <= 3.0 {
        tr.t_with("offb-set-years", &[("years", &y.to_string())])
    } else {
        String::new()
    }
}

/// What the page shows besides the rules: typed values, refusals, a saved notice.
#[derive(Default)]
struct Outcome {
    nf: NoticeForm,
    rf: RetentionForm,
    errors: Vec<String>,
    error_at: &'static str,
    saved: bool,
}

async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    o: Outcome,
) -> Result<SettingsPage, AppError> {
    let Outcome {
        nf,
        rf,
        errors,
        error_at,
        saved,
    } = o;
    let notice = s
        .store
        .notice_rules()
        .await?
        .into_iter()
        .map(|r| NoticeView {
            period: period(&tr, &r),
            removable: !(r.jurisdiction == notice::DEFAULT && r.contract_type == notice::DEFAULT),
            jurisdiction: r.jurisdiction,
            contract_type: r.contract_type,
            min_months: r.min_months,
            min_days: r.min_days,
            basis: r.basis,
        })
        .collect();
    let retention = s
        .store
        .retention_rules()
        .await?
        .into_iter()
        .map(|r| RetentionView {
            tables: HOLDABLE_TABLES
                .iter()
                .map(|t| (*t, table_label(&tr, t), r.tables.iter().any(|x| x == t)))
                .collect(),
            tables_text: r
                .tables
                .iter()
                .map(|t| table_label(&tr, t))
                .collect::<Vec<_>>()
                .join(", "),
            years: years(&tr, r.keep_days),
            category: r.category,
            keep_days: r.keep_days,
            legal_basis: r.legal_basis,
        })
        .collect();
    let typed = rf.tables();
    let rf_tables = HOLDABLE_TABLES
        .iter()
        .map(|t| (*t, table_label(&tr, t), typed.iter().any(|x| x == t)))
        .collect();
    Ok(SettingsPage {
        notice,
        retention,
        can_notice: user.has(NOTICE_EDITORS),
        can_retention: user.has(RETENTION_EDITORS),
        errors,
        error_at,
        saved,
        nf,
        rf,
        rf_tables,
        chrome: Chrome::new(tr, user),
    })
}

/// `?saved=1` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    /// Set after a successful change.
    pub saved: Option<String>,
}

/// GET /offboarding/settings
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ShowQuery>,
) -> Result<SettingsPage, AppError> {
    let o = Outcome {
        saved: q.saved.is_some(),
        ..Outcome::default()
    };
    render(&s, tr, &user, o).await
}

/// A whole number typed into `field`, or a readable refusal.
fn number(tr: &Tr, field: &str, raw: &str, errors: &mut Vec<String>) -> i64 {
    let t = raw.trim();
    if t.is_empty() {
        return 0;
    }
    t.parse().unwrap_or_else(|_| {
        errors.push(tr.t_with(
            "offb-set-err-number",
            &[("field", &field_label(tr, field)), ("value", t)],
        ));
        0
    })
}

fn field_label(tr: &Tr, field: &str) -> String {
    crate::web::view::label(tr, "offb-set-field", field)
}

/// The reasons a change was refused, readable: the field's label and the rule's own words.
fn refusal(tr: &Tr, e: AppError) -> Result<Vec<String>, AppError> {
    match e {
        AppError::Invalid(v) => Ok(v
            .iter()
            .map(|f| format!("{}: {}", field_label(tr, &f.field), tr.code(&f.code)))
            .collect()),
        AppError::Refused(r) => Ok(vec![tr.refusal(&r)]),
        AppError::NotFound(_) => Ok(vec![tr.t("offb-set-err-gone")]),
        other => Err(other),
    }
}

/// Where a saved change goes: the settings page with a confirmation.
fn saved() -> Response {
    Redirect::to("/offboarding/settings?saved=1").into_response()
}

/// The settings page again (422) with `o`: the form as typed and why it was refused.
async fn again(s: &AppState, tr: Tr, user: &CurrentUser, o: Outcome) -> Result<Response, AppError> {
    let page = render(s, tr, user, o).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// POST /offboarding/settings/notice (admins): add or replace a notice rule.
pub async fn save_notice(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<NoticeForm>,
) -> Result<Response, AppError> {
    let mut errors = Vec::new();
    let months = number(&tr, "min_months", &f.min_months, &mut errors);
    let days = number(&tr, "min_days", &f.min_days, &mut errors);
    if errors.is_empty() {
        let result = async {
            let r = NoticeRule::new(&f.jurisdiction, &f.contract_type, months, days, &f.basis)?;
            s.store.set_notice_rule(&user.actor(), &r).await?;
            Ok::<_, AppError>(())
        }
        .await;
        match result {
            Ok(()) => return Ok(saved()),
            Err(e) => errors = refusal(&tr, e)?,
        }
    }
    let o = Outcome {
        nf: f,
        errors,
        error_at: "notice",
        ..Outcome::default()
    };
    again(&s, tr, &user, o).await
}

/// POST /offboarding/settings/notice/delete (admins): remove a notice rule (not default × default).
pub async fn delete_notice(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<NoticeForm>,
) -> Result<Response, AppError> {
    let result = s
        .store
        .delete_notice_rule(&user.actor(), f.jurisdiction.trim(), f.contract_type.trim())
        .await
        .map_err(AppError::from);
    let errors = match result {
        Ok(()) => return Ok(saved()),
        Err(e) => refusal(&tr, e)?,
    };
    let o = Outcome {
        errors,
        error_at: "notice",
        ..Outcome::default()
    };
    again(&s, tr, &user, o).await
}

/// POST /offboarding/settings/retention (compliance, admins): add or replace a retention rule.
pub async fn save_retention(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<RetentionForm>,
) -> Result<Response, AppError> {
    let mut errors = Vec::new();
    let keep = number(&tr, "keep_days", &f.keep_days, &mut errors);
    if errors.is_empty() {
        let result = async {
            let r = RetentionRule::new(&f.category, f.tables(), keep, &f.legal_basis)?;
            s.store.set_retention_rule(&user.actor(), &r).await?;
            Ok::<_, AppError>(())
        }
        .await;
        match result {
            Ok(()) => return Ok(saved()),
            Err(e) => errors = refusal(&tr, e)?,
        }
    }
    let o = Outcome {
        rf: f,
        errors,
        error_at: "retention",
        ..Outcome::default()
    };
    again(&s, tr, &user, o).await
}
