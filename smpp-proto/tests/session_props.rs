//! Property test of the session: both ends driven with random commands,
//! random splits of the byte stream, random delays, random disconnects and
//! reconnects, half-dead links (one direction stops delivering), bad input
//! spliced into the stream, and random configurations (versions, windows, timers, rate limits, sequence numbers
//! close to the wrap-around).
//!
//! The harness of the `session` tests checks, on every call:
//! - every request ends in exactly one outcome event (Bound / BindRefused /
//!   Response / RequestFailed), and no outcome comes without a request;
//! - no two requests in flight share a sequence_number (the ids the
//!   application holds, and every request on the wire, keep-alives included);
//! - every state change is one `State::may_become` allows;
//! - nothing follows `Closed`, and time never needs more than a bounded number
//!   of steps (a livelock fails).
//!
//! At the end both ends are disconnected and every request must have had its
//! outcome.

// Every PDU kind: needs smpp-proto's default pdu-* features.
#![cfg(all(
    feature = "pdu-multi",
    feature = "pdu-query",
    feature = "pdu-broadcast"
))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // reason: test code panics on failure

#[allow(unused_macros)] // reason: the scenario macros are not needed here
#[macro_use]
#[path = "session/harness.rs"]
mod harness;

use proptest::prelude::*;
use proptest::strategy::ValueTree;

use harness::{Ev, Net, Pair, Rng, Side, BIND, SUBMIT};
use smpp_proto::codec::{AlertNotification, DataSm, QuerySm, QuerySmResp, SmResp, SubmitSm};
use smpp_proto::session::{BindType, Config, PeerRequest, RateLimit, SendError};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::{CommandId, CommandStatus, InterfaceVersion, Pdu, SmppTime, Tlv, TlvTag, Tlvs};

/// The sessions under test: small capacities, so windows and buffers fill.
type P = Pair<4, 512, 512>;

/// An application command, tried on either end (the session refuses what
/// the role or the state does not allow).
#[derive(Debug, Clone)]
enum Cmd {
    Bind(BindType),
    Submit(u8),
    Deliver(u8),
    DataSm,
    Query,
    EnquireLink,
    Unbind,
    Outbind,
    Alert,
    Close,
    /// Accept the n-th pending bind request.
    Accept(u8),
    /// Reject the n-th pending bind request.
    Reject(u8),
    /// Answer the n-th pending request, with a status picked by the second number.
    Respond(u8, u8),
}

#[derive(Debug, Clone)]
enum Op {
    Esme(Cmd),
    Smsc(Cmd),
    /// Let this many milliseconds pass (timers fire, bytes arrive).
    Wait(u16),
    /// Jump to the next deadline of either end.
    WaitDeadline,
    /// Deliver everything in flight.
    Drive,
    /// The connection breaks; a new one starts at once.
    Reconnect,
    /// For this many milliseconds, what this end sends is lost: a half-dead link.
    Stall(Side, u16),
    /// Bad input spliced into what this end receives.
    Garbage(Side, Vec<u8>),
}

/// Bytes a broken or hostile peer might send: PDUs with plausible headers
/// and random bodies (sequence numbers small, so they meet real requests),
/// or anything at all.
fn garbage() -> impl Strategy<Value = Vec<u8>> {
    let ids = prop::sample::select(vec![
        0x01u32,
        0x02,
        0x04,
        0x05,
        0x06,
        0x09,
        0x0B,
        0x15,
        0x103,
        0x102,
        0x0001_0000,
        0x8000_0000,
        0x8000_0004,
        0x8000_0005,
        0x8000_0006,
        0x8000_0009,
        0x8000_0015,
    ]);
    prop_oneof![
        3 => (ids, prop::sample::select(vec![0u32, 0x08, 0x58]), 1u32..6, prop::collection::vec(any::<u8>(), 0..30))
            .prop_map(|(id, status, seq, body)| harness::raw_pdu(id, status, seq, &body)),
        1 => prop::collection::vec(any::<u8>(), 1..40),
    ]
}

fn bind_type() -> impl Strategy<Value = BindType> {
    prop_oneof![
        Just(BindType::Transmitter),
        Just(BindType::Receiver),
        Just(BindType::Transceiver)
    ]
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        3 => bind_type().prop_map(Cmd::Bind),
        6 => any::<u8>().prop_map(Cmd::Submit),
        4 => any::<u8>().prop_map(Cmd::Deliver),
        1 => Just(Cmd::DataSm),
        1 => Just(Cmd::Query),
        2 => Just(Cmd::EnquireLink),
        1 => Just(Cmd::Unbind),
        1 => Just(Cmd::Outbind),
        1 => Just(Cmd::Alert),
        1 => Just(Cmd::Close),
        3 => any::<u8>().prop_map(Cmd::Accept),
        1 => any::<u8>().prop_map(Cmd::Reject),
        8 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Cmd::Respond(a, b)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => cmd().prop_map(Op::Esme),
        30 => cmd().prop_map(Op::Smsc),
        10 => (0u16..3000).prop_map(Op::Wait),
        3 => Just(Op::WaitDeadline),
        15 => Just(Op::Drive),
        1 => Just(Op::Reconnect),
        3 => (prop_oneof![Just(Side::Esme), Just(Side::Smsc)], 0u16..6000)
            .prop_map(|(side, ms)| Op::Stall(side, ms)),
        1 => (prop_oneof![Just(Side::Esme), Just(Side::Smsc)], garbage())
            .prop_map(|(side, bytes)| Op::Garbage(side, bytes)),
    ]
}

fn version() -> impl Strategy<Value = InterfaceVersion> {
    prop_oneof![
        Just(InterfaceVersion::V33),
        Just(InterfaceVersion::V34),
        Just(InterfaceVersion::V50)
    ]
}

fn ms(range: core::ops::Range<u64>) -> impl Strategy<Value = Duration> {
    range.prop_map(Duration::from_millis)
}

fn config(base: Config) -> impl Strategy<Value = Config> {
    (
        (version(), 1usize..=5, 1usize..=5),
        (ms(100..5000), ms(500..20_000), ms(50..3000)),
        (
            prop::option::weighted(0.7, ms(100..5000)),
            prop::option::weighted(0.5, ms(300..10_000)),
        ),
        (
            ms(10..1000),
            prop::option::weighted(0.3, (1u32..50, 1u32..5)),
        ),
    )
        .prop_map(
            move |(
                (interface_version, window, inbound_window),
                (response_timeout, session_init_timeout, unbind_timeout),
                (enquire_link_interval, inactivity_timeout),
                (throttle_backoff, rate),
            )| Config {
                interface_version,
                window,
                inbound_window,
                response_timeout,
                session_init_timeout,
                unbind_timeout,
                enquire_link_interval,
                inactivity_timeout,
                throttle_backoff,
                throttle_backoff_max: Duration::from_millis(throttle_backoff.as_millis() * 4),
                rate_limit: rate.map(|(per_second, burst)| RateLimit { per_second, burst }),
                ..base
            },
        )
}

#[derive(Debug, Clone)]
struct Setup {
    esme: Config,
    smsc: Config,
    latency: u64,
    jitter: u64,
    /// 0: each write arrives whole.
    max_chunk: usize,
    seed: u64,
    /// Start both ends' sequence numbers here (close to the wrap-around).
    first_seq: Option<u32>,
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        config(Config::esme()),
        config(Config::smsc()),
        (0u64..150, 0u64..50),
        prop_oneof![Just(0usize), 1usize..40],
        any::<u64>(),
        prop::option::weighted(0.3, 0x7FFF_FFF0u32..=0x7FFF_FFFF),
    )
        .prop_map(
            |(esme, smsc, (latency, jitter), max_chunk, seed, first_seq)| Setup {
                esme,
                smsc,
                latency,
                jitter,
                max_chunk,
                seed,
                first_seq,
            },
        )
}

/// A peer request waiting for the application's answer.
#[derive(Debug, Clone, Copy)]
struct Pending {
    seq: PeerRequest,
    command_id: CommandId,
}

/// The application on one end: what it still has to answer.
#[derive(Debug)]
struct App {
    pending: Vec<Pending>,
    seen: usize,
    /// For the SMSC application's answer to a bind.
    rng: Rng,
}

impl App {
    fn new(seed: u64) -> Self {
        App {
            pending: Vec::new(),
            seen: 0,
            rng: Rng::new(seed),
        }
    }
}

fn connect(s: &Setup, now: Instant, round: u64) -> P {
    let mut p = P::new_at(s.esme, s.smsc, now);
    p.latency = Duration::from_millis(s.latency);
    p.net = Net {
        jitter: Duration::from_millis(s.jitter),
        max_chunk: s.max_chunk,
        rng: Rng::new(s.seed.wrapping_add(round)),
    };
    if let Some(seq) = s.first_seq {
        p.esme.set_next_sequence_number(seq);
        p.smsc.set_next_sequence_number(seq.wrapping_add(3));
    }
    // Most ESMEs bind as soon as they connect.
    let mut rng = Rng::new(s.seed.rotate_left(7).wrapping_add(round));
    let types = [
        BindType::Transmitter,
        BindType::Receiver,
        BindType::Transceiver,
    ];
    if let Some(&t) = types.get(rng.below(4) as usize) {
        let _ = p.act(Side::Esme, |s, now| s.bind(now, t, &BIND));
    }
    p
}

/// Takes note of the requests the end's events brought, and answers binds
/// at once as an SMSC application would (accept 5 in 6, else refuse).
fn update(p: &mut P, side: Side, app: &mut App) {
    while app.seen < p.ends[side as usize].log.len() {
        let ev = p.ends[side as usize].log[app.seen].clone();
        app.seen += 1;
        if let Ev::BindRequest { request, .. } = ev {
            let r = if app.rng.below(6) == 0 {
                p.act(side, |s, now| {
                    s.reject_bind(now, request, CommandStatus::ESME_RINVPASWD)
                })
            } else {
                p.act(side, |s, now| s.accept_bind(now, request, b"smsc"))
            };
            if settled(&r) {
                continue;
            }
        }
        app.pending_from(&ev);
    }
}

impl App {
    fn pending_from(&mut self, ev: &Ev) {
        match *ev {
            Ev::Request {
                request,
                command_id,
                ..
            } if command_id != CommandId::ALERT_NOTIFICATION => self.pending.push(Pending {
                seq: request,
                command_id,
            }),
            Ev::BindRequest {
                request, bind_type, ..
            } => self.pending.push(Pending {
                seq: request,
                command_id: bind_type.command_id(),
            }),
            Ev::Closed { .. } => self.pending.clear(),
            _ => {}
        }
    }
}

fn short_message(len: u8) -> &'static [u8] {
    static TEXT: [u8; 160] = [b'x'; 160];
    &TEXT[..usize::from(len) % 161]
}

/// The answer to `req` with status number `k`.
fn answer(req: Pending, k: u8) -> (CommandStatus, Pdu<'static>) {
    let resp = req.command_id.response();
    let status = match k % 6 {
        0 | 1 => CommandStatus::ESME_ROK,
        2 => CommandStatus::ESME_RTHROTTLED,
        3 => CommandStatus::ESME_RMSGQFUL,
        4 => CommandStatus::ESME_RSYSERR,
        _ => return (CommandStatus::ESME_RSYSERR, Pdu::GenericNack),
    };
    if !status.is_ok() {
        return (
            status,
            Pdu::RawResp {
                command_id: resp,
                body: &[],
            },
        );
    }
    const MID: SmResp<'static> = SmResp {
        message_id: Some(b"m-1"),
        tlvs: Tlvs::EMPTY,
    };
    let pdu = match req.command_id {
        CommandId::SUBMIT_SM => Pdu::SubmitSmResp(MID),
        CommandId::DELIVER_SM => Pdu::DeliverSmResp(harness::DELIVER_OK),
        CommandId::DATA_SM => Pdu::DataSmResp(MID),
        CommandId::QUERY_SM => Pdu::QuerySmResp(QuerySmResp {
            message_id: b"m-1",
            final_date: SmppTime::Empty,
            message_state: 2,
            error_code: 0,
        }),
        _ => Pdu::GenericNack,
    };
    (status, pdu)
}

fn pick(pending: &[Pending], n: u8, binds: bool) -> Option<(usize, Pending)> {
    let candidates: Vec<usize> = (0..pending.len())
        .filter(|&i| BindType::from_command_id(pending[i].command_id).is_some() == binds)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let i = candidates[usize::from(n) % candidates.len()];
    Some((i, pending[i]))
}

/// Whether an answer went out (or can never go out) and the request is done with.
fn settled(r: &Result<(), SendError>) -> bool {
    matches!(
        r,
        Ok(()) | Err(SendError::UnknownSequence(_) | SendError::WrongResponse { .. })
    )
}

fn run(p: &mut P, side: Side, app: &mut App, cmd: &Cmd) {
    let tlvs = [Tlv::new(TlvTag::USER_MESSAGE_REFERENCE, &[0, 1])];
    match *cmd {
        Cmd::Bind(t) => {
            let _ = p.act(side, |s, now| s.bind(now, t, &BIND));
        }
        Cmd::Submit(len) => {
            let sm = SubmitSm {
                short_message: short_message(len),
                tlvs: if len % 2 == 0 {
                    Tlvs::List(&tlvs)
                } else {
                    Tlvs::EMPTY
                },
                ..SUBMIT
            };
            let _ = p.act(side, |s, now| s.submit_sm(now, &sm));
        }
        Cmd::Deliver(len) => {
            let sm = SubmitSm {
                short_message: short_message(len),
                ..SUBMIT
            };
            let _ = p.act(side, |s, now| s.send(now, &Pdu::DeliverSm(sm)));
        }
        Cmd::DataSm => {
            let d = DataSm {
                source_addr: b"S",
                destination_addr: b"D",
                tlvs: Tlvs::List(&tlvs),
                ..DataSm::default()
            };
            let _ = p.act(side, |s, now| s.send(now, &Pdu::DataSm(d)));
        }
        Cmd::Query => {
            let q = QuerySm {
                message_id: b"m-1",
                source_addr: b"S",
                ..QuerySm::default()
            };
            let _ = p.act(side, |s, now| s.send(now, &Pdu::QuerySm(q)));
        }
        Cmd::EnquireLink => {
            let _ = p.act(side, |s, now| s.enquire_link(now));
        }
        Cmd::Unbind => {
            let _ = p.act(side, |s, now| s.unbind(now));
        }
        Cmd::Outbind => {
            let ob = smpp_proto::codec::Outbind {
                system_id: b"smsc",
                password: b"pw",
            };
            let _ = p.act(side, |s, now| s.outbind(now, &ob));
        }
        Cmd::Alert => {
            let a = AlertNotification {
                source_addr: b"123",
                esme_addr: b"456",
                ..AlertNotification::default()
            };
            let _ = p.act(side, |s, now| s.send(now, &Pdu::AlertNotification(a)));
        }
        Cmd::Close => p.act(side, |s, now| s.close(now)),
        Cmd::Accept(n) | Cmd::Reject(n) => {
            let Some((i, req)) = pick(&app.pending, n, true) else {
                return;
            };
            let r = if matches!(cmd, Cmd::Accept(_)) {
                p.act(side, |s, now| s.accept_bind(now, req.seq, b"smsc"))
            } else {
                p.act(side, |s, now| {
                    s.reject_bind(now, req.seq, CommandStatus::ESME_RBINDFAIL)
                })
            };
            if settled(&r) {
                app.pending.remove(i);
            }
        }
        Cmd::Respond(n, k) => {
            let Some((i, req)) = pick(&app.pending, n, false) else {
                return;
            };
            let (status, pdu) = answer(req, k);
            let r = p.act(side, |s, now| s.respond(now, req.seq, status, &pdu));
            if settled(&r) {
                app.pending.remove(i);
            }
        }
    }
}

fn check(setup: &Setup, ops: &[Op]) {
    let mut round = 0;
    let mut p = connect(setup, Instant::ZERO, round);
    let apps_for = |round: u64| {
        let seed = setup.seed ^ round.wrapping_mul(0x1000_0000_01b3);
        [App::new(seed), App::new(seed.rotate_left(17))]
    };
    let mut apps = apps_for(round);
    for op in ops {
        match op {
            Op::Esme(c) => run(&mut p, Side::Esme, &mut apps[0], c),
            Op::Smsc(c) => run(&mut p, Side::Smsc, &mut apps[1], c),
            Op::Wait(n) => p.wait(Duration::from_millis(u64::from(*n))),
            Op::WaitDeadline => p.wait_for_deadline(),
            Op::Drive => p.drive(),
            Op::Reconnect => {}
            Op::Stall(side, n) => {
                p.end(*side).deliver = false;
                p.wait(Duration::from_millis(u64::from(*n)));
                p.end(*side).deliver = true;
            }
            Op::Garbage(side, bytes) => {
                let _ = p.inject(*side, bytes);
            }
        }
        update(&mut p, Side::Esme, &mut apps[0]);
        update(&mut p, Side::Smsc, &mut apps[1]);
        // A new connection when this one broke, or both ends are done with it.
        if matches!(op, Op::Reconnect) || (p.esme.is_closed() && p.smsc.is_closed()) {
            p.finish();
            round += 1;
            let now = p.now;
            p = connect(setup, now, round);
            apps = apps_for(round);
        }
    }
    p.finish();
}

proptest! {
    // 256 cases of up to 200 steps (a few seconds in debug); PROPTEST_CASES
    // raises it for a longer search.
    #![proptest_config(ProptestConfig {
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    })]

    #[test]
    fn session_invariants_hold(setup in setup(), ops in prop::collection::vec(op(), 1..200)) {
        check(&setup, &ops);
    }
}

/// A long run with every random choice seeded, so a livelock or an invariant
/// break in a longer session shows up too.
#[test]
fn long_seeded_runs() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..4 {
        let setup = setup().new_tree(&mut runner).unwrap().current();
        let ops: Vec<Op> = (0..2000)
            .map(|_| op().new_tree(&mut runner).unwrap().current())
            .collect();
        check(&setup, &ops);
    }
}
