//! Churn and customer-value models: BG/NBD, Pareto/NBD, MBG/NBD, BG/BB,
//! Gamma-Gamma (+ CLV), shifted-beta-geometric retention, Kaplan–Meier and a
//! logistic churn classifier (with repeated stratified cross-validation on any CSV table:
//! [`tabular`], [`classify`]). Maximum-likelihood fitting by L-BFGS over
//! log-parameters, data-parallel likelihoods over compressed unique rows, and
//! per-customer scoring. Pure Rust, no database.

#![warn(missing_docs)]

pub mod bgbb;
pub mod bgnbd;
pub mod classifier;
pub mod classify;
pub mod cli;
pub mod data;
pub mod gamma_gamma;
pub mod input;
pub mod km;
pub mod mbgnbd;
pub mod optim;
pub mod parse;
pub mod pnbd;
pub mod sbg;
pub mod score;
pub mod simulate;
pub mod special;
pub mod summary;
pub mod tabular;

pub use data::{Compressed, Ids, Rfm};

/// A fitted model's parameters with its log-likelihood.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit<P> {
    /// Maximum-likelihood parameters.
    pub params: P,
    /// Log-likelihood at `params` (sum over customers).
    pub log_likelihood: f64,
    /// Optimiser iterations.
    pub iterations: usize,
    /// Whether the optimiser reported convergence.
    pub converged: bool,
    /// Largest absolute gradient component of the mean log-likelihood per customer with
    /// respect to the log-parameters at `params` (see [`optim::Maximum::gradient_norm`]).
    pub gradient_norm: f64,
}
