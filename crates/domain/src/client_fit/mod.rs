//! Client-fit review ("should we part ways?"): the seven reasons to let a client go, a level
//! per reason (from the customer's data in [`score`], or a reviewer's judgement), the
//! likelihood that the situation changes, and the recommendation rule [`recommend`].
//!
//! The rule, in short: every reason at `concern` weighs 1 and at `serious` 2; abuse of staff
//! and unethical requests weigh double. *Part ways* needs at least two serious problems, a
//! total weight of 6 or more, and a low likelihood of change. *Keep* is a total weight below
//! 2 with nothing at `serious`. Everything else is *watch*.

pub mod score;

use crate::DomainError;
use crate::customer::string_enum;
use serde::{Deserialize, Serialize};

string_enum!(
    /// The seven reasons to consider parting ways with a client.
    #[schema(as = FitReason)]
    Reason, "reason" {
        /// Complains constantly about trivial things.
        TrivialComplaints = "trivial-complaints",
        /// Is abusive or hostile to staff.
        StaffAbuse = "staff-abuse",
        /// Has no more business to give.
        NoMoreBusiness = "no-more-business",
        /// Never refers new business.
        NoReferrals = "no-referrals",
        /// Costs more to serve than it brings in.
        Unprofitable = "unprofitable",
        /// Asks for unethical or questionable things.
        UnethicalRequests = "unethical-requests",
        /// No longer fits the mission or values.
        MissionFit = "mission-fit",
    }
);

impl Reason {
    /// Whether the customer's data can score this reason (the others need a reviewer).
    pub fn data_based(&self) -> bool {
        !matches!(self, Reason::UnethicalRequests | Reason::MissionFit)
    }

    /// Whether this reason weighs double in the recommendation.
    pub fn heavy(&self) -> bool {
        matches!(self, Reason::StaffAbuse | Reason::UnethicalRequests)
    }
}

string_enum!(
    /// How much of a problem a reason is for this customer.
    Level, "level" {
        /// No problem.
        None = "none",
        /// Worth watching.
        Concern = "concern",
        /// A serious problem.
        Serious = "serious",
    }
);

impl Level {
    /// 0, 1 or 2.
    pub fn points(&self) -> u32 {
        match self {
            Level::None => 0,
            Level::Concern => 1,
            Level::Serious => 2,
        }
    }
}

string_enum!(
    /// Whether a customer's data is enough to judge them by: a customer younger than the
    /// minimum tenure, or with next to no history, is "not enough data" — never a problem.
    #[schema(as = ClientFitData)]
    DataSufficiency, "data" {
        /// Enough history to judge by.
        Enough = "enough",
        /// A customer younger than the minimum tenure.
        TooNew = "too-new",
        /// Hardly any history (no orders in two years, no interactions, no complaints).
        TooLittle = "too-little",
    }
);

/// The default minimum tenure before a customer's data is judged (a client-fit setting).
pub const MIN_TENURE_DAYS_DEFAULT: i64 = 90;

string_enum!(
    /// How likely it is that the situation changes for the better.
    Likelihood, "likelihood" {
        /// Unlikely to change.
        Low = "low",
        /// Might change.
        Medium = "medium",
        /// Likely to change.
        High = "high",
    }
);

string_enum!(
    /// The outcome of a review.
    Recommendation, "recommendation" {
        /// Keep the client.
        Keep = "keep",
        /// Keep an eye on the relationship.
        Watch = "watch",
        /// Part ways (opens an offboarding case).
        PartWays = "part-ways",
    }
);

string_enum!(
    /// Where a reason's effective level comes from.
    LevelSource, "source" {
        /// Scored from the customer's data.
        Data = "data",
        /// Set by a reviewer (judgement-only reasons, or an override of the data).
        Reviewer = "reviewer",
        /// Not assessed yet (a judgement-only reason nobody has judged).
        NotAssessed = "not-assessed",
    }
);

/// The effective level of each reason, in [`Reason::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels(pub [Level; 7]);

impl Levels {
    /// Every reason at `none`.
    pub const CLEAR: Levels = Levels([Level::None; 7]);

    /// The level of `r`.
    pub fn get(&self, r: Reason) -> Level {
        self.0[index(r)]
    }

    /// Sets the level of `r`.
    pub fn set(&mut self, r: Reason, l: Level) {
        self.0[index(r)] = l;
    }

    /// Reasons at `concern` or `serious`.
    pub fn problems(&self) -> usize {
        self.0.iter().filter(|l| **l != Level::None).count()
    }

    /// Reasons at `serious`.
    pub fn serious(&self) -> usize {
        self.0.iter().filter(|l| **l == Level::Serious).count()
    }

    /// The weighted total: concern 1, serious 2, abuse of staff and unethical requests double.
    pub fn weight(&self) -> u32 {
        Reason::ALL
            .iter()
            .map(|r| {
                let p = self.get(*r).points();
                if r.heavy() { 2 * p } else { p }
            })
            .sum()
    }
}

fn index(r: Reason) -> usize {
    Reason::ALL.iter().position(|x| *x == r).unwrap_or(0)
}

/// Weight from which parting ways is recommended (with low likelihood and two serious problems).
pub const PART_WAYS_WEIGHT: u32 = 6;
/// Serious problems needed before parting ways is recommended.
pub const PART_WAYS_SERIOUS: usize = 2;
/// Weight from which a customer is watched.
pub const WATCH_WEIGHT: u32 = 2;

/// The recommendation for these levels and this likelihood of change.
pub fn recommend(levels: &Levels, likelihood: Likelihood) -> Recommendation {
    let weight = levels.weight();
    if likelihood == Likelihood::Low
        && levels.serious() >= PART_WAYS_SERIOUS
        && weight >= PART_WAYS_WEIGHT
    {
        Recommendation::PartWays
    } else if weight >= WATCH_WEIGHT || levels.serious() > 0 {
        Recommendation::Watch
    } else {
        Recommendation::Keep
    }
}

/// Validates a reviewer's note or decision reason: 1–2,000 characters.
pub fn parse_note(field: &str, raw: &str) -> Result<String, DomainError> {
    crate::customer::parse_text(field, raw, 2_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn levels(pairs: &[(Reason, Level)]) -> Levels {
        let mut l = Levels::CLEAR;
        for (r, v) in pairs {
            l.set(*r, *v);
        }
        l
    }

    #[test]
    fn examples() {
        use Level::*;
        use Reason::*;
        assert_eq!(
            recommend(&Levels::CLEAR, Likelihood::Low),
            Recommendation::Keep
        );
        assert_eq!(
            recommend(&levels(&[(NoReferrals, Concern)]), Likelihood::Low),
            Recommendation::Keep
        );
        // Abuse of staff plus one more serious problem, not likely to change: part ways.
        let abusive = levels(&[(StaffAbuse, Serious), (TrivialComplaints, Serious)]);
        assert_eq!(
            recommend(&abusive, Likelihood::Low),
            Recommendation::PartWays
        );
        assert_eq!(
            recommend(&abusive, Likelihood::Medium),
            Recommendation::Watch
        );
        // Two ordinary serious problems are not enough on their own …
        let two = levels(&[(NoMoreBusiness, Serious), (Unprofitable, Serious)]);
        assert_eq!(recommend(&two, Likelihood::Low), Recommendation::Watch);
        // … three are.
        let three = levels(&[
            (NoMoreBusiness, Serious),
            (Unprofitable, Serious),
            (TrivialComplaints, Serious),
        ]);
        assert_eq!(recommend(&three, Likelihood::Low), Recommendation::PartWays);
        assert_eq!(recommend(&three, Likelihood::High), Recommendation::Watch);
        // One serious problem alone is watched, never parted with.
        let one = levels(&[(UnethicalRequests, Serious)]);
        assert_eq!(one.weight(), 4);
        assert_eq!(recommend(&one, Likelihood::Low), Recommendation::Watch);
        assert!(parse_note("note", "  ").is_err());
        assert_eq!(Reason::ALL.len(), 7);
    }

    fn arb_levels() -> impl Strategy<Value = Levels> {
        proptest::array::uniform7(prop_oneof![
            Just(Level::None),
            Just(Level::Concern),
            Just(Level::Serious)
        ])
        .prop_map(Levels)
    }

    fn arb_likelihood() -> impl Strategy<Value = Likelihood> {
        prop_oneof![
            Just(Likelihood::Low),
            Just(Likelihood::Medium),
            Just(Likelihood::High)
        ]
    }

    fn rank(r: Recommendation) -> u8 {
        match r {
            Recommendation::Keep => 0,
            Recommendation::Watch => 1,
            Recommendation::PartWays => 2,
        }
    }

    fn like(l: Likelihood) -> u8 {
        match l {
            Likelihood::Low => 0,
            Likelihood::Medium => 1,
            Likelihood::High => 2,
        }
    }

    proptest! {
        /// Parting ways always needs several serious problems and a low chance of change.
        #[test]
        fn part_ways_needs_serious_problems_and_low_likelihood(l in arb_levels(), k in arb_likelihood()) {
            if recommend(&l, k) == Recommendation::PartWays {
                prop_assert_eq!(k, Likelihood::Low);
                prop_assert!(l.serious() >= PART_WAYS_SERIOUS);
            }
        }

        /// A worse level never improves the outcome; a better chance of change never worsens it.
        #[test]
        fn monotone(l in arb_levels(), k in arb_likelihood(), i in 0usize..7, k2 in arb_likelihood()) {
            let base = rank(recommend(&l, k));
            let mut worse = l;
            worse.0[i] = Level::Serious;
            prop_assert!(rank(recommend(&worse, k)) >= base);
            if like(k2) >= like(k) {
                prop_assert!(rank(recommend(&l, k2)) <= base);
            }
        }

        /// Heavy reasons weigh more than any ordinary one at the same level.
        #[test]
        fn heavy_reasons_weigh_more(l in arb_levels()) {
            let mut a = l;
            let mut b = l;
            a.set(Reason::StaffAbuse, Level::Serious);
            a.set(Reason::NoReferrals, Level::None);
            b.set(Reason::StaffAbuse, Level::None);
            b.set(Reason::NoReferrals, Level::Serious);
            prop_assert!(a.weight() > b.weight());
            prop_assert!(rank(recommend(&a, Likelihood::Low)) >= rank(recommend(&b, Likelihood::Low)));
        }

        /// Nothing wrong means keep, whatever the likelihood.
        #[test]
        fn clear_is_keep(k in arb_likelihood()) {
            prop_assert_eq!(recommend(&Levels::CLEAR, k), Recommendation::Keep);
        }
    }
}
