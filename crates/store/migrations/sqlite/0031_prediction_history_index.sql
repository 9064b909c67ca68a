-- The customer page reads a customer's latest prediction history points (the P(alive)
-- sparkline) by customer and time; without this index PostgreSQL may scan the history of every
-- customer after a large run, before the table is analysed (measured: 625 ms → 0.13 ms).
CREATE INDEX customer_prediction_history_customer_at ON customer_prediction_history(customer_id, at);
