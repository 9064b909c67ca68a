-- The offboarding report reads the cases opened in a period by their creation time.
CREATE INDEX offboarding_cases_created ON offboarding_cases(created_at);
