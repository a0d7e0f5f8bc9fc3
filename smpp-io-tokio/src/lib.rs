//! tokio adapter for `smpp-proto`. The ESME client and SMSC server land with
//! their own issue; today this crate ships the `smpp` command-line tool.
#![forbid(unsafe_code)]

pub mod json;
