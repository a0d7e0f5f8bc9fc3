//! Requests and their outcomes (SMPP 3.4 §2.6 windowing, §5.1.4 sequence
//! numbers, §4.11 enquire_link, §5.1.3 ESME_RTHROTTLED / ESME_RMSGQFUL).

use std::collections::BTreeSet;

use smpp_proto::codec::{decode, DataSm, SmResp, SubmitSm};
use smpp_proto::session::{
    delivery_response, BindType, Config, FailureReason, PeerRequest, RateLimit, RequestId,
    SendError, State,
};
use smpp_proto::time::Duration;
use smpp_proto::{
    CommandId, CommandStatus, EncodeError, Header, InterfaceVersion, Pdu, Tlv, TlvTag, Tlvs,
};

use crate::harness::{
    bound, bound_with, just_before, pair, pdu_bytes, Ev, Net, Pair, Rng, Side, DELIVER_OK, SUBMIT,
};

fn ok_resp(message_id: &[u8]) -> Pdu<'_> {
    Pdu::SubmitSmResp(SmResp {
        message_id: Some(message_id),
        tlvs: Tlvs::EMPTY,
    })
}

const ERROR_RESP: Pdu<'static> = Pdu::RawResp {
    command_id: CommandId::SUBMIT_SM_RESP,
    body: &[],
};

#[test]
fn submit_with_responses_out_of_order() {
    let mut p = bound(BindType::Transmitter);
    let texts: [&[u8]; 3] = [b"one", b"two", b"three"];
    let mut ids = Vec::new();
    for text in texts {
        ids.push(send!(p.esme.submit_sm(&SubmitSm {
            short_message: text,
            ..SUBMIT
        })));
    }
    assert_eq!(p.esme.outstanding(), 3);
    p.drive();
    let mut seqs = Vec::new();
    for text in texts {
        let ev = recv!(p.smsc, ev @ Ev::Request { command_id: CommandId::SUBMIT_SM, .. } => ev);
        let Ev::Request { request, .. } = ev else {
            unreachable!()
        };
        let (_, Pdu::SubmitSm(sm)) = ev.decoded() else {
            panic!()
        };
        assert_eq!(sm.short_message, text);
        seqs.push(request);
    }
    assert_eq!(
        seqs.iter().map(|r| r.sequence_number()).collect::<Vec<_>>(),
        ids.iter().map(|i| i.sequence_number()).collect::<Vec<_>>()
    );
    assert_eq!(p.smsc.unanswered(), 3);

    let order = [2usize, 0, 1];
    for i in order {
        let mid = format!("msg-{i}");
        send!(p
            .smsc
            .respond(seqs[i], CommandStatus::ESME_ROK, &ok_resp(mid.as_bytes())));
    }
    assert_eq!(p.smsc.unanswered(), 0);
    p.drive();
    for i in order {
        let ev = recv!(p.esme, ev @ Ev::Response { id, command_status: CommandStatus::ESME_ROK, command_id: CommandId::SUBMIT_SM_RESP, .. } if id == ids[i] => ev);
        let (_, Pdu::SubmitSmResp(r)) = ev.decoded() else {
            panic!()
        };
        assert_eq!(r.message_id, Some(format!("msg-{i}").as_bytes()));
    }
    recv_nothing!(p.esme);
    assert_eq!(p.esme.outstanding(), 0);
    p.finish();
}

#[test]
fn respond_checks_what_it_answers() {
    let mut p = bound(BindType::Transceiver);
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    assert_eq!(
        try_send!(p.smsc.respond(
            seq,
            CommandStatus::ESME_ROK,
            &Pdu::DeliverSmResp(DELIVER_OK)
        )),
        Err(SendError::WrongResponse {
            expected: CommandId::SUBMIT_SM_RESP
        })
    );
    assert_eq!(
        try_send!(p.smsc.respond(
            PeerRequest::made_up(seq.sequence_number() + 1, seq.command_id()),
            CommandStatus::ESME_ROK,
            &ok_resp(b"x")
        )),
        Err(SendError::UnknownSequence(seq.sequence_number() + 1))
    );
    send!(p.smsc.respond(seq, CommandStatus::ESME_ROK, &ok_resp(b"x")));
    // Each request is answered once.
    assert_eq!(
        try_send!(p.smsc.respond(seq, CommandStatus::ESME_ROK, &ok_resp(b"x"))),
        Err(SendError::UnknownSequence(seq.sequence_number()))
    );
    p.drive();
    recv!(p.esme, Ev::Response { .. });
    p.finish();
}

#[test]
fn generic_nack_ends_a_request() {
    let mut p = bound(BindType::Transmitter);
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p
        .smsc
        .respond(seq, CommandStatus::ESME_RSYSERR, &Pdu::GenericNack));
    p.drive();
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::Response {
            id,
            command_status: CommandStatus::ESME_RSYSERR,
            command_id: CommandId::GENERIC_NACK,
            pdu: crate::harness::header_only(0x8000_0000, 0x08, seq.sequence_number()),
        })
    );
    p.finish();
}

#[test]
fn window_full() {
    let mut p: Pair = bound_with(
        Config {
            window: 2,
            ..Config::esme()
        },
        Config::smsc(),
        BindType::Transmitter,
    );
    let a = send!(p.esme.submit_sm(&SUBMIT));
    send!(p.esme.submit_sm(&SUBMIT));
    assert!(!p.esme.window_available());
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::WindowFull)
    );
    // Every request with a response takes a slot, enquire_link too.
    assert_eq!(try_send!(p.esme.enquire_link()), Err(SendError::WindowFull));
    assert_eq!(
        p.sent(Side::Esme).len(),
        3,
        "bind and two submits, nothing more"
    );
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p.smsc.respond(seq, CommandStatus::ESME_ROK, &ok_resp(b"1")));
    p.drive();
    recv!(p.esme, Ev::Response { id, .. } if id == a);
    assert!(p.esme.window_available());
    send!(p.esme.submit_sm(&SUBMIT));
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::WindowFull)
    );
    p.finish();
}

#[test]
fn window_is_clamped_to_capacity() {
    let p: Pair<4> = Pair::new(
        Config {
            window: 100,
            inbound_window: 0,
            ..Config::esme()
        },
        Config::smsc(),
    );
    assert_eq!(p.esme.config().window, 4);
    assert_eq!(p.esme.config().inbound_window, 1);
}

#[test]
fn sequence_numbers_wrap_and_skip_those_in_flight() {
    let mut p = bound(BindType::Transmitter);
    // SMPP 3.4 §5.1.4: 0x00000001..=0x7FFFFFFF, then 1 again.
    p.esme.set_next_sequence_number(0x7FFF_FFFE);
    let ids: Vec<u32> = (0..4)
        .map(|_| send!(p.esme.submit_sm(&SUBMIT)).sequence_number())
        .collect();
    assert_eq!(ids, [0x7FFF_FFFE, 0x7FFF_FFFF, 1, 2]);
    p.drive();
    let mut seqs = Vec::new();
    for _ in 0..4 {
        seqs.push(recv!(p.smsc, Ev::Request { request, .. } => request));
    }
    assert_eq!(
        seqs.iter().map(|r| r.sequence_number()).collect::<Vec<_>>(),
        ids
    );
    // Free 1; 0x7FFFFFFF and 2 stay in flight.
    send!(p
        .smsc
        .respond(seqs[2], CommandStatus::ESME_ROK, &ok_resp(b"1")));
    p.drive();
    recv!(p.esme, Ev::Response { id, .. } if id.sequence_number() == 1);

    p.esme.set_next_sequence_number(0x7FFF_FFFF);
    let e = send!(p.esme.submit_sm(&SUBMIT)).sequence_number();
    let f = send!(p.esme.submit_sm(&SUBMIT)).sequence_number();
    assert_eq!((e, f), (1, 3), "0x7FFFFFFF and 2 are in flight");
    p.drive();
    let r1 =
        recv!(p.smsc, Ev::Request { request, .. } if request.sequence_number() == 1 => request);
    let r3 =
        recv!(p.smsc, Ev::Request { request, .. } if request.sequence_number() == 3 => request);
    for s in [seqs[0], seqs[1], seqs[3], r1, r3] {
        send!(p.smsc.respond(s, CommandStatus::ESME_ROK, &ok_resp(b"x")));
    }
    p.drive();
    let got: BTreeSet<u32> = (0..5)
        .map(|_| recv!(p.esme, Ev::Response { id, command_status: CommandStatus::ESME_ROK, .. } => id.sequence_number()))
        .collect();
    assert_eq!(got, BTreeSet::from([0x7FFF_FFFE, 0x7FFF_FFFF, 1, 2, 3]));
    p.finish();
}

#[test]
fn app_request_skips_the_keepalive_sequence_number() {
    let mut p = bound(BindType::Transceiver);
    p.end(Side::Smsc).deliver = false; // the keepalive stays unanswered
    let t = p.now;
    p.run_until(t + Duration::from_secs(30));
    let ka = Header::parse(&p.last_sent(Side::Esme)).unwrap();
    assert_eq!(ka.command_id, CommandId::ENQUIRE_LINK);
    p.esme.set_next_sequence_number(ka.sequence_number);
    let id = send!(p.esme.submit_sm(&SUBMIT));
    assert_eq!(id.sequence_number(), ka.sequence_number + 1);
    p.finish();
}

#[test]
fn inbound_window_holds_further_requests() {
    let mut p: Pair = bound_with(
        Config {
            inbound_window: 2,
            ..Config::esme()
        },
        Config::smsc(),
        BindType::Receiver,
    );
    let ids: Vec<RequestId> = (0..3)
        .map(|_| send!(p.smsc.send(&Pdu::DeliverSm(SUBMIT))))
        .collect();
    p.drive();
    let s1 =
        recv!(p.esme, Ev::Request { request, command_id: CommandId::DELIVER_SM, .. } => request);
    let s2 = recv!(p.esme, Ev::Request { request, .. } => request);
    recv_nothing!(p.esme);
    assert_eq!(p.esme.unanswered(), 2);
    // Answering one lets the third in.
    send!(p
        .esme
        .respond(s2, CommandStatus::ESME_ROK, &Pdu::DeliverSmResp(DELIVER_OK)));
    let s3 = recv!(p.esme, Ev::Request { request, .. } => request);
    assert_eq!(
        [s1, s2, s3].map(|r| r.sequence_number()),
        [ids[0], ids[1], ids[2]].map(|i| i.sequence_number())
    );
    send!(p
        .esme
        .respond(s1, CommandStatus::ESME_ROK, &Pdu::DeliverSmResp(DELIVER_OK)));
    send!(p
        .esme
        .respond(s3, CommandStatus::ESME_RSYSERR, &Pdu::GenericNack));
    p.drive();
    for _ in 0..3 {
        recv!(p.smsc, Ev::Response { .. });
    }
    p.finish();
}

#[test]
fn full_inbound_window_stops_reading() {
    // 512-byte receive buffer, one unanswered request at a time.
    let mut p: Pair<16, 512, 4096> = bound_with(
        Config {
            inbound_window: 1,
            ..Config::esme()
        },
        Config::smsc(),
        BindType::Receiver,
    );
    p.end(Side::Esme).deliver = false; // answers to injected PDUs go nowhere
    let stream: Vec<u8> = (1..=20u32)
        .flat_map(|seq| pdu_bytes(&Pdu::DeliverSm(SUBMIT), CommandStatus::ESME_ROK, 1000 + seq))
        .collect();
    let mut off = p.inject(Side::Esme, &stream);
    assert!(off < stream.len(), "took {off} of {}", stream.len());
    loop {
        let n = p.inject(Side::Esme, &stream[off..]);
        off += n;
        if n == 0 {
            break;
        }
    }
    assert!(!p.esme.wants_input());
    assert_eq!(p.esme.unanswered(), 1);
    let mut answered = Vec::new();
    while answered.len() < 20 {
        let seq = recv!(p.esme, Ev::Request { request, .. } => request);
        recv_nothing!(p.esme);
        send!(p.esme.respond(
            seq,
            CommandStatus::ESME_ROK,
            &Pdu::DeliverSmResp(DELIVER_OK)
        ));
        answered.push(seq.sequence_number());
        off += p.inject(Side::Esme, &stream[off..]);
    }
    assert_eq!(off, stream.len());
    assert_eq!(answered, (1001..=1020).collect::<Vec<_>>());
    assert!(p.esme.wants_input());
    p.finish();
}

#[test]
fn peer_enquire_link_is_answered_automatically() {
    // In OPEN (SMPP 3.4 §4.11: enquire_link is allowed in every state but CLOSED).
    let mut p = pair();
    let id = send!(p.smsc.enquire_link());
    p.drive();
    recv_nothing!(p.esme);
    recv!(p.smsc, Ev::Response { id: got, command_id: CommandId::ENQUIRE_LINK_RESP, command_status: CommandStatus::ESME_ROK, .. } if got == id);
    assert_eq!(
        p.last_sent(Side::Esme),
        crate::harness::header_only(0x8000_0015, 0, id.sequence_number())
    );
    // Bound, from the ESME.
    send!(p.esme.bind(BindType::Transmitter, &crate::harness::BIND));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { .. });
    let id = send!(p.esme.enquire_link());
    p.drive();
    recv_nothing!(p.smsc);
    recv!(p.esme, Ev::Response { id: got, command_id: CommandId::ENQUIRE_LINK_RESP, .. } if got == id);
    p.finish();
}

#[test]
fn throttling_backs_off_and_doubles() {
    let mut p = bound(BindType::Transmitter);
    let second = Duration::from_secs(1);

    // A throttled submit: the response is the outcome, then the back-off.
    let a = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p
        .smsc
        .respond(seq, CommandStatus::ESME_RTHROTTLED, &ERROR_RESP));
    p.drive();
    let t0 = p.now;
    recv!(p.esme, Ev::Response { id, command_status: CommandStatus::ESME_RTHROTTLED, .. } if id == a);
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::Throttled {
            retry_at: t0 + second
        })
    );
    assert_eq!(p.esme.throttled_until(), Some(t0 + second));
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::Throttled {
            retry_at: t0 + second
        })
    );
    // Only messages wait; enquire_link goes.
    send!(p.esme.enquire_link());
    p.drive();
    recv!(
        p.esme,
        Ev::Response {
            command_id: CommandId::ENQUIRE_LINK_RESP,
            ..
        }
    );
    assert_eq!(p.esme.throttled_until(), Some(t0 + second));

    // Still throttled (ESME_RMSGQFUL too): the back-off doubles.
    p.run_until(just_before(t0 + second));
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::Throttled {
            retry_at: t0 + second
        })
    );
    p.run_until(t0 + second);
    let b = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq =
        recv!(p.smsc, Ev::Request { request, command_id: CommandId::SUBMIT_SM, .. } => request);
    send!(p
        .smsc
        .respond(seq, CommandStatus::ESME_RMSGQFUL, &ERROR_RESP));
    p.drive();
    let t1 = p.now;
    recv!(p.esme, Ev::Response { id, command_status: CommandStatus::ESME_RMSGQFUL, .. } if id == b);
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::Throttled {
            retry_at: t1 + Duration::from_secs(2)
        })
    );

    // A success resets it.
    p.run_until(t1 + Duration::from_secs(2));
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p
        .smsc
        .respond(seq, CommandStatus::ESME_ROK, &ok_resp(b"ok")));
    p.drive();
    recv!(
        p.esme,
        Ev::Response {
            command_status: CommandStatus::ESME_ROK,
            ..
        }
    );
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p
        .smsc
        .respond(seq, CommandStatus::ESME_RTHROTTLED, &ERROR_RESP));
    p.drive();
    let t2 = p.now;
    recv!(p.esme, Ev::Response { .. });
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::Throttled {
            retry_at: t2 + second
        })
    );
    p.finish();
}

#[test]
fn rate_limit() {
    let limit = RateLimit {
        per_second: 10,
        burst: 2,
    };
    let mut p: Pair = bound_with(
        Config {
            rate_limit: Some(limit),
            ..Config::esme()
        },
        Config::smsc(),
        BindType::Transmitter,
    );
    let t = p.now;
    send!(p.esme.submit_sm(&SUBMIT));
    send!(p.esme.submit_sm(&SUBMIT));
    let step = Duration::from_millis(100);
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::RateLimited { retry_at: t + step })
    );
    // The limit is on messages only.
    send!(p.esme.enquire_link());
    p.run_until(t + step);
    send!(p.esme.submit_sm(&SUBMIT));
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::RateLimited {
            retry_at: t + Duration::from_millis(200)
        })
    );
    p.finish();
}

#[test]
fn a_request_the_encoder_refuses_spends_no_rate_token() {
    let limit = RateLimit {
        per_second: 1,
        burst: 1,
    };
    let mut p: Pair = bound_with(
        Config {
            rate_limit: Some(limit),
            ..Config::esme()
        },
        Config {
            interface_version: InterfaceVersion::V33,
            ..Config::smsc()
        },
        BindType::Transmitter,
    );
    let payload = [Tlv::new(TlvTag::MESSAGE_PAYLOAD, b"the whole text")];
    let refused = SubmitSm {
        tlvs: Tlvs::List(&payload),
        ..SUBMIT
    };
    assert_eq!(
        try_send!(p.esme.submit_sm(&refused)),
        Err(SendError::Encode(EncodeError::ContentTlvNotInVersion {
            tag: TlvTag::MESSAGE_PAYLOAD
        }))
    );
    // The one token of the burst is still there.
    send!(p.esme.submit_sm(&SUBMIT));
    assert!(matches!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::RateLimited { .. })
    ));
    p.finish();
}

#[test]
fn close_with_requests_in_flight() {
    let mut p = bound(BindType::Transceiver);
    let ids: Vec<RequestId> = (0..3).map(|_| send!(p.esme.submit_sm(&SUBMIT))).collect();
    p.drive();
    let seqs: Vec<PeerRequest> = (0..3)
        .map(|_| recv!(p.smsc, Ev::Request { request, .. } => request))
        .collect();
    send!(p
        .smsc
        .respond(seqs[1], CommandStatus::ESME_ROK, &ok_resp(b"1")));
    p.drive();
    recv!(p.esme, Ev::Response { id, .. } if id == ids[1]);

    p.act(Side::Esme, |s, now| s.close(now));
    let mut lost = BTreeSet::new();
    for _ in 0..2 {
        lost.insert(recv!(p.esme, Ev::RequestFailed { id, command_id: CommandId::SUBMIT_SM, reason: FailureReason::ConnectionLost } => id));
    }
    assert_eq!(lost, BTreeSet::from([ids[0], ids[2]]));
    recv!(
        p.esme,
        Ev::Closed {
            reason: smpp_proto::session::CloseReason::Application
        }
    );
    recv_nothing!(p.esme);
    assert_eq!(p.esme.poll_timeout(), None);
    assert!(!p.esme.wants_input());

    // The SMSC sees the connection go; its unanswered requests are gone.
    p.drive();
    recv!(
        p.smsc,
        Ev::Closed {
            reason: smpp_proto::session::CloseReason::Disconnected
        }
    );
    assert_eq!(p.smsc.unanswered(), 0);
    assert_eq!(
        try_send!(p
            .smsc
            .respond(seqs[0], CommandStatus::ESME_ROK, &ok_resp(b"0"))),
        Err(SendError::UnknownSequence(seqs[0].sequence_number()))
    );
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::InvalidState(State::Closed))
    );
    p.finish();
}

#[test]
fn byte_stream_split_anywhere() {
    // One byte at a time, with jitter: the same exchange as in one piece.
    let mut p = pair();
    p.net = Net {
        jitter: Duration::from_millis(7),
        max_chunk: 1,
        rng: Rng::new(7),
    };
    let id = send!(p.esme.bind(BindType::Transceiver, &crate::harness::BIND));
    p.drive();
    let seq = recv!(p.smsc, Ev::BindRequest { request, .. } => request);
    send!(p.smsc.accept_bind(seq, b"smsc"));
    p.drive();
    recv!(p.esme, Ev::Bound { id: got, .. } if got == id);
    for _ in 0..5 {
        send!(p.esme.submit_sm(&SUBMIT));
        send!(p.smsc.send(&Pdu::DeliverSm(SUBMIT)));
    }
    p.drive();
    for _ in 0..5 {
        let s = recv!(p.smsc, Ev::Request { request, .. } => request);
        send!(p.smsc.respond(s, CommandStatus::ESME_ROK, &ok_resp(b"m")));
        let s = recv!(p.esme, Ev::Request { request, .. } => request);
        send!(p
            .esme
            .respond(s, CommandStatus::ESME_ROK, &Pdu::DeliverSmResp(DELIVER_OK)));
    }
    p.drive();
    for side in [Side::Esme, Side::Smsc] {
        for _ in 0..5 {
            assert!(matches!(
                p.next_event(side),
                Some(Ev::Response {
                    command_status: CommandStatus::ESME_ROK,
                    ..
                })
            ));
        }
    }
    // What each end sent decodes whole.
    for side in [Side::Esme, Side::Smsc] {
        for pdu in p.sent(side) {
            decode(pdu).unwrap();
        }
    }
    p.finish();
}

#[test]
fn respond_sm_and_generic_nack_pick_the_response() {
    let mut p = bound(BindType::Transceiver);
    // submit_sm: respond_sm answers with submit_sm_resp.
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    let resp = SmResp {
        message_id: Some(b"m1"),
        tlvs: Tlvs::EMPTY,
    };
    send!(p.smsc.respond_sm(seq, CommandStatus::ESME_ROK, &resp));
    p.drive();
    let ev = recv!(p.esme, ev @ Ev::Response { id: i, command_id: CommandId::SUBMIT_SM_RESP, .. } if i == id => ev);
    let (_, Pdu::SubmitSmResp(r)) = ev.decoded() else {
        panic!()
    };
    assert_eq!(r.message_id, Some(&b"m1"[..]));

    // deliver_sm: deliver_sm_resp.
    let id = send!(p.smsc.deliver_sm(&SUBMIT));
    p.drive();
    let seq =
        recv!(p.esme, Ev::Request { request, command_id: CommandId::DELIVER_SM, .. } => request);
    send!(p.esme.respond_sm(seq, CommandStatus::ESME_ROK, &DELIVER_OK));
    p.drive();
    recv!(p.smsc, Ev::Response { id: i, command_id: CommandId::DELIVER_SM_RESP, .. } if i == id);
    #[cfg(feature = "pdu-query")]
    query_sm_is_answered_with_generic_nack(p);
}

#[test]
fn acknowledge_answers_deliveries_only() {
    let mut p = bound(BindType::Transceiver);
    // deliver_sm and data_sm: their response, message_id NULL.
    for (id, resp_id) in [
        (
            send!(p.smsc.deliver_sm(&SUBMIT)),
            CommandId::DELIVER_SM_RESP,
        ),
        (
            send!(p.smsc.data_sm(&DataSm::default())),
            CommandId::DATA_SM_RESP,
        ),
    ] {
        p.drive();
        let req = recv!(p.esme, Ev::Request { request, .. } => request);
        assert_eq!(
            delivery_response(req.command_id()).map(|r| r.command_id()),
            Some(resp_id)
        );
        send!(p.esme.acknowledge(req, CommandStatus::ESME_RX_T_APPN));
        p.drive();
        let ev = recv!(p.smsc, ev @ Ev::Response { id: i, command_id, command_status: CommandStatus::ESME_RX_T_APPN, .. } if i == id && command_id == resp_id => ev);
        let (h, _) = ev.decoded();
        assert_eq!(h.command_id, resp_id);
    }
    // submit_sm takes a message_id of the SMSC's own: not acknowledge's.
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let req = recv!(p.smsc, Ev::Request { request, .. } => request);
    assert_eq!(delivery_response(req.command_id()), None);
    assert_eq!(
        try_send!(p.smsc.acknowledge(req, CommandStatus::ESME_ROK)),
        Err(SendError::WrongResponse {
            expected: CommandId::SUBMIT_SM_RESP
        })
    );
}

#[cfg(feature = "pdu-query")]
fn query_sm_is_answered_with_generic_nack(mut p: Pair) {
    // query_sm has no SmResp response; generic_nack answers anything.
    let id = send!(p.esme.query_sm(&smpp_proto::codec::QuerySm {
        message_id: b"m1",
        ..Default::default()
    }));
    p.drive();
    let seq =
        recv!(p.smsc, Ev::Request { request, command_id: CommandId::QUERY_SM, .. } => request);
    assert_eq!(
        try_send!(p
            .smsc
            .respond_sm(seq, CommandStatus::ESME_ROK, &SmResp::default())),
        Err(SendError::WrongResponse {
            expected: CommandId::QUERY_SM_RESP
        })
    );
    send!(p.smsc.generic_nack(seq, CommandStatus::ESME_RINVCMDID));
    assert_eq!(
        try_send!(p.smsc.generic_nack(seq, CommandStatus::ESME_RINVCMDID)),
        Err(SendError::UnknownSequence(seq.sequence_number()))
    );
    p.drive();
    recv!(p.esme, Ev::Response { id: i, command_id: CommandId::GENERIC_NACK, command_status: CommandStatus::ESME_RINVCMDID, .. } if i == id);
    p.finish();
}

#[test]
fn a_throttled_window_is_one_episode() {
    // SMPP 3.4 §5.1.3: a whole window throttled at once pauses sending once,
    // for the first back-off, not 2^window times longer.
    let mut p = bound(BindType::Transmitter);
    let second = Duration::from_secs(1);
    let ids: Vec<RequestId> = (0..8).map(|_| send!(p.esme.submit_sm(&SUBMIT))).collect();
    p.drive();
    let mut seqs = Vec::new();
    while let Some(Ev::Request { request, .. }) = p.next_event(Side::Smsc) {
        seqs.push(request);
    }
    assert_eq!(seqs.len(), ids.len());
    for seq in seqs {
        send!(p
            .smsc
            .respond(seq, CommandStatus::ESME_RTHROTTLED, &ERROR_RESP));
    }
    p.drive();
    let t0 = p.now;
    let mut throttled = Vec::new();
    let mut responses = 0;
    while let Some(ev) = p.next_event(Side::Esme) {
        match ev {
            Ev::Throttled { retry_at } => throttled.push(retry_at),
            Ev::Response {
                command_status: CommandStatus::ESME_RTHROTTLED,
                ..
            } => responses += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(responses, ids.len(), "every request has its outcome");
    assert_eq!(throttled, [t0 + second], "one episode, one event");
    assert_eq!(p.esme.throttled_until(), Some(t0 + second));

    // After the pause the peer still throttles: now it doubles.
    p.run_until(t0 + second);
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let seq = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p
        .smsc
        .respond(seq, CommandStatus::ESME_RTHROTTLED, &ERROR_RESP));
    p.drive();
    let t1 = p.now;
    recv!(p.esme, Ev::Response { .. });
    assert_eq!(
        p.next_event(Side::Esme),
        Some(Ev::Throttled {
            retry_at: t1 + Duration::from_secs(2)
        })
    );
    p.finish();
}

#[test]
fn alert_notification_ends_when_written() {
    // SMPP 3.4 §4.12: alert_notification has no response; its outcome is
    // `Sent`, and it holds a window slot only until that is polled.
    let mut p = bound(BindType::Receiver);
    let alert = smpp_proto::codec::AlertNotification {
        source_addr: b"447700900123",
        esme_addr: b"1234",
        ..Default::default()
    };
    let id = send!(p.smsc.alert_notification(&alert));
    recv!(p.smsc, Ev::Sent { id: got, command_id: CommandId::ALERT_NOTIFICATION } if got == id);
    assert_eq!(p.smsc.outstanding(), 0);
    p.drive();
    recv!(
        p.esme,
        Ev::Request {
            command_id: CommandId::ALERT_NOTIFICATION,
            ..
        }
    );
    recv_nothing!(p.smsc);
    p.finish();
}

/// A vendor command (SMPP 3.4 §5.1.2.1 reserves 0x00010200–0x000102FF for
/// SMSC vendors): either end may send one once bound and gets its
/// response as the outcome; a peer configured with
/// `CustomCommands::Deliver` hands it to the application, one left at the
/// default refuses it with generic_nack ESME_RINVCMDID (§4.3).
#[test]
fn custom_commands_both_ways() {
    use smpp_proto::session::CustomCommands;
    const CUSTOM: CommandId = CommandId(0x0001_0201);
    let custom = Pdu::Unknown {
        command_id: CUSTOM,
        body: b"\x01ping",
    };
    // Not before the bind.
    let mut p = pair();
    assert!(matches!(
        try_send!(p.esme.send(&custom)),
        Err(SendError::InvalidState(State::Open))
    ));
    let mut p: Pair = bound_with(
        Config::esme(),
        Config {
            custom_commands: CustomCommands::Deliver,
            ..Config::smsc()
        },
        BindType::Transceiver,
    );
    let id = send!(p.esme.send(&custom));
    p.drive();
    let ev = recv!(p.smsc, ev @ Ev::Request { command_id: CUSTOM, .. } => ev);
    let (_, Pdu::Unknown { body, .. }) = ev.decoded() else {
        panic!("{ev:?}")
    };
    assert_eq!(body, b"\x01ping");
    let Ev::Request { request, .. } = ev else {
        unreachable!()
    };
    send!(p.smsc.respond(
        request,
        CommandStatus::ESME_ROK,
        &Pdu::RawResp {
            command_id: CUSTOM.response(),
            body: b"pong\0",
        }
    ));
    p.drive();
    let ev = recv!(p.esme, ev @ Ev::Response { id: got, command_id, .. }
        if got == id && command_id == CUSTOM.response() => ev);
    let (h, Pdu::Unknown { body, .. }) = ev.decoded() else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (h.command_status, body),
        (CommandStatus::ESME_ROK, &b"pong\0"[..])
    );
    // The ESME refuses them (its default): the SMSC's custom request ends
    // in generic_nack ESME_RINVCMDID, and both sessions go on.
    let id = send!(p.smsc.send(&custom));
    p.drive();
    recv!(
        p.esme,
        Ev::ProtocolError(smpp_proto::session::ProtocolError::UnknownCommand {
            command_id: CUSTOM,
            ..
        })
    );
    recv!(p.smsc, Ev::Response { id: got, command_status: CommandStatus::ESME_RINVCMDID,
        command_id: CommandId::GENERIC_NACK, .. } if got == id);
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

/// SMPP 5.0 congestion_state (§4.8.4.19): an SMSC reports its load in its
/// responses (the share of its inbound window in use); an ESME whose peer
/// reports more than its optimum lets fewer messages out at once (one at
/// 100) until the load falls.
#[test]
fn congestion_state_both_ways() {
    use smpp_proto::codec::{Tlv, TlvTag};
    use smpp_proto::InterfaceVersion;
    let v50 = |c: Config| Config {
        interface_version: InterfaceVersion::V50,
        ..c
    };
    // The SMSC reports: one request of its 10-slot inbound window in use.
    let mut p: Pair = bound_with(
        v50(Config::esme()),
        v50(Config::smsc()),
        BindType::Transceiver,
    );
    let id = send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let req = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p.smsc.respond(req, CommandStatus::ESME_ROK, &ok_resp(b"1")));
    p.drive();
    let ev = recv!(p.esme, ev @ Ev::Response { id: got, .. } if got == id => ev);
    let (_, pdu) = ev.decoded();
    assert_eq!(pdu.tlvs().unwrap().congestion_state(), Some(10));
    assert_eq!(p.esme.peer_congestion(), Some(10));
    p.finish();

    // An SMSC at 100 (its application says so): one message at a time.
    let mut p: Pair = bound_with(
        v50(Config::esme()),
        Config {
            report_congestion: false,
            ..v50(Config::smsc())
        },
        BindType::Transceiver,
    );
    let congested = [Tlv::new(TlvTag::CONGESTION_STATE, &[100])];
    let resp = Pdu::SubmitSmResp(SmResp {
        message_id: Some(b"1"),
        tlvs: Tlvs::List(&congested),
    });
    send!(p.esme.submit_sm(&SUBMIT));
    p.drive();
    let req = recv!(p.smsc, Ev::Request { request, .. } => request);
    send!(p.smsc.respond(req, CommandStatus::ESME_ROK, &resp));
    p.drive();
    recv!(p.esme, Ev::Response { .. });
    assert_eq!(p.esme.peer_congestion(), Some(100));
    send!(p.esme.submit_sm(&SUBMIT));
    assert_eq!(
        try_send!(p.esme.submit_sm(&SUBMIT)),
        Err(SendError::WindowFull),
        "one message at a time at 100"
    );
    // Requests that carry no message still go.
    send!(p.esme.enquire_link());
    p.drive();
    let req =
        recv!(p.smsc, Ev::Request { request, command_id: CommandId::SUBMIT_SM, .. } => request);
    let idle = [Tlv::new(TlvTag::CONGESTION_STATE, &[0])];
    let resp = Pdu::SubmitSmResp(SmResp {
        message_id: Some(b"2"),
        tlvs: Tlvs::List(&idle),
    });
    send!(p.smsc.respond(req, CommandStatus::ESME_ROK, &resp));
    p.drive();
    recv!(
        p.esme,
        Ev::Response {
            command_id: CommandId::ENQUIRE_LINK_RESP,
            ..
        }
    );
    recv!(
        p.esme,
        Ev::Response {
            command_id: CommandId::SUBMIT_SM_RESP,
            ..
        }
    );
    assert_eq!(p.esme.peer_congestion(), Some(0));
    // The load fell: the full window again.
    for _ in 0..3 {
        send!(p.esme.submit_sm(&SUBMIT));
    }
    p.drive();
    for _ in 0..3 {
        let req =
            recv!(p.smsc, Ev::Request { request, command_id: CommandId::SUBMIT_SM, .. } => request);
        send!(p.smsc.respond(req, CommandStatus::ESME_ROK, &ok_resp(b"3")));
    }
    p.drive();
    p.finish();
}
