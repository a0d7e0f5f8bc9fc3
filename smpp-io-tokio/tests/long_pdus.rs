//! Long PDUs through the adapter: session buffers start at 1 KiB and grow
//! to the PDU (up to `Config::max_command_length`), so a 30 KB
//! message_payload goes both ways; one above the limit is refused with
//! ESME_RINVCMDLEN.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::Arc;
use std::time::Duration;

use smpp_io_tokio::{
    BindAccept, BindRequest, Client, ClientConfig, Handler, Origin, OwnedPdu, Reply, Server,
    ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm, Tlv, TlvTag, Tlvs};
use smpp_proto::{CommandId, CommandStatus, Pdu};

/// Answers each submit with the message_payload's length as message_id.
struct Echo;

impl Handler for Echo {
    async fn bind(&self, _req: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(BindAccept::default())
    }

    async fn request(&self, _from: &Origin, req: OwnedPdu) -> Reply {
        Reply::Respond({
            let len = match req.pdu() {
                Ok(Pdu::SubmitSm(sm)) => sm.tlvs.message_payload().map_or(0, <[u8]>::len),
                _ => 0,
            };
            let id = len.to_string();
            let resp = Pdu::SubmitSmResp(SmResp {
                message_id: Some(id.as_bytes()),
                ..SmResp::default()
            });
            OwnedPdu::encode(&resp, CommandStatus::ESME_ROK, 0).unwrap()
        })
    }
}

fn payload(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn a_30_kb_message_payload_goes_both_ways() {
    let server = Server::bind("127.0.0.1:0", ServerConfig::default(), Arc::new(Echo))
        .await
        .unwrap();
    let port = server.local_addr().port();
    let cfg = ClientConfig::new("127.0.0.1", port, "long", "pw");
    let (client, mut inbound) = tokio::time::timeout(Duration::from_secs(5), Client::connect(cfg))
        .await
        .unwrap()
        .unwrap();

    // ESME → SMSC: a 30,000-octet payload, then small ones on the same session.
    for n in [30_000usize, 10, 5_000, 1] {
        let body = payload(n);
        let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &body)];
        let sm = SubmitSm {
            destination_addr: b"447700900123",
            tlvs: Tlvs::List(&tlvs),
            ..SubmitSm::default()
        };
        let resp = tokio::time::timeout(Duration::from_secs(5), client.submit_sm(&sm))
            .await
            .unwrap()
            .unwrap();
        let Ok(Pdu::SubmitSmResp(r)) = resp.pdu() else {
            panic!("{resp:?}")
        };
        assert_eq!(r.message_id, Some(n.to_string().as_bytes()));
    }

    // SMSC → ESME: a 40,000-octet deliver_sm.
    let body = payload(40_000);
    let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &body)];
    let mo = SubmitSm {
        source_addr: b"447700900123",
        tlvs: Tlvs::List(&tlvs),
        ..SubmitSm::default()
    };
    // Answered when taken, so both at once.
    let (resp, got) = tokio::time::timeout(Duration::from_secs(5), async {
        let mo = Pdu::DeliverSm(mo);
        tokio::join!(server.deliver("long", &mo), inbound.recv())
    })
    .await
    .unwrap();
    assert_eq!(resp.unwrap().command_id(), CommandId::DELIVER_SM_RESP);
    let got = got.unwrap();
    let Ok(Pdu::DeliverSm(d)) = got.pdu.pdu() else {
        panic!("{:?}", got.pdu)
    };
    assert_eq!(d.tlvs.message_payload(), Some(&body[..]));
    client.unbind().await.unwrap();
    server.shutdown(Duration::from_secs(2)).await;
}

#[tokio::test]
async fn a_pdu_above_max_command_length_is_refused_with_esme_rinvcmdlen() {
    let mut config = ServerConfig::default();
    config.session.max_command_length = 2_000;
    let server = Server::bind("127.0.0.1:0", config, Arc::new(Echo))
        .await
        .unwrap();
    let port = server.local_addr().port();
    let cfg = ClientConfig::new("127.0.0.1", port, "long", "pw");
    let (client, _inbound) = Client::connect(cfg).await.unwrap();
    let body = payload(3_000);
    let tlvs = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, &body)];
    let sm = SubmitSm {
        destination_addr: b"447700900123",
        tlvs: Tlvs::List(&tlvs),
        ..SubmitSm::default()
    };
    let outcome = tokio::time::timeout(Duration::from_secs(5), client.submit_sm(&sm))
        .await
        .expect("an outcome, not a hang");
    // The SMSC skips it and answers with ESME_RINVCMDLEN (SMPP 3.4 §5.1.3).
    let resp = outcome.unwrap();
    assert_eq!(
        resp.command_status(),
        CommandStatus::ESME_RINVCMDLEN,
        "{resp:?}"
    );
    // The framing cannot be trusted past it, so the SMSC then closes the
    // session (SMPP 3.4 §2.8 leaves that to the implementation); the
    // client sees the close, nothing hangs.
    tokio::time::timeout(Duration::from_secs(5), client.closed())
        .await
        .unwrap();
    server.shutdown(Duration::from_secs(2)).await;
}
