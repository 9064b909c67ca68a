//! Offboarding as people see it: the farewell letter (composed in the customer's language and
//! edited by staff), the staff pages of a case, the customer's own page (notice, data
//! download, exit survey) and the reports. The rules and storage live in the offboarding
//! backend (`carewell_store::offboarding`).

pub mod letter;
