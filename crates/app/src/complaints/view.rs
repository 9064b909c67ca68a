//! Shared view helpers of the complaint pages: durations, severity and SLA badges, list rows
//! (tasks read through [`crate::tasks::view`]).

use crate::web::i18n::Tr;
use crate::web::view::{BAD, OK, PAUSED, WARN, label, when};
use carewell_domain::complaint::sla::{SlaState, TargetStatus};
use carewell_domain::time::{fmt_ts, parse_ts};
use carewell_store::complaints::{Complaint, ComplaintSla};
use carewell_store::tasks::Task;
use chrono::{DateTime, Utc};

/// What a task says besides its kind (its parameters and subject), in the UI language: for
/// lists that show the kind beside it. Tasks render through [`crate::tasks::view`].
pub fn task_title(tr: &Tr, t: &Task) -> String {
    crate::tasks::view::without_kind(tr, t)
}

/// Seconds as `2 h 05 min` (or `45 min`).
pub fn duration(secs: i64) -> String {
    let m = secs.max(0) / 60;
    if m >= 60 {
        format!("{} h {:02} min", m / 60, m % 60)
    } else {
        format!("{m} min")
    }
}

/// The badge class of a severity.
pub fn severity_class(severity: &str) -> &'static str {
    match severity {
        "critical" => BAD,
        "high" => "stage-leaving",
        "medium" => WARN,
        _ => "sentiment-neutral",
    }
}

/// One SLA target, ready to show.
#[derive(Debug, Clone)]
pub struct TargetView {
    /// active, met, missed.
    pub state: &'static str,
    /// Translated state, with `paused`/`warning` when so.
    pub label: String,
    /// Elapsed of target, e.g. `45 min / 1 h 00 min (75 %)`.
    pub progress: String,
    /// Due time, if running.
    pub due: crate::web::view::When,
    /// Badge CSS class (see [`OK`], [`WARN`], [`BAD`], [`PAUSED`] in [`crate::web::view`]).
    pub class: &'static str,
}

impl TargetView {
    /// Builds the view of `t`.
    pub fn new(tr: &Tr, t: &TargetStatus) -> Self {
        let mut label = label(tr, "cmp-sla", t.state.as_str());
        let class = match (t.state, t.paused, t.warning) {
            (SlaState::Missed, _, _) => BAD,
            (SlaState::Met, _, _) => OK,
            (_, true, _) => PAUSED,
            (_, _, true) => WARN,
            _ => OK,
        };
        if t.paused {
            label = format!("{label} · {}", tr.t("cmp-sla-paused"));
        } else if t.warning {
            label = format!("{label} · {}", tr.t("cmp-sla-warning"));
        }
        Self {
            state: t.state.as_str(),
            label,
            progress: format!(
                "{} / {} ({} %)",
                duration(t.elapsed_seconds),
                duration(t.target_seconds),
                t.percent
            ),
            due: t.due_at.map(|d| when(&fmt_ts(d))).unwrap_or_default(),
            class,
        }
    }
}

/// A complaint row of a list.
#[derive(Debug, Clone)]
pub struct RowView {
    /// Id.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Customer name.
    pub customer: String,
    /// Severity badge CSS class.
    pub severity: String,
    /// Translated severity.
    pub severity_label: String,
    /// Translated category.
    pub category_label: String,
    /// Translated status.
    pub status_label: String,
    /// Overall SLA.
    pub sla: TargetView,
    /// Received.
    pub created: crate::web::view::When,
    /// Escalation level.
    pub escalation: i64,
    /// The owner's name, or "Unassigned" (translated).
    pub owner: String,
    /// Whether nobody owns it.
    pub unassigned: bool,
    /// The running SLA clock's deadline, shown; empty when no clock runs.
    pub sla_due: crate::web::view::When,
    /// The deadline as stored (UTC), for `<time datetime>`.
    pub sla_due_at: String,
    /// The deadline's badge class: [`BAD`] past due, [`WARN`] within the hour or past the
    /// warning point, none otherwise.
    pub sla_due_class: &'static str,
    /// The deadline's state in words (breached, warning), translated; empty otherwise.
    pub sla_due_label: String,
    /// When the customer last wrote, shown.
    pub last_customer: crate::web::view::When,
}

/// How soon before the deadline a running clock shows as a warning.
pub const DUE_SOON_SECONDS: i64 = 3600;

/// The class and state of a deadline `due` at `now`, `warning` when the target's warning point
/// has passed: breached when past, warning within [`DUE_SOON_SECONDS`] or past the warning
/// point, plain otherwise.
pub fn due_class(
    due: Option<DateTime<Utc>>,
    warning: bool,
    now: DateTime<Utc>,
) -> (&'static str, &'static str) {
    match due {
        Some(d) if d <= now => (BAD, "breached"),
        Some(d) if warning || (d - now).num_seconds() <= DUE_SOON_SECONDS => (WARN, "warning"),
        _ => ("", ""),
    }
}

impl RowView {
    /// Builds the row of `c` with its SLA status at `now`.
    pub fn new(tr: &Tr, c: &Complaint, sla: &ComplaintSla, now: DateTime<Utc>) -> Self {
        // The row shows the target that matters now: first response until done, then resolution.
        let t = if c.first_response_at.is_none() {
            &sla.first_response
        } else {
            &sla.resolution
        };
        let mut view = TargetView::new(tr, t);
        if sla.state == SlaState::Missed {
            view.class = BAD;
            view.state = "missed";
            view.label = label(tr, "cmp-sla", "missed");
        }
        let due = c
            .sla_due_at
            .as_deref()
            .and_then(|d| parse_ts("sla_due_at", d).ok());
        let (due_cls, due_state) = due_class(due, t.warning, now);
        Self {
            owner: c
                .owner_name
                .clone()
                .unwrap_or_else(|| tr.t("cmp-unassigned")),
            unassigned: c.owner_id.is_none(),
            sla_due: c.sla_due_at.as_deref().map(when).unwrap_or_default(),
            sla_due_at: c.sla_due_at.clone().unwrap_or_default(),
            sla_due_class: due_cls,
            sla_due_label: if due_state.is_empty() {
                String::new()
            } else {
                tr.t(&format!("cmp-due-{due_state}"))
            },
            last_customer: c
                .last_customer_message_at
                .as_deref()
                .map(when)
                .unwrap_or_default(),
            id: c.id.clone(),
            subject: c.subject.clone(),
            customer: c.customer_name.clone(),
            severity: severity_class(c.severity.as_str()).to_string(),
            severity_label: label(tr, "cmp-severity", c.severity.as_str()),
            category_label: label(tr, "cmp-category", c.category.as_str()),
            status_label: label(tr, "cmp-status", c.status.as_str()),
            sla: view,
            created: when(&c.created_at),
            escalation: c.escalation_level,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_is_breached_past_the_deadline_and_warns_within_the_hour() {
        let now = Utc::now();
        let h = chrono::Duration::hours;
        assert_eq!(due_class(Some(now - h(1)), false, now), (BAD, "breached"));
        assert_eq!(due_class(Some(now), false, now), (BAD, "breached"));
        assert_eq!(
            due_class(Some(now + chrono::Duration::minutes(59)), false, now),
            (WARN, "warning")
        );
        assert_eq!(due_class(Some(now + h(5)), true, now), (WARN, "warning"));
        assert_eq!(due_class(Some(now + h(5)), false, now), ("", ""));
        assert_eq!(due_class(None, true, now), ("", ""));
    }
}
