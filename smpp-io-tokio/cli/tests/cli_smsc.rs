//! `smpp smsc` run as a process: dropped connections (`--drop-after`,
//! `--drop-share`) as `smpp send` and `smpp bench` see them, the `strict`
//! provider profile (data_coding and TLV filters) and the `smpp33` profile
//! (any interface_version but 0x34 served as SMPP 3.3), checked on the wire.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{smpp, Smsc};
use smpp_io_tokio::{Client, ClientConfig};
use smpp_proto::codec::{decode, frame, Bind, DataSm, Framing, SmResp, SubmitSm};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, Pdu, Tlv, TlvTag, Tlvs};

#[test]
fn drop_after_fails_send_and_bench_with_one_line() {
    let smsc = Smsc::start(&["--drop-after", "3"]);
    let url = smsc.url("drop:pw");

    // Bulk send: the fourth submit cuts the link; send ends, exit 1, one line.
    let r = smpp(&[
        "send",
        "--url",
        &url,
        "--to",
        "1",
        "--text",
        "x",
        "--count",
        "20",
        "--wait-receipts",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("not accepted"), "{}", r.stderr);
    assert!(r.stderr.contains("connection lost"), "{}", r.stderr);
    assert!(r.took < Duration::from_secs(20), "took {:?}", r.took);
    let drop = smsc.wait_for(|v| v["event"] == "drop");
    assert_eq!(drop["system_id"], "drop");
    assert_eq!(drop["passed_on"], 3);

    // bench with window 1: exactly three answered, the rest failed.
    let r = smpp(&[
        "bench", "--url", &url, "--count", "50", "--window", "1", "--json",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("connection lost"), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(v["sent"], 50);
    assert_eq!(v["ok"], 3);
    assert_eq!(v["failed"], 47);
    assert!(r.took < Duration::from_secs(20), "took {:?}", r.took);
}

#[test]
fn drop_share_one_cuts_every_submit() {
    let smsc = Smsc::start(&["--drop-share", "1"]);
    let r = smpp(&[
        "send",
        "--url",
        &smsc.url("cut:pw"),
        "--to",
        "447700900123",
        "--text",
        "hello",
        "--wait-receipts",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("connection lost"), "{}", r.stderr);
    assert!(
        r.stdout.contains("failed    to 447700900123"),
        "{}",
        r.stdout
    );
    smsc.wait_for(|v| v["event"] == "drop" && v["passed_on"] == 0);
    // Without the fault the same simulator code path answers (the front
    // relays binds and other PDUs untouched).
    let ok = Smsc::start(&["--drop-after", "100"]);
    let r = smpp(&[
        "send",
        "--url",
        &ok.url("a:b"),
        "--to",
        "1",
        "--text",
        "hi",
        "--wait-receipts",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("stat DELIVRD"), "{}", r.stdout);
}

fn submit(dc: u8) -> SubmitSm<'static> {
    SubmitSm {
        destination_addr: b"447700900123",
        data_coding: dc,
        short_message: b"hi",
        ..SubmitSm::default()
    }
}

#[tokio::test]
async fn strict_profile_filters_data_coding_and_tlvs() {
    let smsc = Smsc::start(&["--profile", "strict"]);
    let (client, _inbound) = Client::connect(ClientConfig::new("127.0.0.1", smsc.port, "s", "p"))
        .await
        .unwrap();
    let status =
        |r: Result<smpp_io_tokio::OwnedPdu, smpp_io_tokio::Error>| r.unwrap().command_status();
    for dc in 0u8..=255 {
        let want = if [0, 1, 2, 3, 4, 6, 8, 24, 240].contains(&dc) {
            CommandStatus::ESME_ROK
        } else {
            CommandStatus::ESME_RINVDCS
        };
        assert_eq!(status(client.submit_sm(&submit(dc)).await), want, "dc {dc}");
    }
    let allowed: [(TlvTag, &[u8]); 4] = [
        (TlvTag::DEST_ADDR_SUBUNIT, &[1]),
        (TlvTag::USER_MESSAGE_REFERENCE, &[0, 7]),
        (TlvTag::MESSAGE_PAYLOAD, b"payload"),
        (TlvTag(0x2900), b"vendor"),
    ];
    for (tag, value) in allowed {
        let tlvs = [Tlv::new(tag, value)];
        let sm = SubmitSm {
            short_message: if tag == TlvTag::MESSAGE_PAYLOAD {
                b""
            } else {
                b"hi"
            },
            tlvs: Tlvs::List(&tlvs),
            ..submit(0)
        };
        assert_eq!(
            status(client.submit_sm(&sm).await),
            CommandStatus::ESME_ROK,
            "{tag:?}"
        );
    }
    let refused: [(TlvTag, &[u8]); 4] = [
        (TlvTag::SOURCE_PORT, &[0, 1]),
        (TlvTag::CALLBACK_NUM, b"\x00\x01\x01123"),
        (TlvTag(0x2901), b"other vendor"),
        (TlvTag(0x1400), b"x"),
    ];
    for (tag, value) in refused {
        let tlvs = [
            Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 1]),
            Tlv::new(tag, value),
        ];
        let sm = SubmitSm {
            tlvs: Tlvs::List(&tlvs),
            ..submit(0)
        };
        assert_eq!(
            status(client.submit_sm(&sm).await),
            CommandStatus::ESME_ROPTPARNOTALLWD,
            "{tag:?}"
        );
    }
    // data_sm goes through the same filter.
    let dsm = |dc| DataSm {
        destination_addr: b"1",
        data_coding: dc,
        ..DataSm::default()
    };
    assert_eq!(
        status(client.data_sm(&dsm(8)).await),
        CommandStatus::ESME_ROK
    );
    assert_eq!(
        status(client.data_sm(&dsm(5)).await),
        CommandStatus::ESME_RINVDCS
    );
    client.unbind().await.unwrap();
    // `smpp send` picks GSM 7-bit (0) or UCS-2 (8), both allowed.
    for text in ["plain {GSM} €", "Unicode 👋"] {
        let r = smpp(&[
            "send",
            "--url",
            &smsc.url("s:p"),
            "--to",
            "1",
            "--text",
            text,
            "--wait-receipts",
        ]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    }
}

/// Issue 12.7: `smpp smsc` refuses a request that breaks the spec with its
/// status (the session's strict validation, before any profile rule);
/// `--lenient` takes it, except under the strict and gatewayapi profiles.
#[tokio::test]
async fn smsc_refuses_requests_breaking_the_spec_unless_lenient() {
    let long = [b'x'; 255];
    let not_allowed = [Tlv::new(TlvTag::MESSAGE_STATE, &[2])];
    for (args, lenient) in [
        (&[][..], false),
        (&["--lenient"][..], true),
        (&["--profile", "strict", "--lenient"][..], false),
        (&["--profile", "gatewayapi", "--lenient"][..], false),
    ] {
        let smsc = Smsc::start(args);
        let (client, _inbound) =
            Client::connect(ClientConfig::new("127.0.0.1", smsc.port, "s", "p"))
                .await
                .unwrap();
        let cases = [
            (
                SubmitSm {
                    short_message: &long,
                    ..submit(0)
                },
                CommandStatus::ESME_RINVMSGLEN,
            ),
            (
                SubmitSm {
                    tlvs: Tlvs::List(&not_allowed),
                    ..submit(0)
                },
                CommandStatus::ESME_ROPTPARNOTALLWD,
            ),
        ];
        for (sm, refused) in cases {
            let status = client.submit_sm(&sm).await.unwrap().command_status();
            let want = if lenient {
                CommandStatus::ESME_ROK
            } else {
                refused
            };
            assert_eq!(status, want, "{args:?}");
        }
        client.unbind().await.unwrap();
    }
}

/// A raw SMPP connection, to see exactly what the simulator writes.
struct Wire {
    s: TcpStream,
    buf: Vec<u8>,
    seq: u32,
}

impl Wire {
    fn connect(port: u16) -> Wire {
        let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        Wire {
            s,
            buf: Vec::new(),
            seq: 0,
        }
    }

    fn send(&mut self, pdu: &Pdu<'_>) -> u32 {
        self.seq += 1;
        let mut out = vec![0u8; 1024];
        let n = pdu
            .encode(CommandStatus::ESME_ROK, self.seq, &mut out)
            .unwrap();
        self.s.write_all(&out[..n]).unwrap();
        self.seq
    }

    /// The next whole PDU's bytes.
    fn next(&mut self) -> Vec<u8> {
        loop {
            if let Ok(Framing::Complete(n)) = frame(&self.buf, 65536) {
                return self.buf.drain(..n).collect();
            }
            let mut chunk = [0u8; 4096];
            let n = self.s.read(&mut chunk).expect("a PDU within 10 s");
            assert!(n > 0, "connection closed");
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    fn answer(&mut self, seq_of: &[u8], resp: &Pdu<'_>) {
        let seq = u32::from_be_bytes(seq_of[12..16].try_into().unwrap());
        let mut out = vec![0u8; 256];
        let n = resp.encode(CommandStatus::ESME_ROK, seq, &mut out).unwrap();
        self.s.write_all(&out[..n]).unwrap();
    }
}

/// Binds with `version`, submits with a receipt requested; returns whether
/// the bind_resp, submit_sm_resp and receipt carried TLVs, and the bind_resp's
/// sc_interface_version.
fn session_at(port: u16, version: u8) -> (Option<u8>, bool, bool) {
    session_of(port, version, b"")
}

/// [`session_at`] with a system_type.
fn session_of(port: u16, version: u8, system_type: &[u8]) -> (Option<u8>, bool, bool) {
    let mut w = Wire::connect(port);
    w.send(&Pdu::BindTransceiver(Bind {
        system_id: b"v",
        password: b"p",
        system_type,
        interface_version: InterfaceVersion(version),
        ..Bind::default()
    }));
    let bytes = w.next();
    let (h, pdu) = decode(&bytes).unwrap();
    assert_eq!(h.command_status, CommandStatus::ESME_ROK);
    let Pdu::BindTransceiverResp(br) = pdu else {
        panic!("{pdu:?}")
    };
    let sc = br
        .tlvs
        .get(TlvTag::SC_INTERFACE_VERSION)
        .and_then(|v| v.first().copied());
    w.send(&Pdu::SubmitSm(SubmitSm {
        destination_addr: b"447700900123",
        registered_delivery: 1,
        short_message: b"hi",
        ..SubmitSm::default()
    }));
    let mut resp_tlvs = None;
    let mut receipt_tlvs = None;
    while resp_tlvs.is_none() || receipt_tlvs.is_none() {
        let bytes = w.next();
        let (h, pdu) = decode(&bytes).unwrap();
        match pdu {
            Pdu::SubmitSmResp(r) => {
                assert_eq!(h.command_status, CommandStatus::ESME_ROK);
                resp_tlvs = Some(r.tlvs.iter().count() > 0);
            }
            Pdu::DeliverSm(d) => {
                assert_eq!(d.esm_class & 0x3c, 0x04, "a receipt");
                let text = String::from_utf8_lossy(d.short_message).into_owned();
                assert!(text.contains("stat:DELIVRD"), "{text}");
                receipt_tlvs = Some(d.tlvs.iter().count() > 0);
                w.answer(&bytes, &Pdu::DeliverSmResp(SmResp::default()));
            }
            other => panic!("unexpected {:?} {other:?}", h.command_id),
        }
    }
    w.send(&Pdu::Unbind);
    let (h, _) = decode(&w.next()).unwrap();
    assert_eq!(h.command_id, CommandId::UNBIND_RESP);
    (sc, resp_tlvs.unwrap_or(true), receipt_tlvs.unwrap_or(false))
}

#[test]
fn smpp33_profile_serves_other_versions_as_3_3() {
    let smsc = Smsc::start(&["--profile", "smpp33"]);
    for v in [0x50, 0x33, 0x00] {
        assert_eq!(
            session_at(smsc.port, v),
            (None, false, false),
            "interface_version {v:#04x}: no sc_interface_version, no TLVs"
        );
        let bind = smsc.wait_for(|e| e["event"] == "bind" && e["interface_version"] == v);
        assert_eq!(bind["session_version"], 0x33, "{bind}");
    }
    // 0x34 is 3.4: sc_interface_version and TLVs in the receipt.
    assert_eq!(session_at(smsc.port, 0x34), (Some(0x34), false, true));
    // The default profile negotiates 5.0 down to 3.4 (SMPP 3.4 §5.2.4).
    let plain = Smsc::start(&[]);
    assert_eq!(session_at(plain.port, 0x50), (Some(0x34), false, true));
}

#[test]
fn bad_options_are_usage_errors_in_one_line() {
    let r = smpp(&["smsc", "--listen", "127.0.0.1:0", "--profile", "nope"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("smpp33"), "{}", r.stderr);
    let r = smpp(&["smsc", "--drop-after", "many"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// The JSON lines of a run.
fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn send_json(url: &str, extra: &[&str]) -> (common::Run, Vec<serde_json::Value>) {
    let mut args = vec![
        "send",
        "--url",
        url,
        "--to",
        "447700900123",
        "--text",
        "hi",
        "--wait-receipts",
        "--json",
    ];
    args.extend_from_slice(extra);
    let r = smpp(&args);
    let lines = json_lines(&r.stdout);
    (r, lines)
}

/// `send --wait-receipts` waits past intermediate receipts (ENROUTE,
/// ACCEPTD) to the final one, which `smpp smsc --receipt-states` sends
/// after them; a message that never gets a final receipt is missing.
#[test]
fn wait_receipts_waits_past_intermediate_states() {
    let smsc = Smsc::start(&[
        "--receipt-states",
        "ENROUTE+DELIVRD:1,ACCEPTD+ENROUTE+UNDELIV:1",
    ]);
    let mut finals = std::collections::BTreeSet::new();
    for i in 0..6 {
        let (r, lines) = send_json(&smsc.url(&format!("w{i}:pw")), &[]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let receipts: Vec<_> = lines.iter().filter(|v| v["event"] == "receipt").collect();
        let stats: Vec<&str> = receipts
            .iter()
            .map(|v| v["stat"].as_str().unwrap())
            .collect();
        assert!(
            stats == ["ENROUTE", "DELIVRD"] || stats == ["ACCEPTD", "ENROUTE", "UNDELIV"],
            "{stats:?}"
        );
        let (last, before) = receipts.split_last().unwrap();
        assert_eq!(last["final"], true, "{last}");
        assert!(before.iter().all(|v| v["final"] == false), "{before:?}");
        let summary = lines.last().unwrap();
        assert_eq!(summary["receipts"][stats[stats.len() - 1]], 1, "{summary}");
        assert_eq!(summary["receipts_intermediate"], before.len(), "{summary}");
        assert_eq!(summary["receipts_missing"], 0, "{summary}");
        finals.insert(stats[stats.len() - 1].to_string());
    }
    // The simulator's seeded draw gives both chains in six messages.
    assert_eq!(finals.len(), 2, "{finals:?}");

    // Only ENROUTE: no final receipt, exit 1 after --timeout, one line.
    let enroute = Smsc::start(&["--receipt-states", "ENROUTE"]);
    let (r, lines) = send_json(&enroute.url("e:pw"), &["--timeout", "1"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("1 final receipt(s) did not arrive"),
        "{}",
        r.stderr
    );
    assert!(lines
        .iter()
        .any(|v| v["event"] == "receipt" && v["stat"] == "ENROUTE" && v["final"] == false));
    assert_eq!(lines.last().unwrap()["receipts_missing"], 1);

    // The text output says which receipts were waited past.
    let r = smpp(&[
        "send",
        "--url",
        &smsc.url("t:pw"),
        "--to",
        "1",
        "--text",
        "hi",
        "--wait-receipts",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("stat ENROUTE (not final, waiting)")
            || r.stdout.contains("stat ACCEPTD (not final, waiting)"),
        "{}",
        r.stdout
    );
}

/// A provider that answers submit_sm in hex and reports in decimal (or the
/// other way round): receipts are matched as the library allows
/// (`IdMatch::NumericEquivalent` by default, `--id-match` to choose).
#[test]
fn wait_receipts_matches_hex_and_decimal_ids() {
    for (form, id_match) in [("decimal", "hex:decimal"), ("hex", "decimal:hex")] {
        let smsc = Smsc::start(&["--receipt-id", form]);
        for rule in ["numeric", id_match] {
            let (r, lines) = send_json(&smsc.url(&format!("{form}:pw")), &["--id-match", rule]);
            assert_eq!(r.code, 0, "{form} {rule}: {}{}", r.stdout, r.stderr);
            let id = lines[0]["message_id"].as_str().unwrap().to_string();
            let receipt = lines.iter().find(|v| v["event"] == "receipt").unwrap();
            assert_eq!(receipt["message_id"], id.as_str(), "{receipt}");
            assert_eq!(receipt["stat"], "DELIVRD");
            // The receipt wrote the same number in the other base.
            let written = receipt["receipt_id"].as_str().unwrap();
            let (hex, dec) = if form == "decimal" {
                (id.as_str(), written)
            } else {
                (written, id.as_str())
            };
            assert_eq!(
                u64::from_str_radix(hex, 16).unwrap(),
                dec.parse::<u64>().unwrap(),
                "{hex} {dec}"
            );
            // The simulator logs both forms.
            smsc.wait_for(|v| {
                v["event"] == "receipt"
                    && v["message_id"] == id.as_str()
                    && v["receipt_id"] == written
            });
        }
        // Exact octets never match: the receipt does not arrive.
        let (r, _) = send_json(
            &smsc.url("exact:pw"),
            &["--id-match", "exact", "--timeout", "1"],
        );
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("did not arrive"), "{}", r.stderr);
    }
    let r = smpp(&["smsc", "--listen", "127.0.0.1:0", "--receipt-id", "octal"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("same, decimal, hex"), "{}", r.stderr);
    let r = smpp(&["send", "--to", "1", "--text", "x", "--id-match", "fuzzy"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("hex:decimal"), "{}", r.stderr);
}

/// Two runs of `smpp send` with a long text to one recipient tie their
/// parts with different concatenation references (the client's, from a
/// random start), so a handset cannot mix their parts.
#[test]
fn send_runs_use_different_concatenation_references() {
    let smsc = Smsc::start(&[]);
    let long = "A text longer than one SMS, so it goes in two parts with a UDH. ".repeat(3);
    let mut references = Vec::new();
    for run in 0..3 {
        let sid = format!("ref{run}");
        let r = smpp(&[
            "send",
            "--url",
            &smsc.url(&format!("{sid}:pw")),
            "--to",
            "447700900123",
            "--text",
            &long,
        ]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        // Each part's UDH: 05 00 03 reference total seq (TS 23.040 §9.2.3.24.1).
        let udh = |seq: &'static str| {
            let v = smsc.wait_for(|v| {
                v["event"] == "submit_sm"
                    && v["system_id"] == sid.as_str()
                    && v["short_message"].as_str().unwrap()[8..12] == format!("02{seq}")
            });
            let sm = v["short_message"].as_str().unwrap().to_string();
            assert_eq!(&sm[..6], "050003", "{v}");
            assert_eq!(v["esm_class"].as_u64().unwrap() & 0x40, 0x40, "{v}");
            sm[6..8].to_string()
        };
        let (first, second) = (udh("01"), udh("02"));
        assert_eq!(first, second, "one message, one reference");
        references.push(first);
    }
    // Random starts: three equal 8-bit references would be a 1 in 65536 event.
    assert!(
        references.iter().any(|r| *r != references[0]),
        "every run used reference {}",
        references[0]
    );
}

/// The status `pdu` gets from the simulator on a raw connection (bound as
/// a transceiver with `system_id`), with the response's command_id.
fn raw_status(port: u16, pdu: &Pdu<'_>) -> (CommandId, CommandStatus) {
    let mut w = Wire::connect(port);
    w.send(&Pdu::BindTransceiver(Bind {
        system_id: b"raw",
        password: b"pw",
        interface_version: InterfaceVersion::V34,
        ..Bind::default()
    }));
    let (h, _) = decode(&w.next()).unwrap();
    assert_eq!(h.command_status, CommandStatus::ESME_ROK);
    w.send(pdu);
    let bytes = w.next();
    let (h, _) = decode(&bytes).unwrap();
    (h.command_id, h.command_status)
}

/// `--profile gatewayapi`: every rule of GatewayAPI's guide (and the ones
/// the simulator adds, said so in `--help`) broken on the wire.
#[tokio::test]
async fn gatewayapi_profile_refuses_what_the_guide_refuses() {
    use smpp_proto::codec::{CancelSm, QuerySm, ReplaceSm, SubmitMulti};
    let smsc = Smsc::start(&["--profile", "gatewayapi"]);
    let (client, _inbound) = Client::connect(ClientConfig::new("127.0.0.1", smsc.port, "g", "p"))
        .await
        .unwrap();
    let status = |r: Result<smpp_io_tokio::OwnedPdu, smpp_io_tokio::Error>| {
        let r = r.unwrap();
        (r.command_id(), r.command_status())
    };
    let ok = (CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK);
    let refused = |s| (CommandId::SUBMIT_SM_RESP, s);
    assert_eq!(status(client.submit_sm(&submit(0)).await), ok);

    // Only submit_sm: the others get generic_nack ESME_RINVCMDID.
    let nack = (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID);
    let dsm = DataSm {
        destination_addr: b"1",
        ..DataSm::default()
    };
    assert_eq!(status(client.data_sm(&dsm).await), nack, "data_sm");
    let dests = [smpp_proto::codec::DestAddress::SmeAddress {
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: b"447700900123",
    }];
    let multi = SubmitMulti {
        dest_addresses: smpp_proto::codec::DestAddresses::List(&dests),
        short_message: b"hi",
        ..SubmitMulti::default()
    };
    assert_eq!(
        status(client.submit_multi(&multi).await),
        nack,
        "submit_multi"
    );
    let q = QuerySm {
        message_id: b"0000000001",
        ..QuerySm::default()
    };
    assert_eq!(status(client.query_sm(&q).await), nack, "query_sm");
    let c = CancelSm {
        message_id: b"0000000001",
        destination_addr: b"1",
        ..CancelSm::default()
    };
    assert_eq!(status(client.cancel_sm(&c).await), nack, "cancel_sm");
    let r = ReplaceSm {
        message_id: b"0000000001",
        short_message: b"new",
        ..ReplaceSm::default()
    };
    assert_eq!(status(client.replace_sm(&r).await), nack, "replace_sm");

    // No scheduled delivery (relative, one hour).
    let scheduled = SubmitSm {
        schedule_delivery_time: smpp_proto::SmppTime::parse(b"000000010000000R").unwrap(),
        ..submit(0)
    };
    assert_eq!(
        status(client.submit_sm(&scheduled).await),
        refused(CommandStatus::ESME_RINVSCHED)
    );

    // The guide's DCS table.
    for dc in 0u8..=255 {
        let want = if [0, 3, 4, 8, 24, 240].contains(&dc) {
            CommandStatus::ESME_ROK
        } else {
            CommandStatus::ESME_RINVDCS
        };
        assert_eq!(
            status(client.submit_sm(&submit(dc)).await),
            refused(want),
            "dc {dc}"
        );
    }

    // The guide's TLV table; any other TLV is refused.
    let allowed: [(TlvTag, &[u8]); 4] = [
        (TlvTag::DEST_ADDR_SUBUNIT, &[1]),
        (TlvTag::USER_MESSAGE_REFERENCE, &[0, 7]),
        (TlvTag::MESSAGE_PAYLOAD, b"payload"),
        (TlvTag(0x2900), b"class"),
    ];
    for (tag, value) in allowed {
        let tlvs = [Tlv::new(tag, value)];
        let sm = SubmitSm {
            short_message: if tag == TlvTag::MESSAGE_PAYLOAD {
                b""
            } else {
                b"hi"
            },
            tlvs: Tlvs::List(&tlvs),
            ..submit(0)
        };
        assert_eq!(status(client.submit_sm(&sm).await), ok, "{tag:?}");
    }
    for (tag, value) in [
        (TlvTag::SOURCE_PORT, &[0u8, 1][..]),
        (TlvTag::PAYLOAD_TYPE, &[0]),
        (TlvTag(0x2901), b"other vendor"),
    ] {
        let tlvs = [Tlv::new(tag, value)];
        let sm = SubmitSm {
            tlvs: Tlvs::List(&tlvs),
            ..submit(0)
        };
        assert_eq!(
            status(client.submit_sm(&sm).await),
            refused(CommandStatus::ESME_ROPTPARNOTALLWD),
            "{tag:?}"
        );
    }

    // Destination TON: unknown (0) or international (1) only.
    for ton in 0u8..=6 {
        let sm = SubmitSm {
            dest_addr_ton: ton,
            ..submit(0)
        };
        let want = if ton <= 1 {
            CommandStatus::ESME_ROK
        } else {
            CommandStatus::ESME_RINVDSTTON
        };
        assert_eq!(
            status(client.submit_sm(&sm).await),
            refused(want),
            "ton {ton}"
        );
    }

    // Content that does not decode under its data_coding.
    let payload_odd = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"\x00h\x00")];
    for (dc, text, tlvs, want) in [
        (8, &b"\x00h\x00i"[..], &[][..], CommandStatus::ESME_ROK),
        (8, b"\x00h\x00", &[], CommandStatus::ESME_RINVDCS),
        (24, b"\x00h\x00", &[], CommandStatus::ESME_RINVDCS),
        (8, b"", &payload_odd[..], CommandStatus::ESME_RINVDCS),
        (0, b"\x1b\x00", &[], CommandStatus::ESME_RINVDCS),
        (0, b"hi\x1b", &[], CommandStatus::ESME_RINVDCS),
        (240, b"\x1b\x65", &[], CommandStatus::ESME_ROK), // the euro sign
        (4, b"\xff\x00", &[], CommandStatus::ESME_ROK),
    ] {
        let sm = SubmitSm {
            short_message: text,
            tlvs: Tlvs::List(tlvs),
            ..submit(dc)
        };
        assert_eq!(
            status(client.submit_sm(&sm).await),
            refused(want),
            "dc {dc} {text:02x?}"
        );
    }
    client.unbind().await.unwrap();

    // A TLV of the guide's set with the wrong size: the spec's sizes
    // (user_message_reference 2 octets, dest_addr_subunit 1), on a raw
    // connection since our client will not send it.
    for (tag, value) in [
        (TlvTag::USER_MESSAGE_REFERENCE, &[0u8, 0, 7][..]),
        (TlvTag::DEST_ADDR_SUBUNIT, &[1, 1]),
    ] {
        let tlvs = [Tlv::new(tag, value)];
        let sm = SubmitSm {
            tlvs: Tlvs::List(&tlvs),
            ..submit(0)
        };
        assert_eq!(
            raw_status(smsc.port, &Pdu::SubmitSm(sm)),
            refused(CommandStatus::ESME_RINVPARLEN),
            "{tag:?}"
        );
    }
}

/// `--profile gatewayapi`: submit_sm per second per bind (`--throttle`,
/// 100 by default): one bind past its rate is throttled while another,
/// same system_id, is not. Raw connections: our client would retry a
/// throttled submit by itself.
#[test]
fn gatewayapi_profile_throttles_per_bind() {
    let smsc = Smsc::start(&["--profile", "gatewayapi", "--throttle", "5"]);
    let mut a = raw_bind(smsc.port, Pdu::BindTransceiver, b"t");
    let mut b = raw_bind(smsc.port, Pdu::BindTransceiver, b"t");
    let statuses = |w: &mut Wire, n: usize| -> Vec<CommandStatus> {
        (0..n)
            .map(|_| {
                w.send(&Pdu::SubmitSm(submit(0)));
                decode(&w.next()).unwrap().0.command_status
            })
            .collect()
    };
    let (ok, throttled) = (CommandStatus::ESME_ROK, CommandStatus::ESME_RTHROTTLED);
    let five_and_five = [[ok; 5], [throttled; 5]].concat();
    // Ten submits take well under a second: five pass on each bind.
    assert_eq!(statuses(&mut a, 10), five_and_five);
    assert_eq!(statuses(&mut b, 10), five_and_five);
    // A second later the bind may submit again.
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(statuses(&mut a, 1), [ok]);
}

/// Binds `system_id` on a raw connection as `bind` (transmitter, receiver
/// or transceiver PDU).
fn raw_bind(port: u16, bind: fn(Bind<'static>) -> Pdu<'static>, system_id: &'static [u8]) -> Wire {
    let mut w = Wire::connect(port);
    w.send(&bind(Bind {
        system_id,
        password: b"pw",
        interface_version: InterfaceVersion::V34,
        ..Bind::default()
    }));
    let (h, _) = decode(&w.next()).unwrap();
    assert_eq!(h.command_status, CommandStatus::ESME_ROK);
    w
}

/// Submits `sm` with a receipt requested; returns the message id.
fn raw_submit(w: &mut Wire, sm: SubmitSm<'_>) -> String {
    w.send(&Pdu::SubmitSm(SubmitSm {
        registered_delivery: 1,
        ..sm
    }));
    let bytes = w.next();
    let (h, pdu) = decode(&bytes).unwrap();
    assert_eq!(h.command_status, CommandStatus::ESME_ROK);
    let Pdu::SubmitSmResp(r) = pdu else {
        panic!("{pdu:?}")
    };
    String::from_utf8(r.message_id.unwrap().to_vec()).unwrap()
}

/// The next receipt on `w`, answered: its text and TLVs.
fn raw_receipt(w: &mut Wire) -> (String, Vec<(u16, Vec<u8>)>) {
    let bytes = w.next();
    let (_, pdu) = decode(&bytes).unwrap();
    let Pdu::DeliverSm(d) = pdu else {
        panic!("{pdu:?}")
    };
    assert_eq!(d.esm_class & 0x3c, 0x04, "a receipt");
    w.answer(&bytes, &Pdu::DeliverSmResp(SmResp::default()));
    let tlvs = d.tlvs.iter().map(|t| (t.tag.0, t.value.to_vec())).collect();
    (String::from_utf8_lossy(d.short_message).into_owned(), tlvs)
}

/// `--profile gatewayapi` receipts: ENROUTE, then DELIVRD, each with the
/// submit's user_message_reference in `text:` (decimal) and as its TLV.
#[test]
fn gatewayapi_profile_receipts_carry_the_user_message_reference() {
    let smsc = Smsc::start(&["--profile", "gatewayapi"]);
    let mut w = raw_bind(smsc.port, Pdu::BindTransceiver, b"ref");
    let reference = [Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0x30, 0x39])];
    let id = raw_submit(
        &mut w,
        SubmitSm {
            tlvs: Tlvs::List(&reference),
            ..submit(0)
        },
    );
    let mut stats = Vec::new();
    for _ in 0..2 {
        let (text, tlvs) = raw_receipt(&mut w);
        assert!(text.starts_with(&format!("id:{id} ")), "{text}");
        assert!(text.ends_with(" text:12345"), "{text}");
        assert!(tlvs.contains(&(0x0204, vec![0x30, 0x39])), "{tlvs:?}");
        stats.push(text.split("stat:").nth(1).unwrap()[..7].to_string());
    }
    assert_eq!(stats, ["ENROUTE", "DELIVRD"]);
    // Without the TLV: an empty text, no TLV.
    raw_submit(&mut w, submit(0));
    let (text, tlvs) = raw_receipt(&mut w);
    assert!(text.ends_with(" text:"), "{text}");
    assert!(!tlvs.iter().any(|(t, _)| *t == 0x0204), "{tlvs:?}");
}

/// `--profile gatewayapi` keeps receipts for a system_id with no receiver
/// bound (`--retry-store` of them, for `--retry-store-ttl`) and delivers
/// them when one binds; past the count, or the time, they are dropped.
#[test]
fn gatewayapi_profile_keeps_receipts_until_a_receiver_binds() {
    // Count: two kept, the third dropped.
    let smsc = Smsc::start(&[
        "--profile",
        "gatewayapi",
        "--receipt-states",
        "DELIVRD",
        "--retry-store",
        "2",
    ]);
    let mut tx = raw_bind(smsc.port, Pdu::BindTransmitter, b"late");
    let ids: Vec<String> = (0..3).map(|_| raw_submit(&mut tx, submit(0))).collect();
    let dropped = smsc.wait_for(|v| v["event"] == "receipt" && v["outcome"] == "dropped");
    assert!(
        dropped["error"]
            .as_str()
            .unwrap()
            .contains("retry store full"),
        "{dropped}"
    );
    let mut rx = raw_bind(smsc.port, Pdu::BindReceiver, b"late");
    let mut got: Vec<String> = (0..2)
        .map(|_| raw_receipt(&mut rx).0[3..13].to_string())
        .collect();
    got.sort();
    assert_eq!(got, ids[..2], "the first two, kept");
    // Nothing more comes.
    rx.s.set_read_timeout(Some(Duration::from_millis(1500)))
        .unwrap();
    let mut chunk = [0u8; 64];
    assert!(
        rx.s.read(&mut chunk).is_err(),
        "no third receipt: it was dropped"
    );

    // Time: kept 1 s, the receiver binds after 2.5 s: nothing comes.
    let smsc = Smsc::start(&[
        "--profile",
        "gatewayapi",
        "--receipt-states",
        "DELIVRD",
        "--retry-store-ttl",
        "1s",
    ]);
    let mut tx = raw_bind(smsc.port, Pdu::BindTransmitter, b"gone");
    let id = raw_submit(&mut tx, submit(0));
    smsc.wait_for(|v| v["event"] == "receipt" && v["outcome"] == "retry");
    std::thread::sleep(Duration::from_millis(2500));
    let dropped = smsc.wait_for(|v| v["event"] == "receipt" && v["outcome"] == "dropped");
    assert_eq!(dropped["message_id"], id.as_str(), "{dropped}");
    let mut rx = raw_bind(smsc.port, Pdu::BindReceiver, b"gone");
    rx.s.set_read_timeout(Some(Duration::from_millis(1500)))
        .unwrap();
    assert!(rx.s.read(&mut chunk).is_err(), "the receipt expired");
}

/// `--profile kaleyra`: every rule of Kaleyra's support articles broken on
/// the wire (system_type, 3.3 fallback, data_coding, submit_multi), and
/// the idle link unbound (`--inactivity`, 5 minutes by default).
#[tokio::test]
async fn kaleyra_profile_rules() {
    let smsc = Smsc::start(&[
        "--profile",
        "kaleyra",
        "--inactivity",
        "1",
        "--bind-failure-delay",
        "0",
    ]);
    // system_type must be "smpp".
    for (system_type, want) in [
        (&b""[..], CommandStatus::ESME_RINVSYSTYP),
        (b"VMA", CommandStatus::ESME_RINVSYSTYP),
        (b"SMPP", CommandStatus::ESME_RINVSYSTYP),
        (b"smpp", CommandStatus::ESME_ROK),
    ] {
        let mut w = Wire::connect(smsc.port);
        w.send(&Pdu::BindTransmitter(Bind {
            system_id: b"k",
            password: b"p",
            system_type,
            interface_version: InterfaceVersion::V34,
            ..Bind::default()
        }));
        let (h, _) = decode(&w.next()).unwrap();
        assert_eq!(h.command_status, want, "{system_type:?}");
    }
    // Anything but 0x34 is served as 3.3.
    for v in [0x50, 0x33, 0x00] {
        assert_eq!(session_of(smsc.port, v, b"smpp"), (None, false, false));
    }
    assert_eq!(
        session_of(smsc.port, 0x34, b"smpp"),
        (Some(0x34), false, true)
    );

    let mut cfg = ClientConfig::new("127.0.0.1", smsc.port, "k", "p");
    cfg.system_type = "smpp".into();
    let (client, _inbound) = Client::connect(cfg).await.unwrap();
    let status = |r: Result<smpp_io_tokio::OwnedPdu, smpp_io_tokio::Error>| {
        let r = r.unwrap();
        (r.command_id(), r.command_status())
    };
    for dc in 0u8..=255 {
        let want = if [0, 1, 3, 8].contains(&dc) {
            CommandStatus::ESME_ROK
        } else {
            CommandStatus::ESME_RINVDCS
        };
        assert_eq!(
            status(client.submit_sm(&submit(dc)).await),
            (CommandId::SUBMIT_SM_RESP, want),
            "dc {dc}"
        );
    }
    // data_sm is served, submit_multi is not.
    let dsm = DataSm {
        destination_addr: b"1",
        ..DataSm::default()
    };
    assert_eq!(
        status(client.data_sm(&dsm).await),
        (CommandId::DATA_SM_RESP, CommandStatus::ESME_ROK)
    );
    let dests = [smpp_proto::codec::DestAddress::SmeAddress {
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: b"447700900123",
    }];
    let multi = smpp_proto::codec::SubmitMulti {
        dest_addresses: smpp_proto::codec::DestAddresses::List(&dests),
        short_message: b"hi",
        ..Default::default()
    };
    assert_eq!(
        status(client.submit_multi(&multi).await),
        (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID)
    );
    client.unbind().await.unwrap();

    // A link without traffic: unbound after --inactivity (1 s here).
    let mut w = Wire::connect(smsc.port);
    w.send(&Pdu::BindTransceiver(Bind {
        system_id: b"idle",
        password: b"p",
        system_type: b"smpp",
        interface_version: InterfaceVersion::V34,
        ..Bind::default()
    }));
    let (h, _) = decode(&w.next()).unwrap();
    assert_eq!(h.command_status, CommandStatus::ESME_ROK);
    let bound = std::time::Instant::now();
    let (h, _) = decode(&w.next()).unwrap();
    assert_eq!(h.command_id, CommandId::UNBIND);
    let idle = bound.elapsed();
    assert!(
        idle >= Duration::from_millis(900) && idle < Duration::from_secs(5),
        "{idle:?}"
    );
}

async fn query(client: &Client, id: &[u8]) -> smpp_io_tokio::OwnedPdu {
    let q = smpp_proto::codec::QueryBroadcastSm {
        message_id: id,
        source_addr: b"CB",
        ..Default::default()
    };
    client.request(&Pdu::QueryBroadcastSm(q)).await.unwrap()
}

async fn cancel(client: &Client, id: &[u8]) -> smpp_io_tokio::OwnedPdu {
    let c = smpp_proto::codec::CancelBroadcastSm {
        message_id: id,
        source_addr: b"CB",
        ..Default::default()
    };
    client.request(&Pdu::CancelBroadcastSm(c)).await.unwrap()
}

/// broadcast_sm, query_broadcast_sm and cancel_broadcast_sm (SMPP 5.0
/// §4.4.1, §4.6) through the client's public API on a 5.0 bind: a
/// message_id, the state and areas of a query (ENROUTE, then DELETED once
/// cancelled), the failures for unknown ids; each logged. On a 3.4 bind,
/// generic_nack ESME_RINVCMDID.
#[tokio::test]
async fn broadcasts_are_answered_on_a_5_0_bind() {
    use smpp_proto::codec::BroadcastSm;
    let smsc = Smsc::start(&["--interface-version", "5.0"]);
    let mut cfg = ClientConfig::new("127.0.0.1", smsc.port, "cb", "p");
    cfg.session.interface_version = InterfaceVersion::V50;
    let (client, _inbound) = Client::connect(cfg).await.unwrap();
    assert_eq!(client.interface_version(), InterfaceVersion::V50);

    // Two areas (format 0x00: an alias, 5.0 §4.8.4.4), content type
    // (GSM, emergency broadcasts), 3 repetitions, every 5 minutes.
    let (area1, area2) = (&b"\x00north"[..], &b"\x00south"[..]);
    let tlvs = [
        Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, area1),
        Tlv::new(TlvTag::BROADCAST_AREA_IDENTIFIER, area2),
        Tlv::new(TlvTag::BROADCAST_CONTENT_TYPE, &[1, 0, 1]),
        Tlv::new(TlvTag::BROADCAST_REP_NUM, &[0, 3]),
        Tlv::new(TlvTag::BROADCAST_FREQUENCY_INTERVAL, &[0x09, 0, 5]),
        Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"flood warning"),
    ];
    let b = BroadcastSm {
        source_addr: b"CB",
        tlvs: Tlvs::List(&tlvs),
        ..BroadcastSm::default()
    };
    let r = client.request(&Pdu::BroadcastSm(b)).await.unwrap();
    assert_eq!(r.command_status(), CommandStatus::ESME_ROK);
    let Ok(Pdu::BroadcastSmResp(resp)) = r.pdu() else {
        panic!("{:?}", r.pdu())
    };
    let id = resp.message_id.unwrap().to_vec();
    assert!(!id.is_empty());

    // The state, and each area with its success rate (5.0 §4.6.2.3).
    let state_of = |r: &smpp_io_tokio::OwnedPdu| {
        assert_eq!(r.command_status(), CommandStatus::ESME_ROK);
        let Ok(Pdu::QueryBroadcastSmResp(q)) = r.pdu() else {
            panic!("{:?}", r.pdu())
        };
        assert_eq!(q.message_id, &id[..]);
        let areas: Vec<Vec<u8>> = q
            .tlvs
            .iter()
            .filter(|t| t.tag == TlvTag::BROADCAST_AREA_IDENTIFIER)
            .map(|t| t.value.to_vec())
            .collect();
        assert_eq!(areas, [area1.to_vec(), area2.to_vec()]);
        let success: Vec<&[u8]> = q
            .tlvs
            .iter()
            .filter(|t| t.tag == TlvTag::BROADCAST_AREA_SUCCESS)
            .map(|t| t.value)
            .collect();
        assert_eq!(success, [&[100u8][..], &[100]]);
        q.tlvs.get(TlvTag::MESSAGE_STATE).unwrap()[0]
    };
    assert_eq!(state_of(&query(&client, &id).await), 1, "ENROUTE");

    let r = cancel(&client, &id).await;
    assert_eq!(
        (r.command_id(), r.command_status()),
        (CommandId::CANCEL_BROADCAST_SM_RESP, CommandStatus::ESME_ROK)
    );
    assert_eq!(state_of(&query(&client, &id).await), 4, "DELETED");
    // Cancelled already, or never known.
    let status = |r: smpp_io_tokio::OwnedPdu| (r.command_id(), r.command_status());
    let cancel_fail = (
        CommandId::CANCEL_BROADCAST_SM_RESP,
        CommandStatus::ESME_RCANCELFAIL,
    );
    assert_eq!(status(cancel(&client, &id).await), cancel_fail);
    assert_eq!(status(cancel(&client, b"nope").await), cancel_fail);
    assert_eq!(
        status(query(&client, b"nope").await),
        (
            CommandId::QUERY_BROADCAST_SM_RESP,
            CommandStatus::ESME_RQUERYFAIL
        )
    );

    // Logged like submits.
    let id_text = String::from_utf8(id.clone()).unwrap();
    let logged = smsc.wait_for(|v| v["event"] == "broadcast_sm");
    assert_eq!(logged["message_id"], id_text.as_str(), "{logged}");
    assert_eq!(logged["areas"], 2, "{logged}");
    smsc.wait_for(|v| v["event"] == "query_broadcast_sm" && v["command_status"] == 0);
    smsc.wait_for(|v| v["event"] == "cancel_broadcast_sm" && v["command_status"] == 0);
    client.unbind().await.unwrap();

    // A 3.4 bind: SMPP 3.4 has no cell broadcast.
    let (v34, _inbound) = Client::connect(ClientConfig::new("127.0.0.1", smsc.port, "cb", "p"))
        .await
        .unwrap();
    assert_eq!(v34.interface_version(), InterfaceVersion::V34);
    let r = v34.request(&Pdu::BroadcastSm(b)).await.unwrap();
    assert_eq!(
        (r.command_id(), r.command_status()),
        (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID)
    );
    v34.unbind().await.unwrap();
}
