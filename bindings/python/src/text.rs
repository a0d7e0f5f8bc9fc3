//! `smpp.text`: the core's text encodings (SMPP 3.4 §5.2.19 data_coding;
//! 3GPP TS 23.038 for the GSM 7-bit alphabet, its national language tables
//! (§6.2.1.2.4) and septet packing (§6.1.2.1)), named by data_coding.
//!
//! Every function here is the core's `text` module (`encode`,
//! `encode_packed`, `decode`, `decode_packed`, `encodable`, `cost`,
//! `choose`) with Python values in and out, nothing of its own.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict};
use smpp_proto::text::{self, Allowed, Encoding, Gsm7Tables, TextError};

use crate::options::{data_coding as dc_of, encoding, language, split_options, tables};

pub(crate) fn text_error(e: TextError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The encoding of `data_coding` with the GSM 7-bit tables the keyword
/// arguments name.
fn enc(data_coding: u8, lang: u8, locking: Option<u8>, single: Option<u8>) -> PyResult<Encoding> {
    encoding(data_coding, tables(lang, locking, single)?)
}

/// Encodes `text` as `data_coding` says (0 GSM 7-bit, one septet per octet
/// unless `packed`; 3 Latin-1; 8 UCS-2; ...). `language`, `locking_shift`
/// and `single_shift` name GSM 7-bit national tables (TS 23.038
/// §6.2.1.2.4); `fill_bits` precede packed septets (1 behind a 6-octet
/// UDH). Raises ValueError for a character the encoding lacks.
#[pyfunction]
#[pyo3(signature = (text, data_coding = 0, *, language = 0, locking_shift = None, single_shift = None, packed = false, fill_bits = 0))]
#[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
pub(crate) fn encode<'py>(
    py: Python<'py>,
    text: &str,
    data_coding: u8,
    language: u8,
    locking_shift: Option<u8>,
    single_shift: Option<u8>,
    packed: bool,
    fill_bits: u8,
) -> PyResult<Bound<'py, PyBytes>> {
    let e = enc(data_coding, language, locking_shift, single_shift)?;
    if packed && fill_bits > 6 {
        return Err(PyValueError::new_err("fill_bits: 0..=6"));
    }
    // Large inputs encode without the GIL (nothing Python is touched).
    let run = || -> Result<Vec<u8>, TextError> {
        // At most 4 octets a character: a UCS-2 surrogate pair; GSM's escapes take 2.
        let mut out = vec![0u8; text.len().saturating_mul(4).saturating_add(2)];
        let n = match e {
            Encoding::Gsm7(t) if packed => {
                text::encode_packed(text, t, fill_bits, &mut out)?.octets
            }
            _ => text::encode(text, e, &mut out)?,
        };
        out.truncate(n);
        Ok(out)
    };
    let out = if text.len() > crate::codec::DETACH_OVER {
        py.detach(run)
    } else {
        run()
    };
    Ok(PyBytes::new(py, &out.map_err(text_error)?))
}

/// Decodes octets written as `data_coding` says (keywords as for
/// `encode`; `septets` is the septet count of packed data when known).
/// Raises ValueError for octets that are not text in it.
#[pyfunction]
#[pyo3(signature = (data, data_coding = 0, *, language = 0, locking_shift = None, single_shift = None, packed = false, fill_bits = 0, septets = None))]
#[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
pub(crate) fn decode(
    py: Python<'_>,
    data: PyBackedBytes,
    data_coding: u8,
    language: u8,
    locking_shift: Option<u8>,
    single_shift: Option<u8>,
    packed: bool,
    fill_bits: u8,
    septets: Option<usize>,
) -> PyResult<String> {
    let e = enc(data_coding, language, locking_shift, single_shift)?;
    if fill_bits > 6 {
        return Err(PyValueError::new_err("fill_bits: 0..=6"));
    }
    let data: &[u8] = &data;
    // Large inputs decode without the GIL (nothing Python is touched).
    let run = || -> Result<String, TextError> {
        match e {
            Encoding::Gsm7(t) if packed => {
                text::decode_packed(data, t, fill_bits, septets).collect()
            }
            _ => text::decode(data, e).collect(),
        }
    };
    let r = if data.len() > crate::codec::DETACH_OVER {
        py.detach(run)
    } else {
        run()
    };
    r.map_err(text_error)
}

/// Whether `text` can be written in `data_coding` (keywords as for `encode`).
#[pyfunction]
#[pyo3(signature = (text, data_coding = 0, *, language = 0, locking_shift = None, single_shift = None))]
pub(crate) fn encodable(
    text: &str,
    data_coding: u8,
    language: u8,
    locking_shift: Option<u8>,
    single_shift: Option<u8>,
) -> PyResult<bool> {
    let e = enc(data_coding, language, locking_shift, single_shift)?;
    Ok(text::encodable(text, e))
}

/// Code units `text` takes in `data_coding`: septets (an escaped character
/// counts 2), octets or UTF-16 units. Raises ValueError when it cannot be
/// written.
#[pyfunction]
#[pyo3(signature = (text, data_coding = 0, *, language = 0, locking_shift = None, single_shift = None))]
pub(crate) fn cost(
    text: &str,
    data_coding: u8,
    language: u8,
    locking_shift: Option<u8>,
    single_shift: Option<u8>,
) -> PyResult<usize> {
    let e = enc(data_coding, language, locking_shift, single_shift)?;
    text::cost(text, e).map_err(text_error)
}

/// The split plan as a dict: `parts`, `units`, `octets`, `udh_len`.
pub(crate) fn plan_dict<'py>(
    py: Python<'py>,
    e: Encoding,
    p: &smpp_proto::concat::Plan,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("data_coding", dc_of(e))?;
    d.set_item("encoding", e.name())?;
    let (locking, single) = match e {
        Encoding::Gsm7(t) => (t.locking.id(), t.single_shift.id()),
        _ => (0, 0),
    };
    d.set_item("locking_shift", locking)?;
    d.set_item("single_shift", single)?;
    d.set_item("parts", p.parts)?;
    d.set_item("units", p.units)?;
    d.set_item("octets", p.octets)?;
    d.set_item("udh_len", p.udh_len)?;
    Ok(d)
}

/// The cheapest encoding for `text` among `allowed` (data_coding values;
/// GSM 7-bit and UCS-2 unless told) and the national `languages` allowed
/// for GSM 7-bit: fewest parts under the split options, then fewest
/// octets, then the earlier candidate. A dict with `data_coding`,
/// `encoding` (its name), `locking_shift`, `single_shift`, `parts`,
/// `units`, `octets` and `udh_len`. Raises ValueError when no allowed
/// encoding can write the text.
#[pyfunction]
#[pyo3(signature = (text, allowed = vec![0, 8], *, languages = vec![], scheme = "udh8", reference = 0, packed = false, max_user_data = 140))]
#[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
pub(crate) fn choose<'py>(
    py: Python<'py>,
    text: &str,
    allowed: Vec<u8>,
    languages: Vec<u8>,
    scheme: &str,
    reference: u16,
    packed: bool,
    max_user_data: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let options = split_options(scheme, reference, packed, max_user_data)?;
    let mut set = Allowed::NONE;
    for dc in allowed {
        set = set.with(encoding(dc, Gsm7Tables::DEFAULT)?);
    }
    for id in languages {
        set = set.with_language(language(id)?);
    }
    let c = text::choose(text, set, &options).map_err(|e| PyValueError::new_err(e.to_string()))?;
    plan_dict(py, c.encoding, &c.plan)
}

/// The submodule `smpp._smpp.text`.
pub(crate) fn module<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyModule>> {
    let m = PyModule::new(py, "text")?;
    m.add_function(wrap_pyfunction!(encode, &m)?)?;
    m.add_function(wrap_pyfunction!(decode, &m)?)?;
    m.add_function(wrap_pyfunction!(encodable, &m)?)?;
    m.add_function(wrap_pyfunction!(cost, &m)?)?;
    m.add_function(wrap_pyfunction!(choose, &m)?)?;
    Ok(m)
}
