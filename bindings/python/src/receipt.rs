//! `smpp.receipt`: delivery receipts read and written (SMPP 3.4 Appendix B
//! text, §5.2.12 esm_class, §5.3.2.12 receipted_message_id, §5.3.2.35
//! message_state, §5.3.2.31 network_error_code), over the core's
//! `receipt` module.
//!
//! The receipt text is octets in the message's data_coding, practically
//! always ASCII: its tokens reach Python as `str` read as Latin-1, which
//! maps every octet to one character and back, so nothing is lost.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use smpp_proto::codec::{self, Pdu};
use smpp_proto::receipt::{
    DateFormat, DeliveryReceipt, MessageState, ParseMode, ReceiptDate, ReceiptErr, ReceiptError,
    ReceiptFields, ReceiptId, ReceiptKind,
};

/// Octets as a `str`, one character per octet (Latin-1).
fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// A `str` (Latin-1, one octet a character) or `bytes` argument.
#[derive(FromPyObject)]
pub(crate) enum Octets {
    Bytes(Vec<u8>),
    Text(String),
}

impl Octets {
    fn into_bytes(self, what: &str) -> PyResult<Vec<u8>> {
        match self {
            Octets::Bytes(b) => Ok(b),
            Octets::Text(s) => s
                .chars()
                .map(|c| u8::try_from(u32::from(c)).ok())
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| PyValueError::new_err(format!("{what}: only Latin-1 characters"))),
        }
    }
}

fn mode(strict: bool) -> ParseMode {
    if strict {
        ParseMode::Strict
    } else {
        ParseMode::Lenient
    }
}

fn receipt_error(e: ReceiptError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn kind_name(k: ReceiptKind) -> &'static str {
    match k {
        ReceiptKind::SmscDeliveryReceipt => "smsc_delivery_receipt",
        ReceiptKind::SmeDeliveryAck => "sme_delivery_ack",
        ReceiptKind::SmeManualAck => "sme_manual_ack",
        ReceiptKind::IntermediateNotification => "intermediate_notification",
        ReceiptKind::Unmarked => "unmarked",
    }
}

fn format_name(f: DateFormat) -> &'static str {
    match f {
        DateFormat::YyMmDdHhMm => "YYMMDDhhmm",
        DateFormat::YyMmDdHhMmSs => "YYMMDDhhmmss",
        DateFormat::YyyyMmDdHhMm => "YYYYMMDDhhmm",
        DateFormat::YyyyMmDdHhMmSs => "YYYYMMDDhhmmss",
    }
}

fn format_of(name: &str) -> PyResult<DateFormat> {
    [
        DateFormat::YyMmDdHhMm,
        DateFormat::YyMmDdHhMmSs,
        DateFormat::YyyyMmDdHhMm,
        DateFormat::YyyyMmDdHhMmSs,
    ]
    .into_iter()
    .find(|f| format_name(*f) == name)
    .ok_or_else(|| {
        PyValueError::new_err(format!(
            "date_format {name:?}: YYMMDDhhmm, YYMMDDhhmmss, YYYYMMDDhhmm or YYYYMMDDhhmmss"
        ))
    })
}

type DateTuple = (u16, u8, u8, u8, u8, u8);

fn date_tuple(d: ReceiptDate) -> DateTuple {
    (d.year, d.month, d.day, d.hour, d.minute, d.second)
}

/// The receipt as a dict (see the Python `smpp.receipt.Receipt`).
fn receipt_dict<'py>(py: Python<'py>, r: &DeliveryReceipt<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let s = |b: Option<&[u8]>| b.map(latin1);
    d.set_item("kind", kind_name(r.kind))?;
    d.set_item("message_id", s(r.message_id))?;
    d.set_item("state", r.state.map(MessageState::name))?;
    d.set_item("message_state", r.state.map(MessageState::message_state))?;
    d.set_item("submitted", r.submitted)?;
    d.set_item("delivered", r.delivered)?;
    d.set_item("submit_date", r.submit_date.map(date_tuple))?;
    d.set_item("done_date", r.done_date.map(date_tuple))?;
    d.set_item("err", s(r.err))?;
    d.set_item("error_code", r.error_code())?;
    d.set_item("text", s(r.text))?;
    d.set_item(
        "network_error_code",
        r.network_error_code.map(|n| (n.network_type, n.error_code)),
    )?;
    d.set_item("is_final", r.is_final())?;
    d.set_item("is_outcome", r.is_outcome())?;
    let date_format = [r.raw.submit_date, r.raw.done_date]
        .into_iter()
        .flatten()
        .find_map(|raw| ReceiptDate::parse_with_format(raw).map(|(_, f)| f))
        .unwrap_or_default();
    d.set_item("date_format", format_name(date_format))?;
    let raw = PyDict::new(py);
    raw.set_item("id", s(r.raw.id))?;
    raw.set_item("sub", s(r.raw.sub))?;
    raw.set_item("dlvrd", s(r.raw.dlvrd))?;
    raw.set_item("submit_date", s(r.raw.submit_date))?;
    raw.set_item("done_date", s(r.raw.done_date))?;
    raw.set_item("stat", s(r.raw.stat))?;
    raw.set_item("err", s(r.raw.err))?;
    raw.set_item("text", s(r.raw.text))?;
    d.set_item("raw", raw)?;
    Ok(d)
}

/// Reads receipt text (SMPP 3.4 Appendix B: `id:… sub:… dlvrd:… submit
/// date:… done date:… stat:… err:… text:…`). Lenient unless `strict`
/// (every field present once and well formed). Raises ValueError naming
/// the field at fault, or "not a delivery receipt".
#[pyfunction]
#[pyo3(signature = (text, *, strict = false))]
pub(crate) fn parse<'py>(
    py: Python<'py>,
    text: Octets,
    strict: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let text = text.into_bytes("text")?;
    let r = DeliveryReceipt::from_text(&text, mode(strict)).map_err(receipt_error)?;
    receipt_dict(py, &r)
}

/// Reads the receipt a deliver_sm or data_sm carries (its octets, as
/// `Request.raw` gives them): the receipt TLVs win over the text. None
/// when the PDU is not a receipt (no receipt esm_class, no receipt TLV).
#[pyfunction]
#[pyo3(signature = (pdu, *, strict = false))]
pub(crate) fn from_pdu<'py>(
    py: Python<'py>,
    pdu: Vec<u8>,
    strict: bool,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let (_, decoded) =
        codec::decode(&pdu).map_err(|e| PyValueError::new_err(format!("not a PDU: {e}")))?;
    let r = match &decoded {
        Pdu::DeliverSm(sm) => DeliveryReceipt::from_deliver_sm(sm, mode(strict)),
        Pdu::DataSm(sm) => DeliveryReceipt::from_data_sm(sm, mode(strict)),
        _ => None,
    };
    match r {
        None => Ok(None),
        Some(Ok(r)) => Ok(Some(receipt_dict(py, &r)?)),
        Some(Err(e)) => Err(receipt_error(e)),
    }
}

/// `id` as text or a number.
#[derive(FromPyObject)]
pub(crate) enum IdArg {
    Number(u64),
    Text(Octets),
}

/// `err` as a number or raw characters.
#[derive(FromPyObject)]
pub(crate) enum ErrArg {
    Number(u16),
    Text(Octets),
}

/// Writes receipt text as an SMSC does (SMPP 3.4 Appendix B): all eight
/// fields; a numeric `id` zero-padded to 10 digits; counts and a numeric
/// `err` to 3; dates (tuples `(year, month, day, hour, minute, second)`)
/// in `date_format`, zeros when None; `state` a stat word or spec name
/// (`"DELIVRD"`, `"DELIVERED"`), `BADSTAT` when None; `text` cut to 20
/// octets. Raises ValueError for an empty id or err, or one with white space.
#[pyfunction]
#[pyo3(signature = (id, *, submitted = 0, delivered = 0, submit_date = None, done_date = None, state = None, err = ErrArg::Number(0), text = Octets::Bytes(Vec::new()), date_format = "YYMMDDhhmm"))]
#[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
pub(crate) fn format<'py>(
    py: Python<'py>,
    id: IdArg,
    submitted: u16,
    delivered: u16,
    submit_date: Option<DateTuple>,
    done_date: Option<DateTuple>,
    state: Option<&str>,
    err: ErrArg,
    text: Octets,
    date_format: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let date = |t: Option<DateTuple>, what: &str| -> PyResult<Option<ReceiptDate>> {
        t.map(|(y, mo, d, h, mi, s)| {
            ReceiptDate::new(y, mo, d, h, mi, s)
                .ok_or_else(|| PyValueError::new_err(format!("{what}: not a date")))
        })
        .transpose()
    };
    let id_bytes;
    let id = match id {
        IdArg::Number(n) => ReceiptId::Number(n),
        IdArg::Text(t) => {
            id_bytes = t.into_bytes("id")?;
            ReceiptId::Text(&id_bytes)
        }
    };
    let err_bytes;
    let err = match err {
        ErrArg::Number(n) => ReceiptErr::Number(n),
        ErrArg::Text(t) => {
            err_bytes = t.into_bytes("err")?;
            ReceiptErr::Raw(&err_bytes)
        }
    };
    let state = state
        .map(|w| {
            MessageState::from_stat_word(w.as_bytes())
                .ok_or_else(|| PyValueError::new_err(format!("state {w:?} is not a message state")))
        })
        .transpose()?;
    let text = text.into_bytes("text")?;
    let fields = ReceiptFields {
        id,
        submitted,
        delivered,
        submit_date: date(submit_date, "submit_date")?,
        done_date: date(done_date, "done_date")?,
        date_format: format_of(date_format)?,
        state,
        err,
        text: &text,
    };
    let mut buf = vec![0u8; fields.encoded_len()];
    let n = fields
        .encode(&mut buf)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, buf.get(..n).unwrap_or_default()))
}

/// The submodule `smpp._smpp.receipt`.
pub(crate) fn module<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyModule>> {
    let m = PyModule::new(py, "receipt")?;
    m.add_function(wrap_pyfunction!(parse, &m)?)?;
    m.add_function(wrap_pyfunction!(from_pdu, &m)?)?;
    m.add_function(wrap_pyfunction!(format, &m)?)?;
    Ok(m)
}
