//! alert_notification (SMPP 3.4 §4.12.1, SMPP 5.0 §4.1.3.1). It has no response.

use super::pdu::{opt_tlvs_len, rest_tlvs, Body};
use super::tlv::Tlvs;
use super::wire::{cstr, u8_field, Writer};
use crate::error::{DecodeError, EncodeError};

const ADDR65_MAX: u16 = 65;

/// alert_notification (SMPP 3.4 §4.12.1): the SMSC tells the ESME that a
/// mobile subscriber became available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AlertNotification<'a> {
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// source_addr: the MS that became available (C-Octet String, max 65).
    pub source_addr: &'a [u8],
    /// esme_addr_ton.
    pub esme_addr_ton: u8,
    /// esme_addr_npi.
    pub esme_addr_npi: u8,
    /// esme_addr: the ESME that asked for the alert (C-Octet String, max 65).
    pub esme_addr: &'a [u8],
    /// Optional parameters: ms_availability_status.
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for AlertNotification<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let i = body;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR65_MAX)?;
        let (i, esme_addr_ton) = u8_field(i, "esme_addr_ton")?;
        let (i, esme_addr_npi) = u8_field(i, "esme_addr_npi")?;
        let (i, esme_addr) = cstr(i, "esme_addr", ADDR65_MAX)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(AlertNotification {
            source_addr_ton,
            source_addr_npi,
            source_addr,
            esme_addr_ton,
            esme_addr_npi,
            esme_addr,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.source_addr.len() + self.esme_addr.len() + 6 + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR65_MAX)?;
        w.u8(self.esme_addr_ton)?;
        w.u8(self.esme_addr_npi)?;
        w.cstr(self.esme_addr, "esme_addr", ADDR65_MAX)?;
        self.tlvs.encode(w)
    }
}
