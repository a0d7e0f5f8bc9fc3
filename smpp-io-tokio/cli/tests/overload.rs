//! Overload and stuck peers (issue 13): the simulator's log is bounded
//! whatever its reader does, a receiver that never reads is passed over for
//! a live session of its system_id and costs bounded memory, what could not
//! be delivered is sent again and logged as not delivered, and a
//! generic_nack is never a delivery (SMPP 3.4 §4.3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{lines_of, Smsc, BIN};
use smpp_cli::sim::{self, SimConfig};
use smpp_io_tokio::{Client, ClientConfig, OwnedPdu, ServerConfig};
use smpp_proto::codec::{Bind, SubmitSm};
use smpp_proto::{CommandId, CommandStatus, Header, InterfaceVersion, Pdu};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

/// The most resident memory a simulator under these tests may reach.
const RSS_BOUND_KB: u64 = 64 * 1024;

/// Waits for `child` to end (at most `limit`), sampling `watched`'s VmRSS
/// every 100 ms; kills `child` and fails once it passes [`RSS_BOUND_KB`].
/// Returns the exit code and the highest VmRSS seen.
fn wait_watching(child: &mut std::process::Child, watched: u32, limit: Duration) -> (i32, u64) {
    let started = Instant::now();
    let mut max = 0;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return (s.code().unwrap_or(-1), max);
        }
        let rss = peers::rss_kb(watched).unwrap_or(0);
        max = max.max(rss);
        if rss > RSS_BOUND_KB || started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "after {:?}: smsc at {rss} kB (bound {RSS_BOUND_KB} kB)",
                started.elapsed()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `smpp smsc` whose stdout is never read, under `smpp bench`: its memory
/// stays bounded, bench finishes, and once stdout is read again every line
/// is accounted for: printed, or counted in a `log_dropped` line.
#[cfg(target_os = "linux")]
#[test]
fn smsc_with_an_unread_stdout_stays_bounded() {
    const COUNT: u64 = 100_000;
    let mut smsc = Command::new(BIN)
        .args(["smsc", "--listen", "127.0.0.1:0", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Held open, not read, until bench is done.
    let stdout = smsc.stdout.take().unwrap();
    let err = lines_of(smsc.stderr.take().unwrap());
    let line = err.recv_timeout(Duration::from_secs(20)).unwrap();
    let port = line.trim().rsplit(':').next().unwrap().to_string();
    let mut bench = Command::new(BIN)
        .args([
            "bench",
            "--url",
            &format!("smpp://b:pw@127.0.0.1:{port}"),
            "--count",
            &COUNT.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (code, max_rss) = wait_watching(&mut bench, smsc.id(), Duration::from_secs(180));
    let mut out = String::new();
    bench
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(code, 0, "bench: {out}");
    eprintln!("bench: {out}smsc max VmRSS {max_rss} kB");

    // One bind and COUNT submit_sm lines: each printed or counted.
    let lines = lines_of(stdout);
    let (mut printed, mut dropped) = (0u64, 0u64);
    while printed + dropped < COUNT + 1 {
        let Ok(l) = lines.recv_timeout(Duration::from_secs(10)) else {
            break;
        };
        let v: serde_json::Value = serde_json::from_str(&l).unwrap();
        match v["event"].as_str() {
            Some("log_dropped") => dropped += v["lines"].as_u64().unwrap(),
            _ => printed += 1,
        }
    }
    let _ = smsc.kill();
    let _ = smsc.wait();
    eprintln!("{printed} lines printed, {dropped} dropped");
    assert!(dropped > 0, "the log never filled ({printed} printed)");
    assert_eq!(
        printed + dropped,
        COUNT + 1,
        "{printed} printed, {dropped} dropped"
    );
}

/// Binds `system_id` on a raw connection and never reads after the
/// bind_resp.
async fn bind_and_never_read(port: u16, system_id: &str, receiver: bool) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let bind = Bind {
        system_id: system_id.as_bytes(),
        password: b"pw",
        interface_version: InterfaceVersion::V34,
        ..Bind::default()
    };
    let pdu = if receiver {
        Pdu::BindReceiver(bind)
    } else {
        Pdu::BindTransceiver(bind)
    };
    let bytes = OwnedPdu::encode(&pdu, CommandStatus::ESME_ROK, 1).unwrap();
    s.write_all(bytes.as_bytes()).await.unwrap();
    let mut head = [0u8; 16];
    timeout(WAIT, s.read_exact(&mut head))
        .await
        .unwrap()
        .unwrap();
    let h = Header::parse(&head).unwrap();
    assert!(h.command_status.is_ok(), "bind refused: {h:?}");
    let mut body = vec![0u8; h.command_length as usize - 16];
    timeout(WAIT, s.read_exact(&mut body))
        .await
        .unwrap()
        .unwrap();
    s
}

/// The deliver_sm a never-reading connection was sent, read at last.
async fn delivered_to(mut s: TcpStream) -> usize {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 65536];
    while let Ok(Ok(n)) = timeout(Duration::from_millis(300), s.read(&mut buf)).await {
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    let mut count = 0;
    let mut at = 0;
    while let Some(h) = bytes.get(at..).and_then(Header::parse) {
        count += usize::from(h.command_id == CommandId::DELIVER_SM);
        at += h.command_length as usize;
    }
    count
}

/// Submits message `i` with registered_delivery; panics unless accepted.
async fn submit(client: &Client, i: u32) {
    let text = format!("m{i}");
    let sm = SubmitSm {
        source_addr: b"smpp-rs",
        destination_addr: b"447700900123",
        registered_delivery: 1,
        short_message: text.as_bytes(),
        ..SubmitSm::default()
    };
    let r = timeout(WAIT, client.submit_sm(&sm)).await.unwrap().unwrap();
    assert!(r.command_status().is_ok(), "{r:?}");
}

/// A receiver of system_id X that never reads, beside a live transceiver of
/// X that sends with registered_delivery and --echo on: the live one gets
/// every receipt and MO message; the stuck one was sent at most one window
/// (then one probe per response_timeout); what it held is logged as not
/// delivered and sent again to the live one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_never_reads_is_passed_over() {
    const N: u32 = 300;
    let mut server = ServerConfig::default();
    server.session.response_timeout = smpp_proto::time::Duration::from_millis(1000);
    let window = server.session.window;
    let mut sim = sim::start(
        "127.0.0.1:0",
        server,
        SimConfig {
            receipt_delay: Duration::from_millis(10),
            echo: true,
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let port = sim.local_addr().port();
    let mut log = Vec::new();
    let stuck = bind_and_never_read(port, "X", true).await;
    let (client, mut inbox) = timeout(
        WAIT,
        Client::connect(ClientConfig::new("127.0.0.1", port, "X", "pw")),
    )
    .await
    .unwrap()
    .unwrap();
    let started = Instant::now();
    let sender = {
        let client = client.clone();
        tokio::spawn(async move {
            // All at once: the client holds them at its window.
            futures_util::future::join_all((0..N).map(|i| submit(&client, i))).await;
        })
    };
    let (mut receipts, mut mo) = (0, 0);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while receipts < N || mo < N {
        let got = tokio::select! {
            got = inbox.recv() => got,
            Some(line) = sim.log.recv() => {
                log.push(line.to_json());
                continue;
            }
            () = tokio::time::sleep_until(deadline) => None,
        };
        let Some(got) = got else { break };
        match got.pdu.pdu() {
            Ok(Pdu::DeliverSm(sm)) if sm.esm_class & 0x04 != 0 => receipts += 1,
            Ok(Pdu::DeliverSm(_)) => mo += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    let took = started.elapsed();
    timeout(WAIT, sender).await.unwrap().unwrap();
    assert_eq!(
        (receipts, mo),
        (N, N),
        "the live transceiver got {receipts} receipts and {mo} MO of {N} in {took:?}"
    );
    let _ = timeout(WAIT, client.unbind()).await;
    let stuck_got = delivered_to(stuck).await;
    // One window, then at most one probe per response_timeout (1 s).
    let probes = took.as_secs() as usize + 1;
    assert!(
        stuck_got <= window + probes,
        "the stuck receiver was sent {stuck_got} (window {window}, {took:?})"
    );
    // Each delivery it held: logged as not delivered, then delivered again.
    while let Ok(Some(line)) = timeout(Duration::from_millis(300), sim.log.recv()).await {
        log.push(line.to_json());
    }
    let deliveries = |outcome: &str| {
        log.iter()
            .filter(|v| (v["event"] == "receipt" || v["event"] == "mo") && v["outcome"] == outcome)
            .count()
    };
    let (delivered, retried) = (deliveries("delivered"), deliveries("retry"));
    eprintln!(
        "stuck receiver sent {stuck_got}; {delivered} delivered, {retried} logged not delivered (will retry), in {took:?}"
    );
    assert_eq!(delivered, 2 * N as usize, "{log:?}");
    assert!(retried >= stuck_got.min(window), "{retried} retry lines");
    for v in log.iter().filter(|v| v["outcome"] == "retry") {
        assert_eq!(v["delivered"], false, "{v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    }
    let late = log
        .iter()
        .filter(|v| v["outcome"] == "delivered" && v["attempt"].as_u64() > Some(1))
        .count();
    assert_eq!(late, retried, "every retried delivery arrived later");
    sim.shutdown(WAIT).await;
}

/// The same through the binary, as the issue saw it: `smpp smsc --echo`, a
/// receiver of X that never reads, and `smpp send --count --wait-receipts`
/// as X. Every receipt arrives (those the stuck receiver held, after its
/// response_timeout), and the simulator's memory stays bounded.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smsc_with_a_receiver_that_never_reads_stays_bounded() {
    let smsc = Smsc::start(&["--echo"]);
    let stuck = bind_and_never_read(smsc.port, "X", true).await;
    let url = smsc.url("X:pw");
    let pid = smsc.child.id();
    let run = tokio::task::spawn_blocking(move || {
        let mut send = Command::new(BIN)
            .args([
                "send",
                "--url",
                &url,
                "--to",
                "447700900123",
                "--text",
                "hello",
                "--count",
                "5000",
                "--wait-receipts",
                "--timeout",
                "60",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = lines_of(send.stdout.take().unwrap());
        let err = lines_of(send.stderr.take().unwrap());
        let (code, max_rss) = wait_watching(&mut send, pid, Duration::from_secs(120));
        let text: Vec<String> = out.try_iter().chain(err.try_iter()).collect();
        (code, max_rss, text)
    });
    let (code, max_rss, text) = run.await.unwrap();
    eprintln!("smsc max VmRSS {max_rss} kB; send: {text:?}");
    assert_eq!(code, 0, "{text:?}");
    let summary = text.iter().find(|l| l.contains("receipts {")).unwrap();
    assert!(summary.contains("\"DELIVRD\": 5000"), "{summary}");
    drop(stuck);
}

/// SMPP 3.4 §4.3: a generic_nack answering a receipt, even with
/// command_status 0, means the ESME did not take it: logged as refused, not
/// delivered, and not sent again.
#[tokio::test]
async fn a_generic_nack_is_never_a_delivery() {
    let mut sim = sim::start(
        "127.0.0.1:0",
        ServerConfig::default(),
        SimConfig {
            receipt_delay: Duration::from_millis(10),
            ..SimConfig::default()
        },
    )
    .await
    .unwrap();
    let port = sim.local_addr().port();
    let mut cfg = ClientConfig::new("127.0.0.1", port, "nack", "pw");
    cfg.auto_respond = false;
    let (client, mut inbox) = timeout(WAIT, Client::connect(cfg)).await.unwrap().unwrap();
    submit(&client, 1).await;
    let receipt = timeout(WAIT, inbox.recv()).await.unwrap().unwrap();
    let nack = OwnedPdu::encode(&Pdu::GenericNack, CommandStatus::ESME_ROK, 0).unwrap();
    receipt.respond(nack).unwrap();
    let line = timeout(WAIT, async {
        loop {
            let v = sim.log.recv().await.unwrap().to_json();
            if v["event"] == "receipt" {
                return v;
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(line["delivered"], false, "{line}");
    assert_eq!(line["outcome"], "refused", "{line}");
    assert_eq!(line["response"], "generic_nack", "{line}");
    // Not sent again.
    assert!(
        timeout(Duration::from_millis(1500), inbox.recv())
            .await
            .is_err(),
        "the refused receipt came again"
    );
    let _ = timeout(WAIT, client.unbind()).await;
    sim.shutdown(WAIT).await;
}

/// An MO echo with nobody bound to take it is logged as not delivered (in
/// the text log too) and goes to the next receiver that binds.
#[cfg(unix)]
#[test]
fn undelivered_mo_is_logged_and_goes_to_the_next_bind() {
    let mut smsc = Command::new(BIN)
        .args([
            "smsc",
            "--listen",
            "127.0.0.1:0",
            "--echo",
            "--receipt-delay",
            "500",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = lines_of(smsc.stderr.take().unwrap());
    let out = lines_of(smsc.stdout.take().unwrap());
    let line = err.recv_timeout(Duration::from_secs(20)).unwrap();
    let port = line.trim().rsplit(':').next().unwrap().to_string();
    let url = format!("smpp://echo:pw@127.0.0.1:{port}");
    // Sends, and unbinds before the echo comes back.
    let r = common::run_limited(
        BIN,
        &["send", "--url", &url, "--to", "1", "--text", "ping"],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let wait_line = |pred: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(l) = out.recv_timeout(Duration::from_millis(100)) {
                if pred(&l) {
                    return l;
                }
                seen.push(l);
            }
        }
        panic!("no such line in {seen:?}");
    };
    let failed = wait_line(&|l| l.starts_with("mo "));
    assert!(
        failed.contains("NOT DELIVERED") && failed.contains("will retry"),
        "{failed}"
    );
    let mut listen = Command::new(BIN)
        .args(["listen", "--url", &url, "--bind", "receiver"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let heard = lines_of(listen.stdout.take().unwrap());
    let delivered = wait_line(&|l| l.starts_with("mo "));
    assert!(delivered.contains("delivered at attempt 2"), "{delivered}");
    let got = heard.recv_timeout(WAIT).unwrap_or_default();
    let _ = listen.kill();
    let _ = listen.wait();
    let _ = smsc.kill();
    let _ = smsc.wait();
    assert!(got.contains("ping"), "listen printed {got:?}");
}
