//! `smpp.concat`: long messages split into parts and put back together
//! (3GPP TS 23.040 §9.2.3.24 user data header concatenation, SMPP 3.4
//! §5.3.2.22–24 SAR TLVs, §5.3.2.32 message_payload, §5.2.12 esm_class
//! UDHI), over the core's `concat::Splitter`, `Segment` and `Reassembler`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict, PyList};
use smpp_proto::codec::{self, Pdu};
use smpp_proto::concat::{self as core, Message, Pushed, Reference, Segment, SplitError, Splitter};
use smpp_proto::text::{DataCoding, Encoding, Packing};

use crate::options::{encoding, split_options, tables};
use crate::text::plan_dict;
use crate::time::{instant, seconds};
use crate::to_dict::cstr;

fn split_error(e: SplitError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Text to split, or 8-bit data.
#[derive(FromPyObject)]
pub(crate) enum Content {
    Text(String),
    Data(PyBackedBytes),
}

/// Splits `content` (`str` text in `data_coding`, or `bytes` of 8-bit
/// data) into parts, each a dict: `seq`, `total`, `short_message` (UDH and
/// payload: the short_message, or the message_payload TLV's value with
/// scheme `"message_payload"`), `udhi` (set esm_class 0x40), `sar`
/// (`msg_ref_num`, `total_segments`, `segment_seqnum`, or None), `text` (the
/// part's text, None for data) and `units`. Characters are never cut.
#[pyfunction]
#[pyo3(signature = (content, data_coding = 0, *, scheme = "udh8", reference = 0, packed = false, max_user_data = 140, language = 0, locking_shift = None, single_shift = None))]
#[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
pub(crate) fn split<'py>(
    py: Python<'py>,
    content: Content,
    data_coding: u8,
    scheme: &str,
    reference: u16,
    packed: bool,
    max_user_data: usize,
    language: u8,
    locking_shift: Option<u8>,
    single_shift: Option<u8>,
) -> PyResult<Bound<'py, PyList>> {
    let options = split_options(scheme, reference, packed, max_user_data)?;
    let splitter = match &content {
        Content::Text(t) => {
            let e = encoding(data_coding, tables(language, locking_shift, single_shift)?)?;
            Splitter::new(t, e, options)
        }
        Content::Data(d) => Splitter::binary(d, options),
    }
    .map_err(split_error)?;
    let out = PyList::empty(py);
    for part in splitter {
        let mut buf = vec![0u8; part.encoded_len()];
        let n = part.encode(&mut buf).map_err(split_error)?;
        let d = PyDict::new(py);
        d.set_item("seq", part.seq())?;
        d.set_item("total", part.total())?;
        d.set_item(
            "short_message",
            PyBytes::new(py, buf.get(..n).unwrap_or_default()),
        )?;
        d.set_item("udhi", part.udhi())?;
        d.set_item("units", part.units())?;
        d.set_item("text", part.text())?;
        match part.sar() {
            Some(s) => {
                let sar = PyDict::new(py);
                sar.set_item("msg_ref_num", s.msg_ref_num)?;
                sar.set_item("total_segments", s.total_segments)?;
                sar.set_item("segment_seqnum", s.segment_seqnum)?;
                d.set_item("sar", sar)?;
            }
            None => d.set_item("sar", py.None())?,
        }
        out.append(d)?;
    }
    Ok(out)
}

/// What splitting `text` in `data_coding` takes, without splitting: a dict
/// with `parts`, `units`, `octets` and `udh_len` (and the encoding's
/// `data_coding`, `encoding`, `locking_shift`, `single_shift`).
#[pyfunction]
#[pyo3(signature = (text, data_coding = 0, *, scheme = "udh8", reference = 0, packed = false, max_user_data = 140, language = 0, locking_shift = None, single_shift = None))]
#[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
pub(crate) fn plan<'py>(
    py: Python<'py>,
    text: &str,
    data_coding: u8,
    scheme: &str,
    reference: u16,
    packed: bool,
    max_user_data: usize,
    language: u8,
    locking_shift: Option<u8>,
    single_shift: Option<u8>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = split_options(scheme, reference, packed, max_user_data)?;
    let e = encoding(data_coding, tables(language, locking_shift, single_shift)?)?;
    let p = core::plan(text, e, &options).map_err(split_error)?;
    plan_dict(py, e, &p)
}

/// Messages in progress at once, parts of each, payload octets of each:
/// 64 parts of 160 octets (unpacked SAR parts) fit.
const MESSAGES: usize = 32;
const PARTS: usize = 64;
const OCTETS: usize = PARTS * 160;

type Store = core::Reassembler<MESSAGES, PARTS, OCTETS>;

/// Puts the parts of concatenated messages back together (UDH IE 0x00 /
/// 0x08 or the SAR TLVs), in any order, ignoring duplicates, giving up on
/// a message `timeout` seconds after its first part. Holds up to 32
/// messages in progress of up to 64 parts each.
///
/// `push(pdu, now)` takes a received deliver_sm, submit_sm or data_sm (its
/// octets, as `Request.raw` gives them) and returns the whole message once
/// its last part is in, else None: a dict with `source_addr`,
/// `destination_addr`, `data_coding`, `esm_class`, `parts`, `reference`
/// (None for a message that was never split), `payload` (bytes, the user
/// data without the UDHs) and `text` (str, or None for data or text that
/// does not decode). GSM 7-bit parts are read `packed` if told.
#[pyclass(module = "smpp.concat")]
pub(crate) struct Reassembler {
    store: Box<Store>,
    packed: bool,
}

fn message<'py>(
    py: Python<'py>,
    m: &Message<'_>,
    data_coding: u8,
    esm_class: u8,
    packing: Packing,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("source_addr", cstr(py, m.source_addr())?)?;
    d.set_item("destination_addr", cstr(py, m.destination_addr())?)?;
    d.set_item("data_coding", data_coding)?;
    d.set_item("esm_class", esm_class)?;
    d.set_item("parts", m.total())?;
    d.set_item("received", m.received())?;
    let reference = match m.reference() {
        Some(Reference::Udh8(r)) => Some(u16::from(r)),
        Some(Reference::Udh16(r) | Reference::Sar(r)) => Some(r),
        None => None,
    };
    d.set_item("reference", reference)?;
    d.set_item("payload", PyBytes::new(py, m.payload()))?;
    let text = match DataCoding(data_coding).encoding(Encoding::GSM7) {
        Ok(e) => {
            let mut buf = vec![0u8; m.payload().len().saturating_mul(3).saturating_add(8)];
            m.decode_into(e, packing, &mut buf).ok().map(str::to_owned)
        }
        Err(_) => None,
    };
    d.set_item("text", text)?;
    let missing: Vec<u32> = m.missing().map(u32::from).collect();
    d.set_item("missing", missing)?;
    Ok(d)
}

#[pymethods]
impl Reassembler {
    #[new]
    #[pyo3(signature = (timeout = 60.0, *, packed = false))]
    fn new(timeout: f64, packed: bool) -> PyResult<Self> {
        Ok(Reassembler {
            store: Box::new(Store::new(crate::time::duration(timeout, "timeout")?)),
            packed,
        })
    }

    /// Takes one received part (the PDU's octets); returns the whole
    /// message when complete, else None. Raises ValueError for a PDU that
    /// is not a short message, a bad UDH, or a full store.
    fn push<'py>(
        &mut self,
        py: Python<'py>,
        pdu: PyBackedBytes,
        now: f64,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let now = instant(now)?;
        let (_, decoded) =
            codec::decode(&pdu).map_err(|e| PyValueError::new_err(format!("not a PDU: {e}")))?;
        let bad_udh = |e: core::UdhError| PyValueError::new_err(format!("user data header: {e}"));
        let (source, dest, esm_class, data_coding, segment) = match &decoded {
            Pdu::SubmitSm(sm) | Pdu::DeliverSm(sm) => (
                sm.source_addr,
                sm.destination_addr,
                sm.esm_class,
                sm.data_coding,
                Segment::from_sm(sm).map_err(bad_udh)?,
            ),
            Pdu::DataSm(sm) => (
                sm.source_addr,
                sm.destination_addr,
                sm.esm_class,
                sm.data_coding,
                Segment::from_data_sm(sm).map_err(bad_udh)?,
            ),
            other => {
                return Err(PyValueError::new_err(format!(
                    "{} carries no short message",
                    other.command_id()
                )))
            }
        };
        let packing = if self.packed {
            Packing::Packed
        } else {
            Packing::Unpacked
        };
        match self.store.push(now, source, dest, &segment) {
            Ok(Pushed::Complete(m)) => Ok(Some(message(py, &m, data_coding, esm_class, packing)?)),
            Ok(Pushed::Stored { .. } | Pushed::Duplicate { .. }) => Ok(None),
            Err(e) => Err(PyValueError::new_err(e.to_string())),
        }
    }

    /// Messages in progress.
    #[getter]
    fn in_progress(&self) -> usize {
        self.store.in_progress()
    }

    /// When the oldest message in progress is given up (seconds), or None.
    fn next_deadline(&self) -> Option<f64> {
        self.store.poll_timeout().map(seconds)
    }

    /// Gives up the messages whose time ran out: their parts so far, as
    /// dicts like `push` returns with `missing` listing the absent parts'
    /// numbers (`text` reads what arrived; data_coding is unknown: 0).
    fn handle_timeout<'py>(&mut self, py: Python<'py>, now: f64) -> PyResult<Bound<'py, PyList>> {
        let now = instant(now)?;
        let out = PyList::empty(py);
        let packing = if self.packed {
            Packing::Packed
        } else {
            Packing::Unpacked
        };
        // Bounded: each call frees one slot at most.
        for _ in 0..MESSAGES {
            match self.store.handle_timeout(now) {
                Some(m) => out.append(message(py, &m, 0, 0, packing)?)?,
                None => break,
            }
        }
        Ok(out)
    }
}

/// The submodule `smpp._smpp.concat`.
pub(crate) fn module<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyModule>> {
    let m = PyModule::new(py, "concat")?;
    m.add_function(wrap_pyfunction!(split, &m)?)?;
    m.add_function(wrap_pyfunction!(plan, &m)?)?;
    m.add_class::<Reassembler>()?;
    Ok(m)
}
