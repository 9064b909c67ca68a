-- Audit anchoring: the HMAC-SHA256 of each entry's sequence number and hash under the
-- `audit_key` setting (kept outside the database), hex. NULL for entries written before this
-- migration or without a key; once an entry carries a MAC, every later one must
-- (carewell_domain::audit_anchor).
ALTER TABLE audit_log ADD COLUMN mac TEXT;
