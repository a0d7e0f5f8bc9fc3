//! Issue 13, points 3 (the `send --count` part), 4, 5 and 9, through the
//! `smpp` binary run as a process (and the library over real sockets): a
//! signal is never lost and `send` answers the first one with a summary and
//! an unbind; `--timeout` bounds the whole of `send`, bind included; a link
//! that answers nothing is declared dead once; a submit_sm_resp with status
//! 0 and no message_id is no acceptance; `send --count N` holds memory
//! independent of N. Every wait is bounded; every port is 127.0.0.1:0.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use common::{lines_of, run_limited, BIN};

// ----- a raw SMSC ---------------------------------------------------------

/// How the raw SMSC behaves after accepting a connection.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Answers bind, submit_sm (after `delay`, with a message_id),
    /// enquire_link and unbind.
    Answer { delay: Duration },
    /// As `Answer`, but its submit_sm_resp has command_status 0 and no body.
    NoMessageId,
    /// Answers the bind and enquire_link, then nothing: an SMSC whose
    /// application is stuck while its SMPP layer still answers keep-alives.
    Stuck,
    /// Answers submit_sm with sequence_numbers never sent (and enquire_link).
    WrongSequence,
    /// Accepts the connection and never answers anything, the bind included.
    NoBind,
}

/// bind_receiver, bind_transmitter, bind_transceiver.
const BINDS: [u32; 3] = [0x0000_0001, 0x0000_0002, 0x0000_0009];
const SUBMIT_SM: u32 = 0x0000_0004;
const ENQUIRE_LINK: u32 = 0x0000_0015;
const UNBIND: u32 = 0x0000_0006;

/// A hand-written SMSC on 127.0.0.1:0: one thread per connection, stopped
/// on drop. It records the command_id of every PDU it reads.
struct RawSmsc {
    port: u16,
    seen: Arc<Mutex<Vec<u32>>>,
    stop: Arc<AtomicBool>,
}

fn pdu(command_id: u32, status: u32, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(16 + body.len());
    b.extend_from_slice(&(16 + body.len() as u32).to_be_bytes());
    b.extend_from_slice(&command_id.to_be_bytes());
    b.extend_from_slice(&status.to_be_bytes());
    b.extend_from_slice(&seq.to_be_bytes());
    b.extend_from_slice(body);
    b
}

/// Reads one PDU's header and skips its body; `None` at the end of the
/// stream or once `stop` is set.
fn read_header(s: &mut TcpStream, stop: &AtomicBool) -> Option<(u32, u32)> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let mut need = 16usize;
    loop {
        if got.len() >= need {
            break;
        }
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let want = (need - got.len()).min(buf.len());
        match s.read(&mut buf[..want]) {
            Ok(0) => return None,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return None,
        }
        if got.len() >= 16 && need == 16 {
            need = u32::from_be_bytes(got[0..4].try_into().unwrap()) as usize;
        }
    }
    let id = u32::from_be_bytes(got[4..8].try_into().unwrap());
    let seq = u32::from_be_bytes(got[12..16].try_into().unwrap());
    Some((id, seq))
}

impl RawSmsc {
    fn start(mode: Mode) -> RawSmsc {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        let port = l.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen2, stop2) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match l.accept() {
                    Ok((s, _)) => {
                        let (seen, stop) = (seen2.clone(), stop2.clone());
                        std::thread::spawn(move || serve(s, mode, &seen, &stop));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        RawSmsc { port, seen, stop }
    }

    fn url(&self) -> String {
        format!("smpp://esme:pw@127.0.0.1:{}", self.port)
    }

    fn count(&self, command_id: u32) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|&&c| c == command_id)
            .count()
    }

    /// Waits (at most 20 s) until `n` PDUs of `command_id` were read.
    fn wait_count(&self, command_id: u32, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.count(command_id) < n {
            assert!(
                Instant::now() < deadline,
                "{} of {n} PDUs 0x{command_id:08x} in 20 s",
                self.count(command_id)
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for RawSmsc {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(mut s: TcpStream, mode: Mode, seen: &Mutex<Vec<u32>>, stop: &AtomicBool) {
    s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let _ = s.set_nodelay(true);
    let mut next_id = 0u32;
    while let Some((id, seq)) = read_header(&mut s, stop) {
        seen.lock().unwrap().push(id);
        let answer = match (mode, id) {
            (Mode::NoBind, _) => None,
            (_, bind) if BINDS.contains(&bind) => Some(pdu(0x8000_0000 | bind, 0, seq, b"raw\0")),
            (
                Mode::Stuck | Mode::WrongSequence | Mode::Answer { .. } | Mode::NoMessageId,
                ENQUIRE_LINK,
            ) => Some(pdu(0x8000_0015, 0, seq, b"")),
            (Mode::Answer { delay }, SUBMIT_SM) => {
                std::thread::sleep(delay);
                next_id += 1;
                Some(pdu(0x8000_0004, 0, seq, format!("m{next_id}\0").as_bytes()))
            }
            (Mode::NoMessageId, SUBMIT_SM) => Some(pdu(0x8000_0004, 0, seq, b"")),
            (Mode::WrongSequence, SUBMIT_SM) => {
                Some(pdu(0x8000_0004, 0, seq.wrapping_add(100_000), b"x\0"))
            }
            (Mode::Answer { .. } | Mode::NoMessageId, UNBIND) => {
                Some(pdu(0x8000_0006, 0, seq, b""))
            }
            _ => None,
        };
        if let Some(a) = answer {
            if s.write_all(&a).is_err() {
                return;
            }
        }
    }
}

// ----- processes -------------------------------------------------------

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig}");
}

/// Waits at most `limit` for `child` to exit; its exit code.
fn wait_exit(child: &mut Child, limit: Duration) -> i32 {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s.code().unwrap_or(-1);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A child killed on drop, whatever happens to the test.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(args: &[&str]) -> (Proc, mpsc::Receiver<String>, mpsc::Receiver<String>) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines_of(child.stdout.take().unwrap());
    let err = lines_of(child.stderr.take().unwrap());
    (Proc(child), out, err)
}

fn drain(rx: &mpsc::Receiver<String>) -> Vec<String> {
    let mut v = Vec::new();
    // The process has exited: its pipes close at once.
    while let Ok(l) = rx.recv_timeout(Duration::from_secs(2)) {
        v.push(l);
    }
    v
}

fn summary(out: &[String]) -> serde_json::Value {
    out.iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["event"] == "summary")
        .unwrap_or_else(|| panic!("no summary in {out:?}"))
}

fn n(v: &serde_json::Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or_else(|| panic!("no {k} in {v}"))
}

/// The port a `smpp smsc` prints on its first stderr line.
fn smsc_port(err: &mpsc::Receiver<String>) -> u16 {
    let line = err.recv_timeout(Duration::from_secs(20)).unwrap();
    line.trim().rsplit(':').next().unwrap().parse().unwrap()
}

// ----- 13.4: signals --------------------------------------------------------

/// SIGTERM mid-run: `send` stops submitting, waits for what is in flight,
/// unbinds, prints what was accepted, failed and not sent, and exits 1.
/// Before, it died at once: no summary, no unbind.
#[test]
fn send_stops_at_the_first_sigterm_with_a_summary_and_an_unbind() {
    for sig in ["-TERM", "-INT"] {
        let smsc = RawSmsc::start(Mode::Answer {
            delay: Duration::from_millis(1),
        });
        let url = smsc.url();
        let (mut p, out, err) = spawn(&[
            "send", "--url", &url, "--to", "1", "--text", "hi", "--count", "5000", "--json",
        ]);
        smsc.wait_count(SUBMIT_SM, 100);
        signal(&p.0, sig);
        let t = Instant::now();
        let code = wait_exit(&mut p.0, Duration::from_secs(10));
        let took = t.elapsed();
        let (out, err) = (drain(&out), drain(&err));
        assert_eq!(code, 1, "{out:?} {err:?}");
        assert!(took < Duration::from_secs(8), "{took:?}");
        let s = summary(&out);
        let name = if sig == "-TERM" { "SIGTERM" } else { "SIGINT" };
        assert_eq!(s["stopped"], name, "{s}");
        let (accepted, failed, unknown, not_sent) = (
            n(&s, "accepted"),
            n(&s, "failed"),
            n(&s, "unknown"),
            n(&s, "not_sent"),
        );
        assert!(accepted >= 100, "{s}");
        assert!(not_sent > 0, "{s}");
        assert!(unknown <= failed);
        assert_eq!(accepted + failed + not_sent, 5000, "{s}");
        assert_eq!(n(&s, "sent"), accepted + failed);
        // The SMSC accepted exactly what the summary says it did.
        assert!(smsc.count(SUBMIT_SM) as u64 >= accepted);
        let line = err.join("\n");
        assert!(line.contains(&format!("stopped by {name}")), "{line}");
        assert!(line.contains(&format!("{accepted} accepted")), "{line}");
        assert_eq!(smsc.count(UNBIND), 1, "the SMSC saw the unbind");
    }
}

/// A second signal ends `send` at once, even while it waits for responses
/// that do not come.
#[test]
fn send_exits_at_once_on_a_second_signal() {
    let smsc = RawSmsc::start(Mode::Stuck);
    let url = smsc.url();
    let (mut p, _out, err) = spawn(&[
        "send",
        "--url",
        &url,
        "--to",
        "1",
        "--text",
        "hi",
        "--count",
        "100",
        "--timeout",
        "60",
    ]);
    smsc.wait_count(SUBMIT_SM, 10);
    signal(&p.0, "-TERM");
    // The first signal waits (bounded) for the outcomes in flight.
    std::thread::sleep(Duration::from_millis(300));
    assert!(p.0.try_wait().unwrap().is_none(), "still waiting");
    signal(&p.0, "-TERM");
    let t = Instant::now();
    let code = wait_exit(&mut p.0, Duration::from_secs(5));
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    assert_eq!(code, 1);
    let err = drain(&err).join("\n");
    assert!(err.contains("SIGTERM again: exiting at once"), "{err}");
}

/// `smpp smsc` under `smpp bench` load, printing a line per submit: five
/// runs, one SIGTERM each, and each stops at that first signal. Before, the
/// listener was created afresh between two log lines and most signals were
/// lost.
#[test]
fn smsc_under_load_stops_at_the_first_sigterm() {
    for run in 0..5 {
        let (mut smsc, out, err) = spawn(&["smsc", "--listen", "127.0.0.1:0", "--json"]);
        let port = smsc_port(&err);
        let url = format!("smpp://esme:pw@127.0.0.1:{port}");
        let (_bench, _bout, _berr) = spawn(&["bench", "--url", &url, "--seconds", "30"]);
        // Under load: wait until the log is flowing.
        let mut lines = 0;
        let deadline = Instant::now() + Duration::from_secs(20);
        while lines < 500 {
            assert!(Instant::now() < deadline, "run {run}: {lines} log lines");
            if out.recv_timeout(Duration::from_secs(1)).is_ok() {
                lines += 1;
            }
        }
        signal(&smsc.0, "-TERM");
        // Keep reading its stdout, as a terminal would.
        let t = Instant::now();
        let code = loop {
            if let Some(s) = smsc.0.try_wait().unwrap() {
                break s.code().unwrap_or(-1);
            }
            assert!(
                t.elapsed() < Duration::from_secs(8),
                "run {run}: smsc ignored SIGTERM"
            );
            while out.try_recv().is_ok() {}
            std::thread::sleep(Duration::from_millis(5));
        };
        assert_eq!(code, 0, "run {run}");
    }
}

/// `smpp listen` while MO messages flow, its stdout read slowly (as a
/// terminal that scrolls): it stops at the first SIGTERM. Before, the
/// listener was created afresh after each printed line, and a signal that
/// came while a line was being written was lost.
#[test]
fn listen_stops_at_the_first_sigterm_while_messages_flow() {
    let (_smsc, _sout, serr) = spawn(&[
        "smsc",
        "--listen",
        "127.0.0.1:0",
        "--quiet",
        "--echo",
        "--receipt-delay",
        "1",
    ]);
    let port = smsc_port(&serr);
    let url = format!("smpp://mo:pw@127.0.0.1:{port}");
    for run in 0..3 {
        let mut listen = Proc(
            Command::new(BIN)
                .args(["listen", "--url", &url, "--bind", "receiver"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let err = lines_of(listen.0.stderr.take().unwrap());
        let bound = err.recv_timeout(Duration::from_secs(20)).unwrap();
        assert!(bound.contains("bound"), "{bound}");
        // A slow reader: 1 KB every 2 ms until told to hurry.
        let fast = Arc::new(AtomicBool::new(false));
        let read = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut stdout = listen.0.stdout.take().unwrap();
        let (fast2, read2) = (fast.clone(), read.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                read2.fetch_add(n, Ordering::Relaxed);
                if !fast2.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
        });
        let (_bench, _bo, _be) = spawn(&["bench", "--url", &url, "--seconds", "20"]);
        // Until the pipe is full and listen waits on it most of the time.
        let deadline = Instant::now() + Duration::from_secs(20);
        while read.load(Ordering::Relaxed) < 200 * 1024 {
            assert!(Instant::now() < deadline, "run {run}: {read:?} bytes read");
            std::thread::sleep(Duration::from_millis(10));
        }
        signal(&listen.0, "-TERM");
        std::thread::sleep(Duration::from_millis(200));
        fast.store(true, Ordering::Relaxed);
        let code = wait_exit(&mut listen.0, Duration::from_secs(8));
        assert_eq!(code, 0, "run {run}");
    }
}

// ----- 13.5: timeouts ---------------------------------------------------------

/// An SMSC that binds and then answers nothing but enquire_link: `send
/// --count 100 --timeout 5` ends at about 5 s, every message failed (fate
/// unknown) or not sent. Before: 300 s, one response_timeout per window.
#[test]
fn send_timeout_bounds_a_stuck_smsc() {
    let smsc = RawSmsc::start(Mode::Stuck);
    let url = smsc.url();
    let r = run_limited(
        BIN,
        &[
            "send",
            "--url",
            &url,
            "--to",
            "1",
            "--text",
            "hi",
            "--count",
            "100",
            "--timeout",
            "5",
            "--json",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.took < Duration::from_secs(10), "{:?}", r.took);
    assert!(r.took >= Duration::from_secs(4), "{:?}", r.took);
    let s = summary(&r.stdout.lines().map(String::from).collect::<Vec<_>>());
    assert_eq!(s["stopped"], "timeout", "{s}");
    assert_eq!(n(&s, "accepted"), 0, "{s}");
    assert_eq!(n(&s, "failed"), n(&s, "unknown"), "{s}");
    assert_eq!(n(&s, "failed") + n(&s, "not_sent"), 100, "{s}");
    assert!(r.stderr.contains("--timeout 5s ran out"), "{}", r.stderr);
}

/// Responses with sequence_numbers never sent are no answer: `--timeout 3`
/// holds. Before: still running at 75 s.
#[test]
fn send_timeout_bounds_an_smsc_answering_wrong_sequence_numbers() {
    let smsc = RawSmsc::start(Mode::WrongSequence);
    let url = smsc.url();
    let r = run_limited(
        BIN,
        &[
            "send",
            "--url",
            &url,
            "--to",
            "1",
            "--text",
            "hi",
            "--count",
            "100",
            "--timeout",
            "3",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.took < Duration::from_secs(7), "{:?}", r.took);
    assert!(r.stdout.contains("accepted 0"), "{}", r.stdout);
}

/// `--timeout` bounds the bind too. Before: 30 s (SessionInitTimeout).
#[test]
fn send_timeout_bounds_the_bind() {
    let smsc = RawSmsc::start(Mode::NoBind);
    let url = smsc.url();
    let r = run_limited(
        BIN,
        &[
            "send",
            "--url",
            &url,
            "--to",
            "1",
            "--text",
            "hi",
            "--timeout",
            "2",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.took < Duration::from_secs(5), "{:?}", r.took);
    assert!(r.took >= Duration::from_millis(1500), "{:?}", r.took);
    assert!(
        r.stderr.contains("no bind to") && r.stderr.contains("within --timeout 2s"),
        "{}",
        r.stderr
    );
    assert_eq!(smsc.count(SUBMIT_SM), 0);
}

/// Through the library: a stuck SMSC (it answers enquire_link only) with a
/// window of 2 and 10 submits. The first response timer that runs out ends
/// the link, and every submit in flight and queued behind it ends then,
/// not one window per response_timeout (5 × 300 ms before).
#[tokio::test]
async fn a_link_that_answers_nothing_fails_everything_at_once() {
    use smpp_io_tokio::{Client, ClientConfig};
    use smpp_proto::codec::SubmitSm;
    use smpp_proto::session::CloseReason;
    let smsc = RawSmsc::start(Mode::Stuck);
    let mut cfg = ClientConfig::new("127.0.0.1", smsc.port, "esme", "pw");
    cfg.session.window = 2;
    cfg.session.response_timeout = smpp_proto::time::Duration::from_millis(300);
    cfg.session.enquire_link_interval = Some(smpp_proto::time::Duration::from_millis(100));
    let (client, _inbox) = tokio::time::timeout(Duration::from_secs(10), Client::connect(cfg))
        .await
        .unwrap()
        .unwrap();
    let started = tokio::time::Instant::now();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move {
                let sm = SubmitSm {
                    destination_addr: b"1",
                    short_message: b"x",
                    ..SubmitSm::default()
                };
                let r = c.submit_sm(&sm).await;
                (r, started.elapsed())
            })
        })
        .collect();
    let mut ends = Vec::new();
    for t in tasks {
        let (r, at) = tokio::time::timeout(Duration::from_secs(10), t)
            .await
            .expect("every submit ends")
            .unwrap();
        assert!(r.is_err(), "{r:?}");
        ends.push(at);
    }
    let last = ends.iter().max().unwrap();
    assert!(*last < Duration::from_millis(550), "{ends:?}");
    let reason = tokio::time::timeout(Duration::from_secs(5), client.closed())
        .await
        .unwrap();
    assert_eq!(reason, Some(CloseReason::LinkDead));
    // The keep-alive was answered all along.
    assert!(smsc.count(ENQUIRE_LINK) >= 1);
}

// ----- 13.9: a submit_sm_resp without message_id --------------------------------

/// Status 0 and no message_id: failed (fate unknown), with the reason.
/// Before: "accepted" with an empty message_id.
#[test]
fn send_reports_an_ok_response_without_message_id_as_failed() {
    let smsc = RawSmsc::start(Mode::NoMessageId);
    let url = smsc.url();
    let r = run_limited(
        BIN,
        &["send", "--url", &url, "--to", "1", "--text", "hi", "--json"],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("\"accepted\",\"to\""), "{}", r.stdout);
    let failed: serde_json::Value = r
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["event"] == "failed")
        .unwrap_or_else(|| panic!("{}", r.stdout));
    let e = failed["error"].as_str().unwrap();
    assert!(e.contains("message_id is missing"), "{e}");
    assert!(e.contains("fate is unknown"), "{e}");
    let s = summary(&r.stdout.lines().map(String::from).collect::<Vec<_>>());
    assert_eq!(
        (n(&s, "accepted"), n(&s, "failed"), n(&s, "unknown")),
        (0, 1, 1)
    );
}

// ----- 13.3: memory of send --count -----------------------------------------------

/// `send --count 100000` against `smpp smsc --quiet`: resident memory
/// sampled every 50 ms stays under 64 MB. Before: every message's task was
/// spawned up front, about 1.8 KB each (565 MB peak at 300,000).
#[test]
fn send_count_memory_does_not_grow_with_the_count() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("no /proc: skipped");
        return;
    }
    let (_smsc, _out, err) = spawn(&["smsc", "--listen", "127.0.0.1:0", "--quiet"]);
    let port = smsc_port(&err);
    let url = format!("smpp://esme:pw@127.0.0.1:{port}");
    let mut send = Proc(
        Command::new(BIN)
            .args([
                "send",
                "--url",
                &url,
                "--to",
                "1",
                "--text",
                "hi",
                "--count",
                "100000",
                "--json",
                "--timeout",
                "600",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let pid = send.0.id();
    let mut stdout = send.0.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let (mut peak, mut samples) = (0u64, 0u32);
    let deadline = Instant::now() + Duration::from_secs(400);
    let code = loop {
        if let Some(kb) = peers::rss_kb(pid) {
            peak = peak.max(kb);
            samples += 1;
        }
        if let Some(s) = send.0.try_wait().unwrap() {
            break s.code().unwrap_or(-1);
        }
        assert!(Instant::now() < deadline, "send still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().unwrap();
    assert_eq!(code, 0, "{out}");
    let s = summary(&out.lines().map(String::from).collect::<Vec<_>>());
    assert_eq!(n(&s, "accepted"), 100_000, "{s}");
    assert!(samples > 10, "{samples} samples");
    eprintln!("send --count 100000: peak VmRSS {peak} kB over {samples} samples");
    assert!(peak < 64 * 1024, "peak VmRSS {peak} kB");
}
