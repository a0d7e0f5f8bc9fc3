//! embassy adapter for `smpp-proto` (an SMPP ESME client for microcontrollers).
//! Its issue fills this crate; today it re-exports the core.
#![no_std]
#![forbid(unsafe_code)]

pub use smpp_proto;
