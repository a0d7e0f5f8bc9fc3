//! An SMSC simulator on top of [`Server`]: accepts binds, answers
//! submits with message ids, sends delivery receipts after a delay with a
//! configurable mix of states (intermediate ones such as ENROUTE before the
//! final one, if asked) and of id forms (hex in the response, decimal in the
//! receipt, as many providers write them), echoes MO messages on request, and
//! injects faults (throttling above a rate, a share of error responses, slow
//! responses, dropped connections). Used by `smpp smsc`, `smpp demo` and the
//! tests.
//!
//! Everything goes through the [`Handler`]: the version a bind is served at
//! ([`Profile::Smpp33`]) is the handler's [`BindAccept`] (SMPP 3.4 §4.1,
//! §5.3.2.25), and a connection cut without a response
//! ([`SimConfig::drop_after`], [`SimConfig::drop_share`]) is its
//! [`Reply::Disconnect`].

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, SystemTime};

use smpp_proto::codec::{QuerySmResp, SmResp, SubmitSm};
use smpp_proto::receipt::{
    DateFormat, MessageState, ReceiptDate, ReceiptErr, ReceiptFields, ReceiptId,
};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};
use tokio::sync::{mpsc, watch, Notify};

pub use crate::sim_event::{display_text, Delivery, Outcome, SimEvent, SubmitFields};
pub use crate::sim_profile::Profile;

use smpp_io_tokio::{
    BindAccept, BindRequest, Error, Handler, Origin, OwnedPdu, Reply, Server, ServerConfig,
};
use smpp_proto::session::SendError;

/// How the simulator writes a message's id in submit_sm_resp (SMPP 3.4
/// §4.4.2) and in its receipts (receipted_message_id §5.3.2.12 and the `id:`
/// of the text, Appendix B). Many providers answer in hex and report in
/// decimal; [`smpp_proto::receipt::IdMatch`] is how an ESME copes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReceiptIdForm {
    /// The same id in both, ten decimal digits (`0000000001`).
    #[default]
    Same,
    /// submit_sm_resp in hex (`a000000001`), receipts in decimal
    /// (`687194767361`, the same number).
    Decimal,
    /// submit_sm_resp in decimal (`687194767361`), receipts in hex (`a000000001`).
    Hex,
}

impl ReceiptIdForm {
    /// The names `--receipt-id` takes.
    pub const NAMES: &'static str = "same, decimal, hex";

    /// The id of message number `n` (from 1) as the submit_sm_resp gives it
    /// and as its receipts give it. With [`ReceiptIdForm::Decimal`] and
    /// [`ReceiptIdForm::Hex`] the number is 0xa000000000 + `n`, so that its
    /// hex form starts with a letter and no reader takes it for decimal.
    pub fn ids(self, n: u64) -> (String, String) {
        let big = 0xa0_0000_0000 + n;
        match self {
            ReceiptIdForm::Same => (format!("{n:010}"), format!("{n:010}")),
            ReceiptIdForm::Decimal => (format!("{big:x}"), big.to_string()),
            ReceiptIdForm::Hex => (big.to_string(), format!("{big:x}")),
        }
    }
}

impl std::str::FromStr for ReceiptIdForm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "same" => Ok(ReceiptIdForm::Same),
            "decimal" => Ok(ReceiptIdForm::Decimal),
            "hex" => Ok(ReceiptIdForm::Hex),
            other => Err(format!(
                "unknown receipt id form {other:?} ({})",
                ReceiptIdForm::NAMES
            )),
        }
    }
}

/// What the simulator does.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Wait before sending a receipt, and between the receipts of one message.
    pub receipt_delay: Duration,
    /// The receipts a message gets, with weights: each entry is a list of
    /// states sent in order, one receipt each (esm_class 0x04, SMPP 3.4
    /// §5.2.12, `stat:` of Appendix B and message_state §5.2.28),
    /// [`SimConfig::receipt_delay`] apart, e.g. `[Enroute, Delivered]` 90
    /// and `[Undeliverable]` 10. The last is normally final; the ones before
    /// it intermediate (ENROUTE, ACCEPTD, BUFFRED).
    pub receipt_states: Vec<(Vec<MessageState>, u32)>,
    /// How ids are written in responses and receipts.
    pub receipt_id: ReceiptIdForm,
    /// Answer submits above this many per second, in all, with
    /// ESME_RTHROTTLED.
    pub throttle_per_second: Option<u32>,
    /// Answer submit_sm above this many in any second on one bind (one
    /// connection) with ESME_RTHROTTLED (SMPP 3.4 §5.1.3); the others'
    /// rates do not count. [`Profile::throttle_per_bind`] is the default
    /// of `smpp smsc`.
    pub throttle_per_bind: Option<u32>,
    /// Share (0..=1) of submits answered with ESME_RSYSERR.
    pub error_share: f64,
    /// Wait this long before answering each request.
    pub slow: Duration,
    /// Send every submitted message back to its sender as an MO deliver_sm.
    pub echo: bool,
    /// Hold each accepted submit_sm's response until this long after its
    /// first receipt (and echo) is due, so that the receipt races ahead of
    /// the submit_sm_resp that gives its message id (an SMSC's receipt path
    /// faster than its response path). Zero (the default): answer at once.
    pub late_resp: Duration,
    /// Send every receipt and MO deliver_sm twice, the copy right after the
    /// first, as an SMSC does that saw no answer in time and sent again
    /// (SMPP 3.4 §4.6.1 makes no promise of once): an ESME must not report
    /// a receipt twice nor take an MO message (or part) twice.
    pub duplicate_deliveries: bool,
    /// Accepted credentials (system_id → password); `None` accepts any.
    pub users: Option<HashMap<String, String>>,
    /// Provider behaviour.
    pub profile: Profile,
    /// Cut each connection, without a response, when the submit after this
    /// many (submit_sm, data_sm, submit_multi) arrives on it.
    pub drop_after: Option<u64>,
    /// Share (0..=1) of submits that cut their connection instead of being
    /// answered.
    pub drop_share: f64,
    /// Seed of the random choices.
    pub seed: u64,
    /// Receipts and MO messages owed at once, in all: messages waiting for
    /// their receipts or echo, and deliveries queued or under way. A
    /// submit_sm that would owe more is answered ESME_RMSGQFUL (SMPP 3.4
    /// §5.1.3), which an ESME treats as throttling. Default 100,000 (some
    /// 40 MB). An ESME that takes its receipts only after its submits
    /// (`smpp send --wait-receipts`) meets it past 100,000 receipts and MO
    /// messages in one run.
    pub max_pending: usize,
    /// The same, for one system_id (lower it to keep one system_id from
    /// throttling the others). Default 100,000.
    pub max_pending_per_system_id: usize,
    /// Receipts and MO messages kept for a system_id that has no receiver
    /// or transceiver bound, until one binds; past it, new ones are dropped
    /// (and logged). Default 1,000.
    pub retry_store_per_system_id: usize,
    /// The same, in all. Default 10,000.
    pub retry_store: usize,
    /// How long a receipt or MO message is kept for a system_id with no
    /// receiver bound; past it, it is dropped (and logged). `None`: until
    /// one binds. [`Profile::retry_store`] is the default of `smpp smsc`.
    pub retry_store_ttl: Option<Duration>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            receipt_delay: Duration::from_millis(100),
            receipt_states: vec![(vec![MessageState::Delivered], 1)],
            receipt_id: ReceiptIdForm::Same,
            throttle_per_second: None,
            throttle_per_bind: None,
            error_share: 0.0,
            slow: Duration::ZERO,
            echo: false,
            late_resp: Duration::ZERO,
            duplicate_deliveries: false,
            users: None,
            profile: Profile::Default,
            drop_after: None,
            drop_share: 0.0,
            seed: 0x5eed,
            max_pending: 100_000,
            max_pending_per_system_id: 100_000,
            retry_store_per_system_id: 1_000,
            retry_store: 10_000,
            retry_store_ttl: None,
        }
    }
}

/// Lines the simulator's log holds for a reader that is behind. Past it,
/// lines are dropped and counted, never waited for: a reader that stops
/// (a paused terminal, a full pipe) costs at most this many lines of memory
/// and never slows a session. The count comes back as one
/// `SimEvent::LogDropped` line once there is room.
pub const LOG_BUFFER: usize = 4096;

/// Deliveries (receipts, MO echo) the simulator has under way at once to
/// one system_id, spread by [`Server::deliver`] over its sessions; the
/// rest wait in the system_id's queue.
pub const DELIVERIES_PER_SYSTEM_ID: usize = smpp_io_tokio::WINDOW;

/// How long the simulator waits before it tries again a delivery no
/// session had room for, and how often it looks whether a system_id whose
/// receipts are kept has bound (also 50 ms after each bind).
pub const RETRY_INTERVAL: Duration = Duration::from_secs(1);

/// The simulator's side of its log: never blocks, counts what it drops.
#[derive(Clone)]
struct Logger {
    tx: mpsc::Sender<SimEvent>,
    dropped: Arc<AtomicU64>,
}

impl Logger {
    fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    /// Queues the line `line()` builds, if there is room (and builds it only
    /// then); else counts it as dropped.
    fn line(&self, line: impl FnOnce() -> SimEvent) {
        if self.tx.is_closed() {
            return;
        }
        // The count of dropped lines goes first, in their place.
        self.flush_dropped();
        match self.tx.try_reserve() {
            Ok(permit) => permit.send(line()),
            Err(mpsc::error::TrySendError::Full(())) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                // The reader may have emptied the queue since: then the
                // count goes now, not with a next line that may never come.
                self.flush_dropped();
            }
            Err(mpsc::error::TrySendError::Closed(())) => {}
        }
    }

    /// Queues the `log_dropped` line if lines were dropped and there is room.
    fn flush_dropped(&self) {
        if self.dropped.load(Ordering::Relaxed) == 0 {
            return;
        }
        let Ok(permit) = self.tx.try_reserve() else {
            return;
        };
        let n = self.dropped.swap(0, Ordering::Relaxed);
        if n > 0 {
            permit.send(dropped_note(n));
        }
    }
}

fn dropped_note(n: u64) -> SimEvent {
    SimEvent::LogDropped { lines: n }
}

/// The reader's side of the simulator's log ([`Sim::log`]): at most
/// [`LOG_BUFFER`] lines wait in it; lines dropped past that are reported by
/// a `log_dropped` line in their place.
pub struct SimLogReceiver {
    rx: mpsc::Receiver<SimEvent>,
    dropped: Arc<AtomicU64>,
}

impl SimLogReceiver {
    fn take_note(&self) -> Option<SimEvent> {
        let n = self.dropped.swap(0, Ordering::Relaxed);
        (n > 0).then(|| dropped_note(n))
    }

    /// The next line; `None` once the simulator is gone and every line read.
    pub async fn recv(&mut self) -> Option<SimEvent> {
        if let Ok(l) = self.rx.try_recv() {
            return Some(l);
        }
        if let Some(note) = self.take_note() {
            return Some(note);
        }
        self.rx.recv().await
    }

    /// [`SimLogReceiver::recv`] for a thread outside the runtime (a writer
    /// that may block on its output). Panics if called in an async context.
    pub fn blocking_recv(&mut self) -> Option<SimEvent> {
        if let Some(l) = self.try_recv() {
            return Some(l);
        }
        self.rx.blocking_recv()
    }

    /// The next line if one is waiting (or the count of dropped lines),
    /// without waiting: a writer drains with it, then flushes.
    pub fn try_recv(&mut self) -> Option<SimEvent> {
        if let Ok(l) = self.rx.try_recv() {
            return Some(l);
        }
        self.take_note()
    }

    /// Stops the log: the simulator no longer builds its lines.
    pub fn close(&mut self) {
        self.rx.close();
    }
}

impl Default for SimLogReceiver {
    /// A closed, empty log (for `std::mem::take` of [`Sim::log`]).
    fn default() -> Self {
        let (_, rx) = mpsc::channel(1);
        SimLogReceiver {
            rx,
            dropped: Arc::default(),
        }
    }
}

impl std::fmt::Debug for SimLogReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimLogReceiver")
            .field("queued", &self.rx.len())
            .field("dropped", &self.dropped.load(Ordering::Relaxed))
            .finish()
    }
}

struct Job {
    system_id: String,
    /// As submit_sm_resp gave it; empty when no receipt was asked for.
    message_id: String,
    /// As the receipts give it.
    receipt_id: String,
    /// The receipts to send, in order.
    states: Vec<MessageState>,
    source_addr: Vec<u8>,
    destination_addr: Vec<u8>,
    text: Vec<u8>,
    data_coding: u8,
    /// The submit_sm's UDHI bit (esm_class 0x40, SMPP 3.4 §5.2.12): an
    /// echoed part of a long message keeps its UDH, so it comes back as a
    /// part of a long MO message.
    udhi: u8,
    /// When it was submitted (UTC), for the receipt text.
    submit_date: Option<ReceiptDate>,
    /// The submit's user_message_reference (SMPP 3.4 §5.3.2.17), for
    /// receipts that carry it ([`Profile::receipts_carry_reference`]).
    user_message_reference: Option<u16>,
}

/// What a deliver_sm the simulator sends is, for its log line.
#[derive(Debug, Clone)]
enum What {
    /// A receipt of `message_id` in `state`.
    Receipt {
        message_id: String,
        receipt_id: String,
        state: MessageState,
    },
    /// An `--echo` MO message (its addresses and text are in the PDU).
    Mo,
}

/// A deliver_sm on its way to a receiver of `system_id`.
#[derive(Clone)]
struct Outbound {
    system_id: String,
    what: What,
    /// Encoded once; sent again as it is.
    pdu: OwnedPdu,
    /// Attempts made so far.
    attempts: u32,
    /// Since when it is kept for a receiver to bind.
    kept_since: Option<tokio::time::Instant>,
}

/// What the simulator owes the receivers of one system_id.
#[derive(Default)]
struct Owed {
    /// To send, oldest first (a session of the system_id was bound at the
    /// last try).
    queue: VecDeque<Outbound>,
    /// Kept until a receiver or transceiver binds (none was at the last
    /// try); at most [`SimConfig::retry_store_per_system_id`].
    parked: VecDeque<Outbound>,
    /// Jobs not yet all handed over, and deliveries queued or under way:
    /// at most [`SimConfig::max_pending_per_system_id`].
    owed: usize,
    /// A [`worker`] task is sending the queue.
    worker: bool,
}

/// Everything owed, per system_id, with the totals bounded by
/// [`SimConfig::max_pending`] and [`SimConfig::retry_store`].
#[derive(Default)]
struct Outbox {
    by_system_id: HashMap<String, Owed>,
    owed: usize,
    parked: usize,
}

impl Outbox {
    /// Forgets `system_id` once nothing is owed, kept or being sent.
    fn tidy(&mut self, system_id: &str) {
        if self
            .by_system_id
            .get(system_id)
            .is_some_and(|o| o.owed == 0 && o.parked.is_empty() && o.queue.is_empty() && !o.worker)
        {
            self.by_system_id.remove(system_id);
        }
    }
}

/// The simulator's request handler.
pub struct Simulator {
    config: SimConfig,
    next_id: AtomicU64,
    rng: Mutex<u64>,
    /// Messages taken in the current calendar second, for `--throttle`:
    /// (the second since the Unix epoch, how many).
    this_second: Mutex<(u64, u32)>,
    /// Submits taken in the last second on each bind, by its peer address
    /// (one connection each), for [`SimConfig::throttle_per_bind`].
    per_bind: Mutex<HashMap<SocketAddr, VecDeque<tokio::time::Instant>>>,
    jobs: mpsc::UnboundedSender<Job>,
    log: Logger,
    /// The server sessions' own interface_version.
    version: InterfaceVersion,
    /// Receipts and MO messages owed, per system_id.
    outbox: Mutex<Outbox>,
    /// Woken by an accepted bind: kept deliveries are tried again.
    bound: Notify,
    /// Set by [`Sim::shutdown`]: the receipt tasks stop.
    stop: watch::Sender<bool>,
    /// The cell broadcasts taken (SMPP 5.0 §4.4.1).
    broadcasts: crate::sim_broadcast::Broadcasts,
}

impl Simulator {
    fn new(
        config: SimConfig,
        version: InterfaceVersion,
        jobs: mpsc::UnboundedSender<Job>,
        log: Logger,
    ) -> Simulator {
        Simulator {
            rng: Mutex::new(config.seed.max(1)),
            config,
            next_id: AtomicU64::new(1),
            this_second: Mutex::new((0, 0)),
            per_bind: Mutex::default(),
            jobs,
            log,
            version,
            outbox: Mutex::new(Outbox::default()),
            bound: Notify::new(),
            stop: watch::Sender::new(false),
            broadcasts: Default::default(),
        }
    }

    /// Counts one more job of `system_id`, unless as much is owed as
    /// [`SimConfig::max_pending`] (or its per-system_id share) allows.
    fn reserve_job(&self, system_id: &str) -> bool {
        let Ok(mut outbox) = self.outbox.lock() else {
            return false;
        };
        if outbox.owed >= self.config.max_pending {
            return false;
        }
        let owed = outbox.by_system_id.get(system_id).map_or(0, |o| o.owed);
        if owed >= self.config.max_pending_per_system_id {
            return false;
        }
        outbox
            .by_system_id
            .entry(system_id.to_string())
            .or_default()
            .owed += 1;
        outbox.owed += 1;
        true
    }

    /// Ends one thing owed to `system_id` (a job handed over, a delivery
    /// answered or dropped).
    fn settle(&self, system_id: &str) {
        if let Ok(mut outbox) = self.outbox.lock() {
            if let Some(o) = outbox.by_system_id.get_mut(system_id) {
                o.owed = o.owed.saturating_sub(1);
                outbox.owed = outbox.owed.saturating_sub(1);
            }
            outbox.tidy(system_id);
        }
    }

    /// Queues `out` to be sent (owed until it is answered, kept or
    /// dropped); `true` when its system_id needs a worker started.
    fn enqueue(&self, out: Outbound) -> bool {
        let Ok(mut outbox) = self.outbox.lock() else {
            return false;
        };
        outbox.owed += 1;
        let o = outbox
            .by_system_id
            .entry(out.system_id.clone())
            .or_default();
        o.owed += 1;
        o.queue.push_back(out);
        !std::mem::replace(&mut o.worker, true)
    }

    /// Puts a delivery its worker tried back at the front of its queue
    /// (still owed; that worker sends it again).
    fn requeue(&self, out: Outbound) {
        if let Ok(mut outbox) = self.outbox.lock() {
            let o = outbox
                .by_system_id
                .entry(out.system_id.clone())
                .or_default();
            o.queue.push_front(out);
        }
    }

    /// The next delivery of `system_id`'s queue; `None` ends its worker.
    fn next(&self, system_id: &str, end_if_empty: bool) -> Option<Outbound> {
        let mut outbox = self.outbox.lock().ok()?;
        let o = outbox.by_system_id.get_mut(system_id)?;
        let out = o.queue.pop_front();
        if out.is_none() && end_if_empty {
            o.worker = false;
            outbox.tidy(system_id);
        }
        out
    }

    /// Keeps `out` until a session of its system_id binds; gives it back
    /// when the store is full. It is no longer owed either way.
    fn park(&self, out: Outbound) -> Result<(), Outbound> {
        let Ok(mut outbox) = self.outbox.lock() else {
            return Err(out);
        };
        let total_full = outbox.parked >= self.config.retry_store;
        let system_id = out.system_id.clone();
        let Some(o) = outbox.by_system_id.get_mut(&system_id) else {
            return Err(out);
        };
        o.owed = o.owed.saturating_sub(1);
        let result = if total_full || o.parked.len() >= self.config.retry_store_per_system_id {
            Err(out)
        } else {
            let mut out = out;
            out.kept_since = Some(tokio::time::Instant::now());
            o.parked.push_back(out);
            Ok(())
        };
        outbox.owed = outbox.owed.saturating_sub(1);
        if result.is_ok() {
            outbox.parked += 1;
        }
        outbox.tidy(&system_id);
        result
    }

    /// Moves up to `n` kept deliveries of `system_id` back to its queue;
    /// `true` when it needs a worker started.
    fn unpark(&self, system_id: &str, n: usize) -> bool {
        let Ok(mut outbox) = self.outbox.lock() else {
            return false;
        };
        let Some(o) = outbox.by_system_id.get_mut(system_id) else {
            return false;
        };
        let n = n.min(o.parked.len());
        // Oldest first, ahead of what is queued.
        for mut out in o.parked.drain(..n).rev() {
            out.kept_since = None;
            o.queue.push_front(out);
        }
        o.owed += n;
        let start = n > 0 && !std::mem::replace(&mut o.worker, true);
        outbox.parked -= n;
        outbox.owed += n;
        start
    }

    /// The system_ids with kept deliveries.
    fn parked_system_ids(&self) -> Vec<String> {
        self.outbox
            .lock()
            .map(|o| {
                o.by_system_id
                    .iter()
                    .filter(|(_, o)| !o.parked.is_empty())
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Drops, and logs, the kept deliveries older than
    /// [`SimConfig::retry_store_ttl`].
    fn expire(&self) {
        let Some(ttl) = self.config.retry_store_ttl else {
            return;
        };
        let now = tokio::time::Instant::now();
        let expired = |out: &Outbound| out.kept_since.is_some_and(|t| now.duration_since(t) >= ttl);
        let mut gone = Vec::new();
        if let Ok(mut outbox) = self.outbox.lock() {
            let mut n = 0;
            let mut emptied = Vec::new();
            for (system_id, o) in outbox.by_system_id.iter_mut() {
                // Oldest first: the expired ones are at the front.
                while o.parked.front().is_some_and(expired) {
                    if let Some(out) = o.parked.pop_front() {
                        gone.push(out);
                        n += 1;
                    }
                }
                if o.parked.is_empty() {
                    emptied.push(system_id.clone());
                }
            }
            outbox.parked = outbox.parked.saturating_sub(n);
            for system_id in emptied {
                outbox.tidy(&system_id);
            }
        }
        for out in gone {
            self.log.line(|| {
                self.delivery_line(
                    &out,
                    Outcome::Dropped {
                        error: format!("no receiver bound within {ttl:?} (retry store time)"),
                    },
                )
            });
        }
    }

    /// The log line of a delivery: what it was, and its try's outcome.
    fn delivery_line(&self, out: &Outbound, outcome: Outcome) -> SimEvent {
        let delivery = Delivery {
            attempt: out.attempts,
            outcome,
        };
        match &out.what {
            What::Receipt {
                message_id,
                receipt_id,
                state,
            } => SimEvent::Receipt {
                system_id: out.system_id.clone(),
                message_id: message_id.clone(),
                receipt_id: receipt_id.clone(),
                state: *state,
                delivery,
            },
            What::Mo => {
                let (source_addr, destination_addr, data_coding, short_message) =
                    match out.pdu.pdu() {
                        Ok(Pdu::DeliverSm(sm)) => (
                            sm.source_addr.to_vec(),
                            sm.destination_addr.to_vec(),
                            sm.data_coding,
                            sm.short_message.to_vec(),
                        ),
                        _ => Default::default(),
                    };
                SimEvent::Mo {
                    system_id: out.system_id.clone(),
                    source_addr,
                    destination_addr,
                    data_coding,
                    short_message,
                    delivery,
                }
            }
        }
    }
}

impl Simulator {
    fn random(&self) -> u64 {
        let mut s = self.rng.lock().map(|g| *g).unwrap_or(1);
        // xorshift64*
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        if let Ok(mut g) = self.rng.lock() {
            *g = s;
        }
        s.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn chance(&self, share: f64) -> bool {
        share > 0.0 && (self.random() % 1_000_000) as f64 / 1_000_000.0 < share
    }

    fn throttled(&self) -> bool {
        let Some(limit) = self.config.throttle_per_second else {
            return false;
        };
        let sec = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let Ok(mut w) = self.this_second.lock() else {
            return false;
        };
        if w.0 != sec {
            *w = (sec, 0);
        }
        w.1 += 1;
        w.1 > limit
    }

    /// Whether a submit on the bind from `peer` is one too many in the last
    /// second ([`SimConfig::throttle_per_bind`]); counts it when not.
    fn throttled_bind(&self, peer: SocketAddr) -> bool {
        let Some(limit) = self.config.throttle_per_bind else {
            return false;
        };
        let Ok(mut binds) = self.per_bind.lock() else {
            return false;
        };
        let now = tokio::time::Instant::now();
        let second = Duration::from_secs(1);
        if binds.len() > 1024 {
            // Connections that have been quiet for a second are forgotten.
            binds.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < second)
            });
        }
        let times = binds.entry(peer).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= second)
        {
            times.pop_front();
        }
        if times.len() >= limit as usize {
            return true;
        }
        times.push_back(now);
        false
    }

    /// The receipts of one message, drawn from the weighted mix.
    fn states(&self) -> Vec<MessageState> {
        let delivered = || vec![MessageState::Delivered];
        let total: u32 = self.config.receipt_states.iter().map(|(_, w)| *w).sum();
        if total == 0 {
            return delivered();
        }
        let mut r = (self.random() % u64::from(total)) as u32;
        for (s, w) in &self.config.receipt_states {
            if r < *w {
                return s.clone();
            }
            r -= w;
        }
        delivered()
    }

    /// Whether a connection is cut at its submit number `n` (1-based).
    fn cut_at(&self, n: u64) -> bool {
        self.config.drop_after.is_some_and(|after| n > after) || self.chance(self.config.drop_share)
    }

    /// The version a bind asking for `asked` gets: the session's own rule
    /// (SMPP 3.4 §5.2.4), except that the smpp33 profile serves anything
    /// but exactly 0x34 as 3.3.
    fn session_version(&self, asked: InterfaceVersion) -> InterfaceVersion {
        if self.config.profile.serves_as_33(asked) {
            InterfaceVersion::V33
        } else {
            self.version.negotiate(asked)
        }
    }

    /// A new message's id as the response gives it and as receipts give it.
    fn fresh_id(&self) -> (String, String) {
        self.config
            .receipt_id
            .ids(self.next_id.fetch_add(1, Ordering::Relaxed))
    }
}

#[allow(clippy::expect_used)] // reason: INVARIANT below
pub(crate) fn resp(pdu: Pdu<'_>, status: CommandStatus) -> OwnedPdu {
    // INVARIANT: the simulator's responses carry short, NUL-free message ids
    // it made itself, and a header-only generic_nack always encodes.
    OwnedPdu::encode(&pdu, status, 0)
        .or_else(|_| OwnedPdu::encode(&Pdu::GenericNack, CommandStatus::ESME_RSYSERR, 0))
        .expect("a generic_nack encodes")
}

/// The current UTC date and time, as receipts write it (SMPP 3.4 Appendix B).
fn now_date() -> Option<ReceiptDate> {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    ReceiptDate::from_unix(secs)
}

impl Handler for Simulator {
    async fn bind(&self, req: &BindRequest) -> Result<BindAccept, CommandStatus> {
        let credentials = self.config.users.as_ref().is_none_or(|users| {
            users
                .get(&req.system_id)
                .is_some_and(|p| p.as_bytes() == req.password.as_slice())
        });
        let verdict = if credentials {
            self.config.profile.check_bind(req)
        } else {
            Err(CommandStatus::ESME_RINVPASWD)
        };
        let ok = verdict.is_ok();
        let (peer, asked) = (req.peer, req.interface_version);
        self.log.line(|| SimEvent::Bind {
            peer,
            system_id: req.system_id.clone(),
            system_type: req.system_type.clone(),
            bind_type: req.bind_type,
            interface_version: asked,
            session_version: self.session_version(asked),
            accepted: ok,
        });
        if ok {
            // What waits for this system_id goes out once it is bound.
            self.bound.notify_waiters();
            // The smpp33 and kaleyra profiles speak 3.3 to anything but 0x34
            // (SMPP 3.4 §5.3.2.25: then no sc_interface_version, and no TLVs).
            if self.config.profile.serves_as_33(asked) {
                Ok(BindAccept::speaking(InterfaceVersion::V33))
            } else {
                Ok(BindAccept::default())
            }
        } else {
            verdict.map(|()| BindAccept::default())
        }
    }

    async fn request(&self, from: &Origin, request: OwnedPdu) -> Reply {
        let system_id: &str = &from.system_id;
        // Cut as the submit arrives, before `slow` and without a response.
        if request.command_id().is_message() && self.cut_at(from.messages) {
            self.log.line(|| SimEvent::Drop {
                peer: from.peer,
                system_id: system_id.to_string(),
                passed_on: from.messages - 1,
            });
            return Reply::Disconnect;
        }
        self.answer(from, request).await.into()
    }
}

impl Simulator {
    /// Logs a broadcast request's answer; returns its response.
    fn broadcast_line(
        &self,
        system_id: &str,
        command_id: CommandId,
        message_id: &[u8],
        (response, command_status, areas): crate::sim_broadcast::Answered,
    ) -> OwnedPdu {
        self.log.line(|| SimEvent::Broadcast {
            system_id: system_id.to_string(),
            command_id,
            message_id: String::from_utf8_lossy(message_id).into_owned(),
            command_status,
            areas,
        });
        response
    }

    /// The response to a request that came on `from`.
    async fn answer(&self, from: &Origin, request: OwnedPdu) -> OwnedPdu {
        let system_id: &str = &from.system_id;
        if !self.config.slow.is_zero() {
            tokio::time::sleep(self.config.slow).await;
        }
        // SMPP 3.4 §4.3: a command the provider does not serve.
        if !self.config.profile.serves(request.command_id()) {
            return resp(Pdu::GenericNack, CommandStatus::ESME_RINVCMDID);
        }
        let pdu = match request.pdu() {
            Ok(p) => p,
            Err(e) => return resp(Pdu::GenericNack, e.command_status()),
        };
        match pdu {
            Pdu::SubmitSm(sm) => {
                let wants_job = sm.registered_delivery & 0x03 != 0 || self.config.echo;
                let status = if self.throttled() || self.throttled_bind(from.peer) {
                    CommandStatus::ESME_RTHROTTLED
                } else if let Some(s) = self.config.profile.check_submit(&sm) {
                    s
                } else if self.chance(self.config.error_share) {
                    CommandStatus::ESME_RSYSERR
                } else if wants_job && !self.reserve_job(system_id) {
                    // SMPP 3.4 §5.1.3: too many receipts and echoes waiting.
                    CommandStatus::ESME_RMSGQFUL
                } else {
                    CommandStatus::ESME_ROK
                };
                let (id, receipt_id) = self.fresh_id();
                let text = sm
                    .tlvs
                    .message_payload()
                    .unwrap_or(sm.short_message)
                    .to_vec();
                // Built only when read and with room (not with `--quiet`).
                self.log.line(|| SimEvent::SubmitSm {
                    system_id: system_id.to_string(),
                    message_id: status.is_ok().then(|| id.clone()),
                    command_status: status,
                    source_addr: sm.source_addr.to_vec(),
                    destination_addr: sm.destination_addr.to_vec(),
                    data_coding: sm.data_coding,
                    esm_class: sm.esm_class,
                    short_message: text.clone(),
                    registered_delivery: sm.registered_delivery,
                    fields: SubmitFields::of(&sm),
                });
                if !status.is_ok() {
                    return resp(Pdu::SubmitSmResp(SmResp::default()), status);
                }
                let late = wants_job && !self.config.late_resp.is_zero();
                if wants_job {
                    let receipt = sm.registered_delivery & 0x03 != 0;
                    // An echo carries at most 254 octets (short_message).
                    let mut text = text;
                    text.truncate(254);
                    let sent = self.jobs.send(Job {
                        system_id: system_id.to_string(),
                        message_id: if receipt { id.clone() } else { String::new() },
                        receipt_id,
                        states: if receipt { self.states() } else { Vec::new() },
                        source_addr: sm.source_addr.to_vec(),
                        destination_addr: sm.destination_addr.to_vec(),
                        text: if self.config.echo { text } else { Vec::new() },
                        data_coding: sm.data_coding,
                        udhi: sm.esm_class & 0x40,
                        submit_date: now_date(),
                        user_message_reference: sm
                            .tlvs
                            .get(TlvTag::USER_MESSAGE_REFERENCE)
                            .and_then(|v| <[u8; 2]>::try_from(v).ok())
                            .map(u16::from_be_bytes)
                            .filter(|_| self.config.profile.receipts_carry_reference()),
                    });
                    if sent.is_err() {
                        self.settle(system_id);
                    }
                }
                if late {
                    // The receipt (and echo) first, the response after.
                    tokio::time::sleep(self.config.receipt_delay + self.config.late_resp).await;
                }
                resp(
                    Pdu::SubmitSmResp(SmResp {
                        message_id: Some(id.as_bytes()),
                        ..SmResp::default()
                    }),
                    CommandStatus::ESME_ROK,
                )
            }
            Pdu::DataSm(d) => {
                if let Some(s) = self.config.profile.check_coding(d.data_coding, &d.tlvs) {
                    return resp(Pdu::DataSmResp(SmResp::default()), s);
                }
                let (id, _) = self.fresh_id();
                resp(
                    Pdu::DataSmResp(SmResp {
                        message_id: Some(id.as_bytes()),
                        ..SmResp::default()
                    }),
                    CommandStatus::ESME_ROK,
                )
            }
            Pdu::SubmitMulti(m) => {
                if let Some(s) = self.config.profile.check_coding(m.data_coding, &m.tlvs) {
                    return resp(
                        Pdu::SubmitMultiResp(smpp_proto::codec::SubmitMultiResp::default()),
                        s,
                    );
                }
                let (id, _) = self.fresh_id();
                resp(
                    Pdu::SubmitMultiResp(smpp_proto::codec::SubmitMultiResp {
                        message_id: Some(id.as_bytes()),
                        ..Default::default()
                    }),
                    CommandStatus::ESME_ROK,
                )
            }
            Pdu::QuerySm(q) => resp(
                Pdu::QuerySmResp(QuerySmResp {
                    message_id: q.message_id,
                    final_date: SmppTime::Empty,
                    message_state: 2,
                    error_code: 0,
                }),
                CommandStatus::ESME_ROK,
            ),
            Pdu::CancelSm(_) => resp(Pdu::CancelSmResp, CommandStatus::ESME_ROK),
            // SMPP 5.0 §4.4.1, §4.6: cell broadcast, on a 5.0 session only
            // (3.4 has no such commands: generic_nack, §4.3).
            Pdu::BroadcastSm(_) | Pdu::QueryBroadcastSm(_) | Pdu::CancelBroadcastSm(_)
                if from.interface_version < InterfaceVersion::V50 =>
            {
                resp(Pdu::GenericNack, CommandStatus::ESME_RINVCMDID)
            }
            Pdu::BroadcastSm(b) => {
                let (id, _) = self.fresh_id();
                let answered = self.broadcasts.broadcast(id.as_bytes(), &b);
                self.broadcast_line(system_id, CommandId::BROADCAST_SM, id.as_bytes(), answered)
            }
            Pdu::QueryBroadcastSm(q) => {
                let answered = self.broadcasts.query(q.message_id);
                self.broadcast_line(
                    system_id,
                    CommandId::QUERY_BROADCAST_SM,
                    q.message_id,
                    answered,
                )
            }
            Pdu::CancelBroadcastSm(c) => {
                let answered = self.broadcasts.cancel(c.message_id);
                self.broadcast_line(
                    system_id,
                    CommandId::CANCEL_BROADCAST_SM,
                    c.message_id,
                    answered,
                )
            }
            Pdu::ReplaceSm(_) => resp(Pdu::ReplaceSmResp, CommandStatus::ESME_ROK),
            _ => resp(Pdu::GenericNack, CommandStatus::ESME_RINVCMDID),
        }
    }
}

/// The receipt text of SMPP 3.4 Appendix B, written by `smpp_proto::receipt`.
///
/// `text` goes in the `text:` field (at most 20 characters are written).
pub fn receipt_text(
    id: &str,
    state: MessageState,
    submit_date: Option<ReceiptDate>,
    done_date: Option<ReceiptDate>,
    text: &[u8],
) -> Vec<u8> {
    let delivered = state == MessageState::Delivered;
    let fields = ReceiptFields {
        id: ReceiptId::Text(id.as_bytes()),
        submitted: 1,
        delivered: u16::from(delivered),
        submit_date,
        done_date,
        date_format: DateFormat::YyMmDdHhMm,
        state: Some(state),
        err: ReceiptErr::Number(if delivered { 0 } else { 1 }),
        text: text.get(..text.len().min(20)).unwrap_or_default(),
    };
    let mut out = vec![0; fields.encoded_len()];
    match fields.encode(&mut out) {
        Ok(n) => out.truncate(n),
        Err(_) => out.clear(),
    }
    out
}

/// A running simulator: the server plus its receipt tasks.
pub struct Sim {
    /// The server (for its address and shutdown).
    pub server: Arc<Server>,
    /// What the simulator saw, one entry per line, at most [`LOG_BUFFER`]
    /// waiting (past it lines are dropped and counted, never waited for).
    /// Once it is closed or dropped, the simulator stops building entries.
    pub log: SimLogReceiver,
    sim: Arc<Simulator>,
}

impl Sim {
    /// The address ESMEs connect to.
    pub fn local_addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    /// Stops accepting, unbinds every bound session (SMPP 3.4 §4.2) and
    /// waits for them to close, at most `deadline`.
    pub async fn shutdown(self, deadline: Duration) {
        // The receipt tasks let go of the server.
        self.sim.stop.send_replace(true);
        let until = tokio::time::Instant::now() + deadline;
        let mut server = self.server;
        // Receipt tasks hold the server only while they deliver.
        loop {
            match Arc::try_unwrap(server) {
                Ok(s) => {
                    s.shutdown(until.saturating_duration_since(tokio::time::Instant::now()))
                        .await;
                    return;
                }
                Err(s) if tokio::time::Instant::now() < until => {
                    server = s;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                Err(_) => return,
            }
        }
    }
}

/// Starts the simulator on `listen` (port 0 for an ephemeral port).
pub async fn start(
    listen: &str,
    server_config: ServerConfig,
    config: SimConfig,
) -> std::io::Result<Sim> {
    let server_config = config.profile.server_config(server_config);
    let (jobs_tx, jobs_rx) = mpsc::unbounded_channel::<Job>();
    let (log_tx, log_rx) = mpsc::channel(LOG_BUFFER);
    let dropped = Arc::new(AtomicU64::new(0));
    let sim = Arc::new(Simulator::new(
        config,
        server_config.session.interface_version,
        jobs_tx,
        Logger {
            tx: log_tx,
            dropped: dropped.clone(),
        },
    ));
    let server = Arc::new(Server::bind(listen, server_config, sim.clone()).await?);
    // Weak handles, so that `Sim::shutdown` can take the server back.
    let weak: Weak<Server> = Arc::downgrade(&server);
    tokio::spawn(schedule(jobs_rx, weak.clone(), sim.clone()));
    tokio::spawn(retry(weak, sim.clone()));
    Ok(Sim {
        server,
        log: SimLogReceiver {
            rx: log_rx,
            dropped,
        },
        sim,
    })
}

/// Sends each job's receipts and echo when they are due: one queue in due
/// order (the delay is the same for all), so a waiting job costs its
/// [`Job`] and no task. Each receipt or echo then joins its system_id's
/// queue, sent by that system_id's [`worker`].
async fn schedule(mut jobs: mpsc::UnboundedReceiver<Job>, weak: Weak<Server>, sim: Arc<Simulator>) {
    use tokio::time::Instant;
    let delay = sim.config.receipt_delay;
    let mut stop = sim.stop.subscribe();
    let mut queue: VecDeque<(Instant, usize, Job)> = VecDeque::new();
    loop {
        let due = queue.front().map(|(t, _, _)| *t);
        tokio::select! {
            job = jobs.recv() => match job {
                Some(job) => queue.push_back((Instant::now() + delay, 0, job)),
                None => return,
            },
            () = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                let now = Instant::now();
                while queue.front().is_some_and(|(t, _, _)| *t <= now) {
                    let Some((_, round, job)) = queue.pop_front() else { break };
                    let echo = !job.text.is_empty();
                    let receipt = job.states.get(round).and_then(|&state| receipt_outbound(&job, state));
                    // The echo goes with the first receipt.
                    let mo = (round == 0 && echo).then(|| mo_outbound(&job)).flatten();
                    let twice = sim.config.duplicate_deliveries;
                    let outs = receipt.into_iter().chain(mo).flat_map(|out| {
                        let copy = twice.then(|| out.clone());
                        std::iter::once(out).chain(copy)
                    });
                    for out in outs {
                        if sim.enqueue(out) {
                            tokio::spawn(worker(sim.clone(), weak.clone(), job.system_id.clone()));
                        }
                    }
                    if round + 1 < job.states.len().max(usize::from(echo)) {
                        queue.push_back((now + delay, round + 1, job));
                    } else {
                        sim.settle(&job.system_id);
                    }
                }
            }
            _ = stop.changed() => return,
        }
    }
}

/// How one try of a delivery ended.
enum Tried {
    /// A session answered (delivered or refused).
    Answered,
    /// No session had room: wait before the next try.
    NoRoom,
    /// No session is bound: kept until one binds.
    Unbound,
    /// Sent, but it ended without an answer (no response in time, the
    /// session closed): to try again.
    Lost,
}

/// Sends the queue of `system_id`, [`DELIVERIES_PER_SYSTEM_ID`] at a time
/// (a sliding window, so a delivery held by a session that never answers
/// holds up no other), until the queue is empty. A delivery no session has
/// room for waits [`RETRY_INTERVAL`] (or the next bind); one with no session
/// bound is kept ([`Simulator::park`]).
async fn worker(sim: Arc<Simulator>, weak: Weak<Server>, system_id: String) {
    use futures_util::stream::{FuturesUnordered, StreamExt};
    use tokio::time::Instant;
    let Some(srv) = weak.upgrade() else { return };
    let mut stop = sim.stop.subscribe();
    let mut under_way = FuturesUnordered::new();
    // While no session has room: until when the queue waits.
    let mut hold: Option<Instant> = None;
    loop {
        if hold.is_some_and(|t| t <= Instant::now()) {
            hold = None;
        }
        if hold.is_none() {
            while under_way.len() < DELIVERIES_PER_SYSTEM_ID {
                let Some(out) = sim.next(&system_id, under_way.is_empty()) else {
                    break;
                };
                under_way.push(attempt(&sim, &srv, out));
            }
            if under_way.is_empty() {
                // The queue is empty and the worker ended (under the lock,
                // so that a delivery queued meanwhile starts a new one).
                return;
            }
        }
        tokio::select! {
            Some(tried) = under_way.next(), if !under_way.is_empty() => {
                if let Tried::NoRoom = tried {
                    hold.get_or_insert_with(|| Instant::now() + RETRY_INTERVAL);
                }
            }
            () = tokio::time::sleep_until(hold.unwrap_or_else(Instant::now)), if hold.is_some() => {}
            () = sim.bound.notified(), if hold.is_some() => hold = None,
            _ = stop.changed() => return,
        }
    }
}

/// One try of a delivery, logged; settled, queued again or kept as its
/// outcome says.
async fn attempt(sim: &Simulator, srv: &Server, mut out: Outbound) -> Tried {
    out.attempts += 1;
    let e = match srv.deliver_owned(&out.system_id, out.pdu.clone()).await {
        // SMPP 3.4 §5.1.3: the ESME's application failed for now; sent
        // again after the retry interval.
        Ok(resp) if resp.command_status() == CommandStatus::ESME_RX_T_APPN => {
            Error::Rejected(CommandStatus::ESME_RX_T_APPN)
        }
        Ok(resp) => {
            // SMPP 3.4 §4.3: a generic_nack answers a PDU the ESME could not
            // take, whatever its command_status; so does an error status
            // (§4.6.2). Either way the ESME has said no: not sent again.
            let taken =
                resp.command_id() != CommandId::GENERIC_NACK && resp.command_status().is_ok();
            let (response, command_status) = (resp.command_id(), resp.command_status());
            let outcome = if taken {
                Outcome::Delivered {
                    response,
                    command_status,
                }
            } else {
                Outcome::Refused {
                    response,
                    command_status,
                }
            };
            sim.log.line(|| sim.delivery_line(&out, outcome));
            sim.settle(&out.system_id);
            // A session is there: what was kept for it goes too.
            if taken {
                sim.unpark(&out.system_id, usize::MAX);
            }
            return Tried::Answered;
        }
        Err(e) => e,
    };
    let (tried, why) = match e {
        Error::Closed(None) => (Tried::Unbound, "no receiver bound".to_string()),
        Error::Send(SendError::WindowFull) => {
            (Tried::NoRoom, "every receiver's window is full".to_string())
        }
        Error::Rejected(s) if s == CommandStatus::ESME_RX_T_APPN => {
            (Tried::NoRoom, "ESME_RX_T_APPN: to send again".to_string())
        }
        e => (Tried::Lost, e.to_string()),
    };
    // Logged at the first failure, and when dropped; not at each retry.
    let line = (out.attempts == 1 && !sim.log.is_closed())
        .then(|| sim.delivery_line(&out, Outcome::Retry { error: why.clone() }));
    let kept = match tried {
        Tried::Unbound => sim.park(out),
        _ => {
            sim.requeue(out);
            Ok(())
        }
    };
    match kept {
        Ok(()) => {
            if let Some(line) = line {
                sim.log.line(|| line);
            }
        }
        Err(out) => sim.log.line(|| {
            sim.delivery_line(
                &out,
                Outcome::Dropped {
                    error: format!("{why}; retry store full"),
                },
            )
        }),
    }
    tried
}

/// Looks every [`RETRY_INTERVAL`], and 50 ms after each bind, whether a
/// system_id with kept deliveries has a session again: its oldest kept
/// delivery is tried, and the first one taken brings the rest.
async fn retry(weak: Weak<Server>, sim: Arc<Simulator>) {
    let mut stop = sim.stop.subscribe();
    loop {
        tokio::select! {
            () = tokio::time::sleep(RETRY_INTERVAL) => {}
            () = sim.bound.notified() => {
                // The server registers the session once the handler said yes.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            _ = stop.changed() => return,
        }
        if weak.strong_count() == 0 {
            return;
        }
        sim.expire();
        for system_id in sim.parked_system_ids() {
            if sim.unpark(&system_id, 1) {
                tokio::spawn(worker(sim.clone(), weak.clone(), system_id));
            }
        }
    }
}

/// A receipt of `job` in `state` (SMPP 3.4 Appendix B text,
/// receipted_message_id and message_state TLVs, §5.3.2.12, §5.3.2.35).
fn receipt_outbound(job: &Job, state: MessageState) -> Option<Outbound> {
    // GatewayAPI: the user_message_reference in `text:` (decimal) and as
    // its TLV (SMPP 3.4 §5.3.2.17).
    let reference = job.user_message_reference;
    let reference_text = reference.map(|r| r.to_string()).unwrap_or_default();
    let text = receipt_text(
        &job.receipt_id,
        state,
        job.submit_date,
        now_date(),
        reference_text.as_bytes(),
    );
    let mut rid = job.receipt_id.clone().into_bytes();
    rid.push(0);
    let message_state = [state.message_state()];
    let reference = reference.map(u16::to_be_bytes);
    let mut tlvs = vec![
        Tlv::new(TlvTag::RECEIPTED_MESSAGE_ID, &rid),
        Tlv::new(TlvTag::MESSAGE_STATE, &message_state),
    ];
    if let Some(r) = &reference {
        tlvs.push(Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, r));
    }
    let dlr = SubmitSm {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: &job.destination_addr,
        destination_addr: &job.source_addr,
        esm_class: 0x04,
        short_message: &text,
        tlvs: Tlvs::List(&tlvs),
        ..SubmitSm::default()
    };
    let pdu = OwnedPdu::encode(&Pdu::DeliverSm(dlr), CommandStatus::ESME_ROK, 0).ok()?;
    Some(Outbound {
        system_id: job.system_id.clone(),
        what: What::Receipt {
            message_id: job.message_id.clone(),
            receipt_id: job.receipt_id.clone(),
            state,
        },
        pdu,
        attempts: 0,
        kept_since: None,
    })
}

/// The `--echo` MO message of `job`: the recipient "answers" with the same
/// text (at most 254 octets, SMPP 3.4 §5.2.22).
fn mo_outbound(job: &Job) -> Option<Outbound> {
    let mo = SubmitSm {
        source_addr: &job.destination_addr,
        destination_addr: &job.source_addr,
        data_coding: job.data_coding,
        esm_class: job.udhi,
        short_message: job.text.get(..job.text.len().min(254)).unwrap_or_default(),
        ..SubmitSm::default()
    };
    let pdu = OwnedPdu::encode(&Pdu::DeliverSm(mo), CommandStatus::ESME_ROK, 0).ok()?;
    Some(Outbound {
        system_id: job.system_id.clone(),
        what: What::Mo,
        pdu,
        attempts: 0,
        kept_since: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // reason: test code
mod tests {
    use super::*;

    fn logger(capacity: usize) -> (Logger, SimLogReceiver) {
        let (tx, rx) = mpsc::channel(capacity);
        let dropped = Arc::new(AtomicU64::new(0));
        let log = Logger {
            tx,
            dropped: dropped.clone(),
        };
        (log, SimLogReceiver { rx, dropped })
    }

    fn line(n: u64) -> SimEvent {
        SimEvent::Drop {
            peer: "127.0.0.1:1".parse().unwrap(),
            system_id: "test".into(),
            passed_on: n,
        }
    }

    #[tokio::test]
    async fn log_drops_past_its_buffer_and_says_how_many() {
        let (log, mut rx) = logger(4);
        for n in 0..10 {
            log.line(|| line(n));
        }
        for n in 0..4 {
            assert_eq!(rx.recv().await.unwrap(), line(n));
        }
        // The count comes in place of the lines once the reader catches up.
        let note = rx.recv().await.unwrap();
        assert_eq!(note, SimEvent::LogDropped { lines: 6 });
        log.line(|| line(10));
        assert_eq!(rx.recv().await.unwrap(), line(10));
        // With room for the count but not for the line after it.
        for n in 11..20 {
            log.line(|| line(n));
        }
        for n in 11..15 {
            assert_eq!(rx.recv().await.unwrap(), line(n));
        }
        log.line(|| line(20));
        assert_eq!(rx.recv().await.unwrap(), SimEvent::LogDropped { lines: 5 });
        assert_eq!(rx.recv().await.unwrap(), line(20));
        // A closed log builds nothing.
        rx.close();
        log.line(|| unreachable!("built for a closed log"));
    }

    fn outbound(system_id: &str) -> Outbound {
        Outbound {
            system_id: system_id.to_string(),
            what: What::Mo,
            pdu: OwnedPdu::encode(&Pdu::GenericNack, CommandStatus::ESME_ROK, 0).unwrap(),
            attempts: 0,
            kept_since: None,
        }
    }

    #[test]
    fn what_is_owed_is_bounded_per_system_id_and_in_all() {
        let (jobs, _) = mpsc::unbounded_channel();
        let (log, _rx) = logger(1);
        let sim = Simulator::new(
            SimConfig {
                max_pending: 3,
                max_pending_per_system_id: 2,
                retry_store: 2,
                retry_store_per_system_id: 1,
                ..SimConfig::default()
            },
            InterfaceVersion::V34,
            jobs,
            log,
        );
        assert!(sim.reserve_job("a") && sim.reserve_job("a"));
        assert!(!sim.reserve_job("a"), "past the per-system_id bound");
        assert!(sim.reserve_job("b"));
        assert!(!sim.reserve_job("c"), "past the total bound");
        sim.settle("a");
        assert!(sim.reserve_job("c"));
        // A queued delivery is owed; the first starts a worker, not the next.
        sim.settle("c");
        assert!(sim.enqueue(outbound("c")));
        assert!(!sim.enqueue(outbound("c")));
        assert!(!sim.reserve_job("c"), "two deliveries owed to c");
        // Kept ones are no longer owed, and the store is bounded.
        let first = sim.next("c", true).unwrap();
        let second = sim.next("c", true).unwrap();
        assert!(sim.park(first).is_ok());
        assert!(sim.park(second).is_err(), "one kept per system_id");
        assert!(sim.next("c", true).is_none(), "the worker ends");
        assert_eq!(sim.parked_system_ids(), vec!["c".to_string()]);
        assert!(sim.reserve_job("c"));
        // A bind brings it back, owed again, with a worker.
        assert!(sim.unpark("c", usize::MAX));
        assert!(sim.parked_system_ids().is_empty());
        assert!(!sim.reserve_job("c"));
    }

    #[test]
    fn receipt_id_forms_write_one_number() {
        assert_eq!(
            ReceiptIdForm::Same.ids(7),
            ("0000000007".into(), "0000000007".into())
        );
        let (resp, receipt) = ReceiptIdForm::Decimal.ids(1);
        assert_eq!(
            (resp.as_str(), receipt.as_str()),
            ("a000000001", "687194767361")
        );
        assert_eq!(ReceiptIdForm::Hex.ids(1), (receipt, resp));
        for n in [1, 9, 10, 4096, 0xf_ffff_ffff] {
            let (hex, dec) = ReceiptIdForm::Decimal.ids(n);
            // A letter first: no reader takes the hex form for decimal.
            assert!(hex.starts_with(|c: char| c.is_ascii_lowercase()), "{hex}");
            assert!(smpp_proto::receipt::message_ids_match(
                hex.as_bytes(),
                dec.as_bytes(),
                smpp_proto::receipt::IdMatch::NumericEquivalent
            ));
        }
        assert_eq!("decimal".parse(), Ok(ReceiptIdForm::Decimal));
        assert!("octal".parse::<ReceiptIdForm>().is_err());
    }

    #[test]
    fn smpp33_profile_versions() {
        let (jobs, _) = mpsc::unbounded_channel();
        let (tx, _) = mpsc::channel(1);
        let log = Logger {
            tx,
            dropped: Arc::default(),
        };
        let sim = |profile| {
            Simulator::new(
                SimConfig {
                    profile,
                    ..SimConfig::default()
                },
                InterfaceVersion::V34,
                jobs.clone(),
                log.clone(),
            )
        };
        let v33 = sim(Profile::Smpp33);
        let plain = sim(Profile::Default);
        for (asked, profiled, default) in [
            (0x50, 0x33, 0x34),
            (0x34, 0x34, 0x34),
            (0x33, 0x33, 0x33),
            (0x00, 0x33, 0x00),
        ] {
            assert_eq!(v33.session_version(InterfaceVersion(asked)).0, profiled);
            assert_eq!(plain.session_version(InterfaceVersion(asked)).0, default);
        }
    }
}
