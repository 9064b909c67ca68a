-- Departure care (issue 16, crates/store/src/predictions): scoring runs with their options,
-- fitted parameters and holdout validation (`active` is 1 while a run is queued or running and
-- NULL after, so the unique index keeps one run at a time across app servers); the current
-- prediction of each customer with its reasons (JSON, carewell_domain::retention::RiskReason);
-- a short history per customer (the P(alive) sparkline); the settings (one row, JSON).
CREATE TABLE prediction_runs (
    id TEXT PRIMARY KEY,
    active INTEGER UNIQUE,
    status TEXT NOT NULL,
    options TEXT NOT NULL,
    params TEXT,
    spend_params TEXT,
    fit TEXT,
    log_likelihood DOUBLE PRECISION,
    customers INTEGER,
    scored INTEGER,
    holdout TEXT,
    summary TEXT,
    currency TEXT,
    error TEXT,
    started_by TEXT NOT NULL,
    started_by_label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    duration_ms INTEGER
);
CREATE INDEX prediction_runs_created ON prediction_runs(created_at);

CREATE TABLE customer_predictions (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    run_id TEXT NOT NULL,
    p_alive DOUBLE PRECISION,
    expected_purchases DOUBLE PRECISION,
    clv DOUBLE PRECISION,
    currency TEXT,
    risk_score INTEGER NOT NULL,
    risk_band TEXT NOT NULL,
    value_at_risk DOUBLE PRECISION NOT NULL,
    frequency INTEGER,
    days_since_purchase INTEGER,
    reasons TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
CREATE INDEX customer_predictions_var ON customer_predictions(value_at_risk, customer_id);
CREATE INDEX customer_predictions_band ON customer_predictions(risk_band, customer_id);

CREATE TABLE customer_prediction_history (
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    run_id TEXT NOT NULL,
    at TEXT NOT NULL,
    p_alive DOUBLE PRECISION,
    risk_score INTEGER NOT NULL,
    PRIMARY KEY (customer_id, run_id)
);
CREATE INDEX customer_prediction_history_at ON customer_prediction_history(at);

CREATE TABLE retention_settings (
    id INTEGER PRIMARY KEY,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO retention_settings (id, settings, updated_at) VALUES (1, '{}', '2026-01-01T00:00:00.000000Z');
