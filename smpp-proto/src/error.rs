//! Errors of the codec (SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6 for the status each maps to).
//!
//! Two kinds, as h2 separates stream resets from GOAWAY:
//! - [`FrameError`]: the byte stream itself is broken (bad `command_length`,
//!   another protocol on the wire). Fatal: the session must be closed, because
//!   the next PDU boundary is unknown.
//! - [`DecodeError`]: one well-framed PDU has a bad body. The peer is answered
//!   with [`DecodeError::command_status`] (in a response or a `generic_nack`)
//!   and the session goes on.

use core::fmt;

use crate::codec::visit::Field;
use crate::codec::{CommandStatus, TlvTag};

/// A protocol recognised on the wire that is not SMPP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum OtherProtocol {
    /// An HTTP request or response (`GET `, `POST`, `HTTP/`, …).
    Http,
    /// A TLS record, typically a ClientHello (`16 03 0x`): the peer expects `smpps://`.
    Tls,
    /// An SSH banner (`SSH-`).
    Ssh,
}

impl fmt::Display for OtherProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OtherProtocol::Http => "HTTP",
            OtherProtocol::Tls => "TLS",
            OtherProtocol::Ssh => "SSH",
        })
    }
}

/// The byte stream cannot be split into PDUs. Always fatal.
///
/// SMPP 3.4 §3.2: `command_length` includes the 16-octet header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum FrameError {
    /// `command_length` is below 16, the size of the header alone.
    CommandLengthTooSmall {
        /// The value read from the wire.
        command_length: u32,
    },
    /// `command_length` is above the configured maximum.
    CommandLengthTooLarge {
        /// The value read from the wire.
        command_length: u32,
        /// The maximum this decoder accepts.
        max: u32,
    },
    /// The first bytes are plainly another protocol, not SMPP.
    OtherProtocol(OtherProtocol),
}

impl FrameError {
    /// The status to put in a last `generic_nack` before closing, if one is sent.
    pub const fn command_status(&self) -> CommandStatus {
        CommandStatus::ESME_RINVCMDLEN
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::CommandLengthTooSmall { command_length } => {
                write!(
                    f,
                    "command_length {command_length} is below the 16-octet header"
                )
            }
            FrameError::CommandLengthTooLarge {
                command_length,
                max,
            } => write!(
                f,
                "command_length {command_length} exceeds the maximum {max}"
            ),
            FrameError::OtherProtocol(p) => write!(f, "the peer speaks {p}, not SMPP"),
        }
    }
}

impl core::error::Error for FrameError {}

/// A well-framed PDU whose body cannot be decoded.
///
/// Every variant except [`DecodeError::Frame`] and
/// [`DecodeError::LengthMismatch`] is recoverable: answer the PDU with
/// [`DecodeError::command_status`] and go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum DecodeError {
    /// The header is broken; see [`FrameError`]. Fatal.
    Frame(FrameError),
    /// The buffer given to `decode` is not exactly `command_length` bytes long.
    /// This is a caller error (frame first, then decode `&buf[..len]`). Fatal.
    LengthMismatch {
        /// `command_length` from the header.
        command_length: u32,
        /// Bytes actually given.
        available: usize,
    },
    /// The body ends before this mandatory field.
    BodyTooShort {
        /// Spec name of the missing field.
        field: Field,
    },
    /// A C-Octet String has no NUL terminator before the end of the body.
    Unterminated {
        /// Spec name of the field.
        field: Field,
    },
    /// A C-Octet String is longer than the spec allows (counting its NUL).
    TooLong {
        /// Spec name of the field.
        field: Field,
        /// Maximum size including the NUL terminator.
        max: u16,
    },
    /// `sm_length` runs past the end of the body. (SMPP 3.4 §5.2.21 caps it at
    /// 254; 255 is accepted, as several SMSCs send it.)
    SmLength {
        /// The declared `sm_length`.
        sm_length: u8,
        /// Bytes left in the body.
        remaining: usize,
    },
    /// A time field is neither empty nor a valid absolute or relative time
    /// (SMPP 3.4 §7.1).
    InvalidTime {
        /// Spec name of the field.
        field: Field,
    },
    /// The TLV area is cut short: fewer than 4 octets of TLV header, or a
    /// TLV `length` that runs past the end of the PDU.
    TlvStream {
        /// Offset of the broken TLV inside the body.
        offset: u16,
    },
    /// A standard TLV has a length its definition does not allow.
    TlvLength {
        /// The TLV tag.
        tag: TlvTag,
        /// The length found on the wire.
        length: u16,
    },
    /// A TLV the PDU requires is absent (e.g. `broadcast_area_identifier` on broadcast_sm).
    MissingTlv {
        /// The missing tag.
        tag: TlvTag,
    },
    /// Bytes follow the mandatory fields of a PDU that carries no TLVs.
    TrailingBytes {
        /// Number of extra octets.
        extra: u16,
    },
    /// submit_multi `number_of_dests` is zero or above 255 (SMPP 3.4 §4.5.1).
    InvalidNumberOfDests {
        /// The declared count.
        number_of_dests: u8,
    },
    /// submit_multi `dest_flag` is neither 1 (SME address) nor 2 (distribution list).
    InvalidDestFlag {
        /// The value found.
        dest_flag: u8,
    },
}

impl DecodeError {
    /// `true` when the session must be closed (the stream cannot be resynchronised).
    pub const fn is_fatal(&self) -> bool {
        matches!(
            self,
            DecodeError::Frame(_) | DecodeError::LengthMismatch { .. }
        )
    }

    /// The `command_status` to answer the peer with (in the response, or in a
    /// `generic_nack` when the command has no response).
    pub fn command_status(&self) -> CommandStatus {
        match self {
            DecodeError::Frame(e) => e.command_status(),
            DecodeError::LengthMismatch { .. }
            | DecodeError::BodyTooShort { .. }
            | DecodeError::Unterminated { .. }
            | DecodeError::TrailingBytes { .. } => CommandStatus::ESME_RINVCMDLEN,
            DecodeError::TooLong { field, .. } => field_status(*field),
            DecodeError::SmLength { .. } => CommandStatus::ESME_RINVMSGLEN,
            DecodeError::InvalidTime { field } => field_status(*field),
            DecodeError::TlvStream { .. } => CommandStatus::ESME_RINVOPTPARSTREAM,
            DecodeError::TlvLength { .. } => CommandStatus::ESME_RINVPARLEN,
            DecodeError::MissingTlv { .. } => CommandStatus::ESME_RMISSINGOPTPARAM,
            DecodeError::InvalidNumberOfDests { .. } => CommandStatus::ESME_RINVNUMDESTS,
            DecodeError::InvalidDestFlag { .. } => CommandStatus::ESME_RINVDESTFLAG,
        }
    }
}

/// The status that names a bad value of one field (SMPP 3.4 §5.1.3): a
/// C-Octet String that is too long, or a time that does not parse.
/// Fields without a status of their own answer ESME_RINVCMDLEN.
fn field_status(field: Field) -> CommandStatus {
    match field {
        Field::SystemId => CommandStatus::ESME_RINVSYSID,
        Field::Password => CommandStatus::ESME_RINVPASWD,
        Field::SystemType => CommandStatus::ESME_RINVSYSTYP,
        Field::ServiceType => CommandStatus::ESME_RINVSERTYP,
        Field::SourceAddr | Field::EsmeAddr => CommandStatus::ESME_RINVSRCADR,
        Field::DestinationAddr | Field::AddressRange => CommandStatus::ESME_RINVDSTADR,
        Field::DlName => CommandStatus::ESME_RINVDLNAME,
        Field::MessageId => CommandStatus::ESME_RINVMSGID,
        Field::ScheduleDeliveryTime => CommandStatus::ESME_RINVSCHED,
        Field::ValidityPeriod => CommandStatus::ESME_RINVEXPIRY,
        Field::InterfaceVersion
        | Field::AddrTon
        | Field::AddrNpi
        | Field::SourceAddrTon
        | Field::SourceAddrNpi
        | Field::DestAddrTon
        | Field::DestAddrNpi
        | Field::EsmeAddrTon
        | Field::EsmeAddrNpi
        | Field::EsmClass
        | Field::ProtocolId
        | Field::PriorityFlag
        | Field::RegisteredDelivery
        | Field::ReplaceIfPresentFlag
        | Field::DataCoding
        | Field::SmDefaultMsgId
        | Field::SmLength
        | Field::ShortMessage
        | Field::NumberOfDests
        | Field::DestFlag
        | Field::DestAddress
        | Field::NoUnsuccess
        | Field::UnsuccessSme
        | Field::ErrorStatusCode
        | Field::FinalDate
        | Field::MessageState
        | Field::ErrorCode
        | Field::Tlvs => CommandStatus::ESME_RINVCMDLEN,
    }
}

impl From<FrameError> for DecodeError {
    fn from(e: FrameError) -> Self {
        DecodeError::Frame(e)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Frame(e) => e.fmt(f),
            DecodeError::LengthMismatch {
                command_length,
                available,
            } => write!(
                f,
                "command_length {command_length} disagrees with the {available} bytes given"
            ),
            DecodeError::BodyTooShort { field } => {
                write!(f, "body ends before mandatory field {field}")
            }
            DecodeError::Unterminated { field } => {
                write!(f, "missing NUL terminator in {field}")
            }
            DecodeError::TooLong { field, max } => {
                write!(f, "{field} is longer than {max} octets")
            }
            DecodeError::SmLength {
                sm_length,
                remaining,
            } => write!(
                f,
                "sm_length {sm_length} exceeds remaining body ({remaining} octets)"
            ),
            DecodeError::InvalidTime { field } => write!(f, "{field} is not a valid SMPP time"),
            DecodeError::TlvStream { offset } => {
                write!(
                    f,
                    "TLV at body offset {offset} runs past the end of the PDU"
                )
            }
            DecodeError::TlvLength { tag, length } => {
                write!(f, "TLV {tag} has invalid length {length}")
            }
            DecodeError::MissingTlv { tag } => write!(f, "mandatory TLV {tag} is missing"),
            DecodeError::TrailingBytes { extra } => {
                write!(f, "{extra} unexpected octets after the mandatory fields")
            }
            DecodeError::InvalidNumberOfDests { number_of_dests } => {
                write!(f, "invalid number_of_dests {number_of_dests}")
            }
            DecodeError::InvalidDestFlag { dest_flag } => {
                write!(f, "invalid dest_flag {dest_flag}")
            }
        }
    }
}

impl core::error::Error for DecodeError {}

/// A PDU cannot be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum EncodeError {
    /// The output buffer is shorter than [`crate::Pdu::encoded_len`].
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
    },
    /// A C-Octet String is longer than its field allows (max counts the NUL).
    TooLong {
        /// Spec name of the field.
        field: Field,
        /// Maximum size including the NUL terminator.
        max: u16,
    },
    /// A C-Octet String contains a NUL octet, which would end it early.
    ContainsNul {
        /// Spec name of the field.
        field: Field,
    },
    /// short_message is longer than 255 octets, which `sm_length` cannot
    /// describe (SMPP 3.4 allows 254; use message_payload for more).
    ShortMessageTooLong {
        /// The length given.
        len: usize,
    },
    /// A TLV value is longer than 65535 octets.
    TlvTooLong {
        /// The TLV tag.
        tag: TlvTag,
    },
    /// A list (dest_addresses, unsuccess_smes) has more than 255 entries, or
    /// submit_multi has none.
    BadCount {
        /// Spec name of the field.
        field: Field,
    },
    /// The PDU is larger than `command_length` can describe.
    PduTooLarge,
    /// A TLV that carries part of the message ([`TlvTag::CARRIES_CONTENT`]:
    /// message_payload, the sar_* TLVs) cannot be sent on an SMPP 3.3
    /// session, which has no TLVs (SMPP 3.4 §5.2.4, §5.3). Other TLVs are
    /// left out; this one would lose the message's content, so nothing is
    /// written. Split the text with a user data header instead.
    ContentTlvNotInVersion {
        /// The TLV's tag.
        tag: TlvTag,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::BufferTooSmall { needed, available } => {
                write!(f, "buffer of {available} bytes is too small, need {needed}")
            }
            EncodeError::TooLong { field, max } => {
                write!(f, "{field} is longer than {max} octets (with its NUL)")
            }
            EncodeError::ContainsNul { field } => write!(f, "{field} contains a NUL octet"),
            EncodeError::ShortMessageTooLong { len } => {
                write!(f, "short_message of {len} octets exceeds 255")
            }
            EncodeError::TlvTooLong { tag } => write!(f, "TLV {tag} value exceeds 65535 octets"),
            EncodeError::BadCount { field } => write!(f, "{field} must have 1 to 255 entries"),
            EncodeError::PduTooLarge => f.write_str("PDU larger than u32 command_length"),
            EncodeError::ContentTlvNotInVersion { tag } => write!(
                f,
                "TLV {tag} carries message content and SMPP 3.3 has no TLVs (split with a UDH instead)"
            ),
        }
    }
}

impl core::error::Error for EncodeError {}
