//! Python dict -> PDU: the JSON form of `smpp encode`
//! (`smpp-io-tokio/cli/src/json.rs`) with Python values.
//!
//! Read first: SMPP 3.4 §4 (each PDU's fields), §5.2 (field definitions),
//! §5.3 (TLVs), §4.4.2 (absent response bodies), §4.5.1.1 and §4.5.2.1
//! (the submit_multi lists).
//!
//! Like the JSON mapping, this holds no field list of its own: the caller's
//! keys are looked up in the body's table ([`Pdu::fields`]), each value is
//! checked for its [`Kind`] and kept as the Python object it is (a `str`'s
//! UTF-8 and a `bytes`' octets are borrowed, not copied), and the core's
//! [`Pdu::fill`] builds the PDU from them through [`Fill`]. A field left out
//! takes its empty value; the counts (`sm_length`, …) are computed.

use std::fmt::Display;

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyList, PyString};
use smpp_proto::codec::visit::{self as v, Field, FieldSpec, Fill, FillError, Kind, Values};
use smpp_proto::codec::{DestAddress, DestAddresses, UnsuccessSme, UnsuccessSmes};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

use crate::errors::EncodeError;
use crate::keys::keys;

/// Where a value is, for error messages (`fields`, `tlvs[0]`, …).
type Ctx<'a> = &'a dyn Display;

fn err(ctx: Ctx<'_>, key: &str, what: impl Display) -> PyErr {
    EncodeError::new_err(format!("{ctx}.{key}: {what}"))
}

/// `tlvs[i]`, written only when an error message needs it.
struct Item(&'static str, usize);

impl Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// One value as the caller gave it, checked for its field's kind.
enum Given<'py> {
    /// An integer field, in range.
    Int(u32),
    /// Octets as the UTF-8 of a `str`.
    Str(Bound<'py, PyString>),
    /// Octets of a `bytes`.
    Bytes(Bound<'py, PyBytes>),
    /// Octets copied (`bytearray`, `memoryview`, `{"hex": …}`).
    Owned(Vec<u8>),
    /// `None` for the first field of a body that may be absent.
    Absent,
    /// A time field.
    Time(SmppTime),
    /// The entries of a submit_multi list, as the core's values.
    Entries(Vec<Values>),
}

impl Given<'_> {
    fn octets(&self) -> PyResult<&[u8]> {
        Ok(match self {
            Given::Str(s) => s.to_str()?.as_bytes(),
            Given::Bytes(b) => b.as_bytes(),
            Given::Owned(v) => v,
            _ => &[],
        })
    }

    /// Whether this is the value the field takes when left out.
    fn is_empty(&self) -> bool {
        match self {
            Given::Int(n) => *n == 0,
            Given::Str(s) => s.len().is_ok_and(|n| n == 0),
            Given::Bytes(b) => b.as_bytes().is_empty(),
            Given::Owned(v) => v.is_empty(),
            Given::Absent => true,
            Given::Time(t) => t.is_empty(),
            Given::Entries(e) => e.is_empty(),
        }
    }

    /// The core's value of a list entry's field of `kind`.
    fn value(&self, kind: Kind) -> PyResult<v::Value> {
        let n = match self {
            Given::Int(n) => *n,
            _ => 0,
        };
        Ok(match kind {
            Kind::U8 => v::Value::U8(u8::try_from(n).unwrap_or(u8::MAX)),
            Kind::Status => v::Value::Status(CommandStatus(n)),
            _ => v::Value::CStr(self.octets()?.to_vec()),
        })
    }
}

/// Octets from `bytes`, `bytearray` or `memoryview`.
fn octets<'py>(v: &Bound<'py, PyAny>) -> Option<Given<'py>> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Some(Given::Bytes(b.clone()));
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Some(Given::Owned(b.to_vec()));
    }
    if v.get_type().name().is_ok_and(|n| n == "memoryview") {
        return v.call_method0("tobytes").ok().and_then(|b| {
            b.cast::<PyBytes>()
                .ok()
                .map(|b| Given::Owned(b.as_bytes().to_vec()))
        });
    }
    None
}

fn bytes_value<'py>(ctx: Ctx<'_>, key: &str, v: &Bound<'py, PyAny>) -> PyResult<Given<'py>> {
    octets(v).ok_or_else(|| err(ctx, key, "expected bytes"))
}

/// A C-Octet String: `str` (its UTF-8), `bytes`, or `{"hex": "…"}`.
fn cstr_value<'py>(ctx: Ctx<'_>, key: &str, v: &Bound<'py, PyAny>) -> PyResult<Given<'py>> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Given::Str(s.clone()));
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
                return hex::decode(h)
                    .map(Given::Owned)
                    .map_err(|e| err(ctx, key, format!("invalid hex: {e}")));
            }
        }
    }
    Err(err(ctx, key, "expected str, bytes or {\"hex\": str}"))
}

/// A non-negative integer up to `max` (a `bool` is refused).
fn int(ctx: Ctx<'_>, key: &str, v: &Bound<'_, PyAny>, max: u32) -> PyResult<u32> {
    if v.is_instance_of::<PyBool>() {
        return Err(err(ctx, key, "expected an integer, not a bool"));
    }
    let out_of_range = |n: &dyn Display| err(ctx, key, format!("{n} is not in 0..={max}"));
    match v.extract::<i64>() {
        Ok(n) => u32::try_from(n)
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| out_of_range(&n)),
        // An int beyond 64 bits.
        Err(_) if v.is_instance_of::<pyo3::types::PyInt>() => Err(out_of_range(v)),
        Err(_) => Err(err(ctx, key, "expected an integer")),
    }
}

/// The value of a field of `kind` from its Python form.
fn given<'py>(ctx: Ctx<'_>, key: &str, kind: Kind, v: &Bound<'py, PyAny>) -> PyResult<Given<'py>> {
    Ok(match kind {
        Kind::U8 | Kind::Version => Given::Int(int(ctx, key, v, u8::MAX.into())?),
        Kind::Status => Given::Int(int(ctx, key, v, u32::MAX)?),
        Kind::CStr { .. } => cstr_value(ctx, key, v)?,
        Kind::OptCStr { .. } if v.is_none() => Given::Absent,
        Kind::OptCStr { .. } => cstr_value(ctx, key, v)?,
        Kind::ShortMessage => bytes_value(ctx, key, v)?,
        Kind::Time => {
            let text = cstr_value(ctx, key, v)?;
            let text = text.octets()?;
            Given::Time(SmppTime::parse(text).ok_or_else(|| {
                err(
                    ctx,
                    key,
                    format!(
                        "{:?} is not an SMPP time (\"\", YYMMDDhhmmsstnn+/- or …R)",
                        String::from_utf8_lossy(text)
                    ),
                )
            })?)
        }
        Kind::DestAddresses | Kind::UnsuccessSmes => Given::Entries(entries(ctx, key, kind, v)?),
        _ => {
            return Err(err(
                ctx,
                key,
                format!("no Python form for a field of kind {kind:?}"),
            ))
        }
    })
}

/// The entries of a submit_multi list: dicts of the fields of
/// [`Kind::entry_fields`] (SMPP 3.4 §4.5.1.1, §4.5.2.1).
fn entries(ctx: Ctx<'_>, key: &str, kind: Kind, v: &Bound<'_, PyAny>) -> PyResult<Vec<Values>> {
    let items = v
        .cast::<PyList>()
        .map_err(|_| err(ctx, key, "expected a list"))?;
    let mut out = Vec::with_capacity(items.len());
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
                .ok_or_else(|| EncodeError::new_err(format!("{sub}: unknown field {k:?}")))?;
            entry.push(
                spec.field,
                given(&sub, &k, spec.kind, &val)?.value(spec.kind)?,
            );
        }
        out.push(entry);
    }
    Ok(out)
}

/// Reads a list of TLVs: `{"tag": int, "value": bytes}`, `"name"` standing
/// in for (or agreeing with) `tag`.
fn tlvs_from<'py>(v: Option<Bound<'py, PyAny>>) -> PyResult<Vec<(TlvTag, Given<'py>)>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let list = v
        .cast::<PyList>()
        .map_err(|_| EncodeError::new_err("tlvs: expected a list"))?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let ctx = Item("tlvs", i);
        let o = item
            .cast::<PyDict>()
            .map_err(|_| EncodeError::new_err(format!("{ctx}: expected a dict")))?;
        let py = o.py();
        let [tag, name, value] = items(
            o,
            [
                intern!(py, "tag"),
                intern!(py, "name"),
                intern!(py, "value"),
            ],
        )?;
        let known = [&tag, &name, &value].iter().filter(|v| v.is_some()).count();
        let by_tag = match tag {
            None => None,
            Some(t) => {
                let n = int(&ctx, "tag", &t, u16::MAX.into())?;
                Some(TlvTag(u16::try_from(n).unwrap_or(u16::MAX)))
            }
        };
        let by_name = match name.filter(|n| !n.is_none()) {
            None => None,
            Some(n) => {
                let n = n
                    .cast_into::<PyString>()
                    .map_err(|_| err(&ctx, "name", "expected a str"))?;
                Some(keys(py)?.tlv_tag(&n)?.ok_or_else(|| {
                    err(
                        &ctx,
                        "name",
                        format!("{:?} is not a standard TLV", n.to_string()),
                    )
                })?)
            }
        };
        let tag = match (by_tag, by_name) {
            (Some(a), Some(b)) if a != b => {
                return Err(EncodeError::new_err(format!(
                    "{}: tag {} disagrees with name {b}",
                    ctx, a.0
                )))
            }
            (Some(a), _) | (None, Some(a)) => a,
            (None, None) => return Err(EncodeError::new_err(format!("{ctx}: tag is required"))),
        };
        let value = match value {
            Some(val) => bytes_value(&ctx, "value", &val)?,
            None => Given::Owned(Vec::new()),
        };
        if o.len() != known {
            for k in o.keys() {
                let k: String = k.extract()?;
                if !matches!(k.as_str(), "tag" | "name" | "value") {
                    return Err(EncodeError::new_err(format!("{}: unknown key {k:?}", ctx)));
                }
            }
        }
        out.push((tag, value));
    }
    Ok(out)
}

/// The fields and TLVs of one body, as given, checked against its table.
struct Body<'py> {
    id: CommandId,
    given: Vec<(Field, Given<'py>)>,
    tlvs: Vec<(TlvTag, Given<'py>)>,
}

impl<'py> Body<'py> {
    /// Reads `fields` (and `tlvs`) against the table of `id`. With
    /// `tlvs_key`, a `tlvs` key among the fields holds the TLVs (keyword
    /// arguments). A key the command does not have is an error; computed
    /// counts (sm_length, …) are ignored.
    fn read(
        id: CommandId,
        fields: Option<&Bound<'py, PyDict>>,
        tlvs: Option<Bound<'py, PyAny>>,
        tlvs_key: bool,
    ) -> PyResult<Body<'py>> {
        let specs = Pdu::fields(id).ok_or_else(|| no_mapping(id))?;
        let mut body = Body {
            id,
            given: Vec::with_capacity(fields.map_or(0, |f| f.len())),
            tlvs: tlvs_from(tlvs)?,
        };
        let Some(fields) = fields else {
            return body.check_tlvs(specs);
        };
        let keys = keys(fields.py())?;
        // Every command with a field table has its templates (keys.rs).
        let command = keys.command(id).ok_or_else(|| no_mapping(id))?;
        for (k, val) in fields.iter() {
            let k = k
                .cast_into::<PyString>()
                .map_err(|_| PyTypeError::new_err("fields: keys must be str"))?;
            let spec = keys.field(&k)?.and_then(|f| Some((f, command.kind(f)?)));
            match spec {
                Some((field, kind)) => {
                    let g = given(&"fields", field.key(), kind, &val)?;
                    body.given.push((field, g));
                }
                None if tlvs_key && k.to_str()? == "tlvs" => body.tlvs = tlvs_from(Some(val))?,
                None if is_count(specs, &k)? => {}
                None => {
                    return Err(EncodeError::new_err(format!(
                        "fields: unknown field {:?} for {id}",
                        k.to_str()?
                    )))
                }
            }
        }
        body.check_tlvs(specs)
    }

    fn check_tlvs(self, specs: &[FieldSpec]) -> PyResult<Self> {
        if !self.tlvs.is_empty() && !specs.iter().any(|s| s.kind == Kind::Tlvs) {
            return Err(EncodeError::new_err(format!(
                "tlvs: {} carries no TLVs",
                self.id
            )));
        }
        Ok(self)
    }

    /// Builds the PDU (the given values borrowed) and hands it to `f`.
    fn with_pdu<R>(&self, f: impl FnOnce(&Pdu<'_>) -> PyResult<R>) -> PyResult<R> {
        let id = self.id;
        let fill_error = |e: FillError| EncodeError::new_err(format!("fields: {e} for {id}"));
        let mut tlvs = Vec::with_capacity(self.tlvs.len());
        for (tag, value) in &self.tlvs {
            tlvs.push(Tlv::new(*tag, value.octets()?));
        }
        let mut dests = Vec::new();
        let mut smes = Vec::new();
        for (field, g) in &self.given {
            let Given::Entries(list) = g else { continue };
            // The two kinds of list: dest_address, or unsuccess_sme.
            for e in list {
                match field {
                    Field::DestAddress => {
                        dests.push(DestAddress::from_values(e).map_err(fill_error)?)
                    }
                    _ => smes.push(UnsuccessSme::from_values(e).map_err(fill_error)?),
                }
            }
        }
        let mut filler = Filler {
            given: &self.given,
            tlvs: &tlvs,
            dests: &dests,
            smes: &smes,
            absent: None,
        };
        let pdu = Pdu::fill(id, &mut filler)?.ok_or_else(|| no_mapping(id))?;
        if let Some(field) = filler.absent {
            // SMPP 3.4 §4.4.2: an absent body is all or nothing.
            if let Some((given, _)) = self
                .given
                .iter()
                .find(|(f, g)| *f != field && !g.is_empty())
            {
                return Err(fill_error(FillError::BodyAbsent {
                    field,
                    given: *given,
                }));
            }
        }
        f(&pdu)
    }
}

/// Whether `key` is the count of a field of the table (sm_length, …).
fn is_count(specs: &[FieldSpec], key: &Bound<'_, PyString>) -> PyResult<bool> {
    let key = key.to_str()?;
    Ok(specs
        .iter()
        .any(|s| s.kind.count_field().is_some_and(|c| c.key() == key)))
}

fn no_mapping(id: CommandId) -> PyErr {
    EncodeError::new_err(format!(
        "{id} has no field mapping; give its body as bytes (\"body\")"
    ))
}

/// Hands the given values to [`Pdu::fill`], by field.
struct Filler<'s, 'py> {
    given: &'s [(Field, Given<'py>)],
    tlvs: &'s [Tlv<'s>],
    dests: &'s [DestAddress<'s>],
    smes: &'s [UnsuccessSme<'s>],
    /// The first field of a body that is absent (`None` or left out).
    absent: Option<Field>,
}

impl<'s> Filler<'s, '_> {
    fn get(&self, field: Field) -> Option<&'s Given<'_>> {
        let given: &'s [(Field, Given<'_>)] = self.given;
        given.iter().find(|(f, _)| *f == field).map(|(_, g)| g)
    }

    fn int(&self, field: Field) -> u32 {
        match self.get(field) {
            Some(Given::Int(n)) => *n,
            _ => 0,
        }
    }

    fn octets(&self, field: Field) -> PyResult<&'s [u8]> {
        let given: &'s [(Field, Given<'_>)] = self.given;
        match given.iter().find(|(f, _)| *f == field) {
            Some((_, g)) => g.octets(),
            None => Ok(&[]),
        }
    }
}

impl<'s> Fill<'s> for Filler<'s, '_> {
    type Error = PyErr;

    fn u8(&mut self, field: Field) -> PyResult<u8> {
        Ok(u8::try_from(self.int(field)).unwrap_or(u8::MAX))
    }

    fn version(&mut self, field: Field) -> PyResult<InterfaceVersion> {
        self.u8(field).map(InterfaceVersion)
    }

    fn status(&mut self, field: Field) -> PyResult<CommandStatus> {
        Ok(CommandStatus(self.int(field)))
    }

    fn cstr(&mut self, field: Field, _max: u16) -> PyResult<&'s [u8]> {
        self.octets(field)
    }

    fn opt_cstr(&mut self, field: Field, _max: u16) -> PyResult<Option<&'s [u8]>> {
        match self.get(field) {
            None | Some(Given::Absent) => {
                self.absent = Some(field);
                Ok(None)
            }
            Some(_) => self.octets(field).map(Some),
        }
    }

    fn time(&mut self, field: Field) -> PyResult<SmppTime> {
        Ok(match self.get(field) {
            Some(Given::Time(t)) => *t,
            _ => SmppTime::Empty,
        })
    }

    fn short_message(&mut self, field: Field) -> PyResult<&'s [u8]> {
        self.octets(field)
    }

    fn tlvs(&mut self, _field: Field) -> PyResult<Tlvs<'s>> {
        Ok(Tlvs::List(self.tlvs))
    }

    fn dest_addresses(&mut self, _field: Field) -> PyResult<DestAddresses<'s>> {
        Ok(DestAddresses::List(self.dests))
    }

    fn unsuccess_smes(&mut self, _field: Field) -> PyResult<UnsuccessSmes<'s>> {
        Ok(UnsuccessSmes::List(self.smes))
    }
}

/// Builds the PDU `id` from a `fields` dict and TLVs (their dict forms,
/// what `smpp.decode` gives) and hands it to `f`. With `tlvs_key`, a `tlvs`
/// key among the fields holds the TLVs (keyword arguments).
pub(crate) fn with_pdu<'py, R>(
    id: CommandId,
    fields: Option<&Bound<'py, PyDict>>,
    tlvs: Option<Bound<'py, PyAny>>,
    tlvs_key: bool,
    f: impl FnOnce(&Pdu<'_>) -> PyResult<R>,
) -> PyResult<R> {
    Body::read(id, fields, tlvs, tlvs_key)?.with_pdu(f)
}

/// Looks the keys of a dict up in one pass over its items: `names[i]`'s
/// value goes to `i` (a key made by `intern!` is found by identity, another
/// by its text; other keys are left out).
fn items<'py, const N: usize>(
    obj: &Bound<'py, PyDict>,
    names: [&Bound<'py, PyString>; N],
) -> PyResult<[Option<Bound<'py, PyAny>>; N]> {
    let mut found = [const { None }; N];
    for (k, v) in obj.iter() {
        let mut i = names.iter().position(|n| n.as_ptr() == k.as_ptr());
        if i.is_none() {
            if let Ok(text) = k.cast::<PyString>().map(|k| k.to_str()) {
                let text = text?;
                i = names
                    .iter()
                    .position(|n| n.to_str().is_ok_and(|n| n == text));
            }
        }
        if let Some(slot) = i.and_then(|i| found.get_mut(i)) {
            *slot = Some(v);
        }
    }
    Ok(found)
}

/// A header field: a non-negative integer that fits 32 bits.
fn u32_of(key: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u32>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => int(&"", key, v, u32::MAX).map(Some),
    }
}

/// The command of a PDU dict: from `command_id` or `command` (they must agree).
fn command_of(
    command: Option<&Bound<'_, PyAny>>,
    command_id: Option<&Bound<'_, PyAny>>,
) -> PyResult<CommandId> {
    let by_id = u32_of("command_id", command_id)?.map(CommandId);
    let by_name = match command {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => {
            let s = v
                .cast::<PyString>()
                .map_err(|_| EncodeError::new_err("command: expected a str"))?;
            Some(keys(v.py())?.command_id(s)?.ok_or_else(|| {
                EncodeError::new_err(format!("command: unknown command {:?}", s.to_string()))
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

/// The fields dict of a PDU dict, if any.
pub(crate) fn fields_of<'py>(obj: &Bound<'py, PyDict>) -> PyResult<Option<Bound<'py, PyDict>>> {
    fields_dict(obj.get_item(intern!(obj.py(), "fields"))?)
}

fn fields_dict(v: Option<Bound<'_, PyAny>>) -> PyResult<Option<Bound<'_, PyDict>>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            Ok(Some(v.cast_into::<PyDict>().map_err(|_| {
                EncodeError::new_err("fields: expected a dict")
            })?))
        }
    }
}

/// Encodes `pdu` with its header into a new `bytes`, written in place.
fn encode_pdu<'py>(
    py: Python<'py>,
    pdu: &Pdu<'_>,
    status: CommandStatus,
    seq: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, pdu.encoded_len(), |buf| {
        pdu.encode(status, seq, buf)
            .map(|_| ())
            .map_err(|e| EncodeError::new_err(format!("cannot encode: {e}")))
    })
}

/// Encodes a PDU dict (as `smpp.decode` makes) to its octets, header
/// included. `command_length` and the counts are computed; `sequence_number`
/// is required; `command_status` defaults to 0; other top-level keys are
/// ignored.
pub(crate) fn encode_dict<'py>(obj: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyBytes>> {
    let py = obj.py();
    let [command, command_id, status, seq, fields, tlvs, body, _length] = items(
        obj,
        [
            intern!(py, "command"),
            intern!(py, "command_id"),
            intern!(py, "command_status"),
            intern!(py, "sequence_number"),
            intern!(py, "fields"),
            intern!(py, "tlvs"),
            intern!(py, "body"),
            intern!(py, "command_length"),
        ],
    )?;
    let id = command_of(command.as_ref(), command_id.as_ref())?;
    let status = CommandStatus(u32_of("command_status", status.as_ref())?.unwrap_or(0));
    let seq = u32_of("sequence_number", seq.as_ref())?
        .ok_or_else(|| EncodeError::new_err("sequence_number is required"))?;
    let fields = fields_dict(fields)?;
    if let Some(body) = body.filter(|b| !b.is_none()) {
        if fields.as_ref().is_some_and(|f| !f.is_empty()) || !tlvs_from(tlvs)?.is_empty() {
            return Err(EncodeError::new_err(
                "body gives the whole body: fields and tlvs must be empty",
            ));
        }
        let body = bytes_value(&"", "body", &body)?;
        return encode_pdu(py, &Pdu::raw(id, body.octets()?), status, seq);
    }
    if !id.is_known() {
        return Err(EncodeError::new_err(format!(
            "{id} is not an assigned command: give its body as bytes (\"body\")"
        )));
    }
    with_pdu(id, fields.as_ref(), tlvs, false, |pdu| {
        encode_pdu(py, pdu, status, seq)
    })
}
