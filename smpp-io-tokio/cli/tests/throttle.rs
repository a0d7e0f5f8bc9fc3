//! A throttling SMSC (SMPP 3.4 §5.1.3 ESME_RTHROTTLED), as providers are:
//! `smpp smsc --throttle N` accepts N submit_sm per second and throttles
//! the rest. The client must deliver every message at close to N per
//! second with no failures: a window throttled at once is one pause, and
//! throttled requests are sent again after it, through the library
//! (`send_text` from many tasks), `smpp send --count` and `smpp bench`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::time::{Duration, Instant};

use smpp_cli::sim;
use smpp_io_tokio::{Client, ClientConfig, ServerConfig, TextOptions};

mod common;

const RATE: u32 = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_text_from_many_tasks_delivers_everything_at_the_throttle_rate() {
    let sim = sim::start(
        "127.0.0.1:0",
        ServerConfig::default(),
        sim::SimConfig {
            throttle_per_second: Some(RATE),
            ..sim::SimConfig::default()
        },
    )
    .await
    .unwrap();
    let port = sim.local_addr().port();
    let (client, _inbox) = Client::connect(ClientConfig::new("127.0.0.1", port, "esme", "pw"))
        .await
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..20)
        .map(|t| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for i in 0..3 {
                    let sent = client
                        .send_text(&format!("task {t} message {i}"), &TextOptions::new("4477"))
                        .await
                        .unwrap();
                    ids.extend(sent.message_ids().unwrap().into_iter().map(String::from));
                }
                ids
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.extend(
            tokio::time::timeout(Duration::from_secs(30), t)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let elapsed = started.elapsed();
    assert_eq!(ids.len(), 60, "every message accepted, none failed");
    // 60 messages at 20 per second: about 3 s (2 to 6 allows for where the
    // throttle's seconds start); the old back-off took a minute or more.
    assert!(
        elapsed > Duration::from_millis(1500) && elapsed < Duration::from_secs(6),
        "60 messages at {RATE}/s took {elapsed:?}"
    );
    client.unbind().await.unwrap();
}

#[test]
fn smpp_send_count_delivers_everything_at_the_throttle_rate() {
    let smsc = common::Smsc::start(&["--throttle", &RATE.to_string()]);
    let started = Instant::now();
    let url = smsc.url("esme:pw");
    let run = common::run_limited(
        common::BIN,
        &[
            "send", "--url", &url, "--to", "4477", "--count", "60", "--text", "hello", "--json",
        ],
        Duration::from_secs(30),
    );
    let elapsed = started.elapsed();
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let v: serde_json::Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(
        (&v["accepted"], &v["failed"]),
        (&60.into(), &0.into()),
        "{v}"
    );
    // 60 at 20/s: about 3 s; the old back-off took 60 s and failed 20.
    assert!(elapsed < Duration::from_secs(8), "took {elapsed:?}: {v}");
}

#[test]
fn smpp_bench_delivers_everything_at_the_throttle_rate() {
    let smsc = common::Smsc::start(&["--throttle", "100"]);
    let started = Instant::now();
    let url = smsc.url("esme:pw");
    let run = common::run_limited(
        common::BIN,
        &["bench", "--url", &url, "--count", "500", "--json"],
        Duration::from_secs(30),
    );
    let elapsed = started.elapsed();
    assert_eq!(
        run.code, 0,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let v: serde_json::Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!((&v["ok"], &v["failed"]), (&500.into(), &0.into()), "{v}");
    // 500 at 100/s: about 5 s; the old back-off had not ended after 90 s.
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}: {v}");
}
