//! query_sm, cancel_sm, replace_sm and query_sm_resp (SMPP 3.4 §4.8–4.10,
//! SMPP 5.0 §4.5). cancel_sm_resp and replace_sm_resp have no body.

use super::pdu::{no_trailing, opt_tlvs_len, rest_tlvs, Body};
use super::sm::{
    short_message, time, write_short_message, write_time, ADDR21_MAX, MESSAGE_ID_MAX,
    SERVICE_TYPE_MAX,
};
use super::smpp_time::SmppTime;
use super::tlv::Tlvs;
use super::wire::{cstr, u8_field, Writer};
use crate::error::{DecodeError, EncodeError};

/// query_sm (SMPP 3.4 §4.8.1): ask the SMSC for the state of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct QuerySm<'a> {
    /// message_id the SMSC assigned (C-Octet String, max 65).
    pub message_id: &'a [u8],
    /// source_addr_ton of the original message.
    pub source_addr_ton: u8,
    /// source_addr_npi of the original message.
    pub source_addr_npi: u8,
    /// source_addr of the original message (C-Octet String, max 21).
    pub source_addr: &'a [u8],
}

impl<'a> Body<'a> for QuerySm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        no_trailing(i)?;
        Ok(QuerySm {
            message_id,
            source_addr_ton,
            source_addr_npi,
            source_addr,
        })
    }

    fn body_len(&self, _tlvs: bool) -> usize {
        self.message_id.len() + self.source_addr.len() + 4
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)
    }
}

/// query_sm_resp (SMPP 3.4 §4.8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct QuerySmResp<'a> {
    /// message_id (C-Octet String, max 65).
    pub message_id: &'a [u8],
    /// final_date: when the message reached its final state; empty if not final.
    pub final_date: SmppTime,
    /// message_state (SMPP 3.4 §5.2.28): 1 ENROUTE … 8 REJECTED.
    pub message_state: u8,
    /// error_code: network error of a failed delivery.
    pub error_code: u8,
}

impl<'a> Body<'a> for QuerySmResp<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let (i, final_date) = time(i, "final_date")?;
        let (i, message_state) = u8_field(i, "message_state")?;
        let (i, error_code) = u8_field(i, "error_code")?;
        no_trailing(i)?;
        Ok(QuerySmResp {
            message_id,
            final_date,
            message_state,
            error_code,
        })
    }

    fn body_len(&self, _tlvs: bool) -> usize {
        self.message_id.len() + self.final_date.text_len() + 4
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        write_time(w, &self.final_date)?;
        w.u8(self.message_state)?;
        w.u8(self.error_code)
    }
}

/// cancel_sm (SMPP 3.4 §4.9.1): cancel one message, or all messages from a
/// source to a destination (with an empty message_id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CancelSm<'a> {
    /// service_type (C-Octet String, max 6).
    pub service_type: &'a [u8],
    /// message_id (C-Octet String, max 65).
    pub message_id: &'a [u8],
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// source_addr (C-Octet String, max 21).
    pub source_addr: &'a [u8],
    /// dest_addr_ton.
    pub dest_addr_ton: u8,
    /// dest_addr_npi.
    pub dest_addr_npi: u8,
    /// destination_addr (C-Octet String, max 21).
    pub destination_addr: &'a [u8],
}

impl<'a> Body<'a> for CancelSm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, service_type) = cstr(body, "service_type", SERVICE_TYPE_MAX)?;
        let (i, message_id) = cstr(i, "message_id", MESSAGE_ID_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        let (i, dest_addr_ton) = u8_field(i, "dest_addr_ton")?;
        let (i, dest_addr_npi) = u8_field(i, "dest_addr_npi")?;
        let (i, destination_addr) = cstr(i, "destination_addr", ADDR21_MAX)?;
        no_trailing(i)?;
        Ok(CancelSm {
            service_type,
            message_id,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            dest_addr_ton,
            dest_addr_npi,
            destination_addr,
        })
    }

    fn body_len(&self, _tlvs: bool) -> usize {
        self.service_type.len()
            + self.message_id.len()
            + self.source_addr.len()
            + self.destination_addr.len()
            + 4
            + 4
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.service_type, "service_type", SERVICE_TYPE_MAX)?;
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)?;
        w.u8(self.dest_addr_ton)?;
        w.u8(self.dest_addr_npi)?;
        w.cstr(self.destination_addr, "destination_addr", ADDR21_MAX)
    }
}

/// replace_sm (SMPP 3.4 §4.10.1): replace a message still held by the SMSC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReplaceSm<'a> {
    /// message_id (C-Octet String, max 65).
    pub message_id: &'a [u8],
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// source_addr (C-Octet String, max 21).
    pub source_addr: &'a [u8],
    /// schedule_delivery_time.
    pub schedule_delivery_time: SmppTime,
    /// validity_period.
    pub validity_period: SmppTime,
    /// registered_delivery.
    pub registered_delivery: u8,
    /// sm_default_msg_id.
    pub sm_default_msg_id: u8,
    /// short_message (sm_length is computed).
    pub short_message: &'a [u8],
    /// Optional parameters (SMPP 5.0 §4.5.2.1: message_payload).
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for ReplaceSm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        let (i, schedule_delivery_time) = time(i, "schedule_delivery_time")?;
        let (i, validity_period) = time(i, "validity_period")?;
        let (i, registered_delivery) = u8_field(i, "registered_delivery")?;
        let (i, sm_default_msg_id) = u8_field(i, "sm_default_msg_id")?;
        let (i, short_message) = short_message(i)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(ReplaceSm {
            message_id,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            schedule_delivery_time,
            validity_period,
            registered_delivery,
            sm_default_msg_id,
            short_message,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.message_id.len()
            + self.source_addr.len()
            + self.schedule_delivery_time.text_len()
            + self.validity_period.text_len()
            + self.short_message.len()
            + 4
            + 5
            + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)?;
        write_time(w, &self.schedule_delivery_time)?;
        write_time(w, &self.validity_period)?;
        w.u8(self.registered_delivery)?;
        w.u8(self.sm_default_msg_id)?;
        write_short_message(w, self.short_message)?;
        self.tlvs.encode(w)
    }
}
