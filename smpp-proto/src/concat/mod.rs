//! Long messages: splitting text into concatenated parts, and reassembling
//! the parts that arrive.
//!
//! Read before editing: 3GPP TS 23.040 §9.2.3.24 (user data header, IE
//! 0x00 and 0x08 concatenation, fill bits), TS 23.038 §6.1.2 (septet
//! packing); SMPP 3.4 §2.10.5 and §5.3.2.22–24 (SAR TLVs), §5.3.2.32
//! (message_payload), §5.2.12 (esm_class UDHI).
//!
//! Four ways to send a message that is too long for one short message
//! ([`Scheme`]): a UDH with an 8-bit or a 16-bit reference, the SAR TLVs
//! (parts without a UDH, so full 160 / 140 / 70 capacity each), or one
//! message_payload TLV of up to 64 KiB that the SMSC splits itself.
//!
//! - [`plan`] tells how many parts a text takes; [`crate::text::choose`]
//!   also picks the encoding.
//! - [`Splitter`] iterates the [`Part`]s; each writes its UDH and payload
//!   into a caller buffer and knows its esm_class UDHI bit and SAR values.
//! - [`Udh`] parses and checks a user data header; [`Segment`] reads one
//!   received short message (UDH or SAR); [`Reassembler`] puts the parts
//!   of a message back together in a fixed-capacity store.

mod reassemble;
mod split;
mod udh;

use core::fmt;

pub use reassemble::{Message, Pushed, Reassembler, ReassemblyError, ReceivedPart, MAX_ADDR};
pub use split::{
    plan, Part, Plan, Sar, SplitOptions, Splitter, MAX_MESSAGE_PAYLOAD, MAX_USER_DATA,
};
pub use udh::{
    Concat, Ie, Ies, Reference, Segment, Udh, UdhError, ESM_CLASS_UDHI, IEI_CONCAT_16,
    IEI_CONCAT_8, IEI_LOCKING_SHIFT, IEI_SINGLE_SHIFT,
};

use crate::text::TextError;

/// How the parts of a long message are tied together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Scheme {
    /// UDH IE 0x00, 8-bit reference: 6 octets of UDH per part
    /// (153 septets / 134 octets / 67 UTF-16 units left).
    Udh8 {
        /// The reference shared by the parts.
        reference: u8,
    },
    /// UDH IE 0x08, 16-bit reference: 7 octets of UDH per part
    /// (152 / 133 / 66).
    Udh16 {
        /// The reference shared by the parts.
        reference: u16,
    },
    /// sar_msg_ref_num, sar_total_segments, sar_segment_seqnum TLVs: no UDH
    /// (160 / 140 / 70 per part).
    Sar {
        /// sar_msg_ref_num.
        reference: u16,
    },
    /// One message_payload TLV; `short_message` stays empty and the SMSC
    /// splits the message for the air interface.
    MessagePayload,
}

/// Why a message cannot be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum SplitError {
    /// A character cannot be encoded.
    Text(TextError),
    /// More than 255 parts would be needed.
    TooManyParts {
        /// Parts needed.
        parts: usize,
    },
    /// The part size leaves no room for even one character after the UDH.
    NoRoom,
    /// The message does not fit in one message_payload.
    TooLong,
    /// The output buffer is shorter than [`Part::encoded_len`].
    BufferTooSmall,
}

impl From<TextError> for SplitError {
    fn from(e: TextError) -> Self {
        match e {
            TextError::BufferTooSmall => SplitError::BufferTooSmall,
            e => SplitError::Text(e),
        }
    }
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::Text(e) => write!(f, "{e}"),
            SplitError::TooManyParts { parts } => {
                write!(f, "{parts} parts needed, at most 255 allowed")
            }
            SplitError::NoRoom => f.write_str("no room for text after the user data header"),
            SplitError::TooLong => f.write_str("message too long for message_payload"),
            SplitError::BufferTooSmall => f.write_str("output buffer too small"),
        }
    }
}

impl core::error::Error for SplitError {}
