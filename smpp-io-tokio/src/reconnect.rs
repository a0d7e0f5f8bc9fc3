//! A client that stays connected: after a lost connection it reconnects and
//! re-binds with exponential back-off and jitter, going round a list of hosts
//! (providers ask clients to hold connections to two hosts).
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

use tokio::sync::{mpsc, oneshot};
use tracing::{debug, info, warn};

use crate::client::{Client, ClientConfig};
use crate::driver::RequestCmd;
use crate::error::Error;
use crate::inbound::Delivery;
use crate::inbox::Inbox;
use crate::owned::OwnedPdu;
use crate::text::{SentData, SentText, TextOptions};
use smpp_proto::session::ReconnectBackoff;
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};

/// How a [`ResilientClient`] reconnects: the back-off of
/// `smpp_proto::session::ReconnectBackoff` (each wait drawn from
/// `[base / 2, base]`, the base doubling from `initial_backoff` to
/// `max_backoff`), the same as the embassy client's.
#[derive(Debug, Clone, Copy)]
pub struct ReconnectPolicy {
    /// The base of the first wait after a failed attempt.
    pub initial_backoff: Duration,
    /// The largest base between attempts.
    pub max_backoff: Duration,
    /// How long a request waits for a connection before failing.
    pub request_wait: Duration,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy {
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
            request_wait: Duration::from_secs(30),
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
/// use smpp_io_tokio::{ClientConfig, ReconnectPolicy, ResilientClient, TextOptions};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Two hosts of the same provider; the client holds a session to one.
/// let hosts = vec![
///     ClientConfig::from_url("smpp://esme:secret@smsc-a.example.net:2775")?,
///     ClientConfig::from_url("smpp://esme:secret@smsc-b.example.net:2775")?,
/// ];
/// let policy = ReconnectPolicy { max_backoff: Duration::from_secs(30), ..ReconnectPolicy::default() };
/// let (client, _inbound) = ResilientClient::start(hosts, policy);
/// let sent = client.send_text("Hello", &TextOptions::new("447700900123")).await?;
/// println!("{:?}", sent.parts);
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
}

impl ResilientClient {
    /// Starts connecting to `hosts` (tried in turn) and keeps a bound
    /// session up. Returns at once; messages delivered on any connection
    /// arrive on the returned stream.
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
        tokio::spawn(supervise(
            hosts,
            policy,
            req_rx,
            stop_rx,
            in_tx,
            version.clone(),
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

    /// submit_sm (SMPP 3.4 §4.4) on the current connection.
    pub async fn submit_sm(&self, sm: &smpp_proto::codec::SubmitSm<'_>) -> Result<OwnedPdu, Error> {
        self.request(&Pdu::SubmitSm(*sm)).await
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

    /// Unbinds the current connection and stops reconnecting.
    pub async fn shutdown(&self) {
        let (tx, rx) = oneshot::channel();
        if self.stop.send(tx).is_ok() {
            let _ = rx.await;
        }
    }
}

async fn supervise(
    hosts: Vec<ClientConfig>,
    policy: ReconnectPolicy,
    mut requests: mpsc::Receiver<RequestCmd>,
    mut stop: mpsc::UnboundedReceiver<oneshot::Sender<()>>,
    inbound: mpsc::Sender<Delivery>,
    version: Arc<AtomicU8>,
) {
    if hosts.is_empty() {
        return;
    }
    let mut backoff =
        ReconnectBackoff::new(policy.initial_backoff.into(), policy.max_backoff.into());
    let mut attempt = 0usize;
    loop {
        let Some(cfg) = hosts.get(attempt % hosts.len()).cloned() else {
            return;
        };
        attempt += 1;
        let connected = tokio::select! {
            r = Client::connect(cfg.clone()) => r,
            s = stop.recv() => {
                if let Some(done) = s { let _ = done.send(()); }
                return;
            }
        };
        let (client, mut inner_inbound) = match connected {
            Ok(c) => c,
            Err(e) => {
                let wait = backoff.next_delay(random());
                warn!(host = %cfg.host, port = cfg.port, error = %e, wait_ms = wait.as_millis(), "connect failed; retrying");
                tokio::select! {
                    _ = tokio::time::sleep(wait.into()) => continue,
                    s = stop.recv() => {
                        if let Some(done) = s { let _ = done.send(()); }
                        return;
                    }
                }
            }
        };
        info!(host = %cfg.host, port = cfg.port, "bound");
        version.store(client.interface_version().0, Ordering::Relaxed);
        backoff.reset();
        attempt = attempt.saturating_sub(1); // stay on the host that works
        let out = inbound.clone();
        tokio::spawn(async move {
            // Unanswered: the merged Inbox answers on its connection when taken.
            while let Some(m) = inner_inbound.recv_unanswered().await {
                if out.send(m).await.is_err() {
                    break;
                }
            }
        });
        loop {
            tokio::select! {
                cmd = requests.recv() => match cmd {
                    Some(cmd) => {
                        if let Err(mpsc::error::SendError(cmd)) = client.requests.send(cmd).await {
                            // Never reached the session, so it was not sent.
                            let _ = cmd.reply.send(Err(Error::Closed(None)));
                        }
                    }
                    None => {
                        let _ = client.unbind().await;
                        return;
                    }
                },
                _ = client.requests.closed() => {
                    debug!("connection lost; reconnecting");
                    attempt += 1; // try the next host first
                    break;
                }
                s = stop.recv() => {
                    let _ = client.unbind().await;
                    if let Some(done) = s { let _ = done.send(()); }
                    return;
                }
            }
        }
    }
}
