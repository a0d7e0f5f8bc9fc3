//! A client that stays connected: after a lost connection it reconnects and
//! re-binds with exponential back-off and jitter. With [`Hosts::FailOver`]
//! it holds one session and goes round a list of hosts; with
//! [`Hosts::All`] it holds a session to every host at once and spreads the
//! requests over those bound (GatewayAPI asks its customers to keep two
//! binds on two hosts). [`ResilientClient::health`] tells each host's state.
//!
//! A host configured with `BindType::Receiver` takes no requests: its
//! session only brings deliveries, so a transmitter and a receiver to the
//! same SMSC (SMPP 3.4 §4.1) make a pair.
//!
//! A request in flight when the connection drops resolves with
//! [`Error::Failed`] (`ConnectionLost`: its fate is unknown). A request made
//! while no connection is up waits for one at most
//! [`ReconnectPolicy::request_wait`], then fails with [`Error::Closed`].
//! Nothing waits forever.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tracing::{debug, info, warn};

use crate::client::{Client, ClientConfig};
use crate::clock::Clock;
use crate::driver::RequestCmd;
use crate::error::Error;
use crate::inbound::Delivery;
use crate::inbox::Inbox;
use crate::owned::OwnedPdu;
use crate::text::{SentData, SentText, TextOptions};
use smpp_proto::session::{BindType, RateBucket, RateLimit, ReconnectBackoff};
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};

/// How a [`ResilientClient`] reconnects: the back-off of
/// `smpp_proto::session::ReconnectBackoff` (each wait drawn from
/// `[base / 2, base]`, the base doubling from `initial_backoff` to
/// `max_backoff`), the same as the embassy client's.
///
/// Built from [`ReconnectPolicy::default`], its fields set one by one
/// (more may come: it is `#[non_exhaustive]`).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ReconnectPolicy {
    /// The base of the first wait after a failed attempt.
    pub initial_backoff: Duration,
    /// The largest base between attempts.
    pub max_backoff: Duration,
    /// How long a request waits for a connection before failing.
    pub request_wait: Duration,
    /// How long to wait after a bound session drops before connecting that
    /// host again (GatewayAPI asks for 30 s). Default 0: at once (the
    /// back-off still spaces failed attempts).
    pub reconnect_delay: Duration,
    /// One session at a time, or one to every host at once.
    pub hosts: Hosts,
    /// Message requests (submit_sm, data_sm, …) per second for the whole
    /// client: one token bucket (`smpp_proto::session::RateBucket`, the
    /// session's own pacing) shared by every session and kept across
    /// reconnects, so neither more sessions nor a session bound again
    /// brings more than this. Each session's own
    /// `Config::rate_limit` still applies too. Requests sent again after a
    /// throttled answer (SMPP 3.4 §5.1.3) take no second token. `None`
    /// (the default): no limit here.
    pub rate_limit: Option<RateLimit>,
}

/// Which hosts a [`ResilientClient`] holds sessions to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Hosts {
    /// One session, to the first host that binds; after a drop, the next
    /// host is tried first. The default.
    #[default]
    FailOver,
    /// A session to every host at once, each reconnected on its own;
    /// requests go to whichever bound session has room first.
    All,
    /// A session for every run of `n` consecutive hosts, each going round
    /// its own run in turn as [`Hosts::FailOver`] does; requests go to
    /// whichever bound session has room first. `Groups(1)` is
    /// [`Hosts::All`], `Groups(hosts.len())` is [`Hosts::FailOver`]: with
    /// hosts `[a1, b1, a2, b2]` and `Groups(2)`, two sessions each fail
    /// over between an `a` and a `b` (several binds, each with fail-over
    /// hosts).
    Groups(usize),
}

/// The state of one host of a [`ResilientClient`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HostState {
    /// Not tried yet, or another host serves ([`Hosts::FailOver`]).
    Idle,
    /// Connecting and binding.
    Connecting,
    /// Bound: requests may go there.
    Bound,
    /// The last attempt failed, or the session dropped: waiting before the
    /// next attempt.
    Waiting,
}

/// One host's health, from [`ResilientClient::health`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostHealth {
    /// The host, as configured.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// Its state now.
    pub state: HostState,
    /// Successful binds so far.
    pub binds: u64,
    /// Failed connection or bind attempts so far.
    pub failures: u64,
    /// Bound sessions that dropped so far.
    pub drops: u64,
    /// Requests handed to its sessions so far.
    pub requests: u64,
    /// Why the last attempt or session failed.
    pub last_error: Option<String>,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy {
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
            request_wait: Duration::from_secs(30),
            reconnect_delay: Duration::ZERO,
            hosts: Hosts::FailOver,
            rate_limit: None,
        }
    }
}

/// A random number for the back-off's jitter (std's per-map random keys).
fn random() -> u32 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish() as u32
}

/// An ESME client that reconnects by itself. Cheap to clone.
///
/// ```no_run
/// use std::time::Duration;
/// use smpp_io_tokio::{ClientConfig, Hosts, ReconnectPolicy, ResilientClient, TextOptions};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Two hosts of the same provider, a session to each (GatewayAPI's advice),
/// // 30 s before a dropped one is bound again.
/// let hosts = vec![
///     ClientConfig::from_url("smpp://esme:secret@smsc-a.example.net:2775")?,
///     ClientConfig::from_url("smpp://esme:secret@smsc-b.example.net:2775")?,
/// ];
/// let mut policy = ReconnectPolicy::default();
/// policy.hosts = Hosts::All;
/// policy.reconnect_delay = Duration::from_secs(30);
/// let (client, _inbound) = ResilientClient::start(hosts, policy);
/// let sent = client.send_text("Hello", &TextOptions::new("447700900123")).await?;
/// println!("{:?}", sent.parts);
/// for h in client.health() {
///     println!("{}:{} {:?}, {} drops", h.host, h.port, h.state, h.drops);
/// }
/// client.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ResilientClient {
    requests: mpsc::Sender<RequestCmd>,
    stop: mpsc::UnboundedSender<oneshot::Sender<()>>,
    policy: ReconnectPolicy,
    reference: Arc<std::sync::atomic::AtomicU16>,
    /// interface_version of the last session bound (before any: the lowest
    /// the hosts are configured with).
    version: Arc<AtomicU8>,
    health: Arc<watch::Sender<Vec<HostHealth>>>,
}

impl ResilientClient {
    /// Starts connecting to `hosts` and keeps bound sessions up, as
    /// `policy.hosts` says: one at a time (tried in turn) or one to each.
    /// Returns at once; messages delivered on any connection arrive on the
    /// returned stream.
    pub fn start(hosts: Vec<ClientConfig>, policy: ReconnectPolicy) -> (ResilientClient, Inbox) {
        let (req_tx, req_rx) = mpsc::channel(1);
        let (stop_tx, stop_rx) = mpsc::unbounded_channel();
        // Each connection's requests stay unanswered until taken from
        // this Inbox, so its inbound window bounds them.
        let (in_tx, in_rx) = mpsc::channel(crate::driver::WINDOW + 4);
        let auto_respond = hosts.first().is_none_or(|h| h.auto_respond);
        let lowest = hosts
            .iter()
            .map(|h| h.session.interface_version)
            .min()
            .unwrap_or_default();
        let version = Arc::new(AtomicU8::new(lowest.0));
        let health = Arc::new(watch::Sender::new(
            hosts
                .iter()
                .map(|h| HostHealth {
                    host: h.host.clone(),
                    port: h.port,
                    state: HostState::Idle,
                    binds: 0,
                    failures: 0,
                    drops: 0,
                    requests: 0,
                    last_error: None,
                })
                .collect(),
        ));
        tokio::spawn(supervise(
            hosts,
            policy,
            Shared {
                requests: Arc::new(tokio::sync::Mutex::new(req_rx)),
                pacing: policy.rate_limit.map(|limit| Pacing {
                    limit,
                    clock: Clock::new(),
                    bucket: std::sync::Mutex::new(RateBucket::new()),
                }),
                inbound: in_tx,
                version: version.clone(),
                health: health.clone(),
            },
            stop_rx,
        ));
        (
            ResilientClient {
                requests: req_tx,
                stop: stop_tx,
                policy,
                reference: Arc::new(std::sync::atomic::AtomicU16::new(
                    crate::client::first_reference(),
                )),
                version,
                health,
            },
            Inbox::new(in_rx, auto_respond),
        )
    }

    /// Sends a request on the current connection (waiting for one, and for
    /// window room) and waits for its response.
    pub async fn request(&self, pdu: &Pdu<'_>) -> Result<OwnedPdu, Error> {
        let owned = OwnedPdu::encode(pdu, CommandStatus::ESME_ROK, 0)?;
        let (tx, rx) = oneshot::channel();
        tokio::time::timeout(
            self.policy.request_wait,
            self.requests.send(RequestCmd {
                pdu: owned,
                reply: tx,
            }),
        )
        .await
        .map_err(|_| Error::Closed(None))?
        .map_err(|_| Error::Closed(None))?;
        rx.await.map_err(|_| Error::Closed(None))?
    }

    crate::requests::typed_requests!();

    /// Each host's state and counters, in the order given to
    /// [`ResilientClient::start`].
    pub fn health(&self) -> Vec<HostHealth> {
        self.health.borrow().clone()
    }

    /// A stream of host health: it changes when a host's state, binds,
    /// failures or drops change (not on every request). `changed().await`
    /// then `borrow()`; IPWorks' `OnConnectionStatus` for several hosts.
    pub fn health_changes(&self) -> watch::Receiver<Vec<HostHealth>> {
        self.health.subscribe()
    }

    /// Bound sessions now.
    pub fn bound_sessions(&self) -> usize {
        self.health()
            .iter()
            .filter(|h| h.state == HostState::Bound)
            .count()
    }

    /// Sends a text as [`Client::send_text`] does, on whichever connection is
    /// up (each part waits for one at most [`ReconnectPolicy::request_wait`]).
    /// A part in flight when a connection drops ends with an error whose
    /// [`Error::is_fate_unknown`] is `true`; the next parts go on the new
    /// connection.
    ///
    /// The text is split for the interface_version of the last session
    /// bound (before the first, the lowest the hosts are configured with):
    /// with a UDH at SMPP 3.3 ([`crate::text::ConcatMethod::for_version`]).
    pub async fn send_text(&self, text: &str, options: &TextOptions) -> Result<SentText, Error> {
        let reference = self.reference.fetch_add(1, Ordering::Relaxed);
        let version = InterfaceVersion(self.version.load(Ordering::Relaxed));
        let plan = crate::text::plan_text_for(version, text, options, reference)?;
        let pdus = plan.pdus(options)?;
        let parts =
            crate::text::send_parts(&self.requests, pdus, Some(self.policy.request_wait)).await;
        Ok(SentText {
            encoding: plan.encoding,
            data_coding: plan.data_coding,
            parts,
        })
    }

    /// Sends binary content as [`Client::send_data`] does, on whichever
    /// connection is up, as [`ResilientClient::send_text`] sends a text.
    pub async fn send_data(&self, data: &[u8], options: &TextOptions) -> Result<SentData, Error> {
        let reference = self.reference.fetch_add(1, Ordering::Relaxed);
        let version = InterfaceVersion(self.version.load(Ordering::Relaxed));
        let plan = crate::text::plan_data_for(version, data, options, reference)?;
        let pdus = plan.pdus(options)?;
        let parts =
            crate::text::send_parts(&self.requests, pdus, Some(self.policy.request_wait)).await;
        Ok(SentData {
            data_coding: plan.data_coding,
            parts,
        })
    }

    /// Unbinds every session and stops reconnecting.
    pub async fn shutdown(&self) {
        let (tx, rx) = oneshot::channel();
        if self.stop.send(tx).is_ok() {
            let _ = rx.await;
        }
    }
}

/// What the workers share: the requests (taken by whichever bound session
/// asks first), the merged inbox, the version and the health table.
struct Shared {
    requests: Arc<tokio::sync::Mutex<mpsc::Receiver<RequestCmd>>>,
    /// [`ReconnectPolicy::rate_limit`]'s bucket, on its own clock.
    pacing: Option<Pacing>,
    inbound: mpsc::Sender<Delivery>,
    version: Arc<AtomicU8>,
    health: Arc<watch::Sender<Vec<HostHealth>>>,
}

/// One token bucket for every session of a client.
struct Pacing {
    limit: RateLimit,
    clock: Clock,
    bucket: std::sync::Mutex<RateBucket>,
}

impl Pacing {
    /// Waits for a token.
    async fn token(&self) {
        loop {
            let taken = match self.bucket.lock() {
                Ok(mut b) => b.take(self.clock.now(), &self.limit),
                // A panic under the lock cannot leave the bucket half
                // updated: take it as it is.
                Err(p) => p.into_inner().take(self.clock.now(), &self.limit),
            };
            match taken {
                Ok(()) => return,
                Err(at) => tokio::time::sleep_until(self.clock.to_tokio(at)).await,
            }
        }
    }
}

impl Shared {
    /// Updates one host's entry; watchers are told unless only the
    /// request count moved.
    fn update(&self, host: usize, f: impl FnOnce(&mut HostHealth)) {
        self.health.send_if_modified(|all| {
            let Some(h) = all.get_mut(host) else {
                return false;
            };
            let before = (h.state, h.binds, h.failures, h.drops);
            f(h);
            before != (h.state, h.binds, h.failures, h.drops)
        });
    }
}

/// Runs the workers (one, or one per host) until stopped, then acknowledges.
async fn supervise(
    hosts: Vec<ClientConfig>,
    policy: ReconnectPolicy,
    shared: Shared,
    mut stop: mpsc::UnboundedReceiver<oneshot::Sender<()>>,
) {
    if hosts.is_empty() {
        return;
    }
    let hosts: Arc<[ClientConfig]> = hosts.into();
    let (stop_tx, stop_rx) = watch::channel(false);
    let shared = Arc::new(shared);
    let run = match policy.hosts {
        Hosts::All => 1,
        Hosts::FailOver => hosts.len(),
        Hosts::Groups(n) => n.clamp(1, hosts.len()),
    };
    let groups: Vec<Vec<usize>> = (0..hosts.len())
        .step_by(run)
        .map(|first| (first..(first + run).min(hosts.len())).collect())
        .collect();
    let workers: Vec<_> = groups
        .into_iter()
        .map(|mine| {
            tokio::spawn(worker(
                hosts.clone(),
                mine,
                policy,
                shared.clone(),
                stop_rx.clone(),
            ))
        })
        .collect();
    let done = stop.recv().await;
    let _ = stop_tx.send(true);
    for w in workers {
        let _ = w.await;
    }
    if let Some(done) = done {
        let _ = done.send(());
    }
}

/// Resolves once told to stop (the guard `wait_for` gives is not kept).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Waits `d`; `false` when told to stop first.
async fn pause(d: Duration, stop: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(d) => true,
        _ = stopped(stop) => false,
    }
}

/// Keeps one session up over `mine` (several hosts: fail-over in turn).
async fn worker(
    hosts: Arc<[ClientConfig]>,
    mine: Vec<usize>,
    policy: ReconnectPolicy,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut backoff =
        ReconnectBackoff::new(policy.initial_backoff.into(), policy.max_backoff.into());
    let mut attempt = 0usize;
    loop {
        if *stop.borrow() {
            return;
        }
        let Some(&host) = mine.get(attempt % mine.len().max(1)) else {
            return;
        };
        let Some(cfg) = hosts.get(host).cloned() else {
            return;
        };
        attempt += 1;
        shared.update(host, |h| h.state = HostState::Connecting);
        let connected = tokio::select! {
            r = Client::connect(cfg.clone()) => r,
            _ = stopped(&mut stop) => {
                shared.update(host, |h| h.state = HostState::Idle);
                return;
            }
        };
        let (client, mut inner_inbound) = match connected {
            Ok(c) => c,
            Err(e) => {
                let wait = backoff.next_delay(random());
                warn!(host = %cfg.host, port = cfg.port, error = %e, wait_ms = wait.as_millis(), "connect failed; retrying");
                shared.update(host, |h| {
                    h.state = HostState::Waiting;
                    h.failures += 1;
                    h.last_error = Some(e.to_string());
                });
                if pause(wait.into(), &mut stop).await {
                    continue;
                }
                return;
            }
        };
        info!(host = %cfg.host, port = cfg.port, "bound");
        shared
            .version
            .store(client.interface_version().0, Ordering::Relaxed);
        shared.update(host, |h| {
            h.state = HostState::Bound;
            h.binds += 1;
        });
        backoff.reset();
        attempt = attempt.saturating_sub(1); // stay on the host that works
        let out = shared.inbound.clone();
        tokio::spawn(async move {
            // Unanswered: the merged Inbox answers on its connection when taken.
            while let Some(m) = inner_inbound.recv_unanswered().await {
                if out.send(m).await.is_err() {
                    break;
                }
            }
        });
        // A receiver session (SMPP 3.4 §4.1.3) only takes deliveries: the
        // requests go to the others.
        let takes_requests = cfg.bind_type != BindType::Receiver;
        loop {
            let next = async { shared.requests.lock().await.recv().await };
            tokio::select! {
                cmd = next, if takes_requests => match cmd {
                    Some(cmd) => {
                        if let Some(p) = &shared.pacing {
                            if cmd.pdu.command_id().is_message() {
                                tokio::select! {
                                    () = p.token() => {}
                                    _ = stopped(&mut stop) => {
                                        let _ = cmd.reply.send(Err(Error::Closed(None)));
                                        let _ = client.unbind().await;
                                        shared.update(host, |h| h.state = HostState::Idle);
                                        return;
                                    }
                                }
                            }
                        }
                        shared.update(host, |h| h.requests += 1);
                        if let Err(mpsc::error::SendError(cmd)) = client.requests.send(cmd).await {
                            // Never reached the session, so it was not sent.
                            let _ = cmd.reply.send(Err(Error::Closed(None)));
                        }
                    }
                    None => {
                        let _ = client.unbind().await;
                        shared.update(host, |h| h.state = HostState::Idle);
                        return;
                    }
                },
                _ = client.requests.closed() => {
                    let reason = client.closed().await;
                    debug!(?reason, "connection lost; reconnecting");
                    shared.update(host, |h| {
                        h.state = HostState::Waiting;
                        h.drops += 1;
                        h.last_error = Some(match reason {
                            Some(r) => format!("session closed: {r}"),
                            None => "connection lost".to_string(),
                        });
                    });
                    attempt += 1; // try the next host first
                    break;
                }
                _ = stopped(&mut stop) => {
                    let _ = client.unbind().await;
                    shared.update(host, |h| h.state = HostState::Idle);
                    return;
                }
            }
        }
        if !policy.reconnect_delay.is_zero() && !pause(policy.reconnect_delay, &mut stop).await {
            return;
        }
    }
}
