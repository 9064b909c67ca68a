//! The tamper-evident audit chain: each entry's hash covers its content and the previous hash.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
    /// The entry's hash given the previous entry's hash: SHA-256 over a length-prefixed
    /// encoding of every field, hex encoded.
    pub fn hash(&self, prev_hash: &str) -> String {
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
            &self.before,
            &self.after,
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
        if e.content.hash(&e.prev_hash) != e.hash {
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
                    content,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
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
}
