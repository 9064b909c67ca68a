//! Scoring the data-based reasons from a customer's facts, the suggested likelihood of
//! change, and the whole assessment (data, reviewer overrides, recommendation).
//!
//! Thresholds (all over the last 12 months unless said otherwise):
//! - trivial complaints: complaints of low severity or found unjustified (root cause
//!   `unjustified`, `customer-error` or `no-fault`): 3 → concern, 6 → serious;
//! - abuse of staff: interactions flagged as abuse: 1 → concern, 2 → serious;
//! - no more business: orders now vs the 12 months before: at most 60 % → concern, at most
//!   25 % → serious; no orders in two years by a customer of a year or more → serious;
//! - no referrals: the customer attribute `referrals` (a count); 0 after a year → concern;
//!   a missing attribute leaves the reason to the reviewer;
//! - unprofitable: revenue − cost to serve − compensation paid; below 10 % of revenue →
//!   concern, negative → serious.

use super::{
    DataSufficiency, Level, LevelSource, Levels, Likelihood, Reason, Recommendation, recommend,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the data says about one customer. Money is in minor units of `currency`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Facts {
    /// Complaints received in the last 12 months.
    pub complaints_12m: i64,
    /// Of those, low severity or found unjustified.
    pub trivial_12m: i64,
    /// Of those, low severity.
    pub low_severity_12m: i64,
    /// Of those, found unjustified.
    pub unjustified_12m: i64,
    /// Trivial complaints in the last 6 months.
    pub trivial_recent_6m: i64,
    /// Trivial complaints in the 6 months before that.
    pub trivial_prior_6m: i64,
    /// Interactions flagged as abuse of staff in the last 12 months.
    pub abuse_12m: i64,
    /// Abuse flags in the last 6 months.
    pub abuse_recent_6m: i64,
    /// Abuse flags in the 6 months before that.
    pub abuse_prior_6m: i64,
    /// Interactions in the last 12 months.
    pub interactions_12m: i64,
    /// Orders (transactions) in the last 12 months.
    pub orders_12m: i64,
    /// Orders in the 12 months before that.
    pub orders_prev_12m: i64,
    /// Days since the customer record or the first order, whichever is earlier.
    pub tenure_days: i64,
    /// Referrals made (the `referrals` attribute), if recorded.
    pub referrals: Option<i64>,
    /// Currency of the money facts (the customer's main currency), if any money moved.
    pub currency: Option<String>,
    /// Revenue in the last 12 months.
    pub revenue_12m_minor: i64,
    /// Cost to serve in the last 12 months: (interactions × minutes + complaints × minutes)
    /// × hourly cost.
    pub cost_to_serve_minor: i64,
    /// Compensation paid in the last 12 months (effective ledger entries).
    pub compensation_12m_minor: i64,
    /// The minimum tenure in days (the setting in force) before the data is judged.
    #[serde(default)]
    pub min_tenure_days: i64,
}

impl Facts {
    /// Revenue minus cost to serve minus compensation (saturating: a customer's sums beyond
    /// 64 bits rank at the end of the scale instead of wrapping or failing the list).
    pub fn margin_minor(&self) -> i64 {
        self.revenue_12m_minor
            .saturating_sub(self.cost_to_serve_minor)
            .saturating_sub(self.compensation_12m_minor)
    }
}

/// Whether the facts are enough to judge by: younger than the minimum tenure is too new;
/// no orders in two years, no interactions, no complaints and no abuse flags is too little.
pub fn sufficiency(f: &Facts) -> DataSufficiency {
    if f.tenure_days < f.min_tenure_days {
        DataSufficiency::TooNew
    } else if f.orders_12m == 0
        && f.orders_prev_12m == 0
        && f.interactions_12m == 0
        && f.complaints_12m == 0
        && f.abuse_12m == 0
    {
        DataSufficiency::TooLittle
    } else {
        DataSufficiency::Enough
    }
}

/// Minutes → cost in minor units at `hourly_minor` per hour (rounded to nearest).
pub fn cost_of_minutes(minutes: i64, hourly_minor: i64) -> i64 {
    minutes.saturating_mul(hourly_minor).saturating_add(30) / 60
}

/// Root causes that mark a complaint as found unjustified (compared lower-case).
pub const UNJUSTIFIED_CAUSES: [&str; 3] = ["unjustified", "customer-error", "no-fault"];

/// The level the data gives `r`; `None` when the data cannot tell (judgement-only reasons,
/// no referral count recorded, no money moved).
pub fn data_level(r: Reason, f: &Facts) -> Option<Level> {
    let by = |n: i64, concern: i64, serious: i64| {
        if n >= serious {
            Level::Serious
        } else if n >= concern {
            Level::Concern
        } else {
            Level::None
        }
    };
    match r {
        Reason::TrivialComplaints => Some(by(f.trivial_12m, 3, 6)),
        Reason::StaffAbuse => Some(by(f.abuse_12m, 1, 2)),
        Reason::NoMoreBusiness => Some(if f.orders_prev_12m > 0 {
            if f.orders_12m * 4 <= f.orders_prev_12m {
                Level::Serious
            } else if f.orders_12m * 5 <= f.orders_prev_12m * 3 {
                Level::Concern
            } else {
                Level::None
            }
        } else if f.orders_12m == 0 && f.tenure_days >= 365 {
            Level::Serious
        } else {
            Level::None
        }),
        Reason::NoReferrals => f.referrals.map(|n| {
            if n == 0 && f.tenure_days >= 365 {
                Level::Concern
            } else {
                Level::None
            }
        }),
        Reason::Unprofitable => {
            f.currency.as_ref()?;
            let m = f.margin_minor();
            Some(if m < 0 {
                Level::Serious
            } else if m.saturating_mul(10) < f.revenue_12m_minor {
                Level::Concern
            } else {
                Level::None
            })
        }
        Reason::UnethicalRequests | Reason::MissionFit => None,
    }
}

/// One number behind a score: a stable key (translated by the UI) and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    /// Stable key, e.g. `trivial_12m`.
    pub key: String,
    /// The value as shown (money as a decimal with currency).
    pub value: String,
}

fn money(minor: i64, currency: &Option<String>) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02} {}",
        minor.unsigned_abs() / 100,
        minor.unsigned_abs() % 100,
        currency.as_deref().unwrap_or_default()
    )
}

/// The numbers behind the data score of `r`.
pub fn evidence(r: Reason, f: &Facts) -> Vec<Evidence> {
    let e = |k: &str, v: String| Evidence {
        key: k.to_string(),
        value: v,
    };
    match r {
        Reason::TrivialComplaints => vec![
            e("complaints_12m", f.complaints_12m.to_string()),
            e("trivial_12m", f.trivial_12m.to_string()),
            e("low_severity_12m", f.low_severity_12m.to_string()),
            e("unjustified_12m", f.unjustified_12m.to_string()),
            e(
                "trivial_trend",
                format!("{} → {}", f.trivial_prior_6m, f.trivial_recent_6m),
            ),
        ],
        Reason::StaffAbuse => vec![
            e("abuse_12m", f.abuse_12m.to_string()),
            e(
                "abuse_trend",
                format!("{} → {}", f.abuse_prior_6m, f.abuse_recent_6m),
            ),
        ],
        Reason::NoMoreBusiness => vec![
            e("orders_prev_12m", f.orders_prev_12m.to_string()),
            e("orders_12m", f.orders_12m.to_string()),
            e("tenure_days", f.tenure_days.to_string()),
        ],
        Reason::NoReferrals => vec![e(
            "referrals",
            f.referrals
                .map(|n| n.to_string())
                .unwrap_or_else(|| "—".into()),
        )],
        Reason::Unprofitable => vec![
            e("revenue_12m", money(f.revenue_12m_minor, &f.currency)),
            e("cost_to_serve", money(f.cost_to_serve_minor, &f.currency)),
            e(
                "compensation_12m",
                money(f.compensation_12m_minor, &f.currency),
            ),
            e("margin", money(f.margin_minor(), &f.currency)),
        ],
        Reason::UnethicalRequests | Reason::MissionFit => Vec::new(),
    }
}

/// The data's suggestion for the likelihood of change: high when there is nothing to change
/// or complaints and abuse are falling off (and orders are not), low when trivial complaints
/// or abuse recur in both halves of the year, medium otherwise.
pub fn suggest_likelihood(f: &Facts) -> Likelihood {
    let recent = f.trivial_recent_6m + f.abuse_recent_6m;
    let prior = f.trivial_prior_6m + f.abuse_prior_6m;
    let declining = f.orders_prev_12m > 0 && f.orders_12m < f.orders_prev_12m;
    let persistent = (f.trivial_recent_6m > 0 && f.trivial_prior_6m > 0)
        || (f.abuse_recent_6m > 0 && f.abuse_prior_6m > 0);
    if (recent + prior == 0 || recent < prior) && !declining {
        Likelihood::High
    } else if persistent && recent >= prior {
        Likelihood::Low
    } else {
        Likelihood::Medium
    }
}

/// One reason, scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReasonScore {
    /// Which reason.
    pub reason: Reason,
    /// The level that counts.
    pub level: Level,
    /// Where it comes from.
    pub source: LevelSource,
    /// What the data says, if it can tell.
    pub data_level: Option<Level>,
    /// What the reviewer set, if anything.
    pub reviewer_level: Option<Level>,
    /// The numbers behind the data level.
    pub evidence: Vec<Evidence>,
}

/// The whole assessment of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Assessment {
    /// The seven reasons, in order.
    pub reasons: Vec<ReasonScore>,
    /// Reasons at concern or serious.
    pub problems: usize,
    /// Reasons at serious.
    pub serious: usize,
    /// Weighted total (see the module documentation).
    pub weight: u32,
    /// The data's suggestion.
    pub suggested_likelihood: Likelihood,
    /// The reviewer's setting, if any.
    pub reviewer_likelihood: Option<Likelihood>,
    /// The likelihood that counts (the reviewer's, else the suggestion).
    pub likelihood: Likelihood,
    /// The recommendation.
    pub recommendation: Recommendation,
    /// The facts behind it.
    pub facts: Facts,
    /// Whether the data is enough to judge by; when not, the data flags nothing (a reviewer's
    /// own judgements still count).
    pub data: DataSufficiency,
}

impl Assessment {
    /// The reason an offboarding case is opened for when the company parts ways: the heaviest
    /// serious reason, else the worst; `None` when no reason is at concern or serious (then
    /// parting ways is refused: record a judgement first).
    pub fn offboarding_reason(&self) -> Option<crate::offboarding::Reason> {
        self.reasons
            .iter()
            .filter(|r| r.level != Level::None)
            .max_by_key(|r| {
                (
                    r.level.points(),
                    r.reason.heavy(),
                    std::cmp::Reverse(r.reason),
                )
            })
            .and_then(|r| crate::offboarding::Reason::parse(r.reason.as_str()).ok())
    }
}

/// Assesses a customer: data levels, overridden by the reviewer's levels where set. Without
/// enough data ([`sufficiency`]) the data levels are shown but not counted.
pub fn assess(
    facts: &Facts,
    reviewer: &[(Reason, Level)],
    reviewer_likelihood: Option<Likelihood>,
) -> Assessment {
    let data = sufficiency(facts);
    let mut levels = Levels::CLEAR;
    let reasons: Vec<ReasonScore> = Reason::ALL
        .iter()
        .map(|r| {
            let data_level = data_level(*r, facts);
            let reviewer_level = reviewer.iter().rev().find(|(x, _)| x == r).map(|x| x.1);
            let (level, source) = match (reviewer_level, data_level) {
                (Some(l), _) => (l, LevelSource::Reviewer),
                (None, Some(l)) if data == DataSufficiency::Enough => (l, LevelSource::Data),
                (None, Some(_)) => (Level::None, LevelSource::NotAssessed),
                (None, None) => (Level::None, LevelSource::NotAssessed),
            };
            levels.set(*r, level);
            ReasonScore {
                reason: *r,
                level,
                source,
                data_level,
                reviewer_level,
                evidence: evidence(*r, facts),
            }
        })
        .collect();
    let suggested_likelihood = suggest_likelihood(facts);
    let likelihood = reviewer_likelihood.unwrap_or(suggested_likelihood);
    Assessment {
        reasons,
        problems: levels.problems(),
        serious: levels.serious(),
        weight: levels.weight(),
        suggested_likelihood,
        reviewer_likelihood,
        likelihood,
        recommendation: recommend(&levels, likelihood),
        facts: facts.clone(),
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn troublesome() -> Facts {
        Facts {
            complaints_12m: 9,
            trivial_12m: 8,
            low_severity_12m: 7,
            unjustified_12m: 2,
            trivial_recent_6m: 4,
            trivial_prior_6m: 4,
            abuse_12m: 3,
            abuse_recent_6m: 2,
            abuse_prior_6m: 1,
            interactions_12m: 20,
            orders_12m: 2,
            orders_prev_12m: 12,
            tenure_days: 800,
            referrals: Some(0),
            currency: Some("EUR".into()),
            revenue_12m_minor: 10_000,
            cost_to_serve_minor: 30_000,
            compensation_12m_minor: 1_000,
            min_tenure_days: 0,
        }
    }

    #[test]
    fn a_troublesome_customer_is_a_part_ways_candidate() {
        let a = assess(&troublesome(), &[], None);
        assert_eq!(a.suggested_likelihood, Likelihood::Low);
        assert_eq!(a.recommendation, Recommendation::PartWays);
        let lv = |r: Reason| a.reasons.iter().find(|x| x.reason == r).map(|x| x.level);
        assert_eq!(lv(Reason::TrivialComplaints), Some(Level::Serious));
        assert_eq!(lv(Reason::StaffAbuse), Some(Level::Serious));
        assert_eq!(lv(Reason::NoMoreBusiness), Some(Level::Serious));
        assert_eq!(lv(Reason::NoReferrals), Some(Level::Concern));
        assert_eq!(lv(Reason::Unprofitable), Some(Level::Serious));
        assert_eq!(
            a.reasons[5].source,
            LevelSource::NotAssessed,
            "unethical requests need a reviewer"
        );
        // The reviewer can clear a score and set the likelihood.
        let b = assess(
            &troublesome(),
            &[(Reason::StaffAbuse, Level::None)],
            Some(Likelihood::High),
        );
        assert_eq!(b.reasons[1].source, LevelSource::Reviewer);
        assert_eq!(b.recommendation, Recommendation::Watch);
    }

    #[test]
    fn a_quiet_customer_is_kept() {
        let f = Facts {
            orders_12m: 10,
            orders_prev_12m: 9,
            tenure_days: 900,
            referrals: Some(2),
            currency: Some("EUR".into()),
            revenue_12m_minor: 100_000,
            cost_to_serve_minor: 5_000,
            ..Facts::default()
        };
        let a = assess(&f, &[], None);
        assert_eq!(a.problems, 0);
        assert_eq!(a.suggested_likelihood, Likelihood::High);
        assert_eq!(a.recommendation, Recommendation::Keep);
        assert_eq!(data_level(Reason::NoReferrals, &Facts::default()), None);
        assert_eq!(data_level(Reason::Unprofitable, &Facts::default()), None);
        assert_eq!(cost_of_minutes(90, 4000), 6000);
    }

    #[test]
    fn too_new_or_too_little_data_is_never_a_problem() {
        let mut f = troublesome();
        f.min_tenure_days = 90;
        f.tenure_days = 10;
        let a = assess(&f, &[], None);
        assert_eq!(a.data, DataSufficiency::TooNew);
        assert_eq!((a.problems, a.recommendation), (0, Recommendation::Keep));
        // The reviewer's own judgement still counts.
        let a = assess(&f, &[(Reason::StaffAbuse, Level::Serious)], None);
        assert_eq!(a.serious, 1);
        f.tenure_days = 90;
        assert_eq!(assess(&f, &[], None).data, DataSufficiency::Enough);
        assert!(assess(&f, &[], None).problems > 0);
        let empty = Facts {
            tenure_days: 800,
            min_tenure_days: 90,
            ..Facts::default()
        };
        let a = assess(&empty, &[], None);
        assert_eq!(a.data, DataSufficiency::TooLittle);
        assert_eq!(a.problems, 0, "no orders and nothing else is not a problem");
    }

    #[test]
    fn order_trend_thresholds() {
        let f = |now, prev, tenure| Facts {
            orders_12m: now,
            orders_prev_12m: prev,
            tenure_days: tenure,
            ..Facts::default()
        };
        let l = |x: Facts| data_level(Reason::NoMoreBusiness, &x);
        assert_eq!(l(f(10, 10, 800)), Some(Level::None));
        assert_eq!(l(f(6, 10, 800)), Some(Level::Concern));
        assert_eq!(l(f(2, 10, 800)), Some(Level::Serious));
        assert_eq!(l(f(0, 0, 800)), Some(Level::Serious));
        assert_eq!(l(f(0, 0, 30)), Some(Level::None));
    }

    proptest! {
        /// More trivial complaints or abuse never lowers the level.
        #[test]
        fn counts_are_monotone(a in 0i64..20, b in 0i64..20) {
            let (lo, hi) = (a.min(b), a.max(b));
            for r in [Reason::TrivialComplaints, Reason::StaffAbuse] {
                let f = |n| Facts { trivial_12m: n, abuse_12m: n, ..Facts::default() };
                prop_assert!(data_level(r, &f(lo)) <= data_level(r, &f(hi)));
            }
        }

        /// A reviewer's level always wins over the data.
        #[test]
        fn reviewer_wins(i in 0usize..7, lvl in 0usize..3) {
            let l = Level::ALL[lvl];
            let r = Reason::ALL[i];
            let a = assess(&troublesome(), &[(r, l)], None);
            prop_assert_eq!(a.reasons[i].level, l);
            prop_assert_eq!(a.reasons[i].source, LevelSource::Reviewer);
        }
    }
}
