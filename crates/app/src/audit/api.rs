//! `/api/v1/audit`: the append-only log and its chain check.

use crate::kernel::state::AppState;
use crate::web::error::{AppError, Problem};
use crate::web::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use carewell_domain::audit::AuditEntry;
use carewell_store::audit::AuditFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Entity kind, e.g. `customer`.
    pub entity: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Page size (default 100, at most 1000).
    pub limit: Option<i64>,
    /// Rows to skip (after the cursor, if any); prefer `cursor` for deep pages.
    pub offset: Option<i64>,
    /// The previous page's `next_cursor`: entries older than this (newer with `sort=seq`).
    pub cursor: Option<i64>,
    /// `-seq` (default): newest first; `seq`: oldest first. Anything else is the default.
    pub sort: Option<String>,
}

/// One audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditItem {
    /// Position in the chain.
    pub seq: i64,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Kind of entity.
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// State before (JSON).
    pub before: serde_json::Value,
    /// State after (JSON).
    pub after: serde_json::Value,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
    /// SHA-256 of the original `before` text (what the hash covers).
    pub before_sha256: Option<String>,
    /// SHA-256 of the original `after` text.
    pub after_sha256: Option<String>,
    /// When the payload was erased (`before`/`after` then read `{"redacted":true}`).
    pub redacted_at: Option<String>,
    /// Why (e.g. the erasure certificate).
    pub redaction_reason: Option<String>,
}

impl From<AuditEntry> for AuditItem {
    fn from(e: AuditEntry) -> Self {
        let c = e.content;
        Self {
            seq: c.seq,
            at: c.at,
            actor: c.actor,
            action: c.action,
            entity: c.entity,
            entity_id: c.entity_id,
            before: serde_json::from_str(&c.before).unwrap_or(serde_json::Value::Null),
            after: serde_json::from_str(&c.after).unwrap_or(serde_json::Value::Null),
            prev_hash: e.prev_hash,
            hash: e.hash,
            before_sha256: e.before_sha256,
            after_sha256: e.after_sha256,
            redacted_at: e.redaction.as_ref().map(|r| r.at.clone()),
            redaction_reason: e.redaction.map(|r| r.reason),
        }
    }
}

/// A page of audit entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// Entries, newest first (oldest first with `sort=seq`).
    pub items: Vec<AuditItem>,
    /// Matching entries in all, counted up to 1,000 (see `total_capped`).
    pub total: i64,
    /// More than `total` entries match.
    pub total_capped: bool,
    /// The `cursor` of the next page (older; newer with `sort=seq`); absent on the last page.
    pub next_cursor: Option<i64>,
}

/// Read the audit log, newest first or oldest first (admin, compliance).
#[utoipa::path(get, operation_id = "list_audit_entries", path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> Result<Json<AuditPage>, AppError> {
    let sort = crate::audit::view::parse_sort(p.sort.as_deref());
    let f = AuditFilter {
        // An empty filter is no filter (as on the page).
        entity: p.entity.filter(|e| !e.trim().is_empty()),
        entity_id: p.entity_id.filter(|e| !e.trim().is_empty()),
        before_seq: p.cursor.filter(|_| sort.desc),
        oldest_first: !sort.desc,
        after_seq: p.cursor.filter(|_| !sort.desc),
    };
    let page = carewell_store::audit::list(
        &s.store,
        &f,
        p.limit.unwrap_or(100).clamp(1, 1000),
        p.offset.unwrap_or(0).max(0),
    )
    .await?;
    Ok(Json(AuditPage {
        next_cursor: page.next.as_deref().and_then(|n| n.parse().ok()),
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        total_capped: page.capped,
    }))
}

/// Result of a chain check.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyResult {
    /// Whether the whole chain verifies.
    pub ok: bool,
    /// Entries checked.
    pub entries: i64,
    /// The first broken entry, if any.
    pub broken_at: Option<i64>,
    /// What is wrong with it.
    pub reason: Option<String>,
}

/// Check the audit chain (admin, compliance).
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    responses((status = 200, body = VerifyResult), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn verify(State(s): State<AppState>) -> Result<Json<VerifyResult>, AppError> {
    Ok(Json(match s.store.verify_audit().await? {
        Ok(n) => VerifyResult {
            ok: true,
            entries: n,
            broken_at: None,
            reason: None,
        },
        Err(b) => VerifyResult {
            ok: false,
            entries: b.seq - 1,
            broken_at: Some(b.seq),
            reason: Some(b.reason),
        },
    }))
}
