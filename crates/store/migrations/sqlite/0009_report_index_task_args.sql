-- The offboarding report reads the cases opened in a period by their creation time.
CREATE INDEX offboarding_cases_created ON offboarding_cases(created_at);

-- A task's words are rendered in the reader's language from its kind and these parameters
-- (JSON: subject, target, percent, level, days); `title` keeps what the task is about.
ALTER TABLE tasks ADD COLUMN args TEXT NOT NULL DEFAULT '{}';
