-- Durable jobs and the transactional outbox. Same shape on SQLite and PostgreSQL.
-- Claims set status 'running'/'sending', a fencing token (claim_token) and a lease; a row whose
-- lease has passed is claimable again, and only the holder of the current token may finish it.

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    unique_key TEXT UNIQUE,
    status TEXT NOT NULL,
    run_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    last_error TEXT,
    claim_token TEXT,
    lease_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_at);

CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    event_types TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    customer_id TEXT,
    channel TEXT NOT NULL,
    consent_channel TEXT,
    class TEXT NOT NULL,
    event TEXT NOT NULL,
    template TEXT,
    args TEXT NOT NULL DEFAULT '{}',
    language TEXT NOT NULL DEFAULT 'en',
    recipient TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL,
    reason TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    claim_token TEXT,
    lease_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_customer ON outbox(customer_id, created_at);
CREATE INDEX outbox_customer_sent ON outbox(customer_id, consent_channel, sent_at);

-- The delivery log: one row per status change of a message.
CREATE TABLE outbox_log (
    id TEXT PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX outbox_log_message ON outbox_log(message_id, at);
