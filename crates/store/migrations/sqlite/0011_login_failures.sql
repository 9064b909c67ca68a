-- Sign-in throttling (carewell_domain::throttle): one row per key — `pair:<ip>|<account>`,
-- `account:<account>`, `ip:<ip>` — with its failures since the counter last restarted, the last
-- failure and (pair keys) the last successful sign-in. A lock is derived from these (the last
-- failure plus the lock its count earns). `forget_at` is when the row no longer matters; rows
-- past it are deleted as attempts come in. Shared by every app server on the database.
CREATE TABLE login_failures (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL DEFAULT 0,
    last_failure_at TEXT,
    last_success_at TEXT,
    forget_at TEXT NOT NULL
);
CREATE INDEX login_failures_forget ON login_failures(forget_at);
