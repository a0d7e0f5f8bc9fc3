//! `smpp.decode`, `smpp.encode` and `smpp.Framer`: the codec for Python.
//!
//! Read first: SMPP 3.4 §3.2 (the header and command_length), §2.8 (what a
//! bad PDU is answered with); `convert.rs` for the dict form.

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict};
use smpp_proto::codec::{self, Framing, DEFAULT_MAX_COMMAND_LENGTH};
use smpp_proto::{Header, InterfaceVersion, Pdu};

use crate::errors::{decode_error, from_decode, from_frame};
use crate::from_dict::encode_dict;
use crate::to_dict::{pdu_dict, violations_list};

/// Inputs longer than this many octets are worked on with the GIL released
/// (`Python::detach`), so other Python threads run meanwhile.
pub(crate) const DETACH_OVER: usize = 4096;

/// The dict of one whole, framed PDU, with its `violations` of the spec at
/// `version` when there are any.
fn decoded<'py>(
    py: Python<'py>,
    header: &Header,
    pdu: &Pdu<'_>,
    version: InterfaceVersion,
) -> PyResult<Bound<'py, PyDict>> {
    let d = pdu_dict(py, header, pdu)?;
    let violations = codec::validate(header, pdu, version);
    if !violations.is_empty() {
        d.set_item("violations", violations_list(py, &violations)?)?;
    }
    Ok(d)
}

/// Decodes one PDU into the key/value form of `smpp decode` (SMPP 3.4 §3.2, §4).
///
/// `data` must hold exactly one whole PDU. Raises `DecodeError` (with
/// `command_status` and `fatal`) when it does not decode. `violations` lists
/// what breaks a rule of SMPP `interface_version` (default 5.0, whose tables
/// contain 3.4's).
#[pyfunction]
#[pyo3(signature = (data, *, max_command_length = DEFAULT_MAX_COMMAND_LENGTH, interface_version = 0x50))]
pub(crate) fn decode<'py>(
    py: Python<'py>,
    data: PyBackedBytes,
    max_command_length: u32,
    interface_version: u8,
) -> PyResult<Bound<'py, PyDict>> {
    let bytes: &[u8] = &data;
    match codec::frame(bytes, max_command_length) {
        Err(e) => return Err(from_frame(py, &e)),
        Ok(Framing::Partial(more)) => {
            return Err(decode_error(
                py,
                format!(
                    "incomplete PDU: {} octets given, {more} more needed",
                    bytes.len()
                ),
                Some(smpp_proto::CommandStatus::ESME_RINVCMDLEN),
                true,
                None,
            ))
        }
        Ok(Framing::Complete(_)) => {}
    }
    let ids = Header::parse(bytes).map(|h| (h.command_id.0, h.sequence_number));
    // A long PDU (a large message_payload) is parsed without the GIL.
    let parsed = if bytes.len() > DETACH_OVER {
        py.detach(|| codec::decode(bytes))
    } else {
        codec::decode(bytes)
    };
    match parsed {
        Ok((header, pdu)) => decoded(py, &header, &pdu, InterfaceVersion(interface_version)),
        Err(e) => Err(from_decode(py, &e, ids)),
    }
}

/// Encodes a PDU from its key/value form (what `decode` returns; SMPP 3.4
/// §3.2, §4) to its octets, header included.
///
/// `command` or `command_id` and `sequence_number` are required;
/// `command_status` defaults to 0; `command_length` and the counts
/// (`sm_length`, `number_of_dests`, `no_unsuccess`) are computed. A field
/// left out takes its empty value. Raises `EncodeError` for a key the command
/// does not have or a value the codec refuses.
#[pyfunction]
pub(crate) fn encode<'py>(pdu: &Bound<'py, PyDict>) -> PyResult<Bound<'py, PyBytes>> {
    encode_dict(pdu)
}

/// A streaming framer (SMPP 3.4 §3.2): feed it bytes as they come, split
/// anywhere, and iterate the complete PDUs.
///
/// Iterating yields each PDU's dict (as `decode` gives), or its octets with
/// `raw=True`. A PDU whose body does not decode raises `DecodeError` with
/// `fatal=False`: the framer has moved past it and iteration may go on. A
/// broken stream (a `command_length` below 16 or above the maximum, another
/// protocol on the wire) raises `DecodeError` with `fatal=True`, then and
/// on every later call: close the connection. `needed` says how many more
/// bytes the next PDU needs.
#[pyclass(module = "smpp")]
pub(crate) struct Framer {
    buf: Vec<u8>,
    start: usize,
    max_command_length: u32,
    raw: bool,
    version: InterfaceVersion,
    broken: Option<smpp_proto::FrameError>,
}

#[pymethods]
impl Framer {
    #[new]
    #[pyo3(signature = (*, max_command_length = DEFAULT_MAX_COMMAND_LENGTH, raw = false, interface_version = 0x50))]
    fn new(max_command_length: u32, raw: bool, interface_version: u8) -> Self {
        Framer {
            buf: Vec::new(),
            start: 0,
            max_command_length,
            raw,
            version: InterfaceVersion(interface_version),
            broken: None,
        }
    }

    /// Appends bytes received from the peer (a large feed without the GIL).
    fn feed(&mut self, py: Python<'_>, data: PyBackedBytes) {
        let (buf, start) = (&mut self.buf, &mut self.start);
        let data: &[u8] = &data;
        let mut append = || {
            if *start > 0 && *start * 2 >= buf.len() {
                buf.drain(..*start);
                *start = 0;
            }
            buf.extend_from_slice(data);
        };
        if data.len() > DETACH_OVER {
            py.detach(append);
        } else {
            append();
        }
    }

    /// Bytes fed and not yet taken as PDUs.
    #[getter]
    fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// How many more bytes the next PDU needs at least: 0 when one is
    /// complete (or the stream is broken: iterating raises then).
    #[getter]
    fn needed(&self) -> usize {
        match codec::frame(self.rest(), self.max_command_length) {
            Ok(Framing::Partial(n)) => n,
            _ => 0,
        }
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if let Some(e) = &self.broken {
            return Err(from_frame(py, e));
        }
        let len = match codec::frame(self.rest(), self.max_command_length) {
            Err(e) => {
                self.broken = Some(e);
                return Err(from_frame(py, &e));
            }
            Ok(Framing::Partial(_)) => return Ok(None),
            Ok(Framing::Complete(len)) => len,
        };
        let start = self.start;
        self.start += len;
        let one = self.buf.get(start..start + len).unwrap_or_default();
        if self.raw {
            return Ok(Some(PyBytes::new(py, one).into_any()));
        }
        let ids = Header::parse(one).map(|h| (h.command_id.0, h.sequence_number));
        match codec::decode(one) {
            Ok((header, pdu)) => Ok(Some(decoded(py, &header, &pdu, self.version)?.into_any())),
            Err(e) => Err(from_decode(py, &e, ids)),
        }
    }
}

impl Framer {
    fn rest(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }
}
