-- The client-fit list sorts by the customer's name too (the ranking and the recommendation
-- orders have their indexes from 0016): keyset pages seek this index.
CREATE INDEX client_fit_scores_name ON client_fit_scores(name, customer_id);
