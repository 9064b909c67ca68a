//! GET /today: the blocks as cards.

use super::blocks::{TodayItem, read};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::when;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

/// A block as shown.
pub struct Card {
    key: String,
    title: String,
    count: String,
    empty: String,
    items: Vec<(TodayItem, crate::web::view::When)>,
    href: String,
}

/// The Today page.
#[derive(Template, WebTemplate)]
#[template(path = "today/page.html")]
pub struct TodayPage {
    chrome: Chrome,
    cards: Vec<Card>,
}

/// Today for the signed-in user (every role).
pub async fn today(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<TodayPage, AppError> {
    let t = read(&s, &tr, &user, chrono::Utc::now()).await?;
    let cards = t
        .blocks
        .into_iter()
        .map(|b| Card {
            title: tr.t(&format!("today-{}", b.key)),
            empty: tr.t(&format!("today-{}-none", b.key)),
            count: if b.count_capped {
                "1,000+".into()
            } else {
                b.count.to_string()
            },
            items: b
                .items
                .into_iter()
                .map(|i| {
                    let due = i.due_at.as_deref().map(when).unwrap_or_default();
                    (i, due)
                })
                .collect(),
            href: b.href,
            key: b.key,
        })
        .collect();
    Ok(TodayPage {
        chrome: Chrome::new(tr, &user),
        cards,
    })
}
