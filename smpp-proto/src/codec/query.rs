//! query_sm, cancel_sm, replace_sm and query_sm_resp (SMPP 3.4 §4.8–4.10,
//! SMPP 5.0 §4.5). cancel_sm_resp and replace_sm_resp have no body.

use super::body::{
    body, CStr, ShortMessage, Time, TlvTail, ADDR21_MAX, MESSAGE_ID_MAX, SERVICE_TYPE_MAX, U8,
};
use super::smpp_time::SmppTime;
use super::tlv::Tlvs;

body! {
    /// query_sm (SMPP 3.4 §4.8.1): ask the SMSC for the state of a message.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct QuerySm<'a> {
        /// message_id the SMSC assigned (C-Octet String, max 65).
        pub message_id: &'a [u8] = MessageId: CStr(MESSAGE_ID_MAX),
        /// source_addr_ton of the original message.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi of the original message.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr of the original message (C-Octet String, max 21).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR21_MAX),
    }
}

body! {
    /// query_sm_resp (SMPP 3.4 §4.8.2).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct QuerySmResp<'a> {
        /// message_id (C-Octet String, max 65).
        pub message_id: &'a [u8] = MessageId: CStr(MESSAGE_ID_MAX),
        /// final_date: when the message reached its final state; empty if not final.
        pub final_date: SmppTime = FinalDate: Time,
        /// message_state (SMPP 3.4 §5.2.28): 1 ENROUTE … 8 REJECTED.
        pub message_state: u8 = MessageState: U8,
        /// error_code: network error of a failed delivery.
        pub error_code: u8 = ErrorCode: U8,
    }
}

body! {
    /// cancel_sm (SMPP 3.4 §4.9.1): cancel one message, or all messages from a
    /// source to a destination (with an empty message_id).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct CancelSm<'a> {
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
        /// dest_addr_ton.
        pub dest_addr_ton: u8 = DestAddrTon: U8,
        /// dest_addr_npi.
        pub dest_addr_npi: u8 = DestAddrNpi: U8,
        /// destination_addr (C-Octet String, max 21).
        pub destination_addr: &'a [u8] = DestinationAddr: CStr(ADDR21_MAX),
    }
}

body! {
    /// replace_sm (SMPP 3.4 §4.10.1): replace a message still held by the SMSC.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct ReplaceSm<'a> {
        /// message_id (C-Octet String, max 65).
        pub message_id: &'a [u8] = MessageId: CStr(MESSAGE_ID_MAX),
        /// source_addr_ton.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr (C-Octet String, max 21).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR21_MAX),
        /// schedule_delivery_time.
        pub schedule_delivery_time: SmppTime = ScheduleDeliveryTime: Time,
        /// validity_period.
        pub validity_period: SmppTime = ValidityPeriod: Time,
        /// registered_delivery.
        pub registered_delivery: u8 = RegisteredDelivery: U8,
        /// sm_default_msg_id.
        pub sm_default_msg_id: u8 = SmDefaultMsgId: U8,
        /// short_message (sm_length is computed).
        pub short_message: &'a [u8] = ShortMessage: ShortMessage,
        /// Optional parameters (SMPP 5.0 §4.5.2.1: message_payload).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}
