//! # smpp-proto
//!
//! A `no_std`, allocation-free implementation of SMPP (Short Message Peer-to-Peer)
//! versions 3.3, 3.4 and 5.0.
//!
//! The crate is deterministic and performs no I/O: it never opens a socket and
//! never reads a clock. Bytes and time go in, bytes and events come out. The
//! `smpp-io-tokio` and `smpp-io-embassy` crates bind it to real sockets.
//!
//! ## Run loop
//!
//! After every input (`Session::handle_input`, `Session::handle_timeout`, or
//! an application command), drain the outputs until nothing is left —
//! `poll_event` until `None`, then `poll_transmit` until 0 — and sleep until
//! `poll_timeout()` or until the socket is readable. The [`session`] module
//! docs show it in code.
//!
//! ## Layout
//!
//! - [`session`]: the sans-IO session state machine for ESME and SMSC
//!   (states, window, timers, keep-alive, throttling). Its docs explain the
//!   run loop: `handle_*` inputs, application commands, `poll_*` outputs.
//! - [`codec`]: the wire format. Framing, the header, one module per PDU
//!   family, TLVs, time fields, command_id and command_status tables. Each
//!   PDU body is one field table (`body!`) that gives its struct, decode,
//!   length, encode and a field visitor ([`codec::visit`]: walk or build any
//!   body by spec field name; owned values with feature `alloc`), on which
//!   the JSON mapping and the fuzz and property-test generators are built.
//! - With feature `alloc`: [`session::VecBuffer`], the growable session
//!   buffer the tokio adapter uses. With feature `cjk`: the far-east text
//!   codings (Shift_JIS, ISO-2022-JP, EUC-JP, EUC-KR).
//! - [`time`]: the `Instant` / `Duration` the session runs on; the caller
//!   owns the clock.
//! - [`receipt`]: delivery receipts. Reads the Appendix B text (strict or
//!   lenient) together with the receipt TLVs, maps `stat` words and
//!   message_state onto one `MessageState`, matches message ids across hex
//!   and decimal, and writes receipt text for an SMSC.
//! - [`text`]: what `data_coding` means, and text in and out of
//!   `short_message`: the GSM 7 bit alphabet with the national language
//!   tables (packed or not), UCS-2 with surrogate pairs, IA5, Latin-1,
//!   ISO-8859-5/-8; the cheapest encoding among those allowed.
//! - [`concat`](mod@concat): long messages. Splitting into parts (UDH with an 8- or
//!   16-bit reference, SAR TLVs, message_payload) and reassembling received
//!   parts in a fixed-capacity store.
//!
//! ## The codec
//!
//! Decoding happens in two stages, as in `httparse`:
//!
//! 1. [`codec::frame`] looks at the bytes received so far and answers with a
//!    complete PDU length, "need N more bytes", or a fatal [`FrameError`]
//!    (bad `command_length`, or another protocol such as HTTP or TLS).
//! 2. [`codec::decode`] parses exactly one complete PDU into a [`Header`] and a
//!    [`Pdu`] whose C-Octet Strings, short messages and TLV values borrow from
//!    the input. Nothing is copied and nothing allocates.
//!
//! [`codec::read_pdu`] does both for a byte stream and keeps the header even
//! when the body is bad, so the PDU can be answered with its sequence_number:
//!
//! ```
//! use smpp_proto::codec::{read_pdu, ReadPdu, DEFAULT_MAX_COMMAND_LENGTH};
//! use smpp_proto::Pdu;
//!
//! let received: &[u8] = &[0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1];
//! match read_pdu(received, DEFAULT_MAX_COMMAND_LENGTH) {
//!     Ok(ReadPdu::Complete { consumed, header, pdu }) => {
//!         assert_eq!(consumed, 16); // drop these bytes from the buffer
//!         assert_eq!(header.sequence_number, 1);
//!         match pdu {
//!             Ok(Pdu::EnquireLink) => { /* answer with enquire_link_resp */ }
//!             Ok(_other) => {}
//!             // Recoverable: answer with e.command_status() and go on.
//!             Err(e) => assert!(!e.is_fatal()),
//!         }
//!     }
//!     Ok(ReadPdu::Partial(_needed)) => { /* read more bytes */ }
//!     Err(_fatal) => { /* close the connection */ }
//! }
//! ```
//!
//! Encoding writes into a caller's buffer: [`Pdu::encoded_len`] tells how many
//! bytes are needed and [`Pdu::encode`] writes them, computing `command_length`
//! and `sm_length` itself. A buffer that is too small is an error, never a
//! panic. [`Pdu::encode_for`] leaves TLVs out for a session at SMPP 3.3, and
//! refuses the ones that carry the message itself (message_payload, the sar_*
//! TLVs: [`EncodeError::ContentTlvNotInVersion`]).
//!
//! ```
//! use smpp_proto::codec::SubmitSm;
//! use smpp_proto::{CommandStatus, Pdu, Tlv, TlvTag, Tlvs};
//!
//! let tlvs = [Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7])];
//! let pdu = Pdu::SubmitSm(SubmitSm {
//!     source_addr: b"Sender",
//!     dest_addr_ton: 1,
//!     dest_addr_npi: 1,
//!     destination_addr: b"447700900123",
//!     registered_delivery: 1,
//!     short_message: b"Hello",
//!     tlvs: Tlvs::List(&tlvs),
//!     ..SubmitSm::default()
//! });
//! let mut buf = [0u8; 256];
//! let n = pdu.encode(CommandStatus::ESME_ROK, 7, &mut buf).unwrap();
//! assert_eq!(n, pdu.encoded_len());
//! let (_, back) = smpp_proto::codec::decode(&buf[..n]).unwrap();
//! assert_eq!(back, pdu);
//! ```
//!
//! Every decode error knows the `command_status` the peer should be answered
//! with ([`DecodeError::command_status`]) and whether the session can go on
//! ([`DecodeError::is_fatal`]). A command_id the codec does not know decodes to
//! [`Pdu::Unknown`], to be answered with generic_nack ESME_RINVCMDID.
//!
//! What decodes can still break the spec: a TLV its command does not allow,
//! short_message over 254 octets, a missing mandatory TLV, … .
//! [`codec::validate`] lists each such [`codec::Violation`] with the status a
//! strict peer answers; a session applies it to every peer PDU
//! ([`session::Validation`]).
//!
//! ## Features
//!
//! - `defmt`: derives `defmt::Format` on every public type (passwords are never printed).
//! - `serde`: derives `serde::Serialize` on the decoded types.
//! - `alloc`: [`session::VecBuffer`], session storage on the heap that
//!   grows to a long PDU only when one arrives; [`codec::visit::Values`], a
//!   body's fields as owned values (read from a decoded PDU, built back into
//!   one) for mappings to JSON or Python and for generators. Off by default: without it
//!   nothing in this crate allocates (`tests/no-alloc` links without an
//!   allocator).
//!
//! The PDU kinds that an ESME sending and receiving SMS never needs are
//! features too, on by default, so that firmware can leave their encoders
//! and decoders out (as `smoltcp` does with its `proto-*` features):
//!
//! - `pdu-multi`: submit_multi and submit_multi_resp (SMPP 3.4 §4.5).
//! - `pdu-query`: query_sm, cancel_sm, replace_sm and their responses
//!   (SMPP 3.4 §4.8–4.10).
//! - `pdu-broadcast`: broadcast_sm, query_broadcast_sm, cancel_broadcast_sm
//!   and their responses (SMPP 5.0 §4.4, §4.6).
//!
//! Without one, its [`Pdu`] variants, body types and [`session::Session`]
//! methods are not there, and a PDU of that kind decodes to [`Pdu::Unknown`]:
//! the session answers a request with generic_nack ESME_RINVCMDID
//! (SMPP 3.4 §4.3), as for any command it does not know. What is always
//! there: binds, outbind, unbind, generic_nack, submit_sm, deliver_sm,
//! data_sm, enquire_link, alert_notification and their responses. Build
//! with `default-features = false` and add back what the firmware uses.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// The crate docs link to the `alloc` items; without the feature those links
// have nothing to point at (docs.rs builds with every feature, below).
#![cfg_attr(not(feature = "alloc"), allow(rustdoc::broken_intra_doc_links))]
#![cfg_attr(not(test), warn(clippy::indexing_slicing))]

#[cfg(feature = "alloc")]
extern crate alloc;

#[macro_use]
mod fmt;

pub mod codec;
pub mod concat;
mod error;
pub mod receipt;
pub mod session;
pub mod text;
pub mod time;

pub use codec::{
    CommandId, CommandStatus, Header, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs,
};
pub use error::{DecodeError, EncodeError, FrameError, OtherProtocol};
