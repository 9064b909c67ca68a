-- Surveys "N days into a stage" (issue 15); the SQLite twin explains each part.
ALTER TABLE customers ADD COLUMN stage_since TEXT NOT NULL DEFAULT '';
UPDATE customers SET stage_since = created_at;
CREATE INDEX customers_stage_since ON customers(stage, stage_since);

CREATE FUNCTION customers_stage_since() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.stage_since = '' THEN
            NEW.stage_since := NEW.created_at;
        END IF;
    ELSIF NEW.stage IS DISTINCT FROM OLD.stage AND NEW.stage_since = OLD.stage_since THEN
        NEW.stage_since := CASE WHEN NEW.updated_at > OLD.updated_at THEN NEW.updated_at
            ELSE to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER customers_stage_since BEFORE INSERT OR UPDATE OF stage ON customers
FOR EACH ROW EXECUTE FUNCTION customers_stage_since();

CREATE TABLE survey_stage_triggers (
    stage TEXT NOT NULL,
    days BIGINT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (stage, days, kind)
);

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
