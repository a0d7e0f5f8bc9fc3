//! What the session tells the application (SMPP 3.4 §2.3–2.8): events,
//! request outcomes, and the errors of application commands.

use super::state::{BindType, State};
use crate::codec::{Bind, CommandId, CommandStatus, InterfaceVersion, Outbind, Pdu, Violation};
use crate::error::{DecodeError, EncodeError, FrameError};
use crate::time::Instant;

/// Names one request this end sent; it is the request's sequence_number.
///
/// Every `RequestId` returned by a command ends in exactly one outcome event:
/// [`Event::Response`], [`Event::Bound`] / [`Event::BindRefused`] (binds),
/// [`Event::Sent`] (requests without a response: alert_notification,
/// outbind), or [`Event::RequestFailed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RequestId(pub(crate) u32);

impl RequestId {
    /// The sequence_number the request was sent with.
    pub const fn sequence_number(self) -> u32 {
        self.0
    }
}

/// Names one request the peer sent and this end has to answer: what
/// [`Event::Request`] and [`Event::BindRequest`] hand out, and what
/// [`super::Session::respond`] (and its kin: `respond_sm`, `acknowledge`,
/// `generic_nack`, `accept_bind`, `reject_bind`) take back.
///
/// Only the session makes one, so a response never goes to a number read
/// from somewhere else (this end's own [`RequestId`], a PDU's raw
/// sequence_number). It is the request's sequence_number (SMPP 3.4 §3.2:
/// the response carries the request's) and its command_id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PeerRequest {
    pub(crate) sequence_number: u32,
    pub(crate) command_id: CommandId,
}

impl PeerRequest {
    /// The sequence_number the peer sent the request with (the response
    /// carries the same, SMPP 3.4 §3.2).
    pub const fn sequence_number(self) -> u32 {
        self.sequence_number
    }

    /// The request's command_id (e.g. deliver_sm).
    pub const fn command_id(self) -> CommandId {
        self.command_id
    }

    /// For tests and fuzzing only: a handle on any sequence_number, to check
    /// that the session refuses to answer a request it never received.
    #[cfg(any(fuzzing, feature = "test-hooks"))]
    #[doc(hidden)]
    pub const fn made_up(sequence_number: u32, command_id: CommandId) -> Self {
        PeerRequest {
            sequence_number,
            command_id,
        }
    }
}

/// Why a request ended without a usable response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum FailureReason {
    /// No response within `response_timeout` (SMPP 3.4 §7.2 response_timer).
    /// The peer may still have acted on it: its fate is unknown.
    Timeout,
    /// The session closed before the response came. Its fate is unknown.
    ConnectionLost,
    /// A response arrived but its body could not be decoded.
    InvalidResponse(DecodeError),
}

impl core::fmt::Display for FailureReason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FailureReason::Timeout => {
                f.write_str("no response in time (the peer may have acted on it)")
            }
            FailureReason::ConnectionLost => {
                f.write_str("connection lost before the response (the peer may have acted on it)")
            }
            FailureReason::InvalidResponse(e) => write!(f, "the response does not decode: {e}"),
        }
    }
}

/// Why the session closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum CloseReason {
    /// This end unbound and the peer answered (or this end closed an unbound link).
    Unbound,
    /// The peer sent unbind; it was answered.
    PeerUnbound,
    /// The peer answered nothing in time (SMPP 3.4 §7.2): the keep-alive
    /// enquire_link went unanswered for `response_timeout`, or a request's
    /// response_timer ran out while the peer had answered nothing else and
    /// sent no request of its own since that request went out. Every
    /// outstanding request ends at once: those whose timer ran out with
    /// [`FailureReason::Timeout`], the others with
    /// [`FailureReason::ConnectionLost`].
    LinkDead,
    /// Nothing received for `inactivity_timeout`, and the unbind that followed ended.
    Inactivity,
    /// No successful bind within `session_init_timeout`.
    SessionInitTimeout,
    /// unbind_resp did not come within `unbind_timeout`.
    UnbindTimeout,
    /// The byte stream is broken (bad command_length, another protocol).
    Protocol(FrameError),
    /// The adapter reported that the connection is gone.
    Disconnected,
    /// The application closed the session.
    Application,
}

impl core::fmt::Display for CloseReason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CloseReason::Unbound => f.write_str("unbound"),
            CloseReason::PeerUnbound => f.write_str("the peer unbound"),
            CloseReason::LinkDead => f.write_str("the peer stopped answering (link dead)"),
            CloseReason::Inactivity => f.write_str("nothing received for the inactivity timeout"),
            CloseReason::SessionInitTimeout => {
                f.write_str("no bind within the session init timeout")
            }
            CloseReason::UnbindTimeout => f.write_str("no unbind_resp in time"),
            CloseReason::Protocol(e) => write!(f, "broken byte stream: {e}"),
            CloseReason::Disconnected => f.write_str("connection lost"),
            CloseReason::Application => f.write_str("closed by the application"),
        }
    }
}

/// A peer PDU the session could not take as it came. The session answered it
/// where the spec says to (`answered_with`) and goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ProtocolError {
    /// A request whose body did not decode.
    Undecodable {
        /// Its command_id.
        command_id: CommandId,
        /// Its sequence_number.
        sequence_number: u32,
        /// Why.
        error: DecodeError,
        /// The status sent back (in the response, or a generic_nack).
        answered_with: CommandStatus,
    },
    /// A command_id SMPP does not define, with or without the response bit
    /// (or a kind this build leaves out): answered with generic_nack
    /// ESME_RINVCMDID (SMPP 3.4 §4.3).
    UnknownCommand {
        /// The command_id.
        command_id: CommandId,
        /// Its sequence_number.
        sequence_number: u32,
    },
    /// A request the current state does not allow (SMPP 5.0 table 2-1).
    NotAllowed {
        /// Its command_id.
        command_id: CommandId,
        /// Its sequence_number.
        sequence_number: u32,
        /// The state it arrived in.
        state: State,
        /// The status sent back, if the command has a response.
        answered_with: Option<CommandStatus>,
    },
    /// A PDU that decodes but breaks a rule of the spec
    /// ([`crate::codec::validate`]; the first violation found).
    ///
    /// A request under [`super::Validation::Strict`] was refused with
    /// `answered_with` and is not delivered. Otherwise (a response, or
    /// [`super::Validation::Lenient`]) the PDU was delivered as usual, just
    /// before this event, and `answered_with` is `None`.
    Violation {
        /// Its command_id.
        command_id: CommandId,
        /// Its sequence_number.
        sequence_number: u32,
        /// The rule broken, with the status a strict peer answers.
        violation: Violation,
        /// The status sent back, when the request was refused.
        answered_with: Option<CommandStatus>,
    },
    /// A response (or generic_nack) matching no outstanding request, or of
    /// the wrong kind for the request its sequence_number names, whether its
    /// body decodes or not. Dropped and not answered: answering a response
    /// could loop between two ends (SMPP 3.4 §4.3 answers only unknown
    /// command_ids, see [`ProtocolError::UnknownCommand`]).
    UnexpectedResponse {
        /// Its command_id.
        command_id: CommandId,
        /// Its sequence_number.
        sequence_number: u32,
    },
    /// The byte stream is broken; the session closes after this.
    Frame(FrameError),
}

/// Something the application should know, from [`super::Session::poll_event`].
///
/// Events that carry a [`Pdu`] or a [`Bind`] borrow it from the session's
/// receive buffer, which is released at the next `poll_event`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Event<'a> {
    /// ESME: the bind succeeded (the outcome of the bind request `id`).
    Bound {
        /// The bind request.
        id: RequestId,
        /// How the session is bound.
        bind_type: BindType,
        /// The SMSC's system_id.
        system_id: &'a [u8],
        /// The negotiated version (3.3 when the SMSC sent no sc_interface_version).
        interface_version: InterfaceVersion,
    },
    /// ESME: the SMSC refused the bind (the outcome of `id`). The session
    /// stays OPEN; bind again or close.
    BindRefused {
        /// The bind request.
        id: RequestId,
        /// The SMSC's reason, e.g. ESME_RINVPASWD.
        command_status: CommandStatus,
    },
    /// SMSC: an ESME asks to bind. Answer with
    /// [`super::Session::accept_bind`] or [`super::Session::reject_bind`]
    /// (the place to check credentials).
    BindRequest {
        /// To pass to accept/reject.
        request: PeerRequest,
        /// The kind of bind asked for.
        bind_type: BindType,
        /// The request (its `Debug` never shows the password).
        bind: Bind<'a>,
    },
    /// ESME: the SMSC sent outbind; bind as receiver or transceiver.
    Outbind {
        /// The outbind PDU.
        outbind: Outbind<'a>,
    },
    /// A request from the peer (submit_sm, deliver_sm, data_sm, …). Answer it
    /// with [`super::Session::respond`] (or `respond_sm`, `acknowledge`,
    /// `generic_nack`). alert_notification (SMPP 3.4 §4.12) takes no answer.
    Request {
        /// To pass to `respond`.
        request: PeerRequest,
        /// The request.
        pdu: Pdu<'a>,
        /// Its wire bytes, header included, as received: an adapter that
        /// hands the request to another task keeps a copy of these instead
        /// of encoding `pdu` again.
        raw: &'a [u8],
    },
    /// The response to request `id` (generic_nack included): its outcome.
    Response {
        /// The request.
        id: RequestId,
        /// The response's command_status.
        command_status: CommandStatus,
        /// The response.
        pdu: Pdu<'a>,
        /// Its wire bytes, header included, as received.
        raw: &'a [u8],
    },
    /// Request `id`, a kind without a response (alert_notification,
    /// SMPP 3.4 §4.12; outbind, §4.1.7), is written to the transmit buffer:
    /// its outcome. Send what `poll_transmit` gives and it is done.
    Sent {
        /// The request.
        id: RequestId,
        /// Its command_id.
        command_id: CommandId,
    },
    /// Request `id` ended without a response: its outcome.
    RequestFailed {
        /// The request.
        id: RequestId,
        /// Its command_id.
        command_id: CommandId,
        /// Why.
        reason: FailureReason,
    },
    /// The peer throttled (ESME_RTHROTTLED / ESME_RMSGQFUL, SMPP 3.4
    /// §5.1.3): message requests are refused until `retry_at`. One event per
    /// throttling episode: the throttled answers to the requests that were
    /// in flight when it began are part of it; the back-off doubles only
    /// when a request sent after the pause is throttled again.
    Throttled {
        /// When sending may resume.
        retry_at: Instant,
    },
    /// The peer sent unbind (already answered); the session closes.
    PeerUnbound,
    /// A peer PDU was bad or out of place; see [`ProtocolError`].
    ProtocolError(ProtocolError),
    /// The session is CLOSED. Send what `poll_transmit` still gives, then
    /// close the connection. This is the last event.
    Closed {
        /// Why.
        reason: CloseReason,
    },
}

/// Why an application command was refused. Nothing was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum SendError {
    /// The current state (or this end's role) does not allow this command.
    InvalidState(State),
    /// The PDU is a response, or a command the session sends itself.
    NotARequest,
    /// The window is full: wait for an outcome, then retry (back-pressure).
    WindowFull,
    /// The transmit buffer has no room: drain `poll_transmit`, then retry.
    TransmitFull,
    /// The peer throttled; retry at this time.
    Throttled {
        /// When sending may resume.
        retry_at: Instant,
    },
    /// The configured rate limit is reached; retry at this time.
    RateLimited {
        /// When a token is available.
        retry_at: Instant,
    },
    /// No unanswered peer request has this sequence_number (it was answered
    /// already, or the session it came on has closed).
    UnknownSequence(u32),
    /// The response does not match the request it answers.
    WrongResponse {
        /// The response command_id expected.
        expected: CommandId,
    },
    /// The PDU cannot be encoded.
    Encode(EncodeError),
    /// An already-encoded PDU ([`super::Session::send_encoded`],
    /// [`super::Session::respond_encoded`]) whose header does not describe
    /// its bytes: shorter than a header, or a command_length other than
    /// its length (SMPP 3.4 §3.2).
    Malformed,
}

impl From<EncodeError> for SendError {
    fn from(e: EncodeError) -> Self {
        SendError::Encode(e)
    }
}

impl core::fmt::Display for SendError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SendError::InvalidState(s) => write!(f, "not allowed in state {s}"),
            SendError::NotARequest => f.write_str("not a request the application may send"),
            SendError::WindowFull => f.write_str("window full"),
            SendError::TransmitFull => f.write_str("transmit buffer full"),
            SendError::Throttled { retry_at } => {
                write!(f, "throttled by the peer until {} ms", retry_at.as_millis())
            }
            SendError::RateLimited { retry_at } => {
                write!(f, "rate limit reached until {} ms", retry_at.as_millis())
            }
            SendError::UnknownSequence(s) => write!(f, "no unanswered request {s}"),
            SendError::WrongResponse { expected } => write!(f, "expected {expected}"),
            SendError::Encode(e) => write!(f, "cannot encode: {e}"),
            SendError::Malformed => f.write_str("the PDU's header does not match its bytes"),
        }
    }
}

impl core::error::Error for SendError {}
