//! The network subcommands: smsc, send, listen, bench, demo.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::stream::{FuturesUnordered, StreamExt};
use serde_json::json;
use smpp_cli::sim::{self, Profile, ReceiptIdForm, SimConfig};
use smpp_io_tokio::text::{plan_text, TextOptions};
use smpp_io_tokio::{
    rustls, Client, ClientConfig, Delivery, Inbox, Message, Messages, Proxy, ServerConfig,
};
use smpp_proto::codec::SubmitSm;
use smpp_proto::receipt::{IdMatch, MessageIdKey, MessageState, ParseMode};
use smpp_proto::session::{BindType, Validation};

use crate::signals::Signals;
use crate::text;
use smpp_cli::latency::Latencies;

/// `println!` that ends the process quietly when stdout is gone
/// (`smpp demo | head`) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(1);
        }
    }};
}

/// An error to print as one line and the exit code that goes with it.
pub(crate) struct Fail(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Fail {
    fn from(e: E) -> Self {
        Fail(e.to_string())
    }
}

pub(crate) struct SmscOpts {
    pub(crate) listen: String,
    pub(crate) json: bool,
    pub(crate) quiet: bool,
    pub(crate) receipt_delay: u64,
    pub(crate) profile: Profile,
    /// Pass requests that break the spec on (`Validation::Lenient`).
    pub(crate) lenient: bool,
    /// The server sessions' interface_version (`None`: 3.4).
    pub(crate) interface_version: Option<smpp_proto::InterfaceVersion>,
    /// `None`: the profile's.
    pub(crate) states: Option<Vec<(Vec<MessageState>, u32)>>,
    pub(crate) receipt_id: ReceiptIdForm,
    /// In all, or per bind where the profile throttles per bind.
    pub(crate) throttle: Option<u32>,
    /// Kept per system_id for a receiver to bind (`None`: the profile's).
    pub(crate) retry_store: Option<usize>,
    /// For how long (`None`: the profile's).
    pub(crate) retry_store_ttl: Option<Duration>,
    /// inactivity_timer in seconds, 0 for none (`None`: the session's).
    pub(crate) inactivity: Option<u64>,
    pub(crate) error_share: f64,
    pub(crate) slow: u64,
    pub(crate) echo: bool,
    /// Milliseconds a submit_sm_resp follows its first receipt.
    pub(crate) late_resp: u64,
    pub(crate) duplicate_deliveries: bool,
    pub(crate) users: Option<HashMap<String, String>>,
    pub(crate) max_per_system_id: usize,
    /// Connections served at once (lowered to fit the open files limit).
    pub(crate) max_sessions: usize,
    pub(crate) bind_failures: smpp_io_tokio::BindFailurePolicy,
    pub(crate) drop_after: Option<u64>,
    pub(crate) drop_share: f64,
    /// Serve TLS with this configuration.
    pub(crate) tls: Option<Arc<rustls::ServerConfig>>,
    /// The TLS configuration requires client certificates.
    pub(crate) mutual_tls: bool,
    /// Serve `tls` on this address, and plain TCP on `listen`.
    pub(crate) tls_listen: Option<String>,
}

/// How long a line may wait in the log writer's buffer while more keep
/// coming; an idle writer flushes at once.
const LOG_FLUSH_EVERY: Duration = Duration::from_millis(100);

/// Writes the simulator's log to stdout, on a thread of its own, through a
/// 64 KiB buffer: one write per batch of lines, not one per line, flushed
/// when no line waits (and at least every [`LOG_FLUSH_EVERY`]). A stdout
/// nobody reads blocks only this thread; the simulator drops (and counts)
/// lines past its log buffer instead of waiting. Ends when stdout fails or
/// the simulator is gone.
fn write_log(mut log: sim::SimLogReceiver, json: bool) {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    while let Some(first) = log.blocking_recv() {
        let batch = Instant::now();
        let mut next = Some(first);
        while let Some(ev) = next {
            let written = if json {
                writeln!(out, "{}", ev.to_json())
            } else {
                writeln!(out, "{ev}")
            };
            if written.is_err() {
                return;
            }
            if batch.elapsed() >= LOG_FLUSH_EVERY {
                break;
            }
            next = log.try_recv();
        }
        if out.flush().is_err() {
            return;
        }
    }
}

pub(crate) async fn smsc(o: SmscOpts) -> Result<(), Fail> {
    // The profile's defaults, unless an option says otherwise.
    let (per_bind, global) = match o.profile.throttle_per_bind() {
        Some(rate) => (Some(o.throttle.unwrap_or(rate)), None),
        None => (None, o.throttle),
    };
    let (kept, ttl) = o.profile.retry_store();
    let kept = o.retry_store.unwrap_or(kept);
    let defaults = SimConfig::default();
    let cfg = SimConfig {
        receipt_delay: Duration::from_millis(o.receipt_delay),
        receipt_states: o.states.unwrap_or_else(|| o.profile.receipt_states()),
        receipt_id: o.receipt_id,
        throttle_per_second: global,
        throttle_per_bind: per_bind,
        retry_store_per_system_id: kept,
        retry_store: defaults.retry_store.max(kept),
        retry_store_ttl: o.retry_store_ttl.or(ttl),
        error_share: o.error_share,
        slow: Duration::from_millis(o.slow),
        echo: o.echo,
        late_resp: Duration::from_millis(o.late_resp),
        duplicate_deliveries: o.duplicate_deliveries,
        users: o.users,
        profile: o.profile,
        drop_after: o.drop_after,
        drop_share: o.drop_share,
        ..SimConfig::default()
    };
    // Many sessions need many descriptors: take what the hard limit allows.
    let raised = smpp_io_tokio::server::raise_open_files_limit();
    let mut server = ServerConfig {
        max_sessions_per_system_id: o.max_per_system_id,
        max_sessions: o.max_sessions,
        bind_failures: o.bind_failures,
        // With --tls-listen, --listen stays plain.
        tls: o.tls.clone().filter(|_| o.tls_listen.is_none()),
        ..ServerConfig::default()
    };
    if o.lenient {
        server.session.validation = Validation::Lenient;
    }
    if let Some(v) = o.interface_version {
        server.session.interface_version = v;
    }
    if let Some(s) = o.inactivity {
        server.session.inactivity_timeout =
            (s > 0).then(|| smpp_proto::time::Duration::from_secs(s));
    }
    // Installed once, before anything else: a signal is never lost between
    // two log lines (issue 13.4).
    let mut signals = Signals::install()?;
    let mut sim = sim::start(&o.listen, server, cfg)
        .await
        .map_err(|e| Fail(format!("cannot listen on {}: {e}", o.listen)))?;
    // The line ends with the address, as scripts read it; TLS goes first.
    let tls = match (&o.tls, o.mutual_tls) {
        (None, _) => "",
        (Some(_), false) => " (TLS)",
        (Some(_), true) => " (mutual TLS)",
    };
    match (&o.tls_listen, &o.tls) {
        (Some(addr), Some(config)) => {
            let tls_addr = sim
                .server
                .listen_also(addr, Some(config.clone()))
                .await
                .map_err(|e| Fail(format!("cannot listen on {addr}: {e}")))?;
            eprintln!("smpp smsc: listening on {}", sim.local_addr());
            eprintln!("smpp smsc{tls}: listening on {tls_addr}");
        }
        _ => eprintln!("smpp smsc{tls}: listening on {}", sim.local_addr()),
    }
    // After the listening line, which scripts read first.
    match raised {
        Ok(Some((from, to))) => eprintln!("smpp smsc: open files limit raised from {from} to {to}"),
        Ok(None) => {}
        Err(e) => eprintln!("smpp smsc: cannot raise the open files limit: {e}"),
    }
    if sim.server.max_sessions() < o.max_sessions {
        eprintln!(
            "smpp smsc: at most {} sessions (--max-sessions {}), to stay within the open files limit of {}",
            sim.server.max_sessions(),
            o.max_sessions,
            smpp_io_tokio::server::open_files_limit().unwrap_or(0)
        );
    }
    if o.quiet {
        // A closed log tells the simulator not to build its entries.
        sim.log.close();
    } else {
        let log = std::mem::take(&mut sim.log);
        let json = o.json;
        std::thread::spawn(move || write_log(log, json));
    }
    signals.recv().await;
    // A second signal ends the process without waiting for the unbinds.
    tokio::select! {
        () = sim.shutdown(Duration::from_secs(5)) => {}
        _ = signals.recv() => {}
    }
    Ok(())
}

pub(crate) struct SendOpts {
    pub(crate) url: String,
    pub(crate) to: Vec<String>,
    /// Every submit_sm field but destination_addr: --from, the encodings
    /// allowed, and the message options (`submit::MessageArgs`).
    pub(crate) options: TextOptions,
    /// Bind type, system_type, interface_version, enquire_link interval.
    pub(crate) session: crate::submit::SessionArgs,
    pub(crate) text: String,
    /// --data: binary content sent instead of the text (`Client::send_data`).
    pub(crate) data: Option<Vec<u8>>,
    pub(crate) wait_receipts: bool,
    pub(crate) count: usize,
    pub(crate) json: bool,
    pub(crate) timeout: u64,
    /// How receipt ids are matched to submit_sm_resp ids.
    pub(crate) id_match: IdMatch,
    pub(crate) tls: Option<Arc<rustls::ClientConfig>>,
    /// --proxy: overrides the URL's ?proxy= parameter.
    pub(crate) proxy: Option<Proxy>,
}

/// The messages whose receipts `send --wait-receipts` and `demo` wait for:
/// each id as submit_sm_resp gave it (SMPP 3.4 §4.4.2), found again in the
/// receipts under an [`IdMatch`] rule (so `a000000001` in the response and
/// `687194767361` in the receipt are one message), until a receipt reports
/// the message's outcome ([`MessageState::is_outcome`]: not ENROUTE, not
/// ACCEPTD, not an intermediate notification).
struct Awaited {
    rule: IdMatch,
    open: HashMap<MessageIdKey, String>,
    /// Ids no key can hold (text over 64 octets, longer than a message_id
    /// may be): never matched, so counted as missing.
    unkeyed: usize,
    /// Receipts seen that did not report an outcome.
    intermediate: usize,
}

/// A receipt of an awaited message.
struct Seen {
    /// The id as submit_sm_resp gave it.
    id: String,
    /// The id as the receipt gave it (receipted_message_id, else `id:`).
    receipt_id: String,
    /// The state word (`DELIVRD`, `ENROUTE`, …).
    stat: &'static str,
    /// The receipt reports the outcome: the message is no longer awaited.
    outcome: bool,
}

impl Awaited {
    fn new(rule: IdMatch) -> Self {
        Awaited {
            rule,
            open: HashMap::new(),
            unkeyed: 0,
            intermediate: 0,
        }
    }

    fn insert(&mut self, id: &str) {
        match MessageIdKey::submitted(id.as_bytes(), self.rule) {
            Some(k) => {
                self.open.insert(k, id.to_string());
            }
            None => self.unkeyed += 1,
        }
    }

    /// Messages without an outcome yet.
    fn missing(&self) -> usize {
        self.open.len() + self.unkeyed
    }

    /// Reads a delivered message as a receipt (the library's reading,
    /// [`Delivery::receipt`]: TLVs over the text); returns it when it is about
    /// an awaited message.
    fn take(&mut self, m: &Delivery) -> Option<Seen> {
        let r = m.receipt(ParseMode::Lenient)?;
        let receipt_id = r.message_id.clone()?;
        let key = MessageIdKey::receipted(receipt_id.as_bytes(), self.rule)?;
        let outcome = r.is_final && r.state.is_some_and(MessageState::is_outcome);
        let id = if outcome {
            self.open.remove(&key)?
        } else {
            let id = self.open.get(&key)?.clone();
            self.intermediate += 1;
            id
        };
        Some(Seen {
            id,
            receipt_id,
            stat: r.stat(),
            outcome,
        })
    }

    /// Reads `inbound` until every awaited message has its outcome or
    /// `deadline` passes; `each` sees every receipt of an awaited message.
    async fn wait(
        &mut self,
        inbound: &mut Inbox,
        deadline: tokio::time::Instant,
        mut each: impl FnMut(&Seen),
    ) {
        while !self.open.is_empty() {
            match tokio::time::timeout_at(deadline, inbound.recv()).await {
                Ok(Some(m)) => {
                    if let Some(seen) = self.take(&m) {
                        each(&seen);
                    }
                }
                _ => break,
            }
        }
    }
}

/// How long `send`, after the first signal, waits for the outcomes of the
/// messages in flight (never past `--timeout`).
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Why `send` stopped before every message had its outcome.
#[derive(Clone, Copy)]
enum Stopped {
    /// The first SIGINT / SIGTERM.
    Signal(&'static str),
    /// `--timeout` ran out.
    Timeout,
}

/// The outcomes of the parts `send` submitted.
#[derive(Default)]
struct Tally {
    accepted: usize,
    /// Not accepted: refused, not sent, or fate unknown.
    failed: usize,
    /// Of `failed`: the SMSC may have taken them (no response, a lost
    /// connection, a response that breaks the spec).
    unknown: usize,
    first_error: Option<String>,
    first_unknown: Option<String>,
}

impl Tally {
    fn failed(&mut self, e: &smpp_io_tokio::Error) -> String {
        self.failed += 1;
        let e_text = e.to_string();
        // The error and whether the part may have been delivered: the
        // summary names such a one first, as it is the one a user must act on.
        if e.is_fate_unknown() {
            self.unknown += 1;
            self.first_unknown.get_or_insert_with(|| e_text.clone());
        }
        self.first_error.get_or_insert_with(|| e_text.clone());
        e_text
    }

    /// `n` parts still in flight when `send` stopped waiting: their fate is unknown.
    fn abandoned(&mut self, n: usize) {
        self.failed += n;
        self.unknown += n;
        if n > 0 {
            self.first_unknown
                .get_or_insert_with(|| "no response before the stop (fate unknown)".into());
        }
    }

    fn counts(&self) -> String {
        format!(
            "{} accepted, {} failed ({} fate unknown)",
            self.accepted, self.failed, self.unknown
        )
    }
}

/// The second signal: the process ends at once, without unbinding.
fn exit_now(sig: &str, t: &Tally) -> ! {
    eprintln!("smpp: {sig} again: exiting at once; so far {}", t.counts());
    std::process::exit(1);
}

/// `smpp send --raw HEX`: binds, sends the one PDU (its command_id and
/// body as given: `Client::send_command`), prints the response as
/// `smpp decode` does, and unbinds. Fails unless the response's
/// command_status is 0.
pub(crate) async fn send_raw(cfg: ClientConfig, hex: &str, timeout: u64) -> Result<(), Fail> {
    let bytes = smpp_cli::json::parse_hex(hex).map_err(|e| Fail(format!("--raw: {e}")))?;
    let header = smpp_proto::Header::parse(&bytes)
        .filter(|h| h.command_length as usize == bytes.len())
        .ok_or_else(|| {
            Fail(format!(
                "--raw: not one PDU: {} octets, and a header of 16 whose command_length says them all",
                bytes.len()
            ))
        })?;
    let body = bytes
        .get(smpp_proto::codec::field::BODY..)
        .unwrap_or_default();
    let run = async {
        let (client, _inbound) = Client::connect(cfg).await?;
        let resp = client.send_command(header.command_id, body).await;
        let _ = client.unbind().await;
        resp
    };
    let resp = tokio::time::timeout(Duration::from_secs(timeout.max(1)), run)
        .await
        .map_err(|_| Fail(format!("--raw: no response within --timeout {timeout}s")))?
        .map_err(|e| Fail(format!("--raw: {e}")))?;
    let json = smpp_cli::json::decode_to_json(resp.as_bytes(), u32::MAX)
        .map(|v| v.to_string())
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    println!("{json}");
    if resp.command_status().is_ok() {
        Ok(())
    } else {
        Err(Fail(format!("--raw: answered {}", resp.command_status())))
    }
}

pub(crate) async fn send(o: SendOpts) -> Result<(), Fail> {
    if o.to.is_empty() {
        return Err(Fail("give at least one --to ADDR".into()));
    }
    // Before anything else: from here on a signal is this command's to
    // handle, whenever it comes.
    let mut signals = Signals::install()?;
    // --timeout bounds the whole command: connect, bind, submits, receipts.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(o.timeout);
    let options = |to: &str| TextOptions {
        destination_addr: to.to_string(),
        ..o.options.clone()
    };
    // A text no allowed encoding carries fails before the bind.
    let per_message = match &o.data {
        Some(d) => smpp_io_tokio::text::plan_data(d, &options(""), 0)?
            .parts
            .len(),
        None => plan_text(&o.text, &options(""), 0)?.parts.len(),
    };
    let mut cfg = client_config(&o.url, &o.tls, &o.proxy)?;
    // Receipts come only to a receiving bind; without --wait-receipts a
    // transmitter takes nothing meant for a listener of the same
    // system_id (and leaves nothing unanswered in front of its responses).
    o.session.apply(&mut cfg, o.wait_receipts).map_err(Fail)?;
    cfg.connect_timeout = cfg
        .connect_timeout
        .min(Duration::from_secs(o.timeout.max(1)));
    let window = cfg.session.window.max(1);
    let (client, mut inbound) = tokio::select! {
        biased;
        s = signals.recv() => return Err(Fail(format!("{s} before the bind: nothing sent"))),
        r = Client::connect(cfg) => r.map_err(|e| bind_failed(&o.url, &o.tls, &e))?,
        () = tokio::time::sleep_until(deadline) => {
            return Err(Fail(format!(
                "no bind to {} within --timeout {}s: nothing sent",
                redact(&o.url),
                o.timeout
            )))
        }
    };
    let started = Instant::now();
    let messages = o.count.max(1) * o.to.len();
    let bar = if o.count > 1 && !o.json {
        let b = indicatif::ProgressBar::new(messages as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    // Each message is the library's `send_text`: the encoding, the split
    // and the concatenation reference (the client's, from a random start,
    // so that two runs to one handset do not share one) are chosen there.
    // At most two windows of messages are in flight, whatever --count says
    // (issue 13.3): the session's window plus as many queued behind it.
    let text: Arc<str> = o.text.as_str().into();
    let data: Option<Arc<[u8]>> = o.data.as_deref().map(Into::into);
    let in_flight_max = 2 * window;
    let mut in_flight = FuturesUnordered::new();
    let mut started_messages = 0usize;
    let mut awaited = Awaited::new(o.id_match);
    let mut tally = Tally::default();
    let lats = Latencies::new();
    let mut stopped: Option<Stopped> = None;
    let mut wait_until = deadline;
    loop {
        while stopped.is_none() && in_flight.len() < in_flight_max && started_messages < messages {
            let to =
                o.to.get(started_messages % o.to.len())
                    .cloned()
                    .unwrap_or_default();
            let c = client.clone();
            let opts = options(&to);
            let text = text.clone();
            let data = data.clone();
            in_flight.push(async move {
                let t0 = Instant::now();
                let sent = match data {
                    Some(d) => c
                        .send_data(&d, &opts)
                        .await
                        .map(|s| (s.data_coding, s.parts)),
                    None => c
                        .send_text(&text, &opts)
                        .await
                        .map(|s| (s.data_coding, s.parts)),
                };
                (opts.destination_addr, sent, t0.elapsed())
            });
            started_messages += 1;
        }
        if in_flight.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            s = signals.recv() => {
                if signals.received() > 1 {
                    exit_now(s, &tally);
                }
                // Stop submitting; wait a little for what is in flight.
                stopped = Some(Stopped::Signal(s));
                wait_until = deadline.min(tokio::time::Instant::now() + STOP_GRACE);
            }
            () = tokio::time::sleep_until(wait_until) => {
                stopped.get_or_insert(Stopped::Timeout);
                break;
            }
            Some((to, sent, lat)) = in_flight.next() => {
                lats.record(lat);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                let (dc, outcomes) = match sent {
                    Ok(s) => s,
                    Err(e) => (0, vec![Err(e)]),
                };
                for outcome in outcomes {
                    match outcome {
                        Ok(id) => {
                            if o.count <= 1 {
                                if o.json {
                                    outln!(
                                        "{}",
                                        json!({"event": "accepted", "to": to, "message_id": id, "encoding": text::encoding_name(dc)})
                                    );
                                } else {
                                    outln!(
                                        "accepted  to {to} message_id {id} ({})",
                                        text::encoding_name(dc)
                                    );
                                }
                            }
                            tally.accepted += 1;
                            if o.wait_receipts {
                                awaited.insert(&id);
                            }
                        }
                        Err(e) => {
                            let e_text = tally.failed(&e);
                            // In bulk, the summary and the error line say it once.
                            if o.count <= 1 {
                                if o.json {
                                    outln!("{}", json!({"event": "failed", "to": to, "error": e_text}));
                                } else {
                                    outln!("failed    to {to}: {e_text}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    // What is still in flight has no outcome, and parts never started were
    // not sent.
    tally.abandoned(in_flight.len() * per_message);
    drop(in_flight);
    let not_sent = (messages - started_messages) * per_message;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let elapsed = started.elapsed();
    let mut by_state: HashMap<&'static str, usize> = HashMap::new();
    let mut missing = 0;
    if o.wait_receipts && tally.accepted > 0 && stopped.is_none() {
        let wait = awaited.wait(&mut inbound, deadline, |r| {
            if r.outcome {
                *by_state.entry(r.stat).or_default() += 1;
            }
            if o.count > 1 {
                return;
            }
            if o.json {
                let mut v = json!({"event": "receipt", "message_id": r.id, "stat": r.stat, "final": r.outcome});
                if r.receipt_id != r.id {
                    v["receipt_id"] = json!(r.receipt_id);
                }
                outln!("{v}");
            } else {
                let mut notes = Vec::new();
                if !r.outcome {
                    notes.push("not final, waiting".to_string());
                }
                if r.receipt_id != r.id {
                    notes.push(format!("receipt id {}", r.receipt_id));
                }
                let notes = if notes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", notes.join("; "))
                };
                outln!("receipt   message_id {} stat {}{notes}", r.id, r.stat);
            }
        });
        tokio::select! {
            biased;
            s = signals.recv() => stopped = Some(Stopped::Signal(s)),
            () = wait => {}
        }
        missing = awaited.missing();
    }
    // Unbind (SMPP 3.4 §4.2), briefly: --timeout may have run out already.
    let unbind_wait = match stopped {
        Some(Stopped::Timeout) => Duration::from_secs(1),
        _ => Duration::from_secs(2),
    };
    tokio::select! {
        biased;
        s = signals.recv() => {
            if signals.received() > 1 {
                exit_now(s, &tally);
            }
            stopped = Some(Stopped::Signal(s));
        }
        _ = tokio::time::timeout(unbind_wait, client.unbind()) => {}
    }
    let parts = tally.accepted + tally.failed;
    let secs = elapsed.as_secs_f64();
    if o.count > 1 || o.json || stopped.is_some() {
        let summary = json!({
            "event": "summary",
            "sent": parts,
            "accepted": tally.accepted,
            "failed": tally.failed,
            "unknown": tally.unknown,
            "not_sent": not_sent,
            "stopped": match stopped {
                Some(Stopped::Signal(s)) => json!(s),
                Some(Stopped::Timeout) => json!("timeout"),
                None => json!(null),
            },
            "receipts": by_state,
            "receipts_intermediate": awaited.intermediate,
            "receipts_missing": missing,
            "seconds": secs,
            "per_second": if secs > 0.0 { parts as f64 / secs } else { 0.0 },
            "p50_ms": lats.percentile_ms(0.50),
            "p99_ms": lats.percentile_ms(0.99),
        });
        if o.json {
            outln!("{summary}");
        } else {
            outln!(
                "sent {} accepted {} failed {}{}{} in {:.2}s ({:.0}/s), latency p50 {:.2} ms p99 {:.2} ms, receipts {:?}{}{}",
                parts,
                tally.accepted,
                tally.failed,
                if tally.unknown > 0 {
                    format!(" ({} fate unknown)", tally.unknown)
                } else {
                    String::new()
                },
                if not_sent > 0 { format!(" not sent {not_sent}") } else { String::new() },
                secs,
                summary["per_second"].as_f64().unwrap_or(0.0),
                lats.percentile_ms(0.5),
                lats.percentile_ms(0.99),
                by_state,
                if awaited.intermediate > 0 {
                    format!(" (+{} intermediate)", awaited.intermediate)
                } else {
                    String::new()
                },
                if missing > 0 { format!(", {missing} missing") } else { String::new() }
            );
        }
    }
    let total = parts + not_sent;
    match stopped {
        Some(Stopped::Signal(s)) => {
            return Err(Fail(format!(
                "stopped by {s}: of {total} part(s), {}, {not_sent} not sent",
                tally.counts()
            )))
        }
        Some(Stopped::Timeout) => {
            return Err(Fail(format!(
                "--timeout {}s ran out: of {total} part(s), {}, {not_sent} not sent",
                o.timeout,
                tally.counts()
            )))
        }
        None => {}
    }
    if tally.failed > 0 {
        return Err(Fail(format!(
            "{} of {parts} part(s) not accepted (first error: {})",
            tally.failed,
            tally
                .first_unknown
                .or(tally.first_error)
                .unwrap_or_default()
        )));
    }
    if missing > 0 {
        return Err(Fail(format!(
            "{missing} final receipt(s) did not arrive within --timeout {}s",
            o.timeout
        )));
    }
    Ok(())
}

/// The client configuration of `url`, with the TLS configuration of the
/// --ca/--client-cert options when given (else `smpps://` trusts the web
/// roots) and the --proxy when given (else the URL's ?proxy=).
pub(crate) fn client_config(
    url: &str,
    tls: &Option<Arc<rustls::ClientConfig>>,
    proxy: &Option<Proxy>,
) -> Result<ClientConfig, Fail> {
    let mut cfg = ClientConfig::from_url(url)?;
    if let Some(t) = tls {
        cfg.tls = Some(t.clone());
    }
    if let Some(p) = proxy {
        cfg.proxy = Some(p.clone());
    }
    Ok(cfg)
}

/// The one line for a connect or bind that failed, with a hint for the
/// usual TLS mistakes.
fn bind_failed(
    url: &str,
    tls: &Option<Arc<rustls::ClientConfig>>,
    e: &smpp_io_tokio::Error,
) -> Fail {
    use smpp_io_tokio::Error;
    use smpp_proto::session::CloseReason;
    use smpp_proto::FrameError;
    let smpps = url.starts_with("smpps://");
    let has_client_cert = tls
        .as_ref()
        .is_some_and(|t| t.client_auth_cert_resolver.has_certs());
    let hint = match e {
        // A TLS record (alert 0x15 or handshake 0x16, version 3.x) read as
        // an SMPP header.
        Error::Closed(Some(CloseReason::Protocol(FrameError::CommandLengthTooLarge {
            command_length,
            ..
        }))) if !smpps && matches!(command_length >> 16, 0x1503 | 0x1603) => {
            " (the server answered in TLS: use an smpps:// URL)"
        }
        Error::Closed(_) | Error::Send(_) if !smpps => {
            " (if the server speaks TLS, use an smpps:// URL)"
        }
        Error::Tls(m) if m.contains("certificate") && tls.is_none() => {
            " (for a server certificate from a private CA, give that CA with --ca PEM)"
        }
        Error::Tls(m) if m.contains("eof") => {
            " (the server closed the connection during the TLS handshake: is it a plain smpp:// server?)"
        }
        // With TLS 1.3 the server checks the client certificate after the
        // handshake, and closes the connection at the bind.
        // The connection can also go before the bind is even sent.
        Error::Closed(_) | Error::Send(_) if smpps && !has_client_cert => {
            " (if the server requires a client certificate, give --client-cert and --client-key)"
        }
        Error::Closed(_) | Error::Send(_) if smpps => {
            " (the server may have refused the client certificate)"
        }
        _ => "",
    };
    Fail(format!("cannot bind to {}: {e}{hint}", redact(url)))
}

/// `url` with its password, and a `?proxy=` URL's, written `***`.
pub(crate) fn redact(url: &str) -> String {
    // The proxy URL of a ?proxy= parameter has credentials of its own.
    let Some((main, query)) = url.split_once('?') else {
        return redact_one(url);
    };
    let params: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => format!("{k}={}", redact_one(v)),
            None => kv.to_string(),
        })
        .collect();
    format!("{}?{}", redact_one(main), params.join("&"))
}

fn redact_one(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(a)) if a > s => {
            let creds = &url[s + 3..a];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..s + 3], &url[a..])
        }
        _ => url.to_string(),
    }
}

pub(crate) async fn listen(
    url: &str,
    bind: BindType,
    json_out: bool,
    tls: Option<Arc<rustls::ClientConfig>>,
    proxy: Option<Proxy>,
) -> Result<(), Fail> {
    let mut signals = Signals::install()?;
    let mut cfg = client_config(url, &tls, &proxy)?;
    cfg.bind_type = bind;
    let (client, inbound) = tokio::select! {
        biased;
        s = signals.recv() => return Err(Fail(format!("{s} before the bind"))),
        r = Client::connect(cfg) => r.map_err(|e| bind_failed(url, &tls, &e))?,
    };
    eprintln!("smpp listen: bound to {}", redact(url));
    // Classified by the library: long MO messages reassembled, receipts read.
    let mut messages = Messages::new(inbound);
    loop {
        tokio::select! {
            biased;
            _ = signals.recv() => break,
            m = messages.recv() => match m {
                Some(m) => print_message(&m, json_out),
                None => return Err(Fail("connection closed".into())),
            },
        }
    }
    // Bounded, and a second signal does not wait for it.
    tokio::select! {
        _ = tokio::time::timeout(Duration::from_secs(5), client.unbind()) => {}
        _ = signals.recv() => {}
    }
    Ok(())
}

fn print_message(m: &Message, json_out: bool) {
    match m {
        Message::Receipt { receipt, .. } => {
            let id = receipt.message_id.clone().unwrap_or_default();
            let stat = receipt.stat();
            if json_out {
                outln!(
                    "{}",
                    json!({"event": "receipt", "message_id": id, "stat": stat})
                );
            } else {
                outln!("receipt   message_id {id} stat {stat}");
            }
        }
        Message::Mo(mo) => {
            let t = match &mo.text {
                Ok(t) => t.clone(),
                Err(_) => text::display(mo.data_coding, 0, &mo.payload),
            };
            let (from, to) = (&mo.source_addr, &mo.destination_addr);
            if json_out {
                outln!(
                    "{}",
                    json!({"event": "mo", "from": from, "to": to, "data_coding": mo.data_coding, "text": t, "parts": mo.total, "complete": mo.is_complete()})
                );
            } else {
                outln!("mo        {from} -> {to}: {t}");
            }
        }
        _ => {}
    }
}

pub(crate) struct BenchOpts {
    pub(crate) url: String,
    pub(crate) count: usize,
    pub(crate) seconds: Option<u64>,
    pub(crate) window: usize,
    pub(crate) connections: usize,
    pub(crate) json: bool,
    pub(crate) tls: Option<Arc<rustls::ClientConfig>>,
    /// --proxy: overrides the URL's ?proxy= parameter.
    pub(crate) proxy: Option<Proxy>,
}

/// One submit_sm and how long its response took.
async fn timed_submit(
    c: &Client,
    sm: &SubmitSm<'_>,
) -> (
    Result<smpp_io_tokio::OwnedPdu, smpp_io_tokio::Error>,
    Duration,
) {
    let t0 = Instant::now();
    let r = c.submit_sm(sm).await;
    (r, t0.elapsed())
}

pub(crate) async fn bench(o: BenchOpts) -> Result<(), Fail> {
    let per_conn = o.count.div_ceil(o.connections.max(1));
    let mut clients = Vec::new();
    for _ in 0..o.connections.max(1) {
        let mut cfg = client_config(&o.url, &o.tls, &o.proxy)?;
        cfg.session.window = o.window.clamp(1, smpp_io_tokio::WINDOW);
        // It only submits: MO messages and receipts go to other binds.
        cfg.bind_type = BindType::Transmitter;
        let (c, _in) = Client::connect(cfg)
            .await
            .map_err(|e| bind_failed(&o.url, &o.tls, &e))?;
        clients.push((c, _in));
    }
    let started = Instant::now();
    let lats = Arc::new(Latencies::new());
    let mut workers = Vec::new();
    // One task per connection keeps `window` submit_sm in flight: the
    // responses that one read brings in start as many new requests in one
    // go, and the driver writes them together.
    for (i, (c, _)) in clients.iter().enumerate() {
        let c = c.clone();
        let lats = lats.clone();
        let window = o.window.max(1);
        let n = per_conn.min(o.count.saturating_sub(i * per_conn));
        // With --seconds, the connection sends until the deadline instead.
        let until = o.seconds.map(|s| started + Duration::from_secs(s));
        workers.push(tokio::spawn(async move {
            let sm = SubmitSm {
                destination_addr: b"447700900123",
                short_message: b"smpp bench message",
                ..SubmitSm::default()
            };
            let (mut issued, mut sent, mut ok) = (0usize, 0usize, 0usize);
            let mut first_error = None;
            let mut lost = false;
            let more = |issued: usize, lost: bool| match until {
                Some(t) => !lost && Instant::now() < t,
                None => issued < n,
            };
            let mut inflight = FuturesUnordered::new();
            while inflight.len() < window && more(issued, lost) {
                inflight.push(timed_submit(&c, &sm));
                issued += 1;
            }
            while let Some((r, lat)) = inflight.next().await {
                sent += 1;
                lats.record(lat);
                match r {
                    Ok(r) if r.command_status().is_ok() => ok += 1,
                    Ok(r) => {
                        first_error.get_or_insert(r.command_status().to_string());
                    }
                    Err(e) => {
                        first_error.get_or_insert(e.to_string());
                        // A timed run stops a connection whose link is gone.
                        lost = true;
                    }
                }
                if more(issued, lost) {
                    inflight.push(timed_submit(&c, &sm));
                    issued += 1;
                }
            }
            (sent, ok, first_error)
        }));
    }
    let (mut sent, mut ok) = (0usize, 0usize);
    let mut first_error: Option<String> = None;
    for w in workers {
        match w.await {
            Ok((s, k, e)) => {
                sent += s;
                ok += k;
                if let Some(e) = e {
                    first_error.get_or_insert(e);
                }
            }
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let summary = json!({
        "sent": sent,
        "ok": ok,
        "failed": sent - ok,
        "seconds": secs,
        "per_second": if secs > 0.0 { sent as f64 / secs } else { 0.0 },
        "p50_ms": lats.percentile_ms(0.50),
        "p99_ms": lats.percentile_ms(0.99),
        "connections": o.connections,
        "window": o.window,
    });
    if o.json {
        outln!("{summary}");
    } else {
        outln!(
            "{} submit_sm in {:.2}s: {:.0}/s, ok {}, failed {}, latency p50 {:.2} ms p99 {:.2} ms ({} × window {})",
            sent,
            secs,
            summary["per_second"].as_f64().unwrap_or(0.0),
            ok,
            sent - ok,
            lats.percentile_ms(0.5),
            lats.percentile_ms(0.99),
            o.connections,
            o.window
        );
    }
    for (c, _) in clients {
        let _ = c.unbind().await;
    }
    if ok < sent {
        return Err(Fail(format!(
            "{} of {} submit_sm failed (first error: {})",
            sent - ok,
            sent,
            first_error.unwrap_or_default()
        )));
    }
    Ok(())
}

pub(crate) async fn demo() -> Result<(), Fail> {
    let sim = sim::start(
        "127.0.0.1:0",
        ServerConfig::default(),
        SimConfig {
            receipt_delay: Duration::from_millis(50),
            ..SimConfig::default()
        },
    )
    .await?;
    let port = sim.local_addr().port();
    outln!("Started an SMSC simulator on 127.0.0.1:{port}.");
    let url = format!("smpp://smppclient1:password@127.0.0.1:{port}");
    let (client, mut inbound) = Client::connect(ClientConfig::from_url(&url)?).await?;
    outln!("Bound as transceiver smppclient1.\n");
    let messages = [
        ("short GSM message", "Hello from smpp-rs!"),
        (
            "long message with € and {}",
            "This long message goes over the 160-character limit of one SMS, so it is split into parts with a UDH; it carries € and {braces} and [brackets], which take two septets each in GSM 7-bit.",
        ),
        ("Unicode message with emoji", "Unicode works too: Привет, 你好, مرحبا 👋🎉"),
    ];
    let mut awaited = Awaited::new(IdMatch::NumericEquivalent);
    let mut parts = 0;
    for (what, t) in messages {
        // The library's send_text: encoding, split and reference chosen there.
        let options = TextOptions::new("447700900123")
            .from("smpp-rs")
            .registered_delivery(1);
        let sent = client.send_text(t, &options).await?;
        outln!(
            "{what}: {} characters, {}, {} part(s)",
            t.chars().count(),
            text::encoding_name(sent.data_coding),
            sent.parts.len()
        );
        for p in sent.parts {
            let id = p.map_err(|e| Fail(format!("submit refused: {e}")))?;
            outln!("  part accepted, message_id {id}");
            awaited.insert(&id);
            parts += 1;
        }
    }
    outln!();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    awaited
        .wait(&mut inbound, deadline, |r| {
            outln!("receipt for {}: {}", r.id, r.stat)
        })
        .await;
    client.unbind().await?;
    if awaited.missing() > 0 {
        return Err(Fail(format!("{} receipt(s) missing", awaited.missing())));
    }
    outln!("\nAll {parts} parts accepted and delivered. Next: `smpp smsc` for a simulator, `smpp send --help` to send.");
    Ok(())
}
