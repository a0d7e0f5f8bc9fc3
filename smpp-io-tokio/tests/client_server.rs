//! The tokio ESME client against the tokio SMSC server, over loopback TCP on
//! an ephemeral port: bind, many submits at once, deliver_sm push, refused
//! bind, unbind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use smpp_io_tokio::{
    BindAccept, BindRequest, Client, ClientConfig, Error, Handler, Origin, OwnedPdu, Reply, Server,
    ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::{CommandId, CommandStatus, Pdu};

/// A vendor command (SMPP 3.4 §5.1.2.1).
const VENDOR: CommandId = CommandId(0x0001_0205);

struct TestSmsc {
    next_id: AtomicU32,
}

impl Handler for TestSmsc {
    async fn bind(&self, req: &BindRequest) -> Result<BindAccept, CommandStatus> {
        if req.password == b"secret" {
            Ok(BindAccept::default())
        } else {
            Err(CommandStatus::ESME_RINVPASWD)
        }
    }

    async fn request(&self, from: &Origin, req: OwnedPdu) -> Reply {
        // "cut" makes the SMSC drop the connection instead of answering.
        if matches!(req.pdu(), Ok(Pdu::SubmitSm(sm)) if sm.destination_addr == b"cut") {
            assert!(from.messages >= 1);
            return Reply::Disconnect;
        }
        if req.command_id() == VENDOR {
            // A custom command: answered with its body reversed.
            let Ok(Pdu::Unknown { body, .. }) = req.pdu() else {
                panic!("{req:?}")
            };
            let mut back = body.to_vec();
            back.reverse();
            let resp = Pdu::RawResp {
                command_id: VENDOR.response(),
                body: &back,
            };
            return OwnedPdu::encode(&resp, CommandStatus::ESME_ROK, 0)
                .unwrap()
                .into();
        }
        Reply::Respond({
            assert_eq!(req.command_id(), CommandId::SUBMIT_SM);
            let id = self.next_id.fetch_add(1, Ordering::Relaxed).to_string();
            let resp = Pdu::SubmitSmResp(SmResp {
                message_id: Some(id.as_bytes()),
                ..SmResp::default()
            });
            OwnedPdu::encode(&resp, CommandStatus::ESME_ROK, 0).unwrap()
        })
    }
}

async fn server() -> Server {
    Server::bind(
        "127.0.0.1:0",
        ServerConfig::default(),
        Arc::new(TestSmsc {
            next_id: AtomicU32::new(1),
        }),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn bind_submit_deliver_unbind() {
    let server = server().await;
    let port = server.local_addr().port();
    let url = format!("smpp://esme1:secret@127.0.0.1:{port}");
    let (client, mut inbound) = Client::connect(ClientConfig::from_url(&url).unwrap())
        .await
        .unwrap();
    assert_eq!(client.smsc_system_id(), b"smpp-rs");

    // 200 submits at once: more than the window, so some wait (back-pressure).
    let mut tasks = Vec::new();
    for i in 0..200 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            let text = format!("message {i}");
            let sm = SubmitSm {
                destination_addr: b"447700900123",
                short_message: text.as_bytes(),
                ..SubmitSm::default()
            };
            c.submit_sm(&sm).await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for t in tasks {
        let resp = t.await.unwrap().unwrap();
        assert!(resp.command_status().is_ok());
        let Ok(Pdu::SubmitSmResp(r)) = resp.pdu() else {
            panic!("{resp:?}")
        };
        ids.insert(r.message_id.unwrap().to_vec());
    }
    assert_eq!(ids.len(), 200, "every submit got its own message_id");

    // The server pushes a deliver_sm to the bound transceiver.
    let dlr = SubmitSm {
        source_addr: b"447700900123",
        esm_class: 0x04,
        short_message: b"id:1 sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:DELIVRD err:000 text:",
        ..SubmitSm::default()
    };
    // Answered when the application takes it, so both at once.
    let dlr = Pdu::DeliverSm(dlr);
    let (resp, got) = tokio::join!(server.deliver("esme1", &dlr), inbound.recv());
    assert_eq!(resp.unwrap().command_id(), CommandId::DELIVER_SM_RESP);
    assert_eq!(got.unwrap().pdu.command_id(), CommandId::DELIVER_SM);

    client.unbind().await.unwrap();
    assert!(matches!(
        client.submit_sm(&SubmitSm::default()).await,
        Err(Error::Closed(_))
    ));
    server.shutdown(std::time::Duration::from_secs(2)).await;
}

#[tokio::test]
async fn wrong_password_is_refused() {
    let server = server().await;
    let cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme1", "wrong");
    match Client::connect(cfg).await {
        Err(Error::BindRefused(s)) => assert_eq!(s, CommandStatus::ESME_RINVPASWD),
        other => panic!("{other:?}"),
    }
}

/// Issue 12.7: a server refuses a request that breaks the spec with its
/// status before the handler sees it (`Config::smsc()` is strict); with the
/// session configured lenient the request reaches the handler.
#[tokio::test]
async fn server_refuses_a_request_breaking_the_spec_unless_lenient() {
    use smpp_proto::session::{Config, Validation};
    let long = [b'x'; 255]; // SMPP 3.4 §5.2.21: at most 254
    for (validation, expected) in [
        (None, CommandStatus::ESME_RINVMSGLEN),
        (Some(Validation::Lenient), CommandStatus::ESME_ROK),
    ] {
        let mut config = ServerConfig::default();
        if let Some(v) = validation {
            config.session = Config {
                validation: v,
                ..Config::smsc()
            };
        }
        let handler = Arc::new(TestSmsc {
            next_id: AtomicU32::new(1),
        });
        let server = Server::bind("127.0.0.1:0", config, handler.clone())
            .await
            .unwrap();
        let cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme1", "secret");
        let (client, _inbound) = Client::connect(cfg).await.unwrap();
        let resp = client
            .submit_sm(&SubmitSm {
                destination_addr: b"447700900123",
                short_message: &long,
                ..SubmitSm::default()
            })
            .await
            .unwrap();
        assert_eq!(resp.command_status(), expected);
        let handled = handler.next_id.load(Ordering::Relaxed) - 1;
        assert_eq!(handled, u32::from(expected.is_ok()), "{validation:?}");
        server.shutdown(std::time::Duration::from_secs(2)).await;
    }
}

#[test]
fn url_parsing() {
    let c = ClientConfig::from_url("smpp://smppclient1:pa%40ss@127.0.0.1:2775").unwrap();
    assert_eq!(c.system_id, "smppclient1");
    assert_eq!(c.password, "pa@ss");
    assert_eq!((c.host.as_str(), c.port), ("127.0.0.1", 2775));
    assert!(!format!("{c:?}").contains("pa@ss"));
    assert!(ClientConfig::from_url("http://x@y").is_err());
    assert_eq!(
        ClientConfig::from_url("smpp://u:p@host").unwrap().port,
        2775
    );
}

#[tokio::test]
async fn pdu_hook_sees_every_pdu() {
    use smpp_io_tokio::{Direction, PduHook};
    use std::sync::Mutex;
    let server = server().await;
    let seen: Arc<Mutex<Vec<(Direction, CommandId)>>> = Arc::default();
    let s2 = seen.clone();
    let mut cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme1", "secret");
    cfg.pdu_hook = Some(PduHook(Arc::new(move |dir, h, bytes| {
        assert_eq!(h.command_length as usize, bytes.len());
        s2.lock().unwrap().push((dir, h.command_id));
    })));
    let (client, _inbound) = Client::connect(cfg).await.unwrap();
    for _ in 0..3 {
        client.submit_sm(&SubmitSm::default()).await.unwrap();
    }
    client.unbind().await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let sent: Vec<_> = seen
        .iter()
        .filter(|(d, _)| *d == Direction::Sent)
        .map(|(_, c)| *c)
        .collect();
    let recv: Vec<_> = seen
        .iter()
        .filter(|(d, _)| *d == Direction::Received)
        .map(|(_, c)| *c)
        .collect();
    use CommandId as C;
    assert_eq!(
        sent,
        [
            C::BIND_TRANSCEIVER,
            C::SUBMIT_SM,
            C::SUBMIT_SM,
            C::SUBMIT_SM,
            C::UNBIND
        ]
    );
    assert_eq!(
        recv,
        [
            C::BIND_TRANSCEIVER_RESP,
            C::SUBMIT_SM_RESP,
            C::SUBMIT_SM_RESP,
            C::SUBMIT_SM_RESP,
            C::UNBIND_RESP
        ]
    );
}

#[tokio::test]
async fn outbind_then_bind_receiver() {
    let server = server().await;
    // The ESME listens; the SMSC connects to it and sends outbind.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let esme_addr = listener.local_addr().unwrap().to_string();
    let mut cfg = ClientConfig::new("127.0.0.1", 0, "esme2", "secret");
    cfg.bind_type = smpp_proto::session::BindType::Receiver;
    let esme = tokio::spawn(async move { Client::accept_outbind(&listener, cfg).await });
    server
        .outbind(
            &esme_addr,
            "smsc",
            "pw",
            ServerConfig::default(),
            Arc::new(TestSmsc {
                next_id: AtomicU32::new(1),
            }),
        )
        .await
        .unwrap();
    let (client, mut inbound) = esme.await.unwrap().unwrap();
    // Bound as a receiver: the SMSC can deliver to it.
    let mo = SubmitSm {
        source_addr: b"447700900123",
        short_message: b"MO text",
        ..SubmitSm::default()
    };
    let mo = Pdu::DeliverSm(mo);
    let (resp, got) = tokio::join!(server.deliver("esme2", &mo), inbound.recv());
    assert_eq!(resp.unwrap().command_id(), CommandId::DELIVER_SM_RESP);
    assert_eq!(got.unwrap().pdu.command_id(), CommandId::DELIVER_SM);
    client.unbind().await.unwrap();
}

/// A handler may drop the connection instead of answering
/// ([`Reply::Disconnect`]): the ESME sees the connection lost, with no
/// response and no unbind, and the other sessions go on.
#[tokio::test]
async fn a_handler_can_drop_the_connection_without_answering() {
    let server = server().await;
    let port = server.local_addr().port();
    let url = format!("smpp://esme1:secret@127.0.0.1:{port}");
    let (cut, _in1) = Client::connect(ClientConfig::from_url(&url).unwrap())
        .await
        .unwrap();
    let (other, _in2) = Client::connect(ClientConfig::from_url(&url).unwrap())
        .await
        .unwrap();
    let ok = cut
        .submit_sm(&SubmitSm {
            destination_addr: b"447700900123",
            ..SubmitSm::default()
        })
        .await
        .unwrap();
    assert!(ok.command_status().is_ok());
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        cut.submit_sm(&SubmitSm {
            destination_addr: b"cut",
            ..SubmitSm::default()
        }),
    )
    .await
    .expect("ends when the connection drops, not at the response timeout");
    assert!(
        matches!(
            r,
            Err(Error::Failed(
                smpp_proto::session::FailureReason::ConnectionLost
            )) | Err(Error::Closed(_))
        ),
        "{r:?}"
    );
    let still = other
        .submit_sm(&SubmitSm {
            destination_addr: b"447700900123",
            ..SubmitSm::default()
        })
        .await
        .unwrap();
    assert!(still.command_status().is_ok());
    other.unbind().await.unwrap();
    server.shutdown(std::time::Duration::from_secs(1)).await;
}

/// Custom commands (`Client::send_command`, `CustomCommands::Deliver`):
/// the server's handler answers one, a server without the setting answers
/// generic_nack ESME_RINVCMDID, and the server's push of one reaches the
/// client's Inbox to be answered there.
#[tokio::test]
async fn custom_commands_both_ways() {
    use smpp_proto::session::CustomCommands;
    let mut config = ServerConfig::default();
    config.session.custom_commands = CustomCommands::Deliver;
    let handler = Arc::new(TestSmsc {
        next_id: AtomicU32::new(1),
    });
    let smsc = Server::bind("127.0.0.1:0", config, handler.clone())
        .await
        .unwrap();
    let url = format!("smpp://esme1:secret@127.0.0.1:{}", smsc.local_addr().port());
    let mut cfg = ClientConfig::from_url(&url).unwrap();
    cfg.session.custom_commands = CustomCommands::Deliver;
    let (client, mut inbound) = Client::connect(cfg).await.unwrap();
    let resp = client.send_command(VENDOR, b"abc").await.unwrap();
    assert_eq!(
        (resp.command_id(), resp.command_status()),
        (VENDOR.response(), CommandStatus::ESME_ROK)
    );
    assert!(matches!(resp.pdu(), Ok(Pdu::Unknown { body: b"cba", .. })));
    // The server pushes one; the application answers it.
    let push = Pdu::Unknown {
        command_id: VENDOR,
        body: b"from the smsc",
    };
    let (answer, delivery) = tokio::join!(smsc.deliver("esme1", &push), async {
        let d = inbound.recv().await.unwrap();
        assert_eq!(d.pdu.command_id(), VENDOR);
        let ok = Pdu::RawResp {
            command_id: VENDOR.response(),
            body: b"",
        };
        d.respond(OwnedPdu::encode(&ok, CommandStatus::ESME_ROK, 0).unwrap())
            .unwrap();
        d
    });
    let answer = answer.unwrap();
    assert_eq!(answer.command_id(), VENDOR.response());
    assert_eq!(delivery.pdu.command_id(), VENDOR);
    client.unbind().await.unwrap();
    smsc.shutdown(std::time::Duration::from_secs(1)).await;

    // A server left at the default refuses it; the session goes on.
    let server = server().await;
    let url = format!(
        "smpp://esme1:secret@127.0.0.1:{}",
        server.local_addr().port()
    );
    let (client, _in) = Client::connect(ClientConfig::from_url(&url).unwrap())
        .await
        .unwrap();
    let resp = client.send_command(VENDOR, b"abc").await.unwrap();
    assert_eq!(
        (resp.command_id(), resp.command_status()),
        (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID)
    );
    let ok = client
        .submit_sm(&SubmitSm {
            destination_addr: b"447700900123",
            ..SubmitSm::default()
        })
        .await
        .unwrap();
    assert!(ok.command_status().is_ok());
    client.unbind().await.unwrap();
    server.shutdown(std::time::Duration::from_secs(1)).await;
}
