-- Client-fit ranking, precomputed (crates/store/src/client_fit/ranking.rs): one row per
-- customer who has not departed, with the assessment the list shows and `rank_key`, one
-- ascending key for "most problems, then heaviest" so the list and its cursor pages are an
-- index range scan (ordered by rank_key, name, customer_id).
CREATE TABLE client_fit_scores (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    rank_key TEXT NOT NULL,
    name TEXT NOT NULL,
    stage TEXT NOT NULL,
    problems INTEGER NOT NULL,
    serious INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    flagged TEXT NOT NULL,
    likelihood TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    computed_at TEXT NOT NULL
);
CREATE INDEX client_fit_scores_rank ON client_fit_scores(rank_key, name, customer_id);
CREATE INDEX client_fit_scores_rec ON client_fit_scores(recommendation, rank_key, name, customer_id);

-- Customers whose facts changed since their score was computed: an append-only log (inserts
-- never wait on each other), written by the triggers below on every write to a source of the
-- facts, consumed by the list and the `client_fit.refresh` job. `*` means "everyone" (a bulk
-- load, changed settings, this migration).
CREATE TABLE client_fit_dirty (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL
);
INSERT INTO client_fit_dirty (customer_id) VALUES ('*');

CREATE TRIGGER client_fit_mark_customers_i AFTER INSERT ON customers BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.id);
END;
CREATE TRIGGER client_fit_mark_customers_u AFTER UPDATE ON customers BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.id);
END;
CREATE TRIGGER client_fit_mark_complaints_i AFTER INSERT ON complaints BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_complaints_u AFTER UPDATE ON complaints BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_interactions_i AFTER INSERT ON interactions BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_interactions_u AFTER UPDATE ON interactions BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_transactions_i AFTER INSERT ON transactions BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_transactions_u AFTER UPDATE ON transactions BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_ledger_i AFTER INSERT ON ledger_entries BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_ledger_decisions_i AFTER INSERT ON ledger_decisions BEGIN
    INSERT INTO client_fit_dirty (customer_id)
    SELECT customer_id FROM ledger_entries WHERE id = new.entry_id;
END;
CREATE TRIGGER client_fit_mark_judgements_i AFTER INSERT ON client_fit_judgements BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_flags_i AFTER INSERT ON client_fit_abuse_flags BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER client_fit_mark_flags_d AFTER DELETE ON client_fit_abuse_flags BEGIN
    INSERT INTO client_fit_dirty (customer_id) VALUES (old.customer_id);
END;
