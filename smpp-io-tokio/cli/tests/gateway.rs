//! `smpp gateway` end to end (issue 16): a private RabbitMQ and a private
//! Redis (started here, stopped at the end), `smpp smsc` as the SMSC, the
//! gateway as a process, and vumi messages published and read with an
//! AMQP client as a vumi2 application would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

mod common;

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use common::{lines_of, run_limited, Smsc, BIN};
use futures_util::StreamExt as _;
use lapin::options::{BasicConsumeOptions, BasicPublishOptions};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};
use serde_json::{json, Value};

/// One RabbitMQ and one Redis for the tests of this binary that run at
/// the same time (each test has its own transport_name).
struct Infra {
    rabbit: peers::RabbitMq,
    redis: peers::Daemon,
}

fn infra() -> Option<Arc<Infra>> {
    static SHARED: Mutex<Weak<Infra>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = shared.upgrade() {
        return Some(i);
    }
    let rabbit = peers::RabbitMq::start()?;
    let redis = peers::start_redis()?;
    let i = Arc::new(Infra { rabbit, redis });
    *shared = Arc::downgrade(&i);
    Some(i)
}

impl Infra {
    fn redis_url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.redis.port())
    }
}

/// A running `smpp gateway`; SIGTERM then kill on drop.
struct Gateway {
    child: Child,
    _config: tempfile_path::TempFile,
}

mod tempfile_path {
    /// A file removed on drop.
    pub(crate) struct TempFile(pub(crate) std::path::PathBuf);
    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

impl Gateway {
    fn start(infra: &Infra, smsc: &Smsc, transport: &str, toml: &str) -> Gateway {
        Gateway::start_on(
            &infra.rabbit.url(),
            &infra.redis_url(),
            smsc,
            transport,
            toml,
        )
    }

    fn start_on(amqp: &str, redis: &str, smsc: &Smsc, transport: &str, toml: &str) -> Gateway {
        Gateway::launch(amqp, redis, &[&smsc.url("gw:pw")], transport, toml)
    }

    /// `smpp gateway`, one `--url` for each of `smpp_urls`.
    fn launch(amqp: &str, redis: &str, smpp_urls: &[&str], transport: &str, toml: &str) -> Gateway {
        Gateway::launch_with(amqp, redis, smpp_urls, transport, toml, &[])
    }

    /// [`Gateway::launch`] with `extra` flags.
    fn launch_with(
        amqp: &str,
        redis: &str,
        smpp_urls: &[&str],
        transport: &str,
        toml: &str,
        extra: &[&str],
    ) -> Gateway {
        let path = std::env::temp_dir().join(format!(
            "smpp-gateway-{}-{transport}.toml",
            std::process::id()
        ));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(toml.as_bytes()))
            .unwrap();
        let mut child = Command::new(BIN)
            .arg("gateway")
            .arg("--config")
            .arg(&path)
            .args(smpp_urls.iter().flat_map(|u| ["--url", u]))
            .args(["--amqp-url", amqp])
            .args(["--redis-url", redis])
            .args(["--transport-name", transport])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let out = lines_of(child.stdout.take().unwrap());
        let line = out
            .recv_timeout(Duration::from_secs(30))
            .expect("smpp gateway prints a line when ready");
        // The first bind makes it ready; more (binds = N) may follow.
        assert!(
            line.starts_with("smpp gateway: ")
                && line.contains(" session(s) bound to 127.0.0.1:")
                && line.ends_with(&format!("consuming {transport}.outbound")),
            "{line}"
        );
        Gateway {
            child,
            _config: tempfile_path::TempFile(path),
        }
    }

    /// Sends SIGTERM.
    fn term(&self) {
        use rustix::process::{kill_process, Pid, Signal};
        let _ = kill_process(Pid::from_child(&self.child), Signal::TERM);
    }

    /// SIGTERM, and the exit status (at most 20 s).
    fn stop(&mut self) -> Option<i32> {
        self.term();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Ok(Some(s)) = self.child.try_wait() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.stop();
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// An AMQP client as a vumi2 application: publishes to
/// `<transport>.outbound` through the `vumi` exchange and reads
/// `<transport>.event` and `<transport>.inbound`.
struct App {
    _conn: Connection,
    ch: Channel,
    transport: String,
}

impl App {
    async fn connect(infra: &Infra, transport: &str) -> App {
        App::connect_to(&infra.rabbit.url(), transport).await
    }

    async fn connect_to(url: &str, transport: &str) -> App {
        let conn = Connection::connect(url, ConnectionProperties::default())
            .await
            .unwrap();
        let ch = conn.create_channel().await.unwrap();
        App {
            _conn: conn,
            ch,
            transport: transport.to_string(),
        }
    }

    async fn send(&self, msg: &Value) {
        self.ch
            .basic_publish(
                "vumi".into(),
                format!("{}.outbound", self.transport).as_str().into(),
                BasicPublishOptions::default(),
                msg.to_string().as_bytes(),
                BasicProperties::default().with_delivery_mode(2),
            )
            .await
            .unwrap();
    }

    /// A consumer of `<transport>.<queue>`; [`read_more`] acks what it read,
    /// so what was delivered but not read comes again after a reconnection.
    async fn consumer(&self, queue: &str) -> lapin::Consumer {
        self.ch
            .basic_consume(
                format!("{}.{queue}", self.transport).as_str().into(),
                format!("test-{queue}").as_str().into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap()
    }

    /// Reads `<transport>.<queue>` until `done` says so or `limit` passes.
    async fn read(
        &self,
        queue: &str,
        limit: Duration,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let mut consumer = self.consumer(queue).await;
        let mut got = Vec::new();
        read_more(&mut consumer, &mut got, limit, done).await;
        got
    }
}

/// Reads from `consumer` into `got` until `done` says so or `limit` passes.
async fn read_more(
    consumer: &mut lapin::Consumer,
    got: &mut Vec<Value>,
    limit: Duration,
    done: impl Fn(&[Value]) -> bool,
) {
    let deadline = tokio::time::Instant::now() + limit;
    while !done(got) {
        match tokio::time::timeout_at(deadline, consumer.next()).await {
            Ok(Some(Ok(d))) => {
                assert_eq!(d.properties.delivery_mode(), &Some(2), "persistent");
                got.push(serde_json::from_slice(&d.data).unwrap());
                let _ = d.ack(lapin::options::BasicAckOptions::default()).await;
            }
            _ => break,
        }
    }
}

/// vumi2's user message as its `Message(...).serialise()` gives it.
fn vumi_message(transport: &str, id: &str, to: &str, content: &str) -> Value {
    json!({
        "to_addr": to, "from_addr": "12345", "transport_name": transport,
        "transport_type": "sms", "message_version": "20110921",
        "message_type": "user_message", "timestamp": "2026-12-05 10:00:00.123456",
        "routing_metadata": {}, "helper_metadata": {}, "message_id": id,
        "in_reply_to": null, "provider": null, "session_event": null,
        "content": content, "transport_metadata": {}, "group": null,
        "to_addr_type": null, "from_addr_type": null,
    })
}

fn by_type<'a>(events: &'a [Value], t: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["event_type"] == t).collect()
}

/// The distinct user_message_ids of a growing list of events (of one
/// event_type, or all), counted incrementally: a `read_more` condition is
/// asked after every event, and a count from scratch each time is
/// quadratic (a minute for 10,000 events in a debug build).
#[derive(Default)]
struct Distinct {
    event_type: Option<&'static str>,
    state: std::cell::RefCell<(usize, HashSet<String>)>,
}

impl Distinct {
    /// Counts the events of `event_type` only.
    fn of_type(event_type: &'static str) -> Distinct {
        Distinct {
            event_type: Some(event_type),
            ..Distinct::default()
        }
    }

    /// The distinct ids in `events`, of which those seen before are a prefix.
    fn count(&self, events: &[Value]) -> usize {
        let mut state = self.state.borrow_mut();
        let (seen, ids) = &mut *state;
        for e in events.get(*seen..).unwrap_or_default() {
            if self.event_type.is_none_or(|t| e["event_type"] == t) {
                ids.insert(
                    e["user_message_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
        *seen = events.len();
        ids.len()
    }
}

/// The `smpp smsc` log entries `pred` accepts, once at least `at_least`
/// are in: its lines are written in batches on a thread of their own, so
/// the last ones may still be on their way when the gateway's events are
/// (waits at most 10 s, then 300 ms for any that follow). Fails if the
/// simulator dropped log lines (a reader too slow).
fn entries_settled(smsc: &Smsc, pred: impl Fn(&Value) -> bool, at_least: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while smsc.entries(&pred).len() < at_least && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        smsc.entries(|v| v["event"] == "log_dropped").is_empty(),
        "smpp smsc dropped log lines"
    );
    smsc.entries(pred)
}

const RECEIPTS: &str = r#"
[submit_sm_processor_config]
multipart_handling = "multipart_udh"
[submit_sm_processor_config.registered_delivery]
delivery_receipt = "SMSC_DELIVERY_RECEIPT_REQUESTED"
"#;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// 1,000 messages (GSM, long GSM, Unicode, long Unicode) through the
/// gateway: each gets exactly one ack and one delivery_report with its
/// user_message_id, and the SMSC received each part once.
#[test]
fn thousand_mixed_messages_one_ack_one_report_each() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&[]);
    let mut gw = Gateway::start(&infra, &smsc, "mixed", RECEIPTS);
    let ids: Vec<String> = (0..1000).map(|i| format!("{i:032x}")).collect();
    let events = rt().block_on(async {
        let app = App::connect(&infra, "mixed").await;
        for (i, id) in ids.iter().enumerate() {
            let text = match i % 4 {
                0 => format!("Hello {i} {{}}€"),
                1 => format!("Long GSM {i} ")
                    .repeat(20)
                    .chars()
                    .take(200)
                    .collect(),
                2 => format!("Привет {i} ✓"),
                _ => format!("Юникод {i} ")
                    .repeat(10)
                    .chars()
                    .take(100)
                    .collect(),
            };
            app.send(&vumi_message("mixed", id, &format!("4477009{i:05}"), &text))
                .await;
        }
        app.read("event", Duration::from_secs(120), |e| e.len() >= 2000)
            .await
    });
    let acks = by_type(&events, "ack");
    let reports = by_type(&events, "delivery_report");
    assert_eq!(
        (acks.len(), reports.len(), events.len()),
        (1000, 1000, 2000)
    );
    let want: HashSet<&str> = ids.iter().map(String::as_str).collect();
    for set in [&acks, &reports] {
        let got: HashSet<&str> = set
            .iter()
            .map(|e| e["user_message_id"].as_str().unwrap())
            .collect();
        assert_eq!(got, want);
    }
    for r in &reports {
        assert_eq!(r["delivery_status"], "delivered");
        assert_eq!(r["transport_metadata"]["smpp_delivery_status"], "DELIVRD");
        assert_eq!(r["message_version"], "20110921");
    }
    let submits = entries_settled(&smsc, |v| v["event"] == "submit_sm", 1500);
    assert_eq!(submits.len(), 250 + 500 + 250 + 500, "each part once");
    assert_eq!(gw.stop(), Some(0));
}

/// MO messages echoed by the SMSC come back as inbound vumi messages, a
/// long one reassembled (through Redis).
#[test]
fn mo_short_and_long_become_inbound_messages() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--echo"]);
    let _gw = Gateway::start(
        &infra,
        &smsc,
        "mo",
        "[submit_sm_processor_config]\nmultipart_handling = \"multipart_udh\"\n",
    );
    let long = "A long MO message that needs two parts to arrive in one piece. ".repeat(3);
    let inbound = rt().block_on(async {
        let app = App::connect(&infra, "mo").await;
        app.send(&vumi_message("mo", "a1", "447700900001", "Hi there"))
            .await;
        app.send(&vumi_message("mo", "a2", "447700900002", &long))
            .await;
        app.read("inbound", Duration::from_secs(30), |m| m.len() >= 2)
            .await
    });
    assert_eq!(inbound.len(), 2, "{inbound:?}");
    let by_from: HashMap<&str, &Value> = inbound
        .iter()
        .map(|m| (m["from_addr"].as_str().unwrap(), m))
        .collect();
    assert_eq!(by_from["447700900001"]["content"], "Hi there");
    assert_eq!(by_from["447700900002"]["content"], long.as_str());
    for m in &inbound {
        assert_eq!(m["to_addr"], "12345");
        assert_eq!(m["transport_name"], "mo");
        assert_eq!(m["transport_type"], "sms");
        assert_eq!(m["message_type"], "user_message");
        assert_eq!(m["message_id"].as_str().unwrap().len(), 32);
    }
}

/// A message delivered again (the same message_id) is not submitted
/// again: its event is published again with the same event_id, whether
/// the copy comes after the outcome or while the first is in flight.
#[test]
fn redelivered_message_is_not_submitted_twice() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--slow", "300"]);
    let _gw = Gateway::start(&infra, &smsc, "redeliver", "");
    let events = rt().block_on(async {
        let app = App::connect(&infra, "redeliver").await;
        let a = vumi_message("redeliver", "aaaa", "447700900010", "once");
        app.send(&a).await;
        let first = app
            .read("event", Duration::from_secs(20), |e| !e.is_empty())
            .await;
        // After its outcome; then two copies at once (one in flight).
        app.send(&a).await;
        let b = vumi_message("redeliver", "bbbb", "447700900011", "also once");
        app.send(&b).await;
        app.send(&b).await;
        let rest = app
            .read("event", Duration::from_secs(30), |e| e.len() >= 3)
            .await;
        [first, rest].concat()
    });
    assert_eq!(events.len(), 4, "{events:?}");
    for id in ["aaaa", "bbbb"] {
        let mine: Vec<&Value> = events
            .iter()
            .filter(|e| e["user_message_id"] == id)
            .collect();
        assert_eq!(mine.len(), 2);
        assert_eq!(mine[0], mine[1], "the same event, the same event_id");
        assert_eq!(mine[0]["event_type"], "ack");
        let submits = entries_settled(
            &smsc,
            |v| v["event"] == "submit_sm" && v["short_message"] == hex(mine_text(id)),
            1,
        );
        assert_eq!(submits.len(), 1, "{id} submitted once");
    }
}

fn mine_text(id: &str) -> &'static str {
    if id == "aaaa" {
        "once"
    } else {
        "also once"
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// An SMSC that throttles (ESME_RTHROTTLED past 20 submits a second):
/// every message is acked in the end, none nacked, and `/metrics` counts
/// every throttled response the SMSC gave.
#[test]
fn throttling_gives_no_nacks() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--throttle", "20"]);
    let port = free_port();
    let config = format!("metrics = \"127.0.0.1:{port}\"\n");
    let _gw = Gateway::start(&infra, &smsc, "throttled", &config);
    let events = rt().block_on(async {
        let app = App::connect(&infra, "throttled").await;
        for i in 0..100 {
            app.send(&vumi_message(
                "throttled",
                &format!("t{i}"),
                "447700900020",
                &format!("throttled {i}"),
            ))
            .await;
        }
        app.read("event", Duration::from_secs(60), |e| e.len() >= 100)
            .await
    });
    assert_eq!(by_type(&events, "nack").len(), 0, "{events:?}");
    assert_eq!(by_type(&events, "ack").len(), 100);
    let throttled = entries_settled(
        &smsc,
        |v| v["event"] == "submit_sm" && v["command_status"] == 0x58,
        1,
    );
    assert!(!throttled.is_empty(), "the SMSC did throttle");
    let body = http_get(port, "/metrics").1;
    let line = format!("smpp_gateway_throttled_total {}", throttled.len());
    assert!(body.lines().any(|l| l == line), "{line} not in\n{body}");
}

/// vumi2's own JSON published with pika (Python's AMQP client), the events
/// read back and checked as vumi2's `Event.deserialise` would.
#[test]
fn vumi2_json_through_pika() {
    let Some(infra) = infra() else { return };
    let Some(python) = peers::pika() else { return };
    let smsc = Smsc::start(&[]);
    let _gw = Gateway::start(&infra, &smsc, "pika", RECEIPTS);
    let out = python
        .script("gateway_vumi2.py")
        .args([&infra.rabbit.port().to_string(), "pika"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ok 3 acks 3 delivery_reports"), "{stdout}");
}

/// The Redis store behaves as the in-memory one (the same checks), on the
/// real Redis.
#[test]
fn redis_store_passes_the_store_checks() {
    let Some(infra) = infra() else { return };
    rt().block_on(async {
        let store = smpp_gateway::RedisStore::connect(
            &infra.redis_url(),
            "storecheck",
            Duration::from_secs(60),
        )
        .await
        .unwrap();
        assert_eq!(smpp_gateway::store::check_store(&store, "x").await, Ok(()));
    });
}

/// Two gateway processes on one queue, bound with the same system_id: the
/// SMSC spreads receipts and MO parts over both binds, so about half the
/// receipts reach the process that did not submit the message, and the
/// parts of a long MO message arrive at both. Every message still gets one
/// ack and one delivery_report, and every MO message comes in whole.
#[test]
fn two_processes_share_receipts_and_mo_parts() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--echo"]);
    let _a = Gateway::start(&infra, &smsc, "duo", RECEIPTS);
    let _b = Gateway::start(&infra, &smsc, "duo", RECEIPTS);
    let long = |i: usize| format!("Part of a long message number {i}, ").repeat(6);
    let (events, inbound) = rt().block_on(async {
        let app = App::connect(&infra, "duo").await;
        let mut events = app.consumer("event").await;
        let mut inbound = app.consumer("inbound").await;
        for i in 0..200 {
            let text = if i % 2 == 0 {
                format!("short {i}")
            } else {
                long(i)
            };
            app.send(&vumi_message(
                "duo",
                &format!("d{i}"),
                &format!("4477{i:06}"),
                &text,
            ))
            .await;
        }
        let (mut e, mut m) = (Vec::new(), Vec::new());
        read_more(&mut events, &mut e, Duration::from_secs(60), |e| {
            e.len() >= 400
        })
        .await;
        read_more(&mut inbound, &mut m, Duration::from_secs(30), |m| {
            m.len() >= 200
        })
        .await;
        (e, m)
    });
    assert_eq!(by_type(&events, "ack").len(), 200);
    let reports = by_type(&events, "delivery_report");
    let reported: HashSet<&str> = reports
        .iter()
        .map(|e| e["user_message_id"].as_str().unwrap())
        .collect();
    assert_eq!((reports.len(), reported.len()), (200, 200));
    let got: HashSet<(String, String)> = inbound
        .iter()
        .map(|m| {
            (
                m["from_addr"].as_str().unwrap().to_string(),
                m["content"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: HashSet<(String, String)> = (0..200)
        .map(|i| {
            (
                format!("4477{i:06}"),
                if i % 2 == 0 {
                    format!("short {i}")
                } else {
                    long(i)
                },
            )
        })
        .collect();
    assert_eq!(got, want);
}

/// kill -9 of one of two gateways in the middle of 10,000 messages (about
/// a third done), then a restart: every message has exactly one outcome
/// (an ack or a nack; a copy published again keeps its event_id) and the
/// SMSC received none twice.
#[test]
fn kill_9_mid_run_gives_exactly_one_outcome_each() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--slow", "2"]);
    let config = "redelivery_wait = 3\n";
    let mut a = Gateway::start(&infra, &smsc, "crash", config);
    let _b = Gateway::start(&infra, &smsc, "crash", config);
    const N: usize = 10_000;
    let distinct = Distinct::default();
    let distinct = |e: &[Value]| distinct.count(e);
    let events = rt().block_on(async {
        let app = App::connect(&infra, "crash").await;
        let mut events = app.consumer("event").await;
        for i in 0..N {
            app.send(&vumi_message(
                "crash",
                &format!("k{i}"),
                &format!("4478{i:06}"),
                &format!("crash {i}"),
            ))
            .await;
        }
        let mut got = Vec::new();
        read_more(&mut events, &mut got, Duration::from_secs(60), |e| {
            e.len() >= N / 3
        })
        .await;
        a.child.kill().unwrap();
        a.child.wait().unwrap();
        let _a2 = Gateway::start(&infra, &smsc, "crash", config);
        read_more(&mut events, &mut got, Duration::from_secs(240), |e| {
            distinct(e) >= N
        })
        .await;
        // Copies published again arrive late: read a little longer.
        read_more(&mut events, &mut got, Duration::from_secs(2), |_| false).await;
        got
    });
    let mut outcomes: HashMap<String, HashSet<String>> = HashMap::new();
    let mut acked = HashSet::new();
    for e in &events {
        assert!(e["event_type"] == "ack" || e["event_type"] == "nack", "{e}");
        let id = e["user_message_id"].as_str().unwrap().to_string();
        if e["event_type"] == "ack" {
            acked.insert(id.clone());
        }
        outcomes
            .entry(id)
            .or_default()
            .insert(e["event_id"].as_str().unwrap().to_string());
    }
    assert_eq!(outcomes.len(), N, "every message has an outcome");
    for (id, ids) in &outcomes {
        assert_eq!(ids.len(), 1, "{id}: one outcome, {ids:?}");
    }
    let mut submits: HashMap<String, usize> = HashMap::new();
    for s in entries_settled(&smsc, |v| v["event"] == "submit_sm", acked.len()) {
        *submits
            .entry(s["destination_addr"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert!(submits.values().all(|&n| n == 1), "none submitted twice");
    for id in &acked {
        let i: usize = id[1..].parse().unwrap();
        assert_eq!(
            submits.get(&format!("4478{i:06}")),
            Some(&1),
            "{id} acked and submitted once"
        );
    }
    let nacked = N - acked.len();
    eprintln!(
        "kill -9: {} acked, {nacked} nacked (fate unknown)",
        acked.len()
    );
}

/// RabbitMQ's application stopped and started again in the middle of 1,000
/// messages: the gateway keeps its bind, reconnects, and every message
/// still gets exactly one outcome (copies published again keep their
/// event_id), none submitted twice.
#[test]
fn rabbitmq_restart_mid_run_loses_nothing() {
    let Some(infra) = infra() else { return };
    // A broker of its own: the others' tests keep theirs up.
    let Some(rabbit) = peers::RabbitMq::start() else {
        return;
    };
    let smsc = Smsc::start(&["--slow", "2"]);
    let _gw = Gateway::start_on(&rabbit.url(), &infra.redis_url(), &smsc, "restart", "");
    const N: usize = 1000;
    let distinct = Distinct::default();
    let distinct = |e: &[Value]| distinct.count(e);
    let events = rt().block_on(async {
        let mut got = Vec::new();
        {
            let app = App::connect_to(&rabbit.url(), "restart").await;
            let mut events = app.consumer("event").await;
            for i in 0..N {
                app.send(&vumi_message(
                    "restart",
                    &format!("r{i}"),
                    &format!("4479{i:06}"),
                    &format!("restart {i}"),
                ))
                .await;
            }
            read_more(&mut events, &mut got, Duration::from_secs(60), |e| {
                e.len() >= N / 4
            })
            .await;
        }
        rabbit.restart_app(Duration::from_secs(1));
        let app = App::connect_to(&rabbit.url(), "restart").await;
        let mut events = app.consumer("event").await;
        read_more(&mut events, &mut got, Duration::from_secs(90), |e| {
            distinct(e) >= N
        })
        .await;
        read_more(&mut events, &mut got, Duration::from_secs(2), |_| false).await;
        got
    });
    let mut outcomes: HashMap<String, HashSet<String>> = HashMap::new();
    for e in &events {
        assert_eq!(e["event_type"], "ack", "{e}");
        outcomes
            .entry(e["user_message_id"].as_str().unwrap().to_string())
            .or_default()
            .insert(e["event_id"].as_str().unwrap().to_string());
    }
    assert_eq!(outcomes.len(), N, "every message has an outcome");
    assert!(
        outcomes.values().all(|ids| ids.len() == 1),
        "one outcome each"
    );
    let submits = entries_settled(&smsc, |v| v["event"] == "submit_sm", N);
    let dests: HashSet<&str> = submits
        .iter()
        .map(|s| s["destination_addr"].as_str().unwrap())
        .collect();
    assert_eq!((submits.len(), dests.len()), (N, N), "each submitted once");
}

/// A port free on 127.0.0.1 now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The value of the Prometheus sample `name` (no labels) in `body`.
fn sample(body: &str, name: &str) -> Option<f64> {
    body.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

/// GET `path` on 127.0.0.1:`port`: the status line and the body.
fn http_get(port: u16, path: &str) -> (String, String) {
    use std::io::Read as _;
    let mut c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    // One write: a request split over segments must not race the reply.
    c.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .unwrap();
    let mut out = String::new();
    c.read_to_string(&mut out).unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

/// `--metrics`: Prometheus counters that follow what was done, and
/// `/health` that says 200 while bound and connected.
#[test]
fn metrics_and_health() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&[]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = format!("metrics = \"127.0.0.1:{port}\"\n{RECEIPTS}");
    let _gw = Gateway::start(&infra, &smsc, "metrics", &config);
    rt().block_on(async {
        let app = App::connect(&infra, "metrics").await;
        for i in 0..10 {
            app.send(&vumi_message(
                "metrics",
                &format!("m{i}"),
                "447700900030",
                "counted",
            ))
            .await;
        }
        app.read("event", Duration::from_secs(30), |e| e.len() >= 20)
            .await
    });
    let (status, body) = http_get(port, "/metrics");
    assert_eq!(status, "HTTP/1.1 200 OK");
    for line in [
        "smpp_gateway_submitted_total 10",
        "smpp_gateway_events_total{event_type=\"ack\"} 10",
        "smpp_gateway_events_total{event_type=\"nack\"} 0",
        "smpp_gateway_receipts_total{status=\"delivered\"} 10",
        "smpp_gateway_in_flight 0",
        "smpp_gateway_sessions_bound 1",
        "smpp_gateway_broker_up 1",
        "smpp_gateway_store_up 1",
    ] {
        assert!(body.lines().any(|l| l == line), "{line} not in\n{body}");
    }
    assert_eq!(http_get(port, "/health").0, "HTTP/1.1 200 OK");
    assert_eq!(http_get(port, "/nope").0, "HTTP/1.1 404 Not Found");
}

/// `submit_rate` holds for the whole process: 100 messages at 40/s over
/// two binds take at least 2 s, and all are acked.
#[test]
fn submit_rate_holds_across_binds() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&[]);
    let gw = Gateway::start(&infra, &smsc, "rate", "submit_rate = 40\nbinds = 2\n");
    let (events, took) = rt().block_on(async {
        let app = App::connect(&infra, "rate").await;
        let started = Instant::now();
        for i in 0..100 {
            app.send(&vumi_message(
                "rate",
                &format!("q{i}"),
                "447700900040",
                "paced",
            ))
            .await;
        }
        let e = app
            .read("event", Duration::from_secs(30), |e| e.len() >= 100)
            .await;
        (e, started.elapsed())
    });
    drop(gw);
    assert_eq!(by_type(&events, "ack").len(), 100);
    eprintln!("100 messages at submit_rate 40 over 2 binds: {took:?}");
    assert!(took >= Duration::from_secs(2), "{took:?}");
    assert_eq!(smsc.entries(|v| v["event"] == "bind").len(), 2, "two binds");
}

/// Redis restarted in the middle of 1,000 messages (a durable Redis of its
/// own, append-only with fsync on every write): the gateway keeps its bind
/// and RabbitMQ, retries its store steps, hands back what it could not
/// claim, has the SMSC send again the receipts it could not match
/// (ESME_RX_T_APPN), and every message still gets one ack and one
/// delivery_report, each part submitted once.
#[test]
fn redis_restart_mid_run_loses_nothing() {
    let Some(infra) = infra() else { return };
    let Some(mut redis) = peers::start_redis_durable() else {
        return;
    };
    let redis_url = format!("redis://127.0.0.1:{}/0", redis.port());
    let smsc = Smsc::start(&["--slow", "2"]);
    let _gw = Gateway::start_on(&infra.rabbit.url(), &redis_url, &smsc, "redis", RECEIPTS);
    const N: usize = 1000;
    let events = rt().block_on(async {
        let app = App::connect(&infra, "redis").await;
        let mut events = app.consumer("event").await;
        for i in 0..N {
            app.send(&vumi_message(
                "redis",
                &format!("s{i}"),
                &format!("4476{i:06}"),
                &format!("redis {i}"),
            ))
            .await;
        }
        let mut got = Vec::new();
        read_more(&mut events, &mut got, Duration::from_secs(60), |e| {
            e.len() >= N / 2
        })
        .await;
        tokio::task::block_in_place(|| redis.restart(Duration::from_secs(1)));
        let (acks, reports) = (
            Distinct::of_type("ack"),
            Distinct::of_type("delivery_report"),
        );
        read_more(&mut events, &mut got, Duration::from_secs(120), |e| {
            // Both counted every time (each keeps its own place).
            let (a, r) = (acks.count(e), reports.count(e));
            a >= N && r >= N
        })
        .await;
        read_more(&mut events, &mut got, Duration::from_secs(2), |_| false).await;
        got
    });
    let mut outcomes: HashMap<String, HashSet<String>> = HashMap::new();
    let mut reports: HashMap<String, usize> = HashMap::new();
    for e in &events {
        let id = e["user_message_id"].as_str().unwrap().to_string();
        match e["event_type"].as_str().unwrap() {
            "ack" => {
                outcomes
                    .entry(id)
                    .or_default()
                    .insert(e["event_id"].as_str().unwrap().to_string());
            }
            "delivery_report" => *reports.entry(id).or_default() += 1,
            other => panic!("{other}: {e}"),
        }
    }
    assert_eq!(outcomes.len(), N, "every message acked");
    assert!(
        outcomes.values().all(|ids| ids.len() == 1),
        "one outcome each"
    );
    assert_eq!(reports.len(), N, "every message has its delivery_report");
    assert!(
        reports.values().all(|&n| n == 1),
        "one delivery_report each"
    );
    let submits = entries_settled(&smsc, |v| v["event"] == "submit_sm", N);
    assert_eq!(submits.len(), N, "each submitted once");
}

/// node-smpp's server as the SMSC (its receipts carry
/// receipted_message_id and message_state TLVs and the text): 1,000 mixed
/// messages (GSM, long, Unicode), one ack and one delivery_report each.
#[test]
fn against_node_smpp_server() {
    let Some(infra) = infra() else { return };
    let Some(node) = peers::node_smpp() else {
        return;
    };
    let mut smsc = node
        .script("node_smsc.js")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let lines = lines_of(smsc.stdout.take().unwrap());
    let first: Value =
        serde_json::from_str(&lines.recv_timeout(Duration::from_secs(20)).unwrap()).unwrap();
    let port = first["port"].as_u64().unwrap();
    let url = format!("smpp://gw:secret@127.0.0.1:{port}");
    let _gw = Gateway::launch(
        &infra.rabbit.url(),
        &infra.redis_url(),
        &[&url],
        "node",
        RECEIPTS,
    );
    let events = rt().block_on(async {
        let app = App::connect(&infra, "node").await;
        for i in 0..1000 {
            let text = match i % 3 {
                0 => format!("node {i} {{€}}"),
                1 => format!("long for node {i} ").repeat(12),
                _ => format!("ünïcödé ✓ {i}"),
            };
            app.send(&vumi_message(
                "node",
                &format!("n{i}"),
                "447700900050",
                &text,
            ))
            .await;
        }
        app.read("event", Duration::from_secs(120), |e| e.len() >= 2000)
            .await
    });
    let _ = smsc.kill();
    let _ = smsc.wait();
    let submits = lines
        .try_iter()
        .filter(|l| l.contains("\"event\":\"submit_sm\""))
        .count();
    let acks = by_type(&events, "ack");
    let acked: HashSet<&str> = acks
        .iter()
        .map(|e| e["user_message_id"].as_str().unwrap())
        .collect();
    assert_eq!((acks.len(), acked.len()), (1000, 1000));
    let reports = by_type(&events, "delivery_report");
    let ids: HashSet<&str> = reports
        .iter()
        .map(|e| e["user_message_id"].as_str().unwrap())
        .collect();
    assert_eq!((reports.len(), ids.len()), (1000, 1000));
    assert_eq!(ids, acked, "each report names an acked message");
    assert!(reports.iter().all(|r| r["delivery_status"] == "delivered"));
    // 333 long ones in 2 parts (about 230 GSM characters each).
    assert_eq!(submits, 1333, "each part once");
}

/// `bind_type = "transmitter_receiver"`: submits go over the transmitter,
/// receipts and MO messages come over the receiver.
#[test]
fn transmitter_and_receiver_pair() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--echo"]);
    let _gw = Gateway::start(
        &infra,
        &smsc,
        "pair",
        &format!("bind_type = \"transmitter_receiver\"\n{RECEIPTS}"),
    );
    let (events, inbound) = rt().block_on(async {
        let app = App::connect(&infra, "pair").await;
        let mut events = app.consumer("event").await;
        let mut inbound = app.consumer("inbound").await;
        for i in 0..100 {
            app.send(&vumi_message(
                "pair",
                &format!("p{i}"),
                "447700900060",
                &format!("pair {i}"),
            ))
            .await;
        }
        let (mut e, mut m) = (Vec::new(), Vec::new());
        read_more(&mut events, &mut e, Duration::from_secs(30), |e| {
            e.len() >= 200
        })
        .await;
        read_more(&mut inbound, &mut m, Duration::from_secs(30), |m| {
            m.len() >= 100
        })
        .await;
        (e, m)
    });
    assert_eq!(by_type(&events, "ack").len(), 100);
    assert_eq!(by_type(&events, "delivery_report").len(), 100);
    assert_eq!(inbound.len(), 100);
    let mut binds: Vec<String> = smsc
        .entries(|v| v["event"] == "bind")
        .iter()
        .map(|b| b["bind_type"].as_str().unwrap().to_string())
        .collect();
    binds.sort();
    assert_eq!(binds, ["Receiver", "Transmitter"]);
    let submits = entries_settled(&smsc, |v| v["event"] == "submit_sm", 100);
    assert_eq!(submits.len(), 100);
}

/// A receipt that races ahead of its submit_sm_resp (`smpp smsc
/// --late-resp`: the receipt goes out, the response 300 ms later) is still
/// matched, in whichever of two processes it arrives: the gateway looks
/// its SMSC message id up again in the shared store for a while
/// (`receipt_wait`) before calling it unknown. Each message, one part or
/// several, gets one ack and one delivery_report with its user_message_id.
#[test]
fn receipt_ahead_of_its_submit_sm_resp_is_matched() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--late-resp", "300"]);
    // Two processes: a receipt may reach the one that did not submit.
    let _a = Gateway::start(&infra, &smsc, "lateresp", RECEIPTS);
    let _b = Gateway::start(&infra, &smsc, "lateresp", RECEIPTS);
    const N: usize = 60;
    let events = rt().block_on(async {
        let app = App::connect(&infra, "lateresp").await;
        let mut events = app.consumer("event").await;
        for i in 0..N {
            let text = if i % 3 == 0 {
                format!("Long and late {i} ").repeat(12)
            } else {
                format!("late {i}")
            };
            app.send(&vumi_message(
                "lateresp",
                &format!("l{i}"),
                "447700900070",
                &text,
            ))
            .await;
        }
        let mut got = Vec::new();
        read_more(&mut events, &mut got, Duration::from_secs(60), |e| {
            e.len() >= 2 * N
        })
        .await;
        // A second report would come a little later: read a little longer.
        read_more(&mut events, &mut got, Duration::from_secs(1), |_| false).await;
        got
    });
    let want: HashSet<String> = (0..N).map(|i| format!("l{i}")).collect();
    for t in ["ack", "delivery_report"] {
        let of_type = by_type(&events, t);
        let ids: HashSet<String> = of_type
            .iter()
            .map(|e| e["user_message_id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!((of_type.len(), &ids), (N, &want), "one {t} each");
    }
    for r in by_type(&events, "delivery_report") {
        assert_eq!(r["delivery_status"], "delivered", "{r}");
    }
    // The SMSC saw every receipt answered.
    let receipts = entries_settled(
        &smsc,
        |v| v["event"] == "receipt" && v["delivered"] == true,
        N,
    );
    assert!(receipts.len() >= N, "{} receipts", receipts.len());
}

/// A receipt whose SMSC id is not known (here every one: the SMSC writes
/// receipt ids in decimal, its submit_sm_resp ids in hex, and the gateway
/// matches them exactly) is answered at once, not held in the SMSC's
/// window for `receipt_wait` (before, each was held that long): it waits
/// parked in Redis, looked at again, and is given up after
/// `receipt_wait` without an event.
#[test]
fn an_unknown_receipt_is_answered_at_once_and_given_up_later() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--receipt-id", "decimal"]);
    let config = format!("receipt_wait = 6\n{RECEIPTS}");
    let _gw = Gateway::start(&infra, &smsc, "unknownrcpt", &config);
    const N: usize = 20;
    let answered = |smsc: &Smsc| {
        smsc.entries(|v| v["event"] == "receipt" && v["delivered"] == true)
            .len()
    };
    let (events, all_answered_after) = rt().block_on(async {
        let app = App::connect(&infra, "unknownrcpt").await;
        let mut events = app.consumer("event").await;
        for i in 0..N {
            app.send(&vumi_message(
                "unknownrcpt",
                &format!("u{i}"),
                "447700900071",
                &format!("unknown {i}"),
            ))
            .await;
        }
        let mut got = Vec::new();
        read_more(&mut events, &mut got, Duration::from_secs(30), |e| {
            e.len() >= N
        })
        .await;
        let acked = Instant::now();
        while answered(&smsc) < N && acked.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let after = acked.elapsed();
        // Past receipt_wait: still no delivery_report.
        read_more(&mut events, &mut got, Duration::from_secs(7), |_| false).await;
        (got, after)
    });
    assert_eq!(by_type(&events, "ack").len(), N, "{events:?}");
    assert!(by_type(&events, "delivery_report").is_empty(), "{events:?}");
    assert_eq!(answered(&smsc), N, "every receipt answered");
    assert!(
        all_answered_after < Duration::from_secs(3),
        "receipts answered {all_answered_after:?} after the acks (receipt_wait is 6 s)"
    );
}

/// `sm_processor_config.data_coding_overrides` decides how an MO message
/// with that data_coding is decoded: with SMSC_DEFAULT_ALPHABET read as
/// Latin-1, the SMSC's echo of "café ñ" (data_coding 0, Latin-1 octets)
/// comes in as "café ñ", not as GSM 7-bit.
#[test]
fn data_coding_overrides_decode_mo_messages() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--echo"]);
    let config = r#"
[submit_sm_processor_config]
data_coding = "SMSC_DEFAULT_ALPHABET"
[sm_processor_config.data_coding_overrides]
SMSC_DEFAULT_ALPHABET = "latin1"
"#;
    let _gw = Gateway::start(&infra, &smsc, "override", config);
    let inbound = rt().block_on(async {
        let app = App::connect(&infra, "override").await;
        app.send(&vumi_message("override", "o1", "447700900080", "café ñ"))
            .await;
        app.read("inbound", Duration::from_secs(30), |m| !m.is_empty())
            .await
    });
    let submit = entries_settled(&smsc, |v| v["event"] == "submit_sm", 1);
    assert_eq!(submit[0]["data_coding"], 0);
    assert_eq!(submit[0]["short_message"], "636166e920f1", "Latin-1 octets");
    assert_eq!(inbound.len(), 1, "{inbound:?}");
    assert_eq!(inbound[0]["content"], "café ñ");
    assert_eq!(inbound[0]["from_addr"], "447700900080");
}

/// `<transport>.outbound` as RabbitMQ counts it now (a passive declare).
async fn outbound(app: &App) -> lapin::Queue {
    app.ch
        .queue_declare(
            format!("{}.outbound", app.transport).as_str().into(),
            lapin::options::QueueDeclareOptions {
                passive: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap()
}

/// SIGTERM with messages in flight against a slow SMSC (2 s per
/// response): the gateway stops consuming, waits for the outcomes of
/// those it took, unbinds and exits 0. Every message it took has its ack;
/// the others are still in the queue, untouched, and the SMSC received
/// each taken message once.
#[test]
fn sigterm_drains_in_flight_then_exits_0() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--slow", "2000"]);
    let port = free_port();
    let config = format!("metrics = \"127.0.0.1:{port}\"\n");
    let mut gw = Gateway::start(&infra, &smsc, "sigterm", &config);
    // More than the prefetch (16 windows of 64): some must be left in the
    // queue.
    const N: usize = 3000;
    let (events, left, in_flight) = rt().block_on(async {
        let app = App::connect(&infra, "sigterm").await;
        for i in 0..N {
            app.send(&vumi_message(
                "sigterm",
                &format!("g{i}"),
                &format!("4475{i:06}"),
                "drained",
            ))
            .await;
        }
        // Some in flight: taken, submitted, the responses 2 s away.
        let deadline = Instant::now() + Duration::from_secs(10);
        let in_flight = loop {
            let body = tokio::task::block_in_place(|| http_get(port, "/metrics").1);
            let n = sample(&body, "smpp_gateway_in_flight").unwrap_or(0.0);
            if n > 0.0 || Instant::now() > deadline {
                break n as usize;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(in_flight > 0, "nothing in flight");
        gw.term();
        // While it drains (the responses are 2 s away) it consumes no more.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let consumers = outbound(&app).await.consumer_count();
        assert!(gw.child.try_wait().unwrap().is_none(), "still draining");
        assert_eq!(consumers, 0, "basic.cancel'ed while draining");
        let code = tokio::task::block_in_place(|| gw.stop());
        assert_eq!(code, Some(0), "exit status after SIGTERM");
        let events = app
            .read("event", Duration::from_secs(5), |e| e.len() >= N)
            .await;
        let left = outbound(&app).await.message_count() as usize;
        (events, left, in_flight)
    });
    let acked: HashSet<String> = by_type(&events, "ack")
        .iter()
        .map(|e| e["user_message_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(acked.len(), events.len(), "only acks, one each: {events:?}");
    assert!(
        acked.len() >= in_flight,
        "{} acks, {in_flight} were in flight",
        acked.len()
    );
    assert!(left > 0, "not all taken: the backlog stays in RabbitMQ");
    assert_eq!(acked.len() + left, N, "each message acked or still queued");
    let submits = entries_settled(&smsc, |v| v["event"] == "submit_sm", acked.len());
    let dests: HashSet<&str> = submits
        .iter()
        .map(|s| s["destination_addr"].as_str().unwrap())
        .collect();
    assert_eq!((submits.len(), dests.len()), (acked.len(), acked.len()));
}

/// `--url` three times, the first a port nothing listens on: each of the
/// two binds fails over to the second URL, binds there, and the messages
/// go; the third URL, a fail-over host too, is not bound while the second
/// serves (two sessions in all, not one per bind per URL).
#[test]
fn each_bind_fails_over_between_urls() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&[]);
    let spare = Smsc::start(&[]);
    let dead = format!("smpp://gw:pw@127.0.0.1:{}", free_port());
    let (live, spare_url) = (smsc.url("gw:pw"), spare.url("gw:pw"));
    let _gw = Gateway::launch(
        &infra.rabbit.url(),
        &infra.redis_url(),
        &[&dead, &live, &spare_url],
        "failover",
        "binds = 2\n",
    );
    let events = rt().block_on(async {
        let app = App::connect(&infra, "failover").await;
        for i in 0..20 {
            app.send(&vumi_message(
                "failover",
                &format!("f{i}"),
                "447700900090",
                "over",
            ))
            .await;
        }
        app.read("event", Duration::from_secs(30), |e| e.len() >= 20)
            .await
    });
    assert_eq!(by_type(&events, "ack").len(), 20, "{events:?}");
    let binds = entries_settled(&smsc, |v| v["event"] == "bind", 2);
    assert_eq!(binds.len(), 2, "both binds on the live URL: {binds:?}");
    let submits = entries_settled(&smsc, |v| v["event"] == "submit_sm", 20);
    assert_eq!(submits.len(), 20);
    assert_eq!(
        spare.entries(|v| v["event"] == "bind").len(),
        0,
        "the spare URL is not bound while the live one serves"
    );
}

/// An SMSC that sends every receipt and MO part twice (`smpp smsc
/// --duplicate-deliveries`), over two gateway processes: each message
/// still gets one delivery_report (a copy of a final receipt does not
/// complete its tally again) and each long MO message comes in once and
/// whole (a copy of a part taken is not taken again).
#[test]
fn duplicate_receipts_and_mo_parts_are_taken_once() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--echo", "--duplicate-deliveries"]);
    let _a = Gateway::start(&infra, &smsc, "dups", RECEIPTS);
    let _b = Gateway::start(&infra, &smsc, "dups", RECEIPTS);
    const N: usize = 40;
    let long = |i: usize| format!("Sent twice by the SMSC, number {i}; ").repeat(6);
    let (events, inbound) = rt().block_on(async {
        let app = App::connect(&infra, "dups").await;
        let mut events = app.consumer("event").await;
        let mut inbound = app.consumer("inbound").await;
        for i in 0..N {
            app.send(&vumi_message(
                "dups",
                &format!("u{i}"),
                &format!("4474{i:06}"),
                &long(i),
            ))
            .await;
        }
        let (mut e, mut m) = (Vec::new(), Vec::new());
        read_more(&mut events, &mut e, Duration::from_secs(60), |e| {
            e.len() >= 2 * N
        })
        .await;
        read_more(&mut inbound, &mut m, Duration::from_secs(30), |m| {
            m.len() >= N
        })
        .await;
        // Copies would come a little later: read a little longer.
        read_more(&mut events, &mut e, Duration::from_secs(2), |_| false).await;
        read_more(&mut inbound, &mut m, Duration::from_millis(500), |_| false).await;
        (e, m)
    });
    assert_eq!(by_type(&events, "ack").len(), N);
    let reports = by_type(&events, "delivery_report");
    let reported: HashSet<&str> = reports
        .iter()
        .map(|e| e["user_message_id"].as_str().unwrap())
        .collect();
    assert_eq!((reports.len(), reported.len()), (N, N), "one report each");
    let got: Vec<(String, String)> = inbound
        .iter()
        .map(|m| {
            (
                m["from_addr"].as_str().unwrap().to_string(),
                m["content"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: HashSet<(String, String)> =
        (0..N).map(|i| (format!("4474{i:06}"), long(i))).collect();
    assert_eq!(got.len(), N, "each MO message once");
    assert_eq!(got.into_iter().collect::<HashSet<_>>(), want);
    // The SMSC did send each receipt twice, and both were answered.
    let receipts = entries_settled(
        &smsc,
        |v| v["event"] == "receipt" && v["delivered"] == true,
        4 * N,
    );
    assert_eq!(receipts.len(), 4 * N, "two parts, each receipt twice");
}

/// A private CA and a server certificate it signed (for localhost and
/// 127.0.0.1), with another CA that signed nothing, as PEM; ca.pem and
/// other.pem written to a directory removed on drop.
struct TestCa {
    ca: String,
    cert: String,
    key: String,
    dir: std::path::PathBuf,
}

impl TestCa {
    fn new() -> TestCa {
        use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
        let ca_cert = |name: &str, key: &KeyPair| {
            let mut params = CertificateParams::new(vec![]).unwrap();
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, name);
            let cert = params.self_signed(key).unwrap();
            (params, cert)
        };
        let ca_key = KeyPair::generate().unwrap();
        let (ca_params, ca) = ca_cert("smpp test CA", &ca_key);
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap();
        let (_, other) = ca_cert("another CA", &KeyPair::generate().unwrap());
        // The gateway's own, for servers that ask for one (mutual TLS).
        let client_key = KeyPair::generate().unwrap();
        let mut client = CertificateParams::new(vec![]).unwrap();
        client
            .distinguished_name
            .push(rcgen::DnType::CommonName, "smpp-gateway");
        let client = client.signed_by(&client_key, &issuer).unwrap();
        // One directory per CA: tests running at once each have their own.
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("smpp-gateway-ca-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("ca.pem"), ca.pem()).unwrap();
        std::fs::write(dir.join("other.pem"), other.pem()).unwrap();
        std::fs::write(dir.join("client.pem"), client.pem()).unwrap();
        std::fs::write(dir.join("client.key"), client_key.serialize_pem()).unwrap();
        TestCa {
            ca: ca.pem(),
            cert: cert.pem(),
            key: key.serialize_pem(),
            dir,
        }
    }

    fn path(&self, file: &str) -> String {
        self.dir.join(file).to_str().unwrap().to_string()
    }
}

impl Drop for TestCa {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A private RabbitMQ and Redis with TLS listeners whose certificate
/// `pki` signed, asking clients for theirs when `client_auth`, and the
/// gateway's URLs for them (RabbitMQ's plain port stays for the test's own
/// client).
struct TlsServers {
    rabbit: peers::RabbitMq,
    redis: peers::Daemon,
    amqps: String,
    rediss: String,
}

impl TlsServers {
    fn start(pki: &TestCa, client_auth: bool) -> Option<TlsServers> {
        let tls = peers::TlsFiles {
            ca: &pki.ca,
            cert: &pki.cert,
            key: &pki.key,
            client_auth,
        };
        let rabbit = peers::RabbitMq::start_tls(&tls)?;
        let redis = peers::start_redis_tls(&tls)?;
        let amqps = format!(
            "amqps://guest:guest@localhost:{}/%2f",
            rabbit.tls_port().unwrap()
        );
        let rediss = format!("rediss://localhost:{}/0", redis.port());
        Some(TlsServers {
            rabbit,
            redis,
            amqps,
            rediss,
        })
    }
}

/// `smpp` with `args` ends with an error that contains `error`, at once
/// (not after retries: the bound leaves room for load), never ready.
#[track_caller]
fn refused_at_start(what: &str, args: &[&str], error: &str) {
    let run = run_limited(BIN, args, Duration::from_secs(30));
    assert_ne!(run.code, 0, "{what}: {}", run.stderr);
    assert!(run.took < Duration::from_secs(10), "{what}: {:?}", run.took);
    assert!(run.stdout.is_empty(), "{what}: never ready: {}", run.stdout);
    assert!(run.stderr.contains(error), "{what}: {}", run.stderr);
    eprintln!(
        "{what}: exit {} in {:?}: {}",
        run.code,
        run.took,
        run.stderr.trim()
    );
}

/// `events` are one ack and one delivery_report for each of `n` messages.
#[track_caller]
fn assert_acked_and_reported(events: &[Value], n: usize) {
    let mut outcomes: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in events {
        outcomes
            .entry(e["user_message_id"].as_str().unwrap())
            .or_default()
            .push(e["event_type"].as_str().unwrap());
    }
    assert_eq!(outcomes.len(), n, "{outcomes:?}");
    for (id, mut types) in outcomes {
        types.sort_unstable();
        assert_eq!(types, ["ack", "delivery_report"], "{id}");
    }
}

/// amqps:// and rediss:// (issue 16): RabbitMQ and Redis with TLS
/// listeners whose certificate a private CA signed. A CA that did not sign
/// it (or none: the system's roots) is told at start with a clear error,
/// not waited on; with `--amqp-ca-file` / `--redis-ca-file` every message
/// gets its ack and delivery_report, and after RabbitMQ restarts the
/// gateway reconnects over TLS and carries on.
#[test]
fn amqps_and_rediss_with_a_private_ca() {
    let pki = TestCa::new();
    let Some(TlsServers {
        rabbit,
        redis: _redis,
        amqps,
        rediss,
    }) = TlsServers::start(&pki, false)
    else {
        return;
    };
    let (ca, other) = (pki.path("ca.pem"), pki.path("other.pem"));
    let smsc = Smsc::start(&[]);
    let smsc_url = smsc.url("gw:pw");

    // The wrong CA, or none (the system's roots do not know this one).
    for (what, amqp_ca, redis_ca) in [
        ("amqp: another CA", Some(&other), Some(&ca)),
        ("amqp: the system's roots", None, Some(&ca)),
        ("redis: another CA", Some(&ca), Some(&other)),
        ("redis: the system's roots", Some(&ca), None),
    ] {
        let mut args = vec!["gateway", "--url", &smsc_url, "--transport-name", "tlsbad"];
        args.extend(["--amqp-url", &amqps, "--redis-url", &rediss]);
        if let Some(f) = amqp_ca {
            args.extend(["--amqp-ca-file", f]);
        }
        if let Some(f) = redis_ca {
            args.extend(["--redis-ca-file", f]);
        }
        refused_at_start(what, &args, "invalid peer certificate: UnknownIssuer");
    }
    // A CA file with a plain URL, or not a certificate: told before anything.
    let run = run_limited(
        BIN,
        &["gateway", "--url", &smsc_url, "--amqp-ca-file", &ca],
        Duration::from_secs(10),
    );
    assert!(
        run.code != 0
            && run
                .stderr
                .contains("amqp_ca_file is set but the URL is not amqps://"),
        "{}",
        run.stderr
    );
    let run = run_limited(
        BIN,
        &[
            "gateway",
            "--url",
            &smsc_url,
            "--redis-url",
            &rediss,
            "--redis-ca-file",
            "/dev/null",
        ],
        Duration::from_secs(10),
    );
    assert!(
        run.code != 0
            && run
                .stderr
                .contains("redis_ca_file /dev/null: no certificate"),
        "{}",
        run.stderr
    );

    let mut gw = Gateway::launch_with(
        &amqps,
        &rediss,
        &[&smsc_url],
        "tls",
        RECEIPTS,
        &["--amqp-ca-file", &ca, "--redis-ca-file", &ca],
    );
    const N: usize = 20;
    let events = rt().block_on(async {
        let mut got = Vec::new();
        for round in 0..2 {
            if round == 1 {
                rabbit.restart_app(Duration::from_secs(1));
            }
            // The test's own client takes the plain port.
            let app = App::connect_to(&rabbit.url(), "tls").await;
            let mut events = app.consumer("event").await;
            for i in 0..N {
                let id = format!("tls{round}x{i}");
                app.send(&vumi_message("tls", &id, "447700900070", "over TLS"))
                    .await;
            }
            let want = 2 * N * (round + 1);
            read_more(&mut events, &mut got, Duration::from_secs(60), |e| {
                e.len() >= want
            })
            .await;
        }
        got
    });
    assert_acked_and_reported(&events, 2 * N);
    assert_eq!(gw.stop(), Some(0));
}

/// Mutual TLS (issue 16): a RabbitMQ and a Redis that ask every client for
/// a certificate their CA signed. Without one the gateway stops at start
/// with the server's refusal (a setting to fix, not a server that is
/// down); one file of a pair is told before anything; with
/// `--amqp-cert-file`/`--amqp-key-file` and
/// `--redis-cert-file`/`--redis-key-file` every message gets its ack and
/// delivery_report.
#[test]
fn amqps_and_rediss_with_a_client_certificate() {
    let pki = TestCa::new();
    let Some(TlsServers {
        rabbit,
        redis: _redis,
        amqps,
        rediss,
    }) = TlsServers::start(&pki, true)
    else {
        return;
    };
    let ca = pki.path("ca.pem");
    let (cert, key) = (pki.path("client.pem"), pki.path("client.key"));
    let smsc = Smsc::start(&[]);
    let smsc_url = smsc.url("gw:pw");
    let amqp_client = ["--amqp-cert-file", &cert, "--amqp-key-file", &key];
    let redis_client = ["--redis-cert-file", &cert, "--redis-key-file", &key];

    // No certificate for one of the two servers: refused, and told at once.
    for (what, amqp, redis) in [
        ("amqp: no client certificate", &[][..], &redis_client[..]),
        ("redis: no client certificate", &amqp_client[..], &[][..]),
    ] {
        let mut args = vec!["gateway", "--url", &smsc_url, "--transport-name", "mtlsbad"];
        args.extend(["--amqp-url", &amqps, "--redis-url", &rediss]);
        args.extend(["--amqp-ca-file", &ca, "--redis-ca-file", &ca]);
        args.extend(amqp);
        args.extend(redis);
        refused_at_start(what, &args, "received fatal alert: CertificateRequired");
    }
    // One file of the pair: told before anything.
    let run = run_limited(
        BIN,
        &[
            "gateway",
            "--url",
            &smsc_url,
            "--amqp-url",
            &amqps,
            "--amqp-cert-file",
            &cert,
        ],
        Duration::from_secs(10),
    );
    assert!(
        run.code != 0
            && run
                .stderr
                .contains("amqp_cert_file is set without amqp_key_file"),
        "{}",
        run.stderr
    );

    let mut args = vec!["--amqp-ca-file", &ca, "--redis-ca-file", &ca];
    args.extend(amqp_client);
    args.extend(redis_client);
    let mut gw = Gateway::launch_with(&amqps, &rediss, &[&smsc_url], "mtls", RECEIPTS, &args);
    const N: usize = 20;
    let events = rt().block_on(async {
        // The test's own client takes the plain port.
        let app = App::connect_to(&rabbit.url(), "mtls").await;
        let mut events = app.consumer("event").await;
        for i in 0..N {
            let id = format!("mtls{i}");
            app.send(&vumi_message("mtls", &id, "447700900071", "mutual TLS"))
                .await;
        }
        let mut got = Vec::new();
        read_more(&mut events, &mut got, Duration::from_secs(60), |e| {
            e.len() >= 2 * N
        })
        .await;
        got
    });
    assert_acked_and_reported(&events, N);
    assert_eq!(gw.stop(), Some(0));
}
