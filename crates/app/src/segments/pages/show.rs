//! GET /segments/{id}: a segment's filter in words, its count and its first members.

use crate::kernel::state::AppState;
use crate::segments::view::{Condition, conditions, count};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::{label, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use carewell_store::segments::query_for;

/// Members shown on the page (the rest are in the customer list).
pub const SHOWN: i64 = 20;

/// A member.
pub struct Member {
    id: String,
    name: String,
    stage: String,
    stage_label: String,
    owner: String,
    last_contact: crate::web::view::When,
}

/// The segment page.
#[derive(Template, WebTemplate)]
#[template(path = "segments/show.html")]
pub struct ShowPage {
    chrome: Chrome,
    id: String,
    name: String,
    description: String,
    conditions: Vec<Condition>,
    count: String,
    members: Vec<Member>,
    more: bool,
    created: String,
    updated: String,
}

/// One segment (every role).
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<ShowPage, AppError> {
    let g = s.store.segment(&id).await?;
    let names = super::user_names(&s).await?;
    let mut q = query_for(&g)?;
    for f in &mut q.filters {
        f.resolve_me(&user.user.id);
    }
    q.today = Some(s.clock.now().date_naive());
    let page = s.store.search_customers(&q, SHOWN, 0).await?;
    let members = page
        .items
        .into_iter()
        .map(|c| Member {
            stage_label: label(&tr, "stage", c.stage.as_str()),
            stage: c.stage.as_str().to_string(),
            owner: c
                .owner_id
                .as_ref()
                .and_then(|o| names.get(o).cloned())
                .unwrap_or_else(|| tr.t("customers-unassigned")),
            last_contact: c.last_contact_at.as_deref().map(when).unwrap_or_default(),
            id: c.id,
            name: c.name,
        })
        .collect();
    let by = |u: &str| names.get(u).cloned().unwrap_or_else(|| u.to_string());
    Ok(ShowPage {
        conditions: conditions(&tr, &q.filters[0], &names),
        count: count(&tr, page.total, page.capped),
        more: page.next.is_some(),
        members,
        created: tr.t_with(
            "seg-created-by",
            &[
                ("when", &crate::web::view::when_text(&g.created_at)),
                ("who", &by(&g.created_by)),
            ],
        ),
        updated: tr.t_with(
            "seg-updated-by",
            &[
                ("when", &crate::web::view::when_text(&g.updated_at)),
                ("who", &by(&g.updated_by)),
            ],
        ),
        chrome: Chrome::new(tr, &user),
        id: g.id,
        name: g.name,
        description: g.description,
    })
}
