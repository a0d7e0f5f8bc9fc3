//! Shared helpers for the cross-crate tests and benchmarks.
#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)] // reason: test support code

pub mod bench_client;
pub mod samples;

/// The latency histogram of `smpp bench`, so the comparison clients in
/// `examples/` record latencies as `smpp bench` does.
pub use smpp_cli::latency;
