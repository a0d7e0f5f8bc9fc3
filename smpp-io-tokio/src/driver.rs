//! One driver task per connection: read, hand bytes to the session, drain its
//! events and bytes, sleep until its next deadline. All protocol logic is in
//! `smpp_proto::session`; this loop only moves bytes, time and messages.

use std::collections::HashMap;
use std::sync::Arc;

use smpp_proto::codec::{Bind, BindResp};
use smpp_proto::session::{BindType, CloseReason, Event, SendError, Session};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};
use tracing::{debug, trace, warn};

use crate::clock::Clock;
use crate::error::Error;
use crate::owned::OwnedPdu;

/// Window capacity of adapter sessions (the configured window may be smaller).
pub const WINDOW: usize = 64;
/// Receive and transmit buffer of adapter sessions: the largest PDU handled.
///
/// 4 KiB keeps a bound idle session small on a server holding thousands;
/// PDUs above it (a message_payload of several KiB) are refused as too long.
pub const BUFFER: usize = 4 * 1024;

/// Bytes read from the socket at once.
const READ_CHUNK: usize = 2 * 1024;

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

/// The session type the tokio adapter runs.
pub type TokioSession = Session<WINDOW, BUFFER, BUFFER>;

/// A reply channel for one request.
pub(crate) type Reply = oneshot::Sender<Result<OwnedPdu, Error>>;

/// Requests from the application: taken only while the window has room.
#[derive(Debug)]
pub(crate) struct RequestCmd {
    pub(crate) pdu: OwnedPdu,
    pub(crate) reply: Reply,
}

/// Control commands: always taken.
#[derive(Debug)]
pub(crate) enum Control {
    Respond {
        sequence_number: u32,
        response: OwnedPdu,
    },
    AcceptBind {
        sequence_number: u32,
        system_id: Vec<u8>,
    },
    RejectBind {
        sequence_number: u32,
        command_status: CommandStatus,
    },
    Bind {
        bind_type: BindType,
        bind: OwnedPdu,
        reply: Reply,
    },
    Unbind {
        reply: Reply,
    },
    /// SMSC: send outbind on a fresh connection.
    Outbind {
        system_id: Vec<u8>,
        password: Vec<u8>,
    },
    Close,
}

/// What the driver reports to its owner (client or server logic).
#[derive(Debug)]
pub(crate) enum Report {
    /// A peer request to answer with `Control::Respond`.
    Request { sequence_number: u32, pdu: OwnedPdu },
    /// SMSC: a bind to accept or reject.
    BindRequest {
        sequence_number: u32,
        bind_type: BindType,
        system_id: Vec<u8>,
        password: Vec<u8>,
        system_type: Vec<u8>,
        interface_version: InterfaceVersion,
    },
    /// ESME: the SMSC sent outbind.
    Outbind,
    /// The session closed.
    Closed(CloseReason),
}

pub(crate) struct Channels {
    pub(crate) requests: mpsc::Receiver<RequestCmd>,
    pub(crate) control: mpsc::UnboundedReceiver<Control>,
    pub(crate) reports: mpsc::UnboundedSender<Report>,
    pub(crate) hook: Option<PduHook>,
}

/// The application's ends of a connection's channels.
pub(crate) struct Handles {
    pub(crate) requests: mpsc::Sender<RequestCmd>,
    pub(crate) control: mpsc::UnboundedSender<Control>,
    pub(crate) reports: mpsc::UnboundedReceiver<Report>,
    pub(crate) task: tokio::task::JoinHandle<()>,
}

/// Starts the driver task of one connection with a fresh session.
pub(crate) fn spawn<S>(
    config: smpp_proto::session::Config,
    stream: S,
    hook: Option<PduHook>,
    span: tracing::Span,
) -> Handles
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    use tracing::Instrument;
    let clock = Clock::new();
    // Boxed: the session (its buffers inline) lives once on the heap instead
    // of inside the task's future.
    let session = Box::new(TokioSession::new(config, clock.now()));
    // Capacity 1: a caller beyond the window waits here (back-pressure).
    let (req_tx, req_rx) = mpsc::channel(1);
    let (ctl_tx, ctl_rx) = mpsc::unbounded_channel();
    let (rep_tx, rep_rx) = mpsc::unbounded_channel();
    let channels = Channels {
        requests: req_rx,
        control: ctl_rx,
        reports: rep_tx,
        hook,
    };
    let task = tokio::spawn(run(session, clock, stream, channels).instrument(span));
    Handles {
        requests: req_tx,
        control: ctl_tx,
        reports: rep_rx,
        task,
    }
}

/// Runs one connection until the session closes.
pub(crate) async fn run<S>(
    mut session: Box<TokioSession>,
    clock: Clock,
    stream: S,
    mut ch: Channels,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (mut reader, mut writer) = tokio::io::split(stream);
    let mut pending: HashMap<u32, Reply> = HashMap::new();
    // A request refused for now (throttled, rate limited, buffer full): retried first.
    let mut blocked: Option<(RequestCmd, Option<smpp_proto::time::Instant>)> = None;
    let mut rbuf = vec![0u8; READ_CHUNK];
    let mut leftover: Vec<u8> = Vec::new();
    let mut requests_open = true;
    let mut control_open = true;
    let mut close_reason = None;
    // Received bytes not yet seen whole by the hook.
    let mut tapped: Vec<u8> = Vec::new();

    loop {
        // Offer bytes the session could not take earlier.
        if !leftover.is_empty() {
            let n = session.handle_input(clock.now(), &leftover);
            leftover.drain(..n);
        }
        // Retry a blocked request whose wait is over.
        if let Some((cmd, until)) = blocked.take() {
            if until.is_none_or(|t| t <= clock.now()) {
                match try_send(&mut session, &clock, cmd, &mut pending) {
                    Ok(()) => {}
                    Err(b) => blocked = Some(b),
                }
            } else {
                blocked = Some((cmd, until));
            }
        }
        // Drain events.
        while let Some(ev) = session.poll_event() {
            dispatch(ev, &mut pending, &ch.reports, &mut close_reason);
        }
        // Flush bytes.
        while !session.pending_transmit().is_empty() {
            let out = session.pending_transmit();
            trace!(bytes = out.len(), "send");
            if let Some(h) = &ch.hook {
                // The transmit buffer only ever holds whole PDUs.
                h.tap(Direction::Sent, out);
            }
            if let Err(e) = writer.write_all(out).await {
                debug!(error = %e, "write failed");
                session.handle_disconnect(clock.now());
                break;
            }
            let n = out.len();
            session.transmitted(n);
        }
        if session.is_closed() {
            while let Some(ev) = session.poll_event() {
                dispatch(ev, &mut pending, &ch.reports, &mut close_reason);
            }
            let _ = writer.shutdown().await;
            break;
        }
        let deadline = [
            session.poll_timeout(),
            blocked.as_ref().and_then(|(_, t)| *t),
        ]
        .into_iter()
        .flatten()
        .min();
        let sleep_until = deadline.map(|t| clock.to_tokio(t));
        let can_read = session.wants_input() && leftover.is_empty();
        let can_request = requests_open && blocked.is_none() && session.window_available();
        tokio::select! {
            r = reader.read(&mut rbuf), if can_read => match r {
                Ok(0) | Err(_) => {
                    debug!("connection closed by peer");
                    session.handle_disconnect(clock.now());
                }
                Ok(n) => {
                    trace!(bytes = n, "recv");
                    let slice = rbuf.get(..n).unwrap_or_default();
                    if let Some(h) = &ch.hook {
                        tapped.extend_from_slice(slice);
                        let used = h.tap(Direction::Received, &tapped);
                        tapped.drain(..used);
                    }
                    let taken = session.handle_input(clock.now(), slice);
                    if taken < n {
                        leftover.extend_from_slice(slice.get(taken..).unwrap_or_default());
                    }
                }
            },
            cmd = ch.requests.recv(), if can_request => match cmd {
                Some(cmd) => {
                    if let Err(b) = try_send(&mut session, &clock, cmd, &mut pending) {
                        blocked = Some(b);
                    }
                }
                None => requests_open = false,
            },
            ctl = ch.control.recv(), if control_open => match ctl {
                Some(ctl) => control(&mut session, &clock, ctl, &mut pending),
                None => {
                    control_open = false;
                    // The owner is gone: end the session cleanly.
                    if session.state().is_bound() {
                        let _ = session.unbind(clock.now());
                    } else {
                        session.close(clock.now());
                    }
                }
            },
            _ = sleep(sleep_until) => {
                session.handle_timeout(clock.now());
            }
        }
        // Take whatever else is already waiting, so many PDUs leave in one
        // write instead of one system call each.
        for _ in 0..BATCH {
            let mut progress = false;
            if control_open {
                if let Ok(ctl) = ch.control.try_recv() {
                    control(&mut session, &clock, ctl, &mut pending);
                    progress = true;
                }
            }
            if requests_open && blocked.is_none() && session.window_available() {
                if let Ok(cmd) = ch.requests.try_recv() {
                    if let Err(b) = try_send(&mut session, &clock, cmd, &mut pending) {
                        blocked = Some(b);
                    }
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
    }
    for (_, reply) in pending.drain() {
        let _ = reply.send(Err(Error::Closed(close_reason)));
    }
    if let Some((cmd, _)) = blocked {
        let _ = cmd.reply.send(Err(Error::Closed(close_reason)));
    }
    // Requests still queued never reached the session.
    ch.requests.close();
    while let Ok(cmd) = ch.requests.try_recv() {
        let _ = cmd.reply.send(Err(Error::Closed(close_reason)));
    }
}

async fn sleep(until: Option<tokio::time::Instant>) {
    match until {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}

type Blocked = (RequestCmd, Option<smpp_proto::time::Instant>);

fn try_send(
    session: &mut TokioSession,
    clock: &Clock,
    cmd: RequestCmd,
    pending: &mut HashMap<u32, Reply>,
) -> Result<(), Blocked> {
    let pdu = match cmd.pdu.pdu() {
        Ok(p) => p,
        Err(e) => {
            let _ = cmd.reply.send(Err(Error::Send(SendError::Encode(
                smpp_proto::EncodeError::PduTooLarge,
            ))));
            warn!(error = %e, "request bytes do not decode");
            return Ok(());
        }
    };
    match session.send(clock.now(), &pdu) {
        Ok(id) => {
            pending.insert(id.sequence_number(), cmd.reply);
            Ok(())
        }
        Err(SendError::Throttled { retry_at } | SendError::RateLimited { retry_at }) => {
            Err((cmd, Some(retry_at)))
        }
        Err(SendError::TransmitFull | SendError::WindowFull) => Err((cmd, None)),
        Err(e) => {
            let _ = cmd.reply.send(Err(Error::Send(e)));
            Ok(())
        }
    }
}

fn control(
    session: &mut TokioSession,
    clock: &Clock,
    ctl: Control,
    pending: &mut HashMap<u32, Reply>,
) {
    let now = clock.now();
    let result = match ctl {
        Control::Respond {
            sequence_number,
            response,
        } => match response.pdu() {
            Ok(p) => session.respond(now, sequence_number, response.command_status(), &p),
            Err(_) => Ok(()),
        },
        Control::AcceptBind {
            sequence_number,
            system_id,
        } => session.accept_bind(now, sequence_number, &system_id),
        Control::RejectBind {
            sequence_number,
            command_status,
        } => session.reject_bind(now, sequence_number, command_status),
        Control::Bind {
            bind_type,
            bind,
            reply,
        } => {
            let b = match bind.pdu() {
                Ok(Pdu::BindTransmitter(b) | Pdu::BindReceiver(b) | Pdu::BindTransceiver(b)) => b,
                _ => Bind::default(),
            };
            match session.bind(now, bind_type, &b) {
                Ok(id) => {
                    pending.insert(id.sequence_number(), reply);
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
                    pending.insert(id.sequence_number(), reply);
                }
                Err(e) => {
                    let _ = reply.send(Err(Error::Send(e)));
                }
            }
            Ok(())
        }
        Control::Outbind {
            system_id,
            password,
        } => session.outbind(
            now,
            &smpp_proto::codec::Outbind {
                system_id: &system_id,
                password: &password,
            },
        ),
        Control::Close => {
            session.close(now);
            Ok(())
        }
    };
    if let Err(e) = result {
        debug!(error = %e, "control command refused");
    }
}

fn dispatch(
    ev: Event<'_>,
    pending: &mut HashMap<u32, Reply>,
    reports: &mpsc::UnboundedSender<Report>,
    close_reason: &mut Option<CloseReason>,
) {
    match ev {
        Event::Response {
            id,
            command_status,
            pdu,
        } => {
            if let Some(reply) = pending.remove(&id.sequence_number()) {
                let owned = OwnedPdu::encode(&pdu, command_status, id.sequence_number())
                    .map_err(Error::Encode);
                let _ = reply.send(owned);
            }
        }
        Event::Bound {
            id,
            bind_type,
            system_id,
            interface_version,
        } => {
            debug!(?bind_type, %interface_version, "bound");
            if let Some(reply) = pending.remove(&id.sequence_number()) {
                let resp = BindResp {
                    system_id: Some(system_id),
                    ..BindResp::default()
                };
                let pdu = match bind_type {
                    BindType::Transmitter => Pdu::BindTransmitterResp(resp),
                    BindType::Receiver => Pdu::BindReceiverResp(resp),
                    BindType::Transceiver => Pdu::BindTransceiverResp(resp),
                };
                let _ = reply.send(
                    OwnedPdu::encode(&pdu, CommandStatus::ESME_ROK, id.sequence_number())
                        .map_err(Error::Encode),
                );
            }
        }
        Event::BindRefused { id, command_status } => {
            if let Some(reply) = pending.remove(&id.sequence_number()) {
                let _ = reply.send(Err(Error::BindRefused(command_status)));
            }
        }
        Event::RequestFailed { id, reason, .. } => {
            if let Some(reply) = pending.remove(&id.sequence_number()) {
                let _ = reply.send(Err(Error::Failed(reason)));
            }
        }
        Event::Request {
            sequence_number,
            pdu,
        } => match OwnedPdu::encode(&pdu, CommandStatus::ESME_ROK, sequence_number) {
            Ok(pdu) => {
                let _ = reports.send(Report::Request {
                    sequence_number,
                    pdu,
                });
            }
            Err(e) => warn!(error = %e, "cannot keep a peer request"),
        },
        Event::BindRequest {
            sequence_number,
            bind_type,
            bind,
        } => {
            let _ = reports.send(Report::BindRequest {
                sequence_number,
                bind_type,
                system_id: bind.system_id.to_vec(),
                password: bind.password.to_vec(),
                system_type: bind.system_type.to_vec(),
                interface_version: bind.interface_version,
            });
        }
        Event::Outbind { .. } => {
            let _ = reports.send(Report::Outbind);
        }
        Event::Throttled { retry_at } => {
            debug!(retry_at_ms = retry_at.as_millis(), "peer throttled");
        }
        Event::PeerUnbound => debug!("peer unbound"),
        Event::ProtocolError(e) => warn!(error = ?e, "protocol error"),
        Event::Closed { reason } => {
            debug!(?reason, "session closed");
            *close_reason = Some(reason);
            let _ = reports.send(Report::Closed(reason));
        }
        _ => {}
    }
}
