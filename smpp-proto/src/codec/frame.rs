//! Framing a byte stream into PDUs (SMPP 3.4 §3.2: `command_length` counts the
//! whole PDU). The first of the two decode stages, as httparse separates a
//! partial from a complete parse.

use super::{field, header::read_u32};
use crate::error::{FrameError, OtherProtocol};

/// The default maximum `command_length` accepted: 64 KiB.
pub const DEFAULT_MAX_COMMAND_LENGTH: u32 = 64 * 1024;

/// What [`frame`] found at the start of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Framing {
    /// A complete PDU occupies the first `n` bytes; decode `&buf[..n]`.
    Complete(usize),
    /// At least this many more bytes are needed before a PDU is complete.
    Partial(usize),
}

/// Looks at the bytes received so far and says whether a whole PDU is there.
///
/// A `command_length` below 16 or above `max_command_length` is an error at
/// once, without waiting for more bytes; when it looks like HTTP, TLS or SSH,
/// the error says so.
pub fn frame(buf: &[u8], max_command_length: u32) -> Result<Framing, FrameError> {
    let Some(command_length) = read_u32(buf, field::COMMAND_LENGTH) else {
        // Fewer than 4 bytes: nothing can be judged yet.
        return Ok(Framing::Partial(field::HEADER_LEN - buf.len()));
    };
    if command_length < field::HEADER_LEN as u32 || command_length > max_command_length {
        if let Some(p) = sniff(buf) {
            return Err(FrameError::OtherProtocol(p));
        }
        return Err(if command_length < field::HEADER_LEN as u32 {
            FrameError::CommandLengthTooSmall { command_length }
        } else {
            FrameError::CommandLengthTooLarge {
                command_length,
                max: max_command_length,
            }
        });
    }
    let len = command_length as usize;
    if buf.len() >= len {
        Ok(Framing::Complete(len))
    } else {
        Ok(Framing::Partial(len - buf.len()))
    }
}

/// Recognises the opening bytes of a few protocols that land on SMPP ports by
/// mistake. Only consulted when `command_length` is already invalid, so a
/// genuine PDU is never misclassified.
fn sniff(buf: &[u8]) -> Option<OtherProtocol> {
    // TLS record: content type 0x16 (handshake), version 3.x.
    if let [0x16, 0x03, minor, ..] = buf {
        if *minor <= 0x04 {
            return Some(OtherProtocol::Tls);
        }
    }
    const HTTP: &[&[u8]] = &[
        b"GET ", b"POST", b"HEAD", b"PUT ", b"DELE", b"OPTI", b"CONN", b"PATC", b"TRAC", b"HTTP",
    ];
    let head = buf.get(..4)?;
    if HTTP.contains(&head) {
        return Some(OtherProtocol::Http);
    }
    if head == b"SSH-" {
        return Some(OtherProtocol::Ssh);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENQ: [u8; 16] = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1];

    #[test]
    fn every_strict_prefix_is_partial() {
        for n in 0..ENQ.len() {
            match frame(&ENQ[..n], DEFAULT_MAX_COMMAND_LENGTH).unwrap() {
                Framing::Partial(k) => assert_eq!(k, 16 - n),
                other => panic!("prefix {n}: {other:?}"),
            }
        }
        assert_eq!(
            frame(&ENQ, DEFAULT_MAX_COMMAND_LENGTH),
            Ok(Framing::Complete(16))
        );
    }

    #[test]
    fn bad_lengths_fail_at_once() {
        assert_eq!(
            frame(&[0, 0, 0, 15], 1000),
            Err(FrameError::CommandLengthTooSmall { command_length: 15 })
        );
        assert_eq!(
            frame(&[0, 0, 0x10, 0], 1000),
            Err(FrameError::CommandLengthTooLarge {
                command_length: 4096,
                max: 1000
            })
        );
    }

    #[test]
    fn other_protocols_are_named() {
        assert_eq!(
            frame(b"GET / HTTP/1.1\r\n", DEFAULT_MAX_COMMAND_LENGTH),
            Err(FrameError::OtherProtocol(OtherProtocol::Http))
        );
        assert_eq!(
            frame(&[0x16, 0x03, 0x01, 0x02, 0x00], DEFAULT_MAX_COMMAND_LENGTH),
            Err(FrameError::OtherProtocol(OtherProtocol::Tls))
        );
        assert_eq!(
            frame(b"SSH-2.0-OpenSSH", DEFAULT_MAX_COMMAND_LENGTH),
            Err(FrameError::OtherProtocol(OtherProtocol::Ssh))
        );
    }
}
