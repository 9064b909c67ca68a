//! The customer's own offboarding page, reached by the unguessable link in the farewell letter
//! (no login): the notice and timeline, the data export, and the exit survey — token-bound
//! instead of CSRF, rate-limited per client address and per link, with a honeypot and size
//! limits.

pub mod export;
pub mod page;
pub mod survey;
