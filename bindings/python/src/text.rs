//! `smpp.text`: the core's text encodings (SMPP 3.4 §5.2.19 data_coding;
//! 3GPP TS 23.038 for the GSM 7-bit alphabet), named by data_coding.
//!
//! A first slice: `encode`, `decode` and `choose` over the core's
//! `text::encode`, `text::decode` and `text::choose`, nothing of their own.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict};
use smpp_proto::concat::{Scheme, SplitOptions};
use smpp_proto::text::{self, Allowed, DataCoding, Encoding};

/// The encoding a data_coding announces; 0 is the GSM 7-bit alphabet.
fn encoding(data_coding: u8) -> PyResult<Encoding> {
    DataCoding(data_coding)
        .encoding(Encoding::GSM7)
        .map_err(|e| PyValueError::new_err(format!("data_coding 0x{data_coding:02x}: {e}")))
}

/// Encodes `text` as `data_coding` says (0 GSM 7-bit unpacked, one septet
/// per octet; 3 Latin-1; 8 UCS-2; ...). Raises ValueError for a character
/// the encoding lacks.
#[pyfunction]
#[pyo3(signature = (text, data_coding = 0))]
pub(crate) fn encode<'py>(
    py: Python<'py>,
    text: &str,
    data_coding: u8,
) -> PyResult<Bound<'py, PyBytes>> {
    let enc = encoding(data_coding)?;
    // At most 4 octets a character: a UCS-2 surrogate pair; GSM's escapes take 2.
    let mut out = vec![0u8; text.chars().count().saturating_mul(4)];
    let n = text::encode(text, enc, &mut out).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, out.get(..n).unwrap_or_default()))
}

/// Decodes octets written as `data_coding` says. Raises ValueError for
/// octets that are not text in it.
#[pyfunction]
#[pyo3(signature = (data, data_coding = 0))]
pub(crate) fn decode(data: PyBackedBytes, data_coding: u8) -> PyResult<String> {
    let enc = encoding(data_coding)?;
    let d = text::decode(&data, enc);
    let n = d
        .utf8_len()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let mut buf = vec![0u8; n];
    let s = text::decode(&data, enc)
        .decode_into(&mut buf)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(s.to_owned())
}

/// The cheapest of GSM 7-bit and UCS-2 for `text` (fewest parts split with
/// an 8-bit UDH reference, then fewest octets): a dict with `data_coding`,
/// `encoding` (its name), `parts` and `octets`.
#[pyfunction]
pub(crate) fn choose<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    let options = SplitOptions::new(Scheme::Udh8 { reference: 0 });
    let c = text::choose(text, Allowed::GSM7_UCS2, &options)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let d = PyDict::new(py);
    d.set_item("data_coding", c.encoding.data_coding().0)?;
    d.set_item("encoding", c.encoding.name())?;
    d.set_item("parts", c.plan.parts)?;
    d.set_item("octets", c.plan.octets)?;
    Ok(d)
}

/// The submodule `smpp._smpp.text`.
pub(crate) fn module<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyModule>> {
    let m = PyModule::new(py, "text")?;
    m.add_function(wrap_pyfunction!(encode, &m)?)?;
    m.add_function(wrap_pyfunction!(decode, &m)?)?;
    m.add_function(wrap_pyfunction!(choose, &m)?)?;
    Ok(m)
}
