//! Errors of the tokio adapter. The `io::Error` conversion lives here, never
//! in the core.

use smpp_proto::codec::Violation;
use smpp_proto::concat::SplitError;
use smpp_proto::session::{CloseReason, FailureReason, SendError};
use smpp_proto::{CommandStatus, EncodeError};

/// Why an operation of the client or server failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The socket failed.
    Io(std::io::Error),
    /// The session refused the command (state, window, throttling).
    Send(SendError),
    /// The request ended without a response. With `Timeout` or
    /// `ConnectionLost`, the peer may or may not have acted on it.
    Failed(FailureReason),
    /// The SMSC refused the bind.
    BindRefused(CommandStatus),
    /// The PDU could not be encoded.
    Encode(EncodeError),
    /// The session closed.
    Closed(Option<CloseReason>),
    /// A URL could not be parsed.
    Url(String),
    /// TLS setup or handshake failed (a pinned certificate or key that did
    /// not match included).
    Tls(String),
    /// The proxy could not be reached, refused the credentials or could
    /// not open the tunnel to the SMSC (its reply code named): see
    /// [`crate::proxy`].
    Proxy(String),
    /// The peer answered the request with an error command_status (SMPP 3.4
    /// §5.1.3), or with generic_nack (§4.3): it was not accepted.
    Rejected(CommandStatus),
    /// A text cannot be encoded or split (`smpp_proto::concat`).
    Text(SplitError),
    /// The peer answered with command_status 0 but the response breaks a
    /// rule of its mandatory part ([`smpp_proto::codec::first_violation`]),
    /// e.g. a submit_sm_resp without its message_id (SMPP 3.4 §4.4.2): not
    /// an acceptance to rely on, and the peer may have taken the message.
    InvalidResponse(Violation),
}

impl Error {
    /// `true` when the request may or may not have been acted on by the peer:
    /// it was sent, and then no response came in time (SMPP 3.4 §7.2
    /// response_timer) or the connection was lost first. Sending it again
    /// may duplicate it; a query_sm (§4.8) or the delivery receipt can tell.
    /// Also `true` for [`Error::InvalidResponse`]: a response with
    /// command_status 0 that cannot be relied on.
    pub fn is_fate_unknown(&self) -> bool {
        matches!(
            self,
            Error::Failed(FailureReason::Timeout | FailureReason::ConnectionLost)
                | Error::InvalidResponse(_)
        )
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io(e) => write!(f, "I/O error: {e}"),
            Error::Send(e) => write!(f, "not sent: {e}"),
            Error::Failed(FailureReason::Timeout) => {
                f.write_str("no response in time (the message's fate is unknown)")
            }
            Error::Failed(FailureReason::ConnectionLost) => {
                f.write_str("connection lost before the response (the message's fate is unknown)")
            }
            Error::Failed(r) => write!(f, "request failed: {r}"),
            Error::BindRefused(s) => write!(f, "bind refused: {s}"),
            Error::Encode(e) => write!(f, "cannot encode: {e}"),
            Error::Closed(Some(r)) => write!(f, "session closed: {r}"),
            Error::Closed(None) => f.write_str("session closed"),
            Error::Url(u) => write!(f, "bad SMPP URL: {u}"),
            Error::Tls(e) => write!(f, "TLS: {e}"),
            Error::Proxy(e) => write!(f, "proxy: {e}"),
            Error::Rejected(s) => write!(f, "refused by the peer: {s}"),
            Error::Text(e) => write!(f, "cannot encode the text: {e}"),
            Error::InvalidResponse(v) => write!(
                f,
                "invalid response with command_status 0: {v} (the message's fate is unknown)"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl From<EncodeError> for Error {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl From<SendError> for Error {
    fn from(e: SendError) -> Self {
        Error::Send(e)
    }
}
