//! Jasmin's row: `jasmind.py` on the same RabbitMQ and Redis, one SMPP
//! client connector per bind to the same `smpp smsc`, messages handed to its
//! HTTP API (`/send`), and the clock stopped when the last
//! `submit.sm.resp.<cid>` has been published on its `messaging` exchange
//! (a queue of ours is bound to it).

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use lapin::options::{BasicConsumeOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::FieldTable;
use lapin::{Connection, ConnectionProperties};

use crate::{http, Measured};

/// Starts Jasmin, sets it up through jCli, sends `n` messages and waits
/// for their submit_sm_resp; on failure, the reason and Jasmin's log tail.
pub(crate) fn run(
    rt: &tokio::runtime::Runtime,
    rabbit: &peers::RabbitMq,
    redis_port: u16,
    smsc_port: u16,
    binds: usize,
    n: usize,
    connections: usize,
) -> Result<Measured, String> {
    let jasmin = peers::start_jasmin(rabbit.port(), redis_port, 2)
        .ok_or("Jasmin is not installed and SMPP_SKIP_PYTHON is set")?;
    let with_log = |e: String| format!("Jasmin: {e}\n{}", jasmin.log_tail(30));
    setup(&jasmin, smsc_port, binds).map_err(with_log)?;
    let outcome = rt
        .block_on(measure(&jasmin, &rabbit.url(), n, connections))
        .map_err(with_log)?;
    // Jasmin's own account: one "SMS-MT ... ESME_ROK" line per message.
    let logged = jasmin
        .log_file("messages.log")
        .lines()
        .filter(|l| l.contains("SMS-MT") && l.contains("ESME_ROK"))
        .count();
    if logged != n {
        return Err(with_log(format!(
            "messages.log has {logged} ESME_ROK lines, not {n}"
        )));
    }
    let peak = peers::peak_rss_kb(jasmin.pid()).unwrap_or(0);
    Ok(Measured {
        peak_kib: peak,
        cpu: None,
        ..outcome
    })
}

/// Connectors `bench1`..`benchN` (transceivers, no throughput limit), a user,
/// and MT routes over them: the DefaultRoute to `bench1` and, for more than
/// one, a RandomRoundrobinMTRoute over all of them; then waits until every
/// connector is BOUND_TRX.
fn setup(jasmin: &peers::Jasmin, smsc_port: u16, binds: usize) -> Result<(), String> {
    let mut script: Vec<String> = Vec::new();
    for i in 1..=binds {
        script.extend([
            "smppccm -a".into(),
            format!("cid bench{i}"),
            "host 127.0.0.1".into(),
            format!("port {smsc_port}"),
            "username bench".into(),
            "password pw".into(),
            "submit_throughput 0".into(),
            "ok".into(),
            format!("smppccm -1 bench{i}"),
        ]);
    }
    script.extend(
        [
            "group -a",
            "gid bench",
            "ok",
            "user -a",
            "uid bench",
            "gid bench",
            "username bench",
            "password benchpw",
            "ok",
            "mtrouter -a",
            "type DefaultRoute",
            "connector smppc(bench1)",
            "rate 0",
            "ok",
        ]
        .map(String::from),
    );
    if binds > 1 {
        let all: Vec<String> = (1..=binds).map(|i| format!("smppc(bench{i})")).collect();
        script.extend([
            "filter -a".into(),
            "type TransparentFilter".into(),
            "fid all".into(),
            "ok".into(),
            "mtrouter -a".into(),
            "type RandomRoundrobinMTRoute".into(),
            "order 10".into(),
            format!("connectors {}", all.join(";")),
            "filters all".into(),
            "rate 0".into(),
            "ok".into(),
        ]);
    }
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    jasmin.jcli(&lines)?;
    let started = Instant::now();
    loop {
        let list = jasmin.jcli(&["smppccm -l"])?;
        if list.matches("BOUND_TRX").count() == binds {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("connectors not all bound after 30 s:\n{list}"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

async fn measure(
    jasmin: &peers::Jasmin,
    amqp_url: &str,
    n: usize,
    connections: usize,
) -> Result<Measured, String> {
    let e = |e: lapin::Error| e.to_string();
    let conn = Connection::connect(amqp_url, ConnectionProperties::default())
        .await
        .map_err(e)?;
    let ch = conn.create_channel().await.map_err(e)?;
    let queue = "bench.jasmin.submit_sm_resp";
    ch.queue_declare(
        queue.into(),
        QueueDeclareOptions {
            exclusive: true,
            auto_delete: true,
            ..QueueDeclareOptions::default()
        },
        FieldTable::default(),
    )
    .await
    .map_err(e)?;
    ch.queue_bind(
        queue.into(),
        "messaging".into(),
        "submit.sm.resp.*".into(),
        QueueBindOptions::default(),
        FieldTable::default(),
    )
    .await
    .map_err(e)?;
    let mut resps = ch
        .basic_consume(
            queue.into(),
            "bench".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..BasicConsumeOptions::default()
            },
            FieldTable::default(),
        )
        .await
        .map_err(e)?;
    let pool = http::connect(jasmin.http_port(), connections).await?;
    let started = Instant::now();
    let send = tokio::spawn(http::get_all(
        jasmin.http_port(),
        pool,
        n,
        |i| {
            format!(
                "/send?username=bench&password=benchpw&from=12345&to={}&content={}",
                http::encode(&format!("+2782{i:07}")),
                http::encode(&crate::text(i)),
            )
        },
        |body| body.starts_with("Success"),
    ));
    let mut seen = 0;
    while seen < n {
        match tokio::time::timeout(Duration::from_secs(30), resps.next()).await {
            Ok(Some(Ok(_))) => seen += 1,
            Ok(other) => return Err(format!("consumer ended: {other:?}")),
            Err(_) if send.is_finished() => {
                // A refused request says more than the stall.
                send.await.map_err(|e| e.to_string())??;
                return Err(format!("{seen} of {n} submit.sm.resp seen, none for 30 s"));
            }
            Err(_) => return Err(format!("{seen} of {n} submit.sm.resp seen, none for 30 s")),
        }
    }
    let took = started.elapsed();
    let accepted = send.await.map_err(|e| e.to_string())??;
    Ok(Measured {
        count: n,
        rate: n as f64 / took.as_secs_f64(),
        handed_over: Some(accepted),
        peak_kib: 0,
        cpu: None,
    })
}
