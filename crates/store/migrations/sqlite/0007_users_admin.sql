-- Admin area: when a staff user last signed in (shown in the users list).
-- Deactivation uses users.active (sessions and tokens are refused while it is 0);
-- API tokens already carry last_used_at and revoked_at.
ALTER TABLE users ADD COLUMN last_login_at TEXT;
