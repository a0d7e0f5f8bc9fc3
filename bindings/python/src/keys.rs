//! The Python objects every PDU dict is made of, made once per interpreter:
//! the field keys, and for each command a template of its dict with every
//! field at its empty value.
//!
//! Read first: SMPP 3.4 §4 (each PDU's fields), §5.3 (TLVs); `to_dict.rs`
//! and `from_dict.rs`, which use these tables.
//!
//! A decode copies its command's templates (`dict.copy()` of a dict with
//! the same keys costs one block copy, no hashing, no resizing) and sets
//! only the fields whose value is not the empty one. An encode finds a
//! caller's key by the identity of the interned key string first (string
//! literals in Python source are interned), by its text otherwise.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};
use smpp_proto::codec::visit::{Field, FieldSpec, Kind};
use smpp_proto::{CommandId, Pdu, TlvTag};

/// The templates of one command with a field table.
pub(crate) struct Command {
    /// `command`, `command_id`, the header's other keys at 0, `fields` and
    /// `tlvs` at `None` (set by each decode), in the order of `smpp decode`.
    pub(crate) top: Py<PyDict>,
    /// Every field of the body at its empty value, counts included, in
    /// wire order (SMPP 3.4 §4): the fields of a PDU whose every field is
    /// empty.
    pub(crate) fields: Py<PyDict>,
    /// The kind of each field of the body by [`Field::index`], `None` for
    /// a field it does not have (and for its TLVs, which are not a field).
    kinds: Vec<Option<Kind>>,
    /// The body's table ([`Pdu::fields`]).
    specs: &'static [FieldSpec],
}

impl Command {
    /// The kind of `field` in this command's body, if it has the field.
    #[inline]
    pub(crate) fn kind(&self, field: Field) -> Option<Kind> {
        self.kinds.get(field.index()).copied().flatten()
    }

    /// The body's table, in wire order (SMPP 3.4 §4).
    pub(crate) fn specs(&self) -> &'static [FieldSpec] {
        self.specs
    }

    /// Whether the body ends in TLVs (SMPP 3.4 §3.2, §5.3).
    pub(crate) fn has_tlvs(&self) -> bool {
        self.specs.iter().any(|s| s.kind == Kind::Tlvs)
    }
}

/// The tables; [`keys`] gives them.
pub(crate) struct Keys {
    /// The key of each field, by [`Field::index`].
    fields: Vec<Py<PyString>>,
    /// The field of each key string, by address.
    by_address: ByAddress<Field>,
    /// The templates of each command with a field table.
    commands: Vec<Command>,
    /// The position in `commands` of each command_id, by [`id_slot`]
    /// (`u8::MAX`: none).
    by_id: Vec<u8>,
    /// (standard TLV tag, `{"tag", "name", "value": b""}`), sorted by tag.
    tlvs: Vec<(u16, Py<PyDict>)>,
    /// The command_id of each command's name, by address.
    command_names: ByAddress<u32>,
    /// The tag of each standard TLV's name, by address.
    tlv_names: ByAddress<u16>,
}

/// The tables of this interpreter.
pub(crate) fn keys(py: Python<'_>) -> PyResult<&'static Keys> {
    static KEYS: PyOnceLock<Keys> = PyOnceLock::new();
    KEYS.get_or_try_init(py, || Keys::new(py))
}

impl Keys {
    fn new(py: Python<'_>) -> PyResult<Keys> {
        let fields: Vec<Py<PyString>> = Field::ALL
            .iter()
            .map(|f| PyString::intern(py, f.key()).unbind())
            .collect();
        let by_address = ByAddress::new(
            Field::ALL
                .iter()
                .zip(&fields)
                .map(|(f, k)| (address(k.bind(py)), *f)),
        );
        let mut keys = Keys {
            fields,
            by_address,
            commands: Vec::new(),
            by_id: vec![u8::MAX; ID_SLOTS],
            tlvs: Vec::new(),
            command_names: ByAddress::default(),
            tlv_names: ByAddress::default(),
        };
        for id in CommandId::ALL {
            let Some(slot) = id_slot(*id) else { continue };
            if let Some(c) = keys.command_templates(py, *id)? {
                if let (Ok(i), Some(s)) =
                    (u8::try_from(keys.commands.len()), keys.by_id.get_mut(slot))
                {
                    *s = i;
                    keys.commands.push(c);
                }
            }
        }
        keys.command_names = ByAddress::new(
            CommandId::ALL
                .iter()
                .filter_map(|id| Some((address(&PyString::intern(py, id.name()?)), id.0))),
        );
        let mut tlv_names = Vec::new();
        for tag in TlvTag::ALL {
            let d = PyDict::new(py);
            d.set_item(pyo3::intern!(py, "tag"), tag.0)?;
            if let Some(name) = tag.name() {
                let name = PyString::intern(py, name);
                tlv_names.push((address(&name), tag.0));
                d.set_item(pyo3::intern!(py, "name"), name)?;
            }
            d.set_item(pyo3::intern!(py, "value"), PyBytes::new(py, b""))?;
            keys.tlvs.push((tag.0, d.unbind()));
        }
        keys.tlvs.sort_unstable_by_key(|(t, _)| *t);
        keys.tlv_names = ByAddress::new(tlv_names.into_iter());
        Ok(keys)
    }

    fn command_templates(&self, py: Python<'_>, id: CommandId) -> PyResult<Option<Command>> {
        let (Some(name), Some(specs)) = (id.name(), Pdu::fields(id)) else {
            return Ok(None);
        };
        let fields = PyDict::new(py);
        let mut kinds = vec![None; Field::ALL.len()];
        for s in specs {
            if s.kind != Kind::Tlvs {
                if let Some(k) = kinds.get_mut(s.field.index()) {
                    *k = Some(s.kind);
                }
            }
            let empty: Bound<'_, PyAny> = match s.kind {
                Kind::U8 | Kind::Version | Kind::Status => 0u8.into_pyobject(py)?.into_any(),
                Kind::CStr { .. } | Kind::OptCStr { .. } | Kind::Time => {
                    PyString::intern(py, "").into_any()
                }
                Kind::ShortMessage => PyBytes::new(py, b"").into_any(),
                // Set by every decode (a list is made anew each time).
                Kind::DestAddresses | Kind::UnsuccessSmes => py.None().into_bound(py),
                // TLVs are a list of their own, beside the fields.
                _ => continue,
            };
            if let Some(count) = s.kind.count_field() {
                fields.set_item(self.key(py, count), 0u8)?;
            }
            fields.set_item(self.key(py, s.field), empty)?;
        }
        let top = PyDict::new(py);
        top.set_item(pyo3::intern!(py, "command"), PyString::intern(py, name))?;
        top.set_item(pyo3::intern!(py, "command_id"), id.0)?;
        for k in ["command_length", "command_status", "sequence_number"] {
            top.set_item(PyString::intern(py, k), 0u8)?;
        }
        top.set_item(pyo3::intern!(py, "fields"), py.None())?;
        top.set_item(pyo3::intern!(py, "tlvs"), py.None())?;
        Ok(Some(Command {
            top: top.unbind(),
            fields: fields.unbind(),
            kinds,
            specs,
        }))
    }

    /// The key of `field` (its spec name; `dest_addresses`, `unsuccess_smes`).
    pub(crate) fn key<'py>(&self, py: Python<'py>, field: Field) -> Bound<'py, PyString> {
        match self.fields.get(field.index()) {
            Some(k) => k.bind(py).clone(),
            None => PyString::intern(py, field.key()),
        }
    }

    /// The field whose key is `key`, if any.
    #[inline]
    pub(crate) fn field(&self, key: &Bound<'_, PyString>) -> PyResult<Option<Field>> {
        if let Some(f) = self.by_address.get(key) {
            return Ok(Some(f));
        }
        let text = key.to_str()?;
        Ok(Field::ALL.iter().copied().find(|f| f.key() == text))
    }

    /// The field whose key is the very string object `key` (one of ours,
    /// as every key a Python source spells is), if any: no type check, no
    /// text compared.
    #[inline]
    pub(crate) fn field_by_identity(&self, key: &Bound<'_, PyAny>) -> Option<Field> {
        self.by_address.get(key)
    }

    /// The command named `name` (SMPP 3.4 §5.1.2.1), if any.
    pub(crate) fn command_id(&self, name: &Bound<'_, PyString>) -> PyResult<Option<CommandId>> {
        if let Some(id) = self.command_names.get(name) {
            return Ok(Some(CommandId(id)));
        }
        Ok(CommandId::parse(name.to_str()?))
    }

    /// The standard TLV named `name` (SMPP 3.4 §5.3.2), if any.
    pub(crate) fn tlv_tag(&self, name: &Bound<'_, PyString>) -> PyResult<Option<TlvTag>> {
        if let Some(tag) = self.tlv_names.get(name) {
            return Ok(Some(TlvTag(tag)));
        }
        Ok(TlvTag::from_name(name.to_str()?))
    }

    /// The templates of `id`, if it has a field table.
    #[inline]
    pub(crate) fn command(&self, id: CommandId) -> Option<&Command> {
        let i = *self.by_id.get(id_slot(id)?)?;
        self.commands.get(usize::from(i))
    }

    /// The template dict of a standard TLV `tag`.
    pub(crate) fn tlv(&self, tag: TlvTag) -> Option<&Py<PyDict>> {
        let i = self.tlvs.binary_search_by_key(&tag.0, |(t, _)| *t).ok()?;
        self.tlvs.get(i).map(|(_, d)| d)
    }
}

/// How many command_ids [`id_slot`] tells apart.
const ID_SLOTS: usize = 0x400;

/// A dense index for every command_id assigned (SMPP 3.4 §5.1.2.1, SMPP
/// 5.0 §4.7.5: requests from 0x00000000 to 0x000001ff, their responses
/// with bit 31 set), `None` for any other.
#[inline]
fn id_slot(id: CommandId) -> Option<usize> {
    let low = id.0 & 0x1ff;
    let response = id.0 >> 31;
    (id.0 & 0x7fff_fe00 == 0).then_some(((response << 9) | low) as usize)
}

/// Where a string object lives: its identity while a table holds it.
fn address<T>(s: &Bound<'_, T>) -> usize {
    s.as_ptr() as usize
}

/// What strings we made stand for, looked up by the identity of the
/// string: open addressing over the address, a quarter full.
struct ByAddress<T> {
    slots: Vec<Option<(usize, T)>>,
}

impl<T> Default for ByAddress<T> {
    fn default() -> Self {
        ByAddress { slots: Vec::new() }
    }
}

impl<T: Copy> ByAddress<T> {
    fn new(items: impl Iterator<Item = (usize, T)>) -> Self {
        let items: Vec<(usize, T)> = items.collect();
        let mut slots = Vec::new();
        slots.resize_with((items.len() * 4).next_power_of_two(), || None);
        let mut table = ByAddress { slots };
        for (a, t) in items {
            let mut i = table.start(a);
            while let Some(Some(_)) = table.slots.get(i) {
                i = (i + 1) % table.slots.len();
            }
            if let Some(slot) = table.slots.get_mut(i) {
                *slot = Some((a, t));
            }
        }
        table
    }

    fn start(&self, address: usize) -> usize {
        // Objects are 16-byte aligned: the low bits say nothing.
        (address >> 4) & (self.slots.len().max(1) - 1)
    }

    /// What the string `s` itself stands for, if we made it.
    #[inline]
    fn get<U>(&self, s: &Bound<'_, U>) -> Option<T> {
        let a = address(s);
        let mut i = self.start(a);
        // Bounded: the table has empty slots (it is a quarter full).
        for _ in 0..self.slots.len() {
            match self.slots.get(i)? {
                Some((at, t)) if *at == a => return Some(*t),
                Some(_) => i = (i + 1) % self.slots.len(),
                None => return None,
            }
        }
        None
    }
}
