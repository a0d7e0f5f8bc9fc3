//! Interop with node-smpp (npm `smpp`), a real implementation by other people:
//! our ESME client against node-smpp's server, and node-smpp's client against
//! our SMSC server: bind, submit_sm, delivery receipt, unbind.
//!
//! Needs `node` and `npm`; node-smpp is installed on first use (see the
//! `peers` crate, tests/peers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use smpp_io_tokio::{
    BindAccept, BindRequest, Client, ClientConfig, Handler, Origin, OwnedPdu, Reply, Server,
    ServerConfig,
};
use smpp_proto::codec::{SmResp, SubmitSm};
use smpp_proto::{CommandId, CommandStatus, Pdu, TlvTag};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc;

#[tokio::test]
async fn our_client_against_node_smpp_server() {
    let Some(node) = peers::node_smpp() else {
        return;
    };
    let mut child = Command::from(node.script("node_smsc.js"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next_line().await.unwrap().unwrap()).unwrap();
    let port = first["port"].as_u64().unwrap() as u16;

    let cfg = ClientConfig::new("127.0.0.1", port, "esme1", "secret");
    let (client, mut inbound) = Client::connect(cfg).await.unwrap();
    assert_eq!(client.smsc_system_id(), b"node-smpp");

    let mut ids = Vec::new();
    for i in 0..5 {
        let text = format!("hello {i}");
        let sm = SubmitSm {
            destination_addr: b"447700900123",
            registered_delivery: 1,
            short_message: text.as_bytes(),
            ..SubmitSm::default()
        };
        let resp = client.submit_sm(&sm).await.unwrap();
        assert!(resp.command_status().is_ok());
        let Ok(Pdu::SubmitSmResp(r)) = resp.pdu() else {
            panic!()
        };
        ids.push(String::from_utf8(r.message_id.unwrap().to_vec()).unwrap());
    }
    // Five receipts, matched to our message ids through receipted_message_id.
    for _ in 0..5 {
        let got = tokio::time::timeout(Duration::from_secs(5), inbound.recv())
            .await
            .unwrap()
            .unwrap();
        let Ok(Pdu::DeliverSm(d)) = got.pdu.pdu() else {
            panic!()
        };
        assert_eq!(d.esm_class, 0x04);
        let rid = d.tlvs.get(TlvTag::RECEIPTED_MESSAGE_ID).unwrap();
        let rid = String::from_utf8_lossy(rid)
            .trim_end_matches('\0')
            .to_string();
        assert!(ids.contains(&rid), "{rid} not in {ids:?}");
    }
    client.unbind().await.unwrap();

    // node-smpp saw exactly what we sent.
    let mut submits = 0;
    let mut acks = 0;
    drop(child.stdin.take());
    while let Ok(Some(line)) = tokio::time::timeout(Duration::from_secs(5), lines.next_line())
        .await
        .unwrap_or(Ok(None))
    {
        let v: Value = serde_json::from_str(&line).unwrap();
        match v["event"].as_str() {
            Some("submit_sm") => {
                assert_eq!(v["destination_addr"], "447700900123");
                assert_eq!(v["text"], format!("hello {submits}"));
                submits += 1;
            }
            Some("deliver_sm_resp") => {
                assert_eq!(v["command_status"], 0);
                acks += 1;
            }
            Some("error") => panic!("node-smpp error: {v}"),
            _ => {}
        }
    }
    assert_eq!((submits, acks), (5, 5));
}

struct Smsc {
    receipts: mpsc::UnboundedSender<(String, Vec<u8>, Vec<u8>)>,
}

impl Handler for Smsc {
    async fn bind(&self, req: &BindRequest) -> Result<BindAccept, CommandStatus> {
        if req.system_id == "smppclient1" && req.password == b"password" {
            Ok(BindAccept::default())
        } else {
            Err(CommandStatus::ESME_RINVPASWD)
        }
    }

    async fn request(&self, from: &Origin, req: OwnedPdu) -> Reply {
        let system_id: &str = &from.system_id;
        Reply::Respond({
            assert_eq!(req.command_id(), CommandId::SUBMIT_SM);
            let Ok(Pdu::SubmitSm(sm)) = req.pdu() else {
                panic!()
            };
            let id = format!("{:08x}", req.header().sequence_number);
            let _ = self.receipts.send((
                system_id.to_string(),
                id.clone().into_bytes(),
                sm.destination_addr.to_vec(),
            ));
            OwnedPdu::encode(
                &Pdu::SubmitSmResp(SmResp {
                    message_id: Some(id.as_bytes()),
                    ..SmResp::default()
                }),
                CommandStatus::ESME_ROK,
                0,
            )
            .unwrap()
        })
    }
}

#[tokio::test]
async fn node_smpp_client_against_our_server() {
    let Some(node) = peers::node_smpp() else {
        return;
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let server = Arc::new(
        Server::bind(
            "127.0.0.1:0",
            ServerConfig::default(),
            Arc::new(Smsc { receipts: tx }),
        )
        .await
        .unwrap(),
    );
    // Receipts go out once the submit_sm_resp has been sent.
    let s = server.clone();
    tokio::spawn(async move {
        while let Some((system_id, id, dest)) = rx.recv().await {
            tokio::time::sleep(Duration::from_millis(5)).await;
            let text = format!(
                "id:{} sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:DELIVRD err:000 text:",
                String::from_utf8_lossy(&id)
            );
            let mut rid = id.clone();
            rid.push(0);
            let tlvs = [
                smpp_proto::Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, &rid),
                smpp_proto::Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
            ];
            let dlr = SubmitSm {
                source_addr: &dest,
                esm_class: 0x04,
                short_message: text.as_bytes(),
                tlvs: smpp_proto::Tlvs::List(&tlvs),
                ..SubmitSm::default()
            };
            let resp = s.deliver(&system_id, &Pdu::DeliverSm(dlr)).await.unwrap();
            assert_eq!(resp.command_id(), CommandId::DELIVER_SM_RESP);
        }
    });
    let port = server.local_addr().port().to_string();
    let output = tokio::time::timeout(
        Duration::from_secs(30),
        Command::from(node.script("node_esme.js"))
            .args([port.as_str(), "5"])
            .kill_on_drop(true)
            .output(),
    )
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "node client failed:\n{stdout}");
    let events: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |e: &str| events.iter().filter(|v| v["event"] == e).count();
    assert_eq!(count("bind_resp"), 1);
    assert_eq!(count("submit_sm_resp"), 5);
    assert_eq!(count("deliver_sm"), 5);
    assert_eq!(count("unbind_resp"), 1);
    for v in events.iter().filter(|v| v["event"] == "deliver_sm") {
        assert_eq!(v["esm_class"], 4);
        assert!(v["text"].as_str().unwrap().contains("stat:DELIVRD"));
    }
}

/// Custom (vendor) commands both ways with node-smpp's `addCommand`
/// (node_smsc.js --custom registers vendor_echo, 0x00010201, with one
/// C-string): our `send_command` gets node-smpp's answer, and a
/// vendor_echo node-smpp sends reaches our client's Inbox
/// (`CustomCommands::Deliver`), answered with `Delivery::respond`.
#[tokio::test]
async fn custom_commands_both_ways_with_node_smpp() {
    use smpp_proto::session::CustomCommands;
    const VENDOR_ECHO: CommandId = CommandId(0x0001_0201);
    let Some(node) = peers::node_smpp() else {
        return;
    };
    let mut cmd = Command::from(node.script("node_smsc.js"));
    cmd.arg("--custom");
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next_line().await.unwrap().unwrap()).unwrap();
    let port = first["port"].as_u64().unwrap() as u16;
    let mut cfg = ClientConfig::new("127.0.0.1", port, "esme1", "secret");
    cfg.session.custom_commands = CustomCommands::Deliver;
    let (client, mut inbound) = Client::connect(cfg).await.unwrap();

    // node-smpp's vendor_echo to us, answered by the application.
    let d = tokio::time::timeout(Duration::from_secs(10), inbound.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.pdu.command_id(), VENDOR_ECHO);
    let Ok(Pdu::Unknown { body, .. }) = d.pdu.pdu() else {
        panic!("{:?}", d.pdu)
    };
    assert_eq!(body, b"from node\0");
    let answer = Pdu::RawResp {
        command_id: VENDOR_ECHO.response(),
        body: b"FROM US\0",
    };
    d.respond(OwnedPdu::encode(&answer, CommandStatus::ESME_ROK, 0).unwrap())
        .unwrap();

    // Ours to node-smpp.
    let resp = client.send_command(VENDOR_ECHO, b"ping\0").await.unwrap();
    assert_eq!(resp.command_id(), VENDOR_ECHO.response());
    assert!(resp.command_status().is_ok());
    let Ok(Pdu::Unknown { body, .. }) = resp.pdu() else {
        panic!("{resp:?}")
    };
    assert_eq!(body, b"PING\0");

    // What node-smpp saw.
    let mut seen = (None, None);
    while seen.0.is_none() || seen.1.is_none() {
        let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        let v: Value = serde_json::from_str(&line).unwrap();
        match v["event"].as_str() {
            Some("vendor_echo") => seen.0 = Some(v["text"].clone()),
            Some("vendor_echo_resp") => {
                assert_eq!(v["command_status"], 0, "{v}");
                seen.1 = Some(v["text"].clone());
            }
            _ => {}
        }
    }
    assert_eq!(seen.0.unwrap(), "ping");
    assert_eq!(seen.1.unwrap(), "FROM US");
    client.unbind().await.unwrap();
}
