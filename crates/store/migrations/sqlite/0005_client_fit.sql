-- Client-fit review: staff-abuse flags on interactions, reviewer judgements (append-only
-- history; the newest per customer and topic counts), decisions (append-only, each with the
-- assessment it was based on) and the cost-to-serve settings.

-- An interaction flagged as abuse of staff (one flag per interaction).
CREATE TABLE client_fit_abuse_flags (
    interaction_id TEXT PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    note TEXT,
    flagged_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX client_fit_abuse_customer ON client_fit_abuse_flags(customer_id);

-- kind: note (any writer, no value), judgement (topic = a reason, value = level or NULL to
-- return to the data-based score), likelihood (topic = 'likelihood', value = low/medium/high
-- or NULL to use the suggestion).
CREATE TABLE client_fit_judgements (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    topic TEXT NOT NULL,
    value TEXT,
    note TEXT NOT NULL,
    reviewer_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX client_fit_judgements_customer ON client_fit_judgements(customer_id, created_at);

CREATE TABLE client_fit_decisions (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    assessment TEXT NOT NULL,
    offboarding_case_id TEXT,
    reviewer_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX client_fit_decisions_customer ON client_fit_decisions(customer_id, created_at);

-- One row (id = 1): minutes of staff time per interaction and per complaint, and the hourly
-- cost per currency as JSON {"EUR": 4000, ...} (minor units).
CREATE TABLE client_fit_settings (
    id BIGINT PRIMARY KEY,
    minutes_per_interaction BIGINT NOT NULL,
    minutes_per_complaint BIGINT NOT NULL,
    hourly_cost TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO client_fit_settings VALUES
 (1, 20, 90, '{"CNY":30000,"EUR":4000,"GBP":3500,"USD":4500}', '2026-01-01T00:00:00.000000Z');

-- History is never rewritten (rows go only with their customer).
CREATE TRIGGER client_fit_judgements_no_update BEFORE UPDATE ON client_fit_judgements
BEGIN SELECT RAISE(ABORT, 'client_fit_judgements is append-only'); END;
CREATE TRIGGER client_fit_decisions_no_update BEFORE UPDATE ON client_fit_decisions
BEGIN SELECT RAISE(ABORT, 'client_fit_decisions is append-only'); END;
