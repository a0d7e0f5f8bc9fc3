//! The JSON form of SMPP PDUs, as printed by `smpp decode` and read by
//! `smpp encode`.
//!
//! One PDU is one JSON object:
//!
//! ```json
//! {"command":"submit_sm","command_id":4,"command_length":60,"command_status":0,
//!  "sequence_number":7,"fields":{"service_type":"","source_addr_ton":1,…},
//!  "tlvs":[{"tag":516,"name":"user_message_reference","value_hex":"0007"}]}
//! ```
//!
//! # Conventions
//!
//! They match the conformance vectors in `tests/data/vectors/pdus.jsonl`.
//!
//! - `command` is the spec name in snake_case (`"submit_sm"`), or
//!   `"unknown_0x…"` (eight hex digits) for an unassigned command_id.
//!   `command_id`, `command_status` and `sequence_number` are numbers.
//! - `fields` holds the mandatory fields under their SMPP spec names, in wire
//!   order:
//!   - C-Octet Strings are JSON strings. A C-Octet String that is not valid
//!     UTF-8 becomes `{"hex": "<lowercase hex>"}` instead, so that no octet is
//!     lost; `smpp encode` accepts both forms for every C-Octet String.
//!   - Integers (`source_addr_ton`, `esm_class`, `interface_version`,
//!     `error_status_code`, …) are numbers.
//!   - Octet Strings (`short_message`) are lowercase hex.
//!   - Time fields (`schedule_delivery_time`, `validity_period`,
//!     `final_date`) are their 16-character text, or `""` when empty.
//!   - `sm_length` is included next to `short_message`; submit_multi has
//!     `number_of_dests` and `dest_addresses` (entries
//!     `{"dest_flag":1,"dest_addr_ton","dest_addr_npi","destination_addr"}` or
//!     `{"dest_flag":2,"dl_name"}`); submit_multi_resp has `no_unsuccess` and
//!     `unsuccess_smes` (entries `{"dest_addr_ton","dest_addr_npi",
//!     "destination_addr","error_status_code"}`).
//!   - A response whose body is absent: `{"message_id": null}` (or
//!     `{"system_id": null}`) when its command_status is 0, and `{}` when it is
//!     a negative response (SMPP 3.4 §4.4.2: no body is returned).
//! - `tlvs` lists the TLVs in wire order as `{"tag", "name", "value_hex"}`;
//!   `name` is present only for standard tags. It is `[]` for PDUs that carry
//!   no TLVs.
//! - A negative response whose body is not the spec's layout
//!   ([`Pdu::RawResp`]) and a PDU with an unassigned command_id
//!   ([`Pdu::Unknown`]) have `"fields": {}` and the body octets in a top-level
//!   `"body_hex"` key.
//!
//! - `violations` is there only for a PDU that decodes but breaks a rule of
//!   the spec ([`codec::validate`]): a list of `{"command_status": <code>,
//!   "name": "ESME_R…", "reason": "…"}`, first the one a strict peer answers
//!   with. [`decode_to_json`] validates as SMPP 5.0 (whose tables contain
//!   3.4's); [`decode_to_json_at`] takes the session's version.
//!
//! Decoding and then encoding reproduces the original octets exactly
//! (`violations` is an annotation that encoding ignores).
//!
//! # Reading JSON back ([`json_to_pdu_bytes`])
//!
//! - The command is taken from `command_id` or `command` (both may be given;
//!   they must agree). `sequence_number` is required; `command_status`
//!   defaults to 0.
//! - `command_length`, `sm_length`, `number_of_dests` and `no_unsuccess` are
//!   computed; values given for them are ignored.
//! - A field left out takes its empty value: 0, `""`, an empty time, no
//!   message_id. A key inside `fields` that the command does not have is an
//!   error, so a misspelt name is not silently dropped. Other top-level keys
//!   (annotations such as `"id"` or `"note"`) are ignored.
//! - A TLV is `{"tag": <number>, "value_hex": "…"}`; `"name"` may stand in
//!   for `tag` for standard tags.
//! - `body_hex` gives the body octets verbatim (no `fields`, no `tlvs`): it is
//!   encoded as [`Pdu::RawResp`] for an assigned response and as
//!   [`Pdu::Unknown`] otherwise. It is required for unassigned command_ids.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};
use smpp_proto::codec::{
    self, AlertNotification, Bind, BindResp, BroadcastSm, BroadcastSmResp, CancelBroadcastSm,
    CancelSm, DataSm, DestAddress, DestAddresses, Framing, Outbind, QueryBroadcastSm,
    QueryBroadcastSmResp, QuerySm, QuerySmResp, ReplaceSm, SmResp, SubmitMulti, SubmitMultiResp,
    SubmitSm, UnsuccessSme, UnsuccessSmes, Violations,
};
use smpp_proto::{
    CommandId, CommandStatus, Header, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs,
};

/// A JSON object could not be turned into a PDU: a missing or ill-typed key,
/// bad hex, an unknown field, or a value the codec refuses to encode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(String);

impl JsonError {
    fn new(msg: impl Into<String>) -> Self {
        JsonError(msg.into())
    }

    /// The human-readable reason.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

// ---------------------------------------------------------------------------
// PDU -> JSON
// ---------------------------------------------------------------------------

/// The spec name of a command, or `unknown_0x…` for an unassigned one.
fn command_name(id: CommandId) -> String {
    id.to_string()
}

/// A C-Octet String: a JSON string when it is UTF-8, else `{"hex": …}`.
fn cstr_value(s: &[u8]) -> Value {
    match std::str::from_utf8(s) {
        Ok(t) => Value::String(t.to_owned()),
        Err(_) => {
            let mut m = Map::new();
            m.insert("hex".into(), Value::String(hex::encode(s)));
            Value::Object(m)
        }
    }
}

/// Builds a `fields` object in wire order.
struct Out(Map<String, Value>);

impl Out {
    fn new() -> Self {
        Out(Map::new())
    }
    fn cstr(&mut self, k: &str, v: &[u8]) -> &mut Self {
        self.0.insert(k.into(), cstr_value(v));
        self
    }
    fn int(&mut self, k: &str, v: impl Into<u64>) -> &mut Self {
        self.0.insert(k.into(), Value::from(v.into()));
        self
    }
    fn time(&mut self, k: &str, t: &SmppTime) -> &mut Self {
        self.0.insert(k.into(), Value::String(t.to_string()));
        self
    }
    fn short_message(&mut self, sm: &[u8]) -> &mut Self {
        self.0.insert("sm_length".into(), Value::from(sm.len()));
        self.0
            .insert("short_message".into(), Value::String(hex::encode(sm)));
        self
    }
    /// The first field of a response whose body may be absent.
    fn opt_cstr(&mut self, k: &str, v: Option<&[u8]>, status: CommandStatus) -> &mut Self {
        match v {
            Some(s) => {
                self.cstr(k, s);
            }
            None if status.is_ok() => {
                self.0.insert(k.into(), Value::Null);
            }
            None => {}
        }
        self
    }
    fn value(&mut self) -> Value {
        Value::Object(std::mem::take(&mut self.0))
    }
}

fn bind_json(b: &Bind<'_>) -> Value {
    Out::new()
        .cstr("system_id", b.system_id)
        .cstr("password", b.password)
        .cstr("system_type", b.system_type)
        .int("interface_version", b.interface_version.0)
        .int("addr_ton", b.addr_ton)
        .int("addr_npi", b.addr_npi)
        .cstr("address_range", b.address_range)
        .value()
}

fn submit_sm_json(b: &SubmitSm<'_>) -> Value {
    Out::new()
        .cstr("service_type", b.service_type)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .int("dest_addr_ton", b.dest_addr_ton)
        .int("dest_addr_npi", b.dest_addr_npi)
        .cstr("destination_addr", b.destination_addr)
        .int("esm_class", b.esm_class)
        .int("protocol_id", b.protocol_id)
        .int("priority_flag", b.priority_flag)
        .time("schedule_delivery_time", &b.schedule_delivery_time)
        .time("validity_period", &b.validity_period)
        .int("registered_delivery", b.registered_delivery)
        .int("replace_if_present_flag", b.replace_if_present_flag)
        .int("data_coding", b.data_coding)
        .int("sm_default_msg_id", b.sm_default_msg_id)
        .short_message(b.short_message)
        .value()
}

fn dest_address_json(d: &DestAddress<'_>) -> Value {
    match d {
        DestAddress::SmeAddress {
            dest_addr_ton,
            dest_addr_npi,
            destination_addr,
        } => Out::new()
            .int("dest_flag", 1u8)
            .int("dest_addr_ton", *dest_addr_ton)
            .int("dest_addr_npi", *dest_addr_npi)
            .cstr("destination_addr", destination_addr)
            .value(),
        DestAddress::DistributionList { dl_name } => Out::new()
            .int("dest_flag", 2u8)
            .cstr("dl_name", dl_name)
            .value(),
    }
}

fn submit_multi_json(b: &SubmitMulti<'_>) -> Value {
    let dests: Vec<Value> = b
        .dest_addresses
        .iter()
        .map(|d| dest_address_json(&d))
        .collect();
    let mut o = Out::new();
    o.cstr("service_type", b.service_type)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .int("number_of_dests", dests.len() as u64);
    o.0.insert("dest_addresses".into(), Value::Array(dests));
    o.int("esm_class", b.esm_class)
        .int("protocol_id", b.protocol_id)
        .int("priority_flag", b.priority_flag)
        .time("schedule_delivery_time", &b.schedule_delivery_time)
        .time("validity_period", &b.validity_period)
        .int("registered_delivery", b.registered_delivery)
        .int("replace_if_present_flag", b.replace_if_present_flag)
        .int("data_coding", b.data_coding)
        .int("sm_default_msg_id", b.sm_default_msg_id)
        .short_message(b.short_message)
        .value()
}

fn submit_multi_resp_json(b: &SubmitMultiResp<'_>, status: CommandStatus) -> Value {
    let mut o = Out::new();
    o.opt_cstr("message_id", b.message_id, status);
    if b.message_id.is_some() {
        let smes: Vec<Value> = b
            .unsuccess_smes
            .iter()
            .map(|u| {
                Out::new()
                    .int("dest_addr_ton", u.dest_addr_ton)
                    .int("dest_addr_npi", u.dest_addr_npi)
                    .cstr("destination_addr", u.destination_addr)
                    .int("error_status_code", u.error_status_code.0)
                    .value()
            })
            .collect();
        o.int("no_unsuccess", smes.len() as u64);
        o.0.insert("unsuccess_smes".into(), Value::Array(smes));
    }
    o.value()
}

fn data_sm_json(b: &DataSm<'_>) -> Value {
    Out::new()
        .cstr("service_type", b.service_type)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .int("dest_addr_ton", b.dest_addr_ton)
        .int("dest_addr_npi", b.dest_addr_npi)
        .cstr("destination_addr", b.destination_addr)
        .int("esm_class", b.esm_class)
        .int("registered_delivery", b.registered_delivery)
        .int("data_coding", b.data_coding)
        .value()
}

fn query_sm_json(b: &QuerySm<'_>) -> Value {
    Out::new()
        .cstr("message_id", b.message_id)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .value()
}

fn query_sm_resp_json(b: &QuerySmResp<'_>) -> Value {
    Out::new()
        .cstr("message_id", b.message_id)
        .time("final_date", &b.final_date)
        .int("message_state", b.message_state)
        .int("error_code", b.error_code)
        .value()
}

fn cancel_sm_json(b: &CancelSm<'_>) -> Value {
    Out::new()
        .cstr("service_type", b.service_type)
        .cstr("message_id", b.message_id)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .int("dest_addr_ton", b.dest_addr_ton)
        .int("dest_addr_npi", b.dest_addr_npi)
        .cstr("destination_addr", b.destination_addr)
        .value()
}

fn replace_sm_json(b: &ReplaceSm<'_>) -> Value {
    Out::new()
        .cstr("message_id", b.message_id)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .time("schedule_delivery_time", &b.schedule_delivery_time)
        .time("validity_period", &b.validity_period)
        .int("registered_delivery", b.registered_delivery)
        .int("sm_default_msg_id", b.sm_default_msg_id)
        .short_message(b.short_message)
        .value()
}

fn alert_json(b: &AlertNotification<'_>) -> Value {
    Out::new()
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .int("esme_addr_ton", b.esme_addr_ton)
        .int("esme_addr_npi", b.esme_addr_npi)
        .cstr("esme_addr", b.esme_addr)
        .value()
}

fn broadcast_sm_json(b: &BroadcastSm<'_>) -> Value {
    Out::new()
        .cstr("service_type", b.service_type)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .cstr("message_id", b.message_id)
        .int("priority_flag", b.priority_flag)
        .time("schedule_delivery_time", &b.schedule_delivery_time)
        .time("validity_period", &b.validity_period)
        .int("replace_if_present_flag", b.replace_if_present_flag)
        .int("data_coding", b.data_coding)
        .int("sm_default_msg_id", b.sm_default_msg_id)
        .value()
}

fn query_broadcast_sm_json(b: &QueryBroadcastSm<'_>) -> Value {
    Out::new()
        .cstr("message_id", b.message_id)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .value()
}

fn cancel_broadcast_sm_json(b: &CancelBroadcastSm<'_>) -> Value {
    Out::new()
        .cstr("service_type", b.service_type)
        .cstr("message_id", b.message_id)
        .int("source_addr_ton", b.source_addr_ton)
        .int("source_addr_npi", b.source_addr_npi)
        .cstr("source_addr", b.source_addr)
        .value()
}

fn tlvs_json(tlvs: Option<Tlvs<'_>>) -> Value {
    let list = tlvs
        .into_iter()
        .flat_map(|t| t.iter())
        .map(|t| {
            let mut m = Map::new();
            m.insert("tag".into(), Value::from(t.tag.0));
            if let Some(name) = t.tag.name() {
                m.insert("name".into(), Value::from(name));
            }
            m.insert("value_hex".into(), Value::String(hex::encode(t.value)));
            Value::Object(m)
        })
        .collect();
    Value::Array(list)
}

/// The body octets of a PDU, by encoding it and dropping the header. Used only
/// for a `Pdu` variant this module does not know (the enum is non-exhaustive).
fn body_octets(header: &Header, pdu: &Pdu<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; pdu.encoded_len()];
    match pdu.encode(header.command_status, header.sequence_number, &mut buf) {
        Ok(n) => buf.get(16..n).map(<[u8]>::to_vec).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// The JSON object of one decoded PDU (see the [module docs](self) for the
/// conventions).
///
/// `header` gives `command_length`, `command_status` and `sequence_number`;
/// `pdu` gives the command and its body. The result always has the keys
/// `command`, `command_id`, `command_length`, `command_status`,
/// `sequence_number`, `fields` and `tlvs`, and `body_hex` for
/// [`Pdu::RawResp`] and [`Pdu::Unknown`].
pub fn pdu_to_json(header: &Header, pdu: &Pdu<'_>) -> Value {
    let status = header.command_status;
    let mut body_hex: Option<String> = None;
    let fields = match pdu {
        Pdu::BindTransmitter(b) | Pdu::BindReceiver(b) | Pdu::BindTransceiver(b) => bind_json(b),
        Pdu::BindTransmitterResp(b) | Pdu::BindReceiverResp(b) | Pdu::BindTransceiverResp(b) => {
            Out::new()
                .opt_cstr("system_id", b.system_id, status)
                .value()
        }
        Pdu::Outbind(b) => Out::new()
            .cstr("system_id", b.system_id)
            .cstr("password", b.password)
            .value(),
        Pdu::SubmitSm(b) | Pdu::DeliverSm(b) => submit_sm_json(b),
        Pdu::SubmitSmResp(b) | Pdu::DeliverSmResp(b) | Pdu::DataSmResp(b) => Out::new()
            .opt_cstr("message_id", b.message_id, status)
            .value(),
        Pdu::SubmitMulti(b) => submit_multi_json(b),
        Pdu::SubmitMultiResp(b) => submit_multi_resp_json(b, status),
        Pdu::DataSm(b) => data_sm_json(b),
        Pdu::QuerySm(b) => query_sm_json(b),
        Pdu::QuerySmResp(b) => query_sm_resp_json(b),
        Pdu::CancelSm(b) => cancel_sm_json(b),
        Pdu::ReplaceSm(b) => replace_sm_json(b),
        Pdu::AlertNotification(b) => alert_json(b),
        Pdu::BroadcastSm(b) => broadcast_sm_json(b),
        Pdu::BroadcastSmResp(b) => Out::new()
            .opt_cstr("message_id", b.message_id, status)
            .value(),
        Pdu::QueryBroadcastSm(b) => query_broadcast_sm_json(b),
        Pdu::QueryBroadcastSmResp(b) => Out::new().cstr("message_id", b.message_id).value(),
        Pdu::CancelBroadcastSm(b) => cancel_broadcast_sm_json(b),
        Pdu::GenericNack
        | Pdu::Unbind
        | Pdu::UnbindResp
        | Pdu::CancelSmResp
        | Pdu::ReplaceSmResp
        | Pdu::EnquireLink
        | Pdu::EnquireLinkResp
        | Pdu::CancelBroadcastSmResp => Value::Object(Map::new()),
        Pdu::RawResp { body, .. } | Pdu::Unknown { body, .. } => {
            body_hex = Some(hex::encode(body));
            Value::Object(Map::new())
        }
        // A variant added to smpp-proto later: keep its octets losslessly.
        _ => {
            body_hex = Some(hex::encode(body_octets(header, pdu)));
            Value::Object(Map::new())
        }
    };
    let tlvs = if body_hex.is_some() {
        Value::Array(Vec::new())
    } else {
        tlvs_json(pdu.tlvs())
    };
    let mut m = Map::new();
    m.insert(
        "command".into(),
        Value::String(command_name(header.command_id)),
    );
    m.insert("command_id".into(), Value::from(header.command_id.0));
    m.insert("command_length".into(), Value::from(header.command_length));
    m.insert("command_status".into(), Value::from(status.0));
    m.insert(
        "sequence_number".into(),
        Value::from(header.sequence_number),
    );
    m.insert("fields".into(), fields);
    m.insert("tlvs".into(), tlvs);
    if let Some(h) = body_hex {
        m.insert("body_hex".into(), Value::String(h));
    }
    Value::Object(m)
}

// ---------------------------------------------------------------------------
// Hex input and whole-PDU decoding (what `smpp decode` does with one input)
// ---------------------------------------------------------------------------

/// Parses hex, ignoring ASCII whitespace anywhere and an optional leading
/// `0x`. Upper and lower case digits are accepted.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, JsonError> {
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let digits = compact
        .strip_prefix("0x")
        .or_else(|| compact.strip_prefix("0X"))
        .unwrap_or(&compact);
    hex::decode(digits).map_err(|e| JsonError::new(format!("invalid hex: {e}")))
}

/// Why an input did not decode to a PDU: the reason, and the command_status
/// an SMPP peer would be answered with (`None` when the input is not even
/// valid hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    /// Human-readable reason.
    pub error: String,
    /// The status to answer with ([`smpp_proto::DecodeError::command_status`]).
    pub command_status: Option<CommandStatus>,
    /// Whether a session would have to be closed (framing is lost).
    pub fatal: bool,
}

impl DecodeFailure {
    /// `{"error": "<why>", "command_status": <code or null>}`.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("error".into(), Value::String(self.error.clone()));
        m.insert(
            "command_status".into(),
            self.command_status
                .map_or(Value::Null, |s| Value::from(s.0)),
        );
        Value::Object(m)
    }
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error)
    }
}

impl std::error::Error for DecodeFailure {}

/// The `violations` list of the JSON form: `[{"command_status", "name",
/// "reason"}, …]` in the order found (see the [module docs](self)).
pub fn violations_json(violations: &Violations) -> Value {
    Value::Array(
        violations
            .iter()
            .map(|v| {
                let mut m = Map::new();
                m.insert("command_status".into(), Value::from(v.command_status.0));
                m.insert(
                    "name".into(),
                    v.command_status
                        .name()
                        .map_or(Value::Null, |n| Value::String(n.into())),
                );
                m.insert("reason".into(), Value::String(v.to_string()));
                Value::Object(m)
            })
            .collect(),
    )
}

/// Decodes exactly one PDU from `bytes` to its JSON object, with a
/// `violations` list when it breaks a rule of SMPP 5.0 (or of 3.4: 5.0's
/// tables contain 3.4's).
///
/// `bytes` must hold one whole PDU and nothing more: a prefix of a PDU, or
/// octets after its `command_length`, is a failure. Framing uses
/// `max_command_length` as a session would ([`codec::frame`]).
pub fn decode_to_json(bytes: &[u8], max_command_length: u32) -> Result<Value, DecodeFailure> {
    decode_to_json_at(bytes, max_command_length, InterfaceVersion::V50)
}

/// As [`decode_to_json`], validating as a session at `version` would
/// ([`codec::validate`]; e.g. 255 destinations in a submit_multi break
/// SMPP 3.4 but not 5.0).
pub fn decode_to_json_at(
    bytes: &[u8],
    max_command_length: u32,
    version: InterfaceVersion,
) -> Result<Value, DecodeFailure> {
    let len = match codec::frame(bytes, max_command_length) {
        Err(e) => {
            return Err(DecodeFailure {
                error: e.to_string(),
                command_status: Some(e.command_status()),
                fatal: true,
            })
        }
        Ok(Framing::Partial(more)) => {
            return Err(DecodeFailure {
                error: format!(
                    "incomplete PDU: {} octets given, {more} more needed",
                    bytes.len()
                ),
                command_status: Some(CommandStatus::ESME_RINVCMDLEN),
                fatal: true,
            })
        }
        Ok(Framing::Complete(len)) => len,
    };
    if len != bytes.len() {
        return Err(DecodeFailure {
            error: format!(
                "{} octets follow the PDU (command_length {len})",
                bytes.len() - len
            ),
            command_status: Some(CommandStatus::ESME_RINVCMDLEN),
            fatal: true,
        });
    }
    match codec::decode(bytes) {
        Ok((header, pdu)) => {
            let mut json = pdu_to_json(&header, &pdu);
            let violations = codec::validate(&header, &pdu, version);
            if let (false, Value::Object(m)) = (violations.is_empty(), &mut json) {
                m.insert("violations".into(), violations_json(&violations));
            }
            Ok(json)
        }
        Err(e) => Err(DecodeFailure {
            error: e.to_string(),
            command_status: Some(e.command_status()),
            fatal: e.is_fatal(),
        }),
    }
}

// ---------------------------------------------------------------------------
// JSON -> PDU
// ---------------------------------------------------------------------------

/// A field value, with its octets already owned (hex decoded).
enum FVal {
    Bytes(Vec<u8>),
    Int(u64),
    Null,
    List(Vec<Fields>),
}

/// The `fields` object (or one list entry), converted to owned values so the
/// borrowed codec structs can point into it. Keys read are remembered, so
/// that [`Fields::finish`] can reject keys the command does not have.
struct Fields {
    ctx: String,
    map: BTreeMap<String, FVal>,
    used: RefCell<BTreeSet<&'static str>>,
}

/// Fields whose JSON string is hex (Octet Strings), not text.
const OCTET_FIELDS: &[&str] = &["short_message"];

fn hex_field(ctx: &str, key: &str, s: &str) -> Result<Vec<u8>, JsonError> {
    hex::decode(s).map_err(|e| JsonError::new(format!("{ctx}.{key}: invalid hex: {e}")))
}

impl Fields {
    fn from_json(ctx: String, obj: &Map<String, Value>) -> Result<Fields, JsonError> {
        let mut map = BTreeMap::new();
        for (k, v) in obj {
            let val = match v {
                Value::String(s) if OCTET_FIELDS.contains(&k.as_str()) => {
                    FVal::Bytes(hex_field(&ctx, k, s)?)
                }
                Value::String(s) => FVal::Bytes(s.as_bytes().to_vec()),
                Value::Object(o) if o.len() == 1 && o.contains_key("hex") => match o.get("hex") {
                    Some(Value::String(h)) => FVal::Bytes(hex_field(&ctx, k, h)?),
                    _ => {
                        return Err(JsonError::new(format!(
                            "{ctx}.{k}: \"hex\" must be a string"
                        )))
                    }
                },
                Value::Number(n) => FVal::Int(n.as_u64().ok_or_else(|| {
                    JsonError::new(format!("{ctx}.{k}: {n} is not a non-negative integer"))
                })?),
                Value::Null => FVal::Null,
                Value::Array(items) => {
                    let mut list = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let sub = format!("{ctx}.{k}[{i}]");
                        let o = item
                            .as_object()
                            .ok_or_else(|| JsonError::new(format!("{sub}: expected an object")))?;
                        list.push(Fields::from_json(sub, o)?);
                    }
                    FVal::List(list)
                }
                Value::Bool(_) | Value::Object(_) => {
                    return Err(JsonError::new(format!(
                        "{ctx}.{k}: expected a string, {{\"hex\": …}}, a number or a list"
                    )))
                }
            };
            map.insert(k.clone(), val);
        }
        Ok(Fields {
            ctx,
            map,
            used: RefCell::new(BTreeSet::new()),
        })
    }

    fn get(&self, key: &'static str) -> Option<&FVal> {
        self.used.borrow_mut().insert(key);
        self.map.get(key)
    }

    fn type_error(&self, key: &str, want: &str) -> JsonError {
        JsonError::new(format!("{}.{key}: expected {want}", self.ctx))
    }

    /// A C-Octet String or Octet String; absent means empty.
    fn bytes(&self, key: &'static str) -> Result<&[u8], JsonError> {
        match self.get(key) {
            None => Ok(&[]),
            Some(FVal::Bytes(b)) => Ok(b),
            Some(_) => Err(self.type_error(key, "a string")),
        }
    }

    /// The first field of a response whose body may be absent.
    fn opt_bytes(&self, key: &'static str) -> Result<Option<&[u8]>, JsonError> {
        match self.get(key) {
            None | Some(FVal::Null) => Ok(None),
            Some(FVal::Bytes(b)) => Ok(Some(b)),
            Some(_) => Err(self.type_error(key, "a string or null")),
        }
    }

    fn int(&self, key: &'static str, max: u64) -> Result<u64, JsonError> {
        match self.get(key) {
            None => Ok(0),
            Some(FVal::Int(n)) if *n <= max => Ok(*n),
            Some(FVal::Int(n)) => Err(JsonError::new(format!(
                "{}.{key}: {n} is above {max}",
                self.ctx
            ))),
            Some(_) => Err(self.type_error(key, "a number")),
        }
    }

    fn u8(&self, key: &'static str) -> Result<u8, JsonError> {
        Ok(self.int(key, u8::MAX.into())? as u8)
    }

    fn u32(&self, key: &'static str) -> Result<u32, JsonError> {
        Ok(self.int(key, u32::MAX.into())? as u32)
    }

    fn time(&self, key: &'static str) -> Result<SmppTime, JsonError> {
        let text = self.bytes(key)?;
        SmppTime::parse(text).ok_or_else(|| {
            JsonError::new(format!(
                "{}.{key}: {:?} is not an SMPP time (\"\", YYMMDDhhmmsstnn+/- or …R)",
                self.ctx,
                String::from_utf8_lossy(text)
            ))
        })
    }

    fn list(&self, key: &'static str) -> Result<&[Fields], JsonError> {
        match self.get(key) {
            None => Ok(&[]),
            Some(FVal::List(l)) => Ok(l),
            Some(_) => Err(self.type_error(key, "a list")),
        }
    }

    /// A computed value (`sm_length`, …): accepted and ignored.
    fn computed(&self, key: &'static str) {
        self.get(key);
    }

    fn short_message(&self) -> Result<&[u8], JsonError> {
        self.computed("sm_length");
        self.bytes("short_message")
    }

    /// Fails on a key that no getter asked for.
    fn finish(&self) -> Result<(), JsonError> {
        let used = self.used.borrow();
        match self.map.keys().find(|k| !used.contains(k.as_str())) {
            Some(k) => Err(JsonError::new(format!("{}: unknown field {k:?}", self.ctx))),
            None => Ok(()),
        }
    }
}

fn bind_from(f: &Fields) -> Result<Bind<'_>, JsonError> {
    Ok(Bind {
        system_id: f.bytes("system_id")?,
        password: f.bytes("password")?,
        system_type: f.bytes("system_type")?,
        interface_version: InterfaceVersion(f.u8("interface_version")?),
        addr_ton: f.u8("addr_ton")?,
        addr_npi: f.u8("addr_npi")?,
        address_range: f.bytes("address_range")?,
    })
}

fn submit_sm_from<'a>(f: &'a Fields, tlvs: Tlvs<'a>) -> Result<SubmitSm<'a>, JsonError> {
    Ok(SubmitSm {
        service_type: f.bytes("service_type")?,
        source_addr_ton: f.u8("source_addr_ton")?,
        source_addr_npi: f.u8("source_addr_npi")?,
        source_addr: f.bytes("source_addr")?,
        dest_addr_ton: f.u8("dest_addr_ton")?,
        dest_addr_npi: f.u8("dest_addr_npi")?,
        destination_addr: f.bytes("destination_addr")?,
        esm_class: f.u8("esm_class")?,
        protocol_id: f.u8("protocol_id")?,
        priority_flag: f.u8("priority_flag")?,
        schedule_delivery_time: f.time("schedule_delivery_time")?,
        validity_period: f.time("validity_period")?,
        registered_delivery: f.u8("registered_delivery")?,
        replace_if_present_flag: f.u8("replace_if_present_flag")?,
        data_coding: f.u8("data_coding")?,
        sm_default_msg_id: f.u8("sm_default_msg_id")?,
        short_message: f.short_message()?,
        tlvs,
    })
}

/// A response body whose first field may be absent; TLVs need that field.
fn opt_first<'a>(
    f: &'a Fields,
    key: &'static str,
    tlvs: &Tlvs<'a>,
) -> Result<Option<&'a [u8]>, JsonError> {
    let v = f.opt_bytes(key)?;
    if v.is_none() && !tlvs.is_empty() {
        return Err(JsonError::new(format!(
            "{}.{key}: TLVs need a {key} (the body cannot be absent)",
            f.ctx
        )));
    }
    Ok(v)
}

fn sm_resp_from<'a>(f: &'a Fields, tlvs: Tlvs<'a>) -> Result<SmResp<'a>, JsonError> {
    Ok(SmResp {
        message_id: opt_first(f, "message_id", &tlvs)?,
        tlvs,
    })
}

fn bind_resp_from<'a>(f: &'a Fields, tlvs: Tlvs<'a>) -> Result<BindResp<'a>, JsonError> {
    Ok(BindResp {
        system_id: opt_first(f, "system_id", &tlvs)?,
        tlvs,
    })
}

fn dest_addresses_from(f: &Fields) -> Result<Vec<DestAddress<'_>>, JsonError> {
    f.computed("number_of_dests");
    let mut out = Vec::new();
    for e in f.list("dest_addresses")? {
        let flag = match e.get("dest_flag") {
            None if e.map.contains_key("dl_name") => 2,
            None => 1,
            Some(_) => e.u8("dest_flag")?,
        };
        out.push(match flag {
            1 => DestAddress::SmeAddress {
                dest_addr_ton: e.u8("dest_addr_ton")?,
                dest_addr_npi: e.u8("dest_addr_npi")?,
                destination_addr: e.bytes("destination_addr")?,
            },
            2 => DestAddress::DistributionList {
                dl_name: e.bytes("dl_name")?,
            },
            n => {
                return Err(JsonError::new(format!(
                    "{}.dest_flag: {n} is neither 1 (SME address) nor 2 (distribution list)",
                    e.ctx
                )))
            }
        });
        e.finish()?;
    }
    Ok(out)
}

fn unsuccess_smes_from(f: &Fields) -> Result<Vec<UnsuccessSme<'_>>, JsonError> {
    f.computed("no_unsuccess");
    let mut out = Vec::new();
    for e in f.list("unsuccess_smes")? {
        out.push(UnsuccessSme {
            dest_addr_ton: e.u8("dest_addr_ton")?,
            dest_addr_npi: e.u8("dest_addr_npi")?,
            destination_addr: e.bytes("destination_addr")?,
            error_status_code: CommandStatus(e.u32("error_status_code")?),
        });
        e.finish()?;
    }
    Ok(out)
}

/// Builds the borrowed PDU of an assigned command from its fields.
fn build<'a>(
    id: CommandId,
    f: &'a Fields,
    tlvs: Tlvs<'a>,
    dests: &'a [DestAddress<'a>],
    smes: &'a [UnsuccessSme<'a>],
) -> Result<Pdu<'a>, JsonError> {
    Ok(match id {
        CommandId::BIND_TRANSMITTER => Pdu::BindTransmitter(bind_from(f)?),
        CommandId::BIND_RECEIVER => Pdu::BindReceiver(bind_from(f)?),
        CommandId::BIND_TRANSCEIVER => Pdu::BindTransceiver(bind_from(f)?),
        CommandId::BIND_TRANSMITTER_RESP => Pdu::BindTransmitterResp(bind_resp_from(f, tlvs)?),
        CommandId::BIND_RECEIVER_RESP => Pdu::BindReceiverResp(bind_resp_from(f, tlvs)?),
        CommandId::BIND_TRANSCEIVER_RESP => Pdu::BindTransceiverResp(bind_resp_from(f, tlvs)?),
        CommandId::OUTBIND => Pdu::Outbind(Outbind {
            system_id: f.bytes("system_id")?,
            password: f.bytes("password")?,
        }),
        CommandId::SUBMIT_SM => Pdu::SubmitSm(submit_sm_from(f, tlvs)?),
        CommandId::DELIVER_SM => Pdu::DeliverSm(submit_sm_from(f, tlvs)?),
        CommandId::SUBMIT_SM_RESP => Pdu::SubmitSmResp(sm_resp_from(f, tlvs)?),
        CommandId::DELIVER_SM_RESP => Pdu::DeliverSmResp(sm_resp_from(f, tlvs)?),
        CommandId::DATA_SM_RESP => Pdu::DataSmResp(sm_resp_from(f, tlvs)?),
        CommandId::SUBMIT_MULTI => Pdu::SubmitMulti(SubmitMulti {
            service_type: f.bytes("service_type")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            dest_addresses: DestAddresses::List(dests),
            esm_class: f.u8("esm_class")?,
            protocol_id: f.u8("protocol_id")?,
            priority_flag: f.u8("priority_flag")?,
            schedule_delivery_time: f.time("schedule_delivery_time")?,
            validity_period: f.time("validity_period")?,
            registered_delivery: f.u8("registered_delivery")?,
            replace_if_present_flag: f.u8("replace_if_present_flag")?,
            data_coding: f.u8("data_coding")?,
            sm_default_msg_id: f.u8("sm_default_msg_id")?,
            short_message: f.short_message()?,
            tlvs,
        }),
        CommandId::SUBMIT_MULTI_RESP => {
            let message_id = opt_first(f, "message_id", &tlvs)?;
            if message_id.is_none() && !smes.is_empty() {
                return Err(JsonError::new(format!(
                    "{}.message_id: unsuccess_smes need a message_id",
                    f.ctx
                )));
            }
            Pdu::SubmitMultiResp(SubmitMultiResp {
                message_id,
                unsuccess_smes: UnsuccessSmes::List(smes),
                tlvs,
            })
        }
        CommandId::DATA_SM => Pdu::DataSm(DataSm {
            service_type: f.bytes("service_type")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            dest_addr_ton: f.u8("dest_addr_ton")?,
            dest_addr_npi: f.u8("dest_addr_npi")?,
            destination_addr: f.bytes("destination_addr")?,
            esm_class: f.u8("esm_class")?,
            registered_delivery: f.u8("registered_delivery")?,
            data_coding: f.u8("data_coding")?,
            tlvs,
        }),
        CommandId::QUERY_SM => Pdu::QuerySm(QuerySm {
            message_id: f.bytes("message_id")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
        }),
        CommandId::QUERY_SM_RESP => Pdu::QuerySmResp(QuerySmResp {
            message_id: f.bytes("message_id")?,
            final_date: f.time("final_date")?,
            message_state: f.u8("message_state")?,
            error_code: f.u8("error_code")?,
        }),
        CommandId::CANCEL_SM => Pdu::CancelSm(CancelSm {
            service_type: f.bytes("service_type")?,
            message_id: f.bytes("message_id")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            dest_addr_ton: f.u8("dest_addr_ton")?,
            dest_addr_npi: f.u8("dest_addr_npi")?,
            destination_addr: f.bytes("destination_addr")?,
        }),
        CommandId::REPLACE_SM => Pdu::ReplaceSm(ReplaceSm {
            message_id: f.bytes("message_id")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            schedule_delivery_time: f.time("schedule_delivery_time")?,
            validity_period: f.time("validity_period")?,
            registered_delivery: f.u8("registered_delivery")?,
            sm_default_msg_id: f.u8("sm_default_msg_id")?,
            short_message: f.short_message()?,
            tlvs,
        }),
        CommandId::ALERT_NOTIFICATION => Pdu::AlertNotification(AlertNotification {
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            esme_addr_ton: f.u8("esme_addr_ton")?,
            esme_addr_npi: f.u8("esme_addr_npi")?,
            esme_addr: f.bytes("esme_addr")?,
            tlvs,
        }),
        CommandId::BROADCAST_SM => Pdu::BroadcastSm(BroadcastSm {
            service_type: f.bytes("service_type")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            message_id: f.bytes("message_id")?,
            priority_flag: f.u8("priority_flag")?,
            schedule_delivery_time: f.time("schedule_delivery_time")?,
            validity_period: f.time("validity_period")?,
            replace_if_present_flag: f.u8("replace_if_present_flag")?,
            data_coding: f.u8("data_coding")?,
            sm_default_msg_id: f.u8("sm_default_msg_id")?,
            tlvs,
        }),
        CommandId::BROADCAST_SM_RESP => Pdu::BroadcastSmResp(BroadcastSmResp {
            message_id: opt_first(f, "message_id", &tlvs)?,
            tlvs,
        }),
        CommandId::QUERY_BROADCAST_SM => Pdu::QueryBroadcastSm(QueryBroadcastSm {
            message_id: f.bytes("message_id")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            tlvs,
        }),
        CommandId::QUERY_BROADCAST_SM_RESP => Pdu::QueryBroadcastSmResp(QueryBroadcastSmResp {
            message_id: f.bytes("message_id")?,
            tlvs,
        }),
        CommandId::CANCEL_BROADCAST_SM => Pdu::CancelBroadcastSm(CancelBroadcastSm {
            service_type: f.bytes("service_type")?,
            message_id: f.bytes("message_id")?,
            source_addr_ton: f.u8("source_addr_ton")?,
            source_addr_npi: f.u8("source_addr_npi")?,
            source_addr: f.bytes("source_addr")?,
            tlvs,
        }),
        CommandId::GENERIC_NACK => Pdu::GenericNack,
        CommandId::UNBIND => Pdu::Unbind,
        CommandId::UNBIND_RESP => Pdu::UnbindResp,
        CommandId::CANCEL_SM_RESP => Pdu::CancelSmResp,
        CommandId::REPLACE_SM_RESP => Pdu::ReplaceSmResp,
        CommandId::ENQUIRE_LINK => Pdu::EnquireLink,
        CommandId::ENQUIRE_LINK_RESP => Pdu::EnquireLinkResp,
        CommandId::CANCEL_BROADCAST_SM_RESP => Pdu::CancelBroadcastSmResp,
        other => {
            return Err(JsonError::new(format!(
                "{other} has no field mapping; give its body as body_hex"
            )))
        }
    })
}

fn u32_key(obj: &Map<String, Value>, key: &str) -> Result<Option<u32>, JsonError> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| JsonError::new(format!("{key}: expected an integer 0..=4294967295"))),
    }
}

/// Reads `command` (`"submit_sm"` or `"unknown_0x…"`).
fn command_from_name(name: &str) -> Result<CommandId, JsonError> {
    if let Some(id) = CommandId::from_name(name) {
        return Ok(id);
    }
    name.strip_prefix("unknown_0x")
        .filter(|h| h.len() == 8)
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .map(CommandId)
        .ok_or_else(|| JsonError::new(format!("command: unknown command {name:?}")))
}

fn command_of(obj: &Map<String, Value>) -> Result<CommandId, JsonError> {
    let by_id = u32_key(obj, "command_id")?.map(CommandId);
    let by_name = match obj.get("command") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(command_from_name(s)?),
        Some(_) => return Err(JsonError::new("command: expected a string")),
    };
    match (by_id, by_name) {
        (Some(a), Some(b)) if a != b => Err(JsonError::new(format!(
            "command {b} disagrees with command_id 0x{:08x}",
            a.0
        ))),
        (Some(a), _) | (None, Some(a)) => Ok(a),
        (None, None) => Err(JsonError::new("either command or command_id is required")),
    }
}

/// Reads `tlvs` into owned (tag, value) pairs.
fn tlvs_from(v: Option<&Value>) -> Result<Vec<(TlvTag, Vec<u8>)>, JsonError> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(JsonError::new("tlvs: expected a list")),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let ctx = format!("tlvs[{i}]");
        let o = item
            .as_object()
            .ok_or_else(|| JsonError::new(format!("{ctx}: expected an object")))?;
        let by_tag = match o.get("tag") {
            None => None,
            Some(t) => Some(
                t.as_u64()
                    .and_then(|n| u16::try_from(n).ok())
                    .map(TlvTag)
                    .ok_or_else(|| JsonError::new(format!("{ctx}.tag: expected 0..=65535")))?,
            ),
        };
        let by_name = match o.get("name") {
            None | Some(Value::Null) => None,
            Some(Value::String(n)) => Some(TlvTag::from_name(n).ok_or_else(|| {
                JsonError::new(format!("{ctx}.name: {n:?} is not a standard TLV"))
            })?),
            Some(_) => return Err(JsonError::new(format!("{ctx}.name: expected a string"))),
        };
        let tag = match (by_tag, by_name) {
            (Some(a), Some(b)) if a != b => {
                return Err(JsonError::new(format!(
                    "{ctx}: tag {} disagrees with name {b}",
                    a.0
                )))
            }
            (Some(a), _) | (None, Some(a)) => a,
            (None, None) => return Err(JsonError::new(format!("{ctx}: tag is required"))),
        };
        let value = match o.get("value_hex") {
            Some(Value::String(h)) => hex_field(&ctx, "value_hex", h)?,
            None => Vec::new(),
            Some(_) => return Err(JsonError::new(format!("{ctx}.value_hex: expected hex"))),
        };
        if let Some(k) = o
            .keys()
            .find(|k| !matches!(k.as_str(), "tag" | "name" | "value_hex"))
        {
            return Err(JsonError::new(format!("{ctx}: unknown key {k:?}")));
        }
        out.push((tag, value));
    }
    Ok(out)
}

fn encode_pdu(pdu: &Pdu<'_>, status: CommandStatus, seq: u32) -> Result<Vec<u8>, JsonError> {
    let mut buf = vec![0u8; pdu.encoded_len()];
    let n = pdu
        .encode(status, seq, &mut buf)
        .map_err(|e| JsonError::new(format!("cannot encode: {e}")))?;
    buf.truncate(n);
    Ok(buf)
}

/// Encodes one JSON object (as produced by [`pdu_to_json`], see the
/// [module docs](self)) to the octets of its PDU, header included.
pub fn json_to_pdu_bytes(v: &Value) -> Result<Vec<u8>, JsonError> {
    let obj = v
        .as_object()
        .ok_or_else(|| JsonError::new("expected a JSON object"))?;
    let id = command_of(obj)?;
    let status = CommandStatus(u32_key(obj, "command_status")?.unwrap_or(0));
    let seq = u32_key(obj, "sequence_number")?
        .ok_or_else(|| JsonError::new("sequence_number is required"))?;
    let empty = Map::new();
    let fields_obj = match obj.get("fields") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(o)) => o,
        Some(_) => return Err(JsonError::new("fields: expected an object")),
    };
    let tlv_store = tlvs_from(obj.get("tlvs"))?;
    let tlv_list: Vec<Tlv<'_>> = tlv_store
        .iter()
        .map(|(tag, value)| Tlv::new(*tag, value))
        .collect();

    match obj.get("body_hex") {
        None | Some(Value::Null) => {}
        Some(Value::String(h)) => {
            if !fields_obj.is_empty() || !tlv_list.is_empty() {
                return Err(JsonError::new(
                    "body_hex gives the whole body: fields and tlvs must be empty",
                ));
            }
            let body = hex_field("", "body_hex", h)?;
            let pdu = if id.is_response() && id.is_known() {
                Pdu::RawResp {
                    command_id: id,
                    body: &body,
                }
            } else {
                Pdu::Unknown {
                    command_id: id,
                    body: &body,
                }
            };
            return encode_pdu(&pdu, status, seq);
        }
        Some(_) => return Err(JsonError::new("body_hex: expected a hex string")),
    }
    if !id.is_known() {
        return Err(JsonError::new(format!(
            "{id} is not an assigned command: give its body as body_hex"
        )));
    }

    let f = Fields::from_json("fields".into(), fields_obj)?;
    let dests = if id == CommandId::SUBMIT_MULTI {
        dest_addresses_from(&f)?
    } else {
        Vec::new()
    };
    let smes = if id == CommandId::SUBMIT_MULTI_RESP {
        unsuccess_smes_from(&f)?
    } else {
        Vec::new()
    };
    let pdu = build(id, &f, Tlvs::List(&tlv_list), &dests, &smes)?;
    f.finish()
        .map_err(|e| JsonError::new(format!("{e} for {id}")))?;
    if !tlv_list.is_empty() && pdu.tlvs().is_none() {
        return Err(JsonError::new(format!("tlvs: {id} carries no TLVs")));
    }
    encode_pdu(&pdu, status, seq)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(hex_in: &str) -> Value {
        let bytes = parse_hex(hex_in).unwrap();
        let v = decode_to_json(&bytes, codec::DEFAULT_MAX_COMMAND_LENGTH).unwrap();
        assert_eq!(json_to_pdu_bytes(&v).unwrap(), bytes, "{v}");
        v
    }

    #[test]
    fn submit_sm_with_tlv() {
        // submit_sm seq 7, user_message_reference 7.
        let pdu = Pdu::SubmitSm(SubmitSm {
            source_addr: b"123",
            destination_addr: b"456",
            short_message: b"hi",
            tlvs: Tlvs::List(&[Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 7])]),
            ..SubmitSm::default()
        });
        let bytes = encode_pdu(&pdu, CommandStatus::ESME_ROK, 7).unwrap();
        let v = round_trip(&hex::encode(&bytes));
        assert_eq!(v["command"], "submit_sm");
        assert_eq!(v["command_id"], 4);
        assert_eq!(v["sequence_number"], 7);
        assert_eq!(v["fields"]["short_message"], "6869");
        assert_eq!(v["fields"]["sm_length"], 2);
        assert_eq!(
            v["tlvs"],
            json!([{"tag": 516, "name": "user_message_reference", "value_hex": "0007"}])
        );
        let text = v.to_string();
        assert!(
            text.starts_with(r#"{"command":"submit_sm","command_id":4,"#),
            "{text}"
        );
    }

    #[test]
    fn absent_bodies_and_raw_bodies() {
        let ok = round_trip("00000010 80000004 00000000 00000002");
        assert_eq!(ok["fields"], json!({"message_id": null}));
        let nack = round_trip("00000010800000040000000b00000002");
        assert_eq!(nack["fields"], json!({}));
        let raw = round_trip("00000020800000040000000b0000000230413030303030304133443332334131");
        assert_eq!(raw["fields"], json!({}));
        assert_eq!(raw["body_hex"], "30413030303030304133443332334131");
        let unknown = round_trip("0000001100000110000000000a342ee70f");
        assert_eq!(unknown["command"], "unknown_0x00000110");
        assert_eq!(unknown["body_hex"], "0f");
    }

    #[test]
    fn non_utf8_cstr_is_hex_object() {
        let pdu = Pdu::Outbind(Outbind {
            system_id: &[0xff, 0x41],
            password: b"pw",
        });
        let bytes = encode_pdu(&pdu, CommandStatus::ESME_ROK, 1).unwrap();
        let v = round_trip(&hex::encode(bytes));
        assert_eq!(v["fields"]["system_id"], json!({"hex": "ff41"}));
    }

    #[test]
    fn defaults_and_errors() {
        let min = json!({"command": "submit_sm", "sequence_number": 1,
            "fields": {"destination_addr": "1", "short_message": "41"}});
        let bytes = json_to_pdu_bytes(&min).unwrap();
        assert_eq!(bytes.len(), 16 + 17 + 1 + 1);
        let typo = json!({"command": "submit_sm", "sequence_number": 1,
            "fields": {"destnation_addr": "1"}});
        let e = json_to_pdu_bytes(&typo).unwrap_err();
        assert!(e.message().contains("destnation_addr"), "{e}");
        let clash = json!({"command": "submit_sm", "command_id": 5, "sequence_number": 1});
        assert!(json_to_pdu_bytes(&clash).is_err());
        let no_seq = json!({"command": "enquire_link"});
        assert!(json_to_pdu_bytes(&no_seq).is_err());
        let tlv_on_nack = json!({"command": "generic_nack", "sequence_number": 1,
            "tlvs": [{"tag": 516, "value_hex": "0001"}]});
        assert!(json_to_pdu_bytes(&tlv_on_nack).is_err());
        let big = json!({"command": "submit_sm", "sequence_number": 1,
            "fields": {"esm_class": 256}});
        assert!(json_to_pdu_bytes(&big).is_err());
        let bad_time = json!({"command": "submit_sm", "sequence_number": 1,
            "fields": {"validity_period": "tomorrow"}});
        assert!(json_to_pdu_bytes(&bad_time).is_err());
        let unknown = json!({"command": "unknown_0x00000110", "sequence_number": 1});
        assert!(json_to_pdu_bytes(&unknown).is_err());
    }

    #[test]
    fn decode_failures() {
        let e = decode_to_json(&[0, 0, 0, 16, 0], 1000).unwrap_err();
        assert!(e.error.contains("incomplete"), "{e}");
        let e = decode_to_json(
            &parse_hex("0000001000000015000000000000000100").unwrap(),
            1000,
        )
        .unwrap_err();
        assert!(e.error.contains("follow"), "{e}");
        let e = decode_to_json(
            &parse_hex("0000001e00000003000000000000000161776179001c1d416c69636572").unwrap(),
            1000,
        )
        .unwrap_err();
        assert_eq!(e.command_status, Some(CommandStatus::ESME_RINVCMDLEN));
        assert_eq!(e.to_json()["command_status"], 2);
        assert!(parse_hex("0x 00 0A").is_ok());
        assert!(parse_hex("0g").is_err());
    }
}
