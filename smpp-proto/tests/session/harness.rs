//! The session test harness: an ESME [`Session`] and an SMSC [`Session`]
//! joined by two in-memory byte pipes, on a virtual clock (STYLE.md "Tests").
//!
//! - Every application command goes through [`Pair::act`] (the `send!` /
//!   `try_send!` macros), every input is followed by draining both outputs
//!   (the run loop of the session docs), and events are copied into owned
//!   [`Ev`] values queued per side, taken with `recv!` / `recv_nothing!`.
//! - Invariants are checked on every call, in every test: each `RequestId`
//!   ends in exactly one outcome event and none comes without a request; no
//!   two requests in flight on the wire share a sequence_number; every state
//!   change is one `State::may_become` allows; nothing follows `Closed`;
//!   every PDU sent decodes, without TLVs once the session is at 3.3.
//! - Time only moves in [`Pair::drive`] (to the next byte arrival) and
//!   [`Pair::run_until`] / [`Pair::wait`] (through every deadline of either
//!   side on the way). Both are bounded, so a livelock fails the test.
//! - [`Net`] adds seeded random splits of the byte stream and jitter.
//!
//! When a session is CLOSED and its transmit buffer is drained, the harness
//! closes that end's socket as an adapter would: the peer sees the
//! disconnect one latency later, and bytes still travelling to it are lost.

#![allow(dead_code, unreachable_pub)] // reason: shared by the `session` and `session_props` targets, each uses a subset; `pub` marks the harness API

use std::collections::{HashMap, VecDeque};
use std::fmt::Debug;

use smpp_proto::codec::{
    decode, frame, Bind, Framing, SmResp, SmppTime, SubmitSm, DEFAULT_MAX_COMMAND_LENGTH,
};
use smpp_proto::session::{
    BindType, CloseReason, Config, Event, FailureReason, PeerRequest, ProtocolError, RequestId,
    SendError, Session, State,
};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::{CommandId, CommandStatus, Header, InterfaceVersion, Pdu, Tlvs};

/// `side!(esme)` / `side!(smsc)`.
macro_rules! side {
    (esme) => {
        $crate::harness::Side::Esme
    };
    (smsc) => {
        $crate::harness::Side::Smsc
    };
}

/// Runs an application command on one end and returns its result:
/// `try_send!(p.esme.submit_sm(&SUBMIT))` calls `p.esme.submit_sm(p.now, &SUBMIT)`.
macro_rules! try_send {
    ($p:ident . $side:ident . $m:ident ( $($a:expr),* $(,)? )) => {
        $p.act(side!($side), |s, now| s.$m(now $(, $a)*))
    };
}

/// As `try_send!`, and fails the test (at the caller's line) if the command fails.
macro_rules! send {
    ($p:ident . $side:ident . $m:ident ( $($a:expr),* $(,)? )) => {
        $crate::harness::expect_ok(try_send!($p.$side.$m($($a),*)))
    };
}

/// Takes the next event of one end and matches it:
/// `recv!(p.esme, Ev::Bound { .. })`, or `recv!(p.smsc, Ev::Request { request, .. } => request)`.
macro_rules! recv {
    ($p:ident . $side:ident, $pat:pat $(if $guard:expr)? => $out:expr) => {
        match $p.next_event(side!($side)) {
            Some($pat) $(if $guard)? => $out,
            other => $crate::harness::unexpected(
                stringify!($side),
                stringify!($pat),
                other,
                $p.pending_events(side!($side)),
            ),
        }
    };
    ($p:ident . $side:ident, $pat:pat $(if $guard:expr)?) => {
        recv!($p.$side, $pat $(if $guard)? => ())
    };
}

/// Asserts that one end has no event waiting.
macro_rules! recv_nothing {
    ($p:ident . $side:ident) => {
        if let Some(e) = $p.next_event(side!($side)) {
            $crate::harness::unexpected(
                stringify!($side),
                "nothing",
                Some(e),
                $p.pending_events(side!($side)),
            )
        }
    };
}

/// Fails the test at the caller's line with what came instead.
#[track_caller]
pub fn unexpected<T>(side: &str, wanted: &str, got: Option<Ev>, rest: Vec<Ev>) -> T {
    panic!("{side}: expected {wanted}\n  got {got:?}\n  then {rest:?}")
}

/// Unwraps a command result at the caller's line.
#[track_caller]
pub fn expect_ok<T, E: Debug>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("command failed: {e:?}"),
    }
}

// ----- templates ----------------------------------------------------------

/// The bind every test uses (`..BIND` to change a field).
pub const BIND: Bind<'static> = Bind {
    system_id: b"esme",
    password: b"secret",
    system_type: b"",
    interface_version: InterfaceVersion::V34,
    addr_ton: 0,
    addr_npi: 0,
    address_range: b"",
};

/// A plain submit_sm (`..SUBMIT` to change a field). Also used as deliver_sm.
pub const SUBMIT: SubmitSm<'static> = SubmitSm {
    service_type: b"",
    source_addr_ton: 1,
    source_addr_npi: 1,
    source_addr: b"Sender",
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    destination_addr: b"447700900123",
    esm_class: 0,
    protocol_id: 0,
    priority_flag: 0,
    schedule_delivery_time: SmppTime::Empty,
    validity_period: SmppTime::Empty,
    registered_delivery: 0,
    replace_if_present_flag: 0,
    data_coding: 0,
    sm_default_msg_id: 0,
    short_message: b"Hello",
    tlvs: Tlvs::EMPTY,
};

/// The body of a successful deliver_sm_resp: message_id is unused and set
/// to NULL, one NUL octet (SMPP 3.4 §4.6.2). An empty body breaks the spec
/// (`codec::validate`).
pub const DELIVER_OK: SmResp<'static> = SmResp {
    message_id: Some(b""),
    tlvs: Tlvs::EMPTY,
};

/// Encodes one PDU (test input for `Pair::inject`).
pub fn pdu_bytes(pdu: &Pdu<'_>, status: CommandStatus, seq: u32) -> Vec<u8> {
    let mut buf = vec![0xa5; pdu.encoded_len()];
    let n = expect_ok(pdu.encode(status, seq, &mut buf));
    buf.truncate(n);
    buf
}

/// A header-only PDU, by hand.
pub fn header_only(command_id: u32, status: u32, seq: u32) -> Vec<u8> {
    raw_pdu(command_id, status, seq, &[])
}

/// A PDU with any body, by hand; command_length is computed.
pub fn raw_pdu(command_id: u32, status: u32, seq: u32, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(16 + body.len()).unwrap_or(u32::MAX);
    let mut v = Vec::with_capacity(16 + body.len());
    for w in [len, command_id, status, seq] {
        v.extend_from_slice(&w.to_be_bytes());
    }
    v.extend_from_slice(body);
    v
}

/// One millisecond before `t`.
pub fn just_before(t: Instant) -> Instant {
    Instant::from_millis(t.as_millis().saturating_sub(1))
}

// ----- sides and owned events -------------------------------------------

/// One end of the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The client.
    Esme,
    /// The server.
    Smsc,
}

impl Side {
    /// The other end.
    pub fn peer(self) -> Side {
        match self {
            Side::Esme => Side::Smsc,
            Side::Smsc => Side::Esme,
        }
    }

    fn i(self) -> usize {
        match self {
            Side::Esme => 0,
            Side::Smsc => 1,
        }
    }
}

/// An owned copy of an [`Event`] (events borrow the session's receive buffer).
/// PDUs are kept encoded (`pdu` is the whole PDU, header included): decode
/// them with [`Ev::decoded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ev {
    Bound {
        id: RequestId,
        bind_type: BindType,
        system_id: Vec<u8>,
        interface_version: InterfaceVersion,
    },
    BindRefused {
        id: RequestId,
        command_status: CommandStatus,
    },
    BindRequest {
        request: PeerRequest,
        bind_type: BindType,
        system_id: Vec<u8>,
        interface_version: InterfaceVersion,
    },
    Outbind {
        system_id: Vec<u8>,
    },
    Request {
        request: PeerRequest,
        command_id: CommandId,
        pdu: Vec<u8>,
    },
    Response {
        id: RequestId,
        command_status: CommandStatus,
        command_id: CommandId,
        pdu: Vec<u8>,
    },
    RequestFailed {
        id: RequestId,
        command_id: CommandId,
        reason: FailureReason,
    },
    Sent {
        id: RequestId,
        command_id: CommandId,
    },
    Throttled {
        retry_at: Instant,
    },
    PeerUnbound,
    ProtocolError(ProtocolError),
    Closed {
        reason: CloseReason,
    },
}

impl Ev {
    fn own(e: &Event<'_>) -> Ev {
        match *e {
            Event::Bound {
                id,
                bind_type,
                system_id,
                interface_version,
            } => Ev::Bound {
                id,
                bind_type,
                system_id: system_id.to_vec(),
                interface_version,
            },
            Event::BindRefused { id, command_status } => Ev::BindRefused { id, command_status },
            Event::BindRequest {
                request,
                bind_type,
                bind,
            } => Ev::BindRequest {
                request,
                bind_type,
                system_id: bind.system_id.to_vec(),
                interface_version: bind.interface_version,
            },
            Event::Outbind { outbind } => Ev::Outbind {
                system_id: outbind.system_id.to_vec(),
            },
            Event::Request { request, pdu, raw } => Ev::Request {
                request: {
                    assert_eq!(
                        same_pdu(raw, &pdu).sequence_number,
                        request.sequence_number()
                    );
                    request
                },
                command_id: pdu.command_id(),
                pdu: pdu_bytes(&pdu, CommandStatus::ESME_ROK, request.sequence_number()),
            },
            Event::Response {
                id,
                command_status,
                pdu,
                raw,
            } => Ev::Response {
                id,
                command_status: {
                    assert_eq!(same_pdu(raw, &pdu).command_status, command_status);
                    command_status
                },
                command_id: pdu.command_id(),
                pdu: pdu_bytes(&pdu, command_status, id.sequence_number()),
            },
            Event::RequestFailed {
                id,
                command_id,
                reason,
            } => Ev::RequestFailed {
                id,
                command_id,
                reason,
            },
            Event::Sent { id, command_id } => Ev::Sent { id, command_id },
            Event::Throttled { retry_at } => Ev::Throttled { retry_at },
            Event::PeerUnbound => Ev::PeerUnbound,
            Event::ProtocolError(e) => Ev::ProtocolError(e),
            Event::Closed { reason } => Ev::Closed { reason },
            ref other => panic!("an event the harness does not know: {other:?}"),
        }
    }

    /// The PDU of a Request or Response event.
    #[track_caller]
    pub fn decoded(&self) -> (Header, Pdu<'_>) {
        match self {
            Ev::Request { pdu, .. } | Ev::Response { pdu, .. } => expect_ok(decode(pdu)),
            other => panic!("no PDU in {other:?}"),
        }
    }

    /// The request this event is the outcome of, if it is an outcome.
    pub fn outcome_of(&self) -> Option<RequestId> {
        match self {
            Ev::Bound { id, .. }
            | Ev::BindRefused { id, .. }
            | Ev::Response { id, .. }
            | Ev::Sent { id, .. }
            | Ev::RequestFailed { id, .. } => Some(*id),
            _ => None,
        }
    }
}

// ----- the ledger: exactly one outcome per request -------------------------

/// One request an end issued and what became of it.
#[derive(Debug, Clone)]
pub struct Issue {
    pub id: RequestId,
    pub command_id: CommandId,
    pub outcomes: Vec<Ev>,
}

/// Every request an end issued, with its outcomes.
#[derive(Debug, Default)]
pub struct Ledger {
    pub issues: Vec<Issue>,
    /// sequence_number → index in `issues`, while awaiting the outcome.
    open: HashMap<u32, usize>,
}

impl Ledger {
    #[track_caller]
    fn issue(&mut self, id: RequestId, command_id: CommandId) {
        let seq = id.sequence_number();
        assert!(
            (1..=0x7FFF_FFFF).contains(&seq),
            "sequence_number {seq:#x} out of 1..=0x7FFFFFFF"
        );
        assert!(
            !self.open.contains_key(&seq),
            "{command_id} got {seq:#x}, the id of a request still awaiting its outcome"
        );
        self.open.insert(seq, self.issues.len());
        self.issues.push(Issue {
            id,
            command_id,
            outcomes: Vec::new(),
        });
    }

    #[track_caller]
    fn outcome(&mut self, ev: &Ev) {
        let Some(id) = ev.outcome_of() else { return };
        let Some(i) = self.open.remove(&id.sequence_number()) else {
            let earlier: Vec<_> = self.issues.iter().filter(|x| x.id == id).collect();
            panic!("outcome {ev:?} for no request awaiting one (earlier: {earlier:?})");
        };
        let issue = &mut self.issues[i];
        let bind = BindType::from_command_id(issue.command_id).is_some();
        match ev {
            Ev::Bound { .. } | Ev::BindRefused { .. } => {
                assert!(bind, "bind outcome {ev:?} for {}", issue.command_id)
            }
            Ev::Response { command_id, .. } => assert!(
                !bind
                    && (*command_id == issue.command_id.response()
                        || *command_id == CommandId::GENERIC_NACK),
                "response {ev:?} to {}",
                issue.command_id
            ),
            Ev::RequestFailed { command_id, .. } => assert_eq!(*command_id, issue.command_id),
            Ev::Sent { command_id, .. } => {
                assert_eq!(*command_id, issue.command_id);
                assert!(
                    !expects_response(*command_id),
                    "Sent as the outcome of {command_id}, which has a response"
                );
            }
            _ => {}
        }
        issue.outcomes.push(ev.clone());
    }

    /// Requests still awaiting their outcome.
    pub fn outstanding(&self) -> Vec<RequestId> {
        let mut v: Vec<_> = self.open.values().map(|&i| self.issues[i].id).collect();
        v.sort();
        v
    }

    /// Panics unless every request issued has exactly one outcome.
    #[track_caller]
    pub fn check_complete(&self, side: Side) {
        for issue in &self.issues {
            assert_eq!(
                issue.outcomes.len(),
                1,
                "{side:?}: request {:?} ({}) has outcomes {:?}",
                issue.id,
                issue.command_id,
                issue.outcomes
            );
        }
    }
}

// ----- the network -----------------------------------------------------------

/// A tiny seeded PRNG (xorshift64*), so every random choice is reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

/// How bytes travel besides the fixed latency: extra random delay per chunk
/// (never reordering a pipe) and random splits.
#[derive(Debug, Clone)]
pub struct Net {
    /// Up to this much extra delay per chunk.
    pub jitter: Duration,
    /// Split what a side sends into chunks of 1..=max_chunk bytes; 0 keeps
    /// each `poll_transmit` whole.
    pub max_chunk: usize,
    pub rng: Rng,
}

impl Default for Net {
    fn default() -> Self {
        Net {
            jitter: Duration::ZERO,
            max_chunk: 0,
            rng: Rng::new(0),
        }
    }
}

#[derive(Debug)]
struct Chunk {
    at: Instant,
    data: Vec<u8>,
    /// The sender closed its socket after the bytes before this.
    fin: bool,
}

/// Per-side bookkeeping.
#[derive(Debug)]
pub struct End {
    /// Events not yet taken by `recv!`.
    pub events: VecDeque<Ev>,
    /// Every event this end reported.
    pub log: Vec<Ev>,
    /// Every PDU this end transmitted, whole, in order.
    pub sent: Vec<Vec<u8>>,
    framer: Vec<u8>,
    /// The state after the last call.
    pub state: State,
    /// Every state change seen.
    pub transitions: Vec<(State, State)>,
    /// False once the adapter would have closed the socket.
    pub socket_open: bool,
    /// Whether the bytes this end sends reach the peer (false: a black hole).
    pub deliver: bool,
    /// Bytes on the way to this end.
    inbox: VecDeque<Chunk>,
    /// Requests issued through `Pair::act` and their outcomes.
    pub ledger: Ledger,
    closed_seen: bool,
    /// Requests this end sent that expect a response not yet sent by the peer.
    wire_open: HashMap<u32, CommandId>,
}

impl End {
    fn new() -> Self {
        End {
            events: VecDeque::new(),
            log: Vec::new(),
            sent: Vec::new(),
            framer: Vec::new(),
            state: State::Open,
            transitions: Vec::new(),
            socket_open: true,
            deliver: true,
            inbox: VecDeque::new(),
            ledger: Ledger::default(),
            closed_seen: false,
            wire_open: HashMap::new(),
        }
    }
}

/// What an application command returns; the harness records request ids.
pub trait Issued {
    fn issued(&self) -> Option<RequestId>;
}

impl Issued for Result<RequestId, SendError> {
    fn issued(&self) -> Option<RequestId> {
        self.as_ref().ok().copied()
    }
}

impl Issued for Result<(), SendError> {
    fn issued(&self) -> Option<RequestId> {
        None
    }
}

impl Issued for () {
    fn issued(&self) -> Option<RequestId> {
        None
    }
}

/// Whether a request command expects a response.
fn expects_response(id: CommandId) -> bool {
    !id.is_response() && id != CommandId::ALERT_NOTIFICATION && id != CommandId::OUTBIND
}

/// Steps that `drive()` may take before it declares a livelock.
pub const DRIVE_LIMIT: usize = 10_000;

/// An ESME and an SMSC session wired together.
pub struct Pair<const W: usize = 16, const RX: usize = 4096, const TX: usize = 4096> {
    pub esme: Session<W, RX, TX>,
    pub smsc: Session<W, RX, TX>,
    pub now: Instant,
    /// One-way delay of every byte.
    pub latency: Duration,
    pub net: Net,
    pub ends: [End; 2],
}

/// A pair with the default configurations and capacities.
pub fn pair() -> Pair {
    Pair::new(Config::esme(), Config::smsc())
}

/// A pair bound with `bind_type`, all events taken.
#[track_caller]
pub fn bound(bind_type: BindType) -> Pair {
    bound_with(Config::esme(), Config::smsc(), bind_type)
}

/// A pair with these configurations, bound with `bind_type`, all events taken.
#[track_caller]
pub fn bound_with<const W: usize, const RX: usize, const TX: usize>(
    esme: Config,
    smsc: Config,
    bind_type: BindType,
) -> Pair<W, RX, TX> {
    let mut p = Pair::new(esme, smsc);
    let id = send!(p.esme.bind(bind_type, &BIND));
    p.drive();
    let seq =
        recv!(p.smsc, Ev::BindRequest { request, bind_type: t, .. } if t == bind_type => request);
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { id: got, bind_type: t, .. } if got == id && t == bind_type);
    assert_eq!(p.esme.state(), bind_type.bound_state());
    assert_eq!(p.smsc.state(), bind_type.bound_state());
    p
}

impl<const W: usize, const RX: usize, const TX: usize> Pair<W, RX, TX> {
    /// Two sessions connected at time zero, 10 ms apart.
    pub fn new(esme: Config, smsc: Config) -> Self {
        Self::new_at(esme, smsc, Instant::ZERO)
    }

    /// Two sessions connected at `now`, 10 ms apart.
    pub fn new_at(esme: Config, smsc: Config, now: Instant) -> Self {
        Pair {
            esme: Session::new(esme, now),
            smsc: Session::new(smsc, now),
            now,
            latency: Duration::from_millis(10),
            net: Net::default(),
            ends: [End::new(), End::new()],
        }
    }

    pub fn session(&mut self, side: Side) -> &mut Session<W, RX, TX> {
        match side {
            Side::Esme => &mut self.esme,
            Side::Smsc => &mut self.smsc,
        }
    }

    pub fn end(&mut self, side: Side) -> &mut End {
        &mut self.ends[side.i()]
    }

    // ----- application side ---------------------------------------------

    /// Runs an application command on `side` at `now`, then the run loop.
    /// A request id it returns is entered in the ledger (checked against
    /// the sequence_number on the wire).
    #[track_caller]
    pub fn act<R: Issued>(
        &mut self,
        side: Side,
        f: impl FnOnce(&mut Session<W, RX, TX>, Instant) -> R,
    ) -> R {
        let now = self.now;
        let r = f(self.session(side), now);
        self.check_state(side);
        if let Some(id) = r.issued() {
            // Entered before the run loop polls its outcome (`Sent` comes at once).
            let mut waiting = self.session(side).pending_transmit();
            let mut command_id = None;
            while let Some(h) = Header::parse(waiting) {
                if h.sequence_number == id.sequence_number() && !h.command_id.is_response() {
                    command_id = Some(h.command_id);
                }
                waiting = waiting.get(h.command_length as usize..).unwrap_or_default();
            }
            let command_id = command_id.unwrap_or_else(|| {
                panic!("{side:?}: no request with the sequence_number of {id:?} was sent")
            });
            // Every request has an outcome: those without a response, `Sent`.
            self.ends[side.i()].ledger.issue(id, command_id);
        }
        self.pump(side);
        r
    }

    /// The next event of `side`, if any.
    pub fn next_event(&mut self, side: Side) -> Option<Ev> {
        self.ends[side.i()].events.pop_front()
    }

    /// Events of `side` not taken yet (for failure messages).
    pub fn pending_events(&self, side: Side) -> Vec<Ev> {
        self.ends[side.i()].events.iter().cloned().collect()
    }

    /// Forgets the events of both ends not taken yet.
    pub fn clear_events(&mut self) {
        for end in &mut self.ends {
            end.events.clear();
        }
    }

    /// Every PDU `side` has transmitted so far.
    pub fn sent(&self, side: Side) -> &[Vec<u8>] {
        &self.ends[side.i()].sent
    }

    /// The last PDU `side` transmitted.
    #[track_caller]
    pub fn last_sent(&self, side: Side) -> Vec<u8> {
        self.ends[side.i()]
            .sent
            .last()
            .cloned()
            .unwrap_or_else(|| panic!("{side:?} sent nothing"))
    }

    // ----- network and clock ----------------------------------------------

    /// Hands `bytes` to `side` as if they came from the socket now, then runs
    /// the run loop. Returns how many bytes the session took.
    pub fn inject(&mut self, side: Side, bytes: &[u8]) -> usize {
        let now = self.now;
        let n = self.session(side).handle_input(now, bytes);
        self.check_state(side);
        self.pump(side);
        n
    }

    /// Hands `bytes` to `side` with its output cut off from the peer, and
    /// returns the PDUs it sent in answer (they do not reach the peer).
    pub fn exchange(&mut self, side: Side, bytes: &[u8]) -> Vec<Vec<u8>> {
        let before = self.ends[side.i()].sent.len();
        let deliver = std::mem::replace(&mut self.ends[side.i()].deliver, false);
        let n = self.inject(side, bytes);
        assert_eq!(n, bytes.len(), "{side:?} took {n} of {} bytes", bytes.len());
        self.ends[side.i()].deliver = deliver;
        self.ends[side.i()].sent[before..].to_vec()
    }

    /// The connection breaks: both ends are told now; bytes in flight are lost.
    pub fn disconnect(&mut self) {
        let now = self.now;
        for side in [Side::Esme, Side::Smsc] {
            self.ends[side.i()].inbox.clear();
            self.ends[side.i()].socket_open = false;
            self.session(side).handle_disconnect(now);
            self.check_state(side);
            self.pump(side);
        }
    }

    /// Ends the test: disconnects, then checks that every request of both
    /// ends had exactly one outcome and each end reported Closed last.
    #[track_caller]
    pub fn finish(&mut self) {
        self.disconnect();
        for side in [Side::Esme, Side::Smsc] {
            let end = &self.ends[side.i()];
            end.ledger.check_complete(side);
            assert!(
                matches!(end.log.last(), Some(Ev::Closed { .. })),
                "{side:?}: last event {:?}",
                end.log.last()
            );
            assert_eq!(self.session_ref(side).state(), State::Closed);
            assert_eq!(self.session_ref(side).poll_timeout(), None);
        }
    }

    fn session_ref(&self, side: Side) -> &Session<W, RX, TX> {
        match side {
            Side::Esme => &self.esme,
            Side::Smsc => &self.smsc,
        }
    }

    /// Delivers bytes in flight, stepping time to each arrival (and through
    /// any deadline before it), until nothing is in flight.
    #[track_caller]
    pub fn drive(&mut self) {
        self.drive_bounded(DRIVE_LIMIT);
    }

    /// As [`Pair::drive`], failing after `limit` steps (a livelock).
    #[track_caller]
    pub fn drive_bounded(&mut self, limit: usize) {
        for _ in 0..limit {
            if self.service() {
                continue;
            }
            let Some(arrival) = self.next_arrival() else {
                return;
            };
            let next = self.next_deadline().map_or(arrival, |d| d.min(arrival));
            self.now = self.now.max(next);
        }
        panic!("no quiescence after {limit} steps at {:?}", self.now);
    }

    /// Runs everything due up to `t` (arrivals and deadlines of both ends, in
    /// time order), then sets the clock to `t`.
    #[track_caller]
    pub fn run_until(&mut self, t: Instant) {
        for _ in 0..DRIVE_LIMIT {
            if self.service() {
                continue;
            }
            let next = [self.next_arrival(), self.next_deadline()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(n) if n <= t => self.now = n,
                _ => {
                    self.now = self.now.max(t);
                    while self.service() {}
                    return;
                }
            }
        }
        panic!("no quiescence after {DRIVE_LIMIT} steps at {:?}", self.now);
    }

    /// [`Pair::run_until`] `now + d`.
    #[track_caller]
    pub fn wait(&mut self, d: Duration) {
        self.run_until(self.now + d);
    }

    /// Runs until the next deadline of either end (and what it causes).
    #[track_caller]
    pub fn wait_for_deadline(&mut self) {
        if let Some(t) = self.next_deadline() {
            self.run_until(t);
        }
    }

    /// The earliest `poll_timeout` of either end.
    pub fn next_deadline(&self) -> Option<Instant> {
        [self.esme.poll_timeout(), self.smsc.poll_timeout()]
            .into_iter()
            .flatten()
            .min()
    }

    fn next_arrival(&self) -> Option<Instant> {
        self.ends
            .iter()
            .filter_map(|e| e.inbox.front())
            .map(|c| c.at)
            .filter(|&at| at > self.now)
            .min()
    }

    /// Everything due at `now`: timers, then arrivals. True if anything happened.
    fn service(&mut self) -> bool {
        let mut progress = false;
        for side in [Side::Esme, Side::Smsc] {
            let now = self.now;
            if self.session(side).poll_timeout().is_some_and(|t| t <= now) {
                self.session(side).handle_timeout(now);
                self.check_state(side);
                self.pump(side);
                progress = true;
            }
        }
        for side in [Side::Esme, Side::Smsc] {
            progress |= self.deliver(side);
        }
        progress
    }

    /// Hands `side` the bytes that have arrived for it.
    fn deliver(&mut self, side: Side) -> bool {
        let mut progress = false;
        loop {
            let now = self.now;
            let end = &mut self.ends[side.i()];
            let Some(chunk) = end.inbox.front_mut() else {
                break;
            };
            if chunk.at > now {
                break;
            }
            if chunk.fin {
                end.inbox.pop_front();
                end.socket_open = false;
                self.session(side).handle_disconnect(now);
                self.check_state(side);
                self.pump(side);
                progress = true;
                continue;
            }
            if !end.socket_open {
                end.inbox.pop_front();
                continue;
            }
            let data = std::mem::take(&mut chunk.data);
            let n = match side {
                Side::Esme => self.esme.handle_input(now, &data),
                Side::Smsc => self.smsc.handle_input(now, &data),
            };
            assert!(n <= data.len());
            let end = &mut self.ends[side.i()];
            if n == data.len() {
                end.inbox.pop_front();
            } else if let Some(chunk) = end.inbox.front_mut() {
                chunk.data = data[n..].to_vec();
            }
            self.check_state(side);
            self.pump(side);
            if n == 0 {
                break; // back-pressure: the session reads no more for now
            }
            progress = true;
        }
        progress
    }

    /// The run loop's output half: events until none, transmit until none.
    fn pump(&mut self, side: Side) {
        let mut buf = [0u8; 1024];
        loop {
            let mut progress = false;
            loop {
                let ev = match side {
                    Side::Esme => self.esme.poll_event().map(|e| Ev::own(&e)),
                    Side::Smsc => self.smsc.poll_event().map(|e| Ev::own(&e)),
                };
                self.check_state(side);
                let Some(ev) = ev else { break };
                progress = true;
                self.record(side, ev);
            }
            let n = self.session(side).poll_transmit(&mut buf);
            if n > 0 {
                progress = true;
                self.transmitted(side, &buf[..n]);
            }
            if !progress {
                break;
            }
        }
        let now = self.now;
        let latency = self.latency;
        let closed = self.session(side).is_closed();
        let end = &mut self.ends[side.i()];
        if closed && end.socket_open {
            // The adapter sent the last bytes and closes the socket; the FIN
            // follows the bytes (unless this end's output is a black hole).
            end.socket_open = false;
            end.inbox.clear();
            if !end.deliver {
                return;
            }
            let peer = &mut self.ends[side.peer().i()];
            let at = peer
                .inbox
                .back()
                .map_or(now + latency, |c| c.at.max(now + latency));
            peer.inbox.push_back(Chunk {
                at,
                data: Vec::new(),
                fin: true,
            });
        }
    }

    #[track_caller]
    fn check_state(&mut self, side: Side) {
        let state = self.session_ref(side).state();
        let end = &mut self.ends[side.i()];
        if state != end.state {
            assert!(
                end.state.may_become(state),
                "{side:?}: {} -> {} is not a transition the spec allows",
                end.state,
                state
            );
            end.transitions.push((end.state, state));
            end.state = state;
        }
    }

    #[track_caller]
    fn record(&mut self, side: Side, ev: Ev) {
        let end = &mut self.ends[side.i()];
        assert!(!end.closed_seen, "{side:?}: event {ev:?} after Closed");
        end.ledger.outcome(&ev);
        match &ev {
            Ev::RequestFailed { id, .. } => {
                end.wire_open.remove(&id.sequence_number());
            }
            Ev::Closed { .. } => {
                end.closed_seen = true;
                end.wire_open.clear();
            }
            _ => {}
        }
        end.log.push(ev.clone());
        end.events.push_back(ev);
    }

    /// Bytes `side` wrote to its socket: split them into PDUs for the
    /// checks and the record, and put them on the wire.
    fn transmitted(&mut self, side: Side, bytes: &[u8]) {
        let end = &mut self.ends[side.i()];
        end.framer.extend_from_slice(bytes);
        let mut pdus = Vec::new();
        while let Ok(Framing::Complete(n)) = frame(&end.framer, DEFAULT_MAX_COMMAND_LENGTH) {
            pdus.push(end.framer.drain(..n).collect::<Vec<u8>>());
        }
        let version = self.session_ref(side).interface_version();
        for pdu in pdus {
            let h = Header::parse(&pdu).expect("a framed PDU has a header");
            // The session only ever writes well-formed PDUs; at 3.3, no TLVs.
            match decode(&pdu) {
                Ok((_, body)) => assert!(
                    version.supports_tlvs() || body.tlvs().is_none_or(|t| t.is_empty()),
                    "{side:?} at {version} sent {} with TLVs",
                    h.command_id
                ),
                Err(e) => panic!("{side:?} sent {} that does not decode: {e}", h.command_id),
            }
            if expects_response(h.command_id) {
                let end = &mut self.ends[side.i()];
                let seq = h.sequence_number;
                assert!(
                    (1..=0x7FFF_FFFF).contains(&seq),
                    "{side:?} sent {} with sequence_number {seq:#x}",
                    h.command_id
                );
                if let Some(other) = end.wire_open.insert(seq, h.command_id) {
                    panic!(
                        "{side:?} sent {} with sequence_number {seq:#x}, already in flight for {other}",
                        h.command_id
                    );
                }
            } else if h.command_id.is_response() {
                self.ends[side.peer().i()]
                    .wire_open
                    .remove(&h.sequence_number);
            }
            self.ends[side.i()].sent.push(pdu);
        }
        let peer_open = self.ends[side.peer().i()].socket_open;
        if !self.ends[side.i()].deliver || !peer_open {
            return;
        }
        // Chunks: the whole write, or random splits; each arrives after the
        // latency plus jitter, never before the chunk ahead of it.
        let mut rest = bytes;
        while !rest.is_empty() {
            let take = if self.net.max_chunk == 0 {
                rest.len()
            } else {
                1 + self.net.rng.below(self.net.max_chunk as u64) as usize
            }
            .min(rest.len());
            let jitter = self.net.rng.below(self.net.jitter.as_millis() + 1);
            let at = self.now + self.latency + Duration::from_millis(jitter);
            let peer = &mut self.ends[side.peer().i()];
            let at = peer.inbox.back().map_or(at, |c| c.at.max(at));
            peer.inbox.push_back(Chunk {
                at,
                data: rest[..take].to_vec(),
                fin: false,
            });
            rest = &rest[take..];
        }
    }
}

/// An event's wire bytes decode to the PDU it carries; returns their header.
fn same_pdu(raw: &[u8], pdu: &Pdu<'_>) -> Header {
    let (header, decoded) = decode(raw).expect("an event's raw bytes decode");
    assert_eq!(&decoded, pdu, "raw bytes and decoded view differ");
    assert_eq!(header.command_length as usize, raw.len());
    header
}
