//! Deletion certificates: what an erasure (or a hold's end) erased and kept, hashed.

use crate::{Store, StoreError, Tx, new_id};
use carewell_domain::offboarding::retention::{CertificateBody, Erased};
use serde::Serialize;
use utoipa::ToSchema;

/// A deletion certificate.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct Certificate {
    /// Id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// `erasure` or `hold-expiry`.
    pub kind: String,
    /// Issued (UTC).
    pub issued_at: String,
    /// What was erased and kept.
    pub body: CertificateBody,
    /// SHA-256 of the body's canonical JSON.
    pub hash: String,
    /// Whether the stored hash still matches the body.
    pub verified: bool,
}

pub(super) async fn insert_certificate(
    tx: &mut Tx<'_>,
    body: &CertificateBody,
) -> Result<Certificate, StoreError> {
    let id = new_id();
    let hash = body.hash();
    sqlx::query(
        "INSERT INTO offboarding_certificates (id, case_id, kind, issued_at, body, hash) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(&body.case_id)
    .bind(&body.kind)
    .bind(&body.at)
    .bind(body.canonical())
    .bind(&hash)
    .execute(&mut *tx.tx)
    .await?;
    Ok(Certificate {
        id,
        case_id: body.case_id.clone(),
        kind: body.kind.clone(),
        issued_at: body.at.clone(),
        body: body.clone(),
        hash,
        verified: true,
    })
}

/// The certificate's line for redacted audit entries.
pub(super) fn audit_erased(rows: i64) -> Erased {
    Erased {
        table: "audit_log".into(),
        rows,
        action: "redacted before/after of the entries about these records (SHA-256 digests kept, the chain verifies)".into(),
    }
}

/// Why the entries were redacted, as stored with each.
pub(super) fn redaction_reason(kind: &str, certificate_id: &str) -> String {
    format!("offboarding {kind}, certificate {certificate_id}")
}

impl Store {
    /// A case's certificates, oldest first, each with its hash re-checked.
    pub async fn offboarding_certificates(
        &self,
        case_id: &str,
    ) -> Result<Vec<Certificate>, StoreError> {
        let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, case_id, kind, issued_at, body, hash FROM offboarding_certificates WHERE case_id = $1 ORDER BY issued_at, id",
        )
        .bind(case_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, case_id, kind, issued_at, body, hash)| {
                let parsed: CertificateBody = serde_json::from_str(&body)?;
                Ok(Certificate {
                    verified: parsed.canonical() == body && parsed.hash() == hash,
                    id,
                    case_id,
                    kind,
                    issued_at,
                    body: parsed,
                    hash,
                })
            })
            .collect()
    }
}
