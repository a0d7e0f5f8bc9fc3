//! The simulator's `smpp33` profile against the library's client: a long
//! text on an SMPP 3.3 session goes in UDH parts whatever scheme was asked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::time::Duration;

use smpp_cli::sim::{self, Profile, SimConfig};
use smpp_io_tokio::text::Concat;
use smpp_io_tokio::{Client, ClientConfig, Error, OwnedPdu, ServerConfig, TextOptions};
use smpp_proto::codec::{SubmitSm, Tlv, TlvTag, Tlvs};
use smpp_proto::concat::{Pushed, Reassembler, Segment};
use smpp_proto::text::{DataCoding, Encoding, Packing};
use smpp_proto::time::Instant;
use smpp_proto::{CommandStatus, InterfaceVersion, Pdu};
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

/// The text of the SMSC's submits, put back together by the core.
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

/// SMPP 3.3 has no TLVs: against the simulator's smpp33 profile a long
/// text asked for with SAR or message_payload goes in UDH parts, and the
/// SMSC can put it back together. (Before, the TLVs were dropped and the
/// SMSC got fragments with nothing to tie them.)
#[tokio::test]
async fn smpp33_session_splits_with_udh_whatever_was_asked() {
    let mut sim = sim::start(
        "127.0.0.1:0",
        ServerConfig::default(),
        SimConfig {
            profile: Profile::Smpp33,
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let long = "A long text for an old SMSC, with € and {braces}. ".repeat(5);
    for (asked, version) in [
        (InterfaceVersion::V50, InterfaceVersion::V33),
        (InterfaceVersion::V34, InterfaceVersion::V34),
    ] {
        let mut cfg = ClientConfig::new("127.0.0.1", sim.local_addr().port(), "old", "pw");
        cfg.session.interface_version = asked;
        let (client, _in) = timeout(WAIT, Client::connect(cfg)).await.unwrap().unwrap();
        assert_eq!(client.interface_version(), version);
        // A raw submit_sm with message_payload cannot go at 3.3: refused,
        // not sent without its text.
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
            // It reached the SMSC (after the bind's log line).
            loop {
                let l = timeout(WAIT, sim.log.recv())
                    .await
                    .unwrap()
                    .unwrap()
                    .to_json();
                if l["event"] == "submit_sm" {
                    assert_eq!(l["short_message"], hex::encode("the whole text"), "{l}");
                    break;
                }
            }
        }
        for concat in [Concat::Sar, Concat::MessagePayload] {
            let o = TextOptions::new("447700900123").from("Shop").concat(concat);
            let sent = timeout(WAIT, client.send_text(&long, &o))
                .await
                .unwrap()
                .unwrap();
            assert!(sent.all_accepted(), "{concat:?} at {version}: {sent:?}");
            // What the SMSC logged, one entry per submit_sm.
            let mut logged = Vec::new();
            while logged.len() < sent.parts.len() {
                let l = timeout(WAIT, sim.log.recv())
                    .await
                    .unwrap()
                    .unwrap()
                    .to_json();
                if l["event"] == "submit_sm" {
                    logged.push(l);
                }
            }
            let udh = logged
                .iter()
                .all(|l| l["esm_class"].as_u64().unwrap() & 0x40 != 0);
            if version == InterfaceVersion::V33 {
                assert!(udh, "{concat:?} at 3.3 is sent with a UDH: {logged:?}");
                let bytes: Vec<Vec<u8>> = logged
                    .iter()
                    .map(|l| hex::decode(l["short_message"].as_str().unwrap()).unwrap())
                    .collect();
                let pdus: Vec<OwnedPdu> = logged
                    .iter()
                    .zip(&bytes)
                    .map(|(l, sm)| {
                        let sm = SubmitSm {
                            source_addr: b"Shop",
                            destination_addr: b"447700900123",
                            esm_class: l["esm_class"].as_u64().unwrap() as u8,
                            data_coding: l["data_coding"].as_u64().unwrap() as u8,
                            short_message: sm,
                            ..SubmitSm::default()
                        };
                        OwnedPdu::encode(&Pdu::SubmitSm(sm), CommandStatus::ESME_ROK, 1).unwrap()
                    })
                    .collect();
                assert_eq!(received_text(&pdus), long, "{concat:?} arrives whole");
            } else {
                // At 3.4 the scheme asked for is kept.
                assert!(!udh, "{concat:?} at 3.4: {logged:?}");
            }
        }
        client.unbind().await.unwrap();
    }
    sim.shutdown(WAIT).await;
}
