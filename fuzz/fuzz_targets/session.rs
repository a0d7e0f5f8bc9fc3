//! An ESME and an SMSC session fed arbitrary bytes, arbitrary commands and
//! arbitrary timer ticks. Never panics; every request id a command returned
//! ends in exactly one outcome; no outcome without a request; every state
//! change is one the spec allows; a closed session says so exactly once.

#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use smpp_proto::codec::{Bind, SmResp, SubmitSm};
use smpp_proto::session::{BindType, Config, Event, RequestId, Session, State};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::{CommandStatus, Pdu};

type S = Session<4, 512, 512>;

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
            Event::BindRequest {
                sequence_number, ..
            } => pending_binds.push(sequence_number),
            Event::Request {
                sequence_number,
                pdu,
            } => pending_reqs.push((sequence_number, pdu.command_id())),
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
    for (seq, id) in pending_reqs {
        let resp = match id {
            smpp_proto::CommandId::SUBMIT_SM => Pdu::SubmitSmResp(SmResp {
                message_id: Some(b"1"),
                ..SmResp::default()
            }),
            smpp_proto::CommandId::DELIVER_SM => Pdu::DeliverSmResp(SmResp {
                message_id: Some(b""),
                ..SmResp::default()
            }),
            _ => Pdu::GenericNack,
        };
        let _ = s.respond(now, seq, CommandStatus::ESME_ROK, &resp);
    }
    let st = s.state();
    assert!(st == *last || last.may_become(st), "{last} -> {st}");
    *last = st;
}

fuzz_target!(|data: &[u8]| {
    let mut now = Instant::from_millis(1);
    let mut esme_cfg = Config::esme();
    esme_cfg.window = 3;
    let mut esme: S = Session::new(esme_cfg, now);
    let mut smsc: S = Session::new(Config::smsc(), now);
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
            5 => {
                let n = esme.poll_transmit(&mut buf);
                let _ = smsc.handle_input(now, buf.get(..n).unwrap_or_default());
            }
            6 => {
                let n = smsc.poll_transmit(&mut buf);
                let _ = esme.handle_input(now, buf.get(..n).unwrap_or_default());
            }
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
                if let Ok(id) = smsc.deliver_sm(now, &sm) {
                    sb.sent(id);
                }
            }
            _ => {
                if arg % 2 == 0 {
                    esme.handle_disconnect(now)
                } else {
                    smsc.handle_disconnect(now)
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
