//! The timers of SMPP 3.4 §7.2 / SMPP 5.0 §2.9: session_init, response,
//! enquire_link (keep-alive and link death), inactivity, and unbind.

use smpp_proto::codec::SmResp;
use smpp_proto::session::{BindType, CloseReason, Config, FailureReason, ProtocolError, State};
use smpp_proto::time::{Duration, Instant};
use smpp_proto::{CommandId, CommandStatus, Header, Pdu, Tlvs};

use crate::harness::{
    bound, bound_with, just_before, pair, Ev, Pair, Side, BIND, DELIVER_OK, SUBMIT,
};

const S30: Duration = Duration::from_secs(30);

#[test]
fn session_init_timeout_closes_a_link_never_bound() {
    let mut p = pair();
    assert_eq!(p.esme.poll_timeout(), Some(Instant::ZERO + S30));
    assert_eq!(p.smsc.poll_timeout(), Some(Instant::ZERO + S30));
    p.run_until(Instant::from_millis(29_999));
    recv_nothing!(p.esme);
    recv_nothing!(p.smsc);
    assert_eq!((p.esme.state(), p.smsc.state()), (State::Open, State::Open));
    p.run_until(Instant::from_millis(30_000));
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::SessionInitTimeout
        }
    );
    recv!(
        p.smsc,
        Ev::Closed {
            reason: CloseReason::SessionInitTimeout
        }
    );
    assert_eq!(p.esme.poll_timeout(), None);
    p.finish();
}

#[test]
fn unanswered_bind_means_link_dead() {
    // SMPP 3.4 §7.2: the bind's response_timer runs out and the SMSC has
    // sent nothing since: the link is dead at once, not at session_init.
    let mut p: Pair = Pair::new(
        Config {
            response_timeout: Duration::from_secs(5),
            ..Config::esme()
        },
        Config::smsc(),
    );
    let id = send!(p.esme.bind(BindType::Transceiver, &BIND));
    p.drive();
    recv!(p.smsc, Ev::BindRequest { .. }); // the SMSC application never answers
    p.run_until(Instant::from_millis(4_999));
    recv_nothing!(p.esme);
    p.run_until(Instant::from_millis(5_000));
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::RequestFailed {
            id,
            command_id: CommandId::BIND_TRANSCEIVER,
            reason: FailureReason::Timeout
        })
    );
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::LinkDead
        }
    );
    p.drive();
    recv!(
        p.smsc,
        Ev::Closed {
            reason: CloseReason::Disconnected
        }
    );
    // The SMSC dropped the bind it never answered.
    assert_eq!(p.smsc.unanswered(), 0);
    p.finish();
}

#[test]
fn bind_refused_then_session_init_timeout() {
    // An answered bind (here refused) is a peer that talks: the link stays
    // open until session_init_timer.
    let mut p = pair();
    let id = send!(p.esme.bind(BindType::Transceiver, &BIND));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
    send!(p.smsc.reject_bind(seq, CommandStatus::ESME_RINVPASWD));
    p.drive();
    recv!(p.esme, Ev::BindRefused { id: got, .. } if got == id);
    p.run_until(just_before(Instant::ZERO + S30));
    recv_nothing!(p.esme);
    assert_eq!(p.esme.state(), State::Open);
    p.run_until(Instant::ZERO + S30);
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::SessionInitTimeout
        }
    );
    p.finish();
}

#[test]
fn response_timeout_then_late_response_is_dropped() {
    let mut p = bound(BindType::Transmitter);
    p.wait(Duration::from_secs(1));
    let t0 = p.now;
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    // A later request is answered: the peer is alive, only this one is lost.
    p.wait(Duration::from_secs(1));
    let other = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let other_seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    let resp = Pdu::SubmitSmResp(SmResp {
        message_id: Some(b"ok"),
        tlvs: Tlvs::EMPTY,
    });
    send!(p.smsc.respond(other_seq, CommandStatus::ESME_ROK, &resp));
    p.drive();
    recv!(p.esme, Ev::Response { id: got, .. } if got == other);
    p.run_until(just_before(t0 + S30));
    recv_nothing!(p.esme);
    p.run_until(t0 + S30);
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::RequestFailed {
            id,
            command_id: CommandId::SUBMIT_SM,
            reason: FailureReason::Timeout
        })
    );
    assert_eq!(p.esme.state(), State::BoundTx);
    assert_eq!(p.esme.outstanding(), 0);
    // The answer comes too late: reported, dropped, the session goes on.
    let resp = Pdu::SubmitSmResp(SmResp {
        message_id: Some(b"late"),
        tlvs: Tlvs::EMPTY,
    });
    send!(p.smsc.respond(seq, CommandStatus::ESME_ROK, &resp));
    p.drive();
    recv!(p.esme, Ev::ProtocolError(ProtocolError::UnexpectedResponse {
        command_id: CommandId::SUBMIT_SM_RESP,
        sequence_number: s,
    }) if s == seq.sequence_number());
    recv_nothing!(p.esme);
    assert_eq!(p.esme.state(), State::BoundTx);
    p.finish();
}

/// A bound SMSC whose application takes requests and answers none, while
/// its session still answers enquire_link (issue 13.5): the first response
/// timer that runs out ends the link and every request in it at once, not
/// one window per response_timeout.
#[test]
fn a_peer_that_answers_nothing_is_dead_at_the_first_response_timeout() {
    let mut p = bound(BindType::Transceiver);
    p.wait(Duration::from_secs(1));
    let t0 = p.now;
    let first = send!(p.esme.submit_sm(&SUBMIT));
    p.wait(Duration::from_secs(10));
    let rest: Vec<_> = (0..3).map(|_| send!(p.esme.submit_sm(&SUBMIT))).collect();
    // The keep-alive goes out and is answered by the SMSC session itself.
    p.run_until(just_before(t0 + S30));
    assert!(p
        .sent(Side::Esme)
        .iter()
        .any(|b| Header::parse(b).unwrap().command_id == CommandId::ENQUIRE_LINK));
    while let Some(ev) = p.next_event(Side::Smsc) {
        assert!(matches!(ev, Ev::Request { .. }), "{ev:?}");
    }
    recv_nothing!(p.esme);
    assert_eq!(p.esme.outstanding(), 4);
    p.run_until(t0 + S30);
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::RequestFailed {
            id: first,
            command_id: CommandId::SUBMIT_SM,
            reason: FailureReason::Timeout
        })
    );
    let mut lost = Vec::new();
    for _ in 0..3 {
        lost.push(recv!(p.esme, Ev::RequestFailed {
            id,
            reason: FailureReason::ConnectionLost,
            ..
        } => id));
    }
    lost.sort();
    assert_eq!(lost, rest);
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::LinkDead
        }
    );
    assert_eq!(p.esme.poll_timeout(), None);
    p.finish();
}

/// Responses with sequence_numbers this end never sent are no answer.
#[test]
fn responses_with_wrong_sequence_numbers_do_not_keep_a_link_alive() {
    let mut p = bound(BindType::Transceiver);
    p.wait(Duration::from_secs(1));
    let t0 = p.now;
    let id = send!(p.esme.submit_sm(&SUBMIT));
    for i in 0..5u32 {
        p.wait(Duration::from_secs(5));
        let wrong = crate::harness::pdu_bytes(
            &Pdu::SubmitSmResp(SmResp {
                message_id: Some(b"x"),
                tlvs: Tlvs::EMPTY,
            }),
            CommandStatus::ESME_ROK,
            100_000 + i,
        );
        p.inject(Side::Esme, &wrong);
        recv!(
            p.esme,
            Ev::ProtocolError(ProtocolError::UnexpectedResponse { .. })
        );
    }
    p.run_until(t0 + S30);
    recv!(p.esme, Ev::RequestFailed { id: got, reason: FailureReason::Timeout, .. } if got == id);
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::LinkDead
        }
    );
    p.clear_events();
    p.finish();
}

/// A peer that sends requests of its own is alive: a request it leaves
/// unanswered only times out.
#[test]
fn a_peer_sending_requests_is_alive_when_one_response_is_missing() {
    let mut p = bound(BindType::Transceiver);
    p.wait(Duration::from_secs(1));
    let t0 = p.now;
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    recv!(p.smsc, Ev::Request { .. });
    p.wait(Duration::from_secs(20));
    send!(p.smsc.deliver_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.esme, Ev::Request { request, .. } => request);
    p.act(Side::Esme, |s, now| {
        s.respond(
            now,
            seq,
            CommandStatus::ESME_ROK,
            &Pdu::DeliverSmResp(DELIVER_OK),
        )
    })
    .unwrap();
    p.drive();
    recv!(p.smsc, Ev::Response { .. });
    p.run_until(t0 + S30);
    recv!(p.esme, Ev::RequestFailed { id: got, reason: FailureReason::Timeout, .. } if got == id);
    recv_nothing!(p.esme);
    assert_eq!(p.esme.state(), State::BoundTrx);
    p.finish();
}

#[test]
fn enquire_link_after_idle() {
    let mut p = bound(BindType::Transceiver);
    let bound_at = p.now; // when the ESME got bind_resp
    assert_eq!(p.esme.poll_timeout(), Some(bound_at + S30));
    let before = p.sent(Side::Esme).len();
    let latency = p.latency;
    p.run_until(bound_at + S30 + latency + latency);
    // One enquire_link, answered by the SMSC session itself: no event anywhere.
    let sent = &p.sent(Side::Esme)[before..];
    assert_eq!(sent.len(), 1);
    let ka = Header::parse(&sent[0]).unwrap();
    assert_eq!(ka.command_id, CommandId::ENQUIRE_LINK);
    assert_eq!(
        p.last_sent(Side::Smsc),
        crate::harness::header_only(0x8000_0015, 0, ka.sequence_number)
    );
    recv_nothing!(p.esme);
    recv_nothing!(p.smsc);
    // The next one is due 30 s after the last PDU received.
    assert_eq!(p.esme.poll_timeout(), Some(p.now + S30));

    // Traffic from the peer postpones it.
    p.wait(Duration::from_secs(20));
    let sent_at = p.now;
    send!(p.smsc.enquire_link());
    p.drive();
    recv!(p.smsc, Ev::Response { .. });
    assert_eq!(p.esme.poll_timeout(), Some(sent_at + latency + S30));
    p.finish();
}

#[test]
fn unanswered_enquire_link_means_link_dead() {
    let mut p = bound(BindType::Transceiver);
    p.end(Side::Smsc).deliver = false; // the SMSC's bytes no longer arrive
    let t = p.now;
    p.run_until(t + S30);
    let ka = Header::parse(&p.last_sent(Side::Esme)).unwrap();
    assert_eq!(ka.command_id, CommandId::ENQUIRE_LINK);
    assert!(!p.esme.is_closed());
    p.run_until(t + Duration::from_secs(40));
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.run_until(just_before(t + S30 + S30));
    recv_nothing!(p.esme);
    p.run_until(t + S30 + S30);
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::RequestFailed {
            id,
            command_id: CommandId::SUBMIT_SM,
            reason: FailureReason::ConnectionLost
        })
    );
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::LinkDead
        }
    );
    p.drive();
    recv!(p.smsc, Ev::Request { .. });
    recv!(
        p.smsc,
        Ev::Closed {
            reason: CloseReason::Disconnected
        }
    );
    p.finish();
}

#[test]
fn smsc_unbinds_a_silent_esme() {
    let minute = Duration::from_secs(60);
    let mut p: Pair = bound_with(
        Config {
            enquire_link_interval: None,
            ..Config::esme()
        },
        Config {
            inactivity_timeout: Some(minute),
            ..Config::smsc()
        },
        BindType::Transceiver,
    );
    // The SMSC last heard the ESME when the bind arrived.
    let heard = Instant::ZERO + p.latency;
    assert_eq!(p.smsc.poll_timeout(), Some(heard + minute));
    p.run_until(just_before(heard + minute));
    recv_nothing!(p.smsc);
    p.run_until(heard + minute);
    // SMPP 5.0 §2.9: the SMSC unbinds.
    assert_eq!(p.smsc.state(), State::Unbound);
    let unbind = Header::parse(&p.last_sent(Side::Smsc)).unwrap();
    assert_eq!(unbind.command_id, CommandId::UNBIND);
    p.drive();
    recv!(p.esme, Ev::PeerUnbound);
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::PeerUnbound
        }
    );
    // The unbind_resp ends it at once, with no other event.
    assert_eq!(p.smsc.state(), State::Closed);
    assert_eq!(
        p.next_event(Side::Smsc),
        Some(Ev::Closed {
            reason: CloseReason::Inactivity
        })
    );
    assert_eq!(
        p.end(Side::Smsc).transitions,
        [
            (State::Open, State::BoundTrx),
            (State::BoundTrx, State::Unbound),
            (State::Unbound, State::Closed)
        ]
    );
    p.finish();
}

#[test]
fn esme_that_answers_nothing_is_dropped_after_inactivity() {
    let minute = Duration::from_secs(60);
    let mut p: Pair = bound_with(
        Config {
            enquire_link_interval: None,
            ..Config::esme()
        },
        Config {
            inactivity_timeout: Some(minute),
            ..Config::smsc()
        },
        BindType::Transceiver,
    );
    p.end(Side::Esme).deliver = false; // the ESME is gone without a word
    let heard = Instant::ZERO + p.latency;
    p.run_until(heard + minute);
    assert_eq!(p.smsc.state(), State::Unbound);
    let unbind_timeout = Config::smsc().unbind_timeout;
    p.run_until(just_before(heard + minute + unbind_timeout));
    recv_nothing!(p.smsc);
    p.run_until(heard + minute + unbind_timeout);
    recv!(
        p.smsc,
        Ev::Closed {
            reason: CloseReason::Inactivity
        }
    );
    p.finish();
}

#[test]
fn keepalive_keeps_an_active_esme_bound() {
    let mut p: Pair = bound_with(
        Config {
            enquire_link_interval: Some(Duration::from_secs(20)),
            ..Config::esme()
        },
        Config {
            inactivity_timeout: Some(Duration::from_secs(60)),
            ..Config::smsc()
        },
        BindType::Transceiver,
    );
    p.wait(Duration::from_secs(600));
    recv_nothing!(p.esme);
    recv_nothing!(p.smsc);
    assert_eq!(
        (p.esme.state(), p.smsc.state()),
        (State::BoundTrx, State::BoundTrx)
    );
    let keepalives = p
        .sent(Side::Esme)
        .iter()
        .filter(|b| Header::parse(b).unwrap().command_id == CommandId::ENQUIRE_LINK)
        .count();
    // One every 20 s after the last answer, which takes a round trip (20 ms).
    assert_eq!(keepalives, 29);
    p.finish();
}

#[test]
fn keepalive_with_response_timeout_longer_than_the_interval() {
    // enquire_link every 5 s, but a response may take 30 s: while the
    // keep-alive is outstanding, traffic from the peer must not leave a
    // deadline in the past (a busy loop for the adapter).
    let mut p: Pair = bound_with(
        Config {
            enquire_link_interval: Some(Duration::from_secs(5)),
            ..Config::esme()
        },
        Config::smsc(),
        BindType::Transceiver,
    );
    p.end(Side::Smsc).deliver = false; // the keep-alive is never answered
    let t = p.now;
    p.run_until(t + Duration::from_secs(5));
    let ka = Header::parse(&p.last_sent(Side::Esme)).unwrap();
    assert_eq!(ka.command_id, CommandId::ENQUIRE_LINK);
    // Something that is not the keep-alive's answer arrives.
    p.wait(Duration::from_secs(1));
    let deliver = crate::harness::pdu_bytes(&Pdu::DeliverSm(SUBMIT), CommandStatus::ESME_ROK, 9);
    p.exchange(Side::Esme, &deliver);
    let seq = recv!(p.esme, Ev::Request { request, .. } => request);
    p.act(Side::Esme, |s, now| {
        s.respond(
            now,
            seq,
            CommandStatus::ESME_ROK,
            &Pdu::DeliverSmResp(DELIVER_OK),
        )
    })
    .unwrap();
    p.wait(Duration::from_secs(10)); // past the re-armed keep-alive timer
    let deadline = p.esme.poll_timeout().unwrap();
    assert!(
        deadline > p.now,
        "deadline {deadline:?} is not after now {:?}",
        p.now
    );
    // The link is dead 30 s after the keep-alive.
    p.run_until(just_before(t + Duration::from_secs(35)));
    recv_nothing!(p.esme);
    p.run_until(t + Duration::from_secs(35));
    recv!(
        p.esme,
        Ev::Closed {
            reason: CloseReason::LinkDead
        }
    );
    p.finish();
}
