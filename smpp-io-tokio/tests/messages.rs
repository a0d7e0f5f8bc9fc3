//! The client's text helper and classified inbound stream against our
//! Server: texts chosen and split for the caller (one message id per part,
//! every concat scheme), and deliver_sm / data_sm pushed by the server
//! arriving as MO messages (short, long in parts out of order, UCS-2, SAR)
//! or receipts (text only, TLVs), answered automatically or by the caller.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smpp_io_tokio::text::ConcatMethod;
use smpp_io_tokio::{
    BindAccept, BindRequest, Client, ClientConfig, Error, Handler, Message, Messages, Origin,
    OwnedPdu, ReconnectPolicy, Reply, ResilientClient, Server, ServerConfig, TextOptions,
};
use smpp_proto::codec::{DataSm, DeliverSm, SmResp, Tlv, TlvTag, Tlvs};
use smpp_proto::concat::{Pushed, Reassembler, Segment};
use smpp_proto::receipt::{MessageState, ReceiptKind};
use smpp_proto::text::{DataCoding, Encoding, Packing};
use smpp_proto::time::Instant;
use smpp_proto::{CommandId, CommandStatus, Pdu};
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

/// Accepts every bind, answers submit_sm with increasing ids and keeps the
/// submits; refuses the ones whose destination is "refuse".
/// With `speaking`, it binds every ESME at that interface_version.
#[derive(Default)]
struct Recorder {
    next: AtomicU32,
    seen: Mutex<Vec<OwnedPdu>>,
    speaking: Option<smpp_proto::InterfaceVersion>,
}

impl Handler for Recorder {
    async fn bind(&self, _: &BindRequest) -> Result<BindAccept, CommandStatus> {
        Ok(self.speaking.map(BindAccept::speaking).unwrap_or_default())
    }
    async fn request(&self, _: &Origin, req: OwnedPdu) -> Reply {
        let refuse = matches!(req.pdu(), Ok(Pdu::SubmitSm(s)) if s.destination_addr == b"refuse");
        self.seen.lock().unwrap().push(req);
        if refuse {
            return OwnedPdu::encode(
                &Pdu::SubmitSmResp(SmResp::default()),
                CommandStatus::ESME_RINVDSTADR,
                0,
            )
            .unwrap()
            .into();
        }
        let id = format!("id{}", self.next.fetch_add(1, Ordering::Relaxed));
        OwnedPdu::encode(
            &Pdu::SubmitSmResp(SmResp {
                message_id: Some(id.as_bytes()),
                ..SmResp::default()
            }),
            CommandStatus::ESME_ROK,
            0,
        )
        .unwrap()
        .into()
    }
}

async fn setup(auto_respond: bool) -> (Server, Arc<Recorder>, Client, Messages) {
    let rec = Arc::new(Recorder::default());
    let server = Server::bind("127.0.0.1:0", ServerConfig::default(), rec.clone())
        .await
        .unwrap();
    let mut cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme", "pw");
    cfg.auto_respond = auto_respond;
    let (client, inbound) = timeout(WAIT, Client::connect(cfg)).await.unwrap().unwrap();
    (server, rec, client, Messages::new(inbound))
}

/// Reassembles and decodes what the server received, as a handset would.
fn received_text(pdus: &[OwnedPdu]) -> String {
    let mut store: Reassembler<2, 16, 4096> =
        Reassembler::new(smpp_proto::time::Duration::from_secs(5));
    for p in pdus {
        let Ok(Pdu::SubmitSm(sm)) = p.pdu() else {
            panic!("{p:?}")
        };
        let seg = Segment::from_sm(&sm).unwrap();
        if let Pushed::Complete(m) = store
            .push(Instant::ZERO, sm.source_addr, sm.destination_addr, &seg)
            .unwrap()
        {
            let enc = DataCoding(sm.data_coding).encoding(Encoding::GSM7).unwrap();
            let mut buf = vec![0; 8192];
            return m
                .decode_into(enc, Packing::Unpacked, &mut buf)
                .unwrap()
                .to_string();
        };
    }
    panic!("incomplete")
}

#[tokio::test]
async fn send_text_every_scheme() {
    let (server, rec, client, _m) = setup(true).await;
    let long = "Long text with € and {braces}, sent in parts. ".repeat(5);
    for (concat, parts) in [
        (ConcatMethod::Udh8, 2),
        (ConcatMethod::Udh16, 2),
        (ConcatMethod::Sar, 2),
        (ConcatMethod::MessagePayload, 1),
    ] {
        rec.seen.lock().unwrap().clear();
        let o = TextOptions::new("447700900123")
            .from("Shop")
            .registered_delivery(1)
            .concat(concat);
        let sent = timeout(WAIT, client.send_text(&long, &o))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(sent.encoding, Encoding::GSM7);
        let ids = sent.message_ids().unwrap();
        assert_eq!(ids.len(), parts, "{concat:?}");
        assert!(ids.iter().all(|id| id.starts_with("id")));
        let seen = rec.seen.lock().unwrap().clone();
        assert_eq!(seen.len(), parts);
        let Ok(Pdu::SubmitSm(first)) = seen[0].pdu() else {
            panic!()
        };
        assert_eq!(
            (
                first.source_addr,
                first.source_addr_ton,
                first.registered_delivery
            ),
            (&b"Shop"[..], 5, 1)
        );
        assert_eq!(received_text(&seen), long, "{concat:?}");
    }
    // Unicode goes as UCS-2; a forced data_coding is sent as given.
    let sent = client
        .send_text("Привет 👋", &TextOptions::new("1"))
        .await
        .unwrap();
    assert_eq!((sent.encoding, sent.data_coding), (Encoding::Ucs2, 8));
    let sent = client
        .send_text("flash", &TextOptions::new("1").data_coding(0x10))
        .await
        .unwrap();
    assert_eq!(sent.data_coding, 0x10);
    // A refused part has its own outcome, with the status.
    let sent = client
        .send_text("x", &TextOptions::new("refuse"))
        .await
        .unwrap();
    assert!(matches!(
        sent.parts[..],
        [Err(Error::Rejected(CommandStatus::ESME_RINVDSTADR))]
    ));
    // A text that cannot be encoded fails before anything is sent.
    let o = TextOptions::new("1").allowed(smpp_proto::text::Allowed::NONE.with(Encoding::Ia5));
    assert!(matches!(
        client.send_text("€", &o).await,
        Err(Error::Text(_))
    ));
    client.unbind().await.unwrap();
    server.shutdown(WAIT).await;
}

#[tokio::test]
async fn resilient_client_sends_text() {
    let rec = Arc::new(Recorder::default());
    let server = Server::bind("127.0.0.1:0", ServerConfig::default(), rec.clone())
        .await
        .unwrap();
    let cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme", "pw");
    let (client, _in) = ResilientClient::start(vec![cfg], ReconnectPolicy::default());
    let sent = timeout(
        WAIT,
        client.send_text(&"a".repeat(300), &TextOptions::new("1")),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(sent.message_ids().unwrap().len(), 2);
    client.shutdown().await;
    server.shutdown(WAIT).await;
}

fn udh_part(reference: u8, total: u8, seq: u8, text: &[u8]) -> Vec<u8> {
    let mut v = vec![5, 0, 3, reference, total, seq];
    v.extend_from_slice(text);
    v
}

async fn next(m: &mut Messages) -> Message {
    timeout(WAIT, m.recv()).await.unwrap().unwrap()
}

#[tokio::test]
async fn inbound_messages_are_classified() {
    let (server, _rec, client, mut messages) = setup(true).await;
    let server = Arc::new(server);
    // Each push waits for its answer, which comes when the message is
    // taken: push in the background, check every answer at the end.
    let pushed = Arc::new(Mutex::new(Vec::new()));
    let deliver = |pdu: Pdu<'_>| {
        let pdu = OwnedPdu::encode(&pdu, CommandStatus::ESME_ROK, 0).unwrap();
        let s = server.clone();
        pushed.lock().unwrap().push(tokio::spawn(async move {
            let resp = s.deliver("esme", &pdu.pdu().unwrap()).await.unwrap();
            assert_eq!(resp.command_id(), pdu.command_id().response());
            assert!(resp.command_status().is_ok());
        }));
        std::future::ready(())
    };

    // MO, short, GSM 7-bit with an extension character.
    deliver(Pdu::DeliverSm(DeliverSm {
        source_addr: b"447700900123",
        destination_addr: b"12345",
        short_message: &[0x48, 0x69, 0x20, 0x1B, 0x65], // "Hi €"
        ..DeliverSm::default()
    }))
    .await;
    let Message::Mo(mo) = next(&mut messages).await else {
        panic!()
    };
    assert_eq!(mo.text.as_deref(), Ok("Hi €"));
    assert_eq!(
        (mo.source_addr.as_str(), mo.destination_addr.as_str()),
        ("447700900123", "12345")
    );
    assert!(mo.is_complete());

    // MO, long, 3 parts out of order (3, 1, 2).
    let parts = [
        udh_part(0x42, 3, 1, b"The quick "),
        udh_part(0x42, 3, 2, b"brown fox "),
        udh_part(0x42, 3, 3, b"jumps"),
    ];
    for i in [2, 0, 1] {
        deliver(Pdu::DeliverSm(DeliverSm {
            source_addr: b"447700900123",
            destination_addr: b"12345",
            esm_class: 0x40,
            short_message: &parts[i],
            ..DeliverSm::default()
        }))
        .await;
    }
    let Message::Mo(mo) = next(&mut messages).await else {
        panic!()
    };
    assert_eq!(mo.text.as_deref(), Ok("The quick brown fox jumps"));
    assert_eq!((mo.total, mo.parts.len()), (3, 3));
    assert_eq!(messages.in_progress(), 0);

    // MO, UCS-2 with a surrogate pair, in two SAR parts.
    let ucs2: Vec<u8> = "Привет 👋"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let (a, b) = ucs2.split_at(8);
    for (seq, chunk) in [(2u8, b), (1u8, a)] {
        let seqb = [seq];
        let tlvs = [
            Tlv::new(TlvTag::SAR_MSG_REF_NUM, &[1, 2]),
            Tlv::new(TlvTag::SAR_TOTAL_SEGMENTS, &[2]),
            Tlv::new(TlvTag::SAR_SEGMENT_SEQNUM, &seqb),
        ];
        deliver(Pdu::DeliverSm(DeliverSm {
            source_addr: b"79001234567",
            data_coding: 0x08,
            short_message: chunk,
            tlvs: Tlvs::List(&tlvs),
            ..DeliverSm::default()
        }))
        .await;
    }
    let Message::Mo(mo) = next(&mut messages).await else {
        panic!()
    };
    assert_eq!(mo.text.as_deref(), Ok("Привет 👋"));
    assert_eq!(mo.data_coding, 8);

    // Receipt, text only.
    deliver(Pdu::DeliverSm(DeliverSm {
        esm_class: 0x04,
        short_message: b"id:0000000007 sub:001 dlvrd:001 submit date:2611251314 done date:2611251315 stat:UNDELIV err:034 text:Hello",
        ..DeliverSm::default()
    }))
    .await;
    let Message::Receipt { receipt, raw } = next(&mut messages).await else {
        panic!()
    };
    assert_eq!(receipt.kind, ReceiptKind::SmscDeliveryReceipt);
    assert_eq!(receipt.message_id.as_deref(), Some("0000000007"));
    assert_eq!(receipt.state, Some(MessageState::Undeliverable));
    assert_eq!(receipt.error_code, Some(34));
    assert!(receipt.is_final);
    assert_eq!(receipt.text.as_deref(), Some(&b"Hello"[..]));
    assert_eq!(raw.pdu.command_id(), CommandId::DELIVER_SM);

    // Receipt with TLVs: they win over the text.
    let tlvs = [
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"A1B2\0"),
        Tlv::new(TlvTag::MESSAGE_STATE, &[2]),
        Tlv::new(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 0]),
    ];
    deliver(Pdu::DeliverSm(DeliverSm {
        esm_class: 0x04,
        short_message: b"id:999 sub:001 dlvrd:000 submit date:2611251314 done date:2611251315 stat:UNDELIV err:001 text:",
        tlvs: Tlvs::List(&tlvs),
        ..DeliverSm::default()
    }))
    .await;
    let Message::Receipt { receipt, .. } = next(&mut messages).await else {
        panic!()
    };
    assert_eq!(receipt.message_id.as_deref(), Some("A1B2"));
    assert_eq!(
        (receipt.state, receipt.stat()),
        (Some(MessageState::Delivered), "DELIVRD")
    );
    assert_eq!(receipt.error_code, Some(0));

    // data_sm with a receipt in its TLVs only.
    let tlvs = [
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, b"77\0"),
        Tlv::new(TlvTag::MESSAGE_STATE, &[3]),
    ];
    deliver(Pdu::DataSm(DataSm {
        esm_class: 0x04,
        tlvs: Tlvs::List(&tlvs),
        ..DataSm::default()
    }))
    .await;
    let Message::Receipt { receipt, .. } = next(&mut messages).await else {
        panic!()
    };
    assert_eq!(receipt.state, Some(MessageState::Expired));

    // Every push got its ESME_ROK answer once its message was taken.
    let handles: Vec<_> = pushed.lock().unwrap().drain(..).collect();
    assert_eq!(handles.len(), 9);
    for h in handles {
        timeout(WAIT, h).await.unwrap().unwrap();
    }
    client.unbind().await.unwrap();
    Arc::into_inner(server).unwrap().shutdown(WAIT).await;
}

#[tokio::test]
async fn the_caller_can_answer_itself() {
    let (server, _rec, client, mut messages) = setup(false).await;
    let server = Arc::new(server);
    let s = server.clone();
    let pushed = tokio::spawn(async move {
        let sm = DeliverSm {
            short_message: b"answer me",
            ..DeliverSm::default()
        };
        s.deliver("esme", &Pdu::DeliverSm(sm)).await
    });
    let Message::Mo(mo) = next(&mut messages).await else {
        panic!()
    };
    assert_eq!(mo.text.as_deref(), Ok("answer me"));
    // Not answered yet: the server is still waiting.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!pushed.is_finished());
    for raw in Message::Mo(mo).deliveries() {
        client.respond_ok(raw).unwrap();
    }
    let resp = timeout(WAIT, pushed).await.unwrap().unwrap().unwrap();
    assert_eq!(resp.command_id(), CommandId::DELIVER_SM_RESP);
    client.unbind().await.unwrap();
}

/// SMPP 3.3 has no TLVs: against an SMSC that binds at 3.3
/// ([`BindAccept::speaking`]) a long text asked for with SAR or
/// message_payload goes in UDH parts, and the SMSC can put it back
/// together; a raw submit_sm with message_payload is refused, not sent
/// without its text. At 3.4 the scheme asked for is kept.
#[tokio::test]
async fn a_3_3_session_splits_with_udh_whatever_was_asked() {
    use smpp_proto::codec::SubmitSm;
    use smpp_proto::InterfaceVersion;
    let long = "A long text for an old SMSC, with € and {braces}. ".repeat(5);
    for (speaking, asked, version) in [
        (
            InterfaceVersion::V33,
            InterfaceVersion::V50,
            InterfaceVersion::V33,
        ),
        (
            InterfaceVersion::V34,
            InterfaceVersion::V34,
            InterfaceVersion::V34,
        ),
    ] {
        let rec = Arc::new(Recorder {
            speaking: Some(speaking),
            ..Recorder::default()
        });
        let server = Server::bind("127.0.0.1:0", ServerConfig::default(), rec.clone())
            .await
            .unwrap();
        let mut cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "old", "pw");
        cfg.session.interface_version = asked;
        let (client, _in) = timeout(WAIT, Client::connect(cfg)).await.unwrap().unwrap();
        assert_eq!(client.interface_version(), version);
        let payload = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"the whole text")];
        let r = client
            .submit_sm(&SubmitSm {
                destination_addr: b"447700900123",
                tlvs: Tlvs::List(&payload),
                ..SubmitSm::default()
            })
            .await;
        if version == InterfaceVersion::V33 {
            assert!(
                matches!(
                    r,
                    Err(Error::Send(smpp_proto::session::SendError::Encode(
                        smpp_proto::EncodeError::ContentTlvNotInVersion {
                            tag: TlvTag::MESSAGE_PAYLOAD
                        }
                    )))
                ),
                "{r:?}"
            );
        } else {
            assert!(r.unwrap().command_status().is_ok());
        }
        for concat in [ConcatMethod::Sar, ConcatMethod::MessagePayload] {
            rec.seen.lock().unwrap().clear();
            let o = TextOptions::new("447700900123").from("Shop").concat(concat);
            let sent = timeout(WAIT, client.send_text(&long, &o))
                .await
                .unwrap()
                .unwrap();
            assert!(sent.all_accepted(), "{concat:?} at {version}: {sent:?}");
            let seen = rec.seen.lock().unwrap().clone();
            assert_eq!(seen.len(), sent.parts.len());
            let udh = seen.iter().all(|p| match p.pdu() {
                Ok(Pdu::SubmitSm(sm)) => sm.esm_class & 0x40 != 0,
                _ => false,
            });
            if version == InterfaceVersion::V33 {
                assert!(udh, "{concat:?} at 3.3 is sent with a UDH: {seen:?}");
                assert_eq!(received_text(&seen), long, "{concat:?} arrives whole");
            } else {
                assert!(!udh, "{concat:?} at 3.4: {seen:?}");
            }
        }
        client.unbind().await.unwrap();
        server.shutdown(WAIT).await;
    }
}

#[tokio::test]
async fn a_long_message_larger_than_the_smscs_window_arrives_whole() {
    // The SMSC (window 10) sends the 11th part only once a part is
    // answered: parts are answered as they are stored.
    let (server, _rec, client, mut messages) = setup(true).await;
    let server = Arc::new(server);
    let parts: Vec<Vec<u8>> = (1..=12u8).map(|i| udh_part(0x51, 12, i, b"ab")).collect();
    let mut pushed = Vec::new();
    for p in parts {
        let s = server.clone();
        pushed.push(tokio::spawn(async move {
            let sm = DeliverSm {
                source_addr: b"447700900123",
                esm_class: 0x40,
                short_message: &p,
                ..DeliverSm::default()
            };
            s.deliver("esme", &Pdu::DeliverSm(sm)).await
        }));
    }
    let Message::Mo(mo) = next(&mut messages).await else {
        panic!()
    };
    assert!(mo.is_complete());
    assert_eq!(mo.text.as_deref(), Ok("ab".repeat(12).as_str()));
    for p in pushed {
        let resp = timeout(WAIT, p).await.unwrap().unwrap().unwrap();
        assert!(resp.command_status().is_ok());
    }
    client.unbind().await.unwrap();
}

/// The submit_sms the recorder kept since the last call, decoded by `f`.
fn take_submits<R>(rec: &Recorder, f: impl Fn(&smpp_proto::codec::SubmitSm<'_>) -> R) -> Vec<R> {
    let seen = std::mem::take(&mut *rec.seen.lock().unwrap());
    seen.iter()
        .map(|p| match p.pdu() {
            Ok(Pdu::SubmitSm(sm)) => f(&sm),
            other => panic!("{other:?}"),
        })
        .collect()
}

async fn send(client: &Client, text: &str, o: &TextOptions) {
    let sent = timeout(WAIT, client.send_text(text, o))
        .await
        .unwrap()
        .unwrap();
    assert!(sent.all_accepted(), "{:?}", sent.parts);
}

/// Issue 15: every submit_sm field TextOptions carries reaches the SMSC.
#[tokio::test]
async fn text_options_carry_every_submit_sm_field() {
    use smpp_io_tokio::TlvPlacement;
    use smpp_proto::codec::{McReceipt, RegisteredDelivery, SmppTime};
    let (server, rec, client, _m) = setup(true).await;
    let long = "x".repeat(200); // two parts with an 8-bit UDH

    // Extra TLVs: a vendor one on every part, user_message_reference and
    // dest_addr_subunit on the first only.
    let o = TextOptions::new("447700900123")
        .tlv(0x2900, b"route-7")
        .tlv_placed(0x0204, [0x01, 0x02], TlvPlacement::FirstPart)
        .tlv_placed(0x0005, [1], TlvPlacement::FirstPart);
    send(&client, &long, &o).await;
    let tlvs = take_submits(&rec, |sm| {
        (
            sm.tlvs.get(TlvTag(0x2900)).map(<[u8]>::to_vec),
            sm.tlvs
                .get(TlvTag::USER_MESSAGE_REFERENCE)
                .map(<[u8]>::to_vec),
            sm.tlvs.get(TlvTag(0x0005)).map(<[u8]>::to_vec),
        )
    });
    assert_eq!(
        tlvs,
        [
            (Some(b"route-7".to_vec()), Some(vec![1, 2]), Some(vec![1])),
            (Some(b"route-7".to_vec()), None, None),
        ]
    );

    // priority_flag, protocol_id, replace_if_present_flag, service_type.
    let o = TextOptions::new("1")
        .priority_flag(3)
        .protocol_id(0x41)
        .replace_if_present(true)
        .service_type("WAP");
    send(&client, "p", &o).await;
    let got = take_submits(&rec, |sm| {
        (
            sm.priority_flag,
            sm.protocol_id,
            sm.replace_if_present_flag,
            sm.service_type.to_vec(),
        )
    });
    assert_eq!(got, [(3, 0x41, 1, b"WAP".to_vec())]);

    // validity_period and schedule_delivery_time: relative from a Duration,
    // absolute (UTC) from a SystemTime.
    let at = std::time::UNIX_EPOCH + Duration::from_millis(1_768_465_800_250);
    let o = TextOptions::new("1")
        .validity_in(Duration::from_secs(2 * 86_400 + 3_661))
        .schedule_at(at);
    send(&client, "t", &o).await;
    let o = TextOptions::new("1")
        .validity_until(at)
        .schedule_in(Duration::from_secs(90));
    send(&client, "t", &o).await;
    let got = take_submits(&rec, |sm| {
        (
            sm.validity_period.to_string(),
            sm.schedule_delivery_time.to_string(),
        )
    });
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        got,
        [
            s("000002010101000R", "260115083000200+"),
            s("260115083000200+", "000000000130000R")
        ]
    );
    assert!(matches!(
        TextOptions::new("1")
            .validity_in(Duration::from_secs(60))
            .validity_period,
        SmppTime::Relative(_)
    ));

    // registered_delivery bits by name.
    for (o, want) in [
        (
            TextOptions::new("1").mc_receipt(McReceipt::SuccessOrFailure),
            0x01,
        ),
        (TextOptions::new("1").mc_receipt(McReceipt::Failure), 0x02),
        (TextOptions::new("1").mc_receipt(McReceipt::Success), 0x03),
        (TextOptions::new("1").sme_delivery_ack(true), 0x04),
        (TextOptions::new("1").sme_manual_ack(true), 0x08),
        (TextOptions::new("1").intermediate_notification(true), 0x10),
        (
            TextOptions::new("1")
                .mc_receipt(McReceipt::Failure)
                .sme_delivery_ack(true)
                .intermediate_notification(true),
            0x16,
        ),
    ] {
        assert_eq!(o.registered_delivery, RegisteredDelivery(want));
        send(&client, "r", &o).await;
        assert_eq!(take_submits(&rec, |sm| sm.registered_delivery), [want]);
    }

    // A message class in the data_coding: flash GSM 7-bit and UCS-2.
    send(&client, "flash", &TextOptions::new("1").flash()).await;
    send(&client, "вспышка", &TextOptions::new("1").flash()).await;
    assert_eq!(take_submits(&rec, |sm| sm.data_coding), [0x10, 0x18]);

    // TON/NPI: chosen from the address unless given.
    for (o, want) in [
        (
            TextOptions::new("447700900123").from("MyShop"),
            (5, 0, "MyShop", 1, 1, "447700900123"),
        ),
        (
            TextOptions::new("+447700900123").from("+447700900999"),
            (1, 1, "447700900999", 1, 1, "447700900123"),
        ),
        (TextOptions::new("1"), (0, 0, "", 1, 1, "1")),
        (
            TextOptions::new("12345")
                .from("555")
                .source_ton_npi(3, 0)
                .dest_ton_npi(2, 8),
            (3, 0, "555", 2, 8, "12345"),
        ),
    ] {
        send(&client, "a", &o).await;
        let got = take_submits(&rec, |sm| {
            (
                sm.source_addr_ton,
                sm.source_addr_npi,
                String::from_utf8_lossy(sm.source_addr).into_owned(),
                sm.dest_addr_ton,
                sm.dest_addr_npi,
                String::from_utf8_lossy(sm.destination_addr).into_owned(),
            )
        });
        let (a, b, c, d, e, f) = want;
        assert_eq!(got, [(a, b, c.to_string(), d, e, f.to_string())]);
    }
    client.unbind().await.unwrap();
    server.shutdown(WAIT).await;
}

/// Issue 15: binary content is split with a UDH and arrives whole, through
/// Client and ResilientClient.
#[tokio::test]
async fn send_data_splits_binary_content() {
    let (server, rec, client, _m) = setup(true).await;
    let data: Vec<u8> = (0..300u16).map(|i| (i * 7) as u8).collect();
    let o = TextOptions::new("447700900123")
        .from("Shop")
        .tlv(0x2900, b"v");
    let sent = timeout(WAIT, client.send_data(&data, &o))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent.data_coding, 0x04);
    assert_eq!(sent.message_ids().unwrap().len(), 3);
    let seen = std::mem::take(&mut *rec.seen.lock().unwrap());
    let mut store: Reassembler<2, 16, 4096> =
        Reassembler::new(smpp_proto::time::Duration::from_secs(5));
    let mut whole = None;
    for p in &seen {
        let Ok(Pdu::SubmitSm(sm)) = p.pdu() else {
            panic!()
        };
        assert_eq!((sm.data_coding, sm.esm_class & 0x40), (0x04, 0x40));
        assert_eq!(sm.tlvs.get(TlvTag(0x2900)), Some(&b"v"[..]));
        assert!(sm.short_message.len() <= 140);
        let seg = Segment::from_sm(&sm).unwrap();
        if let Pushed::Complete(m) = store
            .push(Instant::ZERO, sm.source_addr, sm.destination_addr, &seg)
            .unwrap()
        {
            whole = Some(m.payload().to_vec());
        }
    }
    assert_eq!(whole.as_deref(), Some(&data[..]));
    // A forced data_coding and SAR; a class gives 0x14..=0x17.
    let o = TextOptions::new("1")
        .data_coding(0x02)
        .concat(ConcatMethod::Sar);
    let sent = client.send_data(&data, &o).await.unwrap();
    assert_eq!((sent.data_coding, sent.parts.len()), (0x02, 3));
    let sars = take_submits(&rec, |sm| {
        sm.tlvs.get(TlvTag::SAR_TOTAL_SEGMENTS).map(<[u8]>::to_vec)
    });
    assert_eq!(sars, [Some(vec![3]), Some(vec![3]), Some(vec![3])]);
    let sent = client
        .send_data(&[1, 2, 3], &TextOptions::new("1").flash())
        .await
        .unwrap();
    assert_eq!(sent.data_coding, 0x14);
    assert_eq!(
        take_submits(&rec, |sm| sm.short_message.to_vec()),
        [vec![1, 2, 3]]
    );
    client.unbind().await.unwrap();

    let cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "esme", "pw");
    let (resilient, _in) = ResilientClient::start(vec![cfg], ReconnectPolicy::default());
    let sent = timeout(WAIT, resilient.send_data(&data, &TextOptions::new("1")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent.message_ids().unwrap().len(), 3);
    resilient.shutdown().await;
    server.shutdown(WAIT).await;
}

/// An SMSC whose data_coding 0 means Latin-1, and one that announces
/// UCS-2 with another value (vumi2's `data_coding_overrides`): what is
/// sent and how what comes in is read (`smpp_proto::text::DataCodingMap`).
#[tokio::test]
async fn smsc_default_and_overrides_both_ways() {
    use smpp_io_tokio::text::plan_text;
    use smpp_io_tokio::MessagesConfig;
    use smpp_proto::text::Allowed;
    // Sending: "café" in Latin-1 goes with data_coding 0 to a Latin-1 SMSC.
    let mut o = TextOptions::new("447700900123");
    o.allowed = Allowed::GSM7_UCS2.with(Encoding::Latin1);
    o.smsc_default = Encoding::Latin1;
    let plan = plan_text("café €", &o, 1).unwrap();
    assert_eq!((plan.encoding, plan.data_coding), (Encoding::Ucs2, 0x08));
    let plan = plan_text("café", &o, 1).unwrap();
    assert_eq!((plan.encoding, plan.data_coding), (Encoding::Latin1, 0x00));
    // UCS-2 announced as 0xF8 on this link.
    o.data_coding_overrides = vec![(DataCoding(0xF8), Encoding::Ucs2)];
    let plan = plan_text("日本", &o, 1).unwrap();
    assert_eq!((plan.encoding, plan.data_coding), (Encoding::Ucs2, 0xF8));

    // Receiving: the same link's meanings.
    let (server, _rec, _client, messages) = setup(true).await;
    drop(messages);
    let cfg = ClientConfig::new("127.0.0.1", server.local_addr().port(), "latin", "pw");
    let (_c2, inbound) = timeout(WAIT, Client::connect(cfg)).await.unwrap().unwrap();
    let mut messages = Messages::with_config(
        inbound,
        MessagesConfig {
            smsc_default: Encoding::Latin1,
            data_coding_overrides: vec![(DataCoding(0xF8), Encoding::Ucs2)],
            ..MessagesConfig::default()
        },
    );
    let server = Arc::new(server);
    for (dc, sm) in [
        (0x00u8, &b"caf\xe9"[..]),
        (0xF8, &[0x65, 0xE5, 0x67, 0x2C][..]),
    ] {
        let s = server.clone();
        let sm = sm.to_vec();
        let push = tokio::spawn(async move {
            let pdu = Pdu::DeliverSm(DeliverSm {
                source_addr: b"447700900123",
                data_coding: dc,
                short_message: &sm,
                ..DeliverSm::default()
            });
            s.deliver("latin", &pdu).await.unwrap()
        });
        let Message::Mo(mo) = next(&mut messages).await else {
            panic!()
        };
        let want = if dc == 0 { "café" } else { "日本" };
        assert_eq!(mo.text.as_deref(), Ok(want));
        assert!(push.await.unwrap().command_status().is_ok());
    }
}
