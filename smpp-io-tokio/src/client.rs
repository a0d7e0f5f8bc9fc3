//! The ESME client: connect, bind, send requests with back-pressure, receive
//! deliver_sm / data_sm (SMPP 3.4 §2.2, §4).

use smpp_proto::session::{BindType, CloseReason, Config, FailureReason, PeerRequest};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, Pdu};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_rustls::rustls;
use tracing::Instrument;

use crate::driver::{self, Control, PduHook, Report, RequestCmd};
use crate::error::Error;
use crate::inbound::Delivery;
use crate::inbox::Inbox;
use crate::owned::OwnedPdu;
use crate::proxy::Proxy;
use crate::text::{DataPlan, SentData, SentText, TextOptions, TextPlan};

/// How to reach and bind to an SMSC.
#[derive(Clone)]
pub struct ClientConfig {
    /// Host name or address.
    pub host: String,
    /// TCP port (2775 by convention).
    pub port: u16,
    /// system_id to bind with.
    pub system_id: String,
    /// password to bind with (never logged, never in `Debug`).
    pub password: String,
    /// system_type to bind with.
    pub system_type: String,
    /// Transmitter, receiver or transceiver.
    pub bind_type: BindType,
    /// addr_ton of the bind.
    pub addr_ton: u8,
    /// addr_npi of the bind.
    pub addr_npi: u8,
    /// address_range of the bind.
    pub address_range: String,
    /// The session's timers, window and version. [`ClientConfig::new`]
    /// starts from `Config::esme()` with an inbound window of
    /// [`WINDOW`](crate::WINDOW) (64): deliveries the application has not
    /// taken yet wait unanswered (SMPP 3.4 §2.6), and a deep window lets the
    /// responses behind them through.
    pub session: Config,
    /// Answer deliver_sm / data_sm with ESME_ROK when the application takes
    /// them from the [`Inbox`] (default true); off, the application answers
    /// each with [`Delivery::respond_ok`] when it is safe.
    pub auto_respond: bool,
    /// How long after a message request (submit_sm, data_sm, …) was first
    /// sent an ESME_RTHROTTLED / ESME_RMSGQFUL answer sends it again, after
    /// the session's pause (SMPP 3.4 §5.1.3), instead of ending it with that
    /// answer. `None` (the default): the session's response_timeout;
    /// `Some(Duration::ZERO)`: never.
    pub throttle_retry: Option<std::time::Duration>,
    /// Connect with TLS (`smpps://`): `None` for plain TCP.
    pub tls: Option<Arc<rustls::ClientConfig>>,
    /// The name to verify the server certificate against (default: `host`).
    pub tls_server_name: Option<String>,
    /// Sees every PDU sent and received (to log or count them).
    pub pdu_hook: Option<PduHook>,
    /// Longest wait for the TCP connection, the proxy's handshake and the
    /// TLS handshake (default 10 s); the bind that follows is bounded by the
    /// session's response_timeout (SMPP 3.4 §7.2).
    pub connect_timeout: std::time::Duration,
    /// Connect through this SOCKS5 or HTTP CONNECT proxy (IPWorks'
    /// `Firewall`); TLS, when set, runs through the tunnel to the SMSC.
    /// From the URL's `?proxy=` parameter, or set it here.
    pub proxy: Option<Proxy>,
    /// Bind the socket to this local address (and port, unless 0) before
    /// connecting (IPWorks' `LocalHost` / `LocalPort`).
    pub local_addr: Option<SocketAddr>,
    /// Turn on TCP keep-alive with this idle time before the first probe
    /// (`SO_KEEPALIVE`, `TCP_KEEPIDLE`): it finds a dead peer under an idle
    /// session that sends no enquire_link, and keeps NAT and firewall state
    /// alive. `None` (the default): the system's default, usually off.
    pub tcp_keepalive: Option<std::time::Duration>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("system_id", &self.system_id)
            .field("password", &"<redacted>")
            .field("bind_type", &self.bind_type)
            .field("tls", &self.tls.is_some())
            .field("proxy", &self.proxy)
            .field("local_addr", &self.local_addr)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// A transceiver bind to `host:port` with these credentials.
    pub fn new(host: &str, port: u16, system_id: &str, password: &str) -> Self {
        ClientConfig {
            host: host.to_string(),
            port,
            system_id: system_id.to_string(),
            password: password.to_string(),
            system_type: String::new(),
            bind_type: BindType::Transceiver,
            addr_ton: 0,
            addr_npi: 0,
            address_range: String::new(),
            // A deep inbound window: what the SMSC delivers while the
            // application is busy waits unanswered in the Inbox (see
            // `inbox`) without holding up the responses behind it.
            session: Config {
                inbound_window: driver::WINDOW,
                ..Config::esme()
            },
            auto_respond: true,
            throttle_retry: None,
            tls: None,
            tls_server_name: None,
            pdu_hook: None,
            connect_timeout: std::time::Duration::from_secs(10),
            proxy: None,
            local_addr: None,
            tcp_keepalive: None,
        }
    }

    /// Parses `smpp://[SYSTEM_ID[:PASSWORD]@]HOST[:PORT][?proxy=PROXY_URL]`
    /// (port defaults to 2775), or `smpps://…` for TLS with the public web
    /// roots (set [`ClientConfig::tls`] to trust others). A URL without
    /// credentials binds with an empty system_id and password.
    /// Percent-escapes (`%40`) are decoded in the credentials and in the
    /// proxy URL; `proxy` is a [`Proxy`] URL (`socks5://…` or `http://…`).
    ///
    /// ```
    /// use smpp_io_tokio::ClientConfig;
    ///
    /// let c = ClientConfig::from_url("smpp://esme:pw@smsc.example?proxy=socks5://u:p@127.0.0.1:1080")?;
    /// assert_eq!((c.host.as_str(), c.port), ("smsc.example", 2775));
    /// assert_eq!(c.proxy.map(|p| p.port), Some(1080));
    /// let c = ClientConfig::from_url("smpp://10.0.0.1:2775")?;
    /// assert_eq!((c.system_id.as_str(), c.password.as_str()), ("", ""));
    /// # Ok::<(), smpp_io_tokio::Error>(())
    /// ```
    pub fn from_url(url: &str) -> Result<Self, Error> {
        let bad = || Error::Url(url.to_string());
        let (rest, tls) = match url.strip_prefix("smpps://") {
            Some(r) => (r, true),
            None => (url.strip_prefix("smpp://").ok_or_else(bad)?, false),
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (creds, hostport) = rest.rsplit_once('@').unwrap_or(("", rest));
        let (user, pass) = creds.split_once(':').unwrap_or((creds, ""));
        let (host, port) = split_host_port(hostport.trim_end_matches('/'), 2775).ok_or_else(bad)?;
        let mut c = ClientConfig::new(
            host,
            port,
            &percent_decode(user).ok_or_else(bad)?,
            &percent_decode(pass).ok_or_else(bad)?,
        );
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("proxy", v)) => {
                    c.proxy = Some(percent_decode(v).ok_or_else(bad)?.parse()?);
                }
                _ => {
                    return Err(Error::Url(format!(
                        "{url}: unknown parameter {pair:?} (known: proxy)"
                    )))
                }
            }
        }
        if tls {
            c.tls = Some(crate::tls::client_config(&[], None)?);
        }
        Ok(c)
    }
}

/// `HOST[:PORT]` or `[V6]:PORT`, without brackets in the host; `None` when
/// the host is empty or the port is not a number.
pub(crate) fn split_host_port(hostport: &str, default_port: u16) -> Option<(&str, u16)> {
    let (host, port) = match hostport.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']')?;
            match after.strip_prefix(':') {
                Some(p) => (host, p.parse().ok()?),
                None if after.is_empty() => (host, default_port),
                None => return None,
            }
        }
        None => match hostport.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().ok()?),
            None => (hostport, default_port),
        },
    };
    (!host.is_empty()).then_some((host, port))
}

pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The TCP connection to the SMSC, or to the proxy with the tunnel to the
/// SMSC open: bound to `local_addr` first when given, keep-alive set.
async fn dial(config: &ClientConfig) -> Result<TcpStream, Error> {
    let (host, port) = match &config.proxy {
        Some(p) => (p.host.as_str(), p.port),
        None => (config.host.as_str(), config.port),
    };
    let mut stream = match config.local_addr {
        None => TcpStream::connect((host, port))
            .await
            .map_err(|e| connect_error(e, host, port, config.proxy.is_some()))?,
        Some(local) => {
            // The first address of the local address's family.
            let mut last = None;
            let mut found = None;
            for addr in tokio::net::lookup_host((host, port)).await? {
                if addr.is_ipv4() != local.is_ipv4() {
                    continue;
                }
                let socket = match addr {
                    SocketAddr::V4(_) => TcpSocket::new_v4()?,
                    SocketAddr::V6(_) => TcpSocket::new_v6()?,
                };
                socket.bind(local)?;
                match socket.connect(addr).await {
                    Ok(s) => {
                        found = Some(s);
                        break;
                    }
                    Err(e) => last = Some(e),
                }
            }
            match (found, last) {
                (Some(s), _) => s,
                (None, Some(e)) => {
                    return Err(connect_error(e, host, port, config.proxy.is_some()))
                }
                (None, None) => {
                    return Err(Error::Io(std::io::Error::new(
                        std::io::ErrorKind::AddrNotAvailable,
                        format!("{host} has no address of the family of local_addr {local}"),
                    )))
                }
            }
        }
    };
    stream.set_nodelay(true)?;
    if let Some(idle) = config.tcp_keepalive {
        let keepalive = socket2::TcpKeepalive::new().with_time(idle);
        socket2::SockRef::from(&stream).set_tcp_keepalive(&keepalive)?;
    }
    if let Some(proxy) = &config.proxy {
        proxy
            .handshake(&mut stream, &config.host, config.port)
            .await?;
    }
    Ok(stream)
}

/// Says which end could not be reached: the proxy or the SMSC.
fn connect_error(e: std::io::Error, host: &str, port: u16, proxy: bool) -> Error {
    if proxy {
        Error::Proxy(format!("cannot reach the proxy {host}:{port}: {e}"))
    } else {
        Error::Io(e)
    }
}

/// What TLS negotiated with the SMSC ([`Client::tls_info`]): IPWorks'
/// `SSLServerCertificate` / `SSLCipherStrength`, node's
/// `getPeerCertificate()` / `getCipher()` / `getProtocol()`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TlsInfo {
    /// The protocol version (TLS 1.2 or 1.3).
    pub version: rustls::ProtocolVersion,
    /// The cipher suite, e.g. `TLS13_AES_256_GCM_SHA384`.
    pub cipher_suite: rustls::CipherSuite,
    /// The server's certificate chain as it sent it, its own first (DER).
    pub peer_certificates: Vec<rustls_pki_types::CertificateDer<'static>>,
}

impl TlsInfo {
    fn of(conn: &rustls::ClientConnection) -> Option<TlsInfo> {
        Some(TlsInfo {
            version: conn.protocol_version()?,
            cipher_suite: conn.negotiated_cipher_suite()?.suite(),
            peer_certificates: conn
                .peer_certificates()
                .map(|c| c.iter().map(|c| c.clone().into_owned()).collect())
                .unwrap_or_default(),
        })
    }
}

/// Where a [`Client`]'s session is ([`Client::state`]): IPWorks'
/// `Connected` / `ConnectionStatus`. A `Client` exists only once bound
/// (SMPP 3.4 §2.3: BOUND_TX, BOUND_RX or BOUND_TRX), so it starts at
/// [`ConnectionState::Bound`] and ends at [`ConnectionState::Closed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectionState {
    /// Bound: requests may be sent.
    Bound,
    /// Closed, with the session's reason (unbound, link dead, …); `None`
    /// when the connection ended without one.
    Closed(Option<CloseReason>),
}

impl ConnectionState {
    /// `true` while bound (IPWorks' `Connected`).
    pub fn is_bound(&self) -> bool {
        *self == ConnectionState::Bound
    }
}

/// The changes of a [`Client`]'s [`ConnectionState`], from
/// [`Client::state_changes`].
#[derive(Debug)]
pub struct StateChanges {
    rx: watch::Receiver<Option<CloseReason>>,
    last: Option<ConnectionState>,
}

impl StateChanges {
    /// The next state: first the state now, then each change; `None` after
    /// [`ConnectionState::Closed`] has been returned.
    pub async fn next(&mut self) -> Option<ConnectionState> {
        loop {
            let now = state_of(&self.rx);
            match self.last {
                Some(ConnectionState::Closed(_)) => return None,
                Some(last) if last == now => {
                    // An error means the sender is gone: the state is final.
                    let _ = self.rx.changed().await;
                }
                _ => {
                    self.last = Some(now);
                    return Some(now);
                }
            }
        }
    }
}

fn state_of(rx: &watch::Receiver<Option<CloseReason>>) -> ConnectionState {
    match *rx.borrow() {
        Some(reason) => ConnectionState::Closed(Some(reason)),
        // The sender is gone without a reason: closed all the same.
        None if rx.has_changed().is_err() => ConnectionState::Closed(None),
        None => ConnectionState::Bound,
    }
}

/// A bound ESME session (SMPP 3.4 §2.2). Cheap to clone; every clone drives
/// the same session, and every request it makes ends in exactly one outcome.
///
/// ```no_run
/// use smpp_io_tokio::{Client, ClientConfig, Message, Messages, TextOptions};
/// use smpp_proto::codec::SubmitSm;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let config = ClientConfig::from_url("smpps://esme:secret@smsc.example.net:3550")?;
/// let (client, inbound) = Client::connect(config).await?;
///
/// // A raw submit_sm: the response carries the message_id.
/// let resp = client
///     .submit_sm(&SubmitSm {
///         destination_addr: b"447700900123",
///         short_message: b"Hello",
///         ..SubmitSm::default()
///     })
///     .await?;
/// println!("{:?}", resp.command_status());
///
/// // A text in as many parts as it takes, one outcome per part.
/// let sent = client.send_text("Hello again", &TextOptions::new("447700900123")).await?;
/// for part in &sent.parts {
///     match part {
///         Ok(id) => println!("accepted: {id}"),
///         Err(e) if e.is_fate_unknown() => println!("may have been sent: {e}"),
///         Err(e) => println!("not sent: {e}"),
///     }
/// }
///
/// // MO messages and receipts, classified.
/// let mut messages = Messages::new(inbound);
/// while let Some(m) = messages.recv().await {
///     if let Message::Receipt { receipt, .. } = m {
///         println!("{:?}: {}", receipt.message_id, receipt.stat());
///     }
/// }
/// client.unbind().await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) requests: mpsc::Sender<RequestCmd>,
    pub(crate) control: mpsc::UnboundedSender<Control>,
    smsc_system_id: Arc<[u8]>,
    interface_version: InterfaceVersion,
    reference: Arc<AtomicU16>,
    closed: watch::Receiver<Option<CloseReason>>,
    tls: Option<Arc<TlsInfo>>,
}

impl Client {
    /// Connects over TCP (through [`ClientConfig::proxy`] when set, from
    /// [`ClientConfig::local_addr`] when set), runs TLS when
    /// [`ClientConfig::tls`] is set, and binds (SMPP 3.4 §4.1). Returns the
    /// client and the stream of messages the SMSC delivers.
    pub async fn connect(config: ClientConfig) -> Result<(Client, Inbox), Error> {
        let limit = config.connect_timeout;
        let target = format!("{}:{}", config.host, config.port);
        let via = match &config.proxy {
            Some(p) => format!(" through {p}"),
            None => String::new(),
        };
        let timed_out = || {
            Error::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no connection to {target}{via} within {limit:?}"),
            ))
        };
        let stream = tokio::time::timeout(limit, dial(&config))
            .await
            .map_err(|_| timed_out())??;
        let peer = stream.peer_addr().ok();
        let span = tracing::info_span!("smpp_esme", peer = ?peer, proxy = config.proxy.is_some(), system_id = %config.system_id, bind = ?config.bind_type, tls = config.tls.is_some());
        match config.tls.clone() {
            None => Client::over(stream, config, span).await,
            Some(tls) => {
                let name = config
                    .tls_server_name
                    .clone()
                    .unwrap_or_else(|| config.host.clone());
                let name = rustls_pki_types::ServerName::try_from(name)
                    .map_err(|e| Error::Tls(e.to_string()))?;
                let handshake = tokio_rustls::TlsConnector::from(tls).connect(name, stream);
                let stream = tokio::time::timeout(limit, handshake)
                    .await
                    .map_err(|_| Error::Tls(format!("no TLS handshake within {limit:?}")))?
                    .map_err(|e| Error::Tls(e.to_string()))?;
                let info = TlsInfo::of(stream.get_ref().1);
                let (mut client, inbox) = Client::over(stream, config, span).await?;
                client.tls = info.map(Arc::new);
                Ok((client, inbox))
            }
        }
    }

    /// Binds over an already connected stream (TLS, a modem, a test pipe).
    pub async fn over<S>(
        stream: S,
        config: ClientConfig,
        span: tracing::Span,
    ) -> Result<(Client, Inbox), Error>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        Client::start(stream, config, span, false).await
    }

    /// Waits for an SMSC to connect to `listener` and send outbind
    /// (SMPP 3.4 §4.1.7), then binds on that connection with `config`'s
    /// credentials (use a receiver or transceiver bind type).
    pub async fn accept_outbind(
        listener: &tokio::net::TcpListener,
        config: ClientConfig,
    ) -> Result<(Client, Inbox), Error> {
        let (stream, peer) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let span = tracing::info_span!("smpp_esme", peer = ?peer, system_id = %config.system_id, bind = ?config.bind_type, outbind = true);
        Client::start(stream, config, span, true).await
    }

    async fn start<S>(
        stream: S,
        config: ClientConfig,
        span: tracing::Span,
        wait_outbind: bool,
    ) -> Result<(Client, Inbox), Error>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let (outbind_tx, outbind_rx) = oneshot::channel::<()>();
        let mut outbind_tx = Some(outbind_tx);
        let driver::Handles {
            requests: req_tx,
            control: ctl_tx,
            reports: mut rep_rx,
            ..
        } = driver::spawn(
            config.session,
            stream,
            config.pdu_hook.clone(),
            config.throttle_retry,
            span.clone(),
        );
        // As deep as the reports: the session's inbound window bounds what
        // waits unanswered (see `inbox`).
        let (in_tx, in_rx) = mpsc::channel(driver::WINDOW + 4);
        let (closed_tx, closed_rx) = watch::channel(None);
        // Peer requests: pass on, unanswered; the Inbox answers when taken.
        let ctl = ctl_tx.clone();
        tokio::spawn(
            async move {
                while let Some(r) = rep_rx.recv().await {
                    match r {
                        Report::Request { request, pdu } => {
                            let delivery = Delivery::new(request, pdu, Some(ctl.clone()));
                            let _ = in_tx.send(delivery).await;
                        }
                        Report::Outbind => {
                            if let Some(tx) = outbind_tx.take() {
                                let _ = tx.send(());
                            }
                        }
                        Report::Closed(reason) => {
                            closed_tx.send_replace(Some(reason));
                            break;
                        }
                        _ => {}
                    }
                }
            }
            .instrument(span),
        );
        if wait_outbind {
            outbind_rx.await.map_err(|_| Error::Closed(None))?;
        }
        let bind = driver::BindFields {
            system_id: config.system_id.clone().into_bytes(),
            password: config.password.clone().into_bytes(),
            system_type: config.system_type.clone().into_bytes(),
            interface_version: config.session.interface_version,
            addr_ton: config.addr_ton,
            addr_npi: config.addr_npi,
            address_range: config.address_range.clone().into_bytes(),
        };
        let (tx, rx) = oneshot::channel();
        ctl_tx
            .send(Control::Bind {
                bind_type: config.bind_type,
                bind: Box::new(bind),
                reply: tx,
            })
            .map_err(|_| Error::Closed(None))?;
        let bound = match rx.await {
            Ok(Ok(b)) => b,
            // The connection went before the bind_resp (a TLS server spoken
            // to in plain TCP, a peer that is not an SMSC): say why it closed.
            Ok(Err(Error::Failed(FailureReason::ConnectionLost))) | Err(_) => {
                let mut closed = closed_rx.clone();
                let _ = tokio::time::timeout(
                    std::time::Duration::from_secs(1),
                    closed.wait_for(Option::is_some),
                )
                .await;
                let reason = *closed.borrow();
                return Err(Error::Closed(reason));
            }
            Ok(Err(e)) => return Err(e),
        };
        Ok((
            Client {
                requests: req_tx,
                control: ctl_tx,
                smsc_system_id: bound.system_id.into(),
                interface_version: bound.interface_version,
                reference: Arc::new(AtomicU16::new(first_reference())),
                closed: closed_rx,
                tls: None,
            },
            Inbox::new(in_rx, config.auto_respond),
        ))
    }

    /// What TLS negotiated: protocol version, cipher suite and the server's
    /// certificate chain; `None` over plain TCP (or [`Client::over`]).
    pub fn tls_info(&self) -> Option<&TlsInfo> {
        self.tls.as_deref()
    }

    /// The session's state now (IPWorks' `Connected` and
    /// `ConnectionStatus`): [`ConnectionState::Bound`] until it closes.
    pub fn state(&self) -> ConnectionState {
        state_of(&self.closed)
    }

    /// The state now, then each change (IPWorks' `OnConnectionStatus`
    /// event, node-smpp's `close` event): see [`StateChanges::next`].
    pub fn state_changes(&self) -> StateChanges {
        StateChanges {
            rx: self.closed.clone(),
            last: None,
        }
    }

    /// Sends enquire_link (SMPP 3.4 §4.11) and waits for its
    /// enquire_link_resp: the round-trip time, from the request's queueing
    /// to the response (IPWorks' `CheckLink`, node-smpp's
    /// `enquire_link()`). Goes through the window like any request, so the
    /// time includes a wait for room when the window is full. Fails as
    /// [`Client::request`] does, and with [`Error::Rejected`] when the
    /// answer carries an error status.
    pub async fn check_link(&self) -> Result<std::time::Duration, Error> {
        let started = tokio::time::Instant::now();
        let resp = self.request(&Pdu::EnquireLink).await?;
        let status = resp.command_status();
        if !status.is_ok() || resp.command_id() != CommandId::ENQUIRE_LINK_RESP {
            return Err(Error::Rejected(status));
        }
        Ok(started.elapsed())
    }

    /// The SMSC's system_id from the bind response.
    pub fn smsc_system_id(&self) -> Vec<u8> {
        self.smsc_system_id.to_vec()
    }

    /// The interface_version the session runs at, negotiated at the bind
    /// (SMPP 3.4 §5.2.4): the lower of this client's and the SMSC's
    /// sc_interface_version, and 3.3 when the bind response had none
    /// (§5.3.2.25). At 3.3 no TLVs are sent, and [`Client::send_text`]
    /// splits with a user data header whatever [`TextOptions::concat`] says.
    pub fn interface_version(&self) -> InterfaceVersion {
        self.interface_version
    }

    /// The next concatenation reference of this client: a counter that
    /// starts at a random value for each client, so that two clients (two
    /// runs of a program) sending long messages to the same handset rarely
    /// tie their parts together (3GPP TS 23.040 §9.2.3.24.1).
    /// [`Client::send_text`] and [`Client::plan_text`] take theirs here.
    pub fn next_reference(&self) -> u16 {
        self.reference.fetch_add(1, Ordering::Relaxed)
    }

    /// Plans a text as [`Client::send_text`] sends it, without sending:
    /// [`crate::text::plan_text_for`] at this session's
    /// [`Client::interface_version`], with [`Client::next_reference`] unless
    /// `options.reference` gives one.
    pub fn plan_text(&self, text: &str, options: &TextOptions) -> Result<TextPlan, Error> {
        let reference = match options.reference {
            Some(r) => r,
            None => self.next_reference(),
        };
        crate::text::plan_text_for(self.interface_version, text, options, reference)
    }

    /// Sends any request and waits for its response (generic_nack included).
    /// Waits for room when the window is full (back-pressure), and while the
    /// peer throttles or the rate limit holds.
    pub async fn request(&self, pdu: &Pdu<'_>) -> Result<OwnedPdu, Error> {
        let owned = OwnedPdu::encode(pdu, CommandStatus::ESME_ROK, 0)?;
        let (tx, rx) = oneshot::channel();
        self.requests
            .send(RequestCmd {
                pdu: owned,
                reply: tx,
            })
            .await
            .map_err(|_| Error::Closed(None))?;
        rx.await.map_err(|_| Error::Closed(None))?
    }

    crate::requests::typed_requests!();

    /// Sends a text to one destination: picks the encoding, splits it into
    /// parts and submits them in order (pipelined up to the window), each
    /// as a submit_sm (SMPP 3.4 §4.4) — see [`crate::text`]. Returns one
    /// outcome per part, the message_id of the accepted ones; `Err` only
    /// when the text cannot be encoded or split, before anything is sent.
    ///
    /// The parts are tied together with [`Client::next_reference`]. On an
    /// SMPP 3.3 session ([`Client::interface_version`]) they are split with
    /// a UDH even when `options.concat` asks for SAR or message_payload,
    /// which 3.3 cannot carry ([`crate::text::ConcatMethod::for_version`]).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use smpp_io_tokio::{BindAccept, BindRequest, Client, ClientConfig, Handler, Origin, OwnedPdu, Reply, Server, ServerConfig};
    /// # use smpp_proto::{codec::SmResp, CommandStatus, Pdu};
    /// use smpp_io_tokio::text::TextOptions;
    /// # struct Smsc;
    /// # impl Handler for Smsc {
    /// #     async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> { Ok(BindAccept::default()) }
    /// #     async fn request(&self, _: &Origin, _: OwnedPdu) -> Reply {
    /// #         let resp = SmResp { message_id: Some(b"1"), ..SmResp::default() };
    /// #         OwnedPdu::encode(&Pdu::SubmitSmResp(resp), CommandStatus::ESME_ROK, 0).unwrap().into()
    /// #     }
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Smsc)).await?;
    /// # let port = server.local_addr().port();
    /// let (client, _inbound) = Client::connect(ClientConfig::new("127.0.0.1", port, "esme", "pw")).await?;
    /// let text = "A text longer than one SMS is split into parts with a UDH; ".repeat(3);
    /// let sent = client
    ///     .send_text(&text, &TextOptions::new("447700900123").from("Shop").registered_delivery(1))
    ///     .await?;
    /// assert_eq!(sent.parts.len(), 2);
    /// for part in &sent.parts {
    ///     println!("{part:?}"); // Ok(message_id) or why that part failed
    /// }
    /// assert!(sent.all_accepted());
    /// client.unbind().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_text(&self, text: &str, options: &TextOptions) -> Result<SentText, Error> {
        let plan = self.plan_text(text, options)?;
        let pdus = plan.pdus(options)?;
        let parts = crate::text::send_parts(&self.requests, pdus, None).await;
        Ok(SentText {
            encoding: plan.encoding,
            data_coding: plan.data_coding,
            parts,
        })
    }

    /// Plans binary content as [`Client::send_data`] sends it, without
    /// sending: [`crate::text::plan_data_for`] at this session's
    /// [`Client::interface_version`].
    pub fn plan_data(&self, data: &[u8], options: &TextOptions) -> Result<DataPlan, Error> {
        let reference = match options.reference {
            Some(r) => r,
            None => self.next_reference(),
        };
        crate::text::plan_data_for(self.interface_version, data, options, reference)
    }

    /// Sends binary content (8-bit data: a WAP push, an OTA setting, a
    /// vCard) to one destination, split into parts with a UDH, SAR TLVs or
    /// message_payload as [`TextOptions::concat`] says, each as a submit_sm
    /// (SMPP 3.4 §4.4) with data_coding 0x04 unless the options give one
    /// ([`crate::text::plan_data`]). Returns one outcome per part; `Err` only
    /// when the content cannot be split, before anything is sent.
    pub async fn send_data(&self, data: &[u8], options: &TextOptions) -> Result<SentData, Error> {
        let plan = self.plan_data(data, options)?;
        let pdus = plan.pdus(options)?;
        let parts = crate::text::send_parts(&self.requests, pdus, None).await;
        Ok(SentData {
            data_coding: plan.data_coding,
            parts,
        })
    }

    /// Answers a delivered request with ESME_ROK yourself (with
    /// `auto_respond` off): deliver_sm_resp / data_sm_resp (SMPP 3.4 §4.6.2,
    /// §4.7.2). The same as [`Delivery::respond_ok`].
    pub fn respond_ok(&self, delivery: &Delivery) -> Result<(), Error> {
        delivery.respond_ok()
    }

    /// Answers a delivered request yourself (with `auto_respond` off):
    /// `request` is [`Delivery::request`].
    pub fn respond(&self, request: PeerRequest, response: OwnedPdu) -> Result<(), Error> {
        self.control
            .send(Control::Respond { request, response })
            .map_err(|_| Error::Closed(None))
    }

    /// Unbinds and waits for the unbind_resp; the connection then closes.
    pub async fn unbind(&self) -> Result<(), Error> {
        let (tx, rx) = oneshot::channel();
        self.control
            .send(Control::Unbind { reply: tx })
            .map_err(|_| Error::Closed(None))?;
        rx.await.map_err(|_| Error::Closed(None))?.map(|_| ())
    }

    /// Waits until the session has closed and says why (SMPP 3.4 §2.3:
    /// unbound, link dead, a broken byte stream, …); `None` when the
    /// connection ended without a reason from the session.
    ///
    /// Every request still open then has its outcome: sent ones end with an
    /// error whose [`Error::is_fate_unknown`] is `true`, unsent ones with
    /// [`Error::Closed`].
    pub async fn closed(&self) -> Option<CloseReason> {
        let mut rx = self.closed.clone();
        // An error means the sender is gone: the value it left is final.
        let _ = rx.wait_for(Option::is_some).await;
        let reason = *rx.borrow();
        reason
    }

    /// Stops reading from the SMSC until [`Client::resume`] (node-smpp's
    /// `pause`): nothing more is delivered, and neither are responses nor
    /// the keep-alive's answer, so keep pauses shorter than the
    /// response_timeout (SMPP 3.4 §7.2). To slow deliveries down only,
    /// take from the [`Inbox`] more slowly: the inbound window does the rest.
    pub fn pause(&self) {
        let _ = self.control.send(Control::Pause);
    }

    /// Reads from the SMSC again after [`Client::pause`].
    pub fn resume(&self) {
        let _ = self.control.send(Control::Resume);
    }

    /// Closes the connection at once.
    pub fn close(&self) {
        let _ = self.control.send(Control::Close);
    }
}

/// A starting concatenation reference that differs between clients, so
/// two processes sending to the same handset rarely share one.
pub(crate) fn first_reference() -> u16 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish() as u16
}
