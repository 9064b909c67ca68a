//! The staff pages of complaints: the list, the intake form, the complaint page with its form
//! posts (workflow, severity, compensation, tasks, customer link), the SLA policies and the
//! reports.

pub mod actions;
pub mod list;
pub mod new;
pub mod reports;
pub mod show;
pub mod sla;
pub mod steps;
pub mod tasks;
pub mod thread;
