//! The sans-IO SMPP session, for both ESME and SMSC (SMPP 3.4 §2.2–2.8,
//! SMPP 5.0 §2.4–2.9).
//!
//! Read before editing: SMPP 3.4 §2.3 (states), §2.6 (windowing), §2.8 (error
//! handling), §7.2 (timers); SMPP 5.0 table 2-1 (operation / state matrix).
//!
//! # Run loop
//!
//! A [`Session`] is deterministic and performs no I/O. After every input —
//! [`Session::handle_input`] (bytes from the socket), [`Session::handle_timeout`]
//! (the clock), or an application command (`bind`, `submit_sm`, `respond`,
//! `unbind`, …) — drain the outputs until there is nothing left, in this order:
//!
//! 1. [`Session::poll_event`] until `None`;
//! 2. [`Session::poll_transmit`] until it returns 0, writing the bytes to the socket;
//! 3. then sleep until [`Session::poll_timeout`] or until the socket is readable.
//!
//! Handling an event may queue bytes (automatic replies) and sending may free
//! room for more events, so loop over 1 and 2 until neither makes progress.
//!
//! ```
//! use smpp_proto::session::{Config, Event, Session, BindType};
//! use smpp_proto::codec::Bind;
//! use smpp_proto::time::Instant;
//!
//! let mut esme: Session = Session::new(Config::esme(), Instant::ZERO);
//! let bind = Bind { system_id: b"user", password: b"pass", ..Bind::default() };
//! let id = esme.bind(Instant::ZERO, BindType::Transceiver, &bind).unwrap();
//!
//! let mut out = [0u8; 1024];
//! let n = esme.poll_transmit(&mut out);
//! assert!(n > 0); // write &out[..n] to the socket
//!
//! // Later, bytes arrive from the socket:
//! # let from_socket: &[u8] = &[];
//! esme.handle_input(Instant::from_millis(20), from_socket);
//! while let Some(event) = esme.poll_event() {
//!     match event {
//!         Event::Bound { .. } => { /* ready to submit */ }
//!         _ => {}
//!     }
//! }
//! let wake_at = esme.poll_timeout(); // call handle_timeout then
//! # let _ = (id, wake_at);
//! ```

mod buffers;
mod config;
mod congestion;
mod encoded;
mod event;
mod pacing;
mod reconnect;
mod state;
mod window;

pub use config::{Config, CustomCommands, RateLimit, Validation};
pub use event::{
    CloseReason, Event, FailureReason, PeerRequest, ProtocolError, RequestId, SendError,
};
pub use reconnect::ReconnectBackoff;
pub use state::{BindType, Role, State};

pub use buffers::Buffer;
#[cfg(feature = "alloc")]
pub use buffers::VecBuffer;
use buffers::{RxBuf, TxBuf};
use encoded::Encoded;
use pacing::Backoff;
pub use pacing::RateBucket;
use state::may_send;
use window::{Pending, Window};

use crate::codec::{
    field, first_violation, read_pdu, Bind, BindResp, CommandId, CommandStatus, Encode, Header,
    HeaderOnly, InterfaceVersion, Outbind, Pdu, ReadPdu, SmResp, Tlv, TlvTag, Tlvs, Typed,
};
use crate::error::{DecodeError, FrameError};
use crate::time::Instant;

/// Room kept free in the transmit buffer for automatic replies (enquire_link_resp,
/// generic_nack, error responses, unbind_resp: header only).
const REPLY_RESERVE: usize = field::HEADER_LEN * 2;

/// The session timers, one slot each (SMPP 3.4 §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timer {
    /// Close if not bound by then (session_init_timer).
    SessionInit = 0,
    /// Send the keep-alive enquire_link then (enquire_link_timer).
    EnquireLink = 1,
    /// Unbind a silent peer then (inactivity_timer).
    Inactivity = 2,
    /// Close if unbind_resp has not come by then.
    Unbind = 3,
}

const TIMERS: usize = 4;

/// An event waiting in the queue: only the small, owned kinds are ever
/// queued, so the session stays small (an [`Event`] carries a whole PDU).
/// A violation of a PDU that was delivered waits here until the event that
/// delivered it has been polled.
#[derive(Debug, Clone, Copy)]
enum Queued {
    Protocol(ProtocolError),
    Throttled(Instant),
}

impl Queued {
    fn event(self) -> Event<'static> {
        match self {
            Queued::Protocol(e) => Event::ProtocolError(e),
            Queued::Throttled(retry_at) => Event::Throttled { retry_at },
        }
    }
}

/// A peer request not yet answered: a place in the inbound window
/// (SMPP 3.4 §2.6).
#[derive(Debug, Clone, Copy)]
struct Unanswered {
    request: PeerRequest,
    /// For binds (SMSC): the version the ESME asked for.
    interface_version: InterfaceVersion,
}

/// The version a session runs at once bound (SMPP 3.4 §5.2.4, §5.3.2.25):
/// the lower of this end's configured `ours` and the peer's — the
/// interface_version of its bind (SMSC), or the sc_interface_version of its
/// bind response, 3.3 when it has none (ESME). The one rule both roles use.
fn negotiate(ours: InterfaceVersion, peer: InterfaceVersion) -> InterfaceVersion {
    ours.negotiate(peer)
}

/// An SMPP session with fixed-size buffers: one end of one connection, ESME
/// or SMSC (SMPP 3.4 §2.2).
///
/// Capacities are fixed at compile time: `W` outstanding requests (and
/// unanswered peer requests), `RX` bytes of receive buffer (the largest PDU
/// accepted), `TX` bytes of transmit buffer. Nothing allocates. For storage
/// of your own (a `static` slice, a buffer that grows), see [`SessionWith`].
pub type Session<const W: usize = 16, const RX: usize = 4096, const TX: usize = 4096> =
    SessionWith<W, [u8; RX], [u8; TX]>;

/// An SMPP session: one end of one connection, ESME or SMSC (SMPP 3.4 §2.2),
/// with receive and transmit storage supplied by the caller.
///
/// `W` bounds outstanding requests (and unanswered peer requests). `RB`
/// holds received bytes: its [`Buffer::limit`] is the largest PDU accepted.
/// `TB` holds encoded PDUs until the socket takes them. [`Session`] is the
/// common case with arrays; a server holding thousands of sessions can pass
/// buffers that start small and grow only when a long PDU comes (and call
/// [`SessionWith::shrink_buffers`] when idle).
#[derive(Debug)]
pub struct SessionWith<const W: usize, RB, TB> {
    rx: RxBuf<RB>,
    tx: TxBuf<TB>,
    core: Core<W>,
}

#[derive(Debug)]
struct Core<const W: usize> {
    config: Config,
    state: State,
    version: InterfaceVersion,
    bind_type: Option<BindType>,
    now: Instant,
    window: Window<W>,
    unanswered: heapless::Vec<Unanswered, W>,
    /// The keep-alive enquire_link this end sent itself.
    keepalive: Option<Pending>,
    /// How many times the peer answered one of this end's requests (its
    /// answer to the keep-alive aside) or sent a request of its own,
    /// wrapping: each request keeps the count of its sending.
    heard: u32,
    /// The sequence_number of the unbind this end sent itself (inactivity).
    own_unbind: Option<u32>,
    timers: [Option<Instant>; TIMERS],
    /// Bytes of the receive buffer to drop at the next call (the PDUs the
    /// last `poll_event` went through, including one lent in its event).
    rx_release: usize,
    /// Why the session closes once the current unbind ends.
    unbind_reason: CloseReason,
    close_reason: Option<CloseReason>,
    closed_reported: bool,
    /// Events raised while handling something else, returned first by the next poll.
    queue: heapless::Deque<Queued, 4>,
    backoff: Backoff,
    bucket: RateBucket,
    /// The peer's last congestion_state (SMPP 5.0 §4.8.4.19).
    peer_congestion: Option<u8>,
}

impl<const W: usize, const RX: usize, const TX: usize> SessionWith<W, [u8; RX], [u8; TX]> {
    /// A session on a connection that just opened (state OPEN), with
    /// zeroed array buffers.
    pub fn new(config: Config, now: Instant) -> Self {
        Self::with_buffers(config, now, [0; RX], [0; TX])
    }
}

impl<const W: usize, RB: Buffer, TB: Buffer> SessionWith<W, RB, TB> {
    /// A session on a connection that just opened (state OPEN), keeping
    /// received bytes in `rx` and bytes to send in `tx`.
    pub fn with_buffers(config: Config, now: Instant, rx: RB, tx: TB) -> Self {
        let mut config = config;
        // At least 1, at most the capacity (0 only when W is 0: then nothing
        // is ever sent or read, rather than a request without a slot).
        config.window = config.window.max(1).min(W);
        config.inbound_window = config.inbound_window.max(1).min(W);
        config.max_command_length = config
            .max_command_length
            .min(u32::try_from(rx.limit()).unwrap_or(u32::MAX));
        let mut timers = [None; TIMERS];
        if let Some(t) = timers.get_mut(Timer::SessionInit as usize) {
            *t = Some(now + config.session_init_timeout);
        }
        SessionWith {
            rx: RxBuf::new(rx),
            tx: TxBuf::new(tx),
            core: Core {
                version: config.interface_version,
                config,
                state: State::Open,
                bind_type: None,
                now,
                window: Window::new(),
                unanswered: heapless::Vec::new(),
                keepalive: None,
                heard: 0,
                own_unbind: None,
                timers,
                rx_release: 0,
                unbind_reason: CloseReason::Unbound,
                close_reason: None,
                closed_reported: false,
                queue: heapless::Deque::new(),
                backoff: Backoff::new(),
                bucket: RateBucket::new(),
                peer_congestion: None,
            },
        }
    }

    // ----- getters -------------------------------------------------------

    /// The current state.
    pub fn state(&self) -> State {
        self.core.state
    }

    /// The role this session plays.
    pub fn role(&self) -> Role {
        self.core.config.role
    }

    /// The configuration in force (after clamping to the capacities).
    pub fn config(&self) -> &Config {
        &self.core.config
    }

    /// The negotiated interface_version (this end's own before a bind).
    pub fn interface_version(&self) -> InterfaceVersion {
        self.core.version
    }

    /// How the session is bound, if it is.
    pub fn bind_type(&self) -> Option<BindType> {
        self.core.bind_type
    }

    /// Requests awaiting their outcome.
    pub fn outstanding(&self) -> usize {
        self.core.window.len()
    }

    /// Peer requests not yet answered.
    pub fn unanswered(&self) -> usize {
        self.core.unanswered.len()
    }

    /// Whether a request can be sent now without [`SendError::WindowFull`].
    pub fn window_available(&self) -> bool {
        self.core.window.len() < self.core.config.window
    }

    /// Whether the session is CLOSED (drain `poll_transmit`, then close the socket).
    pub fn is_closed(&self) -> bool {
        self.core.state == State::Closed
    }

    /// Whether the adapter should read from the socket: false while the
    /// receive buffer is full, which happens when the application leaves
    /// `inbound_window` peer requests unanswered (SMPP 3.4 §2.6) or does not
    /// poll events.
    ///
    /// The PDUs the last [`Session::poll_event`] went through count as room
    /// already, though their bytes are dropped only at the next call that
    /// takes input (the last one may be lent in an event): a read that
    /// exactly fills the buffer with PDUs the session answers itself
    /// (enquire_link, unbind, unknown commands) does not stop the reading.
    pub fn wants_input(&self) -> bool {
        !self.is_closed()
            && self
                .rx
                .free(self.max_command_length(), self.core.rx_release)
                > 0
    }

    /// When message requests may be sent again after the peer throttled.
    pub fn peer_congestion(&self) -> Option<u8> {
        self.core.peer_congestion
    }

    /// Until when the peer's throttling holds message requests back, if it does.
    pub fn throttled_until(&self) -> Option<Instant> {
        self.core.backoff.blocked(self.core.now)
    }

    // ----- inputs --------------------------------------------------------

    /// Bytes received from the peer, split anywhere. Returns how many were
    /// taken: less than `data.len()` when the receive buffer is full (keep
    /// the rest and offer it again after polling events).
    pub fn handle_input(&mut self, now: Instant, data: &[u8]) -> usize {
        self.core.advance(now);
        self.release_rx();
        if self.is_closed() {
            return data.len();
        }
        self.rx.prepare(self.max_command_length());
        self.rx.push(data)
    }

    /// The free end of the receive buffer, to read from the socket straight
    /// into it (no copy); report how many bytes were read with
    /// [`SessionWith::handle_received`]. Empty when the session wants no
    /// input (see [`SessionWith::wants_input`]); never read into an empty
    /// slice, since a 0-byte read looks like end of stream.
    pub fn receive_buffer(&mut self) -> &mut [u8] {
        self.release_rx();
        if self.is_closed() {
            return &mut [];
        }
        self.rx.prepare(self.max_command_length());
        self.rx.spare()
    }

    /// `n` bytes were read into [`SessionWith::receive_buffer`].
    pub fn handle_received(&mut self, now: Instant, n: usize) {
        self.core.advance(now);
        if !self.is_closed() {
            self.rx.filled(n);
        }
    }

    /// Gives memory back when the buffers are empty (growable storage
    /// only; arrays and slices stay as they are). Call it when the
    /// connection is idle, e.g. on a timer.
    pub fn shrink_buffers(&mut self) {
        self.release_rx();
        self.rx.shrink();
        self.tx.shrink();
    }

    fn max_command_length(&self) -> usize {
        self.core.config.max_command_length as usize
    }

    /// The clock reached `now` (call it at [`Session::poll_timeout`]).
    pub fn handle_timeout(&mut self, now: Instant) {
        self.core.advance(now);
        self.core.on_timers(&mut self.tx);
    }

    /// The connection is gone (reset, EOF, I/O error). Every outstanding
    /// request ends with [`FailureReason::ConnectionLost`].
    pub fn handle_disconnect(&mut self, now: Instant) {
        self.core.advance(now);
        let reason = match self.core.state {
            State::Unbound => self.core.unbind_reason,
            _ => CloseReason::Disconnected,
        };
        self.core.close(reason);
        self.rx.clear();
    }

    // ----- outputs -------------------------------------------------------

    /// The next event, or `None`. Events carrying a PDU borrow the receive
    /// buffer until the next call.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event<'_>> {
        self.release_rx();
        if let Some(e) = self.core.queue.pop_front().map(Queued::event) {
            return Some(e);
        }
        if let Some(p) = self.core.window.take_sent() {
            return Some(Event::Sent {
                id: RequestId(p.sequence_number),
                command_id: p.command_id,
            });
        }
        if self.core.state == State::Closed {
            self.rx.clear();
            return self.core.drain_closed();
        }
        if let Some(p) = self.core.window.take_expired(self.core.now) {
            if self.core.unheard_since_sent(&p) {
                // The peer has not answered this request, nor any other, nor
                // sent one of its own since it went out: the link is dead
                // (SMPP 3.4 §7.2), so everything outstanding ends now
                // rather than one window per response_timeout.
                self.core.close(CloseReason::LinkDead);
            }
            return Some(Event::RequestFailed {
                id: RequestId(p.sequence_number),
                command_id: p.command_id,
                reason: FailureReason::Timeout,
            });
        }
        let SessionWith { rx, tx, core } = self;
        let data: &[u8] = rx.data();
        let mut off = 0;
        loop {
            let rest = data.get(off..).unwrap_or_default();
            core.rx_release = off;
            if tx.free() < REPLY_RESERVE {
                return None; // back-pressure: drain poll_transmit first
            }
            if let Some(h) = Header::parse(rest) {
                if !h.command_id.is_response()
                    && core.unanswered.len() >= core.config.inbound_window
                {
                    return None; // inbound window full: answer requests first
                }
            }
            match read_pdu(rest, core.config.max_command_length) {
                Err(e) => {
                    core.rx_release = data.len();
                    core.fatal(tx, rest, e);
                    return core.queue.pop_front().map(Queued::event);
                }
                Ok(ReadPdu::Partial(_)) => return None,
                Ok(ReadPdu::Complete {
                    consumed,
                    header,
                    pdu,
                }) => {
                    let raw = rest.get(..consumed).unwrap_or_default();
                    off += consumed;
                    core.rx_release = off;
                    core.touch_rx();
                    if let Some(ev) = core.on_pdu(tx, header, pdu, raw) {
                        return Some(ev);
                    }
                    if let Some(e) = core.queue.pop_front().map(Queued::event) {
                        return Some(e);
                    }
                    if core.state == State::Closed {
                        // Nothing after this PDU is read; report the close
                        // now rather than at the next call.
                        return core.drain_closed();
                    }
                }
            }
        }
    }

    /// Copies bytes to send into `buf`; returns how many (0 when none).
    #[must_use]
    pub fn poll_transmit(&mut self, buf: &mut [u8]) -> usize {
        self.tx.drain(buf)
    }

    /// The bytes waiting to be sent, without copying; confirm with
    /// [`Session::transmitted`] how many the socket took.
    pub fn pending_transmit(&self) -> &[u8] {
        self.tx.pending()
    }

    /// `n` bytes of [`Session::pending_transmit`] were sent.
    pub fn transmitted(&mut self, n: usize) {
        self.tx.consume(n);
    }

    /// When [`Session::handle_timeout`] must next be called, if ever.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.core.next_deadline()
    }

    // ----- commands --------------------------------------------------------

    /// ESME: bind (SMPP 3.4 §4.1). `bind.interface_version` is replaced by
    /// the configured version. The outcome is [`Event::Bound`],
    /// [`Event::BindRefused`] or [`Event::RequestFailed`].
    pub fn bind(
        &mut self,
        now: Instant,
        bind_type: BindType,
        bind: &Bind<'_>,
    ) -> Result<RequestId, SendError> {
        self.core.advance(now);
        if self.core.bind_sent() {
            return Err(SendError::InvalidState(self.core.state));
        }
        let b = Bind {
            interface_version: self.core.config.interface_version,
            ..*bind
        };
        self.core
            .send_request(&mut self.tx, &Typed(bind_type.command_id(), &b))
    }

    /// Sends any request the current state and role allow: submit_sm,
    /// data_sm, submit_multi, query_sm, replace_sm, cancel_sm, the broadcast
    /// requests, deliver_sm and alert_notification (SMSC), enquire_link.
    ///
    /// alert_notification has no response: its outcome is [`Event::Sent`].
    pub fn send(&mut self, now: Instant, pdu: &Pdu<'_>) -> Result<RequestId, SendError> {
        self.core.advance(now);
        match pdu.command_id() {
            CommandId::BIND_TRANSMITTER
            | CommandId::BIND_RECEIVER
            | CommandId::BIND_TRANSCEIVER
            | CommandId::UNBIND
            | CommandId::OUTBIND => Err(SendError::NotARequest),
            _ => self.core.send_request(&mut self.tx, pdu),
        }
    }

    /// Sends a request that is already encoded, header included, as
    /// [`Session::send`] does: the state, the window, throttling and the
    /// rate limit are checked from the header's command_id, and the
    /// session's sequence_number replaces the one in the bytes
    /// (SMPP 3.4 §3.2). The body is copied, not decoded (on an SMPP 3.3
    /// session it is decoded, to leave its TLVs out). An adapter that keeps
    /// requests as wire bytes encodes each one once this way.
    ///
    /// [`SendError::Malformed`] when the bytes are not one PDU whose
    /// command_length is their length.
    pub fn send_encoded(&mut self, now: Instant, pdu: &[u8]) -> Result<RequestId, SendError> {
        self.core.advance(now);
        let encoded = Encoded::new(pdu)?;
        match encoded.header.command_id {
            CommandId::BIND_TRANSMITTER
            | CommandId::BIND_RECEIVER
            | CommandId::BIND_TRANSCEIVER
            | CommandId::UNBIND
            | CommandId::OUTBIND => Err(SendError::NotARequest),
            _ if Encoded::copies_at(self.core.version) => {
                self.core.send_request(&mut self.tx, &encoded)
            }
            _ => {
                let pdu = encoded.decoded()?;
                self.core.send_request(&mut self.tx, &pdu)
            }
        }
    }

    /// The typed requests: only the encoder of the kind sent is linked.
    fn send_typed(&mut self, now: Instant, pdu: &dyn Encode) -> Result<RequestId, SendError> {
        self.core.advance(now);
        self.core.send_request(&mut self.tx, pdu)
    }

    /// submit_sm (SMPP 3.4 §4.4).
    pub fn submit_sm(
        &mut self,
        now: Instant,
        sm: &crate::codec::SubmitSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::SUBMIT_SM, sm))
    }

    /// data_sm (SMPP 3.4 §4.7): ESME to SMSC, or SMSC to ESME.
    pub fn data_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::DataSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::DATA_SM, pdu))
    }

    /// submit_multi (SMPP 3.4 §4.5): one message to several SME addresses or distribution lists.
    ///
    /// Feature `pdu-multi`.
    #[cfg(feature = "pdu-multi")]
    pub fn submit_multi(
        &mut self,
        now: Instant,
        pdu: &crate::codec::SubmitMulti<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::SUBMIT_MULTI, pdu))
    }

    /// query_sm (SMPP 3.4 §4.8): the state of a message sent earlier.
    ///
    /// Feature `pdu-query`.
    #[cfg(feature = "pdu-query")]
    pub fn query_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::QuerySm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::QUERY_SM, pdu))
    }

    /// replace_sm (SMPP 3.4 §4.10).
    ///
    /// Feature `pdu-query`.
    #[cfg(feature = "pdu-query")]
    pub fn replace_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::ReplaceSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::REPLACE_SM, pdu))
    }

    /// cancel_sm (SMPP 3.4 §4.9).
    ///
    /// Feature `pdu-query`.
    #[cfg(feature = "pdu-query")]
    pub fn cancel_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::CancelSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::CANCEL_SM, pdu))
    }

    /// broadcast_sm (SMPP 5.0 §4.4.1).
    ///
    /// Feature `pdu-broadcast`.
    #[cfg(feature = "pdu-broadcast")]
    pub fn broadcast_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::BroadcastSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::BROADCAST_SM, pdu))
    }

    /// query_broadcast_sm (SMPP 5.0 §4.6.2).
    ///
    /// Feature `pdu-broadcast`.
    #[cfg(feature = "pdu-broadcast")]
    pub fn query_broadcast_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::QueryBroadcastSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::QUERY_BROADCAST_SM, pdu))
    }

    /// cancel_broadcast_sm (SMPP 5.0 §4.6.1).
    ///
    /// Feature `pdu-broadcast`.
    #[cfg(feature = "pdu-broadcast")]
    pub fn cancel_broadcast_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::CancelBroadcastSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::CANCEL_BROADCAST_SM, pdu))
    }

    /// SMSC: deliver_sm (SMPP 3.4 §4.6): a mobile-originated message or a delivery receipt.
    pub fn deliver_sm(
        &mut self,
        now: Instant,
        pdu: &crate::codec::SubmitSm<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::DELIVER_SM, pdu))
    }

    /// SMSC: alert_notification (SMPP 3.4 §4.12). It has no response: its
    /// outcome is [`Event::Sent`], at the next [`Session::poll_event`].
    pub fn alert_notification(
        &mut self,
        now: Instant,
        pdu: &crate::codec::AlertNotification<'_>,
    ) -> Result<RequestId, SendError> {
        self.send_typed(now, &Typed(CommandId::ALERT_NOTIFICATION, pdu))
    }

    /// enquire_link (SMPP 3.4 §4.11), as an application request with an outcome.
    pub fn enquire_link(&mut self, now: Instant) -> Result<RequestId, SendError> {
        self.send_typed(now, &HeaderOnly(CommandId::ENQUIRE_LINK))
    }

    /// unbind (SMPP 3.4 §4.2): the session goes UNBOUND and closes when the
    /// unbind_resp arrives (or after `unbind_timeout`).
    pub fn unbind(&mut self, now: Instant) -> Result<RequestId, SendError> {
        self.core.advance(now);
        let id = self
            .core
            .send_request(&mut self.tx, &HeaderOnly(CommandId::UNBIND))?;
        self.core.start_unbind(CloseReason::Unbound);
        Ok(id)
    }

    /// SMSC: outbind (SMPP 3.4 §4.1.7): asks the ESME to bind as a receiver.
    /// It has no response: its outcome is [`Event::Sent`].
    pub fn outbind(&mut self, now: Instant, outbind: &Outbind<'_>) -> Result<RequestId, SendError> {
        self.core.advance(now);
        if self.core.bind_received() {
            // The ESME is binding already; answer that bind instead.
            return Err(SendError::InvalidState(self.core.state));
        }
        self.core
            .send_request(&mut self.tx, &Typed(CommandId::OUTBIND, outbind))
    }

    /// Answers the peer request `request` (from [`Event::Request`]) with
    /// `pdu`, its response, or a generic_nack.
    pub fn respond(
        &mut self,
        now: Instant,
        request: PeerRequest,
        command_status: CommandStatus,
        pdu: &Pdu<'_>,
    ) -> Result<(), SendError> {
        self.respond_with(now, request, command_status, pdu)
    }

    /// Answers the peer request `request` with a response that is already
    /// encoded, header included: its command_status is the header's, its
    /// sequence_number is set to the request's, and its body is copied
    /// (decoded only on an SMPP 3.3 session, to leave its TLVs out).
    /// Otherwise as [`Session::respond`].
    pub fn respond_encoded(
        &mut self,
        now: Instant,
        request: PeerRequest,
        pdu: &[u8],
    ) -> Result<(), SendError> {
        let encoded = Encoded::new(pdu)?;
        let status = encoded.header.command_status;
        if Encoded::copies_at(self.core.version) {
            self.respond_with(now, request, status, &encoded)
        } else {
            let pdu = encoded.decoded()?;
            self.respond_with(now, request, status, &pdu)
        }
    }

    /// Answers the peer's submit_sm, deliver_sm or data_sm `request`
    /// (from [`Event::Request`]) with its response: submit_sm_resp
    /// (SMPP 3.4 §4.4.2), deliver_sm_resp (§4.6.2) or data_sm_resp (§4.7.2),
    /// picked by the request's command_id.
    ///
    /// The same as [`Session::respond`] with the matching [`Pdu`] variant,
    /// but it links only this body's encoder (for firmware).
    pub fn respond_sm(
        &mut self,
        now: Instant,
        request: PeerRequest,
        command_status: CommandStatus,
        resp: &SmResp<'_>,
    ) -> Result<(), SendError> {
        let (_, req) = self.core.find_unanswered(request)?;
        let command_id = req.request.command_id;
        let expected = command_id.response();
        if !matches!(
            command_id,
            CommandId::SUBMIT_SM | CommandId::DELIVER_SM | CommandId::DATA_SM
        ) {
            return Err(SendError::WrongResponse { expected });
        }
        self.respond_with(now, request, command_status, &Typed(expected, resp))
    }

    /// ESME: answers the SMSC's deliver_sm or data_sm `request` (from
    /// [`Event::Request`]) with its response and no body of its own:
    /// deliver_sm_resp (SMPP 3.4 §4.6.2) or data_sm_resp (§4.7.2), the
    /// message_id unused (NULL) as the spec says, with `command_status`
    /// (ESME_ROK once the message is safe; ESME_RX_T_APPN to have it
    /// delivered again later, §5.1.3). Any other request is refused with
    /// [`SendError::WrongResponse`].
    ///
    /// The answer every adapter gives to what it delivers to its
    /// application ([`delivery_response`] is the same PDU).
    pub fn acknowledge(
        &mut self,
        now: Instant,
        request: PeerRequest,
        command_status: CommandStatus,
    ) -> Result<(), SendError> {
        let (_, req) = self.core.find_unanswered(request)?;
        let command_id = req.request.command_id;
        if !matches!(command_id, CommandId::DELIVER_SM | CommandId::DATA_SM) {
            return Err(SendError::WrongResponse {
                expected: command_id.response(),
            });
        }
        self.respond_with(
            now,
            request,
            command_status,
            &Typed(command_id.response(), &DELIVERY_RESP),
        )
    }

    /// Answers the peer request `request` (from [`Event::Request`]) with
    /// generic_nack (SMPP 3.4 §4.3), e.g. ESME_RINVCMDID for an operation
    /// this end does not handle.
    pub fn generic_nack(
        &mut self,
        now: Instant,
        request: PeerRequest,
        command_status: CommandStatus,
    ) -> Result<(), SendError> {
        self.respond_with(
            now,
            request,
            command_status,
            &HeaderOnly(CommandId::GENERIC_NACK),
        )
    }

    fn respond_with(
        &mut self,
        now: Instant,
        request: PeerRequest,
        command_status: CommandStatus,
        pdu: &dyn Encode,
    ) -> Result<(), SendError> {
        self.core.advance(now);
        let (i, req) = self.core.find_unanswered(request)?;
        let expected = req.request.command_id.response();
        if pdu.command_id() != expected && pdu.command_id() != CommandId::GENERIC_NACK {
            return Err(SendError::WrongResponse { expected });
        }
        if BindType::from_command_id(req.request.command_id).is_some() {
            return Err(SendError::WrongResponse { expected });
        }
        // SMPP 5.0 §4.8.4.19: this end's load, in the responses that carry it.
        let report = self.core.config.report_congestion
            && self.core.version >= InterfaceVersion::V50
            && command_status.is_ok()
            && congestion::carried_by(pdu.command_id())
            && pdu.body_len(true) > 0;
        let level = congestion::level(self.core.unanswered.len(), self.core.config.inbound_window);
        let with = congestion::WithCongestion { inner: pdu, level };
        let pdu: &dyn Encode = if report { &with } else { pdu };
        self.tx.write(
            self.core.version,
            command_status,
            request.sequence_number,
            pdu,
        )?;
        self.core.unanswered.swap_remove(i);
        Ok(())
    }

    /// SMSC: accepts the bind `request` (from [`Event::BindRequest`]),
    /// answering with this SMSC's `system_id` and, from 3.4 on,
    /// sc_interface_version (SMPP 3.4 §4.1, §5.3.2.25). The session becomes
    /// BOUND_*.
    pub fn accept_bind(
        &mut self,
        now: Instant,
        request: PeerRequest,
        system_id: &[u8],
    ) -> Result<(), SendError> {
        let ours = self.core.config.interface_version;
        self.accept_bind_as(now, request, system_id, ours)
    }

    /// SMSC: [`Session::accept_bind`] as an SMSC speaking `version` for this
    /// session instead of [`Config::interface_version`]: the session runs at
    /// `version.negotiate(asked)` (SMPP 3.4 §5.2.4), and the bind response
    /// carries `version` as sc_interface_version (§5.3.2.25), or nothing at
    /// 3.3, whose PDUs carry no TLVs (TLVs came with 3.4, §5.3). So
    /// `InterfaceVersion::V33` serves an ESME that asked for 3.4 or 5.0 as an
    /// SMPP 3.3 SMSC would.
    pub fn accept_bind_as(
        &mut self,
        now: Instant,
        request: PeerRequest,
        system_id: &[u8],
        version: InterfaceVersion,
    ) -> Result<(), SendError> {
        self.core.advance(now);
        let (i, req, bind_type) = self.core.pending_bind(request)?;
        let sequence_number = request.sequence_number;
        // SMPP 3.4 §5.3.2.25: sc_interface_version tells the ESME what we speak.
        let ours = [version.0];
        let tlv = [Tlv::new(TlvTag::SC_INTERFACE_VERSION, &ours)];
        let version = negotiate(version, req.interface_version);
        let resp = BindResp {
            system_id: Some(system_id),
            tlvs: Tlvs::List(&tlv),
        };
        let pdu = Typed(bind_type.command_id().response(), &resp);
        self.tx
            .write(version, CommandStatus::ESME_ROK, sequence_number, &pdu)?;
        self.core.unanswered.swap_remove(i);
        self.core.version = version;
        self.core.became_bound(bind_type);
        Ok(())
    }

    /// SMSC: refuses the bind `request` with `command_status`
    /// (e.g. ESME_RINVPASWD, ESME_RBINDFAIL). The session stays OPEN.
    pub fn reject_bind(
        &mut self,
        now: Instant,
        request: PeerRequest,
        command_status: CommandStatus,
    ) -> Result<(), SendError> {
        self.core.advance(now);
        let (i, _, bind_type) = self.core.pending_bind(request)?;
        let sequence_number = request.sequence_number;
        let resp = BindResp::default();
        let pdu = Typed(bind_type.command_id().response(), &resp);
        self.tx
            .write(self.core.version, command_status, sequence_number, &pdu)?;
        self.core.unanswered.swap_remove(i);
        Ok(())
    }

    /// Closes the session at once (no unbind). Outstanding requests end
    /// with [`FailureReason::ConnectionLost`].
    pub fn close(&mut self, now: Instant) {
        self.core.advance(now);
        self.core.close(CloseReason::Application);
    }

    fn release_rx(&mut self) {
        let n = core::mem::take(&mut self.core.rx_release);
        self.rx.consume(n);
    }

    /// For tests and fuzzing only (feature `test-hooks`, or `cfg(fuzzing)`):
    /// the next sequence_number this end will use (clamped to
    /// 1..=0x7FFFFFFF), so wrap-around can be reached without 2^31 requests.
    /// Numbers still in flight are skipped as usual. Not part of the API.
    #[cfg(any(fuzzing, feature = "test-hooks"))]
    #[doc(hidden)]
    pub fn set_next_sequence_number(&mut self, seq: u32) {
        self.core.window.set_next(seq);
    }
}

impl<const W: usize> Core<W> {
    fn advance(&mut self, now: Instant) {
        // Time never goes backwards for the session, whatever the caller's clock does.
        self.now = self.now.max(now);
    }

    fn timer(&self, t: Timer) -> Option<Instant> {
        self.timers.get(t as usize).copied().flatten()
    }

    fn set_timer(&mut self, t: Timer, at: Option<Instant>) {
        if let Some(slot) = self.timers.get_mut(t as usize) {
            *slot = at;
        }
    }

    fn next_deadline(&self) -> Option<Instant> {
        if self.state == State::Closed {
            return None;
        }
        let timers = self.timers.iter().flatten().copied();
        let keepalive = self.keepalive.map(|k| k.deadline);
        timers
            .chain(keepalive)
            .chain(self.window.earliest_deadline())
            .min()
    }

    /// A PDU arrived: the link is alive.
    fn touch_rx(&mut self) {
        if self.state.is_bound() {
            if let Some(i) = self.config.enquire_link_interval {
                self.set_timer(Timer::EnquireLink, Some(self.now + i));
            }
        }
        if let Some(i) = self.config.inactivity_timeout {
            if self.state != State::Unbound {
                self.set_timer(Timer::Inactivity, Some(self.now + i));
            }
        }
    }

    fn became_bound(&mut self, bind_type: BindType) {
        self.state = bind_type.bound_state();
        self.bind_type = Some(bind_type);
        self.set_timer(Timer::SessionInit, None);
        self.touch_rx();
    }

    fn start_unbind(&mut self, reason: CloseReason) {
        self.state = State::Unbound;
        self.unbind_reason = reason;
        self.set_timer(Timer::EnquireLink, None);
        self.set_timer(Timer::Inactivity, None);
        self.set_timer(Timer::Unbind, Some(self.now + self.config.unbind_timeout));
    }

    fn close(&mut self, reason: CloseReason) {
        if self.state == State::Closed {
            return;
        }
        self.state = State::Closed;
        self.close_reason = Some(reason);
        self.timers = [None; TIMERS];
        self.keepalive = None;
        self.own_unbind = None;
        self.unanswered.clear();
    }

    /// After CLOSED: one outcome per outstanding request (Timeout for those
    /// whose response_timer had run out, else ConnectionLost), then Closed.
    fn drain_closed(&mut self) -> Option<Event<'static>> {
        if let Some(p) = self.window.pop() {
            let expired = p.deadline <= self.now && p.command_id.has_response();
            return Some(Event::RequestFailed {
                id: RequestId(p.sequence_number),
                command_id: p.command_id,
                reason: if expired {
                    FailureReason::Timeout
                } else {
                    FailureReason::ConnectionLost
                },
            });
        }
        if self.closed_reported {
            return None;
        }
        self.closed_reported = true;
        Some(Event::Closed {
            reason: self.close_reason.unwrap_or(CloseReason::Disconnected),
        })
    }

    /// Whether the peer stayed silent from the moment `p` was sent (its
    /// response_timer has run out): it answered none of this end's requests
    /// and sent none of its own. An answer to the keep-alive enquire_link
    /// does not count, as a peer whose application is stuck may still
    /// answer it; unbind has its own timer.
    fn unheard_since_sent(&self, p: &Pending) -> bool {
        p.command_id != CommandId::UNBIND && self.heard == p.heard
    }

    fn push_event(&mut self, e: Queued) {
        // The queue holds at most a few state events between polls; if it is
        // ever full, the oldest protocol error is the least important.
        if self.queue.is_full() {
            let _ = self.queue.pop_front();
        }
        let _ = self.queue.push_back(e);
    }

    fn find_unanswered(&self, request: PeerRequest) -> Result<(usize, Unanswered), SendError> {
        self.unanswered
            .iter()
            .copied()
            .enumerate()
            .find(|(_, r)| r.request == request)
            .ok_or(SendError::UnknownSequence(request.sequence_number))
    }

    fn pending_bind(
        &self,
        request: PeerRequest,
    ) -> Result<(usize, Unanswered, BindType), SendError> {
        let (i, req) = self.find_unanswered(request)?;
        let command_id = req.request.command_id;
        let bind_type = BindType::from_command_id(command_id).ok_or(SendError::WrongResponse {
            expected: command_id.response(),
        })?;
        if !may_send(Role::Esme, self.state, command_id) {
            return Err(SendError::InvalidState(self.state));
        }
        Ok((i, req, bind_type))
    }

    /// SMSC: whether a bind request waits for accept/reject.
    fn bind_received(&self) -> bool {
        self.unanswered
            .iter()
            .any(|r| BindType::from_command_id(r.request.command_id).is_some())
    }

    /// ESME: whether a bind request waits for its response.
    fn bind_sent(&self) -> bool {
        self.window.has(CommandId::BIND_TRANSMITTER)
            || self.window.has(CommandId::BIND_RECEIVER)
            || self.window.has(CommandId::BIND_TRANSCEIVER)
    }

    fn send_request<TB: Buffer>(
        &mut self,
        tx: &mut TxBuf<TB>,
        pdu: &dyn Encode,
    ) -> Result<RequestId, SendError> {
        let id = pdu.command_id();
        // Any request, a vendor's included (SMPP 3.4 §5.1.2.1: `may_send`
        // lets those through once bound).
        if id.is_response() {
            return Err(SendError::NotARequest);
        }
        if !may_send(self.config.role, self.state, id) {
            return Err(SendError::InvalidState(self.state));
        }
        // Requests without a response take a slot too, until their
        // `Event::Sent` is polled (so every request has one outcome).
        let needs_response = id.has_response();
        if self.window.len() >= self.config.window {
            return Err(SendError::WindowFull);
        }
        let message = id.is_message();
        if message {
            if let Some(retry_at) = self.backoff.blocked(self.now) {
                return Err(SendError::Throttled { retry_at });
            }
            // SMPP 5.0 §4.8.4.19: a peer past its optimum load gets fewer
            // messages at once (the window narrows; an outcome reopens it).
            if let Some(level) = self.peer_congestion {
                if self.window.messages() >= congestion::window_for(level, self.config.window) {
                    return Err(SendError::WindowFull);
                }
            }
        }
        let needed = pdu.encoded_len_for(self.version) + REPLY_RESERVE;
        if needed > tx.limit() {
            // It would never fit: say so rather than `TransmitFull` forever.
            return Err(SendError::Encode(crate::EncodeError::BufferTooSmall {
                needed,
                available: tx.limit(),
            }));
        }
        if tx.free() < needed {
            return Err(SendError::TransmitFull);
        }
        // A request the encoder refuses (e.g. a content TLV at SMPP 3.3)
        // leaves the bucket as it was: no token is spent on it.
        let bucket = self.bucket;
        if message {
            if let Some(limit) = self.config.rate_limit {
                self.bucket
                    .take(self.now, &limit)
                    .map_err(|retry_at| SendError::RateLimited { retry_at })?;
            }
        }
        let seq = self
            .window
            .next_sequence_number(self.keepalive.map(|k| k.sequence_number));
        if let Err(e) = tx.write(self.version, CommandStatus::ESME_ROK, seq, pdu) {
            self.bucket = bucket;
            return Err(e);
        }
        // INVARIANT: the window length was checked above and config.window <= W.
        let _ = self.window.push(Pending {
            sequence_number: seq,
            command_id: id,
            deadline: if needs_response {
                self.now + self.config.response_timeout
            } else {
                self.now
            },
            heard: self.heard,
        });
        if id == CommandId::OUTBIND {
            self.state = State::Outbound;
        }
        Ok(RequestId(seq))
    }

    /// Answers a request the session handles itself (header-only response).
    fn reply<TB: Buffer>(
        &mut self,
        tx: &mut TxBuf<TB>,
        request: CommandId,
        seq: u32,
        status: CommandStatus,
    ) -> CommandStatus {
        let resp_id = if request.has_response() && request.is_known() {
            request.response()
        } else {
            CommandId::GENERIC_NACK
        };
        // Every automatic reply is a header alone: generic_nack, enquire_link_resp,
        // unbind_resp, cancel_sm_resp, replace_sm_resp, cancel_broadcast_sm_resp,
        // or an error response, whose body is not returned (SMPP 3.4 §4.4.2).
        // Room for this was reserved before the PDU was taken (REPLY_RESERVE).
        let _ = tx.write(self.version, status, seq, &HeaderOnly(resp_id));
        status
    }

    /// The byte stream is broken: answer with generic_nack if the header is
    /// readable (SMPP 3.4 §2.8), report, and close.
    fn fatal<TB: Buffer>(&mut self, tx: &mut TxBuf<TB>, rest: &[u8], e: FrameError) {
        // A peer speaking HTTP or TLS would not understand a generic_nack.
        let smpp_peer = !matches!(e, FrameError::OtherProtocol(_));
        if let Some(h) = Header::parse(rest).filter(|_| smpp_peer) {
            let _ = tx.write(
                self.version,
                CommandStatus::ESME_RINVCMDLEN,
                h.sequence_number,
                &HeaderOnly(CommandId::GENERIC_NACK),
            );
        }
        self.push_event(Queued::Protocol(ProtocolError::Frame(e)));
        self.close(CloseReason::Protocol(e));
    }

    fn on_timers<TB: Buffer>(&mut self, tx: &mut TxBuf<TB>) {
        let now = self.now;
        let due = |t: Option<Instant>| t.is_some_and(|at| at <= now);
        if self.state == State::Closed {
            return;
        }
        if due(self.timer(Timer::SessionInit)) && !self.state.is_bound() {
            self.close(CloseReason::SessionInitTimeout);
            return;
        }
        if due(self.timer(Timer::Unbind)) {
            // No unbind_resp in time. An unbind after inactivity keeps that
            // reason; the application's own ends as UnbindTimeout.
            let reason = match self.unbind_reason {
                CloseReason::Unbound => CloseReason::UnbindTimeout,
                other => other,
            };
            self.close(reason);
            return;
        }
        if self.keepalive.is_some_and(|k| k.deadline <= now) {
            self.close(CloseReason::LinkDead);
            return;
        }
        if due(self.timer(Timer::Inactivity)) {
            self.set_timer(Timer::Inactivity, None);
            if self.state.is_bound() {
                // SMPP 5.0 §2.9: on inactivity the session is unbound.
                let seq = self.next_seq();
                if tx
                    .write(
                        self.version,
                        CommandStatus::ESME_ROK,
                        seq,
                        &HeaderOnly(CommandId::UNBIND),
                    )
                    .is_ok()
                {
                    // Its unbind_resp closes the session (see on_response).
                    self.own_unbind = Some(seq);
                    self.start_unbind(CloseReason::Inactivity);
                } else {
                    self.close(CloseReason::Inactivity);
                }
            } else {
                self.close(CloseReason::Inactivity);
            }
            return;
        }
        if due(self.timer(Timer::EnquireLink))
            && (self.keepalive.is_some() || !self.state.is_bound())
        {
            // One keep-alive at a time: its answer re-arms the timer
            // (touch_rx), its absence is LinkDead. A due timer left armed
            // would make poll_timeout return a past instant forever.
            self.set_timer(Timer::EnquireLink, None);
        } else if due(self.timer(Timer::EnquireLink)) {
            let seq = self.next_seq();
            if tx
                .write(
                    self.version,
                    CommandStatus::ESME_ROK,
                    seq,
                    &HeaderOnly(CommandId::ENQUIRE_LINK),
                )
                .is_ok()
            {
                self.keepalive = Some(Pending {
                    sequence_number: seq,
                    command_id: CommandId::ENQUIRE_LINK,
                    deadline: now + self.config.response_timeout,
                    heard: self.heard,
                });
                self.set_timer(Timer::EnquireLink, None);
            }
        }
    }

    fn next_seq(&mut self) -> u32 {
        self.window
            .next_sequence_number(self.keepalive.map(|k| k.sequence_number))
    }

    /// One PDU from the peer. Returns the event for the application, if any.
    fn on_pdu<'a, TB: Buffer>(
        &mut self,
        tx: &mut TxBuf<TB>,
        header: Header,
        pdu: Result<Pdu<'a>, DecodeError>,
        raw: &'a [u8],
    ) -> Option<Event<'a>> {
        let id = header.command_id;
        let seq = header.sequence_number;
        if id.is_response() {
            return self.on_response(tx, header, pdu, raw);
        }
        if self.state == State::Closed {
            return None;
        }
        self.heard = self.heard.wrapping_add(1);
        let pdu = match pdu {
            // A custom command the application takes (CustomCommands::Deliver):
            // delivered below like any request.
            Ok(p @ Pdu::Unknown { .. })
                if self.config.custom_commands == CustomCommands::Deliver
                    && !id.is_known()
                    && self.state.is_bound() =>
            {
                p
            }
            Ok(Pdu::Unknown { .. }) => {
                // Unassigned, or a kind this build leaves out (pdu-* features):
                // SMPP 3.4 §4.3, generic_nack.
                self.reply(
                    tx,
                    CommandId::GENERIC_NACK,
                    seq,
                    CommandStatus::ESME_RINVCMDID,
                );
                return Some(Event::ProtocolError(ProtocolError::UnknownCommand {
                    command_id: id,
                    sequence_number: seq,
                }));
            }
            Ok(p) => p,
            Err(error) => {
                let answered_with = self.reply(tx, id, seq, error.command_status());
                return Some(Event::ProtocolError(ProtocolError::Undecodable {
                    command_id: id,
                    sequence_number: seq,
                    error,
                    answered_with,
                }));
            }
        };
        let peer = match self.config.role {
            Role::Esme => Role::Smsc,
            Role::Smsc => Role::Esme,
        };
        match pdu {
            // SMPP 3.4 §4.11: enquire_link is answered in every state.
            Pdu::EnquireLink => {
                self.reply(tx, id, seq, CommandStatus::ESME_ROK);
                None
            }
            Pdu::Unbind if self.state.is_bound() || self.state == State::Unbound => {
                self.reply(tx, id, seq, CommandStatus::ESME_ROK);
                if self.state == State::Unbound {
                    // Both ends unbound at once: our own unbind_resp may never come.
                    self.close(self.unbind_reason);
                    return None;
                }
                self.close(CloseReason::PeerUnbound);
                Some(Event::PeerUnbound)
            }
            Pdu::BindTransmitter(bind) | Pdu::BindReceiver(bind) | Pdu::BindTransceiver(bind)
                if self.config.role == Role::Smsc =>
            {
                if self.state.is_bound() {
                    // SMPP 3.4 §5.1.3: ESME_RALYBND.
                    let answered_with = self.reply(tx, id, seq, CommandStatus::ESME_RALYBND);
                    return Some(self.not_allowed(id, seq, Some(answered_with)));
                }
                let bind_type = BindType::from_command_id(id)?;
                // UNBOUND, a bind_transmitter in OUTBOUND (SMPP 5.0 §2.4), or
                // a second bind while the first waits for the application.
                if !may_send(Role::Esme, self.state, id) || self.bind_received() {
                    let answered_with = self.reply(tx, id, seq, CommandStatus::ESME_RINVBNDSTS);
                    return Some(self.not_allowed(id, seq, Some(answered_with)));
                }
                let request = PeerRequest {
                    sequence_number: seq,
                    command_id: id,
                };
                let _ = self.unanswered.push(Unanswered {
                    request,
                    interface_version: bind.interface_version,
                });
                Some(Event::BindRequest {
                    request,
                    bind_type,
                    bind,
                })
            }
            // An ESME already binding ignores outbind's invitation (its bind
            // may be a bind_transmitter, which OUTBOUND does not allow).
            Pdu::Outbind(outbind)
                if self.config.role == Role::Esme
                    && self.state == State::Open
                    && !self.bind_sent() =>
            {
                self.state = State::Outbound;
                Some(Event::Outbind { outbind })
            }
            pdu if may_send(peer, self.state, id)
                && !matches!(id, CommandId::UNBIND | CommandId::OUTBIND) =>
            {
                if let Some(violation) = first_violation(&header, &pdu, self.version) {
                    let strict = self.config.validation == Validation::Strict;
                    // Strict: refused with the violation's status instead of
                    // delivered; lenient: reported after the Request event.
                    let answered_with =
                        strict.then(|| self.reply(tx, id, seq, violation.command_status));
                    let e = ProtocolError::Violation {
                        command_id: id,
                        sequence_number: seq,
                        violation,
                        answered_with,
                    };
                    if strict {
                        return Some(Event::ProtocolError(e));
                    }
                    self.push_event(Queued::Protocol(e));
                }
                let request = PeerRequest {
                    sequence_number: seq,
                    command_id: id,
                };
                if id.has_response() {
                    // INVARIANT: poll_event checked the inbound window before taking this PDU.
                    let _ = self.unanswered.push(Unanswered {
                        request,
                        interface_version: self.version,
                    });
                }
                Some(Event::Request { request, pdu, raw })
            }
            _ => {
                // SMPP 3.4 §2.3: a request the state does not allow gets
                // ESME_RINVBNDSTS (binds in a bound state get ESME_RALYBND above).
                let answered_with = if id.has_response() {
                    Some(self.reply(tx, id, seq, CommandStatus::ESME_RINVBNDSTS))
                } else {
                    Some(self.reply(
                        tx,
                        CommandId::GENERIC_NACK,
                        seq,
                        CommandStatus::ESME_RINVBNDSTS,
                    ))
                };
                Some(self.not_allowed(id, seq, answered_with))
            }
        }
    }

    fn not_allowed(
        &self,
        id: CommandId,
        seq: u32,
        answered_with: Option<CommandStatus>,
    ) -> Event<'static> {
        Event::ProtocolError(ProtocolError::NotAllowed {
            command_id: id,
            sequence_number: seq,
            state: self.state,
            answered_with,
        })
    }

    /// A response (command_id with the response bit) from the peer.
    ///
    /// Responses are never answered, with one exception: a command_id SMPP
    /// does not assign gets generic_nack ESME_RINVCMDID whether or not its
    /// response bit is set (SMPP 3.4 §4.3: "unknown command_id"). That
    /// cannot loop between two ends: generic_nack is an assigned command_id,
    /// so an unsolicited one is reported ([`ProtocolError::UnexpectedResponse`])
    /// and never answered. A response matching no request, or of the wrong
    /// kind for its request, is reported the same way, whether its body
    /// decodes or not.
    fn on_response<'a, TB: Buffer>(
        &mut self,
        tx: &mut TxBuf<TB>,
        header: Header,
        pdu: Result<Pdu<'a>, DecodeError>,
        raw: &'a [u8],
    ) -> Option<Event<'a>> {
        let seq = header.sequence_number;
        let id = header.command_id;
        let status = header.command_status;
        // The response to a custom command this end sent is its outcome;
        // any other unassigned command_id is answered generic_nack.
        let custom_answer = self
            .window
            .get(seq)
            .is_some_and(|p| !p.command_id.is_known() && p.command_id.response() == id);
        if matches!(pdu, Ok(Pdu::Unknown { .. })) && !custom_answer {
            if self.state != State::Closed {
                self.reply(
                    tx,
                    CommandId::GENERIC_NACK,
                    seq,
                    CommandStatus::ESME_RINVCMDID,
                );
            }
            return Some(Event::ProtocolError(ProtocolError::UnknownCommand {
                command_id: id,
                sequence_number: seq,
            }));
        }
        let unexpected = Event::ProtocolError(ProtocolError::UnexpectedResponse {
            command_id: id,
            sequence_number: seq,
        });
        if let Some(k) = self.keepalive {
            if k.sequence_number == seq
                && (id == CommandId::ENQUIRE_LINK_RESP || id == CommandId::GENERIC_NACK)
            {
                // Any answer proves the link is alive.
                self.keepalive = None;
                return None;
            }
        }
        if self.own_unbind == Some(seq)
            && (id == CommandId::UNBIND_RESP || id == CommandId::GENERIC_NACK)
        {
            // SMPP 3.4 §4.2: the answer to the unbind sent after inactivity.
            self.own_unbind = None;
            self.close(self.unbind_reason);
            return None;
        }
        let Some(p) = self
            .window
            .get(seq)
            .copied()
            .filter(|p| p.command_id.has_response())
        else {
            return Some(unexpected);
        };
        if id != CommandId::GENERIC_NACK && id != p.command_id.response() {
            return Some(unexpected);
        }
        self.window.take(seq);
        self.heard = self.heard.wrapping_add(1);
        let rid = RequestId(seq);
        if p.command_id == CommandId::UNBIND {
            // SMPP 3.4 §4.2: any answer to unbind ends the session, even
            // one whose body does not decode.
            self.close(self.unbind_reason);
        }
        let pdu = match pdu {
            Ok(pdu) => pdu,
            Err(error) => {
                return Some(Event::RequestFailed {
                    id: rid,
                    command_id: p.command_id,
                    reason: FailureReason::InvalidResponse(error),
                })
            }
        };
        if let Some(level) = pdu.tlvs().and_then(|t| t.congestion_state()) {
            self.peer_congestion = Some(level.min(100));
        }
        // A response is delivered whatever the validation mode; a rule it
        // breaks is reported after it.
        if let Some(violation) = first_violation(&header, &pdu, self.version) {
            self.push_event(Queued::Protocol(ProtocolError::Violation {
                command_id: id,
                sequence_number: seq,
                violation,
                answered_with: None,
            }));
        }
        if let Some(bind_type) = BindType::from_command_id(p.command_id) {
            if status.is_ok() && id != CommandId::GENERIC_NACK {
                let (system_id, tlvs) = match pdu {
                    Pdu::BindTransmitterResp(b)
                    | Pdu::BindReceiverResp(b)
                    | Pdu::BindTransceiverResp(b) => (b.system_id.unwrap_or_default(), b.tlvs),
                    _ => (&[][..], Tlvs::EMPTY),
                };
                // SMPP 3.4 §5.3.2.25: without sc_interface_version, assume 3.3.
                let theirs = tlvs
                    .sc_interface_version()
                    .map_or(InterfaceVersion::V33, InterfaceVersion);
                self.version = negotiate(self.config.interface_version, theirs);
                if self.state == State::Open || self.state == State::Outbound {
                    self.became_bound(bind_type);
                }
                return Some(Event::Bound {
                    id: rid,
                    bind_type,
                    system_id,
                    interface_version: self.version,
                });
            }
            return Some(Event::BindRefused {
                id: rid,
                command_status: if status.is_ok() {
                    CommandStatus::ESME_RINVCMDID
                } else {
                    status
                },
            });
        }
        if status == CommandStatus::ESME_RTHROTTLED || status == CommandStatus::ESME_RMSGQFUL {
            // The request was sent at `deadline - response_timeout`; a burst
            // of throttled answers from one window is one episode (`Backoff`).
            let sent = p.deadline.saturating_sub(self.config.response_timeout);
            if let Some(retry_at) = self.backoff.throttled(sent, self.now, &self.config) {
                self.push_event(Queued::Throttled(retry_at));
            }
        } else if status.is_ok() && p.command_id.is_message() {
            self.backoff.reset();
        }
        Some(Event::Response {
            id: rid,
            command_status: status,
            pdu,
            raw,
        })
    }
}

/// The body of deliver_sm_resp and data_sm_resp as an ESME answers: the
/// message_id is unused and set to NULL (SMPP 3.4 §4.6.2, §4.7.2).
const DELIVERY_RESP: SmResp<'static> = SmResp {
    message_id: Some(b""),
    tlvs: Tlvs::EMPTY,
};

/// The response to a peer's deliver_sm or data_sm that carries no body of
/// its own: deliver_sm_resp (SMPP 3.4 §4.6.2) or data_sm_resp (§4.7.2) with
/// message_id NULL. `None` for any other command_id.
///
/// The PDU [`Session::acknowledge`] sends; for an adapter that answers
/// from another task with an encoded PDU.
pub fn delivery_response(request: CommandId) -> Option<Pdu<'static>> {
    match request {
        CommandId::DELIVER_SM => Some(Pdu::DeliverSmResp(DELIVERY_RESP)),
        CommandId::DATA_SM => Some(Pdu::DataSmResp(DELIVERY_RESP)),
        _ => None,
    }
}
