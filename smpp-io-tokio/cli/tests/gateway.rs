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

use common::{lines_of, Smsc, BIN};
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
            .args(["--url", &smsc.url("gw:pw")])
            .args(["--amqp-url", &infra.rabbit.url()])
            .args(["--redis-url", &infra.redis_url()])
            .args(["--transport-name", transport])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let out = lines_of(child.stdout.take().unwrap());
        let line = out
            .recv_timeout(Duration::from_secs(30))
            .expect("smpp gateway prints a line when ready");
        assert!(
            line.starts_with("smpp gateway: 1 session(s) bound to 127.0.0.1:")
                && line.ends_with(&format!("consuming {transport}.outbound")),
            "{line}"
        );
        Gateway {
            child,
            _config: tempfile_path::TempFile(path),
        }
    }

    /// SIGTERM, and the exit status (at most 20 s).
    fn stop(&mut self) -> Option<i32> {
        use rustix::process::{kill_process, Pid, Signal};
        let pid = Pid::from_child(&self.child);
        let _ = kill_process(pid, Signal::TERM);
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
        let conn = Connection::connect(&infra.rabbit.url(), ConnectionProperties::default())
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

    /// Reads `<transport>.<queue>` until `done` says so or `limit` passes.
    async fn read(
        &self,
        queue: &str,
        limit: Duration,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let mut consumer = self
            .ch
            .basic_consume(
                format!("{}.{queue}", self.transport).as_str().into(),
                format!("test-{queue}").as_str().into(),
                BasicConsumeOptions {
                    no_ack: true,
                    ..BasicConsumeOptions::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap();
        let mut got = Vec::new();
        let deadline = tokio::time::Instant::now() + limit;
        while !done(&got) {
            match tokio::time::timeout_at(deadline, consumer.next()).await {
                Ok(Some(Ok(d))) => {
                    assert_eq!(d.properties.delivery_mode(), &Some(2), "persistent");
                    got.push(serde_json::from_slice(&d.data).unwrap());
                }
                _ => break,
            }
        }
        got
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
    let submits = smsc.entries(|v| v["event"] == "submit_sm");
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
        let submits =
            smsc.entries(|v| v["event"] == "submit_sm" && v["short_message"] == hex(mine_text(id)));
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
/// every message is acked in the end, none nacked.
#[test]
fn throttling_gives_no_nacks() {
    let Some(infra) = infra() else { return };
    let smsc = Smsc::start(&["--throttle", "20"]);
    let _gw = Gateway::start(&infra, &smsc, "throttled", "");
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
    assert!(
        !smsc
            .entries(|v| v["event"] == "submit_sm" && v["command_status"] == 0x58)
            .is_empty(),
        "the SMSC did throttle"
    );
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
