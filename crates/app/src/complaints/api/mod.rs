//! `/api/v1`: complaints (list, intake, detail, workflow, owner, severity, the customer's
//! public-form link), the compensation ledger, the reports and the SLA policies. One file per
//! action group.

pub mod compensation;
pub mod complaints;
pub mod inbound;
pub mod link;
pub mod reports;
pub mod sla;
pub mod thread;
pub mod workflow;
