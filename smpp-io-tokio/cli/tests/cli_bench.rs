//! `smpp bench` against `smpp smsc --quiet`, as the whole-process comparison
//! (`tests/bench/compare.py`) runs them: the exact count over connections that
//! do not divide it, a full summary, and not one line from the quiet simulator.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{lines_of, run_limited, BIN};

#[test]
fn bench_against_a_quiet_smsc() {
    let mut smsc = Command::new(BIN)
        .args(["smsc", "--listen", "127.0.0.1:0", "--quiet", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("smpp runs");
    let err = lines_of(smsc.stderr.take().expect("stderr"));
    let line = err
        .recv_timeout(Duration::from_secs(20))
        .expect("smpp smsc prints its address");
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    let url = format!("smpp://bench:bench@127.0.0.1:{port}");
    let r = run_limited(
        BIN,
        &[
            "bench",
            "--url",
            &url,
            "--count",
            "1000",
            "--window",
            "16",
            "--connections",
            "3",
            "--json",
        ],
        Duration::from_secs(30),
    );
    let _ = smsc.kill();
    let _ = smsc.wait();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(r.stdout.lines().last().unwrap_or_default()).expect("JSON summary");
    assert_eq!(summary["sent"], 1000, "{summary}");
    assert_eq!(summary["ok"], 1000, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    let p50 = summary["p50_ms"].as_f64().expect("p50_ms");
    let p99 = summary["p99_ms"].as_f64().expect("p99_ms");
    assert!(p50 > 0.0 && p50 <= p99, "{summary}");
    let mut out = String::new();
    smsc.stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("smsc stdout");
    assert!(out.is_empty(), "--quiet printed {out:?}");
}
