//! submit_sm, deliver_sm and their responses (SMPP 3.4 §4.4 and §4.6,
//! SMPP 5.0 §4.2.4 and §4.3.4). deliver_sm has exactly submit_sm's layout.
//! The responses of submit_sm, deliver_sm and data_sm share one layout too.

use super::pdu::{opt_tlvs_len, rest_tlvs, Body};
use super::smpp_time::{SmppTime, TIME_MAX};
use super::tlv::Tlvs;
use super::wire::{cstr, u8_field, Parsed, Writer};
use crate::error::{DecodeError, EncodeError};

/// Maximum size (with NUL) of service_type.
pub(crate) const SERVICE_TYPE_MAX: u16 = 6;
/// Maximum size (with NUL) of an address in submit_sm / deliver_sm.
pub(crate) const ADDR21_MAX: u16 = 21;
/// Maximum size (with NUL) of message_id.
pub(crate) const MESSAGE_ID_MAX: u16 = 65;

/// submit_sm (SMPP 3.4 §4.4.1): an ESME submits a short message to the SMSC.
///
/// Also the layout of deliver_sm ([`DeliverSm`], SMPP 3.4 §4.6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SubmitSm<'a> {
    /// service_type: the SMS application service (C-Octet String, max 6).
    pub service_type: &'a [u8],
    /// source_addr_ton: type of number of the source address.
    pub source_addr_ton: u8,
    /// source_addr_npi: numbering plan indicator of the source address.
    pub source_addr_npi: u8,
    /// source_addr: originator address (C-Octet String, max 21).
    pub source_addr: &'a [u8],
    /// dest_addr_ton: type of number of the destination.
    pub dest_addr_ton: u8,
    /// dest_addr_npi: numbering plan indicator of the destination.
    pub dest_addr_npi: u8,
    /// destination_addr: recipient address (C-Octet String, max 21).
    pub destination_addr: &'a [u8],
    /// esm_class: message mode and type, UDHI (0x40), receipt (0x04) bits.
    pub esm_class: u8,
    /// protocol_id: GSM TP-PID.
    pub protocol_id: u8,
    /// priority_flag: 0 (lowest) to 3.
    pub priority_flag: u8,
    /// schedule_delivery_time: empty for immediate delivery.
    pub schedule_delivery_time: SmppTime,
    /// validity_period: empty for the SMSC default.
    pub validity_period: SmppTime,
    /// registered_delivery: receipt and acknowledgement requests.
    pub registered_delivery: u8,
    /// replace_if_present_flag: replace an earlier message with the same source/destination/service_type.
    pub replace_if_present_flag: u8,
    /// data_coding: the character set of short_message.
    pub data_coding: u8,
    /// sm_default_msg_id: index of a canned message, 0 for none.
    pub sm_default_msg_id: u8,
    /// short_message: up to 254 octets of user data; `sm_length` is its length.
    pub short_message: &'a [u8],
    /// Optional parameters (SMPP 3.4 §4.4.1 table 4-11).
    pub tlvs: Tlvs<'a>,
}

/// deliver_sm (SMPP 3.4 §4.6.1): the SMSC delivers a message or a delivery
/// receipt to the ESME. Same layout as submit_sm.
pub type DeliverSm<'a> = SubmitSm<'a>;

/// Parses `sm_length` and `short_message` (SMPP 3.4 §5.2.21–22).
#[inline(always)]
pub(crate) fn short_message(i: &[u8]) -> Parsed<'_, &[u8]> {
    let (i, sm_length) = u8_field(i, "sm_length")?;
    if i.len() < sm_length as usize {
        return Err(DecodeError::SmLength {
            sm_length,
            remaining: i.len(),
        });
    }
    let (sm, rest) = i.split_at(sm_length as usize);
    Ok((rest, sm))
}

/// Writes `sm_length` and `short_message`.
#[inline(always)]
pub(crate) fn write_short_message(w: &mut Writer<'_>, sm: &[u8]) -> Result<(), EncodeError> {
    let len =
        u8::try_from(sm.len()).map_err(|_| EncodeError::ShortMessageTooLong { len: sm.len() })?;
    w.u8(len)?;
    w.bytes(sm)
}

/// Parses a time field: a C-Octet String of at most 17 octets.
#[inline(always)]
pub(crate) fn time<'a>(i: &'a [u8], field: &'static str) -> Parsed<'a, SmppTime> {
    // Fast path: the NULL time, by far the most common value.
    if let [0, rest @ ..] = i {
        return Ok((rest, SmppTime::Empty));
    }
    let (i, s) = cstr(i, field, TIME_MAX)?;
    Ok((i, SmppTime::decode(s, field)?))
}

/// Writes a time field.
#[inline(always)]
pub(crate) fn write_time(w: &mut Writer<'_>, t: &SmppTime) -> Result<(), EncodeError> {
    if t.is_empty() {
        return w.u8(0);
    }
    let text = t.to_text();
    w.bytes(text.get(..t.text_len()).unwrap_or_default())?;
    w.u8(0)
}

impl<'a> Body<'a> for SubmitSm<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        let i = body;
        let (i, service_type) = cstr(i, "service_type", SERVICE_TYPE_MAX)?;
        let (i, source_addr_ton) = u8_field(i, "source_addr_ton")?;
        let (i, source_addr_npi) = u8_field(i, "source_addr_npi")?;
        let (i, source_addr) = cstr(i, "source_addr", ADDR21_MAX)?;
        let (i, dest_addr_ton) = u8_field(i, "dest_addr_ton")?;
        let (i, dest_addr_npi) = u8_field(i, "dest_addr_npi")?;
        let (i, destination_addr) = cstr(i, "destination_addr", ADDR21_MAX)?;
        let (i, esm_class) = u8_field(i, "esm_class")?;
        let (i, protocol_id) = u8_field(i, "protocol_id")?;
        let (i, priority_flag) = u8_field(i, "priority_flag")?;
        let (i, schedule_delivery_time) = time(i, "schedule_delivery_time")?;
        let (i, validity_period) = time(i, "validity_period")?;
        let (i, registered_delivery) = u8_field(i, "registered_delivery")?;
        let (i, replace_if_present_flag) = u8_field(i, "replace_if_present_flag")?;
        let (i, data_coding) = u8_field(i, "data_coding")?;
        let (i, sm_default_msg_id) = u8_field(i, "sm_default_msg_id")?;
        let (i, short_message) = short_message(i)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(SubmitSm {
            service_type,
            source_addr_ton,
            source_addr_npi,
            source_addr,
            dest_addr_ton,
            dest_addr_npi,
            destination_addr,
            esm_class,
            protocol_id,
            priority_flag,
            schedule_delivery_time,
            validity_period,
            registered_delivery,
            replace_if_present_flag,
            data_coding,
            sm_default_msg_id,
            short_message,
            tlvs,
        })
    }

    fn body_len(&self, tlvs: bool) -> usize {
        // 12 one-octet fields, 5 NUL terminators.
        self.service_type.len()
            + self.source_addr.len()
            + self.destination_addr.len()
            + self.schedule_delivery_time.text_len()
            + self.validity_period.text_len()
            + self.short_message.len()
            + 12
            + 5
            + opt_tlvs_len(&self.tlvs, tlvs)
    }

    fn encode_body(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.cstr(self.service_type, "service_type", SERVICE_TYPE_MAX)?;
        w.u8(self.source_addr_ton)?;
        w.u8(self.source_addr_npi)?;
        w.cstr(self.source_addr, "source_addr", ADDR21_MAX)?;
        w.u8(self.dest_addr_ton)?;
        w.u8(self.dest_addr_npi)?;
        w.cstr(self.destination_addr, "destination_addr", ADDR21_MAX)?;
        w.u8(self.esm_class)?;
        w.u8(self.protocol_id)?;
        w.u8(self.priority_flag)?;
        write_time(w, &self.schedule_delivery_time)?;
        write_time(w, &self.validity_period)?;
        w.u8(self.registered_delivery)?;
        w.u8(self.replace_if_present_flag)?;
        w.u8(self.data_coding)?;
        w.u8(self.sm_default_msg_id)?;
        write_short_message(w, self.short_message)?;
        self.tlvs.encode(w)
    }
}

/// submit_sm_resp, deliver_sm_resp and data_sm_resp (SMPP 3.4 §4.4.2, §4.6.2,
/// §4.7.2): the message_id the SMSC assigned, and (5.0) optional TLVs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SmResp<'a> {
    /// message_id (C-Octet String, max 65). `None` when the body is absent,
    /// as SMPP 3.4 §4.4.2 prescribes for a non-zero command_status (and as
    /// some SMSCs send even on success).
    pub message_id: Option<&'a [u8]>,
    /// Optional parameters (SMPP 5.0 §4.2.5: e.g. additional_status_info_text,
    /// delivery_failure_reason, network_error_code, dpf_result).
    pub tlvs: Tlvs<'a>,
}

impl<'a> Body<'a> for SmResp<'a> {
    #[inline]
    fn decode_body(body: &'a [u8]) -> Result<Self, DecodeError> {
        if body.is_empty() {
            return Ok(SmResp::default());
        }
        let (i, message_id) = cstr(body, "message_id", MESSAGE_ID_MAX)?;
        let tlvs = rest_tlvs(body, i)?;
        Ok(SmResp {
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
