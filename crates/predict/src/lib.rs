//! Churn and customer-value models (placeholder; being built).
