//! The gateway's counters, served as Prometheus text on `GET /metrics`, and
//! `GET /health` (200 when a session is bound and RabbitMQ and the store
//! are up, else 503), on the `metrics` address.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// Counters and gauges of one gateway process.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Metrics {
    /// Outbound messages taken from the queue and submitted.
    pub submitted: AtomicU64,
    /// Ack events.
    pub acked: AtomicU64,
    /// Nack events.
    pub nacked: AtomicU64,
    /// Messages handed back to the queue, nothing sent (no session, or
    /// throttled past the retry time).
    pub requeued: AtomicU64,
    /// Submit responses that said ESME_RTHROTTLED or ESME_RMSGQFUL (SMPP
    /// 3.4 §5.1.3): each such submit is sent again after the pause.
    pub throttled: AtomicU64,
    /// Delivery reports published, delivered.
    pub receipts_delivered: AtomicU64,
    /// Delivery reports published, failed.
    pub receipts_failed: AtomicU64,
    /// Delivery reports published, pending.
    pub receipts_pending: AtomicU64,
    /// Receipts whose SMSC message id stayed unknown for `receipt_wait`
    /// (answered, then given up).
    pub receipts_unmatched: AtomicU64,
    /// MO messages published.
    pub inbound: AtomicU64,
    /// Outbound messages claimed for sending and not yet settled (the
    /// others prefetched wait for a permit: [`crate::broker::SENDING_WINDOWS`]).
    pub in_flight: AtomicI64,
    /// SMPP sessions bound now.
    pub sessions_bound: AtomicU64,
    /// Whether RabbitMQ is connected.
    pub broker_up: AtomicBool,
    /// Whether the last store operation succeeded.
    pub store_up: AtomicBool,
}

impl Metrics {
    /// Adds one to `counter`.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether the gateway can do its work.
    pub fn healthy(&self) -> bool {
        self.sessions_bound.load(Ordering::Relaxed) > 0
            && self.broker_up.load(Ordering::Relaxed)
            && self.store_up.load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub fn render(&self) -> String {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let b = |c: &AtomicBool| u8::from(c.load(Ordering::Relaxed));
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, lines: &[(&str, String)]| {
            out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n"));
            for (labels, v) in lines {
                out.push_str(&format!("{name}{labels} {v}\n"));
            }
        };
        metric(
            "smpp_gateway_submitted_total",
            "counter",
            "Outbound messages submitted.",
            &[("", g(&self.submitted).to_string())],
        );
        metric(
            "smpp_gateway_events_total",
            "counter",
            "Ack and nack events published.",
            &[
                ("{event_type=\"ack\"}", g(&self.acked).to_string()),
                ("{event_type=\"nack\"}", g(&self.nacked).to_string()),
            ],
        );
        metric(
            "smpp_gateway_requeued_total",
            "counter",
            "Outbound messages handed back to the queue, nothing sent (no session, throttled).",
            &[("", g(&self.requeued).to_string())],
        );
        metric(
            "smpp_gateway_throttled_total",
            "counter",
            "Submit responses ESME_RTHROTTLED or ESME_RMSGQFUL (sent again after the pause).",
            &[("", g(&self.throttled).to_string())],
        );
        metric(
            "smpp_gateway_receipts_total",
            "counter",
            "Delivery reports published, by status.",
            &[
                (
                    "{status=\"delivered\"}",
                    g(&self.receipts_delivered).to_string(),
                ),
                ("{status=\"failed\"}", g(&self.receipts_failed).to_string()),
                (
                    "{status=\"pending\"}",
                    g(&self.receipts_pending).to_string(),
                ),
            ],
        );
        metric(
            "smpp_gateway_receipts_unmatched_total",
            "counter",
            "Receipts whose SMSC message id stayed unknown for receipt_wait (given up).",
            &[("", g(&self.receipts_unmatched).to_string())],
        );
        metric(
            "smpp_gateway_inbound_total",
            "counter",
            "MO messages published.",
            &[("", g(&self.inbound).to_string())],
        );
        metric(
            "smpp_gateway_in_flight",
            "gauge",
            "Outbound messages claimed for sending, not yet settled.",
            &[("", self.in_flight.load(Ordering::Relaxed).to_string())],
        );
        metric(
            "smpp_gateway_sessions_bound",
            "gauge",
            "SMPP sessions bound.",
            &[("", g(&self.sessions_bound).to_string())],
        );
        metric(
            "smpp_gateway_broker_up",
            "gauge",
            "1 when RabbitMQ is connected.",
            &[("", b(&self.broker_up).to_string())],
        );
        metric(
            "smpp_gateway_store_up",
            "gauge",
            "1 when the last store operation succeeded.",
            &[("", b(&self.store_up).to_string())],
        );
        out
    }
}

/// Serves `/metrics` and `/health` on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, metrics: Arc<Metrics>) {
    loop {
        let Ok((mut conn, _)) = listener.accept().await else {
            continue;
        };
        let metrics = metrics.clone();
        tokio::spawn(async move {
            // The request head may come in several segments: read until its
            // blank line (RFC 9112 §2.1), a full buffer, or 5 s.
            let mut buf = [0u8; 1024];
            let mut n = 0;
            let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
            while n < buf.len()
                && !buf
                    .get(..n)
                    .unwrap_or_default()
                    .windows(4)
                    .any(|w| w == b"\r\n\r\n")
            {
                let Some(free) = buf.get_mut(n..) else { return };
                match tokio::time::timeout_at(deadline, conn.read(free)).await {
                    Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return,
                    Ok(Ok(k)) => n += k,
                }
            }
            let head = String::from_utf8_lossy(buf.get(..n).unwrap_or_default());
            let path = head.split_whitespace().nth(1).unwrap_or("");
            let (status, body, kind) = match path {
                "/metrics" => ("200 OK", metrics.render(), "text/plain; version=0.0.4"),
                "/health" if metrics.healthy() => ("200 OK", "ok\n".into(), "text/plain"),
                "/health" => (
                    "503 Service Unavailable",
                    "unavailable\n".into(),
                    "text/plain",
                ),
                _ => ("404 Not Found", "not found\n".into(), "text/plain"),
            };
            let reply = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = conn.write_all(reply.as_bytes()).await;
            let _ = conn.shutdown().await;
        });
    }
}
