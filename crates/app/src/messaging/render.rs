//! Customer-facing e-mail text from Fluent: `locales/<lang>/messages.ftl` holds
//! `<template>-subject` and `<template>-body` for every shipped language; the customer's language
//! picks the file (closest shipped language, else English).

use crate::i18n::Tr;
use carewell_store::outbox::Message;

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
    let localised = crate::offboarding_ui::email::localise(lang, template, args);
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

/// Renders a stored e-mail message. A `link` argument holding a path (`/public/…`) is made
/// absolute on `base_url`: the store that enqueues does not know the public address, and a
/// changed `base_url` then applies to messages still queued.
pub fn email(m: &Message, base_url: &str) -> Rendered {
    let mut args = m.args.clone();
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
