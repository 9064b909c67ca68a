//! What every staff page frame needs: translator, signed-in user, CSRF token.

use crate::web::auth::CurrentUser;
use crate::web::i18n::Tr;
use carewell_domain::role::Role;

tokio::task_local! {
    /// The path of the request being answered (set by the page middleware; read for the
    /// navigation highlight).
    pub static REQUEST_PATH: String;
}

/// The frame around every page (header, navigation, language switch).
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    /// Translator for the UI language.
    pub tr: Tr,
    /// The signed-in user's e-mail, if any.
    pub user_email: Option<String>,
    /// The signed-in user's role, if any.
    pub role: Option<Role>,
    /// CSRF token for forms.
    pub csrf: String,
    /// The request path (for the navigation highlight).
    pub path: String,
}

impl Chrome {
    /// The frame for a signed-in user.
    pub fn new(tr: Tr, user: &CurrentUser) -> Self {
        Self {
            tr,
            user_email: Some(user.user.email.clone()),
            role: Some(user.user.role),
            csrf: user.csrf().to_string(),
            path: REQUEST_PATH.try_with(Clone::clone).unwrap_or_default(),
        }
    }

    /// The frame for a public page.
    pub fn public(tr: Tr) -> Self {
        Self {
            tr,
            ..Self::default()
        }
    }

    /// Translates a UI message.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// Whether the user has one of `roles`.
    pub fn can(&self, roles: &[Role]) -> bool {
        self.role.is_some_and(|r| roles.contains(&r))
    }

    /// Whether the user may change customer records.
    pub fn can_write(&self) -> bool {
        self.can(Role::WRITERS)
    }

    /// Whether the user runs the team (managers and admins: approvals, the task queue).
    pub fn can_manage(&self) -> bool {
        self.can(Role::MANAGERS)
    }

    /// Whether the user may read the audit log.
    pub fn can_audit(&self) -> bool {
        self.can(Role::AUDITORS)
    }

    /// Whether the user is an administrator (users and tokens).
    pub fn can_admin(&self) -> bool {
        self.can(Role::ADMINS)
    }

    /// Whether the page belongs to the navigation section `prefix` (`aria-current`).
    pub fn at(&self, prefix: &str) -> bool {
        self.path == prefix
            || self
                .path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Whether `tag` is the current UI language.
    pub fn is_lang(&self, tag: &str) -> bool {
        self.tr.lang == tag
    }

    /// The language choices for the switch.
    pub fn languages(&self) -> [(&'static str, &'static str); 3] {
        Tr::choices()
    }
}
