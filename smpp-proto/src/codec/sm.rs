//! submit_sm, deliver_sm and their responses (SMPP 3.4 §4.4 and §4.6,
//! SMPP 5.0 §4.2.4 and §4.3.4). deliver_sm has exactly submit_sm's layout.
//! The responses of submit_sm, deliver_sm and data_sm share one layout too.

use super::body::{
    body, CStr, OptCStr, ShortMessage, Time, TlvTail, ADDR21_MAX, MESSAGE_ID_MAX, SERVICE_TYPE_MAX,
    U8,
};
use super::smpp_time::SmppTime;
use super::tlv::Tlvs;

body! {
    /// submit_sm (SMPP 3.4 §4.4.1): an ESME submits a short message to the SMSC.
    ///
    /// Also the layout of deliver_sm ([`DeliverSm`], SMPP 3.4 §4.6.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct SubmitSm<'a> {
        /// service_type: the SMS application service (C-Octet String, max 6).
        pub service_type: &'a [u8] = ServiceType: CStr(SERVICE_TYPE_MAX),
        /// source_addr_ton: type of number of the source address.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi: numbering plan indicator of the source address.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr: originator address (C-Octet String, max 21).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR21_MAX),
        /// dest_addr_ton: type of number of the destination.
        pub dest_addr_ton: u8 = DestAddrTon: U8,
        /// dest_addr_npi: numbering plan indicator of the destination.
        pub dest_addr_npi: u8 = DestAddrNpi: U8,
        /// destination_addr: recipient address (C-Octet String, max 21).
        pub destination_addr: &'a [u8] = DestinationAddr: CStr(ADDR21_MAX),
        /// esm_class: message mode and type, UDHI (0x40), receipt (0x04) bits.
        pub esm_class: u8 = EsmClass: U8,
        /// protocol_id: GSM TP-PID.
        pub protocol_id: u8 = ProtocolId: U8,
        /// priority_flag: 0 (lowest) to 3.
        pub priority_flag: u8 = PriorityFlag: U8,
        /// schedule_delivery_time: empty for immediate delivery.
        pub schedule_delivery_time: SmppTime = ScheduleDeliveryTime: Time,
        /// validity_period: empty for the SMSC default.
        pub validity_period: SmppTime = ValidityPeriod: Time,
        /// registered_delivery: receipt and acknowledgement requests.
        pub registered_delivery: u8 = RegisteredDelivery: U8,
        /// replace_if_present_flag: replace an earlier message with the same source/destination/service_type.
        pub replace_if_present_flag: u8 = ReplaceIfPresentFlag: U8,
        /// data_coding: the character set of short_message.
        pub data_coding: u8 = DataCoding: U8,
        /// sm_default_msg_id: index of a canned message, 0 for none.
        pub sm_default_msg_id: u8 = SmDefaultMsgId: U8,
        /// short_message: up to 254 octets of user data; `sm_length` is its length.
        pub short_message: &'a [u8] = ShortMessage: ShortMessage,
        /// Optional parameters (SMPP 3.4 §4.4.1 table 4-11).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}

/// deliver_sm (SMPP 3.4 §4.6.1): the SMSC delivers a message or a delivery
/// receipt to the ESME. Same layout as submit_sm.
pub type DeliverSm<'a> = SubmitSm<'a>;

body! {
    /// submit_sm_resp, deliver_sm_resp and data_sm_resp (SMPP 3.4 §4.4.2, §4.6.2,
    /// §4.7.2): the message_id the SMSC assigned, and (5.0) optional TLVs.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct SmResp<'a> [optional message_id] {
        /// message_id (C-Octet String, max 65). `None` when the body is absent,
        /// as SMPP 3.4 §4.4.2 prescribes for a non-zero command_status (and as
        /// some SMSCs send even on success).
        pub message_id: Option<&'a [u8]> = MessageId: OptCStr(MESSAGE_ID_MAX),
        /// Optional parameters (SMPP 5.0 §4.2.5: e.g. additional_status_info_text,
        /// delivery_failure_reason, network_error_code, dpf_result).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}
