//! One driver task per connection: read, hand bytes to the session, drain its
//! events and bytes, sleep until its next deadline. All protocol logic is in
//! `smpp_proto::session`; this loop only moves bytes, time and messages.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use smpp_proto::codec::Bind;
use smpp_proto::session::{
    BindType, CloseReason, Event, PeerRequest, ProtocolError, SendError, SessionWith, VecBuffer,
};
use smpp_proto::{CommandStatus, InterfaceVersion};
use std::future::Future;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};
use tracing::{debug, trace, warn};

use crate::clock::Clock;
use crate::error::Error;
use crate::owned::OwnedPdu;

/// Window capacity of adapter sessions (the configured window may be smaller).
pub const WINDOW: usize = 64;
/// The most each receive and transmit buffer of an adapter session grows
/// to: the largest PDU handled is the smaller of this and the session's
/// `Config::max_command_length` (64 KiB by default, SMPP 3.4 §3.2).
pub const BUFFER: usize = 72 * 1024;

/// What each buffer starts with; it grows when a long PDU or a burst needs
/// more. After [`IDLE_SHRINK`] without traffic both buffers are freed, and
/// come back at this size with the next PDU.
pub(crate) const INITIAL_BUFFER: usize = 1024;

/// How long a connection is quiet before its buffers are freed.
pub(crate) const IDLE_SHRINK: std::time::Duration = std::time::Duration::from_secs(1);

/// Which way a PDU went, for [`PduHook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Written to the peer.
    Sent,
    /// Read from the peer.
    Received,
}

/// Called with every whole PDU sent and received on a connection (header
/// and wire bytes), to log or count them. Keep it fast: it runs on the
/// connection's task.
#[derive(Clone)]
pub struct PduHook(pub Arc<PduHookFn>);

/// The function a [`PduHook`] calls: direction, header, the PDU's wire bytes.
pub type PduHookFn = dyn Fn(Direction, &smpp_proto::Header, &[u8]) + Send + Sync;

impl std::fmt::Debug for PduHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PduHook")
    }
}

impl PduHook {
    /// Calls the hook for each whole PDU at the front of `bytes`; returns the
    /// bytes used.
    fn tap(&self, dir: Direction, bytes: &[u8]) -> usize {
        let mut used = 0;
        while let Some(rest) = bytes.get(used..) {
            match smpp_proto::codec::frame(rest, u32::MAX) {
                Ok(smpp_proto::codec::Framing::Complete(n)) => {
                    if let (Some(h), Some(pdu)) = (smpp_proto::Header::parse(rest), rest.get(..n)) {
                        (self.0)(dir, &h, pdu);
                    }
                    used += n;
                }
                Ok(_) => break,
                Err(_) => return bytes.len(),
            }
        }
        used
    }
}

/// Commands taken in one go before the driver writes (bounds the latency
/// one busy connection can add).
const BATCH: usize = 64;

/// The session type the tokio adapter runs: window [`WINDOW`], heap
/// buffers ([`VecBuffer`]) from [`INITIAL_BUFFER`] up to [`BUFFER`].
pub(crate) type TokioSession = SessionWith<WINDOW, VecBuffer, VecBuffer>;

fn new_session(
    config: smpp_proto::session::Config,
    now: smpp_proto::time::Instant,
) -> TokioSession {
    SessionWith::with_buffers(
        config,
        now,
        VecBuffer::new(INITIAL_BUFFER, BUFFER),
        VecBuffer::new(INITIAL_BUFFER, BUFFER),
    )
}

/// A reply channel for one request.
pub(crate) type Reply = oneshot::Sender<Result<OwnedPdu, Error>>;

/// ESME: what a successful bind says (SMPP 3.4 §4.1.2), as the session
/// reported it in `Event::Bound`.
#[derive(Debug, Clone)]
pub(crate) struct Bound {
    /// The SMSC's system_id.
    pub(crate) system_id: Vec<u8>,
    /// The negotiated interface_version (SMPP 3.4 §5.3.2.25).
    pub(crate) interface_version: InterfaceVersion,
}

/// The reply channel of a bind.
pub(crate) type BindReply = oneshot::Sender<Result<Bound, Error>>;

/// The fields of a bind request (SMPP 3.4 §4.1.1), owned, to cross to
/// the driver.
#[derive(Debug, Clone, Default)]
pub(crate) struct BindFields {
    pub(crate) system_id: Vec<u8>,
    pub(crate) password: Vec<u8>,
    pub(crate) system_type: Vec<u8>,
    pub(crate) interface_version: InterfaceVersion,
    pub(crate) addr_ton: u8,
    pub(crate) addr_npi: u8,
    pub(crate) address_range: Vec<u8>,
}

impl BindFields {
    fn as_bind(&self) -> Bind<'_> {
        Bind {
            system_id: &self.system_id,
            password: &self.password,
            system_type: &self.system_type,
            interface_version: self.interface_version,
            addr_ton: self.addr_ton,
            addr_npi: self.addr_npi,
            address_range: &self.address_range,
        }
    }
}

/// Who waits for the outcome of a request in the window.
#[derive(Debug)]
enum Waiter {
    /// A request: its response PDU.
    Pdu(Reply),
    /// A bind: what `Event::Bound` says.
    Bind(BindReply),
}

impl Waiter {
    fn fail(self, e: Error) {
        match self {
            Waiter::Pdu(r) => {
                let _ = r.send(Err(e));
            }
            Waiter::Bind(r) => {
                let _ = r.send(Err(e));
            }
        }
    }
}

/// Requests from the application: taken only while the window has room.
#[derive(Debug)]
pub(crate) struct RequestCmd {
    pub(crate) pdu: OwnedPdu,
    pub(crate) reply: Reply,
}

/// A request the driver took: sent, or waiting to be (again).
#[derive(Debug)]
struct Outgoing {
    pdu: OwnedPdu,
    reply: Reply,
    /// Until when a throttled answer sends it again instead of ending it.
    retry_until: smpp_proto::time::Instant,
}

/// A request in the session's window: its reply, and the request itself
/// when it may be sent again (a message the peer may throttle) or is
/// the outcome (a request without a response).
#[derive(Debug)]
struct InFlight {
    reply: Waiter,
    request: Option<(OwnedPdu, smpp_proto::time::Instant)>,
}

/// Control commands: always taken.
#[derive(Debug)]
pub(crate) enum Control {
    Respond {
        request: PeerRequest,
        response: OwnedPdu,
    },
    /// deliver_sm_resp / data_sm_resp with this status
    /// (`Session::acknowledge`).
    Acknowledge {
        request: PeerRequest,
        command_status: CommandStatus,
    },
    AcceptBind {
        request: PeerRequest,
        system_id: Vec<u8>,
        /// The version the SMSC speaks to this ESME; `None`: the config's.
        interface_version: Option<InterfaceVersion>,
    },
    RejectBind {
        request: PeerRequest,
        command_status: CommandStatus,
    },
    Bind {
        bind_type: BindType,
        bind: Box<BindFields>,
        reply: BindReply,
    },
    Unbind {
        reply: Reply,
    },
    /// SMSC: send outbind on a fresh connection (system_id, password;
    /// boxed, as it is rare, to keep every queued command small).
    Outbind(Box<(Vec<u8>, Vec<u8>)>),
    /// Stop reading from the peer (node-smpp's `pause`).
    Pause,
    /// Read again.
    Resume,
    Close,
}

/// A bind the SMSC owner must accept or reject.
#[derive(Debug)]
pub(crate) struct BindReport {
    pub(crate) request: PeerRequest,
    pub(crate) bind_type: BindType,
    pub(crate) system_id: Vec<u8>,
    pub(crate) password: Vec<u8>,
    pub(crate) system_type: Vec<u8>,
    pub(crate) interface_version: InterfaceVersion,
}

/// What the driver reports to its owner (client or server logic).
#[derive(Debug)]
pub(crate) enum Report {
    /// A peer request to answer with `Control::Respond`.
    Request { request: PeerRequest, pdu: OwnedPdu },
    /// SMSC: a bind to accept or reject (boxed: one per session, and the
    /// channel's slots are as large as its largest report).
    BindRequest(Box<BindReport>),
    /// ESME: the SMSC sent outbind.
    Outbind,
    /// The session closed.
    Closed(CloseReason),
}

pub(crate) struct Channels {
    pub(crate) requests: mpsc::Receiver<RequestCmd>,
    pub(crate) control: mpsc::UnboundedReceiver<Control>,
    pub(crate) reports: mpsc::Sender<Report>,
    pub(crate) hook: Option<PduHook>,
    /// How long after it was first sent a throttled request is sent again
    /// instead of ending with its throttled response.
    pub(crate) retry_throttled: std::time::Duration,
}

/// Reports a connection may have waiting at once. Peer requests are
/// bounded by the session's inbound window (they stay unanswered until the
/// application takes them); only alert_notification, which has no
/// response, could exceed it: then the driver waits for room.
const REPORTS: usize = WINDOW + 4;

/// The application's ends of a connection's channels.
pub(crate) struct Handles {
    pub(crate) requests: mpsc::Sender<RequestCmd>,
    pub(crate) control: mpsc::UnboundedSender<Control>,
    pub(crate) reports: mpsc::Receiver<Report>,
    pub(crate) task: tokio::task::JoinHandle<()>,
}

/// Starts the driver task of one connection with a fresh session.
/// Throttled requests are sent again for up to `retry_throttled` after
/// they were first sent (`None`: the session's response_timeout).
pub(crate) fn spawn<S>(
    config: smpp_proto::session::Config,
    stream: S,
    hook: Option<PduHook>,
    retry_throttled: Option<std::time::Duration>,
    span: tracing::Span,
) -> Handles
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    use tracing::Instrument;
    let clock = Clock::new();
    // Boxed: the session (its buffers inline) lives once on the heap instead
    // of inside the task's future.
    let session = Box::new(new_session(config, clock.now()));
    // Bounded: once the window and this queue are full, callers wait in
    // `send` (back-pressure). A queue as deep as the window lets the driver
    // take a whole window's worth in one wake-up instead of one at a time.
    let (req_tx, req_rx) = mpsc::channel(config.window.clamp(1, WINDOW));
    let (ctl_tx, ctl_rx) = mpsc::unbounded_channel();
    let (rep_tx, rep_rx) = mpsc::channel(REPORTS);
    let retry_throttled = retry_throttled.unwrap_or(std::time::Duration::from_millis(
        config.response_timeout.as_millis(),
    ));
    let channels = Channels {
        requests: req_rx,
        control: ctl_rx,
        reports: rep_tx,
        hook,
        retry_throttled,
    };
    let task = tokio::spawn(run(session, clock, stream, channels).instrument(span));
    Handles {
        requests: req_tx,
        control: ctl_tx,
        reports: rep_rx,
        task,
    }
}

/// What woke the driver.
enum Wake {
    /// Bytes were read into the session's receive buffer (0: end of stream).
    Read(std::io::Result<usize>),
    Request(Option<RequestCmd>),
    Control(Option<Control>),
    Timer,
}

/// Runs one connection until the session closes.
///
/// One loop, one input at a time: the socket is read straight into the
/// session's receive buffer (no copy, no buffer of the driver's own), so an
/// idle connection holds only the session's small buffers.
pub(crate) async fn run<S>(
    mut session: Box<TokioSession>,
    clock: Clock,
    mut stream: S,
    mut ch: Channels,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut pending: HashMap<u32, InFlight> = HashMap::new();
    // Requests to send before any new one: throttled ones to send again
    // (SMPP 3.4 §5.1.3), and one refused for now (throttled, rate
    // limited, buffer full) until `blocked_until`.
    let mut queued: VecDeque<Outgoing> = VecDeque::new();
    let mut blocked_until: Option<smpp_proto::time::Instant> = None;
    let retry = smpp_proto::time::Duration::from(ch.retry_throttled);
    let mut requests_open = true;
    let mut control_open = true;
    let mut paused = false;
    let mut close_reason = None;
    // Received bytes not yet seen whole by the hook.
    let mut tapped: Vec<u8> = Vec::new();
    let mut sleep = std::pin::pin!(tokio::time::sleep_until(far_future()));
    let mut armed: Option<smpp_proto::time::Instant> = None;
    let idle = smpp_proto::time::Duration::from_millis(IDLE_SHRINK.as_millis() as u64);
    // When the buffers are freed if nothing happens before.
    let mut idle_at = Some(clock.now() + idle);

    loop {
        // Send what waits, in order, unless its wait is not over.
        if blocked_until.is_none_or(|t| t <= clock.now()) {
            blocked_until = None;
            while let Some(out) = queued.pop_front() {
                if let Err((out, until)) = try_send(&mut session, &clock, out, &mut pending) {
                    queued.push_front(out);
                    blocked_until = until;
                    break;
                }
            }
        }
        // Drain events, and write, until neither makes progress (the
        // session's run loop contract).
        let mut write_failed = false;
        while !write_failed {
            while let Some(ev) = session.poll_event() {
                let full = dispatch(
                    ev,
                    &clock,
                    &mut pending,
                    &mut queued,
                    &ch.reports,
                    &mut close_reason,
                );
                if let Some(report) = full {
                    // Only a flood of alert_notification fills the reports:
                    // wait for the application rather than grow.
                    let _ = ch.reports.send(report).await;
                }
            }
            if session.pending_transmit().is_empty() {
                break;
            }
            while !session.pending_transmit().is_empty() {
                let out = session.pending_transmit();
                trace!(bytes = out.len(), "send");
                if let Some(h) = &ch.hook {
                    // The transmit buffer only ever holds whole PDUs.
                    h.tap(Direction::Sent, out);
                }
                if let Err(e) = stream.write_all(out).await {
                    debug!(error = %e, "write failed");
                    session.handle_disconnect(clock.now());
                    write_failed = true;
                    break;
                }
                let n = out.len();
                session.transmitted(n);
                // A TLS stream takes the bytes into its own buffer and keeps the
                // records it could not write when the socket would block: they
                // leave only on a flush (a no-op for TCP). Without it a burst of
                // responses could wait for the next write that never comes.
                if let Err(e) = stream.flush().await {
                    debug!(error = %e, "flush failed");
                    session.handle_disconnect(clock.now());
                    write_failed = true;
                    break;
                }
            }
        }
        if session.is_closed() {
            while let Some(ev) = session.poll_event() {
                if let Some(report) = dispatch(
                    ev,
                    &clock,
                    &mut pending,
                    &mut queued,
                    &ch.reports,
                    &mut close_reason,
                ) {
                    let _ = ch.reports.send(report).await;
                }
            }
            let _ = stream.shutdown().await;
            break;
        }
        let now = clock.now();
        if session.poll_timeout().is_some_and(|t| t <= now) {
            // Due already (a busy socket never lets the timer win the race).
            session.handle_timeout(now);
            continue;
        }
        if idle_at.is_some_and(|t| t <= now) && session.pending_transmit().is_empty() {
            // Quiet for a while: give the buffers back.
            session.shrink_buffers();
            idle_at = None;
        }
        let deadline = [session.poll_timeout(), blocked_until, idle_at]
            .into_iter()
            .flatten()
            .min();
        if deadline != armed {
            armed = deadline;
            let at = deadline.map_or_else(far_future, |t| clock.to_tokio(t));
            sleep.as_mut().reset(at);
        }
        let can_read = !paused && session.wants_input();
        let can_request = requests_open && queued.is_empty() && session.window_available();
        let hook = ch.hook.is_some();
        let wake = std::future::poll_fn(|cx| {
            use std::task::Poll;
            if control_open {
                if let Poll::Ready(c) = ch.control.poll_recv(cx) {
                    return Poll::Ready(Wake::Control(c));
                }
            }
            if can_read {
                let buf = session.receive_buffer();
                if !buf.is_empty() {
                    let mut rb = tokio::io::ReadBuf::new(buf);
                    if let Poll::Ready(r) = std::pin::Pin::new(&mut stream).poll_read(cx, &mut rb) {
                        if hook {
                            tapped.extend_from_slice(rb.filled());
                        }
                        let n = rb.filled().len();
                        return Poll::Ready(Wake::Read(r.map(|()| n)));
                    }
                }
            }
            if can_request {
                if let Poll::Ready(c) = ch.requests.poll_recv(cx) {
                    return Poll::Ready(Wake::Request(c));
                }
            }
            if armed.is_some() && sleep.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Wake::Timer);
            }
            Poll::Pending
        })
        .await;
        // One clock read for the wake and the idle deadline.
        let now = clock.now();
        if !matches!(wake, Wake::Timer) {
            idle_at = Some(now + idle);
        }
        match wake {
            Wake::Read(Ok(0) | Err(_)) => {
                debug!("connection closed by peer");
                session.handle_disconnect(now);
            }
            Wake::Read(Ok(n)) => {
                trace!(bytes = n, "recv");
                if let Some(h) = &ch.hook {
                    let used = h.tap(Direction::Received, &tapped);
                    tapped.drain(..used);
                }
                session.handle_received(now, n);
            }
            Wake::Request(Some(cmd)) => {
                let out = Outgoing::new(cmd, now + retry);
                if let Err((out, until)) = try_send(&mut session, &clock, out, &mut pending) {
                    queued.push_back(out);
                    blocked_until = until;
                }
            }
            Wake::Request(None) => requests_open = false,
            Wake::Control(Some(ctl)) => {
                control(&mut session, &clock, ctl, &mut pending, &mut paused);
            }
            Wake::Control(None) => {
                control_open = false;
                // The owner is gone: end the session cleanly.
                if session.state().is_bound() {
                    let _ = session.unbind(now);
                } else {
                    session.close(now);
                }
            }
            Wake::Timer => {
                armed = None;
                session.handle_timeout(now);
            }
        }
        // Take whatever else is already waiting, so many PDUs leave in one
        // write instead of one system call each.
        for _ in 0..BATCH {
            let mut progress = false;
            if control_open {
                if let Ok(ctl) = ch.control.try_recv() {
                    control(&mut session, &clock, ctl, &mut pending, &mut paused);
                    progress = true;
                }
            }
            if requests_open && queued.is_empty() && session.window_available() {
                if let Ok(cmd) = ch.requests.try_recv() {
                    let out = Outgoing::new(cmd, now + retry);
                    if let Err((out, until)) = try_send(&mut session, &clock, out, &mut pending) {
                        queued.push_back(out);
                        blocked_until = until;
                    }
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
    }
    for (_, f) in pending.drain() {
        f.reply.fail(Error::Closed(close_reason));
    }
    for out in queued {
        let _ = out.reply.send(Err(Error::Closed(close_reason)));
    }
    // Requests still queued never reached the session.
    ch.requests.close();
    while let Ok(cmd) = ch.requests.try_recv() {
        let _ = cmd.reply.send(Err(Error::Closed(close_reason)));
    }
}

/// A deadline that never comes (an idle session with no timer).
fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + std::time::Duration::from_secs(86_400 * 365)
}

impl Outgoing {
    fn new(cmd: RequestCmd, retry_until: smpp_proto::time::Instant) -> Outgoing {
        Outgoing {
            pdu: cmd.pdu,
            reply: cmd.reply,
            retry_until,
        }
    }
}

/// A request the session refused for now, and until when (`None`: until
/// the window or the transmit buffer has room).
type Blocked = (Outgoing, Option<smpp_proto::time::Instant>);

fn try_send(
    session: &mut TokioSession,
    clock: &Clock,
    out: Outgoing,
    pending: &mut HashMap<u32, InFlight>,
) -> Result<(), Blocked> {
    match session.send_encoded(clock.now(), out.pdu.as_bytes()) {
        Ok(id) => {
            let command_id = out.pdu.command_id();
            // Kept to send again if throttled (SMPP 3.4 §5.1.3), or to be the
            // outcome of a request without a response.
            let keep = command_id.is_message() || !command_id.has_response();
            pending.insert(
                id.sequence_number(),
                InFlight {
                    reply: Waiter::Pdu(out.reply),
                    request: keep.then_some((out.pdu, out.retry_until)),
                },
            );
            Ok(())
        }
        Err(SendError::Throttled { retry_at } | SendError::RateLimited { retry_at }) => {
            Err((out, Some(retry_at)))
        }
        Err(SendError::TransmitFull | SendError::WindowFull) => Err((out, None)),
        Err(e) => {
            let _ = out.reply.send(Err(Error::Send(e)));
            Ok(())
        }
    }
}

fn control(
    session: &mut TokioSession,
    clock: &Clock,
    ctl: Control,
    pending: &mut HashMap<u32, InFlight>,
    paused: &mut bool,
) {
    let now = clock.now();
    let result = match ctl {
        Control::Respond { request, response } => {
            session.respond_encoded(now, request, response.as_bytes())
        }
        Control::Acknowledge {
            request,
            command_status,
        } => session.acknowledge(now, request, command_status),
        Control::AcceptBind {
            request,
            system_id,
            interface_version,
        } => match interface_version {
            Some(v) => session.accept_bind_as(now, request, &system_id, v),
            None => session.accept_bind(now, request, &system_id),
        },
        Control::RejectBind {
            request,
            command_status,
        } => session.reject_bind(now, request, command_status),
        Control::Bind {
            bind_type,
            bind,
            reply,
        } => {
            match session.bind(now, bind_type, &bind.as_bind()) {
                Ok(id) => {
                    pending.insert(
                        id.sequence_number(),
                        InFlight {
                            reply: Waiter::Bind(reply),
                            request: None,
                        },
                    );
                }
                Err(e) => {
                    let _ = reply.send(Err(Error::Send(e)));
                }
            }
            Ok(())
        }
        Control::Unbind { reply } => {
            match session.unbind(now) {
                Ok(id) => {
                    pending.insert(
                        id.sequence_number(),
                        InFlight {
                            reply: Waiter::Pdu(reply),
                            request: None,
                        },
                    );
                }
                Err(e) => {
                    let _ = reply.send(Err(Error::Send(e)));
                }
            }
            Ok(())
        }
        Control::Outbind(ids) => session
            .outbind(
                now,
                &smpp_proto::codec::Outbind {
                    system_id: &ids.0,
                    password: &ids.1,
                },
            )
            .map(|_| ()),
        Control::Pause => {
            *paused = true;
            Ok(())
        }
        Control::Resume => {
            *paused = false;
            Ok(())
        }
        Control::Close => {
            session.close(now);
            Ok(())
        }
    };
    if let Err(e) = result {
        debug!(error = %e, "control command refused");
    }
}

/// Hands one event to whoever waits for it. Returns a report the channel
/// had no room for.
fn dispatch(
    ev: Event<'_>,
    clock: &Clock,
    pending: &mut HashMap<u32, InFlight>,
    queued: &mut VecDeque<Outgoing>,
    reports: &mpsc::Sender<Report>,
    close_reason: &mut Option<CloseReason>,
) -> Option<Report> {
    let report = match ev {
        Event::Response {
            id,
            command_status,
            raw,
            ..
        } => {
            let f = pending.remove(&id.sequence_number())?;
            let throttled = command_status == CommandStatus::ESME_RTHROTTLED
                || command_status == CommandStatus::ESME_RMSGQFUL;
            match (f.reply, f.request) {
                // SMPP 3.4 §5.1.3: the peer asks to slow down; the request is
                // sent again after the pause, until its retry deadline.
                (Waiter::Pdu(reply), Some((pdu, retry_until)))
                    if throttled && clock.now() < retry_until =>
                {
                    trace!(seq = id.sequence_number(), "throttled; will send again");
                    queued.push_back(Outgoing {
                        pdu,
                        reply,
                        retry_until,
                    });
                }
                // The response as it came: a copy of its wire bytes.
                (Waiter::Pdu(reply), _) => {
                    let _ = reply.send(Ok(OwnedPdu::from_wire(raw)));
                }
                // A bind ends in Bound or BindRefused, never here.
                (w @ Waiter::Bind(_), _) => w.fail(Error::Closed(None)),
            }
            return None;
        }
        Event::Sent { id, .. } => {
            // A request without a response: written, so done; its outcome
            // is the request as sent.
            let f = pending.remove(&id.sequence_number())?;
            let sent = f
                .request
                .map(|(pdu, _)| pdu.with_sequence_number(id.sequence_number()));
            match (f.reply, sent) {
                (Waiter::Pdu(reply), Some(pdu)) => {
                    let _ = reply.send(Ok(pdu));
                }
                (w, _) => w.fail(Error::Closed(None)),
            }
            return None;
        }
        Event::Bound {
            id,
            bind_type,
            system_id,
            interface_version,
        } => {
            debug!(?bind_type, %interface_version, "bound");
            match pending.remove(&id.sequence_number()).map(|f| f.reply) {
                Some(Waiter::Bind(reply)) => {
                    let _ = reply.send(Ok(Bound {
                        system_id: system_id.to_vec(),
                        interface_version,
                    }));
                }
                Some(w) => w.fail(Error::Closed(None)),
                None => {}
            }
            return None;
        }
        Event::BindRefused { id, command_status } => {
            if let Some(f) = pending.remove(&id.sequence_number()) {
                f.reply.fail(Error::BindRefused(command_status));
            }
            return None;
        }
        Event::RequestFailed { id, reason, .. } => {
            if let Some(f) = pending.remove(&id.sequence_number()) {
                f.reply.fail(Error::Failed(reason));
            }
            return None;
        }
        // Kept as a copy of its wire bytes, not encoded again.
        Event::Request { request, raw, .. } => Report::Request {
            request,
            pdu: OwnedPdu::from_wire(raw),
        },
        Event::BindRequest {
            request,
            bind_type,
            bind,
        } => Report::BindRequest(Box::new(BindReport {
            request,
            bind_type,
            system_id: bind.system_id.to_vec(),
            password: bind.password.to_vec(),
            system_type: bind.system_type.to_vec(),
            interface_version: bind.interface_version,
        })),
        Event::Outbind { .. } => Report::Outbind,
        Event::Throttled { retry_at } => {
            debug!(retry_at_ms = retry_at.as_millis(), "peer throttled");
            return None;
        }
        Event::PeerUnbound => {
            debug!("peer unbound");
            return None;
        }
        // A PDU that breaks the spec (smpp_proto::codec::validate): refused
        // when `answered_with` is set, else delivered as usual.
        Event::ProtocolError(ProtocolError::Violation {
            command_id,
            sequence_number,
            violation,
            answered_with,
        }) => {
            warn!(
                %command_id,
                sequence_number,
                status = %violation.command_status,
                refused = answered_with.is_some(),
                "peer PDU breaks the spec: {violation}"
            );
            return None;
        }
        Event::ProtocolError(ProtocolError::UnknownCommand {
            command_id,
            sequence_number,
        }) => {
            warn!(
                %command_id,
                sequence_number, "unknown command_id: answered generic_nack ESME_RINVCMDID"
            );
            return None;
        }
        Event::ProtocolError(ProtocolError::UnexpectedResponse {
            command_id,
            sequence_number,
        }) => {
            warn!(
                %command_id,
                sequence_number, "response matching no request: dropped"
            );
            return None;
        }
        Event::ProtocolError(e) => {
            warn!(error = ?e, "protocol error");
            return None;
        }
        Event::Closed { reason } => {
            debug!(%reason, "session closed");
            *close_reason = Some(reason);
            Report::Closed(reason)
        }
        _ => return None,
    };
    match reports.try_send(report) {
        Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => None,
        Err(mpsc::error::TrySendError::Full(r)) => Some(r),
    }
}
