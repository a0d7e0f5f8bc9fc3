//! alert_notification (SMPP 3.4 §4.12.1, SMPP 5.0 §4.1.3.1). It has no response.

use super::body::{body, CStr, TlvTail, ADDR65_MAX, U8};
use super::tlv::Tlvs;

body! {
    /// alert_notification (SMPP 3.4 §4.12.1): the SMSC tells the ESME that a
    /// mobile subscriber became available.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct AlertNotification<'a> {
        /// source_addr_ton.
        pub source_addr_ton: u8 = SourceAddrTon: U8,
        /// source_addr_npi.
        pub source_addr_npi: u8 = SourceAddrNpi: U8,
        /// source_addr: the MS that became available (C-Octet String, max 65).
        pub source_addr: &'a [u8] = SourceAddr: CStr(ADDR65_MAX),
        /// esme_addr_ton.
        pub esme_addr_ton: u8 = EsmeAddrTon: U8,
        /// esme_addr_npi.
        pub esme_addr_npi: u8 = EsmeAddrNpi: U8,
        /// esme_addr: the ESME that asked for the alert (C-Octet String, max 65).
        pub esme_addr: &'a [u8] = EsmeAddr: CStr(ADDR65_MAX),
        /// Optional parameters: ms_availability_status.
        pub tlvs: Tlvs<'a> = Tlvs: TlvTail,
    }
}
