//! View helpers of the admin and account pages: user and token rows, role and language
//! choices, readable refusals, and the forms both pages take.

use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::view::{Opt, when};
use carewell_domain::Refusal;
use carewell_domain::role::Role;
use carewell_store::users::{ApiToken, UserListing};
use serde::Deserialize;

/// A user row.
pub struct UserView {
    /// Id.
    pub id: String,
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role name.
    pub role: &'static str,
    /// Role label.
    pub role_label: String,
    /// Active.
    pub active: bool,
    /// Last sign-in, or a dash.
    pub last_login: crate::web::view::When,
    /// Created.
    pub created: crate::web::view::When,
}

/// A token row.
pub struct TokenView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Created.
    pub created: crate::web::view::When,
    /// Last used, or "never".
    pub last_used: crate::web::view::When,
    /// Revoked at, if revoked.
    pub revoked: Option<crate::web::view::When>,
}

/// The role choices with `current` selected.
pub fn roles(tr: &Tr, current: Role) -> Vec<Opt> {
    Role::ALL
        .iter()
        .map(|r| Opt {
            value: r.as_str().to_string(),
            label: role_label(tr, *r),
            selected: *r == current,
        })
        .collect()
}

/// The language choices (browser's choice, then the shipped languages in their own names)
/// with `current` selected.
pub fn language_opts(tr: &Tr, current: Option<&str>) -> Vec<Opt> {
    let mut out = vec![Opt {
        value: String::new(),
        label: tr.t("acct-language-browser"),
        selected: current.is_none(),
    }];
    out.extend(Tr::choices().iter().map(|(tag, name)| Opt {
        value: (*tag).to_string(),
        label: (*name).to_string(),
        selected: current == Some(*tag),
    }));
    out
}

/// A role in the UI language.
pub fn role_label(tr: &Tr, r: Role) -> String {
    tr.t(&format!("adm-role-{}", r.as_str()))
}

/// A user for the pages.
pub fn user_view(tr: &Tr, l: UserListing) -> UserView {
    UserView {
        role: l.user.role.as_str(),
        role_label: role_label(tr, l.user.role),
        id: l.user.id,
        email: l.user.email,
        name: l.user.name,
        active: l.user.active,
        last_login: l
            .last_login_at
            .map(|t| when(&t))
            .unwrap_or_else(|| crate::web::view::When::plain("—")),
        created: when(&l.created_at),
    }
}

/// Tokens for the pages.
pub fn token_views(tr: &Tr, ts: Vec<ApiToken>) -> Vec<TokenView> {
    ts.into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            created: when(&t.created_at),
            last_used: t
                .last_used_at
                .map(|x| when(&x))
                .unwrap_or_else(|| crate::web::view::When::plain(tr.t("adm-token-never"))),
            revoked: t.revoked_at.map(|x| when(&x)),
        })
        .collect()
}

/// The labels of the account and user forms' fields (any other field is named by its general
/// label, never by its key or a missing message id).
pub const ADMIN_LABELS: crate::web::form::Labels<'static> = &[
    ("email", "adm-field-email"),
    ("name", "adm-field-name"),
    ("role", "adm-field-role"),
    ("password", "adm-field-password"),
    ("current", "adm-field-current"),
    ("new", "adm-field-new"),
    ("confirm", "adm-field-confirm"),
    ("body", "adm-field-body"),
    ("language", "adm-field-language"),
];

/// A refused change as readable sentences (fields named by [`ADMIN_LABELS`]); anything else is
/// passed on.
pub fn refusal(tr: &Tr, e: AppError) -> Result<Vec<String>, AppError> {
    match e {
        AppError::Invalid(v) => Ok(v.iter().map(|e| tr.invalid_in(e, ADMIN_LABELS)).collect()),
        AppError::Refused(Refusal::LastAdmin) => Ok(vec![tr.t("adm-err-last-admin")]),
        AppError::Refused(r) => Ok(vec![tr.refusal(&r)]),
        AppError::TooManyAttempts { retry_after } => Ok(vec![tr.login_locked(retry_after)]),
        other => Err(other),
    }
}

/// The language form (`language` empty = the browser's choice).
#[derive(Debug, Default, Deserialize)]
pub struct LanguageForm {
    /// A shipped language tag, or empty.
    #[serde(default)]
    pub language: String,
}

/// The new-token form.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    /// Token name.
    #[serde(default)]
    pub name: String,
}
