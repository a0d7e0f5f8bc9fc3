//! Long messages across implementations:
//! - python smpplib splits texts (GSM 7-bit with extension characters, and
//!   UCS-2 with emoji); our `concat::Reassembler` puts them back together
//!   and `text` decodes them to the same string;
//! - our splitter's parts go to node-smpp's server over SMPP; node-smpp
//!   decodes every part (GSM or UCS-2, UDH recognised), and its parts, put in
//!   UDH order, give back the original text;
//! - node-smpp's server sees what `TextOptions` carry (issue 15): extra
//!   TLVs, priority_flag, protocol_id, times, TON/NPI, a 5.0 bind.
//!
//! Needs python3 with venv, node and npm; smpplib and node-smpp are
//! installed on first use (see the `peers` crate, tests/peers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // reason: test code

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use smpp_io_tokio::{Client, ClientConfig};
use smpp_proto::codec::SubmitSm;
use smpp_proto::concat::{Pushed, Reassembler, Scheme, Segment, SplitOptions, Splitter};
use smpp_proto::text::{choose, Allowed, DataCoding, Encoding, Packing};
use smpp_proto::time::{Duration as SmppDuration, Instant};
use smpp_proto::Tlvs;
use tokio::io::{AsyncBufReadExt, BufReader};

const TEXTS: [&str; 4] = [
    "A long GSM text with extension characters € { } [ ] ~ \\ | ^ repeated so that it needs several parts. A long GSM text with extension characters € { } [ ] ~ \\ | ^ repeated so that it needs several parts.",
    "Unicode with emoji 👋🎉 and Cyrillic Привет мир, long enough to be split into more than one part of sixty-seven UTF-16 units 😀😀😀.",
    "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€",
    "short one",
];

#[test]
fn smpplib_long_messages_reassemble_here() {
    let Some(python) = peers::smpplib() else {
        return;
    };
    let mut child = python
        .script("smpplib_parts.py")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        for t in TEXTS {
            writeln!(stdin, "{}", serde_json::to_string(t).unwrap()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let mut checked = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let dc = DataCoding(v["data_coding"].as_u64().unwrap() as u8);
        let esm = v["esm_class"].as_u64().unwrap() as u8;
        let parts: Vec<Vec<u8>> = v["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| hex::decode(h.as_str().unwrap()).unwrap())
            .collect();
        let encoding = dc.encoding(Encoding::GSM7).unwrap();
        let mut store: Reassembler<4, 16, 4096> = Reassembler::new(SmppDuration::from_secs(60));
        let mut decoded = None;
        // Deliver the parts in reverse, with a duplicate, as networks do.
        let mut order: Vec<usize> = (0..parts.len()).rev().collect();
        order.insert(1.min(order.len()), 0);
        for i in order {
            let seg = Segment::new(esm, &parts[i], &Tlvs::EMPTY).unwrap();
            match store
                .push(Instant::ZERO, b"447700900123", b"12345", &seg)
                .unwrap()
            {
                Pushed::Complete(msg) => {
                    let mut buf = [0u8; 4096];
                    decoded = Some(
                        msg.decode_into(encoding, Packing::Unpacked, &mut buf)
                            .unwrap()
                            .to_string(),
                    );
                }
                Pushed::Stored { .. } | Pushed::Duplicate { .. } => {}
            }
        }
        assert_eq!(
            decoded.as_deref(),
            Some(text),
            "smpplib parts {:?}",
            v["parts"]
        );
        checked += 1;
    }
    assert_eq!(checked, TEXTS.len());
}

#[tokio::test]
async fn node_smpp_decodes_our_parts() {
    let Some(node) = peers::node_smpp() else {
        return;
    };
    let mut child = tokio::process::Command::from(node.script("node_smsc.js"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next_line().await.unwrap().unwrap()).unwrap();
    let port = first["port"].as_u64().unwrap() as u16;
    let (client, _inbound) =
        Client::connect(ClientConfig::new("127.0.0.1", port, "esme", "secret"))
            .await
            .unwrap();
    let mut expected_parts = 0;
    for (i, text) in TEXTS.iter().enumerate() {
        let options = SplitOptions::new(Scheme::Udh8 {
            reference: i as u8 + 7,
        });
        let choice = choose(text, Allowed::GSM7_UCS2, &options).unwrap();
        for p in Splitter::new(text, choice.encoding, options).unwrap() {
            let mut buf = vec![0; p.encoded_len()];
            let n = p.encode(&mut buf).unwrap();
            let sm = SubmitSm {
                destination_addr: b"447700900123",
                esm_class: p.esm_class(0),
                data_coding: choice.encoding.data_coding().0,
                short_message: &buf[..n],
                ..SubmitSm::default()
            };
            assert!(client
                .submit_sm(&sm)
                .await
                .unwrap()
                .command_status()
                .is_ok());
            expected_parts += 1;
        }
    }
    client.unbind().await.unwrap();
    drop(child.stdin.take());
    // Collect node-smpp's decoded parts per reference, ordered by sequence.
    let mut by_ref: std::collections::BTreeMap<String, Vec<(u8, String)>> = Default::default();
    let mut seen = 0;
    while let Ok(Some(line)) = tokio::time::timeout(Duration::from_secs(5), lines.next_line())
        .await
        .unwrap_or(Ok(None))
    {
        let v: Value = serde_json::from_str(&line).unwrap();
        if v["event"] != "submit_sm" {
            continue;
        }
        seen += 1;
        let text = v["text"]
            .as_str()
            .expect("node-smpp decoded the part")
            .to_string();
        let (reference, seq) = match v["udh"].as_array().and_then(|u| u.first()) {
            // IE 0x00: 00 03 ref total seq
            Some(ie) => {
                let b = hex::decode(ie.as_str().unwrap()).unwrap();
                (format!("{:02x}", b[2]), b[4])
            }
            None => (format!("single-{seen}"), 1),
        };
        by_ref.entry(reference).or_default().push((seq, text));
    }
    assert_eq!(seen, expected_parts);
    let mut rebuilt: Vec<String> = by_ref
        .into_values()
        .map(|mut parts| {
            parts.sort();
            parts.into_iter().map(|(_, t)| t).collect()
        })
        .collect();
    rebuilt.sort();
    let mut want: Vec<String> = TEXTS.iter().map(|t| t.to_string()).collect();
    want.sort();
    assert_eq!(rebuilt, want);
}

/// Issue 15: node-smpp's server sees what TextOptions carry: extra TLVs
/// (a vendor one on every part, user_message_reference and
/// dest_addr_subunit on the first), priority_flag, protocol_id,
/// replace_if_present_flag, an absolute schedule and a relative validity,
/// the TON/NPI chosen from the addresses, and a 5.0 bind with its
/// system_type.
#[tokio::test]
async fn node_smpp_sees_text_options() {
    use smpp_io_tokio::text::{TextOptions, TlvPlacement};
    let Some(node) = peers::node_smpp() else {
        return;
    };
    let mut script = node.script("node_smsc.js");
    // Without sc_interface_version the session would run at 3.3: no TLVs.
    script.arg("--sc-interface-version");
    let mut child = tokio::process::Command::from(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next_line().await.unwrap().unwrap()).unwrap();
    let port = first["port"].as_u64().unwrap() as u16;
    let mut cfg = ClientConfig::new("127.0.0.1", port, "esme", "secret");
    cfg.system_type = "VMA".into();
    cfg.session.interface_version = smpp_proto::InterfaceVersion::V50;
    let (client, _inbound) = Client::connect(cfg).await.unwrap();
    assert_eq!(
        client.interface_version(),
        smpp_proto::InterfaceVersion::V50
    );
    let at = std::time::UNIX_EPOCH + Duration::from_millis(1_768_465_800_200);
    let options = TextOptions::new("447700900123")
        .from("MyShop")
        .priority_flag(2)
        .protocol_id(0x41)
        .replace_if_present(true)
        .schedule_at(at)
        .validity_in(Duration::from_secs(7200))
        .tlv(0x2900, [0xCA, 0xFE])
        .tlv_placed(0x0204, [0x00, 0x07], TlvPlacement::FirstPart)
        .tlv_placed(0x0005, [0x01], TlvPlacement::FirstPart);
    let sent = client.send_text(&"n".repeat(200), &options).await.unwrap();
    assert!(sent.all_accepted(), "{:?}", sent.parts);
    client.unbind().await.unwrap();
    drop(child.stdin.take());
    let mut bind = None;
    let mut submits = Vec::new();
    while let Ok(Some(line)) = tokio::time::timeout(Duration::from_secs(5), lines.next_line())
        .await
        .unwrap_or(Ok(None))
    {
        let v: Value = serde_json::from_str(&line).unwrap();
        match v["event"].as_str() {
            Some("bind") => bind = Some(v),
            Some("submit_sm") => submits.push(v),
            Some("unbind") => break,
            _ => {}
        }
    }
    let bind = bind.expect("a bind");
    assert_eq!(
        (&bind["system_type"], &bind["interface_version"]),
        (&Value::from("VMA"), &Value::from(0x50)),
        "{bind}"
    );
    assert_eq!(submits.len(), 2, "{submits:?}");
    for (i, v) in submits.iter().enumerate() {
        assert_eq!(v["tlv_2900"], "cafe", "{v}");
        assert_eq!(v["priority_flag"], 2, "{v}");
        assert_eq!(v["protocol_id"], 0x41, "{v}");
        assert_eq!(v["replace_if_present_flag"], 1, "{v}");
        assert_eq!(v["addr_ton_npi"], serde_json::json!([5, 0, 1, 1]), "{v}");
        assert_eq!(v["source_addr"], "MyShop", "{v}");
        assert_eq!(
            v["schedule_delivery_time"], "2026-01-15T08:30:00.200Z",
            "{v}"
        );
        // node-smpp turns a relative time into a date from its clock.
        assert!(
            v["validity_period"]
                .as_str()
                .is_some_and(|t| t.starts_with("20")),
            "{v}"
        );
        let first = i == 0;
        assert_eq!(v["user_message_reference"].is_number(), first, "{v}");
        assert_eq!(v["dest_addr_subunit"].is_number(), first, "{v}");
    }
    assert_eq!(submits[0]["user_message_reference"], 7);
    assert_eq!(submits[0]["dest_addr_subunit"], 1);
}
