//! Test support for jobs and messaging: fresh databases on both engines, a real SMTP sink and
//! a real Standard Webhooks receiver on loopback, and an app with an admin and an agent.
//! Also used by `benches/outbox.rs`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use carewell_store::Store;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A fresh database: `(url, keep-alive guard)`.
pub struct Db {
    pub url: String,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    /// A fresh SQLite file.
    pub async fn sqlite() -> Db {
        let (store, dir) = crate::engines::sqlite_store().await;
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        Db {
            url,
            store,
            _dir: Some(dir),
        }
    }

    /// A fresh schema on `CAREWELL_TEST_PG_URL`, or None (skip) when it is unset outside CI.
    pub async fn postgres() -> Option<Db> {
        let url = crate::engines::pg_url().await?;
        let store = Store::connect(&url).await.unwrap();
        Some(Db {
            url,
            store,
            _dir: None,
        })
    }
}

/// [`Db::sqlite`].
pub async fn sqlite() -> Db {
    Db::sqlite().await
}

/// [`Db::postgres`].
pub async fn postgres() -> Option<Db> {
    Db::postgres().await
}

/// One e-mail the sink accepted.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub message_id: String,
    pub subject: String,
    pub data: String,
}

/// A minimal SMTP server on loopback: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
#[derive(Clone)]
pub struct SmtpSink {
    pub addr: SocketAddr,
    pub mails: Arc<Mutex<Vec<Mail>>>,
    /// Refuse MAIL FROM with a temporary error.
    pub fail: Arc<AtomicBool>,
    /// Delay before accepting DATA, in milliseconds.
    pub delay_ms: Arc<AtomicU64>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            addr: listener.local_addr().unwrap(),
            mails: Arc::default(),
            fail: Arc::default(),
            delay_ms: Arc::default(),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = s.session(stream).await;
                });
            }
        });
        sink
    }

    pub fn count(&self) -> usize {
        self.mails.lock().unwrap().len()
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }

    async fn session(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (r, mut w) = stream.into_split();
        let mut r = BufReader::new(r);
        w.write_all(b"220 sink ESMTP ready\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if r.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let cmd = line.trim_end().to_string();
            let up = cmd.to_ascii_uppercase();
            if up.starts_with("EHLO") {
                w.write_all(b"250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n")
                    .await?;
            } else if up.starts_with("HELO") {
                w.write_all(b"250 sink\r\n").await?;
            } else if up.starts_with("MAIL FROM:") {
                if self.fail.load(Ordering::SeqCst) {
                    w.write_all(b"451 4.3.0 try again later\r\n").await?;
                    continue;
                }
                from = cmd[10..].trim().to_string();
                to.clear();
                w.write_all(b"250 2.1.0 ok\r\n").await?;
            } else if up.starts_with("RCPT TO:") {
                to.push(cmd[8..].trim().to_string());
                w.write_all(b"250 2.1.5 ok\r\n").await?;
            } else if up == "DATA" {
                w.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                let delay = self.delay_ms.load(Ordering::SeqCst);
                if delay > 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
                }
                let mail = Mail {
                    from: from.clone(),
                    to: to.clone(),
                    message_id: header(&data, "message-id"),
                    subject: decode_words(&header(&data, "subject")),
                    data,
                };
                self.mails.lock().unwrap().push(mail);
                w.write_all(b"250 2.0.0 queued\r\n").await?;
            } else if up == "RSET" || up == "NOOP" {
                w.write_all(b"250 2.0.0 ok\r\n").await?;
            } else if up == "QUIT" {
                w.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            } else {
                w.write_all(b"502 5.5.2 not implemented\r\n").await?;
            }
        }
    }
}

/// An unfolded header value from a raw message.
pub fn header(data: &str, name: &str) -> String {
    let head = data.split("\r\n\r\n").next().unwrap_or("");
    let mut out: Option<String> = None;
    for l in head.split("\r\n") {
        if let Some(v) = out.as_mut() {
            if l.starts_with(' ') || l.starts_with('\t') {
                v.push_str(l);
                continue;
            }
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case(name)
        {
            out = Some(v.trim().to_string());
        }
    }
    out.unwrap_or_default()
}

/// Decodes RFC 2047 `=?utf-8?b?…?=` words (adjacent words join without the space).
pub fn decode_words(v: &str) -> String {
    let mut out = String::new();
    let mut prev_encoded = false;
    for (i, tok) in v.split_whitespace().enumerate() {
        let lower = tok.to_ascii_lowercase();
        if lower.starts_with("=?utf-8?b?") && tok.ends_with("?=") {
            let b = &tok[10..tok.len() - 2];
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b)
                .unwrap_or_default();
            if i > 0 && !prev_encoded {
                out.push(' ');
            }
            out.push_str(&String::from_utf8_lossy(&bytes));
            prev_encoded = true;
        } else {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(tok);
            prev_encoded = false;
        }
    }
    out
}

/// One webhook POST the receiver got.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: String,
    pub valid: bool,
    pub body: serde_json::Value,
}

/// A Standard Webhooks receiver on loopback that verifies every signature.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    pub hits: Arc<Mutex<Vec<Hit>>>,
    /// Status to answer with.
    pub status: Arc<AtomicU16>,
    /// The endpoint's secret, set once the endpoint exists.
    pub secret: Arc<Mutex<String>>,
    pub delay_ms: Arc<AtomicU64>,
}

impl Receiver {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let rec = Receiver {
            url: format!("http://{}/hook", listener.local_addr().unwrap()),
            hits: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            secret: Arc::default(),
            delay_ms: Arc::default(),
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(rec.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        rec
    }

    pub fn count(&self) -> usize {
        self.hits.lock().unwrap().len()
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

async fn receive(State(rec): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let id = h("webhook-id");
    let ts: i64 = h("webhook-timestamp").parse().unwrap_or(0);
    let secret = rec.secret.lock().unwrap().clone();
    let now = chrono::Utc::now().timestamp();
    let valid = carewell::messaging::webhook::verify(
        &secret,
        &id,
        ts,
        &body,
        &h("webhook-signature"),
        now,
        300,
    );
    let delay = rec.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    let status = StatusCode::from_u16(rec.status.load(Ordering::SeqCst)).unwrap();
    rec.hits.lock().unwrap().push(Hit {
        id,
        valid,
        body: serde_json::from_slice(&body).unwrap_or_default(),
    });
    status
}

/// A configuration pointing at the sink, with fast retries for tests.
pub fn config(url: &str, sink: &SmtpSink) -> carewell::kernel::config::Config {
    carewell::kernel::config::Config {
        database_url: url.to_string(),
        smtp_host: "127.0.0.1".into(),
        smtp_port: sink.addr.port(),
        smtp_tls: "none".into(),
        mail_from: "Carewell <care@carewell.test>".into(),
        // The test webhook receivers listen on loopback.
        webhook_allow_hosts: vec!["127.0.0.1".into()],
        ..Default::default()
    }
}

/// The mail body of a raw message, decoded (lettre picks quoted-printable or base64).
pub fn mail_body(data: &str) -> String {
    let (head, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let cte = header(head, "content-transfer-encoding").to_ascii_lowercase();
    if cte == "base64" {
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap();
        return String::from_utf8(bytes).unwrap();
    }
    if cte == "quoted-printable" {
        let soft = body.replace("=\r\n", "");
        let b = soft.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        return String::from_utf8(out).unwrap();
    }
    body.to_string()
}
