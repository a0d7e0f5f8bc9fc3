//! `smpp gateway` as a library: a vumi2-compatible SMPP transport on
//! RabbitMQ (AMQP 0-9-1) and Redis, built on `smpp-io-tokio`.
//!
//! It takes vumi user messages from `<transport_name>.outbound`, submits
//! them (SMPP 3.4 §4.4), publishes one ack or nack [`Event`] per message to
//! `<transport_name>.event`, turns delivery receipts (SMPP 3.4 §5.2.12,
//! Appendix B) into delivery_report events and MO messages (§4.6) into
//! user messages on `<transport_name>.inbound`, exactly as vumi2's
//! `SmppTransceiverTransport` does, so a vumi2 application works against
//! it unchanged. State shared between processes (message id correlation,
//! outcomes, MO parts) lives in a [`Store`]: [`RedisStore`] for several
//! processes, [`MemoryStore`] for one.
//!
//! `amqps://` and `rediss://` URLs connect over TLS (rustls on ring), with
//! the system's root certificates and a CA file for a private CA
//! ([`tls`]).
//!
//! No SMPP logic lives here: sessions, splitting, receipts, reassembly and
//! text decoding are `smpp-io-tokio`'s and `smpp-proto`'s.
//!
//! ```no_run
//! use smpp_gateway::{run, Config, RedisStore};
//!
//! # async fn go() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::from_toml(r#"
//! transport_name = "smpp"
//! urls = ["smpp://smppclient1:password@127.0.0.1:2775"]
//! [submit_sm_processor_config.registered_delivery]
//! delivery_receipt = 1
//! "#)?;
//! let ttl = std::time::Duration::from_secs(config.smpp_cache_config.timeout);
//! let store = RedisStore::connect(&config.redis_url, &config.transport_name, ttl).await?;
//! run(config, store, async { let _ = tokio::signal::ctrl_c().await; }, |ready| println!("{ready}")).await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

pub mod acks;
pub mod broker;
pub mod config;
mod gateway;
pub mod message;
pub mod metrics;
pub mod publisher;
mod redis_store;
pub mod store;
pub mod tls;

pub use config::Config;
pub use gateway::{run, GatewayError, Ready};
pub use message::{DeliveryStatus, Event, EventType, UserMessage};
pub use redis_store::RedisStore;
pub use store::{MemoryStore, Store};
