//! The runner: one loop that owns the transport. It connects, binds, moves
//! bytes between the transport and the session, sleeps until the session's
//! next deadline, and reconnects with back-off when the link drops. All
//! protocol logic stays in `smpp_proto::session`: this loop only moves bytes,
//! time and outcomes (SMPP 3.4 §2.2–2.8 are the core's business).

use embassy_futures::select::{select, select3, Either3};
use embassy_sync::blocking_mutex::raw::RawMutex;
use embedded_io_async::{Read, Write};
use smpp_proto::codec::{Bind, SmResp};
use smpp_proto::session::{Event, Session, State};
use smpp_proto::time::Duration;
use smpp_proto::{CommandStatus, Pdu};

use crate::config::Config;
use crate::error::{Error, LinkState, MessageId, Response};
use crate::inbound::Inbound;
use crate::shared::{Inner, Shared};
use crate::time::{duration, now, sleep_until};

/// Bytes moved per read or write call. Both chunks live in the runner's
/// future (a task's static memory in embassy).
const CHUNK: usize = 128;

/// Opens the transport the runner talks SMPP over: a TCP connection on
/// embassy-net (`net::TcpConnector`, feature `embassy-net`), a
/// modem's own TCP socket, or anything else that implements
/// `embedded_io_async::{Read, Write}`.
///
/// `read` must be cancel-safe (embassy-net's `TcpSocket` is): the runner
/// stops waiting for input when a deadline or a command comes first.
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
pub struct Runner<
    'a,
    M: RawMutex,
    const W: usize = 4,
    const RX: usize = 1024,
    const TX: usize = 1024,
    const IN: usize = 2,
> {
    pub(crate) shared: &'a Shared<M, W, RX, TX, IN>,
    pub(crate) config: Config<'a>,
}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>
    core::fmt::Debug for Runner<'_, M, W, RX, TX, IN>
{
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
    Deliver(u32, Inbound),
    /// Any other request from the SMSC: answer generic_nack.
    Refuse(u32),
    /// The session closed; this is its last event.
    Closed(smpp_proto::session::CloseReason),
}

impl<M: RawMutex, const W: usize, const RX: usize, const TX: usize, const IN: usize>
    Runner<'_, M, W, RX, TX, IN>
{
    /// Runs forever: connects through `connector`, binds, serves the
    /// session, and after the link drops (EOF, I/O error, keep-alive
    /// unanswered, bind refused) reconnects after a back-off that doubles
    /// from `reconnect_min` to `reconnect_max`. After
    /// [`crate::Client::unbind`] it idles until [`crate::Client::resume`].
    pub async fn run<C: Connect>(&mut self, mut connector: C) -> ! {
        let mut backoff = self.config.reconnect_min;
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
                backoff = self.config.reconnect_min;
            }
            if self.shared.lock(|i| i.stop) {
                continue;
            }
            self.shared.lock(|i| i.set_link(LinkState::BackingOff));
            let wait = jitter(backoff);
            info!("reconnecting in {} ms", wait.as_millis());
            // unbind() during the wait ends it early.
            select(embassy_time::Timer::after(wait), self.wait_stopped()).await;
            backoff = backoff.doubled().min(self.config.reconnect_max);
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
    async fn serve<T: Read + Write>(&mut self, conn: &mut T) -> bool {
        let mut rbuf = [0u8; CHUNK];
        let mut wbuf = [0u8; CHUNK];
        // Received bytes the session could not take yet (its buffer was full).
        let mut leftover = 0..0;
        let mut bound = false;
        let mut broken = false;
        let config = self.config;
        let started = self.shared.lock(|i| {
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
        });
        if !started {
            warn!("bind could not be encoded");
            return false;
        }
        let write_timeout = duration(config.session.response_timeout);
        loop {
            // 1. Inputs waiting, stop requests, then every event.
            let closed = self.shared.lock(|i| {
                if let (Some(session), Some(rest)) =
                    (i.session.as_mut(), rbuf.get(leftover.clone()))
                {
                    if !rest.is_empty() {
                        leftover.start += session.handle_input(now(), rest);
                    }
                }
                stop_if_asked(i);
                drain(i, &mut bound)
            });
            // 2. Every byte to send.
            while !broken {
                let n = self
                    .shared
                    .lock(|i| i.session.as_mut().map_or(0, |s| s.poll_transmit(&mut wbuf)));
                let Some(out) = wbuf.get(..n).filter(|o| !o.is_empty()) else {
                    break;
                };
                trace!("send {} bytes", n);
                let written = embassy_time::with_timeout(write_timeout, async {
                    conn.write_all(out).await?;
                    conn.flush().await
                })
                .await;
                if !matches!(written, Ok(Ok(()))) {
                    warn!("write failed");
                    broken = true;
                    self.disconnected();
                }
            }
            if closed {
                return bound;
            }
            if broken {
                continue; // drain the outcomes of the disconnect
            }
            // 3. Sleep until input, a command, or the next deadline.
            let (deadline, can_read) = self.shared.lock(|i| match i.session.as_ref() {
                Some(s) => (s.poll_timeout(), s.wants_input() && leftover.is_empty()),
                None => (None, false),
            });
            let read = async {
                if can_read {
                    conn.read(&mut rbuf).await
                } else {
                    core::future::pending().await
                }
            };
            match select3(read, self.shared.kick.wait(), sleep_until(deadline)).await {
                Either3::First(Ok(n)) if n > 0 => {
                    trace!("recv {} bytes", n);
                    self.shared.lock(|i| {
                        if let (Some(session), Some(data)) = (i.session.as_mut(), rbuf.get(..n)) {
                            let taken = session.handle_input(now(), data);
                            leftover = taken..n;
                        }
                    });
                }
                Either3::First(_) => {
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
/// event was seen).
fn drain<const W: usize, const RX: usize, const TX: usize, const IN: usize>(
    i: &mut Inner<W, RX, TX, IN>,
    bound: &mut bool,
) -> bool {
    let mut closed = false;
    while let Some(step) = i.session.as_mut().and_then(|s| s.poll_event().map(step)) {
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
            Step::Deliver(seq, message) => {
                let status = match i.inbound.push_back(message) {
                    Ok(()) => {
                        i.wake();
                        CommandStatus::ESME_ROK
                    }
                    // SMPP 3.4 §5.1.3: a temporary error; the SMSC retries later.
                    Err(_) => CommandStatus::ESME_RX_T_APPN,
                };
                let resp = SmResp {
                    message_id: Some(b""),
                    ..SmResp::default()
                };
                // deliver_sm_resp or data_sm_resp, after the request.
                if let Some(s) = i.session.as_mut() {
                    let _ = s.respond_sm(now(), seq, status, &resp);
                }
            }
            Step::Refuse(seq) => {
                if let Some(s) = i.session.as_mut() {
                    let _ = s.generic_nack(now(), seq, CommandStatus::ESME_RINVCMDID);
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
    closed
}

/// Copies what the runner needs out of an event.
fn step(event: Event<'_>) -> Step {
    match event {
        Event::Response {
            id,
            command_status,
            pdu,
        } => {
            let seq = id.sequence_number();
            if !command_status.is_ok() {
                return Step::Outcome(seq, Err(Error::Status(command_status)));
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
        Event::Bound { id, .. } => Step::Bound(id.sequence_number()),
        Event::BindRefused { id, command_status } => {
            warn!("bind refused: {}", command_status);
            let _ = command_status;
            Step::BindFailed(id.sequence_number())
        }
        Event::Request {
            sequence_number,
            pdu,
        } => match pdu {
            Pdu::DeliverSm(sm) => Step::Deliver(sequence_number, Inbound::from_deliver(&sm)),
            Pdu::DataSm(sm) => Step::Deliver(sequence_number, Inbound::from_data_sm(&sm)),
            // No response exists for alert_notification.
            Pdu::AlertNotification(_) => Step::Nothing,
            _ => Step::Refuse(sequence_number),
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

/// `d` spread by ±25 % so that many devices do not reconnect in step.
fn jitter(d: Duration) -> embassy_time::Duration {
    let ms = d.as_millis();
    let spread = ms / 4;
    // The clock's low bits are noise enough for spreading retries.
    let noise = embassy_time::Instant::now()
        .as_ticks()
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        >> 33;
    let ms = ms - spread + noise % (2 * spread + 1);
    duration(Duration::from_millis(ms))
}
