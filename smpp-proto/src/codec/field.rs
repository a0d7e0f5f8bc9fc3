//! Offsets of the PDU header fields (SMPP 3.4 §3.2, SMPP 5.0 §3.2).

/// A range of octets inside a PDU.
pub type Field = core::ops::Range<usize>;

/// `command_length`: the whole PDU length in octets, header included.
pub const COMMAND_LENGTH: Field = 0..4;
/// `command_id`: which PDU this is; bit 31 marks a response.
pub const COMMAND_ID: Field = 4..8;
/// `command_status`: `ESME_ROK` on requests; the outcome on responses.
pub const COMMAND_STATUS: Field = 8..12;
/// `sequence_number`: correlates a response with its request.
pub const SEQUENCE_NUMBER: Field = 12..16;
/// Where the body starts.
pub const BODY: usize = 16;
/// Size of the header.
pub const HEADER_LEN: usize = 16;
