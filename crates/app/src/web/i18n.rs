//! Translations: Fluent files under `locales/{en,zh-CN,et}/`, compiled into the binary.
//! The UI language: the signed-in user's saved preference (`users.language`, set on /account,
//! the admin user page, the API, or by the header language switch while signed in), else the
//! `lang` cookie, else the browser's Accept-Language.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use carewell_domain::language::{Language, SHIPPED};
use chrono::{Datelike, NaiveDate};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

// All shipped translations, compiled in.
fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Cookie holding the chosen UI language.
pub const LANG_COOKIE: &str = "lang";

/// A translator for one shipped language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    /// The shipped language tag (`en`, `zh-CN`, `et`).
    pub lang: &'static str,
}

impl Default for Tr {
    fn default() -> Self {
        Self { lang: "en" }
    }
}

fn langid(tag: &str) -> LanguageIdentifier {
    tag.parse()
        .unwrap_or_else(|_| LanguageIdentifier::default())
}

impl Tr {
    /// The translator for any BCP 47 tag, falling back to the closest shipped language.
    pub fn for_tag(tag: &str) -> Self {
        Self {
            lang: Language::parse(tag).map(|l| l.shipped()).unwrap_or("en"),
        }
    }

    /// The message `key`; the key itself if no language has it.
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&langid(self.lang), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with named arguments.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.to_string())))
            .collect();
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// An amount of money as written in this language (`12.50 EUR`, `12,50 EUR` in Estonian).
    pub fn money(&self, m: &carewell_domain::money::Money) -> String {
        let amount = m.to_decimal().replace('.', &self.t("money-decimal-mark"));
        self.t_with(
            "money",
            &[("amount", &amount), ("currency", m.currency.as_str())],
        )
    }

    /// [`Tr::money`] from minor units and a currency code as stored (shown raw if the code
    /// does not parse).
    pub fn money_minor(&self, minor: i64, currency: &str) -> String {
        match carewell_domain::money::Currency::parse(currency) {
            Ok(currency) => self.money(&carewell_domain::money::Money { minor, currency }),
            Err(_) => format!("{minor} {currency}"),
        }
    }

    /// The message `key` with one numeric argument `n` (for plurals).
    pub fn t_n(&self, key: &str, n: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        map.insert(Cow::Borrowed("n"), FluentValue::from(n));
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// A validation reason of the domain rules (English: `is required`, `'x' is not a phone
    /// number`, …) in this language. English, and reasons without a translation, as given.
    pub fn reason(&self, r: &str) -> String {
        if self.lang == "en" {
            return r.to_string();
        }
        let (value, rest) = match r.strip_prefix('\'').and_then(|x| x.split_once("' ")) {
            Some((v, rest)) => (v, rest),
            None => ("", r),
        };
        let (key, extra) = if rest == "is required" {
            ("reason-required", None)
        } else if let Some(n) = rest
            .strip_prefix("is longer than ")
            .and_then(|x| x.strip_suffix(" characters"))
        {
            ("reason-too-long", Some(("n", n)))
        } else if let Some(list) = rest.strip_prefix("is not one of ") {
            ("reason-one-of", Some(("list", list)))
        } else {
            let key = match rest {
                "has no '@'"
                | "is not an e-mail address"
                | "has no valid domain"
                | "contains spaces or forbidden characters" => "reason-email",
                "is not a two-letter country code" => "reason-country",
                "is not a phone number" => "reason-phone",
                "is not a date (YYYY-MM-DD)" | "is not a date (YYYY-MM-DD) or RFC 3339 time" => {
                    "reason-date"
                }
                "is not yes/no" => "reason-yes-no",
                "contains control characters" => "reason-control",
                "is not a number" => "reason-number",
                "describe the complaint" => "reason-describe-complaint",
                "say why the severity changes" => "reason-severity-why",
                x if x.starts_with("is not an IANA time zone") => "reason-timezone",
                _ => return r.to_string(),
            };
            (key, None)
        };
        let mut args = vec![("value", value)];
        args.extend(extra);
        self.t_with(key, &args)
    }

    /// `field: reason` of a refused form in this language: the field's label (the `field-…`,
    /// `cmp-field-…`, `cmp-…` or `cf-…` message) and the translated reason. English as given.
    pub fn field_error(&self, field: &str, reason: &str) -> String {
        if self.lang == "en" {
            return format!("{field}: {reason}");
        }
        let label = ["field", "cmp-field", "cmp", "cf"]
            .iter()
            .find_map(|p| LOCALES.try_lookup(&langid(self.lang), &format!("{p}-{field}")))
            .unwrap_or_else(|| field.to_string());
        format!("{label}: {}", self.reason(reason))
    }

    /// Who did something, as history lines show it: the system and the customer (public pages)
    /// in this language; staff by their e-mail as given.
    pub fn actor(&self, actor: &str) -> String {
        match actor {
            "system" => self.t("actor-system"),
            "customer" => self.t("actor-customer"),
            "customer (web form)" => self.t("actor-customer-web-form"),
            other => other.to_string(),
        }
    }

    /// A user's saved language as a shipped tag: `Ok(None)` for empty (= the browser's
    /// choice), an invalid-field error naming the shipped languages otherwise.
    pub fn parse_preference(
        raw: Option<&str>,
    ) -> Result<Option<&'static str>, crate::web::error::AppError> {
        let raw = raw.map(str::trim).unwrap_or_default();
        if raw.is_empty() {
            return Ok(None);
        }
        Language::parse(raw)
            .ok()
            .and_then(|l| SHIPPED.iter().copied().find(|s| *s == l.as_str()))
            .map(Some)
            .ok_or_else(|| {
                crate::web::error::AppError::invalid(
                    "language",
                    format!("'{raw}' is not one of {}", SHIPPED.join(", ")),
                )
            })
    }

    /// A date written the way the language writes it (`15 March 2027`, `2027年3月15日`,
    /// `15. märts 2027`).
    pub fn long_date(&self, d: NaiveDate) -> String {
        let day = d.day().to_string();
        let year = d.year().to_string();
        let month = self.t(&format!("offb-month-{}", d.month()));
        self.t_with(
            "offb-date",
            &[("day", &day), ("month", &month), ("year", &year)],
        )
    }

    /// The shipped languages with their own names, for the language switch.
    pub fn choices() -> [(&'static str, &'static str); 3] {
        [("en", "English"), ("zh-CN", "中文"), ("et", "Eesti")]
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = std::convert::Infallible;

    /// The language of a page: this browser's explicit choice (the `lang` cookie, set by the
    /// header switch and by saving a preference on /account), then the signed-in user's saved
    /// preference (a new browser), then Accept-Language, then English.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(c) = jar.get(LANG_COOKIE)
            && SHIPPED.contains(&c.value())
        {
            return Ok(Tr::for_tag(c.value()));
        }
        if let Some(u) = parts.extensions.get::<crate::web::auth::CurrentUser>()
            && let Some(l) = u.user.language.as_deref()
            && SHIPPED.contains(&l)
        {
            return Ok(Tr::for_tag(l));
        }
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        for part in accept.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim();
            if let Ok(l) = Language::parse(tag) {
                let shipped = l.shipped();
                if shipped != "en" || l.as_str().starts_with("en") {
                    return Ok(Tr { lang: shipped });
                }
            }
        }
        Ok(Tr::default())
    }
}

#[cfg(test)]
mod tests {
    use super::Tr;

    #[test]
    fn validation_reasons_read_in_the_ui_language() {
        let et = Tr::for_tag("et");
        assert_eq!(
            et.reason("'12x' is not a phone number"),
            "„12x” ei ole telefoninumber"
        );
        assert_eq!(et.reason("is required"), "on kohustuslik");
        assert_eq!(
            Tr::for_tag("zh-CN").reason("is longer than 200 characters"),
            "超过 200 个字符"
        );
        // English, and reasons without a translation, stay as given.
        assert_eq!(Tr::default().reason("'bad' has no '@'"), "'bad' has no '@'");
        assert_eq!(et.reason("something new"), "something new");
    }
}
