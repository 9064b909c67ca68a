-- Satisfaction surveys (NPS, CSAT, CES): a survey, its recipients (one per customer, with the
-- hash of their one-time link, or the reason they were not asked), their answers, and the
-- survey settings (recontact throttle, the quarterly relationship NPS).
-- The complaint's satisfaction question is a CSAT survey of its own (`complaint-satisfaction`):
-- its answers are survey responses too, from now on and (backfilled here) from before.

CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    question TEXT,
    trigger_kind TEXT NOT NULL,
    segment_id TEXT,
    expires_days BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX surveys_created ON surveys(created_at, id);

CREATE TABLE survey_recipients (
    id TEXT PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    reason TEXT,
    last_surveyed_at TEXT,
    token_hash TEXT UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    UNIQUE (survey_id, customer_id)
);
CREATE INDEX survey_recipients_customer ON survey_recipients(customer_id, status, created_at);

CREATE TABLE survey_responses (
    id TEXT PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    recipient_id TEXT UNIQUE REFERENCES survey_recipients(id) ON DELETE CASCADE,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    score BIGINT NOT NULL,
    comment TEXT,
    complaint_id TEXT,
    answered_at TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id, answered_at);
CREATE INDEX survey_responses_customer ON survey_responses(customer_id, answered_at);

CREATE TABLE survey_settings (
    id BIGINT PRIMARY KEY,
    recontact_days BIGINT NOT NULL,
    relationship_nps BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO survey_settings (id, recontact_days, relationship_nps, updated_at)
VALUES (1, 30, 1, '1970-01-01T00:00:00.000000Z');

INSERT INTO surveys (id, kind, name, question, trigger_kind, segment_id, expires_days, created_by, created_at)
VALUES ('complaint-satisfaction', 'csat', 'Complaint satisfaction', NULL, 'complaint', NULL, 30, 'system',
        '1970-01-01T00:00:00.000000Z');

INSERT INTO survey_responses (id, survey_id, recipient_id, customer_id, kind, score, comment, complaint_id, answered_at)
SELECT 'complaint-' || id, 'complaint-satisfaction', NULL, customer_id, 'csat', satisfaction_score,
       satisfaction_comment, id, updated_at
FROM complaints WHERE satisfaction_score IS NOT NULL;
