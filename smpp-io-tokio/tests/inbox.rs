//! What the SMSC delivers is answered only once the application has it
//! (SMPP 3.4 §4.6.2: the answer tells the SMSC the message is delivered):
//! the Inbox is bounded by the session's inbound window, a crash before
//! taking loses nothing the SMSC was told was delivered, manual answering
//! waits for the application, pause/resume stop and restart reading, and a
//! request without a response (alert_notification) ends when written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::Arc;
use std::time::Duration;

use smpp_io_tokio::{
    BindAccept, BindRequest, Client, ClientConfig, Error, Handler, Inbox, Origin, OwnedPdu, Reply,
    Server, ServerConfig,
};
use smpp_proto::codec::{AlertNotification, DeliverSm, SmResp};
use smpp_proto::session::BindType;
use smpp_proto::{CommandId, CommandStatus, Pdu};
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout};

const WAIT: Duration = Duration::from_secs(10);

struct Smsc;

impl Handler for Smsc {
    async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }
    async fn request(&self, _from: &Origin, _: OwnedPdu) -> Reply {
        Reply::Respond({
            OwnedPdu::encode(
                &Pdu::SubmitSmResp(SmResp::default()),
                CommandStatus::ESME_ROK,
                0,
            )
            .unwrap()
        })
    }
}

async fn setup(auto_respond: bool) -> (Arc<Server>, Client, Inbox) {
    let server = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Smsc))
        .await
        .unwrap();
    let mut cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme", "pw");
    cfg.bind_type = BindType::Receiver;
    cfg.auto_respond = auto_respond;
    let (client, inbox) = timeout(WAIT, Client::connect(cfg)).await.unwrap().unwrap();
    (Arc::new(server), client, inbox)
}

/// Pushes a deliver_sm in the background; the task ends with its answer.
fn push(server: &Arc<Server>, text: &str) -> JoinHandle<Result<OwnedPdu, Error>> {
    let server = server.clone();
    let text = text.to_string();
    tokio::spawn(async move {
        let sm = DeliverSm {
            source_addr: b"447700900123",
            short_message: text.as_bytes(),
            ..DeliverSm::default()
        };
        server.deliver("esme", &Pdu::DeliverSm(sm)).await
    })
}

#[tokio::test]
async fn answered_when_the_application_takes_it() {
    let (server, client, mut inbox) = setup(true).await;
    let pushed = push(&server, "hello");
    sleep(Duration::from_millis(300)).await;
    assert!(
        !pushed.is_finished(),
        "answered before the application took it"
    );
    assert_eq!(inbox.len(), 1);
    let got = timeout(WAIT, inbox.recv()).await.unwrap().unwrap();
    assert_eq!(got.pdu.command_id(), CommandId::DELIVER_SM);
    let resp = timeout(WAIT, pushed).await.unwrap().unwrap().unwrap();
    assert_eq!(resp.command_id(), CommandId::DELIVER_SM_RESP);
    assert!(resp.command_status().is_ok());
    client.unbind().await.unwrap();
}

#[tokio::test]
async fn a_slow_application_is_bounded_by_the_inbound_window() {
    let (server, client, mut inbox) = setup(true).await;
    let window = ClientConfig::new("h", 1, "s", "p").session.inbound_window;
    let pushed: Vec<_> = (0..100).map(|i| push(&server, &format!("m{i}"))).collect();
    sleep(Duration::from_millis(500)).await;
    // The client holds at most its inbound window; the SMSC waits with the rest.
    assert!(
        inbox.len() <= window,
        "{} waiting, window {window}",
        inbox.len()
    );
    assert!(pushed.iter().all(|p| !p.is_finished()));
    for _ in 0..100 {
        timeout(WAIT, inbox.recv()).await.unwrap().unwrap();
    }
    for p in pushed {
        let resp = timeout(WAIT, p).await.unwrap().unwrap().unwrap();
        assert!(resp.command_status().is_ok());
    }
    client.unbind().await.unwrap();
}

#[tokio::test]
async fn a_crash_before_taking_leaves_the_smsc_unanswered() {
    let (server, client, inbox) = setup(true).await;
    let pushed: Vec<_> = (0..5).map(|i| push(&server, &format!("m{i}"))).collect();
    sleep(Duration::from_millis(300)).await;
    // The application dies with the messages in its Inbox.
    client.close();
    drop(inbox);
    for p in pushed {
        let r = timeout(WAIT, p).await.unwrap().unwrap();
        assert!(
            r.is_err(),
            "the SMSC was told a message nobody took was delivered: {r:?}"
        );
    }
}

#[tokio::test]
async fn manual_answering_waits_for_the_application() {
    let (server, client, mut inbox) = setup(false).await;
    let pushed = push(&server, "answer me");
    let got = timeout(WAIT, inbox.recv()).await.unwrap().unwrap();
    sleep(Duration::from_millis(200)).await;
    assert!(
        !pushed.is_finished(),
        "answered before the application said so"
    );
    got.respond_ok().unwrap();
    let resp = timeout(WAIT, pushed).await.unwrap().unwrap().unwrap();
    assert_eq!(resp.command_id(), CommandId::DELIVER_SM_RESP);
    client.unbind().await.unwrap();
}

#[tokio::test]
async fn pause_stops_reading_and_resume_restarts() {
    let (server, client, mut inbox) = setup(true).await;
    client.pause();
    sleep(Duration::from_millis(50)).await;
    let pushed = push(&server, "later");
    sleep(Duration::from_millis(300)).await;
    assert!(inbox.is_empty(), "delivered while paused");
    client.resume();
    let got = timeout(WAIT, inbox.recv()).await.unwrap().unwrap();
    assert_eq!(got.pdu.command_id(), CommandId::DELIVER_SM);
    timeout(WAIT, pushed).await.unwrap().unwrap().unwrap();
    client.unbind().await.unwrap();
}

#[tokio::test]
async fn alert_notification_ends_when_written() {
    // SMPP 3.4 §4.12: no response exists, so the push ends once it is sent
    // (it used to wait until the connection closed).
    let (server, client, mut inbox) = setup(true).await;
    let alert = AlertNotification {
        source_addr: b"447700900123",
        esme_addr: b"1234",
        ..AlertNotification::default()
    };
    let sent = timeout(
        Duration::from_secs(2),
        server.deliver("esme", &Pdu::AlertNotification(alert)),
    )
    .await
    .expect("the push ends without a response")
    .unwrap();
    assert_eq!(sent.command_id(), CommandId::ALERT_NOTIFICATION);
    let got = timeout(WAIT, inbox.recv()).await.unwrap().unwrap();
    assert_eq!(got.pdu.command_id(), CommandId::ALERT_NOTIFICATION);
    client.unbind().await.unwrap();
}
