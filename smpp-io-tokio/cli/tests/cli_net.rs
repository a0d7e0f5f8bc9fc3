//! The `smpp` binary run as a process: demo, smsc, send, listen, bench, and
//! their error paths (unreachable host, wrong credentials, bad usage).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_smpp");

/// A running `smpp smsc`; stopped with SIGTERM on drop.
struct Smsc {
    child: Child,
    port: u16,
}

impl Smsc {
    fn start(args: &[&str]) -> Smsc {
        let mut child = Command::new(BIN)
            .args(["smsc", "--listen", "127.0.0.1:0", "--receipt-delay", "10"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
        Smsc { child, port }
    }

    fn url(&self, creds: &str) -> String {
        format!("smpp://{creds}@127.0.0.1:{}", self.port)
    }

    fn signal(&self, sig: &str) {
        Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .unwrap();
    }

    fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "smsc did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Smsc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn demo_runs_end_to_end() {
    let (code, out, err) = run(&["demo"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("All 4 parts accepted and delivered"), "{out}");
    assert_eq!(out.matches("DELIVRD").count(), 4);
}

#[test]
fn send_waits_for_receipts_and_smsc_exits_cleanly() {
    let mut smsc = Smsc::start(&[]);
    let url = smsc.url("esme:pw");
    let (code, out, err) = run(&[
        "send",
        "--url",
        &url,
        "--to",
        "447700900123",
        "--text",
        "Hi {there} €",
        "--wait-receipts",
        "--json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines
        .iter()
        .any(|v| v["event"] == "accepted" && v["encoding"] == "GSM 7-bit"));
    assert!(lines
        .iter()
        .any(|v| v["event"] == "receipt" && v["stat"] == "DELIVRD"));
    // A long UCS-2 text is split into parts, each accepted.
    let long = "Привет мир! ".repeat(10);
    let (code, out, _) = run(&[
        "send", "--url", &url, "--to", "1", "--text", &long, "--json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("\"event\":\"accepted\""))
            .count(),
        2,
        "{out}"
    );
    smsc.signal("-TERM");
    assert_eq!(smsc.wait_exit(), 0);
}

#[test]
fn bench_reports_json_summary() {
    let smsc = Smsc::start(&[]);
    let (code, out, err) = run(&[
        "bench",
        "--url",
        &smsc.url("b:p"),
        "--count",
        "2000",
        "--window",
        "16",
        "--connections",
        "2",
        "--json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    for k in [
        "sent",
        "ok",
        "failed",
        "seconds",
        "per_second",
        "p50_ms",
        "p99_ms",
    ] {
        assert!(v.get(k).is_some(), "{k} missing in {v}");
    }
    assert_eq!(v["ok"], 2000);
    assert_eq!(v["failed"], 0);
}

#[test]
fn listen_prints_mo_and_receipts() {
    let smsc = Smsc::start(&["--echo"]);
    let url = smsc.url("lis:pw");
    let mut listen = Command::new(BIN)
        .args(["listen", "--url", &url, "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it is bound.
    let mut line = String::new();
    BufReader::new(listen.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("bound"), "{line}");
    // Messages from the same system_id: the SMSC spreads MO echoes and
    // receipts over both bound sessions, so some reach `listen`.
    let (code, _, _) = run(&[
        "send",
        "--url",
        &url,
        "--to",
        "1",
        "--text",
        "ping",
        "--count",
        "6",
        "--wait-receipts",
        "--timeout",
        "2",
    ]);
    let _ = code; // some receipts go to `listen`, so `send` may miss them
    let mut out = BufReader::new(listen.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(v["event"] == "mo" || v["event"] == "receipt", "{v}");
    Command::new("kill")
        .args(["-INT", &listen.id().to_string()])
        .status()
        .unwrap();
    let status = listen.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn error_paths_exit_1_with_one_line() {
    // Nothing listens on this port.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (code, _, err) = run(&[
        "send",
        "--url",
        &format!("smpp://a:b@127.0.0.1:{dead}"),
        "--to",
        "1",
        "--text",
        "x",
    ]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot bind") && err.contains("a:***"),
        "{err}"
    );
    // Wrong credentials against a users file.
    let users = std::env::temp_dir().join(format!("smpp-users-{}", std::process::id()));
    std::fs::write(&users, "good:secret\n").unwrap();
    let smsc = Smsc::start(&["--users", users.to_str().unwrap()]);
    let (code, _, err) = run(&[
        "send",
        "--url",
        &smsc.url("good:wrong"),
        "--to",
        "1",
        "--text",
        "x",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("ESME_RINVPASWD"), "{err}");
    let (code, _, _) = run(&[
        "send",
        "--url",
        &smsc.url("good:secret"),
        "--to",
        "1",
        "--text",
        "x",
    ]);
    assert_eq!(code, 0);
    let _ = std::fs::remove_file(users);
    // A bad URL and a usage error.
    let (code, _, err) = run(&["send", "--url", "http://x", "--to", "1", "--text", "x"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = run(&["send", "--text", "x"]);
    assert_eq!(code, 2);
}

#[test]
fn sessions_per_system_id_are_limited() {
    let smsc = Smsc::start(&["--max-per-system-id", "1"]);
    let url = smsc.url("one:pw");
    let mut listen = Command::new(BIN)
        .args(["listen", "--url", &url])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(listen.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("bound"), "{line}");
    // A second bind as the same system_id is refused while the first holds.
    let (code, _, err) = run(&["send", "--url", &url, "--to", "1", "--text", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("ESME_RBINDFAIL"), "{err}");
    // Another system_id still binds.
    let (code, _, _) = run(&[
        "send",
        "--url",
        &smsc.url("two:pw"),
        "--to",
        "1",
        "--text",
        "x",
    ]);
    assert_eq!(code, 0);
    let _ = listen.kill();
    let _ = listen.wait();
}
