//! The workflow step indicator of the complaint page: acknowledge → listen → confirm demand →
//! resolve → follow up → close, with the steps done and the current one (a paused complaint,
//! waiting on the customer, shows the step it resumes to). Rendered as an ordered list with
//! `aria-current="step"` on the current step.

use crate::web::i18n::Tr;
use carewell_domain::complaint::workflow::Status;

/// The six steps, in order (the stable names behind `cmp-wf-step-<name>`).
pub const STEPS: [&str; 6] = [
    "acknowledge",
    "listen",
    "confirm-demand",
    "resolve",
    "follow-up",
    "close",
];

/// One step of the indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    /// Stable name.
    pub name: &'static str,
    /// Translated label.
    pub label: String,
    /// done, current or todo.
    pub state: &'static str,
}

/// The index of the current step for `status` (`resume_to` for a paused complaint); 6 when
/// every step is done (closed).
pub fn current(status: Status, resume_to: Option<Status>) -> usize {
    match status {
        Status::New => 0,
        Status::Acknowledged | Status::Listening => 1,
        Status::DemandConfirmed | Status::Resolving => 3,
        Status::Resolved => 4,
        Status::FollowedUp => 5,
        Status::Closed => STEPS.len(),
        Status::WaitingOnCustomer => match resume_to {
            Some(s) if s != Status::WaitingOnCustomer => current(s, None),
            _ => 1,
        },
    }
}

/// The indicator for a complaint in `status`.
pub fn steps(tr: &Tr, status: Status, resume_to: Option<Status>) -> Vec<StepView> {
    let at = current(status, resume_to);
    STEPS
        .iter()
        .enumerate()
        .map(|(i, name)| StepView {
            name,
            label: tr.t(&format!("cmp-wf-step-{name}")),
            state: if i < at {
                "done"
            } else if i == at {
                "current"
            } else {
                "todo"
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_one_current_step_or_all_done() {
        let tr = Tr::for_tag("en");
        for s in Status::ALL {
            let v = steps(&tr, *s, Some(Status::Resolving));
            let cur = v.iter().filter(|x| x.state == "current").count();
            if *s == Status::Closed {
                assert!(v.iter().all(|x| x.state == "done"));
            } else {
                assert_eq!(cur, 1, "{s:?}");
            }
            assert!(v.iter().all(|x| !x.label.starts_with("cmp-wf-")), "{s:?}");
        }
        assert_eq!(current(Status::New, None), 0);
        assert_eq!(current(Status::DemandConfirmed, None), 3);
        assert_eq!(
            current(Status::WaitingOnCustomer, Some(Status::Listening)),
            1
        );
    }
}
