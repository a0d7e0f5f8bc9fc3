//! The 16-octet PDU header (SMPP 3.4 §3.2, SMPP 5.0 §3.2).

use super::{field, CommandId, CommandStatus};

/// The PDU header: four big-endian 32-bit words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Header {
    /// Total PDU length in octets, this header included.
    pub command_length: u32,
    /// The command; bit 31 set for responses.
    pub command_id: CommandId,
    /// Outcome of a request (responses only; `ESME_ROK` on requests).
    pub command_status: CommandStatus,
    /// Correlates a response with its request (1..=0x7FFFFFFF by the spec).
    pub sequence_number: u32,
}

impl Header {
    /// Reads a header from the first 16 octets; `None` if fewer are given.
    pub fn parse(buf: &[u8]) -> Option<Header> {
        Some(Header {
            command_length: read_u32(buf, field::COMMAND_LENGTH)?,
            command_id: CommandId(read_u32(buf, field::COMMAND_ID)?),
            command_status: CommandStatus(read_u32(buf, field::COMMAND_STATUS)?),
            sequence_number: read_u32(buf, field::SEQUENCE_NUMBER)?,
        })
    }

    /// Writes the header into the first 16 octets; `None` if fewer are given.
    pub fn emit(&self, buf: &mut [u8]) -> Option<()> {
        let out = buf.get_mut(..field::HEADER_LEN)?;
        write_u32(out, field::COMMAND_LENGTH, self.command_length)?;
        write_u32(out, field::COMMAND_ID, self.command_id.0)?;
        write_u32(out, field::COMMAND_STATUS, self.command_status.0)?;
        write_u32(out, field::SEQUENCE_NUMBER, self.sequence_number)
    }
}

#[inline]
fn write_u32(buf: &mut [u8], f: field::Field, value: u32) -> Option<()> {
    let out: &mut [u8; 4] = buf.get_mut(f)?.try_into().ok()?;
    *out = value.to_be_bytes();
    Some(())
}

#[inline]
pub(crate) fn read_u32(buf: &[u8], f: field::Field) -> Option<u32> {
    let b: [u8; 4] = buf.get(f)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_emit_round_trip() {
        let bytes = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 7];
        let h = Header::parse(&bytes).unwrap();
        assert_eq!(h.command_length, 16);
        assert_eq!(h.command_id, CommandId::ENQUIRE_LINK);
        assert_eq!(h.sequence_number, 7);
        let mut out = [0xa5; 16];
        h.emit(&mut out).unwrap();
        assert_eq!(out, bytes);
        assert!(Header::parse(&bytes[..15]).is_none());
        assert!(h.emit(&mut [0; 15]).is_none());
    }
}
