-- Contact cadence and care moments (issue 15); the SQLite twin explains each part.
CREATE TABLE contact_cadence (
    stage TEXT NOT NULL,
    segment_id TEXT,
    days BIGINT NOT NULL
);
CREATE UNIQUE INDEX contact_cadence_key ON contact_cadence(stage, COALESCE(segment_id, ''));
INSERT INTO contact_cadence (stage, segment_id, days) VALUES
    ('onboarding', NULL, 14), ('active', NULL, 90), ('at-risk', NULL, 14), ('won-back', NULL, 30);

CREATE TABLE contact_cadence_members (
    segment_id TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, segment_id)
);

ALTER TABLE customers ADD COLUMN last_touch_at TEXT NOT NULL DEFAULT '';
UPDATE customers SET last_touch_at = COALESCE((SELECT MAX(i.occurred_at) FROM interactions i
    WHERE i.customer_id = customers.id AND i.kind IN ('call', 'meeting', 'email', 'chat', 'visit')), '');
CREATE INDEX customers_stage_touch ON customers(stage, last_touch_at);

CREATE FUNCTION cadence_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customers SET last_touch_at = COALESCE(
        (SELECT MAX(i.occurred_at) FROM interactions i WHERE i.customer_id = customers.id
            AND i.kind IN ('call', 'meeting', 'email', 'chat', 'visit')), '')
    WHERE id IN (
        CASE WHEN TG_OP = 'DELETE' THEN OLD.customer_id ELSE NEW.customer_id END,
        CASE WHEN TG_OP = 'INSERT' THEN NEW.customer_id ELSE OLD.customer_id END);
    RETURN NULL;
END $$;
CREATE TRIGGER cadence_touch AFTER INSERT OR UPDATE OR DELETE ON interactions
FOR EACH ROW EXECUTE FUNCTION cadence_touch();

CREATE UNIQUE INDEX tasks_cadence_once ON tasks(customer_id, kind, source_id)
    WHERE kind IN ('contact-due', 'care-moment');
CREATE INDEX tasks_customer_kind_open ON tasks(customer_id, kind, done_at);

CREATE TABLE care_moment_settings (
    moment TEXT PRIMARY KEY,
    mode TEXT NOT NULL,
    days_ahead BIGINT NOT NULL
);
INSERT INTO care_moment_settings (moment, mode, days_ahead) VALUES ('birthday', 'task', 3), ('anniversary', 'task', 3);

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
