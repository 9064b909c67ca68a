-- Offboarding: parting ways with a customer. Cases with a validated timeline, the ordered steps
-- (direct contact before written notice), the farewell letter draft, the exit survey, retention
-- holds on financial records, erasure certificates, and the configurable rule tables
-- (minimum notice per jurisdiction × contract type; retention per record category).

-- Minimum notice: the most specific row wins (country, then EU, then `default`; a contract type,
-- then `default`). The period is `min_months` calendar months plus `min_days` days.
CREATE TABLE offboarding_notice_rules (
    jurisdiction TEXT NOT NULL,
    contract_type TEXT NOT NULL,
    min_months BIGINT NOT NULL,
    min_days BIGINT NOT NULL,
    basis TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (jurisdiction, contract_type)
);
INSERT INTO offboarding_notice_rules VALUES
 ('default', 'default', 0, 30, 'Carewell default: 30 days notice', '2026-01-01T00:00:00.000000Z'),
 ('EU', 'default', 0, 30, 'Carewell default for EU consumers: 30 days notice', '2026-01-01T00:00:00.000000Z'),
 ('EU', 'payment-account', 2, 0, 'Payment Services Directive (EU) 2015/2366 Art. 55(3): at least two months notice to terminate a framework contract', '2026-01-01T00:00:00.000000Z'),
 ('GB', 'default', 0, 90, 'UK default: 90 days notice', '2026-01-01T00:00:00.000000Z'),
 ('GB', 'payment-account', 0, 90, 'UK payment accounts: 90 days notice', '2026-01-01T00:00:00.000000Z');

-- How long records of a category are kept after the relationship ends, and why.
CREATE TABLE offboarding_retention_rules (
    category TEXT PRIMARY KEY,
    tables TEXT NOT NULL,
    keep_days BIGINT NOT NULL,
    legal_basis TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO offboarding_retention_rules VALUES
 ('financial', '["transactions","contracts","ledger_entries"]', 1826, 'AML: Directive (EU) 2015/849 Art. 40(1) — transaction records and contracts kept five years after the business relationship ends', '2026-01-01T00:00:00.000000Z');

CREATE TABLE offboarding_cases (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    initiator TEXT NOT NULL,
    reason TEXT NOT NULL,
    reason_note TEXT,
    situations TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    contract_type TEXT NOT NULL,
    notice_date TEXT NOT NULL,
    service_end TEXT NOT NULL,
    support_end TEXT NOT NULL,
    export_until TEXT NOT NULL,
    deletion_date TEXT NOT NULL,
    min_notice TEXT NOT NULL,
    exception_basis TEXT,
    token_hash TEXT UNIQUE,
    token_issued_at TEXT,
    opened_by TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT,
    contacted_at TEXT,
    letter_sent_at TEXT,
    closed_at TEXT,
    erased_at TEXT,
    cancelled_at TEXT,
    cancel_reason TEXT,
    revenue_12m TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX offboarding_cases_customer ON offboarding_cases(customer_id, created_at);
CREATE INDEX offboarding_cases_status ON offboarding_cases(status, deletion_date);

-- Every step of a case, in order (opened, approved, contact, letter-saved, letter-sent, goodwill,
-- closed, erased, hold-released, cancelled, survey, link-issued).
CREATE TABLE offboarding_steps (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES offboarding_cases(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    step TEXT NOT NULL,
    note TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX offboarding_steps_case ON offboarding_steps(case_id, at);

-- The farewell letter draft: one per case, in the customer's language, five parts.
CREATE TABLE offboarding_letters (
    case_id TEXT PRIMARY KEY REFERENCES offboarding_cases(id),
    language TEXT NOT NULL,
    thanks TEXT NOT NULL,
    framing TEXT NOT NULL,
    goodwill TEXT NOT NULL,
    apology TEXT NOT NULL,
    alternatives TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    message_id TEXT
);

-- The customer's exit survey, one per case.
CREATE TABLE offboarding_surveys (
    case_id TEXT PRIMARY KEY REFERENCES offboarding_cases(id),
    reason_left TEXT NOT NULL,
    would_have_kept TEXT,
    comment TEXT,
    rating BIGINT,
    submitted_at TEXT NOT NULL
);

-- Records kept past the deletion date under a legal obligation; readable by compliance only
-- while `released_at` is null.
CREATE TABLE offboarding_holds (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES offboarding_cases(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    category TEXT NOT NULL,
    tables TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    held_until TEXT NOT NULL,
    created_at TEXT NOT NULL,
    released_at TEXT
);
CREATE INDEX offboarding_holds_customer ON offboarding_holds(customer_id, released_at);

-- Proof of an erasure (or of the purge when a hold ends): what was erased, what was kept and
-- why, when; `hash` is the SHA-256 of `body`. Counts only, never the erased values.
CREATE TABLE offboarding_certificates (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES offboarding_cases(id),
    kind TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX offboarding_certificates_case ON offboarding_certificates(case_id, issued_at);

-- A purge grant: while a row for the customer exists, the append-only ledger lets that
-- customer's entries be deleted (only the hold-expiry purge writes here, in its transaction).
CREATE TABLE offboarding_purges (
    customer_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE FUNCTION ledger_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM offboarding_purges p WHERE p.customer_id = OLD.customer_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE FUNCTION ledger_decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM offboarding_purges p JOIN ledger_entries e
            ON e.customer_id = p.customer_id WHERE e.id = OLD.entry_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
DROP TRIGGER ledger_no_change ON ledger_entries;
CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_entries_guard();
DROP TRIGGER ledger_decisions_no_change ON ledger_decisions;
CREATE TRIGGER ledger_decisions_no_change BEFORE UPDATE OR DELETE ON ledger_decisions
FOR EACH ROW EXECUTE FUNCTION ledger_decisions_guard();
