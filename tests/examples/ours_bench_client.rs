//! Our ESME client at its smallest, the counterpart of `smpp34_bench_client`:
//! `smpp_io_tokio::Client`, driven as `smpp bench` drives it (one task per
//! connection keeping the window full of submit_sm futures), in a binary
//! without the rest of the `smpp` tool. For the whole-process comparison
//! (`tests/bench/compare.py`), where it shows what the library costs in
//! memory apart from the tool.
//!
//! `ours_bench_client --url smpp://USER:PASS@HOST:PORT --count N --window W --connections C [--json]`
//! prints the summary of `smpp bench`.
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)] // reason: the summary line is the output

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::stream::{FuturesUnordered, StreamExt};
use smpp_io_tokio::{Client, ClientConfig, Error, OwnedPdu};
use smpp_proto::codec::SubmitSm;
use smpp_tests::latency::Latencies;

struct Opts {
    url: String,
    count: usize,
    window: usize,
    connections: usize,
    json: bool,
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        url: "smpp://smppclient1:password@127.0.0.1:2775".to_string(),
        count: 10_000,
        window: 64,
        connections: 1,
        json: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, v: String| {
            v.parse::<usize>()
                .map_err(|e| format!("bad {name} {v:?}: {e}"))
        };
        match a.as_str() {
            "--url" => o.url = value("--url")?,
            "--count" => o.count = number("--count", value("--count")?)?,
            "--window" => {
                o.window = number("--window", value("--window")?)?.clamp(1, smpp_io_tokio::WINDOW)
            }
            "--connections" => {
                o.connections = number("--connections", value("--connections")?)?.max(1)
            }
            "--json" => o.json = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(o)
}

/// One submit_sm (the one `smpp bench` sends) and how long its response took.
async fn timed_submit(c: &Client) -> (Result<OwnedPdu, Error>, Duration) {
    let sm = SubmitSm {
        destination_addr: b"447700900123",
        short_message: b"smpp bench message",
        ..SubmitSm::default()
    };
    let t0 = Instant::now();
    let r = c.submit_sm(&sm).await;
    (r, t0.elapsed())
}

async fn run(o: Opts) -> Result<bool, String> {
    let mut clients = Vec::with_capacity(o.connections);
    for _ in 0..o.connections {
        let mut cfg = ClientConfig::from_url(&o.url).map_err(|e| e.to_string())?;
        cfg.session.window = o.window;
        let (c, inbound) = Client::connect(cfg)
            .await
            .map_err(|e| format!("cannot bind: {e}"))?;
        clients.push((c, inbound));
    }
    let per_conn = o.count.div_ceil(o.connections);
    let started = Instant::now();
    let lats = Arc::new(Latencies::new());
    let mut tasks = Vec::with_capacity(o.connections);
    for (i, (c, _)) in clients.iter().enumerate() {
        let n = per_conn.min(o.count.saturating_sub(i * per_conn));
        let (c, lats, window) = (c.clone(), lats.clone(), o.window);
        tasks.push(tokio::spawn(async move {
            let mut inflight = FuturesUnordered::new();
            let (mut issued, mut ok) = (0usize, 0usize);
            while inflight.len() < window && issued < n {
                inflight.push(timed_submit(&c));
                issued += 1;
            }
            while let Some((r, lat)) = inflight.next().await {
                lats.record(lat);
                ok += usize::from(r.is_ok_and(|r| r.command_status().is_ok()));
                if issued < n {
                    inflight.push(timed_submit(&c));
                    issued += 1;
                }
            }
            (issued, ok)
        }));
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
    for (c, _) in clients {
        let _ = tokio::time::timeout(Duration::from_secs(2), c.unbind()).await;
    }
    Ok(ok == sent)
}

#[tokio::main]
async fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ours bench client: {e}");
            return ExitCode::from(2);
        }
    };
    match run(o).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("ours bench client: {e}");
            ExitCode::FAILURE
        }
    }
}
