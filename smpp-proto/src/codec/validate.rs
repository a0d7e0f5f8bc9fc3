//! Validation of a decoded PDU against the rules of the spec that the
//! decoder leaves lenient, each with the command_status a strict peer
//! answers (SMPP 3.4 §5.1.3, SMPP 5.0 §4.7.6).
//!
//! Read before editing: SMPP 3.4 §4 (each PDU's table of mandatory fields and
//! optional parameters), §5.2.21 (sm_length), §5.3.2 (TLV types); SMPP 5.0
//! §4.2.4–4.2.5 (message submission TLVs), §4.3.4–4.3.5 (message delivery
//! TLVs), §4.4.1 (broadcast_sm), §4.6 (the broadcast queries), §4.8.4 (TLV
//! definitions).
//!
//! [`super::decode`] refuses what it cannot take apart (a C-Octet String
//! without its NUL or over its maximum, a TLV of the wrong length, octets
//! after a header-only request, …). What decodes but breaks a rule comes
//! here:
//!
//! | rule | status |
//! |---|---|
//! | a response with command_status 0 lacks its mandatory body (message_id, system_id) | ESME_RINVCMDLEN |
//! | short_message is longer than 254 octets (SMPP 3.4 §5.2.21) | ESME_RINVMSGLEN |
//! | a header-only PDU (generic_nack, enquire_link_resp, …) has a body | ESME_RINVCMDLEN |
//! | a C-Octet String TLV has no NUL at its end | ESME_RINVOPTPARAMVAL |
//! | a standard TLV the command's table does not list | ESME_ROPTPARNOTALLWD |
//! | a mandatory TLV is missing (broadcast_sm, query_broadcast_sm_resp) | ESME_RMISSINGOPTPARAM |
//! | submit_multi has more destinations than the version allows | ESME_RINVNUMDESTS |
//!
//! The TLV tables are the union of SMPP 3.4 and SMPP 5.0 (whose tables are a
//! superset): a TLV either version allows in a command is allowed. Vendor
//! tags (0x1400–0x3FFF, SMPP 3.4 §5.3.1) and tags neither spec defines are
//! never flagged, as the compatibility rules of SMPP 3.4 §3 and SMPP 5.0 §3
//! tell a receiver to skip an optional parameter it does not recognise.
//! (Those rules also let a receiver skip a known TLV a command does not
//! expect; a strict peer refuses it with ESME_ROPTPARNOTALLWD instead, which
//! is what the code exists for. A session configured lenient skips it.)
//! A strict peer refusing valid traffic is worse than a lenient one, so
//! every rule here is one the spec states plainly.

use core::fmt;
use core::ops::ControlFlow;

use super::{CommandId, CommandStatus, Header, InterfaceVersion, Pdu, TlvTag, Tlvs};

/// One rule of the spec a decoded PDU breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Violation {
    /// The status a strict peer answers the PDU with (SMPP 3.4 §5.1.3).
    pub command_status: CommandStatus,
    /// What is wrong, with the spec section that says so.
    pub reason: &'static str,
    /// The TLV concerned, for the TLV rules.
    pub tag: Option<TlvTag>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason)?;
        if let Some(tag) = self.tag {
            write!(f, ": {tag}")?;
        }
        Ok(())
    }
}

/// How many violations [`Violations`] keeps; the rest are only counted.
pub const MAX_VIOLATIONS: usize = 8;

/// The violations of one PDU, in the order the checks run (the first is
/// the one a strict peer answers with). Fixed capacity, no allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations {
    list: heapless::Vec<Violation, MAX_VIOLATIONS>,
    dropped: usize,
}

impl Violations {
    /// Whether the PDU breaks no rule checked here.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Violations kept (at most [`MAX_VIOLATIONS`]).
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Violations found beyond [`MAX_VIOLATIONS`], not kept.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The first violation: the one a strict peer answers with.
    pub fn first(&self) -> Option<&Violation> {
        self.list.first()
    }

    /// The violations kept, in order.
    pub fn iter(&self) -> core::slice::Iter<'_, Violation> {
        self.list.iter()
    }

    fn push(&mut self, v: Violation) {
        if self.list.push(v).is_err() {
            self.dropped += 1;
        }
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = core::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Violations {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=[?]}", self.list.as_slice());
    }
}

/// Every rule `pdu` (decoded with `header`) breaks on a session at
/// `version`. Empty when the PDU follows the spec.
///
/// ```
/// use smpp_proto::codec::{decode, validate, SubmitSm};
/// use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};
///
/// let long = [b'a'; 255];
/// let pdu = Pdu::SubmitSm(SubmitSm { short_message: &long, ..SubmitSm::default() });
/// let mut buf = [0u8; 300];
/// let n = pdu.encode(CommandStatus::ESME_ROK, 1, &mut buf).unwrap();
/// let (header, pdu) = decode(&buf[..n]).unwrap(); // the decoder takes 255 octets
/// let v = validate(&header, &pdu, InterfaceVersion::V34);
/// assert_eq!(v.first().unwrap().command_status, CommandStatus::ESME_RINVMSGLEN);
/// ```
pub fn validate(header: &Header, pdu: &Pdu<'_>, version: InterfaceVersion) -> Violations {
    let mut out = Violations::default();
    let _ = check(header, pdu, version, &mut |v| {
        out.push(v);
        ControlFlow::Continue(())
    });
    out
}

/// The first rule `pdu` breaks, if any: what a strict peer answers with.
/// Stops at the first violation.
pub fn first_violation(
    header: &Header,
    pdu: &Pdu<'_>,
    version: InterfaceVersion,
) -> Option<Violation> {
    let mut first = None;
    let _ = check(header, pdu, version, &mut |v| {
        first = Some(v);
        ControlFlow::Break(())
    });
    first
}

/// Where each check reports; `Break` stops the walk.
type Sink<'s> = dyn FnMut(Violation) -> ControlFlow<()> + 's;

fn violation(command_status: CommandStatus, reason: &'static str) -> Violation {
    Violation {
        command_status,
        reason,
        tag: None,
    }
}

/// The checks, in the order a strict peer applies them: the mandatory part
/// (body, lengths, counts), then the TLVs.
fn check(
    header: &Header,
    pdu: &Pdu<'_>,
    version: InterfaceVersion,
    out: &mut Sink<'_>,
) -> ControlFlow<()> {
    let ok = header.command_status.is_ok();
    match *pdu {
        // SMPP 3.4 §4.3, §4.2.2, §4.11.2, §4.9.2, §4.10.2 (SMPP 5.0 §4.1,
        // §4.5, §4.6.1.3): these PDUs are a header alone. A request with a
        // body does not decode; a negative response with one decodes raw.
        Pdu::RawResp { command_id, body } if is_header_only(command_id) && !body.is_empty() => {
            out(violation(
                CommandStatus::ESME_RINVCMDLEN,
                "a header-only PDU has a body (SMPP 3.4 §4.3, §4.2, §4.11)",
            ))?;
        }
        Pdu::BindTransmitterResp(b) | Pdu::BindReceiverResp(b) | Pdu::BindTransceiverResp(b)
            if ok && b.system_id.is_none() =>
        {
            out(violation(
                CommandStatus::ESME_RINVCMDLEN,
                "system_id is missing from a bind response with command_status 0 (SMPP 3.4 §4.1.2)",
            ))?;
        }
        Pdu::SubmitSmResp(r) | Pdu::DeliverSmResp(r) | Pdu::DataSmResp(r)
            if ok && r.message_id.is_none() =>
        {
            out(violation(
                CommandStatus::ESME_RINVCMDLEN,
                "message_id is missing from a response with command_status 0 (SMPP 3.4 §4.4.2, §4.6.2, §4.7.2)",
            ))?;
        }
        #[cfg(feature = "pdu-multi")]
        Pdu::SubmitMultiResp(r) if ok && r.message_id.is_none() => {
            out(violation(
                CommandStatus::ESME_RINVCMDLEN,
                "message_id is missing from a response with command_status 0 (SMPP 3.4 §4.5.2)",
            ))?;
        }
        #[cfg(feature = "pdu-broadcast")]
        Pdu::BroadcastSmResp(r) if ok && r.message_id.is_none() => {
            out(violation(
                CommandStatus::ESME_RINVCMDLEN,
                "message_id is missing from a response with command_status 0 (SMPP 5.0 §4.4.1.2)",
            ))?;
        }
        _ => {}
    }
    short_message(pdu, out)?;
    #[cfg(feature = "pdu-multi")]
    if let Pdu::SubmitMulti(m) = pdu {
        // SMPP 3.4 §4.5.1: "A maximum of 254 destination addresses are
        // allowed"; SMPP 5.0 §4.2.3.1 allows 255.
        let max = if version >= InterfaceVersion::V50 {
            255
        } else {
            254
        };
        if m.dest_addresses.len() > max {
            out(violation(
                CommandStatus::ESME_RINVNUMDESTS,
                "number_of_dests is above the 254 SMPP 3.4 allows (SMPP 3.4 §4.5.1)",
            ))?;
        }
    }
    #[cfg(not(feature = "pdu-multi"))]
    let _ = version;
    if let Some(tlvs) = pdu.tlvs() {
        if !(matches!(pdu, Pdu::RawResp { .. }) || (pdu.is_response() && !ok)) {
            mandatory_tlvs(pdu, &tlvs, out)?;
        }
        tlv_rules(pdu.command_id(), &tlvs, out)?;
    }
    ControlFlow::Continue(())
}

/// SMPP 3.4 §5.2.21: sm_length is 0 to 254 (the decoder takes 255, which
/// the octet can hold).
fn short_message(pdu: &Pdu<'_>, out: &mut Sink<'_>) -> ControlFlow<()> {
    let sm: &[u8] = match pdu {
        Pdu::SubmitSm(s) | Pdu::DeliverSm(s) => s.short_message,
        #[cfg(feature = "pdu-multi")]
        Pdu::SubmitMulti(m) => m.short_message,
        #[cfg(feature = "pdu-query")]
        Pdu::ReplaceSm(r) => r.short_message,
        _ => return ControlFlow::Continue(()),
    };
    if sm.len() > SHORT_MESSAGE_MAX {
        out(violation(
            CommandStatus::ESME_RINVMSGLEN,
            "short_message is longer than 254 octets (SMPP 3.4 §5.2.21)",
        ))?;
    }
    ControlFlow::Continue(())
}

/// The longest short_message (SMPP 3.4 §5.2.21, SMPP 5.0 §4.7.23).
const SHORT_MESSAGE_MAX: usize = 254;

/// The TLVs a command requires (SMPP 5.0 §4.4.1.1 broadcast_sm, §4.6.2.3
/// query_broadcast_sm_resp).
fn mandatory_tlvs(pdu: &Pdu<'_>, tlvs: &Tlvs<'_>, out: &mut Sink<'_>) -> ControlFlow<()> {
    let required: &[TlvTag] = match pdu {
        #[cfg(feature = "pdu-broadcast")]
        Pdu::BroadcastSm(_) => &super::BroadcastSm::MANDATORY_TLVS,
        #[cfg(feature = "pdu-broadcast")]
        Pdu::QueryBroadcastSmResp(_) => &super::QueryBroadcastSmResp::MANDATORY_TLVS,
        _ => &[],
    };
    for tag in required {
        if tlvs.get(*tag).is_none() {
            out(Violation {
                command_status: CommandStatus::ESME_RMISSINGOPTPARAM,
                reason: "a mandatory TLV is missing (SMPP 5.0 §4.4.1.1, §4.6.2.3)",
                tag: Some(*tag),
            })?;
        }
    }
    ControlFlow::Continue(())
}

/// Each TLV: allowed in this command, and a C-Octet String ends in its NUL.
fn tlv_rules(command_id: CommandId, tlvs: &Tlvs<'_>, out: &mut Sink<'_>) -> ControlFlow<()> {
    let allowed = allowed_tlvs(command_id);
    for tlv in tlvs.iter() {
        let tag = tlv.tag;
        // Vendor tags and tags neither spec defines are ignored (SMPP 3.4 §3.2.4).
        if tag.is_vendor_specific() || tag.name().is_none() {
            continue;
        }
        if let Some(lists) = allowed {
            if !lists.iter().any(|l| l.contains(&tag)) {
                out(Violation {
                    command_status: CommandStatus::ESME_ROPTPARNOTALLWD,
                    reason: "this command does not allow the TLV (SMPP 3.4 §4, SMPP 5.0 §4)",
                    tag: Some(tag),
                })?;
                continue;
            }
        }
        if C_OCTET_TLVS.contains(&tag) && tlv.value.last() != Some(&0) {
            out(Violation {
                command_status: CommandStatus::ESME_RINVOPTPARAMVAL,
                reason:
                    "a C-Octet String TLV does not end in NUL (SMPP 3.4 §5.3.2, SMPP 5.0 §4.8.4)",
                tag: Some(tag),
            })?;
        }
    }
    ControlFlow::Continue(())
}

/// PDUs that are a header alone.
fn is_header_only(id: CommandId) -> bool {
    matches!(
        id,
        CommandId::GENERIC_NACK
            | CommandId::UNBIND
            | CommandId::UNBIND_RESP
            | CommandId::ENQUIRE_LINK
            | CommandId::ENQUIRE_LINK_RESP
            | CommandId::CANCEL_SM_RESP
            | CommandId::REPLACE_SM_RESP
            | CommandId::CANCEL_BROADCAST_SM_RESP
    )
}

/// The standard TLVs whose value is a C-Octet String: additional_status_info_text
/// and receipted_message_id (SMPP 3.4 §5.3.2.11–12), source_network_id and
/// dest_network_id (SMPP 5.0 §4.8.4.25, §4.8.4.54).
const C_OCTET_TLVS: [TlvTag; 4] = [
    TlvTag::ADDITIONAL_STATUS_INFO_TEXT,
    TlvTag::RECEIPTED_MESSAGE_ID,
    TlvTag::SOURCE_NETWORK_ID,
    TlvTag::DEST_NETWORK_ID,
];

/// The standard TLVs a command allows, as lists to search; `None` for a
/// command without a TLV area (the decoder refuses octets there).
fn allowed_tlvs(id: CommandId) -> Option<&'static [&'static [TlvTag]]> {
    Some(match id {
        CommandId::SUBMIT_SM | CommandId::SUBMIT_MULTI => &[SUBMISSION],
        CommandId::DELIVER_SM => &[DELIVERY],
        // data_sm goes both ways (SMPP 3.4 §4.7.1; SMPP 5.0 §4.2.2, §4.3.2).
        CommandId::DATA_SM => &[SUBMISSION, DELIVERY],
        CommandId::SUBMIT_SM_RESP | CommandId::DATA_SM_RESP | CommandId::SUBMIT_MULTI_RESP => {
            &[SUBMISSION_RESP]
        }
        CommandId::DELIVER_SM_RESP => &[DELIVERY_RESP],
        CommandId::BIND_TRANSMITTER_RESP
        | CommandId::BIND_RECEIVER_RESP
        | CommandId::BIND_TRANSCEIVER_RESP => &[BIND_RESP],
        CommandId::ALERT_NOTIFICATION => &[ALERT_NOTIFICATION],
        CommandId::REPLACE_SM => &[REPLACE_SM],
        CommandId::BROADCAST_SM => &[BROADCAST_SM],
        CommandId::BROADCAST_SM_RESP => &[BROADCAST_SM_RESP],
        CommandId::QUERY_BROADCAST_SM => &[QUERY_BROADCAST_SM],
        CommandId::QUERY_BROADCAST_SM_RESP => &[QUERY_BROADCAST_SM_RESP],
        CommandId::CANCEL_BROADCAST_SM => &[CANCEL_BROADCAST_SM],
        _ => return None,
    })
}

/// Message submission request TLVs: SMPP 5.0 §4.2.4 (submit_sm, submit_multi,
/// data_sm), which contains SMPP 3.4 §4.4.1 and §4.5.1.
const SUBMISSION: &[TlvTag] = &[
    TlvTag::ALERT_ON_MESSAGE_DELIVERY,
    TlvTag::BILLING_IDENTIFICATION,
    TlvTag::CALLBACK_NUM,
    TlvTag::CALLBACK_NUM_ATAG,
    TlvTag::CALLBACK_NUM_PRES_IND,
    TlvTag::DEST_ADDR_NP_COUNTRY,
    TlvTag::DEST_ADDR_NP_INFORMATION,
    TlvTag::DEST_ADDR_NP_RESOLUTION,
    TlvTag::DEST_ADDR_SUBUNIT,
    TlvTag::DEST_BEARER_TYPE,
    TlvTag::DEST_NETWORK_ID,
    TlvTag::DEST_NETWORK_TYPE,
    TlvTag::DEST_NODE_ID,
    TlvTag::DEST_SUBADDRESS,
    TlvTag::DEST_TELEMATICS_ID,
    TlvTag::DESTINATION_PORT,
    TlvTag::DISPLAY_TIME,
    TlvTag::ITS_REPLY_TYPE,
    TlvTag::ITS_SESSION_INFO,
    TlvTag::LANGUAGE_INDICATOR,
    TlvTag::MESSAGE_PAYLOAD,
    TlvTag::MORE_MESSAGES_TO_SEND,
    TlvTag::MS_MSG_WAIT_FACILITIES,
    TlvTag::MS_VALIDITY,
    TlvTag::NUMBER_OF_MESSAGES,
    TlvTag::PAYLOAD_TYPE,
    TlvTag::PRIVACY_INDICATOR,
    TlvTag::QOS_TIME_TO_LIVE,
    TlvTag::SAR_MSG_REF_NUM,
    TlvTag::SAR_SEGMENT_SEQNUM,
    TlvTag::SAR_TOTAL_SEGMENTS,
    TlvTag::SET_DPF,
    TlvTag::SMS_SIGNAL,
    TlvTag::SOURCE_ADDR_SUBUNIT,
    TlvTag::SOURCE_BEARER_TYPE,
    TlvTag::SOURCE_NETWORK_ID,
    TlvTag::SOURCE_NETWORK_TYPE,
    TlvTag::SOURCE_NODE_ID,
    TlvTag::SOURCE_PORT,
    TlvTag::SOURCE_SUBADDRESS,
    TlvTag::SOURCE_TELEMATICS_ID,
    TlvTag::USER_MESSAGE_REFERENCE,
    TlvTag::USER_RESPONSE_CODE,
    TlvTag::USSD_SERVICE_OP,
];

/// Message delivery request TLVs: SMPP 5.0 §4.3.4 (deliver_sm, data_sm),
/// which contains SMPP 3.4 §4.6.1 and the receipt TLVs of §4.7.1.
const DELIVERY: &[TlvTag] = &[
    TlvTag::CALLBACK_NUM,
    TlvTag::CALLBACK_NUM_ATAG,
    TlvTag::CALLBACK_NUM_PRES_IND,
    TlvTag::DEST_ADDR_NP_COUNTRY,
    TlvTag::DEST_ADDR_NP_INFORMATION,
    TlvTag::DEST_ADDR_NP_RESOLUTION,
    TlvTag::DEST_ADDR_SUBUNIT,
    TlvTag::DEST_NETWORK_ID,
    TlvTag::DEST_NODE_ID,
    TlvTag::DEST_SUBADDRESS,
    TlvTag::DESTINATION_PORT,
    TlvTag::DPF_RESULT,
    TlvTag::ITS_REPLY_TYPE,
    TlvTag::ITS_SESSION_INFO,
    TlvTag::LANGUAGE_INDICATOR,
    TlvTag::MESSAGE_PAYLOAD,
    TlvTag::MESSAGE_STATE,
    TlvTag::NETWORK_ERROR_CODE,
    TlvTag::PAYLOAD_TYPE,
    TlvTag::PRIVACY_INDICATOR,
    TlvTag::RECEIPTED_MESSAGE_ID,
    TlvTag::SAR_MSG_REF_NUM,
    TlvTag::SAR_SEGMENT_SEQNUM,
    TlvTag::SAR_TOTAL_SEGMENTS,
    TlvTag::SOURCE_ADDR_SUBUNIT,
    TlvTag::SOURCE_NETWORK_ID,
    TlvTag::SOURCE_NODE_ID,
    TlvTag::SOURCE_PORT,
    TlvTag::SOURCE_SUBADDRESS,
    TlvTag::USER_MESSAGE_REFERENCE,
    TlvTag::USER_RESPONSE_CODE,
    TlvTag::USSD_SERVICE_OP,
];

/// Message submission response TLVs: SMPP 5.0 §4.2.5 (submit_sm_resp,
/// submit_multi_resp, data_sm_resp; SMPP 3.4 §4.7.2), and congestion_state
/// (SMPP 5.0 §4.8.4.19), which a peer reports in its responses.
const SUBMISSION_RESP: &[TlvTag] = &[
    TlvTag::ADDITIONAL_STATUS_INFO_TEXT,
    TlvTag::CONGESTION_STATE,
    TlvTag::DELIVERY_FAILURE_REASON,
    TlvTag::DPF_RESULT,
    TlvTag::NETWORK_ERROR_CODE,
];

/// Message delivery response TLVs: SMPP 5.0 §4.3.5 (deliver_sm_resp), and
/// congestion_state.
const DELIVERY_RESP: &[TlvTag] = &[
    TlvTag::ADDITIONAL_STATUS_INFO_TEXT,
    TlvTag::CONGESTION_STATE,
    TlvTag::DELIVERY_FAILURE_REASON,
    TlvTag::NETWORK_ERROR_CODE,
];

/// The bind responses: sc_interface_version (SMPP 3.4 §4.1.2), and
/// congestion_state.
const BIND_RESP: &[TlvTag] = &[TlvTag::SC_INTERFACE_VERSION, TlvTag::CONGESTION_STATE];

/// alert_notification: ms_availability_status (SMPP 3.4 §4.12.1).
const ALERT_NOTIFICATION: &[TlvTag] = &[TlvTag::MS_AVAILABILITY_STATUS];

/// replace_sm: message_payload (SMPP 5.0 §4.5.3.1; SMPP 3.4 §4.10.1 has none).
const REPLACE_SM: &[TlvTag] = &[TlvTag::MESSAGE_PAYLOAD];

/// broadcast_sm: the four mandatory TLVs and the broadcast request TLVs
/// (SMPP 5.0 §4.4.1.1, §4.4.2).
const BROADCAST_SM: &[TlvTag] = &[
    TlvTag::BROADCAST_AREA_IDENTIFIER,
    TlvTag::BROADCAST_CONTENT_TYPE,
    TlvTag::BROADCAST_REP_NUM,
    TlvTag::BROADCAST_FREQUENCY_INTERVAL,
    TlvTag::ALERT_ON_MESSAGE_DELIVERY,
    TlvTag::BROADCAST_CHANNEL_INDICATOR,
    TlvTag::BROADCAST_CONTENT_TYPE_INFO,
    TlvTag::BROADCAST_MESSAGE_CLASS,
    TlvTag::BROADCAST_SERVICE_GROUP,
    TlvTag::CALLBACK_NUM,
    TlvTag::CALLBACK_NUM_ATAG,
    TlvTag::CALLBACK_NUM_PRES_IND,
    TlvTag::DEST_ADDR_SUBUNIT,
    TlvTag::DEST_SUBADDRESS,
    TlvTag::DESTINATION_PORT,
    TlvTag::DISPLAY_TIME,
    TlvTag::LANGUAGE_INDICATOR,
    TlvTag::MESSAGE_PAYLOAD,
    TlvTag::MS_VALIDITY,
    TlvTag::PAYLOAD_TYPE,
    TlvTag::PRIVACY_INDICATOR,
    TlvTag::SMS_SIGNAL,
    TlvTag::SOURCE_ADDR_SUBUNIT,
    TlvTag::SOURCE_PORT,
    TlvTag::SOURCE_SUBADDRESS,
    TlvTag::USER_MESSAGE_REFERENCE,
];

/// broadcast_sm_resp: broadcast_error_status (SMPP 5.0 §4.4.1.2, §4.4.3),
/// and congestion_state.
const BROADCAST_SM_RESP: &[TlvTag] = &[TlvTag::BROADCAST_ERROR_STATUS, TlvTag::CONGESTION_STATE];

/// query_broadcast_sm: user_message_reference (SMPP 5.0 §4.6.2.1).
const QUERY_BROADCAST_SM: &[TlvTag] = &[TlvTag::USER_MESSAGE_REFERENCE];

/// query_broadcast_sm_resp: the three mandatory TLVs, broadcast_end_time and
/// user_message_reference (SMPP 5.0 §4.6.2.3), and congestion_state.
const QUERY_BROADCAST_SM_RESP: &[TlvTag] = &[
    TlvTag::MESSAGE_STATE,
    TlvTag::BROADCAST_AREA_IDENTIFIER,
    TlvTag::BROADCAST_AREA_SUCCESS,
    TlvTag::BROADCAST_END_TIME,
    TlvTag::USER_MESSAGE_REFERENCE,
    TlvTag::CONGESTION_STATE,
];

/// cancel_broadcast_sm: broadcast_content_type and user_message_reference
/// (SMPP 5.0 §4.6.1.1).
const CANCEL_BROADCAST_SM: &[TlvTag] = &[
    TlvTag::BROADCAST_CONTENT_TYPE,
    TlvTag::USER_MESSAGE_REFERENCE,
];
