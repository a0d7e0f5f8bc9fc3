//! PDU <-> Python dict: the JSON form of `smpp decode` / `smpp encode`
//! (`smpp-io-tokio/cli/src/json.rs`) with Python values.
//!
//! Read first: SMPP 3.4 §4 (each PDU's fields), §5.2 (field definitions),
//! §5.3 (TLVs), §4.4.2 (absent response bodies).
//!
//! Like the JSON mapping, this holds no field list of its own: a body is read
//! and built through the core's owned values ([`Values`]), field by field as
//! the body's table gives them ([`Pdu::fields`], [`Kind::entry_fields`]), with
//! the keys of [`Field::key`](smpp_proto::codec::visit::Field::key) and [`Kind::count_field`]; only each kind of
//! value is converted here. The differences from JSON: octet strings
//! (`short_message`, a TLV's value, a raw body) are `bytes`, and the keys
//! that name a hex encoding in JSON lose their `_hex` (`value`, `body`).

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use smpp_proto::codec::visit::{self as v, Kind, OwnedField, Values};
use smpp_proto::codec::Violations;
use smpp_proto::{CommandId, CommandStatus, Header, InterfaceVersion, Pdu, SmppTime, TlvTag};

use crate::errors::EncodeError;

// ----- PDU -> dict ------------------------------------------------------------

/// A field's key as a Python `str`, made once and shared by every dict
/// after (the keys are the core's `&'static` spec names), so a decode
/// does not build a new string per field.
fn key<'py>(py: Python<'py>, k: &'static str) -> Bound<'py, PyString> {
    type Keys = std::sync::Mutex<std::collections::HashMap<(usize, usize), Py<PyString>>>;
    static KEYS: PyOnceLock<Keys> = PyOnceLock::new();
    let keys = KEYS.get_or_init(py, Keys::default);
    let id = (k.as_ptr() as usize, k.len());
    let Ok(mut map) = keys.lock() else {
        return PyString::intern(py, k);
    };
    map.entry(id)
        .or_insert_with(|| PyString::intern(py, k).unbind())
        .bind(py)
        .clone()
}

/// A C-Octet String: `str` when it is UTF-8, else `{"hex": "…"}`.
pub(crate) fn cstr<'py>(py: Python<'py>, s: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    match std::str::from_utf8(s) {
        Ok(t) => Ok(PyString::new(py, t).into_any()),
        Err(_) => {
            let d = PyDict::new(py);
            d.set_item("hex", hex::encode(s))?;
            Ok(d.into_any())
        }
    }
}

/// One TLV: `{"tag", "name" (standard tags only), "value": bytes}`.
fn tlv<'py>(py: Python<'py>, tag: TlvTag, value: &[u8]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "tag"), tag.0)?;
    if let Some(name) = tag.name() {
        d.set_item(intern!(py, "name"), key(py, name))?;
    }
    d.set_item(intern!(py, "value"), PyBytes::new(py, value))?;
    Ok(d)
}

/// Writes the values of a body (or of a list entry) into `fields`, and its
/// TLVs into `tlvs`. An absent body's first field is `None` when `status` is
/// 0 and left out otherwise (SMPP 3.4 §4.4.2).
fn values_into(
    py: Python<'_>,
    values: &Values,
    status: CommandStatus,
    fields: &Bound<'_, PyDict>,
    tlvs: &Bound<'_, PyList>,
) -> PyResult<()> {
    for OwnedField { field, value } in values {
        let item: Bound<'_, PyAny> = match value {
            v::Value::U8(n) => n.into_pyobject(py)?.into_any(),
            v::Value::Version(n) => n.0.into_pyobject(py)?.into_any(),
            v::Value::Status(s) => s.0.into_pyobject(py)?.into_any(),
            v::Value::CStr(s) | v::Value::OptCStr(Some(s)) => cstr(py, s)?,
            v::Value::OptCStr(None) if status.is_ok() => py.None().into_bound(py),
            v::Value::OptCStr(None) => continue,
            v::Value::Time(t) => PyString::new(py, &t.to_string()).into_any(),
            v::Value::ShortMessage(sm) => {
                if let Some(count) = Kind::ShortMessage.count_field() {
                    fields.set_item(key(py, count.key()), sm.len())?;
                }
                PyBytes::new(py, sm).into_any()
            }
            v::Value::Tlvs(list) => {
                for (tag, value) in list {
                    tlvs.append(tlv(py, *tag, value)?)?;
                }
                continue;
            }
            v::Value::DestAddresses(entries) | v::Value::UnsuccessSmes(entries) => {
                let kind = match value {
                    v::Value::DestAddresses(_) => Kind::DestAddresses,
                    _ => Kind::UnsuccessSmes,
                };
                if let Some(count) = kind.count_field() {
                    fields.set_item(key(py, count.key()), entries.len())?;
                }
                let list = PyList::empty(py);
                for e in entries {
                    let d = PyDict::new(py);
                    values_into(py, e, status, &d, &PyList::empty(py))?;
                    list.append(d)?;
                }
                list.into_any()
            }
            // A kind added to smpp-proto later: the vectors test
            // (tests/test_codec.py) fails until it has a Python form.
            _ => continue,
        };
        fields.set_item(key(py, field.key()), item)?;
    }
    Ok(())
}

/// The dict of one decoded PDU: `command`, `command_id`, `command_length`,
/// `command_status`, `sequence_number`, `fields`, `tlvs`, and `body` (bytes)
/// for a raw negative response or an unassigned command.
pub(crate) fn pdu_dict<'py>(
    py: Python<'py>,
    header: &Header,
    pdu: &Pdu<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let status = header.command_status;
    let fields = PyDict::new(py);
    let tlvs = PyList::empty(py);
    let body = match pdu {
        Pdu::RawResp { body, .. } | Pdu::Unknown { body, .. } => Some(PyBytes::new(py, body)),
        _ => {
            values_into(py, &Values::of(pdu), status, &fields, &tlvs)?;
            None
        }
    };
    let d = PyDict::new(py);
    let command = match header.command_id.name() {
        Some(name) => key(py, name),
        None => PyString::new(py, &header.command_id.to_string()),
    };
    d.set_item(intern!(py, "command"), command)?;
    d.set_item(intern!(py, "command_id"), header.command_id.0)?;
    d.set_item(intern!(py, "command_length"), header.command_length)?;
    d.set_item(intern!(py, "command_status"), status.0)?;
    d.set_item(intern!(py, "sequence_number"), header.sequence_number)?;
    d.set_item(intern!(py, "fields"), fields)?;
    d.set_item(intern!(py, "tlvs"), tlvs)?;
    if let Some(body) = body {
        d.set_item(intern!(py, "body"), body)?;
    }
    Ok(d)
}

/// The `violations` list: `[{"command_status", "name", "reason"}, …]`.
pub(crate) fn violations_list<'py>(
    py: Python<'py>,
    violations: &Violations,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for v in violations.iter() {
        let d = PyDict::new(py);
        d.set_item("command_status", v.command_status.0)?;
        d.set_item("name", v.command_status.name())?;
        d.set_item("reason", v.to_string())?;
        list.append(d)?;
    }
    Ok(list)
}

// ----- dict -> PDU ------------------------------------------------------------

fn err(ctx: &str, key: &str, what: impl std::fmt::Display) -> PyErr {
    EncodeError::new_err(format!("{ctx}.{key}: {what}"))
}

/// Octets from `bytes`, `bytearray` or `memoryview`.
pub(crate) fn octets(v: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Some(b.as_bytes().to_vec());
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Some(b.to_vec());
    }
    if v.get_type().name().is_ok_and(|n| n == "memoryview") {
        return v
            .call_method0("tobytes")
            .ok()
            .and_then(|b| b.cast::<PyBytes>().ok().map(|b| b.as_bytes().to_vec()));
    }
    None
}

fn bytes_value(ctx: &str, key: &str, v: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    octets(v).ok_or_else(|| err(ctx, key, "expected bytes"))
}

/// A C-Octet String: `str` (its UTF-8), `bytes`, or `{"hex": "…"}`.
fn cstr_value(ctx: &str, key: &str, v: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Some(b) = octets(v) {
        return Ok(b);
    }
    if let Ok(d) = v.cast::<PyDict>() {
        if d.len() == 1 {
            if let Some(h) = d.get_item(intern!(d.py(), "hex"))? {
                let h: String = h
                    .extract()
                    .map_err(|_| err(ctx, key, "expected {\"hex\": str}"))?;
                return hex::decode(h).map_err(|e| err(ctx, key, format!("invalid hex: {e}")));
            }
        }
    }
    Err(err(ctx, key, "expected str, bytes or {\"hex\": str}"))
}

/// A non-negative integer up to `max` (a `bool` is refused).
fn int(ctx: &str, key: &str, v: &Bound<'_, PyAny>, max: u32) -> PyResult<u32> {
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Err(err(ctx, key, "expected an integer, not a bool"));
    }
    let n: i128 = v
        .extract()
        .map_err(|_| err(ctx, key, "expected an integer"))?;
    u32::try_from(n)
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| err(ctx, key, format!("{n} is not in 0..={max}")))
}

/// The owned value of a field of `kind` from its Python form.
fn value_from_py(ctx: &str, key: &str, kind: Kind, v: &Bound<'_, PyAny>) -> PyResult<v::Value> {
    let byte = |v| int(ctx, key, v, u8::MAX.into()).map(|n| n as u8);
    Ok(match kind {
        Kind::U8 => v::Value::U8(byte(v)?),
        Kind::Version => v::Value::Version(InterfaceVersion(byte(v)?)),
        Kind::Status => v::Value::Status(CommandStatus(int(ctx, key, v, u32::MAX)?)),
        Kind::CStr { .. } => v::Value::CStr(cstr_value(ctx, key, v)?),
        Kind::OptCStr { .. } if v.is_none() => v::Value::OptCStr(None),
        Kind::OptCStr { .. } => v::Value::OptCStr(Some(cstr_value(ctx, key, v)?)),
        Kind::ShortMessage => v::Value::ShortMessage(bytes_value(ctx, key, v)?),
        Kind::Time => {
            let text = cstr_value(ctx, key, v)?;
            v::Value::Time(SmppTime::parse(&text).ok_or_else(|| {
                err(
                    ctx,
                    key,
                    format!(
                        "{:?} is not an SMPP time (\"\", YYMMDDhhmmsstnn+/- or …R)",
                        String::from_utf8_lossy(&text)
                    ),
                )
            })?)
        }
        Kind::DestAddresses | Kind::UnsuccessSmes => {
            let items = v
                .cast::<PyList>()
                .map_err(|_| err(ctx, key, "expected a list"))?;
            let mut entries = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let sub = format!("{ctx}.{key}[{i}]");
                let o = item
                    .cast::<PyDict>()
                    .map_err(|_| EncodeError::new_err(format!("{sub}: expected a dict")))?;
                let mut entry = Values::new();
                for (k, val) in o.iter() {
                    let k: String = k.extract()?;
                    let spec = kind
                        .entry_fields()
                        .iter()
                        .find(|s| s.field.as_str() == k)
                        .ok_or_else(|| {
                            EncodeError::new_err(format!("{sub}: unknown field {k:?}"))
                        })?;
                    entry.push(spec.field, value_from_py(&sub, &k, spec.kind, &val)?);
                }
                entries.push(entry);
            }
            match kind {
                Kind::DestAddresses => v::Value::DestAddresses(entries),
                _ => v::Value::UnsuccessSmes(entries),
            }
        }
        _ => {
            return Err(err(
                ctx,
                key,
                format!("no Python form for a field of kind {kind:?}"),
            ))
        }
    })
}

/// The owned values of `id`'s body from a `fields` mapping and its TLVs,
/// following the body's field table ([`Pdu::fields`]). A key the command
/// does not have is an error; computed counts (sm_length, …) are ignored.
pub(crate) fn values_from_fields(
    id: CommandId,
    fields: Option<&Bound<'_, PyDict>>,
    tlvs: Vec<(TlvTag, Vec<u8>)>,
) -> PyResult<Values> {
    let specs = Pdu::fields(id).ok_or_else(|| {
        EncodeError::new_err(format!(
            "{id} has no field mapping; give its body as bytes (\"body\")"
        ))
    })?;
    let mut values = Values::new();
    let mut tlvs = Some(tlvs);
    // Keys of the table found in `fields`; fewer than it has means one
    // the command lacks, looked for below.
    let mut matched = 0usize;
    for s in specs {
        if s.kind == Kind::Tlvs {
            values.push(s.field, v::Value::Tlvs(tlvs.take().unwrap_or_default()));
            continue;
        }
        let Some(f) = fields else { continue };
        if let Some(count) = s.kind.count_field() {
            matched += usize::from(f.contains(key(f.py(), count.key()))?);
        }
        if let Some(val) = f.get_item(key(f.py(), s.field.key()))? {
            matched += 1;
            values.push(
                s.field,
                value_from_py("fields", s.field.key(), s.kind, &val)?,
            );
        }
    }
    if let Some(fields) = fields.filter(|f| f.len() != matched) {
        for k in fields.keys() {
            let k: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err("fields: keys must be str"))?;
            let known = specs.iter().any(|s| {
                s.kind != Kind::Tlvs
                    && (s.field.key() == k || s.kind.count_field().is_some_and(|c| c.key() == k))
            });
            if !known {
                return Err(EncodeError::new_err(format!(
                    "fields: unknown field {k:?} for {id}"
                )));
            }
        }
    }
    if tlvs.is_some_and(|t| !t.is_empty()) {
        return Err(EncodeError::new_err(format!("tlvs: {id} carries no TLVs")));
    }
    Ok(values)
}

/// Reads a list of TLVs: `{"tag": int, "value": bytes}`, `"name"` standing
/// in for (or agreeing with) `tag`.
pub(crate) fn tlvs_from(v: Option<Bound<'_, PyAny>>) -> PyResult<Vec<(TlvTag, Vec<u8>)>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let items = v
        .cast::<PyList>()
        .map_err(|_| EncodeError::new_err("tlvs: expected a list"))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let ctx = format!("tlvs[{i}]");
        let o = item
            .cast::<PyDict>()
            .map_err(|_| EncodeError::new_err(format!("{ctx}: expected a dict")))?;
        let by_tag = match o.get_item(intern!(o.py(), "tag"))? {
            None => None,
            Some(t) => Some(TlvTag(
                u16::try_from(int(&ctx, "tag", &t, u16::MAX.into())?).unwrap_or(u16::MAX),
            )),
        };
        let by_name = match o.get_item(intern!(o.py(), "name"))? {
            Some(n) if !n.is_none() => {
                let n: String = n
                    .extract()
                    .map_err(|_| err(&ctx, "name", "expected a str"))?;
                Some(
                    TlvTag::from_name(&n)
                        .ok_or_else(|| err(&ctx, "name", format!("{n:?} is not a standard TLV")))?,
                )
            }
            _ => None,
        };
        let tag = match (by_tag, by_name) {
            (Some(a), Some(b)) if a != b => {
                return Err(EncodeError::new_err(format!(
                    "{ctx}: tag {} disagrees with name {b}",
                    a.0
                )))
            }
            (Some(a), _) | (None, Some(a)) => a,
            (None, None) => return Err(EncodeError::new_err(format!("{ctx}: tag is required"))),
        };
        let value = match o.get_item(intern!(o.py(), "value"))? {
            Some(val) => bytes_value(&ctx, "value", &val)?,
            None => Vec::new(),
        };
        for k in o.keys() {
            let k: String = k.extract()?;
            if !matches!(k.as_str(), "tag" | "name" | "value") {
                return Err(EncodeError::new_err(format!("{ctx}: unknown key {k:?}")));
            }
        }
        out.push((tag, value));
    }
    Ok(out)
}

/// A header field: a non-negative integer that fits 32 bits.
pub(crate) fn u32_key(obj: &Bound<'_, PyDict>, key: &str) -> PyResult<Option<u32>> {
    match obj.get_item(key)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => int("", key, &v, u32::MAX).map(Some),
    }
}

/// The command of a PDU dict: from `command_id` or `command` (they must agree).
fn command_of(obj: &Bound<'_, PyDict>) -> PyResult<CommandId> {
    let by_id = u32_key(obj, "command_id")?.map(CommandId);
    let by_name =
        match obj.get_item(intern!(obj.py(), "command"))? {
            None => None,
            Some(v) if v.is_none() => None,
            Some(v) => {
                let s: String = v
                    .extract()
                    .map_err(|_| EncodeError::new_err("command: expected a str"))?;
                Some(CommandId::parse(&s).ok_or_else(|| {
                    EncodeError::new_err(format!("command: unknown command {s:?}"))
                })?)
            }
        };
    match (by_id, by_name) {
        (Some(a), Some(b)) if a != b => Err(EncodeError::new_err(format!(
            "command {b} disagrees with command_id 0x{:08x}",
            a.0
        ))),
        (Some(a), _) | (None, Some(a)) => Ok(a),
        (None, None) => Err(EncodeError::new_err(
            "either command or command_id is required",
        )),
    }
}

/// Encodes `pdu` with its header into a new buffer.
pub(crate) fn encode_pdu(pdu: &Pdu<'_>, status: CommandStatus, seq: u32) -> PyResult<Vec<u8>> {
    let mut buf = vec![0u8; pdu.encoded_len()];
    let n = pdu
        .encode(status, seq, &mut buf)
        .map_err(|e| EncodeError::new_err(format!("cannot encode: {e}")))?;
    buf.truncate(n);
    Ok(buf)
}

/// Builds the PDU `id` from owned values and hands it to `f`.
pub(crate) fn with_pdu<R>(
    id: CommandId,
    values: &Values,
    f: impl FnOnce(&Pdu<'_>) -> PyResult<R>,
) -> PyResult<R> {
    let fill_error = |e: v::FillError| EncodeError::new_err(format!("fields: {e} for {id}"));
    let views = values.views().map_err(fill_error)?;
    let pdu = views.pdu(id).map_err(fill_error)?.ok_or_else(|| {
        EncodeError::new_err(format!(
            "{id} has no field mapping; give its body as bytes (\"body\")"
        ))
    })?;
    f(&pdu)
}

/// The fields dict of a PDU dict, if any.
fn fields_of<'py>(obj: &Bound<'py, PyDict>) -> PyResult<Option<Bound<'py, PyDict>>> {
    match obj.get_item(intern!(obj.py(), "fields"))? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            Ok(Some(v.cast_into::<PyDict>().map_err(|_| {
                EncodeError::new_err("fields: expected a dict")
            })?))
        }
    }
}

/// Encodes a PDU dict (as [`pdu_dict`] makes) to its octets, header
/// included. `command_length` and the counts are computed; `sequence_number`
/// is required; `command_status` defaults to 0; other top-level keys are
/// ignored.
pub(crate) fn dict_to_bytes(obj: &Bound<'_, PyDict>) -> PyResult<Vec<u8>> {
    let id = command_of(obj)?;
    let status = CommandStatus(u32_key(obj, "command_status")?.unwrap_or(0));
    let seq = u32_key(obj, "sequence_number")?
        .ok_or_else(|| EncodeError::new_err("sequence_number is required"))?;
    let fields = fields_of(obj)?;
    let tlvs = tlvs_from(obj.get_item(intern!(obj.py(), "tlvs"))?)?;
    if let Some(body) = obj
        .get_item(intern!(obj.py(), "body"))?
        .filter(|b| !b.is_none())
    {
        if fields.as_ref().is_some_and(|f| !f.is_empty()) || !tlvs.is_empty() {
            return Err(EncodeError::new_err(
                "body gives the whole body: fields and tlvs must be empty",
            ));
        }
        let body = bytes_value("", "body", &body)?;
        return encode_pdu(&Pdu::raw(id, &body), status, seq);
    }
    if !id.is_known() {
        return Err(EncodeError::new_err(format!(
            "{id} is not an assigned command: give its body as bytes (\"body\")"
        )));
    }
    let values = values_from_fields(id, fields.as_ref(), tlvs)?;
    with_pdu(id, &values, |pdu| encode_pdu(pdu, status, seq))
}
