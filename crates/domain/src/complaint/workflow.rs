//! The complaint workflow as a state machine:
//!
//! ```text
//! new → acknowledged → listening → demand-confirmed → resolving → resolved → followed-up → closed
//! ```
//!
//! plus waiting-on-customer (from any working state, pauses the SLA clock and returns to where
//! it was), reopen (from resolved, followed-up or closed, back to listening so the demand is
//! confirmed again) and escalation (any open state, raises the level, state unchanged).
//! [`apply`] is pure: it returns the next state and what else changes, or a [`Rejection`]:
//! missing text is invalid input, an action the state does not allow is a
//! [`Refusal::WrongState`] naming what is allowed instead.

use crate::customer::string_enum;
use crate::error::{Code, DomainError, Entity, Refusal, Rejection};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Where a complaint is in its workflow.
    #[schema(as = ComplaintStatus)]
    Status, "status" {
        /// Received, nobody has answered yet.
        New = "new",
        /// The customer has been told we have it (first response).
        Acknowledged = "acknowledged",
        /// An agent is listening to the whole story.
        Listening = "listening",
        /// The agent restated the customer's core demand and the customer confirmed it.
        DemandConfirmed = "demand-confirmed",
        /// Working on the remedy.
        Resolving = "resolving",
        /// Remedy delivered.
        Resolved = "resolved",
        /// The follow-up visit or call happened.
        FollowedUp = "followed-up",
        /// Done.
        Closed = "closed",
        /// Waiting for the customer; the SLA clock is paused.
        WaitingOnCustomer = "waiting-on-customer",
    }
);

impl Status {
    /// Whether the complaint is still open (not closed).
    pub fn is_open(&self) -> bool {
        *self != Status::Closed
    }

    /// Whether the complaint counts as resolved for the resolution SLA.
    pub fn is_resolved(&self) -> bool {
        matches!(self, Status::Resolved | Status::FollowedUp | Status::Closed)
    }
}

/// The states from which one may wait on the customer.
const WORKING: [Status; 4] = [
    Status::Acknowledged,
    Status::Listening,
    Status::DemandConfirmed,
    Status::Resolving,
];

/// Highest escalation level.
pub const MAX_ESCALATION: i64 = 3;

/// What a person (or the SLA job) asks to do with a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "kebab-case")]
#[schema(as = ComplaintAction)]
pub enum Action {
    /// Tell the customer we have it (the first response).
    Acknowledge {
        /// Optional note.
        #[serde(default)]
        note: Option<String>,
    },
    /// Start listening to the customer.
    Listen {
        /// Optional note.
        #[serde(default)]
        note: Option<String>,
    },
    /// Record the customer's core demand, restated by the agent and confirmed by the customer.
    ConfirmDemand {
        /// The demand in the agent's own words.
        demand: String,
    },
    /// Start working on the remedy.
    StartResolving {
        /// Optional note.
        #[serde(default)]
        note: Option<String>,
    },
    /// The remedy is delivered.
    Resolve {
        /// What was done.
        resolution: String,
        /// Why it happened (free text, e.g. `billing-system`, `training`).
        root_cause: String,
    },
    /// The follow-up visit or call happened.
    FollowUp {
        /// What the customer said.
        #[serde(default)]
        note: Option<String>,
    },
    /// Close the complaint.
    Close {
        /// Optional note.
        #[serde(default)]
        note: Option<String>,
    },
    /// Wait for the customer (pauses the SLA clock).
    WaitOnCustomer {
        /// What we are waiting for.
        #[serde(default)]
        note: Option<String>,
    },
    /// The customer answered; work resumes where it was.
    CustomerResponded {
        /// Optional note.
        #[serde(default)]
        note: Option<String>,
    },
    /// The customer is not satisfied after all: back to listening.
    Reopen {
        /// Why.
        reason: String,
    },
    /// Raise the escalation level (manager attention).
    Escalate {
        /// Why.
        reason: String,
    },
}

impl Action {
    /// The action's stable name.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Acknowledge { .. } => "acknowledge",
            Action::Listen { .. } => "listen",
            Action::ConfirmDemand { .. } => "confirm-demand",
            Action::StartResolving { .. } => "start-resolving",
            Action::Resolve { .. } => "resolve",
            Action::FollowUp { .. } => "follow-up",
            Action::Close { .. } => "close",
            Action::WaitOnCustomer { .. } => "wait-on-customer",
            Action::CustomerResponded { .. } => "customer-responded",
            Action::Reopen { .. } => "reopen",
            Action::Escalate { .. } => "escalate",
        }
    }

    /// The free text carried by the action, if any.
    pub fn note(&self) -> Option<&str> {
        match self {
            Action::Acknowledge { note }
            | Action::Listen { note }
            | Action::StartResolving { note }
            | Action::FollowUp { note }
            | Action::Close { note }
            | Action::WaitOnCustomer { note }
            | Action::CustomerResponded { note } => note.as_deref(),
            Action::ConfirmDemand { demand } => Some(demand),
            Action::Resolve { resolution, .. } => Some(resolution),
            Action::Reopen { reason } | Action::Escalate { reason } => Some(reason),
        }
    }

    /// The free-text field an action takes from a form, and whether it must be filled:
    /// the demand, the resolution (with its root cause), the reason, or an optional note.
    pub fn text_field(name: &str) -> (&'static str, bool) {
        match name {
            "confirm-demand" => ("demand", true),
            "resolve" => ("resolution", true),
            "reopen" | "escalate" => ("reason", true),
            _ => ("note", false),
        }
    }

    /// The action named `name` with the texts a form sent (`text` is the field
    /// [`Action::text_field`] names; `root_cause` goes with a resolution). A blank note is no
    /// note; required texts are checked by [`apply`].
    pub fn from_form(name: &str, text: &str, root_cause: &str) -> Result<Self, DomainError> {
        let note = Some(text.trim().to_string()).filter(|n| !n.is_empty());
        let text = text.to_string();
        Ok(match name {
            "acknowledge" => Action::Acknowledge { note },
            "listen" => Action::Listen { note },
            "confirm-demand" => Action::ConfirmDemand { demand: text },
            "start-resolving" => Action::StartResolving { note },
            "resolve" => Action::Resolve {
                resolution: text,
                root_cause: root_cause.to_string(),
            },
            "follow-up" => Action::FollowUp { note },
            "close" => Action::Close { note },
            "wait-on-customer" => Action::WaitOnCustomer { note },
            "customer-responded" => Action::CustomerResponded { note },
            "reopen" => Action::Reopen { reason: text },
            "escalate" => Action::Escalate { reason: text },
            other => {
                return Err(DomainError::new(
                    "action",
                    Code::OneOf {
                        value: other.to_string(),
                        allowed: Self::NAMES.map(String::from).to_vec(),
                    },
                ));
            }
        })
    }

    /// Every action name, in workflow order.
    pub const NAMES: [&'static str; 11] = [
        "acknowledge",
        "listen",
        "confirm-demand",
        "start-resolving",
        "resolve",
        "follow-up",
        "close",
        "wait-on-customer",
        "customer-responded",
        "reopen",
        "escalate",
    ];
}

/// The workflow-relevant part of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Current status.
    pub status: Status,
    /// While waiting on the customer: the status to return to.
    pub resume_to: Option<Status>,
    /// The confirmed core demand.
    pub demand: Option<String>,
    /// Escalation level, 0 = none.
    pub escalation_level: i64,
    /// How often it was reopened.
    pub reopen_count: i64,
}

impl State {
    /// A new complaint.
    pub fn new() -> Self {
        Self {
            status: Status::New,
            resume_to: None,
            demand: None,
            escalation_level: 0,
            reopen_count: 0,
        }
    }
}

impl Default for State {
    fn default() -> Self {
        Self::new()
    }
}

/// A customer-facing message the transition causes (a key of `complaints.ftl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustomerMessage {
    /// "We have your complaint" (acknowledgement).
    Acknowledged,
    /// "This is what we understood you want."
    DemandConfirmed,
    /// "We need something from you."
    Waiting,
    /// "It is resolved; this is what we did."
    Resolved,
    /// "We reopened your complaint."
    Reopened,
    /// "How satisfied are you?" (after the follow-up).
    Satisfaction,
    /// "Your complaint is closed."
    Closed,
}

impl CustomerMessage {
    /// The template key (`complaint-<name>`), also the message's stable name.
    pub fn template(&self) -> &'static str {
        match self {
            Self::Acknowledged => "complaint-acknowledged",
            Self::DemandConfirmed => "complaint-demand-confirmed",
            Self::Waiting => "complaint-waiting",
            Self::Resolved => "complaint-resolved",
            Self::Reopened => "complaint-reopened",
            Self::Satisfaction => "complaint-satisfaction",
            Self::Closed => "complaint-closed",
        }
    }
}

/// What a transition changes besides the state ([`super::Complaint::apply`] turns these into
/// stamps, pauses and the effects the store carries out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Stamp the first response time (first acknowledgement only).
    FirstResponse,
    /// Pause the SLA clock now.
    PauseClock,
    /// Resume the SLA clock now.
    ResumeClock,
    /// Stamp the resolution time (stop the resolution clock).
    Resolved,
    /// Clear the resolution time; the time while resolved does not count.
    Unresolved,
    /// Schedule the follow-up visit (a task for the owner).
    ScheduleFollowUp,
    /// Tell the customer.
    Notify(CustomerMessage),
    /// Tell the owner's manager (escalation).
    NotifyManager,
}

/// The outcome of an accepted action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The state after the action.
    pub state: State,
    /// What else changes.
    pub changes: Vec<Change>,
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The action names accepted in `state`.
pub fn allowed(state: &State) -> Vec<&'static str> {
    probe_actions()
        .into_iter()
        .filter(|a| step(state, a, false, false).is_ok())
        .map(|a| a.name())
        .collect()
}

fn probe_actions() -> Vec<Action> {
    let t = || "x".to_string();
    vec![
        Action::Acknowledge { note: None },
        Action::Listen { note: None },
        Action::ConfirmDemand { demand: t() },
        Action::StartResolving { note: None },
        Action::Resolve {
            resolution: t(),
            root_cause: t(),
        },
        Action::FollowUp { note: None },
        Action::Close { note: None },
        Action::WaitOnCustomer { note: None },
        Action::CustomerResponded { note: None },
        Action::Reopen { reason: t() },
        Action::Escalate { reason: t() },
    ]
}

/// Applies `action` to `state`. `first_response_done` says whether the first response was
/// already stamped (a reopened complaint that is acknowledged again keeps its first one).
pub fn apply(
    state: &State,
    action: &Action,
    first_response_done: bool,
) -> Result<Transition, Rejection> {
    step(state, action, first_response_done, true)
}

/// `field` must not be blank.
fn required(field: &str, text: &str) -> Result<(), Rejection> {
    if blank(text) {
        return Err(DomainError::new(field, Code::Required).into());
    }
    Ok(())
}

fn step(
    state: &State,
    action: &Action,
    first_response_done: bool,
    list_allowed: bool,
) -> Result<Transition, Rejection> {
    use Status as S;
    let wrong_state = || -> Rejection {
        Refusal::WrongState {
            entity: Entity::Complaint,
            status: state.status.as_str().to_string(),
            action: action.name().to_string(),
            allowed: if list_allowed {
                allowed(state).into_iter().map(str::to_string).collect()
            } else {
                Vec::new()
            },
        }
        .into()
    };
    let mut next = state.clone();
    let mut changes = Vec::new();
    let go = |next: &mut State, to: Status| next.status = to;
    match (state.status, action) {
        (S::New, Action::Acknowledge { .. }) => {
            go(&mut next, S::Acknowledged);
            if !first_response_done {
                changes.push(Change::FirstResponse);
            }
            changes.push(Change::Notify(CustomerMessage::Acknowledged));
        }
        (S::Acknowledged, Action::Listen { .. }) => go(&mut next, S::Listening),
        (S::Listening, Action::ConfirmDemand { demand }) => {
            required("demand", demand)?;
            next.demand = Some(demand.trim().to_string());
            go(&mut next, S::DemandConfirmed);
            changes.push(Change::Notify(CustomerMessage::DemandConfirmed));
        }
        (S::DemandConfirmed, Action::StartResolving { .. }) => go(&mut next, S::Resolving),
        (
            S::Resolving,
            Action::Resolve {
                resolution,
                root_cause,
            },
        ) => {
            required("resolution", resolution)?;
            required("root_cause", root_cause)?;
            go(&mut next, S::Resolved);
            changes.extend([
                Change::Resolved,
                Change::ScheduleFollowUp,
                Change::Notify(CustomerMessage::Resolved),
            ]);
        }
        (S::Resolved, Action::FollowUp { .. }) => {
            go(&mut next, S::FollowedUp);
            changes.push(Change::Notify(CustomerMessage::Satisfaction));
        }
        (S::FollowedUp, Action::Close { .. }) => {
            go(&mut next, S::Closed);
            changes.push(Change::Notify(CustomerMessage::Closed));
        }
        (from, Action::WaitOnCustomer { .. }) if WORKING.contains(&from) => {
            next.resume_to = Some(from);
            go(&mut next, S::WaitingOnCustomer);
            changes.extend([Change::PauseClock, Change::Notify(CustomerMessage::Waiting)]);
        }
        (S::WaitingOnCustomer, Action::CustomerResponded { .. }) => {
            let back = state.resume_to.unwrap_or(S::Listening);
            next.resume_to = None;
            go(&mut next, back);
            changes.push(Change::ResumeClock);
        }
        (S::Resolved | S::FollowedUp | S::Closed, Action::Reopen { reason }) => {
            required("reason", reason)?;
            next.reopen_count += 1;
            next.demand = None;
            go(&mut next, S::Listening);
            changes.extend([
                Change::Unresolved,
                Change::Notify(CustomerMessage::Reopened),
            ]);
        }
        (from, Action::Escalate { reason }) if from.is_open() => {
            required("reason", reason)?;
            if state.escalation_level >= MAX_ESCALATION {
                return Err(Refusal::EscalationMax {
                    max: MAX_ESCALATION,
                }
                .into());
            }
            next.escalation_level += 1;
            changes.push(Change::NotifyManager);
        }
        _ => return Err(wrong_state()),
    }
    Ok(Transition {
        state: next,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn note() -> Option<String> {
        None
    }

    fn happy_path() -> Vec<Action> {
        vec![
            Action::Acknowledge { note: note() },
            Action::Listen { note: note() },
            Action::ConfirmDemand {
                demand: "refund the double charge".into(),
            },
            Action::StartResolving { note: note() },
            Action::Resolve {
                resolution: "refunded".into(),
                root_cause: "billing-system".into(),
            },
            Action::FollowUp { note: note() },
            Action::Close { note: note() },
        ]
    }

    #[test]
    fn happy_path_reaches_closed() {
        let mut s = State::new();
        let mut first = false;
        for a in happy_path() {
            let t = apply(&s, &a, first).unwrap_or_else(|e| panic!("{e}"));
            first |= t.changes.contains(&Change::FirstResponse);
            s = t.state;
        }
        assert_eq!(s.status, Status::Closed);
        assert_eq!(s.demand.as_deref(), Some("refund the double charge"));
    }

    #[test]
    fn refuses_skipping_with_a_clear_error() {
        let e = apply(
            &State::new(),
            &Action::Resolve {
                resolution: "x".into(),
                root_cause: "y".into(),
            },
            false,
        )
        .unwrap_err();
        assert_eq!(
            e,
            Rejection::Refused(Refusal::WrongState {
                entity: Entity::Complaint,
                status: "new".into(),
                action: "resolve".into(),
                allowed: vec!["acknowledge".into(), "escalate".into()],
            })
        );
    }

    #[test]
    fn waiting_returns_to_where_it_was() {
        let mut s = State::new();
        for a in &happy_path()[..3] {
            s = apply(&s, a, false).unwrap_or_else(|e| panic!("{e}")).state;
        }
        let t = apply(&s, &Action::WaitOnCustomer { note: None }, true)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.state.status, Status::WaitingOnCustomer);
        assert!(t.changes.contains(&Change::PauseClock));
        let t = apply(&t.state, &Action::CustomerResponded { note: None }, true)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.state.status, Status::DemandConfirmed);
        assert!(t.changes.contains(&Change::ResumeClock));
    }

    #[test]
    fn empty_demand_is_refused() {
        let s = State {
            status: Status::Listening,
            ..State::new()
        };
        let e = apply(
            &s,
            &Action::ConfirmDemand {
                demand: "  ".into(),
            },
            true,
        )
        .unwrap_err();
        assert_eq!(e, DomainError::new("demand", Code::Required).into());
    }

    fn any_action() -> impl Strategy<Value = Action> {
        let text = prop_oneof![Just(String::new()), Just("because".to_string())];
        prop_oneof![
            Just(Action::Acknowledge { note: None }),
            Just(Action::Listen { note: None }),
            text.clone()
                .prop_map(|demand| Action::ConfirmDemand { demand }),
            Just(Action::StartResolving { note: None }),
            (text.clone(), text.clone()).prop_map(|(resolution, root_cause)| Action::Resolve {
                resolution,
                root_cause
            }),
            Just(Action::FollowUp { note: None }),
            Just(Action::Close { note: None }),
            Just(Action::WaitOnCustomer { note: None }),
            Just(Action::CustomerResponded { note: None }),
            text.clone().prop_map(|reason| Action::Reopen { reason }),
            text.prop_map(|reason| Action::Escalate { reason }),
        ]
    }

    proptest! {
        /// Whatever sequence of actions is tried, the invariants hold: refused actions change
        /// nothing, waiting always knows where to return, a complaint past the demand step has
        /// a confirmed demand, pauses and resumes alternate, the first response is stamped at
        /// most once, and `allowed` lists exactly the accepted actions.
        #[test]
        fn invariants_hold_for_any_sequence(actions in proptest::collection::vec(any_action(), 0..60)) {
            let mut s = State::new();
            let mut first = false;
            let mut paused = false;
            let mut resolved = false;
            for a in actions {
                let allowed_now = allowed(&s);
                match apply(&s, &a, first) {
                    Ok(t) => {
                        prop_assert!(allowed_now.contains(&a.name()));
                        for e in &t.changes {
                            match e {
                                Change::FirstResponse => { prop_assert!(!first); first = true; }
                                Change::PauseClock => { prop_assert!(!paused); paused = true; }
                                Change::ResumeClock => { prop_assert!(paused); paused = false; }
                                Change::Resolved => { prop_assert!(!resolved); resolved = true; }
                                Change::Unresolved => { prop_assert!(resolved); resolved = false; }
                                _ => {}
                            }
                        }
                        s = t.state;
                    }
                    Err(Rejection::Refused(Refusal::WrongState { status, .. })) => {
                        prop_assert_eq!(status.as_str(), s.status.as_str());
                        prop_assert!(!allowed_now.contains(&a.name()));
                    }
                    Err(_) => {}
                }
                prop_assert_eq!(s.status == Status::WaitingOnCustomer, s.resume_to.is_some());
                prop_assert_eq!(s.status == Status::WaitingOnCustomer, paused);
                prop_assert_eq!(s.status.is_resolved(), resolved);
                if matches!(s.status, Status::DemandConfirmed | Status::Resolving | Status::Resolved | Status::FollowedUp | Status::Closed) {
                    prop_assert!(s.demand.as_deref().is_some_and(|d| !d.trim().is_empty()));
                }
                if s.status != Status::New {
                    prop_assert!(first);
                }
                prop_assert!((0..=MAX_ESCALATION).contains(&s.escalation_level));
                if s.status == Status::Closed {
                    prop_assert_eq!(allowed(&s), vec!["reopen"]);
                }
            }
        }
    }
}
