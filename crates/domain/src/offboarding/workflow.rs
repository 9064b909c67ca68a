//! The order of an offboarding's steps, as a state machine:
//!
//! `open` → approve → `approved` → log-contact (call or meeting) → `contacted` → send-letter →
//! `notified` → close → `closed` → erase → `erased`; cancel from any state before `closed`.
//!
//! The written notice (the farewell letter) is refused until a direct contact has been logged.
//! The plan (timeline, reason, situations) can change until the letter is sent.

use crate::customer::string_enum;
use crate::error::{Done, Entity, Refusal, Step};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Where an offboarding case stands.
    #[schema(as = OffboardingStatus)]
    Status, "status" {
        /// Opened; the plan waits for a manager's approval.
        Open = "open",
        /// Plan approved; the customer must be contacted directly before written notice.
        Approved = "approved",
        /// Direct contact (call or meeting) logged; the letter may be sent.
        Contacted = "contacted",
        /// The farewell letter (written notice) was sent.
        Notified = "notified",
        /// The account is closed; erasure waits for the deletion date.
        Closed = "closed",
        /// Personal data erased (held records may remain under a retention hold).
        Erased = "erased",
        /// Called off; the customer stays.
        Cancelled = "cancelled",
    }
);

string_enum!(
    /// What can be done to a case.
    #[schema(as = OffboardingAction)]
    Action, "action" {
        /// A manager approves the plan.
        Approve = "approve",
        /// A call or meeting with the customer is logged.
        LogContact = "log-contact",
        /// The farewell letter is sent (written notice).
        SendLetter = "send-letter",
        /// The account is closed.
        Close = "close",
        /// Personal data is erased.
        Erase = "erase",
        /// The case is called off.
        Cancel = "cancel",
    }
);

impl Status {
    /// Whether the case is over (nothing more happens but erasure follow-through).
    pub fn is_final(&self) -> bool {
        matches!(self, Status::Erased | Status::Cancelled)
    }

    /// Whether the plan (timeline, reason, situations) may still change: not once the written
    /// notice has gone out.
    pub fn plan_editable(&self) -> bool {
        matches!(self, Status::Open | Status::Approved | Status::Contacted)
    }

    /// Whether the letter draft may still be edited.
    pub fn letter_editable(&self) -> bool {
        self.plan_editable()
    }

    /// Whether goodwill may be booked (between approval and closure; see [`goodwill`]).
    pub fn goodwill_allowed(&self) -> bool {
        goodwill(*self).is_ok()
    }
}

/// Whether goodwill (a refund, a credit) may be booked on a case in `status`: after the plan is
/// approved and until the account is closed. A closed account gets no new goodwill (what is
/// owed is settled before closing), nor a cancelled or erased case.
pub fn goodwill(status: Status) -> Result<(), Refusal> {
    match status {
        Status::Approved | Status::Contacted | Status::Notified => Ok(()),
        Status::Open => Err(Refusal::StepFirst {
            step: Step::ApprovePlan,
        }),
        Status::Cancelled => Err(Refusal::AlreadyDone {
            what: Done::Cancelled,
        }),
        Status::Closed | Status::Erased => Err(Refusal::AlreadyDone {
            what: Done::AccountClosed,
        }),
    }
}

/// The status after `action`, or why it is refused in `status`.
pub fn next(status: Status, action: Action) -> Result<Status, Refusal> {
    use Action as A;
    use Status as S;
    let first = |step| Err(Refusal::StepFirst { step });
    let done = |what| Err(Refusal::AlreadyDone { what });
    match (status, action) {
        (S::Open, A::Approve) => Ok(S::Approved),
        (S::Cancelled, _) => done(Done::Cancelled),
        (_, A::Approve) => done(Done::PlanApproved),
        (S::Open, A::LogContact) => first(Step::ApprovePlan),
        (S::Approved, A::LogContact) => Ok(S::Contacted),
        (S::Contacted | S::Notified, A::LogContact) => Ok(status),
        // Nobody is contacted about a departure that has happened.
        (S::Closed | S::Erased, A::LogContact) => done(Done::AccountClosed),
        // Written notice needs a direct contact (a call or meeting) first.
        (S::Open | S::Approved, A::SendLetter) => first(Step::ContactCustomer),
        (S::Contacted, A::SendLetter) => Ok(S::Notified),
        (S::Notified | S::Closed | S::Erased, A::SendLetter) => done(Done::LetterSent),
        (S::Notified, A::Close) => Ok(S::Closed),
        (S::Open | S::Approved | S::Contacted, A::Close) => first(Step::SendLetter),
        (S::Closed, A::Erase) => Ok(S::Erased),
        (S::Erased, A::Erase) => done(Done::Erased),
        (_, A::Erase) => first(Step::CloseAccount),
        (S::Open | S::Approved | S::Contacted | S::Notified, A::Cancel) => Ok(S::Cancelled),
        (S::Closed | S::Erased, A::Cancel) => Err(Refusal::WrongState {
            entity: Entity::OffboardingCase,
            status: status.as_str().to_string(),
            action: action.as_str().to_string(),
            // (Cancel itself is excluded, so this does not come back here.)
            allowed: Action::ALL
                .iter()
                .filter(|a| **a != A::Cancel && next(status, **a).is_ok())
                .map(|a| a.as_str().to_string())
                .collect(),
        }),
        (S::Closed | S::Erased, _) => done(Done::AccountClosed),
    }
}

/// The actions accepted in `status`.
pub fn allowed(status: Status) -> Vec<&'static str> {
    Action::ALL
        .iter()
        .filter(|a| next(status, **a).is_ok())
        .map(|a| a.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn happy_path() {
        let mut s = Status::Open;
        for a in [
            Action::Approve,
            Action::LogContact,
            Action::LogContact,
            Action::SendLetter,
            Action::Close,
            Action::Erase,
        ] {
            s = next(s, a).unwrap_or(Status::Cancelled);
        }
        assert_eq!(s, Status::Erased);
    }

    #[test]
    fn no_letter_before_contact() {
        let e = next(Status::Approved, Action::SendLetter).err();
        assert_eq!(
            e,
            Some(Refusal::StepFirst {
                step: Step::ContactCustomer
            })
        );
        assert!(next(Status::Open, Action::SendLetter).is_err());
        assert_eq!(allowed(Status::Approved), vec!["log-contact", "cancel"]);
        assert_eq!(
            allowed(Status::Contacted),
            vec!["log-contact", "send-letter", "cancel"]
        );
        assert!(allowed(Status::Cancelled).is_empty());
    }

    #[test]
    fn a_closed_case_takes_no_contact_and_no_goodwill() {
        let closed = Err(Refusal::AlreadyDone {
            what: Done::AccountClosed,
        });
        assert_eq!(next(Status::Closed, Action::LogContact), closed);
        assert_eq!(next(Status::Erased, Action::LogContact), closed);
        assert_eq!(goodwill(Status::Closed), closed.clone().map(|_| ()));
        assert_eq!(goodwill(Status::Erased), closed.clone().map(|_| ()));
        assert!(goodwill(Status::Cancelled).is_err());
        assert!(goodwill(Status::Open).is_err());
        for s in [Status::Approved, Status::Contacted, Status::Notified] {
            assert_eq!(goodwill(s), Ok(()));
        }
        assert_eq!(allowed(Status::Closed), vec!["erase"]);
    }

    proptest! {
        /// Whatever is attempted, in whatever order, the letter is never sent (and the account
        /// never closed or erased) without an accepted direct contact before it.
        #[test]
        fn written_notice_always_follows_contact(actions in proptest::collection::vec(0usize..6, 0..30)) {
            let mut s = Status::Open;
            let mut contacted = false;
            for i in actions {
                let a = Action::ALL[i];
                if let Ok(n) = next(s, a) {
                    if a == Action::LogContact { contacted = true; }
                    if a == Action::SendLetter { prop_assert!(contacted); }
                    if matches!(n, Status::Notified | Status::Closed | Status::Erased) {
                        prop_assert!(contacted);
                    }
                    s = n;
                }
            }
        }
    }
}
