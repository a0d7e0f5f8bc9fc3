//! The runner: one loop that owns the transport. It connects, binds, moves
//! bytes between the transport and the session, sleeps until the session's
//! next deadline, and reconnects with back-off when the link drops. All
//! protocol logic stays in `smpp_proto::session`: this loop only moves bytes,
//! time and outcomes (SMPP 3.4 §2.2–2.8 are the core's business).

use core::future::{poll_fn, Future};
use core::pin::pin;
use core::task::Poll;

use embassy_futures::select::{select, select3, Either3};
use embassy_sync::blocking_mutex::raw::{NoopRawMutex, RawMutex};
use embedded_io_async::{Read, Write};
use smpp_proto::codec::Bind;
use smpp_proto::session::{Event, PeerRequest, ReconnectBackoff, Session, State};
use smpp_proto::{CommandStatus, Pdu};

use crate::config::Config;
use crate::error::{Error, LinkState, MessageId, Response};
use crate::inbound::ReceivedMessage;
use crate::shared::{Inner, Resources};
use crate::time::{duration, now, sleep_until};

/// Opens the transport the runner talks SMPP over: a TCP connection on
/// embassy-net (`net::TcpConnector`, feature `embassy-net`), a
/// modem's own TCP socket, or anything else that implements
/// `embedded_io_async::{Read, Write}`.
///
/// The runner reads into and writes from the session's own buffers, which
/// sit behind the client's shared lock. So it makes each `read` and `write`
/// future inside that lock, polls it once and drops it when it is pending,
/// then makes a new one when the task is woken. Both must therefore be
/// cancel-safe: a dropped, pending future has moved no byte, and its waker
/// stays registered (embedded-io-async encourages this; embassy-net's
/// `TcpSocket` does it, copying into or out of its socket buffer in one
/// poll). With `CriticalSectionRawMutex` that poll runs in a critical
/// section, so it should be quick.
#[allow(async_fn_in_trait)] // reason: embassy executors are single-threaded; no Send bound wanted
pub trait Connect {
    /// An open connection. It may borrow the connector (e.g. its socket buffers).
    type Conn<'c>: Read + Write
    where
        Self: 'c;
    /// Why a connection attempt failed (only counted; the runner backs off).
    type Error;

    /// Opens a connection to the SMSC.
    async fn connect(&mut self) -> Result<Self::Conn<'_>, Self::Error>;

    /// Closes a connection the session is done with (by default, drops it).
    async fn disconnect<'c>(conn: Self::Conn<'c>)
    where
        Self: 'c,
    {
        drop(conn);
    }
}

/// Drives the client: spawn [`Runner::run`] as its own task (embassy-net's
/// shape: `new` returns the handle and the runner).
///
/// `R` is the [`Resources`] type it shares with the [`crate::Client`]; the
/// default is `Resources<NoopRawMutex>`.
pub struct Runner<'a, R = Resources<NoopRawMutex>> {
    pub(crate) shared: &'a R,
    pub(crate) config: Config<'a>,
}

impl<R> core::fmt::Debug for Runner<'_, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Runner")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// What one session event asks the runner to do, once the event (which
/// borrows the session's receive buffer) is gone.
#[allow(clippy::large_enum_variant)] // reason: no heap to box into; one lives briefly on the stack
enum Step {
    Nothing,
    /// The outcome of a client request.
    Outcome(u32, Result<Response, Error>),
    /// The runner's bind succeeded.
    Bound(u32),
    /// The runner's bind failed (refused, timed out): close and back off.
    BindFailed(u32),
    /// A message for the application: queue it, then answer it.
    Deliver(PeerRequest, ReceivedMessage),
    /// Any other request from the SMSC: answer generic_nack.
    Refuse(PeerRequest),
    /// The session closed; this is its last event.
    Closed(smpp_proto::session::CloseReason),
}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>
    Runner<'_, Resources<M, W, RX, TX, IN>>
{
    /// Runs forever: connects through `connector`, binds, serves the
    /// session, and after the link drops (EOF, I/O error, keep-alive
    /// unanswered, bind refused) reconnects after the core's
    /// [`ReconnectBackoff`]: a base doubling from `reconnect_min` to
    /// `reconnect_max`, each wait drawn from `[base / 2, base]`. After
    /// [`crate::Client::unbind`] it idles until [`crate::Client::resume`].
    pub async fn run<C: Connect>(&mut self, mut connector: C) -> ! {
        let mut backoff =
            ReconnectBackoff::new(self.config.reconnect_min, self.config.reconnect_max);
        loop {
            self.wait_resumed().await;
            self.shared.lock(|i| i.set_link(LinkState::Connecting));
            info!("connecting");
            let bound = match embassy_time::with_timeout(
                duration(self.config.connect_timeout),
                connector.connect(),
            )
            .await
            {
                Ok(Ok(mut conn)) => {
                    let bound = self.serve(&mut conn).await;
                    C::disconnect(conn).await;
                    bound
                }
                Ok(Err(_)) => {
                    warn!("connect failed");
                    false
                }
                Err(_) => {
                    warn!("connect timed out");
                    false
                }
            };
            if bound {
                backoff.reset();
            }
            if self.shared.lock(|i| i.stop) {
                continue;
            }
            self.shared.lock(|i| i.set_link(LinkState::BackingOff));
            let wait = backoff.next_delay(noise());
            info!("reconnecting in {} ms", wait.as_millis());
            // unbind() during the wait ends it early.
            select(
                embassy_time::Timer::after(duration(wait)),
                self.wait_stopped(),
            )
            .await;
        }
    }

    /// Returns at once unless the client is stopped; then idles until resumed.
    async fn wait_resumed(&self) {
        while self.shared.lock(|i| {
            if i.stop {
                i.set_link(LinkState::Stopped);
            }
            i.stop
        }) {
            self.shared.kick.wait().await;
        }
    }

    async fn wait_stopped(&self) {
        while !self.shared.lock(|i| i.stop) {
            self.shared.kick.wait().await;
        }
    }

    /// One connection: a new session, bind, then the run loop of
    /// `smpp_proto::session` until the session closes. Returns whether it
    /// was ever bound.
    ///
    /// Bytes go straight between the transport and the session's own
    /// buffers (`receive_buffer` / `handle_received`, `pending_transmit` /
    /// `transmitted`): the runner keeps no I/O buffer of its own.
    async fn serve<T: Read + Write>(&mut self, conn: &mut T) -> bool {
        let mut bound = false;
        let mut broken = false;
        // Whether draining may stop at a full inbound queue (see `drain`).
        let mut may_pause = true;
        if !self.start_session() {
            warn!("bind could not be encoded");
            return false;
        }
        let write_timeout = duration(self.config.session.response_timeout);
        loop {
            // 1. Stop requests, then every event.
            let (closed, paused) = self.shared.lock(|i| {
                stop_if_asked(i);
                drain(i, &mut bound, may_pause)
            });
            // 2. Every byte to send (the last replies too, once closed).
            let wrote = !broken && {
                match self.write_out(conn, write_timeout).await {
                    Ok(wrote) => wrote,
                    Err(()) => {
                        warn!("write failed");
                        broken = true;
                        self.disconnected();
                        false
                    }
                }
            };
            if closed {
                return bound;
            }
            // The inbound queue is full with events still to read: let the
            // application take a message first (it was woken). If it took
            // none, the next drain goes on and answers ESME_RX_T_APPN.
            may_pause = true;
            if paused {
                embassy_futures::yield_now().await;
                may_pause = !self.shared.lock(|i| i.inbound.is_full());
                continue;
            }
            if broken || wrote {
                // Drain the outcomes of the disconnect, or the events the
                // freed transmit room lets through (replies need room).
                continue;
            }
            // 3. Sleep until input, a command, or the next deadline.
            let deadline = self
                .shared
                .lock(|i| i.session.as_ref().and_then(|s| s.poll_timeout()));
            match select3(
                self.read_in(conn),
                self.shared.kick.wait(),
                sleep_until(deadline),
            )
            .await
            {
                Either3::First(true) => {}
                Either3::First(false) => {
                    info!("connection closed by the SMSC");
                    broken = true;
                    self.disconnected();
                }
                Either3::Second(()) => {}
                Either3::Third(()) => self.shared.lock(|i| {
                    if let Some(s) = i.session.as_mut() {
                        s.handle_timeout(now());
                    }
                }),
            }
        }
    }

    /// A new session for a new connection, with the bind queued.
    fn start_session(&self) -> bool {
        let config = &self.config;
        self.shared.lock(|i| {
            let t = now();
            let session = i.session.insert(Session::new(config.session, t));
            let bind = Bind {
                system_id: config.system_id,
                password: config.password,
                system_type: config.system_type,
                addr_ton: config.addr_ton,
                addr_npi: config.addr_npi,
                address_range: config.address_range,
                ..Bind::default()
            };
            match session.bind(t, config.bind_type, &bind) {
                Ok(id) => {
                    i.own = Some(id.sequence_number());
                    i.set_link(LinkState::Binding);
                    true
                }
                Err(_) => false,
            }
        })
    }

    /// Reads once, straight into the session's receive buffer. `true` when
    /// bytes came, `false` at end of stream or on an error. Never reads
    /// while the session wants no input (a full buffer): it waits for a
    /// command or a deadline instead, after which the events are drained.
    ///
    /// The transport's read future borrows the session, which lives behind
    /// the shared lock: it is made, polled once and dropped inside the lock
    /// on every wake, so the transport's read must be cancel-safe (see
    /// [`Connect`]).
    async fn read_in<T: Read>(&self, conn: &mut T) -> bool {
        poll_fn(|cx| {
            self.shared.lock(|i| {
                let Some(s) = i.session.as_mut().filter(|s| s.wants_input()) else {
                    return Poll::Pending;
                };
                let buf = s.receive_buffer();
                if buf.is_empty() {
                    return Poll::Pending; // an empty read would look like EOF
                }
                let read = pin!(conn.read(buf)).poll(cx);
                match read {
                    Poll::Ready(Ok(n)) if n > 0 => {
                        trace!("recv {} bytes", n);
                        s.handle_received(now(), n);
                        Poll::Ready(true)
                    }
                    Poll::Ready(_) => Poll::Ready(false),
                    Poll::Pending => Poll::Pending,
                }
            })
        })
        .await
    }

    /// Writes every pending byte straight from the session's transmit
    /// buffer, then flushes, all within `timeout`. `Ok(true)` when anything
    /// was written, `Err` when the transport failed or took too long.
    async fn write_out<T: Write>(
        &self,
        conn: &mut T,
        timeout: embassy_time::Duration,
    ) -> Result<bool, ()> {
        let mut wrote = false;
        let done = embassy_time::with_timeout(timeout, async {
            while self.write_some(conn).await? {
                wrote = true;
            }
            if wrote {
                conn.flush().await.map_err(|_| ())?;
            }
            Ok::<(), ()>(())
        })
        .await;
        match done {
            Ok(Ok(())) => Ok(wrote),
            _ => Err(()),
        }
    }

    /// One write from the session's transmit buffer: `Ok(false)` when
    /// nothing is pending. Polled inside the lock like [`Runner::read_in`].
    async fn write_some<T: Write>(&self, conn: &mut T) -> Result<bool, ()> {
        poll_fn(|cx| {
            self.shared.lock(|i| {
                let Some(s) = i.session.as_mut() else {
                    return Poll::Ready(Ok(false));
                };
                let written = {
                    let out = s.pending_transmit();
                    if out.is_empty() {
                        return Poll::Ready(Ok(false));
                    }
                    pin!(conn.write(out)).poll(cx)
                };
                match written {
                    Poll::Ready(Ok(n)) if n > 0 => {
                        trace!("sent {} bytes", n);
                        s.transmitted(n);
                        // Room in the transmit buffer: requests waiting
                        // for it (TransmitFull) try again.
                        i.wake();
                        Poll::Ready(Ok(true))
                    }
                    // An error, or 0 bytes written from a non-empty buffer.
                    Poll::Ready(_) => Poll::Ready(Err(())),
                    Poll::Pending => Poll::Pending,
                }
            })
        })
        .await
    }

    fn disconnected(&self) {
        self.shared.lock(|i| {
            if let Some(s) = i.session.as_mut() {
                s.handle_disconnect(now());
            }
        });
    }
}

/// After `Client::unbind`: unbind a bound session, close one still binding.
fn stop_if_asked<const W: usize, const RX: usize, const TX: usize, const IN: usize>(
    i: &mut Inner<W, RX, TX, IN>,
) {
    if !i.stop {
        return;
    }
    let Some(session) = i.session.as_mut() else {
        return;
    };
    match session.state() {
        s if s.is_bound() => {
            if session.unbind(now()).is_ok() {
                i.set_link(LinkState::Unbinding);
            } else {
                session.close(now());
            }
        }
        State::Open | State::Outbound => session.close(now()),
        _ => {}
    }
}

/// Polls every event, routes outcomes to the waiting requests and messages
/// to the inbound queue. Returns whether the session has closed (its last
/// event was seen), and whether it stopped early because the inbound queue
/// is full (only when `may_pause`): several messages often arrive in one
/// read, and the application may take one before the next is answered.
fn drain<const W: usize, const RX: usize, const TX: usize, const IN: usize>(
    i: &mut Inner<W, RX, TX, IN>,
    bound: &mut bool,
    may_pause: bool,
) -> (bool, bool) {
    let mut closed = false;
    let mut paused = false;
    loop {
        if may_pause && i.inbound.is_full() {
            paused = true;
            break;
        }
        let Some(step) = i.session.as_mut().and_then(|s| s.poll_event().map(step)) else {
            break;
        };
        match step {
            Step::Nothing => {}
            // The bind's own failure (e.g. no bind_resp in time).
            Step::Outcome(seq, _) | Step::BindFailed(seq) if i.own == Some(seq) => {
                warn!("bind failed");
                i.own = None;
                if let Some(s) = i.session.as_mut() {
                    s.close(now());
                }
            }
            Step::Outcome(seq, outcome) => i.complete(seq, outcome),
            Step::Bound(seq) if i.own == Some(seq) => {
                i.own = None;
                i.binds = i.binds.wrapping_add(1);
                *bound = true;
                info!("bound");
                i.set_link(LinkState::Bound);
            }
            Step::Bound(_) | Step::BindFailed(_) => {}
            Step::Deliver(request, message) => {
                let status = match i.inbound.push_back(message) {
                    Ok(()) => {
                        i.wake();
                        CommandStatus::ESME_ROK
                    }
                    // SMPP 3.4 §5.1.3: a temporary error; the SMSC retries later.
                    Err(_) => CommandStatus::ESME_RX_T_APPN,
                };
                // deliver_sm_resp or data_sm_resp, after the request.
                if let Some(s) = i.session.as_mut() {
                    let _ = s.acknowledge(now(), request, status);
                }
            }
            Step::Refuse(request) => {
                if let Some(s) = i.session.as_mut() {
                    let _ = s.generic_nack(now(), request, CommandStatus::ESME_RINVCMDID);
                }
            }
            Step::Closed(reason) => {
                info!("session closed: {}", reason);
                i.last_close = Some(reason);
                i.own = None;
                closed = true;
                let next = if i.stop {
                    LinkState::Stopped
                } else {
                    LinkState::BackingOff
                };
                i.set_link(next);
            }
        }
    }
    // Outcomes free window places and sending frees buffer room: let
    // waiting requests try again.
    i.wake();
    (closed, paused)
}

/// Copies what the runner needs out of an event.
fn step(event: Event<'_>) -> Step {
    match event {
        Event::Response {
            id,
            command_status,
            pdu,
            ..
        } => {
            let seq = id.sequence_number();
            if !command_status.is_ok() {
                return Step::Outcome(seq, Err(Error::Rejected(command_status)));
            }
            let message_id = match pdu {
                Pdu::SubmitSmResp(r) | Pdu::DataSmResp(r) => r.message_id.unwrap_or_default(),
                _ => &[],
            };
            // A C-Octet String of at most 65 octets once decoded.
            let n = message_id.len().min(65);
            Step::Outcome(
                seq,
                Ok(Response {
                    command_id: pdu.command_id(),
                    message_id: MessageId::from_slice(message_id.get(..n).unwrap_or_default())
                        .unwrap_or_default(),
                }),
            )
        }
        Event::RequestFailed { id, reason, .. } => {
            Step::Outcome(id.sequence_number(), Err(Error::Failed(reason)))
        }
        // A request without a response (alert_notification, outbind) ends
        // once written. An ESME never sends one (SMPP 5.0 table 2-1), but
        // `request` would end here if it were allowed.
        Event::Sent { id, command_id } => Step::Outcome(
            id.sequence_number(),
            Ok(Response {
                command_id,
                message_id: MessageId::default(),
            }),
        ),
        Event::Bound { id, .. } => Step::Bound(id.sequence_number()),
        Event::BindRefused { id, command_status } => {
            warn!("bind refused: {}", command_status);
            let _ = command_status;
            Step::BindFailed(id.sequence_number())
        }
        Event::Request { request, pdu, .. } => match pdu {
            Pdu::DeliverSm(sm) => Step::Deliver(request, ReceivedMessage::from_deliver(&sm)),
            Pdu::DataSm(sm) => Step::Deliver(request, ReceivedMessage::from_data_sm(&sm)),
            // No response exists for alert_notification.
            Pdu::AlertNotification(_) => Step::Nothing,
            _ => Step::Refuse(request),
        },
        Event::Closed { reason } => Step::Closed(reason),
        Event::ProtocolError(e) => {
            warn!("protocol error: {}", e);
            let _ = e;
            Step::Nothing
        }
        _ => Step::Nothing,
    }
}

/// The back-off's randomness: the clock's low bits, mixed, are noise
/// enough for spreading retries (an MCU may have no RNG).
fn noise() -> u32 {
    (embassy_time::Instant::now()
        .as_ticks()
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        >> 32) as u32
}
