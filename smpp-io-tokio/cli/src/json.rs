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
//! The mapping holds no field list of its own: a body is read and built
//! through its owned values ([`smpp_proto::codec::visit::Values`]), field by
//! field as the body's table gives them ([`Pdu::fields`]), and this module
//! only converts each kind of value to and from JSON.
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

use std::fmt;

use serde_json::{Map, Value};
use smpp_proto::codec::visit::{self as v, Kind, OwnedField, Values};
use smpp_proto::codec::{self, Framing, Violations};
use smpp_proto::{CommandId, CommandStatus, Header, InterfaceVersion, Pdu, SmppTime, TlvTag};

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

/// One TLV: `{"tag", "name" (standard tags only), "value_hex"}`.
fn tlv_json(tag: TlvTag, value: &[u8]) -> Value {
    let mut m = Map::new();
    m.insert("tag".into(), Value::from(tag.0));
    if let Some(name) = tag.name() {
        m.insert("name".into(), Value::from(name));
    }
    m.insert("value_hex".into(), Value::String(hex::encode(value)));
    Value::Object(m)
}

/// Writes the values of a body (or of a list entry) into `fields`, kind by
/// kind, and its TLVs into `tlvs`. An absent body's first field is `null`
/// when `status` is 0 and left out otherwise (SMPP 3.4 §4.4.2).
fn values_json(
    values: &Values,
    status: CommandStatus,
    fields: &mut Map<String, Value>,
    tlvs: &mut Vec<Value>,
) {
    for OwnedField { field, value } in values {
        let json = match value {
            v::Value::U8(n) => Value::from(*n),
            v::Value::Version(n) => Value::from(n.0),
            v::Value::Status(s) => Value::from(s.0),
            v::Value::CStr(s) | v::Value::OptCStr(Some(s)) => cstr_value(s),
            v::Value::OptCStr(None) if status.is_ok() => Value::Null,
            v::Value::OptCStr(None) => continue,
            v::Value::Time(t) => Value::String(t.to_string()),
            v::Value::ShortMessage(sm) => {
                if let Some(count) = Kind::ShortMessage.count_field() {
                    fields.insert(count.key().into(), Value::from(sm.len()));
                }
                Value::String(hex::encode(sm))
            }
            v::Value::Tlvs(list) => {
                tlvs.extend(list.iter().map(|(tag, value)| tlv_json(*tag, value)));
                continue;
            }
            v::Value::DestAddresses(entries) | v::Value::UnsuccessSmes(entries) => {
                let count = match value {
                    v::Value::DestAddresses(_) => Kind::DestAddresses.count_field(),
                    _ => Kind::UnsuccessSmes.count_field(),
                };
                if let Some(count) = count {
                    fields.insert(count.key().into(), Value::from(entries.len()));
                }
                let list = entries.iter().map(|e| {
                    let mut m = Map::new();
                    values_json(e, status, &mut m, &mut Vec::new());
                    Value::Object(m)
                });
                Value::Array(list.collect())
            }
            // A kind added to smpp-proto later; `every_kind_through_json`
            // (tests/tests/vectors.rs) fails until it has a JSON form.
            _ => continue,
        };
        fields.insert(field.key().into(), json);
    }
}

/// The JSON object of one decoded PDU (see the [module docs](self) for the
/// conventions).
///
/// `header` gives `command_length`, `command_status` and `sequence_number`;
/// `pdu` gives the command and its body, walked field by field
/// ([`Values::of`]). The result always has the keys `command`, `command_id`,
/// `command_length`, `command_status`, `sequence_number`, `fields` and
/// `tlvs`, and `body_hex` for [`Pdu::RawResp`] and [`Pdu::Unknown`].
pub fn pdu_to_json(header: &Header, pdu: &Pdu<'_>) -> Value {
    let status = header.command_status;
    let mut fields = Map::new();
    let mut tlvs = Vec::new();
    let body_hex = match pdu {
        Pdu::RawResp { body, .. } | Pdu::Unknown { body, .. } => Some(hex::encode(body)),
        _ => {
            values_json(&Values::of(pdu), status, &mut fields, &mut tlvs);
            None
        }
    };
    let mut m = Map::new();
    m.insert(
        "command".into(),
        Value::String(header.command_id.to_string()),
    );
    m.insert("command_id".into(), Value::from(header.command_id.0));
    m.insert("command_length".into(), Value::from(header.command_length));
    m.insert("command_status".into(), Value::from(status.0));
    m.insert(
        "sequence_number".into(),
        Value::from(header.sequence_number),
    );
    m.insert("fields".into(), Value::Object(fields));
    m.insert("tlvs".into(), Value::Array(tlvs));
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

fn hex_field(ctx: &str, key: &str, s: &str) -> Result<Vec<u8>, JsonError> {
    hex::decode(s).map_err(|e| JsonError::new(format!("{ctx}.{key}: invalid hex: {e}")))
}

/// A string (text, or hex when `hex` is set) or `{"hex": …}`, as octets.
fn octets(ctx: &str, key: &str, v: &Value, hex: bool) -> Result<Vec<u8>, JsonError> {
    match v {
        Value::String(s) if hex => hex_field(ctx, key, s),
        Value::String(s) => Ok(s.as_bytes().to_vec()),
        Value::Object(o) if o.len() == 1 => match o.get("hex") {
            Some(Value::String(h)) => hex_field(ctx, key, h),
            _ => Err(JsonError::new(format!(
                "{ctx}.{key}: expected {{\"hex\": \"…\"}}"
            ))),
        },
        _ => Err(JsonError::new(format!("{ctx}.{key}: expected a string"))),
    }
}

/// A non-negative integer up to `max`.
fn int(ctx: &str, key: &str, v: &Value, max: u32) -> Result<u32, JsonError> {
    let Value::Number(n) = v else {
        return Err(JsonError::new(format!("{ctx}.{key}: expected a number")));
    };
    let n = n
        .as_u64()
        .ok_or_else(|| JsonError::new(format!("{ctx}.{key}: {n} is not a non-negative integer")))?;
    u32::try_from(n)
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| JsonError::new(format!("{ctx}.{key}: {n} is above {max}")))
}

/// The owned value of a field of `kind` from its JSON form (the inverse of
/// [`values_json`]).
fn value_from_json(ctx: &str, key: &str, kind: Kind, v: &Value) -> Result<v::Value, JsonError> {
    let byte = |v| int(ctx, key, v, u8::MAX.into()).map(|n| n as u8);
    Ok(match kind {
        Kind::U8 => v::Value::U8(byte(v)?),
        Kind::Version => v::Value::Version(InterfaceVersion(byte(v)?)),
        Kind::Status => v::Value::Status(CommandStatus(int(ctx, key, v, u32::MAX)?)),
        Kind::CStr { .. } => v::Value::CStr(octets(ctx, key, v, false)?),
        Kind::OptCStr { .. } if v.is_null() => v::Value::OptCStr(None),
        Kind::OptCStr { .. } => v::Value::OptCStr(Some(octets(ctx, key, v, false)?)),
        Kind::ShortMessage => v::Value::ShortMessage(octets(ctx, key, v, true)?),
        Kind::Time => {
            let text = octets(ctx, key, v, false)?;
            v::Value::Time(SmppTime::parse(&text).ok_or_else(|| {
                JsonError::new(format!(
                    "{ctx}.{key}: {:?} is not an SMPP time (\"\", YYMMDDhhmmsstnn+/- or …R)",
                    String::from_utf8_lossy(&text)
                ))
            })?)
        }
        Kind::DestAddresses | Kind::UnsuccessSmes => {
            let items = v
                .as_array()
                .ok_or_else(|| JsonError::new(format!("{ctx}.{key}: expected a list")))?;
            let mut entries = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let sub = format!("{ctx}.{key}[{i}]");
                let o = item
                    .as_object()
                    .ok_or_else(|| JsonError::new(format!("{sub}: expected an object")))?;
                let mut entry = Values::new();
                for (k, v) in o {
                    let spec = kind
                        .entry_fields()
                        .iter()
                        .find(|s| s.field.as_str() == k)
                        .ok_or_else(|| JsonError::new(format!("{sub}: unknown field {k:?}")))?;
                    entry.push(spec.field, value_from_json(&sub, k, spec.kind, v)?);
                }
                entries.push(entry);
            }
            match kind {
                Kind::DestAddresses => v::Value::DestAddresses(entries),
                _ => v::Value::UnsuccessSmes(entries),
            }
        }
        _ => {
            return Err(JsonError::new(format!(
                "{ctx}.{key}: no JSON form for a field of kind {kind:?}"
            )))
        }
    })
}

/// The owned values of `id`'s body from its `fields` object and its TLVs,
/// following the body's field table ([`Pdu::fields`]).
fn values_from_json(
    id: CommandId,
    fields: &Map<String, Value>,
    tlvs: Vec<(TlvTag, Vec<u8>)>,
) -> Result<Values, JsonError> {
    let specs = Pdu::fields(id).ok_or_else(|| {
        JsonError::new(format!(
            "{id} has no field mapping; give its body as body_hex"
        ))
    })?;
    // A key the command does not have is an error, not silently dropped.
    if let Some(k) = fields.keys().find(|k| {
        !specs.iter().any(|s| {
            s.kind != Kind::Tlvs
                && (s.field.key() == *k || s.kind.count_field().is_some_and(|c| c.key() == *k))
        })
    }) {
        return Err(JsonError::new(format!(
            "fields: unknown field {k:?} for {id}"
        )));
    }
    let mut values = Values::new();
    let mut tlvs = Some(tlvs);
    for s in specs {
        if s.kind == Kind::Tlvs {
            values.push(s.field, v::Value::Tlvs(tlvs.take().unwrap_or_default()));
        } else if let Some(v) = fields.get(s.field.key()) {
            values.push(
                s.field,
                value_from_json("fields", s.field.key(), s.kind, v)?,
            );
        }
    }
    if tlvs.is_some_and(|t| !t.is_empty()) {
        return Err(JsonError::new(format!("tlvs: {id} carries no TLVs")));
    }
    Ok(values)
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
    CommandId::parse(name)
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
    let tlvs = tlvs_from(obj.get("tlvs"))?;

    match obj.get("body_hex") {
        None | Some(Value::Null) => {}
        Some(Value::String(h)) => {
            if !fields_obj.is_empty() || !tlvs.is_empty() {
                return Err(JsonError::new(
                    "body_hex gives the whole body: fields and tlvs must be empty",
                ));
            }
            let body = hex_field("", "body_hex", h)?;
            return encode_pdu(&Pdu::raw(id, &body), status, seq);
        }
        Some(_) => return Err(JsonError::new("body_hex: expected a hex string")),
    }
    if !id.is_known() {
        return Err(JsonError::new(format!(
            "{id} is not an assigned command: give its body as body_hex"
        )));
    }

    let values = values_from_json(id, fields_obj, tlvs)?;
    let fill_error = |e: v::FillError| JsonError::new(format!("fields: {e} for {id}"));
    let views = values.views().map_err(fill_error)?;
    let pdu = views.pdu(id).map_err(fill_error)?.ok_or_else(|| {
        JsonError::new(format!(
            "{id} has no field mapping; give its body as body_hex"
        ))
    })?;
    encode_pdu(&pdu, status, seq)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use smpp_proto::codec::{Outbind, SubmitSm};
    use smpp_proto::{Tlv, Tlvs};

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
        // TLVs cannot ride on a response body that is absent.
        let tlvs_no_body = json!({"command": "submit_sm_resp", "sequence_number": 1,
            "fields": {"message_id": null}, "tlvs": [{"tag": 516, "value_hex": "0001"}]});
        let e = json_to_pdu_bytes(&tlvs_no_body).unwrap_err();
        assert!(e.message().contains("message_id"), "{e}");
        // List entries: dest_flag follows from the keys; unknown keys and
        // keys of the other kind of entry are errors.
        let multi = |entry: Value| {
            json_to_pdu_bytes(&json!({"command": "submit_multi", "sequence_number": 1,
                "fields": {"dest_addresses": [entry]}}))
        };
        let dl = multi(json!({"dl_name": "friends"})).unwrap();
        let v = decode_to_json(&dl, 1000).unwrap();
        assert_eq!(
            v["fields"]["dest_addresses"],
            json!([{"dest_flag": 2, "dl_name": "friends"}])
        );
        assert_eq!(v["fields"]["number_of_dests"], 1);
        let e = multi(json!({"dest_flag": 1, "dl_name": "x"})).unwrap_err();
        assert!(e.message().contains("dl_name"), "{e}");
        let e = multi(json!({"dest_addr": "1"})).unwrap_err();
        assert!(e.message().contains("dest_addresses[0]"), "{e}");
        let e = multi(json!({"dest_flag": 3})).unwrap_err();
        assert!(e.message().contains("dest_flag"), "{e}");
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
