//! # smpp-proto
//!
//! A `no_std`, allocation-free implementation of SMPP (Short Message Peer-to-Peer)
//! versions 3.3, 3.4 and 5.0.
//!
//! The crate is deterministic and performs no I/O: it never opens a socket and
//! never reads a clock. Bytes and time go in, bytes and events come out. The
//! `smpp-io-tokio` and `smpp-io-embassy` crates bind it to real sockets.
//!
//! ## The codec
//!
//! Decoding happens in two stages, as in `httparse`:
//!
//! 1. [`codec::frame`] looks at the bytes received so far and answers with a
//!    complete PDU length, "need N more bytes", or a fatal framing error
//!    (bad `command_length`, or another protocol such as HTTP or TLS).
//! 2. [`codec::decode`] parses exactly one complete PDU into a [`Header`] and a
//!    [`Pdu`] whose strings, short messages and TLV values borrow from the input.
//!    Nothing is copied and nothing allocates.
//!
//! ```
//! use smpp_proto::codec::{self, Framing};
//! # let bytes: &[u8] = &[0,0,0,16, 0,0,0,0x15, 0,0,0,0, 0,0,0,1];
//! match codec::frame(bytes, codec::DEFAULT_MAX_COMMAND_LENGTH) {
//!     Ok(Framing::Complete(len)) => {
//!         let (header, pdu) = codec::decode(&bytes[..len]).unwrap();
//!         assert_eq!(header.sequence_number, 1);
//!         assert_eq!(pdu, smpp_proto::Pdu::EnquireLink);
//!     }
//!     Ok(Framing::Partial(_needed)) => { /* read more bytes */ }
//!     Err(_fatal) => { /* close the connection */ }
//! }
//! ```
//!
//! Encoding writes into a caller's buffer: [`Pdu::encoded_len`] tells how many
//! bytes are needed and [`Pdu::encode`] writes them, computing `command_length`
//! and `sm_length` itself. A buffer that is too small is an error, never a panic.
//!
//! Every decode error knows the `command_status` the peer should be answered
//! with ([`DecodeError::command_status`]) and whether the session can go on
//! ([`DecodeError::is_fatal`]).
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), warn(clippy::indexing_slicing))]

#[macro_use]
mod fmt;

pub mod codec;
mod error;

pub use codec::{
    CommandId, CommandStatus, Header, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs,
};
pub use error::{DecodeError, EncodeError, FrameError};
