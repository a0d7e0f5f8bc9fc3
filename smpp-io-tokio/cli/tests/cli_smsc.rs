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
/// `--lenient` takes it, except under the strict profile.
#[tokio::test]
async fn smsc_refuses_requests_breaking_the_spec_unless_lenient() {
    let long = [b'x'; 255];
    let not_allowed = [Tlv::new(TlvTag::MESSAGE_STATE, &[2])];
    for (args, lenient) in [
        (&[][..], false),
        (&["--lenient"][..], true),
        (&["--profile", "strict", "--lenient"][..], false),
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
    let mut w = Wire::connect(port);
    w.send(&Pdu::BindTransceiver(Bind {
        system_id: b"v",
        password: b"p",
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
