-- Contact cadence and care moments (issue 15).
--
-- contact_cadence: how many days may pass without contact, per lifecycle stage (segment_id
-- NULL: the stage's default) and per segment within a stage (an override). A stage without a
-- row has no cadence (leaving and departed customers never have one). Seeded with
-- carewell_domain::cadence::default_days.
CREATE TABLE contact_cadence (
    stage TEXT NOT NULL,
    segment_id TEXT,
    days INTEGER NOT NULL
);
CREATE UNIQUE INDEX contact_cadence_key ON contact_cadence(stage, COALESCE(segment_id, ''));
INSERT INTO contact_cadence (stage, segment_id, days) VALUES
    ('onboarding', NULL, 14), ('active', NULL, 90), ('at-risk', NULL, 14), ('won-back', NULL, 30);

-- The members of the segments that have a cadence override, as of the daily cadence run (the
-- run and a change of the cadence settings refresh it; it goes with the customer).
CREATE TABLE contact_cadence_members (
    segment_id TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, segment_id)
);

-- customers.last_touch_at: the newest real contact (interaction kinds call, meeting, email,
-- chat, visit; an internal note is not contact), '' never. Kept by triggers like
-- last_contact_at (migration 0017); the cadence run reads it per stage through the index.
ALTER TABLE customers ADD COLUMN last_touch_at TEXT NOT NULL DEFAULT '';
UPDATE customers SET last_touch_at = COALESCE((SELECT MAX(i.occurred_at) FROM interactions i
    WHERE i.customer_id = customers.id AND i.kind IN ('call', 'meeting', 'email', 'chat', 'visit')), '');
CREATE INDEX customers_stage_touch ON customers(stage, last_touch_at);

CREATE TRIGGER cadence_touch_i AFTER INSERT ON interactions
WHEN new.kind IN ('call', 'meeting', 'email', 'chat', 'visit') BEGIN
    UPDATE customers SET last_touch_at = COALESCE((SELECT MAX(occurred_at) FROM interactions
        WHERE customer_id = new.customer_id AND kind IN ('call', 'meeting', 'email', 'chat', 'visit')), '')
    WHERE id = new.customer_id;
END;
CREATE TRIGGER cadence_touch_u AFTER UPDATE ON interactions BEGIN
    UPDATE customers SET last_touch_at = COALESCE((SELECT MAX(occurred_at) FROM interactions
        WHERE customer_id = customers.id AND kind IN ('call', 'meeting', 'email', 'chat', 'visit')), '')
    WHERE id IN (new.customer_id, old.customer_id);
END;
CREATE TRIGGER cadence_touch_d AFTER DELETE ON interactions
WHEN old.kind IN ('call', 'meeting', 'email', 'chat', 'visit') BEGIN
    UPDATE customers SET last_touch_at = COALESCE((SELECT MAX(occurred_at) FROM interactions
        WHERE customer_id = old.customer_id AND kind IN ('call', 'meeting', 'email', 'chat', 'visit')), '')
    WHERE id = old.customer_id;
END;

-- One reminder per customer per period: a contact-due task's source_id is the first day of its
-- cadence period, a care-moment task's `<moment>:<year>`; the database refuses a second one
-- (several app servers, re-runs, restarts).
CREATE UNIQUE INDEX tasks_cadence_once ON tasks(customer_id, kind, source_id)
    WHERE kind IN ('contact-due', 'care-moment');
-- A customer's open tasks of a kind (the run's "none open yet" check, the customer page).
CREATE INDEX tasks_customer_kind_open ON tasks(customer_id, kind, done_at);

-- What each care moment does: mode off | task | message; a task is created days_ahead days
-- before the day.
CREATE TABLE care_moment_settings (
    moment TEXT PRIMARY KEY,
    mode TEXT NOT NULL,
    days_ahead BIGINT NOT NULL
);
INSERT INTO care_moment_settings (moment, mode, days_ahead) VALUES ('birthday', 'task', 3), ('anniversary', 'task', 3);

-- Each care moment happens at most once per customer and year (the key), whatever it did
-- (action task | message, ref_id the task or the outbox message); on_date is the day in the
-- customer's time zone.
CREATE TABLE care_moments (
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    moment TEXT NOT NULL,
    year BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    years BIGINT NOT NULL,
    action TEXT NOT NULL,
    ref_id TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (customer_id, moment, year)
);
CREATE INDEX care_moments_on_date ON care_moments(on_date);
