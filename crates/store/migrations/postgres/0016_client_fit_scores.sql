-- Client-fit ranking, precomputed (crates/store/src/client_fit/ranking.rs): one row per
-- customer who has not departed, with the assessment the list shows and `rank_key`, one
-- ascending key for "most problems, then heaviest" so the list and its cursor pages are an
-- index range scan (ordered by rank_key, name, customer_id).
CREATE TABLE client_fit_scores (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    rank_key TEXT NOT NULL,
    name TEXT NOT NULL,
    stage TEXT NOT NULL,
    problems BIGINT NOT NULL,
    serious BIGINT NOT NULL,
    weight BIGINT NOT NULL,
    flagged TEXT NOT NULL,
    likelihood TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
CREATE INDEX client_fit_scores_rank ON client_fit_scores(rank_key, name, customer_id);
CREATE INDEX client_fit_scores_rec ON client_fit_scores(recommendation, rank_key, name, customer_id);

-- Customers whose facts changed since their score was computed: an append-only log (inserts
-- never wait on each other), written by the triggers below on every write to a source of the
-- facts — once per statement, from its transition table — and consumed by the list and the
-- `client_fit.refresh` job. `*` means "everyone" (a bulk load, changed settings, this
-- migration).
CREATE TABLE client_fit_dirty (
    seq BIGSERIAL PRIMARY KEY,
    customer_id TEXT NOT NULL
);
INSERT INTO client_fit_dirty (customer_id) VALUES ('*');

CREATE FUNCTION client_fit_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO client_fit_dirty (customer_id) SELECT DISTINCT customer_id FROM changed;
    RETURN NULL;
END $$;
CREATE FUNCTION client_fit_mark_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO client_fit_dirty (customer_id) SELECT id FROM changed;
    RETURN NULL;
END $$;
CREATE FUNCTION client_fit_mark_ledger_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO client_fit_dirty (customer_id)
    SELECT DISTINCT e.customer_id FROM changed c JOIN ledger_entries e ON e.id = c.entry_id;
    RETURN NULL;
END $$;

CREATE TRIGGER client_fit_mark_customers_i AFTER INSERT ON customers
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark_customers();
CREATE TRIGGER client_fit_mark_customers_u AFTER UPDATE ON customers
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark_customers();
CREATE TRIGGER client_fit_mark_complaints_i AFTER INSERT ON complaints
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_complaints_u AFTER UPDATE ON complaints
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_interactions_i AFTER INSERT ON interactions
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_interactions_u AFTER UPDATE ON interactions
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_transactions_i AFTER INSERT ON transactions
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_transactions_u AFTER UPDATE ON transactions
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_ledger_i AFTER INSERT ON ledger_entries
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_ledger_decisions_i AFTER INSERT ON ledger_decisions
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark_ledger_decisions();
CREATE TRIGGER client_fit_mark_judgements_i AFTER INSERT ON client_fit_judgements
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_flags_i AFTER INSERT ON client_fit_abuse_flags
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
CREATE TRIGGER client_fit_mark_flags_d AFTER DELETE ON client_fit_abuse_flags
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION client_fit_mark();
