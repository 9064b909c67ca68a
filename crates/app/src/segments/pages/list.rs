//! GET /segments: every segment with its conditions and live count.

use crate::kernel::state::AppState;
use crate::segments::view::{Condition, conditions, count};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::when;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

/// One row.
pub struct Row {
    id: String,
    name: String,
    description: String,
    conditions: Vec<Condition>,
    count: String,
    updated: crate::web::view::When,
    updated_by: String,
}

/// The segment list page.
#[derive(Template, WebTemplate)]
#[template(path = "segments/list.html")]
pub struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
}

/// The segment list (every role).
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<ListPage, AppError> {
    let names = super::user_names(&s).await?;
    let today = s.clock.now().date_naive();
    let mut rows = Vec::new();
    for g in s.store.segments_all().await? {
        let mut f = g.parsed_filter()?;
        f.resolve_me(&user.user.id);
        let (n, capped) = s.store.count_matching(&f, today).await?;
        rows.push(Row {
            conditions: conditions(&tr, &f, &names),
            count: count(&tr, n, capped),
            updated: when(&g.updated_at),
            updated_by: names.get(&g.updated_by).cloned().unwrap_or(g.updated_by),
            id: g.id,
            name: g.name,
            description: g.description,
        });
    }
    Ok(ListPage {
        chrome: Chrome::new(tr, &user),
        rows,
    })
}
