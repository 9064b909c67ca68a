//! What every staff page frame needs: translator, signed-in user, CSRF token.

use crate::web::auth::CurrentUser;
use crate::web::i18n::Tr;
use carewell_domain::role::Role;

tokio::task_local! {
    /// The path of the request being answered (set by the page middleware; read for the
    /// navigation highlight).
    pub static REQUEST_PATH: String;
    /// The operator's name and logo for the pages customers see (set by the page middleware
    /// from the settings).
    pub static BRAND: Brand;
}

/// Who customers see on their pages: the operator, not the software.
#[derive(Debug, Clone, Default)]
pub struct Brand {
    /// The operator's name (`company_name`).
    pub name: String,
    /// The logo address (`company_logo_url`), or empty.
    pub logo: String,
}

/// Whether `path` is a page customers see (their links under `/public/`, survey links `/s/`).
pub fn is_customer_path(path: &str) -> bool {
    path.starts_with("/public/") || path.starts_with("/s/")
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
    /// A page customers see: the operator's name and logo instead of the product's, and no
    /// way into the staff pages.
    pub customer: bool,
    /// The operator's name and logo (customer pages).
    pub brand: Brand,
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
            customer: false,
            brand: Brand::default(),
        }
    }

    /// The frame for a public staff page (sign-in).
    pub fn public(tr: Tr) -> Self {
        Self {
            tr,
            ..Self::default()
        }
    }

    /// The frame for a page customers see: the operator's brand, no staff navigation.
    pub fn customer(tr: Tr) -> Self {
        Self {
            tr,
            customer: true,
            brand: BRAND.try_with(Clone::clone).unwrap_or_default(),
            ..Self::default()
        }
    }

    /// The time zone times on this page are shown in.
    pub fn zone(&self) -> &'static str {
        crate::web::zone::current().name()
    }

    /// The name in the header and the window title: the operator's on customer pages.
    pub fn brand_name(&self) -> String {
        if self.customer && !self.brand.name.trim().is_empty() {
            self.brand.name.clone()
        } else {
            self.t("app-name")
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
