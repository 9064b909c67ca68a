//! Why input or an action was refused, as data. A [`DomainError`] names the field at fault and a
//! [`Code`] with its parameters (invalid input); a [`Refusal`] says why the current state of
//! things refuses an action. Text is rendered once, at the edge, from Fluent messages keyed by
//! [`Code::key`] and [`Refusal::key`] with [`Code::args`] / [`Refusal::args`]; nothing parses a
//! message. `Display` gives a terse technical form for logs and test failures.

use chrono::NaiveDate;
use serde::Serialize;

/// A rule was broken by input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{field}: {code}")]
pub struct DomainError {
    /// The field (or CSV column) at fault.
    pub field: String,
    /// What is wrong with it.
    pub code: Code,
}

impl DomainError {
    /// An error for `field`.
    pub fn new(field: impl Into<String>, code: Code) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }
}

/// A value shape that a [`Code::Malformed`] value failed to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A two-letter country code.
    Country,
    /// An IANA time zone such as `Europe/Tallinn`.
    TimeZone,
    /// A BCP 47 language tag.
    Language,
    /// An ISO 4217 currency code.
    Currency,
    /// yes / no.
    YesNo,
    /// A date `YYYY-MM-DD`.
    Date,
    /// A date or an RFC 3339 time.
    DateTime,
    /// A time of day `HH:MM`.
    Time,
    /// A range of times `HH:MM-HH:MM`.
    TimeRange,
    /// An absolute URL.
    Url,
    /// An `http(s)` URL.
    HttpUrl,
    /// A two-letter country code, `EU` or `default`.
    Jurisdiction,
    /// Letters, digits and dashes (a contract type or retention category), at most 40.
    Slug,
    /// A `name = value` line.
    NameValueLine,
    /// A `kind:id` reference.
    KindColonId,
    /// A JSON value of the type the key takes (text, a list of text, an object of text).
    JsonType,
}

impl Format {
    /// The stable name (`email`, `time-zone`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Country => "country",
            Self::TimeZone => "time-zone",
            Self::Language => "language",
            Self::Currency => "currency",
            Self::YesNo => "yes-no",
            Self::Date => "date",
            Self::DateTime => "date-time",
            Self::Time => "time",
            Self::TimeRange => "time-range",
            Self::Url => "url",
            Self::HttpUrl => "http-url",
            Self::Jurisdiction => "jurisdiction",
            Self::Slug => "slug",
            Self::NameValueLine => "name-value-line",
            Self::KindColonId => "kind-colon-id",
            Self::JsonType => "json-type",
        }
    }
}

/// The things Carewell keeps, as refusals and lookups name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Entity {
    /// A customer.
    Customer,
    /// A staff user.
    User,
    /// A complaint.
    Complaint,
    /// An interaction (call, meeting, e-mail, …).
    Interaction,
    /// A transaction.
    Transaction,
    /// A contract.
    Contract,
    /// A compensation ledger entry.
    LedgerEntry,
    /// An offboarding case.
    OffboardingCase,
    /// A retention hold.
    Hold,
    /// A background job.
    Job,
    /// An outbound message.
    Message,
    /// An API token.
    Token,
    /// A customer's contact person.
    Contact,
    /// A farewell letter.
    Letter,
    /// A customer-facing link.
    Link,
    /// A notice-period rule.
    NoticeRule,
    /// A task.
    Task,
    /// A webhook endpoint.
    WebhookEndpoint,
    /// A page.
    Page,
    /// A segment (a saved customer filter).
    Segment,
    /// A prediction run (departure care).
    PredictionRun,
    /// A stored record of any kind.
    Record,
}

impl Entity {
    /// The stable name (`customer`, `offboarding-case`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::User => "user",
            Self::Complaint => "complaint",
            Self::Interaction => "interaction",
            Self::Transaction => "transaction",
            Self::Contract => "contract",
            Self::LedgerEntry => "ledger-entry",
            Self::OffboardingCase => "offboarding-case",
            Self::Hold => "hold",
            Self::Job => "job",
            Self::Message => "message",
            Self::Token => "token",
            Self::Contact => "contact",
            Self::Letter => "letter",
            Self::Link => "link",
            Self::NoticeRule => "notice-rule",
            Self::Task => "task",
            Self::WebhookEndpoint => "webhook-endpoint",
            Self::Page => "page",
            Self::Segment => "segment",
            Self::PredictionRun => "prediction-run",
            Self::Record => "record",
        }
    }
}

/// What is wrong with a field's value. Each variant is one Fluent message `err-<key>` (see
/// [`Code::key`]) with the variant's parameters as arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Code {
    /// Empty, but required.
    Required,
    /// Longer than `max` characters.
    TooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// Shorter than `min` characters.
    TooShort {
        /// The fewest characters allowed.
        min: usize,
    },
    /// More than `max` items.
    TooMany {
        /// The most items allowed.
        max: usize,
    },
    /// Contains control characters.
    ControlCharacters,
    /// Contains characters from `chars`.
    ForbiddenCharacters {
        /// The value as given.
        value: String,
        /// The characters that may not appear.
        chars: String,
    },
    /// Not one of the allowed values.
    OneOf {
        /// The value as given.
        value: String,
        /// The allowed values.
        allowed: Vec<String>,
    },
    /// Does not have the expected shape.
    Malformed {
        /// The value as given.
        value: String,
        /// The expected shape.
        expected: Format,
    },
    /// Not a number.
    NotANumber {
        /// The value as given.
        value: String,
    },
    /// Not a whole number.
    NotAWholeNumber {
        /// The value as given.
        value: String,
    },
    /// More decimals than the currency has.
    TooManyDecimals {
        /// The value as given.
        value: String,
        /// The currency's decimals.
        max: u32,
        /// The currency.
        currency: String,
    },
    /// Too large to store.
    TooLarge {
        /// The value as given.
        value: String,
    },
    /// Outside `min..=max`.
    OutOfRange {
        /// The smallest allowed value, if bounded below.
        min: Option<i64>,
        /// The largest allowed value, if bounded above.
        max: Option<i64>,
    },
    /// A time in the future where only the past makes sense.
    InFuture,
    /// Earlier than the field `other` (which it may not be).
    EarlierThan {
        /// The other field.
        other: String,
    },
    /// Not later than the field `other` (it must be strictly later).
    NotLaterThan {
        /// The other field.
        other: String,
    },
    /// Later than the field `other` (which it may not be).
    LaterThan {
        /// The other field.
        other: String,
    },
    /// Not earlier than the field `other` (it must be strictly earlier).
    NotEarlierThan {
        /// The other field.
        other: String,
    },
    /// A business calendar with no open weekday.
    NoOpenDay,
    /// The service would end before the minimum notice period allows.
    NoticeTooShort {
        /// The earliest allowed end of service.
        earliest: NaiveDate,
        /// The rule's jurisdiction.
        jurisdiction: String,
        /// The rule's contract type.
        contract_type: String,
        /// Minimum notice, months part.
        months: u32,
        /// Minimum notice, days part.
        days: u32,
        /// Where the rule comes from.
        basis: String,
    },
    /// An exception to the notice rule was given where none is needed.
    ExceptionNotNeeded,
    /// No such record.
    NoSuch {
        /// What kind of record.
        what: Entity,
        /// The id given.
        id: String,
    },
    /// The record belongs to another customer.
    OtherCustomers {
        /// What kind of record.
        what: Entity,
    },
    /// Listed twice.
    Duplicate {
        /// The repeated value.
        value: String,
    },
    /// The same key appears on an earlier line of the file.
    DuplicateRow {
        /// The repeated key.
        value: String,
        /// The line where it first appears.
        line: u64,
    },
    /// An attachment without a name (≤ 255 bytes) or with a negative size.
    InvalidAttachment,
    /// A CSV column nobody knows.
    UnknownColumn {
        /// The known columns.
        expected: Vec<String>,
    },
    /// A required CSV column is missing.
    MissingColumn,
    /// A CSV row with another number of fields than the header.
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// Not valid UTF-8.
    NotUtf8,
    /// Not well-formed CSV (the parser's own words in `detail`).
    MalformedCsv {
        /// What the CSV parser said.
        detail: String,
    },
    /// The file has no header row.
    EmptyFile,
    /// The file could not be opened or read (the system's words in `detail`).
    UnreadableFile {
        /// What the system said.
        detail: String,
    },
    /// The current password given is not the user's.
    WrongPassword,
    /// The new password and its repetition differ.
    PasswordsDiffer,
    /// The request body could not be read as the expected JSON (the decoder's words in
    /// `detail`).
    UnreadableBody {
        /// What the decoder said.
        detail: String,
    },
    /// Larger than `max` bytes (UTF-8).
    TooManyBytes {
        /// The most bytes allowed.
        max: usize,
    },
    /// A date or time whose year is outside `min..=max` (year 0, negative years, year 10000).
    YearOutOfRange {
        /// The value as given.
        value: String,
        /// The earliest year accepted.
        min: i32,
        /// The latest year accepted.
        max: i32,
    },
    /// A time with a 60th second (a leap second), which nothing downstream can store or compare.
    LeapSecond {
        /// The value as given.
        value: String,
    },
    /// An outbound address on this machine or its private network (loopback, private,
    /// link-local, cloud metadata) that the operator has not allowed.
    InternalAddress {
        /// The host as given.
        value: String,
    },
    /// The request body is well-formed JSON but not an object (`[]`, `"text"`, `null`, …).
    NotAnObject,
    /// An amount above the size that needs a second confirmation, sent without it.
    LargeAmount {
        /// The amount.
        amount: crate::money::Money,
        /// The largest amount that needs no confirmation.
        threshold: crate::money::Money,
    },
}

impl Code {
    /// The stable name of the code (`required`, `too-long`, …); the Fluent message is
    /// `err-<key>`.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong { .. } => "too-long",
            Self::TooShort { .. } => "too-short",
            Self::TooMany { .. } => "too-many",
            Self::ControlCharacters => "control-characters",
            Self::ForbiddenCharacters { .. } => "forbidden-characters",
            Self::OneOf { .. } => "one-of",
            Self::Malformed { .. } => "malformed",
            Self::NotANumber { .. } => "not-a-number",
            Self::NotAWholeNumber { .. } => "not-a-whole-number",
            Self::TooManyDecimals { .. } => "too-many-decimals",
            Self::TooLarge { .. } => "too-large",
            Self::OutOfRange { .. } => "out-of-range",
            Self::InFuture => "in-future",
            Self::EarlierThan { .. } => "earlier-than",
            Self::NotLaterThan { .. } => "not-later-than",
            Self::LaterThan { .. } => "later-than",
            Self::NotEarlierThan { .. } => "not-earlier-than",
            Self::NoOpenDay => "no-open-day",
            Self::NoticeTooShort { .. } => "notice-too-short",
            Self::ExceptionNotNeeded => "exception-not-needed",
            Self::NoSuch { .. } => "no-such",
            Self::OtherCustomers { .. } => "other-customers",
            Self::Duplicate { .. } => "duplicate",
            Self::DuplicateRow { .. } => "duplicate-row",
            Self::InvalidAttachment => "invalid-attachment",
            Self::UnknownColumn { .. } => "unknown-column",
            Self::MissingColumn => "missing-column",
            Self::FieldCount { .. } => "field-count",
            Self::NotUtf8 => "not-utf8",
            Self::MalformedCsv { .. } => "malformed-csv",
            Self::EmptyFile => "empty-file",
            Self::UnreadableFile { .. } => "unreadable-file",
            Self::WrongPassword => "wrong-password",
            Self::PasswordsDiffer => "passwords-differ",
            Self::UnreadableBody { .. } => "unreadable-body",
            Self::TooManyBytes { .. } => "too-many-bytes",
            Self::YearOutOfRange { .. } => "year-out-of-range",
            Self::LeapSecond { .. } => "leap-second",
            Self::InternalAddress { .. } => "internal-address",
            Self::NotAnObject => "not-an-object",
            Self::LargeAmount { .. } => "large-amount",
        }
    }

    /// The parameters as Fluent arguments. Values the reader sees as words (a format, an
    /// entity, a field) are passed as their stable names; the edge translates them.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        use Arg::{Date, List, Num, Text};
        match self {
            Self::Required
            | Self::ControlCharacters
            | Self::InFuture
            | Self::NoOpenDay
            | Self::ExceptionNotNeeded
            | Self::InvalidAttachment
            | Self::MissingColumn
            | Self::NotUtf8
            | Self::EmptyFile
            | Self::WrongPassword
            | Self::PasswordsDiffer
            | Self::NotAnObject => vec![],
            Self::TooLong { max } | Self::TooMany { max } => vec![("max", Num(*max as i64))],
            Self::TooShort { min } => vec![("min", Num(*min as i64))],
            Self::TooManyBytes { max } => vec![("max", Num(*max as i64))],
            Self::YearOutOfRange { value, min, max } => vec![
                ("value", Text(value.clone())),
                ("min", Num(i64::from(*min))),
                ("max", Num(i64::from(*max))),
            ],
            Self::LeapSecond { value } | Self::InternalAddress { value } => {
                vec![("value", Text(value.clone()))]
            }
            Self::ForbiddenCharacters { value, chars } => {
                vec![
                    ("value", Text(value.clone())),
                    ("chars", Text(chars.clone())),
                ]
            }
            Self::OneOf { value, allowed } => {
                vec![
                    ("value", Text(value.clone())),
                    ("allowed", List(allowed.clone())),
                ]
            }
            Self::Malformed { value, expected } => vec![
                ("value", Text(value.clone())),
                ("expected", Arg::Word(expected.as_str())),
            ],
            Self::NotANumber { value }
            | Self::NotAWholeNumber { value }
            | Self::TooLarge { value } => vec![("value", Text(value.clone()))],
            Self::TooManyDecimals {
                value,
                max,
                currency,
            } => vec![
                ("value", Text(value.clone())),
                ("max", Num(i64::from(*max))),
                ("currency", Text(currency.clone())),
            ],
            Self::OutOfRange { min, max } => {
                let mut a = Vec::new();
                if let Some(m) = min {
                    a.push(("min", Num(*m)));
                }
                if let Some(m) = max {
                    a.push(("max", Num(*m)));
                }
                // A selector: which bounds the message names.
                let bounds = match (min, max) {
                    (Some(_), Some(_)) => "both",
                    (Some(_), None) => "min",
                    (None, Some(_)) => "max",
                    (None, None) => "none",
                };
                a.push(("bounds", Arg::Text(bounds.into())));
                a
            }
            Self::EarlierThan { other }
            | Self::NotLaterThan { other }
            | Self::LaterThan { other }
            | Self::NotEarlierThan { other } => vec![("other", Arg::Field(other.clone()))],
            Self::NoticeTooShort {
                earliest,
                jurisdiction,
                contract_type,
                months,
                days,
                basis,
            } => vec![
                ("earliest", Date(*earliest)),
                ("jurisdiction", Text(jurisdiction.clone())),
                ("contract_type", Text(contract_type.clone())),
                ("months", Num(i64::from(*months))),
                ("days", Num(i64::from(*days))),
                ("basis", Text(basis.clone())),
            ],
            Self::NoSuch { what, id } => {
                vec![("what", Arg::Word(what.as_str())), ("id", Text(id.clone()))]
            }
            Self::OtherCustomers { what } => vec![("what", Arg::Word(what.as_str()))],
            Self::Duplicate { value } => vec![("value", Text(value.clone()))],
            Self::DuplicateRow { value, line } => {
                vec![("value", Text(value.clone())), ("line", Num(*line as i64))]
            }
            Self::UnknownColumn { expected } => vec![("expected", List(expected.clone()))],
            Self::FieldCount { found, expected } => vec![
                ("found", Num(*found as i64)),
                ("expected", Num(*expected as i64)),
            ],
            Self::MalformedCsv { detail }
            | Self::UnreadableBody { detail }
            | Self::UnreadableFile { detail } => {
                vec![("detail", Text(detail.clone()))]
            }
            Self::LargeAmount { amount, threshold } => vec![
                ("amount", Arg::Money(*amount)),
                ("threshold", Arg::Money(*threshold)),
            ],
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fmt_key_args(f, self.key(), &self.args())
    }
}

/// One argument of a rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as given (a value the user typed, a legal basis).
    Text(String),
    /// A number (plurals select on it).
    Num(i64),
    /// A date, written the reader's way.
    Date(NaiveDate),
    /// A list of values shown as given, joined the reader's way.
    List(Vec<String>),
    /// A stable name the edge translates (a format, an entity, a step): message `word-<name>`.
    Word(&'static str),
    /// A list of stable names the edge translates and joins.
    Words(Vec<&'static str>),
    /// A field name the edge translates to its label.
    Field(String),
    /// An amount of money, written the reader's way (grouped thousands, decimal mark).
    Money(crate::money::Money),
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Text(s) | Arg::Field(s) => write!(f, "{s:?}"),
            Arg::Num(n) => write!(f, "{n}"),
            Arg::Date(d) => write!(f, "{d}"),
            Arg::List(l) => write!(f, "[{}]", l.join(", ")),
            Arg::Word(w) => f.write_str(w),
            Arg::Words(w) => write!(f, "[{}]", w.join(", ")),
            Arg::Money(m) => write!(f, "{m}"),
        }
    }
}

fn fmt_key_args(
    f: &mut std::fmt::Formatter<'_>,
    key: &str,
    args: &[(&'static str, Arg)],
) -> std::fmt::Result {
    f.write_str(key)?;
    if !args.is_empty() {
        let parts: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        write!(f, " ({})", parts.join(", "))?;
    }
    Ok(())
}

/// A step that must come first (see [`Refusal::StepFirst`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Approve the offboarding plan.
    ApprovePlan,
    /// Talk to the customer directly (call or meeting) before written notice.
    ContactCustomer,
    /// Write the farewell letter.
    WriteLetter,
    /// Send the written notice.
    SendLetter,
    /// Close the account.
    CloseAccount,
    /// Reopen the complaint.
    Reopen,
    /// Record a judgement at concern or serious.
    JudgeReason,
}

impl Step {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ApprovePlan => "approve-plan",
            Self::ContactCustomer => "contact-customer",
            Self::WriteLetter => "write-letter",
            Self::SendLetter => "send-letter",
            Self::CloseAccount => "close-account",
            Self::Reopen => "reopen",
            Self::JudgeReason => "judge-reason",
        }
    }
}

/// Something already done (see [`Refusal::AlreadyDone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Done {
    /// The offboarding plan is approved.
    PlanApproved,
    /// The farewell letter is sent.
    LetterSent,
    /// The account is closed.
    AccountClosed,
    /// The case was cancelled.
    Cancelled,
    /// The personal data is erased.
    Erased,
    /// The ledger entry is reversed.
    Reversed,
    /// The exit survey is answered.
    SurveyAnswered,
    /// The satisfaction question is answered.
    SatisfactionAnswered,
    /// The interaction is flagged.
    Flagged,
    /// The retention hold has ended.
    HoldEnded,
    /// The task is done.
    TaskDone,
    /// The API token is revoked.
    Revoked,
}

impl Done {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PlanApproved => "plan-approved",
            Self::LetterSent => "letter-sent",
            Self::AccountClosed => "account-closed",
            Self::Cancelled => "cancelled",
            Self::Erased => "erased",
            Self::Reversed => "reversed",
            Self::SurveyAnswered => "survey-answered",
            Self::SatisfactionAnswered => "satisfaction-answered",
            Self::Flagged => "flagged",
            Self::HoldEnded => "hold-ended",
            Self::TaskDone => "task-done",
            Self::Revoked => "revoked",
        }
    }
}

/// Why the current state of things refuses an action. Each variant is one Fluent message
/// `refusal-<key>` with [`Refusal::args`]. At the HTTP edge every refusal is 409 Conflict,
/// except [`Refusal::Restricted`] (a read of held records), which is 403.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "refusal", rename_all = "kebab-case")]
pub enum Refusal {
    /// The workflow does not allow `action` while the record is `status`.
    #[error("cannot {action} a {entity:?} that is {status}; allowed: {allowed:?}")]
    WrongState {
        /// What kind of record.
        entity: Entity,
        /// Its status now.
        status: String,
        /// The action asked for.
        action: String,
        /// The actions allowed now.
        allowed: Vec<String>,
    },
    /// Another step must come first.
    #[error("{} first", step.as_str())]
    StepFirst {
        /// The step.
        step: Step,
    },
    /// Already done.
    #[error("already {}", what.as_str())]
    AlreadyDone {
        /// What was done.
        what: Done,
    },
    /// Such a record exists already.
    #[error("a {what:?} with this key exists already ({key})")]
    AlreadyExists {
        /// What kind of record.
        what: Entity,
        /// The key or id of the existing record.
        key: String,
    },
    /// Someone changed the record since it was read.
    #[error("changed meanwhile")]
    ChangedMeanwhile,
    /// Records are held under a legal obligation (an erasure asked for too early). With
    /// `prospective`, they would be held once the rest is erased.
    #[error("held until {until} ({basis}): {tables:?}")]
    Held {
        /// The held tables.
        tables: Vec<String>,
        /// Held until this date.
        until: NaiveDate,
        /// The legal basis.
        basis: String,
        /// Not held yet: a hold would start with the erasure.
        prospective: bool,
    },
    /// A read of records held under a legal obligation, by someone who may not read them.
    #[error("restricted until {until} ({basis}): {tables:?}")]
    Restricted {
        /// The held tables.
        tables: Vec<String>,
        /// Held until this date.
        until: NaiveDate,
        /// The legal basis.
        basis: String,
    },
    /// An erasure before the deletion date without an explicit request.
    #[error("the deletion date is {date}")]
    BeforeDeletionDate {
        /// The deletion date.
        date: NaiveDate,
    },
    /// Nothing is held: the personal data was erased and every hold has ended.
    #[error("nothing held")]
    NothingHeld,
    /// The last active administrator cannot be demoted or deactivated.
    #[error("last active administrator")]
    LastAdmin,
    /// The person who booked an entry cannot decide it.
    #[error("four eyes")]
    FourEyes,
    /// A reversal cannot be reversed.
    #[error("a reversal cannot be reversed")]
    NotReversible,
    /// A total of stored amounts does not fit in 64 bits (entries from before amounts were
    /// bounded); reported, never wrapped.
    #[error("the total is too large")]
    TotalTooLarge,
    /// The complaint is at the highest escalation level.
    #[error("already at escalation level {max}")]
    EscalationMax {
        /// The highest level.
        max: i64,
    },
    /// The `default × default` notice rule can be changed but not removed.
    #[error("the default rule cannot be removed")]
    DefaultRuleProtected,
    /// Goodwill refund asked for a customer without an invoice.
    #[error("no invoice to refund")]
    NoInvoice,
    /// The customer's data-export window has closed.
    #[error("the export window has closed")]
    ExportClosed,
    /// A prediction run is queued or running; one runs at a time.
    #[error("prediction run {id} is in progress")]
    RunInProgress {
        /// The run in progress.
        id: String,
    },
    /// Parting ways needs at least one client-fit reason at concern or serious.
    #[error("no reason at concern or serious")]
    NoFitReasons,
    /// The record is still referred to by others (`by`: the kinds of record).
    #[error("in use by {by:?}")]
    InUse {
        /// What refers to it.
        by: Vec<Entity>,
    },
    /// A database constraint refused the change and no rule above explains it; the detail is
    /// logged, never shown.
    #[error("conflicts with existing data")]
    Conflict,
    /// The message's content was removed after the retention period, so it cannot be sent again.
    #[error("content pruned")]
    ContentPruned,
    /// The record belongs to someone else, and only its owner (or a manager) may do this.
    #[error("the {what:?} is someone else's")]
    NotOwner {
        /// What kind of record.
        what: Entity,
    },
    /// Another customer (`id`, `name`) has this e-mail address; saved only when the user
    /// confirms (`allow_duplicate_email`).
    #[error("customer {id} has this e-mail")]
    DuplicateEmail {
        /// The existing customer's id.
        id: String,
        /// The existing customer's name.
        name: String,
    },
}

impl Refusal {
    /// The stable name (`wrong-state`, `held`, …); the Fluent message is `refusal-<key>`.
    pub fn key(&self) -> &'static str {
        match self {
            Self::WrongState { .. } => "wrong-state",
            Self::StepFirst { .. } => "step-first",
            Self::AlreadyDone { .. } => "already-done",
            Self::AlreadyExists { .. } => "already-exists",
            Self::ChangedMeanwhile => "changed-meanwhile",
            Self::Held { .. } => "held",
            Self::Restricted { .. } => "restricted",
            Self::BeforeDeletionDate { .. } => "before-deletion-date",
            Self::NothingHeld => "nothing-held",
            Self::LastAdmin => "last-admin",
            Self::FourEyes => "four-eyes",
            Self::NotReversible => "not-reversible",
            Self::TotalTooLarge => "total-too-large",
            Self::EscalationMax { .. } => "escalation-max",
            Self::DefaultRuleProtected => "default-rule-protected",
            Self::NoInvoice => "no-invoice",
            Self::ExportClosed => "export-closed",
            Self::RunInProgress { .. } => "run-in-progress",
            Self::NoFitReasons => "no-fit-reasons",
            Self::InUse { .. } => "in-use",
            Self::Conflict => "conflict",
            Self::ContentPruned => "content-pruned",
            Self::NotOwner { .. } => "not-owner",
            Self::DuplicateEmail { .. } => "duplicate-email",
        }
    }

    /// The parameters as Fluent arguments (see [`Code::args`]).
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        use Arg::{Date, List, Num, Text, Word, Words};
        match self {
            Self::WrongState {
                entity,
                status,
                action,
                allowed,
            } => vec![
                ("entity", Word(entity.as_str())),
                ("status", Text(status.clone())),
                ("action", Text(action.clone())),
                ("allowed", List(allowed.clone())),
                ("count", Num(allowed.len() as i64)),
            ],
            Self::StepFirst { step } => vec![("step", Word(step.as_str()))],
            Self::AlreadyDone { what } => vec![("what", Word(what.as_str()))],
            Self::NotOwner { what } => vec![("what", Word(what.as_str()))],
            Self::AlreadyExists { what, key } => {
                vec![("what", Word(what.as_str())), ("key", Text(key.clone()))]
            }
            Self::Held {
                tables,
                until,
                basis,
                prospective,
            } => vec![
                ("tables", List(tables.clone())),
                ("until", Date(*until)),
                ("basis", Text(basis.clone())),
                // A selector.
                (
                    "prospective",
                    Text(if *prospective { "yes" } else { "no" }.into()),
                ),
            ],
            Self::Restricted {
                tables,
                until,
                basis,
            } => vec![
                ("tables", List(tables.clone())),
                ("until", Date(*until)),
                ("basis", Text(basis.clone())),
            ],
            Self::BeforeDeletionDate { date } => vec![("date", Date(*date))],
            Self::EscalationMax { max } => vec![("max", Num(*max))],
            Self::RunInProgress { id } => vec![("id", Text(id.clone()))],
            Self::InUse { by } => vec![("by", Words(by.iter().map(|e| e.as_str()).collect()))],
            Self::DuplicateEmail { id, name } => {
                vec![("id", Text(id.clone())), ("name", Text(name.clone()))]
            }
            Self::ChangedMeanwhile
            | Self::NothingHeld
            | Self::LastAdmin
            | Self::FourEyes
            | Self::NotReversible
            | Self::TotalTooLarge
            | Self::DefaultRuleProtected
            | Self::NoInvoice
            | Self::ExportClosed
            | Self::NoFitReasons
            | Self::Conflict
            | Self::ContentPruned => vec![],
        }
    }
}

/// Either kind of "no": invalid input or a refusal by the current state. Pure rules that can
/// say both (a workflow step that needs text and a state that allows it) return this.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Invalid input (422 at the HTTP edge).
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// Refused by the current state (409 at the HTTP edge).
    #[error(transparent)]
    Refused(#[from] Refusal),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_refusals_have_stable_keys_and_terse_display() {
        let e = DomainError::new("name", Code::TooLong { max: 200 });
        assert_eq!(e.to_string(), "name: too-long (max=200)");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"field": "name", "code": {"code": "too-long", "max": 200}})
        );
        let r = Refusal::StepFirst {
            step: Step::ContactCustomer,
        };
        assert_eq!(r.key(), "step-first");
        assert_eq!(r.args(), vec![("step", Arg::Word("contact-customer"))]);
    }
}
