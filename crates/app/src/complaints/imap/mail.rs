//! An RFC 5322 message as fetched from the mailbox → the validated [`InboundMail`] the inbound
//! endpoint also builds, so both paths thread the same way (`Store::receive_inbound_email`).

use carewell_domain::complaint::thread::{InboundAttachment, InboundMail, RawInbound};
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

/// The largest message taken (bytes): the inbound endpoint's request limit.
pub const MAX_RAW: usize = 2 * 1024 * 1024;

/// Why a fetched message cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// No usable `From` address.
    NoSender,
    /// Larger than [`MAX_RAW`].
    TooLarge,
    /// Not a message at all.
    Unparsable,
}

/// The Message-ID a mail without one gets: stable for the same bytes, so polling it twice
/// stores it once.
pub fn synthetic_message_id(raw: &[u8]) -> String {
    format!("{}@imap.carewell.invalid", hex::encode(Sha256::digest(raw)))
}

/// `<a> <b>` of a header that lists Message-IDs (In-Reply-To, References).
fn id_list(v: &HeaderValue<'_>) -> Option<String> {
    let ids = v.as_text_list()?;
    let joined = ids
        .iter()
        .map(|id| format!("<{}>", id.trim_matches(['<', '>'])))
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Maps a raw message to an inbound mail.
pub fn to_inbound(raw: &[u8]) -> Result<InboundMail, Unusable> {
    if raw.len() > MAX_RAW {
        return Err(Unusable::TooLarge);
    }
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or(Unusable::Unparsable)?;
    let sender = msg
        .from()
        .and_then(|a| a.first())
        .ok_or(Unusable::NoSender)?;
    let address = sender.address().ok_or(Unusable::NoSender)?;
    let from = match sender.name().map(|n| n.replace(['<', '>', '"'], "")) {
        Some(name) if !name.trim().is_empty() => format!("\"{}\" <{address}>", name.trim()),
        _ => address.to_string(),
    };
    let message_id = match msg.message_id() {
        Some(id) if !id.trim().is_empty() => format!("<{}>", id.trim()),
        _ => synthetic_message_id(raw),
    };
    let text = msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    let html = msg.body_html(0).and_then(|h| {
        // mail-parser renders a text-only message as HTML too: keep only a real HTML part.
        msg.html_body
            .first()
            .and_then(|&i| msg.parts.get(i as usize))
            .filter(|p| p.is_text_html())
            .map(|_| h.into_owned())
    });
    let in_reply_to = id_list(msg.in_reply_to());
    let references = id_list(msg.references());
    let attachments = msg
        .attachments()
        .map(|p| InboundAttachment {
            name: p.attachment_name().unwrap_or("attachment").to_string(),
            content_type: p
                .content_type()
                .map(|c| match c.subtype() {
                    Some(sub) => format!("{}/{sub}", c.ctype()),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into()),
            size: i64::try_from(p.len()).unwrap_or(i64::MAX),
        })
        .collect();
    let subject = msg.subject().unwrap_or_default();
    InboundMail::parse(RawInbound {
        from: &from,
        subject,
        text: &text,
        html: html.as_deref(),
        message_id: &message_id,
        in_reply_to: in_reply_to.as_deref(),
        references: references.as_deref(),
        attachments,
    })
    .map_err(|errs| {
        if errs.iter().any(|e| e.field == "from") {
            Unusable::NoSender
        } else {
            Unusable::Unparsable
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_reply_maps_to_an_inbound_mail() {
        let raw = b"From: \"Mari Maasikas\" <mari@example.com>\r\n\
To: care@example.org\r\n\
Subject: Re: Charged twice [#0a1b2c3d]\r\n\
Message-ID: <m1@mail.example>\r\n\
In-Reply-To: <abc.carewell@our.example>\r\n\
References: <first@x> <abc.carewell@our.example>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=b1\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Still waiting.\r\n\
--b1\r\n\
Content-Type: application/pdf; name=bill.pdf\r\n\
Content-Disposition: attachment; filename=bill.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--b1--\r\n";
        let m = to_inbound(raw).unwrap();
        assert_eq!(m.from.as_str(), "mari@example.com");
        assert_eq!(m.from_name.as_deref(), Some("Mari Maasikas"));
        assert_eq!(m.subject, "Re: Charged twice [#0a1b2c3d]");
        assert_eq!(m.text, "Still waiting.");
        assert_eq!(m.html, None);
        assert_eq!(m.message_id, "m1@mail.example");
        assert_eq!(
            m.answers,
            ["abc.carewell@our.example", "first@x"].map(String::from)
        );
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].name, "bill.pdf");
        assert_eq!(m.attachments[0].content_type, "application/pdf");
        assert_eq!(m.attachments[0].size, 9);
    }

    #[test]
    fn no_message_id_is_synthesised_and_no_sender_is_unusable() {
        let raw = b"From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n";
        let a = to_inbound(raw).unwrap();
        assert_eq!(a.message_id, synthetic_message_id(raw));
        assert_eq!(to_inbound(raw).unwrap().message_id, a.message_id);
        assert_eq!(
            to_inbound(b"Subject: nobody\r\n\r\nx\r\n").unwrap_err(),
            Unusable::NoSender
        );
        assert_eq!(
            to_inbound(b"From: not an address\r\n\r\nx\r\n").unwrap_err(),
            Unusable::NoSender
        );
        let big = vec![b'a'; MAX_RAW + 1];
        assert_eq!(to_inbound(&big).unwrap_err(), Unusable::TooLarge);
    }

    #[test]
    fn html_only_mail_keeps_its_html_and_a_text() {
        let raw = b"From: a@example.com\r\nMessage-ID: <h@x>\r\nContent-Type: text/html\r\n\r\n<p>Hello <b>there</b></p>\r\n";
        let m = to_inbound(raw).unwrap();
        assert!(m.html.unwrap().contains("<b>there</b>"));
        assert!(m.text.contains("Hello"), "{}", m.text);
    }
}
