-- Erasable audit payloads. The entry hash covers the SHA-256 digests of before/after (stored
-- here with every entry), so a payload holding personal data can be replaced by the marker
-- {"redacted":true} on erasure without breaking the chain.
ALTER TABLE audit_log ADD COLUMN before_sha256 TEXT;
ALTER TABLE audit_log ADD COLUMN after_sha256 TEXT;
ALTER TABLE audit_log ADD COLUMN redacted_at TEXT;
ALTER TABLE audit_log ADD COLUMN redaction_reason TEXT;

-- Still append-only: deletions are refused, and the one update allowed is a redaction —
-- payloads replaced by the marker, digests and chain fields untouched, once. (Same trigger
-- name as before.)
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
WHEN NOT (
    OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND NEW.redaction_reason IS NOT NULL
    AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
    AND NEW.entity = OLD.entity AND NEW.entity_id = OLD.entity_id
    AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
    AND OLD.before_sha256 IS NOT NULL AND OLD.after_sha256 IS NOT NULL
    AND NEW.before_sha256 = OLD.before_sha256 AND NEW.after_sha256 = OLD.after_sha256
    AND NEW.before_json = '{"redacted":true}' AND NEW.after_json = '{"redacted":true}'
)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (only a redaction may change an entry)'); END;
