//! The package's exceptions, typed as h11/h2 type theirs, each carrying what
//! the caller needs: the command_status to answer with (SMPP 3.4 §5.1.3),
//! whether the session may go on (§2.8), when to retry (§5.1.3
//! ESME_RTHROTTLED).
//!
//! ```text
//! SmppError
//! ├── DecodeError        .command_status, .fatal, .sequence_number, .command_id
//! ├── EncodeError        a dict that is not a PDU, a value the codec refuses
//! └── SendError          a session command refused; nothing was sent
//!     ├── WindowFull     wait for an outcome (back-pressure, SMPP 3.4 §2.6)
//!     ├── TransmitFull   call data_to_send() first
//!     ├── Throttled      .retry_at (the peer's ESME_RTHROTTLED/ESME_RMSGQFUL)
//!     ├── RateLimited    .retry_at (the configured rate limit)
//!     ├── InvalidState   .state (SMPP 5.0 table 2-1)
//!     ├── UnknownRequest answered already, or never received
//!     └── WrongResponse  .expected
//! ```

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::{create_exception, PyErr};
use smpp_proto::session::SendError as CoreSendError;
use smpp_proto::{CommandStatus, DecodeError as CoreDecodeError, FrameError};

use crate::time::seconds;

create_exception!(
    smpp,
    SmppError,
    PyException,
    "The base of every exception this package raises."
);
create_exception!(
    smpp,
    DecodeError,
    SmppError,
    "Bytes that are not a PDU. `command_status` is the status to answer the peer with \
     (SMPP 3.4 §5.1.3), `fatal` whether the byte stream is lost (close the session) \
     rather than one PDU (answer it and go on)."
);
create_exception!(
    smpp,
    EncodeError,
    SmppError,
    "A dict that does not describe a PDU, or a value the codec refuses to encode."
);
create_exception!(
    smpp,
    SendError,
    SmppError,
    "A session command was refused; nothing was sent."
);
create_exception!(
    smpp,
    WindowFull,
    SendError,
    "The window of outstanding requests is full (SMPP 3.4 §2.6): wait for an outcome."
);
create_exception!(
    smpp,
    TransmitFull,
    SendError,
    "The transmit buffer is full: send what data_to_send() gives, then retry."
);
create_exception!(
    smpp,
    Throttled,
    SendError,
    "The peer throttled (ESME_RTHROTTLED / ESME_RMSGQFUL, SMPP 3.4 §5.1.3): retry at `retry_at`."
);
create_exception!(
    smpp,
    RateLimited,
    SendError,
    "The configured rate limit is reached: retry at `retry_at`."
);
create_exception!(
    smpp,
    InvalidState,
    SendError,
    "The session's state (`state`) or role does not allow this command (SMPP 5.0 table 2-1)."
);
create_exception!(
    smpp,
    UnknownRequest,
    SendError,
    "No unanswered peer request with this sequence_number (answered already, or not received)."
);
create_exception!(
    smpp,
    WrongResponse,
    SendError,
    "The response does not match the request it answers (`expected` names the right one)."
);

/// Raises `E` with `message` and then sets `attrs` on the exception.
fn with_attrs<E: pyo3::PyTypeInfo>(
    py: Python<'_>,
    message: String,
    attrs: &[(&str, Bound<'_, PyAny>)],
) -> PyErr {
    let e = PyErr::new::<E, _>(message);
    let value = e.value(py);
    for (k, v) in attrs {
        if let Err(set) = value.setattr(*k, v) {
            return set;
        }
    }
    e
}

/// A [`DecodeError`] for a PDU that did not decode.
pub(crate) fn decode_error(
    py: Python<'_>,
    message: String,
    command_status: Option<CommandStatus>,
    fatal: bool,
    header: Option<(u32, u32)>,
) -> PyErr {
    let none = || py.None().into_bound(py);
    let int = |n: u32| {
        n.into_pyobject(py)
            .map(|n| n.into_any())
            .unwrap_or_else(|_| none())
    };
    let status = command_status.map_or_else(none, |s| int(s.0));
    let (id, seq) = header.map_or_else(|| (none(), none()), |(id, seq)| (int(id), int(seq)));
    let fatal = pyo3::types::PyBool::new(py, fatal).to_owned().into_any();
    with_attrs::<DecodeError>(
        py,
        message,
        &[
            ("command_status", status),
            ("fatal", fatal),
            ("command_id", id),
            ("sequence_number", seq),
        ],
    )
}

/// The [`DecodeError`] of a core decode error.
pub(crate) fn from_decode(
    py: Python<'_>,
    e: &CoreDecodeError,
    header: Option<(u32, u32)>,
) -> PyErr {
    decode_error(
        py,
        e.to_string(),
        Some(e.command_status()),
        e.is_fatal(),
        header,
    )
}

/// The fatal [`DecodeError`] of a broken byte stream.
pub(crate) fn from_frame(py: Python<'_>, e: &FrameError) -> PyErr {
    decode_error(py, e.to_string(), Some(e.command_status()), true, None)
}

/// The typed exception of a refused session command.
pub(crate) fn from_send(py: Python<'_>, e: &CoreSendError) -> PyErr {
    let msg = e.to_string();
    let float = |t: f64| {
        t.into_pyobject(py)
            .map(|t| t.into_any())
            .unwrap_or_else(|_| py.None().into_bound(py))
    };
    match e {
        CoreSendError::WindowFull => WindowFull::new_err(msg),
        CoreSendError::TransmitFull => TransmitFull::new_err(msg),
        CoreSendError::Throttled { retry_at } => {
            with_attrs::<Throttled>(py, msg, &[("retry_at", float(seconds(*retry_at)))])
        }
        CoreSendError::RateLimited { retry_at } => {
            with_attrs::<RateLimited>(py, msg, &[("retry_at", float(seconds(*retry_at)))])
        }
        CoreSendError::InvalidState(state) => {
            let state = pyo3::types::PyString::new(py, &state.to_string()).into_any();
            with_attrs::<InvalidState>(py, msg, &[("state", state)])
        }
        CoreSendError::UnknownSequence(_) => UnknownRequest::new_err(msg),
        CoreSendError::WrongResponse { expected } => {
            let expected = pyo3::types::PyString::new(py, &expected.to_string()).into_any();
            with_attrs::<WrongResponse>(py, msg, &[("expected", expected)])
        }
        CoreSendError::Encode(_) => EncodeError::new_err(msg),
        _ => SendError::new_err(msg),
    }
}

/// Adds the exceptions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SmppError", py.get_type::<SmppError>())?;
    m.add("DecodeError", py.get_type::<DecodeError>())?;
    m.add("EncodeError", py.get_type::<EncodeError>())?;
    m.add("SendError", py.get_type::<SendError>())?;
    m.add("WindowFull", py.get_type::<WindowFull>())?;
    m.add("TransmitFull", py.get_type::<TransmitFull>())?;
    m.add("Throttled", py.get_type::<Throttled>())?;
    m.add("RateLimited", py.get_type::<RateLimited>())?;
    m.add("InvalidState", py.get_type::<InvalidState>())?;
    m.add("UnknownRequest", py.get_type::<UnknownRequest>())?;
    m.add("WrongResponse", py.get_type::<WrongResponse>())?;
    Ok(())
}
