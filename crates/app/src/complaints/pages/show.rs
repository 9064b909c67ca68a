//! GET /complaints/{id}: the complaint with its live SLA clocks, the forms for the actions
//! allowed now, the history, compensation (with approvals) and tasks.

use crate::complaints::thread::ThreadItem;
use crate::complaints::view::{self, TargetView};
use crate::kernel::state::AppState;
use crate::tasks::view::TaskView;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{BAD, OK, Opt, WARN, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::Refusal;
use carewell_domain::complaint::record::Target;
use carewell_domain::complaint::thread::ThreadKind;
use carewell_domain::complaint::workflow::Action;
use carewell_domain::complaint::{Severity, workflow};
use carewell_domain::ledger::{Approval, EntryKind, SourceKind};
use carewell_domain::role::Role;
use carewell_store::StoreError;
use carewell_store::complaints::{Audience, Complaint};
use chrono::Utc;

/// An action form.
pub struct ActionView {
    /// Stable name.
    pub name: &'static str,
    /// Button text.
    pub label: String,
    /// Which text field it needs: `demand`, `resolution`, `reason` or `note`.
    pub field: &'static str,
    /// Field label.
    pub field_label: String,
    /// Whether the text is required.
    pub required: bool,
}

/// A history line.
pub struct EventView {
    at: crate::web::view::When,
    actor: String,
    action: String,
    status: String,
    note: String,
}

/// A compensation line.
pub struct EntryView {
    id: String,
    kind: String,
    amount: String,
    approval: String,
    approval_class: &'static str,
    reason: String,
    created: crate::web::view::When,
    can_decide: bool,
    can_reverse: bool,
    reversed: bool,
}

/// The complaint page.
#[derive(Template, WebTemplate)]
#[template(path = "complaints/show.html")]
pub struct ShowPage {
    chrome: Chrome,
    c: Complaint,
    severity: String,
    category: String,
    channel: String,
    status: String,
    owner: String,
    overall: String,
    overall_class: &'static str,
    severity_class: &'static str,
    fr: TargetView,
    res: TargetView,
    actions: Vec<ActionView>,
    events: Vec<EventView>,
    entries: Vec<EntryView>,
    totals: Vec<String>,
    kinds: Vec<Opt>,
    /// Why the compensation is not shown (a retention hold), if so.
    compensation_held: Option<String>,
    tasks: Vec<TaskView>,
    users: Vec<Opt>,
    severities: Vec<Opt>,
    /// A link just issued to this user, shown once (only hashes are stored).
    form_link: Option<String>,
    /// When the customer's current complaint-form link was issued, if one was.
    form_link_issued: Option<crate::web::view::When>,
    /// A satisfaction link just issued to this user, shown once.
    satisfaction_link: Option<String>,
    /// Whether a satisfaction link may be issued (the complaint is resolved).
    can_issue_satisfaction: bool,
    /// A conversation link just issued to this user, shown once.
    thread_link: Option<String>,
    /// The conversation, oldest first.
    thread: Vec<ThreadView>,
    /// The reply form's text and error (after a refused reply).
    draft: ReplyDraft,
    /// The compensation form as submitted (after a refusal or for a confirmation).
    comp: CompensationDraft,
    /// A large approval waiting for its confirmation.
    approve_confirm: Option<LargeConfirm>,
    error: Option<String>,
    /// The workflow step indicator.
    wf_steps: Vec<super::steps::StepView>,
}

/// Customer links just issued to the member of staff viewing the page: shown in this response
/// only, never stored readable.
#[derive(Debug, Default)]
pub struct IssuedLinks {
    /// The public complaint-form link.
    pub form: Option<String>,
    /// The satisfaction link.
    pub satisfaction: Option<String>,
    /// A link to the customer's conversation page.
    pub thread: Option<String>,
    /// A reply that was refused, shown again with the reason.
    pub reply: Option<ReplyDraft>,
    /// The compensation form as submitted, with its errors or the large-amount confirmation.
    pub compensation: Option<CompensationDraft>,
    /// An approval of a large amount waiting for its second confirmation.
    pub approve: Option<LargeConfirm>,
}

/// The compensation form as submitted, shown again beside its errors, or with the step that
/// confirms a large amount.
#[derive(Debug, Default)]
pub struct CompensationDraft {
    /// Kind as chosen.
    pub kind: String,
    /// Amount as typed.
    pub amount: String,
    /// Currency as typed.
    pub currency: String,
    /// Reason as typed.
    pub reason: String,
    /// Errors beside the fields (labelled as the form labels them).
    pub errors: crate::web::form::FormErrors,
    /// The confirmation step of a large amount, if the amount needs one.
    pub confirm: Option<LargeConfirm>,
}

/// "This is a large amount — confirm": the explanation and the button that confirms.
#[derive(Debug, Default)]
pub struct LargeConfirm {
    /// The ledger entry to approve (approvals only).
    pub entry_id: String,
    /// The amount and the threshold, in words.
    pub text: String,
    /// The confirming button's text (naming the amount).
    pub button: String,
}

/// A reply or note being written, shown again with the reason it was refused.
#[derive(Debug, Default)]
pub struct ReplyDraft {
    /// The text as written.
    pub body: String,
    /// Whether "internal note" was ticked.
    pub internal: bool,
    /// Why it was refused, in the reader's language.
    pub error: Option<String>,
}

/// A thread item as the staff page shows it.
pub struct ThreadView {
    kind: &'static str,
    who: String,
    at: crate::web::view::When,
    subject: String,
    body: String,
    pruned: bool,
    message_id: String,
    delivery: String,
    note: bool,
    has_html: bool,
    attachments: Vec<String>,
}

fn action_view(tr: &Tr, name: &'static str) -> ActionView {
    let (field, required) = Action::text_field(name);
    ActionView {
        name,
        label: label(tr, "cmp-action", name),
        field,
        field_label: label(tr, "cmp-input", field),
        required,
    }
}

/// Renders the page, with `error` above the actions when an action was refused.
pub async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    render_with(s, tr, user, id, error, status, IssuedLinks::default()).await
}

/// [`render`], showing links just issued.
pub async fn render_with(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: &str,
    error: Option<String>,
    status: StatusCode,
    issued: IssuedLinks,
) -> Result<Response, AppError> {
    let c = s.store.complaint(id).await?;
    let policy = s.store.sla_policy(c.severity).await?;
    let sla = c.sla(&policy, Utc::now());
    let all_users = s.store.users().await?;
    let owner = c
        .owner_id
        .as_ref()
        .and_then(|o| all_users.iter().find(|u| &u.id == o))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let users: Vec<Opt> = all_users
        .iter()
        .filter(|u| u.active && Role::WRITERS.contains(&u.role))
        .map(|u| Opt {
            value: u.id.clone(),
            label: format!("{} <{}>", u.name, u.email),
            selected: c.owner_id.as_deref() == Some(u.id.as_str()),
        })
        .collect();
    let can_write = user.has(Role::WRITERS);
    let can_manage = user.has(Role::MANAGERS);
    let actions = if can_write {
        workflow::allowed(&c.state())
            .into_iter()
            .map(|a| action_view(&tr, a))
            .collect()
    } else {
        Vec::new()
    };
    let events = s
        .store
        .complaint_events(id)
        .await?
        .into_iter()
        .map(|e| EventView {
            at: when(&e.at),
            actor: tr.actor(&e.actor),
            action: label(&tr, "cmp-event", &e.action),
            status: label(&tr, "cmp-status", &e.to_status),
            note: match e.action.as_str() {
                "message" => e
                    .note
                    .map(|n| label(&tr, "cmp-message", &n))
                    .unwrap_or_default(),
                // The SLA tick notes the target by its stable name; an escalation by the system
                // is a breach of that target.
                "sla-breach" | "sla-warning" => e
                    .note
                    .map(|n| label(&tr, "cmp-sla", &n))
                    .unwrap_or_default(),
                "escalate" if e.actor == "system" => {
                    match e.note.as_deref().and_then(Target::parse) {
                        Some(t) => format!(
                            "{} — {}",
                            label(&tr, "cmp-sla", t.as_str()),
                            tr.t("cmp-task-sla-breach")
                        ),
                        None => e.note.unwrap_or_default(),
                    }
                }
                _ => e.note.unwrap_or_default(),
            },
        })
        .collect();
    let (ledger, compensation_held) = match s
        .store
        .ledger_for_source(user.clearance(), SourceKind::Complaint, id)
        .await
    {
        Err(StoreError::Refused(r @ Refusal::Restricted { .. })) => {
            (Vec::new(), Some(tr.refusal(&r)))
        }
        other => (other?, None),
    };
    let money: Vec<_> = ledger
        .iter()
        .filter_map(|e| e.money().ok().map(|m| (e.approval, m)))
        .collect();
    // A total that does not fit is said so, never wrapped.
    let totals = match carewell_domain::ledger::totals(money.iter().map(|(a, m)| (*a, m))) {
        Ok(t) => t.iter().map(|m| tr.money(m)).collect(),
        Err(r) => vec![tr.refusal(&r)],
    };
    let entries = ledger
        .into_iter()
        .map(|e| EntryView {
            // The role decides who may act; the domain's rules decide whether the entry may.
            can_decide: can_manage && e.may_decide(&user.user.id),
            can_reverse: can_write && e.may_reverse(),
            reversed: e.reversed_by.is_some(),
            kind: label(&tr, "cmp-ledger", e.kind.as_str()),
            amount: tr.money_minor(e.amount_minor, &e.currency),
            approval_class: match e.approval {
                Approval::Pending => WARN,
                Approval::Rejected => BAD,
                _ => OK,
            },
            approval: label(&tr, "cmp-approval", e.approval.as_str()),
            reason: e.reason,
            created: when(&e.created_at),
            id: e.id,
        })
        .collect();
    let tasks = s
        .store
        .tasks_for_source("complaint", id)
        .await?
        .into_iter()
        .map(|t| {
            TaskView::new(&tr, &t, chrono::Utc::now()).allow(
                t.owner_id.as_deref(),
                &user.user.id,
                can_write,
                can_manage,
            )
        })
        .collect();
    let form_link_issued = s
        .store
        .complaint_link_issued(&c.customer_id)
        .await?
        .map(|t| when(&t));
    let can_issue_satisfaction = c.status.is_resolved();
    let thread = crate::complaints::thread::items(s, id, Audience::Staff)
        .await?
        .into_iter()
        .map(|i| thread_view(&tr, i))
        .collect();
    let kinds: Vec<&str> = EntryKind::ALL
        .iter()
        .filter(|k| k.is_bookable())
        .map(|k| k.as_str())
        .collect();
    let page = ShowPage {
        wf_steps: super::steps::steps(&tr, c.status, c.resume_to),
        severity: label(&tr, "cmp-severity", c.severity.as_str()),
        category: label(&tr, "cmp-category", c.category.as_str()),
        channel: label(&tr, "cmp-channel", c.channel.as_str()),
        status: label(&tr, "cmp-status", c.status.as_str()),
        overall: label(&tr, "cmp-sla", sla.state.as_str()),
        overall_class: match sla.state.as_str() {
            "missed" => BAD,
            "met" => OK,
            _ => "",
        },
        severity_class: view::severity_class(c.severity.as_str()),
        fr: TargetView::new(&tr, &sla.first_response),
        res: TargetView::new(&tr, &sla.resolution),
        kinds: opts(
            &tr,
            "cmp-ledger",
            &kinds,
            match issued.compensation.as_ref().map(|c| c.kind.as_str()) {
                Some(k) if !k.is_empty() => k,
                _ => "credit",
            },
        ),
        compensation_held,
        severities: opts(
            &tr,
            "cmp-severity",
            &Severity::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            c.severity.as_str(),
        ),
        chrome: Chrome::new(tr, user),
        owner,
        actions,
        events,
        entries,
        totals,
        tasks,
        users,
        form_link: issued.form,
        form_link_issued,
        satisfaction_link: issued.satisfaction,
        thread_link: issued.thread,
        thread,
        draft: issued.reply.unwrap_or_default(),
        comp: issued.compensation.unwrap_or_else(|| CompensationDraft {
            currency: "EUR".into(),
            ..CompensationDraft::default()
        }),
        approve_confirm: issued.approve,
        can_issue_satisfaction,
        error,
        c,
    };
    Ok((status, page).into_response())
}

/// How the staff page shows one thread item: who spoke (an agent by their label, the
/// customer and the system in the reader's language, with the channel), the text as plain text.
fn thread_view(tr: &Tr, i: ThreadItem) -> ThreadView {
    let who = match i.kind {
        ThreadKind::Customer => format!(
            "{} · {}",
            tr.t("thr-who-customer"),
            label(tr, "thr-via", &i.via)
        ),
        ThreadKind::System => tr.t("thr-who-system"),
        ThreadKind::Agent | ThreadKind::Note => i.author.clone(),
    };
    let subject = match (&i.subject, &i.template) {
        (Some(s), _) => s.clone(),
        (None, Some(t)) => label(tr, "cmp-message", t),
        _ => String::new(),
    };
    ThreadView {
        kind: i.kind.as_str(),
        note: i.kind == ThreadKind::Note,
        who,
        at: when(&i.at),
        subject,
        pruned: i.content_pruned,
        message_id: i.message_id.unwrap_or_default(),
        delivery: i
            .delivery
            .map(|d| tr.t(&format!("msg-status-{d}")))
            .unwrap_or_default(),
        has_html: i.has_html,
        attachments: i
            .attachments
            .iter()
            .map(|a| format!("{} ({}, {} B)", a.name, a.content_type, a.size))
            .collect(),
        body: i.body,
    }
}

/// The complaint page.
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    render(&s, tr, &user, &id, None, StatusCode::OK).await
}
