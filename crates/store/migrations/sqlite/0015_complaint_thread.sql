-- Conversations on complaints (issue 14): every complaint has a thread of what was said —
-- replies agents sent (through the outbox), internal notes (never sent), the customer's replies
-- (public page, inbound e-mail) and the messages the workflow sent (rendered from the outbox row
-- they point to). The customer's original words stay in complaints.description.
CREATE TABLE complaint_thread (
    id TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    -- customer, agent, note or system
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    -- who wrote it: a staff user's label, "customer" or "system"
    author TEXT NOT NULL,
    author_id TEXT,
    -- how it came or went: page, public, email, workflow
    via TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    -- an inbound e-mail's HTML as received: stored, never rendered
    html TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',
    -- the outbox message that carried it to the customer (agent replies, workflow messages)
    outbox_id TEXT,
    -- an inbound e-mail's own Message-ID: the same mail delivered twice is stored once
    inbound_message_id TEXT
);
CREATE INDEX complaint_thread_complaint ON complaint_thread(complaint_id, at);
CREATE UNIQUE INDEX complaint_thread_inbound ON complaint_thread(inbound_message_id);
CREATE INDEX complaint_thread_outbox ON complaint_thread(outbox_id);

-- Links to a complaint's public conversation page (only SHA-256 hashes). Every reply e-mail
-- carries a fresh one; the earlier ones keep working until the complaint's customer is erased.
CREATE TABLE complaint_thread_links (
    token_hash TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX complaint_thread_links_complaint ON complaint_thread_links(complaint_id);

-- The inbound e-mail that opened a complaint (an unmatched mail becomes a new intake): the
-- same mail delivered twice opens one complaint.
ALTER TABLE complaints ADD COLUMN source_message_id TEXT;
CREATE UNIQUE INDEX complaints_source_message ON complaints(source_message_id);

-- The digest of an e-mail's Message-ID (<digest.carewell@host>), recorded when the message is
-- queued, so that a customer's answer (In-Reply-To / References) finds what it answers.
ALTER TABLE outbox ADD COLUMN mail_ref TEXT;
CREATE INDEX outbox_mail_ref ON outbox(mail_ref);

-- Messages the workflow sent before threads existed join their complaint's thread.
INSERT INTO complaint_thread (id, complaint_id, kind, at, author, via, subject, body, outbox_id)
SELECT 'm-' || o.id, substr(o.idempotency_key, 11, 36), 'system', o.created_at, 'system', 'workflow',
       NULL, '', o.id
FROM outbox o
WHERE o.idempotency_key LIKE 'complaint:%' AND o.template LIKE 'complaint-%'
  AND EXISTS (SELECT 1 FROM complaints c WHERE c.id = substr(o.idempotency_key, 11, 36));
