//! python smpplib's client against our SMSC server: bind of each type, short
//! and long messages in GSM 7-bit and UCS-2 (split by smpplib, reassembled
//! here), delivery receipts, enquire_link, unbind.
//!
//! Needs python3 with venv; smpplib is installed on first use (see the
//! `peers` crate, tests/peers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use smpp_cli::sim::{self, SimConfig};
use smpp_io_tokio::ServerConfig;
use smpp_proto::concat::{Pushed, Reassembler, Segment};
use smpp_proto::text::{DataCoding, Encoding, Packing};
use smpp_proto::time::{Duration as SmppDuration, Instant};
use smpp_proto::Tlvs;
use tokio::io::AsyncWriteExt;

async fn run_smpplib(
    python: &peers::Program,
    port: u16,
    bind: &str,
    texts: &[&str],
) -> (bool, Vec<Value>) {
    let mut child = tokio::process::Command::from(python.script("smpplib_esme.py"))
        .args([port.to_string(), bind.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for t in texts {
        stdin
            .write_all(format!("{}\n", serde_json::to_string(t).unwrap()).as_bytes())
            .await
            .unwrap();
    }
    drop(stdin);
    let out = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let events = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    if !out.status.success() {
        eprintln!("smpplib stderr:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    (out.status.success(), events)
}

#[tokio::test]
async fn smpplib_client_against_our_server() {
    let Some(python) = peers::smpplib() else {
        return;
    };
    let mut sim = sim::start(
        "127.0.0.1:0",
        ServerConfig::default(),
        SimConfig {
            receipt_delay: Duration::from_millis(5),
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let port = sim.server.local_addr().port();
    let texts = [
        "short GSM",
        "A long GSM text with € and {braces} and [brackets] that needs more than one part of one hundred and fifty-three septets, so smpplib splits it with a UDH.",
        "Unicode Привет 👋 long enough to need two parts of sixty-seven UTF-16 code units each, which smpplib splits.",
    ];
    // Binds of each type.
    for bind in ["transmitter", "receiver"] {
        let (ok, events) = run_smpplib(&python, port, bind, &[]).await;
        assert!(ok, "{bind}: {events:?}");
        assert!(events.iter().any(|e| e["event"] == "bound"));
    }
    let (ok, events) = run_smpplib(&python, port, "transceiver", &texts).await;
    assert!(ok, "{events:?}");
    let count = |e: &str| events.iter().filter(|v| v["event"] == e).count();
    let sent = count("submit_sm_resp");
    assert!(
        sent > texts.len(),
        "long texts take several parts: {events:?}"
    );
    assert_eq!(count("deliver_sm"), sent, "a receipt per part");
    assert!(events
        .iter()
        .all(|v| v["event"] != "submit_sm_resp" || v["status"] == 0));
    assert_eq!(count("enquire_link_resp"), 1);
    assert!(events.last().unwrap()["event"] == "unbound");

    // What the server received, reassembled here: the same texts.
    let received = Arc::new(Mutex::new(Vec::new()));
    while let Ok(Some(l)) = tokio::time::timeout(Duration::from_millis(200), sim.log.recv()).await {
        let l = l.to_json();
        if l["event"] == "submit_sm" {
            received.lock().unwrap().push(l);
        }
    }
    let parts: Vec<(Vec<u8>, u8, DataCoding)> = received
        .lock()
        .unwrap()
        .iter()
        .map(|v| {
            (
                hex::decode(v["short_message"].as_str().unwrap()).unwrap(),
                v["esm_class"].as_u64().unwrap() as u8,
                DataCoding(v["data_coding"].as_u64().unwrap() as u8),
            )
        })
        .collect();
    let mut store: Reassembler<4, 8, 2048> = Reassembler::new(SmppDuration::from_secs(60));
    let mut texts_out = Vec::new();
    for (sm, esm, dc) in &parts {
        let (esm, dc) = (*esm, *dc);
        let seg = Segment::new(esm, sm, &Tlvs::EMPTY).unwrap();
        if let Pushed::Complete(msg) = store
            .push(Instant::ZERO, b"smpplib", b"447700900123", &seg)
            .unwrap()
        {
            let mut buf = [0u8; 2048];
            let enc = dc.encoding(Encoding::GSM7).unwrap();
            texts_out.push(
                msg.decode_into(enc, Packing::Unpacked, &mut buf)
                    .unwrap()
                    .to_string(),
            );
        }
    }
    texts_out.sort();
    let mut want: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
    want.sort();
    assert_eq!(texts_out, want);
}
