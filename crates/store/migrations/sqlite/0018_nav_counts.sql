-- The navigation's counts and the task list: a user's open complaints (by owner, then status),
-- the compensation waiting for approval (entries that need one; the decision is looked up by
-- its entry), and the task list by owner in creation order.
CREATE INDEX complaints_owner_status ON complaints(owner_id, status);
CREATE INDEX ledger_requires_approval ON ledger_entries(requires_approval, created_at);
CREATE INDEX tasks_done_due ON tasks(done_at, due_at);
