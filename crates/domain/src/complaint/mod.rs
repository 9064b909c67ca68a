//! Complaints: what a complaint is (severity, category, channel), its workflow
//! ([`workflow`]), its service-level clock ([`sla`]) and the rules that change a whole
//! complaint ([`record`]).

pub mod record;
pub mod sla;
pub mod thread;
pub mod workflow;

pub use record::{Applied, Complaint, ComplaintSla, Effect, reference};

use crate::customer::string_enum;
use crate::error::{Code, DomainError};
use serde::{Deserialize, Serialize};

string_enum!(
    /// How bad the complaint is; picks the SLA policy.
    Severity, "severity" {
        /// Service down, safety or legal exposure, a key account at risk.
        Critical = "critical",
        /// Serious harm or a very unhappy customer.
        High = "high",
        /// An ordinary complaint.
        Medium = "medium",
        /// A minor annoyance.
        Low = "low",
    }
);

string_enum!(
    /// What the complaint is about; the basis of the volume report.
    Category, "category" {
        /// Invoices, charges, payments.
        Billing = "billing",
        /// How the service was delivered.
        Service = "service",
        /// The product itself: defects, missing features.
        Product = "product",
        /// Behaviour of a staff member.
        Staff = "staff",
        /// Late, lost or damaged deliveries.
        Delivery = "delivery",
        /// Anything else.
        Other = "other",
    }
);

string_enum!(
    /// How the complaint reached us.
    IntakeChannel, "channel" {
        /// The public complaint form.
        WebForm = "web-form",
        /// E-mail.
        Email = "email",
        /// Phone call.
        Phone = "phone",
        /// Chat.
        Chat = "chat",
        /// Face to face.
        InPerson = "in-person",
        /// An API client.
        Api = "api",
        /// Letter post.
        Post = "post",
    }
);

/// Metadata of an attached file (the file itself lives elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Attachment {
    /// File name as uploaded.
    pub name: String,
    /// MIME type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Where the file can be fetched (URL or storage key), if known.
    #[serde(default)]
    pub location: Option<String>,
}

/// Longest description accepted.
pub const MAX_DESCRIPTION: usize = 10_000;
/// Most attachments on one complaint.
pub const MAX_ATTACHMENTS: usize = 20;

/// The longest subject.
pub const MAX_SUBJECT: usize = 200;

/// The longest description a customer may send through the public form.
pub const MAX_PUBLIC_DESCRIPTION: usize = 5_000;

/// A validated new complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintInput {
    /// The customer complaining.
    pub customer_id: String,
    /// How it reached us.
    pub channel: IntakeChannel,
    /// What it is about.
    pub category: Category,
    /// How bad it is.
    pub severity: Severity,
    /// Short title (first line of the description when not given).
    pub subject: String,
    /// What the customer said.
    pub description: String,
    /// Attachment metadata.
    pub attachments: Vec<Attachment>,
}

impl ComplaintInput {
    /// A complaint a customer sends through the public form: channel `web-form`, severity
    /// high when they tick "urgent" (else medium), category `service` unless chosen, and a
    /// description of at most [`MAX_PUBLIC_DESCRIPTION`] characters. Every problem is reported.
    pub fn public_form(
        customer_id: &str,
        category: &str,
        urgent: bool,
        subject: &str,
        description: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let category = if category.trim().is_empty() {
            Category::Service.as_str()
        } else {
            category
        };
        let severity = if urgent {
            Severity::High
        } else {
            Severity::Medium
        };
        let long = description.trim().chars().count() > MAX_PUBLIC_DESCRIPTION;
        let parsed = Self::parse(
            customer_id,
            IntakeChannel::WebForm.as_str(),
            category,
            severity.as_str(),
            Some(subject),
            description,
            Vec::new(),
        );
        match (parsed, long) {
            (Ok(c), false) => Ok(c),
            (parsed, long) => {
                let mut errs = parsed.err().unwrap_or_default();
                if long {
                    let max = MAX_PUBLIC_DESCRIPTION;
                    errs.push(DomainError::new("description", Code::TooLong { max }));
                }
                Err(errs)
            }
        }
    }

    /// Validates raw fields, collecting every error.
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        customer_id: &str,
        channel: &str,
        category: &str,
        severity: &str,
        subject: Option<&str>,
        description: &str,
        attachments: Vec<Attachment>,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errs = Vec::new();
        let customer_id = customer_id.trim().to_string();
        if customer_id.is_empty() {
            errs.push(DomainError::new("customer_id", Code::Required));
        }
        let channel = IntakeChannel::parse(channel).map_err(|e| errs.push(e)).ok();
        let category = Category::parse(category).map_err(|e| errs.push(e)).ok();
        let severity = Severity::parse(severity).map_err(|e| errs.push(e)).ok();
        let description = description.trim().to_string();
        if let Err(e) = crate::customer::parse_text("description", &description, MAX_DESCRIPTION) {
            errs.push(e);
        }
        let subject = subject
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| {
                description
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(80)
                    .collect()
            });
        if subject.chars().count() > 200 {
            errs.push(DomainError::new(
                "subject",
                Code::TooLong { max: MAX_SUBJECT },
            ));
        }
        if attachments.len() > MAX_ATTACHMENTS {
            errs.push(DomainError::new(
                "attachments",
                Code::TooMany {
                    max: MAX_ATTACHMENTS,
                },
            ));
        }
        for a in &attachments {
            if a.name.trim().is_empty() || a.name.len() > 255 || a.size < 0 {
                errs.push(DomainError::new("attachments", Code::InvalidAttachment));
                break;
            }
        }
        match (channel, category, severity) {
            (Some(channel), Some(category), Some(severity)) if errs.is_empty() => Ok(Self {
                customer_id,
                channel,
                category,
                severity,
                subject,
                description,
                attachments,
            }),
            _ => Err(errs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_collects_errors() {
        let ok = ComplaintInput::parse(
            "c1",
            "email",
            "billing",
            "HIGH",
            None,
            "Charged twice\nplease fix",
            vec![],
        );
        assert_eq!(ok.as_ref().map(|c| c.subject.as_str()), Ok("Charged twice"));
        assert_eq!(ok.map(|c| c.severity), Ok(Severity::High));
        let bad = ComplaintInput::parse("", "fax", "x", "urgent", None, " ", vec![]);
        assert_eq!(bad.map_err(|e| e.len()), Err(5));
    }
}
