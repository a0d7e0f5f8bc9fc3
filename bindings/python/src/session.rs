//! `smpp.Session`: the core's sans-IO session in the manner of h11, h2 and
//! wsproto: bytes in (`receive_data`), typed events out (`next_event`),
//! bytes to send (`data_to_send`), and the time as seconds passed in.
//!
//! Read first: SMPP 3.4 §2.3 (states), §2.6 (windowing), §2.8 (errors),
//! §7.2 (timers); the run loop in `smpp-proto/src/session/mod.rs`, which
//! this follows: after every input, take the events until there is none,
//! send what `data_to_send` gives, and call `handle_timeout` at
//! `next_deadline`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict, PyList};
use smpp_proto::codec::{Bind, Outbind, DEFAULT_MAX_COMMAND_LENGTH};
use smpp_proto::session::{
    BindType, Config, PeerRequest as CorePeerRequest, SessionWith, VecBuffer,
};
use smpp_proto::time::Instant;
use smpp_proto::{CommandId, CommandStatus, Header, InterfaceVersion, Pdu};

use crate::errors::from_send;
use crate::events;
use crate::from_dict::{fields_of, with_pdu};
use crate::time::{duration, instant, seconds};
use crate::to_dict::pdu_dict;

/// Requests outstanding at most (and peer requests left unanswered), as the
/// tokio adapter's session.
const WINDOW: usize = 64;
/// What the buffers start with; they grow to the largest PDU accepted.
const INITIAL_BUFFER: usize = 1024;

type Core = SessionWith<WINDOW, VecBuffer, VecBuffer>;

/// One end of one SMPP connection, ESME or SMSC, without I/O (SMPP 3.4 §2).
///
/// Make one with `Session.esme(...)` or `Session.smsc(...)`. Then, after
/// every input (`receive_data`, `handle_timeout`, a command such as
/// `submit_sm`), take `next_event()` until it returns `None`, send what
/// `data_to_send()` returns, and call `handle_timeout(now)` at
/// `next_deadline()`. `now` is seconds (a float) on any monotonic clock of
/// the caller's; the session never reads one.
///
/// Commands return the request's id (its sequence_number); every id ends in
/// exactly one outcome event: `Response`, `Bound` / `BindRefused`, `Sent` or
/// `RequestFailed`. A command the session cannot take now raises a
/// `SendError` (`WindowFull`, `Throttled`, `InvalidState`, ...) and sends
/// nothing.
#[pyclass(module = "smpp")]
pub(crate) struct Session {
    core: Core,
    /// Bytes received and not yet taken by the core (its buffer was full).
    pending: Vec<u8>,
    now: Instant,
}

fn bind_type(name: &str) -> PyResult<BindType> {
    match name {
        "transmitter" => Ok(BindType::Transmitter),
        "receiver" => Ok(BindType::Receiver),
        "transceiver" => Ok(BindType::Transceiver),
        _ => Err(PyValueError::new_err(format!(
            "bind_type: {name:?} is not transmitter, receiver or transceiver"
        ))),
    }
}

/// The name of a bind type, as `bind_type` takes it.
pub(crate) fn bind_type_name(b: BindType) -> &'static str {
    match b {
        BindType::Transmitter => "transmitter",
        BindType::Receiver => "receiver",
        BindType::Transceiver => "transceiver",
    }
}

/// The handle of a peer request to answer, from `Request.request` or
/// `BindRequest.request`: its sequence_number and command. Two handles of
/// the same request compare equal.
#[pyclass(module = "smpp", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PeerRequest {
    pub(crate) inner: CorePeerRequest,
}

#[pymethods]
impl PeerRequest {
    /// The sequence_number the peer sent the request with.
    #[getter]
    fn sequence_number(&self) -> u32 {
        self.inner.sequence_number()
    }

    /// The request's command name (`"deliver_sm"`).
    #[getter]
    fn command(&self) -> String {
        self.inner.command_id().to_string()
    }

    /// The request's command_id.
    #[getter]
    fn command_id(&self) -> u32 {
        self.inner.command_id().0
    }

    fn __repr__(&self) -> String {
        format!(
            "PeerRequest(command={:?}, sequence_number={})",
            self.inner.command_id().to_string(),
            self.inner.sequence_number()
        )
    }
}

/// A session's settings: the role's defaults, then what the caller gave.
#[allow(clippy::too_many_arguments)] // reason: one keyword argument of Python per setting
fn config(
    base: Config,
    interface_version: u8,
    window: usize,
    inbound_window: usize,
    response_timeout: f64,
    session_init_timeout: f64,
    enquire_link_interval: Option<f64>,
    inactivity_timeout: Option<f64>,
    max_command_length: u32,
) -> PyResult<Config> {
    Ok(Config {
        interface_version: InterfaceVersion(interface_version),
        window,
        inbound_window,
        response_timeout: duration(response_timeout, "response_timeout")?,
        session_init_timeout: duration(session_init_timeout, "session_init_timeout")?,
        enquire_link_interval: enquire_link_interval
            .map(|s| duration(s, "enquire_link_interval"))
            .transpose()?,
        inactivity_timeout: inactivity_timeout
            .map(|s| duration(s, "inactivity_timeout"))
            .transpose()?,
        max_command_length,
        ..base
    })
}

impl Session {
    fn make(config: Config, now: f64) -> PyResult<Self> {
        let now = instant(now)?;
        let limit = config.max_command_length as usize;
        Ok(Session {
            core: SessionWith::with_buffers(
                config,
                now,
                VecBuffer::new(INITIAL_BUFFER, limit),
                VecBuffer::new(INITIAL_BUFFER, limit.max(INITIAL_BUFFER) * 2),
            ),
            pending: Vec::new(),
            now,
        })
    }

    /// Offers the bytes the core did not take yet; whether it took any.
    fn feed(&mut self) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        let n = self.core.handle_input(self.now, &self.pending);
        self.pending.drain(..n.min(self.pending.len()));
        n > 0
    }

    fn at(&mut self, now: f64) -> PyResult<Instant> {
        let t = instant(now)?;
        self.now = self.now.max(t);
        Ok(t)
    }

    /// A request built from keyword fields (`tlvs` among them) and sent.
    fn request(
        &mut self,
        py: Python<'_>,
        now: f64,
        id: CommandId,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<u32> {
        let now = self.at(now)?;
        let core = &mut self.core;
        with_pdu(py, id, fields, None, true, |pdu| {
            core.send(now, pdu)
                .map(|r| r.sequence_number())
                .map_err(|e| from_send(py, &e))
        })
    }
}

#[pymethods]
impl Session {
    /// An ESME (client) session on a connection that just opened (OPEN).
    /// Defaults: SMPP 3.4, window 10, 30 s response and session-init
    /// timers, enquire_link every 30 s (SMPP 3.4 §7.2).
    #[staticmethod]
    #[pyo3(signature = (now = 0.0, *, interface_version = 0x34, window = 10, inbound_window = 10,
        response_timeout = 30.0, session_init_timeout = 30.0, enquire_link_interval = Some(30.0),
        inactivity_timeout = None, max_command_length = DEFAULT_MAX_COMMAND_LENGTH))]
    #[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
    fn esme(
        now: f64,
        interface_version: u8,
        window: usize,
        inbound_window: usize,
        response_timeout: f64,
        session_init_timeout: f64,
        enquire_link_interval: Option<f64>,
        inactivity_timeout: Option<f64>,
        max_command_length: u32,
    ) -> PyResult<Self> {
        let c = config(
            Config::esme(),
            interface_version,
            window,
            inbound_window,
            response_timeout,
            session_init_timeout,
            enquire_link_interval,
            inactivity_timeout,
            max_command_length,
        )?;
        Session::make(c, now)
    }

    /// An SMSC (server) session on a connection just accepted (OPEN).
    /// Defaults as `esme`, but no keep-alive of its own, a 5-minute
    /// inactivity timeout, and strict validation of requests.
    #[staticmethod]
    #[pyo3(signature = (now = 0.0, *, interface_version = 0x34, window = 10, inbound_window = 10,
        response_timeout = 30.0, session_init_timeout = 30.0, enquire_link_interval = None,
        inactivity_timeout = Some(300.0), max_command_length = DEFAULT_MAX_COMMAND_LENGTH))]
    #[allow(clippy::too_many_arguments)] // reason: Python keyword arguments
    fn smsc(
        now: f64,
        interface_version: u8,
        window: usize,
        inbound_window: usize,
        response_timeout: f64,
        session_init_timeout: f64,
        enquire_link_interval: Option<f64>,
        inactivity_timeout: Option<f64>,
        max_command_length: u32,
    ) -> PyResult<Self> {
        let c = config(
            Config::smsc(),
            interface_version,
            window,
            inbound_window,
            response_timeout,
            session_init_timeout,
            enquire_link_interval,
            inactivity_timeout,
            max_command_length,
        )?;
        Session::make(c, now)
    }

    // ----- getters ---------------------------------------------------------

    /// The state as the spec names it: OPEN, BOUND_TX, BOUND_RX, BOUND_TRX,
    /// UNBOUND, CLOSED, OUTBOUND (SMPP 3.4 §2.3).
    #[getter]
    fn state(&self) -> &'static str {
        self.core.state().name()
    }

    /// `"esme"` or `"smsc"`.
    #[getter]
    fn role(&self) -> &'static str {
        match self.core.role() {
            smpp_proto::session::Role::Esme => "esme",
            _ => "smsc",
        }
    }

    /// The negotiated interface_version (this end's own before a bind).
    #[getter]
    fn interface_version(&self) -> u8 {
        self.core.interface_version().0
    }

    /// Requests awaiting their outcome.
    #[getter]
    fn outstanding(&self) -> usize {
        self.core.outstanding()
    }

    /// Peer requests not answered yet.
    #[getter]
    fn unanswered(&self) -> usize {
        self.core.unanswered()
    }

    /// Whether a request can go now without `WindowFull`.
    #[getter]
    fn window_available(&self) -> bool {
        self.core.window_available()
    }

    /// Whether the session is CLOSED (send what `data_to_send` gives, then
    /// close the connection).
    #[getter]
    fn closed(&self) -> bool {
        self.core.is_closed()
    }

    // ----- inputs ----------------------------------------------------------

    /// Bytes received from the peer, split anywhere; `b""` means the
    /// connection ended (EOF): outstanding requests fail and the session
    /// closes.
    fn receive_data(&mut self, data: PyBackedBytes, now: f64) -> PyResult<()> {
        let t = self.at(now)?;
        if data.is_empty() {
            self.pending.clear();
            self.core.handle_disconnect(t);
            return Ok(());
        }
        self.pending.extend_from_slice(&data);
        self.feed();
        Ok(())
    }

    /// The clock reached `now` (call it at `next_deadline()`).
    fn handle_timeout(&mut self, now: f64) -> PyResult<()> {
        let t = self.at(now)?;
        self.core.handle_timeout(t);
        Ok(())
    }

    // ----- outputs ---------------------------------------------------------

    /// The next event, or `None` when there is none until more input.
    fn next_event(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            self.feed();
            if let Some(ev) = self.core.poll_event() {
                return events::convert(py, ev).map(Some);
            }
            if !self.feed() {
                return Ok(None);
            }
        }
    }

    /// Every event there is now, in order (`next_event` until `None`).
    fn events<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        while let Some(ev) = self.next_event(py)? {
            list.append(ev)?;
        }
        Ok(list)
    }

    /// The bytes to send to the peer now (empty when there are none).
    fn data_to_send<'py>(&mut self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let mut out = Vec::new();
        loop {
            let chunk = self.core.pending_transmit();
            if chunk.is_empty() {
                break;
            }
            out.extend_from_slice(chunk);
            let n = chunk.len();
            self.core.transmitted(n);
        }
        PyBytes::new(py, &out)
    }

    /// When `handle_timeout` must next be called (seconds), or `None`.
    fn next_deadline(&self) -> Option<f64> {
        self.core.poll_timeout().map(seconds)
    }

    // ----- commands --------------------------------------------------------

    /// ESME: bind (SMPP 3.4 §4.1) as `bind_type` (transmitter, receiver,
    /// transceiver). The outcome is `Bound`, `BindRefused` or `RequestFailed`.
    #[pyo3(signature = (now, system_id, password, *, bind_type = "transceiver", system_type = "",
        addr_ton = 0, addr_npi = 0, address_range = ""))]
    #[allow(clippy::too_many_arguments)] // reason: the bind's fields as Python keyword arguments
    fn bind(
        &mut self,
        py: Python<'_>,
        now: f64,
        system_id: &str,
        password: &str,
        bind_type: &str,
        system_type: &str,
        addr_ton: u8,
        addr_npi: u8,
        address_range: &str,
    ) -> PyResult<u32> {
        let kind = self::bind_type(bind_type)?;
        let now = self.at(now)?;
        let bind = Bind {
            system_id: system_id.as_bytes(),
            password: password.as_bytes(),
            system_type: system_type.as_bytes(),
            addr_ton,
            addr_npi,
            address_range: address_range.as_bytes(),
            ..Bind::default()
        };
        self.core
            .bind(now, kind, &bind)
            .map(|r| r.sequence_number())
            .map_err(|e| from_send(py, &e))
    }

    // submit_sm, deliver_sm, data_sm, query_sm, cancel_sm, replace_sm,
    // submit_multi and alert_notification: `requests!` at the end.

    /// Sends any request the state and role allow, from its dict (the form
    /// of `smpp.decode`: `command`, `fields`, `tlvs`; the header's other
    /// keys are the session's to set).
    fn send(&mut self, py: Python<'_>, now: f64, pdu: &Bound<'_, PyDict>) -> PyResult<u32> {
        let name: String = pdu
            .get_item("command")?
            .ok_or_else(|| PyValueError::new_err("command is required"))?
            .extract()?;
        let id = CommandId::parse(&name)
            .ok_or_else(|| PyValueError::new_err(format!("unknown command {name:?}")))?;
        let fields = fields_of(pdu)?;
        let tlvs = pdu.get_item(pyo3::intern!(py, "tlvs"))?;
        let now = self.at(now)?;
        let core = &mut self.core;
        with_pdu(py, id, fields.as_ref(), tlvs, false, |p| {
            core.send(now, p)
                .map(|r| r.sequence_number())
                .map_err(|e| from_send(py, &e))
        })
    }

    /// enquire_link (SMPP 3.4 §4.11) as a request with an outcome.
    fn enquire_link(&mut self, py: Python<'_>, now: f64) -> PyResult<u32> {
        let now = self.at(now)?;
        self.core
            .enquire_link(now)
            .map(|r| r.sequence_number())
            .map_err(|e| from_send(py, &e))
    }

    /// unbind (SMPP 3.4 §4.2): UNBOUND now, CLOSED when unbind_resp comes
    /// (or the unbind timer runs out).
    fn unbind(&mut self, py: Python<'_>, now: f64) -> PyResult<u32> {
        let now = self.at(now)?;
        self.core
            .unbind(now)
            .map(|r| r.sequence_number())
            .map_err(|e| from_send(py, &e))
    }

    /// SMSC: outbind (SMPP 3.4 §4.1.7); its outcome is `Sent`.
    #[pyo3(signature = (now, system_id, password = ""))]
    fn outbind(
        &mut self,
        py: Python<'_>,
        now: f64,
        system_id: &str,
        password: &str,
    ) -> PyResult<u32> {
        let now = self.at(now)?;
        let o = Outbind {
            system_id: system_id.as_bytes(),
            password: password.as_bytes(),
        };
        self.core
            .outbind(now, &o)
            .map(|r| r.sequence_number())
            .map_err(|e| from_send(py, &e))
    }

    /// Answers the peer `request` (from a `Request` event) with its
    /// response: `command_status` and the response's fields as keywords
    /// (`message_id="…"`). A negative status with no fields sends no body
    /// (SMPP 3.4 §4.4.2); a deliver_sm or data_sm answered with no fields
    /// gets the spec's empty message_id (§4.6.2, §4.7.2).
    #[pyo3(signature = (now, request, command_status = 0, **fields))]
    fn respond(
        &mut self,
        py: Python<'_>,
        now: f64,
        request: &PeerRequest,
        command_status: u32,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let now = self.at(now)?;
        let req = request.inner;
        let id = req.command_id().response();
        let status = CommandStatus(command_status);
        let core = &mut self.core;
        let delivery = matches!(req.command_id(), CommandId::DELIVER_SM | CommandId::DATA_SM);
        if delivery && fields.is_none_or(|f| f.is_empty()) {
            // The core's answer to a delivery: message_id unused (NULL),
            // SMPP 3.4 §4.6.2, §4.7.2.
            return core
                .acknowledge(now, req, status)
                .map_err(|e| from_send(py, &e));
        }
        with_pdu(py, id, fields, None, true, |p| {
            core.respond(now, req, status, p)
                .map_err(|e| from_send(py, &e))
        })
    }

    /// Answers the peer `request` with generic_nack `command_status`
    /// (SMPP 3.4 §4.3), e.g. 3 (ESME_RINVCMDID).
    fn generic_nack(
        &mut self,
        py: Python<'_>,
        now: f64,
        request: &PeerRequest,
        command_status: u32,
    ) -> PyResult<()> {
        let now = self.at(now)?;
        self.core
            .generic_nack(now, request.inner, CommandStatus(command_status))
            .map_err(|e| from_send(py, &e))
    }

    /// SMSC: accepts the bind `request` (from `BindRequest`) as `system_id`
    /// (SMPP 3.4 §4.1); the session becomes BOUND_*.
    fn accept_bind(
        &mut self,
        py: Python<'_>,
        now: f64,
        request: &PeerRequest,
        system_id: &str,
    ) -> PyResult<()> {
        let now = self.at(now)?;
        self.core
            .accept_bind(now, request.inner, system_id.as_bytes())
            .map_err(|e| from_send(py, &e))
    }

    /// SMSC: refuses the bind `request` with `command_status` (e.g. 0x0E,
    /// ESME_RINVPASWD); the session stays OPEN.
    fn reject_bind(
        &mut self,
        py: Python<'_>,
        now: f64,
        request: &PeerRequest,
        command_status: u32,
    ) -> PyResult<()> {
        let now = self.at(now)?;
        self.core
            .reject_bind(now, request.inner, CommandStatus(command_status))
            .map_err(|e| from_send(py, &e))
    }

    /// Closes at once, without unbind; outstanding requests fail.
    fn close(&mut self, now: f64) -> PyResult<()> {
        let t = self.at(now)?;
        self.core.close(t);
        Ok(())
    }
}

/// The dict of a PDU that came without its wire bytes (a bind request).
pub(crate) fn synthetic_dict<'py>(
    py: Python<'py>,
    sequence_number: u32,
    pdu: &Pdu<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let header = Header {
        command_length: u32::try_from(pdu.encoded_len()).unwrap_or(u32::MAX),
        command_id: pdu.command_id(),
        command_status: CommandStatus::ESME_ROK,
        sequence_number,
    };
    pdu_dict(py, &header, pdu)
}

/// A core event's request handle for Python.
pub(crate) fn peer_request(py: Python<'_>, inner: CorePeerRequest) -> PyResult<Py<PeerRequest>> {
    Py::new(py, PeerRequest { inner })
}

/// The requests that take their fields as keywords, one Python method each
/// (`session.submit_sm(now, destination_addr="…", short_message=b"…",
/// tlvs=[…])`), all sent by [`Session::request`].
macro_rules! requests {
    ($( $(#[$doc:meta])* $name:ident = $id:ident; )*) => {
        #[pymethods]
        impl Session {
            $(
                $(#[$doc])*
                #[pyo3(signature = (now, **fields))]
                fn $name(
                    &mut self,
                    py: Python<'_>,
                    now: f64,
                    fields: Option<&Bound<'_, PyDict>>,
                ) -> PyResult<u32> {
                    self.request(py, now, CommandId::$id, fields)
                }
            )*
        }
    };
}

requests! {
    /// submit_sm (SMPP 3.4 §4.4) with its fields as keywords, by their spec
    /// names (`destination_addr="…", short_message=b"…"`, `tlvs=[…]`).
    submit_sm = SUBMIT_SM;
    /// SMSC: deliver_sm (SMPP 3.4 §4.6), fields as for `submit_sm`.
    deliver_sm = DELIVER_SM;
    /// data_sm (SMPP 3.4 §4.7), either direction.
    data_sm = DATA_SM;
    /// query_sm (SMPP 3.4 §4.8).
    query_sm = QUERY_SM;
    /// cancel_sm (SMPP 3.4 §4.9).
    cancel_sm = CANCEL_SM;
    /// replace_sm (SMPP 3.4 §4.10).
    replace_sm = REPLACE_SM;
    /// submit_multi (SMPP 3.4 §4.5): `dest_addresses=[{"dest_addr_ton": 1,
    /// "dest_addr_npi": 1, "destination_addr": "…"}, {"dl_name": "…"}]`.
    submit_multi = SUBMIT_MULTI;
    /// SMSC: alert_notification (SMPP 3.4 §4.12); its outcome is `Sent`.
    alert_notification = ALERT_NOTIFICATION;
}
