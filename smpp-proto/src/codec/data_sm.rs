//! data_sm (SMPP 3.4 §4.7.1, SMPP 5.0 §4.2.2.1). Its response shares
//! submit_sm_resp's layout ([`super::SmResp`]).

use super::body::{body, CStr, TlvTail, ADDR65_MAX, SERVICE_TYPE_MAX, U8};
use super::tlv::Tlvs;

body! {
    /// data_sm (SMPP 3.4 §4.7.1): packet data transfer, used by interactive
    /// applications; the payload travels in the message_payload TLV.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct DataSm<'a> {
        /// service_type (C-Octet String, max 6).
        pub service_type: &'a [u8] = ServiceType: CStr(SERVICE_TYPE_MAX),
        /// source_addr_ton.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr (C-Octet String, max 65).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR65_MAX),
        /// dest_addr_ton.
        pub dest_addr_ton: u8 = DestAddrTon: U8,
        /// dest_addr_npi.
        pub dest_addr_npi: u8 = DestAddrNpi: U8,
        /// destination_addr (C-Octet String, max 65).
        pub destination_addr: &'a [u8] = DestinationAddr: CStr(ADDR65_MAX),
        /// esm_class.
        pub esm_class: u8 = EsmClass: U8,
        /// registered_delivery.
        pub registered_delivery: u8 = RegisteredDelivery: U8,
        /// data_coding.
        pub data_coding: u8 = DataCoding: U8,
        /// Optional parameters (message_payload, receipted_message_id, …).
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}
