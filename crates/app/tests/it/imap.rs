//! The IMAP poller against a real IMAP server (Debian's dovecot, started here on a free
//! loopback port with a throwaway configuration and Maildir), on SQLite and PostgreSQL: a reply
//! to our e-mail threads into its complaint and resumes the SLA clock, an unknown sender opens a
//! new intake, the same message twice is stored once, processed mail is `\Seen` (or moved), a
//! message without a sender is flagged and blocks nothing, and a failed login shows on the
//! messaging settings page. Without dovecot the test says it skipped — except in CI, where it
//! fails.

use crate::engines::in_ci;
use crate::support::{TestApp, fetch, page_request};
use axum::http::StatusCode;
use carewell::complaints::imap;
use carewell::kernel::config::Config;
use carewell::kernel::inbound::InboundConfig;
use carewell::kernel::state::AppState;
use carewell_domain::role::Role;
use carewell_store::outbox;
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

const USER: &str = "care";
const PASSWORD: &str = "imap-test-pass";

/// A dovecot serving one user's Maildir on a loopback port; killed on drop.
struct Dovecot {
    child: Child,
    port: u16,
    maildir: PathBuf,
    uid: u32,
    gid: u32,
    _dir: tempfile::TempDir,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dovecot_binary() -> Option<PathBuf> {
    ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// This process's real uid and gid (from /proc).
fn ids() -> (u32, u32) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("Uid:"), field("Gid:"))
}

fn user_name(uid: u32) -> String {
    std::fs::read_to_string("/etc/passwd")
        .unwrap_or_default()
        .lines()
        .find(|l| l.split(':').nth(2) == Some(&uid.to_string()))
        .and_then(|l| l.split(':').next().map(str::to_string))
        .unwrap_or_else(|| "nobody".into())
}

fn chown_tree(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            chown_tree(&e.unwrap().path(), uid, gid);
        }
    }
}

impl Dovecot {
    /// Starts dovecot, or `None` (with a skip line) when it is not installed outside CI.
    async fn start() -> Option<Self> {
        let Some(bin) = dovecot_binary() else {
            assert!(
                !in_ci(),
                "dovecot is not installed (CI installs dovecot-imapd in .ci/run)"
            );
            eprintln!(
                "SKIPPED imap tests: dovecot is not installed (apt-get install dovecot-imapd)"
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let (my_uid, my_gid) = ids();
        // Dovecot never opens mail as root: as root, the mail belongs to `nobody`.
        let (uid, gid, internal, login) = if my_uid == 0 {
            (65534, 65534, "dovecot".to_string(), "dovenull".to_string())
        } else {
            let me = user_name(my_uid);
            (my_uid, my_gid, me.clone(), me)
        };
        std::fs::set_permissions(&root, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let home = root.join("home");
        let maildir = home.join("Maildir");
        for sub in [
            "cur",
            "new",
            "tmp",
            ".Processed/cur",
            ".Processed/new",
            ".Processed/tmp",
        ] {
            std::fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        std::fs::write(maildir.join("subscriptions"), "Processed\n").unwrap();
        if my_uid == 0 {
            chown_tree(&home, uid, gid);
        }
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let r = root.display();
        std::fs::write(
            root.join("passwd"),
            format!(
                "{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{}::\n",
                home.display()
            ),
        )
        .unwrap();
        let conf = format!(
            r#"base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {r}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"#
        );
        std::fs::write(root.join("dovecot.conf"), conf).unwrap();
        let child = Command::new(bin)
            .arg("-F")
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let mut up = false;
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                up = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let log = std::fs::read_to_string(root.join("dovecot.log")).unwrap_or_default();
        assert!(up, "dovecot did not start: {log}");
        Some(Self {
            child,
            port,
            maildir,
            uid,
            gid,
            _dir: dir,
        })
    }

    /// Delivers a message the Maildir way (tmp/, then new/).
    fn deliver(&self, raw: &str) {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "{}.M{}P{}.test",
            chrono::Utc::now().timestamp(),
            N.fetch_add(1, Ordering::SeqCst),
            std::process::id()
        );
        let tmp = self.maildir.join("tmp").join(&name);
        let mut f = std::fs::File::create(&tmp).unwrap();
        f.write_all(raw.replace('\n', "\r\n").as_bytes()).unwrap();
        drop(f);
        if ids().0 == 0 {
            std::os::unix::fs::chown(&tmp, Some(self.uid), Some(self.gid)).unwrap();
        }
        std::fs::rename(&tmp, self.maildir.join("new").join(&name)).unwrap();
    }

    /// The Maildir flags (`S` seen, `F` flagged …) of the message containing `marker` in
    /// `folder` (`""` for the inbox), or `None` if it is not there.
    fn flags(&self, folder: &str, marker: &str) -> Option<String> {
        let base = if folder.is_empty() {
            self.maildir.clone()
        } else {
            self.maildir.join(format!(".{folder}"))
        };
        for sub in ["new", "cur"] {
            for e in std::fs::read_dir(base.join(sub)).unwrap() {
                let p = e.unwrap().path();
                let body = std::fs::read_to_string(&p).unwrap_or_default();
                if body.contains(marker) {
                    let name = p.file_name().unwrap().to_string_lossy().to_string();
                    return Some(name.split(":2,").nth(1).unwrap_or("").to_string());
                }
            }
        }
        None
    }

    fn config(&self, password: &str) -> InboundConfig {
        InboundConfig {
            imap_host: "127.0.0.1".into(),
            imap_port: self.port,
            imap_tls: "none".into(),
            imap_user: USER.into(),
            imap_password: password.into(),
            ..Default::default()
        }
    }
}

async fn created(app: &TestApp, path: &str, body: Value) -> Value {
    let (st, v) = app.api(Role::Agent, "POST", path, Some(body)).await;
    assert_eq!(st, StatusCode::CREATED, "{path}: {v}");
    v
}

async fn email_items(app: &TestApp, id: &str) -> Vec<Value> {
    let (st, v) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/complaints/{id}/thread"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["via"] == "email" && i["kind"] == "customer")
        .cloned()
        .collect()
}

/// Complaints opened from e-mail of `sender`.
async fn intakes_from(app: &TestApp, sender: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM complaints c JOIN customers cu ON cu.id = c.customer_id \
         WHERE LOWER(cu.email) = $1 AND c.source_message_id IS NOT NULL",
    )
    .bind(sender)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    n
}

async fn poller(app: TestApp) {
    let Some(imap_server) = Dovecot::start().await else {
        return;
    };
    // A complaint waiting on the customer, and our reply e-mail to them.
    let cu = created(
        &app,
        "/api/v1/customers",
        json!({"name": "Mari Maasikas", "email": "mari@example.com", "language": "et"}),
    )
    .await;
    let c = created(
        &app,
        "/api/v1/complaints",
        json!({"customer_id": cu["id"], "category": "billing", "severity": "high",
               "subject": "Charged twice", "description": "I was charged twice."}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_string();
    for action in ["acknowledge", "wait-on-customer"] {
        let (st, v) = app
            .api(
                Role::Agent,
                "POST",
                &format!("/api/v1/complaints/{id}/transitions"),
                Some(json!({"action": action})),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{action}: {v}");
    }
    let reply = created(
        &app,
        &format!("/api/v1/complaints/{id}/replies"),
        json!({"body": "Please send the bank statement."}),
    )
    .await;
    let m = outbox::get(&app.store, reply["message_id"].as_str().unwrap())
        .await
        .unwrap();
    let ours = format!(
        "<{}.carewell@care.example>",
        outbox::mail_ref(&m.idempotency_key)
    );

    // The mailbox: a broken message first (no sender), then the reply, an unknown sender, the
    // reply once more (a second delivery of the same mail) and a mail without a Message-ID.
    imap_server.deliver("Subject: no sender here\nMessage-ID: <broken@x.example>\n\nBROKEN-1\n");
    let answer = format!(
        "From: Mari Maasikas <mari@example.com>\nTo: care@care.example\n\
         Subject: Re: Charged twice\nMessage-ID: <answer-1@mail.example>\n\
         In-Reply-To: {ours}\nReferences: {ours}\nContent-Type: text/plain; charset=utf-8\n\n\
         Statement attached. ANSWER-1\n"
    );
    imap_server.deliver(&answer);
    imap_server.deliver(
        "From: Stranger <stranger@example.net>\nTo: care@care.example\nSubject: Where is my order?\n\
         Message-ID: <stranger-1@example.net>\n\nNobody answers me. STRANGER-1\n",
    );
    imap_server.deliver(&answer.replace("ANSWER-1", "ANSWER-1 AGAIN"));
    imap_server.deliver(
        "From: other@example.org\nSubject: No id\n\nA mail without a Message-ID. NOID-1\n",
    );

    // The first poll runs as the periodic job, through the runner the server runs (which
    // schedules it because the settings turn it on).
    let mut config = Config::default();
    config.inbound = imap_server.config(PASSWORD);
    let runner = carewell::app::jobs::runner(
        app.store.clone(),
        Arc::new(config.clone()),
        carewell::jobs::Registry::default(),
    )
    .unwrap();
    runner.run_jobs_once().await.unwrap();
    let status = app
        .store
        .inbound_poll_status(imap::SOURCE)
        .await
        .unwrap()
        .expect("the job polled");
    assert_eq!(status.error, None, "{status:?}");
    assert_eq!((status.taken, status.skipped), (4, 1), "{status:?}");

    // Threaded into the complaint once, and work resumed.
    let mails = email_items(&app, &id).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0]["body"].as_str().unwrap().contains("ANSWER-1"));
    let (_, v) = app
        .api(
            Role::Agent,
            "GET",
            &format!("/api/v1/complaints/{id}"),
            None,
        )
        .await;
    assert_ne!(
        v["status"], "waiting-on-customer",
        "the SLA clock runs again: {v}"
    );
    // Unknown senders became new intakes (the one without a Message-ID too).
    assert_eq!(intakes_from(&app, "stranger@example.net").await, 1);
    assert_eq!(intakes_from(&app, "other@example.org").await, 1);
    // Processed mail is seen; the broken one is flagged, not seen.
    for marker in ["ANSWER-1\r", "ANSWER-1 AGAIN", "STRANGER-1", "NOID-1"] {
        let flags = imap_server.flags("", marker).unwrap();
        assert!(flags.contains('S'), "{marker}: {flags:?}");
    }
    let flags = imap_server.flags("", "BROKEN-1").unwrap();
    assert!(flags.contains('F') && !flags.contains('S'), "{flags:?}");

    // Polling again takes nothing and stores nothing twice.
    let again = imap::poll(&app.store, &config.inbound).await.unwrap();
    assert_eq!((again.taken, again.skipped, again.error), (0, 0, None));
    assert_eq!(email_items(&app, &id).await.len(), 1);
    assert_eq!(intakes_from(&app, "stranger@example.net").await, 1);

    // With a folder for processed mail, it is moved there.
    imap_server.deliver(
        "From: stranger@example.net\nSubject: Still waiting\nMessage-ID: <stranger-2@example.net>\n\
         \nSTRANGER-2\n",
    );
    let mut moving = config.inbound.clone();
    moving.imap_move_to = "Processed".into();
    let moved = imap::poll(&app.store, &moving).await.unwrap();
    assert_eq!((moved.taken, moved.error), (1, None));
    assert_eq!(imap_server.flags("", "STRANGER-2"), None);
    assert!(
        imap_server
            .flags("Processed", "STRANGER-2")
            .unwrap()
            .contains('S')
    );

    // A wrong password: the error is recorded and shown to admins, without the password.
    let mut bad = config.clone();
    bad.inbound.imap_password = "wrong-s3cret".into();
    let failed = imap::poll(&app.store, &bad.inbound).await.unwrap();
    let error = failed.error.expect("login fails");
    assert!(error.contains("login"), "{error}");
    let router = carewell::app::router(AppState::new(app.store.clone(), bad));
    let admin = app.browser(Role::Admin);
    let res = fetch(
        &router,
        page_request(Some(&admin), "/settings/messaging", "en"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Inbound e-mail (IMAP)"), "{}", res.body);
    assert!(res.body.contains("id=\"imap-error\""), "{}", res.body);
    assert!(res.body.contains("login as care failed"), "{}", res.body);
    assert!(!res.body.contains("wrong-s3cret") && !res.body.contains(PASSWORD));
    // Without the settings the card says the poller is off.
    let res = app.page(Role::Admin, "/settings/messaging", "et").await;
    assert!(
        res.body.contains("Sissetulev e-post (IMAP)"),
        "{}",
        res.body
    );
}

engines!(TestApp: poller);
