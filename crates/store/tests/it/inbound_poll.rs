//! The inbound mail poller's last result on SQLite and PostgreSQL: none before the first poll,
//! each poll replaces the last, a failed poll keeps the time of the last one that went through,
//! and a long error is cut.

use carewell_store::Store;
use carewell_store::inbound_poll::{IMAP, PollResult};
use chrono::{Duration, Utc};

async fn last_result_is_kept(s: &Store) {
    assert_eq!(s.inbound_poll_status(IMAP).await.unwrap(), None);
    let t0 = Utc::now();
    let ok = PollResult {
        taken: 3,
        skipped: 1,
        error: None,
    };
    s.record_inbound_poll(IMAP, t0, &ok).await.unwrap();
    let first = s.inbound_poll_status(IMAP).await.unwrap().unwrap();
    assert_eq!((first.taken, first.skipped, first.error), (3, 1, None));
    assert_eq!(first.ok_at.as_deref(), Some(first.polled_at.as_str()));

    let failed = PollResult {
        error: Some("login as care failed: ".to_string() + &"x".repeat(900)),
        ..PollResult::default()
    };
    s.record_inbound_poll(IMAP, t0 + Duration::minutes(1), &failed)
        .await
        .unwrap();
    let second = s.inbound_poll_status(IMAP).await.unwrap().unwrap();
    assert_eq!((second.taken, second.skipped), (0, 0));
    assert_ne!(second.polled_at, first.polled_at);
    assert_eq!(second.ok_at, first.ok_at, "the last poll that went through");
    let e = second.error.unwrap();
    assert!(e.starts_with("login as care failed") && e.chars().count() == 500);
    assert_eq!(s.inbound_poll_status("other").await.unwrap(), None);
}

engines!(last_result_is_kept);
