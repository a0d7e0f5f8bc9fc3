//! Hand-made bytes injected into one end (SMPP 3.4 §2.8 error handling,
//! §4.3 generic_nack): undecodable bodies, unknown commands, another
//! protocol on the wire, broken lengths, stray and negative responses.

use smpp_proto::codec::decode;
use smpp_proto::codec::visit::Field;
use smpp_proto::session::{
    BindType, CloseReason, Config, FailureReason, ProtocolError, Session, State,
};
use smpp_proto::time::Instant;
use smpp_proto::{CommandId, CommandStatus, DecodeError, FrameError, Header, OtherProtocol, Pdu};

use crate::harness::{bound, header_only, pair, pdu_bytes, raw_pdu, Ev, Rng, Side, BIND, SUBMIT};

#[test]
fn undecodable_request_is_answered_with_its_status() {
    let mut p = bound(BindType::Transmitter);
    // submit_sm whose service_type is longer than 6 octets.
    let mut body = b"LONGSERVICE\0".to_vec();
    body.extend_from_slice(&pdu_bytes(&Pdu::SubmitSm(SUBMIT), CommandStatus::ESME_ROK, 1)[17..]);
    let out = p.exchange(Side::Smsc, &raw_pdu(0x04, 0, 77, &body));
    // SMPP 3.4 §5.1.3: ESME_RINVSERTYP, in a header-only submit_sm_resp.
    assert_eq!(out, [header_only(0x8000_0004, 0x15, 77)]);
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::Undecodable {
            command_id: CommandId::SUBMIT_SM,
            sequence_number: 77,
            error: DecodeError::TooLong {
                field: Field::ServiceType,
                max: 6
            },
            answered_with: CommandStatus::ESME_RINVSERTYP,
        })
    );
    // The session goes on.
    assert_eq!(p.smsc.state(), State::BoundTx);
    assert_eq!(p.smsc.unanswered(), 0);
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    recv!(
        p.smsc,
        Ev::Request {
            command_id: CommandId::SUBMIT_SM,
            ..
        }
    );
    p.finish();
}

#[test]
fn truncated_body_is_answered_rinvcmdlen() {
    let mut p = bound(BindType::Receiver);
    // deliver_sm cut short after source_addr_npi.
    let out = p.exchange(Side::Esme, &raw_pdu(0x05, 0, 3, b"\0\x01\x01"));
    assert_eq!(out, [header_only(0x8000_0005, 0x02, 3)]);
    recv!(
        p.esme,
        Ev::ProtocolError(ProtocolError::Undecodable {
            sequence_number: 3,
            answered_with: CommandStatus::ESME_RINVCMDLEN,
            ..
        })
    );
    assert_eq!(p.esme.state(), State::BoundRx);
    p.finish();
}

#[test]
fn unknown_command_gets_generic_nack_rinvcmdid() {
    for bound_first in [false, true] {
        let mut p = if bound_first {
            bound(BindType::Transceiver)
        } else {
            pair()
        };
        let state = p.smsc.state();
        let out = p.exchange(Side::Smsc, &raw_pdu(0x0001_0000, 0, 12, b"whatever"));
        assert_eq!(out, [header_only(0x8000_0000, 0x03, 12)]);
        recv!(
            p.smsc,
            Ev::ProtocolError(ProtocolError::UnknownCommand {
                command_id: CommandId(0x0001_0000),
                sequence_number: 12,
            })
        );
        assert_eq!(p.smsc.state(), state);
        p.finish();
    }
}

#[test]
fn left_out_kinds_are_unknown_commands() {
    // query_sm (SMPP 3.4 §4.8) from the SMSC to a bound ESME. With the
    // pdu-query feature it decodes and is refused as not allowed
    // (query_sm_resp ESME_RINVBNDSTS); without it the kind is not built in
    // and is answered as an unknown command (generic_nack ESME_RINVCMDID).
    let mut p = bound(BindType::Transceiver);
    let out = p.exchange(Side::Esme, &raw_pdu(0x0000_0003, 0, 21, b"1\0\x01\x01x\0"));
    if cfg!(feature = "pdu-query") {
        assert_eq!(out, [header_only(0x8000_0003, 0x04, 21)]);
        recv!(
            p.esme,
            Ev::ProtocolError(ProtocolError::NotAllowed {
                sequence_number: 21,
                ..
            })
        );
    } else {
        assert_eq!(out, [header_only(0x8000_0000, 0x03, 21)]);
        recv!(
            p.esme,
            Ev::ProtocolError(ProtocolError::UnknownCommand {
                command_id: CommandId::QUERY_SM,
                sequence_number: 21,
            })
        );
    }
    assert_eq!(p.esme.state(), State::BoundTrx);
    p.finish();
}

#[test]
fn request_not_allowed_in_state_is_answered_rinvbndsts() {
    // OPEN: submit_sm before any bind.
    let mut p = pair();
    let out = p.exchange(
        Side::Smsc,
        &pdu_bytes(&Pdu::SubmitSm(SUBMIT), CommandStatus::ESME_ROK, 8),
    );
    assert_eq!(out, [header_only(0x8000_0004, 0x04, 8)]);
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::NotAllowed {
            command_id: CommandId::SUBMIT_SM,
            sequence_number: 8,
            state: State::Open,
            answered_with: Some(CommandStatus::ESME_RINVBNDSTS),
        })
    );
    assert_eq!(p.smsc.state(), State::Open);
    p.finish();

    // BOUND_RX: the receiver may not submit.
    let mut p = bound(BindType::Receiver);
    let out = p.exchange(
        Side::Smsc,
        &pdu_bytes(&Pdu::SubmitSm(SUBMIT), CommandStatus::ESME_ROK, 9),
    );
    assert_eq!(out, [header_only(0x8000_0004, 0x04, 9)]);
    recv!(
        p.smsc,
        Ev::ProtocolError(ProtocolError::NotAllowed {
            state: State::BoundRx,
            ..
        })
    );
    assert_eq!(p.smsc.state(), State::BoundRx);

    // BOUND_TX at the ESME: no deliver_sm.
    let mut p = bound(BindType::Transmitter);
    let out = p.exchange(
        Side::Esme,
        &pdu_bytes(&Pdu::DeliverSm(SUBMIT), CommandStatus::ESME_ROK, 10),
    );
    assert_eq!(out, [header_only(0x8000_0005, 0x04, 10)]);
    recv!(
        p.esme,
        Ev::ProtocolError(ProtocolError::NotAllowed {
            state: State::BoundTx,
            ..
        })
    );
    // Nor unbind in OPEN.
    let mut q = pair();
    let out = q.exchange(Side::Esme, &header_only(0x06, 0, 11));
    assert_eq!(out, [header_only(0x8000_0006, 0x04, 11)]);
    recv!(
        q.esme,
        Ev::ProtocolError(ProtocolError::NotAllowed {
            command_id: CommandId::UNBIND,
            ..
        })
    );
    assert_eq!(q.esme.state(), State::Open);
    // And the link still works.
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p.smsc.respond(
        seq,
        CommandStatus::ESME_ROK,
        &Pdu::SubmitSmResp(smpp_proto::codec::SmResp {
            message_id: Some(b"m1"),
            ..Default::default()
        })
    ));
    p.drive();
    recv!(p.esme, Ev::Response { id: got, .. } if got == id);
    p.finish();
    q.finish();
}

#[test]
fn http_on_the_wire_closes_with_a_clear_error() {
    let mut p = pair();
    p.exchange(Side::Smsc, b"GET / HTTP/1.1\r\nHost: smsc.example\r\n\r\n");
    let e = FrameError::OtherProtocol(OtherProtocol::Http);
    recv!(p.smsc, Ev::ProtocolError(ProtocolError::Frame(got)) if got == e);
    recv!(p.smsc, Ev::Closed { reason: CloseReason::Protocol(got) } if got == e);
    recv_nothing!(p.smsc);
    assert!(p.smsc.is_closed());
    assert!(!p.smsc.wants_input());
    p.finish();
}

#[test]
fn tls_client_hello_closes_with_a_clear_error() {
    let mut p = pair();
    p.exchange(
        Side::Smsc,
        &[
            0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
        ],
    );
    let e = FrameError::OtherProtocol(OtherProtocol::Tls);
    recv!(p.smsc, Ev::ProtocolError(ProtocolError::Frame(got)) if got == e);
    recv!(p.smsc, Ev::Closed { reason: CloseReason::Protocol(got) } if got == e);
    p.finish();
}

#[test]
fn broken_command_length_closes_and_ends_requests() {
    let mut p = bound(BindType::Transceiver);
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.end(Side::Esme).deliver = false;
    // command_length 8: smaller than a header. The header is still readable,
    // so a last generic_nack carries its sequence_number.
    let before = p.sent(Side::Esme).len();
    p.inject(
        Side::Esme,
        &[0, 0, 0, 8, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 33],
    );
    assert_eq!(
        p.sent(Side::Esme)[before..],
        [header_only(0x8000_0000, 0x02, 33)]
    );
    let e = FrameError::CommandLengthTooSmall { command_length: 8 };
    recv!(p.esme, Ev::ProtocolError(ProtocolError::Frame(got)) if got == e);
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::RequestFailed {
            id,
            command_id: CommandId::SUBMIT_SM,
            reason: FailureReason::ConnectionLost
        })
    );
    recv!(p.esme, Ev::Closed { reason: CloseReason::Protocol(got) } if got == e);
    p.finish();

    // Larger than the receive buffer.
    let mut p = pair();
    p.exchange(Side::Smsc, &[0x10, 0, 0, 0, 0, 0, 0, 0x04]);
    let e = FrameError::CommandLengthTooLarge {
        command_length: 0x1000_0000,
        max: 4096,
    };
    recv!(p.smsc, Ev::ProtocolError(ProtocolError::Frame(got)) if got == e);
    recv!(p.smsc, Ev::Closed { reason: CloseReason::Protocol(got) } if got == e);
    p.finish();
}

#[test]
fn response_with_unknown_sequence_number_is_reported_and_dropped() {
    let mut p = bound(BindType::Transceiver);
    let id = send!(p.esme.submit_sm(&SUBMIT));
    let seq = id.sequence_number();
    let out = p.exchange(Side::Esme, &raw_pdu(0x8000_0004, 0, seq + 100, b"m\0"));
    assert!(out.is_empty(), "responses are never answered");
    recv!(p.esme, Ev::ProtocolError(ProtocolError::UnexpectedResponse {
        command_id: CommandId::SUBMIT_SM_RESP,
        sequence_number: s,
    }) if s == seq + 100);
    // A response of the wrong kind for an outstanding request is no outcome either.
    p.exchange(Side::Esme, &header_only(0x8000_0015, 0, seq));
    recv!(
        p.esme,
        Ev::ProtocolError(ProtocolError::UnexpectedResponse {
            command_id: CommandId::ENQUIRE_LINK_RESP,
            ..
        })
    );
    // generic_nack with sequence_number 0 (a peer that could not read our header).
    p.exchange(Side::Esme, &header_only(0x8000_0000, 0x03, 0));
    recv!(
        p.esme,
        Ev::ProtocolError(ProtocolError::UnexpectedResponse {
            sequence_number: 0,
            ..
        })
    );
    assert_eq!(p.esme.outstanding(), 1);
    assert_eq!(p.esme.state(), State::BoundTrx);
    p.finish();
}

#[test]
fn unknown_response_gets_generic_nack_rinvcmdid() {
    // SMPP 3.4 §4.3: an unknown command_id is answered with generic_nack
    // ESME_RINVCMDID, response bit or not (issue 13.9).
    for bound_first in [false, true] {
        for side in [Side::Esme, Side::Smsc] {
            let mut p = if bound_first {
                bound(BindType::Transceiver)
            } else {
                pair()
            };
            let state = p.session(side).state();
            for (id, seq) in [(0x8000_00ffu32, 12), (0x8001_0000, 13), (0x8000_0100, 14)] {
                let out = p.exchange(side, &raw_pdu(id, 0, seq, b"whatever"));
                assert_eq!(
                    out,
                    [header_only(0x8000_0000, 0x03, seq)],
                    "{side:?} {id:#x}"
                );
                let ev = p.next_event(side);
                assert_eq!(
                    ev,
                    Some(Ev::ProtocolError(ProtocolError::UnknownCommand {
                        command_id: CommandId(id),
                        sequence_number: seq,
                    })),
                    "{side:?} {id:#x}"
                );
            }
            assert_eq!(p.session(side).state(), state);
            p.finish();
        }
    }
}

#[test]
fn answering_an_unknown_response_never_loops_between_two_ends() {
    // The generic_nack that answers an unknown response reaches the other
    // end as a response matching nothing: reported there, never answered.
    for side in [Side::Esme, Side::Smsc] {
        let mut p = bound(BindType::Transceiver);
        let before = [p.sent(Side::Esme).len(), p.sent(Side::Smsc).len()];
        p.inject(side, &raw_pdu(0x8000_0abc, 0, 5, b""));
        p.drive_bounded(20);
        assert_eq!(
            p.next_event(side),
            Some(Ev::ProtocolError(ProtocolError::UnknownCommand {
                command_id: CommandId(0x8000_0abc),
                sequence_number: 5,
            })),
            "{side:?}"
        );
        let other = side.peer();
        let ev = p.next_event(other);
        assert_eq!(
            ev,
            Some(Ev::ProtocolError(ProtocolError::UnexpectedResponse {
                command_id: CommandId::GENERIC_NACK,
                sequence_number: 5,
            })),
            "{other:?}"
        );
        p.wait(smpp_proto::time::Duration::from_millis(100));
        let i = |s: Side| usize::from(s == Side::Smsc);
        assert_eq!(
            p.sent(side).len(),
            before[i(side)] + 1,
            "{side:?} answered once"
        );
        assert_eq!(
            p.sent(other).len(),
            before[i(other)],
            "{other:?} answered nothing"
        );
        assert!(p.pending_events(side).is_empty() && p.pending_events(other).is_empty());
        p.finish();
    }
}

#[test]
fn malformed_unsolicited_response_is_reported_not_answered() {
    let mut p = bound(BindType::Transceiver);
    // A submit_sm_resp whose message_id has no NUL, a generic_nack with a
    // body, an unbind_resp with one: none matches a request.
    for (id, seq, body) in [
        (0x8000_0004u32, 40u32, &b"no-nul"[..]),
        (0x8000_0000, 41, b"xx"),
        (0x8000_0006, 42, b"x"),
    ] {
        let out = p.exchange(Side::Esme, &raw_pdu(id, 0, seq, body));
        assert!(out.is_empty(), "a response is never answered: {out:?}");
        let ev = p.next_event(Side::Esme);
        assert_eq!(
            ev,
            Some(Ev::ProtocolError(ProtocolError::UnexpectedResponse {
                command_id: CommandId(id),
                sequence_number: seq,
            })),
            "{id:#x}"
        );
    }
    assert_eq!(p.esme.state(), State::BoundTrx);
    p.finish();
}

#[test]
fn negative_submit_sm_resp_without_body() {
    let mut p = bound(BindType::Transmitter);
    p.end(Side::Smsc).deliver = false;
    let id = send!(p.esme.submit_sm(&SUBMIT));
    let seq = id.sequence_number();
    p.exchange(Side::Esme, &header_only(0x8000_0004, 0x45, seq));
    let ev = recv!(p.esme, ev @ Ev::Response { id: got, command_status: CommandStatus::ESME_RSUBMITFAIL, command_id: CommandId::SUBMIT_SM_RESP, .. } if got == id => ev);
    let (h, _) = ev.decoded();
    assert_eq!(h.command_length, 16);
    assert_eq!(p.esme.outstanding(), 0);
    p.finish();
}

#[test]
fn negative_submit_sm_resp_with_body() {
    let mut p = bound(BindType::Transmitter);
    p.end(Side::Smsc).deliver = false;
    // A body in the spec's layout (an empty message_id)…
    let a = send!(p.esme.submit_sm(&SUBMIT));
    p.exchange(
        Side::Esme,
        &raw_pdu(0x8000_0004, 0x45, a.sequence_number(), b"\0"),
    );
    let ev = recv!(p.esme, ev @ Ev::Response { id, .. } if id == a => ev);
    assert!(matches!(ev.decoded().1, Pdu::SubmitSmResp(r) if r.message_id == Some(&b""[..])));
    // …and one that is not (SMPP 3.4 §4.4.2: the body is not interpreted).
    let b = send!(p.esme.submit_sm(&SUBMIT));
    p.exchange(
        Side::Esme,
        &raw_pdu(0x8000_0004, 0x58, b.sequence_number(), b"\xff\xfe"),
    );
    let ev = recv!(p.esme, ev @ Ev::Response { id, command_status: CommandStatus::ESME_RTHROTTLED, .. } if id == b => ev);
    assert_eq!(
        ev.decoded().1,
        Pdu::RawResp {
            command_id: CommandId::SUBMIT_SM_RESP,
            body: b"\xff\xfe"
        }
    );
    recv!(p.esme, Ev::Throttled { .. });
    p.finish();
}

#[test]
fn undecodable_positive_response_fails_the_request() {
    let mut p = bound(BindType::Transmitter);
    p.end(Side::Smsc).deliver = false;
    let id = send!(p.esme.submit_sm(&SUBMIT));
    let out = p.exchange(
        Side::Esme,
        &raw_pdu(0x8000_0004, 0, id.sequence_number(), b"no-nul"),
    );
    assert!(out.is_empty());
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::RequestFailed {
            id,
            command_id: CommandId::SUBMIT_SM,
            reason: FailureReason::InvalidResponse(DecodeError::Unterminated {
                field: Field::MessageId
            }),
        })
    );
    p.finish();
}

#[test]
fn negative_bind_responses_with_or_without_body() {
    for body in [&b""[..], b"smsc\0", b"\xff"] {
        let mut p = pair();
        p.end(Side::Esme).deliver = false;
        let id = send!(p.esme.bind(BindType::Transceiver, &BIND));
        p.exchange(
            Side::Esme,
            &raw_pdu(0x8000_0009, 0x0D, id.sequence_number(), body),
        );
        assert_eq!(
            p.next_event(Side::Esme),
            Some(Ev::BindRefused {
                id,
                command_status: CommandStatus::ESME_RBINDFAIL
            }),
            "body {body:?}"
        );
        assert_eq!(p.esme.state(), State::Open);
        p.finish();
    }
}

#[test]
fn generic_nack_refuses_a_bind() {
    let mut p = pair();
    p.end(Side::Esme).deliver = false;
    let id = send!(p.esme.bind(BindType::Transmitter, &BIND));
    p.exchange(
        Side::Esme,
        &header_only(0x8000_0000, 0x03, id.sequence_number()),
    );
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::BindRefused {
            id,
            command_status: CommandStatus::ESME_RINVCMDID
        })
    );
    p.finish();
}

#[test]
fn random_bytes_never_panic() {
    // Bad input of every shape: random bytes, and random bodies behind
    // plausible headers, into fresh sessions of both roles in several states.
    let mut rng = Rng::new(3);
    let ids = [
        0x01u32,
        0x02,
        0x04,
        0x05,
        0x06,
        0x09,
        0x15,
        0x21,
        0x103,
        0x8000_0004,
        0x8000_0009,
        0x8000_0000,
        0x0B,
        0x102,
    ];
    for round in 0..3000 {
        let mut s: Session<4, 256, 256> = Session::new(
            if round % 2 == 0 {
                Config::esme()
            } else {
                Config::smsc()
            },
            Instant::ZERO,
        );
        let mut bytes = Vec::new();
        for _ in 0..(1 + rng.below(4)) {
            let body_len = rng.below(40) as usize;
            let body: Vec<u8> = (0..body_len).map(|_| rng.next() as u8).collect();
            if rng.below(4) == 0 {
                bytes.extend(body);
            } else {
                let id = ids[rng.below(ids.len() as u64) as usize];
                bytes.extend(raw_pdu(
                    id,
                    rng.below(3) as u32 * 0x58,
                    1 + rng.below(5) as u32,
                    &body,
                ));
            }
        }
        let mut t = 0;
        let mut off = 0;
        let mut sent = Vec::new();
        let mut buf = [0u8; 512];
        for _ in 0..100 {
            let end = (off + 1 + rng.below(64) as usize).min(bytes.len());
            off += s.handle_input(Instant::from_millis(t), &bytes[off..end]);
            while let Some(ev) = s.poll_event() {
                let seq = match ev {
                    smpp_proto::session::Event::Request { request, .. } => Some(request),
                    _ => None,
                };
                if let Some(seq) = seq {
                    let _ = s.respond(
                        Instant::from_millis(t),
                        seq,
                        CommandStatus::ESME_RSYSERR,
                        &Pdu::GenericNack,
                    );
                }
            }
            loop {
                let n = s.poll_transmit(&mut buf);
                if n == 0 {
                    break;
                }
                sent.extend_from_slice(&buf[..n]);
            }
            t += rng.below(2000);
            s.handle_timeout(Instant::from_millis(t));
            if off == bytes.len() && rng.below(4) == 0 {
                break;
            }
        }
        // Whatever the session sent is well-formed SMPP.
        let mut rest = &sent[..];
        while !rest.is_empty() {
            let h = Header::parse(rest).unwrap();
            let (one, tail) = rest.split_at(h.command_length as usize);
            decode(one).unwrap();
            rest = tail;
        }
    }
}
