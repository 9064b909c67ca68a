-- Segments: saved filters over the customer list's filter language (carewell_domain::segment).
-- `filter` is the canonical JSON object; names are unique regardless of case.
CREATE TABLE segments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    filter TEXT NOT NULL DEFAULT '{}',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The filters the customer list and segments gained seek these (a count stops at its cap, so
-- an indexed condition stops after a thousand rows).
CREATE INDEX customers_owner_q ON customers(owner_id, id);
CREATE INDEX customers_country_q ON customers(country, id);
CREATE INDEX customers_language_q ON customers(language, id);

-- Today's blocks by task kind for one owner: an index range each.
CREATE INDEX tasks_owner_kind ON tasks(owner_id, kind, done_at, due_at);

-- Today's complaints near or past their SLA, for one owner: an index range.
CREATE INDEX complaints_owner_sla ON complaints(owner_id, sla_due_at);
