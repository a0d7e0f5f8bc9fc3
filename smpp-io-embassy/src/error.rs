//! Request outcomes, errors and the link state the client reports.

use smpp_proto::session::{CloseReason, FailureReason, SendError};
use smpp_proto::{CommandId, CommandStatus};

/// A message_id as the SMSC assigned it (SMPP 3.4 §5.2.23: at most 65 octets).
pub type MessageId = heapless::Vec<u8, 65>;

/// The successful outcome of a request: its response had command_status ESME_ROK.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Response {
    /// The response's command_id (e.g. submit_sm_resp).
    pub command_id: CommandId,
    /// The message_id of a submit_sm_resp / data_sm_resp (empty for others).
    pub message_id: MessageId,
}

/// Why a request did not succeed. Every request the client sent ends in
/// exactly one outcome: a [`Response`] or one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The SMSC answered with this error command_status (SMPP 3.4 §5.1.3),
    /// or with generic_nack (§4.3): the request was not accepted, e.g.
    /// ESME_RTHROTTLED or ESME_RINVDSTADR. (`smpp_io_tokio::Error::Rejected`
    /// is the same.)
    Rejected(CommandStatus),
    /// The request was sent but ended without a usable response: timeout or
    /// connection lost (the SMSC may or may not have taken it), or a response
    /// that did not decode.
    Failed(FailureReason),
    /// The session refused the request before sending it (the bind type
    /// does not allow it, or it cannot be encoded). Nothing was sent.
    Send(SendError),
    /// The client was stopped by [`crate::Client::unbind`]; nothing was sent.
    Stopped,
    /// The session ended for this reason instead of a clean unbind.
    Closed(CloseReason),
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Rejected(s) => write!(f, "refused by the SMSC: {s}"),
            Error::Failed(r) => write!(f, "request failed: {r}"),
            Error::Send(e) => write!(f, "not sent: {e}"),
            Error::Stopped => f.write_str("client stopped"),
            Error::Closed(r) => write!(f, "session closed: {r}"),
        }
    }
}

impl core::error::Error for Error {}

/// Where the [`crate::Runner`] is with its connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum LinkState {
    /// The runner has not started yet.
    Idle,
    /// Opening the transport.
    Connecting,
    /// Connected; the bind is on its way.
    Binding,
    /// Bound: requests are sent.
    Bound,
    /// Unbinding after [`crate::Client::unbind`].
    Unbinding,
    /// Waiting before the next connection attempt.
    BackingOff,
    /// Stopped by [`crate::Client::unbind`]; [`crate::Client::resume`] restarts it.
    Stopped,
}
