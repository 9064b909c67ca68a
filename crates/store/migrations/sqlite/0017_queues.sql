-- Sortable queues (issue 14): what the complaint list sorts and filters by, stored so that it
-- can be indexed.
--
-- complaints.sla_due_at: the deadline of the SLA target running now (the first response until
-- it is given, then the resolution), NULL while the clock is paused, once resolved and once
-- closed. Written with every save of a complaint (crates/store/src/complaints/mod.rs) and when a
-- policy changes; the business calendar is Rust, so the backfill is the data step
-- `0017-complaint-sla-due` (crates/store/src/data_steps.rs).
ALTER TABLE complaints ADD COLUMN sla_due_at TEXT;
-- complaints.last_customer_message_at: the newest thing the customer said on the complaint:
-- the intake itself, then every customer reply in the thread (public page, inbound e-mail).
ALTER TABLE complaints ADD COLUMN last_customer_message_at TEXT;

UPDATE complaints SET last_customer_message_at = COALESCE(
    (SELECT MAX(t.at) FROM complaint_thread t WHERE t.complaint_id = complaints.id AND t.kind = 'customer'),
    created_at);

CREATE INDEX complaints_sla_due ON complaints(sla_due_at, id);
CREATE INDEX complaints_last_customer ON complaints(last_customer_message_at, id);
CREATE INDEX complaints_owner ON complaints(owner_id, created_at);

-- The customer list sorts by last contact, open complaints and value at any size, so each is a
-- column of the customer, kept by triggers on every write to its source (whatever writes it:
-- forms, API, import, demo, erasure), with an index per sort (the id breaks ties, and is the
-- cursor's second key).
--   last_contact_at: the newest interaction's time ('' never: sorts as the oldest).
--   open_complaints: complaints not closed.
--   value_minor / value_currency: lifetime revenue from transactions (summed as TOTAL and held
--   within ±9e18, so rows from before amounts were bounded never make a write fail), in minor units of the
--   customer's main currency (the one with the most revenue); 0 / NULL without transactions.
ALTER TABLE customers ADD COLUMN last_contact_at TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN open_complaints BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN value_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN value_currency TEXT;

UPDATE customers SET
    last_contact_at = COALESCE((SELECT MAX(i.occurred_at) FROM interactions i WHERE i.customer_id = customers.id), ''),
    open_complaints = (SELECT COUNT(*) FROM complaints c WHERE c.customer_id = customers.id AND c.status <> 'closed'),
    value_minor = COALESCE((SELECT CAST(MAX(MIN(TOTAL(t.amount_minor), 9.0e18), -9.0e18) AS INTEGER) FROM transactions t WHERE t.customer_id = customers.id
        GROUP BY t.currency ORDER BY TOTAL(t.amount_minor) DESC, t.currency LIMIT 1), 0),
    value_currency = (SELECT t.currency FROM transactions t WHERE t.customer_id = customers.id
        GROUP BY t.currency ORDER BY TOTAL(t.amount_minor) DESC, t.currency LIMIT 1);

CREATE INDEX customers_created_q ON customers(created_at, id);
CREATE INDEX customers_stage_q ON customers(stage, id);
CREATE INDEX customers_name_q ON customers(name, id);
CREATE INDEX customers_last_contact_q ON customers(last_contact_at, id);
CREATE INDEX customers_open_complaints_q ON customers(open_complaints, id);
CREATE INDEX customers_value_q ON customers(value_minor, id);
CREATE INDEX transactions_customer_currency ON transactions(customer_id, currency);

CREATE TRIGGER queue_contact_i AFTER INSERT ON interactions BEGIN
    UPDATE customers SET last_contact_at = COALESCE((SELECT MAX(occurred_at) FROM interactions WHERE customer_id = new.customer_id), '')
    WHERE id = new.customer_id;
END;
CREATE TRIGGER queue_contact_u AFTER UPDATE ON interactions BEGIN
    UPDATE customers SET last_contact_at = COALESCE((SELECT MAX(occurred_at) FROM interactions WHERE customer_id = customers.id), '')
    WHERE id IN (new.customer_id, old.customer_id);
END;
CREATE TRIGGER queue_contact_d AFTER DELETE ON interactions BEGIN
    UPDATE customers SET last_contact_at = COALESCE((SELECT MAX(occurred_at) FROM interactions WHERE customer_id = old.customer_id), '')
    WHERE id = old.customer_id;
END;
CREATE TRIGGER queue_open_i AFTER INSERT ON complaints BEGIN
    UPDATE customers SET open_complaints = (SELECT COUNT(*) FROM complaints WHERE customer_id = new.customer_id AND status <> 'closed')
    WHERE id = new.customer_id;
END;
CREATE TRIGGER queue_open_u AFTER UPDATE OF status, customer_id ON complaints BEGIN
    UPDATE customers SET open_complaints = (SELECT COUNT(*) FROM complaints WHERE customer_id = customers.id AND status <> 'closed')
    WHERE id IN (new.customer_id, old.customer_id);
END;
CREATE TRIGGER queue_open_d AFTER DELETE ON complaints BEGIN
    UPDATE customers SET open_complaints = (SELECT COUNT(*) FROM complaints WHERE customer_id = old.customer_id AND status <> 'closed')
    WHERE id = old.customer_id;
END;
CREATE TRIGGER queue_value_i AFTER INSERT ON transactions BEGIN
    UPDATE customers SET
        value_minor = COALESCE((SELECT CAST(MAX(MIN(TOTAL(amount_minor), 9.0e18), -9.0e18) AS INTEGER) FROM transactions WHERE customer_id = new.customer_id
            GROUP BY currency ORDER BY TOTAL(amount_minor) DESC, currency LIMIT 1), 0),
        value_currency = (SELECT currency FROM transactions WHERE customer_id = new.customer_id
            GROUP BY currency ORDER BY TOTAL(amount_minor) DESC, currency LIMIT 1)
    WHERE id = new.customer_id;
END;
CREATE TRIGGER queue_value_u AFTER UPDATE ON transactions BEGIN
    UPDATE customers SET
        value_minor = COALESCE((SELECT CAST(MAX(MIN(TOTAL(amount_minor), 9.0e18), -9.0e18) AS INTEGER) FROM transactions WHERE customer_id = customers.id
            GROUP BY currency ORDER BY TOTAL(amount_minor) DESC, currency LIMIT 1), 0),
        value_currency = (SELECT currency FROM transactions WHERE customer_id = customers.id
            GROUP BY currency ORDER BY TOTAL(amount_minor) DESC, currency LIMIT 1)
    WHERE id IN (new.customer_id, old.customer_id);
END;
CREATE TRIGGER queue_value_d AFTER DELETE ON transactions BEGIN
    UPDATE customers SET
        value_minor = COALESCE((SELECT CAST(MAX(MIN(TOTAL(amount_minor), 9.0e18), -9.0e18) AS INTEGER) FROM transactions WHERE customer_id = old.customer_id
            GROUP BY currency ORDER BY TOTAL(amount_minor) DESC, currency LIMIT 1), 0),
        value_currency = (SELECT currency FROM transactions WHERE customer_id = old.customer_id
            GROUP BY currency ORDER BY TOTAL(amount_minor) DESC, currency LIMIT 1)
    WHERE id = old.customer_id;
END;
