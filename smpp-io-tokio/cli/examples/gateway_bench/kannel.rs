//! Kannel's row: bearerbox (one smsc group with `instances` binds to the
//! same `smpp smsc`, its message store in the same Redis) and smsbox,
//! messages handed to `/cgi-bin/sendsms`, and the clock stopped when
//! bearerbox's `/status.xml` counts every one as sent: Kannel counts an
//! SMPP message as sent when its submit_sm_resp comes back with ESME_ROK.

use std::time::{Duration, Instant};

use crate::{http, Measured};

/// How often `/status.xml` is read while waiting.
const POLL: Duration = Duration::from_millis(10);

/// Starts Kannel, sends `n` messages and waits until each is acknowledged;
/// on failure, the reason and Kannel's log tail.
pub(crate) fn run(
    rt: &tokio::runtime::Runtime,
    redis_port: u16,
    smsc_port: u16,
    binds: usize,
    window: usize,
    n: usize,
    connections: usize,
) -> Result<Measured, String> {
    let smsc = peers::KannelSmsc {
        host: "127.0.0.1".into(),
        port: smsc_port,
        system_id: "bench".into(),
        password: "pw".into(),
        instances: binds,
        max_pending_submits: window,
    };
    let kannel = peers::start_kannel(&smsc, redis_port, 3)
        .ok_or("Kannel is not installed and SMPP_SKIP_KANNEL is set")?;
    let with_log = |e: String| format!("Kannel: {e}\n{}", kannel.log_tail(30));
    let started = Instant::now();
    loop {
        let status = kannel.status_xml().map_err(with_log)?;
        if status.matches("<status>online").count() == binds {
            break;
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err(with_log(format!(
                "not {binds} SMSC connection(s) online after 30 s:\n{status}"
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let before = sent(&kannel).map_err(with_log)?;
    let pool = rt
        .block_on(http::connect(kannel.sendsms_port(), connections))
        .map_err(with_log)?;
    let started = Instant::now();
    let mut send = rt.spawn(http::get_all(
        kannel.sendsms_port(),
        pool,
        n,
        |i| {
            format!(
                "/cgi-bin/sendsms?username={}&password={}&from=12345&to={}&text={}",
                peers::Kannel::SENDSMS_USER,
                peers::Kannel::SENDSMS_PASSWORD,
                http::encode(&format!("+2782{i:07}")),
                http::encode(&crate::text(i)),
            )
        },
        |body| body.contains("Accepted for delivery"),
    ));
    let (mut done, mut progress) = (before, Instant::now());
    let mut accepted = None;
    while done < before + n {
        std::thread::sleep(POLL);
        if accepted.is_none() && send.is_finished() {
            // A refused request ends the run now, not after the stall.
            let result = rt.block_on(&mut send).map_err(|e| e.to_string());
            accepted = Some(result.and_then(|r| r).map_err(with_log)?);
        }
        let now = sent(&kannel).map_err(with_log)?;
        if now > done {
            (done, progress) = (now, Instant::now());
        } else if progress.elapsed() > Duration::from_secs(30) {
            return Err(with_log(format!(
                "{} of {n} sent, none for 30 s",
                done - before
            )));
        }
    }
    let took = started.elapsed();
    let accepted = match accepted {
        Some(accepted) => accepted,
        None => rt
            .block_on(send)
            .map_err(|e| with_log(e.to_string()))?
            .map_err(with_log)?,
    };
    let peak = kannel
        .pids()
        .iter()
        .map(|&pid| peers::peak_rss_kb(pid).unwrap_or(0))
        .sum();
    Ok(Measured {
        count: n,
        rate: n as f64 / took.as_secs_f64(),
        handed_over: Some(accepted),
        peak_kib: peak,
        cpu: None,
    })
}

/// `<sms><sent><total>N</total>` of bearerbox's `/status.xml`: the
/// messages whose submit_sm_resp said ESME_ROK.
fn sent(kannel: &peers::Kannel) -> Result<usize, String> {
    let status = kannel.status_xml()?;
    let sms = status
        .split_once("<sms>")
        .map(|(_, rest)| rest)
        .ok_or("no <sms> in /status.xml")?;
    let total = sms
        .split_once("<sent><total>")
        .and_then(|(_, rest)| rest.split_once("</total>"))
        .and_then(|(n, _)| n.parse().ok())
        .ok_or("no <sent><total> in /status.xml's <sms>")?;
    Ok(total)
}
