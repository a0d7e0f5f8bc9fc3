//! The transport: outbound vumi messages become submit_sm (SMPP 3.4
//! §4.4) through a [`ResilientClient`], their outcomes ack / nack events;
//! receipts (§5.2.12, Appendix B) become delivery_report events and MO
//! messages (§4.6) inbound user messages.
//!
//! Each outbound message is basic_ack'ed only after its event was confirmed
//! by the broker. Before its first submit_sm it is claimed in the
//! [`Store`], so a copy RabbitMQ delivers again is never submitted again:
//! its recorded event is published again (same `event_id`), or, when its
//! process stopped before the outcome was known, a nack says its fate is
//! unknown. A deliver_sm is answered only once what it carried is
//! confirmed by the broker or kept in the store.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt as _;
use lapin::options::BasicNackOptions;
use smpp_io_tokio::{
    Delivery, Direction, Error as SmppError, Hosts, MoMessage, PduHook, ReconnectPolicy,
    ResilientClient,
};
use smpp_proto::receipt::{MessageIdKey, ParseMode};
use smpp_proto::{CommandStatus, Pdu};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{debug, info, warn};

use crate::acks::Acks;
use crate::broker::{Broker, Queue, SENDING_WINDOWS};
use crate::config::{Config, Resolved};
use crate::message::{DeliveryStatus, Event, EventType, UserMessage};
use crate::metrics::Metrics;
use crate::store::{Claim, Correlation, Store, StoreError};

/// Why the gateway could not start or stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayError(pub String);

impl std::fmt::Display for GatewayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GatewayError {}

/// What the gateway is serving once ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ready {
    /// Sessions bound.
    pub sessions: usize,
    /// The first bound host.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// The queue consumed.
    pub queue: String,
}

impl std::fmt::Display for Ready {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "smpp gateway: {} session(s) bound to {}:{}, consuming {}",
            self.sessions, self.host, self.port, self.queue
        )
    }
}

struct Inner<S> {
    config: Config,
    resolved: Resolved,
    store: S,
    client: ResilientClient,
    broker: watch::Receiver<Option<Arc<Broker>>>,
    metrics: Arc<Metrics>,
    /// Permits to claim a message for sending, [`SENDING_WINDOWS`] windows
    /// of them: held from the claim to the submit_sm_resp, so that of the
    /// prefetched messages only these can be left with an unknown fate.
    sending: tokio::sync::Semaphore,
}

/// Counts a message in flight for as long as it lives.
struct InFlight(Arc<Metrics>);

impl InFlight {
    fn new(m: &Arc<Metrics>) -> InFlight {
        m.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(m.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How long a store step that must not be lost is tried again.
const STORE_RETRY: Duration = Duration::from_secs(60);

/// The nack reason of a redelivered message whose earlier copy was being
/// submitted when its process stopped.
const FATE_UNKNOWN: &str = "fate unknown: an earlier delivery of this message was being \
     submitted when its gateway stopped; not submitted again";

/// The longest back-off between attempts to reach RabbitMQ or the store.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Runs the gateway until `shutdown` resolves: binds, connects to the
/// broker, calls `ready` once both are up, then serves. On shutdown it
/// stops consuming, gives the messages not yet claimed for sending back to
/// the queue, waits (at most 10 s) for those claimed to get their outcome,
/// unbinds and returns.
pub async fn run<S: Store>(
    config: Config,
    store: S,
    shutdown: impl std::future::Future<Output = ()>,
    ready: impl FnOnce(Ready),
) -> Result<(), GatewayError> {
    let mut resolved = config.check().map_err(GatewayError)?;
    let metrics = Arc::new(Metrics::default());
    for host in &mut resolved.hosts {
        host.pdu_hook = Some(throttle_counter(&metrics));
    }
    metrics.store_up.store(true, Ordering::Relaxed);
    let _serving = match &config.metrics {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| GatewayError(format!("--metrics {addr}: {e}")))?;
            Some(AbortOnDrop(tokio::spawn(crate::metrics::serve(
                listener,
                metrics.clone(),
            ))))
        }
        None => None,
    };
    let sessions = resolved.hosts.len() / resolved.urls.max(1);
    let window = resolved
        .hosts
        .first()
        .map_or(smpp_io_tokio::WINDOW, |h| h.session.window);
    let mut policy = ReconnectPolicy::default();
    // Each bind (session) fails over between the URLs.
    policy.hosts = Hosts::Groups(resolved.urls.max(1));
    policy.request_wait = Duration::from_secs(config.smpp_bind_timeout.max(1));
    policy.rate_limit = resolved.rate_limit;
    let (client, mut inbox) = ResilientClient::start(resolved.hosts.clone(), policy);
    tokio::pin!(shutdown);
    let _sessions = {
        let (client, metrics) = (client.clone(), metrics.clone());
        let mut changes = client.health_changes();
        AbortOnDrop(tokio::spawn(async move {
            loop {
                metrics
                    .sessions_bound
                    .store(client.bound_sessions() as u64, Ordering::Relaxed);
                if changes.changed().await.is_err() {
                    break;
                }
            }
        }))
    };

    // The first bind.
    let mut health = client.health_changes();
    let bind_wait = tokio::time::sleep(Duration::from_secs(config.smpp_bind_timeout.max(1)));
    tokio::pin!(bind_wait);
    while client.bound_sessions() == 0 {
        tokio::select! {
            r = health.changed() => if r.is_err() { break },
            _ = &mut bind_wait => {
                let why = client.health().iter().find_map(|h| h.last_error.clone()).unwrap_or_default();
                client.shutdown().await;
                return Err(GatewayError(format!("no SMPP session bound within {} s: {why}", config.smpp_bind_timeout)));
            }
            _ = &mut shutdown => { client.shutdown().await; return Ok(()); }
        }
    }

    let prefetch = crate::broker::prefetch(window, sessions);
    let (broker_tx, broker_rx) = watch::channel(None::<Arc<Broker>>);
    let inner = Arc::new(Inner {
        config,
        resolved,
        store,
        client,
        broker: broker_rx,
        metrics,
        sending: tokio::sync::Semaphore::new(
            SENDING_WINDOWS
                .saturating_mul(window)
                .saturating_mul(sessions)
                .max(1),
        ),
    });
    let queue = Queue::Outbound.name(&inner.config.transport_name);
    let mut ready = Some(ready);
    let mut tasks = JoinSet::new();

    // What the SMSC delivers, for as long as the client runs.
    let inbound = {
        let inner = inner.clone();
        tokio::spawn(async move {
            let mut running = JoinSet::new();
            while let Some(d) = inbox.recv().await {
                let inner = inner.clone();
                running.spawn(async move { inner.delivered(d).await });
                while running.try_join_next().is_some() {}
            }
            while running.join_next().await.is_some() {}
        })
    };

    // Receipts parked by any process, looked at again.
    let _parked = {
        let inner = inner.clone();
        AbortOnDrop(tokio::spawn(
            async move { inner.look_again_at_parked().await },
        ))
    };

    let mut backoff = Duration::from_millis(100);
    let mut ackers = Vec::new();
    let mut failed = None;
    'serve: loop {
        let broker = tokio::select! {
            b = Broker::connect(&inner.config.amqp_url, inner.resolved.amqp_ca.as_ref(), inner.resolved.amqp_client.as_ref(), &inner.config.transport_name, prefetch) => b,
            _ = &mut shutdown => break 'serve,
        };
        let broker = match broker {
            Ok(b) => Arc::new(b),
            // At start a certificate that fails is a setting to fix: told
            // at once. Later (a new certificate) it is waited out.
            Err(e) if ready.is_some() && e.is_certificate_error() => {
                failed = Some(GatewayError(format!(
                    "TLS with RabbitMQ, a certificate refused: {e}"
                )));
                break 'serve;
            }
            Err(e) => {
                warn!(error = %e, "cannot reach RabbitMQ; trying again");
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {}
                    _ = &mut shutdown => break 'serve,
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        let mut consumer = match broker.consume("smpp-gateway").await {
            Ok(c) => c,
            Err(e) => {
                warn!(error = %e, "cannot consume; trying again");
                continue;
            }
        };
        backoff = Duration::from_millis(100);
        // Deliveries of this channel are acknowledged in batches; the task
        // ends once every message of it has its outcome.
        let (acks, acking) = Acks::start(broker.consume_channel());
        ackers.retain(|a: &tokio::task::JoinHandle<()>| !a.is_finished());
        ackers.push(acking);
        let _ = broker_tx.send(Some(broker.clone()));
        inner.metrics.broker_up.store(true, Ordering::Relaxed);
        if let Some(ready) = ready.take() {
            let h = inner.client.health();
            let first = h
                .iter()
                .find(|h| h.state == smpp_io_tokio::HostState::Bound)
                .or(h.first());
            ready(Ready {
                sessions: inner.client.bound_sessions(),
                host: first.map(|h| h.host.clone()).unwrap_or_default(),
                port: first.map_or(0, |h| h.port),
                queue: queue.clone(),
            });
        }
        loop {
            tokio::select! {
                d = consumer.next() => match d {
                    Some(Ok(d)) => {
                        let (inner, acks) = (inner.clone(), acks.clone());
                        tasks.spawn(async move { inner.outbound(d, &acks).await });
                        while tasks.try_join_next().is_some() {}
                    }
                    Some(Err(e)) => { warn!(error = %e, "RabbitMQ consumer failed; reconnecting"); break; }
                    None => { warn!("RabbitMQ consumer ended; reconnecting"); break; }
                },
                _ = &mut shutdown => {
                    // Stop taking new messages; those in flight finish.
                    drop(consumer);
                    break 'serve;
                }
            }
        }
        let _ = broker_tx.send(None);
        inner.metrics.broker_up.store(false, Ordering::Relaxed);
    }
    // Messages still waiting to be claimed go back to the queue; those
    // claimed get their outcome, bounded.
    inner.sending.close();
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    // Their basic_acks sent, before the connection closes.
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        for acking in ackers {
            let _ = acking.await;
        }
    })
    .await;
    inner.client.shutdown().await;
    let _ = tokio::time::timeout(Duration::from_secs(5), inbound).await;
    if let Some(b) = broker_tx.borrow().clone() {
        b.close().await;
    }
    failed.map_or(Ok(()), Err)
}

/// A hook that counts the responses throttling a message (SMPP 3.4
/// §5.1.3: ESME_RTHROTTLED, ESME_RMSGQFUL) into `metrics.throttled`.
fn throttle_counter(metrics: &Arc<Metrics>) -> PduHook {
    let metrics = metrics.clone();
    PduHook(Arc::new(move |dir, header, _| {
        if dir == Direction::Received
            && header.command_id.is_response()
            && (header.command_status == CommandStatus::ESME_RTHROTTLED
                || header.command_status == CommandStatus::ESME_RMSGQFUL)
        {
            Metrics::inc(&metrics.throttled);
        }
    }))
}

/// Aborts its task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Hands a message back to RabbitMQ, after a pause, to be delivered again.
async fn requeue(d: lapin::message::Delivery, acks: &Acks) {
    tokio::time::sleep(Duration::from_secs(1)).await;
    let _ = d
        .nack(BasicNackOptions {
            requeue: true,
            ..BasicNackOptions::default()
        })
        .await;
    acks.done(d.delivery_tag);
}

/// The key an SMSC message id is kept under: its [`MessageIdKey`] as text.
fn id_key(key: Option<MessageIdKey>, raw: &str) -> String {
    match key {
        Some(k) => match (k.as_number(), k.as_text()) {
            (Some(n), _) => format!("n{n}"),
            (None, Some(t)) => format!("t{}", String::from_utf8_lossy(t)),
            (None, None) => format!("t{raw}"),
        },
        None => format!("t{raw}"),
    }
}

/// What became of an outbound message: its ack or nack, and the SMSC
/// message ids (their keys) of the parts the SMSC accepted
/// (submit_sm_resp, SMPP 3.4 §4.4.2).
struct Outcome {
    event: Event,
    smsc_keys: Vec<String>,
    /// Every part was accepted: their receipts make the delivery_report.
    all_sent: bool,
}

impl Outcome {
    /// An event for a message of which no part was accepted.
    fn unsent(event: Event) -> Outcome {
        Outcome {
            event,
            smsc_keys: Vec::new(),
            all_sent: false,
        }
    }
}

/// Why a message was refused, as vumi2 words it (the status's description).
fn nack_reason(e: &SmppError) -> String {
    match e {
        SmppError::Rejected(status) => status
            .description()
            .map_or_else(|| status.to_string(), str::to_string),
        other => other.to_string(),
    }
}

/// Errors that mean nothing reached the SMSC: no session, the window
/// refused it, or the message was throttled past the retry time.
fn not_sent(e: &SmppError) -> bool {
    use smpp_proto::CommandStatus;
    matches!(
        e,
        SmppError::Closed(_) | SmppError::Send(_) | SmppError::Io(_)
    ) || matches!(e, SmppError::Rejected(s) if *s == CommandStatus::ESME_RTHROTTLED || *s == CommandStatus::ESME_RMSGQFUL)
}

impl<S: Store> Inner<S> {
    /// The broker now, waiting for one while it reconnects.
    async fn broker(&self) -> Arc<Broker> {
        let mut rx = self.broker.clone();
        loop {
            if let Some(b) = rx.borrow_and_update().clone() {
                return b;
            }
            if rx.changed().await.is_err() {
                // The gateway is stopping: wait for nothing else.
                std::future::pending::<()>().await;
            }
        }
    }

    /// Publishes `body` to `queue` with a confirm, trying again (on the
    /// next connection) until it is confirmed.
    async fn publish(&self, queue: Queue, body: &[u8]) {
        let mut backoff = Duration::from_millis(100);
        loop {
            let broker = self.broker().await;
            match broker.publish(queue, body).await {
                Ok(()) => return,
                Err(e) => {
                    warn!(error = %e, "publish failed; trying again");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    async fn publish_event(&self, event: &Event) -> String {
        let body = serde_json::to_string(event).unwrap_or_default();
        self.publish(Queue::Event, body.as_bytes()).await;
        body
    }

    /// One message of `<transport_name>.outbound`.
    async fn outbound(&self, d: lapin::message::Delivery, acks: &Acks) {
        let msg: UserMessage = match serde_json::from_slice(&d.data) {
            Ok(m) => m,
            Err(e) => {
                // vumi2 rejects what it cannot read, without requeueing.
                warn!(error = %e, "not a vumi message; rejected");
                let _ = d.nack(BasicNackOptions::default()).await;
                acks.done(d.delivery_tag);
                return;
            }
        };
        let id = msg.message_id.clone();
        let Ok(permit) = self.sending.acquire().await else {
            // The gateway is stopping (the permits are closed): not
            // claimed, the message goes back to the queue as it came.
            requeue(d, acks).await;
            return;
        };
        let _counted = InFlight::new(&self.metrics);
        // This attempt's token: a claim tried again after a lost answer is
        // still ours.
        let token = crate::message::new_id();
        let claim = match self
            .durable("claim", || self.store.claim(&id, &token))
            .await
        {
            Ok(c) => c,
            Err(e) => {
                warn!(error = %e, "store unreachable; the message goes back to the queue");
                Metrics::inc(&self.metrics.requeued);
                requeue(d, acks).await;
                return;
            }
        };
        match claim {
            Claim::Outcome(event) => {
                drop(permit);
                debug!(message_id = %id, "delivered again: its event is published again");
                self.publish(Queue::Event, event.as_bytes()).await;
            }
            Claim::InFlight => {
                // Waiting for another copy sends nothing.
                drop(permit);
                match self.outcome_of(&id).await {
                    // Another copy (here or in another process) finished.
                    Some(Claim::Outcome(event)) => {
                        self.publish(Queue::Event, event.as_bytes()).await
                    }
                    // It sent nothing and gave the claim up: ours now.
                    Some(_) => {
                        let sent = match self.sending.acquire().await {
                            Ok(permit) => self.send_claimed(&id, &msg, permit).await,
                            // Stopping: not sent, the claim given up.
                            Err(_) => {
                                let _ = self.store.release(&id).await;
                                false
                            }
                        };
                        if !sent {
                            requeue(d, acks).await;
                            return;
                        }
                    }
                    None => {
                        let event = Event::nack(&id, FATE_UNKNOWN);
                        self.finish(&id, Outcome::unsent(event)).await;
                    }
                }
            }
            Claim::New => {
                if !self.send_claimed(&id, &msg, permit).await {
                    requeue(d, acks).await;
                    return;
                }
            }
        }
        // Its event is confirmed: basic_ack, with others when it can.
        acks.ack(d.delivery_tag);
    }

    /// Submits a message this copy holds the claim of (and `permit` for),
    /// giving the permit back once the SMSC has answered, then settles it;
    /// false when nothing reached the SMSC (the claim released, for the
    /// caller to requeue the message).
    async fn send_claimed(
        &self,
        id: &str,
        msg: &UserMessage,
        permit: tokio::sync::SemaphorePermit<'_>,
    ) -> bool {
        let sent = self.submit(msg).await;
        drop(permit);
        let Some(outcome) = sent else {
            let _ = self.store.release(id).await;
            Metrics::inc(&self.metrics.requeued);
            return false;
        };
        self.finish(id, outcome).await;
        true
    }

    /// Runs a store step until it succeeds, at most [`STORE_RETRY`]: what
    /// was already sent must be remembered (a store restarting is a pause,
    /// not a loss).
    async fn durable<T, F, Fut>(&self, what: &str, step: F) -> Result<T, StoreError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, StoreError>>,
    {
        let deadline = tokio::time::Instant::now() + STORE_RETRY;
        let mut wait = Duration::from_millis(50);
        loop {
            let r = step().await;
            self.metrics.store_up.store(r.is_ok(), Ordering::Relaxed);
            match r {
                Err(e) if tokio::time::Instant::now() < deadline => {
                    warn!(error = %e, what, "store unreachable; trying again");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(1));
                }
                r => return r,
            }
        }
    }

    /// Waits (at most `redelivery_wait`) for the outcome another copy of
    /// `id` is getting: [`Claim::Outcome`], or [`Claim::New`] when that
    /// copy sent nothing and gave its claim up (now claimed for this one).
    async fn outcome_of(&self, id: &str) -> Option<Claim> {
        let deadline =
            tokio::time::Instant::now() + Duration::from_secs(self.config.redelivery_wait);
        while tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
            // A claim that finds an outcome returns it (and claims nothing).
            let token = crate::message::new_id();
            if let Ok(c @ (Claim::Outcome(_) | Claim::New)) = self.store.claim(id, &token).await {
                return Some(c);
            }
        }
        None
    }

    /// Settles the message in the store (its parts' correlation and its
    /// outcome, one step), then publishes its event (a crash in between
    /// publishes it again on redelivery). Its receipts are counted as they
    /// come (one that overtook this was parked until now).
    async fn finish(&self, id: &str, outcome: Outcome) {
        let Outcome {
            event,
            smsc_keys,
            all_sent,
        } = outcome;
        match event.event_type {
            EventType::Ack => Metrics::inc(&self.metrics.acked),
            EventType::Nack => Metrics::inc(&self.metrics.nacked),
            EventType::DeliveryReport => {}
        }
        let body = serde_json::to_string(&event).unwrap_or_default();
        if let Err(e) = self
            .durable("settle the message", || {
                self.store.settle(id, &smsc_keys, all_sent, &body)
            })
            .await
        {
            warn!(error = %e, "outcome and correlation not stored: a copy delivered again is not recognised, its receipts are not matched");
        }
        self.publish(Queue::Event, body.as_bytes()).await;
    }

    /// Sends the message; its outcome, or `None` when nothing was sent.
    async fn submit(&self, msg: &UserMessage) -> Option<Outcome> {
        let id = &msg.message_id;
        let mut options = self.resolved.options.clone();
        options.destination_addr = msg.to_addr.clone();
        options.source_addr = msg.from_addr.clone();
        let text = msg.content.as_deref().unwrap_or_default();
        Metrics::inc(&self.metrics.submitted);
        let sent = match self.client.send_text(text, &options).await {
            Ok(s) => s,
            Err(e) => return Some(Outcome::unsent(Event::nack(id, &e.to_string()))),
        };
        let n = sent.parts.len();
        let mut first_err = None;
        let mut sent_any = false;
        let mut smsc_keys = Vec::with_capacity(n);
        for (i, part) in sent.parts.iter().enumerate() {
            match part {
                Ok(smsc_id) => {
                    sent_any = true;
                    smsc_keys.push(id_key(
                        MessageIdKey::submitted(smsc_id.as_bytes(), self.resolved.id_match),
                        smsc_id,
                    ));
                }
                Err(e) => {
                    if !not_sent(e) {
                        sent_any = true;
                    }
                    if first_err.is_none() {
                        first_err = Some((i, e));
                    }
                }
            }
        }
        let event = match first_err {
            None => Event::ack(id),
            Some((_, e)) if !sent_any => {
                warn!(message_id = %id, error = %e, "not sent; will retry");
                return None;
            }
            // The parts sent still have their receipts matched.
            Some((i, e)) if n > 1 => {
                Event::nack(id, &format!("part {} of {n}: {}", i + 1, nack_reason(e)))
            }
            Some((_, e)) => Event::nack(id, &nack_reason(e)),
        };
        Some(Outcome {
            all_sent: first_err.is_none(),
            event,
            smsc_keys,
        })
    }

    async fn report(&self, id: &str, t: &crate::store::Tally) {
        let status = if t.delivered {
            DeliveryStatus::Delivered
        } else {
            DeliveryStatus::Failed
        };
        Metrics::inc(if t.delivered {
            &self.metrics.receipts_delivered
        } else {
            &self.metrics.receipts_failed
        });
        self.publish_event(&Event::delivery_report(id, status, &t.stat))
            .await;
    }

    /// One deliver_sm / data_sm.
    async fn delivered(&self, d: Delivery) {
        if let Some((smsc_id, stat)) = self.receipt_of(&d) {
            if !self.receipt(&smsc_id, &stat).await {
                // SMPP 3.4 §5.1.3: a temporary error; the SMSC sends it again.
                let _ = d.acknowledge(CommandStatus::ESME_RX_T_APPN);
                return;
            }
        } else if let Some(c) = d.concat() {
            let key = match d.pdu.pdu() {
                Ok(Pdu::DeliverSm(p)) => format!(
                    "{}:{}:{:?}:{}",
                    String::from_utf8_lossy(p.source_addr),
                    String::from_utf8_lossy(p.destination_addr),
                    c.reference,
                    c.total
                ),
                Ok(Pdu::DataSm(p)) => format!(
                    "{}:{}:{:?}:{}",
                    String::from_utf8_lossy(p.source_addr),
                    String::from_utf8_lossy(p.destination_addr),
                    c.reference,
                    c.total
                ),
                _ => String::new(),
            };
            // Without its sequence_number, so that a copy the SMSC sends
            // again is the same PDU (taken once).
            let part = d.pdu.clone().with_sequence_number(0);
            // The same step tried again (its answer lost) is answered again.
            let attempt = crate::message::new_id();
            match self
                .durable("keep an MO part", || {
                    self.store
                        .add_mo_part(&key, c.seq, c.total, part.as_bytes(), &attempt)
                })
                .await
            {
                Ok(None) => {}
                Ok(Some(parts)) => {
                    let pdus: Vec<smpp_io_tokio::OwnedPdu> = parts
                        .into_iter()
                        .filter_map(|b| smpp_io_tokio::OwnedPdu::from_bytes(b).ok())
                        .collect();
                    self.mo(&pdus).await;
                }
                Err(e) => {
                    warn!(error = %e, "MO part not stored: the SMSC is to send it again");
                    let _ = d.acknowledge(CommandStatus::ESME_RX_T_APPN);
                    return;
                }
            }
        } else if matches!(d.pdu.pdu(), Ok(Pdu::DeliverSm(_) | Pdu::DataSm(_))) {
            self.mo(std::slice::from_ref(&d.pdu)).await;
        }
        let _ = d.respond_ok();
    }

    async fn mo(&self, pdus: &[smpp_io_tokio::OwnedPdu]) {
        let Some(m) = MoMessage::from_pdus(pdus, &self.resolved.messages) else {
            return;
        };
        let mut msg = UserMessage::sms(
            &m.destination_addr,
            &m.source_addr,
            &self.config.transport_name,
        );
        match m.text {
            Ok(t) => msg.content = Some(t),
            Err(e) => warn!(error = %e, data_coding = m.data_coding, "MO text not decoded"),
        }
        let body = serde_json::to_string(&msg).unwrap_or_default();
        self.publish(Queue::Inbound, body.as_bytes()).await;
        Metrics::inc(&self.metrics.inbound);
    }

    /// The SMSC message id and state word of a receipt: its TLVs or text as
    /// the library reads them, else the text through
    /// `dr_processor_config.regex`.
    fn receipt_of(&self, d: &Delivery) -> Option<(String, String)> {
        if let Some(r) = d.receipt(ParseMode::Lenient) {
            if let (Some(id), Some(_)) = (&r.message_id, &r.state) {
                return Some((id.clone(), r.stat().to_string()));
            }
        }
        let sm = match d.pdu.pdu().ok()? {
            Pdu::DeliverSm(p) => p.short_message,
            _ => return None,
        };
        // Latin-1, as vumi2 reads receipt text.
        let text: String = sm.iter().map(|&b| char::from(b)).collect();
        let caps = self.resolved.regex.captures(&text)?;
        Some((
            caps.name("id")?.as_str().to_string(),
            caps.name("stat")?.as_str().to_string(),
        ))
    }

    fn status_of(&self, stat: &str) -> DeliveryStatus {
        let mapping = &self.config.dr_processor_config.status_mapping;
        let spec_name =
            smpp_proto::receipt::MessageState::from_stat_word(stat.as_bytes()).map(spec_state_name);
        let v = mapping
            .get(stat)
            .or_else(|| spec_name.and_then(|n| mapping.get(n)));
        match v.map(String::as_str) {
            Some("delivered") => DeliveryStatus::Delivered,
            Some("failed") => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        }
    }

    /// Takes a receipt in: publishes what it says when its SMSC id is
    /// known, parks it otherwise (it overtook its submit_sm_resp, or
    /// names no message of ours), so that its deliver_sm is answered at
    /// once either way. `false` when the store could not be reached (the
    /// receipt is to come again).
    async fn receipt(&self, smsc_id: &str, stat: &str) -> bool {
        let key = self.receipt_key(smsc_id);
        match self
            .durable("find a receipt's message", || {
                self.store.find_smsc_id(&key, false)
            })
            .await
        {
            Ok(Some(of)) => {
                let attempt = crate::message::new_id();
                self.matched(&of, &key, smsc_id, stat, &attempt).await;
                true
            }
            Ok(None) => {
                let parked = Parked {
                    smsc_id: smsc_id.to_string(),
                    stat: stat.to_string(),
                    attempt: crate::message::new_id(),
                    since_ms: unix_ms(),
                };
                let text = serde_json::to_string(&parked).unwrap_or_default();
                self.durable("park a receipt", || {
                    self.store.park_receipt(&text, LOOK_AGAIN_FIRST)
                })
                .await
                .is_ok()
            }
            Err(_) => false,
        }
    }

    /// The store key of a receipt's SMSC id, normalised per
    /// `receipt_id_match`.
    fn receipt_key(&self, smsc_id: &str) -> String {
        id_key(
            MessageIdKey::receipted(smsc_id.as_bytes(), self.resolved.id_match),
            smsc_id,
        )
    }

    /// Looks at the parked receipts that are due, for as long as the
    /// gateway runs: any process may take any of them (each is leased to
    /// one at a time).
    async fn look_again_at_parked(&self) {
        loop {
            tokio::time::sleep(LOOK_AGAIN_EVERY).await;
            let due = match self.store.due_receipts(LOOK_AGAIN_MAX, PARK_LEASE).await {
                Ok(due) => due,
                Err(e) => {
                    debug!(error = %e, "parked receipts not read");
                    continue;
                }
            };
            for text in due {
                self.look_again(&text).await;
            }
        }
    }

    /// One parked receipt: published when its SMSC id has become known,
    /// given up after `receipt_wait`, else parked again. A store that
    /// cannot be reached leaves it leased: it is looked at again after
    /// the lease, by any process.
    async fn look_again(&self, text: &str) {
        let Ok(p) = serde_json::from_str::<Parked>(text) else {
            let _ = self.store.unpark_receipt(text).await;
            return;
        };
        let key = self.receipt_key(&p.smsc_id);
        let age = Duration::from_millis(unix_ms().saturating_sub(p.since_ms));
        let done = match self.store.find_smsc_id(&key, false).await {
            Ok(Some(of)) => {
                self.matched(&of, &key, &p.smsc_id, &p.stat, &p.attempt)
                    .await;
                true
            }
            Ok(None) if age >= Duration::from_secs(self.config.receipt_wait) => {
                warn!(
                    smsc_id = p.smsc_id,
                    stat = p.stat,
                    "receipt for an unknown message id; dropped"
                );
                Metrics::inc(&self.metrics.receipts_unmatched);
                true
            }
            Ok(None) => {
                // Sooner while it is young (the usual race is milliseconds).
                let after = (age / 2).clamp(LOOK_AGAIN_FIRST, Duration::from_secs(1));
                let _ = self.store.park_receipt(text, after).await;
                false
            }
            Err(_) => false,
        };
        if done {
            let _ = self.store.unpark_receipt(text).await;
        }
    }

    /// Publishes what a receipt of a part of `of` says, handled as
    /// `attempt` (the same for a parked receipt taken again after its
    /// taker stopped: the step tried again is answered again).
    async fn matched(&self, of: &Correlation, key: &str, smsc_id: &str, stat: &str, attempt: &str) {
        let message_id = of.message_id.as_str();
        let status = self.status_of(stat);
        if status == DeliveryStatus::Pending {
            Metrics::inc(&self.metrics.receipts_pending);
            self.publish_event(&Event::delivery_report(message_id, status, stat))
                .await;
            return;
        }
        let delivered = status == DeliveryStatus::Delivered;
        // This receipt's own: its step tried again is answered again, a
        // copy of the receipt (the SMSC sent it twice) is not.
        match self
            .durable("count a receipt", || {
                self.store.part_final(of, key, attempt, delivered, stat)
            })
            .await
        {
            Ok(Some(t)) => self.report(message_id, &t).await,
            Ok(None) => {}
            Err(e) => warn!(error = %e, "receipt not counted"),
        }
        if let Err(e) = self
            .durable("forget the SMSC id", || self.store.find_smsc_id(key, true))
            .await
        {
            warn!(error = %e, "correlation not shortened (it expires)");
        }
        info!(smsc_id, stat, message_id, "receipt");
    }
}

/// A receipt parked in the store, as its text there.
#[derive(serde::Serialize, serde::Deserialize)]
struct Parked {
    smsc_id: String,
    stat: String,
    /// Its handling's id ([`Store::part_final`]).
    attempt: String,
    /// When it came, in milliseconds since the Unix epoch.
    since_ms: u64,
}

/// Now, in milliseconds since the Unix epoch.
fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// When a parked receipt is first looked at again.
const LOOK_AGAIN_FIRST: Duration = Duration::from_millis(50);
/// How often each process reads the parked receipts that are due.
const LOOK_AGAIN_EVERY: Duration = Duration::from_millis(50);
/// Parked receipts read at once.
const LOOK_AGAIN_MAX: usize = 64;
/// How long a parked receipt taken is given to no other process.
const PARK_LEASE: Duration = Duration::from_secs(10);

/// The message_state name (SMPP 3.4 §5.2.28) vumi2's status mapping uses
/// for a receipt given by TLV.
fn spec_state_name(s: smpp_proto::receipt::MessageState) -> &'static str {
    use smpp_proto::receipt::MessageState as M;
    match s {
        M::Enroute | M::Buffered => "ENROUTE",
        M::Delivered => "DELIVERED",
        M::Expired => "EXPIRED",
        M::Deleted => "DELETED",
        M::Undeliverable => "UNDELIVERABLE",
        M::Accepted => "ACCEPTED",
        M::Rejected => "REJECTED",
        M::Skipped => "SKIPPED",
        _ => "UNKNOWN",
    }
}
