//! Customer-facing complaint messages, rendered from `locales/*/complaints.ftl` in the
//! customer's language (`complaint-<event>-subject` / `-body`). The outbox delivers them.

use crate::web::i18n::Tr;
use carewell_domain::complaint::workflow::CustomerMessage;
use carewell_store::complaints::Complaint;

/// Every message the workflow sends, for checks that each exists in every language.
pub const ALL: [CustomerMessage; 7] = [
    CustomerMessage::Acknowledged,
    CustomerMessage::DemandConfirmed,
    CustomerMessage::Waiting,
    CustomerMessage::Resolved,
    CustomerMessage::Reopened,
    CustomerMessage::Satisfaction,
    CustomerMessage::Closed,
];

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// What a message may mention.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The customer's name.
    pub name: &'a str,
    /// The agent looking after it.
    pub agent: &'a str,
    /// The last note of the transition (what we wait for, …).
    pub note: &'a str,
    /// The satisfaction link.
    pub link: &'a str,
}

/// Renders `msg` about `c` in the language `lang` (any BCP 47 tag; the closest shipped one).
pub fn render(lang: &str, msg: CustomerMessage, c: &Complaint, ctx: &Context<'_>) -> Rendered {
    let tr = Tr::for_tag(lang);
    let reference = c.reference();
    let args = [
        ("name", ctx.name),
        ("subject", c.subject.as_str()),
        ("agent", ctx.agent),
        ("reference", reference.as_str()),
        ("demand", c.demand.as_deref().unwrap_or_default()),
        ("resolution", c.resolution.as_deref().unwrap_or_default()),
        ("note", ctx.note),
        ("link", ctx.link),
    ];
    Rendered {
        subject: tr.t_with(&format!("{}-subject", msg.template()), &args),
        body: tr.t_with(&format!("{}-body", msg.template()), &args),
    }
}
