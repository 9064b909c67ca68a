-- Complaints with SLA clock, their history, SLA policies per severity, public intake links,
-- follow-up tasks and the append-only compensation ledger.

CREATE TABLE complaints (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    attachments TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    resume_to TEXT,
    demand TEXT,
    escalation_level BIGINT NOT NULL DEFAULT 0,
    reopen_count BIGINT NOT NULL DEFAULT 0,
    owner_id TEXT REFERENCES users(id),
    resolution TEXT,
    root_cause TEXT,
    sla_pauses TEXT NOT NULL DEFAULT '[]',
    sla_notified TEXT NOT NULL DEFAULT '[]',
    first_response_at TEXT,
    resolved_at TEXT,
    closed_at TEXT,
    satisfaction_token TEXT NOT NULL UNIQUE,
    satisfaction_score BIGINT,
    satisfaction_comment TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaints_customer ON complaints(customer_id, created_at);
CREATE INDEX complaints_status ON complaints(status);
CREATE INDEX complaints_created ON complaints(created_at);

CREATE TABLE complaint_events (
    id TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

CREATE TABLE sla_policies (
    severity TEXT PRIMARY KEY,
    first_response_minutes BIGINT NOT NULL,
    resolution_minutes BIGINT NOT NULL,
    calendar TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO sla_policies VALUES
 ('critical', 60, 240, '{"always_open":true,"utc_offset_minutes":0,"open_days":[true,true,true,true,true,true,true],"open_minute":0,"close_minute":1440,"holidays":[]}', '2026-01-01T00:00:00.000000Z'),
 ('high', 240, 480, '{"always_open":false,"utc_offset_minutes":0,"open_days":[true,true,true,true,true,false,false],"open_minute":540,"close_minute":1020,"holidays":[]}', '2026-01-01T00:00:00.000000Z'),
 ('medium', 480, 1440, '{"always_open":false,"utc_offset_minutes":0,"open_days":[true,true,true,true,true,false,false],"open_minute":540,"close_minute":1020,"holidays":[]}', '2026-01-01T00:00:00.000000Z'),
 ('low', 1440, 4320, '{"always_open":false,"utc_offset_minutes":0,"open_days":[true,true,true,true,true,false,false],"open_minute":540,"close_minute":1020,"holidays":[]}', '2026-01-01T00:00:00.000000Z');

-- Unguessable links to the public complaint form, one per customer.
CREATE TABLE complaint_links (
    token TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL UNIQUE REFERENCES customers(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    customer_id TEXT REFERENCES customers(id) ON DELETE CASCADE,
    owner_id TEXT REFERENCES users(id),
    source_kind TEXT,
    source_id TEXT,
    due_at TEXT NOT NULL,
    done_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX tasks_owner ON tasks(owner_id, done_at, due_at);
CREATE INDEX tasks_source ON tasks(source_kind, source_id);

-- Approval thresholds per currency (minor units); a currency not listed always needs approval.
CREATE TABLE ledger_thresholds (
    currency TEXT PRIMARY KEY,
    approval_threshold_minor BIGINT NOT NULL
);
INSERT INTO ledger_thresholds VALUES ('EUR', 10000), ('USD', 10000), ('GBP', 10000), ('CNY', 80000);

-- The compensation ledger: rows are never changed; a mistake is undone by a reversal row.
CREATE TABLE ledger_entries (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    reverses_id TEXT UNIQUE REFERENCES ledger_entries(id),
    requires_approval BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ledger_customer ON ledger_entries(customer_id, created_at);
CREATE INDEX ledger_source ON ledger_entries(source_kind, source_id);

-- A manager's decision on an entry that needed approval; one per entry, never changed.
CREATE TABLE ledger_decisions (
    entry_id TEXT PRIMARY KEY REFERENCES ledger_entries(id),
    decision TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    note TEXT,
    decided_at TEXT NOT NULL
);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_decisions_no_change BEFORE UPDATE OR DELETE ON ledger_decisions
FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
