//! GET /customers/{id}: the customer's profile, contacts, the forms to record an interaction
//! or add a contact, and the timeline (newest first, paged).

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::form::FormErrors;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{Pager, page_number};
use crate::web::view::{Opt, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::customer::Channel;
use carewell_domain::interaction::{InteractionKind, Sentiment};
use carewell_domain::role::Role;
use carewell_store::contacts::Contact;
use carewell_store::customers::Customer;
use carewell_store::timeline::TimelineItem;
use serde::Deserialize;
use std::collections::HashMap;

/// Timeline entries per page.
pub const TIMELINE_PAGE: i64 = 20;

/// Query of the customer page.
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    /// Timeline page from 1.
    pub page: Option<String>,
}

/// The interaction form as typed.
#[derive(Debug, Clone, Default)]
pub struct InteractionForm {
    /// Kind of contact.
    pub kind: String,
    /// `YYYY-MM-DDTHH:MM` (UTC).
    pub occurred_at: String,
    /// What was said or done.
    pub summary: String,
    /// How the customer came across.
    pub sentiment: String,
}

impl InteractionForm {
    /// A call, now.
    pub fn blank() -> Self {
        Self {
            kind: "call".into(),
            occurred_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M").to_string(),
            ..Self::default()
        }
    }
}

/// The contact form as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactForm {
    /// Name.
    pub name: String,
    /// Role at the customer.
    pub role: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Main contact.
    pub is_primary: bool,
}

/// The state of the two forms on the page (blank, or as submitted with errors).
#[derive(Debug, Clone)]
pub struct Forms {
    /// Interaction form values.
    pub interaction: InteractionForm,
    /// Its errors.
    pub interaction_errors: FormErrors,
    /// Contact form values.
    pub contact: ContactForm,
    /// Its errors.
    pub contact_errors: FormErrors,
    /// Transaction, contract and usage forms.
    pub records: crate::customers::view::RecordForms,
}

impl Default for Forms {
    fn default() -> Self {
        Self {
            interaction: InteractionForm::blank(),
            interaction_errors: FormErrors::default(),
            contact: ContactForm::default(),
            contact_errors: FormErrors::default(),
            records: crate::customers::view::RecordForms::blank(),
        }
    }
}

/// One entry of the timeline, ready to show.
pub struct Entry {
    kind: String,
    href: String,
    kind_label: String,
    at: crate::web::view::When,
    title: String,
    detail: String,
    amount: String,
    sentiment: String,
    sentiment_label: String,
    who: String,
}

/// Consent state of one channel.
pub struct ConsentRow {
    label: String,
    state: &'static str,
    state_label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "customers/show.html")]
/// The customer page.
pub struct ShowPage {
    chrome: Chrome,
    c: Customer,
    kind_label: String,
    stage_label: String,
    owner: String,
    created: crate::web::view::When,
    updated: crate::web::view::When,
    consent: Vec<ConsentRow>,
    contacts: Vec<Contact>,
    entries: Vec<Entry>,
    pager: Pager,
    forms: Forms,
    kinds: Vec<Opt>,
    sentiments: Vec<Opt>,
    can_manage: bool,
    /// The customer's latest offboarding case not called off (open or closed), if any.
    offboarding: Option<OffboardingBanner>,
    /// Whether any offboarding case exists (then there is no hard delete, only erasure).
    has_case: bool,
    records: crate::customers::view::Records,
    /// The customer's open tasks, due first.
    tasks: Vec<crate::tasks::view::TaskView>,
    /// Where a task's done form comes back to.
    back: String,
    /// The contact cadence line ("Contact every 90 days · …"), if the customer has one.
    cadence: Option<String>,
    /// The health score, explained (none for departed customers or held ones without clearance).
    health: Option<crate::health::view::HealthBody>,
    /// The churn risk, explained (none before a run scored the customer, or held without
    /// clearance).
    prediction: Option<crate::retention::view::PredictionBody>,
}

/// The banner of a customer with an offboarding case.
pub struct OffboardingBanner {
    id: String,
    /// The case's status, translated.
    status: String,
    /// Whether the case is still running (else closed or erased).
    active: bool,
}

fn entry(tr: &Tr, t: TimelineItem, extra: &HashMap<String, (String, String)>) -> Entry {
    let amount = match (t.amount_minor, t.currency.as_deref()) {
        (Some(m), Some(c)) => tr.money_minor(m, c),
        _ => String::new(),
    };
    let (title, detail) = match t.kind.as_str() {
        "interaction" => (
            label(tr, "interaction", &t.title),
            t.detail.unwrap_or_default(),
        ),
        "contract" => (
            t.title,
            t.detail
                .map(|r| label(tr, "renewal", &r))
                .unwrap_or_default(),
        ),
        "usage" => (
            t.title,
            t.detail
                .map(|q| format!("× {}", q.trim_end_matches(".0")))
                .unwrap_or_default(),
        ),
        "complaint" => (
            t.title,
            t.detail
                .map(|st| label(tr, "cmp-status", &st))
                .unwrap_or_default(),
        ),
        "compensation" => (
            label(tr, "cmp-ledger", &t.title),
            t.detail.unwrap_or_default(),
        ),
        _ => (t.title, t.detail.unwrap_or_default()),
    };
    let href = if t.kind == "complaint" {
        format!("/complaints/{}", t.id)
    } else {
        String::new()
    };
    let (sentiment, who) = extra.get(&t.id).cloned().unwrap_or_default();
    Entry {
        kind_label: label(tr, "timeline", &t.kind),
        sentiment_label: if sentiment.is_empty() {
            String::new()
        } else {
            label(tr, "sentiment", &sentiment)
        },
        kind: t.kind,
        href,
        at: when(&t.at),
        title,
        detail,
        amount,
        sentiment,
        who,
    }
}

/// Renders the customer page with `forms` (blank, or as submitted with errors).
pub async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    page: i64,
    mut forms: Forms,
    status: StatusCode,
) -> Result<Response, AppError> {
    let c = s.store.customer(id).await?;
    let health = carewell_store::OrRestricted::or_restricted(
        s.store
            .customer_health(user.clearance(), id, s.clock.now())
            .await,
    )?
    .flatten()
    .map(|r| crate::health::view::HealthBody::new(&tr, r));
    let prediction = carewell_store::OrRestricted::or_restricted(
        s.store.customer_prediction(user.clearance(), id).await,
    )?
    .flatten()
    .map(|p| crate::retention::view::PredictionBody::new(&tr, p));
    let records = crate::customers::view::load(s, &tr, user, id, &mut forms.records).await?;
    let offset = (page - 1) * TIMELINE_PAGE;
    // Financial records under a retention hold are for compliance only: the store leaves
    // them out for everyone else (before paging, so pages stay full).
    let mut items = s
        .store
        .timeline(user.clearance(), id, TIMELINE_PAGE + 1, offset)
        .await?;
    // The customer's offboarding cases, newest first: the latest one not called off is linked
    // from a banner; while any case exists the customer is not hard-deleted (erasure on the
    // case is the lawful way), so the Delete button is not offered.
    let cases = s
        .store
        .offboarding_cases(
            user.clearance(),
            &carewell_store::offboarding::CaseQuery {
                customer_id: Some(id.to_string()),
                ..Default::default()
            },
            20,
            0,
        )
        .await?
        .items;
    let has_case = !cases.is_empty();
    let offboarding = cases
        .into_iter()
        .find(|c| c.status != carewell_domain::offboarding::workflow::Status::Cancelled)
        .map(|c| OffboardingBanner {
            status: label(&tr, "offb-status", c.status.as_str()),
            active: !matches!(
                c.status,
                carewell_domain::offboarding::workflow::Status::Closed
                    | carewell_domain::offboarding::workflow::Status::Erased
            ),
            id: c.id,
        });
    let has_next = items.len() as i64 > TIMELINE_PAGE;
    items.truncate(TIMELINE_PAGE as usize);
    let users: HashMap<String, String> = s
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    // Sentiment and author are not on the timeline row; interactions are a subset of it in
    // the same order, so the newest offset+page (plus a margin for ties) cover this page.
    let extra: HashMap<String, (String, String)> = s
        .store
        .interactions(id, offset + TIMELINE_PAGE + 50)
        .await?
        .into_iter()
        .map(|i| {
            let who = i
                .user_id
                .as_ref()
                .and_then(|u| users.get(u).cloned())
                .unwrap_or_default();
            let sentiment = i.sentiment.map(|s| s.as_str().to_string());
            (i.id, (sentiment.unwrap_or_default(), who))
        })
        .collect();
    let entries = items.into_iter().map(|t| entry(&tr, t, &extra)).collect();
    let base = format!("/customers/{id}");
    let mut pager = Pager::new(&tr, &base, &[], page, TIMELINE_PAGE, i64::MAX / 2);
    pager.label = tr.t_with("pager-page-only", &[("page", &page.to_string())]);
    if !has_next {
        pager.next = None;
    }
    for link in [&mut pager.prev, &mut pager.next].into_iter().flatten() {
        link.push_str("#timeline");
    }
    let consent = Channel::ALL
        .iter()
        .map(|ch| {
            let state = match c.consent.get(ch) {
                Some(true) => "granted",
                Some(false) => "refused",
                None => "unknown",
            };
            ConsentRow {
                label: label(&tr, "channel", ch.as_str()),
                state,
                state_label: label(&tr, "consent", state),
            }
        })
        .collect();
    let now = chrono::Utc::now();
    let tasks = s
        .store
        .open_tasks_for_customer(id, 20)
        .await?
        .iter()
        .map(|t| {
            crate::tasks::view::TaskView::new(&tr, t, now).allow(
                t.owner_id.as_deref(),
                &user.user.id,
                user.has(Role::WRITERS),
                user.has(Role::MANAGERS),
            )
        })
        .collect();
    let cadence =
        crate::cadence::view::line(&tr, &s.store.customer_cadence(id).await?, now.date_naive());
    let kinds: Vec<&str> = InteractionKind::ALL.iter().map(|k| k.as_str()).collect();
    let sentiments: Vec<&str> = Sentiment::ALL.iter().map(|k| k.as_str()).collect();
    let page = ShowPage {
        kind_label: label(&tr, "kind", c.kind.as_str()),
        stage_label: label(&tr, "stage", c.stage.as_str()),
        owner: c
            .owner_id
            .as_ref()
            .map(|o| users.get(o).cloned().unwrap_or_else(|| o.clone()))
            .unwrap_or_default(),
        created: when(&c.created_at),
        updated: when(&c.updated_at),
        consent,
        contacts: s.store.contacts(id).await?,
        entries,
        pager,
        kinds: opts(&tr, "interaction", &kinds, &forms.interaction.kind),
        sentiments: opts(&tr, "sentiment", &sentiments, &forms.interaction.sentiment),
        forms,
        can_manage: user.has(Role::MANAGERS),
        offboarding,
        has_case,
        records,
        tasks,
        back: format!("/customers/{id}#tasks"),
        cadence,
        health,
        prediction,
        chrome: Chrome::new(tr, user),
        c,
    };
    Ok((status, page).into_response())
}

/// GET /customers/{id}: the customer page (every signed-in role).
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let page = page_number(q.page.as_deref());
    render(&s, tr, &user, &id, page, Forms::default(), StatusCode::OK).await
}
