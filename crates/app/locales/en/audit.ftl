# Audit log: entries whose payload was erased (offboarding erasure).
audit-redacted = Redacted on { $date } ({ $reason })
audit-redacted-note = The personal data in this entry was erased; its SHA-256 digests keep the chain verifiable.
