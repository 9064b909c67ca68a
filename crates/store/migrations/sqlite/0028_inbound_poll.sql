-- The inbound mail poller's last result (issue 14): one row per source (`imap`), overwritten
-- by every poll, shown on the messaging settings page (last poll, messages taken, last error).
CREATE TABLE inbound_poll_status (
    source TEXT PRIMARY KEY,
    polled_at TEXT NOT NULL,
    -- messages stored (threaded, new intakes and duplicates) by the last poll
    taken INTEGER NOT NULL,
    -- messages set aside by the last poll (no sender, too large: flagged in the mailbox)
    skipped INTEGER NOT NULL,
    -- the last poll's error (connection, login, mailbox), NULL when it went through
    error TEXT,
    -- the last poll that went through
    ok_at TEXT
);
