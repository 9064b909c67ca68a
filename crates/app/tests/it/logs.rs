//! Server logs (issue 14): plain text when stderr is a file or a pipe (no ANSI colour codes),
//! one JSON object per line with `CAREWELL_LOG_FORMAT=json`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What `carewell serve` on a fresh SQLite file writes to a piped stderr until its first
/// warning (the missing audit key) has appeared.
fn first_log_lines(json: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carewell"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("CAREWELL_") || k == "RUST_LOG") {
        cmd.env_remove(k);
    }
    if json {
        cmd.env("CAREWELL_LOG_FORMAT", "json");
    }
    let mut child = cmd
        .args([
            "--database",
            &format!("sqlite://{}", dir.path().join("l.db").display()),
        ])
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("CAREWELL_CONFIG", dir.path().join("absent.toml"))
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let start = Instant::now();
    // Long enough for the start-up warning; then stop the server (closing its stderr).
    while start.elapsed() < Duration::from_secs(5) && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    reader.join().unwrap()
}

#[test]
fn logs_to_a_pipe_are_plain_or_json() {
    let plain = first_log_lines(false);
    assert!(plain.contains("audit_key is not set"), "{plain}");
    assert!(
        !plain.contains('\u{1b}'),
        "no colour codes in a pipe: {plain:?}"
    );
    let json = first_log_lines(true);
    let events: Vec<serde_json::Value> = json
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        events.iter().any(|e| e["level"] == "WARN"
            && e["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("audit_key"))),
        "{json}"
    );
    assert!(!json.contains('\u{1b}'));
}
