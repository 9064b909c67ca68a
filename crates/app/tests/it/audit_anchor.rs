//! Anchoring the audit chain (issue 11, point 7): with a key outside the database, entries carry
//! MACs and checkpoints sign the head, so `carewell audit verify` catches the two attacks the
//! plain SHA-256 chain let through — deleting the newest entries, and editing an entry then
//! recomputing every later hash — while an untouched chain (older unkeyed entries included)
//! passes.

use carewell::audit::anchor::{verify, write_checkpoint};
use carewell_domain::audit::{AuditEntry, GENESIS, digest};
use carewell_domain::audit_anchor::AuditKey;
use carewell_domain::email::Email;
use carewell_domain::role::Role;
use carewell_store::audit::{AuditFilter, list};
use carewell_store::{Actor, Engine, Store};
use std::path::PathBuf;

engines!(Keyed: untouched_chain_passes, truncation_is_detected, rewriting_is_detected);

/// The same database through a store without the key (as before) and one with it, and a place
/// for the checkpoint file.
pub struct Keyed {
    plain: Store,
    keyed: Store,
    file: PathBuf,
    _dir: tempfile::TempDir,
    _db: Option<tempfile::TempDir>,
}

fn key() -> AuditKey {
    AuditKey::parse("test-audit-key-0123456789abcdef-0123").unwrap()
}

impl Keyed {
    fn new(plain: Store, db: Option<tempfile::TempDir>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self {
            keyed: plain.clone().with_audit_key(key()),
            plain,
            file: dir.path().join("audit.checkpoints"),
            _dir: dir,
            _db: db,
        }
    }

    pub async fn sqlite() -> Self {
        let (store, dir) = crate::engines::sqlite_store().await;
        Self::new(store, Some(dir))
    }

    pub async fn postgres() -> Option<Self> {
        Some(Self::new(crate::engines::pg_store().await?, None))
    }

    /// Writes `n` audited changes through `store`.
    async fn changes(&self, store: &Store, n: usize) {
        for _ in 0..n {
            let email =
                Email::parse(&format!("{}@example.com", uuid::Uuid::new_v4().simple())).unwrap();
            store
                .create_user(&Actor::cli(), &email, "x", Role::Viewer, "x")
                .await
                .unwrap();
        }
    }

    /// Every entry, oldest first.
    async fn entries(&self) -> Vec<AuditEntry> {
        let mut v = list(&self.plain, &AuditFilter::default(), 10_000, 0)
            .await
            .unwrap()
            .items;
        v.reverse();
        v
    }

    /// A chain with older unkeyed entries (1–3), keyed ones (4–10) and a checkpoint at 10.
    async fn chain(&self) {
        self.changes(&self.plain, 3).await;
        self.changes(&self.keyed, 7).await;
        let cp = write_checkpoint(&self.keyed, &self.file, chrono::Utc::now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((cp.seq, cp.mac_since), (10, Some(4)));
    }

    /// Drops the append-only triggers, as someone with full write access to the database can.
    async fn drop_guards(&self) {
        let drops: &[&str] = match self.plain.engine() {
            Engine::Sqlite => &[
                "DROP TRIGGER audit_no_update",
                "DROP TRIGGER audit_no_delete",
            ],
            Engine::Postgres => &["DROP TRIGGER audit_no_change ON audit_log"],
        };
        for d in drops {
            sqlx::query(d).execute(self.plain.pool()).await.unwrap();
        }
    }

    /// Every problem `carewell audit verify` would print, the chain's first break first.
    async fn problems(&self) -> Vec<String> {
        let v = verify(&self.keyed, &self.file).await.unwrap();
        let broken = v.broken.map(|b| format!("entry {}: {}", b.seq, b.reason));
        broken.into_iter().chain(v.problems).collect()
    }
}

async fn untouched_chain_passes(fx: Keyed) {
    fx.chain().await;
    // Entries after the last checkpoint, and a second checkpoint.
    fx.changes(&fx.keyed, 2).await;
    write_checkpoint(&fx.keyed, &fx.file, chrono::Utc::now())
        .await
        .unwrap();
    fx.changes(&fx.keyed, 1).await;
    let v = verify(&fx.keyed, &fx.file).await.unwrap();
    assert!(v.intact(), "{v:?}");
    assert!(v.warnings.is_empty(), "{v:?}");
    assert_eq!((v.entries, v.checkpoints), (13, 2));
    let e = fx.entries().await;
    assert!(
        e[..3].iter().all(|e| e.mac.is_none()),
        "older entries stay as they were"
    );
    assert!(e[3..].iter().all(|e| e.mac.is_some()));
    // Without a checkpoint file: said, but not a failure.
    let v = verify(&fx.keyed, &fx.file.with_extension("missing"))
        .await
        .unwrap();
    assert!(v.intact(), "{v:?}");
    assert!(v.warnings[0].contains("no checkpoint file"), "{v:?}");
    // A process without the key writing after keyed entries is caught too.
    fx.changes(&fx.plain, 1).await;
    let p = fx.problems().await;
    assert!(p[0].starts_with("entry 14: no MAC"), "{p:?}");
}

async fn truncation_is_detected(fx: Keyed) {
    fx.chain().await;
    assert!(fx.problems().await.is_empty());
    fx.drop_guards().await;
    sqlx::query("DELETE FROM audit_log WHERE seq > 8")
        .execute(fx.plain.pool())
        .await
        .unwrap();
    // What is left is a perfect chain, MACs and all: only the checkpoint shows the loss.
    assert_eq!(fx.keyed.verify_audit().await.unwrap(), Ok(8));
    let p = fx.problems().await;
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("the log ends at entry 8")
            && p[0].contains("vouches for entry 10")
            && p[0].contains("truncated"),
        "{p:?}"
    );
}

/// Edits entry `seq`'s payload and recomputes it and every later entry with the plain
/// (unkeyed) SHA-256, as someone with write access to the database could.
async fn rewrite_from(fx: &Keyed, seq: i64) {
    let mut prev = GENESIS.to_string();
    for mut e in fx.entries().await {
        if e.content.seq == seq {
            e.content.after = r#"{"role":"admin"}"#.into();
        }
        if e.content.seq >= seq {
            let (b, a) = (digest(&e.content.before), digest(&e.content.after));
            let hash = e.content.hash_with(&prev, &b, &a);
            sqlx::query(
                "UPDATE audit_log SET after_json = $1, after_sha256 = $2, prev_hash = $3, hash = $4 WHERE seq = $5",
            )
            .bind(&e.content.after)
            .bind(&a)
            .bind(&prev)
            .bind(&hash)
            .bind(e.content.seq)
            .execute(fx.plain.pool())
            .await
            .unwrap();
            e.hash = hash;
        }
        prev = e.hash;
    }
}

async fn rewriting_is_detected(fx: Keyed) {
    fx.chain().await;
    assert!(fx.problems().await.is_empty());
    fx.drop_guards().await;
    rewrite_from(&fx, 6).await;
    // The unkeyed chain accepts the rewrite: that was the hole.
    assert_eq!(fx.plain.verify_audit().await.unwrap(), Ok(10));
    let p = fx.problems().await;
    assert!(
        p.iter()
            .any(|p| p.starts_with("entry 6: MAC does not match")),
        "{p:?}"
    );
    assert!(
        p.iter().any(
            |p| p.contains("entry 10 does not have the hash checkpointed")
                && p.contains("rewritten")
        ),
        "{p:?}"
    );
    // Removing the MACs as well does not help: the checkpoint still catches it.
    sqlx::query("UPDATE audit_log SET mac = NULL")
        .execute(fx.plain.pool())
        .await
        .unwrap();
    let p = fx.problems().await;
    assert!(p.iter().any(|p| p.contains("rewritten")), "{p:?}");
    assert!(p.iter().any(|p| p.contains("MACs were removed")), "{p:?}");
    // Nor does editing the checkpoint file to match: its signature breaks.
    let text = std::fs::read_to_string(&fx.file).unwrap();
    let last = fx.entries().await.pop().unwrap();
    let forged = text.replace(
        &text[text.find("hash=").unwrap() + 5..text.find(" at=").unwrap()],
        &last.hash,
    );
    std::fs::write(&fx.file, forged).unwrap();
    let p = fx.problems().await;
    assert!(
        p.iter().any(|p| p.contains("signature does not match")),
        "{p:?}"
    );
}

/// The command line end to end: `carewell audit checkpoint` with the key and the file from the
/// environment, then `carewell audit verify`: intact (exit 0), and after the newest entries are
/// deleted, one line naming the truncation and exit 2.
#[tokio::test]
async fn cli_checkpoint_then_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let file = dir.path().join("audit.checkpoints");
    let keyed = Store::connect(&db.display().to_string())
        .await
        .unwrap()
        .with_audit_key(key());
    let fx = Keyed {
        plain: keyed.clone(),
        keyed: keyed.clone(),
        file: file.clone(),
        _dir: tempfile::tempdir().unwrap(),
        _db: None,
    };
    fx.changes(&keyed, 4).await;
    let run = |what: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_carewell"))
            .arg("--database")
            .arg(&db)
            .args(["audit", what])
            .env_remove("CAREWELL_DATABASE_URL")
            .env("CAREWELL_AUDIT_KEY", "test-audit-key-0123456789abcdef-0123")
            .env("CAREWELL_AUDIT_CHECKPOINT_FILE", &file)
            .output()
            .unwrap()
    };
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let out = run("checkpoint");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("checkpoint of entry 4"),
        "{}",
        text(&out)
    );
    let out = run("verify");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("audit chain intact: 4 entries verified, 1 checkpoints matched"),
        "{}",
        text(&out)
    );
    fx.drop_guards().await;
    sqlx::query("DELETE FROM audit_log WHERE seq = 4")
        .execute(keyed.pool())
        .await
        .unwrap();
    keyed.close().await;
    let out = run("verify");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("audit chain BROKEN: checkpoint file line 1: the log ends at entry 3"),
        "{}",
        text(&out)
    );
}
