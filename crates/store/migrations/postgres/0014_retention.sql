-- Retention of finished work (issue 13): finished jobs are deleted and delivered messages lose
-- their content (arguments, webhook data) after a retention period; the message row, its
-- delivery log and its idempotency key stay (caps, deduplication, the delivery history).
ALTER TABLE outbox ADD COLUMN pruned_at TEXT;
CREATE INDEX jobs_finished ON jobs(status, updated_at);
CREATE INDEX outbox_finished ON outbox(status, updated_at);
