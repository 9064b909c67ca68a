//! GET /nav/counts: the badges beside the navigation entries (my open complaints, tasks due
//! today or overdue, and for managers the compensation waiting for approval). The header asks
//! for it once the page has loaded (htmx, `hx-get` on load) and the answer swaps each badge in
//! by id, so no page handler has to count; without JavaScript the navigation simply has no
//! counts.

use crate::kernel::state::AppState;
use crate::tasks::view::due_before;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use carewell_domain::role::Role;
use carewell_store::tasks::NAV_CAP;
use chrono::Utc;

/// One badge.
pub struct Badge {
    /// The element id it replaces (`nav-count-…`).
    pub id: &'static str,
    /// The count shown (`3`, `99+`); empty when zero (the badge is hidden).
    pub text: String,
    /// The words for screen readers and the tooltip (`3 tasks due`).
    pub label: String,
}

/// The approvals link (managers, when something waits).
pub struct Approvals {
    /// The count shown.
    pub text: String,
    /// Its words.
    pub label: String,
}

/// The fragment.
#[derive(Template, WebTemplate)]
#[template(path = "tasks/nav_counts.html")]
pub struct Counts {
    badges: Vec<Badge>,
    approvals: Option<Approvals>,
    /// The approvals entry's name.
    approvals_name: String,
}

/// A count as shown: empty for 0, `99+` past [`NAV_CAP`].
pub fn shown(n: i64) -> String {
    match n {
        n if n <= 0 => String::new(),
        n if n > NAV_CAP => format!("{NAV_CAP}+"),
        n => n.to_string(),
    }
}

/// The counts of the signed-in user.
pub async fn counts(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Counts, AppError> {
    let manager = user.has(Role::MANAGERS);
    let n = s
        .store
        .nav_counts(
            &user.user.id,
            user.clearance(),
            manager,
            &due_before(Utc::now()),
        )
        .await?;
    let badge = |id, key: &str, n: i64| Badge {
        id,
        text: shown(n),
        label: tr.t_n(key, n.min(NAV_CAP + 1)),
    };
    Ok(Counts {
        badges: vec![
            badge(
                "nav-count-complaints",
                "nav-count-complaints",
                n.my_open_complaints,
            ),
            badge("nav-count-tasks", "nav-count-tasks", n.tasks_due),
        ],
        approvals: n.approvals_waiting.filter(|a| *a > 0).map(|a| Approvals {
            text: shown(a),
            label: tr.t_n("nav-count-approvals", a.min(NAV_CAP + 1)),
        }),
        approvals_name: tr.t("nav-approvals"),
    })
}
