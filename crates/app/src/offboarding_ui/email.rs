//! The farewell e-mail's dates in the customer's language. The store enqueues the letter
//! (`offb-letter`) with ISO dates (`2027-03-15`) as arguments; rendering — at delivery and in
//! the staff preview — writes them the way the language does (`15 March 2027`,
//! `2027年3月15日`, `15. märts 2027`) with the same formatter as the pages.

use super::letter;
use crate::i18n::Tr;
use carewell_store::offboarding::LETTER_TEMPLATE;
use chrono::NaiveDate;
use serde_json::Value;

/// The date arguments of the farewell e-mail.
pub const DATE_ARGS: [&str; 5] = [
    "notice_date",
    "service_end",
    "support_end",
    "export_until",
    "deletion_date",
];

/// For the farewell e-mail, `args` with its ISO dates written in `lang`; `None` for any other
/// template (or nothing to change), so callers keep the arguments as they are.
pub fn localise(lang: &str, template: &str, args: &Value) -> Option<Value> {
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
            *v = Value::String(letter::date(&tr, d));
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
}
