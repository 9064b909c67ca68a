//! Anchoring the audit chain at the edge (the rules are in
//! [`carewell_domain::audit_anchor`]): the append-only checkpoint file, the periodic job that
//! adds to it, and the full check `carewell audit verify` runs — the hash chain, every MAC, and
//! the chain against every checkpoint.

use crate::jobs::{Job, JobContext};
use carewell_domain::audit::ChainBreak;
use carewell_domain::audit_anchor::Checkpoint;
use carewell_domain::time::fmt_ts;
use carewell_store::Store;
use carewell_store::audit;
use carewell_store::jobs::kinds::AuditCheckpoint;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::Path;

/// Seconds between periodic checkpoints.
pub const CHECKPOINT_PERIOD_SECS: i64 = 3600;

/// Signs the chain's head and appends it as one line to the checkpoint file at `path` (created
/// if missing, only ever appended to), after announcing it as an `audit.checkpoint` event.
/// `None` (nothing written) when the store has no audit key or the log is empty.
pub async fn write_checkpoint(
    store: &Store,
    path: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Checkpoint>> {
    let Some(key) = store.audit_key() else {
        return Ok(None);
    };
    let Some((cp, _)) = audit::checkpoint(store, &fmt_ts(now)).await? else {
        return Ok(None);
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("opening the checkpoint file {}: {e}", path.display()))?;
    writeln!(f, "{}", cp.line(key))?;
    f.sync_data()?;
    Ok(Some(cp))
}

impl Job for AuditCheckpoint {
    async fn run(self, ctx: JobContext) -> anyhow::Result<()> {
        let path = Path::new(&ctx.config.audit_checkpoint_file);
        match write_checkpoint(&ctx.store, path, Utc::now()).await? {
            Some(cp) => tracing::info!(seq = cp.seq, file = %path.display(), "audit checkpoint"),
            None if ctx.store.audit_key().is_none() => {
                tracing::warn!("no audit_key: audit checkpoints are not written")
            }
            None => {}
        }
        Ok(())
    }
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    /// Entries whose hash chain (and MAC) verified.
    pub entries: i64,
    /// Checkpoints the chain still matches.
    pub checkpoints: usize,
    /// The first entry that does not verify (links, hashes, digests, MAC).
    pub broken: Option<ChainBreak>,
    /// Each other problem (MACs that could not be checked, checkpoints), one line.
    pub problems: Vec<String>,
    /// What could not be checked (no key, no checkpoint file).
    pub warnings: Vec<String>,
}

impl Verification {
    /// Whether the log verified (warnings aside).
    pub fn intact(&self) -> bool {
        self.broken.is_none() && self.problems.is_empty()
    }
}

/// Checks the chain (links, hashes, payload digests, MACs with the store's key) and then each
/// line of the checkpoint file at `path`: its signature, that the log still reaches the
/// checkpointed entry (else it was truncated), that the entry still has the checkpointed hash
/// (else it was rewritten), and that MACs still start where they did.
pub async fn verify(store: &Store, path: &Path) -> anyhow::Result<Verification> {
    let mut v = Verification::default();
    let r = store.audit_report().await?;
    v.entries = r.checked;
    v.broken = r.broken;
    let key = store.audit_key();
    if r.unchecked_macs > 0 {
        v.problems.push(format!(
            "{} entries carry a MAC but no audit_key is configured: their MACs were not checked",
            r.unchecked_macs
        ));
    } else if key.is_none() {
        v.warnings.push(
            "no audit_key is configured: the chain is checked by its unkeyed hashes only, which \
             an attacker who can write the database can recompute"
                .into(),
        );
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            v.warnings.push(format!(
                "no checkpoint file at {}: removal of the newest entries cannot be detected",
                path.display()
            ));
            return Ok(v);
        }
        Err(e) => anyhow::bail!("reading the checkpoint file {}: {e}", path.display()),
    };
    let (last_seq, first_mac) = audit::anchors(store).await?;
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = format!("checkpoint file line {}", i + 1);
        let (cp, mac) = match Checkpoint::parse_line(line) {
            Ok(x) => x,
            Err(e) => {
                v.problems.push(format!("{at}: unreadable ({e})"));
                continue;
            }
        };
        let Some(key) = key else {
            v.problems.push(
                "checkpoints cannot be checked without the audit_key that signed them".into(),
            );
            break;
        };
        if !cp.signed_by(key, &mac) {
            v.problems.push(format!(
                "{at}: the signature does not match (line edited, or signed with another key)"
            ));
            continue;
        }
        let hash_now = if cp.seq <= last_seq {
            audit::hash_at(store, cp.seq).await?
        } else {
            None
        };
        let found = cp.problems(last_seq, hash_now.as_deref(), first_mac);
        if found.is_empty() {
            v.checkpoints += 1;
        }
        v.problems
            .extend(found.into_iter().map(|p| format!("{at}: {p}")));
    }
    Ok(v)
}
