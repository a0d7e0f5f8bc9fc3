//! tokio adapter for `smpp-proto`: an async ESME [`Client`], an SMSC
//! [`Server`], and the `smpp` command-line tool.
//!
//! The adapter owns sockets, timers and tasks: one driver task per
//! connection reads, hands bytes to the sans-IO `smpp_proto::session`,
//! drains its events and bytes, and sleeps until its next deadline. All
//! protocol logic stays in `smpp-proto`.
#![forbid(unsafe_code)]

mod buffer;
pub mod client;
mod clock;
mod driver;
mod error;
pub mod inbound;
pub mod json;
mod owned;
pub mod reconnect;
pub mod server;
pub mod sim;
pub mod text;
pub mod tls;

pub use buffer::HeapBuffer;
pub use client::{Client, ClientConfig, Inbound};
pub use driver::{
    Direction, PduHook, PduHookFn, TokioSession, BUFFER, IDLE_SHRINK, INITIAL_BUFFER, WINDOW,
};
pub use error::Error;
pub use inbound::{Message, Messages, MessagesConfig, MoMessage, Receipt};
pub use owned::OwnedPdu;
pub use reconnect::{ReconnectPolicy, ResilientClient};
pub use server::{BindRequest, Handler, Server, ServerConfig};
pub use text::{Concat, SentText, TextOptions};
pub use tokio_rustls::rustls;
