//! The compensation ledger's rules: what may be booked, when a manager must approve, how an
//! entry is reversed (never edited), and the per-customer totals.
//!
//! An entry is linked to what caused it generically (`source_kind` + `source_id`): a
//! complaint today, an incident or an offboarding later.

use crate::customer::string_enum;
use crate::error::{Code, DomainError, Done, Entity, Refusal};
use crate::money::Money;
use serde::{Deserialize, Serialize};

string_enum!(
    /// What kind of compensation.
    EntryKind, "kind" {
        /// A credit on the account.
        Credit = "credit",
        /// Money paid back.
        Refund = "refund",
        /// A coupon or voucher.
        Coupon = "coupon",
        /// An invoice that will not be charged.
        WaivedInvoice = "waived-invoice",
        /// Cancels an earlier entry (negative amount).
        Reversal = "reversal",
    }
);

string_enum!(
    /// What caused the compensation.
    SourceKind, "source_kind" {
        /// A complaint.
        Complaint = "complaint",
        /// An incident (crisis).
        Incident = "incident",
        /// An offboarding.
        Offboarding = "offboarding",
    }
);

string_enum!(
    /// Approval state of an entry.
    Approval, "approval" {
        /// At or below the threshold: effective at once.
        NotRequired = "not-required",
        /// Above the threshold, waiting for a manager.
        Pending = "pending",
        /// Approved by a manager: effective.
        Approved = "approved",
        /// Refused by a manager: never effective.
        Rejected = "rejected",
    }
);

impl Approval {
    /// Whether an entry in this state counts in the totals.
    pub fn is_effective(&self) -> bool {
        matches!(self, Approval::NotRequired | Approval::Approved)
    }
}

impl EntryKind {
    /// Whether an entry of this kind can be booked directly (a reversal is made by reversing
    /// an existing entry).
    pub fn is_bookable(&self) -> bool {
        *self != EntryKind::Reversal
    }
}

/// The longest reason accepted.
pub const MAX_REASON: usize = 2000;

/// A validated new compensation entry (never a reversal; see [`reversal_of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// The customer compensated.
    pub customer_id: String,
    /// Kind (not `reversal`).
    pub kind: EntryKind,
    /// Positive amount.
    pub amount: Money,
    /// Why.
    pub reason: String,
    /// What caused it.
    pub source_kind: SourceKind,
    /// Its id.
    pub source_id: String,
}

impl NewEntry {
    /// Validates a new entry.
    pub fn new(
        customer_id: &str,
        kind: EntryKind,
        amount: Money,
        reason: &str,
        source_kind: SourceKind,
        source_id: &str,
    ) -> Result<Self, DomainError> {
        if !kind.is_bookable() {
            // A reversal is made by reversing an existing entry.
            return Err(DomainError::new(
                "kind",
                Code::OneOf {
                    value: kind.as_str().to_string(),
                    allowed: EntryKind::ALL
                        .iter()
                        .filter(|k| k.is_bookable())
                        .map(|k| k.as_str().to_string())
                        .collect(),
                },
            ));
        }
        if amount.minor <= 0 {
            return Err(DomainError::new(
                "amount",
                Code::OutOfRange {
                    min: Some(1),
                    max: None,
                },
            ));
        }
        let reason = crate::customer::parse_text("reason", reason, MAX_REASON)?;
        for (field, v) in [("customer_id", customer_id), ("source_id", source_id)] {
            if v.trim().is_empty() {
                return Err(DomainError::new(field, Code::Required));
            }
        }
        Ok(Self {
            customer_id: customer_id.trim().to_string(),
            kind,
            amount,
            reason,
            source_kind,
            source_id: source_id.trim().to_string(),
        })
    }

    /// The approval state an entry starts in: `pending` when it takes what its booker booked
    /// for this customer without approval in the last [`ROLLING_DAYS`] (`unsupervised`, same
    /// currency's minor units) above `threshold`; so splitting a large amount into small ones
    /// still meets a second pair of eyes. A threshold in another currency means every amount
    /// needs approval.
    pub fn initial_approval(&self, threshold: &Money, unsupervised: i64) -> Approval {
        let total = unsupervised.checked_add(self.amount.minor);
        match total {
            Some(t) if threshold.currency == self.amount.currency && t <= threshold.minor => {
                Approval::NotRequired
            }
            _ => Approval::Pending,
        }
    }
}

/// What is known about an existing entry when deciding on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    /// Kind.
    pub kind: EntryKind,
    /// Amount.
    pub amount: Money,
    /// Approval state.
    pub approval: Approval,
    /// Whether another entry already reverses it.
    pub reversed: bool,
}

/// The amount of the reversal of `e`, or why it may not be reversed.
pub fn reversal_of(e: &Existing) -> Result<Money, Refusal> {
    if e.kind == EntryKind::Reversal {
        return Err(Refusal::NotReversible);
    }
    if e.reversed {
        return Err(Refusal::AlreadyDone {
            what: Done::Reversed,
        });
    }
    if !e.approval.is_effective() {
        return Err(wrong_state(e, "reverse"));
    }
    Ok(Money {
        minor: -e.amount.minor,
        currency: e.amount.currency,
    })
}

/// Whether a decision (approve or reject) may be taken on `e` by `decider` when `creator`
/// booked it: only pending entries, and never by the person who booked it.
pub fn check_decision(e: &Existing, creator: &str, decider: &str) -> Result<(), Refusal> {
    if e.approval != Approval::Pending {
        return Err(wrong_state(e, "decide"));
    }
    if creator == decider {
        return Err(Refusal::FourEyes);
    }
    Ok(())
}

/// `action` is not possible on an entry in its approval state; `allowed` names what is.
fn wrong_state(e: &Existing, action: &str) -> Refusal {
    let mut allowed = Vec::new();
    if e.approval == Approval::Pending {
        allowed.extend(["approve".to_string(), "reject".to_string()]);
    }
    if e.kind != EntryKind::Reversal && !e.reversed && e.approval.is_effective() {
        allowed.push("reverse".to_string());
    }
    Refusal::WrongState {
        entity: Entity::LedgerEntry,
        status: e.approval.as_str().to_string(),
        action: action.to_string(),
        allowed,
    }
}

/// The days over which one person's entries booked without approval for one customer add up
/// against the approval threshold (see [`NewEntry::initial_approval`]).
pub const ROLLING_DAYS: i64 = 30;

/// Totals per currency of effective entries `(approval, amount)`, with checked arithmetic: a
/// total that does not fit is refused, never wrapped.
pub fn totals<'a>(
    entries: impl IntoIterator<Item = (Approval, &'a Money)>,
) -> Result<Vec<Money>, Refusal> {
    let mut out: Vec<Money> = Vec::new();
    for (a, m) in entries {
        if !a.is_effective() {
            continue;
        }
        match out.iter_mut().find(|t| t.currency == m.currency) {
            Some(t) => t.minor = t.minor.checked_add(m.minor).ok_or(Refusal::TotalTooLarge)?,
            None => out.push(*m),
        }
    }
    out.sort_by(|a, b| a.currency.as_str().cmp(b.currency.as_str()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn eur(minor: i64) -> Money {
        Money {
            minor,
            currency: Currency::parse("EUR").unwrap_or_else(|_| unreachable!()),
        }
    }

    #[test]
    fn threshold_and_reversal_rules() {
        let e = NewEntry::new(
            "c",
            EntryKind::Refund,
            eur(5000),
            "double charge",
            SourceKind::Complaint,
            "x",
        );
        let e = e.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.initial_approval(&eur(5000), 0), Approval::NotRequired);
        assert_eq!(e.initial_approval(&eur(4999), 0), Approval::Pending);
        // Split bookings add up: the second 50.00 under a 99.99 threshold needs approval.
        assert_eq!(e.initial_approval(&eur(9999), 0), Approval::NotRequired);
        assert_eq!(e.initial_approval(&eur(9999), 5000), Approval::Pending);
        assert_eq!(e.initial_approval(&eur(10000), 5000), Approval::NotRequired);
        assert_eq!(
            e.initial_approval(&eur(i64::MAX), i64::MAX),
            Approval::Pending
        );
        assert!(
            NewEntry::new(
                "c",
                EntryKind::Refund,
                eur(0),
                "r",
                SourceKind::Complaint,
                "x"
            )
            .is_err()
        );
        assert!(
            NewEntry::new(
                "c",
                EntryKind::Reversal,
                eur(1),
                "r",
                SourceKind::Complaint,
                "x"
            )
            .is_err()
        );
        let ex = Existing {
            kind: EntryKind::Refund,
            amount: eur(5000),
            approval: Approval::Approved,
            reversed: false,
        };
        assert_eq!(reversal_of(&ex), Ok(eur(-5000)));
        assert!(
            reversal_of(&Existing {
                reversed: true,
                ..ex.clone()
            })
            .is_err()
        );
        assert!(
            reversal_of(&Existing {
                approval: Approval::Pending,
                ..ex.clone()
            })
            .is_err()
        );
        assert!(
            check_decision(
                &Existing {
                    approval: Approval::Pending,
                    ..ex.clone()
                },
                "a",
                "a"
            )
            .is_err()
        );
        assert!(
            check_decision(
                &Existing {
                    approval: Approval::Pending,
                    ..ex.clone()
                },
                "a",
                "b"
            )
            .is_ok()
        );
        assert!(check_decision(&ex, "a", "b").is_err());
        let a = eur(100);
        let b = eur(-100);
        let c = eur(70);
        let t = totals([
            (Approval::Approved, &a),
            (Approval::NotRequired, &b),
            (Approval::Pending, &c),
        ]);
        assert_eq!(t, Ok(vec![eur(0)]));
        // Two maximal credits do not wrap to a small negative total.
        let big = eur(-i64::MAX);
        assert_eq!(
            totals([(Approval::Approved, &big), (Approval::Approved, &big)]),
            Err(Refusal::TotalTooLarge)
        );
    }
}
