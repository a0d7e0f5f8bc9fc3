//! Requests and responses the application hands over already encoded
//! (SMPP 3.4 §3.2: a PDU is its header and its body): the session reads
//! what it needs from the header and copies the body, so an adapter that
//! keeps PDUs as wire bytes encodes each once.

use crate::codec::{decode, field, CommandId, Encode, Header, InterfaceVersion, Pdu, Writer};

use super::event::SendError;

/// A whole PDU in its wire form whose header describes its bytes.
#[derive(Clone, Copy)]
pub(super) struct Encoded<'a> {
    pub(super) header: Header,
    bytes: &'a [u8],
}

impl<'a> Encoded<'a> {
    /// Checks that `bytes` hold one PDU: a header whose command_length is
    /// their length.
    pub(super) fn new(bytes: &'a [u8]) -> Result<Self, SendError> {
        let header = Header::parse(bytes).ok_or(SendError::Malformed)?;
        if usize::try_from(header.command_length).ok() != Some(bytes.len()) {
            return Err(SendError::Malformed);
        }
        Ok(Encoded { header, bytes })
    }

    /// The PDU decoded, for a session whose version leaves TLVs out
    /// (SMPP 3.3): their bytes cannot be copied as they are, and a TLV that
    /// carries content must fail as it does for a typed PDU.
    pub(super) fn decoded(&self) -> Result<Pdu<'a>, SendError> {
        decode(self.bytes)
            .map(|(_, p)| p)
            .map_err(|_| SendError::Malformed)
    }

    /// Whether the body can be copied as it is at `version`.
    pub(super) fn copies_at(version: InterfaceVersion) -> bool {
        version.supports_tlvs()
    }
}

impl Encode for Encoded<'_> {
    fn command_id(&self) -> CommandId {
        self.header.command_id
    }

    fn body_len(&self, _tlvs: bool) -> usize {
        self.bytes.len().saturating_sub(field::HEADER_LEN)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), crate::EncodeError> {
        w.bytes(self.bytes.get(field::BODY..).unwrap_or_default())
    }
}
