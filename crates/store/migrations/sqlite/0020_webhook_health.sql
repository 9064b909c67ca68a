-- An endpoint's recent deliveries, newest first, without reading the whole outbox: the
-- messaging settings page shows each endpoint's last result and its failures of the last 7 days.
CREATE INDEX outbox_recipient ON outbox(channel, recipient, created_at);
