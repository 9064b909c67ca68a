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

use crate::web::error::Denied;
use carewell_domain::error::Arg;
use carewell_domain::{Code, DomainError, Entity, Refusal};

// All shipped translations, compiled in.
fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The labels of a form's fields: field name (as the rules name it) → the message id of the
/// label the form shows beside it. Errors on the form name fields by these labels.
pub type Labels<'a> = &'a [(&'a str, &'a str)];

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

    /// An amount of money as written in this language, its thousands grouped
    /// (`1,234,567.89 EUR`; `1 234 567,89 EUR` in Estonian, grouped with no-break spaces).
    /// Every amount shown to a reader goes through here.
    pub fn money(&self, m: &carewell_domain::money::Money) -> String {
        let amount = group_digits(
            &m.to_decimal(),
            &self.t("money-group-mark"),
            &self.t("money-decimal-mark"),
        );
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

    /// The message `key` with numeric arguments (plurals select on them).
    pub fn t_nums(&self, key: &str, args: &[(&str, f64)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(*v)))
            .collect();
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// "Too many failed attempts; try again in N minutes", for a sign-in lock that ends in
    /// `secs` seconds (whole minutes, rounded up).
    pub fn login_locked(&self, secs: u64) -> String {
        let minutes = i64::try_from(secs.div_ceil(60).max(1)).unwrap_or(i64::MAX);
        self.t_n("login-locked", minutes)
    }

    /// The message `key` with typed arguments: numbers as numbers (plurals select on them),
    /// dates as `YYYY-MM-DD`, stable names (formats, records, steps, …) translated through
    /// `word-<name>`, held tables through `table-<name>`, field names as their labels, and a
    /// refused state's status and actions in the words of the record's own pages.
    fn render(
        &self,
        key: &str,
        args: &[(&'static str, Arg)],
        entity: Option<Entity>,
        labels: Labels,
    ) -> String {
        let sep = if self.lang == "zh-CN" { "、" } else { ", " };
        let (status_prefix, action_prefix) = match entity {
            Some(Entity::Complaint) => ("cmp-status-", "cmp-action-"),
            Some(Entity::OffboardingCase) => ("offb-status-", "offb-action-"),
            Some(Entity::LedgerEntry) => ("cmp-approval-", "cmp-ledger-"),
            _ => ("", ""),
        };
        let word = |prefix: &str, name: &str| {
            if prefix.is_empty() {
                return name.to_string();
            }
            LOCALES
                .try_lookup(&langid(self.lang), &format!("{prefix}{name}"))
                .unwrap_or_else(|| name.to_string())
        };
        let mut map: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        for (name, arg) in args {
            let v: FluentValue<'_> = match (*name, arg) {
                // Bounds are read, never selected on: grouped by thousands the reader's way.
                ("min" | "max", Arg::Num(n)) if key == "err-out-of-range" => group_digits(
                    &n.to_string(),
                    &self.t("money-group-mark"),
                    &self.t("money-decimal-mark"),
                )
                .into(),
                (_, Arg::Num(n)) => FluentValue::from(*n),
                ("status", Arg::Text(t)) => word(status_prefix, t).into(),
                ("action", Arg::Text(t)) => word(action_prefix, t).into(),
                (_, Arg::Text(t)) => t.clone().into(),
                (_, Arg::Date(d)) => d.to_string().into(),
                ("tables", Arg::List(l)) => {
                    let l: Vec<String> = l.iter().map(|t| word("table-", t)).collect();
                    l.join(sep).into()
                }
                ("allowed", Arg::List(l)) if !action_prefix.is_empty() => {
                    let l: Vec<String> = l.iter().map(|t| word(action_prefix, t)).collect();
                    l.join(sep).into()
                }
                (_, Arg::List(l)) => l.join(sep).into(),
                (_, Arg::Word(w)) => word("word-", w).into(),
                (_, Arg::Words(ws)) => {
                    let l: Vec<String> = ws.iter().map(|w| word("word-", w)).collect();
                    l.join(sep).into()
                }
                (_, Arg::Field(f)) => self.label_in(f, labels).into(),
                (_, Arg::Money(m)) => self.money(m).into(),
            };
            map.insert(Cow::Borrowed(*name), v);
        }
        LOCALES
            .try_lookup_with_args(&langid(self.lang), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// What is wrong with a value, in this language (`is required`, `'x' is not a phone
    /// number`, …), from its code.
    pub fn code(&self, c: &Code) -> String {
        self.code_in(c, &[])
    }

    /// [`Tr::code`] on a form whose fields carry the labels `labels` (a rule naming another
    /// field, "cannot be later than …", names it by the form's own label).
    pub fn code_in(&self, c: &Code, labels: Labels) -> String {
        self.render(&format!("err-{}", c.key()), &c.args(), None, labels)
    }

    /// Why the current state refuses an action, in this language.
    pub fn refusal(&self, r: &Refusal) -> String {
        let entity = match r {
            Refusal::WrongState { entity, .. } => Some(*entity),
            _ => None,
        };
        self.render(&format!("refusal-{}", r.key()), &r.args(), entity, &[])
    }

    /// Why a request was refused before any rule, in this language.
    pub fn denied(&self, d: &Denied) -> String {
        match d {
            Denied::Role(role) => self.t_with("denied-role", &[("role", role.as_str())]),
            Denied::BodyTooLarge { max } => self.render(
                "denied-body-too-large",
                &[("max", Arg::Num(*max as i64))],
                None,
                &[],
            ),
            Denied::UnreadableUpload(detail) | Denied::MalformedRequest(detail) => {
                self.t_with(&format!("denied-{}", d.key()), &[("detail", detail)])
            }
            Denied::UriTooLong { max } => self.render(
                "denied-uri-too-long",
                &[("max", Arg::Num(*max as i64))],
                None,
                &[],
            ),
            Denied::Csrf
            | Denied::UnreadableForm
            | Denied::MethodNotAllowed
            | Denied::UnsupportedMediaType
            | Denied::IdempotencyKeyInvalid
            | Denied::IdempotencyKeyReused
            | Denied::IdempotencyInFlight => self.t(&format!("denied-{}", d.key())),
        }
    }

    /// `… not found`, naming the kind of record in this language.
    pub fn not_found(&self, what: Entity) -> String {
        self.render(
            "not-found",
            &[("what", Arg::Word(what.as_str()))],
            None,
            &[],
        )
    }

    /// A field's label in this language: the first of the `field-…`, `cmp-field-…`,
    /// `cmp-input-…`, `cf-…`, `offb-field-…`, `offb-set-field-…` and `sla-…` messages that exists
    /// (a field `external_ref` is also looked up as `external-ref`, and `calendar.open_minute` as
    /// `open_minute`); the field name otherwise.
    pub fn label(&self, field: &str) -> String {
        let field = field.rsplit('.').next().unwrap_or(field);
        let dashed = field.replace('_', "-");
        [
            "field",
            "cmp-field",
            "cmp-input",
            "cf",
            "offb-field",
            "offb-set-field",
            "sla",
        ]
        .iter()
        .flat_map(|p| [format!("{p}-{dashed}"), format!("{p}-{field}")])
        .find_map(|k| LOCALES.try_lookup(&langid(self.lang), &k))
        .unwrap_or_else(|| field.to_string())
    }

    /// A field's label on a form that declares its labels (`field` → message id): the form's
    /// own label, else [`Tr::label`].
    pub fn label_in(&self, field: &str, labels: Labels) -> String {
        match labels.iter().find(|(f, _)| *f == field) {
            Some((_, id)) => self.t(id),
            None => self.label(field),
        }
    }

    /// `label: reason` of one invalid field, in this language.
    pub fn invalid(&self, e: &DomainError) -> String {
        self.invalid_in(e, &[])
    }

    /// [`Tr::invalid`] on a form with the labels `labels`.
    pub fn invalid_in(&self, e: &DomainError, labels: Labels) -> String {
        format!(
            "{}: {}",
            self.label_in(&e.field, labels),
            self.code_in(&e.code, labels)
        )
    }

    /// Who did something, as history lines show it: the system and the customer (public pages)
    /// in this language; staff by their e-mail as given.
    pub fn actor(&self, actor: &str) -> String {
        match actor {
            "system" => self.t("actor-system"),
            "customer" => self.t("actor-customer"),
            "customer (web form)" => self.t("actor-customer-web-form"),
            "customer (public)" => self.t("actor-customer-public"),
            "customer (email)" => self.t("actor-customer-email"),
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
                    Code::OneOf {
                        value: raw.to_string(),
                        allowed: SHIPPED.iter().map(|s| s.to_string()).collect(),
                    },
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

/// A plain decimal (`-1234567.89`) with its whole part grouped by thousands with `group` and
/// its decimal point written as `mark`.
pub fn group_digits(plain: &str, group: &str, mark: &str) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 * group.len());
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push_str(mark);
        out.push_str(f);
    }
    out
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
    use carewell_domain::error::{Code, Entity, Format, Refusal, Step};
    use carewell_domain::{DomainError, Refusal as R};

    #[test]
    fn refusals_and_codes_read_in_the_ui_language() {
        let et = Tr::for_tag("et");
        let phone = Code::Malformed {
            value: "12x".into(),
            expected: Format::Phone,
        };
        assert_eq!(et.code(&phone), "„12x” ei ole telefoninumber");
        assert_eq!(et.code(&Code::Required), "on kohustuslik");
        let zh = Tr::for_tag("zh-CN");
        assert_eq!(zh.code(&Code::TooLong { max: 200 }), "超过 200 个字符");
        assert_eq!(
            Tr::default().invalid(&DomainError::new("email", Code::Required)),
            "E-mail: is required"
        );
        let refused = R::WrongState {
            entity: Entity::Complaint,
            status: "new".into(),
            action: "close".into(),
            allowed: vec!["acknowledge".into(), "escalate".into()],
        };
        assert_eq!(
            Tr::default().refusal(&refused),
            "cannot Close: the complaint is New; allowed now: Acknowledge, Escalate"
        );
        assert!(
            zh.refusal(&refused).contains("确认"),
            "{}",
            zh.refusal(&refused)
        );
        let first = Refusal::StepFirst {
            step: Step::ContactCustomer,
        };
        assert!(Tr::default().refusal(&first).contains("direct contact"));
        let held = Refusal::Held {
            tables: vec!["transactions".into()],
            until: chrono::NaiveDate::from_ymd_opt(2031, 5, 1).unwrap_or_default(),
            basis: "AML".into(),
            prospective: false,
        };
        assert_eq!(
            Tr::default().refusal(&held),
            "refused: the transactions are held until 2031-05-01 under a legal obligation (AML); they will be deleted then"
        );
        assert!(et.refusal(&held).contains("tehingud"));
    }

    #[test]
    fn money_is_grouped_by_thousands_in_every_language() {
        use carewell_domain::money::{Currency, Money};
        let m = |minor, c: &str| Money {
            minor,
            currency: Currency::parse(c).unwrap(),
        };
        let (en, et, zh) = (Tr::default(), Tr::for_tag("et"), Tr::for_tag("zh-CN"));
        assert_eq!(en.money(&m(123_456_789, "EUR")), "1,234,567.89 EUR");
        assert_eq!(
            et.money(&m(123_456_789, "EUR")),
            "1\u{a0}234\u{a0}567,89 EUR"
        );
        assert_eq!(zh.money(&m(123_456_789, "EUR")), "1,234,567.89 EUR");
        assert_eq!(en.money(&m(-100_000, "EUR")), "-1,000.00 EUR");
        assert_eq!(en.money(&m(99_999, "EUR")), "999.99 EUR");
        assert_eq!(en.money(&m(5, "EUR")), "0.05 EUR");
        assert_eq!(en.money(&m(1_000_000, "JPY")), "1,000,000 JPY");
        assert_eq!(et.money(&m(-1_234_567, "KWD")), "-1\u{a0}234,567 KWD");
        assert_eq!(
            en.money(&m(i64::MIN, "EUR")),
            "-92,233,720,368,547,758.08 EUR"
        );
        assert_eq!(en.money_minor(123_456, "EUR"), "1,234.56 EUR");
        // So are the bounds of an amount.
        let bounds = Code::OutOfRange {
            min: Some(-1_000_000_000),
            max: Some(1_000_000_000),
        };
        assert_eq!(
            en.code(&bounds),
            "must be between -1,000,000,000 and 1,000,000,000"
        );
        assert!(et.code(&bounds).contains("1\u{a0}000\u{a0}000\u{a0}000"));
        // A large amount in a refusal is written the same way.
        let large = Code::LargeAmount {
            amount: m(150_000, "EUR"),
            threshold: m(100_000, "EUR"),
        };
        assert!(
            en.code(&large)
                .starts_with("1,500.00 EUR is above 1,000.00 EUR")
        );
        assert!(
            et.code(&large)
                .starts_with("1\u{a0}500,00 EUR ületab 1\u{a0}000,00 EUR")
        );
    }

    #[test]
    fn a_form_names_fields_by_its_own_labels() {
        let labels: super::Labels = &[
            ("start_date", "activity-start"),
            ("reason", "cmp-input-reason"),
        ];
        let e = DomainError::new(
            "end_date",
            Code::EarlierThan {
                other: "start_date".into(),
            },
        );
        let en = Tr::default();
        assert_eq!(en.code_in(&e.code, labels), "cannot be earlier than Start");
        assert!(!en.code_in(&e.code, labels).contains("start_date"));
        assert_eq!(
            en.invalid_in(&DomainError::new("reason", Code::Required), labels),
            format!("{}: is required", en.t("cmp-input-reason"))
        );
        let et = Tr::for_tag("et");
        assert!(
            et.code_in(&e.code, labels)
                .contains(&et.t("activity-start"))
        );
    }

    /// The message ids of one language, from its `.ftl` files.
    fn ids(lang: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut out = std::collections::BTreeSet::new();
        for f in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once('=') {
                    let id = id.trim_end();
                    if !id.is_empty()
                        && id.starts_with(|c: char| c.is_ascii_lowercase())
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        out.insert(id.to_string());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_language_has_every_message() {
        let en = ids("en");
        assert!(en.len() > 1000, "{}", en.len());
        for lang in ["zh-CN", "et"] {
            let other = ids(lang);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
        }
    }
}
