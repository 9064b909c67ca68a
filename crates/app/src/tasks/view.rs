//! How a task reads, on every page that shows one (the task list, a complaint, an offboarding
//! case, the customer): its kind and parameters in the UI language, what it is about, when it
//! is due (overdue, today, later) and what caused it.
//!
//! Tasks written before typed parameters hold their whole English title (`Follow-up visit:
//! Wrong plan`, `SLA at 75% (resolution): …`, `Follow up 30 days after the goodbye`); their
//! parameters are read back from it once here, so they read like new ones, in any language,
//! without the English prefix twice. A title that an erasure replaced with the kind says
//! nothing about the task and is left out.

use crate::web::i18n::Tr;
use crate::web::view::{BAD, OK, WARN, label, when};
use carewell_domain::time::parse_ts;
use carewell_store::tasks::{Task, TaskItem};
use chrono::{DateTime, Days, Utc};
use serde_json::{Value, json};

/// Task kinds with their own words (`task-kind-<kind>`); any other kind reads as "Task".
pub const KINDS: &[&str] = &[
    "contact-due",
    "care-moment",
    "follow-up-visit",
    "sla-warning",
    "sla-breach",
    "escalation",
    "offboarding-follow-up",
    "customer-replied",
    "survey-callback",
    "retention-call",
];

/// When a task is due, relative to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Done already.
    Done,
    /// Due before now.
    Overdue,
    /// Due later today (the staff member's day).
    Today,
    /// Due after today.
    Later,
}

impl Due {
    /// Classifies a task due at `due_at` (stored UTC), done or not, at `now`. An unreadable
    /// time counts as overdue: better looked at than forgotten.
    pub fn of(due_at: &str, done: bool, now: DateTime<Utc>) -> Self {
        if done {
            return Self::Done;
        }
        match parse_ts("due_at", due_at) {
            Ok(d) if d < now => Self::Overdue,
            // "Today" is the staff member's day (their time zone), not UTC's.
            Ok(d)
                if {
                    let z = crate::web::zone::current();
                    d.with_timezone(&z).date_naive() == now.with_timezone(&z).date_naive()
                } =>
            {
                Self::Today
            }
            Ok(_) => Self::Later,
            Err(_) => Self::Overdue,
        }
    }

    /// The stable name (`done`, `overdue`, `today`, `later`): the API's `due_state`, the
    /// `data-due` attribute and the Fluent key `task-due-<name>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Overdue => "overdue",
            Self::Today => "today",
            Self::Later => "later",
        }
    }

    /// The badge class: overdue red, today amber.
    pub fn class(self) -> &'static str {
        match self {
            Self::Overdue => BAD,
            Self::Today => WARN,
            Self::Done => OK,
            Self::Later => "",
        }
    }
}

/// The start of tomorrow in the staff member's time zone, as stored (UTC): tasks due before it
/// are "due" in the navigation.
pub fn due_before(now: DateTime<Utc>) -> String {
    use chrono::TimeZone;
    let zone = crate::web::zone::current();
    let today = now.with_timezone(&zone).date_naive();
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let start = zone
        .from_local_datetime(&tomorrow.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| tomorrow.and_time(chrono::NaiveTime::MIN).and_utc());
    carewell_domain::time::fmt_ts(start)
}

/// What a task is about and its parameters, read back from an old English title when the
/// task has none.
fn parts(t: &Task) -> (String, Value) {
    let has_args = t.args.as_object().is_some_and(|o| !o.is_empty());
    if t.title == t.kind {
        return (String::new(), t.args.clone());
    }
    if has_args {
        return (t.title.clone(), t.args.clone());
    }
    legacy(&t.title)
}

/// The parameters and subject of a title written before typed parameters.
fn legacy(title: &str) -> (String, Value) {
    let target = |name: &str| {
        let n = name.trim().replace(' ', "-").to_lowercase();
        matches!(n.as_str(), "first-response" | "resolution").then_some(n)
    };
    // `<head> (<inner>): <subject>`
    let split = |rest: &str| -> Option<(String, String)> {
        let (inner, subject) = rest.split_once("): ")?;
        Some((inner.to_string(), subject.to_string()))
    };
    if let Some(subject) = title.strip_prefix("Follow-up visit: ") {
        return (subject.to_string(), json!({}));
    }
    if let Some((name, subject)) = title.strip_prefix("SLA missed (").and_then(split) {
        return (subject, json!({ "target": target(&name) }));
    }
    if let Some(rest) = title.strip_prefix("SLA at ")
        && let Some((percent, rest)) = rest.split_once("% (")
        && let Some((name, subject)) = split(rest)
    {
        return (
            subject,
            json!({ "target": target(&name), "percent": percent.trim().parse::<i64>().ok() }),
        );
    }
    if let Some((level, subject)) = title.strip_prefix("Escalated (level ").and_then(split) {
        return (
            subject,
            json!({ "level": level.trim().parse::<i64>().ok() }),
        );
    }
    if let Some(days) = title
        .strip_prefix("Follow up ")
        .and_then(|r| r.strip_suffix(" days after the goodbye"))
        .and_then(|d| d.trim().parse::<i64>().ok())
    {
        return (String::new(), json!({ "days": days }));
    }
    (title.to_string(), json!({}))
}

/// The kind in the UI language (never the raw slug).
pub fn kind_label(tr: &Tr, kind: &str) -> String {
    if KINDS.contains(&kind) {
        label(tr, "task-kind", kind)
    } else {
        tr.t("task-kind-other")
    }
}

/// The task's parameters in the UI language: the SLA target (and percent), the escalation
/// level, the days after an offboarding's goodbye; `None` when it has none.
pub fn detail(tr: &Tr, t: &Task) -> Option<String> {
    let (_, args) = parts(t);
    let arg = |k: &str| args.get(k).filter(|v| !v.is_null());
    let target = arg("target").and_then(Value::as_str);
    let n = |k: &str| arg(k).and_then(Value::as_i64);
    match (t.kind.as_str(), target) {
        ("sla-warning", Some(target)) => Some(match n("percent") {
            Some(p) => format!("{}, {p} %", label(tr, "cmp-sla", target)),
            None => label(tr, "cmp-sla", target),
        }),
        ("sla-breach", Some(target)) => Some(label(tr, "cmp-sla", target)),
        ("escalation", _) => n("level").map(|l| tr.t_n("cmp-task-level", l)),
        ("offboarding-follow-up", _) => n("days").map(|d| tr.t_n("offb-task-days", d)),
        ("survey-callback", _) => n("score").map(|s| {
            let kind = arg("survey_kind").and_then(Value::as_str).unwrap_or("nps");
            tr.t_with(
                "svy-task-score",
                &[
                    ("kind", &label(tr, "svy-kind", kind)),
                    ("score", &s.to_string()),
                ],
            )
        }),
        ("contact-due", _) => Some(match n("days") {
            Some(d) => tr.t_n("cad-task-days", d),
            None => tr.t("cad-last-never"),
        }),
        ("care-moment", _) => care_detail(tr, &args),
        ("retention-call", _) => n("risk_score").map(|s| {
            let band = arg("risk_band").and_then(Value::as_str).unwrap_or("");
            tr.t_with(
                "ret-task-detail",
                &[
                    ("score", &s.to_string()),
                    ("band", &label(tr, "risk-band", band)),
                ],
            )
        }),
        _ => None,
    }
}

/// A care-moment task's words: "birthday on 3 March 2026", "anniversary no. 5 on …".
pub fn care_detail(tr: &Tr, args: &serde_json::Value) -> Option<String> {
    let date = args
        .get("date")
        .and_then(serde_json::Value::as_str)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())?;
    let date = tr.long_date(date);
    match args.get("moment").and_then(serde_json::Value::as_str)? {
        "birthday" => Some(tr.t_with("cad-task-birthday", &[("date", &date)])),
        "anniversary" => {
            let years = args
                .get("years")
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(1)
                .to_string();
            Some(tr.t_with(
                "cad-task-anniversary",
                &[("date", &date), ("years", &years)],
            ))
        }
        _ => None,
    }
}

/// What the task is about (a complaint's subject, a customer's name); empty when unknown.
pub fn about(t: &Task) -> String {
    parts(t).0
}

/// The task's one-line title in the UI language: kind, parameters, subject — each once.
pub fn task_title(tr: &Tr, t: &Task) -> String {
    let kind = kind_label(tr, &t.kind);
    let head = match detail(tr, t) {
        Some(d) => tr.t_with("task-title-detail", &[("kind", &kind), ("detail", &d)]),
        None => kind,
    };
    match about(t) {
        a if a.is_empty() => head,
        a => tr.t_with("task-title", &[("head", &head), ("about", &a)]),
    }
}

/// What a task says besides its kind: its parameters and subject (`Resolution: Wrong plan`),
/// for a list that shows the kind in its own column.
pub fn without_kind(tr: &Tr, t: &Task) -> String {
    match (detail(tr, t), about(t)) {
        (Some(d), a) if a.is_empty() => d,
        (Some(d), a) => tr.t_with("task-title", &[("head", &d), ("about", &a)]),
        (None, a) => a,
    }
}

/// Where a task came from: a link and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The page of the complaint, case or customer.
    pub href: String,
    /// "Complaint", "Offboarding case", "Customer" in the UI language.
    pub label: String,
}

/// The page of what caused the task (its complaint or offboarding case, else its customer).
pub fn source(tr: &Tr, t: &Task) -> Option<Source> {
    let id_ok = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    match (t.source_kind.as_deref(), t.source_id.as_deref()) {
        (Some("complaint"), Some(id)) if id_ok(id) => Some(Source {
            href: format!("/complaints/{id}"),
            label: tr.t("task-source-complaint"),
        }),
        (Some("offboarding"), Some(id)) if id_ok(id) => Some(Source {
            href: format!("/offboarding/{id}"),
            label: tr.t("task-source-offboarding"),
        }),
        (Some("survey"), Some(id)) if id_ok(id) => Some(Source {
            href: format!("/surveys/{id}"),
            label: tr.t("svy-task-source"),
        }),
        _ => t
            .customer_id
            .as_deref()
            .filter(|id| id_ok(id))
            .map(|id| Source {
                href: format!("/customers/{id}"),
                label: tr.t("task-source-customer"),
            }),
    }
}

/// A task ready to show.
#[derive(Debug, Clone)]
pub struct TaskView {
    /// Id (for the done form).
    pub id: String,
    /// The kind in the UI language.
    pub kind: String,
    /// The one-line title (kind, parameters, subject).
    pub title: String,
    /// The parameters in the UI language, if any.
    pub detail: String,
    /// What it is about.
    pub about: String,
    /// Due, as shown (`2026-01-02 03:04 UTC`).
    pub due: crate::web::view::When,
    /// `overdue`, `today`, `later` or `done`.
    pub due_state: &'static str,
    /// The due badge's words ("Overdue", "Due today"), empty when neither.
    pub due_label: String,
    /// The due badge's class.
    pub due_class: &'static str,
    /// Done.
    pub done: bool,
    /// Done at, as shown (empty when open).
    pub done_at: crate::web::view::When,
    /// Created, as shown.
    pub created: crate::web::view::When,
    /// What caused it.
    pub source: Option<Source>,
    /// The customer's page and name, when the list knows the name.
    pub customer: Option<(String, String)>,
    /// The owner's e-mail; empty for the managers' queue.
    pub owner: String,
    /// In the managers' queue (no owner).
    pub queue: bool,
    /// The viewer may mark it done (set by the page: a writer who owns it, or a manager).
    pub can_complete: bool,
}

impl TaskView {
    /// The view of `t` at `now`.
    pub fn new(tr: &Tr, t: &Task, now: DateTime<Utc>) -> Self {
        let due = Due::of(&t.due_at, t.done_at.is_some(), now);
        Self {
            id: t.id.clone(),
            kind: kind_label(tr, &t.kind),
            title: task_title(tr, t),
            detail: detail(tr, t).unwrap_or_default(),
            about: about(t),
            due: when(&t.due_at),
            due_state: due.as_str(),
            due_label: match due {
                Due::Overdue | Due::Today => tr.t(&format!("task-due-{}", due.as_str())),
                _ => String::new(),
            },
            due_class: due.class(),
            done: t.done_at.is_some(),
            done_at: t.done_at.as_deref().map(when).unwrap_or_default(),
            created: when(&t.created_at),
            source: source(tr, t),
            customer: None,
            owner: String::new(),
            queue: t.owner_id.is_none(),
            can_complete: false,
        }
    }

    /// The view of a list row (with the customer's name and the owner).
    pub fn item(tr: &Tr, i: &TaskItem, now: DateTime<Utc>) -> Self {
        let mut v = Self::new(tr, &i.task, now);
        v.customer = match (&i.task.customer_id, &i.customer_name) {
            (Some(id), Some(name)) => Some((format!("/customers/{id}"), name.clone())),
            _ => None,
        };
        v.owner = i.owner_email.clone().unwrap_or_default();
        v
    }

    /// Marks whether `user_id` (a writer when `writer`, a manager when `manager`) may mark
    /// the task done: its owner, or any manager.
    pub fn allow(
        mut self,
        owner_id: Option<&str>,
        user_id: &str,
        writer: bool,
        manager: bool,
    ) -> Self {
        self.can_complete = !self.done && writer && (manager || owner_id == Some(user_id));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn task(kind: &str, title: &str, args: Value) -> Task {
        Task {
            id: "t".into(),
            kind: kind.into(),
            title: title.into(),
            args,
            customer_id: None,
            owner_id: None,
            source_kind: None,
            source_id: None,
            due_at: String::new(),
            done_at: None,
            created_at: String::new(),
        }
    }

    #[test]
    fn titles_read_in_the_ui_language_without_doubled_prefixes() {
        let en = Tr::default();
        let breach = task("sla-breach", "Wrong plan", json!({"target": "resolution"}));
        assert_eq!(
            task_title(&en, &breach),
            "SLA missed (Resolution): Wrong plan"
        );
        let warning = task(
            "sla-warning",
            "Wrong plan",
            json!({"target": "first-response", "percent": 75}),
        );
        assert_eq!(
            task_title(&en, &warning),
            "SLA warning (First response, 75 %): Wrong plan"
        );
        // Written before typed parameters: the English prefix is read back, not repeated.
        let old = task("follow-up-visit", "Follow-up visit: Wrong plan", json!({}));
        assert_eq!(task_title(&en, &old), "Follow-up visit: Wrong plan");
        let old = task(
            "sla-warning",
            "SLA at 75% (resolution): Wrong plan",
            json!({}),
        );
        assert_eq!(
            task_title(&en, &old),
            "SLA warning (Resolution, 75 %): Wrong plan"
        );
        let old = task("escalation", "Escalated (level 2): Wrong plan", json!({}));
        assert_eq!(task_title(&en, &old), "Escalation (level 2): Wrong plan");
        let old = task(
            "offboarding-follow-up",
            "Follow up 30 days after the goodbye",
            json!({}),
        );
        assert_eq!(
            task_title(&en, &old),
            "Offboarding follow-up (30 days after the goodbye)"
        );
        // An erased title (the kind) and an unknown kind never show a slug.
        let erased = task("follow-up-visit", "follow-up-visit", json!({}));
        assert_eq!(task_title(&en, &erased), "Follow-up visit");
        let odd = task("made-up-kind", "Call back", json!({}));
        assert_eq!(task_title(&en, &odd), "Task: Call back");
        let zh = Tr::for_tag("zh-CN");
        let t = task_title(&zh, &breach);
        assert!(
            !t.contains("sla-breach") && !t.contains("SLA missed"),
            "{t}"
        );
        assert!(t.ends_with("Wrong plan"), "{t}");
        let et = Tr::for_tag("et");
        let t = task_title(&et, &old);
        assert!(!t.contains("offboarding") && !t.contains("goodbye"), "{t}");
    }

    #[test]
    fn due_is_overdue_today_or_later() {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap();
        assert_eq!(Due::of("2026-03-10T11:59:59Z", false, now), Due::Overdue);
        assert_eq!(Due::of("2026-03-01T00:00:00Z", false, now), Due::Overdue);
        assert_eq!(Due::of("2026-03-10T12:00:01Z", false, now), Due::Today);
        assert_eq!(Due::of("2026-03-10T23:59:59Z", false, now), Due::Today);
        assert_eq!(Due::of("2026-03-11T00:00:00Z", false, now), Due::Later);
        assert_eq!(Due::of("2026-03-01T00:00:00Z", true, now), Due::Done);
        assert_eq!(Due::of("garbage", false, now), Due::Overdue);
        assert_eq!(due_before(now), "2026-03-11T00:00:00.000000Z");
    }

    #[test]
    fn sources_link_only_plain_ids() {
        let en = Tr::default();
        let mut t = task("follow-up-visit", "x", json!({}));
        t.source_kind = Some("complaint".into());
        t.source_id = Some("abc-1".into());
        assert_eq!(source(&en, &t).unwrap().href, "/complaints/abc-1");
        t.source_id = Some("../../admin".into());
        t.customer_id = Some("c1".into());
        assert_eq!(source(&en, &t).unwrap().href, "/customers/c1");
    }
}
