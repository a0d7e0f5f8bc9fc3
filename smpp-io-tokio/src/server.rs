//! The SMSC server: accepts TCP connections and runs one session each, with
//! an async handler for binds and requests (SMPP 3.4 §2.2, §4).

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::stream::{FuturesUnordered, StreamExt};
use smpp_proto::session::{BindType, Config, FailureReason, SendError};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio::task::JoinHandle;
use tracing::{info, Instrument};

use crate::driver::{self, BindReport, Control, PduHook, Report, RequestCmd};
use crate::error::Error;
use crate::owned::OwnedPdu;

/// A bind the server's handler decides on.
#[derive(Clone)]
pub struct BindRequest {
    /// The peer's address.
    pub peer: SocketAddr,
    /// Transmitter, receiver or transceiver.
    pub bind_type: BindType,
    /// system_id (lossy UTF-8).
    pub system_id: String,
    /// password octets (never logged, never in `Debug`).
    pub password: Vec<u8>,
    /// system_type (lossy UTF-8).
    pub system_type: String,
    /// interface_version the ESME asked for.
    pub interface_version: InterfaceVersion,
}

impl std::fmt::Debug for BindRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BindRequest")
            .field("peer", &self.peer)
            .field("bind_type", &self.bind_type)
            .field("system_id", &self.system_id)
            .field("password", &"<redacted>")
            .field("system_type", &self.system_type)
            .field("interface_version", &self.interface_version)
            .finish()
    }
}

/// What the server asks the application.
pub trait Handler: Send + Sync + 'static {
    /// Accepts (`Ok`) or rejects a bind with a command_status (e.g.
    /// ESME_RINVPASWD). The place to check credentials.
    fn bind(&self, request: &BindRequest)
        -> impl Future<Output = Result<(), CommandStatus>> + Send;

    /// Answers a request (submit_sm, data_sm, query_sm, …): returns the
    /// response PDU with its command_status (its sequence_number is filled in).
    fn request(&self, system_id: &str, request: OwnedPdu) -> impl Future<Output = OwnedPdu> + Send;
}

/// Limits and identity of the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The system_id sent in bind responses.
    pub system_id: String,
    /// Session timers and limits (bind timeout = `session_init_timeout`,
    /// inbound window, maximum PDU size, inactivity) and validation: with
    /// the default [`Config::smsc`], a request that breaks the spec is
    /// refused with its status before the [`Handler`] sees it
    /// ([`Validation::Strict`](smpp_proto::session::Validation), issue 12);
    /// set `session.validation` to `Validation::Lenient` to pass it on. Either
    /// way the driver logs each violation (`warn`).
    pub session: Config,
    /// Connections accepted at once; more are closed at once.
    pub max_sessions: usize,
    /// Bound sessions per system_id; further binds get ESME_RBINDFAIL.
    pub max_sessions_per_system_id: usize,
    /// Serve TLS (`smpps://`) with this configuration; `None` for plain TCP.
    pub tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    /// Sees every PDU sent and received on every connection.
    pub pdu_hook: Option<PduHook>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            system_id: "smpp-rs".to_string(),
            session: Config::smsc(),
            max_sessions: 10_000,
            max_sessions_per_system_id: 16,
            tls: None,
            pdu_hook: None,
        }
    }
}

/// A session that sat this long on an unanswered delivery, while its other
/// deliveries got no answer either, is passed over by [`Server::deliver`]
/// while another session of its system_id is answering.
pub const DELIVER_LAGGING: std::time::Duration = std::time::Duration::from_secs(1);

/// How long [`Server::deliver`] waits for a response past the session's
/// response_timeout (by which the session itself fails the request) before
/// it gives up: a session whose writes block never gets to fail it.
const DELIVER_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

struct Bound {
    system_id: String,
    bind_type: BindType,
    requests: mpsc::Sender<RequestCmd>,
    /// Deliveries handed to this session and not yet ended; at most the
    /// session's window ([`Server::deliver`]).
    outstanding: usize,
    /// When this session last answered a delivery, or when its oldest
    /// unanswered one was sent.
    progress: tokio::time::Instant,
    /// A delivery to it went unanswered (response_timeout), and it has
    /// answered none since.
    stalled: bool,
}

impl Bound {
    /// Deliveries it may hold at once: its window, or one (a probe) while
    /// it is stalled.
    fn room(&self, window: usize) -> usize {
        if self.stalled {
            1
        } else {
            window
        }
    }

    /// Whether the router should prefer another session to this one.
    fn unhealthy(&self, now: tokio::time::Instant) -> bool {
        self.stalled
            || (self.outstanding > 0 && now.duration_since(self.progress) > DELIVER_LAGGING)
    }
}

#[derive(Default)]
struct Registry {
    bound: Mutex<HashMap<u64, Bound>>,
    next_id: AtomicU64,
    connections: AtomicUsize,
    round_robin: AtomicUsize,
    /// Woken when a delivery ends, so that a [`Server::deliver`] waiting for
    /// room looks again.
    room: Notify,
}

/// Why [`Registry::pick`] could not send a delivery.
enum Pick {
    /// Every receiver or transceiver of the system_id has its window full;
    /// `stalled` when every one of them is stalled.
    Full { stalled: bool },
    /// None is bound.
    NoSession,
}

impl Registry {
    fn bound_count(&self, system_id: &str) -> usize {
        self.bound
            .lock()
            .map(|m| m.values().filter(|b| b.system_id == system_id).count())
            .unwrap_or(0)
    }

    /// Hands `cmd` to the receiver or transceiver of `system_id` that can
    /// best take it now: a healthy one before a stalled or lagging one, then
    /// the fewest deliveries outstanding, ties in turn. A session with
    /// `window` deliveries outstanding (one if stalled), or whose request
    /// queue is full, is skipped. Gives `cmd` back when none can take it.
    fn pick(
        &self,
        system_id: &str,
        window: usize,
        cmd: RequestCmd,
    ) -> Result<u64, (Pick, RequestCmd)> {
        let Ok(mut map) = self.bound.lock() else {
            return Err((Pick::NoSession, cmd));
        };
        let now = tokio::time::Instant::now();
        let mut ids: Vec<u64> = map
            .iter()
            .filter(|(_, b)| b.system_id == system_id && b.bind_type != BindType::Transmitter)
            .map(|(id, _)| *id)
            .collect();
        if ids.is_empty() {
            return Err((Pick::NoSession, cmd));
        }
        ids.sort_unstable();
        let turn = self.round_robin.fetch_add(1, Ordering::Relaxed) % ids.len();
        ids.rotate_left(turn);
        let stalled = ids.iter().all(|id| map.get(id).is_some_and(|b| b.stalled));
        let mut cmd = cmd;
        // Each pass either sends or drops one id from the list.
        while let Some(&id) = ids
            .iter()
            .filter(|id| map.get(id).is_some_and(|b| b.outstanding < b.room(window)))
            .min_by_key(|id| map.get(id).map(|b| (b.unhealthy(now), b.outstanding)))
        {
            let Some(b) = map.get_mut(&id) else { break };
            match b.requests.try_send(cmd) {
                Ok(()) => {
                    if b.outstanding == 0 {
                        b.progress = now;
                    }
                    b.outstanding += 1;
                    return Ok(id);
                }
                Err(mpsc::error::TrySendError::Full(c) | mpsc::error::TrySendError::Closed(c)) => {
                    cmd = c;
                    ids.retain(|i| *i != id);
                }
            }
        }
        Err((Pick::Full { stalled }, cmd))
    }

    /// Ends a delivery to session `id`: `answered` when the session got a
    /// response (or wrote a request that has none), `timed_out` when it
    /// did not in time.
    fn done(&self, id: u64, answered: bool, timed_out: bool) {
        if let Ok(mut map) = self.bound.lock() {
            if let Some(b) = map.get_mut(&id) {
                b.outstanding = b.outstanding.saturating_sub(1);
                if answered {
                    b.stalled = false;
                    b.progress = tokio::time::Instant::now();
                } else if timed_out {
                    b.stalled = true;
                }
            }
        }
        self.room.notify_waiters();
    }
}

/// Ends a delivery in the registry however [`Server::deliver`] ends (its
/// caller may drop it midway).
struct Delivery<'a> {
    registry: &'a Registry,
    id: u64,
    answered: bool,
    timed_out: bool,
}

impl Drop for Delivery<'_> {
    fn drop(&mut self) {
        self.registry.done(self.id, self.answered, self.timed_out);
    }
}

/// A running SMSC server (SMPP 3.4 §2.2): one session per connection, binds
/// and requests answered by a [`Handler`].
///
/// ```
/// use std::sync::Arc;
/// use smpp_io_tokio::{BindRequest, Client, ClientConfig, Handler, OwnedPdu, Server, ServerConfig};
/// use smpp_proto::codec::{SmResp, SubmitSm};
/// use smpp_proto::{CommandStatus, Pdu};
///
/// /// Accepts every bind; every submit_sm gets message_id "1".
/// struct AcceptAll;
///
/// impl Handler for AcceptAll {
///     async fn bind(&self, _request: &BindRequest) -> Result<(), CommandStatus> {
///         Ok(())
///     }
///     async fn request(&self, _system_id: &str, _request: OwnedPdu) -> OwnedPdu {
///         let resp = SmResp { message_id: Some(b"1"), ..SmResp::default() };
///         OwnedPdu::encode(&Pdu::SubmitSmResp(resp), CommandStatus::ESME_ROK, 0)
///             .expect("a submit_sm_resp always encodes")
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let server = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(AcceptAll)).await?;
/// let port = server.local_addr().port();
/// let (client, _inbound) = Client::connect(ClientConfig::new("127.0.0.1", port, "esme", "pw")).await?;
/// let resp = client.submit_sm(&SubmitSm { short_message: b"hi", ..SubmitSm::default() }).await?;
/// assert!(resp.command_status().is_ok());
/// assert_eq!(server.bound_sessions(), 1);
/// client.unbind().await?;
/// server.shutdown(std::time::Duration::from_secs(1)).await;
/// # Ok(()) }
/// ```
pub struct Server {
    local_addr: SocketAddr,
    registry: Arc<Registry>,
    /// Deliveries one session takes at once (its window).
    deliver_window: usize,
    /// The sessions' response_timeout.
    response_timeout: std::time::Duration,
    shutdown: watch::Sender<bool>,
    accept_task: JoinHandle<()>,
}

impl Server {
    /// Listens on `addr` (use port 0 for an ephemeral port) and serves.
    pub async fn bind<H: Handler>(
        addr: &str,
        config: ServerConfig,
        handler: Arc<H>,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let deliver_window = config.session.window.clamp(1, driver::WINDOW);
        let response_timeout =
            std::time::Duration::from_millis(config.session.response_timeout.as_millis());
        let registry = Arc::new(Registry::default());
        let (shutdown, shutdown_rx) = watch::channel(false);
        let reg = registry.clone();
        let accept_task = tokio::spawn(async move {
            let mut stop = shutdown_rx.clone();
            loop {
                tokio::select! {
                    r = listener.accept() => {
                        let Ok((stream, peer)) = r else { continue };
                        if reg.connections.load(Ordering::Relaxed) >= config.max_sessions {
                            info!(%peer, "refused: max_sessions reached");
                            drop(stream);
                            continue;
                        }
                        let _ = stream.set_nodelay(true);
                        let (config, handler, reg, stop) = (config.clone(), handler.clone(), reg.clone(), shutdown_rx.clone());
                        // Two spawns, not one task with both paths: a task is
                        // as large as its largest state, and the TLS handshake's
                        // would cost every plain session several KiB.
                        match config.tls.clone() {
                            None => {
                                tokio::spawn(connection(stream, peer, config, handler, reg, stop));
                            }
                            Some(tls) => {
                                tokio::spawn(async move {
                                    let accept = tokio_rustls::TlsAcceptor::from(tls).accept(stream);
                                    // A client that never finishes the handshake is dropped.
                                    match tokio::time::timeout(std::time::Duration::from_secs(10), accept).await {
                                        Ok(Ok(s)) => connection(s, peer, config, handler, reg, stop).await,
                                        Ok(Err(e)) => info!(%peer, error = %e, "TLS handshake failed"),
                                        Err(_) => info!(%peer, "TLS handshake timed out"),
                                    }
                                });
                            }
                        }
                    }
                    _ = stop.changed() => break,
                }
            }
        });
        Ok(Server {
            local_addr,
            registry,
            deliver_window,
            response_timeout,
            shutdown,
            accept_task,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Sessions currently bound.
    pub fn bound_sessions(&self) -> usize {
        self.registry.bound.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// Pushes a deliver_sm (or data_sm, alert_notification) to a receiver or
    /// transceiver session bound as `system_id` (SMPP 3.4 §4.6) and waits
    /// for its response (for alert_notification, which has none, §4.12:
    /// until it is written).
    ///
    /// Routing: each session takes at most its window
    /// (`session.window` of [`ServerConfig`]) of deliveries at once, and a
    /// stalled one (a delivery to it went unanswered for response_timeout,
    /// and it has answered none since) one at a time; the delivery goes to
    /// a healthy session before one that is stalled or lagging (no answer
    /// for [`DELIVER_LAGGING`] while it holds deliveries), then to the one
    /// with the fewest deliveries outstanding, ties in turn. So a bound
    /// receiver that never reads holds at most one window of deliveries,
    /// then one per response_timeout, and a live session of the same
    /// system_id gets the rest.
    ///
    /// Every wait is bounded. Errors:
    /// - [`Error::Closed`]`(None)`: no receiver or transceiver of `system_id`
    ///   is bound (or its session closed before the response).
    /// - [`Error::Send`]`(`[`SendError::WindowFull`]`)`: every such session
    ///   has its window full and all are stalled, or none had room within
    ///   response_timeout.
    /// - [`Error::Failed`]`(`[`FailureReason::Timeout`]`)`: sent, but no
    ///   response within response_timeout (plus one second, should the
    ///   session be unable to fail it itself): the ESME may or may not have
    ///   it ([`Error::is_fate_unknown`]).
    ///
    /// The response is returned as it came: a generic_nack (SMPP 3.4 §4.3)
    /// or an error command_status means the ESME did not take the message.
    pub async fn deliver(&self, system_id: &str, pdu: &Pdu<'_>) -> Result<OwnedPdu, Error> {
        self.deliver_owned(
            system_id,
            OwnedPdu::encode(pdu, CommandStatus::ESME_ROK, 0)?,
        )
        .await
    }

    /// [`Server::deliver`] of a PDU already encoded (its sequence_number is
    /// set by the session).
    pub(crate) async fn deliver_owned(
        &self,
        system_id: &str,
        pdu: OwnedPdu,
    ) -> Result<OwnedPdu, Error> {
        let (tx, rx) = oneshot::channel();
        let mut cmd = RequestCmd { pdu, reply: tx };
        let room_until = tokio::time::Instant::now() + self.response_timeout;
        let id = loop {
            let room = self.registry.room.notified();
            let mut room = std::pin::pin!(room);
            // Registered before looking, so that a delivery ending in
            // between still wakes this one.
            room.as_mut().enable();
            match self.registry.pick(system_id, self.deliver_window, cmd) {
                Ok(id) => break id,
                Err((Pick::NoSession, _)) => return Err(Error::Closed(None)),
                Err((Pick::Full { stalled: true }, _)) => {
                    return Err(Error::Send(SendError::WindowFull))
                }
                Err((Pick::Full { stalled: false }, c)) => {
                    cmd = c;
                    if tokio::time::timeout_at(room_until, room).await.is_err() {
                        return Err(Error::Send(SendError::WindowFull));
                    }
                }
            }
        };
        let mut delivery = Delivery {
            registry: &self.registry,
            id,
            answered: false,
            timed_out: false,
        };
        let outcome = match tokio::time::timeout(self.response_timeout + DELIVER_GRACE, rx).await {
            Err(_) => Err(Error::Failed(FailureReason::Timeout)),
            Ok(Err(_)) => Err(Error::Closed(None)),
            Ok(Ok(r)) => r,
        };
        delivery.answered = outcome.is_ok();
        delivery.timed_out = matches!(outcome, Err(Error::Failed(FailureReason::Timeout)));
        outcome
    }

    /// Connects to an ESME at `addr` and sends outbind (SMPP 3.4 §4.1.7); the
    /// ESME then binds as a receiver or transceiver on that connection, and
    /// the session is served like an accepted one.
    pub async fn outbind<H: Handler>(
        &self,
        addr: &str,
        system_id: &str,
        password: &str,
        config: ServerConfig,
        handler: Arc<H>,
    ) -> Result<(), Error> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let peer = stream.peer_addr()?;
        let first = Control::Outbind(Box::new((
            system_id.as_bytes().to_vec(),
            password.as_bytes().to_vec(),
        )));
        let stop = self.shutdown.subscribe();
        tokio::spawn(connection_with(
            stream,
            peer,
            config,
            handler,
            self.registry.clone(),
            stop,
            Some(first),
        ));
        Ok(())
    }

    /// Stops accepting, unbinds every bound session and waits for them to
    /// close, at most `deadline`.
    pub async fn shutdown(self, deadline: std::time::Duration) {
        let _ = self.shutdown.send(true);
        self.accept_task.abort();
        let _ = tokio::time::timeout(deadline, async {
            while self.registry.connections.load(Ordering::Relaxed) > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        })
        .await;
    }
}

/// A request being answered: its sequence_number and the handler's response.
type Answer = std::pin::Pin<Box<dyn Future<Output = (u32, OwnedPdu)> + Send>>;

async fn connection<H: Handler, S>(
    stream: S,
    peer: SocketAddr,
    config: ServerConfig,
    handler: Arc<H>,
    registry: Arc<Registry>,
    shutdown: watch::Receiver<bool>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    connection_with(stream, peer, config, handler, registry, shutdown, None).await;
}

async fn connection_with<H: Handler, S>(
    stream: S,
    peer: SocketAddr,
    config: ServerConfig,
    handler: Arc<H>,
    registry: Arc<Registry>,
    mut shutdown: watch::Receiver<bool>,
    first: Option<Control>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    registry.connections.fetch_add(1, Ordering::Relaxed);
    let id = registry.next_id.fetch_add(1, Ordering::Relaxed);
    let span = tracing::info_span!("smpp_smsc", %peer, system_id = tracing::field::Empty, bind = tracing::field::Empty);
    let driver::Handles {
        requests: req_tx,
        control: ctl_tx,
        reports: mut rep_rx,
        task: driver,
    } = driver::spawn(
        config.session,
        stream,
        config.pdu_hook.clone(),
        None,
        span.clone(),
    );
    if let Some(first) = first {
        let _ = ctl_tx.send(first);
    }
    let mut system_id: Arc<str> = Arc::from("");
    // Requests being answered: polled here, on the connection's own task,
    // so a fast handler answers without a task spawn or a thread hop, and a
    // slow one still does not hold up the others.
    // Boxed: an empty FuturesUnordered keeps a stub the size of one future,
    // which would cost every idle session the handler's whole future.
    let mut answering: FuturesUnordered<Answer> = FuturesUnordered::new();
    async {
        loop {
            tokio::select! {
                Some((sequence_number, response)) = answering.next(), if !answering.is_empty() => {
                    let _ = ctl_tx.send(Control::Respond { sequence_number, response });
                }
                r = rep_rx.recv() => match r {
                    Some(Report::BindRequest(bind)) => {
                        let BindReport { sequence_number, bind_type, system_id: sid, password, system_type, interface_version } = *bind;
                        let req = BindRequest {
                            peer,
                            bind_type,
                            system_id: String::from_utf8_lossy(&sid).into_owned(),
                            password,
                            system_type: String::from_utf8_lossy(&system_type).into_owned(),
                            interface_version,
                        };
                        let verdict = if registry.bound_count(&req.system_id) >= config.max_sessions_per_system_id {
                            Err(CommandStatus::ESME_RBINDFAIL)
                        } else {
                            // Boxed: it runs once, and inline its state would
                            // stay in every idle session's task.
                            Box::pin(handler.bind(&req)).await
                        };
                        match verdict {
                            Ok(()) => {
                                tracing::Span::current().record("system_id", req.system_id.as_str());
                                tracing::Span::current().record("bind", tracing::field::debug(bind_type));
                                system_id = Arc::from(req.system_id.as_str());
                                if let Ok(mut m) = registry.bound.lock() {
                                    m.insert(id, Bound {
                                        system_id: req.system_id,
                                        bind_type,
                                        requests: req_tx.clone(),
                                        outstanding: 0,
                                        progress: tokio::time::Instant::now(),
                                        stalled: false,
                                    });
                                }
                                let _ = ctl_tx.send(Control::AcceptBind { sequence_number, system_id: config.system_id.as_bytes().to_vec() });
                            }
                            Err(status) => {
                                info!(system_id = %req.system_id, %status, "bind refused");
                                let _ = ctl_tx.send(Control::RejectBind { sequence_number, command_status: status });
                            }
                        }
                    }
                    Some(Report::Request { sequence_number, pdu }) => {
                        let h = handler.clone();
                        let sid = system_id.clone();
                        answering.push(Box::pin(async move { (sequence_number, h.request(&sid, pdu).await) }));
                    }
                    Some(Report::Closed(reason)) => {
                        info!(?reason, "session closed");
                        break;
                    }
                    None => break,
                    Some(Report::Outbind) => {}
                },
                _ = shutdown.changed() => {
                    let (tx, _rx) = oneshot::channel();
                    let _ = ctl_tx.send(Control::Unbind { reply: tx });
                }
            }
        }
    }
    .instrument(span)
    .await;
    if let Ok(mut m) = registry.bound.lock() {
        m.remove(&id);
    }
    drop(ctl_tx);
    drop(req_tx);
    let _ = driver.await;
    registry.connections.fetch_sub(1, Ordering::Relaxed);
}
