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
