//! GET /client-fit/{id}: one customer's review — the evidence behind each reason, the forms for
//! notes, judgements, likelihood, flags and the decision, and the history.

use crate::client_fit::view::{Badge, level_badge, rec_badge};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::client_fit::{Level, LevelSource, Likelihood, Reason, Recommendation};
use carewell_domain::role::Role;
use chrono::Utc;

/// One reason on the review page.
pub struct ReasonView {
    name: &'static str,
    label: String,
    level: Badge,
    source: String,
    data: String,
    reviewer: String,
    evidence: Vec<(String, String)>,
    judgement_only: bool,
}

/// A link behind a score.
pub struct LinkView {
    href: String,
    text: String,
    detail: String,
}

/// A flag candidate.
pub struct CandidateView {
    id: String,
    text: String,
    detail: String,
    negative: bool,
}

/// A history line.
pub struct HistoryView {
    at: crate::web::view::When,
    who: String,
    what: String,
    note: String,
}

/// A decision line.
pub struct DecisionView {
    at: crate::web::view::When,
    who: String,
    decision: Badge,
    recommended: String,
    reason: String,
    case_id: Option<String>,
}

/// The review page.
#[derive(Template, WebTemplate)]
#[template(path = "client_fit/show.html")]
pub struct ShowPage {
    chrome: Chrome,
    id: String,
    name: String,
    rec: Badge,
    likelihood: String,
    suggested: String,
    reviewer_likelihood: String,
    problems: usize,
    serious: usize,
    weight: u32,
    reasons: Vec<ReasonView>,
    complaints: Vec<LinkView>,
    incidents: Vec<LinkView>,
    candidates: Vec<CandidateView>,
    history: Vec<HistoryView>,
    decisions: Vec<DecisionView>,
    reason_opts: Vec<Opt>,
    level_opts: Vec<Opt>,
    likelihood_opts: Vec<Opt>,
    decision_opts: Vec<Opt>,
    can_write: bool,
    can_manage: bool,
    error: Option<String>,
    /// Why the decision form was refused, shown beside its select (e.g. nothing chosen).
    decision_error: Option<String>,
    /// "Not enough data to judge by", when so.
    not_enough: Option<String>,
}

/// Renders the review, with `error` above the forms when a change was refused.
pub async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    render_with(s, tr, user, id, error, None, status).await
}

/// [`render`], with an error beside the decision select.
pub async fn render_with(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    error: Option<String>,
    decision_error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let r = s
        .store
        .client_fit_review(user.clearance(), id, Utc::now())
        .await?;
    let a = &r.assessment;
    let not_enough = (a.data != carewell_domain::client_fit::DataSufficiency::Enough).then(|| {
        format!(
            "{} — {}",
            label(&tr, "cf-data", a.data.as_str()),
            tr.t("cf-not-enough-data")
        )
    });
    let opt_level = |l: Option<Level>| {
        l.map(|l| label(&tr, "cf-level", l.as_str()))
            .unwrap_or_else(|| "—".into())
    };
    let reasons = a
        .reasons
        .iter()
        .map(|x| ReasonView {
            name: x.reason.as_str(),
            label: label(&tr, "cf-reason", x.reason.as_str()),
            level: level_badge(&tr, x.level),
            source: label(&tr, "cf-source", x.source.as_str()),
            data: opt_level(x.data_level),
            reviewer: opt_level(x.reviewer_level),
            evidence: x
                .evidence
                .iter()
                .map(|e| (label(&tr, "cf-ev", &e.key), e.value.clone()))
                .collect(),
            judgement_only: !x.reason.data_based() && x.source == LevelSource::NotAssessed,
        })
        .collect();
    let complaints = r
        .trivial_complaints
        .iter()
        .map(|c| LinkView {
            href: format!("/complaints/{}", c.id),
            text: c.subject.clone(),
            detail: format!(
                "{} · {}{}",
                when(&c.created_at),
                label(&tr, "cmp-severity", &c.severity),
                c.root_cause
                    .as_deref()
                    .map(|rc| format!(" · {rc}"))
                    .unwrap_or_default()
            ),
        })
        .collect();
    let incidents = r
        .abuse_incidents
        .iter()
        .map(|i| LinkView {
            href: format!("/customers/{id}#interaction-{}", i.id),
            text: i.summary.clone(),
            detail: format!(
                "{} · {}{}",
                when(&i.occurred_at),
                i.flagged_by.clone().unwrap_or_default(),
                i.flag_note
                    .as_deref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default()
            ),
        })
        .collect();
    let candidates = r
        .flag_candidates
        .iter()
        .map(|i| CandidateView {
            id: i.id.clone(),
            text: i.summary.clone(),
            detail: format!(
                "{} · {}",
                when(&i.occurred_at),
                label(&tr, "interaction", &i.kind)
            ),
            negative: i.sentiment.as_deref() == Some("negative"),
        })
        .collect();
    let history = r
        .judgements
        .iter()
        .map(|j| {
            let topic = if j.topic == "likelihood" {
                String::new()
            } else {
                label(&tr, "cf-reason", &j.topic)
            };
            let value = match (j.kind.as_str(), &j.value) {
                ("judgement", Some(v)) => label(&tr, "cf-level", v),
                ("likelihood", Some(v)) => label(&tr, "cf-likelihood", v),
                ("judgement", None) => tr.t("cf-back-to-data"),
                ("likelihood", None) => tr.t("cf-likelihood-use-suggestion"),
                _ => String::new(),
            };
            let what = [label(&tr, "cf-kind", &j.kind), topic, value]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            HistoryView {
                at: when(&j.created_at),
                who: j.reviewer.clone(),
                what,
                note: j.note.clone(),
            }
        })
        .collect();
    let decisions = r
        .decisions
        .iter()
        .map(|d| DecisionView {
            at: when(&d.created_at),
            who: d.reviewer.clone(),
            decision: rec_badge(&tr, d.decision),
            recommended: label(&tr, "cf-rec", d.recommendation.as_str()),
            reason: d.reason.clone(),
            case_id: d.offboarding_case_id.clone(),
        })
        .collect();
    let reason_names: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    let level_names: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
    let like_names: Vec<&str> = Likelihood::ALL.iter().map(|l| l.as_str()).collect();
    let rec_names: Vec<&str> = Recommendation::ALL.iter().map(|r| r.as_str()).collect();
    let page = ShowPage {
        id: r.customer_id.clone(),
        name: r.name.clone(),
        rec: rec_badge(&tr, a.recommendation),
        likelihood: label(&tr, "cf-likelihood", a.likelihood.as_str()),
        suggested: label(&tr, "cf-likelihood", a.suggested_likelihood.as_str()),
        reviewer_likelihood: a
            .reviewer_likelihood
            .map(|l| label(&tr, "cf-likelihood", l.as_str()))
            .unwrap_or_else(|| "—".into()),
        problems: a.problems,
        serious: a.serious,
        weight: a.weight,
        reasons,
        complaints,
        incidents,
        candidates,
        history,
        decisions,
        reason_opts: opts(&tr, "cf-reason", &reason_names, ""),
        level_opts: opts(&tr, "cf-level", &level_names, ""),
        likelihood_opts: opts(
            &tr,
            "cf-likelihood",
            &like_names,
            a.reviewer_likelihood.map(|l| l.as_str()).unwrap_or(""),
        ),
        // Nothing preselected: a decision (parting ways above all) is chosen deliberately.
        decision_opts: opts(&tr, "cf-rec", &rec_names, ""),
        can_write: user.has(Role::WRITERS),
        can_manage: user.has(Role::MANAGERS),
        chrome: Chrome::new(tr, user),
        error,
        decision_error,
        not_enough,
    };
    Ok((status, page).into_response())
}

/// GET /client-fit/{id}
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render(&s, tr, &user, &id, None, StatusCode::OK).await
}
