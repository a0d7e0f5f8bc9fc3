//! The session's events as typed Python objects (`smpp.Bound`,
//! `smpp.Response`, `smpp.Request`, ...), one class per kind of the core's
//! `Event` (SMPP 3.4 §2.3–2.8), each owning its values: nothing borrows the
//! session's buffer once `next_event` returns.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyTuple};
use smpp_proto::session::{CloseReason, Event, FailureReason, ProtocolError as CoreProtocolError};
use smpp_proto::{CommandId, Header, Pdu};

use crate::session::{bind_type_name, peer_request, synthetic_dict, PeerRequest};
use crate::time::seconds;

/// Declares a frozen event class with read-only attributes, a repr, and
/// equality and hashing by its fields in order (as h11's events, frozen
/// dataclasses, have; an event holding a dict is not hashable), with
/// `__match_args__` for `match`.
macro_rules! event {
    ($(#[$doc:meta])* $name:ident as $py:literal { $( $(#[$fdoc:meta])* $field:ident : $ty:ty ),* $(,)? }) => {
        $(#[$doc])*
        #[pyclass(module = "smpp", name = $py, frozen, get_all)]
        pub(crate) struct $name {
            $( $(#[$fdoc])* pub(crate) $field: $ty, )*
        }

        impl $name {
            /// The values of the fields, in order.
            #[allow(unused_variables)] // reason: an event without fields
            fn values<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
                let values: Vec<Bound<'py, PyAny>> = vec![$( slf.getattr(stringify!($field))? ),*];
                PyTuple::new(slf.py(), values)
            }
        }

        #[pymethods]
        impl $name {
            #[classattr]
            fn __match_args__(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
                let names: Vec<&'static str> = vec![$( stringify!($field) ),*];
                PyTuple::new(py, names)
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                let names: Vec<&'static str> = vec![$( stringify!($field) ),*];
                let parts = names
                    .iter()
                    .zip(Self::values(slf)?.iter())
                    .map(|(n, v)| Ok(format!("{n}={}", v.repr()?)))
                    .collect::<PyResult<Vec<String>>>()?;
                Ok(format!("{}({})", $py, parts.join(", ")))
            }

            fn __eq__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                same_fields(slf.py(), Self::values(slf)?, other.cast::<Self>().ok().map(Self::values), true)
            }

            fn __ne__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
                same_fields(slf.py(), Self::values(slf)?, other.cast::<Self>().ok().map(Self::values), false)
            }

            fn __hash__(slf: &Bound<'_, Self>) -> PyResult<isize> {
                Self::values(slf)?.hash()
            }
        }
    };
}

/// `==` (or `!=` when `eq` is false) between the field values of two
/// events; `NotImplemented` when the other is not of the same class.
fn same_fields(
    py: Python<'_>,
    mine: Bound<'_, PyTuple>,
    other: Option<PyResult<Bound<'_, PyTuple>>>,
    eq: bool,
) -> PyResult<Py<PyAny>> {
    let Some(other) = other else {
        return Ok(py.NotImplemented());
    };
    let same = mine.eq(other?)?;
    Ok(PyBool::new(py, same == eq).to_owned().into_any().unbind())
}

event! {
    /// ESME: the bind succeeded; the outcome of bind request `id`.
    BoundEvent as "Bound" {
        /// The bind request's id.
        id: u32,
        /// `"transmitter"`, `"receiver"` or `"transceiver"`.
        bind_type: &'static str,
        /// The SMSC's system_id (`str`, or `{"hex": ...}`).
        system_id: Py<PyAny>,
        /// The negotiated interface_version (0x33 when the SMSC sent none).
        interface_version: u8,
    }
}

event! {
    /// ESME: the SMSC refused the bind `id` with `command_status`; the
    /// session stays OPEN.
    BindRefused as "BindRefused" { id: u32, command_status: u32 }
}

event! {
    /// SMSC: an ESME asks to bind: answer with `accept_bind` or
    /// `reject_bind`. `pdu` is the bind request's dict.
    BindRequest as "BindRequest" { request: Py<PeerRequest>, bind_type: &'static str, pdu: Py<PyDict> }
}

event! {
    /// ESME: the SMSC sent outbind (SMPP 3.4 §4.1.7): bind as a receiver.
    OutbindEvent as "Outbind" { pdu: Py<PyDict> }
}

event! {
    /// A request from the peer (submit_sm, deliver_sm, ...): answer it with
    /// `respond` (or `generic_nack`). `pdu` is its dict, `raw` its octets.
    Request as "Request" { request: Py<PeerRequest>, pdu: Py<PyDict>, raw: Py<PyBytes> }
}

event! {
    /// The response to request `id` (a generic_nack included): its outcome.
    Response as "Response" { id: u32, command_status: u32, pdu: Py<PyDict>, raw: Py<PyBytes> }
}

event! {
    /// Request `id`, of a kind without a response (alert_notification,
    /// outbind), was written: its outcome.
    Sent as "Sent" { id: u32, command: String }
}

event! {
    /// Request `id` ended without a response: its outcome. `reason` is
    /// `"timeout"`, `"connection_lost"` or `"invalid_response"`.
    RequestFailed as "RequestFailed" { id: u32, command: String, reason: &'static str, message: String }
}

event! {
    /// The peer throttled (ESME_RTHROTTLED / ESME_RMSGQFUL): message
    /// requests raise `Throttled` until `retry_at` (seconds).
    PeerThrottled as "PeerThrottled" { retry_at: f64 }
}

event! {
    /// The peer sent unbind (answered already); the session closes.
    PeerUnbound as "PeerUnbound" {}
}

event! {
    /// A peer PDU was bad or out of place; the session answered it where
    /// the spec says to (`answered_with`) and goes on, unless `kind` is
    /// `"frame"` (the byte stream is broken; `Closed` follows).
    ProtocolError as "ProtocolError" {
        kind: &'static str,
        message: String,
        command: Option<String>,
        sequence_number: Option<u32>,
        answered_with: Option<u32>,
    }
}

event! {
    /// The session is CLOSED: send what `data_to_send` still gives, then
    /// close the connection. The last event. `reason` is one of
    /// `"unbound"`, `"peer_unbound"`, `"link_dead"`, `"inactivity"`,
    /// `"session_init_timeout"`, `"unbind_timeout"`, `"protocol"`,
    /// `"disconnected"`, `"application"`.
    Closed as "Closed" { reason: &'static str, message: String }
}

fn failure(r: &FailureReason) -> &'static str {
    match r {
        FailureReason::Timeout => "timeout",
        FailureReason::ConnectionLost => "connection_lost",
        _ => "invalid_response",
    }
}

fn close_reason(r: &CloseReason) -> &'static str {
    match r {
        CloseReason::Unbound => "unbound",
        CloseReason::PeerUnbound => "peer_unbound",
        CloseReason::LinkDead => "link_dead",
        CloseReason::Inactivity => "inactivity",
        CloseReason::SessionInitTimeout => "session_init_timeout",
        CloseReason::UnbindTimeout => "unbind_timeout",
        CloseReason::Protocol(_) => "protocol",
        CloseReason::Disconnected => "disconnected",
        _ => "application",
    }
}

/// The dict of a PDU received with its octets.
fn received<'py>(py: Python<'py>, pdu: &Pdu<'_>, raw: &[u8]) -> PyResult<Bound<'py, PyDict>> {
    let header = Header::parse(raw).unwrap_or(Header {
        command_length: 0,
        command_id: pdu.command_id(),
        command_status: smpp_proto::CommandStatus::ESME_ROK,
        sequence_number: 0,
    });
    crate::to_dict::pdu_dict(py, &header, pdu)
}

fn protocol_error(py: Python<'_>, e: &CoreProtocolError) -> PyResult<Py<PyAny>> {
    let name = |id: CommandId| Some(id.to_string());
    let (kind, command, seq, answered) = match e {
        CoreProtocolError::Undecodable {
            command_id,
            sequence_number,
            answered_with,
            ..
        } => (
            "undecodable",
            name(*command_id),
            Some(*sequence_number),
            Some(answered_with.0),
        ),
        CoreProtocolError::UnknownCommand {
            command_id,
            sequence_number,
        } => (
            "unknown_command",
            name(*command_id),
            Some(*sequence_number),
            Some(smpp_proto::CommandStatus::ESME_RINVCMDID.0),
        ),
        CoreProtocolError::NotAllowed {
            command_id,
            sequence_number,
            answered_with,
            ..
        } => (
            "not_allowed",
            name(*command_id),
            Some(*sequence_number),
            answered_with.map(|s| s.0),
        ),
        CoreProtocolError::Violation {
            command_id,
            sequence_number,
            answered_with,
            ..
        } => (
            "violation",
            name(*command_id),
            Some(*sequence_number),
            answered_with.map(|s| s.0),
        ),
        CoreProtocolError::UnexpectedResponse {
            command_id,
            sequence_number,
        } => (
            "unexpected_response",
            name(*command_id),
            Some(*sequence_number),
            None,
        ),
        CoreProtocolError::Frame(_) => ("frame", None, None, None),
        _ => ("other", None, None, None),
    };
    let message = match e {
        CoreProtocolError::Undecodable { error, .. } => error.to_string(),
        CoreProtocolError::Violation { violation, .. } => violation.to_string(),
        CoreProtocolError::Frame(f) => f.to_string(),
        other => format!("{other:?}"),
    };
    Ok(Py::new(
        py,
        ProtocolError {
            kind,
            message,
            command,
            sequence_number: seq,
            answered_with: answered,
        },
    )?
    .into_any())
}

/// The Python object of one core event.
pub(crate) fn convert(py: Python<'_>, ev: Event<'_>) -> PyResult<Py<PyAny>> {
    fn obj<T: pyo3::PyClass + Into<PyClassInitializer<T>>>(
        py: Python<'_>,
        v: T,
    ) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, v)?.into_any())
    }
    match ev {
        Event::Bound {
            id,
            bind_type,
            system_id,
            interface_version,
        } => obj(
            py,
            BoundEvent {
                id: id.sequence_number(),
                bind_type: bind_type_name(bind_type),
                system_id: crate::to_dict::cstr(py, system_id)?.unbind(),
                interface_version: interface_version.0,
            },
        ),
        Event::BindRefused { id, command_status } => obj(
            py,
            BindRefused {
                id: id.sequence_number(),
                command_status: command_status.0,
            },
        ),
        Event::BindRequest {
            request,
            bind_type,
            bind,
        } => {
            let pdu = match bind_type {
                smpp_proto::session::BindType::Transmitter => Pdu::BindTransmitter(bind),
                smpp_proto::session::BindType::Receiver => Pdu::BindReceiver(bind),
                _ => Pdu::BindTransceiver(bind),
            };
            obj(
                py,
                BindRequest {
                    request: peer_request(py, request)?,
                    bind_type: bind_type_name(bind_type),
                    pdu: synthetic_dict(py, request.sequence_number(), &pdu)?.unbind(),
                },
            )
        }
        Event::Outbind { outbind } => obj(
            py,
            OutbindEvent {
                pdu: synthetic_dict(py, 0, &Pdu::Outbind(outbind))?.unbind(),
            },
        ),
        Event::Request { request, pdu, raw } => obj(
            py,
            Request {
                request: peer_request(py, request)?,
                pdu: received(py, &pdu, raw)?.unbind(),
                raw: PyBytes::new(py, raw).unbind(),
            },
        ),
        Event::Response {
            id,
            command_status,
            pdu,
            raw,
        } => obj(
            py,
            Response {
                id: id.sequence_number(),
                command_status: command_status.0,
                pdu: received(py, &pdu, raw)?.unbind(),
                raw: PyBytes::new(py, raw).unbind(),
            },
        ),
        Event::Sent { id, command_id } => obj(
            py,
            Sent {
                id: id.sequence_number(),
                command: command_id.to_string(),
            },
        ),
        Event::RequestFailed {
            id,
            command_id,
            reason,
        } => obj(
            py,
            RequestFailed {
                id: id.sequence_number(),
                command: command_id.to_string(),
                reason: failure(&reason),
                message: reason.to_string(),
            },
        ),
        Event::Throttled { retry_at } => obj(
            py,
            PeerThrottled {
                retry_at: seconds(retry_at),
            },
        ),
        Event::PeerUnbound => obj(py, PeerUnbound {}),
        Event::ProtocolError(e) => protocol_error(py, &e),
        Event::Closed { reason } => obj(
            py,
            Closed {
                reason: close_reason(&reason),
                message: reason.to_string(),
            },
        ),
        other => obj(
            py,
            ProtocolError {
                kind: "other",
                message: format!("{other:?}"),
                command: None,
                sequence_number: None,
                answered_with: None,
            },
        ),
    }
}

/// Adds the event classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BoundEvent>()?;
    m.add_class::<BindRefused>()?;
    m.add_class::<BindRequest>()?;
    m.add_class::<OutbindEvent>()?;
    m.add_class::<Request>()?;
    m.add_class::<Response>()?;
    m.add_class::<Sent>()?;
    m.add_class::<RequestFailed>()?;
    m.add_class::<PeerThrottled>()?;
    m.add_class::<PeerUnbound>()?;
    m.add_class::<ProtocolError>()?;
    m.add_class::<Closed>()?;
    m.add_class::<PeerRequest>()?;
    Ok(())
}
