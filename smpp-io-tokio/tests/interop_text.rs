//! Long messages across implementations:
//! - python smpplib splits texts (GSM 7-bit with extension characters, and
//!   UCS-2 with emoji); our `concat::Reassembler` puts them back together
//!   and `text` decodes them to the same string;
//! - our splitter's parts go to node-smpp's server over SMPP; node-smpp
//!   decodes every part (GSM or UCS-2, UDH recognised), and its parts, put in
//!   UDH order, give back the original text.
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
