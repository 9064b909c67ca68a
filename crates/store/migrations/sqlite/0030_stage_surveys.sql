-- Surveys "N days into a stage" (issue 15): when each customer entered their lifecycle stage,
-- the rules (stage, days, kind), and which stage entries were already asked, so a customer is
-- never asked twice for the same entry, whoever runs the daily job how often.
--
-- customers.stage_since: when the customer entered their current stage (UTC, as stored
-- timestamps are): the creation for a new customer, else the change of stage (the update's
-- updated_at, or now when an update did not set it) unless the update sets it itself. Kept by
-- triggers, whichever code path or import changes the stage. Existing customers count from their creation (nobody is asked
-- because of the upgrade).
ALTER TABLE customers ADD COLUMN stage_since TEXT NOT NULL DEFAULT '';
UPDATE customers SET stage_since = created_at;
CREATE INDEX customers_stage_since ON customers(stage, stage_since);

CREATE TRIGGER customers_stage_since_i AFTER INSERT ON customers
WHEN new.stage_since = '' BEGIN
    UPDATE customers SET stage_since = new.created_at WHERE id = new.id;
END;
CREATE TRIGGER customers_stage_since_u AFTER UPDATE OF stage ON customers
WHEN new.stage <> old.stage AND new.stage_since = old.stage_since BEGIN
    UPDATE customers SET stage_since = CASE WHEN new.updated_at > old.updated_at THEN new.updated_at
        ELSE strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' END
    WHERE id = new.id;
END;

-- The rules: a survey of `kind` to customers `days` days after they entered `stage`.
-- created_at: a rule only asks customers who cross the mark after it was made.
CREATE TABLE survey_stage_triggers (
    stage TEXT NOT NULL,
    days BIGINT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (stage, days, kind)
);

-- One row per rule and stage entry considered (sent, throttled or skipped alike: a throttled
-- customer is not asked later for the same entry).
CREATE TABLE survey_stage_sends (
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    stage_since TEXT NOT NULL,
    days BIGINT NOT NULL,
    kind TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (customer_id, stage, stage_since, days, kind)
);
