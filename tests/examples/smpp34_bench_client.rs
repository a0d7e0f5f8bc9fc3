//! The `smpp34` 1.5.1 crate's own ESME client, as its authors drive it
//! (`SmppClient` with an `SmppClientListener` that hands out the bound
//! `SMSC`, one task per window slot, cf. its `examples/perf_esme.rs`), for the
//! whole-process throughput comparison (`tests/bench/compare.py`).
//!
//! `smpp34_bench_client --url smpp://USER:PASS@HOST:PORT --count N --window W --connections C [--json] [--pipeline]`
//!
//! Same arguments and the same summary as `smpp bench`: C transceiver
//! sessions, each with W submit_sm in flight, N submit_sm in all. By
//! default as smpp34's `perf_esme` does it: W tasks per session, each
//! awaiting its submit_sm_resp before sending the next. With `--pipeline`
//! as `smpp bench` does it: one task per session keeping W futures in flight.
//! The same submit_sm as `smpp bench` (destination 447700900123, 18-octet
//! text, no receipt requested). With `--json` the last line is
//! `{"sent":..,"ok":..,"failed":..,"seconds":..,"per_second":..,"p50_ms":..,"p99_ms":..,"connections":..,"window":..}`.
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)] // reason: the summary line is the output

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use futures_util::stream::{FuturesUnordered, StreamExt};
use smpp34::client::{SmppClient, SmppClientListener, BIND_TYPE, SMSC};
use smpp34::{submit_sm_resp, SmppError};
use smpp_tests::latency::Latencies;
use tokio::sync::{oneshot, Mutex};

/// Hands the bound `SMSC` of one session to `main`.
struct Binder {
    tx: Mutex<Option<oneshot::Sender<Arc<SMSC>>>>,
}

#[async_trait]
impl SmppClientListener for Binder {
    async fn on_smsc_bound(&self, smsc: SMSC, _session_id: &String) {
        if let Some(tx) = self.tx.lock().await.take() {
            let _ = tx.send(Arc::new(smsc));
        }
    }

    async fn on_connection_failed(&self, error: &str) {
        eprintln!("smpp34 bench client: {error}");
        self.tx.lock().await.take();
    }
}

struct Opts {
    host: String,
    port: u16,
    system_id: String,
    password: String,
    count: usize,
    window: usize,
    connections: usize,
    json: bool,
    pipeline: bool,
}

/// `smpp://USER:PASS@HOST:PORT` → (user, pass, host, port).
fn parse_url(url: &str) -> Result<(String, String, String, u16), String> {
    let rest = url
        .strip_prefix("smpp://")
        .ok_or_else(|| format!("{url:?}: only smpp:// URLs"))?;
    let (creds, hostport) = rest.rsplit_once('@').unwrap_or(("", rest));
    let (user, pass) = creds.split_once(':').unwrap_or((creds, ""));
    let (host, port) = hostport
        .rsplit_once(':')
        .ok_or_else(|| format!("{url:?}: no port"))?;
    let port = port
        .trim_end_matches('/')
        .parse()
        .map_err(|e| format!("{url:?}: bad port: {e}"))?;
    Ok((user.into(), pass.into(), host.into(), port))
}

fn parse_args() -> Result<Opts, String> {
    let mut url = "smpp://smppclient1:password@127.0.0.1:2775".to_string();
    let (mut count, mut window, mut connections) = (10_000usize, 64usize, 1usize);
    let (mut json, mut pipeline) = (false, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, v: String| {
            v.parse::<usize>()
                .map_err(|e| format!("bad {name} {v:?}: {e}"))
        };
        match a.as_str() {
            "--url" => url = value("--url")?,
            "--count" => count = number("--count", value("--count")?)?,
            "--window" => window = number("--window", value("--window")?)?.max(1),
            "--connections" => {
                connections = number("--connections", value("--connections")?)?.max(1)
            }
            "--json" => json = true,
            "--pipeline" => pipeline = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let (system_id, password, host, port) = parse_url(&url)?;
    Ok(Opts {
        host,
        port,
        system_id,
        password,
        count,
        window,
        connections,
        json,
        pipeline,
    })
}

async fn bind(o: &Opts) -> Result<(SmppClient, Arc<SMSC>), String> {
    let (tx, rx) = oneshot::channel();
    let binder = Arc::new(Binder {
        tx: Mutex::new(Some(tx)),
    });
    let mut client = SmppClient::new(
        o.host.clone(),
        o.port,
        false,
        BIND_TYPE::TRX,
        o.system_id.clone(),
        o.password.clone(),
        String::new(),
        0,
        0,
        String::new(),
        binder,
        o.window,
    );
    client.start().await;
    match tokio::time::timeout(Duration::from_secs(10), rx).await {
        Ok(Ok(smsc)) => Ok((client, smsc)),
        _ => Err(format!("cannot bind to {}:{}", o.host, o.port)),
    }
}

/// The submit_sm of `smpp bench`, and how long its response took.
async fn timed_submit(smsc: &SMSC) -> (Result<submit_sm_resp, SmppError>, Duration) {
    let t0 = Instant::now();
    let r = smsc
        .submit_sm()
        .destination_addr("447700900123")
        .short_message(b"smpp bench message")
        .send()
        .await;
    (r, t0.elapsed())
}

async fn run(o: Opts) -> Result<bool, String> {
    let mut sessions = Vec::with_capacity(o.connections);
    for _ in 0..o.connections {
        sessions.push(bind(&o).await?);
    }
    let per_conn = o.count.div_ceil(o.connections);
    let started = Instant::now();
    let lats = Arc::new(Latencies::new());
    let mut tasks = Vec::with_capacity(o.connections * o.window);
    for (i, (_, smsc)) in sessions.iter().enumerate() {
        let per_this = per_conn.min(o.count.saturating_sub(i * per_conn));
        if o.pipeline {
            // One task per connection with W futures in flight, the way
            // `smpp bench` drives ours.
            let smsc = smsc.clone();
            let lats = lats.clone();
            let window = o.window;
            tasks.push(tokio::spawn(async move {
                let mut inflight = FuturesUnordered::new();
                let (mut issued, mut ok) = (0usize, 0usize);
                while inflight.len() < window && issued < per_this {
                    inflight.push(timed_submit(&smsc));
                    issued += 1;
                }
                while let Some((r, lat)) = inflight.next().await {
                    lats.record(lat);
                    ok += usize::from(r.is_ok_and(|r| r.is_success()));
                    if issued < per_this {
                        inflight.push(timed_submit(&smsc));
                        issued += 1;
                    }
                }
                (issued, ok)
            }));
            continue;
        }
        // As smpp34's own examples/perf_esme.rs: one task per window slot.
        for w in 0..o.window {
            let smsc = smsc.clone();
            let lats = lats.clone();
            let n = per_this / o.window + usize::from(w < per_this % o.window);
            tasks.push(tokio::spawn(async move {
                let mut ok = 0usize;
                for _ in 0..n {
                    let (r, lat) = timed_submit(&smsc).await;
                    lats.record(lat);
                    ok += usize::from(r.is_ok_and(|r| r.is_success()));
                }
                (n, ok)
            }));
        }
    }
    let (mut sent, mut ok) = (0usize, 0usize);
    for t in tasks {
        if let Ok((n, k)) = t.await {
            sent += n;
            ok += k;
        }
    }
    smpp_tests::bench_client::Run {
        sent,
        ok,
        started,
        latencies: &lats,
        connections: o.connections,
        window: o.window,
    }
    .print(o.json);
    for (mut client, smsc) in sessions {
        let _ = tokio::time::timeout(Duration::from_secs(2), smsc.send_unbind()).await;
        client.stop().await;
    }
    Ok(ok == sent)
}

#[tokio::main]
async fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("smpp34 bench client: {e}");
            return ExitCode::from(2);
        }
    };
    match run(o).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("smpp34 bench client: {e}");
            ExitCode::FAILURE
        }
    }
}
