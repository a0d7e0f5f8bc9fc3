//! Python dict -> PDU: the JSON form of `smpp encode`
//! (`smpp-io-tokio/cli/src/json.rs`) with Python values.
//!
//! Read first: SMPP 3.4 §4 (each PDU's fields), §5.2 (field definitions),
//! §5.3 (TLVs), §4.4.2 (absent response bodies), §4.5.1.1 and §4.5.2.1
//! (the submit_multi lists).
//!
//! Like the JSON mapping, this holds no field list of its own: the caller's
//! keys are looked up in the body's table (its command's kinds in
//! `keys.rs`), each value is kept in the slot of its field as the Python
//! object it is, and the core's [`Pdu::fill`] builds the PDU from the slots
//! through [`Fill`]: a `str`'s UTF-8 and a `bytes`' octets are lent, an
//! integer is read when its field is asked for. Only the forms that cannot
//! be lent (`{"hex": …}`, `bytearray`, `memoryview`, the submit_multi
//! lists) are copied when the dict is read. A field left out takes its
//! empty value; the counts (`sm_length`, …) are computed.

use std::fmt::Display;

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyList, PyString};
use smallvec::SmallVec;
use smpp_proto::codec::visit::{self as v, Field, FieldSpec, Fill, FillError, Kind, Values};
use smpp_proto::codec::{DestAddress, DestAddresses, UnsuccessSme, UnsuccessSmes};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

use crate::errors::EncodeError;
use crate::keys::{keys, Command, Keys};

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

/// TLVs held without a heap allocation (a receipt has two).
const INLINE_TLVS: usize = 4;

/// Octets as given: a `str`'s UTF-8 or a `bytes`' octets, lent, or copied
/// from a form that cannot lend them (`bytearray`, `memoryview`,
/// `{"hex": …}`).
enum Octets<'py> {
    /// The UTF-8 of a `str`.
    Str(Bound<'py, PyString>),
    /// The octets of a `bytes`.
    Bytes(Bound<'py, PyBytes>),
    /// Octets copied.
    Owned(Vec<u8>),
}

impl Octets<'_> {
    fn as_slice(&self) -> PyResult<&[u8]> {
        Ok(match self {
            Octets::Str(s) => s.to_str()?.as_bytes(),
            Octets::Bytes(b) => b.as_bytes(),
            Octets::Owned(v) => v,
        })
    }
}

/// Octets from `bytes`, `bytearray` or `memoryview`.
fn octets<'py>(v: &Bound<'py, PyAny>) -> Option<Octets<'py>> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Some(Octets::Bytes(b.clone()));
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Some(Octets::Owned(b.to_vec()));
    }
    if v.get_type().name().is_ok_and(|n| n == "memoryview") {
        return v.call_method0("tobytes").ok().and_then(|b| {
            b.cast::<PyBytes>()
                .ok()
                .map(|b| Octets::Owned(b.as_bytes().to_vec()))
        });
    }
    None
}

fn bytes_value<'py>(ctx: Ctx<'_>, key: &str, v: &Bound<'py, PyAny>) -> PyResult<Octets<'py>> {
    octets(v).ok_or_else(|| err(ctx, key, "expected bytes"))
}

/// A C-Octet String: `str` (its UTF-8), `bytes`, or `{"hex": "…"}`.
fn cstr_value<'py>(ctx: Ctx<'_>, key: &str, v: &Bound<'py, PyAny>) -> PyResult<Octets<'py>> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Octets::Str(s.clone()));
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
                    .map(Octets::Owned)
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

/// The largest value of an integer field of `kind`.
fn int_max(kind: Kind) -> u32 {
    match kind {
        Kind::Status => u32::MAX,
        _ => u8::MAX.into(),
    }
}

/// The core's value of a submit_multi list entry's field of `kind`.
fn entry_value(ctx: Ctx<'_>, key: &str, kind: Kind, v: &Bound<'_, PyAny>) -> PyResult<v::Value> {
    Ok(match kind {
        Kind::U8 => {
            v::Value::U8(u8::try_from(int(ctx, key, v, u8::MAX.into())?).unwrap_or(u8::MAX))
        }
        Kind::Status => v::Value::Status(CommandStatus(int(ctx, key, v, u32::MAX)?)),
        Kind::CStr { .. } => v::Value::CStr(cstr_value(ctx, key, v)?.as_slice()?.to_vec()),
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
            entry.push(spec.field, entry_value(&sub, &k, spec.kind, &val)?);
        }
        out.push(entry);
    }
    Ok(out)
}

/// The TLVs of a body, as given.
type GivenTlvs<'py> = SmallVec<[(TlvTag, Octets<'py>); INLINE_TLVS]>;

/// Looks `names` up in `obj` (by hash: an interned key is found by its
/// identity): each one's value, and how many of them were there.
fn lookup<'py, const N: usize>(
    obj: &Bound<'py, PyDict>,
    names: [&Bound<'py, PyString>; N],
) -> PyResult<([Option<Bound<'py, PyAny>>; N], usize)> {
    let mut out = [const { None }; N];
    let mut found = 0;
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = obj.get_item(name)?;
        found += usize::from(slot.is_some());
    }
    Ok((out, found))
}

/// Reads a list of TLVs: `{"tag": int, "value": bytes}`, `"name"` standing
/// in for (or agreeing with) `tag`.
fn tlvs_from<'py>(
    keys: &Keys,
    v: Option<Bound<'py, PyAny>>,
    out: &mut GivenTlvs<'py>,
) -> PyResult<()> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(());
    };
    let list = v
        .cast::<PyList>()
        .map_err(|_| EncodeError::new_err("tlvs: expected a list"))?;
    let py = list.py();
    let names = [intern!(py, "name"), intern!(py, "value")];
    for (i, item) in list.iter().enumerate() {
        let ctx = Item("tlvs", i);
        let o = item
            .cast::<PyDict>()
            .map_err(|_| EncodeError::new_err(format!("{ctx}: expected a dict")))?;
        // `name` and `value` first: `tag` is looked up only when the dict
        // has more keys than those (as `smpp.decode`'s have).
        let ([name, value], mut known) = lookup(o, names)?;
        let len = o.len();
        let tag = match len > known {
            true => o.get_item(intern!(py, "tag"))?,
            false => None,
        };
        known += usize::from(tag.is_some());
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
                Some(keys.tlv_tag(&n)?.ok_or_else(|| {
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
            None => Octets::Owned(Vec::new()),
        };
        if len != known {
            for k in o.keys() {
                let k: String = k.extract()?;
                if !matches!(k.as_str(), "tag" | "name" | "value") {
                    return Err(EncodeError::new_err(format!("{}: unknown key {k:?}", ctx)));
                }
            }
        }
        out.push((tag, value));
    }
    Ok(())
}

/// How many field names there are: the size of a [`Body`]'s index.
const FIELDS: usize = Field::ALL.len();

/// Given fields held without a heap allocation: as many as the longest
/// body has (submit_sm, deliver_sm: SMPP 3.4 §4.4.1, §4.6.1).
const INLINE_FIELDS: usize = 18;

/// A field's value as the caller gave it: a `str` or `bytes` lent to the
/// core where octets go, any other object (an integer, `None`, a list, a
/// form of octets copied into [`Body::copied`]) read when it is filled.
enum Given<'py> {
    Str(Bound<'py, PyString>),
    Bytes(Bound<'py, PyBytes>),
    Other(Bound<'py, PyAny>),
}

impl<'py> Given<'py> {
    fn object(&self) -> &Bound<'py, PyAny> {
        match self {
            Given::Str(s) => s.as_any(),
            Given::Bytes(b) => b.as_any(),
            Given::Other(o) => o,
        }
    }
}

/// The fields and TLVs of one body, as given, checked against its table.
///
/// Made in place and never moved: it is a few hundred octets on the stack,
/// so that reading a PDU dict allocates nothing.
struct Body<'py> {
    id: CommandId,
    /// The body's table.
    command: &'static Command,
    /// The given values, in the order of the dict.
    given: SmallVec<[(Field, Given<'py>); INLINE_FIELDS]>,
    /// Where each field's value is in `given`, plus one, by
    /// [`Field::index`] (0: not given).
    at: [u8; FIELDS],
    /// The octets of the given values that could not be lent (`{"hex": …}`,
    /// `bytearray`, `memoryview`).
    copied: Vec<(Field, Vec<u8>)>,
    /// The entries of a given submit_multi list.
    lists: Vec<(Field, Vec<Values>)>,
    tlvs: GivenTlvs<'py>,
}

impl<'py> Body<'py> {
    /// An empty body of `id`, whose table is `command` (made in the
    /// caller's frame: no `Result` around it to copy it out of).
    fn new(id: CommandId, command: &'static Command) -> Body<'py> {
        Body {
            id,
            command,
            given: SmallVec::new(),
            at: [0; FIELDS],
            copied: Vec::new(),
            lists: Vec::new(),
            tlvs: GivenTlvs::new(),
        }
    }

    /// Reads `fields` (and `tlvs`) against the table. With `tlvs_key`, a
    /// `tlvs` key among the fields holds the TLVs (keyword arguments). A
    /// key the command does not have is an error; computed counts
    /// (sm_length, …) are ignored.
    fn read(
        &mut self,
        keys: &Keys,
        fields: Option<&Bound<'py, PyDict>>,
        tlvs: Option<Bound<'py, PyAny>>,
        tlvs_key: bool,
    ) -> PyResult<()> {
        tlvs_from(keys, tlvs, &mut self.tlvs)?;
        if let Some(fields) = fields {
            for (k, val) in fields.iter() {
                if let Some(field) = keys.field_by_identity(&k) {
                    if let Some(kind) = self.command.kind(field) {
                        self.give(field, kind, val)?;
                        continue;
                    }
                }
                let k = k
                    .cast_into::<PyString>()
                    .map_err(|_| PyTypeError::new_err("fields: keys must be str"))?;
                let spec = keys
                    .field(&k)?
                    .and_then(|f| Some((f, self.command.kind(f)?)));
                match spec {
                    Some((field, kind)) => self.give(field, kind, val)?,
                    None if tlvs_key && k.to_str()? == "tlvs" => {
                        self.tlvs.clear();
                        tlvs_from(keys, Some(val), &mut self.tlvs)?;
                    }
                    None if is_count(self.command.specs(), &k)? => {}
                    None => {
                        return Err(EncodeError::new_err(format!(
                            "fields: unknown field {:?} for {}",
                            k.to_str()?,
                            self.id
                        )))
                    }
                }
            }
        }
        self.check_tlvs()
    }

    /// Reads the values given field by field (keyword arguments): each
    /// field of `given` with a value, [`Field::Tlvs`] holding the TLVs.
    /// `given` comes from the command's own table (`build.rs`), so a field
    /// the command does not have is a bug of the binding, told as an error.
    fn read_given(
        &mut self,
        keys: &Keys,
        given: &mut [(Field, Option<Bound<'py, PyAny>>)],
    ) -> PyResult<()> {
        for (field, v) in given.iter_mut() {
            let Some(v) = v.take() else { continue };
            if *field == Field::Tlvs {
                tlvs_from(keys, Some(v), &mut self.tlvs)?;
            } else if let Some(kind) = self.command.kind(*field) {
                self.give(*field, kind, v)?;
            } else {
                return Err(EncodeError::new_err(format!(
                    "unknown field {:?} for {}",
                    field.key(),
                    self.id
                )));
            }
        }
        self.check_tlvs()
    }

    /// TLVs given to a body that has none are an error.
    #[inline]
    fn check_tlvs(&self) -> PyResult<()> {
        if !self.tlvs.is_empty() && !self.command.has_tlvs() {
            return Err(EncodeError::new_err(format!(
                "tlvs: {} carries no TLVs",
                self.id
            )));
        }
        Ok(())
    }

    /// Keeps `v` as the value of `field`, of `kind`. A `str` or `bytes`
    /// where octets go is lent as it is, an integer is checked when it is
    /// filled; other forms of octets are copied now, and a value of no
    /// form the kind takes is refused now.
    fn give(&mut self, field: Field, kind: Kind, v: Bound<'py, PyAny>) -> PyResult<()> {
        let ctx = &"fields";
        let given = match kind {
            Kind::U8 | Kind::Version | Kind::Status => Given::Other(v),
            Kind::CStr { .. } | Kind::OptCStr { .. } | Kind::Time => {
                match v.cast_into::<PyString>() {
                    Ok(s) => Given::Str(s),
                    Err(e) => match e.into_inner().cast_into::<PyBytes>() {
                        Ok(b) => Given::Bytes(b),
                        Err(e) => {
                            let v = e.into_inner();
                            if !(matches!(kind, Kind::OptCStr { .. }) && v.is_none()) {
                                self.copy(field, cstr_value(ctx, field.key(), &v)?)?;
                            }
                            Given::Other(v)
                        }
                    },
                }
            }
            Kind::ShortMessage => match v.cast_into::<PyBytes>() {
                Ok(b) => Given::Bytes(b),
                Err(e) => {
                    let v = e.into_inner();
                    self.copy(field, bytes_value(ctx, field.key(), &v)?)?;
                    Given::Other(v)
                }
            },
            Kind::DestAddresses | Kind::UnsuccessSmes => {
                self.lists
                    .push((field, entries(ctx, field.key(), kind, &v)?));
                Given::Other(v)
            }
            _ => {
                return Err(err(
                    ctx,
                    field.key(),
                    format!("no Python form for a field of kind {kind:?}"),
                ))
            }
        };
        self.given.push((field, given));
        if let (Some(at), Ok(n)) = (
            self.at.get_mut(field.index()),
            u8::try_from(self.given.len()),
        ) {
            *at = n;
        }
        Ok(())
    }

    /// Keeps the octets of a form that cannot lend them.
    fn copy(&mut self, field: Field, octets: Octets<'_>) -> PyResult<()> {
        let octets = match octets {
            Octets::Owned(v) => v,
            lent => lent.as_slice()?.to_vec(),
        };
        self.copied.push((field, octets));
        Ok(())
    }

    /// The value given for `field`, if any.
    #[inline]
    fn get(&self, field: Field) -> Option<&Given<'py>> {
        let at = usize::from(*self.at.get(field.index())?);
        self.given.get(at.checked_sub(1)?).map(|(_, g)| g)
    }

    /// The octets given for `field` (empty when left out).
    fn octets(&self, field: Field) -> PyResult<&[u8]> {
        match self.get(field) {
            None => Ok(&[]),
            Some(Given::Str(s)) => Ok(s.to_str()?.as_bytes()),
            Some(Given::Bytes(b)) => Ok(b.as_bytes()),
            // Copied (and checked) by `give`.
            Some(Given::Other(_)) => Ok(self
                .copied
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(&[][..], |(_, o)| o)),
        }
    }

    /// The integer given for `field`, of `kind` (0 when left out).
    fn int(&self, field: Field, kind: Kind) -> PyResult<u32> {
        match self.get(field) {
            None => Ok(0),
            Some(g) => int(&"fields", field.key(), g.object(), int_max(kind)),
        }
    }

    /// Whether the value given for `field` is the one it takes when left
    /// out.
    fn is_empty(&self, field: Field) -> bool {
        let v = match self.get(field) {
            None => return true,
            Some(Given::Other(v)) => v,
            Some(_) => return self.octets(field).is_ok_and(|o| o.is_empty()),
        };
        if v.is_none() {
            return true;
        }
        if let Ok(n) = v.extract::<i64>() {
            return n == 0;
        }
        if let Some((_, l)) = self.lists.iter().find(|(f, _)| *f == field) {
            return l.is_empty();
        }
        self.octets(field).is_ok_and(|o| o.is_empty())
    }

    /// Builds the PDU (the given values borrowed) and hands it to `f`.
    fn with_pdu<R>(&self, f: impl FnOnce(&Pdu<'_>) -> PyResult<R>) -> PyResult<R> {
        let id = self.id;
        let fill_error = |e: FillError| EncodeError::new_err(format!("fields: {e} for {id}"));
        let mut tlvs = SmallVec::<[Tlv<'_>; INLINE_TLVS]>::with_capacity(self.tlvs.len());
        for (tag, value) in &self.tlvs {
            tlvs.push(Tlv::new(*tag, value.as_slice()?));
        }
        let mut dests = Vec::new();
        let mut smes = Vec::new();
        for (field, list) in &self.lists {
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
            body: self,
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
                .find(|(f, _)| *f != field && !self.is_empty(*f))
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

/// The templates of `id`, or why it cannot be encoded from fields.
#[inline]
fn table(keys: &Keys, id: CommandId) -> PyResult<&Command> {
    keys.command(id).ok_or_else(|| {
        if id.is_known() {
            no_mapping(id)
        } else {
            EncodeError::new_err(format!(
                "{id} is not an assigned command: give its body as bytes (\"body\")"
            ))
        }
    })
}

/// Hands the given values to [`Pdu::fill`], by field.
struct Filler<'s, 'py> {
    body: &'s Body<'py>,
    tlvs: &'s [Tlv<'s>],
    dests: &'s [DestAddress<'s>],
    smes: &'s [UnsuccessSme<'s>],
    /// The first field of a body that is absent (`None` or left out).
    absent: Option<Field>,
}

impl<'s> Fill<'s> for Filler<'s, '_> {
    type Error = PyErr;

    fn u8(&mut self, field: Field) -> PyResult<u8> {
        let n = self.body.int(field, Kind::U8)?;
        Ok(u8::try_from(n).unwrap_or(u8::MAX))
    }

    fn version(&mut self, field: Field) -> PyResult<InterfaceVersion> {
        self.u8(field).map(InterfaceVersion)
    }

    fn status(&mut self, field: Field) -> PyResult<CommandStatus> {
        self.body.int(field, Kind::Status).map(CommandStatus)
    }

    fn cstr(&mut self, field: Field, _max: u16) -> PyResult<&'s [u8]> {
        self.body.octets(field)
    }

    fn opt_cstr(&mut self, field: Field, _max: u16) -> PyResult<Option<&'s [u8]>> {
        match self.body.get(field) {
            Some(v) if !v.object().is_none() => self.body.octets(field).map(Some),
            _ => {
                self.absent = Some(field);
                Ok(None)
            }
        }
    }

    fn time(&mut self, field: Field) -> PyResult<SmppTime> {
        if self.body.get(field).is_none() {
            return Ok(SmppTime::Empty);
        }
        let text = self.body.octets(field)?;
        SmppTime::parse(text).ok_or_else(|| {
            err(
                &"fields",
                field.key(),
                format!(
                    "{:?} is not an SMPP time (\"\", YYMMDDhhmmsstnn+/- or …R)",
                    String::from_utf8_lossy(text)
                ),
            )
        })
    }

    fn short_message(&mut self, field: Field) -> PyResult<&'s [u8]> {
        self.body.octets(field)
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
    py: Python<'py>,
    id: CommandId,
    fields: Option<&Bound<'py, PyDict>>,
    tlvs: Option<Bound<'py, PyAny>>,
    tlvs_key: bool,
    f: impl FnOnce(&Pdu<'_>) -> PyResult<R>,
) -> PyResult<R> {
    let keys = keys(py)?;
    // Every command with a field table has its templates (keys.rs).
    let command = keys.command(id).ok_or_else(|| no_mapping(id))?;
    let mut body = Body::new(id, command);
    body.read(keys, fields, tlvs, tlvs_key)?;
    body.with_pdu(f)
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
    keys: &Keys,
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
            Some(keys.command_id(s)?.ok_or_else(|| {
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

/// The top-level keys of a PDU dict that encoding reads (the others,
/// `command_length` and `violations` among them, are computed or ignored).
#[derive(Default)]
struct Top<'py> {
    command: Option<Bound<'py, PyAny>>,
    command_id: Option<Bound<'py, PyAny>>,
    command_status: Option<Bound<'py, PyAny>>,
    sequence_number: Option<Bound<'py, PyAny>>,
    fields: Option<Bound<'py, PyAny>>,
    tlvs: Option<Bound<'py, PyAny>>,
    body: Option<Bound<'py, PyAny>>,
}

impl<'py> Top<'py> {
    /// Reads `obj` in one pass over its items: a key is known by the
    /// identity of its interned string (as a literal in Python source
    /// is), by its text otherwise. One walk of a three-key dict costs less
    /// than three lookups.
    fn read(obj: &Bound<'py, PyDict>) -> PyResult<Top<'py>> {
        let py = obj.py();
        let mut top = Top::default();
        for (k, v) in obj.iter() {
            let slot = if k.is(intern!(py, "command")) {
                &mut top.command
            } else if k.is(intern!(py, "sequence_number")) {
                &mut top.sequence_number
            } else if k.is(intern!(py, "fields")) {
                &mut top.fields
            } else if k.is(intern!(py, "tlvs")) {
                &mut top.tlvs
            } else {
                let Ok(k) = k.cast::<PyString>() else {
                    continue;
                };
                match k.to_str()? {
                    "command" => &mut top.command,
                    "sequence_number" => &mut top.sequence_number,
                    "fields" => &mut top.fields,
                    "tlvs" => &mut top.tlvs,
                    "command_id" => &mut top.command_id,
                    "command_status" => &mut top.command_status,
                    "body" => &mut top.body,
                    _ => continue,
                }
            };
            *slot = Some(v);
        }
        Ok(top)
    }
}

/// PDUs up to this many octets (a submit_sm or a receipt with a short
/// text) are encoded on the stack and copied into their `bytes`: one pass
/// over the fields. Longer ones are measured first and written in place.
const ON_STACK: usize = 256;

/// Encodes `pdu` with its header into a new `bytes`.
fn encode_pdu<'py>(
    py: Python<'py>,
    pdu: &Pdu<'_>,
    status: CommandStatus,
    seq: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let cannot = |e: smpp_proto::EncodeError| EncodeError::new_err(format!("cannot encode: {e}"));
    let mut stack = [0u8; ON_STACK];
    match pdu.encode(status, seq, &mut stack) {
        Ok(n) => Ok(PyBytes::new(py, stack.get(..n).unwrap_or_default())),
        Err(smpp_proto::EncodeError::BufferTooSmall { needed, .. }) => {
            PyBytes::new_with(py, needed, |buf| {
                pdu.encode(status, seq, buf).map(|_| ()).map_err(cannot)
            })
        }
        Err(e) => Err(cannot(e)),
    }
}

/// Encodes a PDU dict (as `smpp.decode` makes) to its octets, header
/// included. `command_length` and the counts are computed; `sequence_number`
/// is required; `command_status` defaults to 0; other top-level keys are
/// ignored.
pub(crate) fn encode_dict<'py>(obj: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyBytes>> {
    let py = obj.py();
    let keys = keys(py)?;
    let Top {
        command,
        command_id,
        command_status: status,
        sequence_number: seq,
        fields,
        tlvs,
        body,
    } = Top::read(obj)?;
    let id = command_of(keys, command.as_ref(), command_id.as_ref())?;
    let status = CommandStatus(u32_of("command_status", status.as_ref())?.unwrap_or(0));
    let seq = u32_of("sequence_number", seq.as_ref())?
        .ok_or_else(|| EncodeError::new_err("sequence_number is required"))?;
    let fields = fields_dict(fields)?;
    if let Some(body) = body.filter(|b| !b.is_none()) {
        let mut given = GivenTlvs::new();
        tlvs_from(keys, tlvs, &mut given)?;
        if fields.as_ref().is_some_and(|f| !f.is_empty()) || !given.is_empty() {
            return Err(EncodeError::new_err(
                "body gives the whole body: fields and tlvs must be empty",
            ));
        }
        let body = bytes_value(&"", "body", &body)?;
        return encode_pdu(py, &Pdu::raw(id, body.as_slice()?), status, seq);
    }
    let command = table(keys, id)?;
    let mut pdu = Body::new(id, command);
    pdu.read(keys, fields.as_ref(), tlvs, false)?;
    pdu.with_pdu(|pdu| encode_pdu(py, pdu, status, seq))
}

/// Encodes the PDU `id` from its fields given one by one, as the keyword
/// arguments of `smpp.pdu` are (SMPP 3.4 §3.2, §4): `given` pairs each
/// field of its table with the value given for it, if any, [`Field::Tlvs`]
/// with the TLVs. The values take the forms of the dict's
/// (`encode_dict`).
pub(crate) fn encode_given<'py>(
    py: Python<'py>,
    id: CommandId,
    sequence_number: &Bound<'py, PyAny>,
    command_status: Option<&Bound<'py, PyAny>>,
    given: &mut [(Field, Option<Bound<'py, PyAny>>)],
) -> PyResult<Bound<'py, PyBytes>> {
    let keys = keys(py)?;
    let status = CommandStatus(u32_of("command_status", command_status)?.unwrap_or(0));
    let seq = u32_of("sequence_number", Some(sequence_number))?
        .ok_or_else(|| EncodeError::new_err("sequence_number is required"))?;
    let mut body = Body::new(id, table(keys, id)?);
    body.read_given(keys, given)?;
    body.with_pdu(|pdu| encode_pdu(py, pdu, status, seq))
}
