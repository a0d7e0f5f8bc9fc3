//! Tagged Length Value parameters (SMPP 3.4 §3.2.4 and §5.3, SMPP 5.0 §3.2.3
//! and §4.8).
//!
//! A TLV is `tag: u16, length: u16, value: [u8; length]`. The TLV area of a
//! decoded PDU is checked once at decode time (every TLV lies inside the PDU;
//! standard tags have a length their definition allows) and then read lazily:
//! [`Tlvs::iter`] walks it without copying, and typed accessors such as
//! [`Tlvs::message_payload`] or [`Tlvs::sar_msg_ref_num`] find one tag.
//! Unknown and vendor tags (0x1400–0x3FFF) are kept and re-encoded untouched.

use crate::error::{DecodeError, EncodeError};

use super::wire::Writer;

/// A TLV tag: an open newtype, so vendor-specific and future tags stay representable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TlvTag(pub u16);

/// One TLV, its value borrowed from the PDU (or from the application when encoding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Tlv<'a> {
    /// The tag.
    pub tag: TlvTag,
    /// The value octets (`length` is `value.len()`).
    pub value: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A TLV with the given tag and value.
    pub const fn new(tag: TlvTag, value: &'a [u8]) -> Self {
        Tlv { tag, value }
    }

    /// Octets this TLV takes on the wire.
    pub const fn encoded_len(&self) -> usize {
        4 + self.value.len()
    }

    /// The value as an Integer of 1, 2 or 4 octets, if it has that size.
    pub fn as_uint(&self) -> Option<u32> {
        match *self.value {
            [a] => Some(a as u32),
            [a, b] => Some(u16::from_be_bytes([a, b]) as u32),
            [a, b, c, d] => Some(u32::from_be_bytes([a, b, c, d])),
            _ => None,
        }
    }

    /// The value as a C-Octet String without its NUL (lenient: a missing NUL is tolerated).
    pub fn as_cstr(&self) -> &'a [u8] {
        match self.value.iter().position(|&b| b == 0) {
            Some(n) => self.value.get(..n).unwrap_or_default(),
            None => self.value,
        }
    }
}

/// How a standard TLV's value is shaped, for length checks and typed accessors.
#[derive(Clone, Copy)]
enum Kind {
    /// Integer, 1 octet.
    U8,
    /// Integer, 2 octets.
    U16,
    /// Integer, 4 octets.
    U32,
    /// Exactly this many octets.
    Fixed(u16),
    /// Between `min` and `max` octets.
    Var(u16, u16),
}

impl Kind {
    const fn allows(self, len: u16) -> bool {
        match self {
            Kind::U8 => len == 1,
            Kind::U16 => len == 2,
            Kind::U32 => len == 4,
            Kind::Fixed(n) => len == n,
            Kind::Var(min, max) => len >= min && len <= max,
        }
    }
}

macro_rules! tlv_value_type {
    (U8) => { u8 };
    (U16) => { u16 };
    (U32) => { u32 };
    (Fixed) => { &'a [u8] };
    (Var) => { &'a [u8] };
}

macro_rules! tlv_convert {
    (U8, $v:expr) => {
        match *$v {
            [a] => Some(a),
            _ => None,
        }
    };
    (U16, $v:expr) => {
        match *$v {
            [a, b] => Some(u16::from_be_bytes([a, b])),
            _ => None,
        }
    };
    (U32, $v:expr) => {
        match *$v {
            [a, b, c, d] => Some(u32::from_be_bytes([a, b, c, d])),
            _ => None,
        }
    };
    (Fixed, $v:expr) => {
        Some($v)
    };
    (Var, $v:expr) => {
        Some($v)
    };
}

macro_rules! tlv_tags {
    ($(
        $(#[$doc:meta])*
        $konst:ident = $value:literal, $name:ident, $kind:ident $(($($arg:literal),*))?;
    )*) => {
        impl TlvTag {
            $( $(#[$doc])* pub const $konst: TlvTag = TlvTag($value); )*

            /// Every standard tag of SMPP 3.4 and 5.0.
            pub const ALL: &'static [TlvTag] = &[$(TlvTag::$konst),*];

            /// The spec name in snake_case (`"message_payload"`), or `None` if not standard.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some(stringify!($name)), )*
                    _ => None,
                }
            }

            /// Looks a tag up by its spec name.
            pub fn from_name(name: &str) -> Option<TlvTag> {
                match name {
                    $( stringify!($name) => Some(TlvTag::$konst), )*
                    _ => None,
                }
            }

            fn kind(self) -> Option<Kind> {
                match self.0 {
                    $( $value => Some(Kind::$kind $(($($arg),*))?), )*
                    _ => None,
                }
            }
        }

        impl<'a> Tlvs<'a> {
            $(
                $(#[$doc])*
                ///
                /// `None` when absent (or, for a value built by the application, of the wrong size).
                pub fn $name(&self) -> Option<tlv_value_type!($kind)> {
                    let v = self.get(TlvTag::$konst)?;
                    tlv_convert!($kind, v)
                }
            )*
        }
    };
}

tlv_tags! {
    /// dest_addr_subunit: subcomponent in the destination device (SMPP 3.4 §5.3.2.1).
    DEST_ADDR_SUBUNIT = 0x0005, dest_addr_subunit, U8;
    /// dest_network_type: network type of the destination (SMPP 3.4 §5.3.2.3).
    DEST_NETWORK_TYPE = 0x0006, dest_network_type, U8;
    /// dest_bearer_type: bearer type of the destination (SMPP 3.4 §5.3.2.5).
    DEST_BEARER_TYPE = 0x0007, dest_bearer_type, U8;
    /// dest_telematics_id: telematics identifier of the destination (SMPP 3.4 §5.3.2.7).
    DEST_TELEMATICS_ID = 0x0008, dest_telematics_id, U16;
    /// source_addr_subunit: subcomponent in the originating device (SMPP 3.4 §5.3.2.2).
    SOURCE_ADDR_SUBUNIT = 0x000D, source_addr_subunit, U8;
    /// source_network_type: network type of the originator (SMPP 3.4 §5.3.2.4).
    SOURCE_NETWORK_TYPE = 0x000E, source_network_type, U8;
    /// source_bearer_type: bearer type of the originator (SMPP 3.4 §5.3.2.6).
    SOURCE_BEARER_TYPE = 0x000F, source_bearer_type, U8;
    /// source_telematics_id: telematics identifier of the originator (SMPP 3.4 §5.3.2.8).
    SOURCE_TELEMATICS_ID = 0x0010, source_telematics_id, Var(1, 2);
    /// qos_time_to_live: seconds the message stays valid (SMPP 3.4 §5.3.2.9).
    QOS_TIME_TO_LIVE = 0x0017, qos_time_to_live, U32;
    /// payload_type: WDP or WCMP payload (SMPP 3.4 §5.3.2.10).
    PAYLOAD_TYPE = 0x0019, payload_type, U8;
    /// additional_status_info_text: ASCII text of a status (SMPP 3.4 §5.3.2.11).
    ADDITIONAL_STATUS_INFO_TEXT = 0x001D, additional_status_info_text, Var(1, 256);
    /// receipted_message_id: SMSC message id of the message a receipt refers to (SMPP 3.4 §5.3.2.12).
    RECEIPTED_MESSAGE_ID = 0x001E, receipted_message_id, Var(1, 65);
    /// ms_msg_wait_facilities: message-waiting indication (SMPP 3.4 §5.3.2.13).
    MS_MSG_WAIT_FACILITIES = 0x0030, ms_msg_wait_facilities, U8;
    /// privacy_indicator: privacy level of the message (SMPP 3.4 §5.3.2.14).
    PRIVACY_INDICATOR = 0x0201, privacy_indicator, U8;
    /// source_subaddress: sub-address of the originator (SMPP 3.4 §5.3.2.15).
    SOURCE_SUBADDRESS = 0x0202, source_subaddress, Var(2, 23);
    /// dest_subaddress: sub-address of the destination (SMPP 3.4 §5.3.2.16).
    DEST_SUBADDRESS = 0x0203, dest_subaddress, Var(2, 23);
    /// user_message_reference: ESME's own reference for the message (SMPP 3.4 §5.3.2.17).
    USER_MESSAGE_REFERENCE = 0x0204, user_message_reference, U16;
    /// user_response_code: application response code (SMPP 3.4 §5.3.2.18).
    USER_RESPONSE_CODE = 0x0205, user_response_code, U8;
    /// source_port: application port at the originator (SMPP 3.4 §5.3.2.20).
    SOURCE_PORT = 0x020A, source_port, U16;
    /// destination_port: application port at the destination (SMPP 3.4 §5.3.2.21).
    DESTINATION_PORT = 0x020B, destination_port, U16;
    /// sar_msg_ref_num: reference of a concatenated message (SMPP 3.4 §5.3.2.22).
    SAR_MSG_REF_NUM = 0x020C, sar_msg_ref_num, U16;
    /// language_indicator: language of the short message (SMPP 3.4 §5.3.2.19).
    LANGUAGE_INDICATOR = 0x020D, language_indicator, U8;
    /// sar_total_segments: number of parts of a concatenated message (SMPP 3.4 §5.3.2.23).
    SAR_TOTAL_SEGMENTS = 0x020E, sar_total_segments, U8;
    /// sar_segment_seqnum: this part's number, from 1 (SMPP 3.4 §5.3.2.24).
    SAR_SEGMENT_SEQNUM = 0x020F, sar_segment_seqnum, U8;
    /// sc_interface_version: SMPP version the SMSC supports, in bind responses (SMPP 3.4 §5.3.2.25).
    SC_INTERFACE_VERSION = 0x0210, sc_interface_version, U8;
    /// callback_num_pres_ind: presentation and screening of callback_num (SMPP 3.4 §5.3.2.37).
    CALLBACK_NUM_PRES_IND = 0x0302, callback_num_pres_ind, U8;
    /// callback_num_atag: alphanumeric tag of callback_num (SMPP 3.4 §5.3.2.38).
    CALLBACK_NUM_ATAG = 0x0303, callback_num_atag, Var(0, 65);
    /// number_of_messages: messages waiting in a mailbox (SMPP 3.4 §5.3.2.39).
    NUMBER_OF_MESSAGES = 0x0304, number_of_messages, U8;
    /// callback_num: callback number of the message (SMPP 3.4 §5.3.2.36).
    CALLBACK_NUM = 0x0381, callback_num, Var(4, 19);
    /// dpf_result: whether a delivery pending flag was set (SMPP 3.4 §5.3.2.28).
    DPF_RESULT = 0x0420, dpf_result, U8;
    /// set_dpf: request to set the delivery pending flag (SMPP 3.4 §5.3.2.29).
    SET_DPF = 0x0421, set_dpf, U8;
    /// ms_availability_status: MS availability in alert_notification (SMPP 3.4 §5.3.2.30).
    MS_AVAILABILITY_STATUS = 0x0422, ms_availability_status, U8;
    /// network_error_code: network type and error code of a failure (SMPP 3.4 §5.3.2.31).
    NETWORK_ERROR_CODE = 0x0423, network_error_code, Fixed(3);
    /// message_payload: the message body, up to 64 K, instead of short_message (SMPP 3.4 §5.3.2.32).
    MESSAGE_PAYLOAD = 0x0424, message_payload, Var(0, 65535);
    /// delivery_failure_reason: why data_sm delivery failed (SMPP 3.4 §5.3.2.33).
    DELIVERY_FAILURE_REASON = 0x0425, delivery_failure_reason, U8;
    /// more_messages_to_send: more messages follow for this destination (SMPP 3.4 §5.3.2.34).
    MORE_MESSAGES_TO_SEND = 0x0426, more_messages_to_send, U8;
    /// message_state: state of the message, in receipts and query responses (SMPP 3.4 §5.3.2.35).
    MESSAGE_STATE = 0x0427, message_state, U8;
    /// congestion_state: load of the sender, 0–100 (SMPP 5.0 §4.8.4.19).
    CONGESTION_STATE = 0x0428, congestion_state, U8;
    /// ussd_service_op: USSD service operation (SMPP 3.4 §5.3.2.44).
    USSD_SERVICE_OP = 0x0501, ussd_service_op, U8;
    /// broadcast_channel_indicator: cell broadcast channel (SMPP 5.0 §4.8.4.3).
    BROADCAST_CHANNEL_INDICATOR = 0x0600, broadcast_channel_indicator, U8;
    /// broadcast_content_type: network and content type of a broadcast (SMPP 5.0 §4.8.4.6).
    BROADCAST_CONTENT_TYPE = 0x0601, broadcast_content_type, Fixed(3);
    /// broadcast_content_type_info: free-form content type information (SMPP 5.0 §4.8.4.7).
    BROADCAST_CONTENT_TYPE_INFO = 0x0602, broadcast_content_type_info, Var(0, 255);
    /// broadcast_message_class: class of a broadcast message (SMPP 5.0 §4.8.4.10).
    BROADCAST_MESSAGE_CLASS = 0x0603, broadcast_message_class, U8;
    /// broadcast_rep_num: how many times to repeat a broadcast (SMPP 5.0 §4.8.4.11).
    BROADCAST_REP_NUM = 0x0604, broadcast_rep_num, U16;
    /// broadcast_frequency_interval: interval between repeats (SMPP 5.0 §4.8.4.9).
    BROADCAST_FREQUENCY_INTERVAL = 0x0605, broadcast_frequency_interval, Fixed(3);
    /// broadcast_area_identifier: the area a broadcast covers (SMPP 5.0 §4.8.4.4).
    BROADCAST_AREA_IDENTIFIER = 0x0606, broadcast_area_identifier, Var(1, 65535);
    /// broadcast_error_status: error of a failed broadcast area (SMPP 5.0 §4.8.4.8).
    BROADCAST_ERROR_STATUS = 0x0607, broadcast_error_status, U32;
    /// broadcast_area_success: percentage of a broadcast area reached (SMPP 5.0 §4.8.4.5).
    BROADCAST_AREA_SUCCESS = 0x0608, broadcast_area_success, U8;
    /// broadcast_end_time: when a broadcast ended (SMPP 5.0 §4.8.4.12).
    BROADCAST_END_TIME = 0x0609, broadcast_end_time, Var(1, 17);
    /// broadcast_service_group: group of a broadcast service (SMPP 5.0 §4.8.4.13).
    BROADCAST_SERVICE_GROUP = 0x060A, broadcast_service_group, Var(0, 255);
    /// billing_identification: billing information (SMPP 5.0 §4.8.4.1).
    BILLING_IDENTIFICATION = 0x060B, billing_identification, Var(1, 1024);
    /// source_network_id: network of the originator (SMPP 5.0 §4.8.4.54).
    SOURCE_NETWORK_ID = 0x060D, source_network_id, Var(1, 65);
    /// dest_network_id: network of the destination (SMPP 5.0 §4.8.4.25).
    DEST_NETWORK_ID = 0x060E, dest_network_id, Var(1, 65);
    /// source_node_id: node of the originator (SMPP 5.0 §4.8.4.55).
    SOURCE_NODE_ID = 0x060F, source_node_id, Fixed(6);
    /// dest_node_id: node of the destination (SMPP 5.0 §4.8.4.26).
    DEST_NODE_ID = 0x0610, dest_node_id, Fixed(6);
    /// dest_addr_np_resolution: number portability query result (SMPP 5.0 §4.8.4.21).
    DEST_ADDR_NP_RESOLUTION = 0x0611, dest_addr_np_resolution, U8;
    /// dest_addr_np_information: number portability information (SMPP 5.0 §4.8.4.20).
    DEST_ADDR_NP_INFORMATION = 0x0612, dest_addr_np_information, Fixed(10);
    /// dest_addr_np_country: country code of the number portability data (SMPP 5.0 §4.8.4.19).
    DEST_ADDR_NP_COUNTRY = 0x0613, dest_addr_np_country, Var(1, 5);
    /// display_time: how the handset displays the message (SMPP 3.4 §5.3.2.26).
    DISPLAY_TIME = 0x1201, display_time, U8;
    /// sms_signal: alerting signal for the message (SMPP 3.4 §5.3.2.40).
    SMS_SIGNAL = 0x1203, sms_signal, U16;
    /// ms_validity: validity behaviour at the handset (SMPP 3.4 §5.3.2.27).
    MS_VALIDITY = 0x1204, ms_validity, Var(1, 4);
    /// alert_on_message_delivery: alert the user on delivery (SMPP 3.4 §5.3.2.41; 5.0 allows 1 octet).
    ALERT_ON_MESSAGE_DELIVERY = 0x130C, alert_on_message_delivery, Var(0, 1);
    /// its_reply_type: reply method for Interactive Teleservice (SMPP 3.4 §5.3.2.42).
    ITS_REPLY_TYPE = 0x1380, its_reply_type, U8;
    /// its_session_info: Interactive Teleservice session (SMPP 3.4 §5.3.2.43).
    ITS_SESSION_INFO = 0x1383, its_session_info, Fixed(2);
}

impl TlvTag {
    /// First tag of the vendor-specific range (SMPP 3.4 §5.3.1).
    pub const VENDOR_FIRST: TlvTag = TlvTag(0x1400);
    /// Last tag of the vendor-specific range.
    pub const VENDOR_LAST: TlvTag = TlvTag(0x3FFF);

    /// Whether the tag is in the vendor-specific range 0x1400–0x3FFF.
    pub const fn is_vendor_specific(self) -> bool {
        self.0 >= 0x1400 && self.0 <= 0x3FFF
    }

    /// The TLVs that carry part of the message itself, not facts about it:
    /// message_payload (the text, SMPP 3.4 §5.3.2.32) and sar_msg_ref_num,
    /// sar_total_segments, sar_segment_seqnum (which part of which long
    /// message the short_message is, §5.3.2.22–24). A PDU without them is a
    /// different message: empty, or a fragment the handset shows alone.
    ///
    /// SMPP 3.3 has no TLVs (SMPP 3.4 §5.3, §5.2.4), so an encoder for a 3.3
    /// session leaves the other TLVs out (the message still arrives, without
    /// that option) but refuses these: [`crate::EncodeError::ContentTlvNotInVersion`].
    pub const CARRIES_CONTENT: [TlvTag; 4] = [
        TlvTag::MESSAGE_PAYLOAD,
        TlvTag::SAR_MSG_REF_NUM,
        TlvTag::SAR_TOTAL_SEGMENTS,
        TlvTag::SAR_SEGMENT_SEQNUM,
    ];

    /// Whether this tag is one of [`TlvTag::CARRIES_CONTENT`].
    pub const fn carries_content(self) -> bool {
        matches!(
            self,
            TlvTag::MESSAGE_PAYLOAD
                | TlvTag::SAR_MSG_REF_NUM
                | TlvTag::SAR_TOTAL_SEGMENTS
                | TlvTag::SAR_SEGMENT_SEQNUM
        )
    }
}

impl core::fmt::Display for TlvTag {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n} (0x{:04x})", self.0),
            None => write!(f, "0x{:04x}", self.0),
        }
    }
}

/// The TLV area of a PDU.
///
/// Decoded PDUs hold [`Tlvs::Raw`]: the checked, borrowed wire bytes.
/// To encode, the application may also give [`Tlvs::List`], a slice of [`Tlv`].
/// Two `Tlvs` compare equal when they hold the same TLVs in the same order.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Tlvs<'a> {
    /// Wire bytes, already checked by [`Tlvs::parse`].
    Raw(&'a [u8]),
    /// TLVs given by the application.
    List(&'a [Tlv<'a>]),
}

impl Default for Tlvs<'_> {
    fn default() -> Self {
        Tlvs::EMPTY
    }
}

impl PartialEq for Tlvs<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Tlvs<'_> {}

impl<'a> Tlvs<'a> {
    /// No TLVs.
    pub const EMPTY: Tlvs<'static> = Tlvs::List(&[]);

    /// Checks a TLV area (the rest of a PDU body after its mandatory fields).
    ///
    /// `base` is the body offset of `raw`, used in error positions.
    pub fn parse(raw: &'a [u8], base: usize) -> Result<Tlvs<'a>, DecodeError> {
        let mut rest = raw;
        while !rest.is_empty() {
            let offset = (base + raw.len() - rest.len()).min(u16::MAX as usize) as u16;
            let (tag, len, tail) = match *rest {
                [t0, t1, l0, l1, ref tail @ ..] => (
                    TlvTag(u16::from_be_bytes([t0, t1])),
                    u16::from_be_bytes([l0, l1]),
                    tail,
                ),
                _ => return Err(DecodeError::TlvStream { offset }),
            };
            if tail.len() < len as usize {
                return Err(DecodeError::TlvStream { offset });
            }
            if let Some(kind) = tag.kind() {
                if !kind.allows(len) {
                    return Err(DecodeError::TlvLength { tag, length: len });
                }
            }
            rest = tail.get(len as usize..).unwrap_or_default();
        }
        Ok(Tlvs::Raw(raw))
    }

    /// Iterates over the TLVs in wire order.
    pub fn iter(&self) -> TlvsIter<'a> {
        match *self {
            Tlvs::Raw(b) => TlvsIter::Raw(b),
            Tlvs::List(l) => TlvsIter::List(l.iter()),
        }
    }

    /// The value of the first TLV with this tag.
    pub fn get(&self, tag: TlvTag) -> Option<&'a [u8]> {
        self.iter().find(|t| t.tag == tag).map(|t| t.value)
    }

    /// Whether there is no TLV.
    pub fn is_empty(&self) -> bool {
        match self {
            Tlvs::Raw(b) => b.is_empty(),
            Tlvs::List(l) => l.is_empty(),
        }
    }

    /// Number of TLVs.
    pub fn len(&self) -> usize {
        match self {
            Tlvs::Raw(_) => self.iter().count(),
            Tlvs::List(l) => l.len(),
        }
    }

    /// Octets the TLV area takes on the wire.
    pub fn encoded_len(&self) -> usize {
        match self {
            Tlvs::Raw(b) => b.len(),
            Tlvs::List(l) => l.iter().map(Tlv::encoded_len).sum(),
        }
    }

    /// Writes the TLVs, or at SMPP 3.3 (`w.tlvs` false) none: the ones that
    /// carry content make that an error instead ([`TlvTag::CARRIES_CONTENT`]).
    #[inline]
    pub(crate) fn encode(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        if !w.tlvs {
            return match self.iter().find(|t| t.tag.carries_content()) {
                // SMPP 3.3 has no TLVs: leaving this one out would change the message.
                Some(t) => Err(EncodeError::ContentTlvNotInVersion { tag: t.tag }),
                None => Ok(()),
            };
        }
        match self {
            Tlvs::Raw(b) => w.bytes(b),
            Tlvs::List(l) => {
                for t in l.iter() {
                    let len = u16::try_from(t.value.len())
                        .map_err(|_| EncodeError::TlvTooLong { tag: t.tag })?;
                    w.u16(t.tag.0)?;
                    w.u16(len)?;
                    w.bytes(t.value)?;
                }
                Ok(())
            }
        }
    }

    /// The sar_* TLVs together: `(sar_msg_ref_num, sar_total_segments, sar_segment_seqnum)`.
    pub fn sar(&self) -> Option<(u16, u8, u8)> {
        Some((
            self.sar_msg_ref_num()?,
            self.sar_total_segments()?,
            self.sar_segment_seqnum()?,
        ))
    }
}

impl<'a> IntoIterator for Tlvs<'a> {
    type Item = Tlv<'a>;
    type IntoIter = TlvsIter<'a>;
    fn into_iter(self) -> TlvsIter<'a> {
        self.iter()
    }
}

/// A lazy iterator over [`Tlvs`]; borrows, never copies.
#[derive(Debug, Clone)]
pub enum TlvsIter<'a> {
    /// Walking checked wire bytes.
    Raw(&'a [u8]),
    /// Walking a list given by the application.
    List(core::slice::Iter<'a, Tlv<'a>>),
}

impl<'a> Iterator for TlvsIter<'a> {
    type Item = Tlv<'a>;

    fn next(&mut self) -> Option<Tlv<'a>> {
        match self {
            TlvsIter::Raw(rest) => {
                // The area was checked by `Tlvs::parse`; a malformed remainder
                // (only possible for a hand-built `Tlvs::Raw`) ends the walk.
                let [t0, t1, l0, l1, ref tail @ ..] = **rest else {
                    *rest = &[];
                    return None;
                };
                let len = u16::from_be_bytes([l0, l1]) as usize;
                let Some(value) = tail.get(..len) else {
                    *rest = &[];
                    return None;
                };
                *rest = tail.get(len..).unwrap_or_default();
                Some(Tlv {
                    tag: TlvTag(u16::from_be_bytes([t0, t1])),
                    value,
                })
            }
            TlvsIter::List(it) => it.next().copied(),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Tlvs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_access() {
        let raw = [
            0x02, 0x04, 0, 2, 0, 7, // user_message_reference 7
            0x14, 0x01, 0, 3, 1, 2, 3, // vendor tag
            0x04, 0x27, 0, 1, 2, // message_state 2
        ];
        let t = Tlvs::parse(&raw, 0).unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t.user_message_reference(), Some(7));
        assert_eq!(t.message_state(), Some(2));
        assert_eq!(t.get(TlvTag(0x1401)), Some(&[1u8, 2, 3][..]));
        assert_eq!(t.message_payload(), None);
        let list = [
            Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7]),
            Tlv::new(TlvTag(0x1401), &[1, 2, 3]),
            Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        ];
        assert_eq!(t, Tlvs::List(&list));
        assert_eq!(Tlvs::List(&list).encoded_len(), raw.len());
    }

    #[test]
    fn rejects_broken_areas() {
        assert_eq!(
            Tlvs::parse(&[0x02, 0x04, 0], 10),
            Err(DecodeError::TlvStream { offset: 10 })
        );
        assert_eq!(
            Tlvs::parse(&[0x02, 0x04, 0, 3, 0, 7], 0),
            Err(DecodeError::TlvStream { offset: 0 })
        );
        assert_eq!(
            Tlvs::parse(&[0x02, 0x04, 0, 1, 7], 0),
            Err(DecodeError::TlvLength {
                tag: TlvTag::USER_MESSAGE_REFERENCE,
                length: 1
            })
        );
    }

    #[test]
    fn names_are_unique() {
        for t in TlvTag::ALL {
            assert_eq!(TlvTag::from_name(t.name().unwrap()), Some(*t));
        }
    }
}
