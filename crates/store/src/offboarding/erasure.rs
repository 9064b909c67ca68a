//! Erasure.
