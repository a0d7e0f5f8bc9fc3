//! The library behind the `smpp` command-line tool, for tests and for
//! embedding: the SMSC simulator ([`sim`]), the JSON form of PDUs that
//! `smpp decode` prints and `smpp encode` reads ([`json`]), and the latency
//! histogram of `smpp bench` ([`latency`]).
//!
//! The tool is built on `smpp-io-tokio` and keeps every command-line-only
//! dependency (clap, indicatif, serde_json, tracing-subscriber) out of it.
#![forbid(unsafe_code)]

pub mod json;
pub mod latency;
pub mod sim;
mod sim_broadcast;
mod sim_event;
mod sim_profile;
