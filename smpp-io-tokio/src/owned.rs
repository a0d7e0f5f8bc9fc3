//! PDUs that own their bytes, to cross task boundaries.
//!
//! `smpp-proto` decodes into values that borrow the receive buffer; an async
//! API hands PDUs to other tasks, so it keeps each PDU as its encoded bytes
//! and decodes on access (about 40 ns for a submit_sm).

use smpp_proto::codec::decode;
use smpp_proto::{CommandId, CommandStatus, DecodeError, EncodeError, Header, Pdu};

/// One whole PDU, header included, in its wire form.
///
/// Just the boxed bytes (16 octets on the stack), so the channels that carry
/// PDUs between tasks stay small on a server holding thousands of sessions;
/// the header is read from the bytes on access.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnedPdu {
    bytes: Box<[u8]>,
}

impl OwnedPdu {
    /// Encodes `pdu` with this status and sequence number.
    pub fn encode(
        pdu: &Pdu<'_>,
        command_status: CommandStatus,
        sequence_number: u32,
    ) -> Result<OwnedPdu, EncodeError> {
        let mut bytes = vec![0; pdu.encoded_len()];
        let n = pdu.encode(command_status, sequence_number, &mut bytes)?;
        bytes.truncate(n);
        Ok(OwnedPdu {
            bytes: bytes.into_boxed_slice(),
        })
    }

    /// Takes a PDU's wire bytes; they must decode.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<OwnedPdu, DecodeError> {
        decode(&bytes)?;
        Ok(OwnedPdu {
            bytes: bytes.into_boxed_slice(),
        })
    }

    /// A copy of a PDU the session decoded (its `Event::Request` or
    /// `Event::Response` bytes): kept as it came, not encoded again.
    pub(crate) fn from_wire(bytes: &[u8]) -> OwnedPdu {
        OwnedPdu {
            bytes: bytes.into(),
        }
    }

    /// The header.
    pub fn header(&self) -> Header {
        // INVARIANT: the bytes decoded when this was made, so they hold a header.
        Header::parse(&self.bytes).unwrap_or(Header {
            command_length: 0,
            command_id: CommandId(0),
            command_status: CommandStatus::ESME_ROK,
            sequence_number: 0,
        })
    }

    /// The command_id.
    pub fn command_id(&self) -> CommandId {
        self.header().command_id
    }

    /// The command_status.
    pub fn command_status(&self) -> CommandStatus {
        self.header().command_status
    }

    /// The decoded body, borrowing these bytes.
    pub fn pdu(&self) -> Result<Pdu<'_>, DecodeError> {
        decode(&self.bytes).map(|(_, p)| p)
    }

    /// The same PDU with another sequence_number (SMPP 3.4 §3.2: the
    /// header's last field).
    pub fn with_sequence_number(mut self, sequence_number: u32) -> OwnedPdu {
        if let Some(field) = self.bytes.get_mut(12..16) {
            field.copy_from_slice(&sequence_number.to_be_bytes());
        }
        self
    }

    /// The wire bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for OwnedPdu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.pdu() {
            Ok(p) => f
                .debug_struct("OwnedPdu")
                .field("header", &self.header())
                .field("pdu", &p)
                .finish(),
            Err(e) => f
                .debug_struct("OwnedPdu")
                .field("header", &self.header())
                .field("error", &e)
                .finish(),
        }
    }
}
