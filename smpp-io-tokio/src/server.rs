//! The SMSC server: accepts TCP connections and runs one session each, with
//! an async handler for binds and requests (SMPP 3.4 §2.2, §4).

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt};
use smpp_proto::session::{BindType, Config, FailureReason, PeerRequest, SendError};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio::task::JoinHandle;
use tracing::{info, warn, Instrument};

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

/// How the [`Handler`] accepts a bind (SMPP 3.4 §4.1): the bind_resp goes
/// with command_status ESME_ROK and the session becomes BOUND_TX, BOUND_RX
/// or BOUND_TRX.
///
/// `BindAccept::default()` (or `().into()`) accepts as the server's
/// session config says: the session runs at
/// `config.session.interface_version.negotiate(asked)` (SMPP 3.4 §5.2.4)
/// and the bind_resp's sc_interface_version (§5.3.2.25) is the server's own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BindAccept {
    /// The version this SMSC speaks to this ESME instead of the session
    /// config's: the session runs at `version.negotiate(asked)` and the
    /// bind_resp carries `version` as sc_interface_version, or no TLV at all
    /// at 3.3 (whose PDUs carry no TLVs; SMPP 3.4 §5.2.4, §5.3.2.25). So
    /// `Some(InterfaceVersion::V33)` serves an ESME that asked for 3.4 or
    /// 5.0 as an SMPP 3.3 SMSC would. `None`: the session config's.
    pub interface_version: Option<InterfaceVersion>,
}

impl BindAccept {
    /// Accepts as an SMSC speaking `version` to this ESME (see
    /// [`BindAccept::interface_version`]).
    pub const fn speaking(version: InterfaceVersion) -> BindAccept {
        BindAccept {
            interface_version: Some(version),
        }
    }
}

impl From<()> for BindAccept {
    fn from((): ()) -> Self {
        BindAccept::default()
    }
}

/// The bound session a request came on, for [`Handler::request`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Origin {
    /// The peer's address.
    pub peer: SocketAddr,
    /// The system_id the session bound with (lossy UTF-8).
    pub system_id: Arc<str>,
    /// The interface_version negotiated at the bind (SMPP 3.4 §5.2.4).
    pub interface_version: InterfaceVersion,
    /// Message requests (submit_sm, submit_multi, data_sm, …:
    /// [`CommandId::is_message`](smpp_proto::CommandId::is_message)) that
    /// came on this connection so far, this one included when it is one.
    pub messages: u64,
}

/// How the [`Handler`] answers a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Send this response PDU with its command_status (its sequence_number
    /// is filled in), e.g. submit_sm_resp (SMPP 3.4 §4.4.2) or generic_nack
    /// (§4.3).
    Respond(OwnedPdu),
    /// Close the connection at once: no response to this request, none to
    /// the requests still being answered, and no unbind (SMPP 3.4 §4.2 is
    /// skipped, as on a network failure, §2.4: the ESME sees the connection
    /// end). Responses already written still go out first. Requests that
    /// arrive on the connection meanwhile are not passed on. For fault
    /// injection: an SMSC that drops links.
    Disconnect,
}

impl From<OwnedPdu> for Reply {
    fn from(pdu: OwnedPdu) -> Self {
        Reply::Respond(pdu)
    }
}

/// What the server asks the application.
pub trait Handler: Send + Sync + 'static {
    /// Accepts (`Ok`) or rejects a bind with a command_status, e.g.
    /// ESME_RINVPASWD (SMPP 3.4 §4.1, §5.1.3). The place to check
    /// credentials, and to choose the version served ([`BindAccept`];
    /// `Ok(BindAccept::default())` for the session config's).
    fn bind(
        &self,
        request: &BindRequest,
    ) -> impl Future<Output = Result<BindAccept, CommandStatus>> + Send;

    /// Answers a request (submit_sm, data_sm, query_sm, …) that came on the
    /// session `from`: the response ([`Reply::Respond`], or an
    /// [`OwnedPdu`] `.into()`), or [`Reply::Disconnect`] to close the
    /// connection without one.
    fn request(&self, from: &Origin, request: OwnedPdu) -> impl Future<Output = Reply> + Send;
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
    /// Connections served at once; more are accepted and closed at once.
    /// [`Server::bind`] lowers it to what the process can open (see
    /// [`max_sessions_within_limit`]); [`Server::max_sessions`] tells the
    /// value in force. Default 10,000.
    pub max_sessions: usize,
    /// Bound sessions per system_id; further binds get ESME_RBINDFAIL.
    pub max_sessions_per_system_id: usize,
    /// What a refused bind costs: delay, closed connection, lock-out of
    /// the peer address and of the system_id after repeated failures.
    pub bind_failures: BindFailurePolicy,
    /// Serve TLS (`smpps://`) with this configuration; `None` for plain TCP
    /// (for the listener of [`Server::bind`]; [`Server::listen_also`] says
    /// its own).
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
            bind_failures: BindFailurePolicy::default(),
            tls: None,
            pdu_hook: None,
        }
    }
}

/// What a refused bind costs the peer, against password guessing
/// (SMPP 3.4 §4.1: the bind_resp's command_status says why a bind failed).
///
/// A bind is refused by the [`Handler`] (wrong credentials: that refusal
/// is a failure counted here), by `max_sessions_per_system_id`, or by a
/// lock-out. Every refusal waits `delay` before its bind_resp, and the
/// connection is then closed unless `keep_open`. `lockout_after` failures
/// from one peer IP address, or for one system_id, within `window` lock
/// that address or system_id out for `lockout`: each of their binds is
/// then refused with ESME_RBINDFAIL without asking the handler, the right
/// password included, and is not counted again. Failures and lock-outs
/// are logged (`info` and `warn`), never the password.
///
/// The lock-out of a system_id is also a way for anyone to keep its owner
/// out while guessing: lower `lockout` or set `lockout_after` to 0 where
/// that matters more. Failures are kept for at most 16,384 addresses and
/// system_ids (the oldest are forgotten first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindFailurePolicy {
    /// Keep the connection open after a refused bind (the peer may bind
    /// again on it). Default false: the bind_resp is sent, then the
    /// connection is closed.
    pub keep_open: bool,
    /// How long a refused bind waits before its bind_resp. Default 1 s.
    pub delay: Duration,
    /// Failures from one address, or for one system_id, within `window`
    /// that start a lock-out; 0 never locks out. Default 5.
    pub lockout_after: u32,
    /// The window failures are counted in, from the first. Default 60 s.
    pub window: Duration,
    /// How long a lock-out lasts. Default 300 s.
    pub lockout: Duration,
}

impl Default for BindFailurePolicy {
    fn default() -> Self {
        BindFailurePolicy {
            keep_open: false,
            delay: Duration::from_secs(1),
            lockout_after: 5,
            window: Duration::from_secs(60),
            lockout: Duration::from_secs(300),
        }
    }
}

/// What failed binds are counted by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FailureKey {
    Peer(IpAddr),
    SystemId(String),
}

impl std::fmt::Display for FailureKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FailureKey::Peer(ip) => write!(f, "address {ip}"),
            FailureKey::SystemId(s) => write!(f, "system_id {s:?}"),
        }
    }
}

/// Failed binds of one address or system_id.
#[derive(Debug, Clone, Copy)]
struct Failures {
    /// When the current window started.
    since: tokio::time::Instant,
    count: u32,
    locked_until: Option<tokio::time::Instant>,
}

/// Addresses and system_ids whose failures are remembered at once.
const FAILURE_KEYS: usize = 16_384;

/// Failed binds per address and per system_id (see [`BindFailurePolicy`]).
#[derive(Default)]
struct FailedBinds {
    keys: Mutex<HashMap<FailureKey, Failures>>,
}

impl FailedBinds {
    /// The first of `keys` locked out at `now`, and until when.
    fn locked(
        &self,
        keys: &[FailureKey],
        now: tokio::time::Instant,
    ) -> Option<(FailureKey, tokio::time::Instant)> {
        let map = self.keys.lock().ok()?;
        keys.iter().find_map(|k| {
            map.get(k)
                .and_then(|f| f.locked_until)
                .filter(|&t| t > now)
                .map(|t| (k.clone(), t))
        })
    }

    /// Counts a failure for each of `keys`; returns those it locks out.
    fn fail(
        &self,
        keys: &[FailureKey],
        now: tokio::time::Instant,
        policy: &BindFailurePolicy,
    ) -> Vec<(FailureKey, u32)> {
        let Ok(mut map) = self.keys.lock() else {
            return Vec::new();
        };
        let mut locked = Vec::new();
        for key in keys {
            if !map.contains_key(key) && map.len() >= FAILURE_KEYS {
                forget_oldest(&mut map, now, policy);
            }
            let f = map.entry(key.clone()).or_insert(Failures {
                since: now,
                count: 0,
                locked_until: None,
            });
            if now.saturating_duration_since(f.since) > policy.window {
                f.since = now;
                f.count = 0;
            }
            f.count = f.count.saturating_add(1);
            if policy.lockout_after > 0 && f.count >= policy.lockout_after {
                f.locked_until = Some(now + policy.lockout);
                locked.push((key.clone(), f.count));
                f.since = now;
                f.count = 0;
            }
        }
        locked
    }
}

/// Makes room for one more key: drops what has expired, else the entry
/// whose window started first.
fn forget_oldest(
    map: &mut HashMap<FailureKey, Failures>,
    now: tokio::time::Instant,
    policy: &BindFailurePolicy,
) {
    map.retain(|_, f| {
        f.locked_until.is_some_and(|t| t > now)
            || now.saturating_duration_since(f.since) <= policy.window
    });
    if map.len() >= FAILURE_KEYS {
        let oldest = map
            .iter()
            .min_by_key(|(_, f)| f.locked_until.unwrap_or(f.since))
            .map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            map.remove(&k);
        }
    }
}

/// File descriptors left for everything but sessions: at least this many,
/// or a sixteenth of the limit.
const FD_RESERVE: u64 = 32;

/// The soft limit on open files of this process (`RLIMIT_NOFILE`), if it
/// has one (`None` on platforms without it, or when unlimited).
pub fn open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        rustix::process::getrlimit(rustix::process::Resource::Nofile).current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Raises the soft limit on open files to the hard one, as a server that
/// holds many connections should at start. Returns the limits before and
/// after, `None` when there was nothing to raise (already equal, no
/// limit, or a platform without it).
pub fn raise_open_files_limit() -> std::io::Result<Option<(u64, u64)>> {
    #[cfg(unix)]
    {
        use rustix::process::{getrlimit, setrlimit, Resource};
        let limit = getrlimit(Resource::Nofile);
        let (Some(soft), max) = (limit.current, limit.maximum) else {
            return Ok(None);
        };
        if max.is_some_and(|hard| hard <= soft) {
            return Ok(None);
        }
        setrlimit(
            Resource::Nofile,
            rustix::process::Rlimit {
                current: max,
                maximum: max,
            },
        )?;
        Ok(open_files_limit().map(|now| (soft, now)))
    }
    #[cfg(not(unix))]
    {
        Ok(None)
    }
}

/// `requested` sessions, lowered so that every session's socket can be
/// opened under the open-files limit, leaving 32 descriptors
/// (or a sixteenth of the limit, if more) for the rest of the process. A
/// server whose sessions outgrow the limit would see its accept fail with
/// EMFILE, which no client can tell from a dead server.
pub fn max_sessions_within_limit(requested: usize) -> usize {
    match open_files_limit() {
        Some(limit) => {
            let reserve = (limit / 16).max(FD_RESERVE);
            let room = usize::try_from(limit.saturating_sub(reserve)).unwrap_or(usize::MAX);
            requested.min(room.max(1))
        }
        None => requested,
    }
}

/// The first wait after a failed accept, doubled on each failure in a row.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(5);
/// The longest wait after a failed accept: how late a connection may be
/// taken once descriptors free up.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_millis(100);

/// A session that sat this long on an unanswered delivery, while its other
/// deliveries got no answer either, is passed over by [`Server::deliver`]
/// while another session of its system_id is answering.
pub const DELIVER_LAGGING: Duration = Duration::from_secs(1);

/// How long [`Server::deliver`] waits for a response past the session's
/// response_timeout (by which the session itself fails the request) before
/// it gives up: a session whose writes block never gets to fail it.
const DELIVER_GRACE: Duration = Duration::from_secs(1);

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
    failed_binds: FailedBinds,
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
        let candidates = ids.len();
        let mut gone = 0;
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
                Err(mpsc::error::TrySendError::Full(c)) => {
                    cmd = c;
                    ids.retain(|i| *i != id);
                }
                Err(mpsc::error::TrySendError::Closed(c)) => {
                    // Its connection is ending: as good as not bound.
                    cmd = c;
                    gone += 1;
                    ids.retain(|i| *i != id);
                }
            }
        }
        if gone == candidates {
            return Err((Pick::NoSession, cmd));
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
/// use smpp_io_tokio::{
///     BindAccept, BindRequest, Client, ClientConfig, Handler, Origin, OwnedPdu, Reply, Server,
///     ServerConfig,
/// };
/// use smpp_proto::codec::{SmResp, SubmitSm};
/// use smpp_proto::{CommandStatus, Pdu};
///
/// /// Accepts every bind; every submit_sm gets message_id "1", but the
/// /// 1001st of a connection, which cuts it.
/// struct AcceptAll;
///
/// impl Handler for AcceptAll {
///     async fn bind(&self, _request: &BindRequest) -> Result<BindAccept, CommandStatus> {
///         Ok(BindAccept::default())
///     }
///     async fn request(&self, from: &Origin, _request: OwnedPdu) -> Reply {
///         if from.messages > 1000 {
///             return Reply::Disconnect;
///         }
///         let resp = SmResp { message_id: Some(b"1"), ..SmResp::default() };
///         OwnedPdu::encode(&Pdu::SubmitSmResp(resp), CommandStatus::ESME_ROK, 0)
///             .expect("a submit_sm_resp always encodes")
///             .into()
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
    max_sessions: usize,
    registry: Arc<Registry>,
    /// Deliveries one session takes at once (its window).
    deliver_window: usize,
    /// The sessions' response_timeout.
    response_timeout: Duration,
    shutdown: watch::Sender<bool>,
    /// One accept loop per listener ([`Server::listen_also`]).
    accept_tasks: Mutex<Vec<JoinHandle<()>>>,
    /// Starts the accept loop of one more listener, with the handler and
    /// config of [`Server::bind`].
    spawn_accept: SpawnAccept,
}

/// Starts an accept loop on a listener, TLS or not (the server is not
/// generic over its handler, so this closure holds it).
type SpawnAccept = Box<
    dyn Fn(TcpListener, Option<Arc<tokio_rustls::rustls::ServerConfig>>) -> JoinHandle<()>
        + Send
        + Sync,
>;

/// Accepts connections on `listener` until shutdown and serves each as a
/// session, over TLS with `tls`: `config.max_sessions` counted over every
/// listener of the server (the registry's), a failed accept (EMFILE and the
/// like) tried again after a pause that doubles from 5 ms to 100 ms.
async fn accept<H: Handler>(
    listener: TcpListener,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    config: ServerConfig,
    handler: Arc<H>,
    reg: Arc<Registry>,
    shutdown_rx: watch::Receiver<bool>,
) {
    let mut stop = shutdown_rx.clone();
    let mut backoff = ACCEPT_BACKOFF;
    let mut failed: u64 = 0;
    loop {
        tokio::select! {
            r = listener.accept() => {
                let (stream, peer) = match r {
                    Ok(s) => s,
                    Err(e) => {
                        // EMFILE, ENFILE, ENOBUFS: the listener stays
                        // readable until something closes, so accepting
                        // again at once would spin.
                        if failed == 0 {
                            warn!(error = %e, "accept failed; retrying with back-off");
                        }
                        failed += 1;
                        tokio::select! {
                            _ = tokio::time::sleep(backoff) => {}
                            _ = stop.changed() => break,
                        }
                        backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                        continue;
                    }
                };
                if failed > 0 {
                    info!(failed, "accepting again");
                    failed = 0;
                    backoff = ACCEPT_BACKOFF;
                }
                // Counted here, before the task starts, so that a burst
                // of connections cannot overshoot the limit.
                if reg.connections.fetch_add(1, Ordering::Relaxed) >= config.max_sessions {
                    reg.connections.fetch_sub(1, Ordering::Relaxed);
                    info!(%peer, "refused: max_sessions reached");
                    drop(stream);
                    continue;
                }
                let _ = stream.set_nodelay(true);
                let (config, handler, reg, stop) = (config.clone(), handler.clone(), reg.clone(), shutdown_rx.clone());
                // Two spawns, not one task with both paths: a task is
                // as large as its largest state, and the TLS handshake's
                // would cost every plain session several KiB.
                match tls.clone() {
                    None => {
                        tokio::spawn(connection(stream, peer, config, handler, reg, stop));
                    }
                    Some(tls) => {
                        tokio::spawn(async move {
                            let accept = tokio_rustls::TlsAcceptor::from(tls).accept(stream);
                            // A client that never finishes the handshake is dropped.
                            match tokio::time::timeout(Duration::from_secs(10), accept).await {
                                Ok(Ok(s)) => connection(s, peer, config, handler, reg, stop).await,
                                Ok(Err(e)) => {
                                    info!(%peer, error = %e, "TLS handshake failed");
                                    reg.connections.fetch_sub(1, Ordering::Relaxed);
                                }
                                Err(_) => {
                                    info!(%peer, "TLS handshake timed out");
                                    reg.connections.fetch_sub(1, Ordering::Relaxed);
                                }
                            }
                        });
                    }
                }
            }
            _ = stop.changed() => break,
        }
    }
}

impl Server {
    /// Listens on `addr` (use port 0 for an ephemeral port) and serves.
    ///
    /// `config.max_sessions` is lowered to fit the process's open-files
    /// limit ([`max_sessions_within_limit`], logged when it is); a failed
    /// accept (EMFILE and the like) is tried again after a pause that
    /// doubles from 5 ms to 100 ms, never in a busy loop.
    pub async fn bind<H: Handler>(
        addr: &str,
        mut config: ServerConfig,
        handler: Arc<H>,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let max_sessions = max_sessions_within_limit(config.max_sessions);
        if max_sessions < config.max_sessions {
            warn!(
                requested = config.max_sessions,
                max_sessions,
                open_files_limit = open_files_limit(),
                "max_sessions lowered to fit the open files limit"
            );
            config.max_sessions = max_sessions;
        }
        let deliver_window = config.session.window.clamp(1, driver::WINDOW);
        let response_timeout = Duration::from_millis(config.session.response_timeout.as_millis());
        let registry = Arc::new(Registry::default());
        let (shutdown, shutdown_rx) = watch::channel(false);
        let tls = config.tls.clone();
        let (reg, stop) = (registry.clone(), shutdown_rx.clone());
        let spawn_accept: SpawnAccept = Box::new(move |listener, tls| {
            tokio::spawn(accept(
                listener,
                tls,
                config.clone(),
                handler.clone(),
                reg.clone(),
                stop.clone(),
            ))
        });
        let accept_task = spawn_accept(listener, tls);
        Ok(Server {
            local_addr,
            max_sessions,
            registry,
            deliver_window,
            response_timeout,
            shutdown,
            accept_tasks: Mutex::new(vec![accept_task]),
            spawn_accept,
        })
    }

    /// Listens on one more address, `addr` (port 0 for an ephemeral one),
    /// and serves it like the first, with the same [`Handler`], limits and
    /// sessions (one `max_sessions` and one registry for both, so a receipt
    /// for a message submitted on one listener goes to a receiver bound on
    /// the other, SMPP 3.4 §2.2): over TLS with `tls`, plain TCP with
    /// `None`, whatever [`ServerConfig::tls`] says for the first. A
    /// provider that serves plain and TLS ports at once (GatewayAPI: 2775
    /// and 8775) is one server with two listeners. Returns the address it
    /// listens on; [`Server::shutdown`] stops it with the first.
    pub async fn listen_also(
        &self,
        addr: &str,
        tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    ) -> std::io::Result<SocketAddr> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let task = (self.spawn_accept)(listener, tls);
        match self.accept_tasks.lock() {
            Ok(mut tasks) => tasks.push(task),
            // A poisoned list: this listener is not served.
            Err(_) => task.abort(),
        }
        Ok(local_addr)
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Connections served at once: `ServerConfig::max_sessions`, lowered
    /// to fit the open-files limit ([`max_sessions_within_limit`]).
    pub fn max_sessions(&self) -> usize {
        self.max_sessions
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
    /// set by the session), as the `smpp` simulator keeps its deliveries.
    pub async fn deliver_owned(&self, system_id: &str, pdu: OwnedPdu) -> Result<OwnedPdu, Error> {
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
        self.registry.connections.fetch_add(1, Ordering::Relaxed);
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
    pub async fn shutdown(self, deadline: Duration) {
        let _ = self.shutdown.send(true);
        if let Ok(tasks) = self.accept_tasks.lock() {
            for task in tasks.iter() {
                task.abort();
            }
        }
        let _ = tokio::time::timeout(deadline, async {
            while self.registry.connections.load(Ordering::Relaxed) > 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await;
    }
}

/// A request being answered: the request and the handler's reply.
type Answer = std::pin::Pin<Box<dyn Future<Output = (PeerRequest, Reply)> + Send>>;

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
    // `registry.connections` was counted by the caller; it is given back
    // at the end.
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
    // What a request's handler is told about its session (set at the bind).
    let mut origin = Origin {
        peer,
        system_id: Arc::from(""),
        interface_version: config.session.interface_version,
        messages: 0,
    };
    // A handler asked to disconnect: nothing more is answered or passed on.
    let mut cut = false;
    // Requests being answered: polled here, on the connection's own task,
    // so a fast handler answers without a task spawn or a thread hop, and a
    // slow one still does not hold up the others.
    // Boxed: an empty FuturesUnordered keeps a stub the size of one future,
    // which would cost every idle session the handler's whole future.
    let mut answering: FuturesUnordered<Answer> = FuturesUnordered::new();
    async {
        loop {
            tokio::select! {
                Some((request, reply)) = answering.next(), if !answering.is_empty() => {
                    match reply {
                        _ if cut => {}
                        Reply::Respond(response) => {
                            let _ = ctl_tx.send(Control::Respond { request, response });
                        }
                        Reply::Disconnect => {
                            info!(sequence_number = request.sequence_number(), "handler disconnects: no response, no unbind");
                            cut = true;
                            // Requests still being answered are never answered.
                            answering = FuturesUnordered::new();
                            let _ = ctl_tx.send(Control::Close);
                        }
                    }
                }
                r = rep_rx.recv() => match r {
                    Some(Report::BindRequest(bind)) => {
                        let BindReport { request, bind_type, system_id: sid, password, system_type, interface_version } = *bind;
                        let req = BindRequest {
                            peer,
                            bind_type,
                            system_id: String::from_utf8_lossy(&sid).into_owned(),
                            password,
                            system_type: String::from_utf8_lossy(&system_type).into_owned(),
                            interface_version,
                        };
                        let policy = config.bind_failures;
                        let keys = [FailureKey::Peer(peer.ip()), FailureKey::SystemId(req.system_id.clone())];
                        let now = tokio::time::Instant::now();
                        let verdict = if let Some((key, until)) = registry.failed_binds.locked(&keys, now) {
                            info!(system_id = %req.system_id, locked = %key, remaining_s = until.saturating_duration_since(now).as_secs(), "bind refused: locked out after failed binds");
                            Err(CommandStatus::ESME_RBINDFAIL)
                        } else if registry.bound_count(&req.system_id) >= config.max_sessions_per_system_id {
                            info!(system_id = %req.system_id, "bind refused: max_sessions_per_system_id reached");
                            Err(CommandStatus::ESME_RBINDFAIL)
                        } else {
                            // Boxed: it runs once, and inline its state would
                            // stay in every idle session's task.
                            match Box::pin(handler.bind(&req)).await {
                                Ok(accept) => Ok(accept),
                                Err(status) => {
                                    for (key, failures) in registry.failed_binds.fail(&keys, now, &policy) {
                                        warn!(system_id = %req.system_id, locked = %key, failures, lockout_s = policy.lockout.as_secs(), "failed binds: locked out");
                                    }
                                    Err(status)
                                }
                            }
                        };
                        match verdict {
                            Ok(accept) => {
                                tracing::Span::current().record("system_id", req.system_id.as_str());
                                tracing::Span::current().record("bind", tracing::field::debug(bind_type));
                                origin.system_id = Arc::from(req.system_id.as_str());
                                // SMPP 3.4 §5.2.4: what the session will run at
                                // (the rule of Session::accept_bind_as).
                                let speaking = accept.interface_version.unwrap_or(config.session.interface_version);
                                origin.interface_version = speaking.negotiate(interface_version);
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
                                // Deliveries waiting for room look again.
                                registry.room.notify_waiters();
                                let _ = ctl_tx.send(Control::AcceptBind { request, system_id: config.system_id.as_bytes().to_vec(), interface_version: accept.interface_version });
                            }
                            Err(status) => {
                                info!(system_id = %req.system_id, %status, "bind refused");
                                // Slows guessing: the answer waits (a server
                                // shutdown cuts the wait short).
                                let mut stop = shutdown.clone();
                                tokio::select! {
                                    _ = tokio::time::sleep(policy.delay) => {}
                                    _ = stop.changed() => {}
                                }
                                let _ = ctl_tx.send(Control::RejectBind { request, command_status: status });
                                if !policy.keep_open {
                                    // The bind_resp is written before the close.
                                    let _ = ctl_tx.send(Control::Close);
                                }
                            }
                        }
                    }
                    Some(Report::Request { .. }) if cut => {}
                    Some(Report::Request { request, pdu }) => {
                        if pdu.command_id().is_message() {
                            origin.messages += 1;
                        }
                        let h = handler.clone();
                        let from = origin.clone();
                        answering.push(Box::pin(async move { (request, h.request(&from, pdu).await) }));
                    }
                    Some(Report::Closed(reason)) => {
                        info!(%reason, "session closed");
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
    // Deliveries waiting for room look again (elsewhere, or find none bound).
    registry.room.notify_waiters();
    drop(ctl_tx);
    drop(req_tx);
    let _ = driver.await;
    registry.connections.fetch_sub(1, Ordering::Relaxed);
}
