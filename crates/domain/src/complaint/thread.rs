//! A complaint's conversation: what an agent writes (a reply sent to the customer, or an
//! internal note that is never sent), what the customer writes back (public page or e-mail),
//! and how an inbound e-mail finds its complaint (our Message-IDs in In-Reply-To/References,
//! else the reference tag in the subject). Pure: parsing and matching rules only.

use crate::customer::string_enum;
use crate::email::Email;
use crate::error::{Code, DomainError};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Who speaks in a thread item.
    ThreadKind, "kind" {
        /// The customer (their original words, a public-page reply, an e-mail).
        Customer = "customer",
        /// An agent's reply, sent to the customer.
        Agent = "agent",
        /// An internal note: staff only, never sent.
        Note = "note",
        /// A message the workflow sent to the customer (acknowledgement, resolution, …).
        System = "system",
    }
);

impl ThreadKind {
    /// Whether the customer may see the item (everything but internal notes).
    pub fn customer_visible(self) -> bool {
        self != ThreadKind::Note
    }
}

/// The longest reply or note an agent or customer writes in a page.
pub const MAX_REPLY: usize = 10_000;

/// The longest plain-text body kept of an inbound e-mail (characters); longer text is cut
/// there and marked as cut.
pub const MAX_INBOUND_TEXT: usize = 100_000;

/// The largest HTML body kept of an inbound e-mail (bytes); a larger one is not kept (the
/// text part is). HTML is stored as received and only ever shown as text.
pub const MAX_INBOUND_HTML: usize = 512 * 1024;

/// The longest Message-ID accepted (an RFC 5322 line limit).
pub const MAX_MESSAGE_ID: usize = 998;

/// Most attachments (metadata) kept of one inbound e-mail.
pub const MAX_INBOUND_ATTACHMENTS: usize = 20;

/// How many Message-IDs of In-Reply-To and References are looked at (the newest last).
pub const MAX_REFERENCES: usize = 50;

/// The marker appended to a cut inbound text.
pub const CUT_MARK: &str = "\n[…]";

/// A reply or note as an agent wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The text, trimmed.
    pub body: String,
    /// An internal note (never sent) rather than a reply to the customer.
    pub internal: bool,
}

impl Reply {
    /// Validates a reply or note: not blank, at most [`MAX_REPLY`] characters, no control
    /// characters other than line breaks and tabs.
    pub fn parse(body: &str, internal: bool) -> Result<Self, DomainError> {
        let body = crate::customer::parse_text("body", body, MAX_REPLY)?;
        if body
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(DomainError::new("body", Code::ControlCharacters));
        }
        Ok(Self { body, internal })
    }
}

/// The tag that carries a complaint's reference in an e-mail subject: `[#1a2b3c4d]`.
pub fn subject_tag(reference: &str) -> String {
    format!("[#{reference}]")
}

/// The complaint reference tagged in a subject ([`subject_tag`]), if any: eight hex digits
/// between `[#` and `]`, the last such tag when several.
pub fn reference_in_subject(subject: &str) -> Option<String> {
    let mut found = None;
    let mut rest = subject;
    while let Some(i) = rest.find("[#") {
        let after = &rest[i + 2..];
        if let Some(end) = after.find(']') {
            let r = &after[..end];
            if r.len() == 8 && r.chars().all(|c| c.is_ascii_hexdigit()) {
                found = Some(r.to_ascii_lowercase());
            }
        }
        rest = after;
    }
    found
}

/// The Message-IDs in an In-Reply-To or References header value (`<a@b> <c@d>`), without
/// angle brackets, in order. A bare id without brackets counts as one. Ids longer than
/// [`MAX_MESSAGE_ID`] bytes or with control characters are left out.
pub fn message_ids(header: &str) -> Vec<String> {
    let ok = |id: &str| {
        !id.is_empty() && id.len() <= MAX_MESSAGE_ID && !id.chars().any(char::is_control)
    };
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let Some(end) = after.find('>') else { break };
        let id = after[..end].trim();
        if ok(id) {
            out.push(id.to_string());
        }
        rest = &after[end + 1..];
    }
    if out.is_empty() {
        let bare = header.trim();
        if ok(bare) && !bare.contains(|c: char| c.is_whitespace() || c == '<' || c == '>') {
            out.push(bare.to_string());
        }
    }
    out
}

/// The digest of one of our own Message-IDs (`<digest.carewell@host>`), if `id` is one.
pub fn our_digest(id: &str) -> Option<String> {
    let local = id.split('@').next()?;
    let digest = local.strip_suffix(".carewell")?;
    (digest.len() == 40 && digest.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| digest.to_ascii_lowercase())
}

/// Metadata of an inbound attachment (never its content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundAttachment {
    /// File name.
    pub name: String,
    /// MIME type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
}

/// An inbound e-mail, validated: the sender, the texts within their limits, its own
/// Message-ID, and the ids it answers (In-Reply-To first, then References newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMail {
    /// The sender's address.
    pub from: Email,
    /// The sender's display name, if the `From` value carried one.
    pub from_name: Option<String>,
    /// The subject (may be empty).
    pub subject: String,
    /// The plain text, cut at [`MAX_INBOUND_TEXT`] characters.
    pub text: String,
    /// The HTML as received, if within [`MAX_INBOUND_HTML`]; never rendered.
    pub html: Option<String>,
    /// Its own Message-ID, without angle brackets.
    pub message_id: String,
    /// The ids it answers, most specific first.
    pub answers: Vec<String>,
    /// Attachment metadata.
    pub attachments: Vec<InboundAttachment>,
}

/// The raw fields of an inbound e-mail (the common inbound-parse shape).
#[derive(Debug, Clone, Default)]
pub struct RawInbound<'a> {
    /// `From`: an address, or `Name <address>`.
    pub from: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Plain text.
    pub text: &'a str,
    /// HTML, if any.
    pub html: Option<&'a str>,
    /// Its Message-ID.
    pub message_id: &'a str,
    /// In-Reply-To.
    pub in_reply_to: Option<&'a str>,
    /// References.
    pub references: Option<&'a str>,
    /// Attachment metadata.
    pub attachments: Vec<InboundAttachment>,
}

/// Splits `Name <address>` (or a bare address) into the address and the name.
fn split_from(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    match (raw.rfind('<'), raw.rfind('>')) {
        (Some(a), Some(b)) if a < b => {
            let name = raw[..a].trim().trim_matches('"').trim();
            let name = (!name.is_empty()).then(|| name.chars().take(200).collect());
            (raw[a + 1..b].trim().to_string(), name)
        }
        _ => (raw.to_string(), None),
    }
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push_str(CUT_MARK);
    s
}

impl InboundMail {
    /// Validates an inbound e-mail, collecting every error: the sender must be an address and
    /// the Message-ID present; a text over [`MAX_INBOUND_TEXT`] is cut (marked), an HTML body
    /// over [`MAX_INBOUND_HTML`] is left out, attachments past [`MAX_INBOUND_ATTACHMENTS`] are
    /// left out. A mail with neither text nor HTML keeps an empty text.
    pub fn parse(raw: RawInbound<'_>) -> Result<Self, Vec<DomainError>> {
        let mut errs = Vec::new();
        let (address, from_name) = split_from(raw.from);
        let from = match Email::parse(&address) {
            Ok(e) => Some(e),
            Err(e) => {
                errs.push(DomainError {
                    field: "from".into(),
                    ..e
                });
                None
            }
        };
        let message_id = message_ids(raw.message_id).into_iter().next();
        if message_id.is_none() {
            let code = if raw.message_id.trim().is_empty() {
                Code::Required
            } else {
                Code::TooLong {
                    max: MAX_MESSAGE_ID,
                }
            };
            errs.push(DomainError::new("message_id", code));
        }
        let strip = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
                .collect()
        };
        let subject: String = strip(raw.subject).replace(['\n', '\t'], " ");
        let subject = subject.trim().chars().take(998).collect();
        let text = cut(&strip(&raw.text.replace("\r\n", "\n")), MAX_INBOUND_TEXT)
            .trim()
            .to_string();
        // Kept as received, but never a NUL (no database keeps one in text).
        let html = raw
            .html
            .filter(|h| !h.trim().is_empty() && h.len() <= MAX_INBOUND_HTML)
            .map(|h| h.replace('\0', ""));
        let mut answers: Vec<String> = raw.in_reply_to.map(message_ids).unwrap_or_default();
        let mut refs = raw.references.map(message_ids).unwrap_or_default();
        refs.reverse();
        for r in refs {
            if !answers.contains(&r) {
                answers.push(r);
            }
        }
        answers.truncate(MAX_REFERENCES);
        let attachments = raw
            .attachments
            .into_iter()
            .take(MAX_INBOUND_ATTACHMENTS)
            .map(|a| InboundAttachment {
                name: a.name.chars().take(255).collect(),
                content_type: a.content_type.chars().take(255).collect(),
                size: a.size.max(0),
            })
            .collect();
        match (from, message_id) {
            (Some(from), Some(message_id)) if errs.is_empty() => Ok(Self {
                from,
                from_name,
                subject,
                text,
                html,
                message_id,
                answers,
                attachments,
            }),
            _ => Err(errs),
        }
    }

    /// The digests of our own Message-IDs among the ids it answers, most specific first.
    pub fn our_digests(&self) -> Vec<String> {
        self.answers.iter().filter_map(|a| our_digest(a)).collect()
    }

    /// The text to keep as the customer's words: the plain text, else a note that only an
    /// HTML part came (shown as text, never rendered).
    pub fn body(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn replies_are_checked() {
        assert_eq!(Reply::parse("  hi \n", true).unwrap().body, "hi");
        assert_eq!(Reply::parse(" ", false).unwrap_err().code, Code::Required);
        let long = "x".repeat(MAX_REPLY + 1);
        assert!(matches!(
            Reply::parse(&long, false).unwrap_err().code,
            Code::TooLong { .. }
        ));
        assert_eq!(
            Reply::parse("a\u{0}b", false).unwrap_err().code,
            Code::ControlCharacters
        );
        assert!(!ThreadKind::Note.customer_visible());
        assert!(ThreadKind::Agent.customer_visible());
    }

    #[test]
    fn references_in_subjects_and_headers() {
        assert_eq!(
            reference_in_subject("Re: Charged twice [#0A1b2c3d]").as_deref(),
            Some("0a1b2c3d")
        );
        assert_eq!(reference_in_subject("[#xyz] [#12345678"), None);
        assert_eq!(reference_in_subject("[#1234567] [#"), None);
        assert_eq!(subject_tag("0a1b2c3d"), "[#0a1b2c3d]");
        assert_eq!(
            message_ids("<a@b> \r\n <c@d>"),
            vec!["a@b".to_string(), "c@d".to_string()]
        );
        assert_eq!(message_ids("bare@id"), vec!["bare@id".to_string()]);
        assert!(message_ids("<unclosed").is_empty());
        assert!(message_ids("<a\u{0}b@x>").is_empty());
        assert!(message_ids(&format!("<{}@x>", "é".repeat(500))).is_empty());
        let d = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            our_digest(&format!("{d}.carewell@x.example")).as_deref(),
            Some(d)
        );
        assert_eq!(our_digest("abc.carewell@x"), None);
        assert_eq!(our_digest("someone@else"), None);
    }

    #[test]
    fn inbound_mail_is_validated_and_cut() {
        let d = "0123456789abcdef0123456789abcdef01234567";
        let refs = format!("<first@x> <{d}.carewell@our.example>");
        let m = InboundMail::parse(RawInbound {
            from: "\"Mari Maasikas\" <Mari@Example.COM>",
            subject: "Re: help\r\n[#0a1b2c3d]",
            text: &"y".repeat(MAX_INBOUND_TEXT + 5),
            html: Some("<b>hi</b>"),
            message_id: "<m1@mail.example>",
            in_reply_to: Some("<in@x>"),
            references: Some(&refs),
            attachments: Vec::new(),
        })
        .unwrap();
        assert_eq!(m.from.as_str(), "Mari@example.com");
        assert_eq!(m.from_name.as_deref(), Some("Mari Maasikas"));
        assert_eq!(m.message_id, "m1@mail.example");
        assert_eq!(m.subject, "Re: help [#0a1b2c3d]");
        assert!(m.text.ends_with("[…]"));
        assert_eq!(m.answers[0], "in@x");
        assert_eq!(m.our_digests(), vec![d.to_string()]);
        let nul = InboundMail::parse(RawInbound {
            from: "a@b.example",
            subject: "a\u{0}b",
            text: "c\u{0}d\r\ne",
            html: Some("<p>\u{0}</p>"),
            message_id: "<x@y>",
            ..Default::default()
        })
        .unwrap();
        assert_eq!((nul.subject.as_str(), nul.text.as_str()), ("ab", "cd\ne"));
        assert_eq!(nul.html.as_deref(), Some("<p></p>"));
        let bad = InboundMail::parse(RawInbound {
            from: "nobody",
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from", "message_id"]);
    }
}
