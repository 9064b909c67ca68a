//! The tamper-evident audit chain: each entry's hash covers its content and the previous hash.
//!
//! The hash covers the SHA-256 digests of the `before`/`after` payloads rather than their
//! text, so a payload holding personal data can be erased (replaced by [`REDACTED`]) while the
//! entry's stored digests keep the chain verifiable: a redacted entry is checked against its
//! stored digests, any other entry's payload must still match them.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a redacted entry's `before` and `after` hold instead of the erased payload.
pub const REDACTED: &str = r#"{"redacted":true}"#;

/// SHA-256 of a payload's text, hex encoded (what the entry hash covers).
pub fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The content of one audit entry, as hashed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditContent {
    /// Position in the log, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who: a user id, `system`, or `cli`.
    pub actor: String,
    /// What was done, e.g. `customer.update`.
    pub action: String,
    /// The kind of thing changed, e.g. `customer`.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// JSON before the change (`null` when created).
    pub before: String,
    /// JSON after the change (`null` when deleted).
    pub after: String,
}

impl AuditContent {
    /// The entry's hash given the previous entry's hash, the payload digests computed from
    /// `before`/`after`; see [`Self::hash_with`].
    pub fn hash(&self, prev_hash: &str) -> String {
        self.hash_with(prev_hash, &digest(&self.before), &digest(&self.after))
    }

    /// The entry's hash: SHA-256 over a length-prefixed encoding of the previous hash, every
    /// field and the payloads' digests (`before_sha256`, `after_sha256`, see [`digest`]),
    /// hex encoded. The payload text itself is not covered, so it can be redacted.
    pub fn hash_with(&self, prev_hash: &str, before_sha256: &str, after_sha256: &str) -> String {
        let mut h = Sha256::new();
        let seq = self.seq.to_string();
        for part in [
            prev_hash,
            seq.as_str(),
            &self.at,
            &self.actor,
            &self.action,
            &self.entity,
            &self.entity_id,
            before_sha256,
            after_sha256,
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// A stored entry: its content plus the chain links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// What happened.
    #[serde(flatten)]
    pub content: AuditContent,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
    /// SHA-256 of the original `before` (stored with every entry since migration 0006).
    #[serde(default)]
    pub before_sha256: Option<String>,
    /// SHA-256 of the original `after`.
    #[serde(default)]
    pub after_sha256: Option<String>,
    /// Set when the payload was erased.
    #[serde(default)]
    pub redaction: Option<Redaction>,
    /// HMAC of the sequence number and hash under the audit key (since migration 0012, when a
    /// key is configured; see [`crate::audit_anchor`]).
    #[serde(default)]
    pub mac: Option<String>,
}

/// When and why an entry's payload was erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Why, e.g. the erasure certificate.
    pub reason: String,
}

impl AuditEntry {
    /// The payload digests the hash covers: the stored ones for a redacted entry, otherwise
    /// computed from the payload and checked against the stored ones.
    pub fn digests(&self) -> Result<(String, String), String> {
        let c = &self.content;
        if self.redaction.is_some() {
            if c.before != REDACTED || c.after != REDACTED {
                return Err("redacted entry still holds a payload".into());
            }
            return match (&self.before_sha256, &self.after_sha256) {
                (Some(b), Some(a)) => Ok((b.clone(), a.clone())),
                _ => Err("redacted entry lacks its stored digests".into()),
            };
        }
        let (b, a) = (digest(&c.before), digest(&c.after));
        if self.before_sha256.as_ref().is_some_and(|s| *s != b) {
            return Err("`before` does not match its stored digest (entry altered)".into());
        }
        if self.after_sha256.as_ref().is_some_and(|s| *s != a) {
            return Err("`after` does not match its stored digest (entry altered)".into());
        }
        Ok((b, a))
    }
}

/// Where a chain check found a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first entry that does not verify.
    pub seq: i64,
    /// What is wrong with it.
    pub reason: String,
}

/// Walks entries in order and checks sequence, links and hashes, continuing from
/// `(last_seq, last_hash)`. Returns the new tail or the first break.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
    mut last_seq: i64,
    mut last_hash: String,
) -> Result<(i64, String), ChainBreak> {
    for e in entries {
        let seq = e.content.seq;
        let fail = |reason: &str| ChainBreak {
            seq,
            reason: reason.to_string(),
        };
        if seq != last_seq + 1 {
            return Err(fail(&format!(
                "sequence jumps from {last_seq} to {seq} (entry removed?)"
            )));
        }
        if e.prev_hash != last_hash {
            return Err(fail(
                "previous-hash link does not match the entry before it",
            ));
        }
        let (before, after) = e.digests().map_err(|r| fail(&r))?;
        if e.content.hash_with(&e.prev_hash, &before, &after) != e.hash {
            return Err(fail("content does not match its hash (entry altered)"));
        }
        last_seq = seq;
        last_hash = e.hash.clone();
    }
    Ok((last_seq, last_hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let content = AuditContent {
                    seq,
                    at: format!("2026-01-01T00:00:{seq:02}.000000Z"),
                    actor: "u1".into(),
                    action: "customer.update".into(),
                    entity: "customer".into(),
                    entity_id: "c1".into(),
                    before: "{}".into(),
                    after: format!("{{\"n\":{seq}}}"),
                };
                let hash = content.hash(&prev);
                let e = AuditEntry {
                    before_sha256: Some(digest(&content.before)),
                    after_sha256: Some(digest(&content.after)),
                    content,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                    redaction: None,
                    mac: None,
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify_chain(&c, 0, GENESIS.into()).map(|t| t.0), Ok(5));
    }

    #[test]
    fn detects_alteration_removal_and_relinking() {
        let mut c = chain(5);
        c[2].content.after = "{\"n\":99}".into();
        assert_eq!(
            verify_chain(&c, 0, GENESIS.into()).map_err(|b| b.seq),
            Err(3)
        );

        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            verify_chain(&c, 0, GENESIS.into()).map_err(|b| b.seq),
            Err(3)
        );

        let mut c = chain(5);
        c[3].hash = c[3].content.hash("forged");
        assert!(verify_chain(&c, 0, GENESIS.into()).is_err());
    }

    fn redact(e: &mut AuditEntry) {
        e.content.before = REDACTED.into();
        e.content.after = REDACTED.into();
        e.redaction = Some(Redaction {
            at: "2026-02-01T00:00:00.000000Z".into(),
            reason: "erasure certificate x".into(),
        });
    }

    #[test]
    fn hash_covers_the_payload_digests_not_the_text() {
        let c = chain(1).remove(0).content;
        assert_eq!(
            c.hash(GENESIS),
            c.hash_with(GENESIS, &digest(&c.before), &digest(&c.after))
        );
        assert_ne!(
            c.hash(GENESIS),
            c.hash_with(GENESIS, &digest("{}"), &digest("{}"))
        );
        // the length prefix keeps the fields apart
        assert_ne!(
            c.hash_with(GENESIS, "ab", "c"),
            c.hash_with(GENESIS, "a", "bc")
        );
        assert_eq!(digest("").len(), 64);
    }

    #[test]
    fn redacted_entries_verify_with_their_stored_digests() {
        let mut c = chain(5);
        redact(&mut c[1]);
        redact(&mut c[3]);
        assert_eq!(verify_chain(&c, 0, GENESIS.into()).map(|t| t.0), Ok(5));
        assert!(!c[1].content.after.contains("\"n\""));
    }

    #[test]
    fn detects_tampered_digests_and_payloads() {
        // a redacted entry whose stored digest was changed
        let mut c = chain(5);
        redact(&mut c[2]);
        c[2].after_sha256 = Some(digest("{\"n\":99}"));
        assert_eq!(
            verify_chain(&c, 0, GENESIS.into()).map_err(|b| b.seq),
            Err(3)
        );
        // a redacted entry without its digests
        let mut c = chain(5);
        redact(&mut c[2]);
        c[2].before_sha256 = None;
        assert_eq!(
            verify_chain(&c, 0, GENESIS.into()).map_err(|b| b.seq),
            Err(3)
        );
        // a payload changed together with its stored digest
        let mut c = chain(5);
        c[2].content.after = "{\"n\":99}".into();
        c[2].after_sha256 = Some(digest(&c[2].content.after));
        assert_eq!(
            verify_chain(&c, 0, GENESIS.into()).map_err(|b| b.seq),
            Err(3)
        );
        // a payload changed, its digest left alone
        let mut c = chain(5);
        c[1].content.before = "{\"x\":1}".into();
        let b = verify_chain(&c, 0, GENESIS.into()).unwrap_err();
        assert_eq!(b.seq, 2);
        assert!(b.reason.contains("digest"), "{}", b.reason);
        // a "redacted" entry that still carries a payload
        let mut c = chain(5);
        redact(&mut c[2]);
        c[2].content.after = "{\"n\":3}".into();
        assert!(verify_chain(&c, 0, GENESIS.into()).is_err());
        // entries without stored digests (written before 0006) verify from their text
        let mut c = chain(3);
        for e in &mut c {
            e.before_sha256 = None;
            e.after_sha256 = None;
        }
        assert!(verify_chain(&c, 0, GENESIS.into()).is_ok());
    }
}
