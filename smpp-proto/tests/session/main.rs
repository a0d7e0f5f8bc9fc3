//! Session scenarios: an ESME session wired to an SMSC session through
//! in-memory byte pipes on a virtual clock (no sockets, no real time).
//!
//! One focused test per behaviour of the session (issue 3): binds and
//! version negotiation, the state rules, requests and outcomes, windows,
//! sequence numbers, timers, unbind, throttling, and hand-made bad input.
//! The harness checks the invariants (one outcome per request, allowed
//! state changes, unique sequence numbers in flight) on every call.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // reason: test code panics on failure

#[macro_use]
mod harness;

mod bind;
mod encoded;
mod raw;
mod requests;
mod storage;
mod timers;
mod unbind;
mod validation;
