//! Customer-facing e-mail text from Fluent: `locales/<lang>/messages.ftl` holds
//! `<template>-subject` and `<template>-body` for every shipped language; the customer's language
//! picks the file (closest shipped language, else English).

use crate::web::i18n::Tr;
use carewell_store::offboarding::LETTER_TEMPLATE;
use carewell_store::outbox::Message;
use chrono::NaiveDate;
use serde_json::Value;

/// A rendered e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Renders `template` in `lang` with string arguments.
pub fn render(lang: &str, template: &str, args: &serde_json::Value) -> Rendered {
    let tr = Tr::for_tag(lang);
    // The farewell letter's ISO dates, written the way the customer's language does.
    let localised = localise(lang, template, args);
    let args = localised.as_ref().unwrap_or(args);
    let owned: Vec<(String, String)> = args
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let s = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), s)
                })
                .collect()
        })
        .unwrap_or_default();
    let args: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Rendered {
        subject: tr.t_with(&format!("{template}-subject"), &args),
        body: tr.t_with(&format!("{template}-body"), &args),
    }
}

/// Renders a stored e-mail message. The message's customer link (kept beside the arguments,
/// only on a claimed message) becomes the `link` argument. A `link` holding a path
/// (`/public/…`) is made absolute on `base_url`: the store that enqueues does not know the
/// public address, and a changed `base_url` then applies to messages still queued.
pub fn email(m: &Message, base_url: &str) -> Rendered {
    let mut args = m.args.clone();
    if let Some(a) = args.as_object_mut() {
        match &m.link {
            Some(link) => {
                a.insert("link".into(), serde_json::Value::String(link.clone()));
            }
            // A message read back by staff (or already sent) has no link: shown as elided.
            None => {
                a.entry("link").or_insert_with(|| "…".into());
            }
        }
    }
    if let Some(link) = args.get_mut("link")
        && let Some(path) = link.as_str().filter(|p| p.starts_with('/'))
    {
        *link = serde_json::Value::String(format!("{}{path}", base_url.trim_end_matches('/')));
    }
    render(
        &m.language,
        m.template.as_deref().unwrap_or("msg-generic"),
        &args,
    )
}

/// The date arguments of the farewell e-mail.
const DATE_ARGS: [&str; 5] = [
    "notice_date",
    "service_end",
    "support_end",
    "export_until",
    "deletion_date",
];

/// The farewell e-mail's dates in the customer's language. The store enqueues the letter
/// (`offb-letter`, [`LETTER_TEMPLATE`]) with ISO dates (`2027-03-15`) as arguments; rendering —
/// at delivery and in the staff preview — writes them the way the language does
/// (`15 March 2027`, `2027年3月15日`, `15. märts 2027`) with the same formatter as the pages.
/// `None` for any other template (or nothing to change), so callers keep the arguments as they
/// are.
fn localise(lang: &str, template: &str, args: &Value) -> Option<Value> {
    if template != LETTER_TEMPLATE {
        return None;
    }
    let tr = Tr::for_tag(lang);
    let mut out = args.clone();
    let mut changed = false;
    for k in DATE_ARGS {
        if let Some(v) = out.get_mut(k)
            && let Some(d) = v
                .as_str()
                .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        {
            *v = Value::String(tr.long_date(d));
            changed = true;
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn letter_dates_in_the_customers_language() {
        let args = serde_json::json!({"service_end": "2027-03-15", "name": "2027-03-15"});
        for (lang, want) in [
            ("en", "15 March 2027"),
            ("zh-CN", "2027年3月15日"),
            ("et", "15. märts 2027"),
            ("fr", "15 March 2027"),
        ] {
            let out = localise(lang, LETTER_TEMPLATE, &args).unwrap();
            assert_eq!(out["service_end"], want, "{lang}");
            assert_eq!(out["name"], "2027-03-15", "only the date arguments");
        }
        assert!(localise("en", "msg-generic", &args).is_none());
        let odd = serde_json::json!({"service_end": "soon"});
        assert!(localise("en", LETTER_TEMPLATE, &odd).is_none());
    }

    /// The e-mail the outbox sends (`offb-letter`) exists in every language, keeps its blank
    /// lines, and carries the five parts, the dates and the link.
    #[test]
    fn farewell_email_renders_in_every_language() {
        let args = serde_json::json!({
            "name": "Mari", "company": "Acme", "letter": "PART-ONE\n\nPART-TWO",
            "link": "https://x.example/public/offboarding/t", "notice_date": "2027-01-01",
            "service_end": "2027-02-01", "support_end": "2027-02-15",
            "export_until": "2027-03-01", "deletion_date": "2027-03-02",
        });
        for lang in ["en", "zh-CN", "et"] {
            let r = render(lang, "offb-letter", &args);
            assert!(r.subject.contains("Acme"), "{lang}: {}", r.subject);
            assert!(!r.body.contains("offb-"), "{lang}: {}", r.body);
            assert!(r.body.contains("Mari"), "{lang}");
            assert!(
                r.body.contains("\n\nPART-ONE\n\nPART-TWO\n\n"),
                "{lang}: {}",
                r.body
            );
            // The ISO dates are written in the customer's language.
            let dates: [&str; 4] = match lang {
                "zh-CN" => [
                    "2027年2月1日",
                    "2027年2月15日",
                    "2027年3月1日",
                    "2027年3月2日",
                ],
                "et" => [
                    "1. veebruar 2027",
                    "15. veebruar 2027",
                    "1. märts 2027",
                    "2. märts 2027",
                ],
                _ => [
                    "1 February 2027",
                    "15 February 2027",
                    "1 March 2027",
                    "2 March 2027",
                ],
            };
            for d in dates {
                assert!(r.body.contains(d), "{lang}: {d}: {}", r.body);
            }
            assert!(!r.body.contains("2027-02-01"), "{lang}: no ISO dates");
            assert!(r.body.contains("https://x.example/public/offboarding/t"));
            assert!(r.body.trim_end().ends_with("Acme"), "{lang}: signed");
        }
    }
}
