//! Cell broadcast operations of SMPP 5.0: broadcast_sm (§4.4.1),
//! query_broadcast_sm (§4.6.2), cancel_broadcast_sm (§4.6.1) and their
//! responses. cancel_broadcast_sm_resp has no body.
//!
//! Mandatory TLVs are not enforced by the decoder (peers in the field omit
//! some); [`super::validate`] reports each missing one (ESME_RMISSINGTLV), and
//! [`BroadcastSm::missing_tlv`] and [`QueryBroadcastSmResp::missing_tlv`]
//! give the first.

use super::pdu::{opt_tlvs_len, rest_tlvs, Body};
use super::sm::{time, write_time, ADDR21_MAX, MESSAGE_ID_MAX, SERVICE_TYPE_MAX};
use super::smpp_time::SmppTime;
use super::tlv::{TlvTag, Tlvs};
use super::wire::{cstr, u8_field, Writer};
use crate::error::{DecodeError, EncodeError};

fn first_missing(tlvs: &Tlvs<'_>, required: &[TlvTag]) -> Option<DecodeError> {
    required
        .iter()
        .find(|t| tlvs.get(**t).is_none())
        .map(|tag| DecodeError::MissingTlv { tag: *tag })
}

/// broadcast_sm (SMPP 5.0 §4.4.1.1): submit a cell broadcast message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BroadcastSm<'a> {
    /// service_type (C-Octet String, max 6).
    pub service_type: &'a [u8],
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// source_addr (C-Octet String, max 21).
    pub source_addr: &'a [u8],
    /// message_id: set when replacing an earlier broadcast (C-Octet String, max 65).
    pub message_id: &'a [u8],
    /// priority_flag.
    pub priority_flag: u8,
    /// schedule_delivery_time.
    pub schedule_delivery_time: SmppTime,
    /// validity_period.
    pub validity_period: SmppTime,
    /// replace_if_present_flag.
    pub replace_if_present_flag: u8,
    /// data_coding.
    pub data_coding: u8,
    /// sm_default_msg_id.
    pub sm_default_msg_id: u8,
    /// TLVs; broadcast_area_identifier, broadcast_content_type,
    /// broadcast_rep_num and broadcast_frequency_interval are mandatory.
    pub tlvs: Tlvs<'a>,
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

impl<'a> Body<'a> for BroadcastSm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, service_type) = cstr(body, "service_type", SERVICE_TYPE_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        let (i, message_id) = cstr(i, "message_id", MESSAGE_ID_MAX)?;
        let (i, priority_flag) = u8_field(i, "priority_flag")?;
        let (i, schedule_delivery_time) = time(i, "schedule_delivery_time")?;
        let (i, validity_period) = time(i, "validity_period")?;
        let (i, replace_if_present_flag) = u8_field(i, "replace_if_present_flag")?;
        let (i, data_coding) = u8_field(i, "data_coding")?;
        let (i, sm_default_msg_id) = u8_field(i, "sm_default_msg_id")?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(BroadcastSm {
            service_type,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            message_id,
            priority_flag,
            schedule_delivery_time,
            validity_period,
            replace_if_present_flag,
            data_coding,
            sm_default_msg_id,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.service_type.len()
            + self.source_addr.len()
            + self.message_id.len()
            + self.schedule_delivery_time.text_len()
            + self.validity_period.text_len()
            + 5 // NULs
            + 6
            + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.service_type, "service_type", SERVICE_TYPE_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)?;
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        w.u8(self.priority_flag)?;
        write_time(w, &self.schedule_delivery_time)?;
        write_time(w, &self.validity_period)?;
        w.u8(self.replace_if_present_flag)?;
        w.u8(self.data_coding)?;
        w.u8(self.sm_default_msg_id)?;
        self.tlvs.encode(w)
    }
}

/// broadcast_sm_resp (SMPP 5.0 §4.4.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BroadcastSmResp<'a> {
    /// message_id (C-Octet String, max 65); `None` when the body is absent.
    pub message_id: Option<&'a [u8]>,
    /// Optional parameters (broadcast_error_status, failed_broadcast_area_identifier).
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for BroadcastSmResp<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        if body.is_empty() {
            return Ok(BroadcastSmResp::default());
        }
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(BroadcastSmResp {
            message_id: Some(message_id),
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        match self.message_id {
            None => 0,
            Some(id) => id.len() + 1 + opt_tlvs_len(&self.tlvs, tlvs),
        }
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        if let Some(id) = self.message_id {
            w.cstr(id, "message_id", MESSAGE_ID_MAX)?;
            self.tlvs.encode(w)?;
        }
        Ok(())
    }
}

/// query_broadcast_sm (SMPP 5.0 §4.6.2.1): the state of a broadcast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct QueryBroadcastSm<'a> {
    /// message_id (C-Octet String, max 65).
    pub message_id: &'a [u8],
    /// source_addr_ton.
    pub source_addr_ton: u8,
    /// source_addr_npi.
    pub source_addr_npi: u8,
    /// source_addr (C-Octet String, max 21).
    pub source_addr: &'a [u8],
    /// Optional parameters (user_message_reference).
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for QueryBroadcastSm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(QueryBroadcastSm {
            message_id,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.message_id.len() + self.source_addr.len() + 4 + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)?;
        self.tlvs.encode(w)
    }
}

/// query_broadcast_sm_resp (SMPP 5.0 §4.6.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct QueryBroadcastSmResp<'a> {
    /// message_id (C-Octet String, max 65).
    pub message_id: &'a [u8],
    /// TLVs; message_state, broadcast_area_identifier and
    /// broadcast_area_success are mandatory.
    pub tlvs: Tlvs<'a>,
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

impl<'a> Body<'a> for QueryBroadcastSmResp<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(QueryBroadcastSmResp { message_id, tlvs })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.message_id.len() + 1 + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        self.tlvs.encode(w)
    }
}

/// cancel_broadcast_sm (SMPP 5.0 §4.6.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CancelBroadcastSm<'a> {
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
    /// Optional parameters (broadcast_content_type, user_message_reference).
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for CancelBroadcastSm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let (i, service_type) = cstr(body, "service_type", SERVICE_TYPE_MAX)?;
        let (i, message_id) = cstr(i, "message_id", MESSAGE_ID_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(CancelBroadcastSm {
            service_type,
            message_id,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        self.service_type.len()
            + self.message_id.len()
            + self.source_addr.len()
            + 3
            + 2
            + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.service_type, "service_type", SERVICE_TYPE_MAX)?;
        w.cstr(self.message_id, "message_id", MESSAGE_ID_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)?;
        self.tlvs.encode(w)
    }
}
