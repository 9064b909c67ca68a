//! GET /audit: the audit log as a paged table for admins and compliance officers, with the
//! result of a full chain check at the top (once: an explicit check replaces it). Actions and
//! entity types read as translated words, entities link to their pages, the entity type is a
//! select, and the log reads newest or oldest first (`?sort=-seq` / `?sort=seq`).

use crate::audit::view::{self, COLUMNS, ENTITIES};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{PAGE_SIZE, Pager};
use crate::web::sort::{Header, headers};
use crate::web::view::{Opt, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use carewell_store::audit::AuditFilter;
use serde::Deserialize;

/// Filters of the audit page.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    /// Entity kind, e.g. `customer`.
    #[serde(default)]
    pub entity: String,
    /// Entity id.
    #[serde(default)]
    pub entity_id: String,
    /// Entries older than this sequence number (the "next" link's cursor, newest first).
    pub before: Option<String>,
    /// Entries newer than this sequence number (the "next" link's cursor, oldest first).
    pub after: Option<String>,
    /// `-seq` (default, newest first) or `seq` (oldest first).
    pub sort: Option<String>,
}

/// One row of the table.
pub struct Row {
    seq: i64,
    at: crate::web::view::When,
    actor: String,
    /// The action in words.
    action: String,
    /// The stable action code (shown small, for searching).
    code: String,
    /// The entity type in words.
    entity: String,
    entity_id: String,
    link: Option<String>,
    before: String,
    after: String,
    /// "Redacted on DATE (reason)" when the payload was erased.
    redacted: Option<String>,
}

/// The chain check shown at the top.
pub struct Verdict {
    ok: bool,
    text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit/list.html")]
/// The audit page.
pub struct AuditPage {
    chrome: Chrome,
    verdict: Verdict,
    rows: Vec<Row>,
    entity: String,
    entity_id: String,
    /// The entity-type select.
    entities: Vec<Opt>,
    /// The sequence column's header (newest / oldest first).
    seq_header: Header,
    /// The current sort's URL value.
    sort: String,
    total: String,
    pager: Pager,
    /// The result of an explicit "Verify chain" action (GET /audit/verify).
    checked: Option<Verdict>,
}

/// Stored JSON pretty-printed; `null` (nothing before a create, after a delete) as empty.
fn pretty(raw: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Null) => String::new(),
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| raw.to_string()),
        Err(_) => raw.to_string(),
    }
}

/// GET /audit: the log, newest first or oldest first (admin, compliance).
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, AppError> {
    render(&s, tr, &user, q, false).await
}

/// GET /audit/verify: the "Verify chain" action — checks every entry's hash now (as
/// `GET /api/v1/audit/verify`) and shows the result (entries checked, or the first break).
pub async fn verify(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, AppError> {
    render(&s, tr, &user, q, true).await
}

async fn render(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    q: AuditQuery,
    check: bool,
) -> Result<AuditPage, AppError> {
    let blank = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let sort = view::parse_sort(q.sort.as_deref());
    let sort_value = sort.value(COLUMNS);
    // A cursor that is not a number is the first page.
    let cursor_raw = if sort.desc { &q.before } else { &q.after };
    let cursor = cursor_raw
        .as_deref()
        .and_then(|b| b.trim().parse::<i64>().ok());
    let f = AuditFilter {
        entity: blank(&q.entity),
        entity_id: blank(&q.entity_id),
        before_seq: cursor.filter(|_| sort.desc),
        oldest_first: !sort.desc,
        after_seq: cursor.filter(|_| !sort.desc),
    };
    let result = s.store.verify_audit().await?;
    let checked = check.then(|| match &result {
        Ok(n) => Verdict {
            ok: true,
            text: tr.t_n("audit-verify-ok", *n),
        },
        Err(b) => Verdict {
            ok: false,
            text: tr.t_with(
                "audit-verify-broken",
                &[("seq", &b.seq.to_string()), ("reason", &b.reason)],
            ),
        },
    });
    let verdict = match result {
        Ok(n) => Verdict {
            ok: true,
            text: tr.t_n("audit-verified", n),
        },
        Err(b) => Verdict {
            ok: false,
            text: tr.t_with(
                "audit-broken",
                &[("seq", &b.seq.to_string()), ("reason", &b.reason)],
            ),
        },
    };
    let found = carewell_store::audit::list(&s.store, &f, PAGE_SIZE, 0).await?;
    let users: std::collections::HashMap<String, String> = s
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let rows = found
        .items
        .into_iter()
        .map(|e| {
            let redacted = e.redaction.map(|r| {
                tr.t_with(
                    "audit-redacted",
                    &[
                        ("date", &crate::web::view::when_text(&r.at)),
                        ("reason", &r.reason),
                    ],
                )
            });
            let c = e.content;
            let shown = |raw: &str| {
                if redacted.is_some() {
                    String::new()
                } else {
                    pretty(raw)
                }
            };
            Row {
                link: view::entity_link(&c.entity, &c.entity_id, &c.action),
                seq: c.seq,
                at: when(&c.at),
                actor: users.get(&c.actor).cloned().unwrap_or(c.actor),
                action: view::action_label(&tr, &c.action, &c.entity),
                code: c.action,
                entity: view::entity_label(&tr, &c.entity),
                entity_id: c.entity_id,
                before: shown(&c.before),
                after: shown(&c.after),
                redacted,
            }
        })
        .collect();
    let filters = [
        ("entity", q.entity.as_str()),
        ("entity_id", q.entity_id.as_str()),
    ];
    let mut params = filters.to_vec();
    params.push(("sort", sort_value.as_str()));
    let pager = Pager::cursor(
        "/audit",
        &params,
        if sort.desc { "before" } else { "after" },
        cursor_raw.as_deref(),
        found.next.as_deref(),
    );
    let seq_header = headers(
        "/audit",
        &filters,
        COLUMNS,
        sort,
        &[("seq", tr.t("audit-seq"))],
        &["seq"],
    )
    .remove(0);
    let current = q.entity.trim();
    let mut entities: Vec<Opt> = ENTITIES
        .iter()
        .map(|e| Opt {
            value: (*e).to_string(),
            label: view::entity_label(&tr, e),
            selected: *e == current,
        })
        .collect();
    entities.sort_by(|a, b| a.label.cmp(&b.label));
    if !current.is_empty() && !ENTITIES.contains(&current) {
        // A type typed into the URL (an older link): kept, shown as given.
        entities.push(Opt {
            value: current.to_string(),
            label: view::entity_label(&tr, current),
            selected: true,
        });
    }
    Ok(AuditPage {
        total: if found.capped {
            tr.t("audit-count-capped")
        } else {
            tr.t_n("audit-count", found.total)
        },
        chrome: Chrome::new(tr, user),
        verdict,
        checked,
        rows,
        entity: q.entity,
        entity_id: q.entity_id,
        entities,
        seq_header,
        sort: sort_value,
        pager,
    })
}
