//! tokio adapter for `smpp-proto`: an async ESME [`Client`] and an SMSC
//! [`Server`]. The `smpp` command-line tool is its own package,
//! `smpp-cli` (in `smpp-io-tokio/cli`), built on this one.
//!
//! The adapter owns sockets, timers and tasks: one driver task per
//! connection reads, hands bytes to the sans-IO `smpp_proto::session`,
//! drains its events and bytes, and sleeps until its next deadline. All
//! protocol logic stays in `smpp-proto`.
//!
//! - [`Client`]: bind (SMPP 3.4 §4.1) by URL or [`ClientConfig`], send any
//!   request with back-pressure at the window, [`Client::send_text`] for a
//!   text in as many parts as it takes, typed helpers for submit_multi,
//!   data_sm, query / replace / cancel; what the SMSC delivers arrives on a
//!   bounded [`Inbox`] of [`Delivery`] PDUs, answered when the application
//!   takes them (or when it says so), which [`Messages`] turns into
//!   reassembled MO messages and parsed receipts.
//! - [`ResilientClient`]: the same, reconnecting across hosts.
//! - [`Server`]: an SMSC with an async [`Handler`] for binds and requests;
//!   it pushes deliver_sm (§4.6) to bound receivers.
//! - [`tls`]: `smpps://` with rustls, mutual TLS optional, certificate or
//!   public-key pinning; [`Client::tls_info`] tells what was negotiated.
//! - [`proxy`]: connecting through SOCKS5 or HTTP CONNECT
//!   ([`ClientConfig::proxy`]), with a local address and TCP keep-alive.
//!
//! A server on an ephemeral port, a client that sends it a text, and an MO
//! message pushed back:
//!
//! ```
//! use std::sync::Arc;
//! use smpp_io_tokio::{
//!     BindAccept, BindRequest, Client, ClientConfig, Handler, Message, Messages, Origin,
//!     OwnedPdu, Reply, Server, ServerConfig, TextOptions,
//! };
//! use smpp_proto::codec::{DeliverSm, SmResp};
//! use smpp_proto::{CommandStatus, Pdu};
//!
//! struct Smsc;
//!
//! impl Handler for Smsc {
//!     async fn bind(&self, req: &BindRequest) -> Result<BindAccept, CommandStatus> {
//!         if req.password == b"secret" {
//!             Ok(BindAccept::default())
//!         } else {
//!             Err(CommandStatus::ESME_RINVPASWD)
//!         }
//!     }
//!
//!     async fn request(&self, _from: &Origin, _request: OwnedPdu) -> Reply {
//!         let resp = SmResp { message_id: Some(b"42"), ..SmResp::default() };
//!         OwnedPdu::encode(&Pdu::SubmitSmResp(resp), CommandStatus::ESME_ROK, 0)
//!             .expect("a submit_sm_resp always encodes")
//!             .into()
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Smsc)).await?;
//! let url = format!("smpp://esme:secret@{}", server.local_addr());
//! let (client, inbound) = Client::connect(ClientConfig::from_url(&url)?).await?;
//!
//! let options = TextOptions::new("447700900123").from("Shop").registered_delivery(1);
//! let sent = client.send_text("Hello €", &options).await?;
//! assert_eq!(sent.message_ids().ok(), Some(vec!["42"]));
//!
//! // The SMSC pushes an MO message; the client classifies it and answers
//! // it as the application takes it, which ends the SMSC's wait.
//! let mo = Pdu::DeliverSm(DeliverSm { source_addr: b"447700900123", short_message: b"Hi back", ..DeliverSm::default() });
//! let mut messages = Messages::new(inbound);
//! let (answer, message) = tokio::join!(server.deliver("esme", &mo), messages.recv());
//! assert!(answer?.command_status().is_ok());
//! match message {
//!     Some(Message::Mo(m)) => assert_eq!(m.text?, "Hi back"),
//!     other => panic!("{other:?}"),
//! }
//!
//! client.unbind().await?;
//! server.shutdown(std::time::Duration::from_secs(1)).await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

pub mod client;
mod clock;
mod driver;
mod error;
pub mod inbound;
pub mod inbox;
mod owned;
pub mod proxy;
pub mod reconnect;
mod requests;
pub mod server;
pub mod text;
pub mod tls;

pub use client::{Client, ClientConfig, ConnectionState, StateChanges, TlsInfo};
pub use driver::{Direction, PduHook, PduHookFn, BUFFER, WINDOW};
pub use error::Error;
pub use inbound::{Delivery, Message, Messages, MessagesConfig, MoMessage, Receipt};
pub use inbox::Inbox;
pub use owned::OwnedPdu;
pub use proxy::{Proxy, ProxyKind};
pub use reconnect::{HostHealth, HostState, Hosts, ReconnectPolicy, ResilientClient};
pub use server::{
    BindAccept, BindFailurePolicy, BindRequest, Handler, Origin, Reply, Server, ServerConfig,
};
pub use text::{ConcatMethod, SentData, SentText, TextOptions, TlvPlacement};
pub use tokio_rustls::rustls;
