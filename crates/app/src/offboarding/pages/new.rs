//! GET/POST /customers/{id}/offboarding: opening a case from the customer's page — initiator,
//! reason, the documented situations (the customer's complaints and interactions), and the
//! timeline, prefilled with the earliest plan the minimum notice allows.

use crate::kernel::state::AppState;
use crate::offboarding::view::{Fields, period, readable};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carewell_domain::offboarding::notice::Timeline;
use carewell_domain::offboarding::{Initiator, Reason, Situation, SituationKind};
use carewell_store::complaints::ComplaintQuery;
use carewell_store::offboarding::NewCase;
use chrono::Utc;

/// A situation the staff member may tick.
pub struct Pick {
    value: String,
    label: String,
    when: crate::web::view::When,
    checked: bool,
}

/// The form.
#[derive(Template, WebTemplate)]
#[template(path = "offboarding/new.html")]
pub struct NewPage {
    chrome: Chrome,
    customer_id: String,
    customer_name: String,
    initiators: Vec<Opt>,
    reasons: Vec<Opt>,
    picks: Vec<Pick>,
    f: Fields,
    rule: String,
    error: Option<String>,
}

async fn page(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    customer_id: &str,
    mut f: Fields,
    error: Option<String>,
) -> Result<NewPage, AppError> {
    let cu = s.store.customer(customer_id).await?;
    let ct = if f.contract_type.trim().is_empty() {
        "default"
    } else {
        f.contract_type.as_str()
    };
    let rule = s.store.notice_rule_for(customer_id, ct).await.ok();
    if f.notice_date.is_empty()
        && let Some(r) = &rule
    {
        f.set_timeline(&Timeline::suggest(Utc::now().date_naive(), r));
    }
    let q = ComplaintQuery {
        customer_id: Some(customer_id.to_string()),
        ..ComplaintQuery::default()
    };
    let complaints = s.store.search_complaints(&q, 100, 0).await?.items;
    let interactions = s.store.interactions(customer_id, 100).await?;
    let mut picks: Vec<Pick> = complaints
        .into_iter()
        .map(|c| {
            let value = format!("complaint:{}", c.id);
            Pick {
                checked: f.situations.contains(&value),
                value,
                label: format!("{} — {}", tr.t("offb-situation-complaint"), c.subject),
                when: when(&c.created_at),
            }
        })
        .collect();
    picks.extend(interactions.into_iter().map(|i| {
        let value = format!("interaction:{}", i.id);
        let summary: String = i.summary.chars().take(140).collect();
        Pick {
            checked: f.situations.contains(&value),
            value,
            label: format!(
                "{} — {}",
                label(&tr, "interaction", i.kind.as_str()),
                summary
            ),
            when: when(&i.occurred_at),
        }
    }));
    let reasons: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    let inits: Vec<&str> = Initiator::ALL.iter().map(|r| r.as_str()).collect();
    let initiator = if f.initiator.is_empty() {
        "company".to_string()
    } else {
        f.initiator.clone()
    };
    Ok(NewPage {
        rule: rule
            .map(|r| {
                tr.t_with(
                    "offb-rule",
                    &[
                        ("jurisdiction", &r.jurisdiction),
                        ("period", &period(&tr, &r)),
                        ("basis", &r.basis),
                    ],
                )
            })
            .unwrap_or_default(),
        initiators: opts(&tr, "offb-initiator", &inits, &initiator),
        reasons: opts(&tr, "offb-reason", &reasons, &f.reason),
        chrome: Chrome::new(tr, user),
        customer_id: cu.id,
        customer_name: cu.name,
        picks,
        f,
        error,
    })
}

/// GET /customers/{id}/offboarding
pub async fn form(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let q = carewell_store::offboarding::CaseQuery {
        status: Some("active".into()),
        customer_id: Some(id.clone()),
        ..Default::default()
    };
    let open = s
        .store
        .offboarding_cases(user.clearance(), &q, 1, 0)
        .await?;
    if let Some(c) = open.items.first() {
        return Ok(Redirect::to(&format!("/offboarding/{}", c.id)).into_response());
    }
    Ok(page(&s, tr, &user, &id, Fields::default(), None)
        .await?
        .into_response())
}

fn situations(f: &Fields) -> Result<Vec<Situation>, AppError> {
    f.situations
        .iter()
        .map(|v| {
            let (kind, id) = v.split_once(':').ok_or_else(|| {
                let code = carewell_domain::Code::Malformed {
                    value: v.clone(),
                    expected: carewell_domain::Format::KindColonId,
                };
                AppError::invalid("situations", code)
            })?;
            Ok(Situation {
                kind: SituationKind::parse(kind)?,
                id: id.to_string(),
                note: None,
            })
        })
        .collect()
}

/// POST /customers/{id}/offboarding
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let f = Fields::from_body(&body)?;
    let attempt = async {
        let n = NewCase {
            customer_id: id.clone(),
            initiator: Initiator::parse(&f.initiator)?,
            reason: Reason::parse(&f.reason)?,
            reason_note: Some(f.reason_note.clone()),
            situations: situations(&f)?,
            contract_type: f.contract_type.clone(),
            timeline: Some(f.timeline()?),
            exception_basis: Some(f.exception_basis.clone()),
        };
        Ok::<_, AppError>(s.store.open_offboarding(&user.actor(), &n).await?)
    };
    match attempt.await {
        Ok(c) => Ok(Redirect::to(&format!("/offboarding/{}", c.id)).into_response()),
        Err(e) => {
            let status = e.status();
            let Some(msg) = readable(&tr, &e) else {
                return Err(e);
            };
            let p = page(&s, tr, &user, &id, f, Some(msg)).await?;
            Ok((status, p).into_response())
        }
    }
}
