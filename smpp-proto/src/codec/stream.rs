//! Both decode stages in one call, for a byte stream (SMPP 3.4 §3.2).
//!
//! [`read_pdu`] answers exactly one of: a complete PDU (decoded, or with the
//! body error to answer it with) and how many bytes it used; "need N more
//! bytes"; or a fatal framing error.

use super::{decode, frame, Framing, Header, Pdu};
use crate::error::{DecodeError, FrameError};

/// The outcome of [`read_pdu`] on the bytes received so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ReadPdu<'a> {
    /// A whole PDU is at the front of the buffer.
    Complete {
        /// Bytes it used: drop them from the buffer before the next call.
        consumed: usize,
        /// The header, always readable once the PDU is framed, so a bad body
        /// can be answered with its sequence_number.
        header: Header,
        /// The decoded body, or the (recoverable) error to answer it with.
        pdu: Result<Pdu<'a>, DecodeError>,
    },
    /// At least this many more bytes are needed.
    Partial(usize),
}

/// Frames and decodes the PDU at the front of `buf`.
///
/// `Err` means the stream is unusable (bad `command_length`, another protocol)
/// and the session must be closed.
///
/// ```
/// use smpp_proto::codec::{read_pdu, ReadPdu, DEFAULT_MAX_COMMAND_LENGTH};
/// let stream = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 9, 0xaa];
/// match read_pdu(&stream, DEFAULT_MAX_COMMAND_LENGTH) {
///     Ok(ReadPdu::Complete { consumed, header, pdu }) => {
///         assert_eq!(consumed, 16);
///         assert_eq!(header.sequence_number, 9);
///         assert_eq!(pdu, Ok(smpp_proto::Pdu::EnquireLink));
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[inline]
pub fn read_pdu(buf: &[u8], max_command_length: u32) -> Result<ReadPdu<'_>, FrameError> {
    match frame(buf, max_command_length)? {
        Framing::Partial(n) => Ok(ReadPdu::Partial(n)),
        Framing::Complete(consumed) => {
            let one = buf.get(..consumed).unwrap_or_default();
            // INVARIANT: frame() saw a header with command_length == consumed >= 16.
            let header = Header::parse(one)
                .ok_or(FrameError::CommandLengthTooSmall { command_length: 0 })?;
            let pdu = match decode(one) {
                Ok((_, pdu)) => Ok(pdu),
                Err(DecodeError::Frame(e)) => return Err(e),
                Err(e) => Err(e),
            };
            Ok(ReadPdu::Complete {
                consumed,
                header,
                pdu,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CommandStatus;

    #[test]
    fn one_byte_at_a_time() {
        let pdu = [0, 0, 0, 17, 0x80, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 3, 0];
        for n in 0..pdu.len() {
            assert_eq!(
                read_pdu(&pdu[..n], 1000),
                Ok(ReadPdu::Partial(if n < 4 { 16 - n } else { 17 - n }))
            );
        }
        let Ok(ReadPdu::Complete { consumed, pdu, .. }) = read_pdu(&pdu, 1000) else {
            panic!()
        };
        assert_eq!(consumed, 17);
        assert!(matches!(pdu, Ok(Pdu::SubmitSmResp(_))));
    }

    #[test]
    fn bad_body_keeps_header() {
        // submit_sm_resp whose message_id has no NUL: answerable, not fatal.
        let bytes = [0, 0, 0, 17, 0x80, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 3, b'9'];
        let Ok(ReadPdu::Complete { header, pdu, .. }) = read_pdu(&bytes, 1000) else {
            panic!()
        };
        assert_eq!(header.sequence_number, 3);
        let e = pdu.unwrap_err();
        assert!(!e.is_fatal());
        assert_eq!(e.command_status(), CommandStatus::ESME_RINVCMDLEN);
    }
}
