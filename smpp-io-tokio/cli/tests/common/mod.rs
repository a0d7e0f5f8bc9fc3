//! Helpers for the tests that run the `smpp` binary as a process: start
//! `smpp smsc` on an ephemeral port, run a subcommand with a time limit.
#![allow(dead_code)] // reason: each test file uses a subset

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_smpp");

/// Reads lines of `r` on a thread; each arrives on the returned channel.
pub(crate) fn lines_of(r: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A running `smpp smsc --json`; killed on drop. Its stdout lines are kept.
pub(crate) struct Smsc {
    pub(crate) child: Child,
    pub(crate) port: u16,
    log: Arc<Mutex<Vec<serde_json::Value>>>,
}

impl Smsc {
    pub(crate) fn start(args: &[&str]) -> Smsc {
        let mut child = Command::new(BIN)
            .args([
                "smsc",
                "--listen",
                "127.0.0.1:0",
                "--receipt-delay",
                "10",
                "--json",
            ])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("smpp runs");
        let err = lines_of(child.stderr.take().expect("stderr"));
        let line = err
            .recv_timeout(Duration::from_secs(20))
            .expect("smpp smsc prints its address");
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let out = lines_of(child.stdout.take().expect("stdout"));
        let l = log.clone();
        std::thread::spawn(move || {
            while let Ok(line) = out.recv() {
                if let Ok(v) = serde_json::from_str(&line) {
                    l.lock().expect("log").push(v);
                }
            }
        });
        Smsc { child, port, log }
    }

    pub(crate) fn url(&self, creds: &str) -> String {
        format!("smpp://{creds}@127.0.0.1:{}", self.port)
    }

    /// The log entries so far that `pred` accepts, in order.
    pub(crate) fn entries(
        &self,
        pred: impl Fn(&serde_json::Value) -> bool,
    ) -> Vec<serde_json::Value> {
        self.log
            .lock()
            .expect("log")
            .iter()
            .filter(|v| pred(v))
            .cloned()
            .collect()
    }

    /// Waits (at most 10 s) until the log has an entry that `pred` accepts.
    pub(crate) fn wait_for(&self, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(v) = self.log.lock().expect("log").iter().find(|v| pred(v)) {
                return v.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no such log entry in {:?}",
                self.log.lock().expect("log")
            );
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

/// Exit code, stdout and stderr of a finished run.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) took: Duration,
}

/// Runs `program args`, killing it (and failing the test) after `limit`.
pub(crate) fn run_limited(program: &str, args: &[&str], limit: Duration) -> Run {
    run_input(program, args, "", limit)
}

/// As [`run_limited`], with `input` on the program's stdin.
pub(crate) fn run_input(program: &str, args: &[&str], input: &str, limit: Duration) -> Run {
    let mut cmd = Command::new(program);
    cmd.args(args);
    run_command(cmd, input, limit)
}

/// Runs `cmd` with `input` on its stdin, killing it (and failing the test)
/// after `limit`.
pub(crate) fn run_command(mut cmd: Command, input: &str, limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?} runs: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_owned();
    // Written from a thread (a full pipe would block); closed when done.
    std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = lines_of(child.stdout.take().expect("stdout"));
    let err = lines_of(child.stderr.take().expect("stderr"));
    let code = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s.code().unwrap_or(-1);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = started.elapsed();
    // The reader threads end at EOF, which follows the exit.
    let collect = |rx: mpsc::Receiver<String>| {
        let mut s = String::new();
        while let Ok(l) = rx.recv_timeout(Duration::from_secs(5)) {
            s.push_str(&l);
            s.push('\n');
        }
        s
    };
    Run {
        code,
        stdout: collect(out),
        stderr: collect(err),
        took,
    }
}

/// A peer script run by node or python; killed on drop. Its stdout lines
/// arrive on `out`; its stdin stays open until it is dropped.
pub(crate) struct Peer {
    pub(crate) child: Child,
    pub(crate) out: mpsc::Receiver<String>,
}

impl Peer {
    pub(crate) fn spawn(program: &str, args: &[&str]) -> Peer {
        let mut cmd = Command::new(program);
        cmd.args(args);
        Peer::start(cmd)
    }

    /// Starts `cmd` (e.g. a script of a `peers::Program`).
    pub(crate) fn start(mut cmd: Command) -> Peer {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{cmd:?} runs: {e}"));
        let out = lines_of(child.stdout.take().expect("stdout"));
        Peer { child, out }
    }

    /// The next stdout line as JSON, within 20 s.
    pub(crate) fn next_json(&self) -> serde_json::Value {
        let line = self
            .out
            .recv_timeout(Duration::from_secs(20))
            .expect("a line from the peer within 20 s");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    /// Every JSON line printed so far (waits up to `quiet` for each more).
    pub(crate) fn drain(&self, quiet: Duration) -> Vec<serde_json::Value> {
        let mut v = Vec::new();
        while let Ok(line) = self.out.recv_timeout(quiet) {
            if let Ok(j) = serde_json::from_str(&line) {
                v.push(j);
            }
        }
        v
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the `smpp` binary with a 60 s limit.
pub(crate) fn smpp(args: &[&str]) -> Run {
    run_limited(BIN, args, Duration::from_secs(60))
}
