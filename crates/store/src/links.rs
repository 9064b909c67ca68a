//! Customer-facing links: unguessable tokens that let a customer act without signing in
//! (answer the satisfaction question, read the farewell notice and download their data, file a
//! complaint). Only the SHA-256 of a token is stored, so nobody who can read the database or
//! a staff page can act as the customer.
//!
//! A link in an e-mail is minted when the message is enqueued and kept beside the message's
//! arguments (`outbox.secret_link`) until the message is sent, dead or dropped; staff reads
//! never select it, and a retry mints a fresh one ([`mint`]).

use crate::{StoreError, Tx, now};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// What a customer link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// The satisfaction question of a complaint (subject: the complaint id).
    Satisfaction,
    /// The customer's page of an offboarding case (subject: the case id).
    Offboarding,
    /// A complaint's conversation page, with the reply box (subject: the complaint id).
    Thread,
    /// A survey question (subject: the survey recipient id); path `/s/{token}`.
    Survey,
}

impl LinkKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Satisfaction => "satisfaction",
            Self::Offboarding => "offboarding",
            Self::Thread => "thread",
            Self::Survey => "survey",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "satisfaction" => Some(Self::Satisfaction),
            "offboarding" => Some(Self::Offboarding),
            "thread" => Some(Self::Thread),
            "survey" => Some(Self::Survey),
            _ => None,
        }
    }

    /// The public path for `token`.
    pub fn path(self, token: &str) -> String {
        match self {
            Self::Satisfaction => format!("/public/satisfaction/{token}"),
            Self::Offboarding => format!("/public/offboarding/{token}"),
            Self::Thread => format!("/public/conversation/{token}"),
            Self::Survey => format!("/s/{token}"),
        }
    }
}

/// A link a message asks for: minted when the message is enqueued (not when it is dropped at
/// once or was already queued under the same key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest {
    /// What it opens.
    pub kind: LinkKind,
    /// The complaint or case id.
    pub subject: String,
}

/// A random token (256 bits, hex) and its SHA-256 (hex).
pub fn new_token() -> (String, String) {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    let token = hex::encode(b);
    let hash = token_hash(&token);
    (token, hash)
}

/// SHA-256 (hex) of a customer-link token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// Mints a fresh link of `kind` for `subject` in the caller's transaction and returns its token
/// (see [`LinkKind::path`]). The previous link of the same subject stops working, except a
/// conversation link: every reply carries one and the earlier ones keep working.
pub(crate) async fn mint(
    tx: &mut Tx<'_>,
    kind: LinkKind,
    subject: &str,
) -> Result<String, StoreError> {
    let (token, hash) = new_token();
    let sql = match kind {
        LinkKind::Satisfaction => "UPDATE complaints SET satisfaction_hash = $1 WHERE id = $2",
        LinkKind::Offboarding => {
            "UPDATE offboarding_cases SET token_hash = $1, token_issued_at = $3 WHERE id = $2"
        }
        LinkKind::Thread => {
            "INSERT INTO complaint_thread_links (token_hash, complaint_id, created_at) VALUES ($1, $2, $3)"
        }
        LinkKind::Survey => "UPDATE survey_recipients SET token_hash = $1 WHERE id = $2",
    };
    let mut q = sqlx::query(sql).bind(&hash).bind(subject);
    if matches!(kind, LinkKind::Offboarding | LinkKind::Thread) {
        q = q.bind(now());
    }
    q.execute(&mut *tx.tx).await?;
    Ok(token)
}
