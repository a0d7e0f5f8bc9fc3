//! `smpp gateway` throughput (issue 16): messages per second from
//! "published to `<transport>.outbound`" to "ack event read from
//! `<transport>.event`", for 1 and 4 binds against `smpp smsc --quiet`,
//! beside RabbitMQ's own ceiling for the same pattern (consume a persistent
//! message, publish a persistent one with a publisher confirm, basic_ack)
//! with the same message sizes and prefetch, and beside two other gateways
//! on the same RabbitMQ, Redis and `smpp smsc`: Jasmin ([`jasmin`]) and
//! Kannel ([`kannel`]), installed on first use by `tests/peers`. A private
//! RabbitMQ and Redis are started and stopped here. A peer that does not
//! start or does not finish ends the run with its log tail and exit code 1.
//!
//! ```sh
//! cargo build --release -p smpp-cli --bin smpp
//! cargo run --release -p smpp-cli --example gateway_bench -- \
//!     --count 20000 --jasmin-count 4000 --kannel-count 20000
//! ```
//!
//! `--peers none` leaves Jasmin and Kannel out (while iterating). After
//! each table, each row's CPU time per message of every process taking
//! part ([`cpu`]) shows where the cores went.
//!
//! The rows run twice, in two [`Layout`]s: every process on every core,
//! then RabbitMQ on a core of its own (`--layout shared` or `split` runs
//! one). On a machine of few cores the first measures the sum of the
//! processes' CPU time more than anything (RabbitMQ, Redis, the SMSC, the
//! gateway and the publishing bench all take turns on the same cores); the
//! second asks what the target asks, whether the broker, not the gateway,
//! bounds the throughput, as when RabbitMQ runs on a host of its own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: a benchmark tool

mod cpu;
mod http;
mod jasmin;
mod kannel;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt as _;
use lapin::options::{
    BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, ConfirmSelectOptions,
    QueueDeclareOptions, QueuePurgeOptions,
};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};

use cpu::{PerMessage, Procs};
use smpp_gateway::acks::Acks;
use smpp_gateway::publisher::Publisher;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// What one row measured.
#[derive(Clone, Debug)]
pub(crate) struct Measured {
    /// Messages sent through.
    pub(crate) count: usize,
    /// Messages per second, from the first handed over to the last
    /// acknowledged.
    pub(crate) rate: f64,
    /// For the HTTP-driven peers: when the last message had been accepted.
    pub(crate) handed_over: Option<Duration>,
    /// The gateway's peak resident memory (VmHWM), its processes summed.
    pub(crate) peak_kib: u64,
    /// For `smpp gateway`: the CPU time (user + system) per message of
    /// each process while the clock ran.
    pub(crate) cpu: Option<PerMessage>,
}

/// The text of message `i`, the same in every row.
pub(crate) fn text(i: usize) -> String {
    format!("Benchmark message number {i}, a typical short text.")
}

/// A vumi2 outbound message of the usual size; its id is `row`'s (a
/// number unique to the row) and `i`, so that no row finds a message of
/// another in the store (which would take it for a copy delivered again
/// and publish its recorded event without submitting it).
fn message(transport: &str, row: u32, i: usize) -> Vec<u8> {
    serde_json::json!({
        "to_addr": format!("+2782{i:07}"), "from_addr": "12345", "transport_name": transport,
        "transport_type": "sms", "message_version": "20110921",
        "message_type": "user_message", "timestamp": "2026-12-05 10:00:00.123456",
        "routing_metadata": {}, "helper_metadata": {}, "message_id": format!("{row:08x}{i:024x}"),
        "in_reply_to": null, "provider": null, "session_event": null,
        "content": text(i),
        "transport_metadata": {}, "group": null, "to_addr_type": null, "from_addr_type": null,
    })
    .to_string()
    .into_bytes()
}

/// Publishes `n` persistent messages with confirms, `window` unconfirmed at
/// most.
async fn publish_all(ch: &Channel, key: &str, n: usize, body: impl Fn(usize) -> Vec<u8>) {
    let mut pending = std::collections::VecDeque::new();
    for i in 0..n {
        let confirm = ch
            .basic_publish(
                "".into(),
                key.into(),
                BasicPublishOptions::default(),
                &body(i),
                BasicProperties::default().with_delivery_mode(2),
            )
            .await
            .unwrap();
        pending.push_back(confirm);
        if pending.len() >= 1000 {
            pending.pop_front().unwrap().await.unwrap();
        }
    }
    for c in pending {
        c.await.unwrap();
    }
}

async fn channel(conn: &Connection, confirms: bool) -> Channel {
    let ch = conn.create_channel().await.unwrap();
    if confirms {
        ch.confirm_select(ConfirmSelectOptions::default())
            .await
            .unwrap();
    }
    ch
}

/// RabbitMQ alone, the gateway's broker use without SMPP or a store, with
/// the gateway's own parts: one task takes the deliveries and hands each
/// to a [`Publisher`] (persistent, confirmed), and the deliveries whose
/// copy is confirmed are acknowledged by an [`Acks`], in batches. Messages/s, and the CPU
/// per message of `procs` (with this process, the relay, added).
async fn ceiling(url: &str, n: usize, prefetch: u16, procs: &Procs) -> (f64, PerMessage) {
    let conn = Connection::connect(url, ConnectionProperties::default())
        .await
        .unwrap();
    let setup = channel(&conn, false).await;
    for q in ["ceiling.in", "ceiling.out"] {
        setup
            .queue_declare(
                q.into(),
                QueueDeclareOptions::durable(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        setup
            .queue_purge(q.into(), QueuePurgeOptions::default())
            .await
            .unwrap();
    }
    let relay_in = channel(&conn, false).await;
    relay_in
        .basic_qos(prefetch, BasicQosOptions::default())
        .await
        .unwrap();
    let relay_out = Publisher::start(channel(&conn, true).await);
    let mut consumer = relay_in
        .basic_consume(
            "ceiling.in".into(),
            "relay".into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();
    let (acks, _acking) = Acks::start(relay_in.clone());
    tokio::spawn(async move {
        let out = &relay_out;
        let mut relaying = FuturesUnordered::new();
        loop {
            tokio::select! {
                d = consumer.next() => match d {
                    Some(Ok(d)) => relaying.push(async move {
                        let tag = d.delivery_tag;
                        out.publish("", "ceiling.out".into(), d.data)
                            .await
                            .unwrap();
                        tag
                    }),
                    _ => break,
                },
                Some(tag) = relaying.next(), if !relaying.is_empty() => acks.ack(tag),
            }
        }
    });
    let reader = channel(&conn, false).await;
    let mut out = reader
        .basic_consume(
            "ceiling.out".into(),
            "reader".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..BasicConsumeOptions::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();
    let publisher = channel(&conn, true).await;
    let before = procs.snapshot();
    let started = Instant::now();
    let publish = tokio::spawn(async move {
        publish_all(&publisher, "ceiling.in", n, |i| message("ceiling", 0, i)).await;
    });
    for _ in 0..n {
        out.next().await.unwrap().unwrap();
    }
    let took = started.elapsed();
    let cpu = procs.since(&before, n, took);
    publish.await.unwrap();
    let _ = conn.close(200, "done".into()).await;
    (n as f64 / took.as_secs_f64(), cpu)
}

/// The gateway: publish `n` to `<transport>.outbound` (ids of `row`), read
/// `n` acks.
async fn through_gateway(
    url: &str,
    (transport, row): (&str, u32),
    n: usize,
    procs: &Procs,
) -> (f64, PerMessage) {
    let conn = Connection::connect(url, ConnectionProperties::default())
        .await
        .unwrap();
    let reader = channel(&conn, false).await;
    let mut events = reader
        .basic_consume(
            format!("{transport}.event").as_str().into(),
            "reader".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..BasicConsumeOptions::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();
    let publisher = channel(&conn, true).await;
    let key = format!("{transport}.outbound");
    let t = transport.to_string();
    let before = procs.snapshot();
    let started = Instant::now();
    let publish = tokio::spawn(async move {
        publish_all(&publisher, &key, n, |i| message(&t, row, i)).await;
    });
    let mut acks = 0;
    while acks < n {
        let d = events.next().await.unwrap().unwrap();
        // An ack, found without parsing the JSON (the RabbitMQ-alone reader
        // parses nothing either): the gateway writes it compact.
        const ACK: &[u8] = br#""event_type":"ack""#;
        assert!(
            d.data.windows(ACK.len()).any(|w| w == ACK),
            "{}",
            String::from_utf8_lossy(&d.data)
        );
        acks += 1;
    }
    let took = started.elapsed();
    let cpu = procs.since(&before, n, took);
    publish.await.unwrap();
    let _ = conn.close(200, "done".into()).await;
    (n as f64 / took.as_secs_f64(), cpu)
}

/// `smpp_gateway_submitted_total` from the gateway's `/metrics` at `addr`.
fn submitted(addr: std::net::SocketAddr) -> Option<u64> {
    use std::io::{Read as _, Write as _};
    let mut c = std::net::TcpStream::connect(addr).ok()?;
    c.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    c.write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .ok()?;
    let mut reply = String::new();
    c.read_to_string(&mut reply).ok()?;
    reply
        .lines()
        .find_map(|l| l.strip_prefix("smpp_gateway_submitted_total "))
        .and_then(|v| v.trim().parse().ok())
}

fn first_line(r: impl std::io::Read + Send + 'static) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    rx.recv_timeout(Duration::from_secs(30)).expect("a line")
}

fn stop(mut child: Child) {
    use rustix::process::{kill_process, Pid, Signal};
    let _ = kill_process(Pid::from_child(&child), Signal::TERM);
    let deadline = Instant::now() + Duration::from_secs(15);
    while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A child process stopped (SIGTERM, then SIGKILL) when dropped.
struct Stopped(Option<Child>);

impl Drop for Stopped {
    fn drop(&mut self) {
        if let Some(child) = self.0.take() {
            stop(child);
        }
    }
}

/// `smpp smsc --quiet` on a free port, and that port.
fn start_smsc(smpp: &str) -> (Stopped, u16) {
    let mut smsc = Command::new(smpp)
        .args(["smsc", "--listen", "127.0.0.1:0", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{smpp} smsc: {e} (build it first: see the module doc)"));
    let line = first_line(smsc.stderr.take().unwrap());
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    (Stopped(Some(smsc)), port)
}

/// What `smpp gateway` is started with.
struct Services<'a> {
    /// The `smpp` binary.
    smpp: &'a str,
    amqp_url: &'a str,
    redis_url: &'a str,
    smsc_port: u16,
    /// `redis` or `memory` (`--store`).
    store: &'a str,
}

/// `smpp gateway` with `binds` sessions on `transport`: its measure, once
/// its `/metrics` says it submitted every message (none taken for a copy
/// of another row's).
fn ours(
    rt: &tokio::runtime::Runtime,
    services: &Services<'_>,
    binds: usize,
    n: usize,
    procs: &Procs,
) -> Measured {
    let Services {
        smpp,
        amqp_url,
        redis_url,
        smsc_port,
        ..
    } = *services;
    let transport = format!("bench{binds}");
    let row = u32::from_str_radix(&smpp_gateway::message::new_id()[..8], 16).unwrap_or(1);
    let metrics = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    let mut gw = Command::new(smpp)
        .args([
            "gateway",
            "--url",
            &format!("smpp://bench:pw@127.0.0.1:{smsc_port}"),
        ])
        .args(["--amqp-url", amqp_url, "--redis-url", redis_url])
        .args(["--store", services.store])
        .args([
            "--transport-name",
            &transport,
            "--binds",
            &binds.to_string(),
            "--metrics",
            &metrics.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ready = first_line(gw.stdout.take().unwrap());
    assert!(ready.starts_with("smpp gateway:"), "{ready}");
    // Every bind up before the clock starts.
    std::thread::sleep(Duration::from_secs(1));
    let procs = procs.with("gateway", gw.id());
    let (rate, cpu) = rt.block_on(through_gateway(amqp_url, (&transport, row), n, &procs));
    let peak_kib = peers::peak_rss_kb(gw.id()).unwrap_or(0);
    let submitted = submitted(metrics);
    assert_eq!(submitted, Some(n as u64), "smpp_gateway_submitted_total");
    stop(gw);
    Measured {
        count: n,
        rate,
        handed_over: None,
        peak_kib,
        cpu: Some(cpu),
    }
}

/// Where the processes run during a pass over the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// Every process on every core, as the kernel schedules them.
    Shared,
    /// RabbitMQ on CPU 0, every other process (this bench, Redis, `smpp
    /// smsc`, the gateways and what they start) on the other cores.
    Split,
}

impl Layout {
    /// The heading of its table.
    fn heading(self, cores: usize) -> String {
        match self {
            Layout::Shared => format!("Every process on every core ({cores} cores)"),
            Layout::Split if cores > 2 => format!(
                "RabbitMQ on CPU 0; Redis, `smpp smsc`, the gateway and the bench on CPUs 1-{}",
                cores - 1
            ),
            Layout::Split => {
                "RabbitMQ on CPU 0; Redis, `smpp smsc`, the gateway and the bench on CPU 1".into()
            }
        }
    }

    /// Puts RabbitMQ's VM (`beam`) and the `rest` (this process included:
    /// what it starts later inherits its cores) where the layout says.
    fn apply(self, cores: usize, beam: Option<u32>, rest: &[u32]) -> Result<(), String> {
        let all = format!("0-{}", cores - 1);
        let (broker, others) = match self {
            Layout::Shared => (all.clone(), all),
            Layout::Split => ("0".to_string(), format!("1-{}", cores - 1)),
        };
        if let Some(beam) = beam {
            place(beam, &broker)?;
        }
        for &pid in rest.iter().chain([std::process::id()].iter()) {
            place(pid, &others)?;
        }
        Ok(())
    }
}

/// Sets the cores of every thread of process `pid` (`taskset -a -p -c`).
fn place(pid: u32, cpus: &str) -> Result<(), String> {
    let out = Command::new("taskset")
        .args(["-a", "-p", "-c", cpus, &pid.to_string()])
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("taskset: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "taskset -a -p -c {cpus} {pid}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

fn count(flag: &str, default: usize) -> usize {
    arg(flag).and_then(|c| c.parse().ok()).unwrap_or(default)
}

fn main() {
    // Everything started is stopped when `bench` returns, before the exit.
    if let Err(e) = bench() {
        eprintln!("gateway_bench: {e}");
        std::process::exit(1);
    }
}

fn bench() -> Result<(), String> {
    let n = count("--count", 20_000);
    let n_jasmin = count("--jasmin-count", 4_000);
    let n_kannel = count("--kannel-count", 20_000);
    // HTTP requests at once to Jasmin's `/send` and Kannel's sendsms.
    let connections = count("--http-connections", 64);
    // `--peers none`: only RabbitMQ alone and `smpp gateway` (while
    // iterating); the default, `all`, adds Jasmin and Kannel.
    let with_peers = match arg("--peers").as_deref() {
        None | Some("all") => true,
        Some("none") => false,
        Some(other) => return Err(format!("--peers {other:?}: all or none")),
    };
    // `--store memory`: the gateway keeps its state in its own memory
    // (`smpp gateway --store memory`), to see what Redis costs.
    let store = arg("--store").unwrap_or_else(|| "redis".to_string());
    // Counted before any process is placed (this one's cores shrink then).
    let cores = cpu::machine_cores();
    let layouts = match arg("--layout").as_deref() {
        None | Some("both") => vec![Layout::Shared, Layout::Split],
        Some("shared") => vec![Layout::Shared],
        Some("split") => vec![Layout::Split],
        Some(other) => return Err(format!("--layout {other:?}: both, shared or split")),
    };
    if cores < 2 && layouts.contains(&Layout::Split) {
        return Err("--layout split needs 2 cores or more; use --layout shared".into());
    }
    let smpp = arg("--smpp").unwrap_or_else(|| {
        peers::target_dir()
            .join("release/smpp")
            .to_string_lossy()
            .into_owned()
    });
    if with_peers {
        // Installed (once) before anything runs, so that a missing peer
        // ends the run before the first figure.
        peers::jasmin().expect("Jasmin: SMPP_SKIP_PYTHON is set and it is not installed");
        peers::kannel().expect("Kannel: SMPP_SKIP_KANNEL is set and it is not installed");
    }
    let rabbit = peers::RabbitMq::start().expect("RabbitMQ");
    let redis = peers::start_redis().expect("Redis");
    let redis_url = format!("redis://127.0.0.1:{}/0", redis.port());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (smsc, smsc_port) = start_smsc(&smpp);
    let mut procs = Procs::default();
    if let Some(pid) = rabbit.beam_pid() {
        procs = procs.with("RabbitMQ", pid);
    }
    procs = procs.with("Redis", redis.pid());
    if let Some(child) = &smsc.0 {
        procs = procs.with("smsc", child.id());
    }
    procs = procs.with("bench", std::process::id());
    println!(
        "persistent messages, publisher confirms; machine: {cores} cores; load average {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let rest: Vec<u32> = [Some(redis.pid()), smsc.0.as_ref().map(Child::id)]
        .into_iter()
        .flatten()
        .collect();
    for layout in layouts {
        layout.apply(cores, rabbit.beam_pid(), &rest)?;
        println!();
        println!("### {}", layout.heading(cores));
        println!();
        println!(
        "| what | binds | in flight | messages | messages/s | vs RabbitMQ alone | smpp gateway vs this | peak RSS MiB |"
    );
        println!("|---|---|---|---|---|---|---|---|");
        let mib = |kib: u64| format!("{:.1}", kib as f64 / 1024.0);
        let mut breakdown = Vec::new();
        for binds in [1usize, 4] {
            // The gateway's own prefetch (windows of the default window size
            // per bind), used by the RabbitMQ-alone relay too, so both rows
            // have the same number of messages in flight.
            let prefetch = smpp_gateway::broker::prefetch(smpp_io_tokio::WINDOW, binds);
            let window = smpp_io_tokio::WINDOW * binds;
            let (limit, cpu) = rt.block_on(ceiling(&rabbit.url(), n, prefetch, &procs));
            println!("| RabbitMQ alone (consume, publish with confirm, batched ack) | — | {prefetch} | {n} | {limit:.0} | 1.00× | — | — |");
            breakdown.push((format!("RabbitMQ alone, prefetch {prefetch}"), cpu));
            let services = Services {
                smpp: &smpp,
                amqp_url: &rabbit.url(),
                redis_url: &redis_url,
                smsc_port,
                store: &store,
            };
            let ours = ours(&rt, &services, binds, n, &procs);
            println!(
            "| `smpp gateway` ({} store{}) | {binds} | {prefetch} | {n} | {:.0} | {:.2}× | 1.00× | {} |",
            if store == "memory" { "memory" } else { "Redis" },
            ours.cpu
                .as_ref()
                .and_then(|c| c.of("gateway"))
                .map(|us| format!(", CPU {us:.0} µs/message"))
                .unwrap_or_default(),
            ours.rate,
            ours.rate / limit,
            mib(ours.peak_kib)
        );
            if let Some(cpu) = &ours.cpu {
                breakdown.push((format!("`smpp gateway`, {binds} bind(s)"), cpu.clone()));
            }
            if !with_peers {
                continue;
            }
            let row = |what: &str, in_flight: String, m: Measured| {
                let handed = m
                    .handed_over
                    .map(|d| format!(" (HTTP accepted all in {:.1} s)", d.as_secs_f64()))
                    .unwrap_or_default();
                println!(
                "| {what}{handed} | {binds} | {in_flight} | {} | {:.0} | {:.2}× | {:.1}× | {} |",
                m.count,
                m.rate,
                m.rate / limit,
                ours.rate / m.rate,
                mib(m.peak_kib)
            );
            };
            let j = jasmin::run(
                &rt,
                &rabbit,
                redis.port(),
                smsc_port,
                binds,
                n_jasmin,
                connections,
            )?;
            row("Jasmin 0.11.0 (HTTP `/send`)", format!("{binds}"), j);
            let k = kannel::run(
                &rt,
                redis.port(),
                smsc_port,
                binds,
                64,
                n_kannel,
                connections,
            )?;
            row(
                "Kannel 1.4.5 (HTTP sendsms, Redis store)",
                format!("{window}"),
                k,
            );
        }
        println!();
        println!("CPU µs per message (user + system, /proc/PID/stat) while the clock ran, of the cores' capacity per message (cores × wall time / messages):");
        println!();
        for (what, cpu) in breakdown {
            println!("- {what}: {cpu}");
        }
    }
    Ok(())
}
