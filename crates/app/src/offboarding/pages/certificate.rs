//! GET /offboarding/{id}/certificate (compliance, admins): the deletion certificates of a case
//! — what was erased, what was kept under which legal basis and until when, the hash and
//! whether it still verifies — and the retention holds.

use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use carewell_store::offboarding::OffboardingCase;
use carewell_store::offboarding::erasure::{Certificate, Hold};

/// The certificate page.
#[derive(Template, WebTemplate)]
#[template(path = "offboarding/certificate.html")]
pub struct CertificatePage {
    chrome: Chrome,
    c: OffboardingCase,
    certificates: Vec<Certificate>,
    holds: Vec<Hold>,
    deletion: String,
}

/// GET /offboarding/{id}/certificate
pub async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<CertificatePage, AppError> {
    let c = s.store.offboarding_case(user.clearance(), &id).await?;
    let mut certificates = s.store.offboarding_certificates(&id).await?;
    for x in &mut certificates {
        x.issued_at = crate::web::view::when_text(&x.issued_at);
    }
    Ok(CertificatePage {
        deletion: tr.long_date(c.timeline.deletion_date),
        holds: s.store.offboarding_holds(&id).await?,
        chrome: Chrome::new(tr, &user),
        certificates,
        c,
    })
}
