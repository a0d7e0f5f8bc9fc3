//! An ESME and an SMSC session fed arbitrary bytes, arbitrary commands and
//! arbitrary timer ticks. Never panics; every request id a command returned
//! ends in exactly one outcome; no outcome without a request; every state
//! change is one the spec allows; a closed session says so exactly once.
//!
//! The first byte picks the storage: fixed 512-octet buffers, or growable
//! ones that start at 16 to 63 octets and grow to 512 only when a PDU needs
//! it. Bytes move through `handle_input` or straight into the receive
//! buffer (`receive_buffer` / `handle_received`), and either end may give its
//! buffers back (`shrink_buffers`) at any time.

#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use smpp_proto::codec::{Bind, SmResp, SubmitSm};
use smpp_proto::session::{BindType, Config, Event, RequestId, SessionWith, State, VecBuffer};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::{CommandStatus, Pdu};

type S = SessionWith<4, VecBuffer, VecBuffer>;

fn session(config: Config, now: Instant, initial: usize) -> S {
    SessionWith::with_buffers(
        config,
        now,
        VecBuffer::new(initial, 512),
        VecBuffer::new(initial, 512),
    )
}

/// Moves `from`'s pending bytes to `to`: copied through `handle_input`, or
/// straight into `to`'s receive buffer. Bytes `to` does not take are lost.
fn pipe(from: &mut S, to: &mut S, now: Instant, zero_copy: bool, buf: &mut [u8; 512]) {
    if zero_copy {
        let pending = from.pending_transmit();
        let dst = to.receive_buffer();
        let n = dst.len().min(pending.len());
        if let (Some(d), Some(p)) = (dst.get_mut(..n), pending.get(..n)) {
            d.copy_from_slice(p);
        }
        to.handle_received(now, n);
        from.transmitted(n);
    } else {
        let n = from.poll_transmit(buf);
        let _ = to.handle_input(now, buf.get(..n).unwrap_or_default());
    }
}

#[derive(Default)]
struct Book {
    open: HashMap<RequestId, u32>,
    closed_seen: bool,
}

impl Book {
    fn sent(&mut self, id: RequestId) {
        assert!(
            self.open.insert(id, 0).is_none(),
            "id {id:?} reused while open"
        );
    }
    fn outcome(&mut self, id: RequestId) {
        assert!(
            self.open.remove(&id).is_some(),
            "outcome for unknown {id:?}"
        );
    }
}

fn drain(s: &mut S, book: &mut Book, other_bound: bool, now: Instant, last: &mut State) {
    let mut pending_binds = Vec::new();
    let mut pending_reqs = Vec::new();
    let mut guard = 0;
    while let Some(ev) = s.poll_event() {
        guard += 1;
        assert!(guard < 10_000, "event livelock");
        assert!(!book.closed_seen, "event after Closed");
        match ev {
            Event::Bound { id, .. } | Event::BindRefused { id, .. } => book.outcome(id),
            Event::Response { id, .. } | Event::RequestFailed { id, .. } => book.outcome(id),
            Event::Sent { id, .. } => book.outcome(id),
            Event::BindRequest { request, .. } => pending_binds.push(request),
            Event::Request { request, .. } => pending_reqs.push(request),
            Event::Closed { .. } => book.closed_seen = true,
            _ => {}
        }
        let st = s.state();
        assert!(st == *last || last.may_become(st), "{last} -> {st}");
        *last = st;
    }
    let _ = other_bound;
    for seq in pending_binds {
        let _ = s.accept_bind(now, seq, b"SMSC");
    }
    for req in pending_reqs {
        let _ = match req.command_id() {
            smpp_proto::CommandId::SUBMIT_SM => {
                let resp = Pdu::SubmitSmResp(SmResp {
                    message_id: Some(b"1"),
                    ..SmResp::default()
                });
                s.respond(now, req, CommandStatus::ESME_ROK, &resp)
            }
            smpp_proto::CommandId::DELIVER_SM | smpp_proto::CommandId::DATA_SM => {
                s.acknowledge(now, req, CommandStatus::ESME_ROK)
            }
            _ => s.respond(now, req, CommandStatus::ESME_ROK, &Pdu::GenericNack),
        };
    }
    let st = s.state();
    assert!(st == *last || last.may_become(st), "{last} -> {st}");
    *last = st;
}

fuzz_target!(|data: &[u8]| {
    let mut now = Instant::from_millis(1);
    let mut esme_cfg = Config::esme();
    esme_cfg.window = 3;
    let mode = data.first().copied().unwrap_or(0);
    let initial = if mode % 2 == 0 {
        512
    } else {
        16 + usize::from(mode / 2) % 48
    };
    let data = data.get(1..).unwrap_or_default();
    let mut esme = session(esme_cfg, now, initial);
    let mut smsc = session(Config::smsc(), now, initial);
    let (mut eb, mut sb) = (Book::default(), Book::default());
    let (mut el, mut sl) = (State::Open, State::Open);
    let mut buf = [0u8; 512];
    let mut i = 0;
    while let Some(&op) = data.get(i) {
        i += 1;
        let arg = data.get(i).copied().unwrap_or(0);
        match op % 10 {
            0 => {
                let n = (arg as usize % 64).min(data.len().saturating_sub(i + 1));
                let chunk = data.get(i + 1..i + 1 + n).unwrap_or_default();
                let _ = esme.handle_input(now, chunk);
                i += 1 + n;
            }
            1 => {
                let n = (arg as usize % 64).min(data.len().saturating_sub(i + 1));
                let chunk = data.get(i + 1..i + 1 + n).unwrap_or_default();
                let _ = smsc.handle_input(now, chunk);
                i += 1 + n;
            }
            2 => {
                now = now + Duration::from_millis(u64::from(arg) * 500);
                esme.handle_timeout(now);
                smsc.handle_timeout(now);
                i += 1;
            }
            3 => {
                let b = Bind {
                    system_id: b"e",
                    password: b"p",
                    ..Bind::default()
                };
                let t = [
                    BindType::Transmitter,
                    BindType::Receiver,
                    BindType::Transceiver,
                ][arg as usize % 3];
                if let Ok(id) = esme.bind(now, t, &b) {
                    eb.sent(id);
                }
                i += 1;
            }
            4 => {
                let sm = SubmitSm {
                    destination_addr: b"1",
                    short_message: &[arg],
                    ..SubmitSm::default()
                };
                if let Ok(id) = esme.submit_sm(now, &sm) {
                    eb.sent(id);
                }
            }
            5 => pipe(&mut esme, &mut smsc, now, arg % 2 == 1, &mut buf),
            6 => pipe(&mut smsc, &mut esme, now, arg % 2 == 1, &mut buf),
            7 => {
                let r = if arg % 2 == 0 {
                    esme.unbind(now)
                } else {
                    esme.enquire_link(now)
                };
                if let Ok(id) = r {
                    eb.sent(id);
                }
                i += 1;
            }
            8 => {
                let sm = SubmitSm {
                    source_addr: b"2",
                    short_message: &[arg],
                    ..SubmitSm::default()
                };
                // alert_notification has no response: its outcome is Sent.
                let r = if arg % 5 == 4 {
                    let alert = smpp_proto::codec::AlertNotification {
                        source_addr: b"2",
                        esme_addr: b"1",
                        ..Default::default()
                    };
                    smsc.alert_notification(now, &alert)
                } else {
                    smsc.deliver_sm(now, &sm)
                };
                if let Ok(id) = r {
                    sb.sent(id);
                }
            }
            _ => {
                match arg % 4 {
                    0 => esme.handle_disconnect(now),
                    1 => smsc.handle_disconnect(now),
                    2 => esme.shrink_buffers(),
                    _ => smsc.shrink_buffers(),
                }
                i += 1;
            }
        }
        drain(&mut esme, &mut eb, false, now, &mut el);
        drain(&mut smsc, &mut sb, false, now, &mut sl);
    }
    // The end of the connection: every request gets its outcome.
    esme.handle_disconnect(now);
    smsc.handle_disconnect(now);
    drain(&mut esme, &mut eb, false, now, &mut el);
    drain(&mut smsc, &mut sb, false, now, &mut sl);
    assert!(
        eb.open.is_empty(),
        "ESME requests without outcome: {:?}",
        eb.open
    );
    assert!(
        sb.open.is_empty(),
        "SMSC requests without outcome: {:?}",
        sb.open
    );
    assert!(eb.closed_seen && sb.closed_seen);
});
