//! unbind from either side (SMPP 3.4 §4.2, §2.3), with and without requests
//! in flight, crossing unbinds, and an unanswered unbind.

use std::collections::BTreeSet;

use smpp_proto::session::{BindType, CloseReason, FailureReason, SendError, State};
use smpp_proto::{CommandId, CommandStatus};

use crate::harness::{bound, just_before, Ev, Side, SUBMIT};

#[test]
fn esme_unbinds() {
    let mut p = bound(BindType::Transceiver);
    let id = send!(p.esme.unbind());
    assert_eq!(p.esme.state(), State::Unbound);
    // UNBOUND: no new requests.
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::InvalidState(State::Unbound))
    );
    assert_eq!(
        try_send!(p.esme.unbind()),
        Err(SendError::InvalidState(State::Unbound))
    );
    p.drive();
    recv!(p.smsc, Ev::PeerUnbound);
    recv!(
        p.smsc,
        Ev::Closed {
            reason: CloseReason::PeerUnbound
        }
    );
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::Response {
            id,
            command_status: CommandStatus::ESME_ROK,
            command_id: CommandId::UNBIND_RESP,
            pdu: crate::harness::header_only(0x8000_0006, 0, id.sequence_number()),
        })
    );
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::Unbound
        }
    );
    assert_eq!(
        p.end(Side::Esme).transitions,
        [
            (State::Open, State::BoundTrx),
            (State::BoundTrx, State::Unbound),
            (State::Unbound, State::Closed)
        ]
    );
    assert_eq!(
        p.end(Side::Smsc).transitions,
        [
            (State::Open, State::BoundTrx),
            (State::BoundTrx, State::Closed)
        ]
    );
    p.finish();
}

#[test]
fn smsc_unbinds() {
    let mut p = bound(BindType::Receiver);
    let id = send!(p.smsc.unbind());
    assert_eq!(p.smsc.state(), State::Unbound);
    p.drive();
    recv!(p.esme, Ev::PeerUnbound);
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::PeerUnbound
        }
    );
    recv!(p.smsc, Ev::Response { id: got, command_id: CommandId::UNBIND_RESP, command_status: CommandStatus::ESME_ROK, .. } if got == id);
    recv!(
        p.smsc,
        Ev::Closed {
            reason: CloseReason::Unbound
        }
    );
    p.finish();
}

#[test]
fn peer_unbind_ends_requests_in_flight() {
    let mut p = bound(BindType::Transceiver);
    let a = send!(p.esme.submit_sm(&SUBMIT));
    let b = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    recv!(p.smsc, Ev::Request { .. });
    recv!(p.smsc, Ev::Request { .. });
    send!(p.smsc.unbind());
    p.drive();
    recv!(p.esme, Ev::PeerUnbound);
    let lost: BTreeSet<_> = (0..2)
        .map(|_| recv!(p.esme, Ev::RequestFailed { id, reason: FailureReason::ConnectionLost, .. } => id))
        .collect();
    assert_eq!(lost, BTreeSet::from([a, b]));
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::PeerUnbound
        }
    );
    recv!(
        p.smsc,
        Ev::Response {
            command_id: CommandId::UNBIND_RESP,
            ..
        }
    );
    recv!(
        p.smsc,
        Ev::Closed {
            reason: CloseReason::Unbound
        }
    );
    p.finish();
}

#[test]
fn responses_still_arrive_while_unbinding() {
    let mut p = bound(BindType::Transmitter);
    let a = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p.smsc.respond(
        seq,
        CommandStatus::ESME_ROK,
        &smpp_proto::Pdu::SubmitSmResp(smpp_proto::codec::SmResp {
            message_id: Some(b"m1"),
            ..Default::default()
        })
    ));
    let u = send!(p.esme.unbind()); // crosses the response
    p.drive();
    recv!(p.esme, Ev::Response { id, command_id: CommandId::SUBMIT_SM_RESP, .. } if id == a);
    recv!(p.esme, Ev::Response { id, command_id: CommandId::UNBIND_RESP, .. } if id == u);
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::Unbound
        }
    );
    p.finish();
}

#[test]
fn crossing_unbinds() {
    let mut p = bound(BindType::Transceiver);
    let e = send!(p.esme.unbind());
    let s = send!(p.smsc.unbind());
    p.drive();
    // Each end answers the other's unbind and closes; its own unbind ends
    // without a response.
    for (side, id) in [(Side::Esme, e), (Side::Smsc, s)] {
        let got = p.next_event(side);
        assert_eq!(
            got,
            Some(Ev::RequestFailed {
                id,
                command_id: CommandId::UNBIND,
                reason: FailureReason::ConnectionLost
            }),
            "{side:?}"
        );
        assert_eq!(
            p.next_event(side),
            Some(Ev::Closed {
                reason: CloseReason::Unbound
            }),
            "{side:?}"
        );
    }
    p.finish();
}

#[test]
fn unanswered_unbind_times_out() {
    let mut p = bound(BindType::Transceiver);
    p.end(Side::Esme).deliver = false; // the SMSC never hears it
    let u = send!(p.esme.unbind());
    let t = p.now;
    let unbind_timeout = smpp_proto::session::Config::esme().unbind_timeout;
    assert_eq!(p.esme.poll_timeout(), Some(t + unbind_timeout));
    p.run_until(just_before(t + unbind_timeout));
    recv_nothing!(p.esme);
    p.run_until(t + unbind_timeout);
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::RequestFailed {
            id: u,
            command_id: CommandId::UNBIND,
            reason: FailureReason::ConnectionLost
        })
    );
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::UnbindTimeout
        }
    );
    p.finish();
}
