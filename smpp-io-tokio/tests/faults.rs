//! Faults, against hand-written raw TCP peers on 127.0.0.1:0: a peer that
//! closes mid-window, one that stops answering, one that sends garbage, a
//! port where nothing listens, TLS handshake failures, and misbehaving
//! clients of our Server. Every request ends in exactly one outcome, and
//! every wait is bounded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::Arc;
use std::time::Duration;

use smpp_io_tokio::{
    tls, BindAccept, BindRequest, Client, ClientConfig, Error, Handler, Origin, OwnedPdu, Reply,
    Server, ServerConfig,
};
use smpp_proto::codec::{BindResp, SmResp, SubmitSm};
use smpp_proto::session::{CloseReason, FailureReason};
use smpp_proto::{CommandId, CommandStatus, FrameError, Header, Pdu};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

/// Reads one whole PDU: its header and its bytes. `None` at end of stream.
async fn read_pdu(s: &mut TcpStream) -> Option<(Header, Vec<u8>)> {
    let mut len = [0u8; 4];
    s.read_exact(&mut len).await.ok()?;
    let n = u32::from_be_bytes(len) as usize;
    let mut pdu = len.to_vec();
    pdu.resize(n, 0);
    s.read_exact(&mut pdu[4..]).await.ok()?;
    Some((Header::parse(&pdu).unwrap(), pdu))
}

async fn write_pdu(s: &mut TcpStream, pdu: &Pdu<'_>, status: CommandStatus, seq: u32) {
    let o = OwnedPdu::encode(pdu, status, seq).unwrap();
    s.write_all(o.as_bytes()).await.unwrap();
}

/// A raw SMSC: accepts one connection and answers its bind_transceiver.
async fn raw_smsc() -> (u16, tokio::task::JoinHandle<TcpStream>) {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (mut s, _) = l.accept().await.unwrap();
        let (h, _) = read_pdu(&mut s).await.unwrap();
        assert_eq!(h.command_id, CommandId::BIND_TRANSCEIVER);
        let resp = Pdu::BindTransceiverResp(BindResp {
            system_id: Some(b"raw"),
            ..BindResp::default()
        });
        write_pdu(&mut s, &resp, CommandStatus::ESME_ROK, h.sequence_number).await;
        s
    });
    (port, task)
}

fn config(port: u16) -> ClientConfig {
    let mut c = ClientConfig::new("127.0.0.1", port, "esme", "pw");
    c.session.window = 64;
    c
}

fn sm() -> SubmitSm<'static> {
    SubmitSm {
        destination_addr: b"447700900123",
        short_message: b"fault test",
        ..SubmitSm::default()
    }
}

/// (a) 64 submits in flight; the peer reads them all and closes. Every one
/// resolves with an error that says its fate is unknown.
#[tokio::test]
async fn peer_closes_mid_window() {
    let (port, peer) = raw_smsc().await;
    let (client, _in) = timeout(WAIT, Client::connect(config(port)))
        .await
        .unwrap()
        .unwrap();
    let mut s = peer.await.unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.submit_sm(&sm()).await })
        })
        .collect();
    for _ in 0..64 {
        let (h, _) = timeout(WAIT, read_pdu(&mut s)).await.unwrap().unwrap();
        assert_eq!(h.command_id, CommandId::SUBMIT_SM);
    }
    drop(s);
    for t in tasks {
        let r = timeout(WAIT, t).await.expect("no submit hangs").unwrap();
        match r {
            Err(e) => {
                assert!(e.is_fate_unknown(), "{e:?}");
                assert!(e.to_string().contains("fate is unknown"), "{e}");
            }
            Ok(r) => panic!("no response was sent: {r:?}"),
        }
    }
    let reason = timeout(WAIT, client.closed()).await.unwrap();
    assert_eq!(reason, Some(CloseReason::Disconnected));
    // After the close, a new request fails at once, and clearly.
    assert!(matches!(
        timeout(WAIT, client.submit_sm(&sm())).await.unwrap(),
        Err(Error::Closed(_))
    ));
}

/// (b) The peer stops answering: the first response timer that runs out
/// with nothing heard since declares the link dead (SMPP 3.4 §7.2), and
/// every submit ends then, fate unknown.
#[tokio::test]
async fn peer_stops_answering() {
    let (port, peer) = raw_smsc().await;
    let mut cfg = config(port);
    cfg.session.response_timeout = smpp_proto::time::Duration::from_millis(300);
    cfg.session.enquire_link_interval = Some(smpp_proto::time::Duration::from_millis(200));
    let (client, _in) = timeout(WAIT, Client::connect(cfg)).await.unwrap().unwrap();
    let s = peer.await.unwrap();
    // The peer reads nothing and answers nothing (the socket stays open).
    let started = tokio::time::Instant::now();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.submit_sm(&sm()).await })
        })
        .collect();
    let mut timeouts = 0;
    for t in tasks {
        match timeout(WAIT, t).await.expect("no submit hangs").unwrap() {
            Err(Error::Failed(FailureReason::Timeout)) => timeouts += 1,
            Err(e) => assert!(e.is_fate_unknown(), "{e:?}"),
            Ok(r) => panic!("{r:?}"),
        }
    }
    assert!(timeouts > 0, "the response timer ended some submits");
    assert!(started.elapsed() >= Duration::from_millis(250));
    let reason = timeout(WAIT, client.closed()).await.unwrap();
    assert_eq!(reason, Some(CloseReason::LinkDead));
    drop(s);
}

/// (c) Garbage from the peer. An unknown command_id in a well-formed PDU
/// gets generic_nack ESME_RINVCMDID and the session goes on (SMPP 3.4
/// §4.3); bytes that are not SMPP framing (random bytes, an HTTP request, a
/// command_length beyond the maximum) close the session with a named reason,
/// and the request in flight ends with a fate-unknown error.
#[tokio::test]
async fn peer_sends_garbage() {
    // An unknown command_id: generic_nack, then the session still works.
    let (port, peer) = raw_smsc().await;
    let (client, _in) = timeout(WAIT, Client::connect(config(port)))
        .await
        .unwrap()
        .unwrap();
    let mut s = peer.await.unwrap();
    let mut unknown = Vec::new();
    unknown.extend_from_slice(&16u32.to_be_bytes());
    unknown.extend_from_slice(&0x0000_0777u32.to_be_bytes());
    unknown.extend_from_slice(&0u32.to_be_bytes());
    unknown.extend_from_slice(&42u32.to_be_bytes());
    s.write_all(&unknown).await.unwrap();
    let (h, _) = timeout(WAIT, read_pdu(&mut s)).await.unwrap().unwrap();
    assert_eq!(
        (h.command_id, h.command_status, h.sequence_number),
        (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID, 42)
    );
    let c = client.clone();
    let submit = tokio::spawn(async move { c.submit_sm(&sm()).await });
    let (h, _) = timeout(WAIT, read_pdu(&mut s)).await.unwrap().unwrap();
    assert_eq!(h.command_id, CommandId::SUBMIT_SM);
    let resp = Pdu::SubmitSmResp(SmResp {
        message_id: Some(b"still-up"),
        ..SmResp::default()
    });
    write_pdu(&mut s, &resp, CommandStatus::ESME_ROK, h.sequence_number).await;
    let r = timeout(WAIT, submit).await.unwrap().unwrap().unwrap();
    assert!(r.command_status().is_ok());

    // Bytes that break the framing close the session.
    let mut too_long = Vec::new();
    too_long.extend_from_slice(&0x00FF_FFFFu32.to_be_bytes());
    too_long.extend_from_slice(&0x8000_0004u32.to_be_bytes());
    too_long.extend_from_slice(&[0; 8]);
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "random",
            vec![
                0xde, 0xad, 0xbe, 0xef, 0x13, 0x37, 0x00, 0xff, 0x42, 0x99, 0x01, 0x02, 0x03, 0x04,
                0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
            ],
        ),
        (
            "http",
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".to_vec(),
        ),
        ("command_length too long", too_long),
    ];
    for (what, bytes) in cases {
        let (port, peer) = raw_smsc().await;
        let (client, _in) = timeout(WAIT, Client::connect(config(port)))
            .await
            .unwrap()
            .unwrap();
        let mut s = peer.await.unwrap();
        let c = client.clone();
        let submit = tokio::spawn(async move { c.submit_sm(&sm()).await });
        let (h, _) = timeout(WAIT, read_pdu(&mut s)).await.unwrap().unwrap();
        assert_eq!(h.command_id, CommandId::SUBMIT_SM);
        s.write_all(&bytes).await.unwrap();
        let r = timeout(WAIT, submit).await.expect(what).unwrap();
        assert!(matches!(&r, Err(e) if e.is_fate_unknown()), "{what}: {r:?}");
        let reason = timeout(WAIT, client.closed()).await.expect(what);
        assert!(
            matches!(reason, Some(CloseReason::Protocol(_))),
            "{what}: {reason:?}"
        );
        if what == "command_length too long" {
            assert!(
                matches!(
                    reason,
                    Some(CloseReason::Protocol(
                        FrameError::CommandLengthTooLarge { .. }
                    ))
                ),
                "{reason:?}"
            );
        }
        // The client closed its end: the peer reads end of stream (after
        // at most a last generic_nack).
        let end = timeout(WAIT, async {
            while let Some((h, _)) = read_pdu(&mut s).await {
                assert_eq!(h.command_id, CommandId::GENERIC_NACK, "{what}");
            }
        })
        .await;
        assert!(end.is_ok(), "{what}: the client closed the connection");
    }
}

/// (d) Nothing listens: a fast, clear error.
#[tokio::test]
async fn nothing_listens() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = std::time::Instant::now();
    let r = timeout(WAIT, Client::connect(config(port))).await.unwrap();
    match r {
        Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
}

struct Ok200;

impl Handler for Ok200 {
    async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }
    async fn request(&self, _from: &Origin, _: OwnedPdu) -> Reply {
        Reply::Respond({
            OwnedPdu::encode(
                &Pdu::SubmitSmResp(SmResp {
                    message_id: Some(b"ok"),
                    ..SmResp::default()
                }),
                CommandStatus::ESME_ROK,
                0,
            )
            .unwrap()
        })
    }
}

fn self_signed() -> (
    rustls_pki_types::CertificateDer<'static>,
    rustls_pki_types::PrivateKeyDer<'static>,
) {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    (
        cert.der().clone(),
        rustls_pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
}

/// (e) TLS handshake failures end with a clear error and no hang: a TLS
/// client against a plain server and against an untrusted certificate; a
/// plain client against a TLS server does not take the server down.
#[tokio::test]
async fn tls_handshake_failures() {
    let (cert, key) = self_signed();
    let trust_nothing_we_have = {
        let (other, _) = self_signed();
        tls::client_config(&[other], None).unwrap()
    };

    // A TLS client against a plain SMPP server.
    let plain = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Ok200))
        .await
        .unwrap();
    let mut cfg = config(plain.local_addr().port());
    cfg.tls = Some(trust_nothing_we_have.clone());
    cfg.tls_server_name = Some("localhost".into());
    match timeout(WAIT, Client::connect(cfg)).await.expect("no hang") {
        Err(Error::Tls(_) | Error::Io(_)) => {}
        other => panic!("{other:?}"),
    }
    // A TLS client against a peer that accepts and then says nothing: the
    // handshake is bounded by connect_timeout.
    let silent = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut cfg = config(silent.local_addr().unwrap().port());
    cfg.tls = Some(trust_nothing_we_have.clone());
    cfg.connect_timeout = Duration::from_millis(300);
    let hold = tokio::spawn(async move { silent.accept().await });
    match timeout(WAIT, Client::connect(cfg)).await.expect("no hang") {
        Err(Error::Tls(e)) => assert!(e.contains("no TLS handshake"), "{e}"),
        other => panic!("{other:?}"),
    }
    hold.abort();
    // A TLS server with an untrusted certificate.
    let server = Server::bind(
        "127.0.0.1:0",
        ServerConfig {
            tls: Some(tls::server_config(vec![cert.clone()], key, None).unwrap()),
            ..ServerConfig::default()
        },
        Arc::new(Ok200),
    )
    .await
    .unwrap();
    let port = server.local_addr().port();
    let mut cfg = config(port);
    cfg.tls = Some(trust_nothing_we_have);
    cfg.tls_server_name = Some("localhost".into());
    match timeout(WAIT, Client::connect(cfg)).await.expect("no hang") {
        Err(Error::Tls(e)) => assert!(e.to_lowercase().contains("certificate"), "{e}"),
        other => panic!("{other:?}"),
    }
    // A plain SMPP client against the TLS server: an error, not a hang...
    match timeout(WAIT, Client::connect(config(port)))
        .await
        .expect("no hang")
    {
        Err(Error::Io(_) | Error::Closed(_)) => {}
        other => panic!("{other:?}"),
    }
    // ...and the server still serves TLS clients.
    let mut good = config(port);
    good.tls = Some(tls::client_config(&[cert], None).unwrap());
    good.tls_server_name = Some("localhost".into());
    let (c, _in) = timeout(WAIT, Client::connect(good)).await.unwrap().unwrap();
    let r = timeout(WAIT, c.submit_sm(&sm())).await.unwrap().unwrap();
    assert!(r.command_status().is_ok());
    timeout(WAIT, c.unbind()).await.unwrap().unwrap();
    server.shutdown(WAIT).await;
    plain.shutdown(WAIT).await;
}

/// (f) Misbehaving clients of our Server each affect only their own
/// session: one sends garbage, one never binds (closed at the bind
/// timeout), one binds and then stops reading while the server pushes to
/// it; a well-behaved session keeps working throughout.
#[tokio::test]
async fn server_isolates_misbehaving_clients() {
    let mut sc = ServerConfig::default();
    sc.session.session_init_timeout = smpp_proto::time::Duration::from_millis(300);
    sc.session.response_timeout = smpp_proto::time::Duration::from_millis(500);
    let server = Arc::new(
        Server::bind("127.0.0.1:0", sc, Arc::new(Ok200))
            .await
            .unwrap(),
    );
    let port = server.local_addr().port();
    let (good, _in) = timeout(WAIT, Client::connect(config(port)))
        .await
        .unwrap()
        .unwrap();
    let check = |c: Client, what: &'static str| async move {
        let r = timeout(WAIT, c.submit_sm(&sm()))
            .await
            .expect(what)
            .unwrap();
        assert!(r.command_status().is_ok());
    };

    // Garbage: an HTTP request. The server closes that connection.
    let mut http = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    http.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let end = timeout(WAIT, async {
        loop {
            match http.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(end.is_ok(), "the server closed the HTTP connection");
    check(good.clone(), "after the HTTP garbage").await;

    // Never binds: closed at the bind timeout.
    let mut idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let t0 = tokio::time::Instant::now();
    let end = timeout(WAIT, async {
        loop {
            match idle.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(end.is_ok(), "the server closed the unbound connection");
    assert!(t0.elapsed() >= Duration::from_millis(250));
    check(good.clone(), "after the bind timeout").await;

    // Binds as "stuck", then never reads again while the server pushes
    // deliver_sm to it: those pushes end in errors, the good session is
    // untouched.
    let mut stuck = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let bind = Pdu::BindTransceiver(smpp_proto::codec::Bind {
        system_id: b"stuck",
        password: b"pw",
        interface_version: smpp_proto::InterfaceVersion::V34,
        ..smpp_proto::codec::Bind::default()
    });
    write_pdu(&mut stuck, &bind, CommandStatus::ESME_ROK, 1).await;
    let (h, _) = timeout(WAIT, read_pdu(&mut stuck)).await.unwrap().unwrap();
    assert_eq!(h.command_id, CommandId::BIND_TRANSCEIVER_RESP);
    let pushes: Vec<_> = (0..20)
        .map(|_| {
            let s = server.clone();
            tokio::spawn(async move {
                let body = vec![b'x'; 160];
                let d = SubmitSm {
                    short_message: &body,
                    ..SubmitSm::default()
                };
                s.deliver("stuck", &Pdu::DeliverSm(d)).await
            })
        })
        .collect();
    check(good.clone(), "while the stuck session is pushed to").await;
    for p in pushes {
        let r = timeout(WAIT, p).await.expect("no push hangs").unwrap();
        assert!(r.is_err(), "nobody answered: {r:?}");
    }
    // A second later (the good session idle meanwhile), it still works.
    check(good.clone(), "after the pushes failed").await;
    assert!(server.bound_sessions() >= 1);
    timeout(WAIT, good.unbind()).await.unwrap().unwrap();
    drop(stuck);
}

/// A session left idle past the driver's buffer-shrink time still carries
/// the next request both ways (client and server each idle for 1.5 s).
#[tokio::test]
async fn idle_session_still_works() {
    let server = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Ok200))
        .await
        .unwrap();
    let (c, _in) = timeout(WAIT, Client::connect(config(server.local_addr().port())))
        .await
        .unwrap()
        .unwrap();
    timeout(WAIT, c.submit_sm(&sm())).await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let r = timeout(Duration::from_secs(3), c.submit_sm(&sm())).await;
    assert!(
        matches!(&r, Ok(Ok(resp)) if resp.command_status().is_ok()),
        "a submit after 1.5 s idle: {r:?}"
    );
    timeout(WAIT, c.unbind()).await.unwrap().unwrap();
    server.shutdown(WAIT).await;
}

/// (h) A hostile SMSC floods 1 KB deliver_sm without waiting for answers
/// (issue 13.3: 200,000 of them drove a client to 219 MB), while it reads
/// whatever the client sends. Nothing is answered until the application
/// takes it, so once the inbound window is unanswered the session stops
/// reading, TCP holds the SMSC back, and the client's memory stays bounded,
/// whatever the SMSC sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_smsc_is_held_back_by_the_inbound_window() {
    use smpp_proto::codec::{DeliverSm, Tlv, TlvTag, Tlvs};
    let (port, peer) = raw_smsc().await;
    let before = peers::rss_kb(std::process::id()).unwrap_or(0);
    let (client, mut inbox) = timeout(WAIT, Client::connect(config(port)))
        .await
        .unwrap()
        .unwrap();
    let (mut rd, mut wr) = peer.await.unwrap().into_split();
    // The SMSC reads everything the client sends: its answers arrive here.
    let (answers_tx, mut answers) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        loop {
            let mut len = [0u8; 4];
            if rd.read_exact(&mut len).await.is_err() {
                break;
            }
            let mut pdu = len.to_vec();
            pdu.resize(u32::from_be_bytes(len) as usize, 0);
            if rd.read_exact(&mut pdu[4..]).await.is_err() {
                break;
            }
            let h = Header::parse(&pdu).unwrap();
            if h.command_id == CommandId::DELIVER_SM_RESP {
                let _ = answers_tx.send(h.sequence_number);
            }
        }
    });
    let payload = vec![b'x'; 1000];
    let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &payload)];
    let pdu = OwnedPdu::encode(
        &Pdu::DeliverSm(DeliverSm {
            source_addr: b"447700900123",
            tlvs: Tlvs::List(&tlvs),
            ..DeliverSm::default()
        }),
        CommandStatus::ESME_ROK,
        1,
    )
    .unwrap();
    let mut written = 0u32;
    for seq in 1..=200_000u32 {
        let one = pdu.clone().with_sequence_number(seq);
        match timeout(Duration::from_secs(2), wr.write_all(one.as_bytes())).await {
            Ok(Ok(())) => written += 1,
            _ => break, // held back
        }
    }
    let grown = peers::rss_kb(std::process::id())
        .unwrap_or(0)
        .saturating_sub(before);
    eprintln!("flood: {written} deliver_sm of 1 KB written before the SMSC was held back; the client grew {grown} KiB");
    assert!(written < 200_000, "nothing held the flooding SMSC back");
    assert!(
        grown < 48 * 1024,
        "the client grew {grown} KiB with {written} deliver_sm written"
    );
    assert!(answers.try_recv().is_err(), "answered before taken");
    assert!(inbox.len() <= smpp_io_tokio::WINDOW + 4, "{}", inbox.len());
    // The application takes one: that one, and only then, is answered.
    let got = timeout(WAIT, inbox.recv()).await.unwrap().unwrap();
    let answered = timeout(WAIT, answers.recv()).await.unwrap().unwrap();
    assert_eq!(answered, got.sequence_number());
    client.close();
    reader.abort();
}
