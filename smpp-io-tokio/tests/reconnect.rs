//! The resilient client fails over between two SMSCs and re-binds after its
//! connection is dropped; requests made while disconnected wait, bounded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::Arc;
use std::time::Duration;

use smpp_io_tokio::{
    BindAccept, BindRequest, ClientConfig, Error, Handler, Origin, OwnedPdu, ReconnectPolicy,
    Reply, ResilientClient, Server, ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::{CommandStatus, Pdu};

struct Named(&'static str);

impl Handler for Named {
    async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }
    async fn request(&self, _from: &Origin, _: OwnedPdu) -> Reply {
        Reply::Respond({
            OwnedPdu::encode(
                &Pdu::SubmitSmResp(SmResp {
                    message_id: Some(self.0.as_bytes()),
                    ..SmResp::default()
                }),
                CommandStatus::ESME_ROK,
                0,
            )
            .unwrap()
        })
    }
}

async fn submit(c: &ResilientClient) -> Result<String, Error> {
    let sm = SubmitSm {
        destination_addr: b"447700900123",
        short_message: b"hi",
        ..SubmitSm::default()
    };
    let r = c.request(&Pdu::SubmitSm(sm)).await?;
    let Ok(Pdu::SubmitSmResp(r)) = r.pdu() else {
        panic!()
    };
    Ok(String::from_utf8(r.message_id.unwrap().to_vec()).unwrap())
}

#[tokio::test]
async fn fails_over_and_rebinds() {
    // A port nothing listens on: bind then drop a listener.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let a = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("A")))
        .await
        .unwrap();
    let b = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Named("B")))
        .await
        .unwrap();
    let hosts = vec![
        ClientConfig::new("127.0.0.1", dead, "esme", "pw"),
        ClientConfig::new("127.0.0.1", a.local_addr().port(), "esme", "pw"),
        ClientConfig::new("127.0.0.1", b.local_addr().port(), "esme", "pw"),
    ];
    let policy = ReconnectPolicy {
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        request_wait: Duration::from_secs(5),
    };
    let (client, _inbound) = ResilientClient::start(hosts, policy);
    // The dead host is skipped; A answers.
    assert_eq!(submit(&client).await.unwrap(), "A");
    // A goes away (it unbinds its sessions); the client moves on to B.
    a.shutdown(Duration::from_secs(2)).await;
    let mut got = None;
    for _ in 0..50 {
        match submit(&client).await {
            Ok(id) => {
                got = Some(id);
                break;
            }
            // A request racing the drop ends with a clear outcome, never a hang.
            Err(Error::Failed(_) | Error::Closed(_)) => {
                tokio::time::sleep(Duration::from_millis(20)).await
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(got.as_deref(), Some("B"));
    client.shutdown().await;
    // After shutdown, requests fail at once instead of waiting.
    assert!(matches!(submit(&client).await, Err(Error::Closed(_))));
}
