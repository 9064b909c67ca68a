//! Offboarding: parting ways with a customer gracefully and lawfully.
//!
//! A case records who initiated it, the reason (the seven client-fit reasons plus business and
//! regulatory ones), the documented situations behind it, and a timeline checked against the
//! minimum notice period ([`notice`]). Its steps run in a fixed order ([`workflow`]): the plan
//! is approved, the customer is contacted directly (call or meeting), and only then may the
//! written notice — the farewell letter — be sent; the account is closed and, on the deletion
//! date, personal data is erased unless a retention hold applies ([`retention`]).

pub mod notice;
pub mod retention;
pub mod workflow;

use crate::customer::string_enum;
use crate::error::{Code, DomainError};
use crate::language::Language;
use serde::{Deserialize, Serialize};

string_enum!(
    /// Who asked to end the relationship.
    Initiator, "initiator" {
        /// We decided to part ways.
        Company = "company",
        /// The customer asked to leave.
        Customer = "customer",
    }
);

string_enum!(
    /// Why the relationship ends. The first seven are the client-fit reasons (same names as
    /// `client_fit::Reason`, so `Reason::parse(fit_reason.as_str())` maps one to the other).
    #[schema(as = OffboardingReason)]
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
        /// Our policy changed.
        PolicyChange = "policy-change",
        /// A legal or regulatory obligation (sanctions, AML findings, licence scope).
        Compliance = "compliance",
        /// The product or service is discontinued.
        ProductSunset = "product-sunset",
        /// The customer asked to leave.
        CustomerRequest = "customer-request",
    }
);

impl Reason {
    /// Whether this is one of the seven client-fit reasons.
    pub fn is_client_fit(&self) -> bool {
        !matches!(
            self,
            Reason::PolicyChange
                | Reason::Compliance
                | Reason::ProductSunset
                | Reason::CustomerRequest
        )
    }
}

string_enum!(
    /// How the customer was contacted directly before the written notice.
    ContactKind, "kind" {
        /// A phone or video call.
        Call = "call",
        /// A meeting in person.
        Meeting = "meeting",
    }
);

string_enum!(
    /// What kind of record documents a situation behind the decision.
    SituationKind, "kind" {
        /// A complaint.
        Complaint = "complaint",
        /// An interaction (call, meeting, e-mail, note).
        Interaction = "interaction",
    }
);

/// A documented situation behind the decision: a link to a complaint or an interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Situation {
    /// complaint or interaction.
    pub kind: SituationKind,
    /// Its id.
    pub id: String,
    /// Why it matters (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The longest free-text field accepted.
pub const MAX_TEXT: usize = 5000;

fn text(field: &str, raw: &str, required: bool) -> Result<Option<String>, DomainError> {
    let t = raw.trim();
    if t.is_empty() {
        return if required {
            Err(DomainError::new(field, Code::Required))
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > MAX_TEXT {
        return Err(DomainError::new(field, Code::TooLong { max: MAX_TEXT }));
    }
    Ok(Some(t.to_string()))
}

fn opt_text(field: &str, raw: Option<&str>) -> Result<Option<String>, DomainError> {
    text(field, raw.unwrap_or(""), false)
}

/// Validates the documented situations: ids present, no duplicates, notes bounded.
pub fn situations(list: Vec<Situation>) -> Result<Vec<Situation>, DomainError> {
    let mut out: Vec<Situation> = Vec::with_capacity(list.len());
    for s in list {
        let id = s.id.trim().to_string();
        if id.is_empty() {
            return Err(DomainError::new("situations", Code::Required));
        }
        if out.iter().any(|o| o.kind == s.kind && o.id == id) {
            return Err(DomainError::new(
                "situations",
                Code::Duplicate {
                    value: format!("{}:{id}", s.kind),
                },
            ));
        }
        out.push(Situation {
            kind: s.kind,
            id,
            note: opt_text("situations", s.note.as_deref())?,
        });
    }
    Ok(out)
}

string_enum!(
    /// The five parts of a farewell letter, in order.
    Part, "part" {
        /// Gratitude for the time together.
        Thanks = "thanks",
        /// The decision, framed with the documented situations (never a personal attack).
        Framing = "framing",
        /// What we do to part on good terms (e.g. refunding the last invoice).
        Goodwill = "goodwill",
        /// That it did not work out.
        Apology = "apology",
        /// Where the customer can go next.
        Alternatives = "alternatives",
    }
);

/// The farewell letter: five parts in the customer's language. The customer-facing text is
/// written by staff (the UI offers a localised starting point); the store keeps the draft and
/// refuses one that does not pass [`Letter::parse`]. This is the only letter type: the API
/// body, the editor and the e-mail all use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Letter {
    /// BCP 47 language of the letter (the customer's).
    pub language: String,
    /// 1. Thanks: gratitude for the time together.
    pub thanks: String,
    /// 2. Framing: the decision, framed with the documented situations (never a personal attack).
    pub framing: String,
    /// 3. Goodwill: what we do to part on good terms (e.g. refunding the last invoice).
    pub goodwill: String,
    /// 4. Apology: that it did not work out.
    pub apology: String,
    /// 5. Alternatives: where the customer can go next.
    pub alternatives: String,
}

/// Line endings as the letter keeps them (`\n`), whatever the form sent.
fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

impl Letter {
    /// Validates a draft: a known language tag and all five parts written (each at most
    /// [`MAX_TEXT`] characters); every problem is reported. Line endings are normalised.
    pub fn parse<'a>(
        language: &str,
        part: impl Fn(Part) -> &'a str,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errs = Vec::new();
        let language = Language::parse(language).map_err(|e| errs.push(e)).ok();
        let mut text_of = |p: Part| match text(p.as_str(), &normalise(part(p)), true) {
            Ok(t) => t.unwrap_or_default(),
            Err(e) => {
                errs.push(e);
                String::new()
            }
        };
        let letter = Self {
            language: language.map(|l| l.as_str().to_string()).unwrap_or_default(),
            thanks: text_of(Part::Thanks),
            framing: text_of(Part::Framing),
            goodwill: text_of(Part::Goodwill),
            apology: text_of(Part::Apology),
            alternatives: text_of(Part::Alternatives),
        };
        if errs.is_empty() {
            Ok(letter)
        } else {
            Err(errs)
        }
    }

    /// Checks a letter built elsewhere (deserialised from an API body) by the same rules.
    pub fn checked(&self) -> Result<Self, Vec<DomainError>> {
        Self::parse(&self.language, |p| self.part(p))
    }

    /// One part's text.
    pub fn part(&self, p: Part) -> &str {
        match p {
            Part::Thanks => &self.thanks,
            Part::Framing => &self.framing,
            Part::Goodwill => &self.goodwill,
            Part::Apology => &self.apology,
            Part::Alternatives => &self.alternatives,
        }
    }

    /// The letter as plain text, parts separated by blank lines.
    pub fn body(&self) -> String {
        Part::ALL
            .iter()
            .map(|p| self.part(*p))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The customer's exit survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExitSurvey {
    /// Why they left (in their words, or a picked option).
    pub reason_left: String,
    /// What would have kept them.
    pub would_have_kept: Option<String>,
    /// Anything else.
    pub comment: Option<String>,
    /// Optional rating of the relationship, 1–5.
    pub rating: Option<i64>,
}

impl ExitSurvey {
    /// Validates an answer.
    pub fn parse(
        reason_left: &str,
        would_have_kept: Option<&str>,
        comment: Option<&str>,
        rating: Option<i64>,
    ) -> Result<Self, DomainError> {
        if let Some(r) = rating
            && !(1..=5).contains(&r)
        {
            return Err(DomainError::new(
                "rating",
                Code::OutOfRange {
                    min: Some(1),
                    max: Some(5),
                },
            ));
        }
        Ok(Self {
            reason_left: text("reason_left", reason_left, true)?.unwrap_or_default(),
            would_have_kept: opt_text("would_have_kept", would_have_kept)?,
            comment: opt_text("comment", comment)?,
            rating,
        })
    }
}

/// A legal basis given for an exception or a hold: a real sentence, not a placeholder.
pub fn legal_basis(field: &str, raw: &str) -> Result<String, DomainError> {
    let t = raw.trim();
    if t.chars().count() < 10 {
        return Err(DomainError::new(field, Code::TooShort { min: 10 }));
    }
    text(field, t, true).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_client_fit_reasons() {
        assert_eq!(Reason::ALL.iter().filter(|r| r.is_client_fit()).count(), 7);
        assert_eq!(Reason::ALL.len(), 11);
        assert_eq!(Reason::parse("Staff abuse"), Ok(Reason::StaffAbuse));
    }

    #[test]
    fn letter_needs_all_parts() {
        let parse =
            |lang: &str, parts: [&'static str; 5]| Letter::parse(lang, |p| parts[p as usize]);
        let ok =
            parse("et", ["Aitäh", "x\r\ny", "y", "z", "w"]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok.framing, "x\ny");
        assert_eq!(ok.checked(), Ok(ok.clone()));
        let e = parse("en", ["Thanks", "", "y", " ", "w"]);
        let fields = e.map_err(|e| e.into_iter().map(|e| e.field).collect::<Vec<_>>());
        assert_eq!(
            fields,
            Err(vec!["framing".to_string(), "apology".to_string()])
        );
        assert!(parse("", ["a", "b", "c", "d", "e"]).is_err());
    }

    #[test]
    fn survey_rating_bounds() {
        assert!(ExitSurvey::parse("price", None, None, Some(5)).is_ok());
        assert!(ExitSurvey::parse("price", None, None, Some(0)).is_err());
        assert!(ExitSurvey::parse(" ", None, None, None).is_err());
        let s = ExitSurvey::parse("price", Some(" "), Some("ok"), None).ok();
        assert_eq!(s.and_then(|s| s.would_have_kept), None);
    }

    #[test]
    fn situations_are_unique() {
        let s = |id: &str| Situation {
            kind: SituationKind::Complaint,
            id: id.into(),
            note: None,
        };
        assert!(situations(vec![s("a"), s("b")]).is_ok());
        assert!(situations(vec![s("a"), s(" a ")]).is_err());
        assert!(situations(vec![s("")]).is_err());
    }

    #[test]
    fn legal_basis_must_say_something() {
        assert!(legal_basis("exception", "n/a").is_err());
        assert!(legal_basis("exception", "Sanctions Act §5: immediate termination").is_ok());
    }
}
