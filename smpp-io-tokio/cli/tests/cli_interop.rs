//! The `smpp` binary as a process against other people's SMPP code:
//! node-smpp's and python smpplib's clients against `smpp smsc`; `smpp send
//! --wait-receipts`, `smpp bench` and `smpp listen` against a node-smpp server;
//! and a bind refused by that server.
//!
//! Needs node, npm and python3 with venv; node-smpp and smpplib are
//! installed on first use (see the `peers` crate, tests/peers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::process::Command;
use std::time::Duration;

use common::{run_command, smpp, Peer, Smsc, BIN};

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// node-smpp's client binds to `smpp smsc`, submits five messages and gets
/// a DELIVRD receipt for each, matched by receipted_message_id.
#[test]
fn node_smpp_client_against_smpp_smsc() {
    let Some(node) = peers::node_smpp() else {
        return;
    };
    let smsc = Smsc::start(&[]);
    let mut esme = node.script("node_esme.js");
    esme.args([&smsc.port.to_string(), "5"]);
    let r = run_command(esme, "", Duration::from_secs(30));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let events = json_lines(&r.stdout);
    let ids: Vec<String> = events
        .iter()
        .filter(|v| v["event"] == "submit_sm_resp")
        .map(|v| v["message_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 5, "{events:?}");
    let receipts: Vec<&serde_json::Value> = events
        .iter()
        .filter(|v| v["event"] == "deliver_sm")
        .collect();
    assert_eq!(receipts.len(), 5);
    for v in receipts {
        assert_eq!(v["esm_class"], 4);
        assert!(v["text"].as_str().unwrap().contains("stat:DELIVRD"), "{v}");
        let rid = v["receipted_message_id"].as_str().unwrap();
        assert!(ids.iter().any(|id| id == rid), "{rid} not in {ids:?}");
    }
    assert_eq!(
        events
            .iter()
            .filter(|v| v["event"] == "unbind_resp")
            .count(),
        1
    );
    // The simulator logged node-smpp's text, € and braces included.
    smsc.wait_for(|v| v["event"] == "bind" && v["system_id"] == "smppclient1");
    smsc.wait_for(|v| v["event"] == "receipt" && v["delivered"] == true);
}

/// python smpplib's client binds to `smpp smsc`, sends a short and a long
/// (split) message and gets a receipt for every part.
#[test]
fn smpplib_client_against_smpp_smsc() {
    let Some(python) = peers::smpplib() else {
        return;
    };
    let smsc = Smsc::start(&[]);
    let texts = "\"short GSM\"\n\"a long text that smpplib splits: ".to_string()
        + &"0123456789".repeat(20)
        + "\"\n";
    let mut esme = python.script("smpplib_esme.py");
    esme.args([&smsc.port.to_string(), "transceiver"]);
    let r = run_command(esme, &texts, Duration::from_secs(30));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let events = json_lines(&r.stdout);
    let count = |e: &str| events.iter().filter(|v| v["event"] == e).count();
    assert_eq!(count("submit_sm_resp"), 3, "1 + 2 parts: {events:?}");
    assert!(events
        .iter()
        .all(|v| v["event"] != "submit_sm_resp" || v["status"] == 0));
    assert_eq!(count("deliver_sm"), 3, "a receipt per part");
    assert!(events
        .iter()
        .filter(|v| v["event"] == "deliver_sm")
        .all(|v| v["text"].as_str().unwrap().contains("stat:DELIVRD")));
    assert_eq!(events.last().unwrap()["event"], "unbound");
}

/// Starts tests/interop/node_smsc.js (password `secret`) and returns it with
/// its port.
fn node_smsc(node: &peers::Program, args: &[&str]) -> (Peer, u16) {
    let mut smsc = node.script("node_smsc.js");
    smsc.args(args);
    let peer = Peer::start(smsc);
    let first = peer.next_json();
    let port = first["port"].as_u64().expect("node_smsc prints its port") as u16;
    (peer, port)
}

/// `smpp send --wait-receipts` and `smpp bench` against node-smpp's server;
/// a wrong password is refused by it in one line.
#[test]
fn send_and_bench_against_node_smpp_server() {
    let Some(node_smpp) = peers::node_smpp() else {
        return;
    };
    let (node, port) = node_smsc(&node_smpp, &[]);
    let url = format!("smpp://esme1:secret@127.0.0.1:{port}");
    let r = smpp(&[
        "send",
        "--url",
        &url,
        "--to",
        "447700900123",
        "--to",
        "447700900124",
        "--text",
        "Hello {node} €",
        "--wait-receipts",
        "--timeout",
        "10",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.matches("accepted  to").count(), 2, "{}", r.stdout);
    assert_eq!(r.stdout.matches("stat DELIVRD").count(), 2, "{}", r.stdout);
    // Bulk with receipts: the summary counts them.
    let r = smpp(&[
        "send",
        "--url",
        &url,
        "--to",
        "1",
        "--text",
        "bulk",
        "--count",
        "20",
        "--wait-receipts",
        "--json",
        "--timeout",
        "10",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(r.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["accepted"], 20, "{summary}");
    assert_eq!(summary["receipts"]["DELIVRD"], 20, "{summary}");
    assert_eq!(summary["receipts_missing"], 0, "{summary}");

    let r = smpp(&[
        "bench",
        "--url",
        &url,
        "--count",
        "500",
        "--window",
        "8",
        "--connections",
        "2",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(
        (v["sent"].as_u64(), v["ok"].as_u64(), v["failed"].as_u64()),
        (Some(500), Some(500), Some(0)),
        "{v}"
    );
    assert!(v["per_second"].as_f64().unwrap() > 0.0);

    // node-smpp saw the GSM text as sent.
    let seen = node.drain(Duration::from_millis(500));
    assert!(
        seen.iter()
            .any(|v| v["event"] == "submit_sm" && v["text"] == "Hello {node} €"),
        "{seen:?}"
    );
    assert!(seen.iter().all(|v| v["event"] != "error"), "{seen:?}");

    // Bind refused by the foreign server: exit 1, one line naming the status.
    let r = smpp(&[
        "send",
        "--url",
        &format!("smpp://esme1:wrong@127.0.0.1:{port}"),
        "--to",
        "1",
        "--text",
        "x",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("ESME_RINVPASWD"), "{}", r.stderr);
}

/// `smpp listen` prints the MO message and the receipt node-smpp pushes,
/// answers both, and exits 0 on SIGINT.
#[test]
fn listen_receives_what_node_smpp_pushes() {
    let Some(node_smpp) = peers::node_smpp() else {
        return;
    };
    let (node, port) = node_smsc(&node_smpp, &["--push"]);
    for bind in ["receiver", "transceiver"] {
        let mut listen = Peer::spawn(
            BIN,
            &[
                "listen",
                "--url",
                &format!("smpp://esme1:secret@127.0.0.1:{port}"),
                "--bind",
                bind,
                "--json",
            ],
        );
        let mut got = vec![listen.next_json(), listen.next_json()];
        got.sort_by_key(|v| v["event"].as_str().unwrap_or("").to_string());
        assert_eq!(got[0]["event"], "mo", "{got:?}");
        assert_eq!(got[0]["from"], "447700900999");
        assert_eq!(got[0]["to"], "12345");
        assert_eq!(got[0]["text"], "MO from node-smpp");
        assert_eq!(got[1]["event"], "receipt", "{got:?}");
        assert_eq!(got[1]["message_id"], "node-42");
        assert_eq!(got[1]["stat"], "DELIVRD");
        Command::new("kill")
            .args(["-INT", &listen.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let code = loop {
            if let Some(s) = listen.child.try_wait().unwrap() {
                break s.code();
            }
            assert!(std::time::Instant::now() < deadline, "listen did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(code, Some(0), "{bind}");
    }
    // node-smpp got a deliver_sm_resp with ESME_ROK for each push.
    let acks: Vec<serde_json::Value> = node
        .drain(Duration::from_millis(500))
        .into_iter()
        .filter(|v| v["event"] == "deliver_sm_resp")
        .collect();
    assert_eq!(acks.len(), 4, "{acks:?}");
    assert!(acks.iter().all(|v| v["command_status"] == 0), "{acks:?}");
}
