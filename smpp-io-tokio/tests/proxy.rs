//! The client's connection (issue 15): through real proxies started here on
//! free ports of 127.0.0.1 — Dante's `danted` (SOCKS5, no authentication),
//! `microsocks` (SOCKS5 with a username and password, RFC 1929) and
//! `tinyproxy` (HTTP CONNECT with Basic authentication) — installed by
//! `tests/peers` on first use, plain and with TLS through the tunnel;
//! a local address, TLS pinning and what TLS negotiated; check_link and the
//! connection state. The SMSC is our `Server`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{CertificateParams, KeyPair};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use smpp_io_tokio::rustls::ProtocolVersion;
use smpp_io_tokio::tls::{self, Pin, PinMode};
use smpp_io_tokio::{
    BindAccept, BindRequest, Client, ClientConfig, ConnectionState, Error, Handler, Origin,
    OwnedPdu, Proxy, Reply, Server, ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::session::CloseReason;
use smpp_proto::{CommandStatus, Pdu};

/// Accepts any bind but password "bad", and remembers who bound.
#[derive(Default)]
struct Smsc {
    binds: Mutex<Vec<(SocketAddr, String, Vec<u8>)>>,
}

impl Handler for Smsc {
    async fn bind(&self, req: &BindRequest) -> Result<BindAccept, CommandStatus> {
        self.binds
            .lock()
            .unwrap()
            .push((req.peer, req.system_id.clone(), req.password.clone()));
        if req.password == b"bad" {
            Err(CommandStatus::ESME_RINVPASWD)
        } else {
            Ok(BindAccept::default())
        }
    }

    async fn request(&self, _: &Origin, _: OwnedPdu) -> Reply {
        let resp = Pdu::SubmitSmResp(SmResp {
            message_id: Some(b"px-1"),
            ..SmResp::default()
        });
        OwnedPdu::encode(&resp, CommandStatus::ESME_ROK, 0)
            .unwrap()
            .into()
    }
}

/// A self-signed certificate for "localhost" and its key.
struct Cert {
    der: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

fn cert() -> Cert {
    let key = KeyPair::generate().unwrap();
    let der = CertificateParams::new(vec!["localhost".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap()
        .der()
        .clone();
    Cert {
        der,
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    }
}

async fn start_smsc(tls: Option<&Cert>) -> (Server, Arc<Smsc>) {
    let handler = Arc::new(Smsc::default());
    let config = ServerConfig {
        tls: tls.map(|c| tls::server_config(vec![c.der.clone()], c.key.clone_key(), None).unwrap()),
        ..ServerConfig::default()
    };
    let server = Server::bind("127.0.0.1:0", config, handler.clone())
        .await
        .unwrap();
    (server, handler)
}

/// Binds, submits one message and unbinds; the client for a look first.
async fn submit(config: ClientConfig) -> Result<Client, Error> {
    let (client, _inbox) = Client::connect(config).await?;
    let resp = client
        .submit_sm(&SubmitSm {
            destination_addr: b"447700900123",
            short_message: b"through the proxy",
            ..SubmitSm::default()
        })
        .await?;
    let Ok(Pdu::SubmitSmResp(r)) = resp.pdu() else {
        panic!("{resp:?}")
    };
    assert_eq!(r.message_id, Some(&b"px-1"[..]));
    Ok(client)
}

fn config(host: &str, port: u16, proxy: Option<String>) -> ClientConfig {
    let mut c = ClientConfig::new(host, port, "esme", "pw");
    c.proxy = proxy.map(|p| p.parse::<Proxy>().unwrap());
    c.connect_timeout = Duration::from_secs(5);
    c
}

/// TLS through the proxy: trusts the self-signed certificate, checks that
/// the client saw what the server sent.
async fn submit_tls(server: &Server, cert: &Cert, proxy: String) {
    let mut c = config("localhost", server.local_addr().port(), Some(proxy));
    c.tls = Some(tls::client_config(std::slice::from_ref(&cert.der), None).unwrap());
    let client = submit(c).await.unwrap();
    let info = client.tls_info().expect("TLS was negotiated");
    assert_eq!(info.peer_certificates, vec![cert.der.clone()]);
    assert!(
        matches!(
            info.version,
            ProtocolVersion::TLSv1_3 | ProtocolVersion::TLSv1_2
        ),
        "{:?}",
        info.version
    );
    assert!(format!("{:?}", info.cipher_suite).starts_with("TLS"));
    client.unbind().await.unwrap();
}

fn expect_proxy_error(r: Result<Client, Error>, words: &str) {
    match r {
        Err(Error::Proxy(m)) => assert!(m.contains(words), "{m:?} lacks {words:?}"),
        Err(e) => panic!("expected a proxy error with {words:?}, got {e:?}"),
        Ok(_) => panic!("expected a proxy error with {words:?}, bound"),
    }
}

/// A port of 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn socks5_through_danted() {
    let Some(danted) = peers::start_danted() else {
        return;
    };
    let proxy = format!("socks5://127.0.0.1:{}", danted.port());
    let (server, smsc) = start_smsc(None).await;
    let port = server.local_addr().port();

    // "localhost" goes to danted as a name (RFC 1928 §5 DOMAINNAME).
    let client = submit(config("localhost", port, Some(proxy.clone())))
        .await
        .unwrap();
    assert!(client.tls_info().is_none());
    client.unbind().await.unwrap();
    // From the URL's proxy parameter.
    let url = format!("smpp://esme:pw@127.0.0.1:{port}?proxy={proxy}");
    submit(ClientConfig::from_url(&url).unwrap())
        .await
        .unwrap()
        .unbind()
        .await
        .unwrap();
    assert_eq!(smsc.binds.lock().unwrap().len(), 2);

    // TLS through the tunnel.
    let cert = cert();
    let (tls_server, _) = start_smsc(Some(&cert)).await;
    submit_tls(&tls_server, &cert, proxy.clone()).await;

    // Nothing listens behind the proxy: danted's reply, named.
    let r = submit(config("127.0.0.1", closed_port(), Some(proxy))).await;
    expect_proxy_error(r, "connection refused");
    // The sessions went through danted (its `log: connect` lines).
    assert!(
        danted.log().contains(&format!(" 127.0.0.1.{port}\n")),
        "{}",
        danted.log()
    );
}

#[tokio::test]
async fn socks5_credentials_with_microsocks() {
    let Some(socks) = peers::start_microsocks("pxuser", "px:pass") else {
        return;
    };
    let (server, _) = start_smsc(None).await;
    let port = server.local_addr().port();
    let at = format!("127.0.0.1:{}", socks.port());
    let client = submit(config(
        "127.0.0.1",
        port,
        Some(format!("socks5://pxuser:px%3Apass@{at}")),
    ))
    .await
    .unwrap();
    client.unbind().await.unwrap();

    let cert = cert();
    let (tls_server, _) = start_smsc(Some(&cert)).await;
    submit_tls(
        &tls_server,
        &cert,
        format!("socks5://pxuser:px%3Apass@{at}"),
    )
    .await;

    let wrong = submit(config(
        "127.0.0.1",
        port,
        Some(format!("socks5://pxuser:wrong@{at}")),
    ))
    .await;
    expect_proxy_error(wrong, "authentication failed");
    let none = submit(config("127.0.0.1", port, Some(format!("socks5://{at}")))).await;
    expect_proxy_error(none, "wants authentication");
    assert!(
        socks
            .log()
            .contains(&format!("connected to 127.0.0.1:{port}")),
        "{}",
        socks.log()
    );
}

#[tokio::test]
async fn http_connect_through_tinyproxy() {
    let Some(http) = peers::start_tinyproxy(Some(("webuser", "webpass"))) else {
        return;
    };
    let at = format!("127.0.0.1:{}", http.port());
    let proxy = format!("http://webuser:webpass@{at}");
    let (server, smsc) = start_smsc(None).await;
    let port = server.local_addr().port();
    submit(config("127.0.0.1", port, Some(proxy.clone())))
        .await
        .unwrap()
        .unbind()
        .await
        .unwrap();
    assert_eq!(smsc.binds.lock().unwrap().len(), 1);

    let cert = cert();
    let (tls_server, _) = start_smsc(Some(&cert)).await;
    submit_tls(&tls_server, &cert, proxy.clone()).await;

    let wrong = submit(config(
        "127.0.0.1",
        port,
        Some(format!("http://webuser:nope@{at}")),
    ))
    .await;
    expect_proxy_error(wrong, "authentication failed");
    let none = submit(config("127.0.0.1", port, Some(format!("http://{at}")))).await;
    expect_proxy_error(none, "wants authentication");
    // Nothing listens behind the proxy: tinyproxy's status, named.
    let r = submit(config("127.0.0.1", closed_port(), Some(proxy))).await;
    expect_proxy_error(r, "500");
    assert!(
        http.log()
            .contains(&format!("CONNECT 127.0.0.1:{port} HTTP/1.1")),
        "{}",
        http.log()
    );
}

#[tokio::test]
async fn unreachable_proxy_is_named() {
    let (server, _) = start_smsc(None).await;
    let port = server.local_addr().port();
    let r = submit(config(
        "127.0.0.1",
        port,
        Some(format!("socks5://127.0.0.1:{}", closed_port())),
    ))
    .await;
    expect_proxy_error(r, "cannot reach the proxy");
}

#[tokio::test]
async fn local_address_and_keepalive() {
    let (server, smsc) = start_smsc(None).await;
    let local: SocketAddr = format!("127.0.0.1:{}", closed_port()).parse().unwrap();
    let mut c = config("127.0.0.1", server.local_addr().port(), None);
    c.local_addr = Some(local);
    c.tcp_keepalive = Some(Duration::from_secs(30));
    submit(c).await.unwrap().unbind().await.unwrap();
    assert_eq!(smsc.binds.lock().unwrap()[0].0, local);
}

#[tokio::test]
async fn url_without_credentials_binds_with_empty_ones() {
    let (server, smsc) = start_smsc(None).await;
    let url = format!("smpp://{}", server.local_addr());
    submit(ClientConfig::from_url(&url).unwrap())
        .await
        .unwrap()
        .unbind()
        .await
        .unwrap();
    let binds = smsc.binds.lock().unwrap();
    assert_eq!((binds[0].1.as_str(), binds[0].2.as_slice()), ("", &b""[..]));
}

#[tokio::test]
async fn pinned_certificate_and_public_key() {
    let cert = cert();
    let other = self::cert();
    let (server, _) = start_smsc(Some(&cert)).await;
    let port = server.local_addr().port();
    let roots = std::slice::from_ref(&cert.der);
    let with = |tls_config| {
        let mut c = config("localhost", port, None);
        c.tls = Some(tls_config);
        c
    };
    // The certificate's pin, with the chain checked against the roots.
    let pin = Pin::certificate(&cert.der);
    let cfg = tls::pinned_client_config(roots, None, &[pin], PinMode::WithChain).unwrap();
    submit(with(cfg)).await.unwrap().unbind().await.unwrap();
    // The public key's pin alone: no roots, a name the certificate lacks.
    let spki = Pin::public_key(&cert.der).unwrap();
    let spki_text: Pin = spki.to_string().parse().unwrap();
    let cfg = tls::pinned_client_config(&[], None, &[spki_text], PinMode::PinOnly).unwrap();
    let mut c = with(cfg);
    c.host = "127.0.0.1".into();
    submit(c).await.unwrap().unbind().await.unwrap();
    // Another certificate's pins: refused, saying why.
    for wrong in [
        Pin::certificate(&other.der),
        Pin::public_key(&other.der).unwrap(),
    ] {
        for mode in [PinMode::WithChain, PinMode::PinOnly] {
            let cfg = tls::pinned_client_config(roots, None, &[wrong], mode).unwrap();
            match submit(with(cfg)).await {
                Err(Error::Tls(m)) => assert!(m.contains("matches no pin"), "{m}"),
                other => panic!("{mode:?} {wrong}: {:?}", other.map(|_| ())),
            }
        }
    }
}

#[tokio::test]
async fn check_link_and_state_changes() {
    let (server, _) = start_smsc(None).await;
    let port = server.local_addr().port();
    let (client, _inbox) = Client::connect(config("127.0.0.1", port, None))
        .await
        .unwrap();
    let rtt = client.check_link().await.unwrap();
    assert!(
        rtt > Duration::ZERO && rtt < Duration::from_secs(5),
        "{rtt:?}"
    );
    assert_eq!(client.state(), ConnectionState::Bound);
    let mut changes = client.state_changes();
    assert_eq!(changes.next().await, Some(ConnectionState::Bound));
    client.unbind().await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(5), changes.next())
        .await
        .unwrap();
    assert_eq!(
        closed,
        Some(ConnectionState::Closed(Some(CloseReason::Unbound)))
    );
    assert_eq!(changes.next().await, None);
    assert!(!client.state().is_bound());
    assert!(client.check_link().await.is_err());

    // The SMSC shuts down: it unbinds the client.
    let (client, _inbox) = Client::connect(config("127.0.0.1", port, None))
        .await
        .unwrap();
    let mut changes = client.state_changes();
    assert_eq!(changes.next().await, Some(ConnectionState::Bound));
    server.shutdown(Duration::from_secs(2)).await;
    let closed = tokio::time::timeout(Duration::from_secs(5), changes.next())
        .await
        .unwrap();
    assert_eq!(
        closed,
        Some(ConnectionState::Closed(Some(CloseReason::PeerUnbound)))
    );
    assert_eq!(client.state(), closed.unwrap());
}
