//! The state the gateway keeps outside the broker, behind a small trait:
//! [`MemoryStore`] for one process, [`crate::RedisStore`] for several.
//!
//! - **Outcomes**, by vumi message id: claimed before the first submit_sm,
//!   then the ack or nack event recorded, so that a message RabbitMQ
//!   delivers again (after a crash, before its basic_ack) is not submitted
//!   again: its recorded event is published again, the same `event_id`.
//! - **Correlation** of each part's SMSC message id (from submit_sm_resp,
//!   SMPP 3.4 §4.4.2, normalised by [`smpp_proto::receipt::MessageIdKey`])
//!   to its vumi message id ([`Correlation`]), kept
//!   `smpp_cache_config.timeout`.
//! - **Receipt tallies**: one delivery_report per message, once the final
//!   receipt of every part is in (how many there are is kept with each
//!   part's correlation, so the tally is made only by receipts).
//! - **MO parts** of a long message (3GPP TS 23.040 §9.2.3.24.1, SMPP 3.4
//!   §5.3.2.22–24) until the last one arrives, on any bind of any process.
//! - **Parked receipts**: a receipt whose SMSC message id is not known yet
//!   (it overtook its submit_sm_resp, on this bind or another process's),
//!   kept so that its deliver_sm is answered at once and the receipt is
//!   looked at again, by whichever process comes first, until its
//!   correlation appears or it is given up.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A store operation that failed (the store is unreachable, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// What [`Store::claim`] found for a vumi message id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// First seen: it is ours to submit.
    New,
    /// Its outcome was recorded: this event (JSON), to publish again.
    Outcome(String),
    /// Claimed before, and no outcome recorded: a process took it and
    /// stopped before its outcome was known. Its fate is unknown.
    InFlight,
}

/// What an SMSC message id (SMPP 3.4 §4.4.2, the message_id of a
/// submit_sm_resp) is a part of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correlation {
    /// The vumi message id.
    pub message_id: String,
    /// The parts whose final receipts make the message's delivery_report:
    /// every part when all were sent, else 0 (it is never reported).
    pub parts: u32,
}

impl Correlation {
    /// The correlation [`Store::settle`] gives each of `message_id`'s
    /// accepted parts, `accepted` of them: their count when `all_sent`,
    /// else 0.
    pub fn settled(message_id: &str, accepted: usize, all_sent: bool) -> Correlation {
        Correlation {
            message_id: message_id.to_string(),
            parts: if all_sent {
                u32::try_from(accepted).unwrap_or(u32::MAX)
            } else {
                0
            },
        }
    }

    /// As a store keeps it in one string: `PARTS:MESSAGE_ID`.
    pub fn to_text(&self) -> String {
        format!("{}:{}", self.parts, self.message_id)
    }

    /// [`Correlation::to_text`] read back.
    pub fn from_text(text: &str) -> Option<Correlation> {
        let (parts, message_id) = text.split_once(':')?;
        Some(Correlation {
            message_id: message_id.to_string(),
            parts: parts.parse().ok()?,
        })
    }
}

/// The last receipt of a message: whether every part was delivered, and
/// the state word of the receipt that decides (a failed one if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Every part's final receipt said delivered.
    pub delivered: bool,
    /// The state word to report.
    pub stat: String,
}

/// Shared gateway state. Each method is one atomic step, so processes
/// sharing one store never both win a race.
pub trait Store: Send + Sync + 'static {
    /// Claims `message_id` for submitting under `token` (unique to this
    /// attempt), or says what became of it. Claiming again with the same
    /// token gives [`Claim::New`] again: a claim whose answer was lost
    /// (the store restarting) can be tried again.
    fn claim(
        &self,
        message_id: &str,
        token: &str,
    ) -> impl Future<Output = Result<Claim, StoreError>> + Send;

    /// Gives a claim up: nothing was sent, it may be submitted later.
    fn release(&self, message_id: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The correlation of an SMSC message id (its key); with `take` (a
    /// final receipt), it is kept only [`TAKEN_KEPT`] more (capped by the
    /// store's timeout), so that a copy of the receipt the SMSC sends again
    /// a little later is still recognised, and not waited for.
    fn find_smsc_id(
        &self,
        smsc_key: &str,
        take: bool,
    ) -> impl Future<Output = Result<Option<Correlation>, StoreError>> + Send;

    /// Settles a claimed message once its submit_sm are answered (SMPP 3.4
    /// §4.4.2), in one step (one round trip): maps each accepted part's
    /// SMSC id (`smsc_keys`) to `message_id`, with the number of parts
    /// whose final receipts make its delivery_report (all of them when
    /// `all_sent`, else none: it is never reported), and records the
    /// outcome, `event` (what [`Store::claim`] gives a copy delivered
    /// again). Settling again (an answer lost) changes nothing.
    fn settle(
        &self,
        message_id: &str,
        smsc_keys: &[String],
        all_sent: bool,
        event: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Counts the final receipt of the part of `of` the SMSC knows as
    /// `smsc_key`, handled as `attempt` (unique to this receipt's
    /// handling); the tally when it was the last of `of.parts`. Counting
    /// the same part again changes nothing: a receipt the SMSC sent twice
    /// gets `None`, while the same step tried again (the same `attempt`,
    /// its answer lost) gets the same answer.
    fn part_final(
        &self,
        of: &Correlation,
        smsc_key: &str,
        attempt: &str,
        delivered: bool,
        stat: &str,
    ) -> impl Future<Output = Result<Option<Tally>, StoreError>> + Send;

    /// Keeps part `seq` of `total` (its PDU, sequence_number zeroed) under
    /// `key`, handled as `attempt` (unique to this part's handling); when
    /// it completes the message, every part's PDU. The parts taken are then
    /// kept [`TAKEN_KEPT`] more (capped by the timeout), so that a part the
    /// SMSC sends again (the same PDU) is not taken twice (`None`), while
    /// the completing step tried again (the same `attempt`, its answer
    /// lost) gets every part again; a different PDU under the same key and
    /// seq starts a new message.
    fn add_mo_part(
        &self,
        key: &str,
        seq: u8,
        total: u8,
        pdu: &[u8],
        attempt: &str,
    ) -> impl Future<Output = Result<Option<Vec<Vec<u8>>>, StoreError>> + Send;

    /// Parks `receipt` (an opaque text, unique per receipt) to be looked
    /// at again `after` from now; parking it again moves that time.
    fn park_receipt(
        &self,
        receipt: &str,
        after: Duration,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Up to `max` parked receipts whose time has come, each leased for
    /// `lease`: given to no other caller meanwhile, and given again after
    /// it unless it was unparked or parked again (its taker stopped).
    fn due_receipts(
        &self,
        max: usize,
        lease: Duration,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// Forgets a parked receipt.
    fn unpark_receipt(&self, receipt: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// How long a correlation taken by a final receipt, a completed tally, and
/// the parts of a completed MO message are kept to recognise what the SMSC
/// sends again: 10 minutes (at most the store's timeout).
pub const TAKEN_KEPT: Duration = Duration::from_secs(600);

/// The value of a claim: this prefix and the claimer's token.
const IN_FLIGHT: &str = "inflight:";

/// What a claim found under `message_id`: `value` as stored.
pub(crate) fn claim_of(value: &str, token: &str) -> Claim {
    match value.strip_prefix(IN_FLIGHT) {
        Some(t) if t == token => Claim::New,
        Some(_) => Claim::InFlight,
        None => Claim::Outcome(value.to_string()),
    }
}

#[derive(Debug)]
struct TallyState {
    /// Final receipts counted.
    got: u32,
    failed: bool,
    stat: Option<String>,
    /// Parts counted, so none counts twice.
    seen: std::collections::HashSet<String>,
    /// The part and attempt that completed it.
    done: Option<String>,
    until: Instant,
}

/// The parts of one MO message: waiting (by seq), or taken (kept to
/// recognise copies).
#[derive(Debug, Default)]
struct Parts {
    waiting: HashMap<u8, Vec<u8>>,
    taken: HashMap<u8, Vec<u8>>,
    /// The attempt that completed it (and took the parts).
    by: Option<String>,
}

#[derive(Debug, Default)]
struct State {
    outcomes: HashMap<String, (String, Instant)>,
    ids: HashMap<String, (Correlation, Instant)>,
    tallies: HashMap<String, TallyState>,
    parts: HashMap<String, (Parts, Instant)>,
    /// Parked receipts and when each is due.
    parked: HashMap<String, Instant>,
    writes: u64,
}

impl State {
    /// Drops what expired, every 1,024 writes.
    fn prune(&mut self) {
        self.writes += 1;
        if !self.writes.is_multiple_of(1024) {
            return;
        }
        let now = Instant::now();
        self.outcomes.retain(|_, (_, t)| *t > now);
        self.ids.retain(|_, (_, t)| *t > now);
        self.tallies.retain(|_, t| t.until > now);
        self.parts.retain(|_, (_, t)| *t > now);
    }
}

/// The store of one process, in its memory, entries expiring after the
/// configured timeout.
#[derive(Debug)]
pub struct MemoryStore {
    ttl: Duration,
    state: Mutex<State>,
}

impl MemoryStore {
    /// A store whose entries last `ttl`.
    pub fn new(ttl: Duration) -> MemoryStore {
        MemoryStore {
            ttl,
            state: Mutex::new(State::default()),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State, Instant) -> R) -> R {
        let mut s = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut s, Instant::now())
    }

    /// How long what was taken is kept.
    fn kept(&self) -> Duration {
        self.ttl.min(TAKEN_KEPT)
    }

    /// A final receipt counted once for `part` of `of`; `attempt` tells a
    /// step tried again (answered again) from a copy (answered `None`).
    fn tally(
        &self,
        s: &mut State,
        now: Instant,
        of: &Correlation,
        (part, attempt): (&str, &str),
        (delivered, stat): (bool, &str),
    ) -> Option<Tally> {
        s.prune();
        let t = s
            .tallies
            .entry(of.message_id.clone())
            .or_insert_with(|| TallyState {
                got: 0,
                failed: false,
                stat: None,
                seen: Default::default(),
                done: None,
                until: now + self.ttl,
            });
        let result = |t: &TallyState| Tally {
            delivered: !t.failed,
            stat: t.stat.clone().unwrap_or_default(),
        };
        let me = format!("{part}|{attempt}");
        if !t.seen.insert(part.to_string()) {
            return (t.done.as_deref() == Some(me.as_str())).then(|| result(t));
        }
        t.got += 1;
        if !delivered {
            t.failed = true;
            t.stat = Some(stat.to_string());
        } else if t.stat.is_none() {
            t.stat = Some(stat.to_string());
        }
        if t.got != of.parts {
            t.until = now + self.ttl;
            return None;
        }
        t.done = Some(me);
        t.until = now + self.kept();
        Some(result(t))
    }
}

impl Store for MemoryStore {
    async fn claim(&self, message_id: &str, token: &str) -> Result<Claim, StoreError> {
        let ttl = self.ttl;
        Ok(self.with(|s, now| {
            s.prune();
            match s.outcomes.get(message_id) {
                Some((v, t)) if *t > now => claim_of(v, token),
                _ => {
                    s.outcomes.insert(
                        message_id.to_string(),
                        (format!("{IN_FLIGHT}{token}"), now + ttl),
                    );
                    Claim::New
                }
            }
        }))
    }

    async fn release(&self, message_id: &str) -> Result<(), StoreError> {
        self.with(|s, _| s.outcomes.remove(message_id));
        Ok(())
    }

    async fn find_smsc_id(
        &self,
        smsc_key: &str,
        take: bool,
    ) -> Result<Option<Correlation>, StoreError> {
        let kept = self.kept();
        Ok(self.with(|s, now| match s.ids.get_mut(smsc_key) {
            Some((c, t)) if *t > now => {
                if take {
                    *t = (*t).min(now + kept);
                }
                Some(c.clone())
            }
            _ => None,
        }))
    }

    async fn settle(
        &self,
        message_id: &str,
        smsc_keys: &[String],
        all_sent: bool,
        event: &str,
    ) -> Result<(), StoreError> {
        let ttl = self.ttl;
        let c = Correlation::settled(message_id, smsc_keys.len(), all_sent);
        self.with(|s, now| {
            s.prune();
            for key in smsc_keys {
                s.ids.insert(key.clone(), (c.clone(), now + ttl));
            }
            s.outcomes
                .insert(message_id.to_string(), (event.to_string(), now + ttl));
        });
        Ok(())
    }

    async fn part_final(
        &self,
        of: &Correlation,
        smsc_key: &str,
        attempt: &str,
        delivered: bool,
        stat: &str,
    ) -> Result<Option<Tally>, StoreError> {
        let part = format!("p:{smsc_key}");
        Ok(self.with(|s, now| self.tally(s, now, of, (&part, attempt), (delivered, stat))))
    }

    async fn add_mo_part(
        &self,
        key: &str,
        seq: u8,
        total: u8,
        pdu: &[u8],
        attempt: &str,
    ) -> Result<Option<Vec<Vec<u8>>>, StoreError> {
        let (ttl, kept) = (self.ttl, self.kept());
        Ok(self.with(|s, now| {
            s.prune();
            let (parts, until) = s
                .parts
                .entry(key.to_string())
                .or_insert_with(|| (Parts::default(), now + ttl));
            if let Some(taken) = parts.taken.get(&seq) {
                if taken.as_slice() == pdu {
                    if parts.by.as_deref() != Some(attempt) {
                        // A copy of a part already taken.
                        return None;
                    }
                    // The completing step tried again: its parts again.
                    let mut all: Vec<(&u8, &Vec<u8>)> = parts.taken.iter().collect();
                    all.sort_by_key(|(seq, _)| **seq);
                    return Some(all.into_iter().map(|(_, p)| p.clone()).collect());
                }
                // A new message under the same key.
                *parts = Parts::default();
            }
            parts.waiting.insert(seq, pdu.to_vec());
            *until = now + ttl;
            if parts.waiting.len() < usize::from(total) {
                return None;
            }
            let mut all: Vec<(u8, Vec<u8>)> = parts.waiting.drain().collect();
            all.sort_by_key(|(seq, _)| *seq);
            parts.taken = all.iter().cloned().collect();
            parts.by = Some(attempt.to_string());
            *until = now + kept;
            Some(all.into_iter().map(|(_, p)| p).collect())
        }))
    }

    async fn park_receipt(&self, receipt: &str, after: Duration) -> Result<(), StoreError> {
        self.with(|s, now| s.parked.insert(receipt.to_string(), now + after));
        Ok(())
    }

    async fn due_receipts(&self, max: usize, lease: Duration) -> Result<Vec<String>, StoreError> {
        Ok(self.with(|s, now| {
            let mut due = Vec::new();
            for (r, at) in s.parked.iter_mut() {
                if due.len() >= max {
                    break;
                }
                if *at <= now {
                    *at = now + lease;
                    due.push(r.clone());
                }
            }
            due
        }))
    }

    async fn unpark_receipt(&self, receipt: &str) -> Result<(), StoreError> {
        self.with(|s, _| s.parked.remove(receipt));
        Ok(())
    }
}

/// The behaviour every store must have, run against any of them (the
/// Redis one is run by the gateway's tests on a real Redis).
pub async fn check_store<S: Store>(store: &S, prefix: &str) -> Result<(), String> {
    let id = format!("{prefix}-m1");
    let fail = |what: &str| Err(what.to_string());
    let e = |e: StoreError| e.to_string();
    if store.claim(&id, "a").await.map_err(e)? != Claim::New {
        return fail("first claim is not New");
    }
    if store.claim(&id, "a").await.map_err(e)? != Claim::New {
        return fail("a claim tried again with its token is not New");
    }
    if store.claim(&id, "b").await.map_err(e)? != Claim::InFlight {
        return fail("another token's claim is not InFlight");
    }
    store
        .settle(&id, &[], true, "{\"event\":1}")
        .await
        .map_err(e)?;
    if store.claim(&id, "c").await.map_err(e)? != Claim::Outcome("{\"event\":1}".into()) {
        return fail("claim after the outcome does not return it");
    }
    let id2 = format!("{prefix}-m2");
    store.claim(&id2, "a").await.map_err(e)?;
    store.release(&id2).await.map_err(e)?;
    if store.claim(&id2, "b").await.map_err(e)? != Claim::New {
        return fail("a released claim is not New again");
    }
    // settle: the correlations and the outcome in one step; a repeat
    // changes nothing.
    let t = format!("{prefix}-t");
    let keys = [format!("{prefix}-k1"), format!("{prefix}-k2")];
    store.claim(&t, "a").await.map_err(e)?;
    for _ in 0..2 {
        store
            .settle(&t, &keys, true, "{\"ack\":2}")
            .await
            .map_err(e)?;
    }
    if store.claim(&t, "b").await.map_err(e)? != Claim::Outcome("{\"ack\":2}".into()) {
        return fail("settle did not record the outcome");
    }
    let of = Correlation {
        message_id: t.clone(),
        parts: 2,
    };
    for k in &keys {
        if store.find_smsc_id(k, false).await.map_err(e)?.as_ref() != Some(&of) {
            return fail("settle did not map a part");
        }
    }
    // Taken by a final receipt, and kept a while: a copy of the final
    // receipt still finds it.
    for _ in 0..2 {
        if store
            .find_smsc_id(&keys[0], true)
            .await
            .map_err(e)?
            .as_ref()
            != Some(&of)
        {
            return fail("correlation not found when taken");
        }
    }
    // The tally: each part's first receipt counts, once.
    if store
        .part_final(&of, &keys[0], "r1", true, "DELIVRD")
        .await
        .map_err(e)?
        .is_some()
    {
        return fail("tally complete with a part missing");
    }
    let again = store
        .part_final(&of, &keys[0], "r1b", true, "DELIVRD")
        .await;
    if again.map_err(e)?.is_some() {
        return fail("a part counted twice");
    }
    let undeliv = Some(Tally {
        delivered: false,
        stat: "UNDELIV".into(),
    });
    let done = store
        .part_final(&of, &keys[1], "r2", false, "UNDELIV")
        .await
        .map_err(e)?;
    if done != undeliv {
        return Err(format!("tally {done:?}"));
    }
    // The completing step tried again (its answer lost): the same answer.
    let again = store
        .part_final(&of, &keys[1], "r2", false, "UNDELIV")
        .await
        .map_err(e)?;
    if again != undeliv {
        return Err(format!("completing step tried again: {again:?}"));
    }
    // A copy of the completing receipt (another attempt): nothing.
    if store
        .part_final(&of, &keys[1], "r2-copy", false, "UNDELIV")
        .await
        .map_err(e)?
        .is_some()
    {
        return fail("a copy of the last receipt completed the tally again");
    }
    // One part: its final receipt completes it.
    let t1 = format!("{prefix}-t1");
    let k1 = [format!("{prefix}-k3")];
    store.settle(&t1, &k1, true, "{}").await.map_err(e)?;
    let Some(of1) = store.find_smsc_id(&k1[0], false).await.map_err(e)? else {
        return fail("a one-part message not mapped");
    };
    let done = store
        .part_final(&of1, &k1[0], "r", true, "DELIVRD")
        .await
        .map_err(e)?;
    if done
        != Some(Tally {
            delivered: true,
            stat: "DELIVRD".into(),
        })
    {
        return Err(format!("tally of a one-part message {done:?}"));
    }
    // A nack: its sent parts are mapped, and never reported.
    let t4 = format!("{prefix}-t4");
    let k4 = [format!("{prefix}-k4")];
    store.settle(&t4, &k4, false, "{}").await.map_err(e)?;
    let of4 = store.find_smsc_id(&k4[0], false).await.map_err(e)?;
    if of4.as_ref().map(|c| (c.message_id.as_str(), c.parts)) != Some((t4.as_str(), 0)) {
        return Err(format!("a nack's sent part: {of4:?}"));
    }
    if let Some(of4) = of4 {
        let done = store.part_final(&of4, &k4[0], "r", true, "DELIVRD").await;
        if done.map_err(e)?.is_some() {
            return fail("a message not sent whole was reported");
        }
    }
    // MO parts in any order, a duplicate included.
    let mo = format!("{prefix}-mo");
    for (seq, pdu) in [(2u8, &b"two"[..]), (2, b"two"), (3, b"three")] {
        if store
            .add_mo_part(&mo, seq, 3, pdu, "a")
            .await
            .map_err(e)?
            .is_some()
        {
            return fail("MO complete too early");
        }
    }
    let whole = Some(vec![b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]);
    let all = store.add_mo_part(&mo, 1, 3, b"one", "last").await;
    if all.map_err(e)? != whole {
        return fail("MO parts not taken whole");
    }
    // The completing step tried again (its answer lost): every part again.
    let again = store.add_mo_part(&mo, 1, 3, b"one", "last").await;
    if again.map_err(e)? != whole {
        return fail("the completing MO step tried again lost the message");
    }
    // A copy of a part taken: not taken twice.
    for (seq, pdu) in [(1u8, &b"one"[..]), (3, b"three"), (2, b"two")] {
        if store
            .add_mo_part(&mo, seq, 3, pdu, "copy")
            .await
            .map_err(e)?
            .is_some()
        {
            return fail("a copy of a part completed the MO message again");
        }
    }
    // Another message under the same key: taken whole.
    let mo2 = format!("{prefix}-mo2");
    store.add_mo_part(&mo2, 1, 2, b"a", "a1").await.map_err(e)?;
    store.add_mo_part(&mo2, 2, 2, b"b", "a2").await.map_err(e)?;
    store.add_mo_part(&mo2, 1, 2, b"c", "a3").await.map_err(e)?;
    let next = store.add_mo_part(&mo2, 2, 2, b"d", "a4").await.map_err(e)?;
    if next != Some(vec![b"c".to_vec(), b"d".to_vec()]) {
        return Err(format!("a new message under a used key: {next:?}"));
    }
    // Parked receipts: due when their time comes, leased to one taker.
    let (r1, r2) = (format!("{prefix}-r1"), format!("{prefix}-r2"));
    store.park_receipt(&r1, Duration::ZERO).await.map_err(e)?;
    store
        .park_receipt(&r2, Duration::from_secs(30))
        .await
        .map_err(e)?;
    let mine = |v: Vec<String>| -> Vec<String> {
        v.into_iter().filter(|r| r.starts_with(prefix)).collect()
    };
    tokio::time::sleep(Duration::from_millis(5)).await;
    let lease = Duration::from_millis(300);
    if mine(store.due_receipts(16, lease).await.map_err(e)?) != vec![r1.clone()] {
        return fail("the due receipt is not given (or one not due is)");
    }
    if !mine(store.due_receipts(16, lease).await.map_err(e)?).is_empty() {
        return fail("a leased receipt is given twice");
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    if mine(store.due_receipts(16, lease).await.map_err(e)?) != vec![r1.clone()] {
        return fail("a receipt whose lease ran out is not given again");
    }
    store.unpark_receipt(&r1).await.map_err(e)?;
    store.park_receipt(&r2, Duration::ZERO).await.map_err(e)?;
    tokio::time::sleep(Duration::from_millis(5)).await;
    if mine(store.due_receipts(16, lease).await.map_err(e)?) != vec![r2.clone()] {
        return fail("an unparked receipt is given, or one parked again is not");
    }
    store.unpark_receipt(&r2).await.map_err(e)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_store_behaves() {
        let store = MemoryStore::new(Duration::from_secs(60));
        assert_eq!(check_store(&store, "t").await, Ok(()));
    }

    #[tokio::test]
    async fn memory_store_expires() {
        let store = MemoryStore::new(Duration::from_millis(20));
        store.settle("m", &["k".to_string()], true, "{}").await.ok();
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(store.find_smsc_id("k", false).await, Ok(None));
    }
}
