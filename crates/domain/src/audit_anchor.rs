//! Anchoring the audit chain, so that an attacker who can write to the database cannot rewrite
//! or shorten the log unnoticed.
//!
//! The chain's SHA-256 hashes ([`crate::audit`]) are unkeyed: whoever can write the table can
//! change an entry and recompute every later hash. Two anchors close that:
//! - **a keyed MAC per entry**: HMAC-SHA256 under a key kept outside the database (the
//!   `audit_key` setting) over the entry's sequence number and hash — and so, through the hash
//!   chain, over everything before it. Without the key a rewritten entry cannot get a valid MAC.
//! - **signed checkpoints** of the head (sequence number, hash, time, the first entry with a MAC),
//!   HMAC'd with the same key and kept outside the database (an append-only file, a webhook
//!   event): the chain must still reach every checkpoint with the same hash, so deleting the
//!   newest entries (which a MAC cannot show) or stripping the MACs is detected.
//!
//! What they cannot do: an attacker holding both the database and the key can rewrite entries
//! and MACs; entries written after the last checkpoint can be deleted unnoticed; the checkpoint
//! file is only as safe as where it is kept (ship the webhook copies elsewhere).

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The secret that keys the audit MACs and checkpoint signatures.
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey(Vec<u8>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(***)")
    }
}

/// Why a configured key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit_key must be at least {min} characters (e.g. 64 hex digits)", min = AuditKey::MIN_CHARS)]
pub struct WeakKey;

impl AuditKey {
    /// The shortest accepted key, in characters.
    pub const MIN_CHARS: usize = 32;

    /// A key from its configured text (surrounding whitespace ignored); used as bytes.
    pub fn parse(text: &str) -> Result<Self, WeakKey> {
        let t = text.trim();
        if t.chars().count() < Self::MIN_CHARS {
            return Err(WeakKey);
        }
        Ok(Self(t.as_bytes().to_vec()))
    }

    fn hmac(&self, domain: &str, parts: &[&str]) -> HmacSha256 {
        // `new_from_slice` accepts keys of any length.
        let mut m = <HmacSha256 as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        for part in std::iter::once(domain).chain(parts.iter().copied()) {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part.as_bytes());
        }
        m
    }

    fn sign(&self, domain: &str, parts: &[&str]) -> String {
        hex::encode(self.hmac(domain, parts).finalize().into_bytes())
    }

    fn check(&self, domain: &str, parts: &[&str], mac_hex: &str) -> bool {
        hex::decode(mac_hex).is_ok_and(|mac| self.hmac(domain, parts).verify_slice(&mac).is_ok())
    }

    /// The MAC of the entry `seq` with chain hash `hash`.
    pub fn entry_mac(&self, seq: i64, hash: &str) -> String {
        self.sign("carewell-audit-entry-v1", &[&seq.to_string(), hash])
    }

    /// Whether `mac` is the entry's MAC under this key (constant-time comparison).
    pub fn entry_mac_ok(&self, seq: i64, hash: &str, mac: &str) -> bool {
        self.check("carewell-audit-entry-v1", &[&seq.to_string(), hash], mac)
    }
}

/// What one entry's MAC says (see [`check_mac`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacCheck {
    /// The MAC is right.
    Valid,
    /// No MAC, and none before it either: an entry from before the key (checked by hash).
    Unkeyed,
    /// A MAC, but no key to check it with.
    Unchecked,
    /// Wrong, or missing after MACs began: why.
    Broken(&'static str),
}

/// Checks the MAC `mac` of the entry `seq` with hash `hash` under `key` (if there is one),
/// `earlier` saying whether an earlier entry carried a MAC: once one did, every later entry
/// must (a missing MAC is a removed one, or one written by a process without the key).
pub fn check_mac(
    key: Option<&AuditKey>,
    earlier: bool,
    seq: i64,
    hash: &str,
    mac: Option<&str>,
) -> MacCheck {
    match (mac, key) {
        (Some(m), Some(k)) if k.entry_mac_ok(seq, hash, m) => MacCheck::Valid,
        (Some(_), Some(_)) => {
            MacCheck::Broken("MAC does not match (entry rewritten, or written under another key)")
        }
        (Some(_), None) => MacCheck::Unchecked,
        (None, _) if earlier => MacCheck::Broken(
            "no MAC although earlier entries have one (MAC removed, or written without the audit key)",
        ),
        (None, _) => MacCheck::Unkeyed,
    }
}

/// A signed statement that the chain had `seq` entries ending in `hash` at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The head's sequence number (0: the log was empty).
    pub seq: i64,
    /// The head's hash.
    pub hash: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The first entry that carried a MAC (every later one must), if any did.
    pub mac_since: Option<i64>,
}

/// How a checkpoint line starts (and its format version).
pub const CHECKPOINT_TAG: &str = "carewell-audit-checkpoint-v1";

impl Checkpoint {
    fn parts(&self) -> [String; 4] {
        [
            self.seq.to_string(),
            self.hash.clone(),
            self.at.clone(),
            self.mac_since.map(|s| s.to_string()).unwrap_or_default(),
        ]
    }

    /// The checkpoint's signature under `key`.
    pub fn mac(&self, key: &AuditKey) -> String {
        let p = self.parts();
        key.sign(CHECKPOINT_TAG, &p.each_ref().map(String::as_str))
    }

    /// One line of the checkpoint file: `carewell-audit-checkpoint-v1 seq=… hash=… at=…
    /// mac_since=… mac=…` (no newline).
    pub fn line(&self, key: &AuditKey) -> String {
        let since = self.mac_since.map(|s| s.to_string()).unwrap_or_default();
        format!(
            "{CHECKPOINT_TAG} seq={} hash={} at={} mac_since={since} mac={}",
            self.seq,
            self.hash,
            self.at,
            self.mac(key)
        )
    }

    /// Reads a line written by [`Checkpoint::line`]: the checkpoint and the signature it carries
    /// (check it with [`Checkpoint::signed_by`]).
    pub fn parse_line(line: &str) -> Result<(Self, String), String> {
        let mut words = line.split_whitespace();
        if words.next() != Some(CHECKPOINT_TAG) {
            return Err(format!("does not start with {CHECKPOINT_TAG}"));
        }
        let mut field = |name: &str| -> Result<String, String> {
            let w = words.next().unwrap_or_default();
            w.strip_prefix(name)
                .and_then(|w| w.strip_prefix('='))
                .map(str::to_string)
                .ok_or_else(|| format!("`{name}=` expected, found `{w}`"))
        };
        let seq = field("seq")?;
        let hash = field("hash")?;
        let at = field("at")?;
        let since = field("mac_since")?;
        let mac = field("mac")?;
        let number = |s: &str| {
            s.parse::<i64>()
                .map_err(|_| format!("`{s}` is not a sequence number"))
        };
        Ok((
            Self {
                seq: number(&seq)?,
                hash,
                at,
                mac_since: if since.is_empty() {
                    None
                } else {
                    Some(number(&since)?)
                },
            },
            mac,
        ))
    }

    /// Whether `mac` is this checkpoint's signature under `key`.
    pub fn signed_by(&self, key: &AuditKey, mac: &str) -> bool {
        let p = self.parts();
        key.check(CHECKPOINT_TAG, &p.each_ref().map(String::as_str), mac)
    }

    /// What is wrong with the chain as it is now, measured against this checkpoint: the log now
    /// ends at `last_seq`, its entry `self.seq` has `hash_now` (`None` if it is gone), and its
    /// first MAC is at `first_mac_now`. Empty when the chain still vouches for the checkpoint.
    pub fn problems(
        &self,
        last_seq: i64,
        hash_now: Option<&str>,
        first_mac_now: Option<i64>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if self.seq > last_seq {
            out.push(format!(
                "the log ends at entry {last_seq} but the checkpoint of {} vouches for entry {}: \
                 entries were removed (truncated)",
                self.at, self.seq
            ));
        } else if self.seq > 0 && hash_now != Some(self.hash.as_str()) {
            out.push(format!(
                "entry {} does not have the hash checkpointed at {}: the log was rewritten",
                self.seq, self.at
            ));
        }
        if let Some(since) = self.mac_since
            && first_mac_now.is_none_or(|now| now > since)
        {
            out.push(format!(
                "entries from {since} carried MACs at the checkpoint of {}, now {}: MACs were removed",
                self.at,
                match first_mac_now {
                    Some(s) => format!("the first MAC is at entry {s}"),
                    None => "none does".to_string(),
                }
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::parse("0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn short_keys_are_refused_and_the_key_is_not_printed() {
        assert_eq!(AuditKey::parse("  short  "), Err(WeakKey));
        assert_eq!(format!("{:?}", key()), "AuditKey(***)");
    }

    #[test]
    fn entry_macs_depend_on_key_seq_and_hash() {
        let k = key();
        let mac = k.entry_mac(3, "abc");
        assert!(k.entry_mac_ok(3, "abc", &mac));
        assert!(!k.entry_mac_ok(4, "abc", &mac));
        assert!(!k.entry_mac_ok(3, "abd", &mac));
        assert!(!k.entry_mac_ok(3, "abc", "not hex"));
        let other = AuditKey::parse("another key of at least thirty-two chars").unwrap();
        assert!(!other.entry_mac_ok(3, "abc", &mac));
        assert_eq!(mac.len(), 64);
    }

    #[test]
    fn macs_are_checked_and_required_once_they_began() {
        let k = key();
        let mac = k.entry_mac(5, "h");
        assert_eq!(
            check_mac(Some(&k), true, 5, "h", Some(&mac)),
            MacCheck::Valid
        );
        assert!(matches!(
            check_mac(Some(&k), false, 5, "other", Some(&mac)),
            MacCheck::Broken(r) if r.contains("does not match")
        ));
        assert_eq!(
            check_mac(None, true, 5, "h", Some(&mac)),
            MacCheck::Unchecked
        );
        assert_eq!(check_mac(Some(&k), false, 5, "h", None), MacCheck::Unkeyed);
        assert!(matches!(
            check_mac(Some(&k), true, 5, "h", None),
            MacCheck::Broken(r) if r.contains("no MAC")
        ));
        assert!(matches!(
            check_mac(None, true, 5, "h", None),
            MacCheck::Broken(_)
        ));
    }

    #[test]
    fn checkpoint_lines_round_trip_and_edits_break_the_signature() {
        let k = key();
        let cp = Checkpoint {
            seq: 12,
            hash: "ab".repeat(32),
            at: "2026-12-03T08:00:00.000000Z".into(),
            mac_since: Some(3),
        };
        let (back, mac) = Checkpoint::parse_line(&cp.line(&k)).unwrap();
        assert_eq!(back, cp);
        assert!(back.signed_by(&k, &mac));
        let edited = cp.line(&k).replace("seq=12", "seq=10");
        let (e, mac) = Checkpoint::parse_line(&edited).unwrap();
        assert!(!e.signed_by(&k, &mac));
        let none = Checkpoint {
            mac_since: None,
            ..cp.clone()
        };
        assert_eq!(Checkpoint::parse_line(&none.line(&k)).unwrap().0, none);
        assert!(Checkpoint::parse_line("garbage").is_err());
        assert!(Checkpoint::parse_line(&format!("{CHECKPOINT_TAG} seq=x")).is_err());
    }

    #[test]
    fn problems_name_truncation_rewriting_and_stripped_macs() {
        let cp = Checkpoint {
            seq: 10,
            hash: "h10".into(),
            at: "t".into(),
            mac_since: Some(1),
        };
        assert!(cp.problems(12, Some("h10"), Some(1)).is_empty());
        let t = cp.problems(8, None, Some(1));
        assert_eq!(t.len(), 1);
        assert!(t[0].contains("truncated"), "{t:?}");
        let r = cp.problems(12, Some("other"), Some(1));
        assert!(r[0].contains("rewritten"), "{r:?}");
        let s = cp.problems(12, Some("h10"), None);
        assert!(s[0].contains("MACs were removed"), "{s:?}");
        assert!(!cp.problems(12, Some("h10"), Some(5)).is_empty());
    }
}
