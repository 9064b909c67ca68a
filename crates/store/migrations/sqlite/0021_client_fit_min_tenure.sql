-- Client fit (issue 14): customers younger than a minimum tenure, or with hardly any history,
-- are "not enough data", never a problem. The minimum tenure is a setting (default 90 days);
-- the ranking keeps each customer's data sufficiency (enough, too-new, too-little) to show it.
ALTER TABLE client_fit_settings ADD COLUMN min_tenure_days BIGINT NOT NULL DEFAULT 90;
ALTER TABLE client_fit_scores ADD COLUMN data_status TEXT NOT NULL DEFAULT 'enough';
-- Everyone is rescored under the new rule.
INSERT INTO client_fit_dirty (customer_id) VALUES ('*');
