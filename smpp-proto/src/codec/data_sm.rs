//! data_sm (SMPP 3.4 §4.7.1, SMPP 5.0 §4.2.2.1). Its response shares
//! submit_sm_resp's layout ([`super::SmResp`]).

use super::pdu::{opt_tlvs_len, rest_tlvs, Body};
use super::sm::SERVICE_TYPE_MAX;
use super::tlv::Tlvs;
use super::wire::{cstr, u8_field, Writer};
use crate::error::{DecodeError, EncodeError};

/// Addresses in data_sm may be up to 65 octets (SMPP 3.4 §4.7.1).
const ADDR65_MAX: u16 = 65;

/// data_sm (SMPP 3.4 §4.7.1): packet data transfer, used by interactive
/// applications; the payload travels in the message_payload TLV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DataSm<'a> {
    /// service_type (C-Octet String, max 6).
    pub service_type: &'a [u8],
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// source_addr (C-Octet String, max 65).
    pub source_addr: &'a [u8],
    /// dest_addr_ton.
    pub dest_addr_ton: u8,
    /// dest_addr_npi.
    pub dest_addr_npi: u8,
    /// destination_addr (C-Octet String, max 65).
    pub destination_addr: &'a [u8],
    /// esm_class.
    pub esm_class: u8,
    /// registered_delivery.
    pub registered_delivery: u8,
    /// data_coding.
    pub data_coding: u8,
    /// Optional parameters (message_payload, receipted_message_id, …).
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for DataSm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let i = body;
        let (i, service_type) = cstr(i, "service_type", SERVICE_TYPE_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR65_MAX)?;
        let (i, dest_addr_ton) = u8_field(i, "dest_addr_ton")?;
        let (i, dest_addr_npi) = u8_field(i, "dest_addr_npi")?;
        let (i, destination_addr) = cstr(i, "destination_addr", ADDR65_MAX)?;
        let (i, esm_class) = u8_field(i, "esm_class")?;
        let (i, registered_delivery) = u8_field(i, "registered_delivery")?;
        let (i, data_coding) = u8_field(i, "data_coding")?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(DataSm {
            service_type,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            dest_addr_ton,
            dest_addr_npi,
            destination_addr,
            esm_class,
            registered_delivery,
            data_coding,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.service_type.len()
            + self.source_addr.len()
            + self.destination_addr.len()
            + 3
            + 7
            + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.service_type, "service_type", SERVICE_TYPE_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR65_MAX)?;
        w.u8(self.dest_addr_ton)?;
        w.u8(self.dest_addr_npi)?;
        w.cstr(self.destination_addr, "destination_addr", ADDR65_MAX)?;
        w.u8(self.esm_class)?;
        w.u8(self.registered_delivery)?;
        w.u8(self.data_coding)?;
        self.tlvs.encode(w)
    }
}
