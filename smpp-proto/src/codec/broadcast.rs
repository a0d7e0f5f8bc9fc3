//! Cell broadcast operations of SMPP 5.0: broadcast_sm (§4.4.1),
//! query_broadcast_sm (§4.6.2), cancel_broadcast_sm (§4.6.1) and their
//! responses. cancel_broadcast_sm_resp has no body.
//!
//! Mandatory TLVs are not enforced by the decoder (peers in the field omit
//! some); [`super::validate`] reports each missing one (ESME_RMISSINGTLV), and
//! [`BroadcastSm::missing_tlv`] and [`QueryBroadcastSmResp::missing_tlv`]
//! give the first.

use super::body::{
    body, CStr, OptCStr, Time, TlvTail, ADDR21_MAX, MESSAGE_ID_MAX, SERVICE_TYPE_MAX, U8,
};
use super::smpp_time::SmppTime;
use super::tlv::{TlvTag, Tlvs};
use crate::error::DecodeError;

fn first_missing(tlvs: &Tlvs<'_>, required: &[TlvTag]) -> Option<DecodeError> {
    required
        .iter()
        .find(|t| tlvs.get(**t).is_none())
        .map(|tag| DecodeError::MissingTlv { tag: *tag })
}

body! {
    /// broadcast_sm (SMPP 5.0 §4.4.1.1): submit a cell broadcast message.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct BroadcastSm<'a> {
        /// service_type (C-Octet String, max 6).
        pub service_type: &'a [u8] = ServiceType: CStr(SERVICE_TYPE_MAX),
        /// source_addr_ton.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr (C-Octet String, max 21).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR21_MAX),
        /// message_id: set when replacing an earlier broadcast (C-Octet String, max 65).
        pub message_id: &'a [u8] = MessageId: CStr(MESSAGE_ID_MAX),
        /// priority_flag.
        pub priority_flag: u8 = PriorityFlag: U8,
        /// schedule_delivery_time.
        pub schedule_delivery_time: SmppTime = ScheduleDeliveryTime: Time,
        /// validity_period.
        pub validity_period: SmppTime = ValidityPeriod: Time,
        /// replace_if_present_flag.
        pub replace_if_present_flag: u8 = ReplaceIfPresentFlag: U8,
        /// data_coding.
        pub data_coding: u8 = DataCoding: U8,
        /// sm_default_msg_id.
        pub sm_default_msg_id: u8 = SmDefaultMsgId: U8,
        /// TLVs; broadcast_area_identifier, broadcast_content_type,
        /// broadcast_rep_num and broadcast_frequency_interval are mandatory.
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

impl BroadcastSm<'_> {
    /// The TLVs SMPP 5.0 §4.4.1.1 makes mandatory.
    pub const MANDATORY_TLVS: [TlvTag; 4] = [
        TlvTag::BROADCAST_AREA_IDENTIFIER,
        TlvTag::BROADCAST_CONTENT_TYPE,
        TlvTag::BROADCAST_REP_NUM,
        TlvTag::BROADCAST_FREQUENCY_INTERVAL,
    ];

    /// The first mandatory TLV that is absent, as the error to answer with.
    pub fn missing_tlv(&self) -> Option<DecodeError> {
        first_missing(&self.tlvs, &Self::MANDATORY_TLVS)
    }
}

body! {
    /// broadcast_sm_resp (SMPP 5.0 §4.4.1.2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct BroadcastSmResp<'a> [optional message_id] {
        /// message_id (C-Octet String, max 65); `None` when the body is absent.
        pub message_id: Option<&'a [u8]> = MessageId: OptCStr(MESSAGE_ID_MAX),
        /// Optional parameters (broadcast_error_status, failed_broadcast_area_identifier).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

body! {
    /// query_broadcast_sm (SMPP 5.0 §4.6.2.1): the state of a broadcast.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct QueryBroadcastSm<'a> {
        /// message_id (C-Octet String, max 65).
        pub message_id: &'a [u8] = MessageId: CStr(MESSAGE_ID_MAX),
        /// source_addr_ton.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr (C-Octet String, max 21).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR21_MAX),
        /// Optional parameters (user_message_reference).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

body! {
    /// query_broadcast_sm_resp (SMPP 5.0 §4.6.2.3).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct QueryBroadcastSmResp<'a> {
        /// message_id (C-Octet String, max 65).
        pub message_id: &'a [u8] = MessageId: CStr(MESSAGE_ID_MAX),
        /// TLVs; message_state, broadcast_area_identifier and
        /// broadcast_area_success are mandatory.
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

impl QueryBroadcastSmResp<'_> {
    /// The TLVs SMPP 5.0 §4.6.2.3 makes mandatory.
    pub const MANDATORY_TLVS: [TlvTag; 3] = [
        TlvTag::MESSAGE_STATE,
        TlvTag::BROADCAST_AREA_IDENTIFIER,
        TlvTag::BROADCAST_AREA_SUCCESS,
    ];

    /// The first mandatory TLV that is absent, as an error.
    pub fn missing_tlv(&self) -> Option<DecodeError> {
        first_missing(&self.tlvs, &Self::MANDATORY_TLVS)
    }
}

body! {
    /// cancel_broadcast_sm (SMPP 5.0 §4.6.1.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct CancelBroadcastSm<'a> {
        /// service_type (C-Octet String, max 6).
        pub service_type: &'a [u8] = ServiceType: CStr(SERVICE_TYPE_MAX),
        /// message_id (C-Octet String, max 65).
        pub message_id: &'a [u8] = MessageId: CStr(MESSAGE_ID_MAX),
        /// source_addr_ton.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr (C-Octet String, max 21).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR21_MAX),
        /// Optional parameters (broadcast_content_type, user_message_reference).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}
