//! A complaint as a whole, and every rule that changes one: the workflow step
//! ([`Complaint::apply`]), a severity change, the customer's satisfaction answer, and the SLA
//! tick (warnings, breaches and the escalation a breach causes). Each returns the changed
//! complaint and the [`Effect`]s the store carries out in the same transaction (history lines,
//! customer messages, tasks, staff e-mail, integration events); the store decides nothing.

use super::sla::{self, Clock, Pause, Policy, SlaState, TargetStatus};
use super::workflow::{self, Action, Change, CustomerMessage, State, Status};
use super::{Attachment, Category, IntakeChannel, Severity};
use crate::error::{Code, DomainError, Done, Refusal, Rejection, Step};
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Days after resolution when the follow-up visit (and the satisfaction question) is due.
pub const FOLLOW_UP_DAYS: i64 = 7;

/// The longest severity-change reason or satisfaction comment.
pub const MAX_NOTE: usize = 2000;

/// A complaint.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Complaint {
    /// Id (UUIDv7).
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// How it reached us.
    pub channel: IntakeChannel,
    /// What it is about.
    pub category: Category,
    /// How bad.
    pub severity: Severity,
    /// Short title.
    pub subject: String,
    /// What the customer said.
    pub description: String,
    /// Attachment metadata.
    pub attachments: Vec<Attachment>,
    /// Workflow status.
    pub status: Status,
    /// While waiting on the customer: where work resumes.
    pub resume_to: Option<Status>,
    /// The confirmed core demand.
    pub demand: Option<String>,
    /// Escalation level (0 = none).
    pub escalation_level: i64,
    /// Times reopened.
    pub reopen_count: i64,
    /// Owning staff member.
    pub owner_id: Option<String>,
    /// What was done.
    pub resolution: Option<String>,
    /// Why it happened.
    pub root_cause: Option<String>,
    /// Pauses of the SLA clock.
    pub sla_pauses: Vec<Pause>,
    /// First response (UTC).
    pub first_response_at: Option<String>,
    /// Resolved (UTC).
    pub resolved_at: Option<String>,
    /// Closed (UTC).
    pub closed_at: Option<String>,
    /// The customer's satisfaction, 1–5.
    pub satisfaction_score: Option<i64>,
    /// The customer's comment.
    pub satisfaction_comment: Option<String>,
    /// Received (UTC); the SLA clock starts here.
    pub created_at: String,
    /// Last changed (UTC).
    pub updated_at: String,
    /// The owner's name (or e-mail when the name is blank); null while unassigned.
    pub owner_name: Option<String>,
    /// The deadline of the SLA target running now (UTC), as last stored (see
    /// [`Complaint::sla_due`]); null while the clock is paused, once resolved or closed.
    pub sla_due_at: Option<String>,
    /// When the customer last wrote (the intake, then their replies in the thread; UTC).
    pub last_customer_message_at: Option<String>,
    /// SLA notifications already sent (`first-response-warning`, …).
    #[serde(skip)]
    pub sla_notified: Vec<String>,
}

/// A complaint's SLA status.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct ComplaintSla {
    /// Active, met or missed (missed if either target is missed).
    pub state: SlaState,
    /// The first response target.
    pub first_response: TargetStatus,
    /// The resolution target.
    pub resolution: TargetStatus,
}

/// One of the two SLA targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Time to the first response.
    FirstResponse,
    /// Time to resolution.
    Resolution,
}

impl Target {
    /// Both, in order.
    pub const ALL: [Target; 2] = [Target::FirstResponse, Target::Resolution];

    /// The stable name (`first-response`, `resolution`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstResponse => "first-response",
            Self::Resolution => "resolution",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A future instant at which the SLA tick has something to do for a complaint, with a unique
/// key (for a job queue that dedupes re-scheduling): `complaint:{id}:{target}-{warning|breach}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    /// Unique key of the check.
    pub key: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

/// What a staff task asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    /// Visit or call the customer after the resolution.
    FollowUpVisit,
    /// A manager looks at an escalated complaint.
    Escalation,
    /// An SLA target is 75 % through.
    SlaWarning,
    /// An SLA target was missed.
    SlaBreach,
}

impl TaskKind {
    /// The stable name stored as the task's kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FollowUpVisit => "follow-up-visit",
            Self::Escalation => "escalation",
            Self::SlaWarning => "sla-warning",
            Self::SlaBreach => "sla-breach",
        }
    }
}

/// A task the change gives someone; the subject is the complaint's. Its words are rendered
/// from the kind and these parameters in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// What to do.
    pub kind: TaskKind,
    /// `true`: the complaint's owner; `false`: the managers' queue.
    pub for_owner: bool,
    /// Due.
    pub due_at: DateTime<Utc>,
    /// The SLA target concerned.
    pub target: Option<Target>,
    /// Percent of the target elapsed.
    pub percent: Option<i64>,
    /// The escalation level reached.
    pub level: Option<i64>,
}

/// Something the store must do in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A line in the complaint's history, by the acting person (or `system`, `customer`).
    History {
        /// The action's stable name (`acknowledge`, `severity`, `sla-breach`, …).
        action: String,
        /// Status before (none for lines that change no status).
        from: Option<Status>,
        /// Status after.
        to: Status,
        /// The note, demand, reason or target.
        note: Option<String>,
        /// Written by the system rather than the actor.
        by_system: bool,
    },
    /// Tell the customer, with the action's note.
    Notify {
        /// Which message.
        message: CustomerMessage,
        /// The action's note, if any.
        note: Option<String>,
    },
    /// Give someone a task.
    Task(Task),
    /// E-mail staff about an SLA checkpoint: the owner on a warning; the owner and every
    /// active manager on a breach.
    StaffSla {
        /// The target.
        target: Target,
        /// Percent elapsed.
        percent: i64,
        /// A breach (else a warning).
        breach: bool,
    },
    /// Ask the customer how satisfied they are, [`FOLLOW_UP_DAYS`] after the resolution.
    ScheduleSatisfaction,
    /// Integration event: the status changed.
    StatusChanged {
        /// Before.
        from: Status,
        /// After.
        to: Status,
    },
    /// Integration event: an SLA target was missed.
    SlaBreached {
        /// The target.
        target: Target,
        /// When it was due.
        due_at: Option<DateTime<Utc>>,
    },
}

/// The outcome of an accepted change.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The complaint after the change.
    pub complaint: Complaint,
    /// What the store must do.
    pub effects: Vec<Effect>,
}

fn ts(s: &Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref().and_then(|s| parse_ts("at", s).ok())
}

fn nonblank(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The short reference shown to customers (the last 8 characters of the id).
pub fn reference(id: &str) -> String {
    id.chars().skip(id.len().saturating_sub(8)).collect()
}

impl Complaint {
    /// The short reference shown to customers.
    pub fn reference(&self) -> String {
        reference(&self.id)
    }

    /// The workflow state.
    pub fn state(&self) -> State {
        State {
            status: self.status,
            resume_to: self.resume_to,
            demand: self.demand.clone(),
            escalation_level: self.escalation_level,
            reopen_count: self.reopen_count,
        }
    }

    /// The SLA status under `policy` at `now`.
    pub fn sla(&self, policy: &Policy, now: DateTime<Utc>) -> ComplaintSla {
        let started = parse_ts("created_at", &self.created_at).unwrap_or(now);
        let clock = Clock {
            started,
            pauses: &self.sla_pauses,
        };
        let first_response = sla::evaluate(
            &policy.calendar,
            &clock,
            policy.first_response_minutes,
            ts(&self.first_response_at),
            now,
        );
        let resolution = sla::evaluate(
            &policy.calendar,
            &clock,
            policy.resolution_minutes,
            ts(&self.resolved_at),
            now,
        );
        ComplaintSla {
            state: sla::overall(&[&first_response, &resolution]),
            first_response,
            resolution,
        }
    }

    /// The deadline of the SLA target running now under `policy`: the first response until it
    /// is given, then the resolution. `None` while the clock is paused, once resolved and once
    /// closed (no clock runs). Unlike [`TargetStatus::due_at`] a target already missed keeps its
    /// (past) deadline, so a queue sorted by it shows the breached ones first.
    pub fn sla_due(&self, policy: &Policy) -> Option<DateTime<Utc>> {
        if self.status == Status::Closed {
            return None;
        }
        let minutes = if self.first_response_at.is_none() {
            policy.first_response_minutes
        } else if self.resolved_at.is_none() {
            policy.resolution_minutes
        } else {
            return None;
        };
        let started = parse_ts("created_at", &self.created_at).ok()?;
        let clock = Clock {
            started,
            pauses: &self.sla_pauses,
        };
        let target = minutes.clamp(0, sla::MAX_TARGET_MINUTES).saturating_mul(60);
        clock.due_at(&policy.calendar, target)
    }

    fn achieved(&self, target: Target) -> bool {
        match target {
            Target::FirstResponse => self.first_response_at.is_some(),
            Target::Resolution => self.resolved_at.is_some(),
        }
    }

    /// When warnings and breaches fall due under `policy` (nothing while paused or once
    /// achieved); not yet notified ones only. A target already missed but not yet handled is
    /// due `now`.
    pub fn checkpoints(&self, policy: &Policy, now: DateTime<Utc>) -> Vec<Checkpoint> {
        let sla = self.sla(policy, now);
        let mut out = Vec::new();
        for (target, t) in [
            (Target::FirstResponse, &sla.first_response),
            (Target::Resolution, &sla.resolution),
        ] {
            let overdue = (!self.achieved(target) && t.state == SlaState::Missed).then_some(now);
            for (kind, at) in [("warning", t.warn_at), ("breach", t.due_at.or(overdue))] {
                let key = format!("{}-{kind}", target.as_str());
                if let Some(at) = at
                    && !self.sla_notified.contains(&key)
                {
                    out.push(Checkpoint {
                        key: format!("complaint:{}:{key}", self.id),
                        at,
                    });
                }
            }
        }
        out
    }

    /// Applies a workflow action at `at`: the next state from [`workflow::apply`], the stamps
    /// and SLA pauses it implies, and what the store must do (history, customer messages, the
    /// follow-up or escalation task, the satisfaction question, the status event).
    pub fn apply(&self, action: &Action, at: DateTime<Utc>) -> Result<Applied, Rejection> {
        let t = workflow::apply(&self.state(), action, self.first_response_at.is_some())?;
        let mut c = self.clone();
        let stamp = fmt_ts(at);
        c.status = t.state.status;
        c.resume_to = t.state.resume_to;
        c.demand = t.state.demand.clone();
        c.escalation_level = t.state.escalation_level;
        c.reopen_count = t.state.reopen_count;
        if let Action::Resolve {
            resolution,
            root_cause,
        } = action
        {
            c.resolution = Some(resolution.trim().to_string());
            c.root_cause = Some(root_cause.trim().to_lowercase());
        }
        if c.status == Status::Closed {
            c.closed_at = Some(stamp.clone());
        }
        let note = nonblank(action.note());
        let mut effects = vec![Effect::History {
            action: action.name().to_string(),
            from: Some(self.status),
            to: c.status,
            note: note.clone(),
            by_system: false,
        }];
        for change in &t.changes {
            match change {
                Change::FirstResponse => c.first_response_at = Some(stamp.clone()),
                Change::PauseClock => c.sla_pauses.push(Pause { from: at, to: None }),
                Change::ResumeClock => {
                    if let Some(p) = c.sla_pauses.last_mut() {
                        p.to = Some(at.max(p.from));
                    }
                }
                Change::Resolved => {
                    c.resolved_at = Some(stamp.clone());
                    effects.push(Effect::ScheduleSatisfaction);
                }
                Change::Unresolved => {
                    // The time while it looked resolved does not count against the team.
                    if let Some(r) = ts(&c.resolved_at.take()) {
                        c.sla_pauses.push(Pause {
                            from: r,
                            to: Some(at.max(r)),
                        });
                    }
                    c.closed_at = None;
                    c.sla_notified.retain(|k| !k.starts_with("resolution"));
                }
                Change::ScheduleFollowUp => effects.push(Effect::Task(Task {
                    kind: TaskKind::FollowUpVisit,
                    for_owner: true,
                    due_at: at + Duration::days(FOLLOW_UP_DAYS),
                    target: None,
                    percent: None,
                    level: None,
                })),
                Change::Notify(m) => effects.push(Effect::Notify {
                    message: *m,
                    note: note.clone(),
                }),
                Change::NotifyManager => effects.push(Effect::Task(Task {
                    kind: TaskKind::Escalation,
                    for_owner: false,
                    due_at: at,
                    target: None,
                    percent: None,
                    level: Some(c.escalation_level),
                })),
            }
        }
        if c.status != self.status {
            effects.push(Effect::StatusChanged {
                from: self.status,
                to: c.status,
            });
        }
        Ok(Applied {
            complaint: c,
            effects,
        })
    }

    /// The customer wrote (a reply on the public page or an e-mail) at `at`. While the
    /// complaint waits on the customer, work resumes where it was and the SLA clock runs again,
    /// exactly as the `customer-responded` action (recorded as the customer's, with the same
    /// effects). In any other status the message changes nothing: `None`.
    pub fn customer_replied(&self, at: DateTime<Utc>) -> Option<Applied> {
        if self.status != Status::WaitingOnCustomer {
            return None;
        }
        self.apply(&Action::CustomerResponded { note: None }, at)
            .ok()
    }

    /// Changes the severity (a reason is required; the new severity's SLA targets apply from
    /// intake on). The same severity is no change (`None`); a closed complaint must be
    /// reopened first.
    pub fn set_severity(
        &self,
        severity: Severity,
        reason: &str,
    ) -> Result<Option<Applied>, Rejection> {
        let reason = crate::customer::parse_text("reason", reason, MAX_NOTE)?;
        if self.severity == severity {
            return Ok(None);
        }
        if self.status == Status::Closed {
            return Err(Refusal::StepFirst { step: Step::Reopen }.into());
        }
        let mut c = self.clone();
        c.severity = severity;
        Ok(Some(Applied {
            effects: vec![Effect::History {
                action: "severity".into(),
                from: Some(c.status),
                to: c.status,
                note: Some(format!(
                    "{} → {}: {reason}",
                    self.severity.as_str(),
                    severity.as_str()
                )),
                by_system: false,
            }],
            complaint: c,
        }))
    }

    /// Records the customer's answer to the satisfaction question: a score of 1 to 5 and an
    /// optional comment, once, and only once the complaint is resolved.
    pub fn record_satisfaction(
        &self,
        score: i64,
        comment: Option<&str>,
    ) -> Result<Applied, Rejection> {
        if !(1..=5).contains(&score) {
            let range = Code::OutOfRange {
                min: Some(1),
                max: Some(5),
            };
            return Err(DomainError::new("score", range).into());
        }
        let comment = nonblank(comment);
        if comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_NOTE)
        {
            return Err(DomainError::new("comment", Code::TooLong { max: MAX_NOTE }).into());
        }
        if self.satisfaction_score.is_some() {
            return Err(Refusal::AlreadyDone {
                what: Done::SatisfactionAnswered,
            }
            .into());
        }
        if !self.status.is_resolved() {
            return Err(Refusal::WrongState {
                entity: crate::Entity::Complaint,
                status: self.status.as_str().to_string(),
                action: "satisfaction".into(),
                allowed: Vec::new(),
            }
            .into());
        }
        let mut c = self.clone();
        c.satisfaction_score = Some(score);
        c.satisfaction_comment = comment.clone();
        Ok(Applied {
            effects: vec![Effect::History {
                action: "satisfaction".into(),
                from: Some(c.status),
                to: c.status,
                note: Some(format!(
                    "{score}/5{}",
                    comment.map(|c| format!(": {c}")).unwrap_or_default()
                )),
                by_system: false,
            }],
            complaint: c,
        })
    }

    /// The SLA tick at `now` under `policy`: for each target not yet achieved, a crossing of
    /// the 75 % point (a warning) or of the target (a breach) that was not handled before.
    /// A breach escalates by the workflow's own rule (capped at [`workflow::MAX_ESCALATION`]), tasks the
    /// owner and the managers' queue and e-mails them; a warning tasks and e-mails the owner.
    /// `None` when there is nothing to do (closed, or every crossing already handled).
    pub fn sla_tick(&self, policy: &Policy, now: DateTime<Utc>) -> Option<Applied> {
        if self.status == Status::Closed {
            return None;
        }
        let sla = self.sla(policy, now);
        let mut c = self.clone();
        let mut effects = Vec::new();
        for (target, t) in [
            (Target::FirstResponse, &sla.first_response),
            (Target::Resolution, &sla.resolution),
        ] {
            if self.achieved(target) {
                continue;
            }
            let breach_key = format!("{}-breach", target.as_str());
            let warn_key = format!("{}-warning", target.as_str());
            let sla_history = |action: &str| Effect::History {
                action: action.into(),
                from: Some(c.status),
                to: c.status,
                note: Some(target.as_str().into()),
                by_system: true,
            };
            if t.state == SlaState::Missed && !c.sla_notified.contains(&breach_key) {
                c.sla_notified.push(breach_key);
                if !c.sla_notified.contains(&warn_key) {
                    c.sla_notified.push(warn_key);
                }
                effects.push(sla_history("sla-breach"));
                effects.push(Effect::SlaBreached {
                    target,
                    due_at: t.due_at,
                });
                // The same escalation rule as a person's: one level up, at most the highest.
                let escalate = Action::Escalate {
                    reason: format!("{} SLA missed", target.as_str()),
                };
                if let Ok(t) = workflow::apply(&c.state(), &escalate, true) {
                    c.escalation_level = t.state.escalation_level;
                    effects.push(Effect::History {
                        action: "escalate".into(),
                        from: Some(c.status),
                        to: c.status,
                        note: Some(target.as_str().into()),
                        by_system: true,
                    });
                }
                effects.push(Effect::StaffSla {
                    target,
                    percent: t.percent,
                    breach: true,
                });
                // The owner gets a task; the managers' queue (no owner) always does.
                let mut owners = vec![false];
                if c.owner_id.is_some() {
                    owners.insert(0, true);
                }
                for for_owner in owners {
                    effects.push(Effect::Task(Task {
                        kind: TaskKind::SlaBreach,
                        for_owner,
                        due_at: now,
                        target: Some(target),
                        percent: Some(t.percent),
                        level: Some(c.escalation_level),
                    }));
                }
            } else if t.warning && !c.sla_notified.contains(&warn_key) {
                c.sla_notified.push(warn_key);
                effects.push(sla_history("sla-warning"));
                effects.push(Effect::StaffSla {
                    target,
                    percent: t.percent,
                    breach: false,
                });
                effects.push(Effect::Task(Task {
                    kind: TaskKind::SlaWarning,
                    for_owner: true,
                    due_at: t.due_at.unwrap_or(now),
                    target: Some(target),
                    percent: Some(t.percent),
                    level: None,
                }));
            }
        }
        (!effects.is_empty()).then_some(Applied {
            complaint: c,
            effects,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::sla::BusinessCalendar;

    fn complaint(created: DateTime<Utc>) -> Complaint {
        Complaint {
            id: "0190-complaint-12345678".into(),
            customer_id: "c1".into(),
            customer_name: "Mari".into(),
            channel: IntakeChannel::Email,
            category: Category::Billing,
            severity: Severity::High,
            subject: "Charged twice".into(),
            description: "I was charged twice".into(),
            attachments: Vec::new(),
            status: Status::New,
            resume_to: None,
            demand: None,
            escalation_level: 0,
            reopen_count: 0,
            owner_id: Some("agent-1".into()),
            resolution: None,
            root_cause: None,
            sla_pauses: Vec::new(),
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            satisfaction_score: None,
            satisfaction_comment: None,
            created_at: fmt_ts(created),
            updated_at: fmt_ts(created),
            owner_name: None,
            sla_due_at: None,
            last_customer_message_at: None,
            sla_notified: Vec::new(),
        }
    }

    fn policy() -> Policy {
        Policy {
            severity: Severity::High,
            first_response_minutes: 60,
            resolution_minutes: 240,
            calendar: BusinessCalendar::always(),
        }
    }

    #[test]
    fn sla_due_follows_the_running_target_and_keeps_a_missed_deadline() {
        let t0 = parse_ts("t", "2026-01-05T10:00:00Z").unwrap_or_default();
        let mut c = complaint(t0);
        let p = policy();
        assert_eq!(c.sla_due(&p), Some(t0 + Duration::minutes(60)));
        // Paused for half an hour, then resumed: the deadline moves by the pause.
        c.sla_pauses = vec![Pause {
            from: t0 + Duration::minutes(10),
            to: None,
        }];
        assert_eq!(c.sla_due(&p), None);
        c.sla_pauses[0].to = Some(t0 + Duration::minutes(40));
        assert_eq!(c.sla_due(&p), Some(t0 + Duration::minutes(90)));
        c.first_response_at = Some(fmt_ts(t0 + Duration::minutes(5)));
        assert_eq!(c.sla_due(&p), Some(t0 + Duration::minutes(270)));
        c.resolved_at = Some(fmt_ts(t0 + Duration::minutes(100)));
        assert_eq!(c.sla_due(&p), None);
        c.resolved_at = None;
        c.status = Status::Closed;
        assert_eq!(c.sla_due(&p), None);
    }

    #[test]
    fn apply_stamps_and_says_what_to_do() {
        let t0 = Utc::now() - Duration::hours(1);
        let c = complaint(t0);
        let a = c
            .apply(
                &Action::Acknowledge {
                    note: Some(" ".into()),
                },
                t0,
            )
            .unwrap();
        assert_eq!(a.complaint.status, Status::Acknowledged);
        assert_eq!(a.complaint.first_response_at, Some(fmt_ts(t0)));
        assert!(a.effects.contains(&Effect::Notify {
            message: CustomerMessage::Acknowledged,
            note: None
        }));
        assert!(a.effects.contains(&Effect::StatusChanged {
            from: Status::New,
            to: Status::Acknowledged
        }));
        assert!(matches!(
            c.apply(&Action::Close { note: None }, t0),
            Err(Rejection::Refused(Refusal::WrongState { .. }))
        ));
    }

    #[test]
    fn a_breach_escalates_once_and_tasks_both_queues() {
        let t0 = Utc::now() - Duration::hours(2);
        let c = complaint(t0);
        let a = c.sla_tick(&policy(), Utc::now()).unwrap();
        assert_eq!(a.complaint.escalation_level, 1);
        let tasks: Vec<_> = a
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::Task(t) => Some((t.kind, t.for_owner)),
                _ => None,
            })
            .collect();
        assert_eq!(
            tasks,
            vec![(TaskKind::SlaBreach, true), (TaskKind::SlaBreach, false)]
        );
        // Handled once: the next tick has nothing to do for that crossing.
        assert!(a.complaint.sla_tick(&policy(), Utc::now()).is_none());
    }

    #[test]
    fn satisfaction_once_after_resolution() {
        let mut c = complaint(Utc::now());
        assert!(matches!(
            c.record_satisfaction(4, None),
            Err(Rejection::Refused(Refusal::WrongState { .. }))
        ));
        c.status = Status::Resolved;
        let a = c.record_satisfaction(4, Some("ok")).unwrap();
        assert!(matches!(
            a.complaint.record_satisfaction(5, None),
            Err(Rejection::Refused(Refusal::AlreadyDone { .. }))
        ));
        assert!(matches!(
            c.record_satisfaction(9, None),
            Err(Rejection::Invalid(_))
        ));
    }

    #[test]
    fn a_customer_reply_resumes_the_clock_only_while_waiting() {
        let t0 = Utc::now() - Duration::hours(3);
        let c = complaint(t0);
        // Not waiting: the message changes nothing.
        assert!(c.customer_replied(t0).is_none());
        let ack = c
            .apply(&Action::Acknowledge { note: None }, t0)
            .unwrap()
            .complaint;
        let t1 = t0 + Duration::minutes(10);
        let waiting = ack
            .apply(&Action::WaitOnCustomer { note: None }, t1)
            .unwrap()
            .complaint;
        assert_eq!(waiting.status, Status::WaitingOnCustomer);
        let paused = waiting.sla(&policy(), t1 + Duration::hours(1));
        let t2 = t1 + Duration::hours(2);
        let a = waiting.customer_replied(t2).unwrap();
        assert_eq!(
            a.complaint.status,
            Status::Acknowledged,
            "back where it was"
        );
        assert_eq!(a.complaint.resume_to, None);
        assert_eq!(
            a.complaint.sla_pauses.last().and_then(|p| p.to),
            Some(t2),
            "the pause ends at the reply"
        );
        // The two hours of waiting do not count; the clock runs again afterwards.
        let later = a.complaint.sla(&policy(), t2 + Duration::minutes(30));
        assert_eq!(
            later.resolution.elapsed_seconds,
            paused.resolution.elapsed_seconds + 30 * 60
        );
        assert!(a.effects.contains(&Effect::StatusChanged {
            from: Status::WaitingOnCustomer,
            to: Status::Acknowledged
        }));
        assert!(a.complaint.customer_replied(t2).is_none());
    }
}
