//! Shared helpers for the cross-crate tests and benchmarks.
#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)] // reason: test support code

pub mod samples;
