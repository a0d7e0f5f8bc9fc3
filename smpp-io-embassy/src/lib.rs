//! # smpp-io-embassy
//!
//! An SMPP ESME client for microcontrollers: the `smpp-proto` session (the
//! same core the servers use) bound to [embassy]. No heap: the session, its
//! buffers and the queues live in a [`Resources`] the caller provides,
//! usually from a `static` cell.
//!
//! The client is written against `embedded_io_async::{Read, Write}`, so it
//! runs over embassy-net's `TcpSocket` (feature `embassy-net`, see
//! `net::TcpConnector`), a cellular modem's own TCP socket, or any other
//! transport implementing [`Connect`]. Time comes from embassy-time.
//!
//! [embassy]: https://embassy.dev
//!
//! ## Shape
//!
//! [`new`] returns a [`Client`] (a `Copy` handle for the application) and a
//! [`Runner`] to spawn, as embassy-net does. The runner owns the
//! connection: connect, bind, enquire_link keep-alive (from the core's
//! timers), and reconnect with exponential back-off after the link drops.
//! The client submits through the core's window and awaits each outcome;
//! every request it sent ends in exactly one: a [`Response`] or an [`Error`]
//! (timeouts and dropped links included). Messages and delivery receipts
//! arrive through [`Client::receive`], already acknowledged.
//!
//! ## Firmware
//!
//! ```no_run
//! # #![allow(clippy::unwrap_used)]
//! use embassy_executor::Spawner;
//! use embassy_net::{Ipv4Address, Stack};
//! use embassy_sync::blocking_mutex::raw::NoopRawMutex;
//! use smpp_io_embassy::net::TcpConnector;
//! use smpp_io_embassy::{Client, Config, Resources, Runner};
//! use smpp_proto::codec::SubmitSm;
//! use static_cell::StaticCell;
//!
//! type Smpp = Resources<NoopRawMutex>; // window 4, 512-byte buffers, 2 queued messages
//!
//! #[embassy_executor::task]
//! async fn smpp_task(mut runner: Runner<'static, Smpp>, stack: Stack<'static>) -> ! {
//!     static BUFS: StaticCell<([u8; 1024], [u8; 1024])> = StaticCell::new();
//!     let (rx, tx) = BUFS.init(([0; 1024], [0; 1024]));
//!     let smsc = (Ipv4Address::new(192, 0, 2, 1), 2775);
//!     runner.run(TcpConnector::new(stack, smsc.into(), rx, tx)).await
//! }
//!
//! async fn start(spawner: Spawner, stack: Stack<'static>) {
//!     static RESOURCES: StaticCell<Smpp> = StaticCell::new();
//!     let config = Config::new(b"esme1", b"secret");
//!     let (client, runner) = smpp_io_embassy::new(config, RESOURCES.init(Resources::new()));
//!     spawner.spawn(smpp_task(runner, stack).unwrap());
//!
//!     let sm = SubmitSm {
//!         destination_addr: b"447700900123",
//!         registered_delivery: 1,
//!         short_message: b"hello from the field",
//!         ..SubmitSm::default()
//!     };
//!     match client.submit(&sm).await {
//!         Ok(resp) => { /* resp.message_id: match it against the receipt */ }
//!         Err(e) => { /* refused, timed out or link lost: retry later */ }
//!     }
//!     let receipt = client.receive().await; // deliver_sm, already acknowledged
//!     let _ = receipt.is_receipt();
//! }
//! ```
//!
//! ## Features
//!
//! - `embassy-net`: `net::TcpConnector`, the connector for embassy-net TCP.
//! - `defmt`: logs through `defmt` and derives `defmt::Format` on every
//!   public type (passwords are never printed).
//!
//! This crate uses `smpp-proto` without its default features: the PDU kinds
//! an ESME sending and receiving SMS never needs (submit_multi, query_sm,
//! cancel_sm, replace_sm, the broadcast operations) are left out, and the
//! session answers them with generic_nack ESME_RINVCMDID (SMPP 3.4 §4.3).
//! To send them through [`Client::request`], depend on `smpp-proto` with
//! the features `pdu-multi`, `pdu-query` or `pdu-broadcast`.
//!
//! ## Size
//!
//! [`Resources`] holds everything but the transport: the session with its
//! receive and transmit buffers (512 B each by default: the largest
//! deliver_sm receipt with a 254-octet message is 445 octets, the largest
//! submit_sm with one 364), the outcome slots and the inbound queue. The
//! runner reads and writes straight through the session's buffers and
//! keeps none of its own.
//!
//! In the NUCLEO-F429ZI example (`examples/nucleo-f429zi`:
//! `Resources<NoopRawMutex, 4, 512, 512, 1>`, opt-level "z", LTO), the SMPP
//! part takes 27 380 B of flash and 3 272 B of RAM, the session's buffers
//! included (only the TCP socket buffers are not counted). The example's
//! README has the commands and a breakdown.
//! [`Client::submit`] and [`Client::data_sm`] link only their own encoders;
//! [`Client::request`] links the encoder of every PDU kind built in.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), warn(clippy::indexing_slicing))]

#[macro_use]
mod fmt;

mod client;
mod config;
mod error;
mod inbound;
#[cfg(feature = "embassy-net")]
pub mod net;
mod runner;
mod shared;
mod time;

pub use client::Client;
pub use config::Config;
pub use error::{Error, LinkState, MessageId, Response};
pub use inbound::{Address, ReceivedMessage, MAX_BODY};
pub use runner::{Connect, Runner};
pub use shared::Resources;
pub use smpp_proto;

use embassy_sync::blocking_mutex::raw::RawMutex;

/// Makes a client from its configuration and the caller's resources:
/// returns the application's [`Client`] and the [`Runner`] to spawn.
///
/// `resources` must be fresh (as [`Resources::new`] makes them).
pub fn new<'a, M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>(
    config: Config<'a>,
    resources: &'a mut Resources<M, W, RX, TX, IN>,
) -> (
    Client<'a, Resources<M, W, RX, TX, IN>>,
    Runner<'a, Resources<M, W, RX, TX, IN>>,
) {
    let shared: &'a Resources<M, W, RX, TX, IN> = resources;
    (Client { shared }, Runner { shared, config })
}
