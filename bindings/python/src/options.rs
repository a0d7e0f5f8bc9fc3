//! The keyword arguments `smpp.text` and `smpp.concat` share, read into the
//! core's values: the GSM 7-bit tables (3GPP TS 23.038 §6.2.1.2.4 National
//! Language Identifiers), the encoding a data_coding names (SMPP 3.4
//! §5.2.19) and the split options (TS 23.040 §9.2.3.24; SMPP 3.4
//! §5.3.2.22–24 SAR, §5.3.2.32 message_payload).

use pyo3::exceptions::PyValueError;
use pyo3::PyResult;
use smpp_proto::concat::{Scheme, SplitOptions};
use smpp_proto::text::{DataCoding, Encoding, Gsm7Tables, NationalLanguage};

/// The language with National Language Identifier `id`.
pub(crate) fn language(id: u8) -> PyResult<NationalLanguage> {
    NationalLanguage::from_id(id).ok_or_else(|| {
        PyValueError::new_err(format!(
            "{id} is not a National Language Identifier (0..=13)"
        ))
    })
}

/// The GSM 7-bit tables: `language`'s pair, with the locking or single
/// shift table overridden where given.
pub(crate) fn tables(
    language_id: u8,
    locking: Option<u8>,
    single: Option<u8>,
) -> PyResult<Gsm7Tables> {
    let mut t = Gsm7Tables::language(language(language_id)?);
    if let Some(l) = locking {
        t.locking = language(l)?;
    }
    if let Some(s) = single {
        t.single_shift = language(s)?;
    }
    Ok(t)
}

/// The encoding `data_coding` announces (0 is the GSM 7-bit alphabet,
/// written with `tables`).
pub(crate) fn encoding(data_coding: u8, tables: Gsm7Tables) -> PyResult<Encoding> {
    match DataCoding(data_coding).encoding(Encoding::GSM7) {
        Ok(Encoding::Gsm7(_)) => Ok(Encoding::Gsm7(tables)),
        Ok(e) => Ok(e),
        Err(e) => Err(PyValueError::new_err(format!(
            "data_coding 0x{data_coding:02x}: {e}"
        ))),
    }
}

/// The data_coding an encoding is sent with.
pub(crate) fn data_coding(e: Encoding) -> u8 {
    e.data_coding().0
}

/// The split options: `scheme` is `"udh8"`, `"udh16"`, `"sar"` or
/// `"message_payload"`; `reference` ties the parts together.
pub(crate) fn split_options(
    scheme: &str,
    reference: u16,
    packed: bool,
    max_user_data: usize,
) -> PyResult<SplitOptions> {
    let scheme = match scheme {
        "udh8" => Scheme::Udh8 {
            reference: u8::try_from(reference)
                .map_err(|_| PyValueError::new_err("reference: udh8 takes 0..=255"))?,
        },
        "udh16" => Scheme::Udh16 { reference },
        "sar" => Scheme::Sar { reference },
        "message_payload" => Scheme::MessagePayload,
        other => {
            return Err(PyValueError::new_err(format!(
                "scheme {other:?}: one of \"udh8\", \"udh16\", \"sar\", \"message_payload\""
            )))
        }
    };
    let options = SplitOptions::new(scheme).max_user_data(max_user_data);
    Ok(if packed { options.packed() } else { options })
}
