//! GET /offboarding/{id}: the case — reason, documented situations, the timeline with the
//! notice-period check, the account impact, the steps in order, the letter editor with a
//! preview in the customer's language, the customer's link, the exit survey and the history.

use crate::kernel::state::AppState;
use crate::offboarding::view::{self, Extra, period, status_class, totals};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{Opt, label, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::Refusal;
use carewell_domain::offboarding::workflow::Status;
use carewell_domain::offboarding::{Part, SituationKind};
use carewell_domain::role::Role;
use carewell_store::StoreError;
use carewell_store::offboarding::{Impact, OffboardingCase, SurveyAnswer};

/// A documented situation.
pub struct SitView {
    link: String,
    label: String,
    note: String,
}

/// One step of the case, in order.
pub struct StepView {
    name: &'static str,
    label: String,
    /// done, next or todo.
    state: &'static str,
    detail: String,
}

/// A line of the history.
pub struct EventView {
    at: crate::web::view::When,
    actor: String,
    step: String,
    note: String,
}

/// An editable letter part.
pub struct PartView {
    name: &'static str,
    label: String,
    help: String,
    text: String,
}

/// A goodwill entry.
pub struct GoodwillView {
    amount: String,
    approval: String,
    reason: String,
}

/// A date of the timeline.
pub struct DateView {
    name: &'static str,
    label: String,
    value: String,
    local: String,
}

/// The case page.
#[derive(Template, WebTemplate)]
#[template(path = "offboarding/show.html")]
pub struct ShowPage {
    chrome: Chrome,
    c: OffboardingCase,
    status: String,
    status_class: &'static str,
    reason: String,
    initiator: String,
    situations: Vec<SitView>,
    dates: Vec<DateView>,
    rule: String,
    earliest: String,
    notice_days: i64,
    exception: Option<String>,
    exception_input: String,
    plan_editable: bool,
    /// The account impact; `None` while the customer's records are held and the reader may not
    /// see them (then `impact_held` says why).
    impact: Option<ImpactView>,
    impact_held: Option<String>,
    open_complaints: i64,
    goodwill_allowed: bool,
    steps: Vec<StepView>,
    can_write: bool,
    can_approve: bool,
    can_contact: bool,
    can_close: bool,
    can_cancel: bool,
    can_certificate: bool,
    letter_parts: Vec<PartView>,
    letter_langs: Vec<Opt>,
    letter_saved: bool,
    letter_editable: bool,
    letter_sent: Option<crate::web::view::When>,
    preview_subject: String,
    preview_body: String,
    link: Option<String>,
    link_issued: Option<crate::web::view::When>,
    survey: Option<SurveyAnswer>,
    history: Vec<EventView>,
    error: Option<String>,
    error_at: &'static str,
    /// A large goodwill amount waiting for its second confirmation.
    confirm: Option<crate::offboarding::view::GoodwillConfirm>,
    holds: Vec<super::erasure::HoldView>,
    can_erase: bool,
}

/// The figures of the account impact (held records: compliance only).
pub struct ImpactView {
    balances: String,
    revenue: String,
    refunds_due: String,
    refunds_pending: String,
    open_contracts: usize,
    last_invoice: String,
    goodwill: Vec<GoodwillView>,
    goodwill_amount: String,
    goodwill_currency: String,
}

fn impact_view(tr: &Tr, impact: &Impact) -> ImpactView {
    let (goodwill_amount, goodwill_currency) = impact
        .last_invoice
        .as_ref()
        .and_then(|i| {
            carewell_domain::money::Currency::parse(&i.currency)
                .ok()
                .map(|cur| {
                    (
                        carewell_domain::money::Money {
                            minor: i.amount_minor,
                            currency: cur,
                        }
                        .to_decimal(),
                        i.currency.clone(),
                    )
                })
        })
        .unwrap_or_else(|| (String::new(), "EUR".into()));
    ImpactView {
        balances: totals(tr, &impact.balances),
        revenue: totals(tr, &impact.revenue_12m),
        refunds_due: totals(tr, &impact.refunds_due),
        refunds_pending: totals(tr, &impact.refunds_pending),
        open_contracts: impact.open_contracts.len(),
        last_invoice: impact
            .last_invoice
            .as_ref()
            .map(|i| {
                let t = carewell_store::ledger::Total {
                    currency: i.currency.clone(),
                    amount_minor: i.amount_minor,
                    amount: i.amount_minor.to_string(),
                };
                format!("{} ({})", view::total(tr, &t), when(&i.occurred_at))
            })
            .unwrap_or_else(|| "—".into()),
        goodwill: impact
            .goodwill
            .iter()
            .map(|e| GoodwillView {
                amount: tr.money_minor(e.amount_minor, &e.currency),
                approval: label(tr, "cmp-approval", e.approval.as_str()),
                reason: e.reason.clone(),
            })
            .collect(),
        goodwill_amount,
        goodwill_currency,
    }
}

fn step(tr: &Tr, name: &'static str, done: Option<String>) -> StepView {
    StepView {
        name,
        label: label(tr, "offb-step", name),
        state: if done.is_some() { "done" } else { "todo" },
        detail: done
            .map(|d| crate::web::view::when_text(&d))
            .unwrap_or_default(),
    }
}

/// Renders the case page.
pub async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    extra: Extra,
    status: StatusCode,
) -> Result<Response, AppError> {
    let who = user.clearance();
    let c = s.store.offboarding_case(who, id).await?;
    let (impact, impact_held) = match s.store.offboarding_impact(who, id).await {
        Ok(i) => (Some(impact_view(&tr, &i)), None),
        Err(StoreError::Refused(r @ Refusal::Restricted { .. })) => (None, Some(tr.refusal(&r))),
        Err(e) => return Err(e.into()),
    };
    let case_steps = s.store.offboarding_steps(who, id).await?;
    let open_complaints = s.store.open_complaint_count(&c.customer_id).await?;
    let customer = s.store.customer(&c.customer_id).await?;
    let can_write = user.has(Role::WRITERS);
    let can_manage = user.has(Role::MANAGERS);
    let allowed = c.allowed_actions();
    let situations = c
        .situations
        .iter()
        .map(|x| SitView {
            link: match x.kind {
                SituationKind::Complaint => format!("/complaints/{}", x.id),
                SituationKind::Interaction => format!("/customers/{}#timeline", c.customer_id),
            },
            label: label(&tr, "offb-situation", x.kind.as_str()),
            note: x.note.clone().unwrap_or_default(),
        })
        .collect::<Vec<_>>();
    let sits = view::situations(s, &c).await?;
    let situations = situations
        .into_iter()
        .enumerate()
        .map(|(i, mut v)| {
            if v.note.is_empty()
                && let Some(x) = sits.get(i)
            {
                v.note = match x.date {
                    Some(d) => format!("{d} — {}", x.text),
                    None => x.text.clone(),
                };
            }
            v
        })
        .collect();
    let t = &c.timeline;
    let dates = [
        ("notice_date", t.notice_date),
        ("service_end", t.service_end),
        ("support_end", t.support_end),
        ("export_until", t.export_until),
        ("deletion_date", t.deletion_date),
    ]
    .into_iter()
    .map(|(n, d)| DateView {
        name: n,
        label: label(&tr, "offb-date", n),
        value: extra
            .plan
            .as_ref()
            .map(|f| f.get(n).to_string())
            .unwrap_or_else(|| d.to_string()),
        local: tr.long_date(d),
    })
    .collect();
    let exception_input = match &extra.plan {
        Some(f) => f.exception_basis.clone(),
        None => c.exception_basis.clone().unwrap_or_default(),
    };
    let rule = &c.notice.rule;
    let rule_text = tr.t_with(
        "offb-rule",
        &[
            ("jurisdiction", &rule.jurisdiction),
            ("period", &period(&tr, rule)),
            ("basis", &rule.basis),
        ],
    );
    // Steps, in the order they happen.
    let tasks = s.store.tasks_for_source("offboarding", id).await?;
    let mut steps = vec![
        step(&tr, "approved", c.approved_at.clone()),
        step(&tr, "contact", c.contacted_at.clone()),
        step(&tr, "letter-sent", c.letter_sent_at.clone()),
        step(
            &tr,
            "goodwill",
            case_steps
                .iter()
                .find(|st| st.step == "goodwill")
                .map(|st| st.at.clone()),
        ),
        step(&tr, "closed", c.closed_at.clone()),
        StepView {
            name: "follow-ups",
            label: label(&tr, "offb-step", "follow-ups"),
            state: if tasks.is_empty() { "todo" } else { "done" },
            detail: tasks
                .iter()
                .map(|t| {
                    let what = crate::tasks::view::detail(&tr, t)
                        .unwrap_or_else(|| crate::tasks::view::kind_label(&tr, &t.kind));
                    format!(
                        "{what}: {}{}",
                        when(&t.due_at),
                        if t.done_at.is_some() { " ✓" } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        },
        step(&tr, "erased", c.erased_at.clone()),
    ];
    if c.status != Status::Cancelled
        && let Some(next) = steps
            .iter_mut()
            .find(|x| x.state == "todo" && x.name != "goodwill")
    {
        next.state = "next";
    }
    // The letter: stored draft, else the default in the customer's language.
    let draft = s.store.offboarding_letter(id).await?;
    let letter_saved = draft.is_some();
    let letter = match (extra.letter, &draft) {
        (Some(l), _) => l,
        (None, Some(d)) => d.letter.clone(),
        (None, None) => {
            let lang = Tr::for_tag(&customer.language).lang;
            view::default_letter(s, who, &c, lang).await?
        }
    };
    // The preview is the e-mail as the customer reads it: in the letter's language (not the
    // UI's). Once sent it carries the real link when it is in hand (right after sending or
    // issuing a new one), else the page's address with the secret part hidden (only its hash
    // is kept); before sending, a placeholder in the letter's language (sending mints the link).
    let letter_sent_at = draft.as_ref().and_then(|d| d.sent_at.clone());
    let preview_link = match (&extra.link, &letter_sent_at) {
        (Some(l), Some(_)) => l.clone(),
        (None, Some(_)) => view::page_url(s, "…"),
        (_, None) => Tr::for_tag(&letter.language).t("offb-link-placeholder"),
    };
    let preview = view::preview(s, &c, &letter, &preview_link);
    let letter_parts = Part::ALL
        .iter()
        .map(|p| PartView {
            name: p.as_str(),
            label: label(&tr, "offb-part", p.as_str()),
            help: tr.t(&format!("offb-part-{p}-help")),
            text: letter.part(*p).to_string(),
        })
        .collect();
    let letter_lang = Tr::for_tag(&letter.language).lang;
    let letter_langs = Tr::choices()
        .iter()
        .map(|(tag, name)| Opt {
            value: (*tag).to_string(),
            label: (*name).to_string(),
            selected: *tag == letter_lang,
        })
        .collect();
    let history = case_steps
        .into_iter()
        .map(|e| EventView {
            at: when(&e.at),
            actor: tr.actor(&e.actor),
            step: label(&tr, "offb-event", &e.step),
            note: e.note.unwrap_or_default(),
        })
        .collect();
    let page = ShowPage {
        status: label(&tr, "offb-status", c.status.as_str()),
        status_class: status_class(c.status),
        reason: label(&tr, "offb-reason", c.reason.as_str()),
        initiator: label(&tr, "offb-initiator", c.initiator.as_str()),
        situations,
        dates,
        rule: rule_text,
        earliest: tr.long_date(c.notice.earliest_service_end),
        notice_days: c.notice.notice_days,
        exception: c.exception_basis.clone(),
        exception_input,
        plan_editable: can_manage && c.status.plan_editable(),
        goodwill_allowed: can_write && c.status.goodwill_allowed() && impact.is_some(),
        impact,
        impact_held,
        open_complaints,
        steps,
        can_write,
        can_approve: can_manage && allowed.contains(&"approve"),
        can_contact: can_write && allowed.contains(&"log-contact"),
        can_close: can_manage && allowed.contains(&"close"),
        can_cancel: can_manage && allowed.contains(&"cancel"),
        can_certificate: user.has(Role::AUDITORS),
        letter_parts,
        letter_langs,
        letter_saved,
        letter_editable: can_write && c.status.letter_editable(),
        letter_sent: letter_sent_at.map(|t| when(&t)),
        preview_subject: preview.subject,
        preview_body: preview.body,
        link: extra.link,
        link_issued: c.link_issued_at.as_deref().map(when),
        survey: s.store.exit_survey(id).await?,
        history,
        error: extra.error,
        error_at: extra.error_at,
        confirm: extra.confirm,
        holds: super::erasure::holds(&tr, &s.store.offboarding_holds(id).await?),
        can_erase: user.has(Role::AUDITORS) && matches!(c.status, Status::Closed | Status::Erased),
        chrome: Chrome::new(tr, user),
        c,
    };
    Ok((status, page).into_response())
}

/// GET /offboarding/{id}
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render(&s, tr, &user, &id, Extra::default(), StatusCode::OK).await
}
