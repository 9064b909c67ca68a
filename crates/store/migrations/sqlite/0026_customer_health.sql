-- Customer health (issue 15, crates/store/src/health): the current score of each customer with
-- its explained signals (JSON, carewell_domain::health::Signal), the history (a row on each day
-- the score's make-up changed, so "as of a day" is the latest row on or before it; pruned after
-- 400 days), and the settings (one row: weights and band thresholds as JSON).
CREATE TABLE customer_health (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    score INTEGER NOT NULL,
    band TEXT NOT NULL,
    signals TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE INDEX customer_health_band ON customer_health(band, customer_id);

CREATE TABLE customer_health_history (
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    score INTEGER NOT NULL,
    band TEXT NOT NULL,
    signals TEXT NOT NULL,
    PRIMARY KEY (customer_id, day)
);
CREATE INDEX customer_health_history_day ON customer_health_history(day);

CREATE TABLE health_settings (
    id INTEGER PRIMARY KEY,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO health_settings (id, settings, updated_at) VALUES (1,
 '{"weights":{"contact_recency":25,"usage_trend":15,"purchase_rhythm":15,"complaints":20,"satisfaction":15,"payments":10},"bands":{"red_max":50,"yellow_max":75}}',
 '2026-01-01T00:00:00.000000Z');
