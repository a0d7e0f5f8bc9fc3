//! PDU -> Python dict: the JSON form of `smpp decode`
//! (`smpp-io-tokio/cli/src/json.rs`) with Python values.
//!
//! Read first: SMPP 3.4 §4 (each PDU's fields), §5.2 (field definitions),
//! §5.3 (TLVs), §4.4.2 (absent response bodies).
//!
//! Like the JSON mapping, this holds no field list of its own: the body is
//! walked with the core's [`Visitor`], each field with its spec name
//! ([`Field::key`]); only each kind of value is converted here. The dict
//! starts as a copy of its command's template (`keys.rs`), every field at
//! its empty value, so only the fields that differ are set. The differences
//! from JSON: octet strings (`short_message`, a TLV's value, a raw body)
//! are `bytes`, and the keys that name a hex encoding in JSON lose their
//! `_hex` (`value`, `body`).

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use smpp_proto::codec::visit::{Field, Visitor};
use smpp_proto::codec::{DestAddresses, UnsuccessSmes, Violations};
use smpp_proto::{CommandStatus, Header, InterfaceVersion, Pdu, SmppTime, Tlvs};

use crate::keys::{keys, Keys};

/// A C-Octet String: `str` when it is UTF-8, else `{"hex": "…"}`.
pub(crate) fn cstr<'py>(py: Python<'py>, s: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    match std::str::from_utf8(s) {
        Ok(t) => Ok(PyString::new(py, t).into_any()),
        Err(_) => {
            let d = PyDict::new(py);
            d.set_item(intern!(py, "hex"), hex::encode(s))?;
            Ok(d.into_any())
        }
    }
}

/// Writes the fields a [`Visitor`] hands it into a dict: every one, or
/// (over a template) those whose value is not the empty one; TLVs into a list.
struct Writer<'py> {
    py: Python<'py>,
    keys: &'static Keys,
    fields: Bound<'py, PyDict>,
    tlvs: Bound<'py, PyList>,
    /// Over a template: the empty values are there already.
    template: bool,
    /// The first field of an absent body (SMPP 3.4 §4.4.2).
    absent: Option<Field>,
    /// The first error met (the visitor's methods return nothing).
    error: Option<PyErr>,
}

impl<'py> Writer<'py> {
    fn new(
        py: Python<'py>,
        keys: &'static Keys,
        fields: Bound<'py, PyDict>,
        template: bool,
    ) -> Self {
        Writer {
            py,
            keys,
            fields,
            tlvs: PyList::empty(py),
            template,
            absent: None,
            error: None,
        }
    }

    fn set(&mut self, field: Field, value: PyResult<Bound<'py, PyAny>>) {
        if self.error.is_some() {
            return;
        }
        let r = value.and_then(|v| self.fields.set_item(self.keys.key(self.py, field), v));
        if let Err(e) = r {
            self.error = Some(e);
        }
    }

    /// Whether a value that is `empty` is to be written.
    fn wanted(&self, empty: bool) -> bool {
        !(self.template && empty)
    }

    fn int(&mut self, field: Field, n: u32) {
        if self.wanted(n == 0) {
            let py = self.py;
            self.set(
                field,
                n.into_pyobject(py).map(Bound::into_any).map_err(Into::into),
            );
        }
    }

    /// A submit_multi list (SMPP 3.4 §4.5.1.1, §4.5.2.1): its count, and
    /// the dict of each entry, every field of it written.
    fn entries<E>(
        &mut self,
        field: Field,
        count: Field,
        entries: impl Iterator<Item = E>,
        visit: impl Fn(&E, &mut Writer<'py>),
    ) {
        let list = PyList::empty(self.py);
        for e in entries {
            let mut w = Writer::new(self.py, self.keys, PyDict::new(self.py), false);
            visit(&e, &mut w);
            if let Err(e) = w
                .error
                .map_or(Ok(()), Err)
                .and_then(|()| list.append(w.fields))
            {
                self.error.get_or_insert(e);
            }
        }
        self.int(count, u32::try_from(list.len()).unwrap_or(u32::MAX));
        self.set(field, Ok(list.into_any()));
    }
}

impl<'a, 'py> Visitor<'a> for Writer<'py> {
    fn u8(&mut self, field: Field, value: u8) {
        self.int(field, value.into());
    }

    fn version(&mut self, field: Field, value: InterfaceVersion) {
        self.int(field, value.0.into());
    }

    fn status(&mut self, field: Field, value: CommandStatus) {
        self.int(field, value.0);
    }

    fn cstr(&mut self, field: Field, _max: u16, value: &'a [u8]) {
        if self.wanted(value.is_empty()) {
            let py = self.py;
            self.set(field, cstr(py, value));
        }
    }

    fn opt_cstr(&mut self, field: Field, max: u16, value: Option<&'a [u8]>) {
        match value {
            Some(v) => self.cstr(field, max, v),
            None => self.absent = Some(field),
        }
    }

    fn time(&mut self, field: Field, value: SmppTime) {
        if self.wanted(value.is_empty()) {
            let py = self.py;
            self.set(field, Ok(PyString::new(py, &value.to_string()).into_any()));
        }
    }

    fn short_message(&mut self, field: Field, value: &'a [u8]) {
        if self.wanted(value.is_empty()) {
            let n = u32::try_from(value.len()).unwrap_or(u32::MAX);
            self.int(Field::SmLength, n);
            let py = self.py;
            self.set(field, Ok(PyBytes::new(py, value).into_any()));
        }
    }

    fn tlvs(&mut self, _field: Field, value: Tlvs<'a>) {
        for t in value.iter() {
            let d = tlv_dict(self.py, self.keys, t.tag, t.value);
            if let Err(e) = d.and_then(|d| self.tlvs.append(d)) {
                self.error.get_or_insert(e);
            }
        }
    }

    fn dest_addresses(&mut self, field: Field, value: DestAddresses<'a>) {
        self.entries(field, Field::NumberOfDests, value.iter(), |d, w| d.visit(w));
    }

    fn unsuccess_smes(&mut self, field: Field, value: UnsuccessSmes<'a>) {
        self.entries(field, Field::NoUnsuccess, value.iter(), |u, w| u.visit(w));
    }
}

/// One TLV: `{"tag", "name" (standard tags only), "value": bytes}`.
fn tlv_dict<'py>(
    py: Python<'py>,
    keys: &Keys,
    tag: smpp_proto::TlvTag,
    value: &[u8],
) -> PyResult<Bound<'py, PyDict>> {
    let d = match keys.tlv(tag) {
        Some(template) => template.bind(py).copy()?,
        None => {
            let d = PyDict::new(py);
            d.set_item(intern!(py, "tag"), tag.0)?;
            d
        }
    };
    d.set_item(intern!(py, "value"), PyBytes::new(py, value))?;
    Ok(d)
}

/// The dict of one decoded PDU: `command`, `command_id`, `command_length`,
/// `command_status`, `sequence_number`, `fields`, `tlvs`, and `body` (bytes)
/// for a raw negative response or an unassigned command.
pub(crate) fn pdu_dict<'py>(
    py: Python<'py>,
    header: &Header,
    pdu: &Pdu<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let keys = keys(py)?;
    let status = header.command_status;
    let command = keys.command(header.command_id);
    let mut body = None;
    let (d, fields, tlvs) = match (pdu, command) {
        (Pdu::RawResp { body: b, .. } | Pdu::Unknown { body: b, .. }, _) => {
            body = Some(*b);
            (
                header_dict(py, header, command)?,
                PyDict::new(py),
                PyList::empty(py),
            )
        }
        (_, None) => (
            header_dict(py, header, None)?,
            PyDict::new(py),
            PyList::empty(py),
        ),
        (_, Some(c)) => {
            let mut w = Writer::new(py, keys, c.fields.bind(py).copy()?, true);
            pdu.visit(&mut w);
            if let Some(e) = w.error {
                return Err(e);
            }
            if let Some(first) = w.absent {
                // No body: only its first field, None, when the status is 0.
                w.fields = PyDict::new(py);
                if status.is_ok() {
                    w.fields.set_item(keys.key(py, first), py.None())?;
                }
            }
            (header_dict(py, header, command)?, w.fields, w.tlvs)
        }
    };
    d.set_item(intern!(py, "fields"), fields)?;
    d.set_item(intern!(py, "tlvs"), tlvs)?;
    if let Some(body) = body {
        d.set_item(intern!(py, "body"), PyBytes::new(py, body))?;
    }
    Ok(d)
}

/// The header's keys, `fields` and `tlvs` still to be set.
fn header_dict<'py>(
    py: Python<'py>,
    header: &Header,
    command: Option<&crate::keys::Command>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = match command {
        Some(c) => c.top.bind(py).copy()?,
        None => {
            let d = PyDict::new(py);
            let name = match header.command_id.name() {
                Some(name) => PyString::intern(py, name),
                None => PyString::new(py, &header.command_id.to_string()),
            };
            d.set_item(intern!(py, "command"), name)?;
            d.set_item(intern!(py, "command_id"), header.command_id.0)?;
            d
        }
    };
    d.set_item(intern!(py, "command_length"), header.command_length)?;
    d.set_item(intern!(py, "command_status"), header.command_status.0)?;
    d.set_item(intern!(py, "sequence_number"), header.sequence_number)?;
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
